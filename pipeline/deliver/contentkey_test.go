package deliver

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"planreport/pipeline/deliver/internal/smtptest"
)

// A new report whose department PDFs differ only by the date they print
// publishes the report and leaves the departments' earlier files, which
// the council mail lists.
func TestUnchangedDepartmentNotRepublished(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	cfg := f.config(ts, "none")
	cfg.SMTP.Office = nil
	for i, date := range []string{"2026-11-23", "2026-11-30"} {
		for j := range f.art.DepartmentPDFs {
			d := &f.art.DepartmentPDFs[j]
			d.ContentKey = "key-" + d.Department
			if err := os.WriteFile(d.Path, []byte("%PDF "+d.Department+" "+date), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(f.art.ReportPDF, []byte("%PDF report "+date), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := doneSummary()
		sum.ReportDate = date
		res := Deliver(context.Background(), cfg, f.out, sum, f.art, nil, nil, false, nil)
		if !res.OK() || i == 0 {
			continue
		}
		if want := []string{"行財政運営プラン取組状況報告書_令和8年11月30日.pdf"}; !slices.Equal(res.Published, want) {
			t.Errorf("published %q, want the report only", res.Published)
		}
		if _, err := os.Stat(filepath.Join(f.pub, "総務部_令和8年11月30日.pdf")); !os.IsNotExist(err) {
			t.Errorf("総務部 got a new dated copy (%v)", err)
		}
	}
	msgs := ts.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want two council mails", len(msgs))
	}
	mustContain(t, "second council mail", parse(t, msgs[1]).Body, "・総務部_令和8年11月23日.pdf", "・企画部_令和8年11月23日.pdf")
}
