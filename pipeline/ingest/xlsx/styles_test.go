package xlsx

import "testing"

// TestAffixFormat: the formats that write text around a whole number, as
// year labels are formatted ("平成"0"年度" shows 27 as 平成27年度), and the
// ones that do not or do more than that.
func TestAffixFormat(t *testing.T) {
	cases := []struct {
		code           string
		prefix, suffix string
		ok             bool
	}{
		{`"平成"0"年度"`, "平成", "年度", true},
		{`0"年度"`, "", "年度", true},
		{`[$-ja-JP]"令和"#"年度"`, "令和", "年度", true},
		{`\R0"年度"`, "R", "年度", true},
		{`0年度`, "", "年度", true},
		{`G/標準"年度"`, "", "年度", true},
		{`General"年度";-0`, "", "年度", true},
		{`"第"0"期"`, "第", "期", true},
		{`0`, "", "", false},                // no text
		{`General`, "", "", false},          // no text
		{`0.0"年度"`, "", "", false},          // decimals
		{`#,##0"件"`, "", "", false},         // thousands
		{`0%`, "", "", false},               // percent
		{`ggge"年度"`, "", "", false},         // a date
		{`0"年"0"度"`, "", "", false},         // two numbers
		{`"年度`, "", "", false},              // unterminated
		{`"令和"0"年度"@`, "", "", false},       // text placeholder
		{`0"年度"_)`, "", "", false},          // padding
		{`"平成" 0 "年度"`, "平成 ", " 年度", true}, // spaces are text
	}
	for _, c := range cases {
		a, ok := affixFormat(c.code)
		if ok != c.ok || ok && (a.prefix != c.prefix || a.suffix != c.suffix) {
			t.Errorf("%s: %q %q %v, want %q %q %v", c.code, a.prefix, a.suffix, ok, c.prefix, c.suffix, c.ok)
		}
	}
	a := affix{"平成", "年度"}
	for s, want := range map[string]string{"27": "平成27年度", "27.5": "", "-1": "", "": ""} {
		if got, _ := a.show(s); got != want {
			t.Errorf("show(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestDateFormatKind: which date formats show the Japanese era.
func TestDateFormatKind(t *testing.T) {
	cases := []struct {
		code      string
		date, era bool
	}{
		{`[$-ja-JP]ggge"年度"`, true, true},
		{`ggge年度`, true, true},
		{`[$-411]ge.m.d`, true, true},
		{`yyyy"年度"`, true, false},
		{`yyyy-mm-dd`, true, false},
		{`"平成"0"年度"`, false, false},
		{`0.0E+00`, false, false},
		{`General`, false, false},
		{`G/標準`, false, false},
	}
	for _, c := range cases {
		if date, era := dateFormatKind(c.code); date != c.date || era != c.era {
			t.Errorf("%s: date %v era %v, want %v %v", c.code, date, era, c.date, c.era)
		}
	}
}
