package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
)

// Numbers are measured as the text they show, counted by hand: a whole
// rate keeps one decimal (100.0), a minus sign counts.
func TestCellWidth(t *testing.T) {
	for _, c := range []struct {
		in   any
		want int
	}{
		{nil, 0}, {"総務部", 6}, {7, 1}, {-12, 3}, {int64(2026), 4},
		{100.0, 5}, {85.25, 5}, {-0.5, 4}, {1e21, 24}, {1e300, 303}, {0.30000000000000004, 19},
		{true, 4}, // anything else as fmt prints it
	} {
		if got := cellWidth(c.in); got != c.want {
			t.Errorf("cellWidth(%#v) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	// Counted by hand: full-width and East Asian ambiguous (・) count 2,
	// ASCII and half-width katakana 1, control characters 0.
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"総務部", 6},
		{"総務部・財務部", 14},
		{"１２３", 6},
		{"ｱｲｳ", 3},
		{"A1\x01", 2},
		{"短い\nとても長い行", 12},
		{"平成27年度", 10},
		{"a\x7f\u0085b", 2},     // DEL and a C1 control
		{"\xff総", 4},            // an invalid byte is U+FFFD, ambiguous: 2
		{"ab\n\nc\r\nde\tf", 3}, // CR and tab are controls
		{"長い行\nab", 6},
	} {
		if got := displayWidth(c.in); got != c.want {
			t.Errorf("displayWidth(%q) = %d, want %d", c.in, got, c.want)
		}
	}
	// Padded by 2, at least 6, at most 60.
	for in, want := range map[int]float64{0: 6, 4: 6, 5: 7, 22: 24, 58: 60, 200: 60} {
		if got := fitWidth(in); got != want {
			t.Errorf("fitWidth(%d) = %v, want %v", in, got, want)
		}
	}
	// A 60-wide column holds 58 display columns per line: 29 kanji.
	for _, c := range []struct {
		in   string
		want int
	}{
		{strings.Repeat("字", 29), 1},
		{strings.Repeat("字", 30), 2},
		{"一行\n二行\n" + strings.Repeat("字", 60), 2 + 3},
	} {
		if got := lineCount(c.in, 60); got != c.want {
			t.Errorf("lineCount(%d runes) = %d, want %d", len([]rune(c.in)), got, c.want)
		}
	}
}

func TestOrderedZip(t *testing.T) {
	var buf bytes.Buffer
	when := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	z := newOrderedZip(&buf, when)
	ct := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Override PartName="/xl/workbook.xml" ContentType="wb"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="app"/><Default Extension="rels" ContentType="rels"/></Types>`
	for _, p := range []struct{ name, body string }{
		{"xl/workbook.xml", "w"}, {"_rels/.rels", "r"}, {contentTypesPart, ct}, {"docProps/app.xml", "a"},
	} {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	if _, err := z.Create("_rels/.rels"); err == nil {
		t.Error("a part created twice: no error")
	}
	if err := z.AddFS(nil); err == nil {
		t.Error("AddFS: no error")
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "xl/workbook.xml"}
	if !slices.Equal(names, want) {
		t.Errorf("entries %q, want %q", names, want)
	}
	rc, _ := zr.File[0].Open()
	got, _ := io.ReadAll(rc)
	rc.Close()
	// Defaults by extension (rels < xml), overrides by part name.
	wantCT := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="rels"></Default><Default Extension="xml" ContentType="application/xml"></Default>` +
		`<Override PartName="/docProps/app.xml" ContentType="app"></Override><Override PartName="/xl/workbook.xml" ContentType="wb"></Override></Types>`
	if string(got) != wantCT {
		t.Errorf("content types\n got %s\nwant %s", got, wantCT)
	}

	var broken bytes.Buffer
	z = newOrderedZip(&broken, when)
	w, _ := z.Create(contentTypesPart)
	io.WriteString(w, "<Types")
	if err := z.Close(); err == nil {
		t.Error("malformed [Content_Types].xml: no error")
	}
}

// TestOrderedZipMatchesCreateHeader: parts held deflated and copied into
// the archive give the same archive, byte for byte, as zip.Writer writing
// them in the same order with CreateHeader (what the writer did when it
// held parts as text), including a non-ASCII name, an empty part and one
// written in many pieces.
func TestOrderedZipMatchesCreateHeader(t *testing.T) {
	when := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	big := strings.Repeat("<row r=\"1\"><c t=\"inlineStr\"><is><t>取組</t></is></c></row>", 20_000)
	parts := []struct{ name, body string }{
		{"xl/worksheets/sheet1.xml", big}, {"docProps/app.xml", ""}, {"xl/名前.xml", "日本語"},
		{"xl/worksheets/sheet2.xml", big[:len(big)/3]}, {"xl/styles.xml", strings.Repeat("<xf/>", 999)},
	}
	var got bytes.Buffer
	z := newOrderedZip(&got, when)
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		for b := p.body; len(b) > 0; {
			n := min(len(b), 4093)
			io.WriteString(w, b[:n])
			b = b[n:]
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}

	// The same compressor, a new one for every part.
	var want bytes.Buffer
	zw := zip.NewWriter(&want)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	sorted := slices.Clone(parts)
	slices.SortFunc(sorted, func(a, b struct{ name, body string }) int { return strings.Compare(a.name, b.name) })
	for _, p := range sorted {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: when})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("ordered zip: %d bytes, CreateHeader: %d bytes, not the same", got.Len(), want.Len())
	}
}

