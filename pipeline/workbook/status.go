package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
	"planreport/pipeline/reportdoc"
	"planreport/pipeline/status"
)

// sheetStatus is the submission status (提出状況), the rows of the report's
// section of that name (package status computes them).
const sheetStatus = "提出状況"

// Kinds of row of 提出状況 (its 区分 column).
const (
	statusKindBook    = "ブック"
	statusKindMissing = "未提出"
	statusKindBlank   = "未記入"
	// statusUnknownDept stands for the department of a workbook whose file
	// name names none and whose sheets could not be read.
	statusUnknownDept = "（不明）"
)

var statusHeader = []string{"担当部", "区分", "番号", "内容", "年度", "ファイル", "シート", "セル", "最終保存日時", "最終保存者"}

var statusCountHeader = []string{"担当部", "ブック", "シート", "未提出", "未記入", "エラー", "警告"}

// statusTable builds 提出状況: one row per department and workbook
// received (ブック), initiative of the 取組一覧 without a sheet (未提出) and
// indicator without the evaluation year's actual (未記入), filterable by
// department and kind; below the table, each department's counts.
func statusTable(tab status.Table, st *styles) *table {
	t := newTable(sheetStatus, statusHeader)
	t.landscape = true
	book := func(dept excelize.Cell, f status.File) {
		kind := statusKindBook
		if f.Unread {
			kind += "（" + reportdoc.FileState(f) + "）"
		}
		t.add(dept, text(st.text, kind), empty(st.text), empty(st.text), empty(st.text),
			text(st.text, f.Name), empty(st.text), empty(st.text), text(st.text, f.Modified), text(st.text, f.ModifiedBy))
	}
	for _, d := range tab.Departments {
		name := text(st.text, d.Name)
		for _, f := range d.Files {
			book(name, f)
		}
		for _, m := range d.Missing {
			t.add(name, text(st.text, statusKindMissing), text(st.text, fmt.Sprintf("%d-%d", m.GoalNumber, m.Number)),
				text(st.text, m.Title), empty(st.text), text(st.text, m.Source.File), text(st.text, m.Source.Sheet),
				text(st.text, m.Source.Cell), empty(st.text), empty(st.text))
		}
		for _, b := range d.Blank {
			t.add(name, text(st.text, statusKindBlank), text(st.text, fmt.Sprintf("%d-%d", b.GoalNumber, b.Number)),
				text(st.text, b.Indicator), text(st.text, b.Year.Display()), text(st.text, b.Source.File),
				text(st.text, b.Source.Sheet), text(st.text, b.Source.Cell), empty(st.text), empty(st.text))
		}
	}
	for _, f := range tab.Unattributed {
		book(text(st.text, statusUnknownDept), f)
	}
	if len(tab.Departments) == 0 {
		return t
	}
	caption := "担当部別の件数"
	if tab.EvaluationYear != 0 {
		caption += "（未記入は" + model.Wareki(tab.EvaluationYear) + "の実績、計画期間が先に終わった取組はその最終年度の実績）"
	}
	t.addCaption(text(st.title, caption))
	header := make([]excelize.Cell, len(statusCountHeader))
	for i, h := range statusCountHeader {
		header[i] = text(st.header, h)
	}
	t.addBelow(header...)
	count := func(n int) excelize.Cell { return excelize.Cell{StyleID: st.count, Value: n} }
	for _, d := range tab.Departments {
		t.addBelow(text(st.text, d.Name), count(len(d.Files)), count(d.Sheets), count(len(d.Missing)),
			count(len(d.Blank)), count(d.Errors), count(d.Warnings))
	}
	return t
}
