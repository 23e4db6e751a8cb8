package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
	"math"
	"math/big"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// Book is an .xlsx opened for reading: its container checked against the
// limits, its sheet list, number styles and shared strings read. Sheets
// are read one at a time with Grid.
type Book struct {
	ps      parts
	info    workbookInfo
	formats numberFormats
	strings *sharedStrings
	calc    *bookCalc
	lim     config.Limits
	// calculated: saved by a program that computes formulas before it
	// saves, without asking for a recalculation (docprops.go).
	calculated bool
}

// Sheet is one sheet of a book, in tab order.
type Sheet struct {
	Name string
	// Worksheet is false for a chart sheet, a dialog or macro sheet: no
	// grid to read.
	Worksheet bool
	// Hidden is true for a sheet hidden or very hidden in Excel.
	Hidden bool
	part   string
}

// Open checks the bytes of a would-be .xlsx (container.go) and reads what
// every sheet needs: the workbook part, the styles and the shared strings.
// A returned Rejection means the file as a whole cannot be read; lim must
// have every field set (config.DefaultLimits fills the zero ones).
func Open(data []byte, lim config.Limits) (*Book, *Rejection) {
	zr, rej := openContainer(data, lim)
	if rej != nil {
		return nil, rej
	}
	b := &Book{ps: newParts(zr), lim: lim}
	if _, ok := b.ps.get("[Content_Types].xml"); !ok {
		return nil, &Rejection{CodeFileNotWorkbook, "zip形式ですがExcelブックではありません（[Content_Types].xml がありません）"}
	}
	if rej := b.readWorkbook(); rej != nil {
		return nil, rej
	}
	b.formats = numberStyles(b.ps, b.info.styles)
	if rej := b.readStrings(); rej != nil {
		return nil, rej
	}
	b.calc = newBookCalc(data, lim)
	b.calculated = calculatingApp(readApplication(b.ps)) && !b.info.fullCalc
	return b, nil
}

// readWorkbook reads the sheet list and checks it against the limits.
func (b *Book) readWorkbook() *Rejection {
	info, err := readWorkbook(b.ps)
	switch {
	case errors.Is(err, errPartMissing):
		return &Rejection{CodeFileNotWorkbook, "zip形式ですがExcelブックではありません（ブックの本体 workbook.xml がありません）"}
	case err != nil:
		return &Rejection{CodeFileCorrupt, fmt.Sprintf("ブックの構成が壊れているため読めません（%s）。Excelで開けるか確かめ、保存し直して提出してください", problemText(err, ""))}
	case len(info.sheets) > b.lim.SheetsPerWorkbook:
		return &Rejection{CodeTooManySheets, fmt.Sprintf("シート数（%d）が上限（%d）を超えています。ブックを分けて提出してください（上限は設定の limits.sheets_per_workbook）", len(info.sheets), b.lim.SheetsPerWorkbook)}
	}
	b.info = info
	return nil
}

// readStrings reads the shared strings part, when the book has one.
func (b *Book) readStrings() *Rejection {
	zf, part, ok := sharedStringsFile(b.ps, b.info)
	if !ok {
		return nil
	}
	ss, err := scanSharedStrings(zf, b.lim.CharsPerCell)
	if err != nil {
		var le *limitError
		if errors.As(err, &le) {
			return &Rejection{le.Code, le.Msg + "。このファイルは読みません"}
		}
		return &Rejection{CodeStringsMalformed, fmt.Sprintf("ブック内の文字列の表が壊れているため、このファイルの文字を読めません（%s）。Excelで開けるか確かめ、保存し直して提出してください", problemText(err, part))}
	}
	b.strings = ss
	return nil
}

// Close releases what computing formulas opened.
func (b *Book) Close() { b.calc.close() }

// Sheets lists the book's sheets in tab order.
func (b *Book) Sheets() []Sheet {
	out := make([]Sheet, 0, len(b.info.sheets))
	for _, sp := range b.info.sheets {
		out = append(out, Sheet{
			Name:      sp.name,
			Worksheet: sp.kind == "" || sp.kind == "worksheet",
			Hidden:    sp.state == "hidden" || sp.state == "veryHidden",
			part:      sp.part,
		})
	}
	return out
}

// ExternalLinks names the book's links to other files, for a message.
func (b *Book) ExternalLinks() []string { return externalLinks(b.ps) }

// Grid reads one worksheet into a grid. One token scan reads its values,
// stopping at the first problem, so that a sheet over a limit (a million
// rows) or broken costs no more than the scan and is never read in part: a
// returned Rejection means the sheet is left out. The findings are about
// single cells (too long, control characters, hidden values); src names
// the file and sheet.
func (b *Book) Grid(src model.Source, s Sheet) (*Grid, []model.Finding, *Rejection) {
	zf, ok := b.ps.get(s.part)
	if !ok {
		return nil, nil, &Rejection{CodeSheetMalformed, "シートの本体がブックの中に見つからないため読めません。保存し直してください"}
	}
	sc, rej := scanPart(zf, b.formats, b.strings, b.lim)
	if rej != nil {
		return nil, nil, rej
	}
	g, rej := readSheet(src, sc, b.lim)
	if rej != nil {
		return nil, nil, rej
	}
	g.grid.calc = b.calc.sheet(s.Name)
	g.grid.Calculated = b.calculated
	return g.grid, g.findings, nil
}

