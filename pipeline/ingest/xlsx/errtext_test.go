package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"strings"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

const (
	testSheetPart = "xl/worksheets/sheet1.xml"
	testSheetXML  = `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`
)

// rawEntry is a zip entry written as given: method, CRC and compressed
// bytes, so that a test can break any of them.
type rawEntry struct {
	name       string
	method     uint16
	crc        uint32
	compressed []byte
	size       int
}

func deflated(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// goodEntry is an entry compressed as Excel writes it.
func goodEntry(t *testing.T, name, content string) rawEntry {
	return rawEntry{name, zip.Deflate, crc32.ChecksumIEEE([]byte(content)), deflated(t, content), len(content)}
}

// testBook is a one-sheet workbook of the given parts; a part named in
// override replaces the one built from its content.
func testBook(t *testing.T, workbook, sst string, override ...rawEntry) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml":        `<Types/>`,
		"xl/workbook.xml":            workbook,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/sharedStrings.xml":       sst,
		testSheetPart:                testSheetXML,
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", testSheetPart} {
		e := goodEntry(t, name, parts[name])
		for _, o := range override {
			if o.name == name {
				e = o
			}
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: e.method, CRC32: e.crc,
			CompressedSize64: uint64(len(e.compressed)), UncompressedSize64: uint64(e.size)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.compressed)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	testWorkbook = `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>`
	testStrings  = `<sst><si><t>a</t></si></sst>`
)

// rejection opens data and reads its sheet; it returns what refused the
// file or the sheet, nil when both were read.
func rejection(t *testing.T, data []byte) *Rejection {
	t.Helper()
	b, rej := Open(data, config.Limits{}.Resolved())
	if rej != nil {
		return rej
	}
	defer b.Close()
	_, _, rej = b.Grid(model.Source{File: "a.xlsx", Sheet: "s"}, b.Sheets()[0])
	return rej
}

// english are the words of Go's error strings that reached messages.
var english = []string{"zip:", "flate", "checksum", "unexpected", "syntax", "invalid", "malformed", "sheet XML", "EOF", "not closed", "part missing"}

