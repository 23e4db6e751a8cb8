package xlsx

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestTextInfo(t *testing.T) {
	// Worked out by hand: escapes are _x + 4 hex digits + _; bytes count
	// the raw text; bad is the first control character or surrogate.
	for _, c := range []struct {
		in      string
		escapes int
		bad     rune
	}{
		{"普通の文字", 0, 0},
		{"改行_x000D_あり", 1, 0}, // CR: a line break, not bad
		{"a_x0001_b_x001B_", 2, 0x01},
		{"_xD800_", 1, 0xD800},
		{"_xZZZZ_ and _x12_", 0, 0}, // not escapes
		{"a\uFFFDb", 0, 0xFFFD},
		{"\x7f", 0, 0x7F},
	} {
		var ti textInfo
		ti.add([]byte(c.in))
		if ti.escapes != c.escapes || ti.bad != c.bad || ti.bytes != int64(len(c.in)) {
			t.Errorf("%q: %+v, want %d escapes, bad %U", c.in, ti, c.escapes, c.bad)
		}
	}
	// cost = escapes × bytes: 2 × 16.
	if got := (textInfo{escapes: 2, bytes: 16}).cost(); got != 32 {
		t.Errorf("cost %d", got)
	}
	if got := dropBadRunes("検\x01証\uFFFD\t済"); got != "検証\t済" {
		t.Errorf("dropBadRunes = %q", got)
	}
}

func TestLooksLikeFormula(t *testing.T) {
	for s, want := range map[string]bool{
		"=1+1": true, "=cmd|' /C calc'!A0": true, "@SUM(A1)": true, "+SUM(1,2)": true,
		"-2+3+cmd|' /C calc'!A0": true, "  =A1": true, "+81-3-1234-5678": true,
		"-5": false, "+5": false, "△3": false, "- 項目": false, "-項目": false, "・項目": false,
		"=": false, "-": false, "": false, "普通の文": false, "1=1": false, "＝全角": false,
	} {
		if got := looksLikeFormula(s); got != want {
			t.Errorf("looksLikeFormula(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestDecodeEscapes(t *testing.T) {
	// Worked out by hand from ECMA-376 (22.9.2.19 ST_Xstring) and
	// excelize's bstrUnmarshal, which Excel's files were read with before.
	for _, c := range []struct{ in, want string }{
		{"普通の文字", "普通の文字"},
		{"改行_x000D_あり", "改行\rあり"},
		{"_x005F_x0041_", "_x0041_"}, // an escaped underscore, then text
		{"_x0041__x0042_", "AB"},
		{"_xd800_", ""},                                  // a surrogate is no character: dropped
		{"_xZZZZ_ _x12_ _x0041", "_xZZZZ_ _x12_ _x0041"}, // not escapes
		{"_X0041_", "_X0041_"},                           // the x is lower case
		{"_x3042_", "あ"},
	} {
		var ti textInfo
		ti.add([]byte(c.in))
		if got := decodeEscapes([]byte(c.in), ti.escapes); got != c.want {
			t.Errorf("decodeEscapes(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzDecodeEscapes compares decodeEscapes with the algorithm excelize
// reads strings with (bstrUnmarshal: a regular expression and
// strconv.Unquote, reproduced here as the reference).
func FuzzDecodeEscapes(f *testing.F) {
	for _, s := range []string{"", "abc", "_x000D_", "_x005F_x0041_", "_xD800__xDC00_", "a_x0001_b_x001B_", "_x3042_x_", "__x0041__"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var ti textInfo
		ti.add([]byte(s))
		if got, want := decodeEscapes([]byte(s), ti.escapes), referenceUnescape(s); got != want {
			t.Fatalf("decodeEscapes(%q) = %q, reference %q", s, got, want)
		}
	})
}

var bstrExp = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

func referenceUnescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var result strings.Builder
	cursor := 0
	for _, m := range bstrExp.FindAllStringIndex(s, -1) {
		result.WriteString(s[cursor:m[0]])
		cursor = m[1]
		if s[m[0]:m[1]] == "_x005F_" {
			result.WriteString("_")
			continue
		}
		v, _ := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`)
		result.WriteString(v)
	}
	result.WriteString(s[cursor:])
	return result.String()
}
