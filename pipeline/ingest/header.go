package ingest

import (
	"slices"
	"strings"
	"unicode"

	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
	"planreport/templates"
)

// This file reads a management sheet as a whole: its header (title,
// department, goal, section, initiative number and title) and then its
// five blocks, each read by the file of its section (plans.go,
// indicators.go, results.go).

// headerRows are the rows of the header: from the title to the first
// block; title is the title label's cell, nil when the sheet has none.
type headerRows struct {
	start, end int
	title      *xlsx.Pos
}

// parseManagement reads a management sheet: the header fields in order,
// then the blocks. It returns nil for a sheet without an indicator block
// and without an initiative number, which no report can use.
func (p *parser) parseManagement(title xlsx.Pos, hasTitle bool, blocks [5]*block) *model.Initiative {
	in := &model.Initiative{Source: p.src}
	h := headerRows{end: p.g.Rows()}
	for _, b := range blocks {
		if b != nil {
			h.end = min(h.end, b.start)
		}
	}
	if hasTitle {
		h.start, h.title = title.Row, &title
	}
	p.readTitle(in, title, hasTitle)
	p.readDepartment(in, h)
	p.readGoal(in, h)
	p.readSection(in, h)
	p.readItem(in, h)
	if !p.checkBlocks(in, blocks) {
		return nil
	}
	p.readBlocks(in, blocks)
	in.Period = period(in)
	return in
}

// readTitle takes the sheet's source cell and department code from the
// title row.
func (p *parser) readTitle(in *model.Initiative, title xlsx.Pos, hasTitle bool) {
	if !hasTitle {
		p.add(model.SeverityError, CodeMissingTitle, nil,
			"表題「%s」が見つかりません（シートの先頭%d行・%d列以内に入力してください）", templates.LabelTitle, titleArea, titleArea)
		return
	}
	in.Source.Cell = title.Ref()
	if v := p.rightValues(title, lblDepartment); len(v) > 0 {
		in.DepartmentCode = normalize.Text(p.text(v[0]))
	}
}

// readDepartment reads 担当部名 and the department to its right.
func (p *parser) readDepartment(in *model.Initiative, h headerRows) {
	pos, ok := p.firstLabel(lblDepartment, h.start, h.end)
	if !ok {
		// 担当部, the index's column heading, written as the caption.
		pos, ok = p.firstLabel(lblDeptColumn, h.start, h.end)
	}
	if !ok {
		p.missingDepartmentLabel(h)
		return
	}
	at := pos
	if v := p.headerSlots(pos, departmentSlots, lblGoal, lblSection, lblItem); len(v) > 0 {
		at = v[0]
		raw := p.text(v[0])
		written := normalize.Text(raw)
		in.Department = organizationName(written)
		if dept, section, ok := departmentAndSection(written); ok {
			in.Department = dept
			p.add(model.SeverityWarning, CodeSectionInDepartment, &at,
				"担当部名「%s」に課の名前「%s」が入っているようです。担当部名には部の名前だけを入力し、課の名前は担当課名に入力してください（報告書では「%s」として集計しました）", asWritten(raw), section, dept)
		}
		if in.Department != "" {
			in.DepartmentCell = v[0].Ref()
		}
	}
	if in.Department == "" {
		p.add(model.SeverityError, CodeMissingDepartment, &at, "「担当部名」の右に担当部が入力されていません%s。報告書では「%s」として集計します", p.whyBlank(at), model.NoDepartment)
	}
}

// missingDepartmentLabel reports a header without 担当部名 at the cell
// where the department's name belongs, saying where to write both.
func (p *parser) missingDepartmentLabel(h headerRows) {
	label, name, ok := p.departmentPlace(h)
	if !ok {
		p.add(model.SeverityError, CodeMissingDepartment, &name,
			"「担当部名」の欄が見つかりません。様式のとおり、セルE1に「担当部名」、その右のセルF1に担当部の名前を入力してください。報告書では「%s」として集計します", model.NoDepartment)
		return
	}
	fix := "セル" + label.Ref() + "に「担当部名」"
	if s := p.text(label); s != "" {
		fix = "セル" + label.Ref() + "の「" + xlsx.Shorten(s, 20) + "」を「担当部名」に直し"
	}
	p.add(model.SeverityError, CodeMissingDepartment, &name,
		"「担当部名」の欄が見つかりません。%s、その右のセル%sに担当部の名前を入力してください。報告書では「%s」として集計します", fix, name.Ref(), model.NoDepartment)
}

