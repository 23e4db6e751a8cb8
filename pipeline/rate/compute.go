// Package rate computes achievement rates (達成率), grades and roll-ups.
//
// A rate is exact decimal arithmetic on the cells as written, brought to one
// decimal only at the end:
//
//	目標値 176, 実績値 187, higher is better → 187 ÷ 176 × 100 = 106.25
//	    half-up → 106.3 (grade A), truncate → 106.2
//	目標値 174, 実績値 198, lower is better  → 174 ÷ 198 × 100 = 87.87… → 87.9 (B)
//	目標値 実施, 実績値 未実施               → 未達成
//	目標値 —  or 0, or 実績値 —              → no rate (—)
//
// No floating point touches a rate: values are read from their canonical
// decimal text as scaled integers (see number.go), and through math/big.Rat,
// the reference, when they are too long for 64 bits.
package rate

import (
	"math"
	"math/big"
	"slices"
	"strings"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// Reason says why Compute gave no rate, or what is doubtful about the one it
// gave. Run turns each reason into a finding (or none).
type Reason uint8

const (
	OK Reason = iota
	// NoTarget: the target is empty or —. No rate, no finding.
	NoTarget
	// ZeroTarget: the target is 0. No rate, no finding (SPEC: target 0 → —).
	ZeroTarget
	// NoActual: the actual is empty or — (a year not yet reported). No rate.
	NoActual
	// InvalidValue: the target or actual could not be read; ingest already
	// reported the cell. No rate, no further finding.
	InvalidValue
	// UnreadableNumber: a value marked as a number whose Decimal is not
	// canonical decimal text (an ingest defect, or a number too long to be
	// real). No rate, error.
	UnreadableNumber
	// ZeroActualLowerIsBetter: 目標 ÷ 0 under lower-is-better. No rate, warning.
	ZeroActualLowerIsBetter
	// QualitativeTargetNumericActual: target 実施, actual a number. No
	// judgement, warning.
	QualitativeTargetNumericActual
	// NumericTargetQualitativeActual: target a number, actual 実施/未実施. No
	// rate, error.
	NumericTargetQualitativeActual
	// QualitativeTargetNotDone: the target itself is 未実施, which sets no goal.
	// No judgement, warning.
	QualitativeTargetNotDone
	// Overflow: the rate in tenths does not fit an int64. No rate, error.
	Overflow
	// NegativeBasis: a rate was computed but the actual is negative
	// (higher is better, a positive target): the rate is below 0, graded
	// as such, with a warning.
	NegativeBasis
	// NegativeRatio: the target is negative, or the actual is under
	// lower-is-better. The ratio then runs against the indicator (target
	// −400, actual −450, worse, would be 112.5 %), so there is no rate.
	// Warning.
	NegativeRatio
)

// Outcome is what Compute decided for one indicator-year.
type Outcome struct {
	// Rate is the rounded rate; valid only for a numeric target and actual.
	Rate model.Rate
	// Qualitative is Achieved or NotAchieved for a qualitative target with a
	// qualitative actual, NotEvaluable otherwise. Numeric rates are graded
	// by Judge.
	Qualitative model.Judgement
	// Exact is the unrounded rate in percent (nil when there is none).
	Exact *big.Rat
	// Reason explains a missing rate or flags a doubtful one.
	Reason Reason
}

// Judge returns the 判定: the grade of a valid rate under bands, else the
// qualitative judgement (or NotEvaluable).
func (o Outcome) Judge(bands []config.GradeBand) model.Judgement {
	if o.Rate.Valid {
		return Grade(o.Rate, bands)
	}
	return o.Qualitative
}

// maxDecimalLen bounds the text of a number Compute will parse. No real cell
// comes near it; it keeps a hostile or corrupted value from costing time or
// memory in big.Rat.
const maxDecimalLen = 256

// ratOf parses a canonical decimal ("-12.5") strictly: digits, at most one
// point, an optional leading minus, no exponent (big.Rat would accept
// "1e999999999" and build that number).
func ratOf(d model.Decimal) (*big.Rat, bool) {
	s := string(d)
	if s == "" || len(s) > maxDecimalLen {
		return nil, false
	}
	body := strings.TrimPrefix(s, "-")
	digits, dots := 0, 0
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return nil, false
		}
	}
	if digits == 0 || dots > 1 {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

var hundred = big.NewRat(100, 1)

// Compute applies the rate rule to one target and actual.
//
// Higher is better: 実績 ÷ 目標 × 100; lower is better: 目標 ÷ 実績 × 100.
// The result is rounded to one decimal by rounding (HalfUp unless Truncate;
// see RoundTenths for negative values).
func Compute(target, actual model.Value, dir model.Direction, rounding config.Rounding) Outcome {
	c := compute(target, actual, dir, rounding)
	if c.Rate.Valid {
		c.exact()
	}
	return c.Outcome
}

// calc is Compute's work on one indicator-year, kept for the checks that
// follow it so that they neither parse the values again nor build a
// big.Rat that no message will show.
type calc struct {
	// Outcome's Exact stays nil until exact is called.
	Outcome
	// t and a are the numeric target and actual; they are read only
	// when both values are numbers.
	t, a number
	dir  model.Direction
	// rates is the rate under both rounding rules, valid when
	// Outcome.Rate is.
	rates rounded
}

func compute(target, actual model.Value, dir model.Direction, rounding config.Rounding) (c calc) {
	c.dir = dir
	if target.Kind == model.ValueInvalid || actual.Kind == model.ValueInvalid {
		c.Reason = InvalidValue
		return c
	}
	switch target.Kind {
	case model.ValueNone:
		c.Reason = NoTarget
		return c
	case model.ValueNotDone:
		c.Reason = QualitativeTargetNotDone
		return c
	case model.ValueDone:
		switch actual.Kind {
		case model.ValueDone:
			c.Qualitative = model.Achieved
		case model.ValueNotDone:
			c.Qualitative = model.NotAchieved
		case model.ValueNumber:
			c.Reason = QualitativeTargetNumericActual
		default:
			c.Reason = NoActual
		}
		return c
	}
	// A numeric target from here on.
	var ok bool
	if c.t, ok = readNumber(target.Number); !ok {
		c.Reason = UnreadableNumber
		return c
	}
	if c.t.sign() == 0 {
		c.Reason = ZeroTarget
		return c
	}
	switch actual.Kind {
	case model.ValueNone:
		c.Reason = NoActual
		return c
	case model.ValueDone, model.ValueNotDone:
		c.Reason = NumericTargetQualitativeActual
		return c
	}
	if c.a, ok = readNumber(actual.Number); !ok {
		c.Reason = UnreadableNumber
		return c
	}
	if dir == model.LowerIsBetter && c.a.sign() == 0 {
		c.Reason = ZeroActualLowerIsBetter
		return c
	}
	if c.t.sign() < 0 || (dir == model.LowerIsBetter && c.a.sign() < 0) {
		c.Reason = NegativeRatio
		return c
	}
	num, den := c.operands(dir)
	c.rates = rateTenths(num, den)
	tenths, ok := c.rates.under(rounding)
	if !ok {
		c.Reason = Overflow
		return c
	}
	c.Rate = model.Rate{Tenths: tenths, Valid: true}
	if c.a.sign() < 0 {
		c.Reason = NegativeBasis
	}
	return c
}

// operands returns the dividend and divisor of the rate under dir.
func (c *calc) operands(dir model.Direction) (num, den *number) {
	if dir == model.LowerIsBetter {
		return &c.t, &c.a
	}
	return &c.a, &c.t
}

// exact returns the unrounded rate in percent; the rate must be valid.
func (c *calc) exact() *big.Rat {
	if c.Exact == nil {
		c.Exact = percentOf(c.operands(c.dir))
	}
	return c.Exact
}

// inverse returns the rate the other direction's formula gives, under both
// rounding rules; ok is false where that formula gives none (目標 ÷ 0).
// The rate must be valid.
func (c *calc) inverse() (r rounded, ok bool) {
	other := model.LowerIsBetter
	if c.dir == model.LowerIsBetter {
		other = model.HigherIsBetter
	}
	num, den := c.operands(other)
	if den.sign() == 0 {
		return rounded{}, false
	}
	return rateTenths(num, den), true
}

// RoundTenths brings a percentage to tenths (106.25 → 1063 half-up, 1062
// truncated). Negative values are symmetric with positive ones: HalfUp
// rounds half away from zero (-106.25 → -1063) and Truncate cuts toward zero
// (-106.25 → -1062), as 四捨五入 and 切り捨て of the absolute value do on
// paper. Any rounding other than Truncate is HalfUp, the default. ok is
// false when the result does not fit an int64.
func RoundTenths(percent *big.Rat, rounding config.Rounding) (tenths int64, ok bool) {
	x := new(big.Rat).Mul(percent, big.NewRat(10, 1))
	num, den := x.Num(), x.Denom() // den > 0; num carries the sign
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if rounding != config.Truncate {
		m.Abs(m).Lsh(m, 1) // 2·|remainder|
		if m.Cmp(den) >= 0 {
			if num.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// otherRounding is the rule the stated-rate check tries second.
func otherRounding(r config.Rounding) config.Rounding {
	if r == config.Truncate {
		return config.HalfUp
	}
	return config.Truncate
}

// Grade returns the grade of a rounded rate: the first band, from the
// highest minimum down, whose minimum the rate reaches; a rate below every
// band gets the lowest band's grade. An invalid rate, or bands that name no
// usable grade, give NotEvaluable.
func Grade(r model.Rate, bands []config.GradeBand) model.Judgement {
	if !r.Valid {
		return model.NotEvaluable
	}
	g := newGrader(bands)
	return g.grade(r)
}

// grader holds bands parsed once, sorted from the highest minimum down, with
// minima in tenths compared as exact rationals.
type grader struct {
	mins   []*big.Rat // in tenths
	grades []model.Judgement
	// least[i] is the smallest whole number of tenths that reaches
	// mins[i], so that grading a rate compares int64s; reachable[i] is
	// false when no int64 does.
	least     []int64
	reachable []bool
}

func newGrader(bands []config.GradeBand) grader {
	var g grader
	for _, b := range bands {
		floor, ok := ratOf(b.Min)
		j := gradeJudgement(b.Grade)
		if !ok || j == model.NotEvaluable {
			continue
		}
		floor.Mul(floor, big.NewRat(10, 1))
		// Insertion keeps the bands sorted descending even when a
		// configuration lists them in another order.
		i := len(g.mins)
		for i > 0 && g.mins[i-1].Cmp(floor) < 0 {
			i--
		}
		g.mins = slices.Insert(g.mins, i, floor)
		g.grades = slices.Insert(g.grades, i, j)
	}
	for _, floor := range g.mins {
		least, ok := ceilInt64(floor)
		g.least = append(g.least, least)
		g.reachable = append(g.reachable, ok)
	}
	return g
}

// ceilInt64 returns the least int64 not below x, clamped to math.MinInt64
// (which every int64 reaches); ok is false when x exceeds every int64.
func ceilInt64(x *big.Rat) (int64, bool) {
	q, m := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int)) // toward zero
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	switch {
	case q.IsInt64():
		return q.Int64(), true
	case q.Sign() < 0:
		return math.MinInt64, true
	}
	return 0, false
}

func (g grader) grade(r model.Rate) model.Judgement {
	if !r.Valid || len(g.mins) == 0 {
		return model.NotEvaluable
	}
	// For a whole number of tenths, r ≥ min exactly when r ≥ ⌈min⌉.
	for i, least := range g.least {
		if g.reachable[i] && r.Tenths >= least {
			return g.grades[i]
		}
	}
	return g.grades[len(g.grades)-1]
}

func gradeJudgement(letter string) model.Judgement {
	switch letter {
	case "A":
		return model.GradeA
	case "B":
		return model.GradeB
	case "C":
		return model.GradeC
	case "D":
		return model.GradeD
	}
	return model.NotEvaluable
}
