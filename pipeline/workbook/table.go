package workbook

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// lineHeight is the height in points of one line of the default 11-point
// font, for rows whose cells wrap; maxRowHeight is Excel's limit.
const (
	lineHeight   = 15
	maxRowHeight = 409
)

// maxHeaderFooterRunes keeps the print header under Excel's 255-character
// limit with room for the codes around the title.
const maxHeaderFooterRunes = 100

// A table is one sheet of the workbook as people and filters see it: a
// header in row 1 (frozen, filtered, repeated on every printed page) and one
// data row per record. Rows in below follow after one blank row, outside
// the autofilter range, so filtering never hides them (概要's chart data).
type table struct {
	sheet     string
	header    []string
	rows      []tableRow
	below     []tableRow
	widths    []int    // widest display width seen per column
	lastText  []string // per column, the last text measured
	landscape bool

	filled int                                         // rows fill made when fillRows measured them
	fill   func(ctx context.Context, add addRow) error // the rows of a large table, made again by write

	// extra adds what refers to written cells (conditional formats,
	// hyperlinks, charts); it runs after the rows and before the sheet is
	// flushed, while the stream writer still holds the sheet.
	extra func(f *excelize.File) error
}

// addRow takes one data row of a large table and returns its sheet row
// number.
type addRow func(cells ...excelize.Cell) (int, error)

type tableRow struct {
	cells []excelize.Cell
}

func newTable(sheet string, header []string) *table {
	t := &table{sheet: sheet, header: header, widths: make([]int, len(header)), lastText: make([]string, len(header))}
	for i, h := range header {
		t.widths[i] = displayWidth(h)
	}
	return t
}

// add appends a data row and returns its sheet row number.
func (t *table) add(cells ...excelize.Cell) int {
	t.rows = append(t.rows, tableRow{cells: cells})
	t.measure(cells)
	return len(t.rows) + 1
}

// addBelow appends a row after the table and returns its sheet row number.
func (t *table) addBelow(cells ...excelize.Cell) int {
	t.below = append(t.below, tableRow{cells: cells})
	t.measure(cells)
	return t.lastRow() + 1 + len(t.below)
}

// addCaption appends a one-cell row after the table, like addBelow, but
// leaves the column width alone: a caption may run over the empty cells to
// its right.
func (t *table) addCaption(c excelize.Cell) int {
	t.below = append(t.below, tableRow{cells: []excelize.Cell{c}})
	return t.lastRow() + 1 + len(t.below)
}

// dataRows is the number of data rows.
func (t *table) dataRows() int { return len(t.rows) + t.filled }

// lastRow is the sheet row of the table's last data row (1 when empty).
func (t *table) lastRow() int { return t.dataRows() + 1 }

// fillRows takes the data rows of a large table (データ: 240,000 rows at
// 10,000 sheets, 300 MB as cells) from fill, which calls add once per row
// in order, and measures each without keeping it. write calls fill again
// to stream the rows to the sheet: the StreamWriter takes the column
// widths before the first row, and they are known only after the last
// one, so fill makes its rows twice rather than holding them all. fill
// must make the same rows each time. The rows must not wrap: a wrapping
// row's height would depend on the widths while they are being measured.
// Rows added with add come before those of fill.
func (t *table) fillRows(ctx context.Context, _ *rowStore, wrap int, fill func(ctx context.Context, add addRow) error) error {
	t.fill = fill
	return fill(ctx, func(cells ...excelize.Cell) (int, error) {
		row := t.dataRows() + 2
		for i := range cells {
			if cells[i].StyleID == wrap {
				return 0, fmt.Errorf("%d行目: 折り返す行は先に書けません", row)
			}
		}
		t.measure(cells)
		t.filled++
		return row, nil
	})
}

