package feedback_test

import (
	"archive/zip"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/feedback"
	"planreport/pipeline/model"
)

func finding(sev model.Severity, sheet, cell, msg string) model.Finding {
	return model.Finding{Severity: sev, Code: "test", Source: model.Source{File: "x.xlsx", Sheet: sheet, Cell: cell}, Message: msg}
}

func parts(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// TestAnnotateChartWorkbookIsDeterministic: a workbook with a native chart
// (whose [Content_Types].xml excelize builds from a Go map) gives the same
// copy every time, its chart part unchanged and its entries sorted.
func TestAnnotateChartWorkbookIsDeterministic(t *testing.T) {
	f := excelize.NewFile()
	for i, v := range []float64{3, 5, 8} {
		f.SetCellValue("Sheet1", fmt.Sprintf("A%d", i+1), fmt.Sprintf("年度%d", i))
		f.SetCellValue("Sheet1", fmt.Sprintf("B%d", i+1), v)
	}
	for _, kind := range []excelize.ChartType{excelize.Col, excelize.Line} {
		if err := f.AddChart("Sheet1", "D2", &excelize.Chart{Type: kind, Series: []excelize.ChartSeries{
			{Name: "Sheet1!$B$1", Categories: "Sheet1!$A$1:$A$3", Values: "Sheet1!$B$1:$B$3"}}}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	orig := buf.Bytes()
	fs := []model.Finding{finding(model.SeverityError, "Sheet1", "B2", "数値を読めません")}
	first, err := feedback.Annotate(orig, fs, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := feedback.Annotate(orig, fs, feedback.Options{ReportDate: reportDate})
		if err != nil || !bytes.Equal(again, first) {
			t.Fatalf("copies differ (%v)", err)
		}
	}
	po, pc := parts(t, orig), parts(t, first)
	for name, data := range po {
		if strings.HasPrefix(name, "xl/charts/") && !bytes.Equal(pc[name], data) {
			t.Errorf("%s changed", name)
		}
	}
	ct := string(pc["[Content_Types].xml"])
	overrides := strings.Split(ct, "<Override ")[1:]
	if len(overrides) < 3 || !slices.IsSorted(overrides) {
		t.Errorf("[Content_Types].xml overrides not sorted: %s", ct)
	}
	checkTarget(t, orig, "chart.xlsx", fs)
}

// TestAnnotateACopyAgain: a department corrects its sheet in the copy it
// received and submits that. The new copy has one 指摘事項, this run's;
// a cell no longer found wrong has its own format and the department's
// note back, without planreport's lines; what the department wrote (a
// reply in a note, even one LibreOffice saved without its author; a
// column on the old 指摘事項) stays; what is still wrong is marked anew,
// and a third round gives the same notes as the second.
func TestAnnotateACopyAgain(t *testing.T) {
	f := excelize.NewFile()
	blue, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, NumFmt: 3})
	if err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]int{"A1": 1, "B1": 2, "C1": 3} {
		f.SetCellInt("Sheet1", cell, int64(v))
		f.SetCellStyle("Sheet1", cell, cell, blue)
	}
	if err := f.AddComment("Sheet1", excelize.Comment{Cell: "B1", Author: "佐藤", Text: "部の確認メモ"}); err != nil {
		t.Fatal(err)
	}
	orig := write(t, f)
	fs := []model.Finding{finding(model.SeverityError, "Sheet1", "A1", "一回目"), finding(model.SeverityWarning, "Sheet1", "B1", "B一回目"),
		finding(model.SeverityInfo, "Sheet1", "C1", "C情報")}
	once, err := feedback.Annotate(orig, fs, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	// The department answers: in planreport's note on C1 (saved by a
	// program that drops the author), after its own note on B1, and in a
	// column 対応 of 指摘事項.
	g := open(t, once)
	cs, _ := g.GetComments("Sheet1")
	for _, c := range cs {
		reply := map[string]string{"B1": "返信: 直しました", "C1": "修正済みです"}[c.Cell]
		if reply == "" {
			continue
		}
		g.DeleteComment("Sheet1", c.Cell)
		if err := g.AddComment("Sheet1", excelize.Comment{Cell: c.Cell, Text: commentText(c) + "\n" + reply}); err != nil {
			t.Fatal(err)
		}
	}
	g.SetCellStr(feedback.SheetName, "E3", "対応済み")
	returned := write(t, g)

	fs2 := []model.Finding{finding(model.SeverityError, "Sheet1", "A1", "二回目"), finding(model.SeverityInfo, "Sheet1", "C1", "C二回目")}
	twice, err := feedback.Annotate(returned, fs2, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	h := open(t, twice)
	if got := h.GetSheetList(); !slices.Equal(got, []string{feedback.SheetName, "前回の指摘事項", "Sheet1"}) {
		t.Fatalf("sheets %v", got)
	}
	notes := notesOf(t, h)
	if n := notes["A1"]; !strings.Contains(n, "二回目") || strings.Contains(n, "一回目") {
		t.Errorf("A1 note %q", n)
	}
	if n := notes["B1"]; n != "部の確認メモ\n返信: 直しました" {
		t.Errorf("B1 note %q, want the department's note and reply alone", n)
	}
	if n := notes["C1"]; !strings.HasPrefix(n, "修正済みです") || !strings.Contains(n, "C二回目") || strings.Contains(n, "C情報") {
		t.Errorf("C1 note %q, want the reply and this run's finding", n)
	}
	a := open(t, orig)
	want, _ := a.GetCellStyle("Sheet1", "B1")
	if got, _ := h.GetCellStyle("Sheet1", "B1"); got != want {
		t.Errorf("B1 has format %d, want its own %d back", got, want)
	}
	if st := style(t, h, "twice", "Sheet1", "A1"); len(st.Fill.Color) != 1 || st.Fill.Color[0] != "FFC7CE" || st.NumFmt != 3 {
		t.Errorf("A1 format %+v, want the error fill on its own number format", st)
	}
	rows, _ := h.GetRows(feedback.SheetName)
	if len(rows) != 4 || rows[2][3] != "二回目" || !strings.Contains(rows[0][0], "シート「前回の指摘事項」として残しています") {
		t.Errorf("指摘事項 %q", rows)
	}
	if v, _ := h.GetCellValue("前回の指摘事項", "E3"); v != "対応済み" {
		t.Errorf("the department's column on the old list: %q", v)
	}

	thrice, err := feedback.Annotate(twice, fs2, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	k := open(t, thrice)
	if got := k.GetSheetList(); !slices.Equal(got, []string{feedback.SheetName, "前回の指摘事項", "Sheet1"}) {
		t.Errorf("third round sheets %v", got)
	}
	if again := notesOf(t, k); !reflect.DeepEqual(again, notes) {
		t.Errorf("third round notes\n%q\nwant the second's\n%q", again, notes)
	}
}

// analyzedFile is analyzed on a folder holding data alone, as name.
func analyzedFile(t *testing.T, name string, data []byte) *model.Batch {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return analyzed(t, dir)
}

func write(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func notesOf(t *testing.T, f *excelize.File) map[string]string {
	t.Helper()
	notes := map[string]string{}
	cs, err := f.GetComments("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		notes[c.Cell] = commentText(c)
	}
	return notes
}

// TestAnnotateBoundsNotes: findings on more cells than MaxNotes are all
// listed, and only MaxNotes cells get a note.
func TestAnnotateBoundsNotes(t *testing.T) {
	f := excelize.NewFile()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var fs []model.Finding
	for i := range feedback.MaxNotes + 10 {
		fs = append(fs, finding(model.SeverityInfo, "Sheet1", fmt.Sprintf("A%d", i+1), fmt.Sprintf("指摘%d", i)))
	}
	out, err := feedback.Annotate(buf.Bytes(), fs, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	g := open(t, out)
	cs, _ := g.GetComments("Sheet1")
	rows, _ := g.GetRows(feedback.SheetName)
	if len(cs) != feedback.MaxNotes || len(rows) != 2+len(fs) {
		t.Errorf("%d notes, %d rows; want %d and %d", len(cs), len(rows), feedback.MaxNotes, 2+len(fs))
	}
}

// TestAnnotateNotesOfOtherPrograms: workbooks whose notes were written by
// openpyxl (parts xl/comments/comment1.xml and
// xl/drawings/commentsDrawing1.vml, absolute relationship targets) and by
// LibreOffice Calc (note shapes named "shape_0"), each with notes of the
// department on cells a finding points at. Every finding becomes a note on
// its cell beside the department's, in the workbook's own parts: no second
// comments part, no part name with a leading slash, no content type of a
// part that is not there. (excelize 2.11.1 unpatched lost the notes of the
// first and refused the second; third_party/excelize/CHANGES.md.)
func TestAnnotateNotesOfOtherPrograms(t *testing.T) {
	for _, program := range []string{"openpyxl", "libreoffice"} {
		dir := filepath.Join("testdata", "notes", program)
		b := analyzed(t, dir)
		name := "建設部.xlsx"
		orig, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var fs []model.Finding
		for _, f := range b.Findings {
			if f.File == name {
				fs = append(fs, f)
			}
		}
		if !slices.ContainsFunc(fs, func(f model.Finding) bool { return f.Cell == "E21" }) {
			t.Fatalf("%s: no finding on E21, the cell with the department's note", dir)
		}
		name = program + "/" + name
		if n := checkTarget(t, orig, name, fs); n == 0 {
			t.Fatalf("%s: no finding with a cell", name)
		}
		copied, err := feedback.Annotate(orig, fs, feedback.Options{ReportDate: reportDate})
		if err != nil {
			t.Fatal(err)
		}
		po, pc := parts(t, orig), parts(t, copied)
		for part := range pc {
			if strings.HasPrefix(part, "/") {
				t.Errorf("%s: part %q", name, part)
			}
			if strings.Contains(part, "comments") {
				if _, ok := po[part]; !ok {
					t.Errorf("%s: a second comments part %s", name, part)
				}
			}
		}
		for _, m := range regexp.MustCompile(`PartName="/([^"]+)"`).FindAllStringSubmatch(string(pc["[Content_Types].xml"]), -1) {
			if _, ok := pc[m[1]]; !ok {
				t.Errorf("%s: [Content_Types].xml names %s, which is not in the copy", name, m[1])
			}
		}
	}
}

// TestReturnedCopyIsReadAsBefore: a copy submitted back as it was received
// gives the findings of the department's own workbook, and its 指摘事項 one
// note saying what that sheet is; its copy in turn lists the same findings
// once, on one 指摘事項.
func TestReturnedCopyIsReadAsBefore(t *testing.T) {
	src := filepath.Join("..", "..", "input", "建設部.xlsx")
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	b := analyzedFile(t, "建設部.xlsx", orig)
	copied, err := feedback.Annotate(orig, b.Findings, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	b2 := analyzedFile(t, "建設部.xlsx", copied)
	var rest []model.Finding
	list := 0
	for _, f := range b2.Findings {
		if f.Sheet == feedback.SheetName {
			list++
			if !strings.Contains(f.Message, "赤入れ版の指摘事項") {
				t.Errorf("the returned 指摘事項 is reported as %q", f.Message)
			}
			continue
		}
		rest = append(rest, f)
	}
	if list != 1 || !reflect.DeepEqual(rest, b.Findings) {
		t.Errorf("returned copy: %d notes on 指摘事項, findings\n%v\nwant\n%v", list, rest, b.Findings)
	}
	again, err := feedback.Annotate(copied, rest, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	g := open(t, again)
	if got := g.GetSheetList(); got[0] != feedback.SheetName || slices.Contains(got[1:], feedback.SheetName) || strings.HasPrefix(got[1], feedback.SheetName) {
		t.Errorf("sheets of the copy of the copy: %v", got)
	}
	checkList(t, "copy of the copy", g, rest)
}

// TestAnnotateSheetExcelizeCannotMark: a sheet whose name Excel does not
// allow (ending in an apostrophe; openpyxl writes it) gets no mark, and the
// heading of 指摘事項 says so, naming it; its findings are listed.
func TestAnnotateSheetExcelizeCannotMark(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "取組11")
	f.SetCellValue("取組11", "A1", 1)
	renamed := rezip(t, write(t, f), func(name string, data []byte) (string, []byte) {
		if name == "xl/workbook.xml" {
			data = bytes.ReplaceAll(data, []byte(`name="取組11"`), []byte(`name="取組'11'"`))
		}
		return name, data
	})
	fs := []model.Finding{finding(model.SeverityError, "取組'11'", "A1", "値が違います")}
	copied, err := feedback.Annotate(renamed, fs, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := open(t, copied).GetRows(feedback.SheetName)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rows[0][0], "シート「取組'11'」は名前か中身が Excel の決まりに合わない") || len(rows) != 3 || rows[2][3] != "値が違います" {
		t.Errorf("指摘事項 %q", rows)
	}
}

// TestAnnotateNotesPartOfAnotherSheet: LibreOffice numbers the notes part
// by the sheet's position (notes on the second sheet only:
// xl/comments2.xml). A note added to the first sheet must get a part of
// its own, not that one (excelize counted parts and took comments2.xml,
// so both sheets showed both sets of notes, and a finding on the cell of
// the department's note failed the copy).
func TestAnnotateNotesPartOfAnotherSheet(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join("testdata", "notes", "libreoffice-second.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	fs := []model.Finding{finding(model.SeverityError, "Sheet1", "B2", "一のエラー"), finding(model.SeverityError, "B", "B2", "Bのエラー"),
		finding(model.SeverityWarning, "C", "A1", "Cの警告")}
	checkTarget(t, orig, "libreoffice-second.xlsx", fs)
}

// TestAnnotateCopySavedByExcel: Excel names worksheet parts by tab
// position and keeps the sheets' ids, so in a copy it saved, 指摘事項 is
// sheet1.xml and the department's sheet sheet2.xml. The new 指摘事項 must
// not be written over sheet2.xml (excelize named the part after the next
// id: third_party/excelize/CHANGES.md, change 4).
func TestAnnotateCopySavedByExcel(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellStr("Sheet1", "A1", "部の大事なデータ")
	f.SetCellInt("Sheet1", "B2", 42)
	orig := write(t, f)
	fs := []model.Finding{finding(model.SeverityError, "Sheet1", "B2", "一回目")}
	once, err := feedback.Annotate(orig, fs, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	// As Excel saves it: the parts of the two sheets swap names.
	swap := map[string]string{
		"xl/worksheets/sheet1.xml": "xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.xml": "xl/worksheets/sheet1.xml",
		"xl/worksheets/_rels/sheet1.xml.rels": "xl/worksheets/_rels/sheet2.xml.rels", "xl/worksheets/_rels/sheet2.xml.rels": "xl/worksheets/_rels/sheet1.xml.rels",
	}
	returned := rezip(t, once, func(name string, data []byte) (string, []byte) {
		if name == "xl/_rels/workbook.xml.rels" {
			data = []byte(strings.NewReplacer("worksheets/sheet1.xml", "worksheets/sheet2.xml", "worksheets/sheet2.xml", "worksheets/sheet1.xml").Replace(string(data)))
		}
		return cmp.Or(swap[name], name), data
	})
	if v, _ := open(t, returned).GetCellValue("Sheet1", "A1"); v != "部の大事なデータ" {
		t.Fatalf("the swap is wrong: Sheet1!A1 %q", v)
	}
	twice, err := feedback.Annotate(returned, fs, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	h := open(t, twice)
	if v, _ := h.GetCellValue("Sheet1", "A1"); v != "部の大事なデータ" {
		t.Errorf("the department's sheet was overwritten: Sheet1!A1 %q, sheets %v", v, h.GetSheetList())
	}
	if rows, _ := h.GetRows(feedback.SheetName); len(rows) != 3 || rows[2][3] != "一回目" {
		t.Errorf("指摘事項 %q", rows)
	}
}

// rezip writes the parts of the workbook data, in name order, into a new
// zip, each through edit, which may rename it and change its bytes.
func rezip(t *testing.T, data []byte, edit func(name string, content []byte) (string, []byte)) []byte {
	t.Helper()
	p := parts(t, data)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, name := range slices.Sorted(maps.Keys(p)) {
		name, content := edit(name, p[name])
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(content)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestAnnotateListTheDepartmentEdited: a remark typed under the old
// 指摘事項 keeps the list (as 前回の指摘事項), and a finding line the
// department edited on the list still leaves the note.
func TestAnnotateListTheDepartmentEdited(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellInt("Sheet1", "B2", 42)
	f.SetCellInt("Sheet1", "C3", 7)
	if err := f.AddComment("Sheet1", excelize.Comment{Cell: "B2", Author: "佐藤", Text: "部のメモ"}); err != nil {
		t.Fatal(err)
	}
	orig := write(t, f)
	once, err := feedback.Annotate(orig, []model.Finding{finding(model.SeverityError, "Sheet1", "B2", "一回目の指摘")}, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	g := open(t, once)
	g.SetCellStr(feedback.SheetName, "A5", "全件対応しました（総務課 田中）")
	g.SetCellStr(feedback.SheetName, "D3", "一回目の指摘 → 修正済み")
	twice, err := feedback.Annotate(write(t, g), []model.Finding{finding(model.SeverityInfo, "Sheet1", "C3", "別")}, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	h := open(t, twice)
	if v, _ := h.GetCellValue("前回の指摘事項", "A5"); v != "全件対応しました（総務課 田中）" {
		t.Errorf("the department's remark: %q, sheets %v", v, h.GetSheetList())
	}
	if n := notesOf(t, h)["B2"]; n != "部のメモ" {
		t.Errorf("B2 note %q, want the department's alone", n)
	}
	// Submitted again, the kept list is read as planreport's, not as a
	// sheet of unknown layout.
	var kept []string
	for _, f := range analyzedFile(t, "部.xlsx", twice).Findings {
		if f.Sheet == "前回の指摘事項" {
			kept = append(kept, f.Message)
		}
	}
	if len(kept) != 1 || !strings.Contains(kept[0], "残した前回の指摘事項") {
		t.Errorf("the kept list is reported as %q", kept)
	}
}
