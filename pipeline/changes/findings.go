package changes

import (
	"regexp"
	"strings"

	"planreport/pipeline/check"
	"planreport/pipeline/model"
)

// findings lists the findings fixed and the findings new, by code and
// place (a message that only words the same finding differently is not a
// change). A previous finding is compared where its sheet is now (moved):
// a workbook or sheet renamed keeps its findings. Findings skipFixed or
// skipNew rejects (a new plan's sheets, a workbook not read) are left out.
func (c *comparison) findings(prev, cur []Finding, moved relocation, skipFixed, skipNew func(Finding) bool) {
	here := placed(prev, cur, moved)
	for _, i := range unmatched(here, cur) {
		// skipFixed looks at the place the previous report had: the sets
		// of sheets removed or not compared are the previous report's.
		if f := here[i]; !skipFixed(prev[i]) {
			c.add(c.ofSheet(model.Change{Kind: model.ChangeFindingFixed, Item: f.Severity.Label(), Before: f.Message, Source: model.Source{File: f.File, Sheet: f.Sheet, Cell: f.Cell}}))
		}
	}
	for _, i := range unmatched(cur, here) {
		if f := cur[i]; !skipNew(f) {
			c.add(c.ofSheet(model.Change{Kind: model.ChangeFindingNew, Item: f.Severity.Label(), After: f.Message, Source: model.Source{File: f.File, Sheet: f.Sheet, Cell: f.Cell}}))
		}
	}
}

// ofSheet gives a finding's change the initiative of the sheet it is on
// in this report (a finding fixed is placed where its sheet is now), as
// the report's 取組 column shows it: the workbook's 変更点 and diff can
// then be filtered by initiative, and say what the report says. A finding
// about a whole workbook, or on a sheet that is no initiative's now, has
// none (「—」 in the report).
func (c *comparison) ofSheet(ch model.Change) model.Change {
	if in := c.sheets[place{ch.Source.File, ch.Source.Sheet}]; in != nil && ch.Source.Sheet != "" {
		ch.Goal, ch.Initiative, ch.Title = in.Goal, in.Number, in.Title
	}
	return ch
}

// placed is each previous finding where it is in this report. A
// per-workbook finding (perWorkbook) stays in its workbook (renamed or
// not) and follows its sheet to another workbook only when its own has no
// such finding left unmatched: one warning per workbook, anchored at the
// workbook's first sheet of the group, would otherwise leave with a sheet
// moved away and read as fixed there and new at the next sheet, though the
// same sheets share the same text as before.
func placed(prev, cur []Finding, moved relocation) []Finding {
	here := make([]Finding, len(prev))
	left := map[findingKey]int{} // this report's per-workbook findings not matched yet
	for _, f := range cur {
		if perWorkbook(f) {
			left[keyOf(f)]++
		}
	}
	var stray []int
	for i, f := range prev {
		if !perWorkbook(f) {
			here[i] = moved.of(f)
			continue
		}
		here[i] = moved.ofWorkbook(f)
		if k := keyOf(here[i]); left[k] > 0 {
			left[k]--
			continue
		}
		stray = append(stray, i)
	}
	for _, i := range stray {
		if f := moved.of(prev[i]); left[keyOf(f)] > 0 {
			left[keyOf(f)]--
			here[i] = f
		}
	}
	return here
}

// perWorkbook reports whether check gives f once per workbook (with a
// label telling its block apart), at a sheet of the workbook: the warning
// of text copied across sheets, one per workbook holding a sheet of the
// group, at its first such sheet.
func perWorkbook(f Finding) bool {
	return f.Code == check.CodeTextCopiedAcrossSheets && copiedBlock(f) != ""
}

// copiedBlock is the text block a copied-text warning is about, as check
// words it: 「(4) 現状・背景の文章が11シートで…」 → (4) 現状・背景.
func copiedBlock(f Finding) string {
	block, _, ok := strings.Cut(f.Message, "の文章が")
	if !ok {
		return ""
	}
	return block
}

