package excelize

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// planreport: tests of the hand-written decoding and encoding of
// <sheetData> (sheetdata_codec.go): they must give exactly what encoding/xml
// gives by reflection.

// sheetDataByReflection has xlsxSheetData's fields and tags but not its
// methods: encoding/xml decodes and encodes it by reflection, as it did
// xlsxSheetData before.
type sheetDataByReflection xlsxSheetData

// sheetAnyElement keeps an element around <sheetData>, to see that the
// decoder is left where it should be.
type sheetAnyElement struct {
	XMLName xml.Name
	Attr    []xml.Attr `xml:",any,attr"`
	Inner   string     `xml:",innerxml"`
}

type sheetDocCodec struct {
	XMLName   xml.Name
	SheetData xlsxSheetData     `xml:"sheetData"`
	Other     []sheetAnyElement `xml:",any"`
}

type sheetDocReflection struct {
	XMLName   xml.Name
	SheetData sheetDataByReflection `xml:"sheetData"`
	Other     []sheetAnyElement     `xml:",any"`
}

type sheetEncCodec struct {
	XMLName     xml.Name         `xml:"http://schemas.openxmlformats.org/spreadsheetml/2006/main worksheet"`
	Dimension   *xlsxDimension   `xml:"dimension"`
	SheetData   xlsxSheetData    `xml:"sheetData"`
	PageMargins *xlsxPageMargins `xml:"pageMargins"`
}

type sheetEncReflection struct {
	XMLName     xml.Name              `xml:"http://schemas.openxmlformats.org/spreadsheetml/2006/main worksheet"`
	Dimension   *xlsxDimension        `xml:"dimension"`
	SheetData   sheetDataByReflection `xml:"sheetData"`
	PageMargins *xlsxPageMargins      `xml:"pageMargins"`
}

const sheetTestNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"`

func sheetTestDoc(sheetData string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet ` + sheetTestNS + `><dimension ref="A1:C3"/><sheetData>` + sheetData +
		`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
}

