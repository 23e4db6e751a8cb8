package ingest

import (
	"strconv"
	"strings"

	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
	"planreport/templates"
)

// parseIndex reads a goal index sheet: 基本目標 with its number, the goal's
// name, a header row 取組項目名 … 担当部, then rows number / title /
// department until the first blank row. It returns nil for a sheet that
// is not one.
func (p *parser) parseIndex() *model.GoalIndex {
	g, ok := p.indexGoal()
	if !ok {
		return nil
	}
	goal := g.label
	header, cols, ok := p.indexHeader(goal)
	if !ok {
		return nil
	}
	// Said only now: a sheet that is no index says nothing of its number.
	switch {
	case g.enclosed:
		p.noteEnclosed(g.number, g.n)
	case g.worded:
		p.noteWorded(g.number, g.n)
	}
	if g.ownCell {
		p.noteFormula(g.number)
	}
	idx := &model.GoalIndex{GoalNumber: g.n, Source: p.src.At(goal.Ref())}
	idx.GoalName = p.indexGoalName(goal, header)
	idx.Entries = p.indexEntries(header, cols)
	return idx
}

// indexColumns are the columns of an index's rows: the number is the
// first value in [first, last], the title the next one that is not in
// dept, the department's column.
type indexColumns struct{ first, last, dept int }

// goalInCell reads a cell that starts with 基本目標 (label), and the
// number written in the same cell (基本目標５, 基本目標 5) when there is one;
// enclosed says it was one enclosed numeral (基本目標⑤, numbers.go).
func goalInCell(s string) (n int, label, number, enclosed bool) {
	rest, label := strings.CutPrefix(normalize.Label(s), templates.LabelGoal)
	if !label || rest == "" || rest[0] == '+' || rest[0] == '-' {
		return 0, label, false, false
	}
	if normalize.HasFoldedNumeral(s) {
		// As written, not folded: 基本目標1① is no number.
		raw, _ := strings.CutPrefix(strings.TrimSpace(s), templates.LabelGoal)
		n, enclosed, number = readNumber(raw)
		return n, true, number, enclosed
	}
	n, err := strconv.Atoi(rest)
	if err != nil {
		// 基本目標 第5, 基本目標No.5
		n, number = entryNumber(rest)
		return n, true, number, false
	}
	return n, true, n > 0, false
}

// indexGoalCell is where an index writes its goal: the 基本目標 label, the
// cell of the number (the label's own, or the next one) and the number.
type indexGoalCell struct {
	label, number xlsx.Pos
	n             int
	// How the number was written, for the notes parseIndex makes once the
	// sheet is known to be an index: a sheet that is none says nothing.
	enclosed, worded, ownCell bool
}

// indexGoal finds 基本目標 and its number, which may be in the same cell
// ("基本目標 5") or in the next one; the scan is in reading order, so the
// choice is deterministic.
func (p *parser) indexGoal() (indexGoalCell, bool) {
	for r, row := range p.g.Cells {
		for c, s := range row {
			if s == "" || p.g.Covered(r, c) {
				continue
			}
			n, label, number, enclosed := goalInCell(s)
			if !label {
				continue
			}
			pos := xlsx.Pos{Row: r, Col: c}
			if number {
				return indexGoalCell{label: pos, number: pos, n: n, enclosed: enclosed}, true
			}
			if normalize.Label(s) != templates.LabelGoal {
				continue // 基本目標 with other text after it
			}
			if v := p.rightValues(pos); len(v) > 0 {
				if n, enclosed, good := readNumber(p.text(v[0])); good {
					return indexGoalCell{label: pos, number: v[0], n: n, enclosed: enclosed, ownCell: true}, true
				}
				// 第5, No.5: read as the sheet header reads it, so that
				// the index is not silently "not an index".
				if n, good := wordedNumber(p.text(v[0])); good {
					return indexGoalCell{label: pos, number: v[0], n: n, worded: true}, true
				}
			}
		}
	}
	return indexGoalCell{}, false
}

// indexHeader finds the header row below the goal: 取組項目名 and, to its
// right, 担当部 (or 担当部名), the number under 取組項目名's first column;
// or 担当部 left of 取組項目名, the number in the column left of 担当部
// (番号 | 担当部 | 取組項目名).
func (p *parser) indexHeader(goal xlsx.Pos) (xlsx.Pos, indexColumns, bool) {
	header, ok := p.firstLabel(lblItem, goal.Row, p.g.Rows())
	if !ok {
		return header, indexColumns{}, false
	}
	row := p.g.Cells[header.Row]
	for c := header.Col + 1; c < len(row); c++ {
		if k := p.labels[xlsx.Pos{Row: header.Row, Col: c}]; k == lblDeptColumn || k == lblDepartment {
			return header, indexColumns{first: header.Col, last: c, dept: c}, true
		}
	}
	for c := header.Col - 1; c >= 1; c-- {
		if k := p.labels[xlsx.Pos{Row: header.Row, Col: c}]; k == lblDeptColumn || k == lblDepartment {
			last := header.Col
			for last+1 < len(row) && p.g.Covered(header.Row, last+1) {
				last++ // 取組項目名 merged over the title's columns
			}
			return header, indexColumns{first: c - 1, last: last, dept: c}, true
		}
	}
	return header, indexColumns{}, false
}

