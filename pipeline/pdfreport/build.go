package pdfreport

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"planreport/pipeline/layout"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// Colours and type of the report.
var (
	textColor   = layout.RGB{R: 0x22, G: 0x22, B: 0x22}
	accent      = layout.RGB{R: 0x1f, G: 0x3a, B: 0x68}
	muted       = layout.RGB{R: 0x66, G: 0x66, B: 0x66}
	headerFill  = layout.RGB{R: 0xdc, G: 0xe4, B: 0xf0}
	borderColor = layout.RGB{R: 0x80, G: 0x80, B: 0x80}
	warnFill    = layout.RGB{R: 0xfb, G: 0xe0, B: 0xdc}
	warnColor   = layout.RGB{R: 0xb0, G: 0x1c, B: 0x10}

	body = layout.TextStyle{Font: layout.Font{Size: 10}, Color: textColor}
	note = layout.TextStyle{Font: layout.Font{Size: 8.5}, Color: muted}
	h1   = layout.TextStyle{Font: layout.Font{Bold: true, Size: 16}, Color: accent, LineHeight: 1.4, Level: 1}
	h2   = layout.TextStyle{Font: layout.Font{Bold: true, Size: 12}, Color: accent, LineHeight: 1.5, Level: 2}
	h3   = layout.TextStyle{Font: layout.Font{Bold: true, Size: 10.5}, Color: textColor, LineHeight: 1.5, Level: 3}
)

// Anchors of the fixed sections.
const (
	anchorTOC      = "toc"
	anchorSummary  = "summary"
	anchorList     = "list"
	anchorFindings = "findings"
	anchorFiles    = "files"
)

func initiativeAnchor(i int) string { return "initiative-" + strconv.Itoa(i+1) }

// tocEntry is one line of the table of contents.
type tocEntry struct {
	title  string
	anchor string
	level  int
}

func (r *report) toc() []tocEntry {
	es := []tocEntry{{title: "総括", anchor: anchorSummary}}
	es = append(es, r.statusTOC()...)
	es = append(es, tocEntry{title: "取組一覧", anchor: anchorList})
	if r.sections {
		for i, in := range r.initiatives {
			es = append(es, tocEntry{title: initiativeTitle(in, r.manyGoals), anchor: initiativeAnchor(i), level: 1})
		}
	}
	return append(es,
		tocEntry{title: "付録1 指摘事項一覧", anchor: anchorFindings},
		tocEntry{title: "付録2 入力ファイル一覧", anchor: anchorFiles})
}

// initiativeTitle heads an initiative's section, its contents line and its
// bookmark. Initiatives are numbered within a basic goal, so when the batch
// has more than one goal the goal's number comes first (取組5-1), as in
// the 取組一覧 table.
func initiativeTitle(in *model.Initiative, withGoal bool) string {
	return initiativeNo(in, withGoal) + "　" + in.Title
}

// initiativeNo is 取組5-1 with the goal's number, else 取組1.
func initiativeNo(in *model.Initiative, withGoal bool) string {
	if withGoal {
		return fmt.Sprintf("取組%d-%d", in.GoalNumber, in.Number)
	}
	return fmt.Sprintf("取組%d", in.Number)
}

func (r *report) title() string {
	if r.opt.Department != "" {
		return r.opt.Title + "（" + r.opt.Department + "）"
	}
	return r.opt.Title
}

