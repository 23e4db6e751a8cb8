package templates

import (
	"bytes"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestParseCell(t *testing.T) {
	// Expected cells worked out by hand from ParseCell's documented notation.
	cases := []struct {
		in   string
		want Cell
	}{
		{"", Cell{}},
		{"373", Cell{Text: "373", Number: true}},
		{"42.0", Cell{Text: "42.0", Number: true, Format: "0.0"}},
		{"0.25", Cell{Text: "0.25", Number: true, Format: "0.00"}},
		{"-3", Cell{Text: "-3", Number: true}},
		{"1,472", Cell{Text: "1,472"}},
		{"'100", Cell{Text: "100"}},
		{"—", Cell{Text: "—"}},
		{"実施", Cell{Text: "実施"}},
		{"１５７", Cell{Text: "１５７"}}, // full-width digits are what a person typed as text
		{"1.", Cell{Text: "1."}},
		{".5", Cell{Text: ".5"}},
	}
	for _, c := range cases {
		if got := ParseCell(c.in); got != c.want {
			t.Errorf("ParseCell(%q) = %+v, want %+v", c.in, got, c.want)
		}
		if got := ParseCell(c.in).String(); got != c.in && c.in != "" {
			t.Errorf("ParseCell(%q).String() = %q", c.in, got)
		}
	}
}

// open reads b twice: raw values and as shown.
func open(t *testing.T, b []byte) (raw, shown *excelize.File) {
	t.Helper()
	raw, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	shown, err = excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close(); shown.Close() })
	return raw, shown
}

func TestNextPlanExample(t *testing.T) {
	wb := Workbook{File: "次期計画.xlsx", Sheets: []Sheet{NextPlanExample()}}
	b, err := Bytes(wb)
	if err != nil {
		t.Fatal(err)
	}
	raw, shown := open(t, b)
	const sh = "取組8"
	// Rows worked out by hand: 1–3 header, 4 (1), 5–9 (2) five years,
	// 10–11 (3) header, 12–14 / 15–17 / 18–20 indicators, 21 (4), 22–29 (5).
	want := []struct{ cell, raw, shown string }{
		{"A1", LabelTitle, LabelTitle},
		{"A4", LabelOverview, LabelOverview},
		{"A5", LabelPlans, LabelPlans},
		{"B5", "前期", "前期"}, {"B8", "後期", "後期"}, {"C9", "令和7年度", "令和7年度"},
		{"A10", LabelIndicators, LabelIndicators},
		{"E10", "前期", "前期"}, {"H10", "後期", "後期"},
		{"E11", "R3年度", "R3年度"}, {"F11", "令和4年度", "令和4年度"}, {"H11", "R6年度", "R6年度"}, {"I11", "令和7年度", "令和7年度"},
		{"J11", "", ""},
		{"B12", "消防団の班の数", "消防団の班の数"}, {"D12", "班", "班"}, {"D14", "%", "%"},
		{"E12", "170", "170"}, {"I12", "162", "162"}, {"E13", "172", "172"}, {"F13", "166", "166"}, {"G13", "", ""},
		{"E14", "98.8", "98.8"}, {"F14", "101.2", "101.2"},
		{"B15", "消防団員数", "消防団員数"}, {"E16", "1,754", "1,754"}, {"F16", "1812", "1812"}, {"F17", "100.7", "100.7"},
		{"C18", LabelTarget, LabelTarget}, {"B18", "", ""},
		{"A21", LabelBackground, LabelBackground},
		{"A22", LabelResults, LabelResults}, {"B22", "令和元年度", "令和元年度"}, {"C23", LabelResultIssues, LabelResultIssues},
		{"B28", "R4年度", "R4年度"}, {"D28", "・さらに2班を統合した。", "・さらに2班を統合した。"},
	}
	for _, w := range want {
		r, _ := raw.GetCellValue(sh, w.cell)
		s, _ := shown.GetCellValue(sh, w.cell)
		if r != w.raw || s != w.shown {
			t.Errorf("%s = raw %q shown %q, want %q / %q", w.cell, r, s, w.raw, w.shown)
		}
	}
	if typ, _ := raw.GetCellType(sh, "E16"); typ != excelize.CellTypeSharedString {
		t.Errorf("E16 (1,754) should be text, type %v", typ)
	}
	merges, err := raw.GetMergeCells(sh)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range merges {
		got[m.GetStartAxis()+":"+m.GetEndAxis()] = m.GetCellValue()
	}
	for rng, v := range map[string]string{"E10:G10": "前期", "H10:I10": "後期", "B12:B14": "消防団の班の数",
		"A10:A20": LabelIndicators, "B5:B7": "前期", "D5:I5": "令和3年度"[:0] + "・班の再編計画の策定\n・団員募集の広報", "B22:B23": "令和元年度"} {
		if got[rng] != v {
			t.Errorf("merge %s = %q, want %q (merges %v)", rng, got[rng], v, got)
		}
	}
}

