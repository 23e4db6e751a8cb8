package normalize

import (
	"errors"
	"testing"
	"unicode/utf8"

	"planreport/pipeline/model"
)

// Every expected value below follows SPEC.md "Normalization", worked out by hand.

func TestParseValue(t *testing.T) {
	tests := []struct {
		in     string
		kind   model.ValueKind
		number model.Decimal
		unit   string
	}{
		// numbers stored as numbers or as text
		{"373", model.ValueNumber, "373", ""},
		{"42.0", model.ValueNumber, "42", ""},
		{"11.0", model.ValueNumber, "11", ""},
		{"0", model.ValueNumber, "0", ""},
		{"1,472", model.ValueNumber, "1472", ""},
		{"1,000", model.ValueNumber, "1000", ""},
		{"12,345.50", model.ValueNumber, "12345.5", ""},
		// full-width digits and separators
		{"１５７", model.ValueNumber, "157", ""},
		{"１，４７２", model.ValueNumber, "1472", ""},
		{"４２．５", model.ValueNumber, "42.5", ""},
		// trailing unit and percent
		{"22回", model.ValueNumber, "22", "回"},
		{"22 回", model.ValueNumber, "22", "回"},
		{"42.0%", model.ValueNumber, "42", "%"},
		{"４２．０％", model.ValueNumber, "42", "%"},
		{"5団体", model.ValueNumber, "5", "団体"},
		// signs: △ and ▲ are the Japanese accounting minus
		{"△3", model.ValueNumber, "-3", ""},
		{"▲1,200", model.ValueNumber, "-1200", ""},
		{"-2.5", model.ValueNumber, "-2.5", ""},
		{"+4", model.ValueNumber, "4", ""},
		{"△0", model.ValueNumber, "0", ""},
		{".5", model.ValueNumber, "0.5", ""},
		// white space around
		{"  157 ", model.ValueNumber, "157", ""},
		{"\u3000157\u3000", model.ValueNumber, "157", ""},
		// no value
		{"", model.ValueNone, "", ""},
		{"—", model.ValueNone, "", ""},
		{"－", model.ValueNone, "", ""},
		{"-", model.ValueNone, "", ""},
		{"―", model.ValueNone, "", ""},
		{"–", model.ValueNone, "", ""},
		{"  ", model.ValueNone, "", ""},
		// qualitative
		{"実施", model.ValueDone, "", ""},
		{"済", model.ValueDone, "", ""},
		{"完了", model.ValueDone, "", ""},
		{" 実施 ", model.ValueDone, "", ""},
		{"未実施", model.ValueNotDone, "", ""},
	}
	for _, tt := range tests {
		v, unit, err := ParseValue(tt.in)
		if err != nil {
			t.Errorf("ParseValue(%q) error %v", tt.in, err)
			continue
		}
		if v.Kind != tt.kind || v.Number != tt.number || unit != tt.unit || v.Raw != tt.in {
			t.Errorf("ParseValue(%q) = {%v %q raw %q} unit %q; want {%v %q} unit %q", tt.in, v.Kind, v.Number, v.Raw, unit, tt.kind, tt.number, tt.unit)
		}
	}
}

func TestParseValueRejects(t *testing.T) {
	for _, in := range []string{
		"約150", "三百", "150以上", "150程度", "1,00", "1,0000", "12,34", "1.2.3", "1e3", "0x10",
		"150〜200", "150/200", "2015/4/1", "abc", "実施?", "?", "%", "△", "1,472.3,4",
		"Ⅲ", "½",
		// Circled, parenthesized and other enclosed numerals: NFKC folds
		// them to digits, but they are markers, not values.
		"①", "⑩", "⑳", "㉑", "㊿", "⑴", "⒇", "⒈", "⒛", "⓫", "⓵", "⓪", "🄁", "①件", "1⑩", "△①", "①%",
		"10²", "₁",
	} {
		v, _, err := ParseValue(in)
		if err == nil {
			t.Errorf("ParseValue(%q) = %+v, want an error", in, v)
			continue
		}
		if !errors.Is(err, ErrNotNumber) {
			t.Errorf("ParseValue(%q) error %v does not wrap ErrNotNumber", in, err)
		}
		if v.Kind != model.ValueInvalid || v.Raw != in {
			t.Errorf("ParseValue(%q) kind %v raw %q; want ValueInvalid and the raw text", in, v.Kind, v.Raw)
		}
	}
}

