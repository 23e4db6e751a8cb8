package layout

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// fakeMetrics makes widths easy to work out by hand: ASCII is half-width
// (500/1000 em), everything else full-width (1000/1000 em), and U+E000 has
// no glyph. At a 10 pt font a kanji is 10 pt wide and a digit 5 pt.
type fakeMetrics struct{ calls map[rune]int }

func (m *fakeMetrics) Advance(bold bool, r rune) (int, bool) {
	if m.calls != nil {
		m.calls[r]++
	}
	switch {
	case r == 0xE000:
		return 0, false
	case r < 0x80:
		return 500, true
	}
	return 1000, true
}

var ten = Font{Size: 10}

func TestBreakLines(t *testing.T) {
	ms := NewMeasurer(&fakeMetrics{})
	cases := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		// 50 pt holds five kanji.
		{"plain", "あいうえおかきくけこさし", 50, []string{"あいうえお", "かきくけこ", "さし"}},
		// 。 may not start a line: か goes down with it (追い出し).
		{"no-start period", "あいうえおか。きく", 50, []string{"あいうえお", "か。きく"}},
		{"no-start comma", "あいうえお、かき", 50, []string{"あいうえ", "お、かき"}},
		// Small kana and ー: UAX #14 allows a break before them, JLReq not.
		{"small tsu", "あいうえがっこう", 50, []string{"あいうえ", "がっこう"}},
		{"small ya", "あいうえきゃく", 50, []string{"あいうえ", "きゃく"}},
		{"prolonged", "あいうえコーヒー", 50, []string{"あいうえ", "コーヒー"}},
		{"katakana small", "あいうえフォント", 50, []string{"あいうえ", "フォント"}},
		{"iteration", "あいうえ人々が", 50, []string{"あいうえ", "人々が"}},
		{"closing bracket", "あいうえ（か）きく", 50, []string{"あいうえ", "（か）きく"}},
		// （ may not end a line.
		{"opening bracket", "あいう「かき」く", 40, []string{"あいう", "「かき」", "く"}},
		{"nakaguro", "あいうえ・かき", 40, []string{"あいう", "え・かき"}},
		// A glued group wider than the line is split between glyphs, never
		// before a no-start character: here nothing can be pushed down, so
		// the no-start characters hang past the line end (ぶら下げ).
		{"forced split", "きゃっ、", 30, []string{"きゃっ、"}},
		{"forced split pushes down", "abcdefg、", 20, []string{"abcd", "ef", "g、"}},
		// The space a break would drop does not hide the no-start ％: 0 goes
		// down with it.
		{"space before no-start", "100.0 ％", 25, []string{"100.", "0 ％"}},
		// An opening bracket inside a word split by force goes down too.
		{"forced split before opening bracket", "abc(de", 20, []string{"abc", "(de"}},
		// 1,234 is 5 half-width glyphs = 25 pt: kept whole.
		{"number whole", "あいう1,234件", 50, []string{"あいう", "1,234件"}},
		// Latin words stay whole; breaks come at spaces (30 pt = 6 letters).
		{"latin words", "ICT Solution", 30, []string{"ICT", "Soluti", "on"}},
		{"mixed", "新たなICT活用", 50, []string{"新たなICT", "活用"}},
		// A word wider than the line is broken between glyphs.
		{"long word", "abcdefghij", 20, []string{"abcd", "efgh", "ij"}},
		// Narrower than one glyph: one glyph per line, no endless loop.
		{"too narrow", "あいう", 3, []string{"あ", "い", "う"}},
		{"zero width", "ab", 0, []string{"a", "b"}},
		{"hard breaks", "あ\n\nい", 50, []string{"あ", "", "い"}},
		{"trailing spaces", "abc   def", 15, []string{"abc", "def"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ms.BreakLines(c.text, ten, c.width)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("BreakLines(%q, %v) = %q, want %q", c.text, c.width, got, c.want)
			}
		})
	}
}

// TestKinsokuEverywhere breaks a long text at every width from 30 to 100 pt
// and checks no line starts with a no-start or ends with a no-end character,
// and nothing is lost.
func TestKinsokuEverywhere(t *testing.T) {
	ms := NewMeasurer(&fakeMetrics{})
	text := "コミュニティづくり支援補助事業：事業の浸透定着により前年対比1.5件増の172件の補助。（地域振興課と共同で先進地視察等を実施）「ライフイベント」のデザインを更新し、ホームページ・市報の改善について、きゃっ、ちょっと人々のフォーラムへ！？"
	for w := 30.0; w <= 100; w += 5 {
		lines := ms.BreakLines(text, ten, w)
		if strings.Join(lines, "") != text {
			t.Fatalf("width %v: text changed: %q", w, lines)
		}
		for i, l := range lines {
			r := []rune(l)
			if i > 0 && NoStart(r[0]) {
				t.Errorf("width %v: line %d starts with %q: %q", w, i, r[0], l)
			}
			if i < len(lines)-1 && NoEnd(r[len(r)-1]) {
				t.Errorf("width %v: line %d ends with %q: %q", w, i, r[len(r)-1], l)
			}
			if ms.Width(ten, l) > w+epsilon && len(r) > 1 {
				// Only a glued kinsoku group may overflow, never a free run.
				t.Logf("width %v: line %d overflows: %q", w, i, l)
			}
		}
	}
}

func TestWidthsCachedOncePerRune(t *testing.T) {
	m := &fakeMetrics{calls: map[rune]int{}}
	ms := NewMeasurer(m)
	ms.BreakLines(strings.Repeat("あいうえお、", 100), ten, 50)
	for r, n := range m.calls {
		if n != 1 {
			t.Errorf("Advance(%q) called %d times", r, n)
		}
	}
}

