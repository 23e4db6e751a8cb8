package ingest

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
)

// TestHeaderCellsByPosition: header values are read in the template's
// places (number B3, title C3, 課内の番号 D3, department F1). A blank,
// hidden or uncomputable cell is reported at that cell and never takes
// its neighbour's value; a formula saved without its result (openpyxl, a
// generating program) is computed as a target's is. Before, the 課内の番号
// became the title silently, B3 and C3 blank made D3 the number, and an
// uncomputed number made the title the number and dropped the sheet.
func TestHeaderCellsByPosition(t *testing.T) {
	cases := []struct {
		name          string
		edit          func(f *excelize.File)
		number        int
		title, dept   string
		findings      []string // code@cell that must be there
		noFindingCode string   // a code that must not be there
	}{
		{"title blank", func(f *excelize.File) { f.SetCellValue("取組1", "C3", "") },
			1, "", "復興政策部", []string{CodeMissingItemTitle + "@C3"}, ""},
		{"number and title blank", func(f *excelize.File) {
			f.SetCellValue("取組1", "B3", "")
			f.SetCellValue("取組1", "C3", "")
		}, 0, "", "復興政策部", []string{CodeMissingNumber + "@B3", CodeMissingItemTitle + "@C3"}, ""},
		{"title column hidden", func(f *excelize.File) { f.SetColVisible("取組1", "C", false) },
			1, "", "復興政策部", []string{CodeMissingItemTitle + "@C3"}, ""},
		{"number blank", func(f *excelize.File) { f.SetCellValue("取組1", "B3", "") },
			0, "市民との協働の推進", "復興政策部", []string{CodeMissingNumber + "@B3"}, CodeBadNumber},
		{"formulas without results", func(f *excelize.File) {
			formulaOnly(f, "B3", "4+5")
			formulaOnly(f, "C3", `"財政状況"&"の公表"`)
			formulaOnly(f, "F1", `"財務部"`)
		}, 9, "財政状況の公表", "財務部", []string{CodeFormulaComputed + "@B3", CodeFormulaComputed + "@C3", CodeFormulaComputed + "@F1"}, CodeBadNumber},
		{"formula not computed", func(f *excelize.File) {
			formulaOnly(f, "B3", "VLOOKUP(1,データ!A1:B2,2,FALSE)")
		}, 0, "市民との協働の推進", "復興政策部", []string{CodeFormulaNoValue + "@B3", CodeMissingNumber + "@B3"}, CodeBadNumber},
		{"department blank", func(f *excelize.File) { f.SetCellValue("取組1", "F1", "") },
			1, "市民との協働の推進", "", []string{CodeMissingDepartment + "@F1"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := heiseiSpec()
			s.department = "復興政策部"
			data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
				if _, err := f.NewSheet("データ"); err != nil {
					t.Fatal(err)
				}
				tc.edit(f)
			})
			b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
			have := map[string]bool{}
			for _, f := range b.Findings {
				have[f.Code+"@"+f.Cell] = true
				if f.Code == tc.noFindingCode {
					t.Errorf("unexpected %s", dump([]model.Finding{f}))
				}
			}
			for _, w := range tc.findings {
				if !have[w] {
					t.Errorf("no %s\n%s", w, dump(b.Findings))
				}
			}
			if len(b.Initiatives) != 1 {
				t.Fatalf("%d initiatives\n%s", len(b.Initiatives), dump(b.Findings))
			}
			in := b.Initiatives[0]
			if in.Number != tc.number || in.Title != tc.title || in.Department != tc.dept {
				t.Errorf("number %d title %q department %q, want %d %q %q\n%s", in.Number, in.Title, in.Department, tc.number, tc.title, tc.dept, dump(b.Findings))
			}
		})
	}
}

// formulaOnly replaces cell of 取組1 by a formula saved without a result.
func formulaOnly(f *excelize.File, cell, formula string) {
	_ = f.SetCellValue("取組1", cell, nil)
	_ = f.SetCellFormula("取組1", cell, formula)
}

// TestDepartmentCaptionForms: 担当部名 with a colon, or the short 担当部,
// is the department's caption; before, the sheet went to 担当部未記入 with
// an error at no cell.
func TestDepartmentCaptionForms(t *testing.T) {
	for _, caption := range []string{"担当部名：", "担当部名:", "担当部", "担当部："} {
		text := strings.Replace(headerGrid("5", "市民と協働", "9", "財政状況の公表"), "\t担当部名\t", "\t"+caption+"\t", 1)
		res := parseSheet(model.Source{File: "a.xlsx", Sheet: "s"}, gridFromText(text, ""), nil)
		if res.initiative == nil || res.initiative.Department != "総務部" || res.initiative.DepartmentCell != "F1" {
			t.Errorf("%s: %+v\n%s", caption, res.initiative, dump(res.findings))
		}
		for _, f := range res.findings {
			if f.Code == CodeMissingDepartment {
				t.Errorf("%s: %s", caption, dump([]model.Finding{f}))
			}
		}
	}
}