// findingKey is what identifies a finding across two reports.
type findingKey struct{ code, file, sheet, cell, entry string }

// indexEntry finds the entry a finding about a row of a goal's index
// (取組一覧) names: check words them 「…基本目標5の取組項目12…」.
var indexEntry = regexp.MustCompile(`基本目標(\d+)の取組項目(\d+)`)

// keyOf identifies a finding by code and place. A finding about an index
// row is identified by the entry it names instead of its cell: a row
// deleted or inserted above it moves it to another cell, and it would
// otherwise read as fixed there and new one row up. (Should check word
// such a finding otherwise, it falls back to its cell: the old behaviour,
// not a wrong match.) A per-workbook finding is identified by its
// workbook and block: which of the workbook's sheets holds it changes as
// sheets come and go.
func keyOf(f Finding) findingKey {
	k := findingKey{code: f.Code, file: f.File, sheet: f.Sheet, cell: f.Cell}
	if perWorkbook(f) {
		return findingKey{code: f.Code, file: f.File, entry: copiedBlock(f)}
	}
	if f.Code == check.CodeIndexWithoutSheet || f.Code == check.CodeDuplicateIndexEntry {
		if m := indexEntry.FindStringSubmatch(f.Message); m != nil {
			k.cell, k.entry = "", m[1]+"-"+m[2]
		}
	}
	return k
}

// unmatched returns the indexes of the findings of a that b does not
// have, as many times as a has them more than b, in a's order.
func unmatched(a, b []Finding) []int {
	count := map[findingKey]int{}
	for _, f := range b {
		count[keyOf(f)]++
	}
	var out []int
	for i, f := range a {
		if k := keyOf(f); count[k] > 0 {
			count[k]--
			continue
		}
		out = append(out, i)
	}
	return out
}

// place is a sheet of a workbook ("" sheet: the workbook as a whole).
type place struct{ file, sheet string }

// relocation maps the previous report's workbooks and sheets to this
// report's, as the initiatives matched between the two moved.
type relocation struct {
	sheets map[place]place
	files  map[string]string
}

// relocations follows every matched initiative from its previous sheet to
// its current one. A workbook whose matched initiatives all moved to one
// workbook was renamed (福祉部.xlsx → 福祉部_提出.xlsx): its findings about
// the whole workbook, and about sheets that are no initiative's (an extra
// sheet), follow. A workbook split over two stays where it was; so does a
// sheet whose initiatives went to two sheets.
func relocations(matched [][2]*Initiative) relocation {
	r := relocation{sheets: map[place]place{}, files: map[string]string{}}
	split := map[place]bool{}
	fileTo := map[string]map[string]bool{}
	for _, m := range matched {
		from, to := place{m[0].File, m[0].Sheet}, place{m[1].File, m[1].Sheet}
		if got, ok := r.sheets[from]; ok && got != to {
			split[from] = true
		}
		r.sheets[from] = to
		if fileTo[from.file] == nil {
			fileTo[from.file] = map[string]bool{}
		}
		fileTo[from.file][to.file] = true
	}
	for p := range split {
		delete(r.sheets, p)
	}
	for from, tos := range fileTo {
		if len(tos) == 1 {
			for to := range tos {
				r.files[from] = to
			}
		}
	}
	return r
}

// ofWorkbook is a previous finding about a workbook, placed where the
// workbook is in this report (renamed, or where it was).
func (r relocation) ofWorkbook(f Finding) Finding {
	if to, ok := r.files[f.File]; ok {
		f.File = to
	}
	return f
}

// of is a previous finding as placed in this report.
func (r relocation) of(f Finding) Finding {
	if to, ok := r.sheets[place{f.File, f.Sheet}]; ok {
		f.File, f.Sheet = to.file, to.sheet
		return f
	}
	if to, ok := r.files[f.File]; ok {
		f.File = to
	}
	return f
}
