package xlsx

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/efp"
	"github.com/xuri/excelize/v2"

	"planreport/pipeline/config"
)

// Formulas saved without their result (openpyxl and several export tools
// write them so) are computed for targets and actuals only, and only when
// that is safe and deterministic: the formula and every formula it reaches
// are walked here first, before excelize's calculator is called, and refused
// when they reach outside the workbook (another file), use a function whose
// value changes from run to run (NOW, RAND, INDIRECT…) or one not on the
// list below, form a cycle, or cost more than the bounds. A formula whose
// result was saved is never recalculated, neither where it is read nor
// where another formula refers to it.

// Bounds on the work one workbook may cause. A chain of formulas deeper
// than calcDepth, or a value reaching more than calcCellsPerValue cells, is
// refused; past calcCellsPerBook cells or calcValuesPerBook computed values
// the rest of the workbook's formulas stay blank.
const (
	calcDepth         = 32
	calcCellsPerValue = 2000
	calcCellsPerBook  = 50000
	calcValuesPerBook = 5000
	calcFormulaBytes  = 2000 // a longer formula is not computed
)

// calcFunctions are the functions computed: arithmetic, rounding, sums and
// conditions, whose result depends only on their arguments.
var calcFunctions = map[string]bool{
	"ROUND": true, "ROUNDUP": true, "ROUNDDOWN": true, "INT": true, "TRUNC": true,
	"SUM": true, "AVERAGE": true, "MIN": true, "MAX": true, "COUNT": true, "COUNTA": true,
	"PRODUCT": true, "ABS": true, "MOD": true, "POWER": true, "SQRT": true,
	"IF": true, "IFERROR": true, "AND": true, "OR": true, "NOT": true,
}

// calcVolatile are functions whose value changes from one run to the next
// or depends on the computer: never computed.
var calcVolatile = map[string]bool{
	"NOW": true, "TODAY": true, "RAND": true, "RANDBETWEEN": true, "RANDARRAY": true,
	"INDIRECT": true, "OFFSET": true, "CELL": true, "INFO": true,
}

// calcOutside are functions that reach outside the file.
var calcOutside = map[string]bool{
	"WEBSERVICE": true, "FILTERXML": true, "RTD": true, "CALL": true, "REGISTER.ID": true,
	"HYPERLINK": true, "IMAGE": true, "DDE": true,
}

// bookCalc computes the formulas of one workbook. excelize opens the
// workbook (from the bytes already read, within the same limits) only on
// the first formula to compute, so a workbook saved by Excel costs nothing.
type bookCalc struct {
	data   []byte
	lim    config.Limits
	f      *excelize.File
	failed bool // the workbook could not be opened for computing
	// dirty is set when saved results were fixed in place of their
	// formulas (see apply): the next value reopens the workbook, so that a
	// shared formula cut there is not lost for it.
	dirty  bool
	cells  int // cells walked in this workbook
	values int // values computed or tried
}

func newBookCalc(data []byte, lim config.Limits) *bookCalc {
	return &bookCalc{data: data, lim: lim}
}

// sheetCalc is a bookCalc seen from one sheet, as the grid holds it.
type sheetCalc struct {
	book  *bookCalc
	sheet string
}

func (b *bookCalc) sheet(name string) *sheetCalc {
	if b == nil {
		return nil
	}
	return &sheetCalc{book: b, sheet: name}
}

// CalcResult is what computing one cell gave: the formula (for messages),
// the value when it could be computed, or why not.
type CalcResult struct {
	Formula string
	Value   string
	Why     string // empty when computed
}

func (b *bookCalc) open() *excelize.File {
	if b.f != nil && !b.dirty {
		return b.f
	}
	if b.f != nil {
		_ = b.f.Close()
		b.f, b.dirty = nil, false
	}
	if b.failed {
		return nil
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.data), excelize.Options{
		UnzipSizeLimit: b.lim.UnzippedBytes, UnzipXMLSizeLimit: b.lim.UnzippedBytes})
	if err != nil {
		b.failed = true
		return nil
	}
	b.f = f
	return f
}

// close releases the workbook; Book.Close calls it when all sheets are read.
func (b *bookCalc) close() {
	if b != nil && b.f != nil {
		_ = b.f.Close()
		b.f = nil
	}
}

