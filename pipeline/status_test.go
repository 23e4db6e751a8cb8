package pipeline_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline"
)

// TestRunSubmissionStatus reads the sample without 建設部.xlsx on
// 2019-06-01 (evaluation year 平成30年度, whose actuals the sample leaves
// empty): report.pdf's 提出状況 names 建設部's initiative as 未提出 with its
// row of the 取組一覧 and the blank actuals with their cells, and the sheet
// 提出状況 of summary.xlsx holds the same rows.
func TestRunSubmissionStatus(t *testing.T) {
	cfg := sampleConfig(t)
	if err := os.Remove(filepath.Join(cfg.Input, "建設部.xlsx")); err != nil {
		t.Fatal(err)
	}
	// 生活環境部 submits a workbook cut short: it has submitted, and is
	// shown with its unreadable workbook, not as having sent nothing.
	env := filepath.Join(cfg.Input, "生活環境部.xlsx")
	data, err := os.ReadFile(env)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(env, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.Date = "2019-06-01"
	res, err := pipeline.Run(context.Background(), cfg, pipeline.Options{Now: fixedClock})
	if err != nil || res.Status != "done" {
		t.Fatalf("status %s err %v", res.Status, err)
	}
	out, err := exec.Command("pdftotext", "-layout", filepath.Join(cfg.Output, "report.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	start := strings.Index(text, "担当部ごとに、受け取ったブックとシート")
	end := strings.Index(text[max(start, 0):], "取組一覧\n")
	if start < 0 || end < 0 {
		t.Fatalf("no 提出状況 section:\n%s", text)
	}
	section := squashSpace(text[start : start+end])
	for _, want := range []string{
		"5-11都市公園愛護会結成の促進基本目標5_取組一覧.xlsx取組一覧A18",
		"5-1コミュニティづくり支援補助事業申請件数（平成30年度）復興政策部.xlsx取組1H14",
		"復興政策部.xlsx受付2021-04-0109:00planreport",
		"生活環境部ブック状態最終保存日時最終保存者生活環境部.xlsx読み込めず",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("提出状況 lacks %q", want)
		}
	}

	f, err := excelize.OpenFile(filepath.Join(cfg.Output, "summary.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("提出状況")
	if err != nil {
		t.Fatal(err)
	}
	items := 0
	for _, r := range rows[1:] {
		if len(r) < 8 || (r[1] != "未提出" && r[1] != "未記入") {
			continue
		}
		items++
		// The same item in the PDF: number, then file, sheet and cell.
		if !strings.Contains(section, r[2]) || !strings.Contains(section, squashSpace(r[5]+r[6]+r[7])) {
			t.Errorf("sheet row %q is not in the PDF section", r)
		}
	}
	// 未提出 建設部 1 (removed) and 生活環境部 1 (unreadable: its sheet is
	// not in the report); 未記入 復興政策部 4, 総務部 11, 財務部 3.
	if items != 1+1+4+11+3 {
		t.Errorf("%d 未提出/未記入 rows in the sheet, want 20", items)
	}
}

func squashSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\f' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}