// scanPart runs scanSheet and turns what stops it into a Rejection of the
// sheet.
func scanPart(zf *zip.File, formats numberFormats, sst *sharedStrings, lim config.Limits) (*sheetScan, *Rejection) {
	sc, err := scanSheet(zf, scanInput{formats: formats, strings: sst,
		maxRows: lim.RowsPerSheet, maxCells: lim.CellsPerSheet, charsPerCell: lim.CharsPerCell})
	if err != nil {
		var le *limitError
		if errors.As(err, &le) {
			return nil, &Rejection{le.Code, le.Msg + "。このシートは読みません"}
		}
		return nil, &Rejection{CodeSheetMalformed, fmt.Sprintf("シートのデータが壊れているため、このシートは読みません（%s）。途中までの読み込みもしません", problemText(err, zf.Name))}
	}
	return sc, nil
}

// externalLinks lists the targets of the workbook's links to other files
// (xl/externalLinks/*), in part order, each cut short for a message. They
// are only named: nothing is ever opened or fetched.
func externalLinks(ps parts) []string {
	var names []string
	for _, name := range ps.names() {
		if strings.HasPrefix(name, "xl/externalLinks/") && strings.HasSuffix(name, ".xml") && !strings.Contains(name, "_rels/") {
			names = append(names, name)
		}
	}
	var out []string
	for _, name := range names {
		target := path.Base(name)
		var rels xmlRels
		if err := ps.decode(relsPath(name), &rels); err == nil {
			for _, r := range rels.Rels {
				if r.Target != "" {
					target = r.Target
					break
				}
			}
		}
		out = append(out, "「"+Shorten(target, 80)+"」")
		if len(out) == 3 && len(names) > 3 {
			out = append(out, fmt.Sprintf("ほか%d件", len(names)-3))
			break
		}
	}
	return out
}

