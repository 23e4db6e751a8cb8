package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"planreport/pipeline/config"
	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
)

// gridFromText builds a grid from tab-separated lines (the seed dump's
// format) and merges written as "B13:B15 A5:A10".
func gridFromText(text, merges string) *xlsx.Grid {
	var cells [][]string
	for _, line := range strings.Split(text, "\n") {
		cells = append(cells, strings.Split(strings.TrimRight(line, "\r"), "\t"))
	}
	var ms []xlsx.Range
	for _, m := range strings.Fields(merges) {
		if r, ok := xlsx.ParseRange(m); ok {
			ms = append(ms, r)
		}
	}
	flags := map[xlsx.Pos]xlsx.Flag{}
	g, _ := xlsx.NewGrid(cells, ms, flags, 200_000)
	return g
}

// FuzzParseSheet feeds the grid parser arbitrary cell text and merges: it
// must never panic, and everything it returns must point at real cells.
func FuzzParseSheet(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "seed-goal5.txt"))
	if err != nil {
		f.Fatal(err)
	}
	for _, sec := range splitSeed(string(seed)) {
		f.Add(sec, "")
	}
	f.Add("行財政運営プラン取組管理シート\t\t\t1\t担当部名\t総務部\n基本目標\t5\n取組項目名\t1\tx\n(3) 目標指標\t目標指標名\t\t単位\t前期\n\t\t\t\t令和3年度\t令和3年度\n\tA\t目標値\t回\t約150\t1\t2\n\t\t実績値\n\t\t達成率\t%\t1", "B7:B9 E5:F5")
	f.Add("基本目標 5\n取組項目名\t\t担当部\n1\tx\ty\n二\tz\tw", "A1:XFD1048576")
	f.Fuzz(func(t *testing.T, text, merges string) {
		if len(text) > 1<<16 {
			return
		}
		g := gridFromText(text, merges)
		src := model.Source{File: "f.xlsx", Sheet: "s"}
		res := parseSheet(src, g, nil)
		for _, fi := range res.findings {
			if fi.File != "f.xlsx" || fi.Sheet != "s" || fi.Code == "" || fi.Message == "" || !utf8.ValidString(fi.Message) {
				t.Fatalf("bad finding %+v", fi)
			}
			if fi.Cell != "" {
				if _, ok := xlsx.ParseRef(fi.Cell); !ok {
					t.Fatalf("finding cell %q", fi.Cell)
				}
			}
		}
		if in := res.initiative; in != nil {
			for _, ind := range in.Indicators {
				if ind.Name == "" {
					t.Fatalf("indicator without a name")
				}
				years := map[int]bool{}
				for _, y := range ind.Years {
					if years[y.Year.Year] {
						t.Fatalf("year %d twice", y.Year.Year)
					}
					years[y.Year.Year] = true
					for _, v := range []model.Value{y.Target, y.Actual, y.StatedRate} {
						if v.Kind == model.ValueNumber && v.Number.Rat() == nil {
							t.Fatalf("number %q", v.Number)
						}
					}
				}
			}
			if in.Period.First > in.Period.Last {
				t.Fatalf("period %+v", in.Period)
			}
		}
	})
}

// splitSeed cuts the seed dump into its sheets: the index before the first
// title line, then one section per title line.
func splitSeed(s string) []string {
	var out []string
	var cur []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "行財政運営プラン取組管理シート") && len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
		cur = append(cur, line)
	}
	return append(out, strings.Join(cur, "\n"))
}

