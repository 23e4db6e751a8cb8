package feedback

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
	"planreport/templates"
)

// A department may correct its sheet in the annotated copy it received and
// submit that copy. Its marks are then last run's: the old 指摘事項 is
// replaced by the new one, planreport's notes are removed (a note of the
// department keeps its own text), and the cells planreport filled get
// their own format back, so that a corrected cell is no longer red. What
// this run finds is then marked as on any workbook.

// styleMapCell is the cell of 指摘事項 (in a hidden column) that records
// which cell format planreport derived from which: "57=12;58=3". It is
// what lets a copy sent back get its formats back; styleMapCol is its
// column, 0-based.
const (
	styleMapCell = "F1"
	styleMapCol  = 5
)

// previousList is a 指摘事項 of an earlier copy.
type previousList struct {
	name    string
	entries []listEntry
	styles  map[int]int // a format planreport derived → the department's
	// written is true when the department wrote on the list (a column
	// 対応 beside planreport's): the sheet is then kept, renamed.
	written bool
}

// listEntry is one finding row of a 指摘事項: where, and the note line it
// put on that cell.
type listEntry struct {
	sheet, cell, line string
}

// previousLists finds the 指摘事項 sheets planreport wrote in this workbook.
func (a *annotator) previousLists() []previousList {
	var out []previousList
	for _, name := range a.f.GetSheetList() {
		if !templates.IsFindingsSheet(name) {
			continue
		}
		// Without planreport's heading in A1, a sheet so named is the
		// department's, and is kept.
		rows, err := a.f.GetRows(name)
		if err != nil || len(rows) == 0 || len(rows[0]) == 0 || !strings.HasPrefix(rows[0][0], templates.FindingsHeading) {
			continue
		}
		l := previousList{name: name, styles: map[int]int{}}
		for i, r := range rows {
			l.written = l.written || !planreportsRow(i, r)
			if i >= 2 && len(r) >= 4 && r[1] != "" && r[2] != "" {
				l.entries = append(l.entries, listEntry{sheet: r[1], cell: r[2], line: noteLine(r[0], r[3])})
			}
		}
		var record string
		if len(rows[0]) > styleMapCol {
			record = rows[0][styleMapCol]
		}
		for pair := range strings.SplitSeq(record, ";") {
			d, o, _ := strings.Cut(pair, "=")
			derived, err1 := strconv.Atoi(d)
			orig, err2 := strconv.Atoi(o)
			if err1 == nil && err2 == nil {
				l.styles[derived] = orig
			}
		}
		out = append(out, l)
	}
	return out
}

// planreportsRow reports whether row i (0-based) of an old 指摘事項 holds
// only what planreport writes there: the heading A1 and the record F1; the
// column titles A–D; then finding rows of 区分 (a severity), シート, セル
// and 内容 in A–D. Anything else is the department's writing.
func planreportsRow(i int, r []string) bool {
	finding := i >= 2 && len(r) >= 4 && r[3] != "" && model.IsSeverityLabel(r[0])
	for c, v := range r {
		if v == "" {
			continue
		}
		switch {
		case i == 0 && (c == 0 || c == styleMapCol), i == 1 && c < 4:
		case finding && c < 4:
		default:
			return false
		}
	}
	return true
}

// clearPrevious undoes the marks of the earlier copies' lists and removes
// those lists (a list the department wrote on is kept as 前回の指摘事項;
// its name is returned in kept).
func (a *annotator) clearPrevious(lists []previousList) (kept []string, err error) {
	lines := map[[2]string][]string{} // sheet, first cell → planreport's lines there
	for _, l := range lists {
		for _, e := range l.entries {
			sheet, ok := a.sheets[strings.ToLower(e.sheet)]
			first, last, ok2 := cellRange(e.cell)
			if !ok || !ok2 || !a.readable(sheet) {
				continue
			}
			if err := a.restoreFills(l.styles, sheet, first, last); err != nil {
				return nil, err
			}
			k := [2]string{sheet, first}
			lines[k] = append(lines[k], e.line)
		}
	}
	if err := a.removeNotes(lines); err != nil {
		return nil, err
	}
	for _, l := range lists {
		if l.written {
			name := a.freeName(templates.PreviousFindingsSheetName)
			if err := a.f.SetSheetName(l.name, name); err != nil {
				return nil, fmt.Errorf("前回の「%s」シートの名前を変えられません: %w", l.name, err)
			}
			delete(a.sheets, strings.ToLower(l.name))
			a.sheets[strings.ToLower(name)] = name
			kept = append(kept, name)
			continue
		}
		if err := a.deleteSheet(l.name); err != nil {
			return nil, err
		}
	}
	return kept, nil
}

