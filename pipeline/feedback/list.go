package feedback

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"planreport/pipeline/model"
	"planreport/templates"
)

// addList adds the sheet 指摘事項 in front of the department's sheets and
// makes it the one Excel opens on, printable on A4 landscape, one page
// wide:
//
//	planreport による確認（報告基準日 令和8年11月23日）: エラー 2 件、警告 1 件、情報 0 件。…
//	区分   | シート | セル                | 内容
//	エラー | 取組3  | E32 (link to 取組3!E32) | 達成率の記載…
func (a *annotator) addList(findings []model.Finding, reportDate string) error {
	name := a.freeName(SheetName)
	if _, err := a.f.NewSheet(name); err != nil {
		return fmt.Errorf("シート「%s」を追加できません: %w", name, err)
	}
	active := a.putFirst(name)
	if err := a.writeList(name, findings, reportDate); err != nil {
		return err
	}
	return a.openOn(name, active)
}

// openOn makes the list the sheet the copy opens on. The sheet the
// department left active loses its tab selection, else Excel would open
// with both tabs selected: a group, where typing changes both sheets.
// That costs reading and writing that sheet when it has no finding; a
// sheet excelize cannot parse keeps its selection and the copy opens on
// it, as before.
func (a *annotator) openOn(name, active string) error {
	wb := a.f.WorkBook
	if wb.BookViews == nil || len(wb.BookViews.WorkBookView) == 0 {
		return nil // no view: Excel opens on the first sheet, the list
	}
	if active != "" {
		if !a.readable(active) {
			return nil
		}
		off := false
		if err := a.f.SetSheetView(active, 0, &excelize.ViewOptions{TabSelected: &off}); err != nil {
			return fmt.Errorf("シート「%s」の表示設定を変えられません: %w", active, err)
		}
	}
	on := true
	if err := a.f.SetSheetView(name, 0, &excelize.ViewOptions{TabSelected: &on}); err != nil {
		return fmt.Errorf("シート「%s」の表示設定を変えられません: %w", name, err)
	}
	for i := range wb.BookViews.WorkBookView {
		wb.BookViews.WorkBookView[i].ActiveTab = 0
		wb.BookViews.WorkBookView[i].FirstSheet = 0
	}
	return nil
}

// putFirst moves the new sheet (the last) in front of the others and
// returns the name of the sheet the workbook was active on ("" when it
// does not say). excelize's MoveSheet would do it by parsing and writing
// again every sheet of the workbook (it resets each one's tab selection),
// which costs the time of a full read and rewrites sheets that have no
// finding; only the order in the workbook part, the sheet-scoped names
// and the active tab's index change here (openOn then moves the
// selection to the list).
func (a *annotator) putFirst(name string) string {
	wb := a.f.WorkBook
	s := wb.Sheets.Sheet
	active := ""
	if wb.BookViews != nil && len(wb.BookViews.WorkBookView) > 0 {
		if i := wb.BookViews.WorkBookView[0].ActiveTab; i >= 0 && i < len(s)-1 {
			active = s[i].Name
		}
	}
	added := s[len(s)-1]
	copy(s[1:], s[:len(s)-1])
	s[0] = added
	a.shiftLocalNames()
	if wb.BookViews != nil {
		for i := range wb.BookViews.WorkBookView {
			wb.BookViews.WorkBookView[i].ActiveTab++
		}
	}
	return active
}

// freeName is 指摘事項, or 指摘事項 (2)… when the workbook has that sheet
// already (a copy sent back as it was received): sheet names are compared
// without case, as Excel does.
func (a *annotator) freeName(base string) string {
	name := base
	for i := 2; ; i++ {
		if _, taken := a.sheets[strings.ToLower(name)]; !taken {
			return name
		}
		name = fmt.Sprintf("%s (%d)", base, i)
	}
}

// shiftLocalNames keeps each sheet-scoped defined name (print areas, print
// titles, filters) on its sheet: the scope is the sheet's position, and
// every sheet moved one place right.
func (a *annotator) shiftLocalNames() {
	wb := a.f.WorkBook
	if wb == nil || wb.DefinedNames == nil {
		return
	}
	for i := range wb.DefinedNames.DefinedName {
		if id := wb.DefinedNames.DefinedName[i].LocalSheetID; id != nil && *id >= 0 {
			next := *id + 1
			wb.DefinedNames.DefinedName[i].LocalSheetID = &next
		}
	}
}

