package normalize

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// HasFoldedNumeral reports whether s holds a numeral that NFKC turns into
// digits but that is not a digit as written (①, ⑴, ⒈, ¹): see
// hasFoldedNumeral. Readers of identifiers (goal and initiative numbers)
// use it to refuse text that mixes one with other characters (1①, 取組①),
// which NFKC would otherwise fold silently into another number.
func HasFoldedNumeral(s string) bool { return hasFoldedNumeral(s) }

// EnclosedNumber reads s when it is, white space aside, exactly one such
// numeral: ① and ⑴ and ⒈ and ¹ are 1, ⑳ is 20, ⓪ is 0. ok is false for
// anything else (two numerals, a numeral with text, ½, plain digits): a
// lone enclosed numeral is a plausible way to write an identifier's
// number, a numeral among other characters is not.
func EnclosedNumber(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) != 1 || !hasFoldedNumeral(s) {
		return 0, false
	}
	n, err := strconv.Atoi(strings.Trim(norm.NFKC.String(s), "()."))
	return n, err == nil
}
