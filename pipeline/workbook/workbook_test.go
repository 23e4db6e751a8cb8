package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
	"planreport/pipeline/reportdoc"
)

const testTitle = "行財政運営プラン 取組状況報告書"

// write runs Write and returns the bytes.
func write(t testing.TB, b *model.Batch) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, b, Options{Title: testTitle}); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// open reads a written workbook back with excelize.
func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rows returns a sheet's raw cell values (numbers unformatted).
func rows(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rs, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("GetRows(%s): %v", sheet, err)
	}
	return rs
}

// checkRows compares sheet rows 2… with want; "" stands for an empty cell.
func checkRows(t *testing.T, f *excelize.File, sheet string, want [][]string) {
	t.Helper()
	got := rows(t, f, sheet)
	if len(got)-1 != len(want) {
		t.Fatalf("%s: %d data rows, want %d", sheet, len(got)-1, len(want))
	}
	for i, w := range want {
		g := got[i+1]
		// GetRows drops trailing empty cells.
		for len(g) < len(w) {
			g = append(g, "")
		}
		if !slices.Equal(g, w) {
			t.Errorf("%s row %d:\n got %q\nwant %q", sheet, i+2, g, w)
		}
	}
}

// cellKind tells a numeric cell from a text cell as stored in the XML.
func cellKind(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatalf("GetCellType(%s!%s): %v", sheet, cell, err)
	}
	formula, err := f.GetCellFormula(sheet, cell)
	if err != nil {
		t.Fatalf("GetCellFormula(%s!%s): %v", sheet, cell, err)
	}
	if formula != "" {
		return "formula"
	}
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if v == "" {
			return "empty"
		}
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			t.Fatalf("%s!%s: untyped cell %q is not a number", sheet, cell, v)
		}
		return "number"
	case excelize.CellTypeInlineString, excelize.CellTypeSharedString:
		return "text"
	}
	return "other"
}

// 年度表記 is the year in its own era whatever the sheet wrote (SPEC:
// 平成32年度 is shown as 令和2年度), as in 概要, 指標一覧 and the report.
func TestDataYearLabelInEra(t *testing.T) {
	b := testBatch()
	for _, in := range b.Initiatives {
		if in == nil {
			continue
		}
		for i := range in.Indicators {
			for j, y := range in.Indicators[i].Years {
				if y.Year.Year == 2018 {
					in.Indicators[i].Years[j].Year = model.FiscalYear{Year: 2020, Label: "平成32年度"}
				}
			}
		}
	}
	got := rows(t, open(t, write(t, b)), "データ")
	last := got[len(got)-1]
	if last[10] != "2020" || last[11] != "令和2年度" {
		t.Errorf("last row year %q, label %q; want 2020, 令和2年度", last[10], last[11])
	}
}

func TestSheetOrder(t *testing.T) {
	f := open(t, write(t, testBatch()))
	want := []string{"概要", "提出状況", "取組一覧", "指標一覧", "データ", "検証結果", "入力ファイル", "変更点"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet %d, want 0 (概要)", got)
	}
}