// listStyles are the few styles of 指摘事項.
type listStyles struct {
	header, text, link int
	sev                map[model.Severity]int
}

func (a *annotator) newListStyles() (listStyles, error) {
	var s listStyles
	var errs [4]error
	wrap := &excelize.Alignment{Vertical: "top", WrapText: true}
	border := []excelize.Border{{Type: "bottom", Color: "BFBFBF", Style: 1}}
	s.header, errs[0] = a.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}, Border: border})
	s.text, errs[1] = a.f.NewStyle(&excelize.Style{Alignment: wrap, Border: border})
	s.link, errs[2] = a.f.NewStyle(&excelize.Style{Alignment: wrap, Border: border,
		Font: &excelize.Font{Color: "0563C1", Underline: "single"}})
	s.sev = map[model.Severity]int{model.SeverityInfo: s.text}
	// In a fixed order: style ids reach the file.
	for _, sc := range []struct {
		sev   model.Severity
		color string
	}{{model.SeverityError, errorFill}, {model.SeverityWarning, warningFill}} {
		sev, color := sc.sev, sc.color
		id, err := a.f.NewStyle(&excelize.Style{Alignment: wrap, Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}})
		if err != nil {
			errs[3] = err
		}
		s.sev[sev] = id
	}
	for _, err := range errs {
		if err != nil {
			return s, fmt.Errorf("指摘事項の書式を作れません: %w", err)
		}
	}
	return s, nil
}

// writeList fills the sheet name with the heading line, the column titles
// and one row per finding.
func (a *annotator) writeList(name string, findings []model.Finding, reportDate string) error {
	st, err := a.newListStyles()
	if err != nil {
		return err
	}
	f := a.f
	heading := a.heading(findings, reportDate)
	set := func(cell string, v string, style int) {
		if err == nil {
			err = f.SetCellStr(name, cell, truncate(v, maxCellChars))
		}
		if err == nil {
			err = f.SetCellStyle(name, cell, cell, style)
		}
	}
	set("A1", heading, st.text)
	if err == nil {
		err = f.MergeCell(name, "A1", "D1")
	}
	if err == nil {
		err = f.SetRowHeight(name, 1, rowHeight(heading, headingWidth))
	}
	for i, h := range []string{"区分", "シート", "セル", "内容"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		set(cell, h, st.header)
	}
	for i, fd := range findings {
		row := i + 3
		set(fmt.Sprintf("A%d", row), fd.Severity.Label(), st.sev[fd.Severity])
		set(fmt.Sprintf("B%d", row), fd.Sheet, st.text)
		set(fmt.Sprintf("C%d", row), fd.Cell, st.text)
		set(fmt.Sprintf("D%d", row), fd.Message, st.text)
		if err == nil {
			err = f.SetRowHeight(name, row, rowHeight(fd.Message, messageWidth))
		}
		if err == nil && i < maxLinks {
			err = a.link(name, row, fd, st.link)
		}
	}
	for i, w := range []float64{8, 24, 10, messageWidth} {
		if col, _ := excelize.ColumnNumberToName(i + 1); err == nil {
			err = f.SetColWidth(name, col, col, w)
		}
	}
	if record := a.styleRecord(); err == nil && record != "" {
		// Hidden: for planreport, when the copy comes back (previous.go).
		if err = f.SetCellStr(name, styleMapCell, record); err == nil {
			err = f.SetColVisible(name, "F", false)
		}
	}
	if err == nil {
		err = f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	}
	if err == nil {
		err = a.printSetup(name, len(findings)+2)
	}
	if err != nil {
		return fmt.Errorf("シート「%s」を書けません: %w", name, err)
	}
	return nil
}

