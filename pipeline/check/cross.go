package check

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"planreport/pipeline/model"
)

// removeDuplicates keeps one sheet of every basic goal + initiative number
// and drops the others, each with an error finding naming both sheets and
// the one the report uses (duplicateOrder says which). A hidden sheet the
// report uses is a warning.
func removeDuplicates(b *model.Batch, ins []*model.Initiative) []*model.Initiative {
	first := map[goalKey]*model.Initiative{}
	drop := map[*model.Initiative]bool{}
	ordered, why := duplicateOrder(b, ins)
	for _, in := range ordered {
		k := goalKey{in.GoalNumber, in.Number}
		kept, seen := first[k]
		if !seen {
			first[k] = in
			if in.SheetHidden { // no visible sheet of it
				b.Add(model.SeverityWarning, CodeHiddenSheetUsed, in.Source,
					"基本目標%dの取組項目%dは非表示のシート（%s）にしかないため、それを報告書に使います。古い写しでないか確かめ、使うシートは表示してください。",
					in.GoalNumber, in.Number, sheetRef(in.Source))
			}
			continue
		}
		drop[in] = true
		b.Add(model.SeverityError, CodeDuplicateInitiative, in.Source,
			"基本目標%dの取組項目%dのシートが%sと%sの二つあります。報告書には%s%s（「%s」）を使い、このシート（「%s」）は除きます。",
			in.GoalNumber, in.Number, sheetRef(kept.Source), sheetRef(in.Source),
			why(kept, in), sheetRef(kept.Source), kept.Title, in.Title)
	}
	if len(drop) == 0 {
		return ins
	}
	out := ins[:0:0]
	for _, in := range ins {
		if !drop[in] {
			out = append(out, in)
		}
	}
	return out
}

// duplicateOrder sorts the initiatives so that, of the sheets of one
// basic goal + initiative number, the one the report uses comes first:
//
//  1. a visible sheet before a hidden one (a hidden sheet beside a visible
//     one is usually an old copy);
//  2. the sheet of the workbook saved last (document properties): a
//     corrected copy beside the original (総務部_修正版.xlsx) is the one the
//     department means; workbooks that do not say are not ordered so;
//  3. the workbook with the better name (nameRank): named as a department
//     of the sheet (福祉部.xlsx), then a name without white space, then the
//     rest (「福祉部 .xlsx」), so that a copy saved by hand does not win on
//     byte order (a space sorts before the dot);
//  4. file-name order, then the order ingest listed the sheets of one file
//     in (the workbook's tab order).
//
// why words, for the duplicate message, the rule that put kept before
// dropped ("" for file order).
func duplicateOrder(b *model.Batch, ins []*model.Initiative) ([]*model.Initiative, func(kept, dropped *model.Initiative) string) {
	ordered := inFileOrder(ins)
	saved := map[string]string{} // workbook → last saved (RFC 3339, UTC: compares as text)
	for _, f := range b.Files {
		saved[f.Name] = f.Modified
	}
	laterFirst := func(x, y *model.Initiative) int {
		sx, sy := saved[x.Source.File], saved[y.Source.File]
		if sx == "" || sy == "" {
			return 0
		}
		return strings.Compare(sy, sx)
	}
	rank := make(map[*model.Initiative]int, len(ins))
	for _, in := range ins {
		rank[in] = nameRank(in.Source.File, in.Departments())
	}
	slices.SortStableFunc(ordered, func(x, y *model.Initiative) int {
		return cmp.Or(compareHidden(x.SheetHidden, y.SheetHidden), laterFirst(x, y), cmp.Compare(rank[x], rank[y]))
	})
	why := func(kept, dropped *model.Initiative) string {
		switch {
		case kept.SheetHidden:
			return ""
		case laterFirst(kept, dropped) < 0:
			return "後に保存されたブックの"
		case dropped.SheetHidden || laterFirst(kept, dropped) != 0 || rank[kept] >= rank[dropped]:
			return "" // hidden, or file order
		}
		return nameReason(rank[kept])
	}
	return ordered, why
}

