package templates

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// Sheet describes one management sheet (行財政運営プラン取組管理シート) in the
// clean layout. Strings are written as text cells exactly as given (HTML
// fragments included); Cells say whether a value is a number or text.
//
// Layout written by WriteSheet, columns A–J for six fiscal years (the
// sheet ends at the last year's column; at least H):
//
//	1  行財政運営プラン取組管理シート | | | 1 | 担当部名 | 復興政策部 (F:J)
//	2  基本目標 | 5 | 市民と協働 | 3 | 担当課名 | 地域協働課 (F:J)
//	3  取組項目名 | 1 | 市民との協働の推進 | 1
//	4  (1) 取組概要 | overview (B:J)
//	5  (2) 年度別取組内容 | 前期 | 平成27年度 | planned work (D:J)   one row per Plans entry
//	…  (3) 目標指標 | 目標指標名 | | 単位 | 前期 (merged over its years) | … 後期
//	…               |           | |      | 平成27年度 | 平成28年度 | …
//	…               | name (3 rows) | 目標値 | unit | values…
//	…               |               | 実績値 |      | values…
//	…               |               | 達成率 | %    | values…
//	…  (4) 現状・背景 | background (B:J)
//	…  (5) 取組・成果・課題 | 平成27年度 (2 rows) | 取組実績 | text (D:J)
//	…                     |                    | 今後の課題 | text (D:J)
type Sheet struct {
	// Name is the worksheet name (at most 31 characters, no []:*?/\).
	Name string `json:"name"`

	DepartmentCode Cell   `json:"department_code"` // D1
	Department     string `json:"department"`      // F1
	GoalNumber     Cell   `json:"goal_number"`     // B2
	GoalName       string `json:"goal_name"`       // C2, the goal's short name
	SectionCode    Cell   `json:"section_code"`    // D2
	Section        string `json:"section"`         // F2
	Number         Cell   `json:"number"`          // B3, the initiative number
	Title          string `json:"title"`           // C3
	SectionItemNo  Cell   `json:"section_item_no"` // D3

	Overview string `json:"overview"` // block (1)
	Plans    []Plan `json:"plans"`    // block (2), one row each

	// Years are the fiscal-year labels of block (3), written from column E.
	Years []string `json:"years"`
	// Phases is the first header row of block (3): each label merged over
	// its number of years. Nil derives it from Plans (the phase of the plan
	// row with the same year label).
	Phases []PhaseSpan `json:"phases,omitempty"`
	// Indicators are written three rows each; an indicator with an empty
	// name is an unused slot (labels only), as departments leave them.
	Indicators []Indicator `json:"indicators"`
	// DirectionColumn adds the 評価方向 column after the last year even
	// when no indicator states a direction (the blank template).
	DirectionColumn bool `json:"direction_column,omitempty"`

	Background string   `json:"background"` // block (4)
	Results    []Result `json:"results"`    // block (5), two rows each
}

// Plan is one row of block (2). Consecutive rows with the same Phase share
// one merged phase cell.
type Plan struct {
	Phase string `json:"phase"`
	Year  string `json:"year"`
	Work  string `json:"work"`
}

// PhaseSpan is a phase label of block (3)'s header and the number of
// fiscal-year columns it covers.
type PhaseSpan struct {
	Label string `json:"label"`
	Years int    `json:"years"`
}

// Indicator is one target indicator (目標指標). Targets, Actuals and Rates
// are aligned with Sheet.Years; shorter slices leave the remaining years
// empty.
type Indicator struct {
	Name    string `json:"name"`
	Unit    string `json:"unit"`
	Targets []Cell `json:"targets,omitempty"`
	Actuals []Cell `json:"actuals,omitempty"`
	Rates   []Cell `json:"rates,omitempty"` // the 達成率 as the sheet states it
	// Direction is written in the 評価方向 column (DirectionHigher,
	// DirectionLower, or any text a department might type).
	Direction string `json:"direction,omitempty"`
}

// Result is one fiscal year of block (5).
type Result struct {
	Year   string `json:"year"`
	Work   string `json:"work"`   // 取組実績
	Issues string `json:"issues"` // 今後の課題
}