// TestNextPlanRates checks the stated rates of NextPlanExample against
// exact arithmetic (lower is better for the first indicator).
func TestNextPlanRates(t *testing.T) {
	s := NextPlanExample()
	check := func(num, den int64, stated string) {
		r := new(big.Rat).SetFrac64(num*1000, den)
		f, _ := r.Float64()
		tenths := int64(f + 0.5) // values here are far from a .5 boundary
		if got := big.NewRat(tenths, 10).FloatString(1); got != stated {
			t.Errorf("%d/%d: stated %s, computed %s", num, den, stated, got)
		}
	}
	check(170, 172, s.Indicators[0].Rates[0].Text)
	check(168, 166, s.Indicators[0].Rates[1].Text)
	check(1754, 1800, s.Indicators[1].Rates[0].Text)
	check(1812, 1800, s.Indicators[1].Rates[1].Text)
}

func TestBlank(t *testing.T) {
	b, err := BlankBytes(NextPlanFirst, NextPlanLast)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := BlankBytes(NextPlanFirst, NextPlanLast)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Error("blank template differs between two builds")
	}
	raw, _ := open(t, b)
	if got := strings.Join(raw.GetSheetList(), ","); got != BlankSheetName+","+HowToSheetName {
		t.Errorf("sheets %s", got)
	}
	dvs, err := raw.GetDataValidations(BlankSheetName)
	if err != nil {
		t.Fatal(err)
	}
	// Hand-worked ranges: rows 1–3, 4, 5–9 (five years), 10–11, then slots at
	// 12, 15, 18; targets and actuals of E..I.
	// Then the 評価方向 cells, in J (the column after 令和7年度), one per slot.
	wantSqref := []string{"E12:I13", "E15:I16", "E18:I19"}
	wantDir := []string{"J12", "J15", "J18"}
	if len(dvs) != len(wantSqref)+len(wantDir) {
		t.Fatalf("%d data validations, want %d", len(dvs), len(wantSqref)+len(wantDir))
	}
	for i, dv := range dvs[len(wantSqref):] {
		if dv.Sqref != wantDir[i] || dv.Type != "list" || dv.Formula1 != `"高いほど良い,低いほど良い"` || !dv.ShowErrorMessage {
			t.Errorf("direction validation %d: sqref %q type %q formula %q error %v", i, dv.Sqref, dv.Type, dv.Formula1, dv.ShowErrorMessage)
		}
	}
	for i, dv := range dvs[:len(wantSqref)] {
		if dv.Sqref != wantSqref[i] || dv.Type != "list" || dv.Formula1 != `"実施,未実施"` || dv.ShowErrorMessage {
			t.Errorf("validation %d: sqref %q type %q formula %q error %v", i, dv.Sqref, dv.Type, dv.Formula1, dv.ShowErrorMessage)
		}
	}
	for cell, want := range map[string]string{"E11": "令和3年度", "I11": "令和7年度", "C5": "令和3年度", "B5": "前期", "B8": "後期",
		"E10": "前期", "H10": "後期", "B22": "令和3年度", "B30": "令和7年度", "C31": LabelResultIssues, "E12": "", "A1": LabelTitle, "J10": LabelDirection, "J12": ""} {
		if got, _ := raw.GetCellValue(BlankSheetName, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	// The cells 記入方法 names sit beside these labels.
	for cell, want := range map[string]string{"E1": "担当部名", "E2": "担当課名", "A2": "基本目標", "A3": "取組項目名"} {
		if got, _ := raw.GetCellValue(BlankSheetName, cell); got != want {
			t.Errorf("%s = %q, want the label %q that 記入方法 names cells beside", cell, got, want)
		}
	}
	rows, _ := raw.GetRows(HowToSheetName)
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "")
	}
	for _, must := range []string{"単位を付けず", "実施", "未実施", "—", "1枚のシート", "変更しないでください", "令和3年度〜令和7年度",
		"「評価方向」欄", "高いほど良い", "低いほど良い", "目標値 ÷ 実績値", "設定が優先",
		// The header cells by name (trial G: where the department's name
		// goes was not said), checked against the labels below.
		"右（F1）に担当部の名前", "左（D1）に部の番号", "右（F2）に課の名前", "番号（B2）と略称（C2）", "取組番号（B3）、取組項目名（C3）、課内の番号（D3）"} {
		if !strings.Contains(text, must) {
			t.Errorf("記入方法 does not mention %q", must)
		}
	}
}