// compareHidden orders visible before hidden.
func compareHidden(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// checkIndexes compares each basic goal's index (取組一覧) with its sheets:
// entries without a sheet, sheets without an entry, and titles or
// departments that differ once spaces and character width are ignored.
func checkIndexes(b *model.Batch, ins []*model.Initiative, indexes []model.GoalIndex) {
	byGoal := map[int]*model.GoalIndex{}
	var goals []int
	for i := range indexes {
		ix := &indexes[i]
		if prev, ok := byGoal[ix.GoalNumber]; ok {
			b.Add(model.SeverityInfo, CodeDuplicateGoalIndex, ix.Source,
				"基本目標%dの取組一覧が%sにもあります。照合には%sの一覧を使います。",
				ix.GoalNumber, sheetRef(ix.Source), sheetRef(prev.Source))
			continue
		}
		byGoal[ix.GoalNumber] = ix
		goals = append(goals, ix.GoalNumber)
	}

	// Each goal's entries by number (the first row of a number, as the
	// duplicate-entry warning below says): a sheet looks its entry up
	// instead of searching a list as long as the goal's initiatives.
	entries := map[goalKey]*model.IndexEntry{}
	for _, g := range goals {
		ix := byGoal[g]
		for i := range ix.Entries {
			k := goalKey{g, ix.Entries[i].Number}
			if _, ok := entries[k]; !ok {
				entries[k] = &ix.Entries[i]
			}
		}
	}
	sheets := map[goalKey]*model.Initiative{}
	goalSeen := map[int]bool{}
	for _, in := range inFileOrder(ins) {
		sheets[goalKey{in.GoalNumber, in.Number}] = in
		ix, ok := byGoal[in.GoalNumber]
		if !ok {
			if !goalSeen[in.GoalNumber] {
				b.Add(model.SeverityInfo, CodeGoalWithoutIndex, in.Source,
					"基本目標%dの取組一覧がないため、シートと一覧の照合はしていません。", in.GoalNumber)
			}
			goalSeen[in.GoalNumber] = true
			continue
		}
		goalSeen[in.GoalNumber] = true
		entry := entries[goalKey{in.GoalNumber, in.Number}]
		if entry == nil {
			b.Add(model.SeverityWarning, CodeSheetNotInIndex, in.Source,
				"基本目標%dの取組項目%d「%s」は取組一覧（%s）にありません。",
				in.GoalNumber, in.Number, in.Title, sheetRef(ix.Source))
			continue
		}
		compareWithEntry(b, in, entry, ix)
	}

	for _, g := range goals {
		ix := byGoal[g]
		seen := map[int]bool{}
		for i := range ix.Entries {
			e := &ix.Entries[i]
			if seen[e.Number] {
				b.Add(model.SeverityWarning, CodeDuplicateIndexEntry, entrySource(e, ix),
					"取組一覧に基本目標%dの取組項目%dが二度あります（「%s」）。最初の行で照合します。", g, e.Number, e.Title)
				continue
			}
			seen[e.Number] = true
			if _, ok := sheets[goalKey{g, e.Number}]; !ok {
				b.Add(model.SeverityWarning, CodeIndexWithoutSheet, entrySource(e, ix),
					"取組一覧の基本目標%dの取組項目%d「%s」（%s）の取組管理シートがありません。",
					g, e.Number, e.Title, e.Department)
			}
		}
	}
}

// entrySource is the entry's row, or the index sheet when ingest gave no row.
func entrySource(e *model.IndexEntry, ix *model.GoalIndex) model.Source {
	if e.Source.Sheet != "" {
		return e.Source
	}
	return ix.Source
}

// entryRef names the entry's row, at cell when it is known (the title or
// department that differs).
func entryRef(e *model.IndexEntry, ix *model.GoalIndex, cell string) string {
	src := entrySource(e, ix)
	if cell != "" && e.Source.Sheet != "" {
		src = src.At(cell)
	}
	return src.String()
}

// checkGoalNames warns about every sheet whose short goal name (基本目標の
// 名称, e.g. 市民と協働) differs from the name most sheets of the same goal
// use; on a tie, the name of the first sheet in file order wins.
func checkGoalNames(b *model.Batch, ins []*model.Initiative) {
	type variant struct {
		name   string
		count  int
		sheets []*model.Initiative
	}
	type spelling struct {
		goal   int
		folded string
	}
	byGoal := map[int][]*variant{}
	// Each name is folded once and looked up: a goal written differently
	// on every sheet would otherwise be compared with every variant so far.
	bySpelling := map[spelling]*variant{}
	var goals []int
	for _, in := range inFileOrder(ins) {
		if strings.TrimSpace(in.GoalName) == "" {
			continue
		}
		vs, ok := byGoal[in.GoalNumber]
		if !ok {
			goals = append(goals, in.GoalNumber)
		}
		key := spelling{in.GoalNumber, fold(in.GoalName)}
		hit := bySpelling[key]
		if hit == nil {
			hit = &variant{name: in.GoalName}
			bySpelling[key] = hit
			byGoal[in.GoalNumber] = append(vs, hit)
		}
		hit.count++
		hit.sheets = append(hit.sheets, in)
	}
	for _, g := range goals {
		vs := byGoal[g]
		if len(vs) < 2 {
			continue
		}
		major := vs[0]
		for _, v := range vs[1:] {
			if v.count > major.count {
				major = v
			}
		}
		for _, v := range vs {
			if v == major {
				continue
			}
			for _, in := range v.sheets {
				// The finding points at the name as written, so that the
				// department's marked copy shows it there.
				b.Add(model.SeverityWarning, CodeGoalNameDiffers, at(in.Source, in.GoalNameCell),
					"基本目標%dの名称「%s」が、同じ基本目標の他のシート（%dシート、%sなど）の「%s」と異なります。",
					g, in.GoalName, major.count, sheetRef(major.sheets[0].Source), major.name)
			}
		}
	}
}

// checkIndicators reports indicators that can never be evaluated and
// fiscal years of (3) 目標指標 that (2) 年度別取組内容 does not plan.
func checkIndicators(b *model.Batch, in *model.Initiative) {
	planned := map[int]bool{}
	for _, p := range in.Plans {
		if p.Year.Year != 0 {
			planned[p.Year.Year] = true
		}
	}
	reported := map[int]bool{}
	for _, ind := range in.Indicators {
		if ind.Name == "" && !hasAnyValue(ind) {
			continue // an empty slot of the table
		}
		src := ind.Source
		if src.Sheet == "" {
			src = in.Source
		}
		hasTarget := false
		years := map[int]bool{}
		for _, y := range ind.Years {
			switch y.Target.Kind {
			case model.ValueNumber, model.ValueDone, model.ValueNotDone:
				hasTarget = true
			}
			if y.Year.Year == 0 {
				continue
			}
			if years[y.Year.Year] {
				b.Add(model.SeverityWarning, CodeDuplicateIndicatorYear, yearSource(y, src),
					"指標「%s」に%sの列が二つあります。", ind.Name, y.Year.Display())
			}
			years[y.Year.Year] = true
			if len(planned) > 0 && !planned[y.Year.Year] && !reported[y.Year.Year] {
				reported[y.Year.Year] = true
				b.Add(model.SeverityInfo, CodeIndicatorYearNotInPlan, yearSource(y, src),
					"(3) 目標指標の%sが (2) 年度別取組内容にありません。", y.Year.Display())
			}
		}
		if !hasTarget {
			b.Add(model.SeverityWarning, CodeIndicatorWithoutTarget, src,
				"指標「%s」にはどの年度にも目標値がないため、達成率を計算できません。", nameOrBlank(ind.Name))
		}
	}
}

// yearSource points at the year's target cell (its column of block (3)),
// or the indicator when ingest recorded no cell.
func yearSource(y model.IndicatorYear, fallback model.Source) model.Source {
	if y.Target.Source.Sheet != "" {
		return y.Target.Source
	}
	return fallback
}

func nameOrBlank(s string) string {
	if s == "" {
		return "（名称なし）"
	}
	return s
}

// sheetList names sheets in messages, at most limit of them.
func sheetList(srcs []model.Source, limit int) string {
	return upTo(srcs, limit, sheetRef, "、")
}

// upTo names the first limit sources with name, then how many more.
func upTo(srcs []model.Source, limit int, name func(model.Source) string, sep string) string {
	var parts []string
	for i, s := range srcs {
		if i == limit {
			parts = append(parts, fmt.Sprintf("ほか%dシート", len(srcs)-limit))
			break
		}
		parts = append(parts, name(s))
	}
	return strings.Join(parts, sep)
}

// at is src at cell, or src itself (the sheet's title label) when the
// cell is not known.
func at(src model.Source, cell string) model.Source {
	if cell == "" {
		return src
	}
	return src.At(cell)
}

// compareWithEntry warns where a sheet's title or department differs from
// its index entry's. A blank title or department has its own error at its
// cell; a difference from the index would only say it again.
func compareWithEntry(b *model.Batch, in *model.Initiative, entry *model.IndexEntry, ix *model.GoalIndex) {
	if entry.Title != "" && in.Title != "" && fold(entry.Title) != fold(in.Title) {
		b.Add(model.SeverityWarning, CodeTitleDiffersFromIndex, at(in.Source, in.TitleCell),
			"取組項目%dの取組項目名「%s」が取組一覧（%s）の「%s」と異なります。",
			in.Number, in.Title, entryRef(entry, ix, entry.TitleCell), entry.Title)
	}
	if entry.Department != "" && in.Department != "" && !model.SameDepartments(entry.Department, in.Department, fold) {
		b.Add(model.SeverityWarning, CodeDeptDiffersFromIndex, at(in.Source, in.DepartmentCell),
			"取組項目%dの担当部名「%s」が取組一覧（%s）の「%s」と異なります。",
			in.Number, in.Department, entryRef(entry, ix, entry.DepartmentCell), entry.Department)
	}
}
