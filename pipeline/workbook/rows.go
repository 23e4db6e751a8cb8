package workbook

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The data rows of a table (every row but the header) are not written with
// excelize's StreamWriter.SetRow, which costs most of the time of writing a
// large workbook (a strings.Builder, an escape pass and interface boxing per
// cell), but encoded here into the exact bytes SetRow would write, held per
// sheet in a rowBuffer, and spliced into the sheet part by orderedZip just
// before its </sheetData> when excelize saves the file. The header row still
// goes through SetRow, so excelize writes <sheetData> and everything before
// it, and everything after it at Flush.
//
// The encoder follows excelize v2.11.1 (stream.go: SetRow, writeCell,
// setCellValFunc; cell.go: setInlineStr, trimCellValue, setCellFloat,
// formatCellFloat; lib.go: bstrMarshal) for the cases the tables use: a
// Cell of a string, int, int64, float64 or nil value, without a formula, in
// a row without a row style, on a sheet without column styles. Anything
// else is an error, never different XML. TestRowEncoderMatchesStreamWriter
// compares the two byte for byte; an excelize upgrade must pass it.

// A rowSink takes the data rows of one sheet in order. height is the row
// height in points, 0 for the default.
type rowSink interface {
	writeRow(row int, cells []excelize.Cell, height float64) error
}

// rowStore holds the encoded rows of every table of one workbook until
// orderedZip splices them into the sheet parts.
type rowStore struct {
	f     *excelize.File
	parts map[string]*rowBuffer // by sheet part name

	// sink, when set (tests only), replaces the encoder for every table,
	// so that a test can write the rows through StreamWriter.SetRow.
	sink func(sw *excelize.StreamWriter) rowSink
}

func newRowStore(f *excelize.File) *rowStore {
	return &rowStore{f: f, parts: make(map[string]*rowBuffer)}
}

// open starts the rows of sheet of the store's file.
func (s *rowStore) open(sheet string) (*rowBuffer, error) {
	part, err := sheetPart(s.f, sheet)
	if err != nil {
		return nil, err
	}
	return s.openPart(sheet, part)
}

// openPart starts the rows of sheet, whose worksheet part is part.
func (s *rowStore) openPart(sheet, part string) (*rowBuffer, error) {
	if _, dup := s.parts[part]; dup {
		return nil, fmt.Errorf("rows of part %s started twice", part)
	}
	b := &rowBuffer{sheet: sheet, part: part}
	s.parts[part] = b
	return b, nil
}

// close removes the temporary files of rows not spliced (a failed write).
func (s *rowStore) close() {
	for _, b := range s.parts {
		b.release()
	}
}

// sheetPart is the worksheet part of sheet. excelize stores a sheet made by
// NewFile or NewSheet as xl/worksheets/sheet<sheetId>.xml; orderedZip checks
// against the saved workbook relationships that each part it splices rows
// into is the sheet's (checkSplices), so a change of that rule fails the
// write instead of putting rows into the wrong sheet.
func sheetPart(f *excelize.File, sheet string) (string, error) {
	for id, name := range f.GetSheetMap() {
		if name == sheet {
			return "xl/worksheets/sheet" + strconv.Itoa(id) + ".xml", nil
		}
	}
	return "", fmt.Errorf("no sheet %q", sheet)
}

// rowMemory is how much encoded XML a rowBuffer keeps in memory before it
// moves it to a temporary file: excelize's StreamWriter does the same at
// the same size, and the データ sheet of 10,000 sheets is hundreds of MB.
const rowMemory = excelize.StreamChunkSize

// rowChunk is the size of the pieces a rowBuffer holds its rows in: one
// growing slice would copy everything it holds each time it doubles, which
// costs as much as encoding the rows.
const rowChunk = 1 << 20

