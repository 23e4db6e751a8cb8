package ingest

import (
	"strconv"
	"strings"
)

// cellPos is a 0-based row and column of a sheet.
type cellPos struct{ row, col int }

// ref returns the A1 reference of p ("A1" for {0,0}).
func (p cellPos) ref() string {
	return columnName(p.col) + strconv.Itoa(p.row+1)
}

// columnName turns a 0-based column index into its letters (0 → A, 26 → AA).
func columnName(col int) string {
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

// parseRef reads an A1 reference ("$B$12" too) into a 0-based position.
func parseRef(s string) (cellPos, bool) {
	s = strings.ReplaceAll(s, "$", "")
	i := 0
	col := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		col = col*26 + int(s[i]-'A'+1)
		if col > maxColumns {
			return cellPos{}, false
		}
		i++
	}
	if i == 0 || i == len(s) {
		return cellPos{}, false
	}
	row, err := strconv.Atoi(s[i:])
	if err != nil || row < 1 || row > maxRows {
		return cellPos{}, false
	}
	return cellPos{row: row - 1, col: col - 1}, true
}

// Excel's own bounds; anything beyond is not a cell reference.
const (
	maxColumns = 16384
	maxRows    = 1048576
)

// cellRange is an inclusive rectangle, as a merge range.
type cellRange struct{ from, to cellPos }

// parseRange reads "B3:C5" (or a single cell "B3").
func parseRange(s string) (cellRange, bool) {
	a, b, ok := strings.Cut(s, ":")
	from, ok1 := parseRef(a)
	if !ok {
		return cellRange{from, from}, ok1
	}
	to, ok2 := parseRef(b)
	if !ok1 || !ok2 {
		return cellRange{}, false
	}
	if to.row < from.row {
		from.row, to.row = to.row, from.row
	}
	if to.col < from.col {
		from.col, to.col = to.col, from.col
	}
	return cellRange{from, to}, true
}

// cellFlag marks what the cell held besides its text.
type cellFlag uint8

const (
	flagFormula      cellFlag = 1 << iota // the cell has a formula; its text is Excel's cached value
	flagDate                              // a number shown with a date format
	flagNumber                            // a numeric cell (its raw text is Excel's binary float)
	flagFormulaBlank                      // a formula whose saved result is the empty string
	flagError                             // an error value (#DIV/0!, #REF!…), usually a formula's result
)

// Grid is one worksheet as the sheet parser sees it: the text of every
// cell (raw values, numbers unformatted), the merge ranges and per-cell
// flags. It is what the excelize reader produces and what the fuzz target
// builds directly, so the parser never touches a workbook.
type grid struct {
	cells  [][]string // [row][col], rows and columns 0-based; rows may be ragged
	merges []cellRange
	flags  map[cellPos]cellFlag
	// formulas holds the formula text of formula cells, for messages
	// only: nothing is ever evaluated.
	formulas map[cellPos]string
	// exactPercents holds, for cells shown as percentages, the exact
	// percentage (cells hold it rounded as shown).
	exactPercents map[cellPos]string
	// calc computes targets and actuals saved without their formula's
	// result (formulas.go); nil when the sheet is not read from a workbook.
	calc *sheetCalc

	// origin maps every covered cell of a merge range (not the top-left
	// one) to the range's top-left cell; built by index().
	origin map[cellPos]cellPos
	width  int
}

// newGrid builds a grid and indexes its merges. Merge ranges are clipped to
// the rows and columns that hold any cell, so a hostile A1:XFD1048576 merge
// costs no more than the sheet's own cells; maxCells bounds the total.
func newGrid(cells [][]string, merges []cellRange, flags map[cellPos]cellFlag, maxCells int) (*grid, bool) {
	g := &grid{cells: cells, merges: merges, flags: flags, origin: map[cellPos]cellPos{}}
	for _, r := range cells {
		g.width = max(g.width, len(r))
	}
	budget := maxCells
	for _, m := range merges {
		if m.from.row >= len(cells) || m.from.col >= g.width {
			continue
		}
		lastRow := min(m.to.row, len(cells)-1)
		lastCol := min(m.to.col, g.width-1)
		for r := m.from.row; r <= lastRow; r++ {
			for c := m.from.col; c <= lastCol; c++ {
				p := cellPos{r, c}
				if p == m.from {
					continue
				}
				if budget--; budget < 0 {
					return g, false
				}
				g.origin[p] = m.from
			}
		}
	}
	return g, true
}

func (g *grid) rows() int { return len(g.cells) }

// raw is the text stored in the cell itself ("" inside a merge).
func (g *grid) raw(r, c int) string {
	if r < 0 || r >= len(g.cells) || c < 0 || c >= len(g.cells[r]) {
		return ""
	}
	return g.cells[r][c]
}

// top returns the top-left cell of the merge covering (r, c), or (r, c).
func (g *grid) top(r, c int) cellPos {
	if o, ok := g.origin[cellPos{r, c}]; ok {
		return o
	}
	return cellPos{r, c}
}

// at is the cell's text with merges filled from their top-left cell.
func (g *grid) at(r, c int) string {
	o := g.top(r, c)
	return g.raw(o.row, o.col)
}

// covered reports whether (r, c) lies in a merge range but is not its
// top-left cell; labels are only looked for in cells that are not covered,
// so a label merged down several rows is found once.
func (g *grid) covered(r, c int) bool {
	_, ok := g.origin[cellPos{r, c}]
	return ok
}

func (g *grid) flag(p cellPos) cellFlag { return g.flags[p] }