// TestSectionInDepartment: 「財務部 財政課」 in 担当部名 is the department
// 財務部 with its section written beside it, not two departments (trial J:
// 財政課 got a department PDF of its own), with a warning at F1. Two names
// joined by ・ stay two departments, and a name with a space inside stays
// one (総務　部). The warning quotes the cell as written.
func TestSectionInDepartment(t *testing.T) {
	for _, c := range []struct {
		written, want string
		warned        bool
	}{
		{"財務部 財政課", "財務部", true},
		{"財務部　財政課", "財務部", true},
		{"総務部・財務部", "総務部・財務部", false},
		{"総務　部", "総務部", false},
		{"総務部 財務部", "総務部・財務部", false},
	} {
		text := strings.Replace(headerGrid("5", "市民と協働", "9", "財政状況の公表"), "担当部名\t総務部", "担当部名\t"+c.written, 1)
		res := parseSheet(model.Source{File: "a.xlsx", Sheet: "s"}, gridFromText(text, ""), nil)
		if res.initiative == nil || res.initiative.Department != c.want {
			t.Errorf("%s: %+v\n%s", c.written, res.initiative, dump(res.findings))
			continue
		}
		var warned bool
		for _, f := range res.findings {
			warned = warned || (f.Code == CodeSectionInDepartment && f.Cell == "F1" && strings.Contains(f.Message, "担当課名") &&
				strings.Contains(f.Message, "担当部名「"+c.written+"」"))
		}
		if warned != c.warned {
			t.Errorf("%s: warned %v, want %v\n%s", c.written, warned, c.warned, dump(res.findings))
		}
	}
}

// TestMissingDepartmentLabel: a header without 担当部名 is an error at the
// cell where the department's name belongs (F1 in the template, found
// from 担当課名 or the title), saying where to write the caption and the
// name; A1 when the header has neither. Before, the error had no cell.
func TestMissingDepartmentLabel(t *testing.T) {
	cases := []struct {
		name   string
		shift  bool // the sheet starting in B3
		edit   func(f *excelize.File)
		cell   string
		phrase string
	}{
		{"caption blank", false, func(f *excelize.File) { f.SetCellValue("取組1", "E1", nil) },
			"F1", "セルE1に「担当部名」、その右のセルF1に担当部の名前を入力してください"},
		{"caption of another word", false, func(f *excelize.File) { f.SetCellValue("取組1", "E1", "担当部署") },
			"F1", "セルE1の「担当部署」を「担当部名」に直し、その右のセルF1に"},
		{"no 担当課名 either: from the title", false, func(f *excelize.File) {
			f.SetCellValue("取組1", "E1", nil)
			f.SetCellValue("取組1", "E2", nil)
		}, "F1", "セルE1に「担当部名」"},
		{"shifted sheet", true, func(f *excelize.File) { f.SetCellValue("取組1", "F3", nil) },
			"G3", "セルF3に「担当部名」、その右のセルG3に"},
		{"no title and no 担当課名", false, func(f *excelize.File) {
			f.SetCellValue("取組1", "A1", nil)
			f.SetCellValue("取組1", "E1", nil)
			f.SetCellValue("取組1", "E2", nil)
		}, "A1", "様式のとおり、セルE1に「担当部名」"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := heiseiSpec()
			if tc.shift {
				s.row0, s.col0 = 2, 1
			}
			b := readFiles(t, map[string][]byte{"a.xlsx": buildBook(t, []sheetSpec{s}, tc.edit)}, Options{})
			fs := findingsWith(b, CodeMissingDepartment)
			if len(fs) != 1 || fs[0].Cell != tc.cell || !strings.Contains(fs[0].Message, tc.phrase) ||
				!strings.Contains(fs[0].Message, model.NoDepartment) {
				t.Errorf("want %s with %q:%s", tc.cell, tc.phrase, dump(b.Findings))
			}
		})
	}
}

// TestSectionCaptionAndBlank: 担当課 (and 担当課：) is the section's caption
// as 担当課名 is, and a blank section is a warning at its cell, hidden or
// uncomputed said as for the other header cells. Before, the section was
// silently empty in both cases.
func TestSectionCaptionAndBlank(t *testing.T) {
	cases := []struct {
		name     string
		edit     func(f *excelize.File)
		section  string
		finding  string // code@cell, "" for none
		severity model.Severity
	}{
		{"担当課", func(f *excelize.File) { f.SetCellValue("取組1", "E2", "担当課") }, "地域協働課", "", ""},
		{"担当課：", func(f *excelize.File) { f.SetCellValue("取組1", "E2", "担当課：") }, "地域協働課", "", ""},
		{"section blank", func(f *excelize.File) { f.SetCellValue("取組1", "F2", nil) },
			"", CodeMissingSection + "@F2", model.SeverityWarning},
		{"担当課 and section blank", func(f *excelize.File) {
			f.SetCellValue("取組1", "E2", "担当課")
			f.SetCellValue("取組1", "F2", "　")
		}, "", CodeMissingSection + "@F2", model.SeverityWarning},
		{"section column hidden", func(f *excelize.File) { f.SetColVisible("取組1", "F", false) },
			"", CodeMissingSection + "@F2", model.SeverityWarning},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := readFiles(t, map[string][]byte{"a.xlsx": buildBook(t, []sheetSpec{heiseiSpec()}, tc.edit)}, Options{})
			in := onlyInitiative(t, b)
			if in.Section != tc.section {
				t.Errorf("section %q, want %q", in.Section, tc.section)
			}
			fs := findingsWith(b, CodeMissingSection)
			switch {
			case tc.finding == "" && len(fs) != 0:
				t.Errorf("unexpected:%s", dump(fs))
			case tc.finding != "" && (len(fs) != 1 || fs[0].Code+"@"+fs[0].Cell != tc.finding || fs[0].Severity != tc.severity ||
				!strings.Contains(fs[0].Message, "担当課が入力されていません")):
				t.Errorf("want %s %s:%s", tc.severity, tc.finding, dump(b.Findings))
			}
		})
	}
}
