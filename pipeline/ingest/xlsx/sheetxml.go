package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// sheetScan is what one token pass over a sheet's XML found.
type sheetScan struct {
	// values holds each cell's value by row and column, as excelize's
	// Rows iterator with RawCellValue returns it: numbers and dates as
	// stored, shared and inline strings decoded, "" for an empty cell.
	values [][]string
	merges []Range
	flags  map[Pos]Flag
	area   int // sum over rows of the last used column + 1: the grid's size
	// badText holds, per cell, the first control character or surrogate
	// of its text (dropped when read).
	badText map[Pos]rune
	// formulas holds the formula text of formula cells (cut at
	// formulaShown bytes; empty for shared formulas), for messages.
	formulas map[Pos]string
	// dimension is the sheet's recorded used range when it claims more
	// rows or cells than the limits allow (the content itself did not).
	dimension string
	// escapeCost is what decoding the cells' _xHHHH_ escapes costs.
	escapeCost int64
	// percents holds, per numeric cell shown as a percentage, the
	// decimals shown.
	percents map[Pos]int
	// affixes holds, per numeric cell whose format writes text around a
	// whole number, that text.
	affixes map[Pos]affix
	// hiddenRows and hiddenCols are the rows and column ranges (0-based,
	// inclusive) hidden in the sheet: not printed, not read.
	hiddenRows map[int]bool
	hiddenCols [][2]int
}

// hidden reports whether the cell is in a hidden row or column.
func (sc *sheetScan) hidden(p Pos) bool {
	if sc.hiddenRows[p.Row] {
		return true
	}
	for _, r := range sc.hiddenCols {
		if p.Col >= r[0] && p.Col <= r[1] {
			return true
		}
	}
	return false
}

func isTrue(v string) bool { return v == "1" || v == "true" }

// zeroHeight reports a row height or column width of 0 (hidden by size).
func zeroHeight(v string) bool {
	f, err := strconv.ParseFloat(v, 64)
	return err == nil && f == 0
}

// formulaShown bounds the formula text kept for a message.
const formulaShown = 100

// scanInput is what scanSheet needs besides the part.
type scanInput struct {
	formats      numberFormats
	strings      *sharedStrings // nil when the workbook has none
	maxRows      int
	maxCells     int
	charsPerCell int
}

// limitError is a sheet over one of the limits; the scan stops there.
type limitError struct{ Code, Msg string }

func (e *limitError) Error() string { return e.Code + ": " + e.Msg }

// scanSheet streams the sheet part once. It returns an *xml.SyntaxError
// (wrapped) when the XML breaks off, a *limitError when the sheet is over a
// limit, and never reads more than the part's declared size.
func scanSheet(f *zip.File, in scanInput) (*sheetScan, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	s := newSheetScanner(in)
	if err := s.run(xml.NewDecoder(rc)); err != nil {
		return s.sc, err
	}
	s.endRow()
	s.checkDimension()
	return s.sc, nil
}

// sheetScanner is the state of one scanSheet: where it is in the sheet and
// in the current cell.
type sheetScanner struct {
	in  scanInput
	sc  *sheetScan
	row int
	col int
	// rowLast is the last used column in the current row.
	rowLast int
	// open is the element stack: RawToken skips namespace translation,
	// which cost a third of this pass, and with it the one check Token
	// adds that matters here: every end tag closes the element that is
	// open.
	open      []xml.Name
	dimension string
	phonetic  int // depth inside <rPh>: furigana is not part of the value

	inCell, inV, inF, inIS bool
	cell                   cellState
	vText, fText           strings.Builder
	inline                 stringText
}

// cellState is what the scan knows of the cell being read.
type cellState struct {
	pos      Pos
	typ      string // the t attribute: "s", "str", "inlineStr", "n", "e", "d", "b"
	style    int
	hasValue bool
	sawV     bool // the cell has a <v>, maybe empty
	sawIS    bool
}

func newSheetScanner(in scanInput) *sheetScanner {
	return &sheetScanner{in: in, row: -1, col: -1, rowLast: -1, sc: &sheetScan{flags: map[Pos]Flag{},
		badText: map[Pos]rune{}, formulas: map[Pos]string{}, percents: map[Pos]int{}, affixes: map[Pos]affix{},
		hiddenRows: map[int]bool{}}}
}

// run reads every token of the part.
func (s *sheetScanner) run(d *xml.Decoder) error {
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(s.open) > 0 {
				return badXML("要素 <%s> が閉じられないまま終わっています", s.open[len(s.open)-1].Local)
			}
			return nil
		}
		if err != nil {
			return err
		}
		if err := s.token(tok); err != nil {
			return err
		}
	}
}