// A rowBuffer is the encoded data rows of one sheet: the latest in memory
// as a list of chunks, earlier ones in a temporary file.
type rowBuffer struct {
	sheet, part string
	chunks      [][]byte // full chunks, then the one being filled
	held        int      // bytes in chunks
	free        [][]byte // chunks emptied by spill, for reuse
	tmp         *os.File
	spliced     bool
	inMemory    bool // no temporary file could be made: keep every row in memory

	enc rowEncoder
}

// writeRow encodes one row; it implements rowSink.
func (b *rowBuffer) writeRow(row int, cells []excelize.Cell, height float64) error {
	n := len(b.chunks)
	if n == 0 || len(b.chunks[n-1]) >= rowChunk {
		var c []byte
		switch k := len(b.free); {
		case k > 0:
			c, b.free = b.free[k-1][:0], b.free[:k-1]
		case n == 0:
			// Most tables are small: the first chunk starts small and
			// grows by append up to rowChunk.
			c = make([]byte, 0, 64<<10)
		default:
			c = make([]byte, 0, rowChunk+rowChunk/8)
		}
		b.chunks = append(b.chunks, c)
		n++
	}
	last := b.chunks[n-1]
	before := len(last)
	last, err := b.enc.appendRow(last, row, cells, height)
	b.chunks[n-1] = last
	b.held += len(last) - before
	if err != nil || b.held < rowMemory {
		return err
	}
	return b.spill()
}

// spill moves the rows held in memory to the temporary file. As
// excelize's StreamWriter does, the rows stay in memory when no temporary
// file can be made: the workbook is still right, only larger in memory.
func (b *rowBuffer) spill() error {
	if b.inMemory {
		return nil
	}
	if b.tmp == nil {
		tmp, err := os.CreateTemp("", "planreport-rows-")
		if err != nil {
			b.inMemory = true // once, not again for every later row
			return nil
		}
		b.tmp = tmp
	}
	for _, c := range b.chunks {
		if _, err := b.tmp.Write(c); err != nil {
			return fmt.Errorf("rows of %s: %w", b.part, err)
		}
	}
	b.free = append(b.free, b.chunks...)
	b.chunks, b.held = b.chunks[:0], 0
	return nil
}

// writeTo writes the rows to w and releases them.
func (b *rowBuffer) writeTo(w io.Writer) error {
	defer b.release()
	if b.tmp != nil {
		// A SectionReader hides File.WriteTo, which would copy in 32 KB
		// pieces through a generic path; the buffer makes fewer, larger
		// writes into the deflater (the bytes are the same either way).
		buf := make([]byte, rowChunk)
		if _, err := io.CopyBuffer(w, io.NewSectionReader(b.tmp, 0, math.MaxInt64), buf); err != nil {
			return err
		}
	}
	for _, c := range b.chunks {
		if _, err := w.Write(c); err != nil {
			return err
		}
	}
	return nil
}

// release drops the rows and removes the temporary file.
func (b *rowBuffer) release() {
	b.chunks, b.free, b.held = nil, nil, 0
	if b.tmp != nil {
		name := b.tmp.Name()
		b.tmp.Close()
		os.Remove(name)
		b.tmp = nil
	}
}

// rowEncoder appends rows as excelize's StreamWriter.SetRow writes them.
type rowEncoder struct {
	cols    []string // column names by 0-based index, as far as used
	rowNum  []byte   // the row number of the row being encoded, as text
	scratch []byte
}

