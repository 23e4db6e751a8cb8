package layout

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata (look at the diff first)")

// boxPage is the structure golden files hold: the rectangles (cells) and
// text runs of each page, rounded to 0.01 pt.
type boxPage struct {
	Boxes []string `json:"boxes"`
	Texts []string `json:"texts"`
}

func r2(v float64) float64 { return math.Round(v*100) / 100 }

func structure(d *Document) []boxPage {
	out := make([]boxPage, len(d.Pages))
	for i, p := range d.Pages {
		for _, op := range p.Ops {
			switch op.Kind {
			case OpRect:
				out[i].Boxes = append(out[i].Boxes, fmt.Sprintf("%g,%g %gx%g", r2(op.X), r2(op.Y), r2(op.W), r2(op.H)))
			case OpText:
				out[i].Texts = append(out[i].Texts, fmt.Sprintf("%g,%g %s", r2(op.X), r2(op.Y), op.Text))
			}
		}
	}
	return out
}

func golden(t *testing.T, name string, got any) {
	t.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update after checking the output)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(data)) {
		t.Errorf("%s differs from the layout:\n%s", path, data)
	}
}

// smallPage: 200 × 200 pt with 20 pt margins leaves a 160 × 160 content
// box; the footer sits below it.
func smallFlow() *Flow {
	return NewFlow(NewMeasurer(&fakeMetrics{}), PageSetup{Width: 200, Height: 200, Margin: 20})
}

// The table: 10 pt text, line height 14 pt (1.4), padding 3 pt, so a row of
// n lines is 14n + 6 pt high. Columns 40 + 120 pt; the second column holds
// 11 kanji per line (120 − 6 = 114 pt).
func sampleTable(rows [][]Cell) *Table {
	return &Table{
		Columns: []Column{{Width: 40}, {Width: 0}},
		Header:  []Cell{{Text: "番号"}, {Text: "内容"}},
		Rows:    rows,
		Font:    Font{Size: 10},
	}
}

func TestTableHeaderRepeated(t *testing.T) {
	f := smallFlow()
	var rows [][]Cell
	for i := range 9 {
		rows = append(rows, []Cell{{Text: fmt.Sprint(i + 1)}, {Text: "あいう"}})
	}
	f.Table(sampleTable(rows))
	d := f.Finish(Info{})
	// Header 20 pt, rows 20 pt: 160 pt hold the header and 7 rows; rows 8
	// and 9 go to page 2 under a repeated header.
	if len(d.Pages) != 2 {
		t.Fatalf("%d pages, want 2", len(d.Pages))
	}
	for i, p := range structure(d) {
		// The first text of every page is the header's 番号 at the top margin:
		// y = 20 + 3 (padding) + baseline (14 − 10)/2 + 8.8 = 33.8.
		if len(p.Texts) == 0 || !strings.HasSuffix(p.Texts[0], " 番号") || !strings.Contains(p.Texts[0], ",33.8 ") {
			t.Errorf("page %d does not start with the header: %v", i+1, p.Texts)
		}
	}
	golden(t, "table_header_repeated.json", structure(d))
}

func TestTableTallRowSplit(t *testing.T) {
	f := smallFlow()
	// 20 lines of 11 kanji: 20 × 14 + 6 = 286 pt, taller than the 160 pt page.
	long := strings.Repeat("あいうえおかきくけこさ", 20)
	f.Table(sampleTable([][]Cell{{{Text: "1"}, {Text: "短い"}}, {{Text: "2"}, {Text: long}}, {{Text: "3"}, {Text: "次"}}}))
	d := f.Finish(Info{})
	s := structure(d)
	// Page 1: header (20) + row 1 (20) leave 120 pt: (120 − 6) / 14 = 8 lines.
	// Page 2: header + (140 − 6) / 14 = 9 lines. Page 3: the last 3 lines
	// (48 pt) and row 3 (20 pt).
	if len(s) != 3 {
		t.Fatalf("%d pages, want 3", len(s))
	}
	for i, want := range []int{8, 9, 3} {
		if got := kanjiLines(s[i]); got != want {
			t.Errorf("page %d holds %d lines of the tall row, want %d", i+1, got, want)
		}
		if !strings.HasSuffix(s[i].Texts[0], " 番号") {
			t.Errorf("page %d does not start with the header", i+1)
		}
	}
	golden(t, "table_tall_row.json", s)
}