// build lays the whole document out in one pass. The table of contents is
// set first with empty page-number slots of fixed width, so its length does
// not depend on the numbers; once every section is placed, the slots are
// filled with the pages the anchors landed on.
func (r *report) build(ctx context.Context) (*layout.Document, error) {
	f := layout.NewFlow(r.ms, layout.PageSetup{Header: r.title(), Color: muted})
	r.cover(f)
	f.NewPage()
	slots := r.contents(f)
	f.NewPage()
	r.summary(f)
	r.submissionStatus(f)
	f.NewPage()
	r.list(f)
	if r.sections {
		for i, in := range r.initiatives {
			if i%64 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			f.NewPage()
			if i == 0 {
				f.Outline("取組別の状況", 0)
			}
			r.initiative(f, i, in)
		}
	}
	f.NewPage()
	r.appendix(f)
	pages := f.Anchors()
	for _, s := range slots {
		if n, ok := pages[s.anchor]; ok {
			f.Fill(s.slot, strconv.Itoa(n))
		}
	}
	wareki, _ := model.WarekiDate(r.b.ReportDate)
	return f.Finish(layout.Info{
		Title:        r.title(),
		Subject:      strings.TrimSpace(r.goalsText() + " 取組状況 " + wareki),
		Author:       r.opt.Issuer,
		Creator:      "planreport",
		Lang:         "ja-JP",
		CreationDate: r.date,
	}), nil
}

// heading starts a section: bookmark, anchor and title, kept with 40 pt of
// what follows. The page is broken before the anchor is placed, so that a
// link or bookmark never lands at the foot of the page before the title.
func heading(f *layout.Flow, title, anchor string, level int) {
	f.Ensure(f.TextHeight(title, h1) + 40)
	f.Anchor(anchor)
	f.Outline(title, level)
	f.Paragraph(title, h1)
	f.Space(6)
}

func (r *report) goals() []string {
	seen := map[int]string{}
	var nums []int
	for _, in := range r.initiatives {
		if _, ok := seen[in.GoalNumber]; !ok {
			nums = append(nums, in.GoalNumber)
			seen[in.GoalNumber] = in.GoalName
		}
	}
	for _, ix := range r.b.Indexes {
		if _, ok := seen[ix.GoalNumber]; ok && ix.GoalName != "" {
			seen[ix.GoalNumber] = ix.GoalName
		}
	}
	slices.Sort(nums)
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = strings.TrimSpace(fmt.Sprintf("基本目標%d　%s", n, seen[n]))
	}
	return out
}

func (r *report) goalsText() string { return strings.Join(r.goals(), "、") }

func (r *report) period() (first, last int) {
	for _, in := range r.initiatives {
		for _, y := range []int{in.Period.First, in.Period.Last} {
			if y == 0 {
				continue
			}
			if first == 0 || y < first {
				first = y
			}
			last = max(last, y)
		}
	}
	return first, last
}

// cover is the title page, set like a city's printed report: the title
// between two rules in the upper third, the scope below it, and the date
// and the issuing office at the foot of the page.
func (r *report) cover(f *layout.Flow) {
	f.SuppressHeader()
	rule := func(width float64) {
		f.Begin(layout.TagArtifact) // decoration
		f.Block(width, func(c *layout.Canvas) { c.Rect(0, 0, c.W, width, &accent, nil, 0) })
		f.End()
	}
	f.Space(150)
	rule(2.5)
	f.Space(22)
	title := layout.TextStyle{Font: layout.Font{Bold: true, Size: 24}, Color: accent, Align: layout.AlignCenter, LineHeight: 1.5}
	f.Paragraph(r.opt.Title, title)
	if r.opt.Department != "" {
		f.Space(6)
		f.Paragraph(r.opt.Department, layout.TextStyle{Font: layout.Font{Bold: true, Size: 18}, Color: accent, Align: layout.AlignCenter, LineHeight: 1.5})
	}
	f.Space(18)
	rule(0.8)
	f.Space(36)
	center := layout.TextStyle{Font: layout.Font{Size: 13}, Color: textColor, Align: layout.AlignCenter, LineHeight: 1.8}
	for _, g := range r.goals() {
		f.Paragraph(g, center)
	}
	f.Space(24)
	small := layout.TextStyle{Font: layout.Font{Size: 11}, Color: textColor, Align: layout.AlignCenter, LineHeight: 1.8}
	if first, last := r.period(); first != 0 {
		f.Paragraph("対象年度　"+model.Wareki(first)+"〜"+model.Wareki(last), small)
	}
	latest := "実績のある年度はありません"
	if y := r.b.Rollups.LatestYear; y != 0 {
		latest = model.Wareki(y)
	}
	f.Paragraph("実績の最新年度　"+latest, small)
	f.Paragraph(fmt.Sprintf("取組項目数　%d", len(r.initiatives)), small)

	date, _ := model.WarekiDate(r.b.ReportDate)
	issuer := layout.TextStyle{Font: layout.Font{Bold: true, Size: 14}, Color: textColor, Align: layout.AlignCenter, LineHeight: 1.8}
	foot := f.TextHeight(date, small) + 40
	if r.opt.Issuer != "" {
		foot += f.TextHeight(r.opt.Issuer, issuer)
	}
	// The date and the issuer sit at the foot of the page (40 pt above the
	// bottom margin), unless the goals already filled the page.
	if gap := f.Remaining() - foot; gap > 0 {
		f.Space(gap)
	}
	f.Paragraph(date, small)
	if r.opt.Issuer != "" {
		f.Paragraph(r.opt.Issuer, issuer)
	}
}