// indexGoalName is the goal's name: the first other text between the goal
// label and the header row.
func (p *parser) indexGoalName(goal, header xlsx.Pos) string {
	for r := goal.Row; r < header.Row; r++ {
		for c, s := range p.g.Cells[r] {
			if s == "" || p.g.Covered(r, c) || (r == goal.Row && c <= goal.Col) {
				continue
			}
			if _, err := strconv.Atoi(normalize.Label(s)); err == nil {
				continue
			}
			if name := normalize.Text(s); name != "" {
				return name
			}
			break
		}
	}
	return ""
}

// indexEntries reads the rows below the header to the end of the data.
// Blank rows are skipped: a row inserted and not yet filled, or a
// separator, must not silently end the list (every entry below it would
// then be "not in the index"). A row after a blank one that does not start
// with a number (a note such as 「※…」) ends the list without a finding.
func (p *parser) indexEntries(header xlsx.Pos, cols indexColumns) []model.IndexEntry {
	var out []model.IndexEntry
	started, gap := false, false
	for r := header.Row + 1; r < p.g.Rows(); r++ {
		var cells []xlsx.Pos
		for c := cols.first; c <= cols.last && c < len(p.g.Cells[r]); c++ {
			if p.g.Cells[r][c] != "" && !p.g.Covered(r, c) {
				cells = append(cells, xlsx.Pos{Row: r, Col: c})
			}
		}
		if len(cells) == 0 {
			gap = started
			continue
		}
		if gap && !p.startsLikeEntry(cells[0], cols) {
			break
		}
		started, gap = true, false
		if e, ok := p.indexEntry(cells, r, cols.dept); ok {
			out = append(out, e)
		}
	}
	return out
}

// startsLikeEntry reports whether a row's first cell is in the number's
// column and reads as an entry's number, alone or with its title
// (without a finding: the row is read again as an entry).
func (p *parser) startsLikeEntry(first xlsx.Pos, cols indexColumns) bool {
	if first.Col != cols.first {
		return false
	}
	s := p.text(first)
	if _, _, ok := readNumber(s); ok {
		return true
	}
	if _, ok := entryNumber(s); ok {
		return true
	}
	_, _, _, ok := splitNumbered(s)
	return ok
}

// entryNumber reads an index row's number written with a word around it,
// as lists number their rows: 取組１, No.1, №1, 1., (1), 1番.
func entryNumber(s string) (int, bool) {
	if normalize.HasFoldedNumeral(s) {
		return 0, false // 取組①: NFKC would read it as 取組1, silently (numbers.go)
	}
	f := strings.ToLower(normalize.Label(s))
	for _, prefix := range []string{"取組", "no.", "no", "nr.", "#", "第"} {
		if rest, ok := strings.CutPrefix(f, prefix); ok {
			f = rest
			break
		}
	}
	if rest, ok := strings.CutPrefix(f, "("); ok {
		f = strings.TrimSuffix(rest, ")")
	}
	f = strings.TrimSuffix(strings.TrimSuffix(f, "."), "番")
	n, err := strconv.Atoi(f)
	if err != nil || n < 1 || f[0] == '+' || f[0] == '-' {
		return 0, false
	}
	return n, true
}

// indexEntry reads one row of the index: number, title, department. The
// number and the title are the first two cells outside the department's
// column, or one cell holding both (「9　財政状況の公表」).
func (p *parser) indexEntry(cells []xlsx.Pos, r, deptCol int) (model.IndexEntry, bool) {
	e := model.IndexEntry{Source: p.src.At(cells[0].Ref())}
	var v []xlsx.Pos
	for _, c := range cells {
		if c.Col != deptCol {
			v = append(v, c)
		}
	}
	var got numbered
	ok := len(v) > 0 && v[0] == cells[0]
	if ok {
		got, ok = p.numberAndName(v, indexWords, p.itemNumber)
	}
	if !ok {
		p.add(model.SeverityError, CodeBadNumber, &cells[0], "取組一覧の番号「%s」を読めません（1以上の整数を入力してください）", p.text(cells[0]))
		return e, false
	}
	e.Number, e.Title = got.n, got.name
	if got.nameAt != nil {
		e.TitleCell = got.nameAt.Ref()
	}
	raw := p.g.At(r, deptCol)
	written := normalize.Text(raw)
	e.Department = organizationName(written)
	if e.Department != "" {
		e.DepartmentCell = p.g.Top(r, deptCol).Ref()
	}
	if dept, section, ok := departmentAndSection(written); ok {
		// As on a sheet: the 課 is not a second department.
		e.Department = dept
		at := p.g.Top(r, deptCol)
		p.add(model.SeverityWarning, CodeSectionInDepartment, &at,
			"取組一覧の担当部「%s」に課の名前「%s」が入っているようです。担当部には部の名前だけを入力してください（「%s」として集計しました）", asWritten(raw), section, dept)
	}
	return e, true
}