// Layout tells where WriteSheet put each block (1-based row numbers), so
// tests can name the cell of a value.
type Layout struct {
	Sheet         string
	LastColumn    int // the last year's column of block (3) (J for six years), at least H
	OverviewRow   int
	PlansRow      int // first row of block (2)
	IndicatorsRow int // the 目標指標名 / 前期 / 後期 header row
	YearRow       int // the fiscal-year labels of block (3)
	// IndicatorRows holds each indicator's 目標値 row; its 実績値 row is the
	// next one and its 達成率 row the one after.
	IndicatorRows []int
	// DirectionColumn is the 評価方向 column (0 when the sheet has none).
	DirectionColumn int
	BackgroundRow   int
	ResultsRow      int // first row of block (5)
	LastRow         int
}

// FirstYearColumn is the column of block (3)'s first fiscal year (E).
const FirstYearColumn = 5

// minLastColumn keeps text blocks readable for very short plan periods (H).
const minLastColumn = 8

// TargetCell returns the A1 reference of indicator i's target for year j
// (both 0-based).
func (l Layout) TargetCell(i, j int) string { return cellName(FirstYearColumn+j, l.IndicatorRows[i]) }

// ActualCell returns the A1 reference of indicator i's actual for year j.
func (l Layout) ActualCell(i, j int) string {
	return cellName(FirstYearColumn+j, l.IndicatorRows[i]+1)
}

// RateCell returns the A1 reference of indicator i's stated rate for year j.
func (l Layout) RateCell(i, j int) string {
	return cellName(FirstYearColumn+j, l.IndicatorRows[i]+2)
}

// Column widths in Excel units (about one half-width character each).
var columnWidths = [...]float64{19, 28, 14, 9, 11}

func columnWidth(col int) float64 {
	if col <= len(columnWidths) {
		return columnWidths[col-1]
	}
	return columnWidths[len(columnWidths)-1]
}

const (
	fontName   = "BIZ UDゴシック" // bundled with Windows 10 and later; the report uses it too
	fontSize   = 10
	lineHeight = 13.5 // points per wrapped line at fontSize
	minRow     = 18.0
	maxRow     = 409.0 // Excel's limit
)

