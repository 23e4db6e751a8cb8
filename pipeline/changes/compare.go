package changes

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// Items of a fiscal year's change, as the 項目 column shows them.
const (
	ItemTarget = "目標値"
	ItemActual = "実績値"
	ItemStated = "記載達成率"
	ItemRate   = "達成率"
	ItemGrade  = "判定"
	ItemName   = "指標名"
	// ItemTitle and ItemDepartment are an initiative's, not a year's.
	ItemTitle      = "取組項目名"
	ItemDepartment = "担当部"
)

// Compare lists what changed from prev to cur. prev nil: there is no
// earlier report, and the result says so by an empty Base.
//
// Initiatives match by basic goal and initiative number; indicators within
// them by name (folded as labels are: NFKC, without white space). An
// indicator whose name changed but which stands at the same place with the
// same targets is reported as renamed, not removed and added. A matched
// initiative's title or department retyped other than in white space or
// character width is a line each. Findings follow their initiative's
// sheet when a workbook or sheet was renamed (findings.go). When the
// plan period changed (平成27〜32 → 令和3〜7), initiatives are compared
// where they still match (same goal, number and title), on the years both
// reports have; the rest is one 計画期間の変更 line, not hundreds of
// removals, additions and per-year changes.
func Compare(prev, cur *Snapshot) model.Changes {
	out := model.Changes{Items: []model.Change{}}
	if prev == nil || cur == nil {
		return out
	}
	out.Base = prev.ReportDate
	newPlan := period(prev) != period(cur) && period(prev) != (model.Period{}) && period(cur) != (model.Period{})
	// With a new plan, an initiative's years are compared where both
	// reports have them: a year only one has is the plan's change, said
	// once, not a row per value, rate and grade of every year.
	c := &comparison{commonYearsOnly: newPlan}
	// A workbook one report could not read is not compared: its sheets
	// were not removed (or added) by the department, and their findings
	// were not fixed (or new); one line says so instead.
	unreadNow, unreadBefore := fileSet(cur.Unread), fileSet(prev.Unread)
	prevIns, heldPrev := splitByFile(prev.Initiatives, unreadNow)
	curIns, heldCur := splitByFile(cur.Initiatives, unreadBefore)
	for _, file := range slices.Sorted(maps.Keys(heldPrev)) {
		c.add(model.Change{Kind: model.ChangeNotCompared, Item: "読み込めないブック",
			Before: fmt.Sprintf("取組%d件", heldPrev[file]),
			After:  "読み込めないため、今回は集計していません（取組の削除ではありません）", Source: model.Source{File: file}})
	}
	for _, file := range slices.Sorted(maps.Keys(heldCur)) {
		c.add(model.Change{Kind: model.ChangeNotCompared, Item: "前回読み込めなかったブック",
			Before: "読み込めず",
			After:  fmt.Sprintf("取組%d件（前回は読み込めなかったため、比較しません）", heldCur[file]), Source: model.Source{File: file}})
	}
	matched, gone, added := match(prevIns, curIns, newPlan)
	for _, m := range matched {
		c.initiative(m[0], m[1])
	}
	unmatched := map[[2]string]bool{} // sheets of initiatives not compared one by one
	removed := map[[2]string]bool{}   // sheets that are gone: their findings went with them
	if newPlan {
		pp, cp := period(prev), period(cur)
		c.add(model.Change{Kind: model.ChangePlanPeriod, Item: "計画期間",
			Before: fmt.Sprintf("%s（取組%d件）", periodText(pp), len(prev.Initiatives)),
			After:  fmt.Sprintf("%s（取組%d件、うち前回と同じ取組%d件）", periodText(cp), len(cur.Initiatives), len(matched))})
		for _, in := range slices.Concat(gone, added) {
			unmatched[[2]string{in.File, in.Sheet}] = true
		}
	} else {
		for _, in := range gone {
			removed[[2]string{in.File, in.Sheet}] = true
			c.add(model.Change{Kind: model.ChangeInitiativeRemoved, Goal: in.Goal, Initiative: in.Number, Title: in.Title,
				Before: in.Title, Source: model.Source{File: in.File, Sheet: in.Sheet}})
		}
		for _, in := range added {
			c.add(model.Change{Kind: model.ChangeInitiativeAdded, Goal: in.Goal, Initiative: in.Number, Title: in.Title,
				After: in.Title, Source: model.Source{File: in.File, Sheet: in.Sheet}})
		}
	}
	skipFixed := func(f Finding) bool {
		k := [2]string{f.File, f.Sheet}
		return unmatched[k] || removed[k] || unreadNow[f.File]
	}
	skipNew := func(f Finding) bool {
		return unmatched[[2]string{f.File, f.Sheet}] || heldCur[f.File] > 0
	}
	c.findings(prev.Findings, cur.Findings, relocations(matched), skipFixed, skipNew)
	out.Items = c.items
	slices.SortStableFunc(out.Items, func(a, b model.Change) int {
		return slices.Index(model.ChangeOrder, a.Kind) - slices.Index(model.ChangeOrder, b.Kind)
	})
	return out
}