func (s *sheetScanner) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		s.open = append(s.open, t.Name)
		return s.start(t)
	case xml.EndElement:
		if len(s.open) == 0 || s.open[len(s.open)-1] != t.Name {
			return badXML("開いていない要素 </%s> が閉じられています", t.Name.Local)
		}
		s.open = s.open[:len(s.open)-1]
		return s.end(t)
	case xml.CharData:
		return s.text(t)
	}
	return nil
}

func (s *sheetScanner) start(t xml.StartElement) error {
	switch t.Name.Local {
	case "dimension":
		s.dimension = attr(t, "ref")
	case "row":
		return s.startRow(t)
	case "c":
		return s.startCell(t)
	case "f":
		if s.inCell {
			s.sc.flags[s.cell.pos] |= FlagFormula
			s.cell.hasValue = true
			s.inF = true
			s.fText.Reset()
		}
	case "v":
		s.inV = s.inCell
		s.cell.sawV = s.cell.sawV || s.inCell
		s.vText.Reset()
	case "is":
		if s.inCell {
			s.cell.hasValue = true
			s.inIS, s.cell.sawIS = true, true
		}
	case "rPh":
		s.phonetic++
	case "col":
		s.hiddenColumns(t)
	case "mergeCell":
		if r, ok := ParseRange(attr(t, "ref")); ok {
			s.sc.merges = append(s.sc.merges, r)
		}
	}
	return nil
}

func (s *sheetScanner) startRow(t xml.StartElement) error {
	s.endRow()
	s.row++
	if v := attr(t, "r"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxRowsXML {
			return badXML("行番号「%s」が正しくありません", Shorten(v, 20))
		}
		s.row = n - 1
	}
	if s.row >= s.in.maxRows {
		return &limitError{CodeSheetTooManyRows, fmt.Sprintf("行数が上限（%d行）を超えています（%d行目があります）。下の方の不要な行を削除して保存し直してください（上限は設定の limits.rows_per_sheet）", s.in.maxRows, s.row+1)}
	}
	if isTrue(attr(t, "hidden")) || zeroHeight(attr(t, "ht")) {
		s.sc.hiddenRows[s.row] = true
	}
	s.col = -1
	return nil
}

func (s *sheetScanner) endRow() {
	if s.rowLast >= 0 {
		s.sc.area += s.rowLast + 1
	}
	s.rowLast = -1
}

func (s *sheetScanner) startCell(t xml.StartElement) error {
	s.inCell = true
	s.col++
	if v := attr(t, "r"); v != "" {
		p, ok := ParseRef(v)
		if !ok {
			return badXML("セル番地「%s」が正しくありません", Shorten(v, 20))
		}
		s.col = p.Col
		if s.row < 0 {
			s.row = p.Row
		}
	}
	style, _ := strconv.Atoi(attr(t, "s"))
	s.cell = cellState{pos: Pos{max(s.row, 0), s.col}, typ: attr(t, "t"), style: style}
	s.inline.reset()
	s.vText.Reset()
	return nil
}

// hiddenColumns reads <cols><col min="6" max="6" hidden="1"/>: columns
// hidden (or of zero width), often every column past the sheet.
func (s *sheetScanner) hiddenColumns(t xml.StartElement) {
	if !isTrue(attr(t, "hidden")) && !zeroHeight(attr(t, "width")) {
		return
	}
	lo, errLo := strconv.Atoi(attr(t, "min"))
	hi, errHi := strconv.Atoi(attr(t, "max"))
	if errLo == nil && errHi == nil && lo >= 1 && hi >= lo {
		s.sc.hiddenCols = append(s.sc.hiddenCols, [2]int{lo - 1, hi - 1})
	}
}

func (s *sheetScanner) text(t xml.CharData) error {
	switch {
	case s.inV:
		s.vText.Write(t)
	case s.inF && s.fText.Len() < formulaShown:
		s.fText.Write(t[:min(len(t), formulaShown-s.fText.Len())])
	case s.inIS && s.phonetic == 0:
		s.inline.add(t)
		if s.inline.escapes > s.in.charsPerCell {
			return &limitError{CodeCellTooLong, fmt.Sprintf("セル%sの文字列が、文字数の上限（%d文字）を超える数の特殊文字の符号（_x0001_ など）を含みます（上限は設定の limits.chars_per_cell）", s.cell.pos.Ref(), s.in.charsPerCell)}
		}
	}
	return nil
}

func (s *sheetScanner) end(t xml.EndElement) error {
	switch t.Name.Local {
	case "v":
		s.inV = false
		if s.vText.Len() > 0 {
			s.cell.hasValue = true
		}
	case "f":
		if s.inF {
			if f := strings.TrimSpace(s.fText.String()); f != "" {
				s.sc.formulas[s.cell.pos] = f
			}
		}
		s.inF = false
	case "is":
		s.inIS = false
	case "rPh":
		s.phonetic = max(s.phonetic-1, 0)
	case "c":
		return s.endCell()
	case "row":
		s.endRow()
	}
	return nil
}

