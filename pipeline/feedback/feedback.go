// Package feedback writes the annotated copies (赤入れ版) of the
// departments' workbooks: the department's own workbook, unchanged except
// that every cell a finding points at carries a note (comment) with the
// finding's message and a fill for its severity, and a new first sheet
// 「指摘事項」 lists every finding of the file with a link to its cell.
//
// A finding at 「総務部.xlsx」シート「取組3」セルE32, an error, becomes:
//
//	取組3!E32   fill light red (the cell's number format, font, border and
//	            alignment kept), note 「【エラー】達成率の記載 42.0 が計算値 42.1 と…」
//	指摘事項!A3 エラー | 取組3 | E32 (a link to 取組3!E32) | 達成率の記載…
//
// Information findings get a note only. Several findings on one cell share
// one note; an existing note of the department keeps its text and the
// findings are appended after it.
//
// The copy is made with excelize from the original bytes, so that values,
// formulas and their cached results, merged cells, widths, hidden rows and
// sheets, data validation, print setup and defined names pass through as
// excelize reads and writes them; the parts are written sorted (zip.go),
// so that the same workbook and findings give the same bytes.
package feedback

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
	"planreport/templates"
)

// SheetName is the name of the sheet listing the findings, added first.
const SheetName = templates.FindingsSheetName

// Author is the author of the notes planreport adds.
const Author = "planreport"

// Dir is the folder of the copies inside the output folder.
const Dir = "feedback"

// Fill colours of the marked cells, by severity (Excel's own "bad" and
// "neutral" cell styles).
const (
	errorFill   = "FFC7CE"
	warningFill = "FFEB9C"
)

// Bounds that keep the work on one workbook proportional to its findings
// and never more than a person can read.
const (
	// MaxNotes is the most cells of one workbook that get a note; the
	// findings beyond are still listed on 指摘事項.
	MaxNotes = 5000
	// maxRangeCells is the most cells of one finding's range that get a fill.
	maxRangeCells = 256
	// maxCellChars is Excel's limit on the characters of a cell and a note.
	maxCellChars = 32000
	// maxLinks keeps the links of 指摘事項 under Excel's 65,530 per sheet;
	// the rows beyond are listed without one.
	maxLinks = 65000
)

// Options says how a copy is made.
type Options struct {
	// ReportDate (YYYY-MM-DD) is written on 指摘事項 as the date the
	// workbook was checked for.
	ReportDate string
	// UnzippedBytes bounds the decompressed size of the workbook (0: 256 MiB).
	// The copies are made only of workbooks ingest accepted, so it should be
	// the limit ingest applied.
	UnzippedBytes int64
}

// Target is one workbook that gets a copy: its name in the input folder,
// its content hash as ingest read it, and its findings in the batch's order.
type Target struct {
	Name     string
	SHA256   string
	Findings []model.Finding
}

// Targets returns the accepted workbooks of b that have at least one
// finding, in the order of b.Files. Rejected files (unreadable,
// password-protected, oversized…) get no copy: their findings stay in
// findings.json and the reports.
func Targets(b *model.Batch) []Target {
	byFile := map[string][]model.Finding{}
	for _, f := range b.Findings {
		byFile[f.File] = append(byFile[f.File], f)
	}
	var out []Target
	seen := map[string]bool{}
	for _, f := range b.Files {
		if f.Status != model.FileAccepted || len(byFile[f.Name]) == 0 || seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		out = append(out, Target{Name: f.Name, SHA256: f.SHA256, Findings: byFile[f.Name]})
	}
	return out
}

// Annotate returns the annotated copy of the workbook data with the given
// findings (all of one file). It never changes data.
func Annotate(data []byte, findings []model.Finding, opt Options) (out []byte, err error) {
	defer func() {
		// excelize on a file ingest accepted should not panic; if it does,
		// the copy is not made, the run goes on.
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("赤入れ版を作れません（ブックの内容が想定外です: %v）", p)
		}
	}()
	limit := opt.UnzippedBytes
	if limit <= 0 {
		limit = 256 << 20
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: limit, UnzipXMLSizeLimit: limit})
	if err != nil {
		return nil, fmt.Errorf("ブックを開けません: %w", err)
	}
	defer f.Close()
	orig := originalParts(data, f)
	a := &annotator{f: f, styles: map[styleKey]int{}, derived: map[int]model.Severity{}, fills: map[model.Severity]int{}, sheets: map[string]string{}, parsed: map[string]bool{}}
	for _, name := range f.GetSheetList() {
		a.sheets[strings.ToLower(name)] = name
	}
	if prev := a.previousLists(); len(prev) > 0 {
		if a.keptLists, err = a.clearPrevious(prev); err != nil {
			return nil, err
		}
	}
	if err := a.mark(findings); err != nil {
		return nil, err
	}
	if err := a.addList(findings, opt.ReportDate); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	f.SetZipWriter(sortedZipWriter(orig))
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("赤入れ版を書けません: %w", err)
	}
	return buf.Bytes(), nil
}

