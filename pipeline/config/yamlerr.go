package config

import "strings"

// yamlProblems says in Japanese what yaml.v3's commonest syntax errors
// mean, keyed by the parser's own text (without "yaml: line N: "). The
// parser's English is no help to an office member editing the file in
// Notepad; a problem not listed here gets a general sentence.
var yamlProblems = map[string]string{
	"did not find expected ',' or ']'":                             "「[」で始めた一覧が「]」で閉じられていないか、項目の区切りの「,」が抜けています",
	"did not find expected ',' or '}'":                             "「{」で始めた設定が「}」で閉じられていないか、項目の区切りの「,」が抜けています",
	"did not find expected key":                                    "ここには「キー: 値」が来るはずです。字下げが前の行とそろっているか確かめてください",
	"did not find expected node content":                           "値が来るはずの所に値がありません",
	"did not find expected '-' indicator":                          "一覧の項目は同じ字下げの「- 」で始めてください",
	"did not find expected <document start>":                       "ファイルの始まりの書き方が正しくありません（先頭の行の字下げや余分な文字）",
	"could not find expected ':'":                                  "「キー: 値」の「:」が見つかりません",
	"mapping values are not allowed in this context":               "ここには「キー: 値」を書けません。字下げを確かめ、値に「: 」を含めるときは値を引用符で囲んでください",
	"block sequence entries are not allowed in this context":       "ここには「- 」の一覧を書けません。字下げを確かめてください",
	"found character that cannot start any token":                  "値の始めに使えない文字（タブ、「@」「`」など）があります。字下げは空白で行い、そのような値は引用符で囲んでください",
	"found a tab character that violates indentation":              "字下げにタブが使われています。空白で字下げしてください",
	"found a tab character where an indentation space is expected": "字下げにタブが使われています。空白で字下げしてください",
	"found unexpected end of stream":                               "ファイルが途中で終わっています（引用符や括弧の閉じ忘れ）",
	"found unknown escape character":                               "「\"」で囲んだ値に使えない「\\」があります。フォルダの場所などは「'」で囲んでください",
	"found unexpected document indicator":                          "値の途中に「---」または「...」の行があります",
	"control characters are not allowed":                           "制御文字が含まれています",
	"invalid leading UTF-8 octet":                                  utf8Problem,
	"invalid trailing UTF-8 octet":                                 utf8Problem,
	"incomplete UTF-8 octet sequence":                              utf8Problem,
	"invalid Unicode character":                                    utf8Problem,
}

const utf8Problem = "UTF-8 でない文字があります。ファイルを UTF-8 で保存し直してください（Shift_JIS では読めません）"

// yamlProblem is the Japanese for a yaml.v3 syntax error's text.
func yamlProblem(detail string) string {
	if p, ok := yamlProblems[strings.TrimSpace(detail)]; ok {
		return p
	}
	return "YAML として読めない書き方があります"
}
