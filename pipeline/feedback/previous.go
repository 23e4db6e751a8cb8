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

// listHeading starts the first cell of every 指摘事項 planreport writes;
// a sheet so named without it is the department's, and is kept.
const listHeading = templates.FindingsHeading

// styleMapCell is the cell of 指摘事項 (in a hidden column) that records
// which cell format planreport derived from which: "57=12;58=3". It is
// what lets a copy sent back get its formats back.
const styleMapCell = "F1"

// previousList is a 指摘事項 of an earlier copy.
type previousList struct {
	name   string
	marked [][2]string // sheet and cell (or range) of each finding listed
	styles map[int]int // a format planreport derived → the department's
}

// previousLists finds the 指摘事項 sheets planreport wrote in this workbook.
func (a *annotator) previousLists() []previousList {
	var out []previousList
	for _, name := range a.f.GetSheetList() {
		if name != SheetName && !strings.HasPrefix(name, SheetName+" (") {
			continue
		}
		if v, err := a.f.GetCellValue(name, "A1"); err != nil || !strings.HasPrefix(v, listHeading) {
			continue
		}
		l := previousList{name: name, styles: map[int]int{}}
		if rows, err := a.f.GetRows(name); err == nil {
			for _, r := range rows[min(2, len(rows)):] {
				if len(r) >= 3 && r[1] != "" && r[2] != "" {
					l.marked = append(l.marked, [2]string{r[1], r[2]})
				}
			}
		}
		record, _ := a.f.GetCellValue(name, styleMapCell)
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

// clearPrevious undoes the marks of the earlier copies' lists and removes
// those lists.
func (a *annotator) clearPrevious(lists []previousList) error {
	for _, l := range lists {
		for _, m := range l.marked {
			if err := a.restoreFills(l, m[0], m[1]); err != nil {
				return err
			}
		}
	}
	isList := func(sheet string) bool {
		return slices.ContainsFunc(lists, func(l previousList) bool { return l.name == sheet })
	}
	for _, sheet := range a.f.GetSheetList() {
		if !isList(sheet) {
			if err := a.removeNotes(sheet); err != nil {
				return err
			}
		}
	}
	for _, l := range lists {
		if err := a.f.DeleteSheet(l.name); err != nil {
			return fmt.Errorf("前回の「%s」シートを削除できません: %w", l.name, err)
		}
		delete(a.sheets, strings.ToLower(l.name))
	}
	return nil
}

// restoreFills gives the cells of one listed finding their format back
// where planreport's fill is still on them and the format it was derived
// from is still the same record apart from its fill (a workbook saved
// again by a program that renumbered its formats keeps the fill).
func (a *annotator) restoreFills(l previousList, sheetName, ref string) error {
	sheet, ok := a.sheets[strings.ToLower(sheetName)]
	if !ok || !a.readable(sheet) {
		return nil
	}
	first, last, ok := cellRange(ref)
	if !ok {
		return nil
	}
	return eachCell(first, last, func(cell string) error {
		id, err := a.f.GetCellStyle(sheet, cell)
		if err != nil {
			return fmt.Errorf("シート「%s」セル%sの書式を読めません: %w", sheet, cell, err)
		}
		if orig, ok := l.styles[id]; ok && a.sameButFill(id, orig) {
			if err := a.f.SetCellStyle(sheet, cell, cell, orig); err != nil {
				return fmt.Errorf("シート「%s」セル%sの書式を戻せません: %w", sheet, cell, err)
			}
		}
		return nil
	})
}

// sameButFill reports whether cell formats a and b are the same record
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

// removeNotes removes planreport's notes from sheet: a note it wrote is
// deleted, a note of the department it added to gets back the
// department's text alone.
func (a *annotator) removeNotes(sheet string) error {
	comments, err := a.f.GetComments(sheet)
	if err != nil {
		return fmt.Errorf("シート「%s」のメモを読めません: %w", sheet, err)
	}
	added := "\n" + Author + ":\n"
	for _, c := range comments {
		i := slices.IndexFunc(c.Paragraph, func(r excelize.RichTextRun) bool { return strings.HasPrefix(r.Text, added) })
		if c.Author != Author && i < 0 {
			continue
		}
		if err := a.f.DeleteComment(sheet, c.Cell); err != nil {
			return fmt.Errorf("シート「%s」セル%sのメモを削除できません: %w", sheet, c.Cell, err)
		}
		kept := excelize.Comment{Cell: c.Cell, Author: c.Author, Text: c.Text}
		if c.Author == Author {
			// What the department wrote into planreport's note (a reply)
			// stays; the findings' lines go.
			if kept.Text = replyLines(c); kept.Text == "" {
				continue
			}
		} else {
			kept.Paragraph = c.Paragraph[:i]
		}
		kept.Width, kept.Height = 300, 60
		if err := a.f.AddComment(sheet, kept); err != nil {
			return fmt.Errorf("シート「%s」セル%sのメモを戻せません: %w", sheet, c.Cell, err)
		}
	}
	return nil
}

// replyLines is the text of a note planreport wrote without the lines it
// wrote (【エラー】…, 【警告】…, 【情報】…).
func replyLines(c excelize.Comment) string {
	text := c.Text
	for _, r := range c.Paragraph {
		text += r.Text
	}
	var kept []string
	for line := range strings.SplitSeq(text, "\n") {
		ours := false
		for _, sev := range []model.Severity{model.SeverityError, model.SeverityWarning, model.SeverityInfo} {
			ours = ours || strings.HasPrefix(line, "【"+sev.Label()+"】")
		}
		if !ours && strings.TrimSpace(line) != "" {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
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
