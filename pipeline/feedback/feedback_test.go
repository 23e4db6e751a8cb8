package feedback_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline"
	"planreport/pipeline/config"
	"planreport/pipeline/feedback"
	"planreport/pipeline/ingest"
	"planreport/pipeline/model"
)

const reportDate = "2026-11-23"

// analyzed reads dir as run does and returns the batch with its findings.
func analyzed(t *testing.T, dir string) *model.Batch {
	t.Helper()
	cfg := config.Default()
	b, err := ingest.Read(context.Background(), dir, ingest.Options{Limits: cfg.Limits, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	b.ReportDate = reportDate
	if err := pipeline.Analyze(b, &cfg, nil); err != nil {
		t.Fatal(err)
	}
	return b
}

// annotateAll makes the copy of every target of dir and checks each with
// both readers; it returns how many findings with a cell were checked.
func annotateAll(t *testing.T, dir string, b *model.Batch) int {
	t.Helper()
	targets := feedback.Targets(b)
	if len(targets) == 0 {
		t.Fatalf("%s: no workbook with findings", dir)
	}
	n := 0
	for _, tg := range targets {
		orig, err := os.ReadFile(filepath.Join(dir, tg.Name))
		if err != nil {
			t.Fatal(err)
		}
		n += checkTarget(t, orig, tg.Name, tg.Findings)
	}
	return n
}

func checkTarget(t *testing.T, orig []byte, name string, findings []model.Finding) int {
	t.Helper()
	keep := bytes.Clone(orig)
	copy1, err := feedback.Annotate(orig, findings, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !bytes.Equal(orig, keep) {
		t.Fatalf("%s: Annotate changed its input", name)
	}
	copy2, err := feedback.Annotate(orig, findings, feedback.Options{ReportDate: reportDate})
	if err != nil || !bytes.Equal(copy1, copy2) {
		t.Errorf("%s: two copies of the same workbook and findings differ (%v)", name, err)
	}
	n := compareWithExcelize(t, name, orig, copy1, findings)
	compareWithOpenpyxl(t, name, orig, copy1, findings)
	return n
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// noted is the sheet and cell of a finding that must be a note: a cell of
// a sheet the workbook has.
func noted(sheets []string, fd model.Finding) (string, bool) {
	if fd.Sheet == "" || fd.Cell == "" || !slices.Contains(sheets, fd.Sheet) {
		return "", false
	}
	cell, _, _ := strings.Cut(fd.Cell, ":")
	return cell, true
}

func compareWithExcelize(t *testing.T, name string, orig, copied []byte, findings []model.Finding) int {
	t.Helper()
	a, b := open(t, orig), open(t, copied)
	sheets := a.GetSheetList()
	if got := b.GetSheetList(); got[0] != feedback.SheetName || !slices.Equal(got[1:], sheets) {
		t.Fatalf("%s: sheets %v, want 指摘事項 then %v", name, got, sheets)
	}
	if !reflect.DeepEqual(a.GetDefinedName(), b.GetDefinedName()) {
		t.Errorf("%s: defined names\n%v\nwant %v", name, b.GetDefinedName(), a.GetDefinedName())
	}
	// The most severe finding of each noted cell.
	marked := map[[2]string]model.Severity{}
	n := 0
	for _, fd := range findings {
		if cell, ok := noted(sheets, fd); ok {
			k := [2]string{fd.Sheet, cell}
			if old, seen := marked[k]; !seen || severer(fd.Severity, old) {
				marked[k] = fd.Severity
			}
			n++
		}
	}
	for _, sheet := range sheets {
		compareSheet(t, name, sheet, a, b, marked)
	}
	checkNotes(t, name, a, b, findings, marked)
	checkList(t, name, b, findings)
	return n
}

func severer(a, b model.Severity) bool {
	rank := map[model.Severity]int{model.SeverityError: 0, model.SeverityWarning: 1, model.SeverityInfo: 2}
	return rank[a] < rank[b]
}

func compareSheet(t *testing.T, name, sheet string, a, b *excelize.File, marked map[[2]string]model.Severity) {
	t.Helper()
	raw := excelize.Options{RawCellValue: true}
	ra, err := a.GetRows(sheet, raw)
	if _, serr := a.GetMergeCells(sheet); err != nil || serr != nil {
		// A sheet excelize cannot parse (ingest reported it): excelize
		// leaves its part as it was; openpyxl compares what it can.
		t.Logf("%s!%s: excelize cannot read the original sheet (%v %v)", name, sheet, err, serr)
		return
	}
	rb, _ := b.GetRows(sheet, raw)
	if !reflect.DeepEqual(ra, rb) {
		t.Errorf("%s!%s: values differ", name, sheet)
	}
	for _, get := range []func(*excelize.File) any{
		func(f *excelize.File) any { v, _ := f.GetMergeCells(sheet); return v },
		func(f *excelize.File) any { v, _ := f.GetDataValidations(sheet); return v },
		func(f *excelize.File) any { v, _ := f.GetSheetVisible(sheet); return v },
		func(f *excelize.File) any { v, _ := f.GetPageLayout(sheet); return v },
		func(f *excelize.File) any { v, _ := f.GetPageMargins(sheet); return v },
	} {
		if x, y := get(a), get(b); !reflect.DeepEqual(x, y) {
			t.Errorf("%s!%s: %v, want %v", name, sheet, y, x)
		}
	}
	cols := 1
	for _, r := range ra {
		cols = max(cols, len(r))
	}
	for r := 1; r <= len(ra)+1; r++ {
		ha, _ := a.GetRowHeight(sheet, r)
		hb, _ := b.GetRowHeight(sheet, r)
		va, _ := a.GetRowVisible(sheet, r)
		vb, _ := b.GetRowVisible(sheet, r)
		if ha != hb || va != vb {
			t.Errorf("%s!%s row %d: height %v visible %v, want %v %v", name, sheet, r, hb, vb, ha, va)
		}
		for c := 1; c <= cols+1; c++ {
			cell, _ := excelize.CoordinatesToCellName(c, r)
			if r == 1 {
				col, _ := excelize.ColumnNumberToName(c)
				wa, _ := a.GetColWidth(sheet, col)
				wb, _ := b.GetColWidth(sheet, col)
				if wa != wb {
					t.Errorf("%s!%s column %s: width %v, want %v", name, sheet, col, wb, wa)
				}
			}
			sev, ok := marked[[2]string{sheet, cell}]
			compareCell(t, name, sheet, cell, a, b, sev, ok)
		}
	}
}

// compareCell: the value, formula and style of the copy's cell are the
// original's, except that a cell noted for an error or a warning has the
// fill of its severity (the fill of a range's other cells is not checked).
func compareCell(t *testing.T, name, sheet, cell string, a, b *excelize.File, sev model.Severity, marked bool) {
	t.Helper()
	fa, _ := a.GetCellFormula(sheet, cell)
	fb, _ := b.GetCellFormula(sheet, cell)
	va, _ := a.GetCellValue(sheet, cell)
	vb, _ := b.GetCellValue(sheet, cell)
	if fa != fb || va != vb {
		t.Errorf("%s!%s!%s: %q %q, want %q %q", name, sheet, cell, fb, vb, fa, va)
	}
	sa, sb := style(t, a, name, sheet, cell), style(t, b, name, sheet, cell)
	if marked && sev != model.SeverityInfo {
		want := map[model.Severity]string{model.SeverityError: "FFC7CE", model.SeverityWarning: "FFEB9C"}[sev]
		// excelize reads no colour at all in a workbook without a theme
		// part (LibreOffice's): openpyxl checks the colour there.
		if sb.Fill.Type != "pattern" || sb.Fill.Pattern != 1 || slices.ContainsFunc(sb.Fill.Color, func(c string) bool { return c != "" }) && !slices.Equal(sb.Fill.Color, []string{want}) {
			t.Errorf("%s!%s!%s: fill %+v, want %s for %s", name, sheet, cell, sb.Fill, want, sev)
		}
		sa.Fill, sb.Fill = excelize.Fill{}, excelize.Fill{}
	}
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("%s!%s!%s: style %+v, want %+v", name, sheet, cell, sb, sa)
	}
}

func style(t *testing.T, f *excelize.File, name, sheet, cell string) excelize.Style {
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s!%s: %v", name, sheet, cell, err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatalf("%s!%s!%s: %v", name, sheet, cell, err)
	}
	return *st
}

func commentText(c excelize.Comment) string {
	s := c.Text
	for _, r := range c.Paragraph {
		s += r.Text
	}
	return s
}

// checkNotes: each finding with a cell is a note on exactly that cell;
// each note of the department is still there, its text first.
func checkNotes(t *testing.T, name string, a, b *excelize.File, findings []model.Finding, marked map[[2]string]model.Severity) {
	t.Helper()
	sheets := a.GetSheetList()
	got := map[[2]string]string{}
	old := map[[2]string]string{}
	for _, sheet := range sheets {
		cb, _ := b.GetComments(sheet)
		for _, c := range cb {
			got[[2]string{sheet, c.Cell}] = commentText(c)
		}
		ca, _ := a.GetComments(sheet)
		for _, c := range ca {
			old[[2]string{sheet, c.Cell}] = commentText(c)
		}
	}
	for _, fd := range findings {
		if cell, ok := noted(sheets, fd); ok && !strings.Contains(got[[2]string{fd.Sheet, cell}], fd.Message) {
			t.Errorf("%s!%s!%s: note %q lacks finding %q", name, fd.Sheet, cell, got[[2]string{fd.Sheet, cell}], fd.Message)
		}
	}
	for k, text := range got {
		if _, ok := marked[k]; !ok && old[k] != text {
			t.Errorf("%s!%s!%s: note %q where no finding points", name, k[0], k[1], text)
		}
	}
	for k, text := range old {
		if !strings.HasPrefix(got[k], text) {
			t.Errorf("%s!%s!%s: the department's note %q became %q", name, k[0], k[1], text, got[k])
		}
	}
}

// checkList: 指摘事項 lists every finding, with the report date on top
// and a link to each cell.
func checkList(t *testing.T, name string, b *excelize.File, findings []model.Finding) {
	t.Helper()
	rows, err := b.GetRows(feedback.SheetName)
	if err != nil {
		t.Fatal(err)
	}
	// The report date as the report writes it: 2026 is 令和8.
	// And what to do next: a department reads this sheet, not README.
	if len(rows) != 2+len(findings) || !strings.Contains(rows[0][0], "（報告基準日 令和8年11月23日）") ||
		!strings.Contains(rows[0][0], "直したら、このブックのまま（このシートは残したままで構いません）企画担当課へ提出し直してください") {
		t.Fatalf("%s: 指摘事項 has %d rows (first %q), want 2 + %d", name, len(rows), rows[0], len(findings))
	}
	if !slices.Equal(rows[1], []string{"区分", "シート", "セル", "内容"}) {
		t.Errorf("%s: header %v", name, rows[1])
	}
	checkListLayout(t, name, b, findings)
	for i, fd := range findings {
		row := rows[i+2]
		row = append(row, make([]string, 4)...)
		if row[0] != fd.Severity.Label() || row[1] != fd.Sheet || row[2] != fd.Cell || row[3] != fd.Message {
			t.Errorf("%s: 指摘事項 row %d = %q, want %v", name, i+3, row[:4], fd)
		}
		if fd.Cell != "" && slices.Contains(b.GetSheetList(), fd.Sheet) {
			cell, _ := excelize.CoordinatesToCellName(3, i+3)
			ok, target, _ := b.GetCellHyperLink(feedback.SheetName, cell)
			first, _, _ := strings.Cut(fd.Cell, ":")
			if want := "'" + strings.ReplaceAll(fd.Sheet, "'", "''") + "'!" + first; !ok || target != want {
				t.Errorf("%s: link of %s = %v %q, want %q", name, cell, ok, target, want)
			}
		}
	}
}

// checkListLayout: the copy opens on 指摘事項, the only selected tab; the
// list prints on A4 landscape, one page wide; the heading spans A:D; a
// row is tall enough for its message's wrapped lines (a full-width
// character is two of 内容's 90 units, so a line holds 44), which
// LibreOffice does not work out itself; the used range is the list's.
func checkListLayout(t *testing.T, name string, b *excelize.File, findings []model.Finding) {
	t.Helper()
	if i := b.GetActiveSheetIndex(); i != 0 {
		t.Errorf("%s: opens on sheet %d, want 0 (指摘事項)", name, i)
	}
	for i, sheet := range b.GetSheetList() {
		v, err := b.GetSheetView(sheet, 0)
		if err != nil {
			continue // a chart sheet or a sheet excelize cannot parse
		}
		if selected := v.TabSelected != nil && *v.TabSelected; selected != (i == 0) {
			t.Errorf("%s: sheet %s tab selected %v", name, sheet, selected)
		}
	}
	pl, err := b.GetPageLayout(feedback.SheetName)
	if err != nil || pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" ||
		pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
		t.Errorf("%s: page layout %+v (%v)", name, pl, err)
	}
	if props, err := b.GetSheetProps(feedback.SheetName); err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s: not fitted to the page (%v)", name, err)
	}
	if merged, err := b.GetMergeCells(feedback.SheetName); err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "D1" {
		t.Errorf("%s: heading merge %v (%v), want A1:D1", name, merged, err)
	}
	if dim, _ := b.GetSheetDimension(feedback.SheetName); !strings.HasPrefix(dim, "A1:") || !strings.HasSuffix(dim, strconv.Itoa(2+len(findings))) {
		t.Errorf("%s: dimension %q, want A1 to row %d", name, dim, 2+len(findings))
	}
	for i, fd := range findings {
		wide := 0
		for _, r := range fd.Message {
			if r >= 0x3000 {
				wide++
			}
		}
		lines := (wide + 43) / 44 // at least: the wide characters alone
		if h, err := b.GetRowHeight(feedback.SheetName, i+3); err != nil || h < float64(lines)*15 {
			t.Errorf("%s: 指摘事項 row %d height %.1f (%v) for %d wide characters, want at least %d lines", name, i+3, h, err, wide, lines)
		}
	}
}

