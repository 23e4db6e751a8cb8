package pdfreport

import (
	"strings"
	"testing"

	"planreport/pipeline/model"
)

// The two findings of the reader trial's run D (item 9): a message whose
// formula ended up over five lines of the narrow 前回 column.
const (
	fixedMessage = "指標「コミュニティづくり支援補助事業申請件数」平成27年度の記載達成率（セルE15）「42.0」は切り捨てによる値です。設定（四捨五入）による計算値は「42.1」です（157 ÷ 373 × 100 = 42.0911…）。"
	newMessage   = "指標「コミュニティづくり支援補助事業申請件数」平成29年度の記載達成率（セルG15）「45.0」が計算値「53.6」と一致しません（200 ÷ 373 × 100 = 53.6193…、四捨五入）。目標値・実績値・達成率を確認してください。"
)

// changesBatch is the seed with changes since a previous report: a grade
// and a stated rate of 取組1, the two findings above and one about a
// whole workbook (no sheet, so no initiative).
func changesBatch() *model.Batch {
	b := seedBatch()
	at := func(cell string) model.Source {
		return model.Source{File: "復興政策部.xlsx", Sheet: "取組1", Cell: cell}
	}
	const ind = "コミュニティづくり支援補助事業申請件数"
	b.Changes = &model.Changes{Base: "2026-11-20", Items: []model.Change{
		{Kind: model.ChangeGrade, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: ind, Year: 2017, Item: "判定", Before: "D", After: "C", Source: at("G14")},
		{Kind: model.ChangeValue, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: ind, Year: 2015, Item: "記載達成率", Before: "42.0", After: "42.1", Source: at("E15")},
		{Kind: model.ChangeFindingFixed, Item: "警告", Before: fixedMessage, Source: at("E15")},
		{Kind: model.ChangeFindingNew, Item: "エラー", After: newMessage, Source: at("G15")},
		{Kind: model.ChangeFindingNew, Item: "エラー", After: "ファイルの途中で切れています。", Source: model.Source{File: "生活環境部.xlsx"}},
	}}
	return b
}

// TestWordsWhole reads the report with pdftotext -layout: no header label,
// department, section or file/sheet/cell of 前回報告からの変更, 総括 and 取組一覧
// is broken inside a word (item 9), and a finding's message has a wide
// column instead of the narrow 前回 or 今回.
func TestWordsWhole(t *testing.T) {
	_, path := render(t, changesBatch(), Options{}, "words.pdf")
	text := tool(t, "pdftotext", "-layout", path, "-")
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
	}
	// Whole: the header (11 em in a 100 pt column), 記載達成率 (5 em in 50
	// pt), 総務部・財務部 and 総務課・行政経営課 (取組7, 62 pt columns: broken at
	// 「・」), the places (broken at 「／」).
	for _, w := range []string{"ファイル・シート・セル", "記載達成率", "総務部・", "財務部", "総務課・", "行政経営課", "復興政策部.xlsx／", "取組1／G14", "取組1／E15", "取組1／G15", "生活環境部.xlsx"} {
		if !words[w] {
			t.Errorf("no word %q in the text", w)
		}
	}
	// The pieces the trial saw.
	for _, w := range []string{"ル", "率", "部", "総務部・財務", "総務課・行政", "取", "組1／G14"} {
		if words[w] {
			t.Errorf("a word broken: %q stands alone in the text", w)
		}
	}
	// Each message is at most four lines of its 246 pt column (28 em at
	// 8.5 pt; the messages are about 105 em), where the 前回 column gave
	// one of 24.
	lines := strings.Split(text, "\n")
	for _, m := range [][2]string{{"平成27年度", "42.0911…）。"}, {"平成29年度", "確認してください。"}} {
		first, last := -1, -1
		for i, l := range lines {
			if first < 0 && strings.Contains(l, "指標「コミュ") && strings.Contains(l, m[0]) {
				first = i
			}
			if first >= 0 && last < 0 && strings.Contains(l, m[1]) {
				last = i
			}
		}
		if first < 0 || last < 0 || last-first+1 > 4 {
			t.Errorf("message of %s: lines %d to %d, want at most 4", m[0], first, last)
		}
	}
}

// structCell is a TH or TD as pdfinfo -struct-text prints it.
type structCell struct {
	tag, scope, text string
}