// WriteSheet writes s into f as a worksheet named s.Name (created when
// missing) and returns where the blocks went. It returns an error for a
// value that cannot be written (a number cell whose text is not a plain
// decimal, more values than years); it never panics on bad input.
func WriteSheet(f *excelize.File, s Sheet) (Layout, error) {
	if err := checkSheet(s); err != nil {
		return Layout{}, err
	}
	idx, err := f.GetSheetIndex(s.Name)
	if err != nil {
		return Layout{}, fmt.Errorf("シート「%s」: %w", s.Name, err)
	}
	if idx < 0 {
		if _, err := f.NewSheet(s.Name); err != nil {
			return Layout{}, fmt.Errorf("シート「%s」を作れません: %w", s.Name, err)
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return Layout{}, err
	}
	w := &sheetWriter{f: f, name: s.Name, st: st}
	// Six years (the current plan) end at J, as the seed's sheets; a
	// shorter period ends with its last year so that no empty year column
	// is left over, a longer one grows to the right.
	w.lastCol = max(minLastColumn, FirstYearColumn+len(s.Years)-1)
	if hasDirection(s) {
		w.lastCol = max(w.lastCol, directionColumn(s))
	}
	l := w.write(s)
	if w.err != nil {
		return Layout{}, fmt.Errorf("シート「%s」: %w", s.Name, w.err)
	}
	return l, nil
}

func checkSheet(s Sheet) error {
	if s.Name == "" {
		return fmt.Errorf("シート名が空です")
	}
	for i, ind := range s.Indicators {
		for _, vals := range [][]Cell{ind.Targets, ind.Actuals, ind.Rates} {
			if len(vals) > len(s.Years) {
				return fmt.Errorf("シート「%s」の目標指標%d「%s」: 値が%d個ありますが年度は%d個です", s.Name, i+1, ind.Name, len(vals), len(s.Years))
			}
		}
	}
	n := 0
	for _, p := range s.Phases {
		if p.Years < 1 {
			return fmt.Errorf("シート「%s」: 期「%s」の年度数が%dです", s.Name, p.Label, p.Years)
		}
		n += p.Years
	}
	if n > len(s.Years) {
		return fmt.Errorf("シート「%s」: 期の年度数の合計%dが年度の数%dを超えています", s.Name, n, len(s.Years))
	}
	return nil
}

// sheetWriter keeps the first error, so that the layout code reads as a
// list of cells (the bufio.Writer habit).
type sheetWriter struct {
	f       *excelize.File
	name    string
	st      styles
	lastCol int
	err     error
}

// write lays out one management sheet, section by section as the parser
// reads it: the header, blocks (1) to (5), then the page setup.
func (w *sheetWriter) write(s Sheet) Layout {
	l := Layout{Sheet: s.Name, LastColumn: w.lastCol}
	for col := 1; col <= w.lastCol; col++ {
		name, _ := excelize.ColumnNumberToName(col)
		w.do(w.f.SetColWidth(w.name, name, name, columnWidth(col)))
	}
	w.header(s)
	row := 4
	l.OverviewRow = row
	row = w.textBlock(row, LabelOverview, s.Overview)
	l.PlansRow = row
	if len(s.Plans) == 0 {
		// A block with no rows would lose its label; keep one empty row.
		s.Plans = []Plan{{}}
	}
	row = w.plans(row, s.Plans)
	row = w.indicators(row, s, &l)
	l.BackgroundRow = row
	row = w.textBlock(row, LabelBackground, s.Background)
	l.ResultsRow = row
	row = w.results(row, s.Results)
	l.LastRow = row - 1
	w.pageSetup(l)
	return l
}

// header writes rows 1–3. Nothing that holds a value is merged with a
// neighbour holding another value.
func (w *sheetWriter) header(s Sheet) {
	last := w.lastCol
	w.text(1, 1, LabelTitle, w.st.title)
	w.merge(1, 1, 3, 1, w.st.title)
	w.cell(4, 1, s.DepartmentCode, w.st.headValue)
	w.text(5, 1, LabelDepartment, w.st.label)
	w.text(6, 1, s.Department, w.st.headValue)
	w.merge(6, 1, last, 1, w.st.headValue)
	w.text(1, 2, LabelGoal, w.st.label)
	w.cell(2, 2, s.GoalNumber, w.st.headValue)
	w.text(3, 2, s.GoalName, w.st.headValue)
	w.cell(4, 2, s.SectionCode, w.st.headValue)
	w.text(5, 2, LabelSection, w.st.label)
	w.text(6, 2, s.Section, w.st.headValue)
	w.merge(6, 2, last, 2, w.st.headValue)
	w.text(1, 3, LabelInitiative, w.st.label)
	w.cell(2, 3, s.Number, w.st.headValue)
	w.text(3, 3, s.Title, w.st.headText)
	w.cell(4, 3, s.SectionItemNo, w.st.headValue)
	w.merge(5, 3, last, 3, w.st.headValue) // holds nothing; one box reads better than six
	w.height(1, 22)
	w.height(2, max(minRow, textHeight(s.GoalName, columnWidth(3))))
	w.height(3, max(24, textHeight(s.Title, columnWidth(3))))
}

// textBlock writes a one-row text block, (1) or (4), and returns the next
// row.
func (w *sheetWriter) textBlock(row int, label, text string) int {
	w.text(1, row, label, w.st.label)
	w.text(2, row, text, w.st.text)
	w.merge(2, row, w.lastCol, row, w.st.text)
	w.height(row, max(40, textHeight(text, spanWidth(2, w.lastCol))))
	return row + 1
}

// plans writes block (2): a row per plan year, the phases merged down.
func (w *sheetWriter) plans(row int, plans []Plan) int {
	last := w.lastCol
	w.text(1, row, LabelPlans, w.st.label)
	w.merge(1, row, 1, row+len(plans)-1, w.st.label)
	for i := 0; i < len(plans); {
		j := i
		for j+1 < len(plans) && plans[j+1].Phase == plans[i].Phase {
			j++
		}
		w.text(2, row+i, plans[i].Phase, w.st.labelCenter)
		w.merge(2, row+i, 2, row+j, w.st.labelCenter)
		i = j + 1
	}
	for i, p := range plans {
		r := row + i
		w.text(3, r, p.Year, w.st.labelCenter)
		w.text(4, r, p.Work, w.st.text)
		w.merge(4, r, last, r, w.st.text)
		w.height(r, max(minRow, textHeight(p.Work, spanWidth(4, last))))
	}
	return row + len(plans)
}

// indicators writes block (3): two header rows, then three rows per
// indicator.
func (w *sheetWriter) indicators(row int, s Sheet, l *Layout) int {
	l.IndicatorsRow, l.YearRow = row, row+1
	w.indicatorHeader(row, s, l)
	row += 2
	for _, ind := range s.Indicators {
		l.IndicatorRows = append(l.IndicatorRows, row)
		w.indicator(row, ind, l.DirectionColumn)
		row += 3
	}
	return row
}

func (w *sheetWriter) indicatorHeader(row int, s Sheet, l *Layout) {
	last := w.lastCol
	blockEnd := row + 1 + 3*len(s.Indicators)
	w.text(1, row, LabelIndicators, w.st.label)
	w.merge(1, row, 1, blockEnd, w.st.label)
	w.text(2, row, LabelIndicatorName, w.st.labelCenter)
	w.merge(2, row, 2, row+1, w.st.labelCenter)
	w.merge(3, row, 3, row+1, w.st.labelCenter)
	w.text(4, row, LabelUnit, w.st.labelCenter)
	w.merge(4, row, 4, row+1, w.st.labelCenter)
	w.style(FirstYearColumn, row, last, row+1, w.st.labelCenter)
	col := FirstYearColumn
	for _, p := range phasesOf(s) {
		w.text(col, row, p.Label, w.st.labelCenter)
		w.merge(col, row, col+p.Years-1, row, w.st.labelCenter)
		col += p.Years
	}
	for j, y := range s.Years {
		w.text(FirstYearColumn+j, row+1, y, w.st.labelCenter)
	}
	if hasDirection(s) {
		l.DirectionColumn = directionColumn(s)
		w.text(l.DirectionColumn, row, LabelDirection, w.st.labelCenter)
		w.merge(l.DirectionColumn, row, l.DirectionColumn, row+1, w.st.labelCenter)
	}
	w.height(row, minRow)
	w.height(row+1, minRow)
}

// indicator writes one indicator's three rows; dirCol is the 評価方向
// column, or 0.
func (w *sheetWriter) indicator(row int, ind Indicator, dirCol int) {
	w.text(2, row, ind.Name, w.st.text)
	w.merge(2, row, 2, row+2, w.st.text)
	for k, label := range []string{LabelTarget, LabelActual, LabelRate} {
		w.text(3, row+k, label, w.st.labelCenter)
	}
	w.text(4, row, ind.Unit, w.st.unit)
	w.style(4, row+1, 4, row+1, w.st.unit)
	w.text(4, row+2, RateUnit, w.st.unit)
	if dirCol > 0 {
		w.text(dirCol, row, ind.Direction, w.st.text)
		w.merge(dirCol, row, dirCol, row+2, w.st.text)
	}
	for k, vals := range [][]Cell{ind.Targets, ind.Actuals, ind.Rates} {
		w.style(FirstYearColumn, row+k, w.lastCol, row+k, w.st.textValue)
		for j, c := range vals {
			w.value(FirstYearColumn+j, row+k, c)
		}
	}
	// The name cell spans three rows; make them tall enough together.
	h := max(minRow, textHeight(ind.Name, columnWidth(2))/3)
	for k := range 3 {
		w.height(row+k, h)
	}
}

// results writes block (5): two rows per fiscal year.
func (w *sheetWriter) results(row int, results []Result) int {
	if len(results) == 0 {
		results = []Result{{}}
	}
	w.text(1, row, LabelResults, w.st.label)
	w.merge(1, row, 1, row+2*len(results)-1, w.st.label)
	for _, r := range results {
		w.text(2, row, r.Year, w.st.labelCenter)
		w.merge(2, row, 2, row+1, w.st.labelCenter)
		w.text(3, row, LabelResultWork, w.st.labelCenter)
		w.text(3, row+1, LabelResultIssues, w.st.labelCenter)
		for k, t := range []string{r.Work, r.Issues} {
			w.text(4, row+k, t, w.st.text)
			w.merge(4, row+k, w.lastCol, row+k, w.st.text)
			w.height(row+k, max(24, textHeight(t, spanWidth(4, w.lastCol))))
		}
		row += 2
	}
	return row
}

// phasesOf returns the header phases of block (3): as given, or derived
// from the plan rows (consecutive years of the same phase). When blocks (2)
// and (3) have as many years they match by position, since the two blocks
// may label the same year differently (令和3年度 and R3年度); otherwise by
// label.
func phasesOf(s Sheet) []PhaseSpan {
	if s.Phases != nil {
		return s.Phases
	}
	phaseOfYear := make(map[string]string, len(s.Plans))
	for _, p := range s.Plans {
		phaseOfYear[p.Year] = p.Phase
	}
	var out []PhaseSpan
	for j, y := range s.Years {
		ph := phaseOfYear[y]
		if len(s.Plans) == len(s.Years) {
			ph = s.Plans[j].Phase
		}
		if n := len(out); n > 0 && out[n-1].Label == ph {
			out[n-1].Years++
			continue
		}
		out = append(out, PhaseSpan{Label: ph, Years: 1})
	}
	return out
}

func (w *sheetWriter) do(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

func (w *sheetWriter) text(col, row int, s string, style int) {
	ref := cellName(col, row)
	if s != "" {
		w.do(w.f.SetCellStr(w.name, ref, s))
	}
	w.do(w.f.SetCellStyle(w.name, ref, ref, style))
}

// cell writes a header value: numbers as numbers, anything else as text.
func (w *sheetWriter) cell(col, row int, c Cell, style int) {
	if !c.Number {
		w.text(col, row, c.Text, style)
		return
	}
	ref := cellName(col, row)
	n, err := c.number()
	if err != nil {
		w.do(fmt.Errorf("セル%s: %w", ref, err))
		return
	}
	w.do(w.f.SetCellDefault(w.name, ref, n))
	w.do(w.f.SetCellStyle(w.name, ref, ref, style))
}

// value writes an indicator value cell.
func (w *sheetWriter) value(col, row int, c Cell) {
	if !c.Number {
		w.text(col, row, c.Text, w.st.textValue)
		return
	}
	style, err := w.st.number(w.f, c.Format)
	if err != nil {
		w.do(err)
		return
	}
	w.cell(col, row, c, style)
}

func (w *sheetWriter) style(c1, r1, c2, r2, style int) {
	w.do(w.f.SetCellStyle(w.name, cellName(c1, r1), cellName(c2, r2), style))
}

// merge styles the whole range (so that borders show on every edge) and
// merges it when it covers more than one cell.
func (w *sheetWriter) merge(c1, r1, c2, r2, style int) {
	w.style(c1, r1, c2, r2, style)
	if c1 != c2 || r1 != r2 {
		w.do(w.f.MergeCell(w.name, cellName(c1, r1), cellName(c2, r2)))
	}
}

func (w *sheetWriter) height(row int, h float64) {
	w.do(w.f.SetRowHeight(w.name, row, min(maxRow, math.Ceil(h))))
}

// pageSetup prints the sheet on A4 portrait, one page wide, as the
// planning office files it.
func (w *sheetWriter) pageSetup(l Layout) {
	w.fitA4()
	area := fmt.Sprintf("'%s'!$A$1:$%s$%d", w.name, columnName(l.LastColumn), l.LastRow)
	w.do(w.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: area, Scope: w.name}))
}

