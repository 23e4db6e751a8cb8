package pdfreport

import (
	"planreport/pipeline/layout"
	rd "planreport/pipeline/reportdoc"
)

// statusSub heads a department's 未提出 and 未記入 lists (under the
// department's H2).
var statusSub = layout.TextStyle{Font: layout.Font{Bold: true, Size: 9.5}, Color: textColor, LineHeight: 1.5, Level: 3}

// submissionStatus sets 提出状況 (reportdoc.Status) on a new page: a table
// of the departments, then for each what it submitted and what it still
// owes, with the cells.
func (r *report) submissionStatus(f *layout.Flow) {
	if !r.HasStatus() {
		return
	}
	s := r.Status()
	f.NewPage()
	heading(f, rd.HeadingStatus, rd.AnchorStatus, 0)
	f.Paragraph(s.Intro, body)
	f.Space(8)
	if len(s.Departments) == 0 {
		f.Paragraph(s.Empty, note)
		return
	}
	right := layout.AlignRight
	f.Table(r.table([]layout.Column{{Width: 0}, {Width: 44, Align: right}, {Width: 44, Align: right}, {Width: 44, Align: right},
		{Width: 44, Align: right}, {Width: 44, Align: right}, {Width: 44, Align: right}}, s.Overview))
	for _, d := range s.Departments {
		f.Space(12)
		r.statusDepartment(f, d)
	}
	if len(s.Unattributed.Rows) > 0 {
		f.Space(12)
		groupTitle := h3
		groupTitle.Level = 2
		f.Heading(rd.HeadingUnattributed, groupTitle, 60)
		f.Paragraph(s.UnattributedIntro, body)
		f.Table(r.table(filesColumns(), s.Unattributed))
	}
}

func filesColumns() []layout.Column {
	return []layout.Column{{Width: 0}, {Width: 64}, {Width: 96}, {Width: 110}}
}

// statusDepartment sets one department's workbooks, 未提出 and 未記入.
func (r *report) statusDepartment(f *layout.Flow, d rd.StatusDepartment) {
	groupTitle := h3
	groupTitle.Level = 2
	f.Heading(d.Name, groupTitle, 60)
	if len(d.Files.Rows) == 0 {
		f.Paragraph(d.NoFiles, body)
	} else {
		f.Table(r.table(filesColumns(), d.Files))
	}
	for _, part := range []struct {
		title string
		t     rd.Table
	}{{rd.HeadingMissing, d.Missing}, {rd.HeadingBlank, d.Blank}} {
		if len(part.t.Rows) == 0 {
			continue
		}
		t := r.table(statusCellColumns(), part.t)
		f.Space(4)
		f.Heading(part.title, statusSub, f.StartHeight(t))
		f.Table(t)
	}
}

func statusCellColumns() []layout.Column {
	center := layout.AlignCenter
	return []layout.Column{{Width: 34, Align: center}, {Width: 0}, {Width: 110}, {Width: 60}, {Width: 36, Align: center}}
}
