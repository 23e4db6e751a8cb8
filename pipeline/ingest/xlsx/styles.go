package xlsx

import (
	"iter"
	"strings"
)

// This file reads the number formats of the styles part: which cell styles
// show numbers as dates or as percentages.

// numberFormats says which cell styles (indexes into cellXfs) show numbers
// other than as plain numbers.
type numberFormats struct {
	dates    map[int]bool // as dates or times
	percents map[int]int  // as percentages: style → decimals shown
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
	out := numberFormats{dates: map[int]bool{}, percents: map[int]int{}}
	if err := ps.decode(stylesPath, &st); err != nil {
		return out
	}
	custom := map[int]string{}
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	for i, xf := range st.Xfs {
		code, isCustom := custom[xf.NumFmtID]
		switch {
		case isCustom && isDateFormat(code), !isCustom && builtinDate(xf.NumFmtID):
			out.dates[i] = true
		case isCustom:
			if d, ok := percentDecimals(code); ok {
				out.percents[i] = d
			}
		case xf.NumFmtID == 9: // 0%
			out.percents[i] = 0
		case xf.NumFmtID == 10: // 0.00%
			out.percents[i] = 2
		}
	}
	return out
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

// isDateFormat reports whether a custom format code shows a date or time:
// it has y, m, d, h, s (or the Japanese era g/e) outside quoted text,
// escapes and [..] sections. "General" and Japanese "G/標準" are not dates.
func isDateFormat(code string) bool {
	l := strings.ToLower(code)
	l = strings.ReplaceAll(l, "general", "")
	l = strings.ReplaceAll(l, "g/標準", "")
	for r := range formatSymbols(l) {
		if strings.ContainsRune("ymdhsge", r) {
			if r == 'e' && (strings.Contains(l, "e+") || strings.Contains(l, "e-")) {
				continue // scientific notation
			}
			return true
		}
	}
	return false
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
