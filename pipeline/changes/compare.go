package changes

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

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
// reports have; the rest (and an initiative that shares no fiscal year
// with its previous report) is one 計画期間の変更 line, not hundreds of
// removals, additions and per-year changes. A workbook or sheet cur could
// not read is one 比較できないブック line; the night it is read again it is
// compared with the state prev carried of it (Carry). Findings on the
// rows of an indicator removed went with it, and a finding's change names
// the initiative of its sheet.
func Compare(prev, cur *Snapshot) model.Changes {
	out := model.Changes{Items: []model.Change{}}
	if prev == nil || cur == nil {
		return out
	}
	out.Base = prev.ReportDate
	// A new plan is told by the span of the periods, as before; the line
	// then lists the periods themselves (periods).
	pp, cp := periods(prev), periods(cur)
	newPlan := len(pp) > 0 && len(cp) > 0 && span(pp) != span(cp)
	// With a new plan, an initiative's years are compared where both
	// reports have them: a year only one has is the plan's change, said
	// once, not a row per value, rate and grade of every year.
	c := &comparison{commonYearsOnly: newPlan, sheets: map[place]*Initiative{}}
	for i := range cur.Initiatives {
		c.sheets[place{cur.Initiatives[i].File, cur.Initiatives[i].Sheet}] = &cur.Initiatives[i]
	}
	// A workbook one report could not read, or a sheet it left out for an
	// error, is not compared: its sheets were not removed (or added) by
	// the department, and their findings were not fixed (or new); one
	// line says so instead. The night it is read again it is compared
	// with the state the unread night carried (Carry), when there is one.
	prevIns, heldPrev := splitHeld(prev.allInitiatives(), func(in Initiative) (SheetRef, bool) { return heldAt(cur, in.File, in.Sheet) })
	curIns, heldCur := splitHeld(cur.Initiatives, func(in Initiative) (SheetRef, bool) { return statelessAt(prev, in.File, in.Sheet) })
	c.heldLines(heldPrev, heldCur)
	matched, gone, added := match(prevIns, curIns, newPlan)
	same := len(matched) // the same initiatives, compared or not
	if newPlan {
		// An initiative of the old plan and one of the new that share no
		// fiscal year have nothing to compare item by item: every
		// indicator would read as removed and added, every finding as
		// fixed. They fall under the one 計画期間の変更 line.
		var apart [][2]*Initiative
		matched, apart = splitNoCommonYear(matched)
		for _, m := range apart {
			gone, added = append(gone, m[0]), append(added, m[1])
		}
	}
	for _, m := range matched {
		c.initiative(m[0], m[1])
	}
	unmatched := map[[2]string]bool{} // sheets of initiatives not compared one by one
	removed := map[[2]string]bool{}   // sheets that are gone: their findings went with them
	if newPlan {
		c.add(model.Change{Kind: model.ChangePlanPeriod, Item: "計画期間", Before: periodsText(pp, -1), After: periodsText(cp, same)})
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
	for _, file := range removedFiles(gone, cur) {
		removed[[2]string{file, ""}] = true
	}
	c.compareFindings(prev, cur, relocations(matched), unmatched, removed, heldCur)
	out.Items = c.items
	slices.SortStableFunc(out.Items, func(a, b model.Change) int {
		return slices.Index(model.ChangeOrder, a.Kind) - slices.Index(model.ChangeOrder, b.Kind)
	})
	return out
}

// compareFindings lists the findings fixed and new, but those on sheets
// not compared (unmatched), removed, or in a place one of the two
// reports could not read. A finding this report carries is the previous
// report's, kept: it is not compared at all (skipFixed drops the previous
// report's findings in the places this one could not read).
func (c *comparison) compareFindings(prev, cur *Snapshot, moved relocation, unmatched, removed map[[2]string]bool, heldCur map[SheetRef][]Initiative) {
	skipFixed := func(f Finding) bool {
		k := [2]string{f.File, f.Sheet}
		return unmatched[k] || removed[k] || removed[[2]string{f.File, ""}] || cur.held(f.File, f.Sheet) || c.wentWithIndicator(f)
	}
	skipNew := func(f Finding) bool {
		return unmatched[[2]string{f.File, f.Sheet}] ||
			heldCur[SheetRef{File: f.File}] != nil || heldCur[SheetRef{f.File, f.Sheet}] != nil
	}
	c.findings(withoutHeldEntries(prev, prev.allFindings()), withoutHeldEntries(cur, cur.Findings), moved, skipFixed, skipNew)
}

type comparison struct {
	items           []model.Change
	commonYearsOnly bool
	sheets          map[place]*Initiative // this report's initiatives by sheet
	// goneRows are the rows of the indicators removed from an initiative
	// still compared, on the previous report's sheet.
	goneRows map[place][][2]int
}

// removeIndicator notes the rows an indicator removed took on the
// previous report's sheet: its findings (on its name, its values, its
// rates) went with it and are not 指摘の解消, as those of a removed sheet.
func (c *comparison) removeIndicator(p *Initiative, ind *Indicator) {
	lo, hi := 0, 0
	cells := []string{ind.Cell}
	for _, y := range ind.Years {
		cells = append(cells, y.Target.Cell, y.Actual.Cell, y.Stated.Cell)
	}
	for _, cell := range cells {
		if r := cellRow(cell); r > 0 && (lo == 0 || r < lo) {
			lo = r
		}
		hi = max(hi, cellRow(cell))
	}
	if lo == 0 {
		return
	}
	if c.goneRows == nil {
		c.goneRows = map[place][][2]int{}
	}
	k := place{p.File, p.Sheet}
	c.goneRows[k] = append(c.goneRows[k], [2]int{lo, hi})
}

// wentWithIndicator reports whether a previous finding was on the rows of
// an indicator removed since.
func (c *comparison) wentWithIndicator(f Finding) bool {
	r := cellRow(f.Cell)
	return r > 0 && slices.ContainsFunc(c.goneRows[place{f.File, f.Sheet}], func(rows [2]int) bool { return rows[0] <= r && r <= rows[1] })
}

// cellRow is the row of an A1 reference (of a range's first cell); 0 when
// there is none.
func cellRow(ref string) int {
	ref, _, _ = strings.Cut(ref, ":")
	ref = strings.TrimLeft(strings.ToUpper(ref), "$ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	n, err := strconv.Atoi(strings.TrimPrefix(ref, "$"))
	if err != nil || n < 1 {
		return 0
	}
	return n
}

func (c *comparison) add(ch model.Change) { c.items = append(c.items, ch) }

// periodCount is a plan period and how many initiatives are on it.
type periodCount struct {
	p model.Period
	n int
}

// periods are the distinct plan periods of the initiatives s read, in
// order, with their counts; an initiative without a period is left out.
func periods(s *Snapshot) []periodCount {
	var out []periodCount
	for _, in := range s.Initiatives {
		if in.Period.First == 0 {
			continue
		}
		if i := slices.IndexFunc(out, func(pc periodCount) bool { return pc.p == in.Period }); i >= 0 {
			out[i].n++
			continue
		}
		out = append(out, periodCount{p: in.Period, n: 1})
	}
	slices.SortFunc(out, func(a, b periodCount) int {
		return cmp.Or(cmp.Compare(a.p.First, b.p.First), cmp.Compare(a.p.Last, b.p.Last))
	})
	return out
}

// span is the period from the first year of any plan to the last.
func span(pcs []periodCount) model.Period {
	p := pcs[0].p
	for _, pc := range pcs[1:] {
		p.First, p.Last = min(p.First, pc.p.First), max(p.Last, pc.p.Last)
	}
	return p
}

// periodsText says the plan periods and their initiatives; same ≥ 0 adds
// how many are compared with the previous report. Several periods (a
// department moved to the new plan before the others) are listed each,
// never as one span no plan has.
func periodsText(pcs []periodCount, same int) string {
	if len(pcs) == 1 {
		if same < 0 {
			return fmt.Sprintf("%s（取組%d件）", periodText(pcs[0].p), pcs[0].n)
		}
		return fmt.Sprintf("%s（取組%d件、うち前回と同じ取組%d件）", periodText(pcs[0].p), pcs[0].n, same)
	}
	var parts []string
	for _, pc := range pcs {
		parts = append(parts, fmt.Sprintf("%s：取組%d件", periodText(pc.p), pc.n))
	}
	out := strings.Join(parts, "、")
	if same >= 0 {
		out += fmt.Sprintf("（うち前回と同じ取組%d件）", same)
	}
	return out
}

func periodText(p model.Period) string {
	if p.First == 0 {
		return "期間不明"
	}
	return model.Wareki(p.First) + "〜" + model.Wareki(p.Last)
}

// splitNoCommonYear separates the pairs that share no fiscal year: none
// of their indicators' years, or, when one has no indicator year, no year
// of their plan periods.
func splitNoCommonYear(matched [][2]*Initiative) (common, apart [][2]*Initiative) {
	for _, m := range matched {
		if shareYear(m[0], m[1]) {
			common = append(common, m)
		} else {
			apart = append(apart, m)
		}
	}
	return common, apart
}

func shareYear(a, b *Initiative) bool {
	ya, yb := indicatorYears(a), indicatorYears(b)
	if len(ya) == 0 || len(yb) == 0 {
		return a.Period.First != 0 && b.Period.First != 0 && a.Period.First <= b.Period.Last && b.Period.First <= a.Period.Last
	}
	for y := range ya {
		if yb[y] {
			return true
		}
	}
	return false
}

func indicatorYears(in *Initiative) map[int]bool {
	ys := map[int]bool{}
	for _, ind := range in.Indicators {
		for _, y := range ind.Years {
			ys[y.Year] = true
		}
	}
	return ys
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
	if !model.SameDepartments(p.Department, n.Department, normalize.Label) {
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
		c.removeIndicator(p, ind)
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

// removedFiles are the workbooks of the initiatives gone that cur does
// not mention at all (no initiative, no finding, not unread): the
// workbook was taken out, and its findings about the whole workbook (its
// rejection, the night before) went with it as those of its sheets did.
func removedFiles(gone []*Initiative, cur *Snapshot) []string {
	var out []string
	for _, in := range gone {
		if !slices.Contains(out, in.File) {
			out = append(out, in.File)
		}
	}
	mentioned := func(file string) bool {
		return slices.Contains(cur.Unread, file) ||
			slices.ContainsFunc(cur.Initiatives, func(x Initiative) bool { return x.File == file }) ||
			slices.ContainsFunc(cur.Findings, func(x Finding) bool { return x.File == file })
	}
	return slices.DeleteFunc(out, mentioned)
}

// heldAt is the place s could not read that holds a sheet: its workbook
// (Sheet "") when s could not read the workbook, the sheet when s left it
// out.
func heldAt(s *Snapshot, file, sheet string) (SheetRef, bool) {
	if slices.Contains(s.Unread, file) {
		return SheetRef{File: file}, true
	}
	if ref := (SheetRef{file, sheet}); slices.Contains(s.LeftOut, ref) {
		return ref, true
	}
	return SheetRef{}, false
}

// statelessAt is heldAt for a place s carries no state of: a sheet
// there cannot be compared with anything.
func statelessAt(s *Snapshot, file, sheet string) (SheetRef, bool) {
	ref, ok := heldAt(s, file, sheet)
	return ref, ok && !s.hasCarried(ref.File, ref.Sheet)
}

// splitHeld returns the initiatives not held, and the held ones by place.
func splitHeld(ins []Initiative, at func(Initiative) (SheetRef, bool)) (rest []Initiative, held map[SheetRef][]Initiative) {
	held = map[SheetRef][]Initiative{}
	for _, in := range ins {
		if ref, ok := at(in); ok {
			held[ref] = append(held[ref], in)
			continue
		}
		rest = append(rest, in)
	}
	return rest, held
}

// heldLines says once per place what is not compared: the previous
// report's initiatives in a place this report could not read, and this
// report's in a place the previous one could not read and carried
// nothing of.
func (c *comparison) heldLines(now, before map[SheetRef][]Initiative) {
	for _, ref := range slices.SortedFunc(maps.Keys(now), compareRef) {
		ch := model.Change{Kind: model.ChangeNotCompared, Item: "読み込めないブック", Before: fmt.Sprintf("取組%d件", len(now[ref])),
			After: "読み込めないため、今回は集計していません（取組の削除ではありません）", Source: model.Source{File: ref.File, Sheet: ref.Sheet}}
		if ref.Sheet != "" {
			ch.Item, ch.After = "読み込めないシート", "誤りがあるため、今回は報告書に含めていません（取組の削除ではありません）"
			named(&ch, now[ref])
		}
		c.add(ch)
	}
	for _, ref := range slices.SortedFunc(maps.Keys(before), compareRef) {
		ch := model.Change{Kind: model.ChangeNotCompared, Item: "前回読み込めなかったブック", Before: "読み込めず",
			After: fmt.Sprintf("取組%d件（前回は読み込めなかったため、比較しません）", len(before[ref])), Source: model.Source{File: ref.File, Sheet: ref.Sheet}}
		if ref.Sheet != "" {
			ch.Item, ch.Before = "前回読み込めなかったシート", "報告書に含めず"
			ch.After = fmt.Sprintf("取組%d件（前回は報告書に含めなかったため、比較しません）", len(before[ref]))
			named(&ch, before[ref])
		}
		c.add(ch)
	}
}

// named gives a line about one sheet the initiative it holds, when it
// holds one.
func named(ch *model.Change, ins []Initiative) {
	if len(ins) == 1 {
		ch.Goal, ch.Initiative, ch.Title = ins[0].Goal, ins[0].Number, ins[0].Title
	}
}
