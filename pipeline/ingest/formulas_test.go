package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
	"planreport/pipeline/rate"
)

// formulaBook is heiseiSpec's sheet 取組1 (targets in row 13, actuals in
// row 14, rates in row 15; years in columns E–J) with the years from H on
// left blank, a second sheet データ, and the formulas given, written with
// SetCellFormula, which saves no result, as openpyxl does.
func formulaBook(t *testing.T, values map[string]any, formulas map[string]string) []byte {
	t.Helper()
	s := heiseiSpec()
	s.indicators[0].target = []any{373, 373, 373, nil, nil, nil}
	s.indicators[0].actual = []any{157, "172", "１６８", nil, nil, nil}
	return buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		if _, err := f.NewSheet("データ"); err != nil {
			t.Fatal(err)
		}
		for ref, v := range values {
			sheet, cell := "取組1", ref
			if i := strings.Index(ref, "!"); i >= 0 {
				sheet, cell = ref[:i], ref[i+1:]
			}
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		for ref, fm := range formulas {
			sheet, cell := "取組1", ref
			if i := strings.Index(ref, "!"); i >= 0 {
				sheet, cell = ref[:i], ref[i+1:]
			}
			if err := f.SetCellFormula(sheet, cell, fm); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// findingAt returns the findings of code at cell of sheet 取組1.
func findingAt(b *model.Batch, code, cell string) []model.Finding {
	var out []model.Finding
	for _, f := range findingsWith(b, code) {
		if f.Sheet == "取組1" && f.Cell == cell {
			out = append(out, f)
		}
	}
	return out
}

// Targets and actuals whose formulas were saved without a result are
// computed, with an information finding naming the formula and the value;
// a 達成率 formula without a result is information only.
func TestFormulaWithoutResultComputed(t *testing.T) {
	data := formulaBook(t,
		map[string]any{"H13": 500, "I14": 45, "J13": 250, "データ!B2": 200, "データ!B3": 1.25},
		map[string]string{
			"H14":    "400+77",                                                                                 // 477 / 500 = 95.4 %
			"H15":    "ROUND(H14/H13*100,1)",                                                                   // a prefilled rate: information
			"I13":    "60",                                                                                     // a target typed as a formula
			"J14":    "'データ'!B2*データ!B3-ROUND(SUM(データ!B2:B3),0)+MAX(1,2)-IF(TRUE,2,0)+ABS(-ROUNDDOWN(201.9,0))", // 250-201+0+201 = 250… see below
			"データ!C1": "B2+1",                                                                                   // a formula on the other sheet, not read by a table
		})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	rate.Run(b, rate.OptionsOf(nil))
	in := onlyInitiative(t, b)
	y := in.Indicators[0].Years
	// J14: 200×1.25 − ROUND(201.25, 0) + 2 − 2 + 201 = 250, over 250.
	checks := []struct {
		cell          string
		got, want     string
		tenths, wantR int64
	}{
		{"H14", string(y[3].Actual.Number), "477", y[3].Eval.Rate.Tenths, 954},
		{"I13", string(y[4].Target.Number), "60", y[4].Eval.Rate.Tenths, 750},
		{"J14", string(y[5].Actual.Number), "250", y[5].Eval.Rate.Tenths, 1000},
	}
	for _, c := range checks {
		if c.got != c.want || c.tenths != c.wantR {
			t.Errorf("%s: value %q rate %d, want %q and %d\n%s", c.cell, c.got, c.tenths, c.want, c.wantR, dump(b.Findings))
		}
	}
	fs := findingAt(b, CodeFormulaComputed, "H14")
	if len(fs) != 1 || fs[0].Severity != model.SeverityInfo ||
		!strings.Contains(fs[0].Message, "計算結果が保存されていないため計算しました：=400+77 → 477") {
		t.Errorf("H14 findings %s", dump(fs))
	}
	if fs := findingAt(b, CodeFormulaComputed, "I13"); len(fs) != 1 || !strings.Contains(fs[0].Message, "=60 → 60") {
		t.Errorf("I13 findings %s", dump(fs))
	}
	if fs := findingAt(b, CodeFormulaNoValue, "H15"); len(fs) != 1 || fs[0].Severity != model.SeverityInfo {
		t.Errorf("H15 (a rate formula without a result) findings %s, want one information", dump(fs))
	}
	for _, f := range b.Findings {
		if f.Code == CodeFormulaNoValue && f.Severity != model.SeverityInfo {
			t.Errorf("unexpected warning %s", dump([]model.Finding{f}))
		}
	}
}

// Formulas that cannot be computed safely stay blank, each with a warning
// that says why; the run ends (the cycle and the chain are cut by the
// bounds, not by time).
func TestFormulaWithoutResultRefused(t *testing.T) {
	chain := map[string]string{}
	for i := 1; i < 60; i++ {
		chain["データ!A"+strconv.Itoa(i)] = "A" + strconv.Itoa(i+1) + "+1"
	}
	cases := []struct {
		name     string
		formula  string
		extra    map[string]string
		values   map[string]any
		because  string
		computed string // when not refused: the value
	}{
		{name: "now", formula: "NOW()", because: "計算のたびに値が変わる関数（NOW）"},
		{name: "today inside", formula: "ROUND(TODAY()-45000,0)", because: "計算のたびに値が変わる関数（TODAY）"},
		{name: "indirect", formula: `INDIRECT("H13")`, because: "（INDIRECT）"},
		{name: "rand", formula: "RANDBETWEEN(1,9)", because: "（RANDBETWEEN）"},
		{name: "external", formula: "[1]集計!B2", because: "他のファイルを参照している"},
		{name: "external path", formula: `'C:\Users\x\[集計.xlsx]集計'!B2`, because: "他のファイルを参照している"},
		{name: "cycle", formula: "データ!A1", extra: map[string]string{"データ!A1": "B1+1", "データ!B1": "A1"}, because: "参照が循環している"},
		{name: "self", formula: "H14+1", because: "参照が循環している"},
		{name: "chain", formula: "データ!A1", extra: chain, values: map[string]any{"データ!A60": 1}, because: "参照の連鎖が長すぎる"},
		{name: "unsupported function", formula: "VLOOKUP(1,データ!A1:B2,2,FALSE)", because: "計算に対応していない関数（VLOOKUP）"},
		{name: "user function", formula: "MYFUNC(1)", because: "計算に対応していない関数（MYFUNC）"},
		{name: "webservice", formula: `WEBSERVICE("http://example.com")`, because: "ファイルの外を参照する関数"},
		{name: "defined name", formula: "売上+1", because: "名前の定義"},
		{name: "whole column", formula: "SUM(データ!A:A)", because: "名前の定義や行・列全体の参照"},
		{name: "missing sheet", formula: "ないシート!A1", because: "参照先のシート（ないシート）がブックにない"},
		{name: "error", formula: "1/0", because: "計算結果がエラー（#DIV/0!）"},
		{name: "error operand", formula: "SUM(#REF!)", because: "数式にエラー（#REF!）"},
		{name: "array constant", formula: "SUM({1,2;3,4})", because: "配列定数"},
		{name: "broken formula", formula: "SUM(H13,", because: "数式の書き方を計算できない"},
		{name: "big range", formula: "SUM(データ!A1:Z1000)", because: "参照するセルが多すぎる"},
		// Within the bounds: a chain of 20 computes.
		{name: "short chain", formula: "データ!A41", extra: chain, values: map[string]any{"データ!A60": 1}, computed: "20"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			formulas := map[string]string{"H14": c.formula}
			for k, v := range c.extra {
				formulas[k] = v
			}
			values := map[string]any{"H13": 500}
			for k, v := range c.values {
				values[k] = v
			}
			b := readFiles(t, map[string][]byte{"a.xlsx": formulaBook(t, values, formulas)}, Options{})
			y := onlyInitiative(t, b).Indicators[0].Years
			if c.computed != "" {
				if string(y[3].Actual.Number) != c.computed {
					t.Errorf("H14 %+v, want %s\n%s", y[3].Actual, c.computed, dump(b.Findings))
				}
				return
			}
			if y[3].Actual.Kind != model.ValueNone {
				t.Errorf("H14 %+v, want blank", y[3].Actual)
			}
			fs := findingAt(b, CodeFormulaNoValue, "H14")
			if len(fs) != 1 || fs[0].Severity != model.SeverityWarning || !strings.Contains(fs[0].Message, c.because) {
				t.Errorf("H14 findings %s, want one warning saying %q", dump(b.Findings), c.because)
			}
			if n := len(findingsWith(b, CodeFormulaComputed)); n != 0 {
				t.Errorf("%d values computed, want none", n)
			}
		})
	}
}

// A formula whose result was saved is never recalculated, neither where it
// is read nor where a formula without a result refers to it.
func TestFormulaSavedResultNotRecalculated(t *testing.T) {
	// H13's formula says 100 but 500 was saved; H14 = H13-23 has no result.
	// I14 and J14, computed after H14 (the workbook reopened), still see
	// the saved 500, and J14 through H14.
	data := formulaBook(t, map[string]any{"H13": 500, "I13": 100, "J13": 1000},
		map[string]string{"H13": "50+50", "H14": "H13-23", "I14": "H13-420", "J14": "H14*2"})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	y := onlyInitiative(t, b).Indicators[0].Years
	if y[3].Target.Number != "500" || y[3].Actual.Number != "477" || y[4].Actual.Number != "80" || y[5].Actual.Number != "954" {
		t.Errorf("H13 %+v H14 %+v I14 %+v J14 %+v, want 500 (saved), 477, 80 and 954\n%s",
			y[3].Target, y[3].Actual, y[4].Actual, y[5].Actual, dump(b.Findings))
	}
	if fs := findingAt(b, CodeFormulaCachedValue, "H13"); len(fs) != 1 {
		t.Errorf("H13 findings %s", dump(b.Findings))
	}
}

// A computed value in a cell formatted as a percentage reads as the
// percentage, as a saved result there does (0.954 shown 95.4%).
func TestFormulaComputedPercent(t *testing.T) {
	s := heiseiSpec()
	s.indicators[0].actual = []any{157, "172", "１６８", nil, nil, nil}
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		style, err := f.NewStyle(&excelize.Style{NumFmt: 10})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle("取組1", "H14", "H14", style); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellFormula("取組1", "H14", "477/500"); err != nil {
			t.Fatal(err)
		}
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	y := onlyInitiative(t, b).Indicators[0].Years
	if y[3].Actual.Number != "95.4" {
		t.Errorf("H14 %+v, want 95.4\n%s", y[3].Actual, dump(b.Findings))
	}
}

// TestTextFormulaWithoutResult: a formula in a text block saved without
// its result (openpyxl saves none) is read as empty, as (4) shows
// （記載なし）, and a warning at its cell says why; before, nothing did.
func TestTextFormulaWithoutResult(t *testing.T) {
	plain := readFiles(t, map[string][]byte{"a.xlsx": buildBook(t, []sheetSpec{heiseiSpec()}, nil)}, Options{})
	cell := onlyInitiative(t, plain).Background.Source.Cell
	if cell == "" {
		t.Fatal("no background cell in the plain sheet")
	}
	data := buildBook(t, []sheetSpec{heiseiSpec()}, func(f *excelize.File) {
		if err := f.SetCellValue("取組1", cell, nil); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellFormula("取組1", cell, "B4"); err != nil {
			t.Fatal(err)
		}
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	if in := onlyInitiative(t, b); !in.Background.IsEmpty() {
		t.Errorf("background %+v, want empty", in.Background)
	}
	fs := findingAt(b, CodeFormulaNoValue, cell)
	if len(fs) != 1 || fs[0].Severity != model.SeverityWarning || !strings.Contains(fs[0].Message, "=B4") {
		t.Errorf("%s findings %s", cell, dump(b.Findings))
	}
}

var calcPrRE = regexp.MustCompile(`<calcPr[^>]*?(/>|>\s*</calcPr>)`)

// A formula's saved result in a workbook saved by Excel or LibreOffice,
// which compute before saving, is what the sheet showed: no finding
// (before, a warning on every formula actual, painted yellow). Saved by
// another program (excelize here), or with a request to recalculate on
// opening, it stays a warning.
func TestFormulaSavedResultByCalculatingProgram(t *testing.T) {
	data := formulaBook(t, map[string]any{"H14": 8}, map[string]string{"H14": "4*2"})
	withApp := func(app, calcPr string) []byte {
		return rewriteZip(t, data, func(name string, content []byte) []byte {
			switch name {
			case "docProps/app.xml":
				return []byte(strings.Replace(string(content), "Go Excelize", app, 1))
			case "xl/workbook.xml":
				return calcPrRE.ReplaceAll(content, []byte(calcPr))
			}
			return content
		})
	}
	cases := []struct {
		name string
		data []byte
		want int
	}{
		{"excelize", data, 1},
		{"Excel", withApp("Microsoft Excel", `<calcPr calcId="191029"/>`), 0},
		{"LibreOffice", withApp("LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2", `<calcPr/>`), 0},
		{"Excel, recalculate on load", withApp("Microsoft Excel", `<calcPr calcId="191029" fullCalcOnLoad="1"/>`), 1},
		{"Excel, manual, not on save", withApp("Microsoft Excel", `<calcPr calcId="191029" calcMode="manual" calcOnSave="0"/>`), 1},
		{"Excel, manual", withApp("Microsoft Excel", `<calcPr calcId="191029" calcMode="manual"/>`), 0},
	}
	for _, tc := range cases {
		b := readFiles(t, map[string][]byte{"a.xlsx": tc.data}, Options{})
		fs := findingAt(b, CodeFormulaCachedValue, "H14")
		if len(fs) != tc.want || tc.want == 1 && fs[0].Severity != model.SeverityWarning {
			t.Errorf("%s: H14 findings %s", tc.name, dump(b.Findings))
		}
		if y := onlyInitiative(t, b).Indicators[0].Years; y[3].Actual.Number != "8" {
			t.Errorf("%s: H14 %+v", tc.name, y[3].Actual)
		}
	}
}