func TestParseFiscalYear(t *testing.T) {
	tests := []struct {
		in   string
		year int
	}{
		{"平成27年度", 2015},
		{"平成30年度", 2018},
		{"平成31年度", 2019},
		{"令和元年度", 2019},
		{"令和1年度", 2019},
		{"平成32年度", 2020}, // never official; still 2020
		{"令和2年度", 2020},
		{"令和3年度", 2021},
		{"令和７年度", 2025},
		{"R3年度", 2021},
		{"Ｒ３年度", 2021},
		{"R3", 2021},
		{"H27年度", 2015},
		{"2021年度", 2021},
		{"２０２１年度", 2021},
		{"2021", 2021},
		{" 平成 27 年度 ", 2015},
		// The year again in the other calendar, in brackets.
		{"平成27年度（2015年度）", 2015},
		{"令和3年度(2021)", 2021},
		{"2021年度（令和3年度）", 2021},
		{"R3(2021)", 2021},
		{"令和3年度\n(2021)", 2021},
		{"令和元年度（平成31年度）", 2019},
		{"令和2年度（平成32年度）", 2020},
		{"令和８年度（２０２６）", 2026},
		// Both era names of 2019 in one label.
		{"平成31年度/令和元年度", 2019},
		{"平成31年度／令和元年度", 2019},
		{"平成31(令和元)年度", 2019},
		{"平成31（令和元）年度", 2019},
		{"平成31年度(令和元年度)", 2019},
		{"平成31年度（令和元年度）", 2019},
		{"平成31・令和元年度", 2019},
		{"平成31･令和元年度", 2019},
		{"H31/R1", 2019},
		{"R1/H31", 2019},
		{"令和元年度/平成31年度", 2019},
	}
	for _, tt := range tests {
		y, err := ParseFiscalYear(tt.in)
		if err != nil || y.Year != tt.year {
			t.Errorf("ParseFiscalYear(%q) = %+v, %v; want %d", tt.in, y, err, tt.year)
		}
	}
	for _, in := range []string{"", "年度", "平成年度", "令和0年度", "平成-1年度", "前期", "目標値", "27", "1800年度", "令和三年度",
		"令和3年度（2020年度）", "（2021年度）", "令和3年度（見込み）", "令和3年度(2021", "令和3年度()", "(令和3年度)(2021)",
		// Two names of different years, or not two years at all.
		"平成30年度/令和元年度", "平成31(令和2)年度", "平成31・令和2年度", "H30/R1", "H31/R2", "平成31年度(令和2年度)",
		"平成31/令和元/令和2年度", "2019/4/1", "令和3・4年度", "/令和元年度", "平成31年度/", "平成31(令和元)年度末",
		"平成31(令和元)(2019)年度", "平成31・令和元年度(2020)"} {
		if y, err := ParseFiscalYear(in); err == nil {
			t.Errorf("ParseFiscalYear(%q) = %+v, want an error", in, y)
		} else if !errors.Is(err, ErrNotFiscalYear) {
			t.Errorf("ParseFiscalYear(%q) error %v does not wrap ErrNotFiscalYear", in, err)
		}
	}
}

func TestParseFiscalYearKeepsLabel(t *testing.T) {
	y, _ := ParseFiscalYear(" 平成32年度")
	if y.Label != "平成32年度" {
		t.Errorf("label = %q, want 平成32年度", y.Label)
	}
	if got := y.Display(); got != "令和2年度（平成32年度）" {
		t.Errorf("Display = %q", got)
	}
}