func TestStatedCell(t *testing.T) {
	st := testStyles(t)
	for _, c := range []struct {
		raw, number string
		matches     bool
		wantValue   any
		wantStyle   int
	}{
		{"42.0", "42", true, 42.0, st.stated[1]},
		{"４２．０", "42", true, 42.0, st.stated[1]},
		{" 42.0% ", "42", true, 42.0, st.stated[1]},
		{"100", "100", true, 100.0, st.stated[1]}, // shown 100.0, like every rate
		{"116.66666666666667", "116.66666666666667", false, 116.66666666666667, st.statedBad[maxStatedDecimals+1]},
		{"", "42", true, 42.0, st.stated[1]},
		{"約40", "", false, "約40", st.textBad},
		{"—", "", false, "—", st.text},
		{"", "", false, nil, st.text},
	} {
		v := model.Value{Raw: c.raw}
		if c.number != "" {
			v.Kind, v.Number = model.ValueNumber, model.Decimal(c.number)
		} else if c.raw == "約40" {
			v.Kind = model.ValueInvalid
		}
		got := statedCell(st, model.IndicatorYear{StatedRate: v, Eval: model.Evaluation{StatedMatches: c.matches}})
		if got.Value != c.wantValue || got.StyleID != c.wantStyle {
			t.Errorf("statedCell(%q) = %v (style %d), want %v (style %d)", c.raw, got.Value, got.StyleID, c.wantValue, c.wantStyle)
		}
	}
}

