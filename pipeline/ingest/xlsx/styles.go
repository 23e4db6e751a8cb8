package xlsx

import (
	"iter"
	"strconv"
	"strings"
)

// This file reads the number formats of the styles part: which cell styles
// show numbers as dates or as percentages.

// numberFormats says which cell styles (indexes into cellXfs) show numbers
// other than as plain numbers.
type numberFormats struct {
	dates    map[int]bool  // as dates or times
	eras     map[int]bool  // dates with a Japanese era (ggge)
	percents map[int]int   // as percentages: style → decimals shown
	affixes  map[int]affix // whole numbers with text around them
}

// numberStyles reads the styles part. A missing or unreadable styles part
// means plain numbers everywhere.
func numberStyles(ps parts, stylesPath string) numberFormats {
	if stylesPath == "" {
		stylesPath = "xl/styles.xml"
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	out := numberFormats{dates: map[int]bool{}, eras: map[int]bool{}, percents: map[int]int{}, affixes: map[int]affix{}}
	if err := ps.decode(stylesPath, &st); err != nil {
		return out
	}
	custom := map[int]string{}
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	for i, xf := range st.Xfs {
		if code, ok := custom[xf.NumFmtID]; ok {
			out.addCustom(i, code)
		} else {
			out.addBuiltin(i, xf.NumFmtID)
		}
	}
	return out
}

// addCustom records what the custom format code of style i shows.
func (f numberFormats) addCustom(i int, code string) {
	if date, era := dateFormatKind(code); date {
		f.dates[i], f.eras[i] = true, era
		return
	}
	if d, ok := percentDecimals(code); ok {
		f.percents[i] = d
	}
	if a, ok := affixFormat(code); ok {
		f.affixes[i] = a
	}
}

// addBuiltin records what the built-in format id of style i shows.
func (f numberFormats) addBuiltin(i, id int) {
	switch {
	case builtinDate(id):
		f.dates[i], f.eras[i] = true, builtinEra(id)
	case id == 9: // 0%
		f.percents[i] = 0
	case id == 10: // 0.00%
		f.percents[i] = 2
	}
}

// maxPercentDecimals bounds the decimals of a percentage (Excel allows 30;
// a number has 15 significant digits).
const maxPercentDecimals = 15

// percentDecimals reports whether a custom format code shows numbers as
// percentages (a % outside quoted text, escapes and [..] in its first,
// positive section: Excel then multiplies by 100) and with how many
// decimals (placeholders 0, # and ? after the decimal point).
func percentDecimals(code string) (int, bool) {
	afterPoint, decimals, percent := false, 0, false
	for r := range formatSymbols(code) {
		switch {
		case r == ';':
			return min(decimals, maxPercentDecimals), percent
		case r == '%':
			percent = true
		case r == '.':
			afterPoint = true
		case afterPoint && (r == '0' || r == '#' || r == '?'):
			decimals++
		}
	}
	return min(decimals, maxPercentDecimals), percent
}

// builtinDate reports the built-in number formats that show dates or times,
// including the East Asian ones (27–36, 50–58).
func builtinDate(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
}

// builtinEra reports the built-in date formats that show the Japanese era
// in a Japanese Excel ([$-411]ge.m.d, [$-411]ggge"年"m"月"d"日").
func builtinEra(id int) bool {
	switch id {
	case 27, 28, 29, 36, 50, 51, 54, 57, 58:
		return true
	}
	return false
}

// dateFormatKind reports whether a custom format code shows a date or
// time: it has y, m, d, h, s (or the Japanese era g/e) outside quoted
// text, escapes and [..] sections; and whether it shows the era (g or e:
// ggge"年度" shows 2015-04-01 as 平成27年度). "General" and Japanese
// "G/標準" are not dates.
func dateFormatKind(code string) (date, era bool) {
	l := strings.ToLower(code)
	l = strings.ReplaceAll(l, "general", "")
	l = strings.ReplaceAll(l, "g/標準", "")
	for r := range formatSymbols(l) {
		if !strings.ContainsRune("ymdhsge", r) {
			continue
		}
		if r == 'e' && (strings.Contains(l, "e+") || strings.Contains(l, "e-")) {
			continue // scientific notation
		}
		date, era = true, era || r == 'g' || r == 'e'
	}
	return date, era
}

// affix is the text a number format writes before and after a whole
// number: "平成"0"年度" is 平成 and 年度.
type affix struct{ prefix, suffix string }

// show is the text a cell holding the number s shows with the format:
// ok is false for a format without text and for a number that is not a
// whole number from 0 (which the format would round or sign).
func (a affix) show(s string) (string, bool) {
	if a == (affix{}) {
		return "", false
	}
	if n, err := strconv.Atoi(s); err != nil || n < 0 {
		return "", false
	}
	return a.prefix + s + a.suffix, true
}

// affixFormat reads a custom format code that shows a whole number with
// text around it ("平成"0"年度", 0"年度", "R"#"年度", G/標準"年度"): in its
// first section, text (quoted, escaped, or characters that are no format
// symbol), one run of the placeholders 0 # ? or General, then text; [..]
// sections (locale, colour) are passed over. ok is false for any other
// format (decimals, thousands, %, dates) and for one without text.
func affixFormat(code string) (affix, bool) {
	var a affix
	rs := []rune(code)
	state := 0 // 0 before the number, 1 in it, 2 after it
	for i := 0; i < len(rs) && rs[i] != ';'; i++ {
		text, next, ok := formatText(rs, i)
		switch {
		case ok:
			i = next
			if state == 0 {
				a.prefix += text
				continue
			}
			state, a.suffix = 2, a.suffix+text
		case strings.ContainsRune("0#?", rs[i]) && state < 2:
			state = 1
		case state == 0 && generalAt(rs, i) > 0:
			state, i = 1, i+generalAt(rs, i)-1
		default:
			return affix{}, false
		}
	}
	return a, state > 0 && a != (affix{})
}

// formatText reads the literal text of a format code at rs[i]: a quoted
// string, an escaped character, a [..] section (no text), or a character
// that is no format symbol. next is the index of its last rune.
func formatText(rs []rune, i int) (text string, next int, ok bool) {
	switch r := rs[i]; {
	case r == '"' || r == '[':
		end := '"'
		if r == '[' {
			end = ']'
		}
		for j := i + 1; j < len(rs); j++ {
			if rs[j] == end {
				if r == '[' {
					return "", j, true
				}
				return string(rs[i+1 : j]), j, true
			}
		}
		return "", i, false
	case r == '\\' && i+1 < len(rs):
		return string(rs[i+1]), i + 1, true
	case r > 0x7f, strings.ContainsRune(" $-+/():!^&'~{}<>=", r):
		return string(r), i, true
	}
	return "", i, false
}

// generalAt is the length of "General" or "G/標準" at rs[i], or 0.
func generalAt(rs []rune, i int) int {
	rest := strings.ToLower(string(rs[i:]))
	for _, w := range []string{"general", "g/標準"} {
		if strings.HasPrefix(rest, w) {
			return len([]rune(w))
		}
	}
	return 0
}

// formatSymbols yields the runes of a number format code that are format
// symbols: not inside quoted text or a [..] section (colour, condition,
// locale) and not escaped (\x, and the character after _ or *, which only
// pads). Section separators (;) are yielded too.
func formatSymbols(code string) iter.Seq[rune] {
	return func(yield func(rune) bool) {
		inQuote, inBracket, escaped := false, false, false
		for _, r := range code {
			switch {
			case escaped:
				escaped = false
			case inQuote:
				inQuote = r != '"'
			case inBracket:
				inBracket = r != ']'
			case r == '\\' || r == '_' || r == '*':
				escaped = true
			case r == '"':
				inQuote = true
			case r == '[':
				inBracket = true
			default:
				if !yield(r) {
					return
				}
			}
		}
	}
}