// FuzzRead fuzzes a whole workbook the way Read opens it, fast enough to
// explore: one workbook is built once, and each input replaces the bytes of
// its worksheet part, re-zipped in memory with the Store method (no
// compression, no temporary files). Reading must never panic, a rejected
// workbook must say why, every finding must name the file and a real cell,
// and the limits must hold (no sheet over RowsPerSheet, no cell text over
// CharsPerCell).
func FuzzRead(f *testing.F) {
	base := buildBook(f, []sheetSpec{heiseiSpec()}, nil)
	parts, sheetPart := unzipParts(f, base)
	f.Add(parts[sheetPart])
	f.Add(parts[sheetPart][:len(parts[sheetPart])/2])
	f.Add([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>行財政運営プラン取組管理シート</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>`))
	f.Add([]byte(`<worksheet><sheetData><row r="2"><c r="B2" t="s"><v>99999</v></c><c r="C2"><f>A1/0</f><v>#DIV/0!</v></c><c r="D2" t="e"><v>#REF!</v></c></row></sheetData></worksheet>`))
	// The first sheet of each sample workbook: real layout, merges and
	// styles (its shared-string indexes point into the base workbook's
	// table, or past it: both are inputs the reader must survive).
	samples, err := filepath.Glob(filepath.Join("..", "..", "input", "*.xlsx"))
	if err != nil || len(samples) == 0 {
		f.Fatalf("no sample workbooks: %v", err)
	}
	for _, path := range samples {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		sp, name := unzipParts(f, data)
		f.Add(sp[name])
	}
	lim := config.Limits{UnzippedBytes: 4 << 20, RowsPerSheet: 2000, CharsPerCell: 2000}.Resolved()
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, sheetXML []byte) {
		data := storeZip(t, parts, sheetPart, sheetXML)
		book, rej := xlsx.Open(data, lim)
		if rej != nil {
			if rej.Code == "" || rej.Msg == "" {
				t.Fatalf("rejected without a reason: %+v", rej)
			}
			if int64(len(sheetXML)) <= lim.UnzippedBytes/2 {
				t.Fatalf("rebuilt workbook rejected: %v", rej)
			}
			return
		}
		defer book.Close()
		res := readBook(ctx, "f.xlsx", book)
		for _, fi := range res.findings {
			if fi.File != "f.xlsx" || fi.Code == "" || fi.Message == "" || !utf8.ValidString(fi.Message) {
				t.Fatalf("bad finding %q %q %q", fi.File, fi.Code, fi.Message)
			}
			if fi.Cell != "" {
				if p, ok := xlsx.ParseRef(fi.Cell); !ok || p.Row >= lim.RowsPerSheet {
					t.Fatalf("finding cell %q", fi.Cell)
				}
			}
		}
		for _, in := range res.initiatives {
			checkLimits(t, in, lim)
		}
	})
}

// checkLimits fails when a text of in is longer than a cell may be.
func checkLimits(t *testing.T, in *model.Initiative, lim config.Limits) {
	t.Helper()
	texts := []string{in.Title, in.Department, in.Section, in.GoalName}
	for _, ind := range in.Indicators {
		texts = append(texts, ind.Name, ind.Unit)
		for _, y := range ind.Years {
			texts = append(texts, y.Target.Raw, y.Actual.Raw, y.StatedRate.Raw)
		}
	}
	for _, s := range texts {
		if n := utf8.RuneCountInString(s); n > lim.CharsPerCell {
			t.Fatalf("text of %d characters over the limit %d", n, lim.CharsPerCell)
		}
	}
}

// unzipParts returns the entries of an .xlsx in order and the name of its
// first worksheet part.
func unzipParts(t testing.TB, data []byte) (map[string][]byte, string) {
	t.Helper()
	out := map[string][]byte{}
	var sheet string
	rewriteZip(t, data, func(name string, content []byte) []byte {
		out[name] = content
		if sheet == "" && strings.HasPrefix(name, "xl/worksheets/sheet") && strings.HasSuffix(name, ".xml") {
			sheet = name
		}
		return content
	})
	if sheet == "" {
		t.Fatal("no worksheet part")
	}
	return out, sheet
}

// storeZip zips parts (sorted by name, for the same bytes every time) with
// the Store method, sheetPart's content replaced by sheetXML.
func storeZip(t testing.TB, parts map[string][]byte, sheetPart string, sheetXML []byte) []byte {
	t.Helper()
	names := slices.Sorted(maps.Keys(parts))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		content := parts[name]
		if name == sheetPart {
			content = sheetXML
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
