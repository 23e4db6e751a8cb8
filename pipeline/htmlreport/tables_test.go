package htmlreport_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"planreport/pipeline/model"
	"planreport/pipeline/reportdoc"
)

// htmlCell is a body cell: th with its scope, or td.
type htmlCell struct {
	tag, scope, text string
}

// bodyRows lists the rows of every table body of the page.
func bodyRows(doc *html.Node) [][]htmlCell {
	var rows [][]htmlCell
	for _, tbody := range all(doc, "tbody") {
		for _, tr := range all(tbody, "tr") {
			var row []htmlCell
			for c := tr.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					scope, _ := attr(c, "scope")
					row = append(row, htmlCell{tag: c.Data, scope: scope, text: textOf(c)})
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// TestRowHeaders: in the tables of the reader trial's item 6, the cells
// that identify a row are th scope="row", the others td, as in the PDF
// (pdfreport's TestRowHeaders): 総括's 担当部 and 年度, (2) 年度別取組内容's
// 期 and 年度, 取組一覧's 番号 and 取組項目名, a value change's 取組・指標 and
// 年度, a finding change's 取組 (filled from its sheet, 取組11 of 建設部.xlsx)
// and place.
func TestRowHeaders(t *testing.T) {
	doc := checkPage(t, render(t, sampleBatch(t), reportdoc.Options{}))
	rows := bodyRows(doc)
	for _, c := range []struct {
		table, first, second string
		headers              int
	}{
		{"総括", "全体", "平成27年度", 2},
		{"年度別取組内容", "前期", "平成27年度", 2},
		{"取組一覧", "5-7", "社会保障・税番号制度（マイナンバー制度）の利活用の検討", 2},
		{"判定の変更", "5-1 市民との協働の推進コミュニティづくり支援補助事業申請件数", "平成29年度", 2},
		{"指摘の解消", "5-11 都市公園愛護会結成の促進", "建設部.xlsx／取組11／E21", 2},
	} {
		var row []htmlCell
		for _, r := range rows {
			if len(r) > c.headers && r[0].text == c.first && r[1].text == c.second {
				row = r
				break
			}
		}
		if row == nil {
			t.Errorf("%s: no row %q, %q", c.table, c.first, c.second)
			continue
		}
		for i, cell := range row {
			want := htmlCell{tag: "td", text: cell.text}
			if i < c.headers {
				want = htmlCell{tag: "th", scope: "row", text: cell.text}
			}
			if cell != want {
				t.Errorf("%s row %q cell %d: <%s scope=%q>, want <%s scope=%q>", c.table, c.first, i+1, cell.tag, cell.scope, want.tag, want.scope)
			}
		}
	}
}

// TestFindingChangeColumns: a finding's change has its message in a column
// of its own (内容), not in 前回 or 今回.
func TestFindingChangeColumns(t *testing.T) {
	doc := checkPage(t, render(t, sampleBatch(t), reportdoc.Options{}))
	for _, table := range all(doc, "table") {
		if textOf(child(table, "caption")) != string(model.ChangeFindingFixed) {
			continue
		}
		var header []string
		for _, th := range all(child(table, "thead"), "th") {
			header = append(header, textOf(th))
		}
		if got := strings.Join(header, "|"); got != "取組|ファイル・シート・セル|区分|内容" {
			t.Errorf("指摘の解消 header %q", got)
		}
		rows := bodyRows(table)
		if len(rows) != 1 || len(rows[0]) != 4 || rows[0][3].text != "記載された達成率が一致しません" {
			t.Errorf("指摘の解消 rows %q", rows)
		}
		return
	}
	t.Error("no table 指摘の解消")
}

// TestContentsAndDashes (trial item 14): 取組別の状況 in the contents is a
// link to its section like the others, and 取組一覧 shows 「—」 for an
// initiative with nothing evaluated (取組6 of the sample), not blanks.
func TestContentsAndDashes(t *testing.T) {
	doc := checkPage(t, render(t, sampleBatch(t), reportdoc.Options{}))
	nav := all(doc, "nav")[0]
	linked := false
	for _, a := range all(nav, "a") {
		if href, _ := attr(a, "href"); href == "#sections" && textOf(a) == "取組別の状況" {
			linked = true
		}
	}
	if !linked {
		t.Error("取組別の状況 in the contents is not a link to #sections")
	}
	for _, r := range bodyRows(doc) {
		if len(r) == 7 && r[0].text == "5-6" {
			if r[4].text != "—" || r[5].text != "—" || r[6].text != "—" {
				t.Errorf("取組一覧 5-6: %q %q %q, want 「—」 each", r[4].text, r[5].text, r[6].text)
			}
			return
		}
	}
	t.Error("no row 5-6 in 取組一覧")
}
