package layout

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzBreakLines breaks arbitrary text at arbitrary widths. Whatever the
// text, breaking ends, loses no visible character, and keeps the rules a
// reader of the report relies on: a line is no wider than the width unless
// it is one glyph (with the no-start characters that hang after it), no
// line but the first of a paragraph starts with a no-start character, and
// none but the last ends with a no-end one (unless it is that one glyph).
func FuzzBreakLines(f *testing.F) {
	seeds := []string{
		"コミュニティづくり支援補助事業：前年対比1.5件増の172件の補助。",
		"きゃっ、", "abcdefg、", "ICT Solution", "あいう1,234件", "abc   def",
		"（地域振興課と共同で先進地視察等を実施）", "あ\n\nい", "ab 、", "「」「」「」", "ー",
		"達成率 100.0 ％（R3年度）", "\ue000\ue000あ", "abc(de", "Wi-Fi(無線LAN)",
	}
	for _, s := range seeds {
		for _, w := range []float64{0, 3, 20, 30, 50, 120} {
			f.Add(s, w)
		}
	}
	f.Fuzz(func(t *testing.T, s string, width float64) {
		if !utf8.ValidString(s) || math.IsNaN(width) || width < 0 || width > 1000 {
			return
		}
		ms := NewMeasurer(&fakeMetrics{})
		s = ms.Sanitize(false, s)
		lines := ms.BreakLines(s, ten, width)
		if got, want := visible(strings.Join(lines, "")), visible(s); got != want {
			t.Fatalf("BreakLines(%q, %v) lost text: %q", s, width, lines)
		}
		// Each paragraph is broken on its own.
		var byParagraph []string
		for _, para := range strings.Split(s, "\n") {
			broken := ms.BreakLines(para, ten, width)
			byParagraph = append(byParagraph, broken...)
			for i, l := range broken {
				checkLine(t, ms, l, i == 0, i == len(broken)-1, width, broken)
			}
		}
		if !slices.Equal(lines, byParagraph) {
			t.Fatalf("BreakLines(%q, %v) = %q, paragraph by paragraph %q", s, width, lines, byParagraph)
		}
	})
}

// checkLine checks one line l of the lines a paragraph was broken into
// (first, last: l is the first, the last).
func checkLine(t *testing.T, ms *Measurer, l string, first, last bool, width float64, lines []string) {
	t.Helper()
	if l == "" {
		return
	}
	if r, _ := utf8.DecodeRuneInString(l); !first && NoStart(r) {
		t.Errorf("width %v, lines %q: %q starts with the no-start %q", width, lines, l, r)
	}
	trimmed := strings.TrimRight(l, " ")
	if r, _ := utf8.DecodeLastRuneInString(trimmed); !last && NoEnd(r) && utf8.RuneCountInString(trimmed) > 1 {
		t.Errorf("width %v, lines %q: %q ends with the no-end %q", width, lines, l, r)
	}
	body := strings.TrimRightFunc(l, func(r rune) bool { return r == ' ' || NoStart(r) })
	if utf8.RuneCountInString(body) > 1 && ms.Width(ten, body) > width+epsilon {
		t.Errorf("width %v, lines %q: %q is wider", width, lines, l)
	}
}

// visible is s without the spaces and line ends breaking may drop.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
}