func TestDataSheet(t *testing.T) {
	f := open(t, write(t, testBatch()))
	got := rows(t, f, "データ")
	wantHeader := strings.Split("ファイル, シート, 基本目標, 取組番号, 取組項目名, 担当部, 担当課, 指標名, 単位, 評価方向, 年度, 年度表記, 目標値, 実績値, 達成率, 記載達成率, 判定", ", ")
	if !slices.Equal(got[0], wantHeader) {
		t.Fatalf("header\n got %q\nwant %q", got[0], wantHeader)
	}
	// Worked out by hand from testBatch: initiatives in number order
	// (3, 7, 9; 8 has no indicator), each indicator-year with a target or
	// an actual. Raw values: 120.0 is stored as 120.
	soumu3 := []string{"総務部.xlsx", "取組3", "5", "3", formulaTitle, "総務部", formulaSection}
	soumu7 := []string{"総務部.xlsx", "取組7", "5", "7", "消防団の班の再編・再生", "総務部・財務部", "防災課"}
	zaimu9 := []string{"財務部.xlsx", "取組9", "5", "9", "財政状況の公表", "財務部", "財政課"}
	row := func(head []string, rest ...string) []string { return append(slices.Clone(head), rest...) }
	want := [][]string{
		row(soumu3, "まちづくり懇談会の開催回数", "回", "高いほど良い", "2015", "平成27年度", "10", "12", "120", "120", "A"),
		row(soumu3, "まちづくり懇談会の開催回数", "回", "高いほど良い", "2016", "平成28年度", "10", "7", "70", "75", "C"),
		row(soumu3, formulaName, formulaUnit, "高いほど良い", "2015", "平成27年度", "実施", "実施", "", "—", "達成"),
		row(soumu3, formulaName, formulaUnit, "高いほど良い", "2016", "平成28年度", "実施", "未実施", "", "", "未達成"),
		row(soumu7, "消防団の班の数", "班", "低いほど良い（目標÷実績）", "2015", "平成27年度", "50", "55", "90.9", "90.9", "B"),
		row(soumu7, "消防団の班の数", "班", "低いほど良い（目標÷実績）", "2016", "平成28年度", "45", "45.5", "98.9", "116.7", "B"),
		row(soumu7, "消防団の班の数", "班", "低いほど良い（目標÷実績）", "2017", "平成29年度", "0", "3", "", "", "—"),
		row(zaimu9, "財政状況の公表回数", "回", "高いほど良い", "2015", "平成27年度", "2", "2", "100", "100", "A"),
		row(zaimu9, "財政状況の公表回数", "回", "高いほど良い", "2016", "平成28年度", "2", "1", "50", "50", "C"),
		row(zaimu9, "財政状況の公表回数", "回", "高いほど良い", "2017", "平成29年度", "2", "", "", "", "—"),
		row(zaimu9, "財政状況の公表回数", "回", "高いほど良い", "2018", "平成30年度", "2", "", "", "", "—"),
	}
	checkRows(t, f, "データ", want)

	// Numbers are numeric cells, everything else text; no cell is a formula.
	numeric := map[string]bool{"C": true, "D": true, "K": true, "M": true, "N": true, "O": true, "P": true}
	for r, w := range want {
		for c, v := range w {
			cell := cellName(c+1, r+2)
			kind := cellKind(t, f, "データ", cell)
			wantKind := "text"
			switch {
			case v == "":
				wantKind = "empty"
			case numeric[colName(c+1)] && v != "実施" && v != "未実施" && v != "—":
				wantKind = "number"
			}
			if kind != wantKind {
				t.Errorf("データ!%s %q is %s, want %s", cell, v, kind, wantKind)
			}
		}
	}

	// Rates show one decimal; stated rates as many decimals as written.
	for cell, want := range map[string]string{"O2": "120.0", "P2": "120.0", "O6": "90.9", "P7": "116.7", "O9": "100.0", "P10": "50.0"} {
		if got, _ := f.GetCellValue("データ", cell); got != want {
			t.Errorf("データ!%s shows %q, want %q", cell, got, want)
		}
	}

	// Disagreeing stated rates (row 3: 75.0 vs 70.0; row 7: １１６．７ vs
	// 98.9) and the rates beside them are highlighted, the others not.
	for cell, want := range map[string]bool{"P3": true, "O3": true, "P7": true, "O7": true, "P2": false, "O2": false, "P4": false, "P5": false, "P6": false} {
		if got := highlighted(t, f, "データ", cell); got != want {
			t.Errorf("データ!%s highlighted %v, want %v", cell, got, want)
		}
	}
}

// highlighted reports whether a cell has the red fill of a disagreeing
// stated rate.
func highlighted(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatalf("GetCellStyle(%s!%s): %v", sheet, cell, err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatalf("GetStyle(%d): %v", id, err)
	}
	return len(s.Fill.Color) == 1 && strings.EqualFold(strings.TrimPrefix(s.Fill.Color[0], "#"), colorBadFill)
}

func TestFormulaLookingTextStaysText(t *testing.T) {
	f := open(t, write(t, testBatch()))
	texts := []string{formulaTitle, formulaName, formulaSection, formulaUnit, "=1+1 「壊れた.xlsx」は Excel ブックとして読めません"}
	found := make(map[string]int)
	for _, sheet := range f.GetSheetList() {
		for r, row := range rows(t, f, sheet) {
			for c, v := range row {
				if !slices.Contains(texts, v) && !strings.Contains(v, formulaName) {
					continue
				}
				found[v]++
				cell := cellName(c+1, r+1)
				if kind := cellKind(t, f, sheet, cell); kind != "text" {
					t.Errorf("%s!%s %q is %s, want text", sheet, cell, v, kind)
				}
			}
		}
	}
	for _, s := range texts {
		if found[s] == 0 {
			t.Errorf("%q not found as a cell value anywhere", s)
		}
	}
	// The title of initiative 3 is on its four rows of データ, its two
	// indicator rows of 指標一覧 and its row of 取組一覧.
	if found[formulaTitle] != 4+2+1 {
		t.Errorf("%q found %d times, want 7", formulaTitle, found[formulaTitle])
	}
}

