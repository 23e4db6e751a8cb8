package model

import (
	"fmt"
	"strconv"
	"strings"
)

// EraYear gives the Japanese era name and year of a Western (fiscal) year:
// 2019 and later are 令和 (2019 = 元), 1989–2018 平成, earlier 昭和.
// Fiscal year 2019 began in 平成31 (April 2019) and the era changed in May;
// the convention of official documents is 令和元年度.
func EraYear(year int) (era string, n int) {
	switch {
	case year >= 2019:
		return "令和", year - 2018
	case year >= 1989:
		return "平成", year - 1988
	default:
		return "昭和", year - 1925
	}
}

func eraNumber(n int) string {
	if n == 1 {
		return "元"
	}
	return strconv.Itoa(n)
}

// Wareki formats a Western fiscal year as 令和3年度.
func Wareki(year int) string {
	era, n := EraYear(year)
	return era + eraNumber(n) + "年度"
}

// Display shows a fiscal year the way the report prints it: in the era of
// the year, with the sheet's own label in parentheses when it differs
// (平成32年度 → 令和2年度（平成32年度）).
func (y FiscalYear) Display() string {
	w := Wareki(y.Year)
	if y.Label == "" || y.Label == w {
		return w
	}
	// 平成31年度 and 令和元年度 both name 2019; the sheet's label is kept
	// visible whenever it is not the canonical one.
	return w + "（" + y.Label + "）"
}

// FiscalYearOfDate is the fiscal year (April–March, by the Western year it
// starts in) of a YYYY-MM-DD date: 2026-03-31 is 2025, 2026-04-01 is 2026.
func FiscalYearOfDate(date string) (int, bool) {
	parts := strings.Split(date, "-")
	if len(parts) != 3 {
		return 0, false
	}
	y, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || m < 1 || m > 12 {
		return 0, false
	}
	if m < 4 {
		return y - 1, true
	}
	return y, true
}

// WarekiDateOr is WarekiDate, or date as it is when it is not a
// YYYY-MM-DD date: for text that must show some date either way.
func WarekiDateOr(date string) string {
	if w, err := WarekiDate(date); err == nil {
		return w
	}
	return date
}

// WarekiDate formats a YYYY-MM-DD date as 令和8年11月23日 (the era by the
// calendar date: 令和 from 2019-05-01).
func WarekiDate(date string) (string, error) {
	parts := strings.Split(date, "-")
	if len(parts) != 3 {
		return "", fmt.Errorf("date %q: want YYYY-MM-DD", date)
	}
	y, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	d, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", fmt.Errorf("date %q: want YYYY-MM-DD", date)
	}
	era, n := eraOfDay(y, m, d)
	return fmt.Sprintf("%s%s年%d月%d日", era, eraNumber(n), m, d), nil
}

// DateEra is the era and its year of a YYYY-MM-DD date, by the calendar
// date (2015-04-01 is 平成 27, 2019-05-01 令和 1), as Excel's era formats
// (ggge) show a date.
func DateEra(date string) (era string, n int, err error) {
	parts := strings.Split(date, "-")
	if len(parts) != 3 {
		return "", 0, fmt.Errorf("date %q: want YYYY-MM-DD", date)
	}
	y, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	d, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return "", 0, fmt.Errorf("date %q: want YYYY-MM-DD", date)
	}
	era, n = eraOfDay(y, m, d)
	return era, n, nil
}

// eraOfDay is the era of a calendar day: 令和 from 2019-05-01, 平成 from
// 1989-01-08, 昭和 from 1926-12-25, 大正 from 1912-07-30, 明治 before.
func eraOfDay(y, m, d int) (string, int) {
	on := func(ey, em, ed int) bool { return y > ey || y == ey && (m > em || m == em && d >= ed) }
	switch {
	case on(2019, 5, 1):
		return "令和", y - 2018
	case on(1989, 1, 8):
		return "平成", y - 1988
	case on(1926, 12, 25):
		return "昭和", y - 1925
	case on(1912, 7, 30):
		return "大正", y - 1911
	}
	return "明治", y - 1867
}