// heading is the first line of 指摘事項: who checked, as of when, how
// many findings of each severity, and what the marks mean.
func (a *annotator) heading(findings []model.Finding, reportDate string) string {
	var errs, warns, infos int
	for _, fd := range findings {
		switch fd.Severity {
		case model.SeverityError:
			errs++
		case model.SeverityWarning:
			warns++
		default:
			infos++
		}
	}
	// The date as the report and the mails write it (令和8年11月23日): a
	// department reads the copy, not the configuration.
	shownDate := model.WarekiDateOr(reportDate)
	heading := fmt.Sprintf(templates.FindingsHeading+"（報告基準日 %s）: エラー %d 件、警告 %d 件、情報 %d 件。"+
		"指摘のあるセルにはメモを付け、エラーは赤、警告は黄色に塗っています。"+
		"印の付いたセルを直したら、このブックのまま（このシートは残したままで構いません）企画担当課へ提出し直してください。", shownDate, errs, warns, infos)
	if len(a.keptLists) > 0 {
		heading += "前回の指摘事項に書き込みがあったため、シート「" + strings.Join(a.keptLists, "」「") + "」として残しています。"
	}
	if unmarked := a.unmarked(findings); len(unmarked) > 0 {
		heading += "ただし、シート「" + strings.Join(unmarked, "」「") + "」は名前か中身が Excel の決まりに合わないため、セルに印を付けず、この一覧にだけ載せています。"
	}
	return heading
}

// Widths of the heading (A:D merged) and of 内容, in Excel's column
// units (about one half-width character each).
const (
	messageWidth = 90
	headingWidth = 8 + 24 + 10 + messageWidth
)

// rowHeight is the height (points) of a row whose wrapped text s sits in
// a column cols units wide. A reader that does not fit rows to their
// wrapped text on opening (LibreOffice) would show one line of it and
// print it cut at the page edge. A wide character takes two units (East
// Asian wide, full-width, and ambiguous, which Japanese fonts draw wide: …);
// a line of 11-point text about 15 points.
func rowHeight(s string, cols int) float64 {
	lines := 0
	for line := range strings.SplitSeq(s, "\n") {
		w := 0
		for _, r := range line {
			w++
			if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth || k == width.EastAsianAmbiguous {
				w++
			}
		}
		lines += max(1, (w+cols-3)/(cols-2)) // two units of padding
	}
	return float64(lines)*15 + 3
}

// printSetup prints the list on A4 landscape, one page wide, and records
// its used range (excelize keeps a new sheet's dimension at A1). The
// workbook's defined names stay the department's: no print titles.
func (a *annotator) printSetup(name string, lastRow int) error {
	f := a.f
	size, orient, wide, tall := 9, "landscape", 1, 0
	err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall})
	if err == nil {
		fit := true
		err = f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit})
	}
	if err == nil {
		last := "D"
		if a.styleRecord() != "" {
			last = "F"
		}
		err = f.SetSheetDimension(name, fmt.Sprintf("A1:%s%d", last, lastRow))
	}
	return err
}

// unmarked lists the sheets with findings on cells that got no mark
// because excelize cannot parse them (broken XML, or a name Excel does
// not allow, such as one ending in an apostrophe), in finding order.
func (a *annotator) unmarked(findings []model.Finding) []string {
	var out []string
	for _, fd := range findings {
		sheet, ok := a.sheets[strings.ToLower(fd.Sheet)]
		if ok && fd.Cell != "" && !a.readable(sheet) && !slices.Contains(out, sheet) {
			out = append(out, sheet)
		}
	}
	return out
}

// link makes the セル column a link to the finding's cell, or, for a
// finding about a whole sheet, the シート column a link to the sheet.
func (a *annotator) link(list string, row int, fd model.Finding, style int) error {
	sheet, ok := a.sheets[strings.ToLower(fd.Sheet)]
	if fd.Sheet == "" || !ok {
		return nil
	}
	col, target := "B", "A1"
	if first, _, ok := cellRange(fd.Cell); ok {
		col, target = "C", first
	}
	cell := fmt.Sprintf("%s%d", col, row)
	loc := "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + target
	if err := a.f.SetCellHyperLink(list, cell, loc, "Location"); err != nil {
		return err
	}
	return a.f.SetCellStyle(list, cell, cell, style)
}