func TestSanitizeMissingGlyph(t *testing.T) {
	ms := NewMeasurer(&fakeMetrics{})
	// U+E000 has no glyph: drawn and measured as 〓 (which the fake has).
	if got := ms.Sanitize(false, "a\uE000b\tc\x01"); got != "a〓b c" {
		t.Errorf("Sanitize = %q", got)
	}
}

func TestBulletLines(t *testing.T) {
	ms := NewMeasurer(&fakeMetrics{})
	// 60 pt: the marker takes a 10 pt indent, five kanji per line follow.
	got := ms.Lines("・あいうえおかきく", ten, 60)
	want := []Line{{Text: "あいうえお", Offset: 10, Marker: BulletMarker}, {Text: "かきく", Offset: 10}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Lines = %+v, want %+v", got, want)
	}
}

func TestTruncate(t *testing.T) {
	ms := NewMeasurer(&fakeMetrics{})
	// 35 pt: … (10 pt) leaves 25 pt, two kanji.
	if got := ms.Truncate(ten, "あいうえお", 35); got != "あい…" {
		t.Errorf("Truncate = %q", got)
	}
	if got := ms.Truncate(ten, "あい", 35); got != "あい" {
		t.Errorf("Truncate = %q", got)
	}
}

// boldGap is fakeMetrics whose bold face also lacks U+E001.
type boldGap struct{ fakeMetrics }

func (m *boldGap) Advance(bold bool, r rune) (int, bool) {
	if bold && r == 0xE001 {
		return 0, false
	}
	return m.fakeMetrics.Advance(bold, r)
}

func TestMissingEither(t *testing.T) {
	ms := NewMeasurer(&boldGap{})
	for _, c := range []struct {
		in   string
		want []rune
	}{
		{"普通の文", nil},
		{"\ue001a\ue000\x01b\ue000", []rune{0xE000, 0xE001}}, // regular's first, then bold's
		{"\ue001\ue001", []rune{0xE001}},
	} {
		if got := ms.MissingEither(c.in); !slices.Equal(got, c.want) {
			t.Errorf("MissingEither(%q) = %U, want %U", c.in, got, c.want)
		}
	}
}

// The one-line shortcut of breakHardLine gives what breaking at the
// opportunities gives, for texts around the width of the line.
func TestOneLineShortcut(t *testing.T) {
	ms := NewMeasurer(&fakeMetrics{})
	texts := []string{
		"", " ", "a", "abc  ", "総務部", "総務部・財務部", "（仮称）市民協働", "1,234 件",
		"達成率は 106.3% でした。", "きゃっ、", "Latin words and 日本語 mixed  ",
		"ー始まり", "「かぎ」と『二重』", "   先頭の空白", strings.Repeat("長", 12),
	}
	for _, s := range texts {
		s = strings.TrimRight(s, " \r")
		if s == "" {
			continue // breakLines handles an empty line before breakHardLine
		}
		for w := 0.0; w <= 140; w += 2.5 {
			got := ms.breakHardLine(nil, s, ten, w)
			want := ms.breakOpportunities(nil, s, ten, w)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q at %v pt: %q, breaking at opportunities gives %q", s, w, got, want)
			}
		}
	}
	// At the edge, the chunks' widths added one by one round above the
	// width of the whole line (found in review): 3 + 0.5 + 3 glyphs of
	// 2.5005 pt against 17.503498999999998 pt.
	odd := Font{Size: 5.001}
	for _, w := range []float64{17.503498999999998, 17.5035, 17.503499} {
		got := ms.breakHardLine(nil, "aaa bbb", odd, w)
		want := ms.breakOpportunities(nil, "aaa bbb", odd, w)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("at %v pt: %q, breaking at opportunities gives %q", w, got, want)
		}
	}
}

// TestBreakName: names break only after ・, ／ or a space; a part too wide
// for the line alone is broken as BreakLines breaks it. At 10 pt a kanji
// or kana is 10 pt, an ASCII glyph 5 pt.
func TestBreakName(t *testing.T) {
	ms := NewMeasurer(&fakeMetrics{})
	cases := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"fits", "総務部", 60, []string{"総務部"}},
		// 70 pt in 60: BreakLines would give 「総務部・財務」「部」.
		{"two departments", "総務部・財務部", 60, []string{"総務部・", "財務部"}},
		// 復興政策部.xlsx／ is 85 pt, 取組1／ 35, G14 15.
		{"file sheet cell", "復興政策部.xlsx／取組1／G14", 100, []string{"復興政策部.xlsx／", "取組1／G14"}},
		// ファイル・ 50, シート・ 40, セル 20.
		{"header label", "ファイル・シート・セル", 100, []string{"ファイル・シート・", "セル"}},
		// The first part (110 pt) is broken at 60; its last line (50 pt)
		// has no room for 財務部 (30 pt).
		{"part too wide", "市民生活部地域振興課・財務部", 60, []string{"市民生活部地", "域振興課・", "財務部"}},
		{"space", "5-8 消防団の班", 50, []string{"5-8", "消防団の班"}},
		{"hard break", "総務部\n財務部", 60, []string{"総務部", "財務部"}},
	}
	for _, c := range cases {
		if got := ms.BreakName(c.text, ten, c.width); !slices.Equal(got, c.want) {
			t.Errorf("%s: BreakName(%q, %v) = %q, want %q", c.name, c.text, c.width, got, c.want)
		}
	}
	if got := ms.BreakLines("総務部・財務部", ten, 60); slices.Equal(got, []string{"総務部・", "財務部"}) {
		t.Errorf("BreakLines already breaks names at ・ (%q): the test shows nothing", got)
	}
}
