package deliver

import (
	"fmt"
	"path/filepath"
	"strings"

	dmail "planreport/pipeline/deliver/mail"
	"planreport/pipeline/model"
	"planreport/pipeline/status"
)

// departmentMessage tells a department its own findings: the counts, what
// it has not submitted or filled in, the most important findings, and its
// annotated copies, attached when they are small enough, else where they
// are (its folder, when it has one that exists, or the output folder).
func departmentMessage(cfg Config, sum RunSummary, sh DepartmentShare, folder string) dmail.Message {
	d := sh.Status
	date := model.WarekiDateOr(sum.ReportDate)
	var b strings.Builder
	fmt.Fprintf(&b, "%s ご担当者様\n\n", d.Name)
	if sh.empty() {
		fmt.Fprintf(&b, "%s（%s）の集計で、貴部への指摘はなくなりました。前回お知らせした指摘はすべて解消しています。\n", reportTitle(cfg), date)
	} else {
		fmt.Fprintf(&b, "%s（%s）の集計で、貴部の取組管理シートについて次の指摘があります。（このメールは、貴部への指摘が前回のお知らせから変わったときにだけお送りしています。）\n", reportTitle(cfg), date)
		departmentCounts(&b, sh)
		departmentLists(&b, sh)
		departmentFindings(&b, d.Findings)
	}
	var m dmail.Message
	m.Attachments = departmentCopies(&b, cfg, sh, folder)
	departmentNextSteps(&b, sh)
	footer(&b, cfg)
	m.Subject = fmt.Sprintf("【%s】%sへの指摘（%s）（%s）", reportTitle(cfg), d.Name, departmentWhat(sh), date)
	m.Body = b.String()
	return m
}

// departmentWhat is the subject's summary: エラー1件・未記入2件, or 解消.
func departmentWhat(sh DepartmentShare) string {
	d := sh.Status
	var what []string
	for _, c := range []struct {
		label string
		n     int
	}{{"エラー", d.Errors}, {"警告", d.Warnings}, {"未提出", len(d.Missing)}, {"未記入", len(d.Blank)}} {
		if c.n > 0 {
			what = append(what, fmt.Sprintf("%s%d件", c.label, c.n))
		}
	}
	if len(what) == 0 {
		if len(d.Findings) > 0 {
			return fmt.Sprintf("情報%d件", len(d.Findings))
		}
		return "すべて解消"
	}
	return strings.Join(what, "・")
}

func departmentCounts(b *strings.Builder, sh DepartmentShare) {
	d := sh.Status
	infos := len(d.Findings) - d.Errors - d.Warnings
	b.WriteString("\n■ 件数\n")
	fmt.Fprintf(b, "・エラー：%d件　警告：%d件　情報：%d件\n", d.Errors, d.Warnings, infos)
	// The years the blanks are owed for: a sheet whose plan ended before
	// the evaluation year owes its last year, and the count must name the
	// year of the cells listed below it.
	year := status.BlankYears(d.Blank)
	if year == "" {
		year = "評価年度"
		if sh.EvaluationYear != 0 {
			year = model.Wareki(sh.EvaluationYear)
		}
	}
	fmt.Fprintf(b, "・未提出の取組：%d件　%sの実績の未記入：%d件\n", len(d.Missing), year, len(d.Blank))
}

// departmentNextSteps says what the department is to do: a list of
// findings alone leaves it asking what to correct where, and to whom the
// corrected workbook goes. The annotated copy itself may be corrected and
// sent back (it is read like the department's own workbook). Nothing is
// asked when there are only findings for information.
func departmentNextSteps(b *strings.Builder, sh DepartmentShare) {
	d := sh.Status
	if d.Errors+d.Warnings == 0 && len(d.Blank) == 0 && len(d.Missing) == 0 {
		return
	}
	b.WriteString("\n■ お願い\n")
	if len(sh.Copies) > 0 {
		b.WriteString("赤入れ版でメモが付き色が塗られたセル（エラーは赤、警告は黄色）を直してください。" +
			"赤入れ版のブックをそのまま直して提出していただいてもかまいません。\n")
	}
	if len(d.Blank) > 0 {
		b.WriteString("未記入の実績値は、上の一覧のセルに記入してください。\n")
	}
	if len(d.Missing) > 0 {
		b.WriteString("未提出の取組は、取組管理シートを記入してください。\n")
	}
	b.WriteString("直したブックは、企画担当課へ提出し直してください。\n")
}

func departmentLists(b *strings.Builder, sh DepartmentShare) {
	d := sh.Status
	if len(d.Missing) > 0 {
		b.WriteString("\n■ 未提出（取組一覧にあって取組管理シートがない取組）\n")
		for _, m := range d.Missing {
			fmt.Fprintf(b, "・%d-%d %s（%s）\n", m.GoalNumber, m.Number, m.Title, where(m.Source))
		}
	}
	if len(d.Blank) > 0 {
		b.WriteString("\n■ 未記入（目標値があって実績値がない指標）\n")
		for _, bl := range d.Blank {
			fmt.Fprintf(b, "・%d-%d %s %s（%s）\n", bl.GoalNumber, bl.Number, bl.Indicator, bl.Year.Display(), where(bl.Source))
		}
	}
}

// departmentFindings lists the most important findings first (errors,
// then warnings, then information), MaxFindingsInMail of them.
func departmentFindings(b *strings.Builder, fs []model.Finding) {
	if len(fs) == 0 {
		return
	}
	top := topFindings(fs, MaxFindingsInMail)
	if len(fs) > len(top) {
		fmt.Fprintf(b, "\n■ 主な指摘（全%d件のうち先頭%d件）\n", len(fs), len(top))
	} else {
		b.WriteString("\n■ 指摘\n")
	}
	for _, f := range top {
		fmt.Fprintf(b, "・%s［%s］%s\n", where(f.Source), f.Severity.Label(), f.Message)
	}
}

// departmentCopies attaches the annotated copies when together they are
// within the attachment limit, and otherwise says where they are.
func departmentCopies(b *strings.Builder, cfg Config, sh DepartmentShare, folder string) []dmail.Attachment {
	if len(sh.Copies) == 0 {
		return nil
	}
	var atts []dmail.Attachment
	var total int64
	for _, c := range sh.Copies {
		f := describeFile(c, CopyName(c))
		if f.Path == "" {
			continue
		}
		total += f.Size
		atts = append(atts, dmail.Attachment{Name: f.Name, Path: f.Path, SHA256: f.SHA256, Size: f.Size,
			ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
	}
	b.WriteString("\n■ 赤入れ版（指摘をセルにメモで記入したブック）\n")
	if len(atts) > 0 && attachable(total, attachLimitOf(cfg.SMTP)) {
		for _, a := range atts {
			fmt.Fprintf(b, "添付ファイル：%s（%s）\n", a.Name, humanSize(a.Size))
		}
		return atts
	}
	where := folder
	if where == "" {
		where = filepath.Dir(sh.Copies[0])
	}
	fmt.Fprintf(b, "容量が大きいため添付していません。次の場所にあります。\n%s\n", where)
	for _, c := range sh.Copies {
		name := filepath.Base(c)
		if folder != "" {
			name = CopyName(c)
		}
		fmt.Fprintf(b, "・%s\n", name)
	}
	return nil
}