// fitA4 sets A4 portrait, scaled to one page wide.
func (w *sheetWriter) fitA4() {
	size, orientation := 9, "portrait" // 9: A4
	fitW, fitH := 1, 0
	w.do(w.f.SetPageLayout(w.name, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &fitW, FitToHeight: &fitH,
	}))
	fit := true
	w.do(w.f.SetSheetProps(w.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
}

func cellName(col, row int) string {
	return fmt.Sprintf("%s%d", columnName(col), row)
}

func columnName(col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return "A" // only for col < 1, which the writer never asks for
	}
	return name
}

// spanWidth is the width of columns c1..c2 together.
func spanWidth(c1, c2 int) float64 {
	var sum float64
	for c := c1; c <= c2; c++ {
		sum += columnWidth(c)
	}
	return sum
}

// textHeight estimates the row height text needs when wrapped in a cell of
// the given width: full-width characters count two units, others one, and
// each explicit line break starts a line.
func textHeight(text string, colWidth float64) float64 {
	if text == "" {
		return 0
	}
	capacity := max(4, colWidth*0.95-1)
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines += max(1, int(math.Ceil(displayWidth(para)/capacity)))
	}
	return float64(lines)*lineHeight + 6
}

func displayWidth(s string) float64 {
	var n float64
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		case width.EastAsianAmbiguous:
			n += 2 // ・ — and friends are drawn full-width by Japanese fonts
		default:
			n++
		}
	}
	return n
}
