package workbook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
)

// streamSink writes rows the way the tables wrote them before the row
// encoder existed: StreamWriter.SetRow with a *Cell per cell and RowOpts
// only for a row taller than the default.
type streamSink struct {
	sw     *excelize.StreamWriter
	values []any
}

func newStreamSink(sw *excelize.StreamWriter) rowSink { return &streamSink{sw: sw} }

func (s *streamSink) writeRow(row int, cells []excelize.Cell, height float64) error {
	s.values = s.values[:0]
	for i := range cells {
		s.values = append(s.values, &cells[i])
	}
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	return s.sw.SetRow("A"+strconv.Itoa(row), s.values, opts...)
}

type testRow struct {
	cells  []excelize.Cell
	height float64
}

// trickyStrings are texts the encoder must write exactly as excelize does.
var trickyStrings = []string{
	"", "a", "取組項目", "行財政運営プラン 取組管理シート", "ｶﾀｶﾅ and ＡＢＣ１２３",
	"a & b < c > d \"quoted\" 'apostrophe'", "&amp; &lt; &#xA; &#10;", "a\n&#xA;b", "]]>", "&",
	" leading", "trailing ", "\tleading tab", "trailing tab\t", "\nleading newline", "trailing newline\n",
	"\rleading CR", "trailing CR\r", "mid\nline", "mid\r\nCRLF", "a\rb", "a\tb", " ", "\n", "\t", "\r", "  both  ",
	"\x00\x01\x02\x1f", "\x0b\x0c", "\x7f DEL", "bell\a", "\x01leading control", "trailing control\x1f",
	"\xff\xfe invalid", "abc\xc3", "\xe3\x81", "\ufffd valid replacement", "\ufffe\uffff", "\U0010FFFF", "\u2028\u2029",
	"_x0041_", "a_x0041_b", "_x005F_", "_x005F_x0041_", "_x005f_x0041_", "_x005F_xD800_", "_x005F_xZZZZ_", "_x005F_x00",
	"_xD800_", "_xd7ff_", "_xZZZZ_", "_x", "x_x_x_", "_x0041", "_x0041__x0042_", "_x005F__x005F_", "&_x0026_<",
	"😀", "👍🏽 emoji 🇯🇵", "漢字とかなと😀の混在\n二行目", "=SUM(A1:A3)", "@SUM(A1)", "+1", "-1+2",
	strings.Repeat("長", 40000),
	strings.Repeat("😀", 20000),
	strings.Repeat("a", excelize.TotalCellChars),
	strings.Repeat("a", excelize.TotalCellChars+1),
	strings.Repeat("a", excelize.TotalCellChars-1) + "😀",
	strings.Repeat("x", excelize.TotalCellChars) + " ",
	" " + strings.Repeat("b", 40000) + " ",
	strings.Repeat("&<>\"'\t\n", 6000),
	strings.Repeat("_x0041_", 1000),
}

var trickyNumbers = []any{
	0, 1, -1, 42, math.MaxInt, math.MinInt,
	int64(0), int64(-7), int64(math.MaxInt64), int64(math.MinInt64),
	0.0, math.Copysign(0, -1), 0.1, 0.2 + 0.1, 1.0 / 3, 2.0 / 3 * 1e10, 42.0, 100.0, 116.66666666666667,
	1e21, 1e-7, 1e15, 1e16, 123456789012345678.0, 1234567890.123456789, 9007199254740993.0, -98765.4321,
	1e308, -1e-300, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 5e-324, 123456789012345.678,
	0.000123456789012345678, 999999999999999.9, 9999999999999999.0,
	math.NaN(), math.Inf(1), math.Inf(-1),
}