// streamFill writes the rows of fill after the rows added with add, and
// fails unless fill made as many as when they were measured.
func (t *table) streamFill(ctx context.Context, sw *excelize.StreamWriter, rows *rowStore) error {
	row := len(t.rows) + 1
	err := t.fill(ctx, func(cells ...excelize.Cell) (int, error) {
		row++
		if row > t.lastRow() {
			return 0, fmt.Errorf("%d行目: 測った行より多くの行があります", row)
		}
		if err := rows.setRow(sw, row, cells, 0); err != nil {
			return 0, fmt.Errorf("%d行目: %w", row, err)
		}
		return row, nil
	})
	if err != nil {
		return err
	}
	if row != t.lastRow() {
		return fmt.Errorf("%d行目まで測った行が%d行目までしかありません", t.lastRow(), row)
	}
	return nil
}

func (t *table) measure(cells []excelize.Cell) {
	for i, c := range cells {
		for len(t.widths) <= i {
			t.widths = append(t.widths, 0)
			t.lastText = append(t.lastText, "")
		}
		if s, ok := c.Value.(string); ok {
			// Rows repeat their neighbours' texts (an initiative's file,
			// title and department on each of its indicator-years):
			// measured once per run of equal texts. Equal strings that
			// share their bytes compare without reading them.
			if s == t.lastText[i] {
				continue
			}
			t.lastText[i] = s
			t.widths[i] = max(t.widths[i], displayWidth(s))
			continue
		}
		t.widths[i] = max(t.widths[i], cellWidth(c.Value))
	}
}

// cellWidth is the display width of the text a cell shows, close enough
// to size its column. Numbers are measured without making their text a
// string (half the cells of データ are numbers).
func cellWidth(v any) int {
	var digits [32]byte
	switch v := v.(type) {
	case nil:
		return 0
	case string:
		return displayWidth(v)
	case int:
		return len(strconv.AppendInt(digits[:0], int64(v), 10))
	case int64:
		return len(strconv.AppendInt(digits[:0], v, 10))
	case float64:
		// Rates show one decimal even when whole (100.0).
		s := strconv.AppendFloat(digits[:0], v, 'f', -1, 64)
		if bytes.IndexByte(s, '.') < 0 {
			return len(s) + 2
		}
		return len(s)
	}
	return displayWidth(fmt.Sprint(v))
}

// colName is the letter name of a 1-based column number.
func colName(col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		// Tables here have a few dozen columns; the limit is 16,384.
		return "A"
	}
	return name
}

func cellName(col, row int) string { return colName(col) + strconv.Itoa(row) }

// sheetRef quotes a sheet name for a formula or defined name.
func sheetRef(sheet string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
}

// write puts the table into its (already created) sheet with a
// StreamWriter, every row with StreamWriter.SetRow. The order matters: a
// StreamWriter writes the sheet properties and dimension when it is
// created, and the view and column widths with the first row, while
// AutoFilter replaces the sheet properties, so the filter, the fit-to-page
// flag and the dimension are set before the stream starts; everything
// written at Flush (filter range, conditional formats, hyperlinks, page
// setup, drawing) may be set until then.
func (t *table) write(ctx context.Context, f *excelize.File, st *styles, title string, rows *rowStore) error {
	last := t.lastRow()
	if err := t.prepare(f, title, last); err != nil {
		return err
	}
	sw, colWidths, err := t.start(f, st)
	if err != nil {
		return err
	}
	writeRow := func(row int, r tableRow) error {
		lines := 1
		for i := range r.cells {
			c := &r.cells[i]
			if s, ok := c.Value.(string); ok && c.StyleID == st.wrap {
				lines = max(lines, lineCount(s, colWidths[i]))
			}
		}
		var height float64
		if lines > 1 {
			height = min(float64(lines*lineHeight), maxRowHeight)
		}
		return rows.setRow(sw, row, r.cells, height)
	}
	for i, r := range t.rows {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := writeRow(i+2, r); err != nil {
			return fmt.Errorf("%d行目: %w", i+2, err)
		}
	}
	if t.fill != nil {
		if err := t.streamFill(ctx, sw, rows); err != nil {
			return err
		}
	}
	for i, r := range t.below {
		if err := writeRow(last+2+i, r); err != nil {
			return fmt.Errorf("%d行目: %w", last+2+i, err)
		}
	}
	if t.extra != nil {
		if err := t.extra(f); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("書き込みの完了: %w", err)
	}
	return nil
}