// sheetCodecInputs are worksheets (or parts of them) for which the two
// decoders and encoders are compared.
func sheetCodecInputs() []string {
	docs := []string{
		sheetTestDoc(`<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c><c r="C1" s="2"/></row>`),
		// inline strings, rich text, xml:space
		sheetTestDoc(`<row r="1"><c r="A1" t="inlineStr"><is><t>plain</t></is></c><c r="B1" t="inlineStr"><is><r><rPr><b/><i val="0"/><sz val="11"/><color rgb="FFFF0000"/><rFont val="Calibri"/><family val="2"/><scheme val="minor"/></rPr><t xml:space="preserve"> bold </t></r><r><t>&amp;rest</t></r><rPh sb="0" eb="1"><t>よみ</t></rPh><phoneticPr fontId="1"/></is></c></row>`),
		sheetTestDoc(`<row r="2"><c r="A2" t="str" xml:space="preserve"><v> padded </v></c><c r="B2" space="preserve"><v>x</v></c><c r="C2" t="inlineStr"><is><t foo:space="preserve" xmlns:foo="urn:foo">a</t></is></c></row>`),
		// formulas: shared, array, data table, empty
		sheetTestDoc(`<row r="2"><c r="B2"><f t="shared" ref="B2:B9" si="0">SUM(A1:A2)</f><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>4</v></c><c r="C1"><f t="array" ref="C1:C3" aca="1" ca="true">A1:A3*2</f><v>2</v></c><c r="D1"><f t="dataTable" ref="A1:B2" dt2D="1" dtr="0" r1="A1" r2="B1" del1="1" del2="true" bx="1"/></c><c r="E1"><f>IF(A1&lt;&gt;"",&quot;x&quot;,'y')</f><v></v></c></row>`),
		// rows without cells, row attributes
		sheetTestDoc(`<row r="1"/><row r="3" spans="1:3"></row><row r="4" s="3" customFormat="1" ht="20.25" hidden="1" customHeight="true" outlineLevel="2" collapsed="0" thickTop="1" thickBot="1" ph="1"><c r="A4"/></row><row r="5" ht="1e3" outlineLevel=" 7 "/><row ht=""/><row r=" 9 " s="" hidden="FALSE" ht=" 15 "/>`),
		// cm, vm, ph and attributes twice
		sheetTestDoc(`<row r="1"><c r="A1" cm="1" vm="2" ph="1"><v>1</v></c><c r="B1" cm="" vm="0" ph="false"/><c r="C1" s="1" s="2" r="D1"/></row>`),
		// entities, newlines, tabs, CDATA, comments, non-ASCII, control characters
		sheetTestDoc("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x9;tab&#xA;nl&#xD;cr</v></c><c r=\"B1\" t=\"str\"><v>line1\nline2\tx\r\n</v></c><c r=\"C1\" t=\"str\"><v>前<!-- note -->後<![CDATA[<raw>&]]>😀\u00a0</v></c><c r=\"D1\" t=\"str\"><v>&#x1F600;&#127;\u007f</v></c></row>"),
		// unknown attributes and elements, text between elements
		sheetTestDoc(`<foo a="1"><row r="99"/></foo><row r="1" foo="bar" r:id="rId1"> <c r="A1" unknown="1"><extLst><ext uri="x"><v>no</v></ext></extLst><v>1</v><foo><v>9</v></foo></c> text <d/><c r="B1"><v>2<b>skipped</b>3</v></c></row>`),
		sheetTestDoc(`<row r="1"><c r="A1"><v>1</v><v>2</v><f>A</f><f t="shared" si="1">B</f><is><t>a</t></is><is><r><t>b</t></r></is></c></row>`),
		// name spaces: prefixed elements, strict, a foreign space attribute
		`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row x:r="1"><x:c x:r="A1" x:t="s"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
		`<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
		sheetTestDoc(`<row r="1"><c r="A1" foo:space="preserve" xmlns:foo="urn:foo"><v>1</v></c></row>`),
		sheetTestDoc(`<row r="1"><c r="A1" xmlns:space="urn:y"><v>1</v></c></row>`),
		// two sheetData elements, an empty one
		`<worksheet><sheetData><row r="1"/></sheetData><sheetData><row r="2"><c r="A2"/></row></sheetData></worksheet>`,
		`<worksheet><sheetData/></worksheet>`,
		`<worksheet><sheetData></sheetData><cols/></worksheet>`,
		// errors
		sheetTestDoc(`<row r="abc"/>`),
		sheetTestDoc(`<row r="1"><c s="1.5"/></row>`),
		sheetTestDoc(`<row ht="x"/>`),
		sheetTestDoc(`<row hidden="maybe"/>`),
		sheetTestDoc(`<row outlineLevel="300"/>`),
		sheetTestDoc(`<row r="1"><c cm="-1"/></row>`),
		sheetTestDoc(`<row r="1"><c ph="2"/></row>`),
		sheetTestDoc(`<row r="1"><c><f si="x"/></c></row>`),
		sheetTestDoc(`<row r="1"><c><f aca="yes"/></c></row>`),
		sheetTestDoc(`<row r="1"><c><is><r><rPr><b val="x"/></rPr></r></is></c></row>`),
		sheetTestDoc(`<row xmlns:r="urn:r"/>`),
		sheetTestDoc(`<row r="1"><c></row>`),
		`<worksheet><sheetData><row r="1"><c r="A1"><v>1`,
		`<worksheet><sheetData><row r="1"><c r="A1"><v>&bogus;</v></c></row></sheetData></worksheet>`,
		sheetTestDoc(strings.Repeat(`<row r="1" r="2"/>`, 3)),
	}
	return append(docs, sheetTestDoc(sheetRealisticRows(60, 10)))
}

// sheetRealisticRows returns rows as a department's workbook has them:
// shared strings, numbers, styled empty cells, a formula now and then.
func sheetRealisticRows(rows, cols int) string {
	var b strings.Builder
	for r := 1; r <= rows; r++ {
		fmt.Fprintf(&b, `<row r="%d" spans="1:%d" ht="%d" customHeight="1">`, r, cols, 15+r%7)
		for c := 1; c <= cols; c++ {
			ref, _ := CoordinatesToCellName(c, r)
			switch c % 4 {
			case 0:
				fmt.Fprintf(&b, `<c r="%s" s="%d" t="s"><v>%d</v></c>`, ref, c%5, r*cols+c)
			case 1:
				fmt.Fprintf(&b, `<c r="%s" s="4"><v>%d.%d</v></c>`, ref, r*13, c)
			case 2:
				fmt.Fprintf(&b, `<c r="%s" s="2"/>`, ref)
			default:
				if r%10 == 0 {
					fmt.Fprintf(&b, `<c r="%s" s="3"><f>SUM(A%d:B%d)</f><v>%d</v></c>`, ref, r, r, r)
				} else {
					fmt.Fprintf(&b, `<c r="%s" s="1" t="str"><v>項目 %d</v></c>`, ref, r)
				}
			}
		}
		b.WriteString(`</row>`)
	}
	return b.String()
}

