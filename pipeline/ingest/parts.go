package ingest

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
)

// This file reads the workbook parts the parser needs: the sheet list with
// each sheet's part, the date formats of the styles, and, per sheet, one
// token pass over the XML that yields the cells' values, merges, formula
// cells and styled numbers and proves that the XML is whole.
//
// Why not excelize's Rows iterator: it stops silently at a syntax error and
// returns the rows read so far with a nil error (LIBRARY-NOTES), so every
// sheet needs a pass that sees every token anyway; a second pass by
// excelize would parse each sheet twice, half of the ingest time. excelize
// still writes the summary workbook, and a test reads every sample sheet
// with both and compares the values (TestScanMatchesExcelize).

// sheetPart is one sheet of the workbook.
type sheetPart struct {
	name  string
	part  string // zip entry name, "" when the relationship is missing
	state string // "", "visible", "hidden", "veryHidden"
	kind  string // relationship type tail: "worksheet", "chartsheet", …
}

// errPartMissing is returned when a part the workbook names is not in the zip.
var errPartMissing = errors.New("part missing")

// parts indexes the zip entries by name. Part names are case-insensitive
// (ECMA-376 Part 2, 6.2.2.3): Excel opens a workbook whose relationships say
// worksheets/sheet1.xml for an entry named worksheets/Sheet1.xml, so a name
// not found as written is looked up again with ASCII case folded.
type parts struct {
	byName map[string]*zip.File
	folded map[string]*zip.File // lower-cased name → first entry of that name
}

func newParts(zr *zip.Reader) parts {
	ps := parts{byName: make(map[string]*zip.File, len(zr.File)), folded: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		ps.byName[name] = f
		if l := asciiLower(name); ps.folded[l] == nil {
			ps.folded[l] = f
		}
	}
	return ps
}

// get returns the part named name, as written or else case-folded.
func (ps parts) get(name string) (*zip.File, bool) {
	if f, ok := ps.byName[name]; ok {
		return f, true
	}
	f, ok := ps.folded[asciiLower(name)]
	return f, ok
}

// names returns every entry name, sorted.
func (ps parts) names() []string {
	return slices.Sorted(maps.Keys(ps.byName))
}

// asciiLower folds A–Z only, as part names compare (strings.ToLower would
// also fold non-ASCII letters, which OPC does not).
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// decode unmarshals a small part (workbook, rels, styles) into v; sizes are
// bounded by the zip bomb check before this is called.
func (ps parts) decode(name string, v any) error {
	f, ok := ps.get(name)
	if !ok {
		return fmt.Errorf("%s: %w", name, errPartMissing)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// relsPath gives the relationships part of a part: xl/workbook.xml →
// xl/_rels/workbook.xml.rels.
func relsPath(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// resolve turns a relationship target into a zip entry name.
func resolve(base, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(path.Dir(base), target)), "/")
}

func relType(t string) string { return t[strings.LastIndex(t, "/")+1:] }

// The relationships namespace of r:id: Transitional (what Excel saves by
// default, and LibreOffice) and Strict (Excel's "Strict Open XML
// Spreadsheet"), which also renames the main namespace and the
// relationship types; the parts are read by local name and relType, so
// only this attribute needs both.
const (
	relNamespaceTransitional = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relNamespaceStrict       = "http://purl.oclc.org/ooxml/officeDocument/relationships"
)

// relationshipID returns a <sheet>'s r:id.
func relationshipID(attrs []xml.Attr) string {
	for _, a := range attrs {
		if a.Name.Local == "id" && (a.Name.Space == relNamespaceTransitional || a.Name.Space == relNamespaceStrict) {
			return a.Value
		}
	}
	return ""
}

// workbookInfo is the sheet list and where the styles and shared strings
// live.
type workbookInfo struct {
	sheets  []sheetPart
	styles  string
	strings string // "" when the workbook names none
}

// readWorkbook finds the workbook part (through _rels/.rels, like Excel),
// its sheets in tab order and its styles part.
func readWorkbook(ps parts) (workbookInfo, error) {
	var info workbookInfo
	wbPath := "xl/workbook.xml"
	var root xmlRels
	if err := ps.decode("_rels/.rels", &root); err == nil {
		for _, r := range root.Rels {
			if relType(r.Type) == "officeDocument" {
				wbPath = resolve("/", r.Target)
			}
		}
	}
	var wb struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			State string     `xml:"state,attr"`
			Attrs []xml.Attr `xml:",any,attr"` // r:id, whose namespace depends on the conformance class
		} `xml:"sheets>sheet"`
	}
	if err := ps.decode(wbPath, &wb); err != nil {
		return info, err
	}
	var rels xmlRels
	if err := ps.decode(relsPath(wbPath), &rels); err != nil && !errors.Is(err, errPartMissing) {
		return info, err
	}
	byID := map[string]int{}
	for i, r := range rels.Rels {
		byID[r.ID] = i
		switch relType(r.Type) {
		case "styles":
			info.styles = resolve(wbPath, r.Target)
		case "sharedStrings":
			info.strings = resolve(wbPath, r.Target)
		}
	}
	for _, s := range wb.Sheets {
		sp := sheetPart{name: s.Name, state: s.State}
		if i, ok := byID[relationshipID(s.Attrs)]; ok {
			sp.part = resolve(wbPath, rels.Rels[i].Target)
			sp.kind = relType(rels.Rels[i].Type)
		}
		info.sheets = append(info.sheets, sp)
	}
	return info, nil
}

