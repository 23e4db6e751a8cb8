package ingest

import (
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
)

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