func TestIndicatorSheet(t *testing.T) {
	f := open(t, write(t, testBatch()))
	got := rows(t, f, "指標一覧")
	header := []string{"基本目標", "取組番号", "取組項目名", "担当部", "指標名", "単位", "評価方向"}
	for _, y := range []string{"平成27年度", "平成28年度", "平成29年度", "平成30年度"} {
		for _, c := range []string{"目標値", "実績値", "達成率", "記載達成率", "判定"} {
			header = append(header, y+"\n"+c)
		}
	}
	header = append(header, "ファイル", "シート", "セル")
	if !slices.Equal(got[0], header) {
		t.Fatalf("header\n got %q\nwant %q", got[0], header)
	}
	none := []string{"", "", "", "", ""}
	join := func(parts ...[]string) []string { return slices.Concat(parts...) }
	want := [][]string{
		join([]string{"5", "3", formulaTitle, "総務部", "まちづくり懇談会の開催回数", "回", "高いほど良い"},
			[]string{"10", "12", "120", "120", "A"}, []string{"10", "7", "70", "75", "C"}, none, none,
			[]string{"総務部.xlsx", "取組3", "B30"}),
		join([]string{"5", "3", formulaTitle, "総務部", formulaName, formulaUnit, "高いほど良い"},
			[]string{"実施", "実施", "", "—", "達成"}, []string{"実施", "未実施", "", "", "未達成"}, none, none,
			[]string{"総務部.xlsx", "取組3", "B33"}),
		join([]string{"5", "7", "消防団の班の再編・再生", "総務部・財務部", "消防団の班の数", "班", "低いほど良い（目標÷実績）"},
			[]string{"50", "55", "90.9", "90.9", "B"}, []string{"45", "45.5", "98.9", "116.7", "B"}, []string{"0", "3", "", "", "—"}, none,
			[]string{"総務部.xlsx", "取組7", "B30"}),
		join([]string{"5", "9", "財政状況の公表", "財務部", "財政状況の公表回数", "回", "高いほど良い"},
			[]string{"2", "2", "100", "100", "A"}, []string{"2", "1", "50", "50", "C"}, []string{"2", "", "", "", "—"}, []string{"2", "", "", "", "—"},
			[]string{"財務部.xlsx", "取組9", "B20"}),
	}
	checkRows(t, f, "指標一覧", want)
	// 2016 of 消防団の班の数 (row 4): stated １１６．７ disagrees with 98.9.
	// Columns: 7 fixed, then 5 per year; 2016 is the second year, so its
	// 達成率 is column 7+5+3 = 15 (O) and 記載達成率 16 (P).
	for cell, want := range map[string]bool{"O4": true, "P4": true, "J4": false, "K4": false, "P2": true, "K2": false} {
		if got := highlighted(t, f, "指標一覧", cell); got != want {
			t.Errorf("指標一覧!%s highlighted %v, want %v", cell, got, want)
		}
	}
	if kind := cellKind(t, f, "指標一覧", "P4"); kind != "number" {
		t.Errorf("指標一覧!P4 (１１６．７) is %s, want number", kind)
	}

	cfs, err := f.GetConditionalFormats("指標一覧")
	if err != nil {
		t.Fatal(err)
	}
	// 判定 columns 12, 17, 22, 27 and 達成率 columns 10, 15, 20, 25.
	grades, bars := cfs["L2:L5 Q2:Q5 V2:V5 AA2:AA5"], cfs["J2:J5 O2:O5 T2:T5 Y2:Y5"]
	if len(grades) != 6 {
		t.Errorf("判定 conditional formats %+v, want 6 rules (A, B, C, D, 達成, 未達成); all: %v", grades, cfs)
	}
	for i, label := range []string{`"A"`, `"B"`, `"C"`, `"D"`, `"達成"`, `"未達成"`} {
		if i < len(grades) && (grades[i].Type != "cell" || grades[i].Value != label) {
			t.Errorf("判定 rule %d: %+v, want cell == %s", i, grades[i], label)
		}
	}
	if len(bars) != 1 || bars[0].Type != "data_bar" || bars[0].MinValue != "0" || bars[0].MaxValue != "100" {
		t.Errorf("達成率 data bar %+v, want one data bar 0–100", bars)
	}
}

func TestInitiativeSheet(t *testing.T) {
	f := open(t, write(t, testBatch()))
	if got := rows(t, f, "取組一覧")[0]; !slices.Equal(got, initiativeHeader) {
		t.Fatalf("header %q", got)
	}
	// By hand: latest evaluated year is 2016 (平成28年度) for 3, 7 and 9.
	// 3 and 9 have roll-ups in the batch; 7 has none, so its counts come
	// from its one 2016 indicator (98.9, B) and the mean stays empty.
	// 消防団の班の数 is lower-is-better: its name carries the report's mark.
	want := [][]string{
		{"5", "3", formulaTitle, "総務部", formulaSection, "2", "令和", "2", "0", "70", "C1・未達成1",
			"まちづくり懇談会の開催回数：70.0%（C）\n" + formulaName + "：未達成", "指標一覧へ（2件）", "総務部.xlsx", "取組3"},
		{"5", "7", "消防団の班の再編・再生", "総務部・財務部", "防災課", "1", "令和", "1", "0", "", "B1",
			"消防団の班の数" + reportdoc.LowerMark + "：98.9%（B）", "指標一覧へ（1件）", "総務部.xlsx", "取組7"},
		{"5", "8", "情報開示方法の多様化の検討", "総務部", "総務課", "0", "—", "", "", "", "—", "", "指標なし", "総務部.xlsx", "取組8"},
		{"5", "9", "財政状況の公表", "財務部", "財政課", "1", "令和", "1", "0", "50", "C1",
			"財政状況の公表回数：50.0%（C）", "指標一覧へ（1件）", "財務部.xlsx", "取組9"},
	}
	// 最新年度 of 2016 is 平成28年度.
	for _, w := range want {
		if w[6] == "令和" {
			w[6] = "平成28年度"
		}
	}
	checkRows(t, f, "取組一覧", want)

	// Links to each initiative's first row in 指標一覧: 3 → row 2, 7 → row
	// 4 (3 has two indicators), 8 none, 9 → row 5.
	for cell, target := range map[string]string{"M2": "'指標一覧'!A2", "M3": "'指標一覧'!A4", "M5": "'指標一覧'!A5", "M4": ""} {
		ok, link, err := f.GetCellHyperLink("取組一覧", cell)
		if err != nil {
			t.Fatal(err)
		}
		if ok != (target != "") || link != target {
			t.Errorf("取組一覧!%s link (%v, %q), want %q", cell, ok, link, target)
		}
	}
	// Two indicator lines: the row is two lines high.
	if h, _ := f.GetRowHeight("取組一覧", 2); h != 2*lineHeight {
		t.Errorf("取組一覧 row 2 height %v, want %v", h, 2*lineHeight)
	}
}

