package reportdoc

import (
	"fmt"
	"strconv"

	"planreport/pipeline/model"
	"planreport/pipeline/status"
)

// The section 提出状況 of the consolidated report (package status computes it).
const (
	AnchorStatus  = "status"
	HeadingStatus = "提出状況"
	// Subheadings of a department's lists.
	HeadingMissing = "未提出（取組一覧にあって取組管理シートがない取組）"
	HeadingBlank   = "未記入（目標値があって実績値がない指標）"
	// HeadingUnattributed heads the workbooks no department can be told for.
	HeadingUnattributed = "担当部の分からないブック"
)

// FileState is what became of a received workbook, as the 状態 column
// says it.
func FileState(f status.File) string {
	switch {
	case !f.Unread:
		return "受付"
	case f.Status == model.FileRejected:
		return "読み込めず"
	default:
		return "シートを除外" // read, but every management sheet was left out (付録1 says why)
	}
}

// StatusSection is 提出状況: an overview table, then per department what
// it submitted and what it still owes, with the cells.
type StatusSection struct {
	Intro       string
	Empty       string // said instead of the tables when there is no department
	Overview    Table
	Departments []StatusDepartment
	// Unattributed lists the workbooks with no management sheet read
	// whose file name names no department (no rows: the part is left out),
	// UnattributedIntro says what they are.
	Unattributed      Table
	UnattributedIntro string
}

// StatusDepartment is one department's workbooks, 未提出 and 未記入.
type StatusDepartment struct {
	Name    string
	Files   Table  // no rows: NoFiles is said
	NoFiles string //
	Missing Table  // no rows: nothing missing, the list is left out
	Blank   Table
}

// HasStatus reports whether the document has the section: the
// consolidated report has it, a department's own PDF does not.
func (c *Content) HasStatus() bool { return c.Options.Department == "" }

// Status tabulates the submission status of the batch.
func (c *Content) Status() StatusSection {
	tab := status.Compute(c.Batch)
	due := "報告日が日付でないため、実績の記入は確かめていません。"
	if tab.EvaluationYear != 0 {
		due = fmt.Sprintf("実績は%s（報告日の前に終わった最新の年度）の分を確かめます（計画期間がそれより前に終わった取組は、計画の最終年度の分）。", model.Wareki(tab.EvaluationYear))
	}
	s := StatusSection{
		Intro: "担当部ごとに、受け取ったブックとシート、取組一覧にあって取組管理シートのない取組（未提出）、目標値があって実績値のない指標（未記入）、エラーと警告の件数を示します。" + due +
			"取組管理シートを一つも読み取れなかったブックは、ファイル名に担当部名があればその担当部に、なければ「" + HeadingUnattributed + "」に示します（理由は付録1の指摘事項）。",
		Empty:    "（担当部はありません）",
		Overview: Table{Caption: "担当部別の提出状況", Header: []string{"担当部", "ブック", "シート", "未提出", "未記入", "エラー", "警告"}, RowHeaders: 1},
	}
	for _, d := range tab.Departments {
		row := cells(d.Name, strconv.Itoa(len(d.Files)), strconv.Itoa(d.Sheets), strconv.Itoa(len(d.Missing)),
			strconv.Itoa(len(d.Blank)), strconv.Itoa(d.Errors), strconv.Itoa(d.Warnings))
		for i := 3; i <= 5; i++ {
			if row[i].Text != "0" {
				row[i].Mark = MarkError // owed or wrong: what the office chases
			}
		}
		s.Overview.Rows = append(s.Overview.Rows, row)
		s.Departments = append(s.Departments, statusDepartment(d))
	}
	s.Unattributed = filesTable("担当部の分からないブック", tab.Unattributed)
	s.UnattributedIntro = "ファイル名から担当部が分からず、取組管理シートも読み取れなかったブックです。提出した担当部を確かめてください。"
	return s
}

// filesTable lists received workbooks with what became of them; an
// unread one is marked, as it is what the office chases.
func filesTable(caption string, files []status.File) Table {
	t := Table{Caption: caption, Header: []string{"ブック", "状態", "最終保存日時", "最終保存者"}, RowHeaders: 1}
	for _, fl := range files {
		row := cells(fl.Name, FileState(fl), fl.Modified, fl.ModifiedBy)
		if fl.Unread {
			row[1].Mark = MarkError
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func statusDepartment(d status.Department) StatusDepartment {
	out := StatusDepartment{
		Name:    d.Name,
		NoFiles: "受け取ったブックはありません。",
		Files:   filesTable(d.Name+"の受け取ったブック", d.Files),
		Missing: Table{Caption: d.Name + "の未提出の取組", Header: []string{"番号", "未提出の取組", "ファイル", "シート", "セル"}},
		Blank:   Table{Caption: d.Name + "の未記入の指標", Header: []string{"番号", "未記入の指標（年度）", "ファイル", "シート", "セル"}},
	}
	for _, m := range d.Missing {
		out.Missing.Rows = append(out.Missing.Rows, cells(fmt.Sprintf("%d-%d", m.GoalNumber, m.Number), m.Title, m.Source.File, m.Source.Sheet, OrDash(m.Source.Cell)))
	}
	for _, b := range d.Blank {
		out.Blank.Rows = append(out.Blank.Rows, cells(fmt.Sprintf("%d-%d", b.GoalNumber, b.Number), b.Indicator+"（"+b.Year.Display()+"）",
			b.Source.File, b.Source.Sheet, OrDash(b.Source.Cell)))
	}
	return out
}