func testStyles(t *testing.T) *styles {
	t.Helper()
	f := excelize.NewFile()
	t.Cleanup(func() { f.Close() })
	st, err := newStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// bigBatch has initiatives × indicators × years indicator-years, each with
// a target, an actual and a stated rate, spread over three departments.
func bigBatch(initiatives, indicators, years int) *model.Batch {
	b := &model.Batch{ReportDate: "2025-04-01"}
	depts := []string{"総務部", "財務部", "総務部・財務部"}
	for i := range initiatives {
		src := model.Source{File: fmt.Sprintf("部%02d.xlsx", i%20), Sheet: fmt.Sprintf("取組%d", i+1)}
		in := &model.Initiative{
			Source: src, Department: depts[i%3], Section: "企画課", GoalNumber: 1 + i%5, Number: i + 1,
			Title: fmt.Sprintf("取組項目その%d（行政サービスの向上と業務の効率化）", i+1),
		}
		for k := range indicators {
			ind := model.Indicator{Name: fmt.Sprintf("指標%d-%d の件数", i+1, k+1), Unit: "件", Source: src.At(fmt.Sprintf("B%d", 30+3*k))}
			for y := range years {
				target, actual := 100+k, 80+(i+k+y)%40
				tenths := int64(actual * 1000 / target)
				ind.Years = append(ind.Years, model.IndicatorYear{
					Year:       fy(2021+y, model.Wareki(2021+y)),
					Target:     num(fmt.Sprint(target), src),
					Actual:     num(fmt.Sprint(actual), src),
					StatedRate: stated(fmt.Sprintf("%d.%d", tenths/10, tenths%10), "1", src),
					Eval:       eval(rate(tenths), model.GradeB, y%7 != 0),
				})
			}
			in.Indicators = append(in.Indicators, ind)
		}
		b.Initiatives = append(b.Initiatives, in)
		b.Files = append(b.Files, model.InputFile{Name: src.File, Status: model.FileAccepted, SHA256: "00"})
	}
	for _, d := range []string{"総務部", "財務部"} {
		for y := range years {
			b.Rollups.ByDepartmentYear = append(b.Rollups.ByDepartmentYear,
				model.Rollup{Department: d, Year: 2021 + y, Evaluated: 10, Achieved: 3, MeanRate: rate(912)})
		}
	}
	for i := range 500 {
		b.Add(model.SeverityWarning, "STATED_RATE_ROUNDING", model.Source{File: "部01.xlsx", Sheet: "取組1", Cell: fmt.Sprintf("E%d", i+1)}, "警告 %d", i)
	}
	return b
}

func TestBigBatch(t *testing.T) {
	// 400 × 5 × 5 = 10,000 indicator-years, all with target and actual.
	data := write(t, bigBatch(400, 5, 5))
	if !bytes.Equal(write(t, bigBatch(400, 5, 5)), data) {
		t.Error("two writes of the big batch differ")
	}
	f := open(t, data)
	if n := len(rows(t, f, "データ")); n != 10_000+1 {
		t.Errorf("データ has %d rows, want 10,001", n)
	}
	if n := len(rows(t, f, "指標一覧")); n != 2_000+1 {
		t.Errorf("指標一覧 has %d rows, want 2,001", n)
	}
	if n := len(rows(t, f, "検証結果")); n != 500+1 {
		t.Errorf("検証結果 has %d rows, want 501", n)
	}
	if got, _ := f.GetSheetDimension("データ"); got != "A1:Q10001" {
		t.Errorf("データ dimension %q", got)
	}
}

// BenchmarkWrite measures a batch of 10,000 indicator-years (400
// initiatives × 5 indicators × 5 fiscal years).
func BenchmarkWrite(b *testing.B) {
	batch := bigBatch(400, 5, 5)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(context.Background(), &buf, batch, Options{Title: testTitle}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes/file")
}

// A part is closed when the next one is created (its deflater freed):
// a late write to it fails (archive/zip refuses writes to a closed
// part) instead of landing in the other part.
func TestOrderedZipLateWriteFails(t *testing.T) {
	z := newOrderedZip(io.Discard, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	a, err := z.Create("xl/a.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(a, "<a/>")
	if _, err := z.Create("xl/b.xml"); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(a, "<late/>"); err == nil {
		t.Error("a write to a part after the next was created succeeded")
	}
}

// Equal neighbouring texts are measured once; the widest text of a column
// sizes it wherever it stands among repeats.
func TestMeasureRepeatedTexts(t *testing.T) {
	long := strings.Repeat("取組", 10) // 40
	tb := newTable("t", []string{"a", "b"})
	for _, v := range []string{"ab", "ab", long, long, "ab", "", long[:6], "ab"} {
		tb.add(excelize.Cell{Value: v}, excelize.Cell{Value: v + "x"})
	}
	if tb.widths[0] != 40 || tb.widths[1] != 41 {
		t.Errorf("widths %v, want [40 41]", tb.widths)
	}
	tb = newTable("t", []string{"見出し"}) // 6
	tb.add(excelize.Cell{Value: "abc"})
	tb.add(excelize.Cell{Value: "abc"}, excelize.Cell{Value: "総務部・財務部"}) // a column past the header: 14
	if tb.widths[0] != 6 || tb.widths[1] != 14 {
		t.Errorf("widths %v, want [6 14]", tb.widths)
	}
}