func TestTableNoOrphanHeader(t *testing.T) {
	f := smallFlow()
	f.Block(130, func(*Canvas) {}) // 30 pt left: the header (20) fits, the first row (20) not
	f.Table(sampleTable([][]Cell{{{Text: "1"}, {Text: "あ"}}}))
	d := f.Finish(Info{})
	if len(d.Pages) != 2 || len(structure(d)[0].Texts) != 1 { // page 1: only the footer
		t.Fatalf("header left alone at the foot of page 1: %+v", structure(d))
	}
}

func TestFooterAndHeader(t *testing.T) {
	f := NewFlow(NewMeasurer(&fakeMetrics{}), PageSetup{Header: "報告書"})
	f.SuppressHeader()
	f.NewPage()
	f.NewPage()
	d := f.Finish(Info{})
	for i, p := range d.Pages {
		var texts []string
		for _, op := range p.Ops {
			if op.Kind == OpText {
				texts = append(texts, op.Text)
			}
		}
		want := []string{"報告書", fmt.Sprintf("- %d / 3 -", i+1)}
		if i == 0 {
			want = want[1:]
		}
		if strings.Join(texts, "|") != strings.Join(want, "|") {
			t.Errorf("page %d: %q, want %q", i+1, texts, want)
		}
	}
}

func TestParagraphPageBreak(t *testing.T) {
	f := smallFlow()
	// 16 pt lines (10 × 1.6): 160 pt hold 10 lines; 25 lines take 3 pages.
	f.Paragraph(strings.TrimSuffix(strings.Repeat("あいうえおかきくけこさしすせそ\n", 25), "\n"), TextStyle{Font: ten})
	if n := len(f.Finish(Info{}).Pages); n != 3 {
		t.Fatalf("%d pages, want 3", n)
	}
}

// A row taller than a third of the page but shorter than a page starts
// where the table is when a few of its lines fit, instead of leaving the
// page empty below the header; a short row is still kept whole. Page
// content 160 pt, header 20 pt: a third of the rest is 46.7 pt.
func TestTableTallRowStartsInPlace(t *testing.T) {
	// 6 lines of 11 kanji: 6 × 14 + 6 = 90 pt, fits a fresh page.
	six := strings.Repeat("あいうえおかきくけこさ", 6)
	f := smallFlow()
	f.Block(60, func(*Canvas) {}) // 100 pt left: header 20, then 80 pt: 5 lines of the 6
	f.Table(sampleTable([][]Cell{{{Text: "1"}, {Text: six}}}))
	s := structure(f.Finish(Info{}))
	if len(s) != 2 {
		t.Fatalf("%d pages, want 2 (split)", len(s))
	}
	// (80 − 6) / 14 = 5 lines on page 1, 1 on page 2.
	if kanjiLines(s[0]) != 5 || kanjiLines(s[1]) != 1 {
		t.Errorf("lines per page %d, %d; want 5, 1", kanjiLines(s[0]), kanjiLines(s[1]))
	}

	// 2 lines (34 pt, under a third): kept whole on the next page.
	f = smallFlow()
	f.Block(130, func(*Canvas) {}) // 30 pt left
	f.Table(sampleTable([][]Cell{{{Text: "1"}, {Text: "あ"}}, {{Text: "2"}, {Text: strings.Repeat("あいうえおかきくけこさ", 2)}}}))
	s = structure(f.Finish(Info{}))
	if len(s) != 2 || kanjiLines(s[1]) != 2 {
		t.Errorf("short row: %d pages, %d lines on page 2; want 2 pages, the whole row on page 2", len(s), kanjiLines(s[len(s)-1]))
	}

	// A row under a third of a page that would split: on a page of 260 pt
	// of content a third past the header is (260 − 20) / 3 = 80 pt, and 4
	// lines are 4 × 14 + 6 = 62 pt. 95 pt left: header 20 and a 1-line row
	// 20 fit, leaving 55, where 3 of its lines would fit ((55 − 6) / 14);
	// it goes whole to the next page instead.
	f = NewFlow(NewMeasurer(&fakeMetrics{}), PageSetup{Width: 200, Height: 300, Margin: 20})
	f.Block(165, func(*Canvas) {})
	f.Table(sampleTable([][]Cell{{{Text: "1"}, {Text: "あ"}}, {{Text: "2"}, {Text: strings.Repeat("あいうえおかきくけこさ", 4)}}}))
	s = structure(f.Finish(Info{}))
	if len(s) != 2 || kanjiLines(s[0]) != 0 || kanjiLines(s[1]) != 4 {
		t.Errorf("row under a third: %d pages, lines %d then %d; want 2 pages, 0 then 4", len(s), kanjiLines(s[0]), kanjiLines(s[len(s)-1]))
	}
}