// departmentPlace is where the template puts 担当部名 and the department
// (E1 and F1), found from the labels the header has: above 担当課名 (E2),
// else in the title's row, four and five columns right of it. ok is false
// when the header has neither; name is then A1.
func (p *parser) departmentPlace(h headerRows) (label, name xlsx.Pos, ok bool) {
	if s, found := p.firstLabel(lblSection, h.start, h.end); found && s.Row > h.start {
		label = xlsx.Pos{Row: s.Row - 1, Col: s.Col}
	} else if h.title != nil {
		label = xlsx.Pos{Row: h.title.Row, Col: h.title.Col + 4}
	} else {
		return xlsx.Pos{}, xlsx.Pos{}, false
	}
	return label, xlsx.Pos{Row: label.Row, Col: label.Col + 1}, true
}

// readGoal reads 基本目標: the goal number, its short name and the section
// code.
func (p *parser) readGoal(in *model.Initiative, h headerRows) {
	pos, ok := p.firstLabel(lblGoal, h.start, h.end)
	if !ok {
		if p.goalInLabel(in, h) {
			return
		}
		p.add(model.SeverityError, CodeMissingGoal, nil, "「基本目標」の欄が見つかりません。番号がないため、このシートは報告書に含めません")
		return
	}
	v := p.headerSlots(pos, goalSlots, lblSection, lblItem, lblDepartment)
	if len(v) == 0 {
		p.add(model.SeverityError, CodeMissingGoal, &pos, "「基本目標」の右に番号が入力されていません。番号がないため、このシートは報告書に含めません")
		return
	}
	got := p.headerNumbered(v, goalWords)
	in.GoalNumber = got.n
	if got.nameAt != nil {
		in.GoalName, in.GoalNameCell = got.name, got.nameAt.Ref()
	}
	if len(got.rest) > 0 {
		in.SectionCode = normalize.Text(p.text(got.rest[0]))
	}
}

// goalInLabel reads 基本目標 written with its number in the label's cell
// (基本目標５), as index sheets also write it; the goal's name and the
// section code are then the first two values to its right. ok is false
// when no header cell reads so.
func (p *parser) goalInLabel(in *model.Initiative, h headerRows) bool {
	for r := h.start; r < h.end && r < p.g.Rows(); r++ {
		for c, s := range p.g.Cells[r] {
			if s == "" || p.g.Covered(r, c) {
				continue
			}
			n, _, number, enclosed := goalInCell(s)
			if !number {
				continue
			}
			pos := xlsx.Pos{Row: r, Col: c}
			if enclosed {
				p.noteEnclosed(pos, n)
			}
			in.GoalNumber = n
			v := p.rightValues(pos, lblSection, lblItem, lblDepartment)
			if len(v) > 0 {
				in.GoalName, in.GoalNameCell = normalize.Text(p.text(v[0])), v[0].Ref()
			}
			if len(v) > 1 {
				in.SectionCode = normalize.Text(p.text(v[1]))
			}
			return true
		}
	}
	return false
}

// readSection reads 担当課名 and the section to its right. A blank section
// is a warning at its cell, as a blank department is an error at its own:
// the report prints the section beside the department, but does not
// group by it.
func (p *parser) readSection(in *model.Initiative, h headerRows) {
	pos, ok := p.firstLabel(lblSection, h.start, h.end)
	if !ok {
		return
	}
	at := pos
	if v := p.headerSlots(pos, sectionSlots, lblGoal, lblItem, lblDepartment); len(v) > 0 {
		at = v[0]
		in.Section = organizationName(normalize.Text(p.text(v[0])))
	}
	if in.Section == "" {
		p.add(model.SeverityWarning, CodeMissingSection, &at,
			"「担当課名」の右に担当課が入力されていません%s。担当課の名前を入力してください（報告書の担当課は空欄になります）", p.whyBlank(at))
	}
}

// headerNumbered reads the number and name of a header row (基本目標,
// 取組項目名) from its places v. A number that is blank or cannot be read
// is an error at its cell, and the name is still read from its own place.
func (p *parser) headerNumbered(v []xlsx.Pos, w headerWords) numbered {
	got, ok := p.numberAndName(v, w, p.headerNumber)
	switch {
	case !ok && p.text(v[0]) == "":
		p.add(model.SeverityError, w.missingCode, &v[0], "%sが入力されていません%s。番号がないため、このシートは報告書に含めません", w.number, p.whyBlank(v[0]))
		return p.positional(v)
	case !ok:
		p.add(model.SeverityError, CodeBadNumber, &v[0], "%s「%s」を読めません（1以上の整数を入力してください）。番号がないため、このシートは報告書に含めません", w.unreadable, p.text(v[0]))
		return p.positional(v)
	}
	return got
}

