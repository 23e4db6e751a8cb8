package rate

import (
	"math/big"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

func num(s string) model.Value {
	return model.Value{Kind: model.ValueNumber, Number: model.Decimal(s), Raw: s}
}

var (
	none    = model.Value{}
	done    = model.Value{Kind: model.ValueDone, Raw: "実施"}
	notDone = model.Value{Kind: model.ValueNotDone, Raw: "未実施"}
	invalid = model.Value{Kind: model.ValueInvalid, Raw: "約150"}
)

// Every expected rate below was worked out by hand (long division), not
// copied from the program: tenths = actual × 1000 ÷ target (lower is better:
// target × 1000 ÷ actual), then rounded.
func TestCompute(t *testing.T) {
	H, L := model.HigherIsBetter, model.LowerIsBetter
	tests := []struct {
		name           string
		target, actual model.Value
		dir            model.Direction
		halfUp, trunc  int64 // tenths under each rule, when valid
		valid          bool
		qual           model.Judgement
		reason         Reason
	}{
		// The seed's numbers.
		{"187/176=106.25", num("176"), num("187"), H, 1063, 1062, true, 0, OK},
		{"130/172=75.581", num("172"), num("130"), H, 756, 755, true, 0, OK},
		{"157/373=42.091", num("373"), num("157"), H, 421, 420, true, 0, OK},
		{"144/174=82.758", num("174"), num("144"), H, 828, 827, true, 0, OK},
		{"64/86=74.418", num("86"), num("64"), H, 744, 744, true, 0, OK},
		{"1472/1000=147.2", num("1000"), num("1472"), H, 1472, 1472, true, 0, OK},
		{"0/5=0", num("5"), num("0"), H, 0, 0, true, 0, OK},
		{"2/2=100", num("2"), num("2"), H, 1000, 1000, true, 0, OK},
		// Exact .x5 boundaries and just below them.
		{"100.05 exactly", num("2000"), num("2001"), H, 1001, 1000, true, 0, OK},
		{"99.95 exactly", num("2000"), num("1999"), H, 1000, 999, true, 0, OK},
		{"100.0499 stays down", num("10000"), num("10004.99"), H, 1000, 1000, true, 0, OK},
		{"decimals 12.5/25 = 50", num("25"), num("12.5"), H, 500, 500, true, 0, OK},
		{"1/3 = 33.333", num("3"), num("1"), H, 333, 333, true, 0, OK},
		{"2/3 = 66.666", num("3"), num("2"), H, 667, 666, true, 0, OK},
		// Negative: half away from zero, truncation toward zero.
		{"-187/176=-106.25", num("176"), num("-187"), H, -1063, -1062, true, 0, NegativeBasis},
		{"-1/2000=-0.05", num("2000"), num("-1"), H, -1, 0, true, 0, NegativeBasis},
		// A negative target turns the ratio against the indicator (−5
		// against −4 is worse, yet 125 %): no rate; likewise a negative
		// actual under lower-is-better.
		{"-5/-4 no rate", num("-4"), num("-5"), H, 0, 0, false, 0, NegativeRatio},
		{"-3/-4 no rate", num("-4"), num("-3"), H, 0, 0, false, 0, NegativeRatio},
		{"5/-4 no rate", num("-4"), num("5"), H, 0, 0, false, 0, NegativeRatio},
		{"lower 4/-5 no rate", num("4"), num("-5"), L, 0, 0, false, 0, NegativeRatio},
		// Lower is better: target ÷ actual.
		{"lower 174/198=87.878", num("174"), num("198"), L, 879, 878, true, 0, OK},
		{"lower 170/179=94.972", num("170"), num("179"), L, 950, 949, true, 0, OK},
		{"lower 174/170=102.352", num("174"), num("170"), L, 1024, 1023, true, 0, OK},
		{"lower actual 0", num("174"), num("0"), L, 0, 0, false, 0, ZeroActualLowerIsBetter},
		{"lower target 0", num("0"), num("5"), L, 0, 0, false, 0, ZeroTarget},
		// No rate.
		{"no target", none, num("5"), H, 0, 0, false, 0, NoTarget},
		{"target 0", num("0"), num("5"), H, 0, 0, false, 0, ZeroTarget},
		{"no actual", num("5"), none, H, 0, 0, false, 0, NoActual},
		{"nothing", none, none, H, 0, 0, false, 0, NoTarget},
		{"invalid target", invalid, num("5"), H, 0, 0, false, 0, InvalidValue},
		{"invalid actual", num("5"), invalid, H, 0, 0, false, 0, InvalidValue},
		{"exponent is no decimal", num("5"), num("1e5"), H, 0, 0, false, 0, UnreadableNumber},
		{"empty number", model.Value{Kind: model.ValueNumber}, num("5"), H, 0, 0, false, 0, UnreadableNumber},
		// Qualitative.
		{"実施/実施", done, done, H, 0, 0, false, model.Achieved, OK},
		{"実施/未実施", done, notDone, H, 0, 0, false, model.NotAchieved, OK},
		{"実施/none", done, none, H, 0, 0, false, model.NotEvaluable, NoActual},
		{"実施/1 (seed 11)", done, num("1"), H, 0, 0, false, model.NotEvaluable, QualitativeTargetNumericActual},
		{"8/実施", num("8"), done, H, 0, 0, false, model.NotEvaluable, NumericTargetQualitativeActual},
		{"8/未実施", num("8"), notDone, H, 0, 0, false, model.NotEvaluable, NumericTargetQualitativeActual},
		{"未実施 target", notDone, done, H, 0, 0, false, model.NotEvaluable, QualitativeTargetNotDone},
		// int64 edge: tenths = actual × 1000 ÷ 1000 = actual.
		{"max int64 fits", num("1000"), num("9223372036854775807"), H, 9223372036854775807, 9223372036854775807, true, 0, OK},
		{"max int64 + 1 overflows", num("1000"), num("9223372036854775808"), H, 0, 0, false, 0, Overflow},
		{"tiny target overflows", num("0.000000000001"), num("100000000000"), H, 0, 0, false, 0, Overflow},
	}
	for _, tt := range tests {
		for _, rounding := range []config.Rounding{config.HalfUp, config.Truncate} {
			want := tt.halfUp
			if rounding == config.Truncate {
				want = tt.trunc
			}
			o := Compute(tt.target, tt.actual, tt.dir, rounding)
			if o.Rate.Valid != tt.valid || (tt.valid && o.Rate.Tenths != want) {
				t.Errorf("%s (%s): rate = %+v, want valid=%v tenths=%d", tt.name, rounding, o.Rate, tt.valid, want)
			}
			if o.Reason != tt.reason {
				t.Errorf("%s (%s): reason = %d, want %d", tt.name, rounding, o.Reason, tt.reason)
			}
			if o.Qualitative != tt.qual {
				t.Errorf("%s (%s): qualitative = %v, want %v", tt.name, rounding, o.Qualitative.Label(), tt.qual.Label())
			}
			if tt.valid != (o.Exact != nil) {
				t.Errorf("%s: Exact = %v with valid = %v", tt.name, o.Exact, tt.valid)
			}
		}
	}
}

func TestComputeExact(t *testing.T) {
	// 187 ÷ 176 × 100 = 106.25 exactly; 130 ÷ 172 × 100 = 3250/43.
	o := Compute(num("176"), num("187"), model.HigherIsBetter, config.HalfUp)
	if o.Exact.Cmp(big.NewRat(10625, 100)) != 0 {
		t.Errorf("exact = %s, want 106.25", o.Exact.RatString())
	}
	o = Compute(num("172"), num("130"), model.HigherIsBetter, config.HalfUp)
	if o.Exact.Cmp(big.NewRat(3250, 43)) != 0 {
		t.Errorf("exact = %s, want 3250/43", o.Exact.RatString())
	}
}

func TestRoundTenthsUnknownRuleIsHalfUp(t *testing.T) {
	// 106.25 % → 1062.5 tenths; anything but truncate rounds half up.
	got, ok := RoundTenths(big.NewRat(10625, 100), config.Rounding(""))
	if !ok || got != 1063 {
		t.Errorf("RoundTenths(106.25, \"\") = %d, %v; want 1063", got, ok)
	}
}

func TestGradeBandEdges(t *testing.T) {
	def := config.Default().Grades
	// The same bands listed out of order and with a two-decimal minimum.
	shuffled := []config.GradeBand{{Grade: "D", Min: "0"}, {Grade: "B", Min: "79.95"}, {Grade: "A", Min: "100"}, {Grade: "C", Min: "50"}}
	tests := []struct {
		bands  []config.GradeBand
		tenths int64
		want   model.Judgement
	}{
		{def, 1000, model.GradeA},
		{def, 999, model.GradeB},
		{def, 800, model.GradeB},
		{def, 799, model.GradeC},
		{def, 500, model.GradeC},
		{def, 499, model.GradeD},
		{def, 0, model.GradeD},
		{def, -5, model.GradeD}, // below every band: the last band's grade
		{def, 30000, model.GradeA},
		{shuffled, 1000, model.GradeA},
		{shuffled, 800, model.GradeB}, // 80.0 ≥ 79.95
		{shuffled, 799, model.GradeC}, // 79.9 < 79.95
		{shuffled, -10, model.GradeD},
	}
	for _, tt := range tests {
		if got := Grade(model.Rate{Tenths: tt.tenths, Valid: true}, tt.bands); got != tt.want {
			t.Errorf("Grade(%d tenths) = %s, want %s", tt.tenths, got.Label(), tt.want.Label())
		}
	}
	if got := Grade(model.Rate{}, def); got != model.NotEvaluable {
		t.Errorf("Grade(no rate) = %s, want —", got.Label())
	}
	if got := Grade(model.Rate{Tenths: 1000, Valid: true}, nil); got != model.NotEvaluable {
		t.Errorf("Grade with no bands = %s, want —", got.Label())
	}
}

func TestGradeUsesRoundedRate(t *testing.T) {
	// 1999 ÷ 2000 × 100 = 99.95: half-up gives 100.0 (A), truncation 99.9 (B).
	bands := config.Default().Grades
	up := Compute(num("2000"), num("1999"), model.HigherIsBetter, config.HalfUp)
	if got := up.Judge(bands); got != model.GradeA {
		t.Errorf("half-up 99.95 → %s, want A", got.Label())
	}
	tr := Compute(num("2000"), num("1999"), model.HigherIsBetter, config.Truncate)
	if got := tr.Judge(bands); got != model.GradeB {
		t.Errorf("truncated 99.95 → %s, want B", got.Label())
	}
	q := Compute(done, notDone, model.HigherIsBetter, config.HalfUp)
	if got := q.Judge(bands); got != model.NotAchieved {
		t.Errorf("実施/未実施 → %s, want 未達成", got.Label())
	}
}

func TestExactText(t *testing.T) {
	// Hand-written: 3250/43 = 75.58139…, cut (not rounded) at four places.
	tests := []struct {
		r    *big.Rat
		want string
	}{
		{big.NewRat(10625, 100), "106.25"},
		{big.NewRat(3250, 43), "75.5813…"},
		{big.NewRat(100, 1), "100"},
		{big.NewRat(-1, 30000), "-0.0000…"},
		{big.NewRat(-3250, 43), "-75.5813…"},
	}
	for _, tt := range tests {
		if got := exactText(tt.r); got != tt.want {
			t.Errorf("exactText(%s) = %q, want %q", tt.r.RatString(), got, tt.want)
		}
	}
}