// sheetCodecOddData is sheet data no decoder yields, for the encoders.
func sheetCodecOddData() []xlsxSheetData {
	ht := func(v float64) *float64 { return &v }
	u := func(v uint) *uint { return &v }
	b := func(v bool) *bool { return &v }
	si := func(v int) *int { return &v }
	return []xlsxSheetData{
		{},
		{Row: []xlsxRow{{}, {R: -3, S: -1, Ht: ht(math.NaN())}, {Ht: ht(math.Inf(-1))}, {Ht: ht(-0.0)}, {Ht: ht(1e21), OutlineLevel: 255}}},
		{Row: []xlsxRow{{R: 1, Spans: "1:2\"<&>'\t\n\r", C: []xlsxC{
			{R: "A1", T: "s\x00\x01\xff", V: "\xed\xa0\x80 \uFFFD \uFFFE \U0010FFFF \x7f", S: 3},
			{Cm: u(0), Vm: u(1 << 40), Ph: b(false), F: &xlsxF{Si: si(-2), Content: "a\nb", R1: "<", R2: ">"}},
			{XMLSpace: xml.Attr{Name: xml.Name{Local: "space"}, Value: "preserve"}},
			{XMLSpace: xml.Attr{Value: "dropped"}},
			{XMLSpace: xml.Attr{Name: xml.Name{Space: NameSpaceXML, Local: "space"}, Value: ""}},
			{XMLSpace: xml.Attr{Name: xml.Name{Space: NameSpaceXML, Local: "lang"}, Value: "ja"}},
			{IS: &xlsxSI{}, F: &xlsxF{}},
			{IS: &xlsxSI{T: &xlsxT{Val: "x", Space: xml.Attr{Name: xml.Name{Space: "urn:a/b", Local: "space"}, Value: "p"}}}},
			{f: "unexported", V: "v"},
		}}}},
		{Row: []xlsxRow{{C: []xlsxC{{XMLSpace: xml.Attr{Name: xml.Name{Space: "urn:other", Local: "space"}, Value: "preserve"}}}}}},
		{XMLName: xml.Name{Space: "urn:ignored", Local: "ignored"}, Row: []xlsxRow{{R: 1}}},
	}
}

// compareSheetDecoders decodes doc into xlsxSheetData by its UnmarshalXML
// and by reflection and reports any difference.
func compareSheetDecoders(t testing.TB, doc []byte) (*xlsxSheetData, bool) {
	t.Helper()
	var codec sheetDocCodec
	var refl sheetDocReflection
	errCodec := xml.NewDecoder(bytes.NewReader(doc)).Decode(&codec)
	errRefl := xml.NewDecoder(bytes.NewReader(doc)).Decode(&refl)
	if fmt.Sprint(errCodec) != fmt.Sprint(errRefl) {
		t.Fatalf("decoding %q: error %v, by reflection %v", doc, errCodec, errRefl)
	}
	if errCodec != nil {
		return nil, false
	}
	if !sheetValuesEqual(reflect.ValueOf(codec), reflect.ValueOf(sheetDocCodec{XMLName: refl.XMLName, SheetData: xlsxSheetData(refl.SheetData), Other: refl.Other})) {
		t.Fatalf("decoding %q:\n%#v\nby reflection\n%#v", doc, codec, refl)
	}
	return &codec.SheetData, true
}

// compareSheetEncoders encodes sd by its MarshalXML, with and without the
// buffer, and by reflection and reports any difference.
func compareSheetEncoders(t testing.TB, sd xlsxSheetData) {
	t.Helper()
	dim, margins := &xlsxDimension{Ref: "A1"}, &xlsxPageMargins{Left: 0.7}
	var want bytes.Buffer
	if err := xml.NewEncoder(&want).Encode(&sheetEncReflection{Dimension: dim, SheetData: sheetDataByReflection(sd), PageMargins: margins}); err != nil {
		t.Fatal(err)
	}
	for _, direct := range []bool{true, false} {
		var got bytes.Buffer
		v := sheetEncCodec{Dimension: dim, SheetData: sd, PageMargins: margins}
		if direct {
			v.SheetData.w = &got
		}
		if err := xml.NewEncoder(&got).Encode(&v); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("encoding (into the buffer: %v)\n%s\nby reflection\n%s", direct, got.Bytes(), want.Bytes())
		}
	}
}

func TestSheetDataCodecDecode(t *testing.T) {
	for i, doc := range sheetCodecInputs() {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			compareSheetDecoders(t, []byte(doc))
			compareSheetDecoders(t, namespaceStrictToTransitional([]byte(doc)))
		})
	}
}

