package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// field is one of the five fields of a standard spec, with the bounds
// robfig/cron gives it, in the words of CronHelp.
type field struct {
	name     string
	min, max int
	allowed  string
	names    map[string]int // accepted three-letter names (lower case)
}

var fields = [5]field{
	{"分", 0, 59, "0〜59", nil},
	{"時", 0, 23, "0〜23", nil},
	{"日", 1, 31, "1〜31", nil},
	{"月", 1, 12, "1〜12", map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}},
	{"曜日", 0, 6, "0〜6、0 が日曜", map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}},
}

// Reason says in Japanese what is wrong with spec, or "" when Parse
// accepts it. A configuration check uses it rather than robfig/cron's
// own error, whose text ("end of range (25) above maximum (23): 25") is
// English.
func Reason(spec string) string {
	if _, err := Parse(spec); err != nil {
		if se, ok := err.(*specError); ok {
			return se.reason
		}
		return err.Error()
	}
	return ""
}

// explain finds what robfig/cron rejected in spec, following its parser
// (v3: CRON_TZ= or TZ= up to the first space, descriptors, five fields of
// comma-separated ranges with an optional step). It only explains: the
// parser stays the judge of what is accepted, and "" means that explain
// found nothing (the caller then says so in general words).
func explain(spec string) string {
	rest := spec
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		eq, sp := strings.Index(spec, "="), strings.Index(spec, " ")
		if sp < 0 {
			return "CRON_TZ= のタイムゾーンの後に、空白で区切って予定を書いてください"
		}
		if zone := spec[eq+1 : sp]; !validZone(zone) {
			return fmt.Sprintf("タイムゾーン「%s」はありません（例: CRON_TZ=Asia/Tokyo）", zone)
		}
		rest = strings.TrimSpace(spec[sp:])
	}
	if strings.HasPrefix(rest, "@") {
		if d, ok := strings.CutPrefix(rest, "@every "); ok {
			return fmt.Sprintf("@every の後の間隔「%s」を読めません（例: @every 1h は 1 時間ごと、@every 30m は 30 分ごと）", d)
		}
		return fmt.Sprintf("「%s」という書き方はありません（使えるのは @daily・@hourly・@weekly・@monthly・@yearly・@every 1h など）", rest)
	}
	parts := strings.Fields(rest)
	if len(parts) != len(fields) {
		return fmt.Sprintf("項目が %d 個あります（五つ必要です）", len(parts))
	}
	for i, p := range parts {
		if why := fields[i].explain(p); why != "" {
			return fmt.Sprintf("%d 番目の項目（%s）の%s", i+1, fields[i].name, why)
		}
	}
	return ""
}

func validZone(name string) bool {
	_, err := time.LoadLocation(name)
	return err == nil
}

// explain says what is wrong with one field's text, or "".
func (f field) explain(text string) string {
	// Empty items ("1,,2") are skipped, as robfig/cron does.
	for _, item := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' }) {
		if why := f.explainItem(item); why != "" {
			return why
		}
	}
	return ""
}

// explainItem checks one item of a list: *, a value or a range, with an
// optional /step.
func (f field) explainItem(item string) string {
	rangeAndStep := strings.Split(item, "/")
	lowHigh := strings.Split(rangeAndStep[0], "-")
	switch {
	case len(rangeAndStep) > 2:
		return fmt.Sprintf("「%s」に「/」が二つ以上あります", item)
	case len(lowHigh) > 2:
		return fmt.Sprintf("「%s」に「-」が二つ以上あります", item)
	}
	start, end := f.min, f.max
	if lowHigh[0] != "*" && lowHigh[0] != "?" {
		var ok bool
		if start, ok = f.value(lowHigh[0]); !ok {
			return unreadable(lowHigh[0])
		}
		end = start
		if len(lowHigh) == 2 {
			if end, ok = f.value(lowHigh[1]); !ok {
				return unreadable(lowHigh[1])
			}
		}
	}
	if len(rangeAndStep) == 2 {
		step, err := strconv.Atoi(rangeAndStep[1])
		switch {
		case err != nil:
			return unreadable(rangeAndStep[1])
		case step <= 0:
			return fmt.Sprintf("「%s」の「/」の後の間隔は 1 以上にしてください", item)
		}
		if len(lowHigh) == 1 {
			end = f.max // "N/step" is "N-max/step"
		}
	}
	switch {
	case start < f.min || end > f.max:
		return fmt.Sprintf("「%s」が範囲外です（%sは %s）", item, f.name, f.allowed)
	case start > end:
		return fmt.Sprintf("「%s」は範囲の始め（%d）が終わり（%d）より大きくなっています", item, start, end)
	}
	return ""
}

// value reads a number or, for months and weekdays, a three-letter name.
func (f field) value(s string) (int, bool) {
	if n, ok := f.names[strings.ToLower(s)]; ok {
		return n, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

func unreadable(s string) string {
	if s == "" {
		return "値が欠けています（「-」や「/」の前後に数を書きます）"
	}
	return fmt.Sprintf("「%s」を数として読めません（半角の数字で書きます）", s)
}

// specError is an unusable spec: the message is Japanese, robfig/cron's
// error stays in the chain for errors.Is/As.
type specError struct {
	spec, reason string
	err          error
}

func (e *specError) Error() string {
	// The reason first: it is what to fix; the general help follows.
	return fmt.Sprintf("スケジュール「%s」は cron の書式として正しくありません。%s。%s", e.spec, e.reason, CronHelp)
}

func (e *specError) Unwrap() error { return e.err }
