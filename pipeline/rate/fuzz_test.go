package rate

import (
	"math/big"
	"strconv"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// FuzzCompute feeds decimal text (and text that only looks like it) to
// Compute and cross-checks every rate with a big.Float computed
// independently at high precision: the rounded tenths must lie within the
// rounding rule's reach of the unrounded value.
func FuzzCompute(f *testing.F) {
	for _, s := range [][2]string{
		{"176", "187"}, {"172", "130"}, {"373", "157"}, {"2000", "1999"}, {"2000", "2001"},
		{"0", "5"}, {"5", "0"}, {"-4", "-5"}, {"0.000000000001", "100000000000"},
		{"1000", "9223372036854775808"}, {"1e5", "3"}, {"", "1"}, {"1.", ".5"}, {"--1", "2"},
	} {
		f.Add(s[0], s[1], false, false)
		f.Add(s[0], s[1], true, true)
	}
	f.Fuzz(func(t *testing.T, target, actual string, lower, truncate bool) {
		dir, rounding := model.HigherIsBetter, config.HalfUp
		if lower {
			dir = model.LowerIsBetter
		}
		if truncate {
			rounding = config.Truncate
		}
		// Canonical values as ingest would store them, and the raw text
		// itself to exercise the guard against non-canonical Decimals.
		tv, av := fuzzValue(target), fuzzValue(actual)
		o := Compute(tv, av, dir, rounding)
		if !o.Rate.Valid {
			if o.Exact != nil {
				t.Fatalf("no rate but Exact = %s", o.Exact.RatString())
			}
			return
		}
		tf, ok1 := floatOf(string(tv.Number))
		af, ok2 := floatOf(string(av.Number))
		if !ok1 || !ok2 {
			t.Fatalf("rate %s from values big.Float cannot read: %q, %q", o.Rate, tv.Number, av.Number)
		}
		if tf.Sign() == 0 || (lower && af.Sign() == 0) {
			t.Fatalf("rate %s with a zero divisor", o.Rate)
		}
		num, den := af, tf
		if lower {
			num, den = tf, af
		}
		// tenths = num ÷ den × 1000, unrounded.
		want := new(big.Float).SetPrec(4096).Quo(num, den)
		want.Mul(want, big.NewFloat(1000))
		got := new(big.Float).SetPrec(4096).SetInt64(o.Rate.Tenths)
		diff := new(big.Float).SetPrec(4096).Sub(got, want)
		diff.Abs(diff)
		// Half-up is within 0.5 of the value, truncation within 1; allow a
		// hair for the Float's own rounding of a non-terminating quotient.
		limit := 1.0 + 1e-9
		if !truncate {
			limit = 0.5 + 1e-9
		}
		if diff.Cmp(big.NewFloat(limit)) > 0 {
			t.Fatalf("%s %s (lower=%v truncate=%v): tenths %d, big.Float %s", target, actual, lower, truncate,
				o.Rate.Tenths, want.Text('f', 6))
		}
		// Truncation never moves away from zero (with the same hair of
		// slack: 1e-12 is not exact in binary, so 1 ÷ 1e-12 comes out a
		// whisker under 1e15).
		if truncate {
			w := new(big.Float).SetPrec(4096).Abs(want)
			w.Add(w, big.NewFloat(1e-9))
			if new(big.Float).Abs(got).Cmp(w) > 0 {
				t.Fatalf("truncated %d is farther from zero than %s", o.Rate.Tenths, want.Text('f', 6))
			}
		}
	})
}

func fuzzValue(s string) model.Value {
	if d, ok := model.ParseDecimal(s); ok && len(s) <= 64 {
		return model.Value{Kind: model.ValueNumber, Number: d}
	}
	return model.Value{Kind: model.ValueNumber, Number: model.Decimal(s)}
}

func floatOf(s string) (*big.Float, bool) {
	if _, err := strconv.ParseFloat(s, 64); err != nil && err.(*strconv.NumError).Err != strconv.ErrRange {
		return nil, false
	}
	f, _, err := big.ParseFloat(s, 10, 4096, big.ToNearestEven)
	return f, err == nil
}