// endCell records the cell just read: its flags, then its value.
func (s *sheetScanner) endCell() error {
	c := &s.cell
	s.inCell = false
	if c.sawV && s.vText.Len() == 0 && c.typ == "str" && s.sc.flags[c.pos]&FlagFormula != 0 {
		// <c t="str"><v></v>: the formula's saved result is the empty
		// string (=IF(E13="","",…)). An untyped empty <v/> is what a
		// program that never calculated writes: that stays a missing
		// result.
		s.sc.flags[c.pos] |= FlagFormulaBlank
	}
	if !c.hasValue {
		return nil
	}
	if c.typ == "e" {
		s.sc.flags[c.pos] |= FlagError
	}
	s.rowLast = max(s.rowLast, c.pos.Col)
	s.markNumber()
	value, text := s.cellValue()
	if text.bad != 0 {
		s.sc.badText[c.pos] = text.bad
	}
	if s.sc.escapeCost += text.cost(); s.sc.escapeCost > escapeBudget {
		return &limitError{CodeTextEscapes, "特殊文字の符号（_x0001_ など）を含む文字列が異常に多く、読み込みに時間がかかりすぎます"}
	}
	if s.sc.area+s.rowLast+1 > s.in.maxCells {
		// The scan stops here, so the count is the cells up to this row,
		// not the sheet's total: said so.
		return &limitError{CodeSheetTooManyCells, fmt.Sprintf("セル数が上限（%d）を超えています（%d行目までで%dセル）。不要な行・列を削除して保存し直してください（上限は設定の limits.cells_per_sheet）",
			s.in.maxCells, s.row+1, s.sc.area+s.rowLast+1)}
	}
	if value != "" {
		s.sc.set(c.pos, value)
	}
	return nil
}

// markNumber flags a numeric cell as a date, or as a number with the
// decimals of its percentage format.
func (s *sheetScanner) markNumber() {
	c := &s.cell
	numeric := c.typ == "" || c.typ == "n"
	switch {
	case c.typ == "d" || numeric && c.style > 0 && s.in.formats.dates[c.style]:
		s.sc.flags[c.pos] |= FlagDate
		if c.style > 0 && s.in.formats.eras[c.style] {
			s.sc.flags[c.pos] |= FlagEra
		}
	case numeric:
		s.sc.flags[c.pos] |= FlagNumber
		if d, ok := s.in.formats.percents[c.style]; ok && c.style > 0 {
			s.sc.percents[c.pos] = d
		}
		if a, ok := s.in.formats.affixes[c.style]; ok && c.style > 0 {
			s.sc.affixes[c.pos] = a
		}
	}
}

// cellValue is the cell's text: a shared or inline string decoded, else
// its <v> as stored; and what was found of the string's text.
func (s *sheetScanner) cellValue() (string, textInfo) {
	text := s.inline.textInfo
	value := s.vText.String()
	switch {
	case s.cell.typ == "s":
		i, err := strconv.Atoi(strings.TrimSpace(value))
		value = ""
		if err == nil {
			value, text = s.in.strings.get(i)
		}
	case s.cell.typ == "inlineStr" && s.cell.sawIS:
		value = s.inline.value()
	case s.cell.typ == "b":
		// A boolean is stored as 1 or 0 but shown as TRUE or FALSE: read
		// as the number it is stored as, a TRUE typed as an actual would
		// be rated as 1.
		switch strings.TrimSpace(value) {
		case "1":
			value = "TRUE"
		case "0":
			value = "FALSE"
		}
	}
	return value, text
}

// checkDimension keeps the sheet's recorded used range when it claims more
// than the limits allow (the cells themselves were within them).
func (s *sheetScanner) checkDimension() {
	if r, ok := ParseRange(s.dimension); ok {
		rows, cols := int64(r.To.Row)+1, int64(r.To.Col)+1
		if rows > int64(s.in.maxRows) || rows*cols > int64(s.in.maxCells) {
			s.sc.dimension = s.dimension
		}
	}
}

// set stores a cell's value; a second value for the same cell replaces the
// first. The grid grows only to cells that hold a value, within the limits
// the scan has already checked.
func (sc *sheetScan) set(p Pos, value string) {
	if p.Row >= len(sc.values) {
		sc.values = slices.Grow(sc.values, p.Row+1-len(sc.values))[:p.Row+1]
	}
	row := sc.values[p.Row]
	if p.Col >= len(row) {
		row = slices.Grow(row, p.Col+1-len(row))[:p.Col+1]
		sc.values[p.Row] = row
	}
	row[p.Col] = value
}

// maxRowsXML is the largest row number Excel allows.
const maxRowsXML = MaxRows

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