func TestOverviewSheet(t *testing.T) {
	data := write(t, testBatch())
	f := open(t, data)
	if got := rows(t, f, "概要")[0]; !slices.Equal(got, overviewHeader) {
		t.Fatalf("header %q", got)
	}
	got := rows(t, f, "概要")
	// The roll-ups as given, then (after a blank row) the chart data.
	want := [][]string{
		{"総務部", "2015", "平成27年度", "3", "2", "105.5", "1", "1", "0", "0", "1", "0"},
		{"総務部", "2016", "平成28年度", "3", "0", "84.5", "0", "1", "1", "0", "0", "1"},
		{"財務部", "2015", "平成27年度", "2", "1", "95.5", "1", "1", "0", "0", "0", "0"},
		{"財務部", "2016", "平成28年度", "2", "0", "74.5", "0", "1", "1", "0", "0", "0"},
		nil,
		{"グラフ用データ：部別・年度別 平均達成率（%）"},
		{"担当部", "平成27年度", "平成28年度"},
		{"総務部", "105.5", "84.5"},
		{"財務部", "95.5", "74.5"},
		nil,
		// Grade counts of the latest year (2016) as the roll-ups give them.
		{"グラフ用データ：部別 判定の内訳（平成28年度）"},
		{"担当部", "A", "B", "C", "D", "達成", "未達成"},
		{"総務部", "0", "1", "1", "0", "0", "1"},
		{"財務部", "0", "1", "1", "0", "0", "0"},
	}
	if len(got)-1 != len(want) {
		t.Fatalf("概要 has %d rows after the header, want %d: %q", len(got)-1, len(want), got)
	}
	for i, w := range want {
		if !slices.Equal(got[i+1], w) {
			t.Errorf("概要 row %d: got %q, want %q", i+2, got[i+1], w)
		}
	}
	if kind := cellKind(t, f, "概要", "F2"); kind != "number" {
		t.Errorf("概要!F2 is %s, want number", kind)
	}

	// A native bar chart plotting rows 9–10, one series per year.
	chart := zipPart(t, data, "xl/charts/chart1.xml")
	for _, ref := range []string{"'概要'!$A$9:$A$10", "'概要'!$B$9:$B$10", "'概要'!$C$9:$C$10", "'概要'!$B$8", "'概要'!$C$8"} {
		if !strings.Contains(chart, strings.ReplaceAll(ref, "'", "&#39;")) {
			t.Errorf("chart does not refer to %s", ref)
		}
	}
	if !strings.Contains(chart, `barDir val="col"`) || !strings.Contains(chart, `grouping val="clustered"`) {
		t.Errorf("chart 1 is not a clustered column chart")
	}
	// The stacked grade chart plots rows 14–15, one series per grade
	// (columns B–G, names in row 13).
	chart = zipPart(t, data, "xl/charts/chart2.xml")
	for _, ref := range []string{"'概要'!$A$14:$A$15", "'概要'!$B$13", "'概要'!$B$14:$B$15", "'概要'!$G$13", "'概要'!$G$14:$G$15"} {
		if !strings.Contains(chart, strings.ReplaceAll(ref, "'", "&#39;")) {
			t.Errorf("chart 2 does not refer to %s", ref)
		}
	}
	if !strings.Contains(chart, `grouping val="stacked"`) {
		t.Errorf("chart 2 is not stacked")
	}
}

func TestFindingSheet(t *testing.T) {
	f := open(t, write(t, testBatch()))
	if got := rows(t, f, "検証結果")[0]; !slices.Equal(got, findingHeader) {
		t.Fatalf("header %q", got)
	}
	// model.SortFindings order: by file (壊れた < 総務部 < 財務部 in UTF-8),
	// sheet, cell.
	want := [][]string{
		{"エラー", "FILE_UNREADABLE", "壊れた.xlsx", "", "", "=1+1 「壊れた.xlsx」は Excel ブックとして読めません"},
		{"エラー", "STATED_RATE_MISMATCH", "総務部.xlsx", "取組3", "F32", "「総務部.xlsx」シート「取組3」セルF32: 記載の達成率 75.0 と計算値 70.0 が一致しません"},
		{"警告", "STATED_RATE_ROUNDING", "総務部.xlsx", "取組7", "E32", "「総務部.xlsx」シート「取組7」セルE32: 記載の達成率 90.9 は切り捨てでの値です"},
		{"情報", "SHEET_SKIPPED", "財務部.xlsx", "メモ", "", "「財務部.xlsx」シート「メモ」は管理シートではないため読み飛ばしました"},
	}
	checkRows(t, f, "検証結果", want)
	// The message column is capped at 60 and the 85-column message of
	// row 3 wraps onto ceil(85 / 58) = 2 lines.
	if w, _ := f.GetColWidth("検証結果", "F"); w != maxColWidth {
		t.Errorf("検証結果 column F width %v, want %v", w, maxColWidth)
	}
	if h, _ := f.GetRowHeight("検証結果", 3); h != 2*lineHeight {
		t.Errorf("検証結果 row 3 height %v, want %v", h, 2*lineHeight)
	}
}