// TestRejectionsInJapanese builds each kind of broken file and requires a
// Japanese message naming the part; before, the messages quoted Go's
// errors (「zip: not a valid zip file」, 「flate: corrupt input before
// offset 0」, 「XML syntax error on line 1: unexpected EOF」).
func TestRejectionsInJapanese(t *testing.T) {
	good := testBook(t, testWorkbook, testStrings)
	sheet := func(e rawEntry) []byte { return testBook(t, testWorkbook, testStrings, e) }
	goodSheet := goodEntry(t, testSheetPart, testSheetXML)
	badCRC, algorithm, cut, corrupt := goodSheet, goodSheet, goodSheet, goodSheet
	badCRC.crc++
	algorithm.method = 99
	cut.compressed = cut.compressed[:len(cut.compressed)/2]
	corrupt.compressed = bytes.Repeat([]byte{0xFF}, 16)
	badHeader := bytes.Clone(good)
	if i := bytes.LastIndex(badHeader[:bytes.Index(badHeader, []byte(testSheetPart))], []byte("PK\x03\x04")); i >= 0 {
		badHeader[i+2] = 0
	}
	cases := []struct {
		name string
		data []byte
		code string
		msg  []string
	}{
		{"text", []byte("これはテキストです\n"), CodeFileNotZip, []string{"ZIP 形式ではありません", "名前だけ変えた"}},
		{"csv starting with PK", []byte("PKEY,名前\n1,a\n"), CodeFileNotZip, []string{"ZIP 形式ではありません"}},
		{"cut in half", good[:len(good)/2], CodeFileTruncated, []string{"途中で切れているか壊れている", "ZIP 形式の目次または見出しが壊れています"}},
		{"workbook XML cut", testBook(t, `<workbook><sheets><sheet name="s"`, testStrings), CodeFileCorrupt, []string{"部品「xl/workbook.xml」の", "XML が途中で終わっています"}},
		{"strings XML error", testBook(t, testWorkbook, "<sst><si><t>&#x1;</t></si></sst>"), CodeStringsMalformed, []string{"部品「xl/sharedStrings.xml」の", "XML の書き方に誤りがあります（1 行目）"}},
		{"sheet checksum", sheet(badCRC), CodeSheetMalformed, []string{"部品「" + testSheetPart + "」の", "検査値（チェックサム）と一致しません"}},
		{"sheet algorithm", sheet(algorithm), CodeSheetMalformed, []string{"部品「" + testSheetPart + "」の", "圧縮方式が Excel の使わないもの"}},
		{"sheet deflate cut", sheet(cut), CodeSheetMalformed, []string{"部品「" + testSheetPart + "」の", "データが途中で切れています"}},
		{"sheet deflate corrupt", sheet(corrupt), CodeSheetMalformed, []string{"部品「" + testSheetPart + "」の", "圧縮データが壊れています"}},
		{"sheet local header", badHeader, CodeSheetMalformed, []string{"部品「" + testSheetPart + "」の", "ZIP 形式の目次または見出しが壊れています"}},
		{"sheet XML cut", sheet(goodEntry(t, testSheetPart, `<worksheet><sheetData><row`)), CodeSheetMalformed, []string{"XML が途中で終わっています"}},
		{"sheet element open", sheet(goodEntry(t, testSheetPart, `<worksheet><sheetData>`)), CodeSheetMalformed, []string{"要素 <sheetData> が閉じられないまま終わっています"}},
		{"sheet row number", sheet(goodEntry(t, testSheetPart, `<worksheet><sheetData><row r="x"/></sheetData></worksheet>`)), CodeSheetMalformed, []string{"行番号「x」が正しくありません"}},
	}
	if rej := rejection(t, good); rej != nil {
		t.Fatalf("the good book: %v", rej)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rej := rejection(t, tc.data)
			if rej == nil {
				t.Fatal("read")
			}
			if rej.Code != tc.code {
				t.Errorf("code %s, want %s: %s", rej.Code, tc.code, rej.Msg)
			}
			for _, part := range tc.msg {
				if !strings.Contains(rej.Msg, part) {
					t.Errorf("message %q lacks %q", rej.Msg, part)
				}
			}
			for _, word := range english {
				if strings.Contains(rej.Msg, word) {
					t.Errorf("message %q has %q", rej.Msg, word)
				}
			}
		})
	}
}

// TestHiddenCellsListed: the hidden-cells warning names the cells, up to
// ten in reading order, then how many more; its cell is the first. Before,
// it named the first one only (「セルB1など」).
func TestHiddenCellsListed(t *testing.T) {
	cases := []struct {
		rows, cols, hiddenRow int // column B hidden, and row hiddenRow (0-based; -1: none)
		msg                   string
	}{
		{1, 2, -1, "（セルB1）"},
		{2, 3, -1, "（セルB1、B2）"},
		{10, 3, -1, "（セルB1、B2、B3、B4、B5、B6、B7、B8、B9、B10）"},
		{11, 3, -1, "（セルB1、B2、B3、B4、B5、B6、B7、B8、B9、B10 ほか 1 セル）"},
		{12, 3, 3, "（セルB1、B2、B3、A4、B4、C4、B5、B6、B7、B8 ほか 4 セル）"},
	}
	for _, tc := range cases {
		var values [][]string
		for range tc.rows {
			values = append(values, repeated(tc.cols, "v"))
		}
		sc := &sheetScan{values: values, flags: map[Pos]Flag{}, hiddenRows: map[int]bool{tc.hiddenRow: true}, hiddenCols: [][2]int{{1, 1}}}
		g, rej := readSheet(model.Source{File: "a.xlsx", Sheet: "s"}, sc, config.Limits{}.Resolved())
		if rej != nil {
			t.Fatal(rej)
		}
		fs := g.findings
		if len(fs) != 1 || fs[0].Code != CodeHiddenCells || fs[0].Cell != "B1" || !strings.Contains(fs[0].Message, tc.msg) {
			t.Errorf("%d×%d: %+v, want %s", tc.rows, tc.cols, fs, tc.msg)
		}
	}
}

func repeated(n int, s string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}
