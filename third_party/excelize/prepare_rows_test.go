package excelize

import (
	"bytes"
	"testing"
)

// planreport: tests of prepareSheetXML (sheet.go): the rows appended to
// reach a cell below the last row get no room for cells.

func TestPrepareSheetXMLFillerRowsStayEmpty(t *testing.T) {
	ws := &xlsxWorksheet{}
	ws.prepareSheetXML(16384, 10) // row 10 as wide as a sheet can be
	ws.prepareSheetXML(1, 300)
	if len(ws.SheetData.Row) != 300 {
		t.Fatalf("%d rows, want 300", len(ws.SheetData.Row))
	}
	for i, row := range ws.SheetData.Row[10:299] {
		if row.R != i+11 || cap(row.C) != 0 {
			t.Fatalf("row %d: R %d, room for %d cells; want R %d and none", i+11, row.R, cap(row.C), i+11)
		}
	}
	if last := ws.SheetData.Row[299]; len(last.C) != 1 || last.C[0].R != "A300" || cap(last.C) < 16384 {
		t.Errorf("row 300: %d cells (room for %d), want A300 with room for the width of the row above", len(last.C), cap(last.C))
	}
}

// A cell far below a wide row is styled, and the workbook written and read
// back holds the same cells as before, plus the styled one.
func TestStyleBelowAWideRowReadsBack(t *testing.T) {
	f := NewFile()
	row := make([]any, 200)
	for i := range row {
		row[i] = i
	}
	if err := f.SetSheetRow("Sheet1", "A10", &row); err != nil {
		t.Fatal(err)
	}
	style, err := f.NewStyle(&Style{Fill: Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("Sheet1", "B5000", "B5000", style); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := g.GetRows("Sheet1")
	if err != nil || len(rows) != 10 || len(rows[9]) != 200 || rows[9][199] != "199" {
		t.Fatalf("rows read back: %d (%v)", len(rows), err)
	}
	if got, _ := g.GetCellStyle("Sheet1", "B5000"); got != style {
		t.Errorf("B5000 style %d, want %d", got, style)
	}
}