// appendRow appends <row r="row">…</row> for cells starting at column A,
// with height (points, 0: default) as RowOpts{Height: height} gives it.
func (e *rowEncoder) appendRow(dst []byte, row int, cells []excelize.Cell, height float64) ([]byte, error) {
	if height > excelize.MaxRowHeight {
		return dst, excelize.ErrMaxRowHeight
	}
	if row < 1 || row > excelize.TotalRows {
		return dst, fmt.Errorf("row %d out of range", row)
	}
	if len(cells) > excelize.MaxColumns {
		return dst, excelize.ErrColumnNumber
	}
	for len(e.cols) < len(cells) {
		name, err := excelize.ColumnNumberToName(len(e.cols) + 1)
		if err != nil {
			return dst, err
		}
		e.cols = append(e.cols, name)
	}
	e.rowNum = strconv.AppendInt(e.rowNum[:0], int64(row), 10)
	start := len(dst)
	dst = append(dst, `<row r="`...)
	dst = append(dst, e.rowNum...)
	dst = append(dst, '"')
	if height > 0 {
		dst = append(dst, ` ht="`...)
		dst = strconv.AppendFloat(dst, height, 'f', -1, 64)
		dst = append(dst, `" customHeight="1"`...)
	}
	dst = append(dst, '>')
	for i := range cells {
		var err error
		if dst, err = e.appendCell(dst, e.cols[i], &cells[i]); err != nil {
			// Nothing of a failed row is kept.
			return dst[:start], fmt.Errorf("%s%d: %w", e.cols[i], row, err)
		}
	}
	return append(dst, `</row>`...), nil
}

// errFormula: a formula cell would be written as t="str" with the value in
// <v>; no table writes one (cells.go), so it is refused rather than
// encoded untested.
var errFormula = errors.New("formula cells are not supported by the row encoder")

// appendCell appends one <c> element of the row appendRow is encoding. As
// SetRow does with a *Cell, a cell whose value is nil is still written,
// empty, to carry its style.
func (e *rowEncoder) appendCell(dst []byte, col string, c *excelize.Cell) ([]byte, error) {
	if c.Formula != "" {
		return dst, errFormula
	}
	// A value of another type is an error; appendRow drops the row begun.
	dst = append(dst, `<c r="`...)
	dst = append(dst, col...)
	dst = append(dst, e.rowNum...)
	dst = append(dst, '"')
	// Without row or column styles SetRow's style is the cell's when
	// positive, else none.
	if c.StyleID > 0 {
		dst = append(dst, ` s="`...)
		dst = strconv.AppendInt(dst, int64(c.StyleID), 10)
		dst = append(dst, '"')
	}
	switch v := c.Value.(type) {
	case nil:
		dst = append(dst, '>')
	case string:
		dst = e.appendInlineStr(dst, v)
	case int:
		dst = append(dst, `><v>`...)
		dst = strconv.AppendInt(dst, int64(v), 10)
		dst = append(dst, `</v>`...)
	case int64:
		dst = append(dst, `><v>`...)
		dst = strconv.AppendInt(dst, v, 10)
		dst = append(dst, `</v>`...)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			// As text: NaN, +Inf, -Inf (fmt.Sprint).
			dst = e.appendInlineStr(dst, fmt.Sprint(v))
			break
		}
		e.scratch = appendCellFloat(e.scratch[:0], v)
		dst = append(dst, `><v>`...)
		dst = append(dst, e.scratch...) // digits, '-' and '.': nothing to escape
		dst = append(dst, `</v>`...)
	default:
		return dst, fmt.Errorf("cell value of type %T is not supported by the row encoder", c.Value)
	}
	return append(dst, `</c>`...), nil
}

// appendInlineStr appends the type attribute and the inline string of a
// string cell, from the end of the start tag's attributes, as
// setInlineStr and trimCellValue make it: cut to Excel's limit of UTF-16
// units, space preserved when the text starts or ends with white space,
// escaped as xml.EscapeText escapes except that a newline stays a newline,
// and _xHHHH_ sequences escaped with _x005F_.
func (e *rowEncoder) appendInlineStr(dst []byte, s string) []byte {
	// A string of at most TotalCellChars bytes has at most as many UTF-16
	// units, so only longer ones need counting.
	if len(s) > excelize.TotalCellChars {
		s = truncateUTF16(s, excelize.TotalCellChars)
	}
	dst = append(dst, ` t="inlineStr"><is><t`...)
	if s != "" && (isXMLSpace(s[0]) || isXMLSpace(s[len(s)-1])) {
		dst = append(dst, ` xml:space="preserve"`...)
	}
	dst = append(dst, '>')
	if strings.Contains(s, "_x") {
		// Escaping neither makes nor breaks a _x sequence, so the rare
		// text that has one is escaped apart and run through bstrMarshal.
		e.scratch = appendEscaped(e.scratch[:0], s)
		dst = append(dst, bstrMarshal(string(e.scratch))...)
	} else {
		dst = appendEscaped(dst, s)
	}
	return append(dst, `</t></is>`...)
}