// readItem reads 取組項目名: the initiative number, its title and the
// section's item number.
func (p *parser) readItem(in *model.Initiative, h headerRows) {
	pos, ok := p.firstLabel(lblItem, h.start, h.end)
	if !ok {
		p.add(model.SeverityError, CodeMissingNumber, nil, "「取組項目名」の欄（取組番号と取組項目名）が見つかりません。番号がないため、このシートは報告書に含めません")
		return
	}
	v := p.headerSlots(pos, itemSlots, lblGoal, lblSection, lblDepartment)
	if len(v) == 0 {
		p.add(model.SeverityError, CodeMissingNumber, &pos, "「取組項目名」の右に取組番号が入力されていません。番号がないため、このシートは報告書に含めません")
		p.add(model.SeverityError, CodeMissingItemTitle, &pos, "取組項目名が入力されていません")
		return
	}
	got := p.headerNumbered(v, itemWords)
	in.Number = got.n
	titleAt := pos
	if got.nameAt != nil {
		titleAt = *got.nameAt
	}
	if in.Title = got.name; in.Title != "" {
		in.TitleCell = titleAt.Ref()
	} else {
		p.add(model.SeverityError, CodeMissingItemTitle, &titleAt, "取組項目名が入力されていません%s", p.whyBlank(titleAt))
	}
	if len(got.rest) > 0 && p.text(got.rest[0]) != "" {
		in.SectionItemNo = normalize.Text(p.text(got.rest[0]))
	}
}

// itemNumber reads an initiative number: an integer, or written with a
// word around it as an index numbers its rows (No.9, 取組9).
func (p *parser) itemNumber(pos xlsx.Pos) (int, bool) {
	if n, ok := p.integer(pos); ok {
		return n, true
	}
	return entryNumber(p.text(pos))
}

// headerNumber reads a goal or initiative number in the sheet header: an
// integer, or written with a word around it (第5, No.5, 取組9, 9番,
// 基本目標5), which is read with an information finding, the same for
// both numbers.
func (p *parser) headerNumber(pos xlsx.Pos) (int, bool) {
	if n, ok := p.integer(pos); ok {
		return n, true
	}
	n, ok := wordedNumber(p.text(pos))
	if ok {
		p.noteWorded(pos, n)
	}
	return n, ok
}

// positional reads the cells right of a header label as the template lays
// them out, for a number that cannot be read: the name in v[1], the rest
// after it.
func (p *parser) positional(v []xlsx.Pos) numbered {
	h := numbered{rest: v[min(1, len(v)):]}
	if len(v) > 1 {
		h.name, h.nameAt, h.rest = normalize.Text(p.text(v[1])), &v[1], v[2:]
	}
	return h
}

// checkBlocks reports the missing blocks; it returns false when the sheet
// cannot be used at all.
func (p *parser) checkBlocks(in *model.Initiative, blocks [5]*block) bool {
	for n, b := range blocks {
		if b == nil {
			p.add(model.SeverityError, CodeBlockMissing, nil, "「%s」の欄が見つかりません", blockNames[n])
		}
	}
	if blocks[2] == nil && in.Number == 0 {
		p.add(model.SeverityError, CodeSheetUnusable, nil,
			"目標指標の欄も取組番号もないため、このシートは報告書に載せません")
		return false
	}
	return true
}

// readBlocks reads the blocks the sheet has.
func (p *parser) readBlocks(in *model.Initiative, blocks [5]*block) {
	if b := blocks[0]; b != nil {
		in.Overview = p.blockText(b)
	}
	if b := blocks[1]; b != nil {
		in.Plans = p.parsePlans(b)
	}
	if b := blocks[2]; b != nil {
		in.Indicators = p.parseIndicators(b)
	}
	if b := blocks[3]; b != nil {
		in.Background = p.blockText(b)
	}
	if b := blocks[4]; b != nil {
		in.Results = p.parseResults(b)
	}
}