func TestFileSheet(t *testing.T) {
	f := open(t, write(t, testBatch()))
	if got := rows(t, f, "入力ファイル")[0]; !slices.Equal(got, fileHeader) {
		t.Fatalf("header %q", got)
	}
	// By name; sheets, errors and warnings counted by hand from testBatch
	// (the info finding is not counted). The lock file ~$総務部.xlsx is no
	// input and not listed.
	want := [][]string{
		{"壊れた.xlsx", "不受理", "rejected", "10", "0", "1", "0", "cc01"},
		{"総務部.xlsx", "受理", "accepted", "1234567", "3", "1", "1", "aa01"},
		{"財務部.xlsx", "受理", "accepted", "23456", "1", "0", "0", "bb01"},
	}
	checkRows(t, f, "入力ファイル", want)
	if got, _ := f.GetCellValue("入力ファイル", "D3"); got != "1,234,567" {
		t.Errorf("size shows %q, want 1,234,567", got)
	}
}

func TestTableSettings(t *testing.T) {
	data := write(t, testBatch())
	f := open(t, data)
	// Last column and row of each sheet, by hand: 概要 12 columns and 15
	// rows (4 roll-ups, then twice blank, caption, grid header, 2
	// departments);
	// 提出状況 one more row for the rejected 壊れた.xlsx, whose name names
	// no department (担当部 （不明）); 入力ファイル the three inputs (the
	// lock file is none);
	// 指標一覧 7 + 4×5 + 3 = 30 columns (AD).
	dims := map[string]string{
		"概要": "A1:L15", "提出状況": "A1:J10", "取組一覧": "A1:O5", "指標一覧": "A1:AD5", "データ": "A1:Q12", "検証結果": "A1:F5", "入力ファイル": "A1:H4",
		"変更点": "A1:K1", // no comparison in testBatch: the header only
	}
	filters := map[string]string{
		"概要": "$A$1:$L$5", "提出状況": "$A$1:$J$5", "取組一覧": "$A$1:$O$5", "指標一覧": "$A$1:$AD$5", "データ": "$A$1:$Q$12", "検証結果": "$A$1:$F$5", "入力ファイル": "$A$1:$H$4", "変更点": "$A$1:$K$1",
	}
	names := f.GetDefinedName()
	for i, sheet := range f.GetSheetList() {
		if got, _ := f.GetSheetDimension(sheet); got != dims[sheet] {
			t.Errorf("%s dimension %q, want %q", sheet, got, dims[sheet])
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 {
			t.Errorf("%s panes %+v (%v), want row 1 frozen", sheet, panes, err)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s FitToPage lost (%v): AutoFilter must come before the sheet properties", sheet, err)
		}
		layout, err := f.GetPageLayout(sheet)
		if err != nil || layout.Size == nil || *layout.Size != 9 || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
			t.Errorf("%s page layout %+v (%v), want A4, one page wide", sheet, layout, err)
		}
		var titles, filter bool
		for _, n := range names {
			if n.Scope != sheet {
				continue
			}
			switch n.Name {
			case "_xlnm.Print_Titles":
				titles = n.RefersTo == "'"+sheet+"'!$1:$1"
			case "_xlnm._FilterDatabase":
				filter = n.RefersTo == "'"+sheet+"'!"+filters[sheet]
			}
		}
		if !titles || !filter {
			t.Errorf("%s print titles %v, filter database %v; names %+v", sheet, titles, filter, names)
		}
		xml := zipPart(t, data, "xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml")
		if !strings.Contains(xml, `<autoFilter ref="`+filters[sheet]+`">`) {
			t.Errorf("%s has no autoFilter over %s", sheet, filters[sheet])
		}
		if strings.Contains(xml, "<f>") {
			t.Errorf("%s contains a formula", sheet)
		}
	}
	// Widths by hand: データ E (取組項目名) is widest at
	// =HYPERLINK("http://x") (22) and 消防団の班の再編・再生 (11 full-width
	// = 22), plus 2 → 24; F (担当部) 総務部・財務部 7 × 2 + 2 = 16.
	for col, want := range map[string]float64{"E": 24, "F": 16, "K": 6} {
		if got, _ := f.GetColWidth("データ", col); got != want {
			t.Errorf("データ column %s width %v, want %v", col, got, want)
		}
	}
}