func TestSheetDataCodecEncode(t *testing.T) {
	var inputs []xlsxSheetData
	for _, doc := range sheetCodecInputs() {
		if sd, ok := compareSheetDecoders(t, []byte(doc)); ok {
			inputs = append(inputs, *sd)
		}
	}
	for i, sd := range append(inputs, sheetCodecOddData()...) {
		t.Run(fmt.Sprint(i), func(t *testing.T) { compareSheetEncoders(t, sd) })
	}
}

// TestSheetDataCodecWorksheet reads and writes worksheets as a File does
// (workSheetReader, workSheetWriter) and compares with reflection.
func TestSheetDataCodecWorksheet(t *testing.T) {
	for i, doc := range sheetCodecInputs() {
		if !strings.Contains(doc, "<worksheet ") || !strings.HasSuffix(doc, "</worksheet>") {
			continue
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			const path = "xl/worksheets/sheet1.xml"
			f := NewFile()
			f.Sheet.Delete(path)
			f.checked.Delete(path)
			f.Pkg.Store(path, []byte(doc))
			ws, err := f.workSheetReader("Sheet1")
			var refl sheetDocReflection
			errRefl := xml.Unmarshal(namespaceStrictToTransitional([]byte(doc)), &refl)
			if (err == nil) != (errRefl == nil) {
				t.Fatalf("error %v, by reflection %v", err, errRefl)
			}
			if err != nil {
				return
			}
			want := &xlsxWorksheet{SheetData: xlsxSheetData(refl.SheetData)}
			if want.checkSheet() != nil || want.checkRow() != nil {
				t.Fatal("checkSheet or checkRow failed")
			}
			if !sheetValuesEqual(reflect.ValueOf(ws.SheetData), reflect.ValueOf(want.SheetData)) {
				t.Fatalf("read\n%#v\nby reflection\n%#v", ws.SheetData, want.SheetData)
			}
			f.workSheetWriter()
			if ws.SheetData.w != nil {
				t.Fatal("the buffer is left in the sheet data")
			}
			got := f.readXML(path)
			out, err := xml.Marshal(ws)
			if err != nil {
				t.Fatal(err)
			}
			if out = append([]byte(xml.Header), replaceRelationshipsBytes(f.replaceNameSpaceBytes(path, out))...); !bytes.Equal(got, out) {
				t.Fatalf("wrote\n%s\nby reflection\n%s", got, out)
			}
		})
	}
}

func FuzzSheetDataCodec(f *testing.F) {
	for _, doc := range sheetCodecInputs() {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if sd, ok := compareSheetDecoders(t, doc); ok {
			compareSheetEncoders(t, *sd)
		}
	})
}

// sheetValuesEqual is reflect.DeepEqual, except that NaN equals NaN.
func sheetValuesEqual(a, b reflect.Value) bool {
	if a.Kind() != b.Kind() || a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sheetValuesEqual(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !sheetValuesEqual(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !sheetValuesEqual(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || math.IsNaN(x) && math.IsNaN(y)
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	}
	panic("sheetValuesEqual: " + a.Type().String())
}

// BenchmarkSheetData decodes and encodes a sheet as a department's
// workbook has it (60 rows of 10 cells) and a large one (5,000 rows of 20
// cells), by reflection and by the methods of xlsxSheetData.
func BenchmarkSheetData(b *testing.B) {
	for _, size := range []struct {
		name       string
		rows, cols int
	}{{"60x10", 60, 10}, {"5000x20", 5000, 20}} {
		doc := []byte(sheetTestDoc(sheetRealisticRows(size.rows, size.cols)))
		var decoded sheetDocCodec
		if err := xml.Unmarshal(doc, &decoded); err != nil {
			b.Fatal(err)
		}
		b.Run("Decode/reflection/"+size.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v sheetDocReflection
				if err := xml.NewDecoder(bytes.NewReader(doc)).Decode(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Decode/codec/"+size.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v sheetDocCodec
				if err := xml.NewDecoder(bytes.NewReader(doc)).Decode(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Encode/reflection/"+size.name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			v := sheetEncReflection{SheetData: sheetDataByReflection(decoded.SheetData)}
			for b.Loop() {
				buf.Reset()
				if err := xml.NewEncoder(&buf).Encode(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Encode/codec/"+size.name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			v := sheetEncCodec{SheetData: decoded.SheetData}
			v.SheetData.w = &buf
			for b.Loop() {
				buf.Reset()
				if err := xml.NewEncoder(&buf).Encode(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
