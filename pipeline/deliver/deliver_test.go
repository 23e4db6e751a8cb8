package deliver

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/deliver/internal/smtptest"
	"planreport/pipeline/deliver/publish"
	"planreport/pipeline/model"
)

const (
	reportName = "行財政運営プラン取組状況報告書_令和8年11月23日.pdf"
	from       = "kikaku@city.example.jp"
)

var (
	council = []string{"giin1@city.example.jp", "giin2@city.example.jp"}
	office  = []string{"seisaku@city.example.jp"}
)

// fixture is an output folder with a finished run's files and an empty
// distribution folder.
type fixture struct {
	out, pub   string
	art        Artifacts
	reportData []byte
	findings   []byte
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{out: t.TempDir(), pub: t.TempDir()}
	f.reportData = append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0x00, 0xff, 0x80, 'A', '\r', '\n'}, 400)...)
	f.findings = []byte(`{"findings":[{"severity":"error","code":"value_unreadable","file":"総務部.xlsx","sheet":"取組3","cell":"E32","message":"「約150」は数値として読めません"}]}`)
	write := func(name string, data []byte) string {
		p := filepath.Join(f.out, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f.art = Artifacts{
		ReportPDF: write("report.pdf", f.reportData),
		DepartmentPDFs: []DepartmentPDF{
			{Department: "総務部", Path: write("dept-1.pdf", []byte("%PDF soumu"))},
			{Department: "企画部", Path: write("dept-2.pdf", []byte("%PDF kikaku"))},
		},
		FindingsJSON: write("findings.json", f.findings),
	}
	return f
}

func (f *fixture) config(ts *smtptest.Server, security string) Config {
	return Config{
		PublishDir: f.pub,
		SMTP: SMTP{Host: ts.Host, Port: ts.Port, Security: security, From: from,
			Council: council, Office: office, CAFile: ts.CAFile, TimeoutSeconds: 10},
	}
}

func doneSummary() RunSummary {
	return RunSummary{Status: model.RunDone, ReportDate: "2026-11-23", Initiatives: 11, Indicators: 20, Year: 2025, Evaluated: 18, Achieved: 12}
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func parse(t *testing.T, r smtptest.Received) smtptest.Parsed {
	t.Helper()
	p, err := smtptest.Parse(r.Data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustContain(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

func TestDoneRunPublishesAndMailsCouncil(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{Mode: smtptest.StartTLS, Username: "kikaku", Password: "pw-Δ-9"})
	f := newFixture(t)
	cfg := f.config(ts, "starttls")
	prev := &RunSummary{Status: model.RunDone, ReportDate: "2026-10-23", Initiatives: 10, Indicators: 20, Year: 2025, Evaluated: 16, Achieved: 12}
	getenv := env(map[string]string{config.EnvSMTPUser: "kikaku", config.EnvSMTPPassword: "pw-Δ-9"})

	res := Deliver(context.Background(), cfg, f.out, doneSummary(), f.art, prev, getenv, false, nil)
	if !res.OK() {
		t.Fatalf("errors: %v", res.Errors)
	}
	if !res.CouncilHasReport {
		t.Error("CouncilHasReport false after the council mail went out")
	}
	wantPub := []string{reportName, "企画部_令和8年11月23日.pdf", "総務部_令和8年11月23日.pdf"}
	if !slices.Equal(res.Published, wantPub) {
		t.Errorf("published %v, want %v", res.Published, wantPub)
	}
	if got, _ := os.ReadFile(filepath.Join(f.pub, reportName)); !bytes.Equal(got, f.reportData) {
		t.Error("published report differs from report.pdf")
	}
	if idx, err := publish.ReadIndex(f.pub); err != nil || len(idx.Reports) != 3 {
		t.Errorf("index %+v, %v", idx, err)
	}

	msgs := ts.Messages()
	if len(msgs) != 1 {
		t.Fatalf("server received %d messages, want 1 (council only: no errors)", len(msgs))
	}
	r := msgs[0]
	if !r.TLS || r.AuthUser != "kikaku" {
		t.Errorf("TLS %v, auth %q", r.TLS, r.AuthUser)
	}
	if want := append([]string{from}, council...); !slices.Equal(r.To, want) {
		t.Errorf("recipients %v, want %v", r.To, want)
	}
	p := parse(t, r)
	if want := "【行財政運営プラン 取組状況報告書】令和8年11月23日版のお知らせ"; p.Subject != want {
		t.Errorf("subject %q, want %q", p.Subject, want)
	}
	// Differences worked out by hand from prev: 11−10 = +1 initiative,
	// 20−20 indicators, 18−16 = +2 evaluated, 12−12 achieved.
	mustContain(t, "council body", p.Body,
		"行財政運営プラン 取組状況報告書（令和8年11月23日）を作成しました",
		"・取組項目：11件（前回から1件増）",
		"・目標指標：20件（前回と同じ）",
		"・令和7年度に評価した指標：18件（前回から2件増）",
		"・うち達成（達成率100%以上または達成）：12件（前回と同じ）",
		"（前回の報告：令和8年10月23日）",
		"添付ファイル："+reportName+"（2.3 KB）", // 9 + 6×400 = 2,409 bytes = 2.35 KiB, shown truncated
		"・企画部_令和8年11月23日.pdf",
	)
	if len(p.Attachments) != 1 || p.Attachments[0].Name != reportName || !bytes.Equal(p.Attachments[0].Data, f.reportData) {
		t.Fatalf("attachments %+v", p.Attachments)
	}
	if p.Header.Get("To") != "<"+from+">" || strings.Contains(string(r.Data), "giin1") {
		t.Errorf("council addresses visible: To %q", p.Header.Get("To"))
	}
	if res.Pending != 0 {
		t.Errorf("pending %d", res.Pending)
	}
	if _, err := os.Stat(filepath.Join(f.out, PendingFile)); !errors.Is(err, os.ErrNotExist) {
		t.Error("pending file left behind after success")
	}

	// The same run again (identical PDFs): nothing to publish, nothing new to announce.
	res = Deliver(context.Background(), cfg, f.out, doneSummary(), f.art, prev, getenv, false, nil)
	if len(res.Published) != 0 || len(res.Unchanged) != 3 || len(res.Sent) != 0 || !res.OK() {
		t.Fatalf("identical re-run: %+v", res)
	}
	if len(ts.Messages()) != 1 {
		t.Fatal("identical re-run mailed the council again")
	}
}

func TestErrorFindingsMailOffice(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{Mode: smtptest.Implicit})
	f := newFixture(t)
	sum := doneSummary()
	sum.ExitStatus = 1
	sum.Errors, sum.Warnings, sum.Infos = 2, 1, 0
	sum.RejectedFiles = []string{"壊れた.xlsx"}
	sum.TopFindings = []model.Finding{
		{Severity: model.SeverityError, Code: "value_unreadable", Source: model.Source{File: "総務部.xlsx", Sheet: "取組3", Cell: "E32"}, Message: "「約150」は数値として読めません"},
		{Severity: model.SeverityError, Code: "file_corrupt", Source: model.Source{File: "壊れた.xlsx"}, Message: "ファイルが壊れています"},
	}
	res := Deliver(context.Background(), f.config(ts, "tls"), f.out, sum, f.art, nil, nil, false, nil)
	if !res.OK() {
		t.Fatalf("errors: %v", res.Errors)
	}
	msgs := ts.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want council and office", len(msgs))
	}
	var off *smtptest.Received
	for i := range msgs {
		if slices.Equal(msgs[i].To, office) {
			off = &msgs[i]
		}
	}
	if off == nil {
		t.Fatalf("no message to exactly the office list: %+v", msgs)
	}
	p := parse(t, *off)
	if want := "【planreport】エラー2件・受け付けなかったファイル1件（令和8年11月23日）"; p.Subject != want {
		t.Errorf("subject %q, want %q", p.Subject, want)
	}
	mustContain(t, "office body", p.Body,
		"・状態：完了（終了コード 1）",
		"・エラー：2件　警告：1件　情報：0件",
		"・受け付けなかったファイル：1件\n　・壊れた.xlsx",
		"・「総務部.xlsx」シート「取組3」セルE32［エラー］「約150」は数値として読めません（value_unreadable）",
		"・「壊れた.xlsx」［エラー］ファイルが壊れています（file_corrupt）",
		"添付の findings.json",
	)
	if len(p.Attachments) != 1 || p.Attachments[0].Name != "findings.json" || !bytes.Equal(p.Attachments[0].Data, f.findings) {
		t.Fatalf("office attachments %+v", p.Attachments)
	}
}

func TestFailedRunMailsOfficeOnly(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	sum := RunSummary{Status: model.RunFailed, ReportDate: "2026-11-23", ExitStatus: 3, Errors: 1, Message: "受け付けた管理シートが一つもありません"}
	art := Artifacts{FindingsJSON: f.art.FindingsJSON}
	res := Deliver(context.Background(), f.config(ts, "none"), f.out, sum, art, nil, nil, false, nil)
	if !res.OK() || len(res.Published) != 0 {
		t.Fatalf("result %+v", res)
	}
	if ents, _ := os.ReadDir(f.pub); len(ents) != 0 {
		t.Fatalf("a failed run published %d files", len(ents))
	}
	msgs := ts.Messages()
	if len(msgs) != 1 || !slices.Equal(msgs[0].To, office) {
		t.Fatalf("messages %+v", msgs)
	}
	p := parse(t, msgs[0])
	if p.Subject != "【planreport】処理に失敗しました（令和8年11月23日）" {
		t.Errorf("subject %q", p.Subject)
	}
	mustContain(t, "body", p.Body, "・状態：失敗（終了コード 3）。前回の報告書はそのまま残っています。", "・理由：受け付けた管理シートが一つもありません")
}

func TestSkippedRunSendsNothing(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	// Even with counts that would otherwise warrant mail.
	sum := RunSummary{Status: model.RunSkipped, ReportDate: "2026-11-23", Errors: 3, RejectedFiles: []string{"x.xlsx"}}
	res := Deliver(context.Background(), f.config(ts, "none"), f.out, sum, f.art, nil, nil, false, nil)
	if len(res.Sent)+len(res.Published)+len(res.Errors)+res.Pending != 0 {
		t.Fatalf("skipped run did something: %+v", res)
	}
	if n := len(ts.Messages()); n != 0 {
		t.Fatalf("skipped run sent %d messages", n)
	}
	if ents, _ := os.ReadDir(f.pub); len(ents) != 0 {
		t.Fatal("skipped run published")
	}
}

func TestRefusedConnectionIsRetriedNextRun(t *testing.T) {
	f := newFixture(t)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	const password = "do-not-leak-7f3a"
	getenv := env(map[string]string{config.EnvSMTPUser: "kikaku", config.EnvSMTPPassword: password})

	ts := smtptest.Start(t, smtptest.Options{Mode: smtptest.StartTLS, Username: "kikaku", Password: password})
	cfg := f.config(ts, "starttls")
	cfg.SMTP.Port = smtptest.ClosedPort(t) // first attempt: nothing listens there
	sum := doneSummary()
	sum.Errors = 1

	res := Deliver(context.Background(), cfg, f.out, sum, f.art, nil, getenv, false, log)
	if res.OK() || res.Pending != 2 || len(res.Sent) != 0 || res.CouncilHasReport {
		t.Fatalf("first attempt: %+v", res)
	}
	if len(res.Published) != 3 {
		t.Errorf("mail failure must not stop publication: published %v", res.Published)
	}
	state, err := os.ReadFile(filepath.Join(f.out, PendingFile))
	if err != nil {
		t.Fatal(err)
	}
	for what, text := range map[string]string{"state": string(state), "log": logs.String(), "errors": strings.Join(res.Errors, "\n")} {
		if strings.Contains(text, password) {
			t.Errorf("password appears in the %s", what)
		}
	}

	// The next run replaces report.pdf and findings.json before delivery
	// retries: the retry must still send the original bytes.
	if err := os.WriteFile(f.art.ReportPDF, []byte("%PDF next run"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.art.FindingsJSON, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.SMTP.Port = ts.Port
	skipped := RunSummary{Status: model.RunSkipped, ReportDate: "2026-11-24"}
	res = Deliver(context.Background(), cfg, f.out, skipped, f.art, nil, getenv, false, log)
	if !res.OK() || res.Pending != 0 || len(res.Sent) != 2 {
		t.Fatalf("retry: %+v", res)
	}
	msgs := ts.Messages()
	if len(msgs) != 2 {
		t.Fatalf("retry delivered %d messages, want 2", len(msgs))
	}
	var gotReport, gotFindings bool
	for _, m := range msgs {
		for _, a := range parse(t, m).Attachments {
			gotReport = gotReport || (a.Name == reportName && bytes.Equal(a.Data, f.reportData))
			gotFindings = gotFindings || (a.Name == "findings.json" && bytes.Equal(a.Data, f.findings))
		}
	}
	if !gotReport || !gotFindings {
		t.Errorf("retried attachments are not the original bytes (report %v, findings %v)", gotReport, gotFindings)
	}
	for _, p := range []string{PendingFile, spoolDir} {
		if _, err := os.Stat(filepath.Join(f.out, p)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left behind after delivery", p)
		}
	}
	if strings.Contains(logs.String(), password) {
		t.Error("password appears in the log")
	}
}

func TestNewReportSupersedesPendingCouncilMail(t *testing.T) {
	f := newFixture(t)
	ts := smtptest.Start(t, smtptest.Options{})
	cfg := f.config(ts, "none")
	cfg.SMTP.Office = nil
	cfg.SMTP.Port = smtptest.ClosedPort(t)
	if res := Deliver(context.Background(), cfg, f.out, doneSummary(), f.art, nil, nil, false, nil); res.Pending != 1 {
		t.Fatalf("first: %+v", res)
	}
	if err := os.WriteFile(f.art.ReportPDF, []byte("%PDF 11-24"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.SMTP.Port = ts.Port
	next := doneSummary()
	next.ReportDate = "2026-11-24"
	res := Deliver(context.Background(), cfg, f.out, next, f.art, nil, nil, false, nil)
	if !res.OK() || len(res.Sent) != 1 {
		t.Fatalf("second: %+v", res)
	}
	msgs := ts.Messages()
	if len(msgs) != 1 || !strings.Contains(parse(t, msgs[0]).Subject, "令和8年11月24日") {
		t.Fatalf("want only the 11-24 report's mail, got %d", len(msgs))
	}
}

func TestLargeReportIsLinkedNotAttached(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	cfg := f.config(ts, "none")
	cfg.PublishLink = `\\fileserver\kikaku\報告書`
	cfg.SMTP.AttachLimitBytes = 1000 // the report is 2,409 bytes
	res := Deliver(context.Background(), cfg, f.out, doneSummary(), f.art, nil, nil, false, nil)
	if !res.OK() {
		t.Fatal(res.Errors)
	}
	msgs := ts.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	p := parse(t, msgs[0])
	if len(p.Attachments) != 0 {
		t.Error("large report attached")
	}
	mustContain(t, "body", p.Body, "容量が大きいため（2.3 KB）", `\\fileserver\kikaku\報告書\`+reportName)
}

func TestPublicationFailureReachesOffice(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	cfg := f.config(ts, "none")
	cfg.PublishDir = filepath.Join(f.pub, "not-mounted")
	res := Deliver(context.Background(), cfg, f.out, doneSummary(), f.art, nil, nil, false, nil)
	if res.OK() {
		t.Fatal("publication failure not reported")
	}
	msgs := ts.Messages()
	// The report is small enough to attach, so the council still gets it;
	// the office learns about the folder.
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want 2", len(msgs))
	}
	p := officeMail(t, msgs)
	mustContain(t, "office body", p.Body, "■ 配信の問題", "not-mounted")
	if !strings.Contains(p.Subject, "配信に問題があります") {
		t.Errorf("subject %q", p.Subject)
	}
}

// officeMail is the one message of msgs to exactly the office list.
func officeMail(t *testing.T, msgs []smtptest.Received) smtptest.Parsed {
	t.Helper()
	for _, m := range msgs {
		if slices.Equal(m.To, office) {
			return parse(t, m)
		}
	}
	t.Fatal("no office message")
	return smtptest.Parsed{}
}

func TestDryRunWritesAndSendsNothing(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	sum := doneSummary()
	sum.Errors = 1
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	res := Deliver(context.Background(), f.config(ts, "none"), f.out, sum, f.art, nil, nil, true, log)
	if !res.DryRun || len(res.Published) != 3 || len(res.Sent) != 2 || !res.OK() {
		t.Fatalf("dry run: %+v", res)
	}
	// The log of a dry run must not say that anything was published.
	if strings.Contains(logs.String(), "公開しました") || !strings.Contains(logs.String(), "公開していません") {
		t.Errorf("dry-run log:\n%s", logs.String())
	}
	if len(ts.Messages()) != 0 {
		t.Fatal("dry run sent mail")
	}
	if ents, _ := os.ReadDir(f.pub); len(ents) != 0 {
		t.Fatal("dry run published")
	}
	if _, err := os.Stat(filepath.Join(f.out, PendingFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("dry run wrote the pending state")
	}
	var out strings.Builder
	if err := res.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	// Two council members: the sender, the visible To of a BCC mail, is
	// not counted.
	mustContain(t, "dry-run text", out.String(), "公開予定: "+reportName, "送信予定: 議員あて「【行財政運営プラン 取組状況報告書】令和8年11月23日版のお知らせ」（宛先2件、添付 "+reportName+"）")
}

func TestNoMailConfiguredOnlyPublishes(t *testing.T) {
	f := newFixture(t)
	res := Deliver(context.Background(), Config{PublishDir: f.pub}, f.out, doneSummary(), f.art, nil, nil, false, nil)
	if !res.OK() || len(res.Published) != 3 || len(res.Sent) != 0 || res.Pending != 0 {
		t.Fatalf("%+v", res)
	}
}

func TestInvalidConfigDoesNothing(t *testing.T) {
	f := newFixture(t)
	cfg := Config{PublishDir: f.pub, SMTP: SMTP{Host: "mail.example.jp", Security: "ssl", From: from}}
	res := Deliver(context.Background(), cfg, f.out, doneSummary(), f.art, nil, nil, false, nil)
	if res.OK() || len(res.Published) != 0 {
		t.Fatalf("%+v", res)
	}
	mustContain(t, "error", res.Errors[0], "delivery.smtp.security")
}

func TestValidate(t *testing.T) {
	cases := []struct {
		cfg  Config
		want string // "" valid, else the key named
	}{
		{Config{}, ""},
		{Config{SMTP: SMTP{Host: "mail.example.jp", From: from, Council: council}}, ""},
		{Config{SMTP: SMTP{Council: council}}, "delivery.smtp.host"},
		{Config{SMTP: SMTP{Host: "mail.example.jp", From: "not an address"}}, "delivery.smtp.from"},
		{Config{SMTP: SMTP{Host: "mail.example.jp", From: from, Office: []string{"ok@example.jp", "bad"}}}, "delivery.smtp.office[1]"},
		{Config{SMTP: SMTP{Host: "mail.example.jp", From: from, Port: 70000}}, "delivery.smtp.port"},
		{Config{SMTP: SMTP{Security: "ssl"}}, "delivery.smtp.security"},
	}
	for i, c := range cases {
		err := c.cfg.Validate()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("case %d: unexpected %v", i, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("case %d: err %v, want one naming %s", i, err, c.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	y := func(year int, j model.Judgement, tenths int64, valid bool) model.IndicatorYear {
		return model.IndicatorYear{Year: model.FiscalYear{Year: year}, Eval: model.Evaluation{Judgement: j, Rate: model.Rate{Tenths: tenths, Valid: valid}}}
	}
	b := &model.Batch{
		ReportDate: "2026-11-23",
		Files: []model.InputFile{
			{Name: "b.xlsx", Status: model.FileRejected}, {Name: "ok.xlsx", Status: model.FileAccepted}, {Name: "a.xlsx", Status: model.FileRejected},
		},
		Initiatives: []*model.Initiative{
			{Indicators: []model.Indicator{
				{Years: []model.IndicatorYear{y(2024, model.GradeA, 1100, true), y(2025, model.GradeA, 1000, true)}},
				{Years: []model.IndicatorYear{y(2025, model.GradeB, 999, true)}},
			}},
			{Indicators: []model.Indicator{
				{Years: []model.IndicatorYear{y(2025, model.Achieved, 0, false), y(2026, model.NotEvaluable, 0, false)}},
				{Years: []model.IndicatorYear{y(2025, model.NotAchieved, 0, false)}},
			}},
		},
		Findings: []model.Finding{
			{Severity: model.SeverityWarning, Source: model.Source{File: "a.xlsx"}},
			{Severity: model.SeverityError, Source: model.Source{File: "z.xlsx"}},
			{Severity: model.SeverityInfo, Source: model.Source{File: "a.xlsx"}},
		},
	}
	s := Summarize(b)
	// By hand: latest evaluated year is 2025 (2026 only has —); in 2025
	// four indicator-years are evaluated (A 100.0, B 99.9, 達成, 未達成) and
	// two are achieved (100.0 and 達成).
	if s.Initiatives != 2 || s.Indicators != 4 || s.Year != 2025 || s.Evaluated != 4 || s.Achieved != 2 {
		t.Errorf("counts %+v", s)
	}
	if s.Errors != 1 || s.Warnings != 1 || s.Infos != 1 {
		t.Errorf("severity counts %d/%d/%d", s.Errors, s.Warnings, s.Infos)
	}
	if !slices.Equal(s.RejectedFiles, []string{"a.xlsx", "b.xlsx"}) {
		t.Errorf("rejected %v", s.RejectedFiles)
	}
	if len(s.TopFindings) != 3 || s.TopFindings[0].File != "z.xlsx" || s.TopFindings[1].Severity != model.SeverityWarning {
		t.Errorf("top findings not errors first: %+v", s.TopFindings)
	}
	if b.Findings[0].Severity != model.SeverityWarning {
		t.Error("Summarize reordered the batch's findings")
	}
}

func TestCouncilMailListsDepartmentFilesAsPublished(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	cfg := f.config(ts, "none")
	cfg.SMTP.Office = nil
	if res := Deliver(context.Background(), cfg, f.out, doneSummary(), f.art, nil, nil, false, nil); !res.OK() {
		t.Fatal(res.Errors)
	}
	// Next day: the report and 総務部 change, 企画部 does not.
	for path, data := range map[string]string{f.art.ReportPDF: "%PDF 11-24", f.art.DepartmentPDFs[0].Path: "%PDF soumu 11-24"} {
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	next := doneSummary()
	next.ReportDate = "2026-11-24"
	res := Deliver(context.Background(), cfg, f.out, next, f.art, nil, nil, false, nil)
	if !slices.Equal(res.Published, []string{"行財政運営プラン取組状況報告書_令和8年11月24日.pdf", "総務部_令和8年11月24日.pdf"}) {
		t.Fatalf("published %v", res.Published)
	}
	msgs := ts.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d messages", len(msgs))
	}
	body := parse(t, msgs[1]).Body
	// 企画部 is still the 11-23 file: that is the one in the folder.
	mustContain(t, "second council body", body, "部ごとの報告書（2部）", "・企画部_令和8年11月23日.pdf", "・総務部_令和8年11月24日.pdf")
}

// While the mail server is down, the same office mail from a run repeated
// (a forced run) replaces the waiting copy instead of queueing a second:
// the office gets it once when the server is back.
func TestIdenticalOfficeMailQueuedOnce(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	cfg := f.config(ts, "none")
	cfg.SMTP.Port = smtptest.ClosedPort(t)
	sum := RunSummary{Status: model.RunFailed, ReportDate: "2026-11-23", ExitStatus: 3, Errors: 1, Message: "受け付けた管理シートが一つもありません"}
	art := Artifacts{FindingsJSON: f.art.FindingsJSON}
	for run := 1; run <= 3; run++ {
		res := Deliver(context.Background(), cfg, f.out, sum, art, nil, nil, false, nil)
		if res.Pending != 1 {
			t.Fatalf("run %d: %d mails waiting, want 1", run, res.Pending)
		}
	}
	cfg.SMTP.Port = ts.Port
	res := Deliver(context.Background(), cfg, f.out, RunSummary{Status: model.RunSkipped, ReportDate: "2026-11-24"}, art, nil, nil, false, nil)
	if len(res.Sent) != 1 || len(ts.Messages()) != 1 {
		t.Errorf("sent %v, server got %d", res.Sent, len(ts.Messages()))
	}
}

// TestMissingCopyReachesOffice: a run whose every finding is a warning
// would not mail the office, but a workbook that got no annotated copy
// does: the office relays its findings by hand.
func TestMissingCopyReachesOffice(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	sum := doneSummary()
	sum.Warnings = 2
	sum.FeedbackMissing = []string{"総務部.xlsx: 読み込んだ後にファイルが変わりました"}
	Deliver(context.Background(), f.config(ts, "none"), f.out, sum, f.art, nil, nil, false, nil)
	p := officeMail(t, ts.Messages())
	mustContain(t, "office body", p.Body, "■ 赤入れ版を作れなかったブック", "・総務部.xlsx: 読み込んだ後にファイルが変わりました")
	if !strings.Contains(p.Subject, "赤入れ版を作れなかったブック1件") {
		t.Errorf("subject %q", p.Subject)
	}
}