// Shorten cuts s to at most n runes for a message, marking the cut, and
// drops characters that cannot be shown.
func Shorten(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if badRune(r) || r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// sheetGrid is a sheet read into a grid, with the findings made while
// reading it (long cells).
type sheetGrid struct {
	grid     *Grid
	findings []model.Finding
}

// readSheet builds the grid of a worksheet from the values scanSheet read,
// checking each cell. A returned Rejection means the sheet is left out,
// never read in part.
func readSheet(src model.Source, sc *sheetScan, lim config.Limits) (sheetGrid, *Rejection) {
	var out sheetGrid
	addAt := func(sev model.Severity, code string, p Pos, format string, args ...any) {
		at := src.At(p.Ref())
		out.findings = append(out.findings, model.Finding{Severity: sev, Code: code, Source: at,
			Message: CleanMessage(fmt.Sprintf(format, args...))})
	}
	cells := sc.values
	exact, shown := map[Pos]string{}, map[Pos]string{}
	var hidden hiddenCells
	for r, row := range cells {
		for c, s := range row {
			p := Pos{r, c}
			if s == "" {
				continue
			}
			if sc.hidden(p) {
				// Read as people see the sheet: a hidden row or column
				// (an old year, an abandoned indicator) is not printed
				// and not reported.
				hidden.add(p, s)
				row[c] = ""
				continue
			}
			if n := utf8.RuneCountInString(s); n > lim.CharsPerCell {
				addAt(model.SeverityError, CodeCellTooLong, p, "文字数（%d）が上限（%d）を超えるため、このセルは空として扱います（上限は設定の limits.chars_per_cell）", n, lim.CharsPerCell)
				row[c] = ""
				continue
			}
			flags := sc.flags[p]
			if flags&FlagNumber != 0 {
				row[c] = ExcelNumber(s)
				if d, ok := sc.percents[p]; ok {
					row[c], exact[p] = percentTexts(row[c], d)
				}
				if t, ok := sc.affixes[p].show(row[c]); ok {
					shown[p] = t
				}
				continue
			}
			if bad, ok := sc.badText[p]; ok {
				addAt(model.SeverityWarning, CodeTextControl, p, "表示できない制御文字などの文字（%s）を含むため、その文字を取り除いて読みました", describeRune(bad))
				row[c] = dropBadRunes(s)
				s = row[c]
			}
			if flags&FlagFormula == 0 && looksLikeFormula(s) {
				addAt(model.SeverityInfo, CodeTextFormulaLike, p, "「%s」は数式のように見えますが、文字として読みました（計算も実行もしません。出力にも文字のまま書きます）", Shorten(s, 40))
			}
		}
	}
	g, ok := NewGrid(cells, sc.merges, sc.flags, lim.CellsPerSheet)
	if !ok {
		return out, &Rejection{CodeSheetTooManyCells, fmt.Sprintf("結合セルの範囲が大きすぎます（結合で埋まるセルを含めたセル数が上限%dを超えます）。このシートは読みません（上限は設定の limits.cells_per_sheet）", lim.CellsPerSheet)}
	}
	g.Formulas = sc.formulas
	g.ExactPercents = exact
	g.Shown = shown
	g.Hidden = hidden.values
	if hidden.total > 0 {
		addAt(model.SeverityWarning, CodeHiddenCells, hidden.named[0],
			"非表示の行または列に値があります（%s）。印刷されない値のため読みませんでした。使う値なら表示してください", hidden.list())
	}
	if sc.dimension != "" {
		out.findings = append(out.findings, model.Finding{Severity: model.SeverityInfo, Code: CodeDimensionIgnored, Source: src,
			Message: fmt.Sprintf("シートに記録された使用範囲「%s」は上限（%d行・%dセル）を超えていますが、実際のセルは上限内のため、記録は使わずにセルだけを読みました",
				Shorten(sc.dimension, 40), lim.RowsPerSheet, lim.CellsPerSheet)})
	}
	out.grid = g
	return out, nil
}

// maxHiddenNamed bounds the cells the hidden-cells warning names: enough
// to find them all on an ordinary sheet, not a page of references for an
// old year's hidden column.
const maxHiddenNamed = 10

// hiddenCells are the cells with a value in hidden rows or columns: the
// first ones in reading order and how many there are.
type hiddenCells struct {
	named  []Pos
	total  int
	values map[Pos]string // every hidden cell's text, for Grid.Hidden
}

func (h *hiddenCells) add(p Pos, s string) {
	if len(h.named) < maxHiddenNamed {
		h.named = append(h.named, p)
	}
	h.total++
	if h.values == nil {
		h.values = map[Pos]string{}
	}
	h.values[p] = s
}

// list names the cells for the warning: セルF3、F4 and, past the first
// maxHiddenNamed, ほか N セル.
func (h *hiddenCells) list() string {
	refs := make([]string, len(h.named))
	for i, p := range h.named {
		refs[i] = p.Ref()
	}
	s := "セル" + strings.Join(refs, "、")
	if more := h.total - len(h.named); more > 0 {
		s += fmt.Sprintf(" ほか %d セル", more)
	}
	return s
}

// looksLikeFormula reports text that a spreadsheet or a CSV import would
// take for a formula: starting with = or @, or with + or - followed by
// something that is not a number ("+cmd|…", "-2+3+cmd|…"). A bullet such
// as "- 項目" or "-項目" and a negative number "-5" do not count.
func looksLikeFormula(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n\u3000")
	if len(t) < 2 {
		return false
	}
	switch t[0] {
	case '=', '@':
		return true
	case '+', '-':
		if c := t[1]; c >= utf8.RuneSelf || c == ' ' {
			return false
		}
		_, _, err := normalize.ParseValue(t)
		return err != nil
	}
	return false
}

// ExcelNumber turns the raw text of a numeric cell into the number Excel
// shows: Excel stores binary doubles with up to 17 digits
// ("372.99999999999994", "1.57E2", "1E-4") but computes and displays 15
// significant digits, so the value typed as 373 is read as 373. Text that
// is not a float is left for the normalizer to report.
func ExcelNumber(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return s
	}
	g, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(g, 'f', -1, 64)
}

// percentTexts returns how Excel shows the number s (ExcelNumber's text)
// in a percentage format with decimals places, and the percentage it holds.
// Shown: multiplied by 100, rounded half away from zero, with a % sign:
// 0.420911 with 0.0% is "42.1%". The sheet is read as people see it, like a
// typed "42.1%", so that a 達成率 computed by a formula (=E14/E13) and
// formatted as a percentage reads as the rate it shows, not as the fraction
// 0.420911. Exact: not rounded (0.535 is "53.5%"): targets and actuals are
// computed with what the cell holds, as Excel does. Text that is not a
// number is returned as it is, twice.
func percentTexts(s string, decimals int) (shown, exact string) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return s, s
	}
	r.Mul(r, big.NewRat(100, 1))
	exact = string(model.DecimalFromRat(r)) + "%"
	// FloatString rounds half away from zero, as Excel shows; a value
	// that rounds to zero is shown without a sign.
	shown = r.FloatString(decimals)
	if strings.Trim(shown, "-0.") == "" {
		shown = strings.TrimPrefix(shown, "-")
	}
	return shown + "%", exact
}

// DateText shows the serial number of a cell in a date format as the date
// it stands for (2022-04-01), for a message; other text is returned as it
// is.
func DateText(s string) string {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if t, err := excelize.ExcelDateToTime(f, false); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return s
}
