package deliver

import (
	"slices"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/deliver/internal/smtptest"
	"planreport/pipeline/status/statustest"
)

// A departments: entry that no department of the data has (総務課, a typo
// for 総務部) is a delivery problem naming the entry and the departments
// there are, in run.json's errors and the office mail; it was silently
// ignored, with delivery "ok".
func TestUnknownDepartmentRouteIsReported(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newDeptFixture(t, ts)
	f.cfg.Departments = map[string]config.Route{
		statustest.GeneralDept: {Folder: f.soumuDir},
		"総務課":                  {Folder: t.TempDir()},
	}
	res := f.run(t, statustest.Batch())
	want := "設定の departments にある「総務課」は、今回のデータのどの担当部とも一致しないため、何も配布・送信していません。" +
		"担当部名の書き間違いでないか（データの担当部: 「建設部」「総務部」「財務部」）、その部のブックが入力フォルダにあるかを確かめてください"
	if !slices.Equal(res.Errors, []string{want}) {
		t.Errorf("errors\n got %q\nwant %q", res.Errors, want)
	}
	office := officeMail(t, ts.Messages())
	mustContain(t, "office mail", office.Body, want)
}

// A route whose name is a department of the data is no problem, even when
// that department has nothing to be sent.
func TestKnownDepartmentRoutesAreNotReported(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newDeptFixture(t, ts)
	f.cfg.Departments = map[string]config.Route{
		statustest.GeneralDept: {Folder: f.soumuDir},
		statustest.MissingDept: {Mail: []string{soumuMail}},
	}
	if res := f.run(t, statustest.Batch()); len(res.Errors) != 0 {
		t.Errorf("errors %q", res.Errors)
	}
}
