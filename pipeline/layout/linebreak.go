package layout

import (
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Kinsoku (禁則) sets after JLReq: characters that may not start a line
// (closing brackets, punctuation, iteration marks, the prolonged sound mark
// and small kana) and characters that may not end one (opening brackets).
// UAX #14 already forbids most of these breaks; it allows a break before small
// kana and ー (class CJ, resolved as ID), which Japanese documents do not.
const (
	noStartChars = "、。，．・：；？！）」』】〕〉》］｝〙〗〟’”ー―ゝゞヽヾ々〻" +
		"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ" +
		",.:;?!)]}%％"
	noEndChars = "（「『【〔〈《［｛〘〖〝‘“([{"
)

// NoStart reports whether r may not begin a line.
func NoStart(r rune) bool { return strings.ContainsRune(noStartChars, r) }

// NoEnd reports whether r may not end a line.
func NoEnd(r rune) bool { return strings.ContainsRune(noEndChars, r) }

// chunk is a run of text between two allowed break points.
type chunk struct {
	text    string
	width   float64 // without trailing spaces: what must fit on the line
	advance float64 // with trailing spaces: where the next chunk starts
}

// BreakLines breaks s into lines no wider than width points at font f.
// Newlines in s are hard breaks (an empty input line gives an empty output
// line). Break opportunities come from UAX #14, narrowed by the kinsoku sets;
// a number such as 1,234 or a Latin word is broken inside only when it alone
// is wider than the line, and then one glyph at a time, so a width narrower
// than a glyph yields one glyph per line instead of looping. Trailing spaces
// are dropped from every line. s should be Sanitize'd by the caller.
func (ms *Measurer) BreakLines(s string, f Font, width float64) []string {
	key := breakKey{s, f, width}
	if lines, ok := ms.lines[key]; ok {
		return lines
	}
	lines := ms.breakLines(s, f, width)
	ms.lines[key] = lines
	return lines
}

func (ms *Measurer) breakLines(s string, f Font, width float64) []string {
	var lines []string
	for hard := range strings.SplitSeq(s, "\n") {
		hard = strings.TrimRight(hard, " \r")
		if hard == "" {
			lines = append(lines, "")
			continue
		}
		lines = ms.breakHardLine(lines, hard, f, width)
	}
	return lines
}

// chunks splits one hard line at its allowed break opportunities.
func (ms *Measurer) chunks(s string, f Font) []chunk {
	var segs []string
	state := -1
	rest := s
	for rest != "" {
		var seg string
		seg, rest, _, state = uniseg.FirstLineSegmentInString(rest, state)
		if len(segs) > 0 {
			prev := segs[len(segs)-1]
			first, _ := utf8.DecodeRuneInString(seg)
			last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(prev, " "))
			// A break before a no-start or after a no-end character is not
			// an opportunity: glue the segments.
			if NoStart(first) || NoEnd(last) {
				segs[len(segs)-1] = prev + seg
				continue
			}
		}
		segs = append(segs, seg)
	}
	out := make([]chunk, len(segs))
	for i, seg := range segs {
		trimmed := strings.TrimRight(seg, " ")
		w := ms.Width(f, trimmed)
		out[i] = chunk{text: seg, width: w, advance: w + ms.Width(f, seg[len(trimmed):])}
	}
	return out
}

const epsilon = 1e-6

// shortcutMargin is far above the rounding of a sum of a line's chunk
// widths (about 1e-14 pt) and far below anything visible.
const shortcutMargin = 1e-9

func (ms *Measurer) breakHardLine(lines []string, s string, f Font, width float64) []string {
	// Most texts (table cells, headings, short sentences) fit on one line:
	// then no break opportunity is taken and the line is s itself, since
	// every prefix of s is at most as wide as s. Finding the opportunities
	// (UAX #14, kinsoku) is the dearest part of breaking. Breaking adds the
	// chunks' widths one by one, which can round to a hair more than the
	// width of the whole: a text within shortcutMargin of the limit takes
	// the long way, so that the result never depends on the shortcut.
	if line := strings.TrimRight(s, " "); ms.Width(f, line) <= width+epsilon-shortcutMargin {
		return append(lines, line)
	}
	return ms.breakOpportunities(lines, s, f, width)
}

// breakOpportunities is breakHardLine for a line that may not fit: it
// breaks at the allowed opportunities.
func (ms *Measurer) breakOpportunities(lines []string, s string, f Font, width float64) []string {
	var line strings.Builder
	x := 0.0 // advance of the current line, trailing spaces included
	flush := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		x = 0
	}
	for _, c := range ms.chunks(s, f) {
		if line.Len() > 0 && x+c.width > width+epsilon {
			flush()
		}
		if line.Len() == 0 && c.width > width+epsilon {
			// The chunk alone is wider than the line: break it between
			// glyphs, keeping at least one glyph per line.
			lines, x = ms.splitChunk(lines, &line, c.text, f, width)
			continue
		}
		line.WriteString(c.text)
		x += c.advance
	}
	if line.Len() > 0 {
		flush()
	}
	return lines
}