func isXMLSpace(b byte) bool { return b == '\t' || b == '\n' || b == '\r' || b == ' ' }

// truncateUTF16 cuts s after limit UTF-16 units, as excelize's
// truncateUTF16Units does when countUTF16String exceeds the limit.
func truncateUTF16(s string, limit int) string {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > limit {
			return s[:i]
		}
	}
	return s
}

// appendEscaped appends s escaped as encoding/xml.EscapeText escapes it
// (invalid UTF-8 and characters XML cannot hold become U+FFFD), except
// that a newline is kept as is: trimCellValue turns EscapeText's &#xA;
// back into a newline.
func appendEscaped(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			var esc string
			switch b {
			case '"':
				esc = "&#34;"
			case '\'':
				esc = "&#39;"
			case '&':
				esc = "&amp;"
			case '<':
				esc = "&lt;"
			case '>':
				esc = "&gt;"
			case '\t':
				esc = "&#x9;"
			case '\r':
				esc = "&#xD;"
			case '\n':
				i++
				continue
			default:
				if b >= 0x20 {
					i++
					continue
				}
				esc = "\uFFFD"
			}
			dst = append(dst, s[last:i]...)
			dst = append(dst, esc...)
			i++
			last = i
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && width == 1) || !inXMLCharRange(r) {
			dst = append(dst, s[last:i]...)
			dst = append(dst, "\uFFFD"...)
			i += width
			last = i
			continue
		}
		i += width
	}
	return append(dst, s[last:]...)
}

// inXMLCharRange is encoding/xml's isInCharacterRange.
func inXMLCharRange(r rune) bool {
	return r == 0x09 ||
		r == 0x0A ||
		r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// appendCellFloat appends v (finite) as excelize's formatCellFloat(v, -1,
// 64) formats it: the shortest decimal text, cut to Excel's 15 significant
// digits (later digits dropped after the point, zeroed before it).
func appendCellFloat(dst []byte, v float64) []byte {
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', -1, 64)
	if math.Abs(v) == math.MaxFloat64 {
		return dst
	}
	const maxPrec = 15
	str := dst[start:]
	decimal := -1
	for i, c := range str {
		if c == '.' {
			decimal = i
			break
		}
	}
	significant := 0
	for idx, c := range str {
		if c < '0' || c > '9' || significant == 0 && c == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			str = str[:idx]
			if str[len(str)-1] == '.' {
				str = str[:len(str)-1]
			}
			return dst[:start+len(str)]
		}
		if decimal < 0 {
			decimal = len(str)
		}
		for ; idx < decimal; idx++ {
			str[idx] = '0'
		}
		return dst[:start+decimal]
	}
	return dst
}

// bstrExp and bstrEscapeExp are excelize's (lib.go).
var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal is excelize's bstrMarshal (lib.go, v2.11.1; BSD-3-Clause,
// The excelize Authors) with its output built in a strings.Builder instead
// of by concatenation, which is quadratic in the number of sequences. It
// escapes the _xHHHH_ sequences of a string cell; its quirks must be kept
// for the bytes to be the same.
func bstrMarshal(s string) string {
	var result strings.Builder
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result.WriteString(s[cursor:match[0]])
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result.WriteString(subStr + "x005F" + subStr)
					continue
				}
			}
			result.WriteString(subStr + "x005F_")
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result.WriteString("_x005F" + subStr)
				continue
			}
		}
	}
	if cursor < l {
		result.WriteString(s[cursor:])
	}
	return result.String()
}