// compute computes cell of the sheet. It never panics: a panic inside the
// calculator on a hostile file is a value not computed.
func (s *sheetCalc) compute(cell string) (res CalcResult) {
	b := s.book
	defer func() {
		if r := recover(); r != nil {
			res.Value, res.Why = "", "計算中に想定外の形の数式があった"
		}
	}()
	if b.values++; b.values > calcValuesPerBook {
		return CalcResult{Why: fmt.Sprintf("このブックで計算する数式が多すぎる（%d個を超える）", calcValuesPerBook)}
	}
	f := b.open()
	if f == nil {
		return CalcResult{Why: "ブックを計算のために開けない"}
	}
	formula, err := f.GetCellFormula(s.sheet, cell)
	if err != nil || formula == "" {
		return CalcResult{Why: "数式を読めない"}
	}
	res.Formula = formula
	w := &calcWalk{book: b, f: f, onPath: map[string]bool{}, done: map[string]bool{}}
	if res.Why = w.visit(s.sheet, cell, 0); res.Why != "" {
		return res
	}
	if err := w.apply(); err != nil {
		res.Why = "数式を計算の準備ができない"
		return res
	}
	v, err := f.CalcCellValue(s.sheet, cell, excelize.Options{RawCellValue: true})
	switch {
	case err != nil && strings.HasPrefix(v, "#"):
		res.Why = "計算結果がエラー（" + Shorten(v, 20) + "）になる"
		return res
	case err != nil:
		res.Why = "数式の書き方を計算できない"
		return res
	case strings.HasPrefix(v, "#"):
		res.Why = "計算結果がエラー（" + Shorten(v, 20) + "）になる"
		return res
	}
	res.Value = ExcelNumber(v)
	if v != "" && percentStyle(f, s.sheet, cell) {
		_, res.Value = percentTexts(res.Value, 0) // read as a typed 95.4%, like a saved result
	}
	return res
}

// percentStyle reports a cell shown as a percentage (built-in formats 9
// and 10, or a format with a % sign).
func percentStyle(f *excelize.File, sheet, cell string) bool {
	idx, err := f.GetCellStyle(sheet, cell)
	if err != nil || idx == 0 {
		return false
	}
	st, err := f.GetStyle(idx)
	if err != nil || st == nil {
		return false
	}
	if st.NumFmt == 9 || st.NumFmt == 10 {
		return true
	}
	return st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "%")
}

// calcWalk checks, before anything is computed, every cell one formula
// reaches. Formulas with a saved result are leaves: their saved value is
// what the formula uses (pins); formulas without one are walked further
// (keeps).
type calcWalk struct {
	book   *bookCalc
	f      *excelize.File
	onPath map[string]bool
	done   map[string]bool
	count  int
	keeps  [][3]string // sheet, cell, formula: computed
	pins   [][2]string // sheet, cell: a saved result used as a value
}

// visit walks one cell; it returns why the walk is refused, or "".
func (w *calcWalk) visit(sheet, cell string, depth int) string {
	key := sheet + "!" + cell
	if w.done[key] {
		return ""
	}
	if w.onPath[key] {
		return "参照が循環している（" + Shorten(key, 40) + "）"
	}
	if depth > calcDepth {
		return fmt.Sprintf("参照の連鎖が長すぎる（%d段を超える）", calcDepth)
	}
	w.count++
	w.book.cells++
	if w.count > calcCellsPerValue || w.book.cells > calcCellsPerBook {
		return "参照するセルが多すぎる"
	}
	formula, err := w.f.GetCellFormula(sheet, cell)
	if err != nil {
		return "参照先（" + Shorten(key, 40) + "）を読めない"
	}
	if formula == "" {
		w.done[key] = true
		return ""
	}
	if depth > 0 {
		if v, err := w.f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true}); err == nil && v != "" {
			w.pins = append(w.pins, [2]string{sheet, cell})
			w.done[key] = true
			return ""
		}
	}
	if len(formula) > calcFormulaBytes {
		return "数式が長すぎる"
	}
	w.onPath[key] = true
	if why := w.tokens(sheet, formula, depth); why != "" {
		return why
	}
	delete(w.onPath, key)
	w.done[key] = true
	w.keeps = append(w.keeps, [3]string{sheet, cell, formula})
	return ""
}