// tocSlot is a page number of the table of contents, filled in once the
// page its anchor landed on is known.
type tocSlot struct {
	anchor string
	slot   layout.Slot
}

// contents writes the table of contents; each entry links to its anchor.
// Page numbers are right-aligned in a fixed 40 pt column (room for five
// digits), so the entries' heights do not depend on them.
func (r *report) contents(f *layout.Flow) []tocSlot {
	f.Anchor(anchorTOC)
	f.Outline("目次", 0)
	f.Heading("目次", h1, 40)
	f.Space(8)
	const numW = 40
	var slots []tocSlot
	f.Begin(layout.TagTOC)
	defer f.End()
	for _, e := range r.toc() {
		font := layout.Font{Size: 10.5, Bold: e.level == 0}
		indent := float64(e.level) * 16
		lh := font.Size * 1.6
		lines := r.ms.Lines(e.title, font, f.ContentWidth()-indent-numW-8)
		h := float64(len(lines)) * lh
		f.Ensure(h)
		f.Begin(layout.TagTOCI)
		f.Begin(layout.TagLink)
		f.Block(h, func(c *layout.Canvas) {
			for i, l := range lines {
				c.Text(indent+l.Offset, float64(i)*lh+lh*0.75, l.Text, font, textColor, layout.AlignLeft)
			}
			slots = append(slots, tocSlot{anchor: e.anchor, slot: c.Slot(c.W, lh*0.75, font, textColor, layout.AlignRight)})
			c.Begin(layout.TagArtifact) // the leader rule
			c.Line(indent, h-1, c.W, h-1, 0.3, layout.RGB{R: 0xcc, G: 0xcc, B: 0xcc})
			c.End()
			c.Link(0, 0, c.W, h, e.anchor)
		})
		f.End()
		f.End()
		f.Space(2)
	}
	return slots
}

func (r *report) table(cols []layout.Column, header []string, rows [][]layout.Cell) *layout.Table {
	hc := make([]layout.Cell, len(header))
	for i, h := range header {
		hc[i] = layout.Cell{Text: h}
	}
	return &layout.Table{
		Columns:     cols,
		Header:      hc,
		Rows:        rows,
		Font:        layout.Font{Size: 8.5},
		Color:       textColor,
		HeaderFill:  headerFill,
		BorderColor: borderColor,
	}
}

func cells(texts ...string) []layout.Cell {
	out := make([]layout.Cell, len(texts))
	for i, t := range texts {
		out[i] = layout.Cell{Text: t}
	}
	return out
}

func rateText(rt model.Rate) string { return rt.String() }

