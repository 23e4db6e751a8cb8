package rate

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// The rate stage runs on the serial path of every nightly run, and a
// big.Rat costs several allocations and a GCD per operation. Nearly every
// value on a sheet is a short decimal (176, 12.5, 0.421), so such values
// are held as a dec and rated with 64-bit words (128 bits for products).
// The big.Rat arithmetic stays the reference: it handles whatever does not
// fit, and FuzzFastMatchesExact holds the two to the same results.

// useFast turns the dec path on; tests turn it off to run the big.Rat
// reference alone and compare.
var useFast = true

// A dec is a decimal held as its digits and a count of decimal places:
// -12.5 is {m: 125, places: 1, neg: true}.
type dec struct {
	m      uint64
	places uint8 // at most maxPlaces
	neg    bool  // never set for zero, which big.Rat has no sign for either
}

// maxPlaces keeps the powers of ten the arithmetic below multiplies by
// (up to 10^(places+4)) within a uint64.
const maxPlaces = 15

var pow10 = [...]uint64{
	1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// decOf reads decimal text of the plain form digits[.digits], with an
// optional leading minus, whose digits fit a uint64. Any other text, valid
// or not, gives ok false and is left to ratOf; so decOf never accepts what
// ratOf refuses.
func decOf(d model.Decimal) (x dec, ok bool) {
	s := string(d)
	if len(s) > maxDecimalLen {
		return dec{}, false
	}
	if len(s) > 0 && s[0] == '-' {
		x.neg, s = true, s[1:]
	}
	dot := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' && dot < 0 && i > 0 {
			dot = i
			continue
		}
		if c < '0' || c > '9' || x.m > (math.MaxUint64-9)/10 {
			return dec{}, false
		}
		x.m = x.m*10 + uint64(c-'0')
	}
	switch {
	case s == "" || dot == len(s)-1: // "", "-", "1."
		return dec{}, false
	case dot >= 0:
		if len(s)-dot-1 > maxPlaces {
			return dec{}, false
		}
		x.places = uint8(len(s) - dot - 1)
	}
	if x.m == 0 {
		x.neg = false
	}
	return x, true
}

// rounded is a value in tenths under both rounding rules; an ok flag is
// false where the rounded value does not fit an int64.
type rounded struct {
	halfUp, trunc     int64
	halfUpOK, truncOK bool
}

// under returns the value under rounding, as RoundTenths would.
func (r rounded) under(rounding config.Rounding) (int64, bool) {
	if rounding == config.Truncate {
		return r.trunc, r.truncOK
	}
	return r.halfUp, r.halfUpOK
}

// roundBoth rounds a percentage to tenths under both rules: the reference
// for quoRound.
func roundBoth(percent *big.Rat) (r rounded) {
	r.halfUp, r.halfUpOK = RoundTenths(percent, config.HalfUp)
	r.trunc, r.truncOK = RoundTenths(percent, config.Truncate)
	return r
}

// quoRound rounds n·10^nExp ÷ (d·10^dExp), negated when neg, to an integer
// under both rules exactly as RoundTenths does: half away from zero, or
// toward zero. ok is false when the divisor does not fit a uint64 (or is
// zero); the caller then takes the big.Rat path.
func quoRound(n uint64, nExp int, d uint64, dExp int, neg bool) (r rounded, ok bool) {
	den, ok := scaled(d, dExp)
	if !ok || den == 0 {
		return rounded{}, false
	}
	hi, lo := bits.Mul64(n, pow10[nExp])
	if hi >= den {
		// The quotient needs more than 64 bits, so no int64 holds it,
		// rounded either way.
		return rounded{}, true
	}
	q, rem := bits.Div64(hi, lo, den)
	r.trunc, r.truncOK = signed(q, neg)
	r.halfUp, r.halfUpOK = r.trunc, r.truncOK
	if rem >= den-rem { // 2·rem ≥ den, without overflowing
		if q == math.MaxUint64 {
			r.halfUp, r.halfUpOK = 0, false
		} else {
			r.halfUp, r.halfUpOK = signed(q+1, neg)
		}
	}
	return r, true
}

// magnitude returns |t|, which for math.MinInt64 only a uint64 holds.
func magnitude(t int64) uint64 {
	if t < 0 {
		return -uint64(t)
	}
	return uint64(t)
}

// scaled returns d·10^exp; ok is false when that needs more than 64 bits.
func scaled(d uint64, exp int) (uint64, bool) {
	hi, lo := bits.Mul64(d, pow10[exp])
	return lo, hi == 0
}

