package feedback_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/feedback"
	"planreport/pipeline/model"
)

// FuzzAnnotate marks a small workbook with one finding of arbitrary sheet,
// cell and message (messages quote what departments typed, so any text can
// be in one), the workbook holding an arbitrary value. Whatever they are,
// the copy is made, is the same twice, leaves its input alone and every
// original cell as it was, lists the finding on 指摘事項 and notes its cell
// when the cell is one of the workbook's.
func FuzzAnnotate(f *testing.F) {
	for _, s := range []struct{ sheet, cell, msg, value string }{
		{"Sheet1", "B2", "達成率「108.5」が計算値「110.8」と一致しません", "108.5"},
		{"Sheet1", "$B$2:$D$4", "範囲の指摘", "=1/0"},
		{"sheet1", "XFD10000", "最後のセル", "最後"},
		{"Sheet1", "A0", "セルではない", ""},
		{"Sheet1", "", "シートの指摘", "\r\n_x000D_"},
		{"ない", "A1", "ないシート", "a\x00b"},
		{"Sheet1", "D4:B2", "逆の範囲\x01\x1f", strings.Repeat("長", 40000)},
		{"", "", "ファイルの指摘", "&lt;<>&\"'"},
	} {
		for sev := range uint8(3) {
			f.Add(s.sheet, s.cell, sev, s.msg, s.value)
		}
	}
	severities := []model.Severity{model.SeverityError, model.SeverityWarning, model.SeverityInfo}
	f.Fuzz(func(t *testing.T, sheet, cell string, sev uint8, msg, value string) {
		if !plain(sheet) || !plain(cell) || !utf8.ValidString(msg) || !utf8.ValidString(value) {
			return // ingest reads UTF-8 only; sheet names are XML attributes
		}
		wb := excelize.NewFile()
		wb.SetCellValue("Sheet1", "A1", "見出し")
		if strings.HasPrefix(value, "=") {
			wb.SetCellFormula("Sheet1", "B2", value[1:])
		} else if err := wb.SetCellStr("Sheet1", "B2", value); err != nil {
			return // a value no workbook can hold
		}
		wb.SetCellValue("Sheet1", "C3", 42.5)
		wb.MergeCell("Sheet1", "C5", "D6")
		wb.AddComment("Sheet1", excelize.Comment{Cell: "C3", Author: "課", Text: "部署のメモ"})
		orig := write(t, wb)
		keep := bytes.Clone(orig)
		fd := finding(severities[sev%3], sheet, cell, msg)
		copy1, err := feedback.Annotate(orig, []model.Finding{fd}, feedback.Options{ReportDate: reportDate})
		if err != nil {
			t.Fatalf("Annotate(%q %q %q): %v", sheet, cell, msg, err)
		}
		copy2, err := feedback.Annotate(orig, []model.Finding{fd}, feedback.Options{ReportDate: reportDate})
		if err != nil || !bytes.Equal(copy1, copy2) {
			t.Fatalf("two copies differ (%v)", err)
		}
		if !bytes.Equal(orig, keep) {
			t.Fatal("Annotate changed its input")
		}
		a, b := open(t, orig), open(t, copy1)
		if got := b.GetSheetList(); len(got) != 2 || got[0] != feedback.SheetName || got[1] != "Sheet1" {
			t.Fatalf("sheets %q", got)
		}
		isCell, first := topLeft(cell)
		mine := isCell && strings.ToLower(sheet) == "sheet1"
		sameCells(t, a, b, "Sheet1")
		notes := notesOf(t, b)
		if !strings.HasPrefix(notes["C3"], "部署のメモ") {
			t.Errorf("the department's note became %q", notes["C3"])
		}
		if _, ok := notes[first]; mine && !ok {
			t.Errorf("no note on %s: %q", first, notes)
		}
		rows, err := b.GetRows(feedback.SheetName)
		if err != nil || len(rows) != 3 {
			t.Fatalf("指摘事項: %d rows (%v)", len(rows), err)
		}
		row := append(rows[2], make([]string, 4)...)
		if row[0] != fd.Severity.Label() || row[1] != sheet || row[2] != cell {
			t.Errorf("指摘事項 row %q, want %q %q %q", row[:4], fd.Severity.Label(), sheet, cell)
		}
		if plain(msg) && row[3] != msg {
			t.Errorf("指摘事項 message %q, want %q", row[3], msg)
		}
	})
}

// topLeft returns the first cell of a reference such as "B2" or "$D$4:B2",
// and whether it is one.
func topLeft(ref string) (bool, string) {
	a, b, isRange := strings.Cut(strings.ReplaceAll(ref, "$", ""), ":")
	if !isRange {
		b = a
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return false, ""
	}
	cell, _ := excelize.CoordinatesToCellName(min(c1, c2), min(r1, r2))
	return true, cell
}

// sameCells: every value and formula of the sheet reads back as it was.
// (The fills and the other properties are compared by the golden tests.)
func sameCells(t *testing.T, a, b *excelize.File, sheet string) {
	t.Helper()
	raw := excelize.Options{RawCellValue: true}
	ra, err := a.GetRows(sheet, raw)
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := b.GetRows(sheet, raw)
	if !reflect.DeepEqual(ra, rb) {
		t.Errorf("values %q, want %q", rb, ra)
	}
	for r, row := range ra {
		for c := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			fa, _ := a.GetCellFormula(sheet, cell)
			fb, _ := b.GetCellFormula(sheet, cell)
			if fa != fb {
				t.Errorf("%s: formula %q, want %q", cell, fb, fa)
			}
		}
	}
}

// plain reports whether s is text a cell holds as it is: UTF-8, printable,
// and within Excel's 32,767 characters.
func plain(s string) bool {
	return utf8.ValidString(s) && utf8.RuneCountInString(s) < 32000 && !strings.ContainsFunc(s, func(r rune) bool {
		return !unicode.IsPrint(r) && r != ' '
	})
}
