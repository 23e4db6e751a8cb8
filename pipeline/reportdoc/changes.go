package reportdoc

import (
	"fmt"

	"planreport/pipeline/changes"
	"planreport/pipeline/model"
)

// The section 前回報告からの変更, after 総括.
const (
	AnchorChanges  = "changes"
	HeadingChanges = "前回報告からの変更"
)

// MaxChangesListed bounds the rows of one kind of change the report lists;
// summary.xlsx's sheet 変更点 has them all.
const MaxChangesListed = 200

// ChangesSection is what changed since the previous report.
type ChangesSection struct {
	Intro  string
	Groups []ChangeGroup // one per kind of change, in model.ChangeOrder
}

// ChangeGroup is one kind of change.
type ChangeGroup struct {
	Title string
	Table Table
	More  string // how many rows are left out, or ""
	// Findings: the table is a finding's (指摘の解消, 新たな指摘): 取組,
	// ファイル・シート・セル, 区分, 内容, the message last and widest, instead of
	// a value's columns, whose narrow 前回 and 今回 would hold a whole message.
	Findings bool
}

// findingChange reports whether a kind of change is a finding's.
func findingChange(kind model.ChangeKind) bool {
	return kind == model.ChangeFindingFixed || kind == model.ChangeFindingNew
}

// HasChanges reports whether the document has the section: the
// consolidated report of a run that compared (a department's extract and
// validate do not).
func (c *Content) HasChanges() bool {
	return c.Options.Department == "" && c.Batch.Changes != nil
}

// Changes tabulates the changes by kind.
func (c *Content) Changes() ChangesSection {
	ch := c.Batch.Changes
	s := ChangesSection{Intro: changes.Summary(ch)}
	// A changed rate or grade of a lower-is-better indicator is marked as
	// everywhere else its rate is shown.
	type indicatorKey struct {
		goal, initiative int
		name             string
	}
	lower := map[indicatorKey]bool{}
	for _, in := range c.Initiatives {
		for _, ind := range in.Indicators {
			if ind.Direction == model.LowerIsBetter {
				lower[indicatorKey{in.GoalNumber, in.Number, ind.Name}] = true
			}
		}
	}
	// A finding names its file and sheet, which name the initiative the
	// council member knows it by (the previous report's sheet, for a
	// finding resolved, is this one's unless the sheet is gone).
	sheets := map[model.Source]*model.Initiative{}
	for _, in := range c.Batch.Initiatives {
		if in != nil {
			sheets[model.Source{File: in.Source.File, Sheet: in.Source.Sheet}] = in
		}
	}
	for _, kind := range model.ChangeOrder {
		g := ChangeGroup{Title: string(kind), Table: Table{Caption: string(kind),
			// An initiative's indicator in a year identifies the row. The
			// indicator is under its initiative in one cell: two narrow
			// columns broke both names in the middle of words.
			Header: []string{"取組・指標", "年度", "項目", "前回", "今回", "ファイル・シート・セル"}, RowHeaders: 2}}
		if findingChange(kind) {
			g.Findings = true
			g.Table.Header = []string{"取組", "ファイル・シート・セル", "区分", "内容"}
			g.Table.RowHeaders = 2
		}
		n := 0
		for _, it := range ch.Items {
			if it.Kind != kind {
				continue
			}
			n++
			if n > MaxChangesListed {
				continue
			}
			if g.Findings {
				initiative := "—"
				if in := sheets[model.Source{File: it.Source.File, Sheet: it.Source.Sheet}]; in != nil && it.Source.Sheet != "" {
					initiative = fmt.Sprintf("%d-%d %s", in.GoalNumber, in.Number, in.Title)
				}
				g.Table.Rows = append(g.Table.Rows, cells(initiative, OrDash(sourceText(it.Source)), OrDash(it.Item), OrDash(it.Before+it.After)))
				continue
			}
			what := changeInitiative(it)
			if it.Indicator != "" {
				what += "\n" + it.Indicator
				if lower[indicatorKey{it.Goal, it.Initiative, it.Indicator}] {
					what += LowerMark
				}
			}
			g.Table.Rows = append(g.Table.Rows, cells(what, yearText(it.Year), OrDash(it.Item),
				OrDash(it.Before), OrDash(it.After), OrDash(sourceText(it.Source))))
		}
		if n == 0 {
			continue
		}
		if n > MaxChangesListed {
			g.More = fmt.Sprintf("ほか%d件は集計表（summary.xlsx）のシート「変更点」にあります。", n-MaxChangesListed)
		}
		s.Groups = append(s.Groups, g)
	}
	return s
}

func changeInitiative(it model.Change) string {
	if it.Initiative == 0 {
		return "—"
	}
	return fmt.Sprintf("%d-%d %s", it.Goal, it.Initiative, it.Title)
}

func yearText(y int) string {
	if y == 0 {
		return "—"
	}
	return model.Wareki(y)
}

// sourceText is 総務部.xlsx／取組3／E32.
func sourceText(s model.Source) string {
	out := s.File
	for _, p := range []string{s.Sheet, s.Cell} {
		if p != "" {
			out += "／" + p
		}
	}
	return out
}
