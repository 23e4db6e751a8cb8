package changes

import (
	"fmt"
	"io"
	"strings"

	"planreport/pipeline/model"
)

// Line states one change in a sentence, for the mail and `planreport
// diff`: 判定の変更　取組5-1「…」指標「…」平成29年度 判定：C → B（「総務部.xlsx」シート「取組1」セルF19）.
func Line(ch model.Change) string {
	var b strings.Builder
	b.WriteString(string(ch.Kind) + "　")
	if ch.Initiative != 0 {
		fmt.Fprintf(&b, "取組%d-%d「%s」", ch.Goal, ch.Initiative, ch.Title)
	}
	if ch.Indicator != "" && ch.Item != ItemName {
		b.WriteString("指標「" + ch.Indicator + "」")
	}
	if ch.Year != 0 {
		b.WriteString(model.Wareki(ch.Year) + " ")
	}
	if ch.Item != "" {
		b.WriteString(ch.Item + "：")
	}
	b.WriteString(orNone(ch.Before) + " → " + orNone(ch.After))
	if src := ch.Source.String(); src != "" {
		b.WriteString("（" + src + "）")
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "—" // as the report prints a value that is not there
	}
	return s
}

// Summary is the one sentence that heads the changes: against which
// report, and how many of what.
func Summary(c *model.Changes) string {
	switch {
	case c == nil:
		return ""
	case c.Unreadable:
		return "前回報告の記録が壊れているか、この版では読めない形式のため、前回からの変更は示せません。"
	case c.Base == "":
		return "前回の報告がないため、前回からの変更はありません。"
	}
	date, _ := model.WarekiDate(c.Base)
	if len(c.Items) == 0 {
		return "前回報告（" + date + "）からの変更はありません。"
	}
	var parts []string
	for _, k := range model.ChangeOrder {
		if n := c.Count(k); n > 0 {
			parts = append(parts, fmt.Sprintf("%s%d件", k, n))
		}
	}
	return "前回報告（" + date + "）からの変更：" + strings.Join(parts, "、") + "。"
}

// WriteText prints the changes as `planreport diff` does: the summary,
// then one line per change.
func WriteText(w io.Writer, c *model.Changes) error {
	if _, err := fmt.Fprintln(w, Summary(c)); err != nil {
		return err
	}
	for _, ch := range c.Items {
		if _, err := fmt.Fprintln(w, Line(ch)); err != nil {
			return err
		}
	}
	return nil
}
