package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/config"
)

// TestScanMatchesExcelize reads every sheet with the ingest scan and with
// excelize's GetRows (RawCellValue, as ingest read sheets before the scan
// took over) and requires the same values cell by cell: the sample
// workbooks, a workbook excelize wrote, and a sheet written by hand with
// every kind of cell (inline and rich text with furigana, _xHHHH_
// escapes, booleans, errors, formula strings, dates, a shared string
// index out of range, rows and cells without references).
func TestScanMatchesExcelize(t *testing.T) {
	books := map[string][]byte{}
	samples, err := filepath.Glob(filepath.Join("..", "..", "..", "input", "*.xlsx"))
	if err != nil || len(samples) == 0 {
		t.Fatalf("sample workbooks: %v (%d)", err, len(samples))
	}
	for _, p := range samples {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		books[filepath.Base(p)] = data
	}
	good := excelizeBook(t)
	books["built.xlsx"] = good
	books["odd-cells.xlsx"] = rewriteZip(t, good, func(n string, c []byte) []byte {
		if n != "xl/worksheets/sheet2.xml" {
			return c
		}
		return regexp.MustCompile(`(?s)<sheetData>.*</sheetData>|<sheetData/>`).ReplaceAll(c, []byte(oddSheetData))
	})
	if bytes.Equal(books["odd-cells.xlsx"], good) {
		t.Fatal("odd cells not written")
	}
	for name, data := range books {
		t.Run(name, func(t *testing.T) { compareWithExcelize(t, data) })
	}
}

const oddSheetData = `<sheetData>` +
	`<row r="1"><c r="A1" t="inlineStr"><is><t>abc_x000D_def_x005F_x0041_</t></is></c>` +
	`<c r="B1" t="inlineStr"><is><r><t>リッチ</t></r><r><t xml:space="preserve"> テキスト </t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></is></c>` +
	`<c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#DIV/0!</v></c><c r="E1" t="inlineStr"><v>v-only</v></c></row>` +
	`<row><c t="str"><f>A1&amp;"x"</f><v>formula &amp; result</v></c><c><v>372.99999999999994</v></c><c t="s"><v>0</v></c><c t="s"><v>999</v></c><c s="0"><v>-1.5E-3</v></c></row>` +
	`<row r="5"><c r="C5" t="d"><v>2020-04-01T00:00:00</v></c><c r="E5"><f>1+1</f></c><c r="F5" t="inlineStr"><is><t>_xD800_x_xZZZZ__x3042_</t></is></c></row>` +
	`<row r="7"><c r="B7" t="s"><v> 1 </v></c></row>` +
	`</sheetData>`

func compareWithExcelize(t *testing.T, data []byte) {
	t.Helper()
	lim := config.Limits{}.Resolved()
	zr, rej := openContainer(data, lim)
	if rej != nil {
		t.Fatal(rej)
	}
	ps := newParts(zr)
	info, err := readWorkbook(ps)
	if err != nil {
		t.Fatal(err)
	}
	var sst *sharedStrings
	if zf, _, ok := sharedStringsFile(ps, info); ok {
		if sst, err = scanSharedStrings(zf, lim.CharsPerCell); err != nil {
			t.Fatal(err)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := 0
	for _, sp := range info.sheets {
		if sp.kind != "" && sp.kind != "worksheet" {
			continue
		}
		zf, _ := ps.get(sp.part)
		sc, rej := scanPart(zf, numberStyles(ps, info.styles), sst, lim)
		if rej != nil {
			t.Fatalf("%s: %v", sp.name, rej)
		}
		want, err := f.GetRows(sp.name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		got, exp := trimGrid(sc.values), trimGrid(want)
		cells := 0
		for r := range max(len(got), len(exp)) {
			for c := range max(len(rowAt(got, r)), len(rowAt(exp, r))) {
				g, e := gridCell(got, r, c), gridCell(exp, r, c)
				ref := Pos{Row: r, Col: c}.Ref()
				if typ, _ := f.GetCellType(sp.name, ref); typ == excelize.CellTypeBool {
					// The scan reads a boolean as Excel shows it, as a
					// value it is an error, not 1 or 0.
					e = map[string]string{"1": "TRUE", "0": "FALSE"}[e]
				}
				if g != e {
					t.Errorf("%s!%s: scan %q, excelize %q", sp.name, ref, g, e)
				}
				if e != "" {
					cells++
				}
			}
		}
		if cells == 0 {
			t.Errorf("%s: no cell compared", sp.name)
		}
		sheets++
	}
	if sheets == 0 {
		t.Fatal("no worksheet compared")
	}
}

// trimGrid drops trailing empty cells and rows (GetRows keeps a formula
// cell with no value as "").
func trimGrid(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		n := len(r)
		for n > 0 && r[n-1] == "" {
			n--
		}
		out[i] = r[:n]
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return slices.Clip(out)
}

func rowAt(g [][]string, r int) []string {
	if r < len(g) {
		return g[r]
	}
	return nil
}

func gridCell(g [][]string, r, c int) string {
	if row := rowAt(g, r); c < len(row) {
		return row[c]
	}
	return ""
}

// excelizeBook is a workbook excelize wrote: a management sheet's header
// and values of every type on the first sheet, one text on the second.
func excelizeBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "取組1"))
	for cell, v := range map[string]any{"A1": "行財政運営プラン取組管理シート", "E1": "担当部名", "F1": "復興政策部",
		"A2": "基本目標", "B2": 5, "E13": 373, "E14": 157.5, "E15": "42.0%", "F13": "—", "G13": true} {
		must(f.SetCellValue("取組1", cell, v))
	}
	must(f.MergeCell("取組1", "A13", "A15"))
	if _, err := f.NewSheet("取組2"); err != nil {
		t.Fatal(err)
	}
	must(f.SetCellValue("取組2", "B3", "二枚目"))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

// rewriteZip copies a zip, passing every entry through edit.
func rewriteZip(t *testing.T, data []byte, edit func(name string, content []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(edit(f.Name, content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
