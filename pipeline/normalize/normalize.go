// Package normalize turns the text of a management sheet's cells into clean
// values: labels for matching, display text, numbers, qualitative values,
// fiscal years and paragraphs. It knows nothing of workbooks or cells; the
// caller attaches the source.
//
//	"１，４７２"  → number 1472        "22回"     → number 22 (unit 回)
//	"42.0%"     → number 42            "△3"      → number -3
//	"—", "－"   → no value             "済"       → 実施
//	"平成32年度" → 2020                 "令和元年度" → 2019
//	"<p>a</p><ul><li>b</li></ul>" → paragraph "a", bullet "b"
package normalize

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"planreport/pipeline/model"
)

// ErrNotNumber is wrapped by ParseValue's error for text that is neither a
// number, a qualitative value nor empty (約150, 三百).
var ErrNotNumber = errors.New("数値として読めません")

// Fold applies NFKC (full-width digits and Latin to half-width, half-width
// kana to full-width), removes control characters and unpaired surrogates,
// and trims white space. It is the form used to read values and years.
func Fold(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = norm.NFKC.String(s)
	s = stripControls(s)
	return strings.TrimSpace(s)
}

// Label is the form used to recognise labels: Fold, then without any white
// space, so that "（３）目標指標", "(3)目標指標" and "(3) 目標指標" and
// "前 期" and "前期" compare equal.
func Label(s string) string {
	s = Fold(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// Text is the form used to show text: it keeps Japanese punctuation as
// written (（）「」、。 stay full-width — NFKC would turn them into ASCII,
// which reads badly in a Japanese document) but folds full-width digits and
// Latin letters to half-width, turns half-width kana into full-width, drops
// control characters and unpaired surrogates, and collapses runs of white
// space to one space.
func Text(s string) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\u3000' || unicode.IsSpace(r):
			space = true
			continue
		case isControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			r = r - '０' + '0'
		case r >= '\uFF61' && r <= '\uFF9F': // half-width katakana
			b.WriteString(norm.NFKC.String(string(r)))
			continue
		}
		b.WriteRune(r)
	}
	// Half-width voiced marks compose with the preceding kana only under
	// NFC of the whole string.
	return norm.NFC.String(b.String())
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t' && r != '\r') || (r >= 0x7F && r < 0xA0) ||
		r == '\uFEFF' || r == '\u200B' || (r >= 0xD800 && r <= 0xDFFF)
}