func (r *report) summary(f *layout.Flow) {
	heading(f, "総括", anchorSummary, 0)
	f.Paragraph("担当部・年度別に、評価できた指標の数、達成した指標の数（達成率100%以上または「達成」）、平均達成率と判定の内訳を示します。", body)
	f.Space(8)
	f.Heading("担当部・年度別の評価状況", h2, 60)
	right := layout.AlignRight
	// Widths from the bold 8.5 pt headers plus 6 pt padding, so that no
	// header wraps: 評価指標数 5 em = 42.5 pt, 平均達成率(%) 6.5 em = 55.3 pt.
	cols := []layout.Column{{Width: 70}, {Width: 0}, {Width: 50, Align: right}, {Width: 40, Align: right}, {Width: 62, Align: right},
		{Width: 24, Align: right}, {Width: 24, Align: right}, {Width: 24, Align: right}, {Width: 24, Align: right}, {Width: 32, Align: right}, {Width: 40, Align: right}}
	header := []string{"担当部", "年度", "評価指標数", "達成数", "平均達成率(%)", "A", "B", "C", "D", "達成", "未達成"}
	if r.manyGoals && r.opt.Department == "" {
		header[0] = "担当部・目標"
	}
	var rows [][]layout.Cell
	skipped := false
	add := func(name string, ro model.Rollup) {
		if ro.Evaluated == 0 {
			// A year without any evaluated indicator (the plan's later
			// years) is a row of zeros: left out, and said so below.
			skipped = true
			return
		}
		rows = append(rows, cells(name, model.Wareki(ro.Year), strconv.Itoa(ro.Evaluated), strconv.Itoa(ro.Achieved), rateText(ro.MeanRate),
			strconv.Itoa(ro.Grades.A), strconv.Itoa(ro.Grades.B), strconv.Itoa(ro.Grades.C), strconv.Itoa(ro.Grades.D),
			strconv.Itoa(ro.Grades.Achieved), strconv.Itoa(ro.Grades.NotAchieved)))
	}
	for _, ro := range r.b.Rollups.ByDepartmentYear {
		if ro.Year == 0 || (r.opt.Department != "" && ro.Department != r.opt.Department) {
			continue
		}
		add(ro.Department, ro)
	}
	if r.opt.Department == "" {
		// With more than one basic goal, each goal's rows come before the
		// whole (with one, they would repeat 全体).
		if r.manyGoals {
			for _, ro := range r.b.Rollups.ByGoalYear {
				if ro.Year != 0 {
					add(fmt.Sprintf("基本目標%d", ro.GoalNumber), ro)
				}
			}
		}
		for _, ro := range r.b.Rollups.ByYear {
			if ro.Year != 0 {
				add("全体", ro)
			}
		}
	}
	if len(rows) == 0 {
		f.Paragraph("評価できた指標はありません。", body)
	} else {
		f.Table(r.table(cols, header, rows))
		if skipped {
			f.Space(2)
			f.Paragraph("評価できた指標が一つもない年度は省略しています。", note)
		}
		// A department's own PDF counts its own initiatives only.
		if r.opt.Department == "" {
			if shared := r.sharedInitiative(); shared != "" {
				f.Space(2)
				f.Paragraph("複数の担当部の取組（"+shared+"など）は、それぞれの担当部に数え、「全体」には一度だけ数えます。そのため担当部の数の合計は「全体」と一致しないことがあります。", note)
			}
		}
	}
	f.Space(14)
	r.rateChart(f)
	f.Space(14)
	r.gradeChart(f)
}

// sharedInitiative names the first initiative shown with more than one
// department (総務部・財務部の取組7), or "".
func (r *report) sharedInitiative() string {
	for _, in := range r.initiatives {
		if len(in.Departments()) > 1 {
			return in.Department + "の" + initiativeNo(in, r.manyGoals)
		}
	}
	return ""
}

// latestEval finds an initiative's latest fiscal year with any judgement.
func latestEval(in *model.Initiative) int {
	y := 0
	for _, ind := range in.Indicators {
		for _, iy := range ind.Years {
			if iy.Eval.Judgement != model.NotEvaluable {
				y = max(y, iy.Year.Year)
			}
		}
	}
	return y
}

