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
	for _, kind := range model.ChangeOrder {
		g := ChangeGroup{Title: string(kind), Table: Table{Caption: string(kind),
			Header: []string{"取組", "指標", "年度", "項目", "前回", "今回", "ファイル・シート・セル"}}}
		n := 0
		for _, it := range ch.Items {
			if it.Kind != kind {
				continue
			}
			n++
			if n > MaxChangesListed {
				continue
			}
			indicator := OrDash(it.Indicator)
			if it.Indicator != "" && lower[indicatorKey{it.Goal, it.Initiative, it.Indicator}] {
				indicator += LowerMark
			}
			g.Table.Rows = append(g.Table.Rows, cells(changeInitiative(it), indicator, yearText(it.Year), OrDash(it.Item),
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
