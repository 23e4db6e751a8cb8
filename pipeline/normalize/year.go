package normalize

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"planreport/pipeline/model"
)

// ErrNotFiscalYear is wrapped by ParseFiscalYear's error.
var ErrNotFiscalYear = errors.New("年度として読めません")

// eras maps the prefixes a sheet may use to the Western year of the era's
// year 0: 平成N = 1988+N, 令和N = 2018+N.
var eras = []struct {
	prefix string
	base   int
}{
	{"平成", 1988}, {"令和", 2018}, {"H", 1988}, {"R", 2018}, {"昭和", 1925}, {"S", 1925},
}

// ParseFiscalYear reads a fiscal-year label: 平成27年度, 令和元年度, R3年度,
// H27年度, 2021年度, 2021 (also without 年度, and with full-width digits).
// 平成31 and 令和元 are both 2019; 平成32 (never official) is 2020. A label
// may carry the year again in the other calendar in brackets, as many
// sheets (and planreport's own report) write it: 平成27年度（2015年度）,
// 令和3年度(2021), 2021年度（令和3年度）, 令和元年度（平成31年度）; both must
// name the same year. The two names of 2019 may also be joined by / or ・
// or bracketed before 年度 (平成31年度/令和元年度, 平成31・令和元年度, H31/R1,
// 平成31(令和元)年度); again both must be the same year. Label keeps the text as written (trimmed).
func ParseFiscalYear(s string) (model.FiscalYear, error) {
	label := Text(s)
	f := Label(s)
	year, ok := parseYear(f)
	if main, gloss, glossed := splitGloss(f); !ok && glossed {
		y, okMain := parseYear(main)
		g, okGloss := parseYear(gloss)
		year, ok = y, okMain && okGloss && y == g
	}
	if !ok {
		year, ok = parsePair(f)
	}
	if !ok {
		return model.FiscalYear{}, fmt.Errorf("「%s」: %w", s, ErrNotFiscalYear)
	}
	return model.FiscalYear{Year: year, Label: label}, nil
}

// splitGloss splits "平成27年度(2015年度)" (Label-folded: brackets are
// half-width, no spaces) into the year and its bracketed gloss.
func splitGloss(f string) (main, gloss string, ok bool) {
	rest, found := strings.CutSuffix(f, ")")
	i := strings.LastIndex(rest, "(")
	if !found || i <= 0 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

// parsePair reads a label that names one year twice, as sheets that cover
// an era change write 2019: 平成31年度/令和元年度, 平成31・令和元年度,
// H31/R1 (two names joined by / or ・), or 平成31(令和元)年度 (the other
// name in brackets before 年度). Both names must be the same year.
func parsePair(f string) (int, bool) {
	var first, second string
	if i := strings.Index(f, "("); i > 0 && strings.Count(f, "(") == 1 && strings.Count(f, ")") == 1 {
		j := strings.Index(f, ")")
		suffix := f[j+1:]
		if j < i || (suffix != "年度" && suffix != "年") {
			return 0, false
		}
		first, second = f[:i]+suffix, f[i+1:j]+suffix
	} else {
		parts := strings.FieldsFunc(f, func(r rune) bool { return r == '/' || r == '・' })
		if len(parts) != 2 || strings.Count(f, "/")+strings.Count(f, "・") != 1 {
			return 0, false
		}
		first, second = parts[0], parts[1]
	}
	a, okA := parseYear(first)
	b, okB := parseYear(second)
	return a, okA && okB && a == b
}

// parseYear reads one Label-folded year: an era year or a Western year,
// with or without 年度.
func parseYear(f string) (int, bool) {
	f = strings.TrimSuffix(f, "度")
	f = strings.TrimSuffix(f, "年")
	if f == "" {
		return 0, false
	}
	for _, e := range eras {
		if rest, ok := strings.CutPrefix(f, e.prefix); ok {
			n, ok := eraNumber(rest)
			if !ok || n < 1 || n > 99 {
				return 0, false
			}
			return e.base + n, true
		}
	}
	n, err := strconv.Atoi(f)
	if err != nil || n < 1900 || n > 2200 {
		return 0, false
	}
	return n, true
}

func eraNumber(s string) (int, bool) {
	if s == "元" {
		return 1, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && s != "" && s[0] != '+' && s[0] != '-'
}

// LooksLikeFiscalYear reports whether s parses as a fiscal year; it is how a
// parser tells a year label from other text.
func LooksLikeFiscalYear(s string) bool {
	_, err := ParseFiscalYear(s)
	return err == nil
}