func TestReduceWords(t *testing.T) {
	words := ReduceWords()
	for _, must := range []string{"待ち時間", "事故件数", "苦情件数", "待機児童", "削減"} {
		if !slices.Contains(words, must) {
			t.Errorf("reduce_words.txt lacks %q (%v)", must, words)
		}
	}
	for _, w := range words {
		if strings.HasPrefix(w, "#") || strings.TrimSpace(w) != w || w == "" {
			t.Errorf("word %q not trimmed of comments and space", w)
		}
	}
}

func TestBlankCurrentPlanLabels(t *testing.T) {
	s, err := Blank(2015, 2020)
	if err != nil {
		t.Fatal(err)
	}
	// 2019 and 2020 are 令和元 and 令和2 for a sheet made today.
	want := []string{"平成27年度", "平成28年度", "平成29年度", "平成30年度", "令和元年度", "令和2年度"}
	if !reflect.DeepEqual(s.Years, want) {
		t.Errorf("years %v", s.Years)
	}
	if _, err := Blank(2025, 2021); err == nil {
		t.Error("reversed period accepted")
	}
	if _, err := Blank(2000, 2030); err == nil {
		t.Error("31-year period accepted")
	}
}

func TestWriteSheetErrors(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	bad := []Sheet{
		{},
		{Name: "x", Years: []string{"平成27年度"}, Indicators: []Indicator{{Name: "n", Targets: []Cell{Number("1,000")}}}},
		{Name: "y", Years: []string{"平成27年度"}, Indicators: []Indicator{{Name: "n", Targets: []Cell{Number("1"), Number("2")}}}},
		{Name: "z", Years: []string{"平成27年度"}, Phases: []PhaseSpan{{Label: "前期", Years: 2}}},
		{Name: "bad[name]"},
		{Name: "w", Number: Number("abc")},
	}
	for i, s := range bad {
		if _, err := WriteSheet(f, s); err == nil {
			t.Errorf("case %d: no error", i)
		}
	}
}