// kanjiLines counts the lines of the test rows' 11-kanji text on a page.
func kanjiLines(p boxPage) int {
	n := 0
	for _, tx := range p.Texts {
		if strings.HasSuffix(tx, " あいうえおかきくけこさ") {
			n++
		}
	}
	return n
}

// A table measured first (StartHeight, TableHeight, as a heading kept with
// it does) is laid out as one that was not: its kept rows are the rows
// Table lays out. A table measured and then given more rows, or another
// table in between, is laid out from its own rows.
func TestTableAfterMeasuring(t *testing.T) {
	rows := func() [][]Cell {
		var rs [][]Cell
		for i := range 14 {
			rs = append(rs, []Cell{{Text: fmt.Sprint(i + 1)}, {Text: strings.Repeat("取組内容", i%5+1)}})
		}
		return rs
	}
	lay := func(measure func(f *Flow, tb *Table)) []boxPage {
		f := smallFlow()
		tb := sampleTable(rows())
		measure(f, tb)
		f.Table(tb)
		return structure(f.Finish(Info{}))
	}
	want := lay(func(*Flow, *Table) {})
	if len(want) < 2 {
		t.Fatalf("the table takes %d page(s); the test needs page breaks", len(want))
	}
	for name, measure := range map[string]func(f *Flow, tb *Table){
		"start":        func(f *Flow, tb *Table) { f.StartHeight(tb) },
		"whole":        func(f *Flow, tb *Table) { f.TableHeight(tb) },
		"whole, start": func(f *Flow, tb *Table) { f.TableHeight(tb); f.StartHeight(tb) },
		"rows replaced": func(f *Flow, tb *Table) {
			final := tb.Rows
			tb.Rows = [][]Cell{{{Text: "0"}, {Text: "先に測った行"}}}
			f.TableHeight(tb)
			tb.Rows = final
		},
		"rows replaced, as many": func(f *Flow, tb *Table) {
			final := tb.Rows
			tb.Rows = make([][]Cell, len(final))
			for i := range tb.Rows {
				tb.Rows[i] = []Cell{{Text: "0"}, {Text: "先に測った行"}}
			}
			f.TableHeight(tb)
			tb.Rows = final
		},
		"font changed": func(f *Flow, tb *Table) {
			tb.Font.Size = 6
			f.TableHeight(tb)
			tb.Font.Size = 10
		},
		"another table": func(f *Flow, tb *Table) {
			f.TableHeight(tb)
			f.StartHeight(sampleTable([][]Cell{{{Text: "x"}, {Text: "別の表"}}}))
		},
	} {
		if got := lay(measure); !slicesEqualPages(got, want) {
			t.Errorf("%s: the layout differs from the unmeasured table's", name)
		}
	}
}

func slicesEqualPages(a, b []boxPage) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
