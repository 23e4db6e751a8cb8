package templates

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"planreport/pipeline/model"
)

// FiscalYearLabel writes a Western fiscal year the way sheets label it:
// 2015 → 平成27年度, 2019 → 令和元年度, 2021 → 令和3年度.
func FiscalYearLabel(year int) string { return model.Wareki(year) }

// ParseFiscalYear reads a fiscal year given on the command line: 2021,
// 2021年度, 令和3年度, 令和元, R3, 平成27, H27 (full-width digits too). It
// returns the Western year.
func ParseFiscalYear(s string) (int, error) {
	t := strings.TrimSpace(norm.NFKC.String(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "度"), "年")
	bad := fmt.Errorf("「%s」は年度として読めません（例: 令和3年度、R3、2021）", s)
	for _, era := range []struct {
		prefix string
		base   int
	}{{"令和", 2018}, {"R", 2018}, {"r", 2018}, {"平成", 1988}, {"H", 1988}, {"h", 1988}} {
		rest, ok := strings.CutPrefix(t, era.prefix)
		if !ok {
			continue
		}
		if rest == "元" {
			return era.base + 1, nil
		}
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 || n > 99 || rest[0] == '+' {
			return 0, bad
		}
		return era.base + n, nil
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 1989 || n > 2200 {
		return 0, bad
	}
	return n, nil
}