type comparison struct {
	items           []model.Change
	commonYearsOnly bool
}

func (c *comparison) add(ch model.Change) { c.items = append(c.items, ch) }

// period is the span of every initiative's plan period.
func period(s *Snapshot) model.Period {
	var p model.Period
	for _, in := range s.Initiatives {
		if in.Period.First != 0 && (p.First == 0 || in.Period.First < p.First) {
			p.First = in.Period.First
		}
		p.Last = max(p.Last, in.Period.Last)
	}
	return p
}

func periodText(p model.Period) string {
	if p.First == 0 {
		return "期間不明"
	}
	return model.Wareki(p.First) + "〜" + model.Wareki(p.Last)
}

// match pairs the initiatives by goal and number (a number used twice
// pairs in sheet order). With a new plan, the titles must match too.
func match(prev, cur []Initiative, newPlan bool) (matched [][2]*Initiative, gone, added []*Initiative) {
	type key struct{ goal, number int }
	byKey := map[key][]*Initiative{}
	for i := range prev {
		k := key{prev[i].Goal, prev[i].Number}
		byKey[k] = append(byKey[k], &prev[i])
	}
	used := map[*Initiative]bool{}
	for i := range cur {
		in := &cur[i]
		var pair *Initiative
		for _, p := range byKey[key{in.Goal, in.Number}] {
			if !used[p] && (!newPlan || normalize.Label(p.Title) == normalize.Label(in.Title)) {
				pair = p
				break
			}
		}
		if pair == nil {
			added = append(added, in)
			continue
		}
		used[pair] = true
		matched = append(matched, [2]*Initiative{pair, in})
	}
	for i := range prev {
		if !used[&prev[i]] {
			gone = append(gone, &prev[i])
		}
	}
	return matched, gone, added
}

// initiative compares the indicators of one initiative.
func (c *comparison) initiative(p, n *Initiative) {
	base := model.Change{Goal: n.Goal, Initiative: n.Number, Title: n.Title}
	at := func(cell string) model.Source { return model.Source{File: n.File, Sheet: n.Sheet, Cell: cell} }
	prevAt := func(cell string) model.Source { return model.Source{File: p.File, Sheet: p.Sheet, Cell: cell} }
	// The title and the department are compared as labels are: a space
	// or a full-width letter retyped is not a change the council needs.
	if normalize.Label(p.Title) != normalize.Label(n.Title) {
		ch := base
		ch.Kind, ch.Item, ch.Before, ch.After, ch.Source = model.ChangeTitle, ItemTitle, p.Title, n.Title, at("")
		c.add(ch)
	}
	if normalize.Label(p.Department) != normalize.Label(n.Department) {
		ch := base
		ch.Kind, ch.Item, ch.Before, ch.After, ch.Source = model.ChangeDepartment, ItemDepartment, p.Department, n.Department, at("")
		c.add(ch)
	}
	pairs, gone, added := matchIndicators(p.Indicators, n.Indicators)
	for _, pr := range pairs {
		pi, ni := pr[0], pr[1]
		if pi.Name != ni.Name {
			ch := base
			ch.Kind, ch.Indicator, ch.Item, ch.Before, ch.After, ch.Source = model.ChangeIndicatorRenamed, ni.Name, ItemName, pi.Name, ni.Name, at(ni.Cell)
			c.add(ch)
		}
		c.years(base, ni.Name, pi.Years, ni.Years, at)
	}
	for _, ind := range gone {
		ch := base
		ch.Kind, ch.Indicator, ch.Item, ch.Before, ch.Source = model.ChangeIndicatorRemoved, ind.Name, ItemName, ind.Name, prevAt(ind.Cell)
		c.add(ch)
	}
	for _, ind := range added {
		ch := base
		ch.Kind, ch.Indicator, ch.Item, ch.After, ch.Source = model.ChangeIndicatorAdded, ind.Name, ItemName, ind.Name, at(ind.Cell)
		c.add(ch)
	}
}

// matchIndicators pairs indicators by folded name; of the rest, one at the
// same position with the same targets is the same indicator renamed.
func matchIndicators(prev, cur []Indicator) (pairs [][2]*Indicator, gone, added []*Indicator) {
	usedPrev := make([]bool, len(prev))
	pairOf := make([]int, len(cur))
	for i := range cur {
		pairOf[i] = -1
		for j := range prev {
			if !usedPrev[j] && normalize.Label(prev[j].Name) == normalize.Label(cur[i].Name) {
				usedPrev[j], pairOf[i] = true, j
				break
			}
		}
	}
	for i := range cur {
		if pairOf[i] < 0 && i < len(prev) && !usedPrev[i] && sameTargets(prev[i], cur[i]) {
			usedPrev[i], pairOf[i] = true, i
		}
	}
	for i := range cur {
		if pairOf[i] < 0 {
			added = append(added, &cur[i])
			continue
		}
		pairs = append(pairs, [2]*Indicator{&prev[pairOf[i]], &cur[i]})
	}
	for j := range prev {
		if !usedPrev[j] {
			gone = append(gone, &prev[j])
		}
	}
	return pairs, gone, added
}

