package deliver

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/deliver/internal/smtptest"
	"planreport/pipeline/model"
	"planreport/pipeline/status"
	"planreport/pipeline/status/statustest"
)

const (
	soumuMail = "soumu@city.example.jp"
	zaimuMail = "zaimu@city.example.jp"
)

// deptFixture is an output folder holding the status batch's department
// PDFs and 総務部's annotated copy, a folder for 総務部, and a route for
// 財務部 whose folder does not exist. 建設部 (only in the 取組一覧) has no
// route.
type deptFixture struct {
	out, soumuDir, missingDir string
	copyData                  []byte
	cfg                       Config
}

func newDeptFixture(t *testing.T, ts *smtptest.Server) *deptFixture {
	t.Helper()
	f := &deptFixture{out: t.TempDir(), soumuDir: t.TempDir()}
	f.missingDir = filepath.Join(t.TempDir(), "財務部フォルダ")
	f.copyData = append([]byte("PK\x03\x04"), bytes.Repeat([]byte("赤入れ"), 100)...)
	for name, data := range map[string][]byte{
		"report.pdf": []byte("%PDF report"), "findings.json": []byte("{}"),
		"departments/総務部.pdf": []byte("%PDF soumu"), "departments/財務部.pdf": []byte("%PDF zaimu"),
		"feedback/総務部.xlsx": f.copyData, "feedback/財務部.xlsx": []byte("PK zaimu"),
	} {
		p := filepath.Join(f.out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f.cfg = Config{
		SMTP: SMTP{Host: ts.Host, Port: ts.Port, Security: "none", From: from, Office: office, TimeoutSeconds: 10},
		Departments: map[string]config.Route{
			statustest.GeneralDept: {Folder: f.soumuDir, Mail: []string{soumuMail}},
			statustest.FinanceDept: {Folder: f.missingDir, Mail: []string{zaimuMail}},
		},
	}
	return f
}

// run delivers a done run of b.
func (f *deptFixture) run(t *testing.T, b *model.Batch) Result {
	t.Helper()
	return f.runShares(t, b, func(*DepartmentShare) {})
}

// runShares delivers a done run of b, each share first passed to edit.
func (f *deptFixture) runShares(t *testing.T, b *model.Batch, edit func(*DepartmentShare)) Result {
	t.Helper()
	sum := Summarize(b)
	sum.Status, sum.ReportDate = model.RunDone, b.ReportDate
	tab := status.Compute(b)
	art := Artifacts{ReportPDF: filepath.Join(f.out, "report.pdf"), FindingsJSON: filepath.Join(f.out, "findings.json")}
	for _, d := range tab.Departments {
		sh := DepartmentShare{Status: d, EvaluationYear: tab.EvaluationYear}
		if d.Name != statustest.MissingDept {
			sh.PDF = filepath.Join(f.out, "departments", d.Name+".pdf")
			sh.Copies = []string{filepath.Join(f.out, "feedback", d.Name+".xlsx")}
		}
		edit(&sh)
		art.Departments = append(art.Departments, sh)
	}
	return Deliver(context.Background(), f.cfg, f.out, sum, art, nil, nil, false, nil)
}

// byRecipient sorts the received messages by their first recipient.
func byRecipient(t *testing.T, msgs []smtptest.Received) map[string]smtptest.Parsed {
	t.Helper()
	out := map[string]smtptest.Parsed{}
	for _, m := range msgs {
		out[m.To[0]] = parse(t, m)
	}
	return out
}

func TestDepartmentRouting(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newDeptFixture(t, ts)
	res := f.run(t, statustest.Batch())

	// 総務部: its PDF and its annotated copy, under a name that cannot
	// replace its own workbook.
	if got, _ := os.ReadFile(filepath.Join(f.soumuDir, "総務部（赤入れ版）.xlsx")); !bytes.Equal(got, f.copyData) {
		t.Error("annotated copy not in 総務部's folder")
	}
	if got, _ := os.ReadFile(filepath.Join(f.soumuDir, "総務部.pdf")); string(got) != "%PDF soumu" {
		t.Error("PDF not in 総務部's folder")
	}
	if ents, _ := os.ReadDir(f.soumuDir); len(ents) != 2 {
		t.Errorf("総務部's folder holds %d entries, want 2", len(ents))
	}
	// 財務部's folder is reported, never created.
	if _, err := os.Stat(f.missingDir); !os.IsNotExist(err) {
		t.Errorf("the missing folder was created (%v)", err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0], "財務部フォルダ") {
		t.Errorf("errors %q, want the missing folder", res.Errors)
	}

	msgs := byRecipient(t, ts.Messages())
	if len(msgs) != 3 {
		t.Fatalf("%d messages, want 総務部, 財務部 and the office", len(msgs))
	}
	soumu := msgs[soumuMail]
	mustContain(t, "総務部's mail", soumu.Body, "総務部 ご担当者様", "警告：1件",
		statustest.BlankIndicator+" 令和7年度（「総務部.xlsx」シート「取組1」セルF15）", "取組概要が空です。", "添付ファイル：総務部（赤入れ版）.xlsx")
	if len(soumu.Attachments) != 1 || soumu.Attachments[0].Name != "総務部（赤入れ版）.xlsx" || !bytes.Equal(soumu.Attachments[0].Data, f.copyData) {
		t.Errorf("総務部's attachments %+v", soumu.Attachments)
	}
	if strings.Contains(soumu.Body, statustest.FinanceMessage) {
		t.Error("総務部 was told 財務部's findings")
	}
	mustContain(t, "財務部's mail", msgs[zaimuMail].Body, "エラー：1件", statustest.FinanceMessage)
	mustContain(t, "財務部's subject", msgs[zaimuMail].Subject, "財務部への指摘（エラー1件）")
	mustContain(t, "office mail", msgs[office[0]].Body,
		"督促が必要な担当部（3部。未記入は令和7年度の実績、計画期間が先に終わった取組はその最終年度の実績）", "・建設部：未提出1件、未記入0件、エラー1件、警告0件",
		"・総務部：未提出0件、未記入1件、エラー0件、警告1件", "財務部フォルダ",
		"返却先の設定（departments）がない担当部", "・建設部\n")

	// The same findings the next night: no department is mailed again, no
	// file is copied again.
	res = f.run(t, statustest.Batch())
	if n := len(ts.Messages()); n != 4 || len(res.Copied) != 0 {
		t.Errorf("unchanged findings: %d messages (want 3 + the office's), copied %q", n, res.Copied)
	}
	// A skipped night sends nothing at all.
	Deliver(context.Background(), f.cfg, f.out, RunSummary{Status: model.RunSkipped}, Artifacts{}, nil, nil, false, nil)
	if n := len(ts.Messages()); n != 4 {
		t.Errorf("a skipped night sent %d messages", n-4)
	}

	// 総務部 fills its actual in: only 総務部 is told (of its remaining warning).
	b := statustest.Batch()
	for _, in := range b.Initiatives {
		if in.Department == statustest.GeneralDept {
			a := &in.Indicators[0].Years[1].Actual
			a.Kind, a.Number = model.ValueNumber, "86"
		}
	}
	f.run(t, b)
	var to []string
	for _, m := range ts.Messages()[4:] {
		to = append(to, m.To[0])
	}
	if !slices.Equal(to, []string{soumuMail, office[0]}) {
		t.Errorf("after 総務部's change mailed %q, want 総務部 and the office", to)
	}
}

// TestDepartmentMailWaits: a department mail that could not be sent waits
// and goes out once on the next run, not twice.
func TestDepartmentMailWaits(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newDeptFixture(t, ts)
	f.cfg.SMTP.Office = nil
	up := f.cfg.SMTP.Port
	f.cfg.SMTP.Port = smtptest.ClosedPort(t)
	if res := f.run(t, statustest.Batch()); res.Pending != 2 {
		t.Fatalf("pending %d, want the two department mails", res.Pending)
	}
	f.cfg.SMTP.Port = up
	if res := f.run(t, statustest.Batch()); res.Pending != 0 || len(ts.Messages()) != 2 {
		t.Fatalf("retry: pending %d, sent %d; want 0 and 2", res.Pending, len(ts.Messages()))
	}
	f.run(t, statustest.Batch())
	if n := len(ts.Messages()); n != 2 {
		t.Errorf("%d messages after a third run, want still 2", n)
	}
}

// TestDepartmentNotRoutedWithoutConfig: with no departments: nothing is
// copied or mailed to departments, and the office is not told of them.
func TestDepartmentNotRoutedWithoutConfig(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newDeptFixture(t, ts)
	f.cfg.Departments = nil
	f.run(t, statustest.Batch())
	msgs := ts.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != office[0] {
		t.Fatalf("%d messages, want the office's only", len(msgs))
	}
	if body := parse(t, msgs[0]).Body; strings.Contains(body, "返却先の設定") {
		t.Errorf("office told of unrouted departments without routing:\n%s", body)
	}
}

// TestFolderCopyRetried: a department whose folder was missing is kept in
// FoldersFile; a dry run copies nothing and keeps it, a failed run (the
// committed outputs unchanged) copies its files once the folder exists,
// and the state is gone after.
func TestFolderCopyRetried(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newDeptFixture(t, ts)
	f.run(t, statustest.Batch())
	state := filepath.Join(f.out, FoldersFile)
	data, err := os.ReadFile(state)
	if err != nil || !strings.Contains(string(data), `"pdf": "departments/財務部.pdf"`) {
		t.Fatalf("pending folder copies %s (%v), want 財務部's, relative to the output folder", data, err)
	}
	if err := os.Mkdir(f.missingDir, 0o755); err != nil {
		t.Fatal(err)
	}
	failed := RunSummary{Status: model.RunFailed, ExitStatus: 3, ReportDate: "2026-11-24"}
	res := Deliver(context.Background(), f.cfg, f.out, failed, Artifacts{}, nil, nil, true, nil)
	if ents, _ := os.ReadDir(f.missingDir); len(ents) != 0 || len(res.Copied) != 2 {
		t.Errorf("dry run: folder holds %d entries, would copy %q; want none and the two files", len(ents), res.Copied)
	}
	if _, err := os.Stat(state); err != nil {
		t.Errorf("the dry run dropped the pending copies: %v", err)
	}
	res = Deliver(context.Background(), f.cfg, f.out, failed, Artifacts{}, nil, nil, false, nil)
	if got, _ := os.ReadFile(filepath.Join(f.missingDir, "財務部.pdf")); string(got) != "%PDF zaimu" {
		t.Errorf("財務部.pdf not copied on retry (copied %q, errors %q)", res.Copied, res.Errors)
	}
	if got, _ := os.ReadFile(filepath.Join(f.missingDir, "財務部（赤入れ版）.xlsx")); string(got) != "PK zaimu" {
		t.Error("財務部's annotated copy not copied on retry")
	}
	if _, err := os.Stat(state); !os.IsNotExist(err) {
		t.Errorf("pending folder copies kept after they were made (%v)", err)
	}
}