// signed gives the magnitude q the sign neg asks for, when the result fits
// an int64 (-2^63 does, 2^63 does not).
func signed(q uint64, neg bool) (int64, bool) {
	if neg {
		if q > 1<<63 {
			return 0, false
		}
		return int64(-q), true // two's complement: -q for 0 ≤ q ≤ 2^63
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	return int64(q), true
}

// number is a target, actual or stated rate read once per indicator-year:
// as a dec when it is short enough, else as a big.Rat.
type number struct {
	text model.Decimal
	d    dec
	fast bool     // d holds the value
	r    *big.Rat // the value; for a fast number, made on first use
}

// readNumber reads canonical decimal text; ok is false where ratOf's is.
func readNumber(text model.Decimal) (number, bool) {
	if useFast {
		if d, ok := decOf(text); ok {
			return number{text: text, d: d, fast: true}, true
		}
	}
	r, ok := ratOf(text)
	return number{text: text, r: r}, ok
}

func (x *number) sign() int {
	if !x.fast {
		return x.r.Sign()
	}
	switch {
	case x.d.m == 0:
		return 0
	case x.d.neg:
		return -1
	}
	return 1
}

// rat returns the value as a big.Rat, which the caller must not modify.
func (x *number) rat() *big.Rat {
	if x.r == nil {
		x.r, _ = ratOf(x.text)
	}
	return x.r
}

// percentOf returns num ÷ den × 100 exactly: the reference. den is not zero.
func percentOf(num, den *number) *big.Rat {
	p := new(big.Rat).Quo(num.rat(), den.rat())
	return p.Mul(p, hundred)
}

// rateTenths returns num ÷ den × 100 in tenths under both rounding rules.
// den is not zero.
func rateTenths(num, den *number) rounded {
	if num.fast && den.fast {
		// num/10^np ÷ den/10^dp × 1000 = num·10^(dp+3) ÷ den·10^np
		n, d := num.d, den.d
		if r, ok := quoRound(n.m, int(d.places)+3, d.m, int(n.places), n.neg != d.neg); ok {
			return r
		}
	}
	return roundBoth(percentOf(num, den))
}

// tenths returns the number, a percentage, in tenths under both rounding
// rules.
func (x *number) tenths() rounded {
	if x.fast {
		if r, ok := quoRound(x.d.m, 1, 1, int(x.d.places), x.d.neg); ok {
			return r
		}
	}
	return roundBoth(x.rat())
}

// isTenths reports whether the number times 10^shift is exactly t tenths:
// shift 0 asks whether a stated rate is the rate, shift 2 whether it is the
// rate written as a fraction (0.421 for 42.1).
func (x *number) isTenths(t int64, shift int) bool {
	if !x.fast {
		v := new(big.Rat).Mul(x.rat(), new(big.Rat).SetFrac64(int64(pow10[shift]), 1))
		return v.Cmp(new(big.Rat).SetFrac64(t, 10)) == 0
	}
	if x.d.m == 0 || t == 0 {
		return x.d.m == 0 && t == 0
	}
	if x.d.neg != (t < 0) {
		return false
	}
	// m / 10^places × 10^shift = |t| / 10  ⇔  m·10^(shift+1) = |t|·10^places
	lHi, lLo := bits.Mul64(x.d.m, pow10[shift+1])
	rHi, rLo := bits.Mul64(magnitude(t), pow10[x.d.places])
	return lHi == rHi && lLo == rLo
}

// exactText is exactText(c.exact()), without the big.Rat when the operands
// are fast numbers.
func (c *calc) exactText() string {
	num, den := c.operands(c.dir)
	if c.Exact != nil || !num.fast || !den.fast || int(den.d.places)+6 >= len(pow10) {
		return exactText(c.exact())
	}
	// The rate × 10^4 = num·10^(dp+6) ÷ den·10^np, toward zero.
	d, ok := scaled(den.d.m, int(num.d.places))
	hi, lo := bits.Mul64(num.d.m, pow10[den.d.places+6])
	if !ok || d == 0 || hi >= d {
		return exactText(c.exact())
	}
	q, rem := bits.Div64(hi, lo, d)
	return tenThousandthsText(q, rem != 0, num.d.neg != den.d.neg)
}

// tenThousandthsText writes q ten-thousandths as exactText does: with the
// trailing zeros trimmed when exact is true, else with all four places and
// … for the digits cut. neg is the sign of the value before the cut.
func tenThousandthsText(q uint64, cut, neg bool) string {
	var buf [32]byte
	b := buf[:0]
	if neg && (q != 0 || cut) {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, q/1e4, 10)
	frac, places := q%1e4, 4
	if !cut {
		if frac == 0 {
			return string(b)
		}
		for frac%10 == 0 {
			frac, places = frac/10, places-1
		}
	}
	b = append(b, '.')
	for p := pow10[places-1]; p > 0; p /= 10 {
		b = append(b, byte('0'+frac/p%10))
	}
	if cut {
		b = append(b, "…"...)
	}
	return string(b)
}
