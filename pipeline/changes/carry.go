package changes

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"planreport/pipeline/check"
	"planreport/pipeline/model"
)

// SheetRef names a sheet of a workbook.
type SheetRef struct {
	File  string `json:"file"`
	Sheet string `json:"sheet"`
}

// Carried is the last state the council was shown of the workbooks a
// report could not read (Unread) and the sheets it left out (LeftOut):
// the initiatives and findings of the report it was compared with, for
// those places only. The next report compares a workbook or sheet read
// again with this state, so that what the department changed while it
// could not be read still reaches the council.
type Carried struct {
	Initiatives []Initiative `json:"initiatives"`
	Findings    []Finding    `json:"findings"`
}

// leftOutCodes are the errors with which ingest and check leave a read
// sheet out of the report (「…このシートは報告書に含めません」): without a
// usable goal or initiative number the sheet cannot be placed. A duplicate
// sheet (check.CodeDuplicateInitiative) is not among them: its initiative
// is in the report, from the other sheet. Ingest's codes are spelled out
// (ingest.CodeMissingGoal, CodeMissingNumber, CodeBadNumber,
// CodeSheetUnusable) so that comparing reports does not depend on the
// reader; TestUnreadAndLeftOutCarriedOver (package pipeline) leaves a
// sheet out through ingest and would see them drift apart.
var leftOutCodes = map[string]bool{
	"missing_goal_number":             true,
	"missing_number":                  true,
	"number_unreadable":               true,
	"sheet_unusable":                  true,
	check.CodeInvalidGoalNumber:       true,
	check.CodeInvalidInitiativeNumber: true,
}

// leftOutSheets lists the sheets of b left out for an error: a sheet with
// one of leftOutCodes that is neither an initiative's nor an index's (an
// index's unreadable row number is number_unreadable too).
func leftOutSheets(b *model.Batch) []SheetRef {
	kept := map[SheetRef]bool{}
	for _, in := range b.Initiatives {
		if in != nil {
			kept[SheetRef{in.Source.File, in.Source.Sheet}] = true
		}
	}
	for _, ix := range b.Indexes {
		kept[SheetRef{ix.Source.File, ix.Source.Sheet}] = true
	}
	var out []SheetRef
	for _, f := range b.Findings {
		ref := SheetRef{f.File, f.Sheet}
		if f.Severity != model.SeverityError || !leftOutCodes[f.Code] || f.Sheet == "" || kept[ref] || slices.Contains(out, ref) {
			continue
		}
		out = append(out, ref)
	}
	slices.SortFunc(out, compareRef)
	return out
}

func compareRef(a, b SheetRef) int {
	return cmp.Or(strings.Compare(a.File, b.File), strings.Compare(a.Sheet, b.Sheet))
}

func entryKey(goal, number int) string { return fmt.Sprintf("%d-%d", goal, number) }

// held reports whether a place (file, sheet) is one s could not read: a
// workbook of Unread or a sheet of LeftOut.
func (s *Snapshot) held(file, sheet string) bool {
	return slices.Contains(s.Unread, file) || slices.Contains(s.LeftOut, SheetRef{file, sheet})
}

// allInitiatives and allFindings are what s stands for: what it read and
// what it carried for the places it could not read.
func (s *Snapshot) allInitiatives() []Initiative {
	if s.Carried == nil {
		return s.Initiatives
	}
	return slices.Concat(s.Initiatives, s.Carried.Initiatives)
}

func (s *Snapshot) allFindings() []Finding {
	if s.Carried == nil {
		return s.Findings
	}
	return slices.Concat(s.Findings, s.Carried.Findings)
}

// hasCarried reports whether s carries a state for the workbook (sheet
// "") or the sheet: when it does not (an older snapshot, or a workbook
// rejected the first time it came), the next report cannot compare it.
func (s *Snapshot) hasCarried(file, sheet string) bool {
	if s.Carried == nil {
		return false
	}
	in := func(f, sh string) bool { return f == file && (sheet == "" || sh == sheet) }
	return slices.ContainsFunc(s.Carried.Initiatives, func(x Initiative) bool { return in(x.File, x.Sheet) }) ||
		slices.ContainsFunc(s.Carried.Findings, func(x Finding) bool { return in(x.File, x.Sheet) })
}

// Carry fills s.Carried from prev, the report s is compared with: for each
// workbook s could not read and each sheet it left out, the initiatives
// and findings prev showed there (or carried, when prev could not read it
// either). Only what s does not list itself is carried: the rejection of
// a workbook unread two nights running is in s's own findings once. A
// place no longer unread or left out carries nothing, so the state of a
// workbook that never comes back does not live on.
func Carry(prev, s *Snapshot) {
	s.Carried = nil
	if prev == nil || (len(s.Unread) == 0 && len(s.LeftOut) == 0) {
		return
	}
	c := &Carried{Initiatives: []Initiative{}, Findings: []Finding{}}
	for _, in := range prev.allInitiatives() {
		if s.held(in.File, in.Sheet) {
			c.Initiatives = append(c.Initiatives, in)
		}
	}
	var own []Finding
	for _, f := range s.Findings {
		if s.held(f.File, f.Sheet) {
			own = append(own, f)
		}
	}
	var from []Finding
	for _, f := range prev.allFindings() {
		if s.held(f.File, f.Sheet) {
			from = append(from, f)
		}
	}
	for _, i := range unmatched(from, own) {
		c.Findings = append(c.Findings, from[i])
	}
	if len(c.Initiatives) > 0 || len(c.Findings) > 0 {
		s.Carried = c
	}
}

// withoutHeldEntries leaves out the index findings 「…の取組管理シートが
// ありません」 about an initiative s carries: its sheet was submitted, in a
// workbook or sheet s could not read, so the finding says nothing the
// department must fix, and listing it would make it new one night and
// fixed the next.
func withoutHeldEntries(s *Snapshot, fs []Finding) []Finding {
	if s.Carried == nil {
		return fs
	}
	held := map[string]bool{}
	for _, in := range s.Carried.Initiatives {
		held[entryKey(in.Goal, in.Number)] = true
	}
	return slices.DeleteFunc(slices.Clone(fs), func(f Finding) bool {
		k := keyOf(f)
		return f.Code == check.CodeIndexWithoutSheet && k.entry != "" && held[k.entry]
	})
}
