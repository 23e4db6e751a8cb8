package pipeline_test

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/internal/changestest"
	"planreport/pipeline"
	"planreport/pipeline/changes"
	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// TestChangesSinceLastReport is issue 18's acceptance: two reports on
// different dates over inputs that differ in one actual, one target, one
// new initiative and one fixed finding; the section, the sheet, the mail
// and diff list exactly those with their cells, and an unchanged third
// report says there is no change. A skipped night moves nothing.
func TestChangesSinceLastReport(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // the council mail is queued, and read from the queue
	cfg := sampleConfig(t)
	cfg.Delivery.SMTP = config.SMTP{Host: "127.0.0.1", Port: port, Security: "none", From: "kikaku@city.example.jp",
		Council: []string{"giin@city.example.jp"}, TimeoutSeconds: 1}
	opt := pipeline.Options{Now: fixedClock, Getenv: func(string) string { return "" }}
	ctx := context.Background()

	res, err := pipeline.Run(ctx, cfg, opt)
	if res.Status != "done" {
		t.Fatalf("first report: %s %v", res.Status, err)
	}
	if ch := res.Batch.Changes; ch == nil || ch.Base != "" || len(ch.Items) != 0 {
		t.Fatalf("first report compares with %+v, want nothing", ch)
	}
	first, _ := os.ReadFile(filepath.Join(cfg.Output, "snapshot.json"))
	if text := pdfText(t, filepath.Join(cfg.Output, "report.pdf")); !strings.Contains(text, "前回の報告がないため、前回からの変更はありません。") {
		t.Error("the first report does not say there is no earlier report")
	}

	changestest.Edit(t, cfg.Input)
	cfg.Date = "2026-12-01"
	res, err = pipeline.Run(ctx, cfg, opt)
	if res.Status != "done" {
		t.Fatalf("second report: %s %v", res.Status, err)
	}
	if res.Batch.Changes.Base != "2026-11-23" {
		t.Errorf("compared with %q, want 2026-11-23", res.Batch.Changes.Base)
	}
	changestest.Check(t, res.Batch.Changes.Items)

	// The section, with the cells.
	text := squashSpace(pdfText(t, filepath.Join(cfg.Output, "report.pdf")))
	for _, want := range []string{
		"前回報告からの変更", "前回報告（令和8年11月23日）からの変更：",
		"判定の変更", "—B", "実績値の入力", "取組1／H14", "値の変更", "取組1／J16",
		"取組の追加", "地域活動の担い手育成", "指摘の解消", "取組1／E15",
	} {
		if !strings.Contains(text, squashSpace(want)) {
			t.Errorf("report.pdf's section lacks %q", want)
		}
	}
	page, _ := os.ReadFile(filepath.Join(cfg.Output, "report.html"))
	if !strings.Contains(string(page), `<h2 id="changes">前回報告からの変更</h2>`) ||
		!strings.Contains(string(page), `<td class="num">42.0</td><td class="num">42.1</td><td>復興政策部.xlsx／取組1／E15</td>`) {
		t.Error("report.html lacks the section or the changed stated rate with its cell")
	}

	// The sheet: the same rows, read back by excelize.
	f, err := excelize.OpenFile(filepath.Join(cfg.Output, "summary.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("変更点")
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != len(changestest.Want) {
		t.Fatalf("変更点 has %d rows, want %d", len(rows)-1, len(changestest.Want))
	}
	for i, w := range changestest.Want {
		r := append(rows[i+1], make([]string, 11)...)
		if r[0] != string(w.Kind) || r[8] != w.Source.File || r[9] != w.Source.Sheet || r[10] != w.Source.Cell || r[7] != w.After {
			t.Errorf("変更点 row %d %q, want %s at %s", i+2, rows[i+1], w.Kind, w.Source)
		}
	}

	// The council mail (queued: the server is down).
	body := councilMail(t, cfg.Output, "2026-12-01")
	for _, want := range []string{"■ 前回報告からの変更", "変更された値（実績値の入力を含む）：3件",
		"・判定の変更　取組5-1「市民との協働の推進」指標「コミュニティづくり支援補助事業申請件数」平成30年度 判定：— → B（「復興政策部.xlsx」シート「取組1」セルH14）"} {
		if !strings.Contains(body, want) {
			t.Errorf("council mail lacks %q:\n%s", want, body)
		}
	}
	if i, j := strings.Index(body, "判定の変更"), strings.Index(body, "実績値の入力　"); i < 0 || j < i {
		t.Error("the council mail does not list the grade first")
	}

	// A skipped night writes no snapshot and moves no base.
	second, _ := os.ReadFile(filepath.Join(cfg.Output, "snapshot.json"))
	res, _ = pipeline.Run(ctx, cfg, opt)
	if res.Status != "skipped" {
		t.Fatalf("unchanged night: %s, want skipped", res.Status)
	}
	if again, _ := os.ReadFile(filepath.Join(cfg.Output, "snapshot.json")); string(again) != string(second) || string(second) == string(first) {
		t.Error("a skipped night changed snapshot.json")
	}

	// The next report with the same inputs: no change since 2026-12-01.
	cfg.Date = "2026-12-02"
	res, _ = pipeline.Run(ctx, cfg, opt)
	if res.Status != "done" || res.Batch.Changes.Base != "2026-12-01" || len(res.Batch.Changes.Items) != 0 {
		t.Fatalf("unchanged report: %s, base %q, %d changes", res.Status, res.Batch.Changes.Base, len(res.Batch.Changes.Items))
	}
	if text := pdfText(t, filepath.Join(cfg.Output, "report.pdf")); !strings.Contains(text, "前回報告（令和8年12月1日）からの変更はありません。") {
		t.Error("the unchanged report does not say there is no change")
	}
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// councilMail returns the body of the queued council mail of a report date.
func councilMail(t *testing.T, outputDir, date string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(outputDir, ".delivery-pending.json"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Messages []struct {
			Kind       string `json:"kind"`
			ReportDate string `json:"report_date"`
			Message    struct {
				Body string `json:"body"`
			} `json:"message"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(data, &state); err != nil {
		t.Fatal(err)
	}
	for _, m := range state.Messages {
		if m.Kind == "council" && m.ReportDate == date {
			return m.Message.Body
		}
	}
	t.Fatalf("no council mail of %s queued: %s", date, data)
	return ""
}

// A workbook resubmitted under another name (総務部.xlsx → 総務部_提出.xlsx)
// changes nothing the council sees: its findings are not listed as fixed
// and new again (trial: every finding of the workbook was listed twice).
func TestChangesWorkbookRenamed(t *testing.T) {
	cfg := sampleConfig(t)
	opt := pipeline.Options{Now: fixedClock, Getenv: func(string) string { return "" }}
	if res, err := pipeline.Run(context.Background(), cfg, opt); res.Status != "done" {
		t.Fatalf("first report: %s %v", res.Status, err)
	}
	if err := os.Rename(filepath.Join(cfg.Input, "総務部.xlsx"), filepath.Join(cfg.Input, "総務部_提出.xlsx")); err != nil {
		t.Fatal(err)
	}
	cfg.Date = "2026-11-24"
	res, err := pipeline.Run(context.Background(), cfg, opt)
	if res.Status != "done" {
		t.Fatalf("second report: %s %v", res.Status, err)
	}
	if ch := res.Batch.Changes; ch.Base != "2026-11-23" || len(ch.Items) != 0 {
		t.Errorf("base %q, changes:\n%s", ch.Base, changeLines(ch))
	}
}

func changeLines(ch *model.Changes) string {
	var b strings.Builder
	for _, it := range ch.Items {
		b.WriteString(changes.Line(it) + "\n")
	}
	return b.String()
}