func stripControls(s string) string {
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

// IsNoValue reports whether folded text means "no value": empty or a dash.
func IsNoValue(s string) bool {
	switch Fold(s) {
	case "", "—", "-", "―", "–", "‐", "ー", "−", "－", "‒", "─":
		return true
	}
	return false
}

// ParseValue reads a target, actual or stated-rate cell. It returns a Value
// whose Kind is ValueNone, ValueNumber, ValueDone or ValueNotDone; for text
// it cannot read it returns Kind ValueInvalid and an error wrapping
// ErrNotNumber. unit is a trailing unit that was stripped ("回", "%"), so the
// caller can compare it with the indicator's unit. Raw is set to s.
func ParseValue(s string) (v model.Value, unit string, err error) {
	v.Raw = s
	f := Fold(s)
	if IsNoValue(f) {
		return v, "", nil
	}
	switch f {
	case "実施", "済", "完了", "実施済", "実施済み":
		v.Kind = model.ValueDone
		return v, "", nil
	case "未実施", "未済", "未完了":
		v.Kind = model.ValueNotDone
		return v, "", nil
	}
	if hasFoldedNumeral(s) {
		v.Kind = model.ValueInvalid
		return v, "", fmt.Errorf("「%s」: %w", s, ErrNotNumber)
	}
	d, unit, err := ParseNumber(f)
	if err != nil {
		v.Kind = model.ValueInvalid
		return v, "", err
	}
	v.Kind = model.ValueNumber
	v.Number = d
	return v, unit, nil
}

// hasFoldedNumeral reports whether s holds a character that NFKC turns into
// digits but that is not a digit as written: circled and parenthesized
// numerals (①, ⑩, ㊿, ⑴, ⒈), superscripts and the like. They are list
// markers or footnotes, not values, so a value holding one cannot be read
// (as Ⅲ and ½ cannot). ASCII and full-width digits are digits.
func hasFoldedNumeral(s string) bool {
	for i, r := range s {
		if r < utf8.RuneSelf || (r >= '０' && r <= '９') {
			continue
		}
		// Most characters (kana, kanji) have no NFKC decomposition:
		// looked up in place, without building a string per character.
		d := norm.NFKC.PropertiesString(s[i:]).Decomposition()
		if d != nil && bytes.ContainsAny(d, "0123456789") {
			return true
		}
	}
	return false
}

// JudgementWord returns 達成 or 未達成 when s is one of the qualitative
// judgements as written (any width, spaces around), else "".
func JudgementWord(s string) string {
	switch l := Label(s); l {
	case model.Achieved.Label(), model.NotAchieved.Label():
		return l
	}
	return ""
}

// StatedJudgement is 達成 or 未達成 when a sheet wrote one of them where
// the rate goes (ingest keeps it as written, without a number), else "".
func StatedJudgement(v model.Value) string {
	if v.Kind != model.ValueNone {
		return ""
	}
	return JudgementWord(v.Raw)
}

// ParseNumber reads a number written as a person types it: grouping commas
// (1,472), full-width digits, a leading sign or △/▲ (Japanese accounting
// minus), a trailing % or unit word (22回, 42.0%). It returns the exact
// decimal and the unit it stripped.
func ParseNumber(s string) (model.Decimal, string, error) {
	f := Fold(s)
	if f == "" {
		return "", "", fmt.Errorf("「%s」: %w", s, ErrNotNumber)
	}
	neg := false
	switch {
	case strings.HasPrefix(f, "△"), strings.HasPrefix(f, "▲"):
		neg = true
		f = strings.TrimSpace(f[len("△"):])
	case strings.HasPrefix(f, "-"), strings.HasPrefix(f, "−"):
		neg = true
		_, size := utf8.DecodeRuneInString(f)
		f = strings.TrimSpace(f[size:])
	case strings.HasPrefix(f, "+"):
		f = strings.TrimSpace(f[1:])
	}
	// Split the numeric head from a unit tail.
	end := 0
	for end < len(f) {
		c := f[end]
		if (c >= '0' && c <= '9') || c == ',' || c == '.' {
			end++
			continue
		}
		break
	}
	num, unit := f[:end], strings.TrimSpace(f[end:])
	if num == "" || !validUnit(unit) || !validGrouping(num) {
		return "", "", fmt.Errorf("「%s」: %w", s, ErrNotNumber)
	}
	num = strings.ReplaceAll(num, ",", "")
	if strings.HasPrefix(num, ".") {
		num = "0" + num
	}
	d, ok := model.ParseDecimal(num)
	if !ok {
		return "", "", fmt.Errorf("「%s」: %w", s, ErrNotNumber)
	}
	if neg && d != "0" {
		d = "-" + d
	}
	return d, unit, nil
}

// validGrouping accepts plain digits or groups of three after the first
// comma ("1,472", "12,345.5"), and at most one decimal point.
func validGrouping(num string) bool {
	if strings.Count(num, ".") > 1 || strings.HasSuffix(num, ".") && len(num) == 1 {
		return false
	}
	intPart, _, _ := strings.Cut(num, ".")
	if strings.Contains(num[len(intPart):], ",") {
		return false
	}
	if !strings.Contains(intPart, ",") {
		return true
	}
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// validUnit accepts no unit, %, or a short word of letters (件, 回, 団体,
// 人, 班, kWh) — never digits or another number ("150〜200" is not a number).
func validUnit(u string) bool {
	if u == "" {
		return true
	}
	if utf8.RuneCountInString(u) > 8 {
		return false
	}
	for _, r := range u {
		if !(unicode.IsLetter(r) || r == '%' || r == '‰') {
			return false
		}
	}
	// 約150 has its word in front, so it never reaches here; but 150以上
	// and 150程度 are hedges, not units.
	for _, hedge := range []string{"以上", "以下", "未満", "程度", "前後", "超", "約"} {
		if strings.Contains(u, hedge) {
			return false
		}
	}
	return true
}

// StatedText shows the 達成率 as the report and the workbook show it: as the sheet wrote it, with at least one
// decimal when it is a plain whole number, as every rate is shown (and as
// summary.xlsx shows it): a cell formatted 0.0 stores 42 and shows 42.0,
// and reading it raw loses the format.
func StatedText(v model.Value) string {
	if w := StatedJudgement(v); w != "" {
		return w // 達成 / 未達成 written where the rate goes, shown as written
	}
	if v.Kind == model.ValueNone {
		return "—"
	}
	raw := strings.TrimSpace(v.Raw)
	if raw == "" {
		raw = v.Text()
	}
	if v.Kind == model.ValueNumber && !strings.ContainsAny(raw, ".．%％") {
		if model.IsDecimal(raw) {
			return raw + ".0"
		}
	}
	return raw
}