// period spans the fiscal years of blocks (2) and (3).
func period(in *model.Initiative) model.Period {
	var pr model.Period
	see := func(y int) {
		if y == 0 {
			return
		}
		if pr.First == 0 || y < pr.First {
			pr.First = y
		}
		if y > pr.Last {
			pr.Last = y
		}
	}
	for _, pl := range in.Plans {
		see(pl.Year.Year)
	}
	for _, ind := range in.Indicators {
		for _, y := range ind.Years {
			see(y.Year.Year)
		}
	}
	return pr
}

// organizationName drops white space between two Japanese characters of a
// department or section name: 「総務　部」 is 総務部 (a department of its own,
// with its own PDF, otherwise). Space after a whole organization name
// separates two (「総務部 財務部」 is 総務部・財務部), and space next to Latin
// letters or digits stays (「IT 推進課」).
func organizationName(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if !unicode.IsSpace(rs[i]) {
			b.WriteRune(rs[i])
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		switch {
		case !(i > 0 && j < len(rs) && rs[i-1] > unicode.MaxASCII && rs[j] > unicode.MaxASCII):
			b.WriteString(string(rs[i:j]))
		// IsOrganizationName looks at the end only: what b holds ends with
		// the name just written.
		case model.IsOrganizationName(b.String()) && rs[j] != '・' && rs[i-1] != '・':
			b.WriteRune('・')
		}
		i = j - 1
	}
	return b.String()
}

// departmentAndSection splits a 担当部名 written as a department and one of
// its sections with a space between (「財務部 財政課」): the section is not
// a second department, which organizationName would make it. Two names
// joined by ・ or 、 stay two departments: that is how a shared initiative
// is written.
func departmentAndSection(written string) (dept, section string, ok bool) {
	parts := strings.Fields(written)
	if len(parts) != 2 || strings.ContainsAny(written, "・･、，,") {
		return "", "", false
	}
	// 部 covers 本部; a 課 below a 部 or 局 is its section.
	higher := strings.HasSuffix(parts[0], "部") || strings.HasSuffix(parts[0], "局")
	if !higher || !strings.HasSuffix(parts[1], "課") {
		return "", "", false
	}
	return parts[0], parts[1], true
}

// asWritten is a cell's text as a message quotes it: as the department
// wrote it (full-width spaces and digits kept), trimmed and cut short.
func asWritten(s string) string { return xlsx.Shorten(strings.TrimSpace(s), 40) }

// The cells right of each header label, in the template's order, as
// messages name them (templates/labels.go: 取組項目名 A3, number B3, title
// C3, section item number D3; 基本目標 A2 over B2:D2; 担当部名 E1 → F1;
// 担当課名 E2 → F2).
var (
	itemSlots       = []string{"取組番号", "取組項目名", "課内の番号"}
	goalSlots       = []string{"基本目標の番号", "基本目標名", "課の番号"}
	departmentSlots = []string{"担当部名"}
	sectionSlots    = []string{"担当課名"}
)

// headerSlots returns the cells right of a header label in the places the
// template gives them, one per name: each merge once (by its top-left
// cell, so a label or a title merged over several columns is one place),
// blank cells kept in place, up to a label of one of the stop kinds. A
// blank number or title is so reported at its own cell and never replaced
// by its neighbour's value (the 課内の番号 read as the title). A formula
// saved without its result is computed first, as a target's is.
func (p *parser) headerSlots(pos xlsx.Pos, names []string, stop ...label) []xlsx.Pos {
	var out []xlsx.Pos
	end := max(len(p.g.Cells[pos.Row]), pos.Col+1) + len(names)
	for c := pos.Col + 1; c < end && len(out) < len(names); c++ {
		if p.g.Covered(pos.Row, c) {
			continue
		}
		q := xlsx.Pos{Row: pos.Row, Col: c}
		if slices.Contains(stop, p.labels[q]) {
			break
		}
		p.computeCell(q, names[len(out)])
		out = append(out, q)
	}
	return out
}

// whyBlank says, for a message, why a header cell reads blank when it
// holds something the sheet does not show or has no value for.
func (p *parser) whyBlank(at xlsx.Pos) string {
	switch {
	case p.text(at) != "":
		return ""
	case p.g.Hidden[at] != "":
		return "（セル" + at.Ref() + "は非表示の列・行にあるため読みません）"
	case p.g.Flag(at)&xlsx.FlagFormula != 0 && p.g.Flag(at)&xlsx.FlagFormulaBlank == 0:
		return "（セル" + at.Ref() + "の数式に計算結果がありません）"
	}
	return ""
}