// sameTargets: the same fiscal years with the same targets, at least one
// of them given.
func sameTargets(a, b Indicator) bool {
	if len(a.Years) != len(b.Years) {
		return false
	}
	given := false
	for i := range a.Years {
		if a.Years[i].Year != b.Years[i].Year || a.Years[i].Target.Text != b.Years[i].Target.Text {
			return false
		}
		given = given || a.Years[i].Target.Text != ""
	}
	return given
}

// years compares an indicator's fiscal years: the values, then the grade
// and the rate computed from them.
func (c *comparison) years(base model.Change, name string, prev, cur []Year, at func(string) model.Source) {
	byYear := map[int]Year{}
	for _, y := range prev {
		byYear[y.Year] = y
	}
	seen := map[int]bool{}
	for _, y := range cur {
		seen[y.Year] = true
		p, had := byYear[y.Year]
		if !had && c.commonYearsOnly {
			continue
		}
		c.year(base, name, p, y, at)
	}
	for _, y := range prev {
		if !seen[y.Year] && !c.commonYearsOnly {
			c.year(base, name, y, Year{Year: y.Year, Rate: "—", Grade: "—"}, at)
		}
	}
}

func (c *comparison) year(base model.Change, name string, p, n Year, at func(string) model.Source) {
	ch := base
	ch.Indicator, ch.Year = name, n.Year
	value := func(kind model.ChangeKind, item string, pv, nv Value) {
		if sameShown(pv.Text, nv.Text) {
			return
		}
		x := ch
		x.Kind, x.Item, x.Before, x.After, x.Source = kind, item, pv.Text, nv.Text, at(nv.Cell)
		if nv.Cell == "" {
			x.Source = at(pv.Cell)
		}
		c.add(x)
	}
	value(model.ChangeValue, ItemTarget, p.Target, n.Target)
	actual := model.ChangeValue
	if p.Actual.Text == "" {
		actual = model.ChangeActualEntered
	}
	value(actual, ItemActual, p.Actual, n.Actual)
	value(model.ChangeValue, ItemStated, p.Stated, n.Stated)
	orDash := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	// A rate or grade change points at the value that caused it: the
	// target's cell when only the target changed, else the actual's.
	cause := n.Actual.Cell
	if cause == "" || (p.Target.Text != n.Target.Text && p.Actual.Text == n.Actual.Text) {
		cause = cmp.Or(n.Target.Cell, cause)
	}
	cause = cmp.Or(cause, p.Target.Cell, p.Actual.Cell) // a year the new report no longer has
	if orDash(p.Grade) != orDash(n.Grade) {
		x := ch
		x.Kind, x.Item, x.Before, x.After, x.Source = model.ChangeGrade, ItemGrade, orDash(p.Grade), orDash(n.Grade), at(cause)
		c.add(x)
	}
	if orDash(p.Rate) != orDash(n.Rate) {
		x := ch
		x.Kind, x.Item, x.Before, x.After, x.Source = model.ChangeRate, ItemRate, orDash(p.Rate), orDash(n.Rate), at(cause)
		c.add(x)
	}
}

// sameShown reports whether two values as the snapshot shows them say
// the same. Targets and actuals are shown as canonical numbers (1,000 and
// 1000 are both 1000), but a stated rate is shown as the sheet wrote it:
// 74.4, 74.4% and ７４．４ are one rate retyped, not a 値の変更. Two texts
// that read as the same number (with % or no unit) are the same; any
// other text is compared as a label (NFKC, without white space).
func sameShown(a, b string) bool {
	if a == b {
		return true
	}
	da, okA := rateNumber(a)
	db, okB := rateNumber(b)
	if okA || okB {
		return okA && okB && da == db
	}
	return normalize.Label(a) == normalize.Label(b)
}

// rateNumber reads a value shown as a number, with % or no unit.
func rateNumber(s string) (model.Decimal, bool) {
	d, unit, err := normalize.ParseNumber(s)
	if err != nil || (unit != "" && unit != "%") {
		return "", false
	}
	return d, true
}

func fileSet(names []string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}

// splitByFile returns the initiatives not of the given files, and how many
// there are of each given file.
func splitByFile(ins []Initiative, files map[string]bool) (rest []Initiative, held map[string]int) {
	held = map[string]int{}
	for _, in := range ins {
		if files[in.File] {
			held[in.File]++
			continue
		}
		rest = append(rest, in)
	}
	return rest, held
}