func (r *report) list(f *layout.Flow) {
	center := layout.AlignCenter
	cols := []layout.Column{{Width: 30, Align: center}, {Width: 0}, {Width: 62}, {Width: 62}, {Width: 54, Align: center}, {Width: 46, Align: layout.AlignRight}, {Width: 36, Align: center}}
	var rows [][]layout.Cell
	cut := false
	for i, in := range r.initiatives {
		year := latestEval(in)
		var rates, grades []string
		if year != 0 {
			for _, ind := range in.Indicators {
				for _, iy := range ind.Years {
					if iy.Year.Year == year {
						rates = append(rates, rateText(iy.Eval.Rate))
						grades = append(grades, iy.Eval.Judgement.Label())
					}
				}
			}
		}
		yearText := "—"
		if year != 0 {
			yearText = model.Wareki(year)
		}
		// A column of dozens of rates without names tells the reader
		// nothing: the first few, then how many more (the section and
		// the department PDF have them all, with names).
		if len(rates) > maxListedRates {
			cut = true
			more := fmt.Sprintf("ほか%d件", len(rates)-maxListedRates)
			rates = append(rates[:maxListedRates], more)
			grades = append(grades[:maxListedRates], "")
		}
		row := cells(fmt.Sprintf("%d-%d", in.GoalNumber, in.Number), in.Title, in.Department, in.Section, yearText, strings.Join(rates, "\n"), strings.Join(grades, "\n"))
		if r.sections {
			row[1].Link = initiativeAnchor(i)
		}
		rows = append(rows, row)
	}
	heading(f, "取組一覧", anchorList, 0)
	if !r.sections {
		f.Paragraph(fmt.Sprintf("取組項目が%d件あるため、取組ごとの詳細はこの報告書には載せていません。担当部別の報告書をご覧ください。", len(r.initiatives)), body)
		f.Space(6)
	}
	explain := "達成率と判定は、取組ごとに評価できた最新の年度のものを、目標指標の順に示します。"
	if cut {
		explain += fmt.Sprintf("指標が%d件を超える取組は、最初の%d件を示します。", maxListedRates, maxListedRates)
	}
	f.Paragraph(explain, note)
	f.Space(4)
	f.Table(r.table(cols, []string{"番号", "取組項目名", "担当部", "担当課", "最新年度", "達成率(%)", "判定"}, rows))
}

// maxListedRates bounds the rates 取組一覧 lists for one initiative.
const maxListedRates = 10

// richText sets a block of paragraphs and bullets.
func richText(f *layout.Flow, t model.RichText) {
	if t.IsEmpty() {
		f.Paragraph("（記載なし）", note)
		return
	}
	for _, b := range t.Blocks {
		if b.Kind == model.Bullet {
			f.Bullet(b.Text, layout.TextStyle{Font: body.Font, Color: body.Color, Indent: 8})
		} else {
			f.Paragraph(b.Text, body)
		}
	}
}

// cellText is a RichText as cell text: bullets keep their ・ (the table
// gives them a hanging indent).
func cellText(t model.RichText) string {
	if t.IsEmpty() {
		return "—"
	}
	return t.Plain()
}

