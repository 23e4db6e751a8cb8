package pdfreport

import (
	"fmt"
	"strconv"

	"planreport/pipeline/layout"
	"planreport/pipeline/model"
	"planreport/pipeline/status"
)

// anchorStatus is the section 提出状況 of the consolidated report.
const anchorStatus = "status"

// statusSub heads a department's 未提出 and 未記入 lists (under the
// department's H2).
var statusSub = layout.TextStyle{Font: layout.Font{Bold: true, Size: 9.5}, Color: textColor, LineHeight: 1.5, Level: 3}

// statusTOC is the contents line of 提出状況: the consolidated report has
// the section, a department's own PDF does not.
func (r *report) statusTOC() []tocEntry {
	if r.opt.Department != "" {
		return nil
	}
	return []tocEntry{{title: "提出状況", anchor: anchorStatus}}
}

// submissionStatus sets 提出状況 (package status computes it) on a new
// page: a table of the departments, then for each what it submitted and
// what it still owes, with the cells.
func (r *report) submissionStatus(f *layout.Flow) {
	if r.opt.Department != "" {
		return
	}
	tab := status.Compute(r.b)
	f.NewPage()
	heading(f, "提出状況", anchorStatus, 0)
	due := "報告日が日付でないため、実績の記入は確かめていません。"
	if tab.EvaluationYear != 0 {
		due = fmt.Sprintf("実績は%s（報告日の前に終わった最新の年度）の分を確かめます。", model.Wareki(tab.EvaluationYear))
	}
	f.Paragraph("担当部ごとに、受け取ったブックとシート、取組一覧にあって取組管理シートのない取組（未提出）、目標値があって実績値のない指標（未記入）、エラーと警告の件数を示します。"+due, body)
	f.Space(8)
	if len(tab.Departments) == 0 {
		f.Paragraph("（担当部はありません）", note)
		return
	}
	f.Table(r.statusTable(tab))
	for _, d := range tab.Departments {
		f.Space(12)
		r.statusDepartment(f, d)
	}
}

// statusTable is the overview: one row per department.
func (r *report) statusTable(tab status.Table) *layout.Table {
	right := layout.AlignRight
	cols := []layout.Column{{Width: 0}, {Width: 44, Align: right}, {Width: 44, Align: right}, {Width: 44, Align: right},
		{Width: 44, Align: right}, {Width: 44, Align: right}, {Width: 44, Align: right}}
	var rows [][]layout.Cell
	for _, d := range tab.Departments {
		row := cells(d.Name, strconv.Itoa(len(d.Files)), strconv.Itoa(d.Sheets), strconv.Itoa(len(d.Missing)),
			strconv.Itoa(len(d.Blank)), strconv.Itoa(d.Errors), strconv.Itoa(d.Warnings))
		for i := 3; i <= 5; i++ {
			if row[i].Text != "0" {
				row[i].Color, row[i].Bold = &warnColor, true
			}
		}
		rows = append(rows, row)
	}
	t := r.table(cols, []string{"担当部", "ブック", "シート", "未提出", "未記入", "エラー", "警告"}, rows)
	t.RowHeaders = true // each row is a department's
	return t
}

// statusDepartment sets one department's workbooks, 未提出 and 未記入.
func (r *report) statusDepartment(f *layout.Flow, d status.Department) {
	groupTitle := h3
	groupTitle.Level = 2
	f.Heading(d.Name, groupTitle, 60)
	if len(d.Files) == 0 {
		f.Paragraph("受け取ったブックはありません。", body)
	} else {
		var rows [][]layout.Cell
		for _, fl := range d.Files {
			rows = append(rows, cells(fl.Name, fl.Modified, fl.ModifiedBy))
		}
		f.Table(r.table([]layout.Column{{Width: 0}, {Width: 96}, {Width: 110}}, []string{"ブック", "最終保存日時", "最終保存者"}, rows))
	}
	if len(d.Missing) > 0 {
		var rows [][]layout.Cell
		for _, m := range d.Missing {
			rows = append(rows, cells(fmt.Sprintf("%d-%d", m.GoalNumber, m.Number), m.Title, m.Source.File, m.Source.Sheet, orDash(m.Source.Cell)))
		}
		t := r.table(statusCellColumns(), []string{"番号", "未提出の取組", "ファイル", "シート", "セル"}, rows)
		f.Space(4)
		f.Heading("未提出（取組一覧にあって取組管理シートがない取組）", statusSub, f.StartHeight(t))
		f.Table(t)
	}
	if len(d.Blank) > 0 {
		var rows [][]layout.Cell
		for _, b := range d.Blank {
			rows = append(rows, cells(fmt.Sprintf("%d-%d", b.GoalNumber, b.Number), b.Indicator+"（"+b.Year.Display()+"）",
				b.Source.File, b.Source.Sheet, orDash(b.Source.Cell)))
		}
		t := r.table(statusCellColumns(), []string{"番号", "未記入の指標（年度）", "ファイル", "シート", "セル"}, rows)
		f.Space(4)
		f.Heading("未記入（目標値があって実績値がない指標）", statusSub, f.StartHeight(t))
		f.Table(t)
	}
}

func statusCellColumns() []layout.Column {
	center := layout.AlignCenter
	return []layout.Column{{Width: 34, Align: center}, {Width: 0}, {Width: 110}, {Width: 60}, {Width: 36, Align: center}}
}