func TestLabel(t *testing.T) {
	same := [][]string{
		{"(3) 目標指標", "（３）目標指標", "(3)目標指標", "（３） 目標指標", " (3)　目標指標 "},
		{"前期", "前 期", "前　期"},
		{"行財政運営プラン取組管理シート", "行財政運営プラン 取組管理シート"},
	}
	for _, group := range same {
		want := Label(group[0])
		for _, s := range group[1:] {
			if got := Label(s); got != want {
				t.Errorf("Label(%q) = %q, want %q (same as %q)", s, got, want, group[0])
			}
		}
	}
}

func TestText(t *testing.T) {
	tests := map[string]string{
		"  市民との協働の推進 ":    "市民との協働の推進",
		"ＩＣＴの活用":          "ICTの活用",
		"１２３件":            "123件",
		"（白地地区）":          "（白地地区）", // Japanese brackets stay full-width
		"a\tb\n\nc":       "a b c",
		"ｺﾐｭﾆﾃｨ":          "コミュニティ",
		"ﾃﾞｰﾀ":            "データ",
		"bad\x00\x07char": "badchar",
		"x\u200by":        "xy",
		"いいね!の数":          "いいね!の数",
	}
	for in, want := range tests {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
	// An unpaired surrogate cannot be stored in a Go string as UTF-8; what
	// arrives is an invalid byte sequence, which must not survive.
	if got := Text("a\xed\xa0\x80b"); got != "ab" || !utf8.ValidString(got) {
		t.Errorf("Text(invalid UTF-8) = %q, want \"ab\"", got)
	}
}

func TestParseRichText(t *testing.T) {
	P := func(s string) model.Block { return model.Block{Kind: model.Paragraph, Text: s} }
	B := func(s string) model.Block { return model.Block{Kind: model.Bullet, Text: s} }
	tests := []struct {
		name string
		in   string
		want []model.Block
	}{
		{"plain", "市民の意見等を市政に反映させる。", []model.Block{P("市民の意見等を市政に反映させる。")}},
		{"lines", "一行目\n二行目", []model.Block{P("一行目"), P("二行目")}},
		{
			"seed overview 1 (unclosed ul, ・ bullets after spaces)",
			`<p>行政と市民の協働を推進する。</p> <p>【主な取組内容】</p> <ul style="list-style-type: none"> ・コミュニティづくり支援補助事業等の実施 ・地域づくりコーディネート事業等の実施 ・地域自治システムの構築 `,
			[]model.Block{P("行政と市民の協働を推進する。"), P("【主な取組内容】"), B("コミュニティづくり支援補助事業等の実施"), B("地域づくりコーディネート事業等の実施"), B("地域自治システムの構築")},
		},
		{
			"ul without bullets: items separated by spaces",
			`<ul style="list-style-type: none"> まちづくり懇談会の開催回数及び対象の拡大の検討 まちづくり懇談会の開催 `,
			[]model.Block{B("まちづくり懇談会の開催回数及び対象の拡大の検討"), B("まちづくり懇談会の開催")},
		},
		{
			"middle dot between words is text",
			"・コミュニティづくり支援補助事業・地域づくりコーディネート事業等の実施 ・地域自治システムの構築",
			[]model.Block{B("コミュニティづくり支援補助事業・地域づくりコーディネート事業等の実施"), B("地域自治システムの構築")},
		},
		{"li", "<ul><li>一</li><li>二 &amp; 三</li></ul>", []model.Block{B("一"), B("二 & 三")}},
		{"br", "<p>上<br>下</p>", []model.Block{P("上"), P("下")}},
		{"other tags dropped", "<p><strong>重要</strong>な<span style='x'>点</span></p>", []model.Block{P("重要な点")}},
		{"bullet with space after dot", "・ 探しやすい構成 ・ 頻繁な変更に注意", []model.Block{B("探しやすい構成"), B("頻繁な変更に注意")}},
		{"script is not text", "<p>a</p><script>alert(1)</script><style>p{}</style>", []model.Block{P("a")}},
		{"empty", "", nil},
		{"only tags", "<p></p><ul></ul>", nil},
	}
	for _, tt := range tests {
		got := ParseRichText(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("%s: got %d blocks %+v, want %+v", tt.name, len(got), got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: block %d = %+v, want %+v", tt.name, i, got[i], tt.want[i])
			}
		}
	}
}
