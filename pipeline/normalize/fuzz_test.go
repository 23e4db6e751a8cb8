package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"planreport/pipeline/model"
)

// Seeds are values and texts from the seed sheets.
var fuzzSeeds = []string{
	"373", "1,472", "１５７", "22回", "42.0%", "—", "－", "-", "実施", "未実施", "△3", "約150", "三百",
	"平成27年度", "令和元年度", "R3年度", "2021年度", "平成32年度",
	`<p>地域コミュニティの再生</p> <ul style="list-style-type: none"> ・コミュニティ ・地域自治`,
	"<ul><li>一</li><li>二</li></ul>", "・ 探しやすい ・ 頻繁な", "<p", "</ul></ul><li>",
}

func FuzzParseValue(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, _, err := ParseValue(s)
		switch {
		case err != nil && v.Kind != model.ValueInvalid:
			t.Fatalf("error %v with kind %v", err, v.Kind)
		case err == nil && v.Kind == model.ValueNumber:
			// A number must be canonical and round-trip exactly.
			if v.Number.Rat() == nil {
				t.Fatalf("number %q does not parse back", v.Number)
			}
			if d, ok := model.ParseDecimal(string(v.Number)); !ok || d != v.Number {
				t.Fatalf("number %q is not canonical (%q)", v.Number, d)
			}
		}
	})
}

func FuzzParseFiscalYear(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, err := ParseFiscalYear(s)
		if err == nil && (y.Year < 1900 || y.Year > 2200) {
			t.Fatalf("year %d out of range for %q", y.Year, s)
		}
	})
}

func FuzzParseRichText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, b := range ParseRichText(s) {
			if b.Text == "" || !utf8.ValidString(b.Text) {
				t.Fatalf("block %+v is empty or invalid UTF-8", b)
			}
			if strings.TrimSpace(b.Text) != b.Text {
				t.Fatalf("block %q not trimmed", b.Text)
			}
		}
	})
}