// prepare sets what must be set before the stream starts: the filter,
// the fit-to-page flag, the dimension and the print setup.
func (t *table) prepare(f *excelize.File, title string, last int) error {
	dimLast := last
	if len(t.below) > 0 {
		dimLast = last + 1 + len(t.below)
	}
	if err := f.AutoFilter(t.sheet, "A1:"+colName(len(t.header))+strconv.Itoa(last), nil); err != nil {
		return fmt.Errorf("オートフィルター: %w", err)
	}
	fit := true
	if err := f.SetSheetProps(t.sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("シートの設定: %w", err)
	}
	if err := f.SetSheetDimension(t.sheet, "A1:"+colName(len(t.widths))+strconv.Itoa(dimLast)); err != nil {
		return fmt.Errorf("使用範囲: %w", err)
	}
	return t.setPrint(f, title)
}

// start opens the sheet's StreamWriter and writes what comes before the
// rows: the frozen header pane, the column widths and the header row. It
// returns the widths the rows' heights are fitted to.
func (t *table) start(f *excelize.File, st *styles) (*excelize.StreamWriter, []float64, error) {
	sw, err := f.NewStreamWriter(t.sheet)
	if err != nil {
		return nil, nil, fmt.Errorf("書き込みの開始: %w", err)
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return nil, nil, fmt.Errorf("見出し行の固定: %w", err)
	}
	cols := len(t.widths)
	colWidths := make([]float64, cols)
	for i, w := range t.widths {
		colWidths[i] = fitWidth(w)
	}
	// The StreamWriter puts each new <col> before the earlier ones and
	// writes them unsorted; Excel wants them in column order, so they are
	// set from the last column to the first.
	for i := cols - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, colWidths[i]); err != nil {
			return nil, nil, fmt.Errorf("列幅: %w", err)
		}
	}
	header := make([]any, len(t.header))
	headerLines := 1
	for i, h := range t.header {
		header[i] = excelize.Cell{StyleID: st.header, Value: h}
		headerLines = max(headerLines, strings.Count(h, "\n")+1)
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: float64(headerLines*lineHeight + 3)}); err != nil {
		return nil, nil, fmt.Errorf("見出し行: %w", err)
	}
	return sw, colWidths, nil
}

// setPrint sets A4, fit to one page wide, the header row repeated on every
// page, and a page header and footer naming the report, sheet and page.
func (t *table) setPrint(f *excelize.File, title string) error {
	a4, one, auto := 9, 1, 0
	orientation := "portrait"
	if t.landscape {
		orientation = "landscape"
	}
	if err := f.SetPageLayout(t.sheet, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &orientation, FitToWidth: &one, FitToHeight: &auto,
	}); err != nil {
		return fmt.Errorf("印刷設定: %w", err)
	}
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: sheetRef(t.sheet) + "!$1:$1", Scope: t.sheet,
	}); err != nil {
		return fmt.Errorf("印刷タイトル: %w", err)
	}
	if utf8.RuneCountInString(title) > maxHeaderFooterRunes {
		title = string([]rune(title)[:maxHeaderFooterRunes]) + "…"
	}
	// In header and footer codes & starts a code; a literal & is &&.
	title = strings.ReplaceAll(title, "&", "&&")
	if err := f.SetHeaderFooter(t.sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + title + "&R&A",
		OddFooter: "&C&P / &N",
	}); err != nil {
		return fmt.Errorf("ヘッダー・フッター: %w", err)
	}
	return nil
}
