package xlsx

import (
	"strconv"
	"strings"
)

// Pos is a 0-based row and column of a sheet.
type Pos struct{ Row, Col int }

// Ref returns the A1 reference of p ("A1" for {0,0}).
func (p Pos) Ref() string {
	return ColumnName(p.Col) + strconv.Itoa(p.Row+1)
}

// ColumnName turns a 0-based column index into its letters (0 → A, 26 → AA).
func ColumnName(col int) string {
	if col < 0 {
		return "?"
	}
	var b [8]byte
	i := len(b)
	for col >= 0 && i > 0 {
		i--
		b[i] = byte('A' + col%26)
		col = col/26 - 1
	}
	return string(b[i:])
}

// ParseRef reads an A1 reference ("$B$12" too) into a 0-based position.
func ParseRef(s string) (Pos, bool) {
	s = strings.ReplaceAll(s, "$", "")
	i := 0
	col := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		col = col*26 + int(s[i]-'A'+1)
		if col > MaxColumns {
			return Pos{}, false
		}
		i++
	}
	if i == 0 || i == len(s) {
		return Pos{}, false
	}
	row, err := strconv.Atoi(s[i:])
	if err != nil || row < 1 || row > MaxRows {
		return Pos{}, false
	}
	return Pos{Row: row - 1, Col: col - 1}, true
}

// Excel's own bounds; anything beyond is not a cell reference.
const (
	MaxColumns = 16384
	MaxRows    = 1048576
)

// Range is an inclusive rectangle, as a merge range.
type Range struct{ From, To Pos }

// ParseRange reads "B3:C5" (or a single cell "B3").
func ParseRange(s string) (Range, bool) {
	a, b, ok := strings.Cut(s, ":")
	from, ok1 := ParseRef(a)
	if !ok {
		return Range{from, from}, ok1
	}
	to, ok2 := ParseRef(b)
	if !ok1 || !ok2 {
		return Range{}, false
	}
	if to.Row < from.Row {
		from.Row, to.Row = to.Row, from.Row
	}
	if to.Col < from.Col {
		from.Col, to.Col = to.Col, from.Col
	}
	return Range{from, to}, true
}

// Flag marks what the cell held besides its text.
type Flag uint8

const (
	FlagFormula      Flag = 1 << iota // the cell has a formula; its text is Excel's cached value
	FlagDate                          // a number shown with a date format
	FlagNumber                        // a numeric cell (its raw text is Excel's binary float)
	FlagFormulaBlank                  // a formula whose saved result is the empty string
	FlagError                         // an error value (#DIV/0!, #REF!…), usually a formula's result
	FlagEra                           // a date shown with a Japanese era (ggge: 平成27年)
)

// Grid is one worksheet as the sheet parser sees it: the text of every
// cell (raw values, numbers unformatted), the merge ranges and per-cell
// flags. Book.Grid reads it from a workbook and the fuzz target builds one
// directly with NewGrid, so the parser never touches a workbook.
type Grid struct {
	Cells [][]string // [row][col], rows and columns 0-based; rows may be ragged
	Flags map[Pos]Flag
	// Formulas holds the formula text of formula cells, for messages
	// only: nothing is ever evaluated.
	Formulas map[Pos]string
	// ExactPercents holds, for cells shown as percentages, the exact
	// percentage (cells hold it rounded as shown).
	ExactPercents map[Pos]string
	// Shown holds, for numeric cells whose format writes text around a
	// whole number ("平成"0"年度" shows 27 as 平成27年度), the text the
	// cell shows.
	Shown map[Pos]string
	// Hidden holds the text of the cells in hidden rows and columns, which
	// are blank in Cells (not read): for messages only, such as which
	// fiscal year a hidden column of the indicator table drops.
	Hidden map[Pos]string
	// Calculated is true when the workbook was saved by Microsoft Excel or
	// LibreOffice without a request to recalculate on opening: a formula's
	// saved result is then the value its sheet showed (docprops.go).
	Calculated bool

	merges []Range
	// calc computes targets and actuals saved without their formula's
	// result (calc.go); nil when the sheet is not read from a workbook.
	calc *sheetCalc
	// origin maps every covered cell of a merge range (not the top-left
	// one) to the range's top-left cell.
	origin map[Pos]Pos
	width  int
}

// NewGrid builds a grid and indexes its merges. Merge ranges are clipped to
// the rows and columns that hold any cell, so a hostile A1:XFD1048576 merge
// costs no more than the sheet's own cells; maxCells bounds the total.
func NewGrid(cells [][]string, merges []Range, flags map[Pos]Flag, maxCells int) (*Grid, bool) {
	g := &Grid{Cells: cells, merges: merges, Flags: flags, origin: map[Pos]Pos{}}
	for _, r := range cells {
		g.width = max(g.width, len(r))
	}
	budget := maxCells
	for _, m := range merges {
		if m.From.Row >= len(cells) || m.From.Col >= g.width {
			continue
		}
		lastRow := min(m.To.Row, len(cells)-1)
		lastCol := min(m.To.Col, g.width-1)
		for r := m.From.Row; r <= lastRow; r++ {
			for c := m.From.Col; c <= lastCol; c++ {
				p := Pos{r, c}
				if p == m.From {
					continue
				}
				if budget--; budget < 0 {
					return g, false
				}
				g.origin[p] = m.From
			}
		}
	}
	return g, true
}

// Rows is the number of rows.
func (g *Grid) Rows() int { return len(g.Cells) }

// Raw is the text stored in the cell itself ("" inside a merge).
func (g *Grid) Raw(r, c int) string {
	if r < 0 || r >= len(g.Cells) || c < 0 || c >= len(g.Cells[r]) {
		return ""
	}
	return g.Cells[r][c]
}

// Top returns the top-left cell of the merge covering (r, c), or (r, c).
func (g *Grid) Top(r, c int) Pos {
	if o, ok := g.origin[Pos{r, c}]; ok {
		return o
	}
	return Pos{r, c}
}

// At is the cell's text with merges filled from their top-left cell.
func (g *Grid) At(r, c int) string {
	o := g.Top(r, c)
	return g.Raw(o.Row, o.Col)
}

// Covered reports whether (r, c) lies in a merge range but is not its
// top-left cell; labels are only looked for in cells that are not covered,
// so a label merged down several rows is found once.
func (g *Grid) Covered(r, c int) bool {
	_, ok := g.origin[Pos{r, c}]
	return ok
}

// Flag is what the cell held besides its text.
func (g *Grid) Flag(p Pos) Flag { return g.Flags[p] }

// SetText replaces the text of one cell, growing the grid to it.
func (g *Grid) SetText(p Pos, s string) {
	for len(g.Cells) <= p.Row {
		g.Cells = append(g.Cells, nil)
	}
	for len(g.Cells[p.Row]) <= p.Col {
		g.Cells[p.Row] = append(g.Cells[p.Row], "")
	}
	g.Cells[p.Row][p.Col] = s
	g.width = max(g.width, p.Col+1)
}

// CanCompute reports whether formulas of this grid can be computed: it was
// read from a workbook.
func (g *Grid) CanCompute() bool { return g.calc != nil }

// Compute computes the formula of cell p, saved without its result, within
// the bounds of calc.go. It is only called when CanCompute.
func (g *Grid) Compute(p Pos) CalcResult { return g.calc.compute(p.Ref()) }
