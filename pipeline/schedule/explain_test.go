package schedule

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/robfig/cron/v3"
)

// A clerk is told which field is wrong and what it allows, in Japanese,
// never robfig/cron's English ("end of range (25) above maximum (23)").
func TestParseSaysWhatIsWrongInJapanese(t *testing.T) {
	for _, c := range []struct{ spec, reason string }{
		{"0 25 * * *", "2 番目の項目（時）の「25」が範囲外です（時は 0〜23）"},
		{"61 2 * * *", "1 番目の項目（分）の「61」が範囲外です（分は 0〜59）"},
		{"0 2 0 * *", "3 番目の項目（日）の「0」が範囲外です（日は 1〜31）"},
		{"0 2 * 13 *", "4 番目の項目（月）の「13」が範囲外です（月は 1〜12）"},
		{"0 2 * * 7", "5 番目の項目（曜日）の「7」が範囲外です（曜日は 0〜6、0 が日曜）"},
		{"0 2 * * 1-9", "5 番目の項目（曜日）の「1-9」が範囲外です"},
		{"0 2 * * 5-1", "「5-1」は範囲の始め（5）が終わり（1）より大きくなっています"},
		{"*/0 * * * *", "「*/0」の「/」の後の間隔は 1 以上にしてください"},
		{"0 ２ * * *", "「２」を数として読めません（半角の数字で書きます）"},
		{"0 2-/3 * * *", "値が欠けています"},
		{"0 1-2-3 * * *", "「1-2-3」に「-」が二つ以上あります"},
		{"every night", "項目が 2 個あります（五つ必要です）"},
		{"0 2 * * * *", "項目が 6 個あります（五つ必要です）"},
		{"CRON_TZ=Mars/Base 0 2 * * *", "タイムゾーン「Mars/Base」はありません"},
		{"CRON_TZ=Asia/Tokyo", "CRON_TZ= のタイムゾーンの後に、空白で区切って予定を書いてください"},
		{"@nightly", "「@nightly」という書き方はありません"},
		{"@every 1日", "@every の後の間隔「1日」を読めません"},
	} {
		_, err := Parse(c.spec)
		if err == nil {
			t.Errorf("Parse(%q) succeeded", c.spec)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, c.reason) || !strings.HasPrefix(msg, "スケジュール「"+c.spec+"」は cron の書式として正しくありません。") {
			t.Errorf("Parse(%q):\n%s\nwant %q", c.spec, msg, c.reason)
		}
		if english.MatchString(msg) {
			t.Errorf("Parse(%q) says English: %s", c.spec, msg)
		}
		if r := Reason(c.spec); !strings.Contains(r, c.reason) {
			t.Errorf("Reason(%q) = %q", c.spec, r)
		}
	}
	if Reason("CRON_TZ=Asia/Tokyo 0 2 * * *") != "" || Reason("@every 1h") != "" {
		t.Error("Reason of a good spec is not empty")
	}
}

// english matches the words of robfig/cron's errors.
var english = regexp.MustCompile(`range|maximum|minimum|expected|fields|failed|parse|unrecognized|descriptor|location`)

// explain agrees with the parser on random specs: it finds a reason
// exactly when robfig/cron rejects one, so the general fallback is never
// what a clerk reads.
func TestExplainAgreesWithParser(t *testing.T) {
	tokens := []string{"*", "?", "0", "1", "5", "7", "12", "13", "23", "24", "31", "32", "59", "60", "jan", "DEC", "sun", "Sat", "xyz", ""}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return tokens[r.IntN(len(tokens))] }
	item := func() string {
		s := pick()
		if r.IntN(3) == 0 {
			s += "-" + pick()
		}
		if r.IntN(4) == 0 {
			s += "/" + []string{"0", "1", "2", "x", ""}[r.IntN(5)]
		}
		if r.IntN(5) == 0 {
			s += "," + pick()
		}
		return s
	}
	for n := 0; n < 20000; n++ {
		f := make([]string, 4+r.IntN(3))
		for i := range f {
			if f[i] = item(); f[i] == "" {
				f[i] = "*"
			}
		}
		spec := strings.Join(f, " ")
		_, perr := cron.ParseStandard(spec)
		if why := explain(spec); (why == "") != (perr == nil) {
			t.Fatalf("%q: parser says %v, explain says %q", spec, perr, why)
		}
	}
}