// annotator marks one open workbook.
type annotator struct {
	f       *excelize.File
	styles  map[styleKey]int       // derived fill styles
	derived map[int]model.Severity // the derived styles' severities
	fills   map[model.Severity]int // fill record of each severity
	sheets  map[string]string      // lower-case name → the workbook's spelling
	parsed  map[string]bool        // sheet → excelize can read it
	// keptLists are earlier 指摘事項 the department wrote on, kept renamed.
	keptLists []string
}

type styleKey struct {
	style int
	sev   model.Severity
}

// cellMarks is what one cell receives.
type cellMarks struct {
	sheet, cell string
	lines       []string
	sev         model.Severity // the most severe
}

// mark adds the notes and fills, one note per cell, cells in the order of
// their first finding.
func (a *annotator) mark(findings []model.Finding) error {
	var order []*cellMarks
	byCell := map[[2]string]*cellMarks{}
	for _, fd := range findings {
		sheet, ok := a.sheets[strings.ToLower(fd.Sheet)]
		if !ok || fd.Sheet == "" || fd.Cell == "" || !a.readable(sheet) {
			continue // file- and sheet-level findings: 指摘事項 only
		}
		first, last, ok := cellRange(fd.Cell)
		if !ok {
			continue
		}
		if err := a.fillRange(sheet, first, last, fd.Severity); err != nil {
			return err
		}
		k := [2]string{sheet, first}
		m := byCell[k]
		if m == nil {
			if len(order) >= MaxNotes {
				continue
			}
			m = &cellMarks{sheet: sheet, cell: first, sev: fd.Severity}
			byCell[k] = m
			order = append(order, m)
		}
		if fd.Severity.Rank() < m.sev.Rank() {
			m.sev = fd.Severity
		}
		m.lines = append(m.lines, noteLine(fd.Severity.Label(), fd.Message))
	}
	existing := map[[2]string]excelize.Comment{}
	for _, sheet := range a.markedSheets(order) {
		comments, err := a.f.GetComments(sheet)
		if err != nil {
			return fmt.Errorf("シート「%s」のメモを読めません: %w", sheet, err)
		}
		for _, c := range comments {
			existing[[2]string{sheet, c.Cell}] = c
		}
	}
	for _, m := range order {
		if err := a.note(m, existing); err != nil {
			return err
		}
	}
	return nil
}

// readable reports whether excelize can parse the sheet: a sheet whose
// XML is broken (ingest said so) is left exactly as it is, its findings
// listed on 指摘事項 only.
func (a *annotator) readable(sheet string) bool {
	ok, seen := a.parsed[sheet]
	if !seen {
		// Without the merged cells' values: reading them decoded the
		// shared strings, a tenth of the time of a copy.
		_, err := a.f.GetMergeCells(sheet, true)
		ok = err == nil
		a.parsed[sheet] = ok
	}
	return ok
}

func (a *annotator) markedSheets(order []*cellMarks) []string {
	var sheets []string
	for _, m := range order {
		if !slices.Contains(sheets, m.sheet) {
			sheets = append(sheets, m.sheet)
		}
	}
	return sheets
}

// note writes the note of one cell: the department's own note first, when
// there is one, then the findings.
func (a *annotator) note(m *cellMarks, existing map[[2]string]excelize.Comment) error {
	text := strings.Join(m.lines, "\n")
	c := excelize.Comment{Cell: m.cell, Author: Author}
	if old, ok := existing[[2]string{m.sheet, m.cell}]; ok {
		if err := a.f.DeleteComment(m.sheet, m.cell); err != nil {
			return fmt.Errorf("シート「%s」セル%sのメモ: %w", m.sheet, m.cell, err)
		}
		c.Author = old.Author
		if old.Text != "" {
			c.Paragraph = append(c.Paragraph, excelize.RichTextRun{Text: old.Text})
		}
		c.Paragraph = append(c.Paragraph, old.Paragraph...)
		text = "\n" + noteSeparator + "\n" + text
	}
	c.Paragraph = append(c.Paragraph, excelize.RichTextRun{Text: truncate(text, maxCellChars)})
	c.Width, c.Height = 300, uint(min(400, 30+15*len(m.lines)))
	if err := a.f.AddComment(m.sheet, c); err != nil {
		return fmt.Errorf("シート「%s」セル%sにメモを付けられません: %w", m.sheet, m.cell, err)
	}
	return nil
}