func TestSynthetic(t *testing.T) {
	a := Synthetic(25, 7)
	if !reflect.DeepEqual(a, Synthetic(25, 7)) {
		t.Error("same seed, different sheets")
	}
	if reflect.DeepEqual(a, Synthetic(25, 8)) {
		t.Error("different seeds, same sheets")
	}
	if len(a) != 3 || len(a[0].Sheets) != 10 || len(a[1].Sheets) != 10 || len(a[2].Sheets) != 5 {
		t.Fatalf("workbooks: %d", len(a))
	}
	if a[2].Sheets[4].Name != "取組25" {
		t.Errorf("last sheet %q", a[2].Sheets[4].Name)
	}
	for _, wb := range a {
		b1, err := Bytes(wb)
		if err != nil {
			t.Fatalf("%s: %v", wb.File, err)
		}
		b2, _ := Bytes(wb)
		if !bytes.Equal(b1, b2) {
			t.Errorf("%s: not deterministic", wb.File)
		}
	}

	// Over many sheets every kind of variation turns up.
	var next, qual, lower, wrong, text, dash int
	counts := map[int]int{}
	for _, wb := range Synthetic(300, 1) {
		for _, s := range wb.Sheets {
			if strings.HasPrefix(s.Years[0], "R") || strings.HasPrefix(s.Years[0], "令和") {
				next++
			}
			counts[len(s.Indicators)]++
			for _, ind := range s.Indicators {
				if ind.Name == "消防団の班の数" {
					lower++
				}
				for j, a := range ind.Actuals {
					if a.Text == ValueDone || a.Text == ValueNotDone {
						qual++
					}
					if strings.Contains(a.Text, ",") {
						text++
					}
					if ind.Targets[j].Text == ValueNone {
						dash++
					}
					if j < len(ind.Rates) && a.Number && ind.Targets[j].Number && !rateMatches(t, ind, j) {
						wrong++
					}
				}
			}
		}
	}
	for n := 1; n <= 4; n++ {
		if counts[n] == 0 {
			t.Errorf("no sheet with %d indicators", n)
		}
	}
	if len(counts) != 4 {
		t.Errorf("indicator counts %v", counts)
	}
	for name, c := range map[string]int{"next plan": next, "qualitative": qual, "lower": lower, "wrong rate": wrong, "text number": text, "no target": dash} {
		if c == 0 {
			t.Errorf("no %s in 300 synthetic sheets", name)
		}
	}
}

// rateMatches recomputes a stated rate by hand-written exact arithmetic,
// accepting half-up or truncation.
func rateMatches(t *testing.T, ind Indicator, j int) bool {
	t.Helper()
	num, _ := new(big.Rat).SetString(ind.Actuals[j].Text)
	den, _ := new(big.Rat).SetString(ind.Targets[j].Text)
	if ind.Name == "消防団の班の数" {
		num, den = den, num
	}
	x := new(big.Rat).Quo(new(big.Rat).Mul(num, big.NewRat(1000, 1)), den) // tenths
	trunc := new(big.Int).Quo(x.Num(), x.Denom())
	up := new(big.Int).Quo(new(big.Int).Add(new(big.Int).Mul(x.Num(), big.NewInt(2)), x.Denom()), new(big.Int).Mul(x.Denom(), big.NewInt(2)))
	stated, ok := new(big.Rat).SetString(ind.Rates[j].Text)
	if !ok {
		return false
	}
	s := new(big.Rat).Mul(stated, big.NewRat(10, 1))
	return s.Cmp(new(big.Rat).SetInt(trunc)) == 0 || s.Cmp(new(big.Rat).SetInt(up)) == 0
}

func TestIsFindingsSheet(t *testing.T) {
	for name, want := range map[string]bool{
		"指摘事項": true, "指摘事項 (2)": true, "指摘事項 (12)": true,
		"指摘事項2": false, "指摘事項 (案)": false, "指摘事項 (2": false, "前回の指摘事項": false, "取組1": false, "": false,
	} {
		if got := IsFindingsSheet(name); got != want {
			t.Errorf("IsFindingsSheet(%q) = %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]bool{
		"前回の指摘事項": true, "前回の指摘事項 (3)": true,
		"指摘事項": false, "前回の指摘事項3": false, "前回の指摘事項 (メモ)": false, "": false,
	} {
		if got := IsPreviousFindingsSheet(name); got != want {
			t.Errorf("IsPreviousFindingsSheet(%q) = %v, want %v", name, got, want)
		}
	}
}
