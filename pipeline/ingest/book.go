package ingest

import (
	"context"
	"fmt"
	"strings"

	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
)

// bookResult is what one workbook gave.
type bookResult struct {
	initiatives []*model.Initiative
	indexes     []model.GoalIndex
	findings    []model.Finding
}

// readBook parses every sheet of a book the reader opened: each worksheet
// read into a grid (or left out with the reader's finding), then parsed as
// a management sheet, a goal index or nothing.
func readBook(ctx context.Context, name string, book *xlsx.Book) bookResult {
	var res bookResult
	if links := book.ExternalLinks(); len(links) > 0 {
		src := model.Source{File: name}
		res.findings = append(res.findings, model.Finding{Severity: model.SeverityWarning, Code: CodeExternalLink, Source: src,
			Message: fmt.Sprintf("他のファイルへのリンク（%s）がありますが、リンク先は開きません。リンクを使う数式には、ファイルに保存された値を使います（古い可能性があります）", strings.Join(links, "、"))})
	}
	memo := labelMemo{} // captions repeat on every sheet
	for _, sheet := range book.Sheets() {
		if ctx.Err() != nil {
			return res
		}
		res.readSheet(model.Source{File: name, Sheet: sheet.Name}, book, sheet, memo)
	}
	return res
}

// readSheet reads and parses one sheet into res.
func (res *bookResult) readSheet(src model.Source, book *xlsx.Book, sheet xlsx.Sheet, memo labelMemo) {
	add := func(sev model.Severity, code, msg string) {
		res.findings = append(res.findings, model.Finding{Severity: sev, Code: code, Source: src, Message: xlsx.CleanMessage(msg)}) // an XML error may quote invalid UTF-8
	}
	if !sheet.Worksheet {
		add(model.SeverityInfo, CodeSheetNotWorksheet, "グラフなどのシートで表ではないため、読み飛ばしました")
		return
	}
	g, findings, rej := book.Grid(src, sheet)
	if rej != nil {
		add(model.SeverityError, rej.Code, rej.Msg)
		return
	}
	sr := parseSheet(src, g, memo)
	noteHiddenYears(findings, sr.hiddenYears)
	if sr.kind != sheetFindings {
		// planreport's own list says one thing: what it is (its cells
		// are planreport's, nothing about them is the department's).
		res.findings = append(res.findings, findings...)
	}
	res.findings = append(res.findings, sr.findings...)
	if sheet.Hidden && (sr.kind == sheetManagement || sr.kind == sheetIndex) {
		// Read, so that nothing is lost; the check stage prefers a
		// visible sheet of the same initiative (a hidden one is often an
		// old copy) and warns when the report uses a hidden one.
		add(model.SeverityInfo, CodeSheetHidden, "非表示のシートですが、内容を読みました")
	}
	if sr.initiative != nil {
		sr.initiative.SheetHidden = sheet.Hidden
		res.initiatives = append(res.initiatives, sr.initiative)
	}
	if sr.index != nil {
		res.indexes = append(res.indexes, *sr.index)
	}
}