// trickyRows mixes the values above with styles, nil cells (in the
// middle, at the start and at the end) and row heights.
func trickyRows() []testRow {
	var rows []testRow
	styles := []int{0, 1, 7, 23, -1}
	heights := []float64{0, 0, 15, 30, 18.75, 409}
	for i, s := range trickyStrings {
		rows = append(rows, testRow{cells: []excelize.Cell{
			{StyleID: styles[i%len(styles)], Value: s},
			{StyleID: styles[(i+1)%len(styles)]},
			{Value: trickyNumbers[i%len(trickyNumbers)]},
			{StyleID: 3, Value: s},
			{},
		}, height: heights[i%len(heights)]})
	}
	for i, n := range trickyNumbers {
		rows = append(rows, testRow{cells: []excelize.Cell{{}, {StyleID: styles[i%len(styles)], Value: n}, {Value: strconv.Itoa(i)}}})
	}
	rows = append(rows, testRow{}, testRow{cells: []excelize.Cell{{}}, height: 45})

	// Random rows built from pieces of the above, for combinations no one
	// thought of; seeded, so the test is the same every time.
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", " ", "\t", "\n", "\r", "&", "<", ">", "\"", "'", "_x", "0041_", "_x005F_", "\x01", "\xff", "取", "😀", "\ufffd", "\ufffe", "x", "F_"}
	for range 2000 {
		cells := make([]excelize.Cell, r.IntN(12))
		for i := range cells {
			switch r.IntN(5) {
			case 0:
			case 1:
				cells[i].Value = trickyNumbers[r.IntN(len(trickyNumbers))]
			case 2:
				cells[i].Value = (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(40)-20))
			default:
				var sb strings.Builder
				for range r.IntN(8) {
					sb.WriteString(pieces[r.IntN(len(pieces))])
				}
				cells[i].Value = sb.String()
			}
			cells[i].StyleID = r.IntN(4)
		}
		rows = append(rows, testRow{cells: cells, height: float64(r.IntN(3)) * 15})
	}
	return rows
}

// sheetDataOf returns what is between <sheetData> and </sheetData> of the
// first sheet of an xlsx file.
func sheetDataOf(t *testing.T, data []byte) string {
	t.Helper()
	sheet := zipPart(t, data, "xl/worksheets/sheet1.xml")
	_, after, ok := strings.Cut(sheet, "<sheetData>")
	rowsXML, _, ok2 := strings.Cut(after, "</sheetData>")
	if !ok || !ok2 {
		t.Fatalf("no sheetData in %.200s", sheet)
	}
	return rowsXML
}