func TestDocumentProperties(t *testing.T) {
	data := write(t, testBatch())
	f := open(t, data)
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != testTitle || p.Created != "2025-04-01T00:00:00Z" || p.Modified != "2025-04-01T00:00:00Z" {
		t.Errorf("doc props %+v, want the title and the report date", p)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		if !zf.Modified.Equal(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s modified %v, want the report date", zf.Name, zf.Modified)
		}
	}
	if !slices.IsSorted(names) || names[0] != "[Content_Types].xml" {
		t.Errorf("zip entries not in name order: %q", names)
	}
}

// TestDeterministic writes the same batch many times, and the batch with
// its slices shuffled, and wants the same bytes every time: excelize
// builds [Content_Types].xml from a map and orders stream parts by map
// iteration, so a single comparison could pass by luck.
func TestDeterministic(t *testing.T) {
	first := write(t, testBatch())
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		b := testBatch()
		if i%2 == 1 {
			rng.Shuffle(len(b.Initiatives), func(i, j int) { b.Initiatives[i], b.Initiatives[j] = b.Initiatives[j], b.Initiatives[i] })
			rng.Shuffle(len(b.Findings), func(i, j int) { b.Findings[i], b.Findings[j] = b.Findings[j], b.Findings[i] })
			rng.Shuffle(len(b.Files), func(i, j int) { b.Files[i], b.Files[j] = b.Files[j], b.Files[i] })
		}
		if got := write(t, b); !bytes.Equal(got, first) {
			t.Fatalf("run %d: %d bytes differ from the first run's %d bytes", i, len(got), len(first))
		}
	}
	// Another report date changes the bytes (it is the only date inside).
	b := testBatch()
	b.ReportDate = "2025-04-02"
	if bytes.Equal(write(t, b), first) {
		t.Error("a different report date gave the same bytes")
	}
}

func TestDefaultTitle(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, testBatch(), Options{}); err != nil {
		t.Fatal(err)
	}
	f := open(t, buf.Bytes())
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "行財政運営プラン 取組状況報告書" {
		t.Errorf("title %q, want the default", p.Title)
	}
	hf, err := f.GetHeaderFooter("データ")
	if err != nil || hf.OddHeader != "&L行財政運営プラン 取組状況報告書&R&A" || hf.OddFooter != "&C&P / &N" {
		t.Errorf("header/footer %+v (%v)", hf, err)
	}
}

func TestTitleWithAmpersand(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, testBatch(), Options{Title: "計画&実績"}); err != nil {
		t.Fatal(err)
	}
	hf, err := open(t, buf.Bytes()).GetHeaderFooter("概要")
	if err != nil || hf.OddHeader != "&L計画&&実績&R&A" {
		t.Errorf("header %+v (%v), want the & doubled", hf, err)
	}
}