// deleteSheet deletes the sheet name. excelize's DeleteSheet keeps the
// first workbook view on its tab; the others are kept on theirs here.
// (It also parses every sheet to clear their tab selection: a copy sent
// back is rewritten whole, which only costs time.)
func (a *annotator) deleteSheet(name string) error {
	idx, _ := a.f.GetSheetIndex(name)
	if err := a.f.DeleteSheet(name); err != nil {
		return fmt.Errorf("前回の「%s」シートを削除できません: %w", name, err)
	}
	delete(a.sheets, strings.ToLower(name))
	if wb := a.f.WorkBook; wb != nil && wb.BookViews != nil {
		for i := 1; i < len(wb.BookViews.WorkBookView); i++ {
			if v := &wb.BookViews.WorkBookView[i]; v.ActiveTab > idx {
				v.ActiveTab--
			}
		}
	}
	return nil
}

// restoreFills gives the cells first..last of sheet, one listed finding's,
// their format back where planreport's fill is still on them and the
// format it was derived from is still the same record apart from its fill
// (a workbook saved again by a program that renumbered its formats keeps
// the fill).
func (a *annotator) restoreFills(styles map[int]int, sheet, first, last string) error {
	return eachCell(first, last, func(cell string) error {
		id, err := a.f.GetCellStyle(sheet, cell)
		if err != nil {
			return fmt.Errorf("シート「%s」セル%sの書式を読めません: %w", sheet, cell, err)
		}
		if orig, ok := styles[id]; ok && a.sameButFill(id, orig) {
			if err := a.f.SetCellStyle(sheet, cell, cell, orig); err != nil {
				return fmt.Errorf("シート「%s」セル%sの書式を戻せません: %w", sheet, cell, err)
			}
		}
		return nil
	})
}

// sameButFill reports whether cell formats x and y are the same record
// apart from their fill.
func (a *annotator) sameButFill(x, y int) bool {
	xfs := a.f.Styles.CellXfs.Xf
	if x < 0 || y < 0 || x >= len(xfs) || y >= len(xfs) {
		return false
	}
	p, q := xfs[x], xfs[y]
	p.FillID, p.ApplyFill, q.FillID, q.ApplyFill = nil, nil, nil, nil
	return reflect.DeepEqual(p, q)
}

// removeNotes takes planreport's lines out of the notes at the cells
// lines names: the finding lines the old lists hold for that cell, and
// the "planreport:" line that separated them from the department's note.
// Whatever else the note says (the department's note, a reply typed into
// it) stays; a note left empty is deleted. The lines are found by their
// text, not by the note's author or runs: LibreOffice drops the one and
// merges the other.
func (a *annotator) removeNotes(lines map[[2]string][]string) error {
	var sheets []string
	for k := range lines {
		if !slices.Contains(sheets, k[0]) {
			sheets = append(sheets, k[0])
		}
	}
	slices.Sort(sheets)
	for _, sheet := range sheets {
		comments, err := a.f.GetComments(sheet)
		if err != nil {
			return fmt.Errorf("シート「%s」のメモを読めません: %w", sheet, err)
		}
		for _, c := range comments {
			if ours, ok := lines[[2]string{sheet, c.Cell}]; ok {
				if err := a.removeLines(sheet, c, ours); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// removeLines takes the lines ours out of the note c.
func (a *annotator) removeLines(sheet string, c excelize.Comment, ours []string) error {
	text := c.Text
	for _, r := range c.Paragraph {
		text += r.Text
	}
	rest := text
	for _, line := range ours {
		rest = strings.Replace(rest, line, "", 1)
	}
	var kept []string
	for line := range strings.SplitSeq(rest, "\n") {
		// A finding line the department edited on the list still starts
		// with planreport's 【区分】 in the note.
		if t := strings.TrimSpace(line); t != "" && t != noteSeparator && !findingLine(t) {
			kept = append(kept, line)
		}
	}
	rest = strings.Join(kept, "\n")
	if rest == strings.TrimSpace(text) {
		return nil // none of planreport's lines in it
	}
	if err := a.f.DeleteComment(sheet, c.Cell); err != nil {
		return fmt.Errorf("シート「%s」セル%sのメモを削除できません: %w", sheet, c.Cell, err)
	}
	if rest == "" {
		return nil
	}
	note := excelize.Comment{Cell: c.Cell, Author: c.Author, Text: rest, Width: 300, Height: 60}
	// The department's runs as they were, when they are all that is left
	// (the common case: a note planreport added to, no reply).
	prefix := c.Text
	for i, r := range c.Paragraph {
		if strings.TrimRight(prefix, "\n") == rest {
			note.Text, note.Paragraph = c.Text, c.Paragraph[:i]
			break
		}
		prefix += r.Text
	}
	if err := a.f.AddComment(sheet, note); err != nil {
		return fmt.Errorf("シート「%s」セル%sのメモを戻せません: %w", sheet, c.Cell, err)
	}
	return nil
}

// styleRecord is the text of styleMapCell: each derived format and the
// format it was derived from, in the order of the derived ones.
func (a *annotator) styleRecord() string {
	pairs := make([][2]int, 0, len(a.styles))
	for k, derived := range a.styles {
		pairs = append(pairs, [2]int{derived, k.style})
	}
	slices.SortFunc(pairs, func(p, q [2]int) int { return p[0] - q[0] })
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = strconv.Itoa(p[0]) + "=" + strconv.Itoa(p[1])
	}
	return strings.Join(parts, ";")
}
