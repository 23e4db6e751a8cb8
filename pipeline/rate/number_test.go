package rate

import (
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// exactOnly runs f with the dec path off, so that everything goes through
// the big.Rat reference.
func exactOnly(f func()) {
	useFast = false
	defer func() { useFast = true }()
	f()
}

func TestDecOf(t *testing.T) {
	tests := []struct {
		in     string
		m      uint64
		places uint8
		neg    bool
		ok     bool
	}{
		{"176", 176, 0, false, true},
		{"-12.5", 125, 1, true, true},
		{"0.421", 421, 3, false, true},
		{"-0", 0, 0, false, true}, // no sign for zero, as big.Rat
		{"-0.000", 0, 3, false, true},
		{"007.50", 750, 2, false, true},
		{"0.000000000000001", 1, 15, false, true},
		{"18446744073709551609", 18446744073709551609, 0, false, true},
		// Left to ratOf: too long or too precise for a dec…
		{"18446744073709551610", 0, 0, false, false},
		{"0.0000000000000001", 0, 0, false, false},
		// …or not of the plain form (ratOf accepts some, refuses others).
		{"", 0, 0, false, false},
		{"-", 0, 0, false, false},
		{"1.", 0, 0, false, false},
		{".5", 0, 0, false, false},
		{"1.2.3", 0, 0, false, false},
		{"--1", 0, 0, false, false},
		{"+1", 0, 0, false, false},
		{"1e5", 0, 0, false, false},
		{"1/2", 0, 0, false, false},
		{" 1", 0, 0, false, false},
	}
	for _, tt := range tests {
		x, ok := decOf(model.Decimal(tt.in))
		if ok != tt.ok || (ok && x != (dec{tt.m, tt.places, tt.neg})) {
			t.Errorf("decOf(%q) = %+v, %v; want {%d %d %v}, %v", tt.in, x, ok, tt.m, tt.places, tt.neg, tt.ok)
		}
	}
	// A zero padded beyond maxDecimalLen fits a uint64 but not ratOf.
	long := model.Decimal(strings.Repeat("0", 300) + "1")
	if _, ok := decOf(long); ok {
		t.Errorf("decOf accepts %d characters, beyond maxDecimalLen", len(long))
	}
}

// Worked out by hand: tenths = actual × 1000 ÷ target (lower: target ×
// 1000 ÷ actual), half away from zero or toward zero.
func TestRateTenthsFast(t *testing.T) {
	const maxI, minI = math.MaxInt64, math.MinInt64
	tests := []struct {
		num, den      string
		halfUp, trunc int64
		upOK, truncOK bool
	}{
		{"187", "176", 1063, 1062, true, true},
		{"-187", "176", -1063, -1062, true, true},
		{"187", "-176", -1063, -1062, true, true},
		{"-187", "-176", 1063, 1062, true, true},
		{"1", "3", 333, 333, true, true},
		{"-2", "3", -667, -666, true, true},
		{"0", "-5", 0, 0, true, true},
		{"-1", "2000", -1, 0, true, true}, // -0.05: away from zero, or to 0
		{"12.5", "25", 500, 500, true, true},
		{"10004.99", "10000", 1000, 1000, true, true},
		{"0.001", "0.000000000000001", 1000000000000000, 1000000000000000, true, true},
		// The int64 edges: tenths = num when den is 1000.
		{"9223372036854775807", "1000", maxI, maxI, true, true},
		{"9223372036854775808", "1000", 0, 0, false, false},
		{"-9223372036854775808", "1000", minI, minI, true, true},
		{"-9223372036854775809", "1000", 0, 0, false, false},
		// 9223372036854775807.5 tenths: truncation fits, half-up does not.
		{"18446744073709551615", "2000", 0, maxI, false, true},
		{"-18446744073709551615", "2000", minI, minI + 1, true, true},
		{"-18446744073709551617", "2000", 0, minI, false, true}, // beyond a dec: the big.Rat path
		// A quotient wider than 64 bits.
		{"100000000000", "0.000000000001", 0, 0, false, false},
	}
	for _, tt := range tests {
		num, ok1 := readNumber(model.Decimal(tt.num))
		den, ok2 := readNumber(model.Decimal(tt.den))
		if !ok1 || !ok2 {
			t.Fatalf("%s ÷ %s: unreadable", tt.num, tt.den)
		}
		want := rounded{tt.halfUp, tt.trunc, tt.upOK, tt.truncOK}
		if got := rateTenths(&num, &den); got != want {
			t.Errorf("%s ÷ %s = %+v, want %+v", tt.num, tt.den, got, want)
		}
		if ref := roundBoth(percentOf(&num, &den)); ref != want {
			t.Errorf("%s ÷ %s: big.Rat gives %+v, want %+v", tt.num, tt.den, ref, want)
		}
	}
}

func TestCalcExactText(t *testing.T) {
	// By hand: 130 ÷ 172 × 100 = 75.5813…; 187 ÷ 176 × 100 = 106.25.
	tests := []struct {
		target, actual string
		lower          bool
		want           string
	}{
		{"172", "130", false, "75.5813…"},
		{"172", "-130", false, "-75.5813…"},
		{"176", "187", false, "106.25"},
		{"100", "100", false, "100"},
		{"3", "0", false, "0"},
		{"3000000", "1", false, "0.0000…"},
		{"3000000", "-1", false, "-0.0000…"},
		{"1", "3000000", true, "0.0000…"},
		{"2", "0.1", false, "5"},
		{"1000", "0.001", false, "0.0001"},
		{"1000", "0.0001", false, "0.0000…"},
	}
	for _, tt := range tests {
		dir := model.HigherIsBetter
		if tt.lower {
			dir = model.LowerIsBetter
		}
		c := compute(num(tt.target), num(tt.actual), dir, config.HalfUp)
		if !c.Rate.Valid {
			t.Fatalf("%s / %s: no rate", tt.actual, tt.target)
		}
		if got := c.exactText(); got != tt.want {
			t.Errorf("%s / %s: exactText = %q, want %q", tt.actual, tt.target, got, tt.want)
		}
		num, den := tt.actual, tt.target
		if tt.lower {
			num, den = den, num
		}
		if got, want := c.formula(), num+" ÷ "+den+" × 100 = "+tt.want; got != want {
			t.Errorf("formula = %q, want %q", got, want)
		}
		if ref := exactText(percentOf(c.operands(dir))); ref != tt.want {
			t.Errorf("%s / %s: big.Rat gives %q, want %q", tt.actual, tt.target, ref, tt.want)
		}
	}
}

// TestRunFastMatchesExact runs whole batches with and without the dec path:
// every rate, grade, finding and roll-up must be the same.
func TestRunFastMatchesExact(t *testing.T) {
	edge := batchOf("2018-11-23")
	values := []string{"176", "187", "-187", "0", "12.5", "0.421", "99.95", "2000", "1999",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808", "0.000000000000001",
		"18446744073709551615", "123456789012345678901234567890.5"}
	for i, tv := range values {
		ind := model.Indicator{Name: "指標" + strconv.Itoa(i)}
		for j, av := range values {
			y := iy(2015+j%6, num(tv), num(av), values[(i+j)%len(values)], strconv.Itoa(i*100+j))
			ind.Years = append(ind.Years, y)
		}
		edge.Initiatives[0].Indicators = append(edge.Initiatives[0].Indicators, ind)
	}
	for _, rounding := range []config.Rounding{config.HalfUp, config.Truncate} {
		for name, mk := range map[string]func() *model.Batch{
			"bench": benchBatch,
			"edge":  func() *model.Batch { return cloneBatch(edge) },
		} {
			cfg := defaultConfig()
			cfg.Rounding = rounding
			cfg.Indicators = append(cfg.Indicators, config.IndicatorRule{Name: "指標1", Direction: "lower"},
				config.IndicatorRule{Name: "指標4", Direction: "lower"})
			fast, exact := mk(), mk()
			Run(fast, OptionsOf(cfg))
			exactOnly(func() { Run(exact, OptionsOf(cfg)) })
			if len(fast.Findings) == 0 {
				t.Fatalf("%s %s: no findings to compare", name, rounding)
			}
			if !reflect.DeepEqual(fast, exact) {
				t.Errorf("%s %s: the dec path and the big.Rat path disagree", name, rounding)
				for i := range min(len(fast.Findings), len(exact.Findings)) {
					if fast.Findings[i] != exact.Findings[i] {
						t.Errorf("first difference, finding %d:\n fast  %+v\n exact %+v", i, fast.Findings[i], exact.Findings[i])
						break
					}
				}
			}
		}
	}
}

func cloneBatch(b *model.Batch) *model.Batch {
	c := *b
	c.Initiatives = nil
	for _, in := range b.Initiatives {
		in2 := *in
		in2.Indicators = nil
		for _, ind := range in.Indicators {
			ind.Years = append([]model.IndicatorYear(nil), ind.Years...)
			in2.Indicators = append(in2.Indicators, ind)
		}
		c.Initiatives = append(c.Initiatives, &in2)
	}
	return &c
}

// TestGraderMatchesRat checks grading by whole tenths against comparing
// exact minima, at the int64 edges too.
func TestGraderMatchesRat(t *testing.T) {
	bands := []config.GradeBand{
		{Grade: "A", Min: "922337203685477580.8"}, // above every int64 tenths
		{Grade: "B", Min: "922337203685477580.7"}, // math.MaxInt64 tenths
		{Grade: "C", Min: "79.95"},
		{Grade: "D", Min: "-0.05"},
		{Grade: "B", Min: "-922337203685477580.8"},   // math.MinInt64 tenths
		{Grade: "C", Min: "-9223372036854775808.05"}, // below every int64
	}
	for k := 1; k <= len(bands); k++ {
		g := newGrader(bands[:k])
		for _, tenths := range []int64{math.MinInt64, math.MinInt64 + 1, -1, 0, 1, 799, 800, math.MaxInt64 - 1, math.MaxInt64} {
			r := model.Rate{Tenths: tenths, Valid: true}
			// The reference: the first minimum, from the highest down,
			// that the rate reaches as a rational.
			want := g.grades[len(g.grades)-1]
			for i, floor := range g.mins {
				if new(big.Rat).SetInt64(tenths).Cmp(floor) >= 0 {
					want = g.grades[i]
					break
				}
			}
			if got := g.grade(r); got != want {
				t.Errorf("%d bands, %d tenths: %s, want %s", k, tenths, got.Label(), want.Label())
			}
		}
	}
}

// FuzzFastMatchesExact holds every operation of the dec path to the
// big.Rat reference: reading, signs, rates under both rules and both
// directions, the stated-rate comparisons, the text of the exact rate, and
// a whole Run.
func FuzzFastMatchesExact(f *testing.F) {
	for _, s := range [][3]string{
		{"176", "187", "106.2"}, {"172", "130", "73.8"}, {"373", "157", "0.421"}, {"120", "125", "96"},
		{"2000", "1999", "99.9"}, {"2000", "-1", "-0.1"}, {"-4", "-5", "125"}, {"5", "0", "0"},
		{"0", "5", "1"}, {"1000", "9223372036854775807", "922337203685477580.7"},
		{"1000", "9223372036854775808", "1"}, {"1000", "-9223372036854775808", "-922337203685477580.8"},
		{"2000", "18446744073709551615", "922337203685477580.75"}, {"0.000000000001", "100000000000", "5"},
		{"0.000000000000001", "0.001", "100000000000000000"}, {"0.0000000000000001", "1", "2"},
		{"18446744073709551609", "18446744073709551608", "100"}, {"1.", ".5", "1e2"},
		{"123456789012345678901234567890", "3", "0"},
	} {
		f.Add(s[0], s[1], s[2], false, false)
		f.Add(s[0], s[1], s[2], true, true)
	}
	f.Fuzz(func(t *testing.T, target, actual, stated string, lower, truncate bool) {
		dir, rounding := model.HigherIsBetter, config.HalfUp
		if lower {
			dir = model.LowerIsBetter
		}
		if truncate {
			rounding = config.Truncate
		}
		tv, av, sv := fuzzValue(target), fuzzValue(actual), fuzzValue(stated)
		readable := true
		var fast, exact [3]number
		for i, v := range []model.Value{tv, av, sv} {
			var okF, okE bool
			fast[i], okF = readNumber(v.Number)
			exactOnly(func() { exact[i], okE = readNumber(v.Number) })
			if okF != okE {
				t.Fatalf("readNumber(%q): ok %v, big.Rat %v", v.Number, okF, okE)
			}
			if !okF {
				readable = false
				continue
			}
			if fast[i].fast && fast[i].d.m != 0 && fast[i].rat().Sign() == 0 {
				t.Fatalf("readNumber(%q): dec %+v for 0", v.Number, fast[i].d)
			}
			if fast[i].sign() != exact[i].sign() || fast[i].rat().Cmp(exact[i].rat()) != 0 {
				t.Fatalf("readNumber(%q): dec %+v, big.Rat %s", v.Number, fast[i].d, exact[i].rat().RatString())
			}
			if got, want := fast[i].tenths(), roundBoth(exact[i].rat()); got != want {
				t.Fatalf("%q in tenths: %+v, big.Rat %+v", v.Number, got, want)
			}
		}
		s := &fast[2]
		for _, pair := range [][2]int{{1, 0}, {0, 1}} { // actual ÷ target, target ÷ actual
			num, den := &fast[pair[0]], &fast[pair[1]]
			if !readable || den.sign() == 0 {
				continue
			}
			got := rateTenths(num, den)
			p := percentOf(&exact[pair[0]], &exact[pair[1]])
			if want := roundBoth(p); got != want {
				t.Fatalf("%q ÷ %q: %+v, big.Rat %+v", num.text, den.text, got, want)
			}
			for _, shift := range []int{0, 2} {
				for _, tenths := range []int64{got.halfUp, got.trunc, got.halfUp + 1, -got.trunc, 0, 1, math.MaxInt64, math.MinInt64} {
					if a, b := s.isTenths(tenths, shift), exact[2].isTenths(tenths, shift); a != b {
						t.Fatalf("%q × 10^%d = %d tenths: %v, big.Rat %v", s.text, shift, tenths, a, b)
					}
				}
			}
			c := calc{dir: model.HigherIsBetter}
			c.a, c.t = *num, *den
			if a, b := c.exactText(), exactText(p); a != b {
				t.Fatalf("%q ÷ %q × 100: %q, big.Rat %q", num.text, den.text, a, b)
			}
		}

		// A whole Run, with the stated rate as written in the sheet.
		sv.Raw = stated
		mk := func() *model.Batch {
			return batchOf("2018-11-23", model.Indicator{Name: "指標", Years: []model.IndicatorYear{
				{Year: model.FiscalYear{Year: 2017}, Target: tv, Actual: av, StatedRate: sv},
				{Year: model.FiscalYear{Year: 2017}, Target: av, Actual: tv, StatedRate: sv},
			}})
		}
		cfg := defaultConfig()
		cfg.Rounding = rounding
		if dir == model.LowerIsBetter {
			cfg.Indicators = append(cfg.Indicators, config.IndicatorRule{Name: "指標", Direction: "lower"})
		}
		bf, be := mk(), mk()
		Run(bf, OptionsOf(cfg))
		exactOnly(func() { Run(be, OptionsOf(cfg)) })
		if !reflect.DeepEqual(bf, be) {
			t.Fatalf("Run differs:\n fast  %+v\n exact %+v", bf.Findings, be.Findings)
		}
	})
}