func TestEmptyBatch(t *testing.T) {
	b := &model.Batch{ReportDate: "2026-03-31"}
	data := write(t, b)
	f := open(t, data)
	for _, sheet := range f.GetSheetList() {
		rs := rows(t, f, sheet)
		if len(rs) != 1 {
			t.Errorf("%s: %d rows, want the header only", sheet, len(rs))
		}
	}
	if got := rows(t, f, "データ")[0]; !slices.Equal(got, dataHeader) {
		t.Errorf("データ header %q", got)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/") {
			t.Errorf("empty batch has a chart %s", zf.Name)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	ctx := context.Background()
	if err := Write(ctx, io.Discard, nil, Options{}); err == nil {
		t.Error("nil batch: no error")
	}
	if err := Write(ctx, nil, testBatch(), Options{}); err == nil {
		t.Error("nil writer: no error")
	}
	for _, date := range []string{"", "2025/04/01", "令和7年4月1日"} {
		err := Write(ctx, io.Discard, &model.Batch{ReportDate: date}, Options{})
		if err == nil || !strings.Contains(err.Error(), "報告日") {
			t.Errorf("report date %q: error %v, want one naming 報告日", date, err)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := Write(cancelled, io.Discard, testBatch(), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
	var failing failWriter
	if err := Write(ctx, failing, testBatch(), Options{}); !errors.Is(err, errDiskFull) {
		t.Errorf("failing writer: %v, want errDiskFull wrapped", err)
	}
}

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

// TestOddValues feeds values no real rate stage should leave but a bad
// input might: the writer must neither panic nor write them as numbers.
func TestOddValues(t *testing.T) {
	src := model.Source{File: "x.xlsx", Sheet: "s"}
	b := &model.Batch{
		ReportDate: "2025-04-01",
		Initiatives: []*model.Initiative{{
			Source: src, Department: "総務部\xff\xfe", Title: "\x01制御文字\tと タブ", Number: 0, GoalNumber: -1,
			Indicators: []model.Indicator{{
				Name: strings.Repeat("長", 40000), // over Excel's 32,767 characters per cell
				Years: []model.IndicatorYear{
					{Year: fy(2020, ""), Target: model.Value{Kind: model.ValueNumber, Number: "abc"},
						Actual: model.Value{Kind: model.ValueInvalid, Raw: "約150"},
						Eval:   model.Evaluation{Judgement: 99}},
					{Year: fy(2021, "令和3年度"), Target: num("1", src), Actual: num("1", src),
						StatedRate: model.Value{Kind: model.ValueInvalid, Raw: "百"}, Eval: eval(rate(1000), model.GradeA, false)},
				},
			}},
		}},
	}
	f := open(t, write(t, b))
	got := rows(t, f, "データ")
	// 2020: the target "abc" is no number and the actual unreadable, so
	// only 2021 has a row.
	if len(got) != 2 {
		t.Fatalf("データ rows %d, want header + 1", len(got))
	}
	// Invalid UTF-8 arrives as U+FFFD, control characters other than tab
	// and newline likewise (XML cannot hold them).
	if got[1][5] != "総務部\uFFFD\uFFFD" {
		t.Errorf("department %q, want the invalid bytes replaced", got[1][5])
	}
	if got[1][2] != "" || got[1][3] != "" {
		t.Errorf("goal -1 and initiative 0 written as %q %q, want empty", got[1][2], got[1][3])
	}
	if got[1][15] != "百" || !highlighted(t, f, "データ", "P2") {
		t.Errorf("unreadable stated rate: %q highlighted %v, want 百 highlighted", got[1][15], highlighted(t, f, "データ", "P2"))
	}
	if n := len([]rune(got[1][7])); n != 32767 {
		t.Errorf("long name kept %d characters, want Excel's 32767", n)
	}
	ind := rows(t, f, "指標一覧")
	// 2020 has nothing to show (a non-number target, an unreadable
	// actual), so the only fiscal year across is 2021.
	if len(ind) != 2 || len(ind[0]) != 7+5+3 || ind[0][7] != "令和3年度\n目標値" {
		t.Errorf("指標一覧 has %d rows, header %q", len(ind), ind[0])
	}
	if got := ind[1][11]; got != "A" {
		t.Errorf("指標一覧 2021 judgement %q, want A", got)
	}
}

func zipPart(t testing.TB, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

// 概要 ends its roll-ups with the whole (全体) per year, as the report's
// 総括 does: a clerk summing the departments is told the real total (an
// initiative of two departments counts in each, once in 全体).
func TestOverviewWholeRows(t *testing.T) {
	b := testBatch()
	b.Rollups.ByYear = []model.Rollup{
		{Year: 2015, Evaluated: 4, Achieved: 2, MeanRate: rate(1002), Grades: model.GradeCounts{A: 2, B: 1, Achieved: 1}},
		{Year: 2016, Evaluated: 4, Achieved: 0, MeanRate: rate(796), Grades: model.GradeCounts{B: 1, C: 2, NotAchieved: 1}},
	}
	got := rows(t, open(t, write(t, b)), "概要")
	want := [][]string{
		{"全体", "2015", "平成27年度", "4", "2", "100.2", "2", "1", "0", "0", "1", "0"},
		{"全体", "2016", "平成28年度", "4", "0", "79.6", "0", "1", "2", "0", "0", "1"},
	}
	if len(got) < 7 || !slices.Equal(got[5], want[0]) || !slices.Equal(got[6], want[1]) {
		t.Errorf("rows 6–7 %q, want %q (after the four department rows)", got[5:min(7, len(got))], want)
	}
}

// 取組一覧 marks a lower-is-better rate with the report's own words
// (「（低いほど良い）」), since the sheet has no 評価方向 column; a
// higher-is-better rate and a lower-is-better indicator without a rate
// stay unmarked, as in the report's 取組一覧.
func TestInitiativeLowerIsBetterMark(t *testing.T) {
	b := testBatch()
	for _, in := range b.Initiatives {
		if in != nil && in.Number == 3 {
			in.Indicators[0].Direction = model.LowerIsBetter
			in.Indicators[1].Direction = model.LowerIsBetter // qualitative: no rate
		}
	}
	got := rows(t, open(t, write(t, b)), "取組一覧")
	want := map[int]string{
		1: "まちづくり懇談会の開催回数（低いほど良い）：70.0%（C）\n" + formulaName + "：未達成",
		2: "消防団の班の数（低いほど良い）：98.9%（B）",
		4: "財政状況の公表回数：50.0%（C）",
	}
	for row, w := range want {
		if cell := got[row][11]; cell != w {
			t.Errorf("取組一覧!L%d = %q, want %q", row+1, cell, w)
		}
	}
}

// With more than one basic goal, 概要 has each goal's rows between the
// departments and 全体, in the order of the report's 総括, and column A
// is headed 担当部・目標 as there; with one goal they would repeat 全体
// and are left out, as the report leaves them out.
func TestOverviewGoalRows(t *testing.T) {
	byGoal := []model.Rollup{
		{GoalNumber: 4, Year: 2015, Evaluated: 1, Achieved: 1, MeanRate: rate(1000), Grades: model.GradeCounts{A: 1}},
		{GoalNumber: 4, Year: 2016, Evaluated: 1, Achieved: 0, MeanRate: rate(500), Grades: model.GradeCounts{C: 1}},
		{GoalNumber: 5, Year: 2015, Evaluated: 3, Achieved: 2, MeanRate: rate(1055), Grades: model.GradeCounts{A: 1, B: 1, Achieved: 1}},
		{GoalNumber: 5, Year: 2016, Evaluated: 3, Achieved: 0, MeanRate: rate(845), Grades: model.GradeCounts{B: 1, C: 1, NotAchieved: 1}},
	}
	byYear := []model.Rollup{
		{Year: 2015, Evaluated: 4, Achieved: 3, MeanRate: rate(1036), Grades: model.GradeCounts{A: 2, B: 1, Achieved: 1}},
		{Year: 2016, Evaluated: 4, Achieved: 0, MeanRate: rate(730), Grades: model.GradeCounts{B: 1, C: 2, NotAchieved: 1}},
	}
	depts := [][]string{
		{"総務部", "2015", "平成27年度", "3", "2", "105.5", "1", "1", "0", "0", "1", "0"},
		{"総務部", "2016", "平成28年度", "3", "0", "84.5", "0", "1", "1", "0", "0", "1"},
		{"財務部", "2015", "平成27年度", "2", "1", "95.5", "1", "1", "0", "0", "0", "0"},
		{"財務部", "2016", "平成28年度", "2", "0", "74.5", "0", "1", "1", "0", "0", "0"},
	}
	whole := [][]string{
		{"全体", "2015", "平成27年度", "4", "3", "103.6", "2", "1", "0", "0", "1", "0"},
		{"全体", "2016", "平成28年度", "4", "0", "73", "0", "1", "2", "0", "0", "1"},
	}
	check := func(t *testing.T, b *model.Batch, header string, want [][]string) {
		t.Helper()
		got := rows(t, open(t, write(t, b)), "概要")
		if got[0][0] != header {
			t.Errorf("概要!A1 = %q, want %q", got[0][0], header)
		}
		if len(got) < len(want)+2 || got[len(want)+1] != nil {
			t.Fatalf("概要 rows %q, want %d roll-up rows %q then a blank row", got, len(want), want)
		}
		for i, w := range want {
			if !slices.Equal(got[i+1], w) {
				t.Errorf("概要 row %d: got %q, want %q", i+2, got[i+1], w)
			}
		}
	}

	t.Run("two goals", func(t *testing.T) {
		b := testBatch()
		for _, in := range b.Initiatives {
			if in != nil && in.Number == 9 {
				in.GoalNumber = 4
			}
		}
		b.Rollups.ByGoalYear, b.Rollups.ByYear = byGoal, byYear
		want := slices.Concat(depts, [][]string{
			{"基本目標4", "2015", "平成27年度", "1", "1", "100", "1", "0", "0", "0", "0", "0"},
			{"基本目標4", "2016", "平成28年度", "1", "0", "50", "0", "0", "1", "0", "0", "0"},
			{"基本目標5", "2015", "平成27年度", "3", "2", "105.5", "1", "1", "0", "0", "1", "0"},
			{"基本目標5", "2016", "平成28年度", "3", "0", "84.5", "0", "1", "1", "0", "0", "1"},
		}, whole)
		check(t, b, "担当部・目標", want)
	})
	t.Run("one goal", func(t *testing.T) {
		b := testBatch()
		b.Rollups.ByGoalYear, b.Rollups.ByYear = byGoal[2:], byYear
		check(t, b, "担当部", slices.Concat(depts, whole))
	})
}

// 変更点 holds one tidy row per change, text from the sheets kept as text.
func TestChangesSheet(t *testing.T) {
	b := testBatch()
	b.Changes = &model.Changes{Base: "2026-08-31", Items: []model.Change{
		{Kind: model.ChangeGrade, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: "申請件数", Year: 2017, Item: "判定", Before: "C", After: "B",
			Source: model.Source{File: "総務部.xlsx", Sheet: "取組1", Cell: "F19"}},
		{Kind: model.ChangeActualEntered, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: "申請件数", Year: 2017, Item: "実績値", After: "=1+1",
			Source: model.Source{File: "総務部.xlsx", Sheet: "取組1", Cell: "F19"}},
		{Kind: model.ChangeFindingFixed, Item: "エラー", Before: "記載された達成率 42.0 が計算値 42.1 と一致しません", Source: model.Source{File: "総務部.xlsx", Sheet: "取組1", Cell: "E16"}},
	}}
	f := open(t, write(t, b))
	checkRows(t, f, "変更点", [][]string{
		{"判定の変更", "5", "1 市民との協働の推進", "申請件数", "平成29年度", "判定", "C", "B", "総務部.xlsx", "取組1", "F19"},
		{"実績値の入力", "5", "1 市民との協働の推進", "申請件数", "平成29年度", "実績値", "", "=1+1", "総務部.xlsx", "取組1", "F19"},
		{"指摘の解消", "", "", "", "", "エラー", "記載された達成率 42.0 が計算値 42.1 と一致しません", "", "総務部.xlsx", "取組1", "E16"},
	})
	if kind := cellKind(t, f, "変更点", "H3"); kind != "text" {
		t.Errorf("=1+1 from a sheet is stored as %s, want text", kind)
	}
}
