package workbook

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
)

// trickyStrings are texts excelize must write so that a reader gets them
// back (escapes, XML-invalid characters, _xHHHH_, Excel's cell limit).
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

// TestTrickyWorkbookReadsBack reads a workbook of tricky texts back with
// excelize: each text in its sheet and cell as it was given (cut to Excel's
// limit, invalid characters replaced), numbers as numbers. Texts with an
// _xHHHH_ sequence are left out: excelize does not read all of them back
// as it was given them (_x005F_xD800_ reads _x005F).
func TestTrickyWorkbookReadsBack(t *testing.T) {
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

// truncateUTF16 cuts s after limit UTF-16 units, as excelize's
// truncateUTF16Units does when a text exceeds Excel's cell limit.
func truncateUTF16(s string, limit int) string {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > limit {
			return s[:i]
		}
	}
	return s
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

// A fill table's rows are measured before the column widths are known, so
// a wrapping cell, whose row height depends on them, is refused rather
// than given a wrong height.
func TestFillRowsRefusesWrappingRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	rows := &rowStore{}
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

// A fill table makes its rows twice (measured, then streamed): a fill that
// makes more or fewer rows the second time fails the write instead of
// leaving rows outside the filter range or the sheet short.
func TestFillRowsMustRepeat(t *testing.T) {
	for _, c := range []struct {
		name         string
		first, again int
		want         string
	}{
		{"more rows", 2, 3, "4行目"},
		{"fewer rows", 3, 2, "4行目まで"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			st, err := newStyles(f)
			if err != nil {
				t.Fatal(err)
			}
			tb := newTable("Sheet1", []string{"a"})
			calls := 0
			fill := func(_ context.Context, add addRow) error {
				n := c.first
				if calls++; calls > 1 {
					n = c.again
				}
				for i := range n {
					if _, err := add(text(st.text, strconv.Itoa(i))); err != nil {
						return err
					}
				}
				return nil
			}
			rows := &rowStore{}
			if err := tb.fillRows(context.Background(), rows, st.wrap, fill); err != nil {
				t.Fatal(err)
			}
			err = tb.write(context.Background(), f, st, "題", rows)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("write: %v, want an error naming %s", err, c.want)
			}
		})
	}
}