// numberFormats says which cell styles (indexes into cellXfs) show numbers
// other than as plain numbers.
type numberFormats struct {
	dates    map[int]bool // as dates or times
	percents map[int]int  // as percentages: style → decimals shown
}

// numberStyles reads the styles part. A missing or unreadable styles part
// means plain numbers everywhere.
func numberStyles(ps parts, stylesPath string) numberFormats {
	if stylesPath == "" {
		stylesPath = "xl/styles.xml"
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	out := numberFormats{dates: map[int]bool{}, percents: map[int]int{}}
	if err := ps.decode(stylesPath, &st); err != nil {
		return out
	}
	custom := map[int]string{}
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	for i, xf := range st.Xfs {
		code, isCustom := custom[xf.NumFmtID]
		switch {
		case isCustom && isDateFormat(code), !isCustom && builtinDate(xf.NumFmtID):
			out.dates[i] = true
		case isCustom:
			if d, ok := percentDecimals(code); ok {
				out.percents[i] = d
			}
		case xf.NumFmtID == 9: // 0%
			out.percents[i] = 0
		case xf.NumFmtID == 10: // 0.00%
			out.percents[i] = 2
		}
	}
	return out
}

// maxPercentDecimals bounds the decimals of a percentage (Excel allows 30;
// a number has 15 significant digits).
const maxPercentDecimals = 15

// percentDecimals reports whether a custom format code shows numbers as
// percentages (a % outside quoted text, escapes and [..] in its first,
// positive section: Excel then multiplies by 100) and with how many
// decimals (placeholders 0, # and ? after the decimal point).
func percentDecimals(code string) (int, bool) {
	afterPoint, decimals, percent := false, 0, false
	for r := range formatSymbols(code) {
		switch {
		case r == ';':
			return min(decimals, maxPercentDecimals), percent
		case r == '%':
			percent = true
		case r == '.':
			afterPoint = true
		case afterPoint && (r == '0' || r == '#' || r == '?'):
			decimals++
		}
	}
	return min(decimals, maxPercentDecimals), percent
}

// builtinDate reports the built-in number formats that show dates or times,
// including the East Asian ones (27–36, 50–58).
func builtinDate(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
}

// isDateFormat reports whether a custom format code shows a date or time:
// it has y, m, d, h, s (or the Japanese era g/e) outside quoted text,
// escapes and [..] sections. "General" and Japanese "G/標準" are not dates.
func isDateFormat(code string) bool {
	l := strings.ToLower(code)
	l = strings.ReplaceAll(l, "general", "")
	l = strings.ReplaceAll(l, "g/標準", "")
	for r := range formatSymbols(l) {
		if strings.ContainsRune("ymdhsge", r) {
			if r == 'e' && (strings.Contains(l, "e+") || strings.Contains(l, "e-")) {
				continue // scientific notation
			}
			return true
		}
	}
	return false
}

// formatSymbols yields the runes of a number format code that are format
// symbols: not inside quoted text or a [..] section (colour, condition,
// locale) and not escaped (\x, and the character after _ or *, which only
// pads). Section separators (;) are yielded too.
func formatSymbols(code string) iter.Seq[rune] {
	return func(yield func(rune) bool) {
		inQuote, inBracket, escaped := false, false, false
		for _, r := range code {
			switch {
			case escaped:
				escaped = false
			case inQuote:
				inQuote = r != '"'
			case inBracket:
				inBracket = r != ']'
			case r == '\\' || r == '_' || r == '*':
				escaped = true
			case r == '"':
				inQuote = true
			case r == '[':
				inBracket = true
			default:
				if !yield(r) {
					return
				}
			}
		}
	}
}

// sheetScan is what one token pass over a sheet's XML found.
type sheetScan struct {
	// values holds each cell's value by row and column, as excelize's
	// Rows iterator with RawCellValue returns it: numbers and dates as
	// stored, shared and inline strings decoded, "" for an empty cell.
	values [][]string
	merges []cellRange
	flags  map[cellPos]cellFlag
	area   int // sum over rows of the last used column + 1: the grid's size
	// badText holds, per cell, the first control character or surrogate
	// of its text (dropped when read).
	badText map[cellPos]rune
	// formulas holds the formula text of formula cells (cut at
	// formulaShown bytes; empty for shared formulas), for messages.
	formulas map[cellPos]string
	// dimension is the sheet's recorded used range when it claims more
	// rows or cells than the limits allow (the content itself did not).
	dimension string
	// escapeCost is what decoding the cells' _xHHHH_ escapes costs.
	escapeCost int64
	// percents holds, per numeric cell shown as a percentage, the
	// decimals shown.
	percents map[cellPos]int
	// hiddenRows and hiddenCols are the rows and column ranges (0-based,
	// inclusive) hidden in the sheet: not printed, not read.
	hiddenRows map[int]bool
	hiddenCols [][2]int
}

// hidden reports whether the cell is in a hidden row or column.
func (sc *sheetScan) hidden(p cellPos) bool {
	if sc.hiddenRows[p.row] {
		return true
	}
	for _, r := range sc.hiddenCols {
		if p.col >= r[0] && p.col <= r[1] {
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
type limitError struct{ code, msg string }

func (e *limitError) Error() string { return e.code + ": " + e.msg }

// scanSheet streams the sheet part once. It returns an *xml.SyntaxError
// (wrapped) when the XML breaks off, a *limitError when the sheet is over a
// limit, and never reads more than the part's declared size.
func scanSheet(f *zip.File, in scanInput) (*sheetScan, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	sc := &sheetScan{flags: map[cellPos]cellFlag{},
		badText: map[cellPos]rune{}, formulas: map[cellPos]string{}, percents: map[cellPos]int{},
		hiddenRows: map[int]bool{}}
	row, col := -1, -1
	rowLast := -1 // last used column in the current row
	var (
		inCell, inV, inF, inIS, hasValue bool
		sawV                             bool // the cell has a <v>, maybe empty
		cellType                         string
		cellStyle                        int
		cellPosNow                       cellPos
		vText, fText                     strings.Builder
		inline                           stringText
		sawIS                            bool
		phonetic                         int
		dimension                        string
	)
	endRow := func() {
		if rowLast >= 0 {
			sc.area += rowLast + 1
		}
		rowLast = -1
	}
	// RawToken skips namespace translation, which cost a third of this
	// pass; the element stack below does the one check Token adds that
	// matters here: every end tag closes the element that is open.
	var open []xml.Name
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(open) > 0 {
				return sc, fmt.Errorf("sheet XML: element <%s> not closed: %w", open[len(open)-1].Local, errBadXML)
			}
			break
		}
		if err != nil {
			return sc, fmt.Errorf("sheet XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, t.Name)
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return sc, fmt.Errorf("sheet XML: unexpected end element </%s>: %w", t.Name.Local, errBadXML)
			}
			open = open[:len(open)-1]
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "dimension":
				dimension = attr(t, "ref")
			case "row":
				endRow()
				row++
				if v := attr(t, "r"); v != "" {
					n, err := strconv.Atoi(v)
					if err != nil || n < 1 || n > maxRowsXML {
						return sc, fmt.Errorf("sheet XML: row number %q: %w", v, errBadXML)
					}
					row = n - 1
				}
				if row >= in.maxRows {
					return sc, &limitError{CodeSheetTooManyRows, fmt.Sprintf("行数が上限（%d行）を超えています（%d行目があります）", in.maxRows, row+1)}
				}
				if isTrue(attr(t, "hidden")) || zeroHeight(attr(t, "ht")) {
					sc.hiddenRows[row] = true
				}
				col = -1
			case "c":
				inCell, hasValue = true, false
				col++
				if v := attr(t, "r"); v != "" {
					p, ok := parseRef(v)
					if !ok {
						return sc, fmt.Errorf("sheet XML: cell reference %q: %w", v, errBadXML)
					}
					col = p.col
					if row < 0 {
						row = p.row
					}
				}
				cellPosNow = cellPos{max(row, 0), col}
				cellType = attr(t, "t")
				cellStyle, _ = strconv.Atoi(attr(t, "s"))
				inline.reset()
				sawIS, sawV = false, false
				vText.Reset()
			case "f":
				if inCell {
					sc.flags[cellPosNow] |= flagFormula
					hasValue = true
					inF = true
					fText.Reset()
				}
			case "v":
				inV = inCell
				sawV = sawV || inCell
				vText.Reset()
			case "is":
				if inCell {
					hasValue = true
					inIS, sawIS = true, true
				}
			case "rPh":
				phonetic++
			case "col":
				// <cols><col min="6" max="6" hidden="1"/>: columns hidden
				// (or of zero width), often every column past the sheet.
				if isTrue(attr(t, "hidden")) || zeroHeight(attr(t, "width")) {
					lo, errLo := strconv.Atoi(attr(t, "min"))
					hi, errHi := strconv.Atoi(attr(t, "max"))
					if errLo == nil && errHi == nil && lo >= 1 && hi >= lo {
						sc.hiddenCols = append(sc.hiddenCols, [2]int{lo - 1, hi - 1})
					}
				}
			case "mergeCell":
				if r, ok := parseRange(attr(t, "ref")); ok {
					sc.merges = append(sc.merges, r)
				}
			}
		case xml.CharData:
			switch {
			case inV:
				vText.Write(t)
			case inF && fText.Len() < formulaShown:
				fText.Write(t[:min(len(t), formulaShown-fText.Len())])
			case inIS && phonetic == 0:
				inline.add(t)
				if inline.escapes > in.charsPerCell {
					return sc, &limitError{CodeCellTooLong, fmt.Sprintf("セル%sの文字列が、文字数の上限（%d文字）を超える数の特殊文字の符号（_x0001_ など）を含みます", cellPosNow.ref(), in.charsPerCell)}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
				if vText.Len() > 0 {
					hasValue = true
				}
			case "f":
				if inF {
					if s := strings.TrimSpace(fText.String()); s != "" {
						sc.formulas[cellPosNow] = s
					}
				}
				inF = false
			case "is":
				inIS = false
			case "rPh":
				phonetic = max(phonetic-1, 0)
			case "c":
				inCell = false
				if sawV && vText.Len() == 0 && cellType == "str" && sc.flags[cellPosNow]&flagFormula != 0 {
					// <c t="str"><v></v>: the formula's saved result is the
					// empty string (=IF(E13="","",…)). An untyped empty <v/>
					// is what a program that never calculated writes: that
					// stays a missing result.
					sc.flags[cellPosNow] |= flagFormulaBlank
				}
				if !hasValue {
					break
				}
				if cellType == "e" {
					sc.flags[cellPosNow] |= flagError
				}
				rowLast = max(rowLast, cellPosNow.col)
				numeric := cellType == "" || cellType == "n"
				switch {
				case cellType == "d" || numeric && cellStyle > 0 && in.formats.dates[cellStyle]:
					sc.flags[cellPosNow] |= flagDate
				case numeric:
					sc.flags[cellPosNow] |= flagNumber
					if d, ok := in.formats.percents[cellStyle]; ok && cellStyle > 0 {
						sc.percents[cellPosNow] = d
					}
				}
				text := inline.textInfo
				value := vText.String()
				switch {
				case cellType == "s":
					i, err := strconv.Atoi(strings.TrimSpace(value))
					value = ""
					if err == nil {
						value, text = in.strings.get(i)
					}
				case cellType == "inlineStr" && sawIS:
					value = inline.value()
				}
				if text.bad != 0 {
					sc.badText[cellPosNow] = text.bad
				}
				if sc.escapeCost += text.cost(); sc.escapeCost > escapeBudget {
					return sc, &limitError{CodeTextEscapes, "特殊文字の符号（_x0001_ など）を含む文字列が異常に多く、読み込みに時間がかかりすぎます"}
				}
				if sc.area+rowLast+1 > in.maxCells {
					return sc, &limitError{CodeSheetTooManyCells, fmt.Sprintf("セル数が上限（%d）を超えています", in.maxCells)}
				}
				if value != "" {
					sc.set(cellPosNow, value)
				}
			case "row":
				endRow()
			}
		}
	}
	endRow()
	if r, ok := parseRange(dimension); ok {
		rows, cols := int64(r.to.row)+1, int64(r.to.col)+1
		if rows > int64(in.maxRows) || rows*cols > int64(in.maxCells) {
			sc.dimension = dimension
		}
	}
	return sc, nil
}

// set stores a cell's value; a second value for the same cell replaces the
// first. The grid grows only to cells that hold a value, within the limits
// the scan has already checked.
func (sc *sheetScan) set(p cellPos, value string) {
	if p.row >= len(sc.values) {
		sc.values = slices.Grow(sc.values, p.row+1-len(sc.values))[:p.row+1]
	}
	row := sc.values[p.row]
	if p.col >= len(row) {
		row = slices.Grow(row, p.col+1-len(row))[:p.col+1]
		sc.values[p.row] = row
	}
	row[p.col] = value
}

// maxRowsXML is the largest row number Excel allows.
const maxRowsXML = maxRows

var errBadXML = errors.New("malformed sheet XML")

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
