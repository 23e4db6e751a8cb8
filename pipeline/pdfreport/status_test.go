package pdfreport

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"planreport/pipeline/status/statustest"
)

// TestSubmissionStatus: the section 提出状況 comes right after 総括 and
// names the initiative missing from the 取組一覧 and the blank actual of the
// evaluation year, each with its file, sheet and cell, and the last saved
// time and author of a workbook (不明 when it does not say).
func TestSubmissionStatus(t *testing.T) {
	_, path := render(t, statustest.Batch(), Options{Title: "テスト報告書"}, "status.pdf")
	text := tool(t, "pdftotext", "-layout", path, "-")
	pages := strings.Split(text, "\f")
	at := -1
	for i, p := range pages {
		if strings.Contains(p, "提出状況") && strings.Contains(p, "未提出") && !strings.Contains(p, "目次") {
			at = i
			break
		}
	}
	if at < 0 {
		t.Fatalf("no page of 提出状況:\n%s", text)
	}
	section := squash(strings.Join(pages[at:], ""))
	if end := strings.Index(section, "取組一覧番号"); end > 0 {
		section = section[:end] // the 取組一覧 section's table header
	}
	if at == 0 || !strings.Contains(pages[at-1], "担当部・年度別の評価状況") {
		t.Errorf("提出状況 does not follow 総括")
	}
	for _, want := range []string{
		// 未提出: the index entry, its file, sheet and cell.
		"1-3" + statustest.MissingTitle + statustest.IndexFile + statustest.IndexSheet + statustest.MissingCell,
		// 未記入: the indicator and year, the empty actual's cell.
		statustest.BlankIndicator + "（令和7年度）" + statustest.BlankFile + statustest.BlankSheet + statustest.BlankCell,
		statustest.BlankFile + "受付" + statustest.SavedAtJapan[:10],
		statustest.FinanceFile + "受付不明不明",
		// 建設部's workbook, rejected, under 建設部 by its name; the other
		// rejected one, whose name names no department, in its own part.
		"建設部ブック状態最終保存日時最終保存者" + statustest.UnreadFile + "読み込めず不明不明",
		"担当部の分からないブック" + "ファイル名から担当部が分からず",
		statustest.UnattributedFile + "読み込めず" + statustest.UnattributedJapan[:10],
		"令和7年度（報告日の前に終わった最新の年度）",
	} {
		if !strings.Contains(section, squash(want)) {
			t.Errorf("提出状況 lacks %q:\n%s", want, section)
		}
	}
	// The overview: 建設部 1 book (rejected), 0 sheets, 1 missing, 1 error;
	// 総務部 1 blank; 財務部 1 error.
	for _, re := range []string{`建設部\s+1\s+0\s+1\s+0\s+1\s+0`, `総務部\s+1\s+1\s+0\s+1\s+0\s+1`, `財務部\s+1\s+1\s+0\s+0\s+1\s+0`} {
		if !regexp.MustCompile(re).MatchString(pages[at]) {
			t.Errorf("overview lacks %s:\n%s", re, pages[at])
		}
	}
	contents := squash(pages[1])
	if i, j, k := strings.Index(contents, "総括"), strings.Index(contents, "提出状況"), strings.Index(contents, "取組一覧"); i < 0 || j < i || k < j {
		t.Errorf("contents: 総括, 提出状況, 取組一覧 not in order:\n%s", pages[1])
	}
}

// TestSubmissionStatusOnlyInReport: a department's PDF has no 提出状況.
func TestSubmissionStatusOnlyInReport(t *testing.T) {
	_, path := render(t, statustest.Batch(), Options{Title: "テスト報告書", Department: statustest.GeneralDept}, "dept.pdf")
	if text := tool(t, "pdftotext", path, "-"); strings.Contains(text, "提出状況") {
		t.Errorf("department PDF has 提出状況")
	}
}

// TestSubmissionStatusDeterministic: the same batch gives the same bytes.
func TestSubmissionStatusDeterministic(t *testing.T) {
	a, _ := render(t, statustest.Batch(), Options{Title: "テスト報告書"}, "a.pdf")
	b, _ := render(t, statustest.Batch(), Options{Title: "テスト報告書"}, "b.pdf")
	if !bytes.Equal(a, b) {
		t.Error("two renderings of the status batch differ")
	}
}