// splitChunk breaks an over-wide chunk glyph by glyph. The last partial line
// stays in line for the following chunks; its advance is returned.
func (ms *Measurer) splitChunk(lines []string, line *strings.Builder, text string, f Font, width float64) ([]string, float64) {
	runes := []rune(text)
	start := 0
	for start < len(runes) {
		x := 0.0
		end := start
		for end < len(runes) {
			w := ms.RuneWidth(f, runes[end])
			if end > start && x+w > width+epsilon {
				break
			}
			x += w
			end++
		}
		if end == len(runes) {
			line.WriteString(string(runes[start:]))
			return lines, ms.Width(f, string(runes[start:]))
		}
		// Kinsoku inside a forced split, when the line can spare a glyph:
		// push one down rather than start the next line with a no-start
		// character or end this one with a no-end character ("abc(de":
		// "abc", "(de"). The spaces a break drops do not count: "100.0 ％"
		// must not leave ％ at the start of a line either.
		for end-start >= 2 && (nextIsNoStart(runes, end) || endsNoEnd(runes[start:end])) {
			end--
		}
		// Nothing left to push down (a glyph followed only by no-start
		// characters, きゃっ、): let those hang past the line end, as
		// JLReq's ぶら下げ does, rather than start a line with them.
		for nextIsNoStart(runes, end) {
			end = skipSpaces(runes, end) + 1
		}
		if end == len(runes) {
			line.WriteString(string(runes[start:]))
			return lines, ms.Width(f, string(runes[start:]))
		}
		lines = append(lines, strings.TrimRight(string(runes[start:end]), " "))
		start = skipSpaces(runes, end)
	}
	return lines, 0
}

// skipSpaces returns the index of the first rune at or after i that is not
// a space (len(runes) when there is none).
func skipSpaces(runes []rune, i int) int {
	for i < len(runes) && runes[i] == ' ' {
		i++
	}
	return i
}

// endsNoEnd reports whether the last glyph of line, spaces aside, is a
// no-end character.
func endsNoEnd(line []rune) bool {
	for i := len(line) - 1; i >= 0; i-- {
		if line[i] != ' ' {
			return NoEnd(line[i])
		}
	}
	return false
}

// nextIsNoStart reports whether the first glyph at or after i, spaces
// skipped, is a no-start character.
func nextIsNoStart(runes []rune, i int) bool {
	i = skipSpaces(runes, i)
	return i < len(runes) && NoStart(runes[i])
}

// nameSeparators end the parts of a name: 総務部・財務部, 総務課・行政経営課,
// 総務部.xlsx／取組3／E32, a number and a title.
const nameSeparators = "・／ "

// BreakName breaks a name (departments, a section's label, a file, sheet
// and cell) into lines no wider than width, only after one of its
// separators (・, ／, a space): 「総務部・」「財務部」, never 「総務部・財務」「部」. A
// part wider than the line alone is broken as BreakLines breaks it.
// Newlines are hard breaks.
func (ms *Measurer) BreakName(s string, f Font, width float64) []string {
	var lines []string
	for hard := range strings.SplitSeq(s, "\n") {
		hard = strings.TrimRight(hard, " \r")
		if ms.Width(f, hard) <= width+epsilon-shortcutMargin {
			lines = append(lines, hard)
			continue
		}
		line := ""
		for _, part := range nameParts(hard) {
			if line != "" && ms.Width(f, strings.TrimRight(line+part, " ")) <= width+epsilon {
				line += part
				continue
			}
			if line != "" {
				lines = append(lines, strings.TrimRight(line, " "))
				line = ""
			}
			if ms.Width(f, strings.TrimRight(part, " ")) <= width+epsilon {
				line = part
				continue
			}
			// Too wide alone: its last line starts the next.
			broken := ms.BreakLines(part, f, width)
			lines = append(lines, broken[:len(broken)-1]...)
			line = broken[len(broken)-1]
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// nameParts splits s after each separator (a separator ends its part).
func nameParts(s string) []string {
	var parts []string
	for s != "" {
		i := strings.IndexAny(s, nameSeparators)
		if i < 0 {
			parts = append(parts, s)
			break
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		parts = append(parts, s[:i+n])
		s = s[i+n:]
	}
	return parts
}