// tokens checks the tokens of one formula and walks its references.
func (w *calcWalk) tokens(sheet, formula string, depth int) string {
	ps := efp.ExcelParser()
	for _, t := range ps.Parse(formula) {
		switch {
		case t.TType == efp.TokenTypeFunction && t.TSubType == efp.TokenSubTypeStart:
			if why := checkFunction(t.TValue); why != "" {
				return why
			}
		case t.TType == efp.TokenTypeOperand && t.TSubType == efp.TokenSubTypeRange:
			if why := w.reference(sheet, t.TValue, depth); why != "" {
				return why
			}
		case t.TType == efp.TokenTypeOperand && t.TSubType == efp.TokenSubTypeError:
			return "数式にエラー（" + Shorten(t.TValue, 20) + "）がある"
		case t.TType == efp.TokenTypeUnknown,
			t.TType == efp.TokenTypeOperatorInfix && (t.TSubType == efp.TokenSubTypeUnion || t.TSubType == efp.TokenSubTypeIntersection):
			return "計算に対応していない書き方（" + Shorten(t.TValue, 20) + "）がある"
		}
	}
	return ""
}

// checkFunction says why a function is not computed, or "".
func checkFunction(name string) string {
	n := strings.ToUpper(name)
	for _, p := range []string{"_XLFN.", "_XLWS."} {
		n = strings.TrimPrefix(n, p)
	}
	switch {
	case calcFunctions[n]:
		return ""
	case n == "ARRAY" || n == "ARRAYROW":
		// efp's names for an array constant {1,2;3,4}: excelize does not
		// reduce one to its first value in a single cell as Excel does.
		return "配列定数（{…}）を使っている"
	case calcVolatile[n]:
		return "計算のたびに値が変わる関数（" + Shorten(n, 30) + "）を使っている"
	case calcOutside[n]:
		return "ファイルの外を参照する関数（" + Shorten(n, 30) + "）を使っている"
	}
	return "計算に対応していない関数（" + Shorten(n, 30) + "）を使っている"
}

// reference walks the cells of one reference ("E12", "$E$12:$F$13",
// "'実績'!B2"). Another workbook ([1]集計!B2, 'C:\…\[a.xlsx]集計'!B2), a
// 3-D reference, a defined name, a whole row or column are refused.
func (w *calcWalk) reference(sheet, ref string, depth int) string {
	if strings.ContainsAny(ref, `[]\/`) {
		return "他のファイルを参照している（" + Shorten(ref, 40) + "）"
	}
	target, cells := sheet, ref
	if i := strings.LastIndex(ref, "!"); i >= 0 {
		target, cells = ref[:i], ref[i+1:]
		if len(target) >= 2 && target[0] == '\'' && target[len(target)-1] == '\'' {
			target = strings.ReplaceAll(target[1:len(target)-1], "''", "'")
		}
		if strings.Contains(target, ":") {
			return "複数のシートにまたがる参照（" + Shorten(ref, 40) + "）がある"
		}
		idx, err := w.f.GetSheetIndex(target)
		if err != nil || idx < 0 {
			return "参照先のシート（" + Shorten(target, 30) + "）がブックにない"
		}
	}
	r, ok := ParseRange(strings.ToUpper(cells))
	if !ok {
		return "名前の定義や行・列全体の参照（" + Shorten(ref, 40) + "）を使っている"
	}
	area := (r.To.Row - r.From.Row + 1) * (r.To.Col - r.From.Col + 1)
	if area > calcCellsPerValue-w.count {
		return "参照するセルが多すぎる"
	}
	for row := r.From.Row; row <= r.To.Row; row++ {
		for col := r.From.Col; col <= r.To.Col; col++ {
			if why := w.visit(target, Pos{row, col}.Ref(), depth+1); why != "" {
				return why
			}
		}
	}
	return ""
}

// apply prepares the workbook for the calculator, which recomputes every
// formula it meets: a formula whose result was saved is replaced by that
// result (its cached value stays in the cell), so that it is used as it was
// saved. Removing a shared formula's first cell removes the formula of the
// cells sharing it, so the formulas computed are first written out on their
// own, and the workbook is reopened for the next value.
func (w *calcWalk) apply() error {
	if len(w.pins) == 0 {
		return nil
	}
	w.book.dirty = true
	for _, k := range w.keeps {
		if err := w.f.SetCellFormula(k[0], k[1], k[2]); err != nil {
			return err
		}
	}
	for _, p := range w.pins {
		if err := w.f.SetCellFormula(p[0], p[1], ""); err != nil {
			return err
		}
	}
	return nil
}