func (r *report) initiative(f *layout.Flow, i int, in *model.Initiative) {
	title := initiativeTitle(in, r.manyGoals)
	f.Ensure(f.TextHeight(title, h1) + 40)
	f.Anchor(initiativeAnchor(i))
	f.Outline(title, 1)
	f.Paragraph(title, h1)
	f.Space(4)
	meta := fmt.Sprintf("基本目標%d %s　／　担当部：%s　／　担当課：%s", in.GoalNumber, in.GoalName, in.Department, in.Section)
	f.Paragraph(meta, body)
	f.Paragraph("出典："+in.Source.File+"　シート「"+in.Source.Sheet+"」", note)
	f.Space(8)

	f.Heading("(1) 取組概要", h2, 30)
	richText(f, in.Overview)
	f.Space(10)

	if len(in.Plans) == 0 {
		f.Heading("(2) 年度別取組内容", h2, 30)
		f.Paragraph("（記載なし）", note)
	} else {
		var rows [][]layout.Cell
		for _, p := range in.Plans {
			rows = append(rows, cells(string(p.Phase), p.Year.Display(), cellText(p.Work)))
		}
		t := r.table([]layout.Column{{Width: 36, Align: layout.AlignCenter}, {Width: 110}, {Width: 0}}, []string{"期", "年度", "取組内容"}, rows)
		f.Heading("(2) 年度別取組内容", h2, f.StartHeight(t))
		f.Table(t)
	}
	f.Space(10)

	f.Heading("(3) 目標指標", h2, 60)
	if len(in.Indicators) == 0 {
		f.Paragraph("（記載なし）", note)
	}
	for _, ind := range in.Indicators {
		r.indicator(f, ind)
	}
	f.Space(10)

	f.Heading("(4) 現状・背景", h2, 30)
	richText(f, in.Background)
	f.Space(10)

	if len(in.Results) == 0 {
		f.Heading("(5) 取組・成果・課題", h2, 30)
		f.Paragraph("（記載なし）", note)
	} else {
		var rows [][]layout.Cell
		for _, ry := range in.Results {
			rows = append(rows, cells(ry.Year.Display(), cellText(ry.Results), cellText(ry.Issues)))
		}
		t := r.table([]layout.Column{{Width: 80}, {Width: 0}, {Width: 0}}, []string{"年度", "取組実績", "今後の課題"}, rows)
		t.RowHeaders = true // each row is a fiscal year's
		f.Heading("(5) 取組・成果・課題", h2, f.StartHeight(t))
		f.Table(t)
	}
}

func (r *report) indicator(f *layout.Flow, ind model.Indicator) {
	name := ind.Name
	if ind.Unit != "" && ind.Unit != "—" {
		name += "（単位：" + ind.Unit + "）"
	}
	if ind.Direction == model.LowerIsBetter {
		name += "　※" + ind.Direction.Label() + "（達成率＝" + ind.Direction.Formula() + "×100）"
	}
	right := layout.AlignRight
	var rows [][]layout.Cell
	mismatch := false
	for _, iy := range ind.Years {
		stated := layout.Cell{Text: statedText(iy.StatedRate)}
		if !iy.Eval.StatedMatches && stated.Text != "—" {
			stated.Text += " ※"
			stated.Fill, stated.Color = &warnFill, &warnColor
			mismatch = true
		}
		rows = append(rows, []layout.Cell{{Text: iy.Year.Display()}, {Text: iy.Target.Text()}, {Text: iy.Actual.Text()},
			{Text: rateText(iy.Eval.Rate)}, stated, {Text: iy.Eval.Judgement.Label()}})
	}
	cols := []layout.Column{{Width: 0}, {Width: 70, Align: right}, {Width: 70, Align: right}, {Width: 62, Align: right}, {Width: 70, Align: right}, {Width: 44, Align: layout.AlignCenter}}
	t := r.table(cols, []string{"年度", "目標値", "実績値", "達成率(%)", "記載達成率", "判定"}, rows)
	t.RowHeaders = true // each row is a fiscal year's
	const mismatchNote = "※ シートに記載された達成率が、目標値と実績値から計算した達成率と一致しません（付録1の指摘事項を参照）。"
	mismatchStyle := layout.TextStyle{Font: note.Font, Color: warnColor}
	// An indicator (title, table, note, chart) is read as one figure: keep
	// it on one page when it fits one, rather than leave the chart or the
	// last rows of the table alone on the next.
	whole := f.TextHeight(name, h3) + f.TableHeight(t) + 4
	if mismatch {
		whole += f.TextHeight(mismatchNote, mismatchStyle)
	}
	if hasTargetChart(ind) {
		whole += targetChartHeight
	}
	if whole <= f.ContentHeight() {
		f.Ensure(whole)
	}
	f.Heading(name, h3, f.StartHeight(t)+24)
	f.Table(t)
	if mismatch {
		f.Paragraph(mismatchNote, mismatchStyle)
	}
	f.Space(4)
	r.targetChart(f, ind)
	f.Space(8)
}