// streamWriterXML writes rows (from row 2) through StreamWriter.SetRow and
// returns the XML of the rows excelize wrote.
func streamWriterXML(t *testing.T, rows []testRow) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sink := newStreamSink(sw)
	for i, r := range rows {
		if err := sink.writeRow(i+2, r.cells, r.height); err != nil {
			t.Fatalf("SetRow %d: %v", i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return sheetDataOf(t, buf.Bytes())
}

func TestRowEncoderMatchesStreamWriter(t *testing.T) {
	rows := trickyRows()
	want := streamWriterXML(t, rows)

	var enc rowEncoder
	var got []byte
	for i, r := range rows {
		var err error
		if got, err = enc.appendRow(got, i+2, r.cells, r.height); err != nil {
			t.Fatalf("row %d: %v", i+2, err)
		}
	}
	if string(got) == want {
		return
	}
	// Name the first row that differs.
	wantRows := strings.SplitAfter(want, "</row>")
	gotRows := strings.SplitAfter(string(got), "</row>")
	for i := range min(len(wantRows), len(gotRows)) {
		if wantRows[i] != gotRows[i] {
			t.Fatalf("row %d differs:\n got %.600q\nwant %.600q", i+2, gotRows[i], wantRows[i])
		}
	}
	t.Fatalf("encoder wrote %d rows (%d bytes), StreamWriter %d rows (%d bytes)", len(gotRows), len(got), len(wantRows), len(want))
}

// TestRowEncoderRefuses: what the tables never write is an error, never
// XML that might differ from excelize's.
func TestRowEncoderRefuses(t *testing.T) {
	for _, c := range []excelize.Cell{
		{Formula: "SUM(A1:A2)"},
		{Value: true},
		{Value: float32(1.5)},
		{Value: uint(3)},
		{Value: int32(3)},
		{Value: []byte("x")},
		{Value: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)},
		{Value: time.Second},
		{Value: []excelize.RichTextRun{{Text: "x"}}},
		{Value: model.Decimal("1")},
		{Value: &excelize.Cell{Value: "x"}},
	} {
		var enc rowEncoder
		dst := []byte("<row r=\"1\"></row>")
		got, err := enc.appendRow(dst, 2, []excelize.Cell{{Value: "ok"}, c}, 0)
		if err == nil {
			t.Errorf("cell %#v: no error", c)
		}
		if string(got) != string(dst) {
			t.Errorf("cell %#v: a failed row left %q", c, got[len(dst):])
		}
	}
	var enc rowEncoder
	if _, err := enc.appendRow(nil, 2, nil, excelize.MaxRowHeight+1); !errors.Is(err, excelize.ErrMaxRowHeight) {
		t.Errorf("row too high: %v", err)
	}
	if _, err := enc.appendRow(nil, 2, make([]excelize.Cell, excelize.MaxColumns+1), 0); err == nil {
		t.Error("too many columns: no error")
	}
}

// trickyBatch is a batch whose texts (departments, titles, indicator
// names, units, findings, file names) are the tricky strings, so that every
// table writes them, some in wrapped cells (row heights).
func trickyBatch() *model.Batch {
	b := bigBatch(len(trickyStrings), 2, 3)
	for i, in := range b.Initiatives {
		s := trickyStrings[i]
		in.Title = s
		in.Section = trickyStrings[(i+7)%len(trickyStrings)]
		for k := range in.Indicators {
			in.Indicators[k].Name = trickyStrings[(i+k+13)%len(trickyStrings)] + strconv.Itoa(k)
			in.Indicators[k].Unit = trickyStrings[(i+k+29)%len(trickyStrings)]
		}
	}
	for i := range b.Findings {
		b.Findings[i].Message = trickyStrings[i%len(trickyStrings)]
	}
	b.Files = append(b.Files, model.InputFile{Name: "a&b <c>.xlsx", Status: model.FileRejected, Size: math.MaxInt64, SHA256: " \t_x0041_\n"})
	return b
}

// TestWriteMatchesStreamWriter writes whole workbooks with the data rows
// spliced in (those of データ and 指標一覧 encoded as they are made) and
// with the rows kept as cells and written by StreamWriter.SetRow (the way
// summary.xlsx was written before) and wants the same bytes.
func TestWriteMatchesStreamWriter(t *testing.T) {
	for _, c := range []struct {
		name string
		b    *model.Batch
	}{
		{"tricky", trickyBatch()},
		{"test batch", testBatch()},
		{"big", bigBatch(400, 5, 5)},
		{"empty", &model.Batch{ReportDate: "2025-04-01"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var spliced, streamed bytes.Buffer
			if err := Write(context.Background(), &spliced, c.b, Options{Title: "R&D <報告>"}); err != nil {
				t.Fatal(err)
			}
			if err := Write(context.Background(), &streamed, c.b, Options{Title: "R&D <報告>", rowSink: newStreamSink}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(spliced.Bytes(), streamed.Bytes()) {
				for id := 1; id <= len(sheetOrder); id++ {
					part := "xl/worksheets/sheet" + strconv.Itoa(id) + ".xml"
					if a, b := zipPart(t, spliced.Bytes(), part), zipPart(t, streamed.Bytes(), part); a != b {
						t.Errorf("%s differs (%d bytes spliced, %d streamed)", part, len(a), len(b))
					}
				}
				t.Fatalf("spliced rows give %d bytes, StreamWriter rows %d bytes, not the same", spliced.Len(), streamed.Len())
			}
		})
	}
}

// TestSplicedWorkbookReadsBack reads a workbook with spliced rows back with
// excelize: each text in its sheet and cell as it was given (cut to Excel's
// limit, invalid characters replaced), numbers as numbers. Texts with an
// _xHHHH_ sequence are left out: excelize does not read all of them back
// as it was given them (_x005F_xD800_ reads _x005F), spliced or not, and
// TestWriteMatchesStreamWriter has them.
func TestSplicedWorkbookReadsBack(t *testing.T) {
	b := trickyBatch()
	for _, in := range b.Initiatives {
		if strings.Contains(in.Title, "_x") {
			in.Title = "取組 " + strings.ReplaceAll(in.Title, "_x", "_ x")
		}
		for k := range in.Indicators {
			in.Indicators[k].Name = strings.ReplaceAll(in.Indicators[k].Name, "_x", "_ x")
		}
	}
	for i := range b.Findings {
		b.Findings[i].Message = strings.ReplaceAll(b.Findings[i].Message, "_x", "_ x")
	}
	b.Files[len(b.Files)-1].SHA256 = " \t_ x0041_\n"
	f := open(t, write(t, b))
	want := func(s string) string {
		s = truncateUTF16(s, excelize.TotalCellChars)
		return string(appendEscapedForRead(s))
	}
	init := rows(t, f, "取組一覧")
	data := rows(t, f, "データ")
	find := rows(t, f, "検証結果")
	files := rows(t, f, "入力ファイル")
	v := newView(b)
	for i, in := range v.initiatives {
		if got := cell(init, i+1, 2); got != want(in.Title) {
			t.Fatalf("取組一覧 row %d title %.80q, want %.80q", i+2, got, want(in.Title))
		}
	}
	// データ: the first row of each initiative (2 indicators × 3 years).
	for i, in := range v.initiatives {
		r := 1 + i*6
		if got := cell(data, r, 4); got != want(in.Title) {
			t.Fatalf("データ row %d title %.80q, want %.80q", r+1, got, want(in.Title))
		}
		if got := cell(data, r, 7); got != want(in.Indicators[0].Name) {
			t.Fatalf("データ row %d indicator %.80q, want %.80q", r+1, got, want(in.Indicators[0].Name))
		}
		if got := cell(data, r, 3); got != strconv.Itoa(in.Number) {
			t.Fatalf("データ row %d initiative number %q, want %d", r+1, got, in.Number)
		}
	}
	if got, want := cellKind(t, f, "データ", "D2"), "number"; got != want {
		t.Errorf("データ!D2 is %s, want %s", got, want)
	}
	if got := cellKind(t, f, "データ", "H2"); got != "text" {
		t.Errorf("データ!H2 is %s, want text", got)
	}
	for i, fd := range v.findings {
		if got := cell(find, i+1, 5); got != want(fd.Message) {
			t.Fatalf("検証結果 row %d message %.80q, want %.80q", i+2, got, want(fd.Message))
		}
	}
	// The odd file sorts first (ASCII before kanji).
	wantFile := []string{"a&b <c>.xlsx", "不受理", "rejected", strconv.FormatInt(math.MaxInt64, 10), "0", "0", "0", " \t_ x0041_\n"}
	if got := files[1]; !slices.Equal(got, wantFile) {
		t.Errorf("入力ファイル row 2 %q, want %q", got, wantFile)
	}
}

// appendEscapedForRead is what a reader gets back from appendEscaped: the
// characters XML cannot hold are U+FFFD, everything else as given.
func appendEscapedForRead(s string) []byte {
	var out []byte
	for _, r := range s {
		if !inXMLCharRange(r) {
			r = '\ufffd'
		}
		out = fmt.Appendf(out, "%c", r)
	}
	return out
}

func cell(rows [][]string, r, c int) string {
	if r >= len(rows) || c >= len(rows[r]) {
		return ""
	}
	return rows[r][c]
}

// TestSheetParts builds a file whose sheet IDs are not in sheet order (one
// deleted, one renamed, one added after), splices rows into its sheets and
// reads every value back from the sheet it was written for.
func TestSheetParts(t *testing.T) {
	build := func(swap bool) (*excelize.File, *rowStore) {
		f := excelize.NewFile()
		for _, name := range []string{"二", "三", "四"} {
			if _, err := f.NewSheet(name); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.DeleteSheet("Sheet1"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.NewSheet("一"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetName("三", "参"); err != nil {
			t.Fatal(err)
		}
		store := newRowStore(f)
		sheets := f.GetSheetList()
		for k, sheet := range sheets {
			sw, err := f.NewStreamWriter(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if err := sw.SetRow("A1", []any{"見出し " + sheet}); err != nil {
				t.Fatal(err)
			}
			part, err := sheetPart(f, sheet)
			if err != nil {
				t.Fatal(err)
			}
			if swap {
				other, _ := sheetPart(f, sheets[(k+1)%len(sheets)])
				part = other
			}
			rows, err := store.openPart(sheet, part)
			if err != nil {
				t.Fatal(err)
			}
			for r := 2; r <= 4; r++ {
				if err := rows.writeRow(r, []excelize.Cell{{Value: sheet}, {Value: r}}, 0); err != nil {
					t.Fatal(err)
				}
			}
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
		}
		f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
			z := newOrderedZip(w, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC))
			z.rows = store
			return z
		})
		return f, store
	}

	f, store := build(false)
	defer f.Close()
	defer store.close()
	if m := f.GetSheetMap(); m[5] != "一" || m[3] != "参" {
		t.Fatalf("sheet IDs %v: the test wants 一 to be sheet 5 and 参 sheet 3", m)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	back := open(t, buf.Bytes())
	for _, sheet := range []string{"二", "参", "四", "一"} {
		got := rows(t, back, sheet)
		if len(got) != 4 || cell(got, 0, 0) != "見出し "+sheet {
			t.Fatalf("%s: rows %q", sheet, got)
		}
		for r := 1; r < 4; r++ {
			if cell(got, r, 0) != sheet || cell(got, r, 1) != strconv.Itoa(r+1) {
				t.Errorf("%s row %d: %q", sheet, r+1, got[r])
			}
		}
	}

	// Rows put into another sheet's part are caught when the archive is
	// closed, by the workbook's relationships.
	f2, store2 := build(true)
	defer f2.Close()
	defer store2.close()
	if _, err := f2.WriteToBuffer(); err == nil || !strings.Contains(err.Error(), "the workbook's part of the sheet is") {
		t.Errorf("rows in the wrong sheet part: %v", err)
	}
}

// TestSplicer writes a sheet part in pieces split at every point, so that
// </sheetData> is cut between writes in every way, and byte by byte.
func TestSplicer(t *testing.T) {
	const part = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lt;/sheetData&gt;</t></is></c></row></sheetData><x>&lt;/sheetData</x></worksheet>`
	rowsXML := `<row r="2"><c r="A2"><v>1</v></c></row>`
	want := strings.Replace(part, "</sheetData>", rowsXML+"</sheetData>", 1)
	splice := func(pieces ...string) string {
		var out bytes.Buffer
		s := &splicer{w: &out, rows: &rowBuffer{chunks: [][]byte{[]byte(rowsXML)}}}
		for _, p := range pieces {
			if n, err := s.Write([]byte(p)); n != len(p) || err != nil {
				t.Fatalf("Write: %d, %v", n, err)
			}
		}
		if !s.rows.spliced {
			t.Fatal("not spliced")
		}
		return out.String()
	}
	for i := 0; i <= len(part); i++ {
		for _, j := range []int{i, min(i+5, len(part)), min(i+11, len(part)), len(part)} {
			if got := splice(part[:i], part[i:j], part[j:]); got != want {
				t.Fatalf("split at %d, %d:\n got %s\nwant %s", i, j, got, want)
			}
		}
	}
	var pieces []string
	for i := range len(part) {
		pieces = append(pieces, part[i:i+1])
	}
	if got := splice(pieces...); got != want {
		t.Fatalf("byte by byte:\n got %s\nwant %s", got, want)
	}

	// A part without </sheetData> fails the archive.
	var buf bytes.Buffer
	store := newRowStore(nil)
	rows, _ := store.openPart("S", "xl/worksheets/sheet1.xml")
	rows.chunks = [][]byte{[]byte(rowsXML)}
	z := newOrderedZip(&buf, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC))
	z.rows = store
	w, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "<worksheet><sheetData/></worksheet>")
	if err := z.Close(); err == nil || !strings.Contains(err.Error(), "no </sheetData>") {
		t.Errorf("part without </sheetData>: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("a failed archive wrote %d bytes", buf.Len())
	}
}

// TestRowBufferSpills writes more than a chunk of rows: the rows leave
// memory for a temporary file, come back whole and in order when spliced,
// and the file is removed.
func TestRowBufferSpills(t *testing.T) {
	b := &rowBuffer{sheet: "S", part: "p"}
	var enc rowEncoder
	var want []byte
	text := strings.Repeat("長い文字列 & <text> ", 40)
	row := 2
	for b.tmp == nil || len(want) < rowMemory*2+rowMemory/2 {
		cells := []excelize.Cell{{Value: text + strconv.Itoa(row)}, {StyleID: 2, Value: row}}
		if err := b.writeRow(row, cells, 0); err != nil {
			t.Fatal(err)
		}
		var err error
		if want, err = enc.appendRow(want, row, cells, 0); err != nil {
			t.Fatal(err)
		}
		row++
		if b.held >= rowMemory {
			t.Fatalf("%d bytes in memory after a row, want less than %d", b.held, rowMemory)
		}
	}
	name := b.tmp.Name()
	var got bytes.Buffer
	if err := b.writeTo(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("spilled rows: %d bytes back, want %d", got.Len(), len(want))
	}
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file %s left: %v", name, err)
	}
	if b.chunks != nil || b.tmp != nil {
		t.Error("rows not released after splicing")
	}
}

// Without a place for a temporary file the rows stay in memory, whole, and
// making the file is not tried again for every later row.
func TestRowBufferWithoutTempDir(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	b := &rowBuffer{sheet: "S", part: "p"}
	var enc rowEncoder
	var want []byte
	cell := strings.Repeat("x", 1<<16)
	for row := 2; len(want) < rowMemory*2; row++ {
		cells := []excelize.Cell{{Value: cell}}
		if err := b.writeRow(row, cells, 0); err != nil {
			t.Fatal(err)
		}
		var err error
		if want, err = enc.appendRow(want, row, cells, 0); err != nil {
			t.Fatal(err)
		}
	}
	if b.tmp != nil || !b.inMemory {
		t.Fatalf("temporary file %v, in memory %v: want none, true", b.tmp, b.inMemory)
	}
	var got bytes.Buffer
	if err := b.writeTo(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("rows kept in memory: %d bytes back, want %d", got.Len(), len(want))
	}
}

// TestRowsReleasedOnFailure: a write that fails leaves no temporary file.
func TestRowsReleasedOnFailure(t *testing.T) {
	store := newRowStore(nil)
	b, _ := store.openPart("S", "p")
	for row := 2; b.tmp == nil; row++ {
		if err := b.writeRow(row, []excelize.Cell{{Value: strings.Repeat("x", 1<<16)}}, 0); err != nil {
			t.Fatal(err)
		}
	}
	name := b.tmp.Name()
	store.close()
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file %s left: %v", name, err)
	}
}

// BenchmarkRows writes the data rows of データ for 10,000 indicator-years
// (as BenchmarkWrite) through the row encoder and through
// StreamWriter.SetRow, the part of Write the encoder replaced.
func BenchmarkRows(b *testing.B) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		b.Fatal(err)
	}
	v := newView(bigBatch(400, 5, 5))
	v.rows = &rowStore{sink: newStreamSink} // rows kept as cells, to write them both ways below
	t, err := dataTable(context.Background(), v, st)
	if err != nil || len(t.rows) == 0 {
		b.Fatalf("データ: %d rows held (%v)", len(t.rows), err)
	}
	cells := 0
	for _, r := range t.rows {
		cells += len(r.cells)
	}
	run := func(b *testing.B, sink func() (rowSink, func())) {
		for b.Loop() {
			s, done := sink()
			for i, r := range t.rows {
				if err := s.writeRow(i+2, r.cells, 0); err != nil {
					b.Fatal(err)
				}
			}
			done()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*cells), "ns/cell")
	}
	b.Run("encoder", func(b *testing.B) {
		run(b, func() (rowSink, func()) {
			rb := &rowBuffer{sheet: sheetData, part: "p"}
			return rb, rb.release
		})
	})
	b.Run("SetRow", func(b *testing.B) {
		run(b, func() (rowSink, func()) {
			f := excelize.NewFile()
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				b.Fatal(err)
			}
			return newStreamSink(sw), func() { f.Close() }
		})
	})
}

// FuzzRowEncoder compares the encoder with StreamWriter.SetRow on one row
// of a text, a number and an integer (make fuzz).
func FuzzRowEncoder(f *testing.F) {
	for i, s := range trickyStrings[:60] {
		n, _ := trickyNumbers[i%len(trickyNumbers)].(float64)
		f.Add(s, n, int64(i), i%4, uint8(i%3*15))
	}
	f.Fuzz(func(t *testing.T, s string, n float64, k int64, style int, height uint8) {
		row := testRow{cells: []excelize.Cell{
			{StyleID: style, Value: s}, {}, {Value: n}, {StyleID: style, Value: k}, {Value: s + "\n" + s},
		}, height: float64(height)}
		want := streamWriterXML(t, []testRow{row})
		var enc rowEncoder
		got, err := enc.appendRow(nil, 2, row.cells, row.height)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Fatalf("row differs:\n got %q\nwant %q", got, want)
		}
	})
}

// A fill table's rows are encoded before the column widths are known, so
// a wrapping cell, whose row height depends on them, is refused rather
// than given a wrong height.
func TestFillRowsRefusesWrappingRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	rows := newRowStore(f)
	defer rows.close()
	tb := newTable("Sheet1", []string{"a"})
	fill := func(_ context.Context, add addRow) error {
		if _, err := add(text(st.text, "一行")); err != nil {
			return err
		}
		_, err := add(text(st.wrap, "折り返す\n行"))
		return err
	}
	if err := tb.fillRows(context.Background(), rows, st.wrap, fill); err == nil || !strings.Contains(err.Error(), "3行目") {
		t.Errorf("a wrapping row in a fill table: %v, want an error naming row 3", err)
	}
}
