package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// gridFromText builds a grid from tab-separated lines (the seed dump's
// format) and merges written as "B13:B15 A5:A10".
func gridFromText(text, merges string) *grid {
	var cells [][]string
	for _, line := range strings.Split(text, "\n") {
		cells = append(cells, strings.Split(strings.TrimRight(line, "\r"), "\t"))
	}
	var ms []cellRange
	for _, m := range strings.Fields(merges) {
		if r, ok := parseRange(m); ok {
			ms = append(ms, r)
		}
	}
	flags := map[cellPos]cellFlag{}
	g, _ := newGrid(cells, ms, flags, 200_000)
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
				if _, ok := parseRef(fi.Cell); !ok {
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

// FuzzRead feeds Read arbitrary bytes as an .xlsx: it must never panic nor
// fail, and must list the file exactly once.
func FuzzRead(f *testing.F) {
	good := buildBook(f, []sheetSpec{heiseiSpec()}, nil)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	// The sample workbooks (real layout, merges, styles) and small corpus
	// files (broken XML, escapes, control characters, formulas, an OLE
	// file), so that mutations start from real structure.
	samples, err := filepath.Glob(filepath.Join("..", "..", "input", "*.xlsx"))
	if err != nil || len(samples) == 0 {
		f.Fatalf("no sample workbooks: %v", err)
	}
	for _, name := range []string{
		"malformed-xml.xlsx", "control-chars.xlsx", "stale-formula.xlsx", "external-link.xlsx",
		"formula-text.xlsx", "entity-expansion.xlsx", "old-format.xlsx", "lying-size.xlsx",
	} {
		samples = append(samples, filepath.Join("..", "..", "testdata", "corpus", name))
	}
	for _, path := range samples {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b := readFiles(t, map[string][]byte{"f.xlsx": data}, Options{Workers: 1, Limits: config.Limits{UnzippedBytes: 4 << 20}})
		if len(b.Files) != 1 {
			t.Fatalf("files %+v", b.Files)
		}
		if b.Files[0].Status == model.FileRejected && len(b.Findings) == 0 {
			t.Fatal("rejected without a finding")
		}
	})
}
