package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/config"
)

func TestPercentDecimals(t *testing.T) {
	tests := []struct {
		code     string
		decimals int
		percent  bool
	}{
		{"0%", 0, true},
		{"0.0%", 1, true},
		{"0.00%", 2, true},
		{"#,##0.0%", 1, true},
		{"0.0 %", 1, true},
		{"[$-411]0.0%", 1, true},
		{"0.0%;[Red]-0.0%", 1, true},
		{"0.0;[Red]-0.0%", 1, false}, // only the first section decides
		{`0.0"%"`, 1, false},         // a quoted % is text: no ×100
		{`0.0\%`, 1, false},          // so is an escaped one
		{"[%]0.0", 1, false},
		{"0.0", 1, false},
		{"General", 0, false},
		{"G/標準", 0, false},
		{"0.00000000000000000000%", maxPercentDecimals, true},
	}
	for _, tt := range tests {
		d, ok := percentDecimals(tt.code)
		if d != tt.decimals || ok != tt.percent {
			t.Errorf("percentDecimals(%q) = %d, %v; want %d, %v", tt.code, d, ok, tt.decimals, tt.percent)
		}
	}
}

// Expected texts worked out by hand: value × 100, rounded half away from
// zero to the decimals, as Excel shows it.
func TestPercentText(t *testing.T) {
	tests := []struct {
		s        string
		decimals int
		want     string
	}{
		{"0.421", 1, "42.1%"},
		{"0.420911", 1, "42.1%"}, // 42.0911 → 42.1
		{"0.42045", 1, "42.0%"},  // 42.045 → 42.0
		{"0.42055", 1, "42.1%"},  // 42.055 → 42.1
		{"0.4205", 1, "42.1%"},   // 42.05, a tie, away from zero
		{"1.0625", 2, "106.25%"}, // 106.25 exactly
		{"1.0625", 1, "106.3%"},  // the tie again
		{"0.5", 0, "50%"},        // 50
		{"0.005", 0, "1%"},       // 0.5 → 1
		{"-0.0005", 1, "-0.1%"},  // -0.05 → -0.1 (away from zero)
		{"-0.0001", 1, "0.0%"},   // -0.01 → 0, written without a sign (Excel may show -0.0%; the value is 0 either way)
		{"12", 0, "1200%"},       // a whole number
		{"0", 1, "0.0%"},         //
		{"3.5E-2", 1, "3.5%"},    // exponent form, should one get here
		{"実施", 1, "実施"},          // not a number: unchanged
		{"", 1, ""},              // empty: unchanged
	}
	for _, tt := range tests {
		if got, _ := percentTexts(tt.s, tt.decimals); got != tt.want {
			t.Errorf("percentTexts(%q, %d) shows %q, want %q", tt.s, tt.decimals, got, tt.want)
		}
	}
	// Exact: not rounded.
	for s, want := range map[string]string{"0.535": "53.5%", "1": "100%", "実施": "実施"} {
		if _, got := percentTexts(s, 0); got != want {
			t.Errorf("percentTexts(%q) holds %q, want %q", s, got, want)
		}
	}
}

func TestExcelNumber(t *testing.T) {
	// Worked out by hand: 15 significant digits, no exponent, no trailing zeros.
	for in, want := range map[string]string{
		"372.99999999999994": "373", "46.100000000000001": "46.1", "0.30000000000000004": "0.3",
		"1E-4": "0.0001", "1.57E2": "157", "42": "42", "-3.5": "-3.5", "1234567.891": "1234567.891", "abc": "abc",
	} {
		if got := ExcelNumber(in); got != want {
			t.Errorf("ExcelNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// The work of one workbook is bounded: past calcValuesPerBook values the
// rest stay blank with a warning, whatever the formulas.
func TestFormulaBookBound(t *testing.T) {
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "取組1"))
	must(f.SetCellValue("取組1", "H13", 500))
	must(f.SetCellFormula("取組1", "H14", "1+1"))
	var buf bytes.Buffer
	must(f.Write(&buf))
	calc := newBookCalc(buf.Bytes(), config.DefaultLimits())
	defer calc.close()
	s := calc.sheet("取組1")
	for i := range calcValuesPerBook {
		if r := s.compute("H14"); r.Why != "" || r.Value != "2" {
			t.Fatalf("value %d: %+v", i, r)
		}
	}
	if r := s.compute("H14"); !strings.Contains(r.Why, "このブックで計算する数式が多すぎる") {
		t.Errorf("past the bound: %+v", r)
	}
}