// fillRange marks the cells first..last (bounded) with the fill of sev,
// keeping each cell's own format. Information gets no fill; a cell already
// marked more severely keeps its mark.
func (a *annotator) fillRange(sheet, first, last string, sev model.Severity) error {
	if sev != model.SeverityError && sev != model.SeverityWarning {
		return nil
	}
	return eachCell(first, last, func(cell string) error { return a.fill(sheet, cell, sev) })
}

// eachCell calls do for the cells first..last, row by row, at most
// maxRangeCells of them: what a finding's range marks.
func eachCell(first, last string, do func(cell string) error) error {
	c1, r1, _ := excelize.CellNameToCoordinates(first)
	c2, r2, _ := excelize.CellNameToCoordinates(last)
	n := 0
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2 && n < maxRangeCells; c++ {
			n++
			cell, _ := excelize.CoordinatesToCellName(c, r)
			if err := do(cell); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *annotator) fill(sheet, cell string, sev model.Severity) error {
	id, err := a.f.GetCellStyle(sheet, cell)
	if err != nil {
		return fmt.Errorf("シート「%s」セル%sの書式を読めません: %w", sheet, cell, err)
	}
	if had, ok := a.derived[id]; ok && had.Rank() <= sev.Rank() {
		return nil // already marked as severely: an error's fill is not weakened
	}
	k := styleKey{id, sev}
	nid, ok := a.styles[k]
	if !ok {
		if nid, err = a.derive(id, sev); err != nil {
			return fmt.Errorf("シート「%s」セル%sの書式を作れません: %w", sheet, cell, err)
		}
		a.styles[k] = nid
		a.derived[nid] = sev
	}
	return a.f.SetCellStyle(sheet, cell, cell, nid)
}

// derive adds a cell format that is the format id with the fill of sev:
// a copy of its record with only the fill changed, so that the number
// format, font, border, alignment and protection are the very records the
// department's cell uses. (excelize's GetStyle and NewStyle would rebuild
// them, and lose every colour of a workbook without a theme part, as
// LibreOffice saves them.)
func (a *annotator) derive(id int, sev model.Severity) (int, error) {
	fill, err := a.fillID(sev)
	if err != nil {
		return 0, err
	}
	xfs := a.f.Styles.CellXfs
	if id < 0 || id >= len(xfs.Xf) {
		return 0, fmt.Errorf("書式番号 %d がありません", id)
	}
	xf := xfs.Xf[id]
	apply := true
	xf.FillID, xf.ApplyFill = &fill, &apply
	xfs.Xf = append(xfs.Xf, xf)
	xfs.Count = len(xfs.Xf)
	return len(xfs.Xf) - 1, nil
}

// fillID is the index of the fill record of sev, made once per workbook
// through a style of its own that no cell uses.
func (a *annotator) fillID(sev model.Severity) (int, error) {
	if id, ok := a.fills[sev]; ok {
		return id, nil
	}
	color := errorFill
	if sev == model.SeverityWarning {
		color = warningFill
	}
	st, err := a.f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}})
	if err != nil {
		return 0, err
	}
	xf := a.f.Styles.CellXfs.Xf[st]
	if xf.FillID == nil {
		return 0, fmt.Errorf("塗りつぶしを作れません")
	}
	a.fills[sev] = *xf.FillID
	return *xf.FillID, nil
}

// cellRange reads "E32" or "B3:D5" as its first and last cells.
func cellRange(ref string) (first, last string, ok bool) {
	first, last, isRange := strings.Cut(strings.ReplaceAll(ref, "$", ""), ":")
	if !isRange {
		last = first
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(first)
	c2, r2, err2 := excelize.CellNameToCoordinates(last)
	if err1 != nil || err2 != nil {
		return "", "", false
	}
	first, _ = excelize.CoordinatesToCellName(min(c1, c2), min(r1, r2))
	last, _ = excelize.CoordinatesToCellName(max(c1, c2), max(r1, r2))
	return first, last, true
}

// noteLine is the line of a note for a finding of the severity label
// (エラー, 警告, 情報) and message; findingLine recognises it.
func noteLine(label, message string) string {
	return "【" + label + "】" + message
}

// findingLine reports a line noteLine wrote, whatever its message.
func findingLine(line string) bool {
	label, ok := strings.CutPrefix(line, "【")
	label, _, found := strings.Cut(label, "】")
	return ok && found && model.IsSeverityLabel(label)
}

// noteSeparator is the line between a department's note and the findings
// planreport adds to it.
const noteSeparator = Author + ":"

// truncate keeps s within n characters.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
