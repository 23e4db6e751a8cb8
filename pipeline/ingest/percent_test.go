package ingest

import (
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
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

// A 達成率 row computed as a fraction and formatted as a percentage (what
// =E14/E13 with 0.0% gives) reads as the percentages the sheet shows; so
// does a built-in 0.00% format. A target so formatted reads as the exact
// percentage it holds, since rates are computed from it. Before, the fractions were read as they
// are stored (0.420911 for 42.1 %) and every one was reported against the
// computed rate.
func TestPercentFormattedRatesReadAsShown(t *testing.T) {
	s := heiseiSpec()
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		oneDecimal := "0.0%"
		custom, err := f.NewStyle(&excelize.Style{CustomNumFmt: &oneDecimal})
		if err != nil {
			t.Fatal(err)
		}
		builtin, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
		if err != nil {
			t.Fatal(err)
		}
		whole, err := f.NewStyle(&excelize.Style{NumFmt: 9}) // 0%
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			ref   string
			v     float64
			style int
		}{
			{"E15", 157.0 / 373, custom}, // 0.42091… shows 42.1%
			{"F15", 172.0 / 373, custom}, // 0.46112… shows 46.1%
			{"G15", 0.4504, builtin},     // shows 45.04%
			{"H13", 0.5354, whole},       // a target formatted 0%: shows 54%, holds 53.54%
		} {
			ref := cellAt(s, c.ref)
			if err := f.SetCellFloat(s.name, ref, c.v, -1, 64); err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(s.name, ref, ref, c.style); err != nil {
				t.Fatal(err)
			}
		}
	})
	b := readFiles(t, map[string][]byte{"percent.xlsx": data}, Options{})
	if len(b.Initiatives) != 1 {
		t.Fatalf("initiatives = %d: %s", len(b.Initiatives), dump(b.Findings))
	}
	y := b.Initiatives[0].Indicators[0].Years
	for _, c := range []struct {
		v      model.Value
		raw    string
		number model.Decimal
	}{
		{y[0].StatedRate, "42.1%", "42.1"},
		{y[1].StatedRate, "46.1%", "46.1"},
		{y[2].StatedRate, "45.04%", "45.04"},
		{y[3].Target, "53.54%", "53.54"}, // computed with what the cell holds, as Excel would
	} {
		if c.v.Kind != model.ValueNumber || c.v.Raw != c.raw || c.v.Number != c.number {
			t.Errorf("%s = %+v, want %q read as %s", c.v.Source.Cell, c.v, c.raw, c.number)
		}
	}
	// The stated rates carry their % as the slot expects; the target's %
	// differs from the indicator's unit 件数, which is worth a warning.
	if got := findingsWith(b, CodeUnitMismatch); len(got) != 1 || got[0].Source.Cell != cellAt(s, "H13") {
		t.Errorf("unit findings = %s, want one, for H13", dump(got))
	}
}