// statedText shows the 達成率 as the sheet wrote it, with at least one
// decimal when it is a plain whole number, as every rate is shown (and as
// summary.xlsx shows it): a cell formatted 0.0 stores 42 and shows 42.0,
// and reading it raw loses the format.
func statedText(v model.Value) string {
	if w := normalize.StatedJudgement(v); w != "" {
		return w // 達成 / 未達成 written where the rate goes, shown as written
	}
	if v.Kind == model.ValueNone {
		return "—"
	}
	raw := strings.TrimSpace(v.Raw)
	if raw == "" {
		raw = v.Text()
	}
	if v.Kind == model.ValueNumber && !strings.ContainsAny(raw, ".．%％") {
		if model.IsDecimal(raw) {
			return raw + ".0"
		}
	}
	return raw
}

var statusLabel = map[model.FileStatus]string{
	model.FileAccepted: "受理",
	model.FileRejected: "不受理",
	model.FileIgnored:  "対象外",
}

func (r *report) appendix(f *layout.Flow) {
	heading(f, "付録1 指摘事項一覧", anchorFindings, 0)
	e, w, i := 0, 0, 0
	for _, fd := range r.findings {
		switch fd.Severity {
		case model.SeverityError:
			e++
		case model.SeverityWarning:
			w++
		default:
			i++
		}
	}
	f.Paragraph(fmt.Sprintf("エラー%d件、警告%d件、情報%d件。", e, w, i), body)
	if len(r.findings) > 0 {
		f.Paragraph("ファイル・シートごとに、セルの順に示します。", note)
	}
	f.Space(6)
	// Grouped by file and sheet under a small title each, so that the
	// message column gets most of the width: a council member reads the
	// messages, the file name needs saying once.
	for start := 0; start < len(r.findings); {
		end := start + 1
		for end < len(r.findings) && r.findings[end].File == r.findings[start].File && r.findings[end].Sheet == r.findings[start].Sheet {
			end++
		}
		group := r.findings[start:end]
		var rows [][]layout.Cell
		for _, fd := range group {
			sev := layout.Cell{Text: fd.Severity.Label()}
			if fd.Severity == model.SeverityError {
				sev.Color, sev.Bold = &warnColor, true
			}
			rows = append(rows, []layout.Cell{sev, {Text: orDash(fd.Cell)}, {Text: fd.Message}})
		}
		cols := []layout.Column{{Width: 38, Align: layout.AlignCenter}, {Width: 40, Align: layout.AlignCenter}, {Width: 0}}
		t := r.table(cols, []string{"区分", "セル", "内容"}, rows)
		// Set like an H3, but the level under 付録1 is 2.
		groupTitle := h3
		groupTitle.Level = 2
		f.Heading(findingGroupTitle(group[0]), groupTitle, f.StartHeight(t))
		f.Table(t)
		f.Space(8)
		start = end
	}
	f.Space(16)
	heading(f, "付録2 入力ファイル一覧", anchorFiles, 0)
	if len(r.files) == 0 {
		f.Paragraph("（入力ファイルはありません）", note)
		return
	}
	var rows [][]layout.Cell
	for _, fl := range r.files {
		st := statusLabel[fl.Status]
		if st == "" {
			st = string(fl.Status)
		}
		rows = append(rows, cells(fl.Name, st, strconv.FormatInt(fl.Size, 10), orDash(fl.SHA256)))
	}
	files := r.table([]layout.Column{{Width: 0}, {Width: 40, Align: layout.AlignCenter}, {Width: 56, Align: layout.AlignRight}, {Width: 160}},
		[]string{"ファイル", "状態", "バイト数", "SHA-256"}, rows)
	files.RowHeaders = true // each row is a file's
	f.Table(files)
}

// findingGroupTitle names the file and sheet a group of findings is about.
func findingGroupTitle(fd model.Finding) string {
	switch {
	case fd.File == "":
		return "入力フォルダ全体"
	case fd.Sheet == "":
		return "ファイル「" + fd.File + "」"
	}
	return "ファイル「" + fd.File + "」　シート「" + fd.Sheet + "」"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
