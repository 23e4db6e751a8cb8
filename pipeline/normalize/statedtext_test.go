package normalize

import (
	"testing"

	"planreport/pipeline/model"
)

// The stated 達成率 is shown as written, with one decimal added to a plain
// whole number (the sheet's 0.0 format is lost when read raw), as in
// summary.xlsx.
func TestStatedText(t *testing.T) {
	num := func(raw string, d model.Decimal) model.Value {
		return model.Value{Kind: model.ValueNumber, Number: d, Raw: raw}
	}
	for _, c := range []struct {
		v    model.Value
		want string
	}{
		{model.Value{}, "—"},
		{num("42", "42"), "42.0"},
		{num("42.0", "42"), "42.0"},
		{num("106.25", "106.25"), "106.25"},
		{num("", "45"), "45.0"},
		{num("-5", "-5"), "-5.0"},
		{num("42%", "42"), "42%"},
		{num("１１６．７", "116.7"), "１１６．７"},
		{model.Value{Kind: model.ValueInvalid, Raw: "約42"}, "約42"},
		{model.Value{Raw: "達成"}, "達成"}, // a judgement written where the rate goes
		{model.Value{Raw: " 未達成"}, "未達成"},
		{model.Value{Raw: "見込"}, "—"},
	} {
		if got := StatedText(c.v); got != c.want {
			t.Errorf("StatedText(%+v) = %q, want %q", c.v, got, c.want)
		}
	}
}