const python = "/usr/bin/python3"

func compareWithOpenpyxl(t *testing.T, name string, orig, copied []byte, findings []model.Finding) {
	t.Helper()
	if err := exec.Command(python, "-c", "import openpyxl").Run(); err != nil {
		t.Fatalf("Debian's python3-openpyxl is needed (make tools installs it): %v", err)
	}
	dir := t.TempDir()
	notes := []map[string]string{}
	a := open(t, orig)
	for _, fd := range findings {
		if cell, ok := noted(a.GetSheetList(), fd); ok {
			notes = append(notes, map[string]string{"sheet": fd.Sheet, "cell": cell, "range": fd.Cell, "message": fd.Message, "severity": string(fd.Severity)})
		}
	}
	js, _ := json.Marshal(notes)
	paths := []string{filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx"), filepath.Join(dir, "f.json")}
	for i, data := range [][]byte{orig, copied, js} {
		if err := os.WriteFile(paths[i], data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(python, append([]string{"testdata/compare.py"}, paths...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: compare.py: %v\n%s", name, err, out)
	}
	var res struct {
		Problems []string
		Skipped  string
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("%s: compare.py said %s", name, out)
	}
	if res.Skipped != "" {
		t.Logf("%s: openpyxl cannot read the original (%s); compared with excelize only", name, res.Skipped)
	}
	for _, p := range res.Problems {
		t.Errorf("%s (openpyxl): %s", name, p)
	}
}

func TestAnnotateSample(t *testing.T) {
	dir := filepath.Join("..", "..", "input")
	b := analyzed(t, dir)
	if n := annotateAll(t, dir, b); n == 0 {
		t.Fatal("no finding with a cell in the sample")
	}
}

func TestAnnotateLibreOfficeWorkbooks(t *testing.T) {
	dir := filepath.Join("..", "ingest", "testdata", "libreoffice")
	b := analyzed(t, dir)
	annotateAll(t, dir, b)
}