// structRows lists the rows (TR) of every table of the PDF's structure
// tree, in reading order, read with pdfinfo -struct-text.
func structRows(t *testing.T, path string) [][]structCell {
	t.Helper()
	var rows [][]structCell
	var cell *structCell
	for _, line := range strings.Split(tool(t, "pdfinfo", "-struct-text", path), "\n") {
		s := strings.TrimSpace(line)
		switch {
		case s == "TR" || s == "TR:":
			rows, cell = append(rows, nil), nil
		case len(rows) > 0 && (strings.HasPrefix(s, "TD") || strings.HasPrefix(s, "TH")):
			r := &rows[len(rows)-1]
			*r = append(*r, structCell{tag: s[:2]})
			cell = &(*r)[len(*r)-1]
		case cell != nil && strings.HasPrefix(s, "/Scope "):
			cell.scope = strings.TrimPrefix(s, "/Scope /")
		case cell != nil && strings.HasPrefix(s, `"`):
			cell.text += strings.TrimSuffix(strings.TrimPrefix(s, `"`), `"`)
		case strings.HasPrefix(s, "/") || strings.HasPrefix(s, "Object ") || strings.HasPrefix(s, "Link"):
			// An attribute, or the link a cell's text is in.
		default:
			cell = nil
		}
	}
	return rows
}

// rowHeaderCase is a table row, found by the text of its first cell
// (prefix), and how many of its leading cells must be row headers.
type rowHeaderCase struct {
	table, first string
	headers      int
	second       string // the text of the second cell, when it must be checked
}

// rowHeaderCases are the trial's tables (item 6): 総括's 担当部 and 年度,
// (2) 年度別取組内容's 期 and 年度, 取組一覧's 番号 and 取組項目名, a value
// change's 取組・指標 and 年度, a finding change's 取組 (filled from its
// sheet) and place; a finding about a whole workbook has no initiative.
var rowHeaderCases = []rowHeaderCase{
	{"総括", "全体", 2, "平成27年度"},
	{"年度別取組内容", "前期", 2, "平成27年度"},
	{"取組一覧", "5-7", 2, "社会保障・税番号制度（マイナンバー制度）の利活用の検討"},
	{"判定の変更", "5-1 市民との協働の推進", 2, "平成29年度"},
	{"指摘の解消", "5-1 市民との協働の推進", 2, "復興政策部.xlsx／取組1／E15"},
	{"新たな指摘", "—", 2, "生活環境部.xlsx"},
}

// TestRowHeaders: the identifying cells of every row of those tables are
// TH with /Scope /Row, the others TD (pdfinfo -struct-text).
func TestRowHeaders(t *testing.T) {
	_, path := render(t, changesBatch(), Options{}, "rowheaders.pdf")
	rows := structRows(t, path)
	for _, c := range rowHeaderCases {
		var row []structCell
		for _, r := range rows {
			if len(r) > c.headers && strings.HasPrefix(r[0].text, c.first) && (c.second == "" || r[1].text == c.second) {
				row = r
				break
			}
		}
		if row == nil {
			t.Errorf("%s: no row %q, %q", c.table, c.first, c.second)
			continue
		}
		for i, cell := range row {
			want := structCell{tag: "TD", text: cell.text}
			if i < c.headers {
				want = structCell{tag: "TH", scope: "Row", text: cell.text}
			}
			if cell != want {
				t.Errorf("%s row %q cell %d: %s /Scope %q, want %s %q", c.table, c.first, i+1, cell.tag, cell.scope, want.tag, want.scope)
			}
		}
	}
}

// TestListDashes: an initiative with nothing evaluated shows 「—」 for its
// year, rate and grade in 取組一覧, not blanks (取組6 of the seed, its
// indicators taken away).
func TestListDashes(t *testing.T) {
	b := seedBatch()
	for _, in := range b.Initiatives {
		if in.Number == 6 {
			in.Indicators = nil
		}
	}
	_, path := render(t, b, Options{}, "dashes.pdf")
	for _, r := range structRows(t, path) {
		if len(r) == 7 && r[0].text == "5-6" {
			if got := []string{r[4].text, r[5].text, r[6].text}; got[0] != "—" || got[1] != "—" || got[2] != "—" {
				t.Errorf("取組一覧 5-6: 最新年度, 達成率, 判定 %q, want 「—」 each", got)
			}
			return
		}
	}
	t.Error("no row 5-6 in 取組一覧")
}
