package workbook

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Column widths are in Excel's unit, the width of one digit of the default
// font. A full-width character (漢字, かな, 全角英数) takes about two.
const (
	minColWidth = 6  // narrow columns still show a short header
	maxColWidth = 60 // long names and messages wrap instead of widening the sheet
	colPadding  = 2  // room for the autofilter button and cell margins
)

// displayWidth counts the columns text takes in a Japanese spreadsheet:
// wide, full-width and East Asian ambiguous characters (・, ○, ※ are drawn
// full-width by Japanese fonts) count two, control characters none. For
// multi-line text the longest line counts. It runs on every cell of the
// workbook, so ASCII is counted without decoding.
func displayWidth(s string) int {
	longest, n := 0, 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			i++
			switch {
			case c == '\n':
				longest, n = max(longest, n), 0
			case c < 0x20 || c == 0x7f: // control
			default:
				n++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsControl(r):
		case isWide(r):
			n += 2
		default:
			n++
		}
	}
	return max(longest, n)
}

func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianAmbiguous:
		return true
	}
	return false
}

// fitWidth turns the widest display width seen in a column into a column
// width: padded, at least minColWidth and at most maxColWidth.
func fitWidth(w int) float64 {
	return float64(min(max(w+colPadding, minColWidth), maxColWidth))
}

// lineCount estimates how many lines text takes when wrapped in a column of
// the given width (in display columns), for row heights: Excel does not
// re-measure rows when it opens a file, so a wrapped cell needs an explicit
// height.
func lineCount(s string, colWidth float64) int {
	usable := max(int(colWidth)-colPadding, 1)
	lines := 0
	for line := range strings.SplitSeq(s, "\n") {
		w := displayWidth(line)
		lines += max(1, (w+usable-1)/usable)
	}
	return lines
}
