package feedback_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// TestAnnotateACopyAgain: a copy sent back as it was received already has
// a 指摘事項; the new list is 指摘事項 (2), in front, and the old one is kept
// as the department's sheet. A second finding on a cell adds to its note.
func TestAnnotateACopyAgain(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "値")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	fs := []model.Finding{finding(model.SeverityWarning, "Sheet1", "A1", "一回目")}
	once, err := feedback.Annotate(buf.Bytes(), fs, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	fs2 := []model.Finding{finding(model.SeverityError, "Sheet1", "A1", "二回目"), finding(model.SeverityInfo, "Sheet1", "A1", "同じセル")}
	twice, err := feedback.Annotate(once, fs2, feedback.Options{ReportDate: reportDate})
	if err != nil {
		t.Fatal(err)
	}
	g := open(t, twice)
	if got := g.GetSheetList(); !slices.Equal(got, []string{"指摘事項 (2)", "指摘事項", "Sheet1"}) {
		t.Fatalf("sheets %v", got)
	}
	cs, _ := g.GetComments("Sheet1")
	if len(cs) != 1 || !strings.Contains(commentText(cs[0]), "一回目") || !strings.Contains(commentText(cs[0]), "二回目") ||
		!strings.Contains(commentText(cs[0]), "同じセル") || strings.Index(commentText(cs[0]), "一回目") > strings.Index(commentText(cs[0]), "二回目") {
		t.Errorf("note %v", cs)
	}
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
