package reportdoc

import (
	"fmt"
	"strconv"
	"strings"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// Mark is how a cell stands out from its table.
type Mark uint8

const (
	MarkNone     Mark = iota
	MarkMismatch      // a stated rate that does not match the computed one
	MarkError         // the severity of an error finding
)

// Cell is one table cell.
type Cell struct {
	Text string
	Link string // anchor the cell links to, or ""
	Mark Mark
}

// Table is a table with one header row. RowHeaders: how many leading
// cells of each row head it (what identifies the row: a department and a
// fiscal year, an initiative, a file); 0 for none.
type Table struct {
	Caption    string
	Header     []string
	Rows       [][]Cell
	RowHeaders int
}

func cells(texts ...string) []Cell {
	out := make([]Cell, len(texts))
	for i, t := range texts {
		out[i] = Cell{Text: t}
	}
	return out
}

// Summary is the 総括 section's text and table.
type Summary struct {
	Intro string
	Bands string   // what the grades A–D mean, from the configured bands
	Table Table    // no rows: nothing was evaluated (say Empty)
	Empty string   // shown instead of an empty table
	Notes []string // under the table
}

// Summary collects the roll-ups per department (and goal) and fiscal year.
func (c *Content) Summary() Summary {
	s := Summary{
		Intro: "担当部・年度別に、評価できた指標の数、達成した指標の数（達成率100%以上または「達成」）、平均達成率と判定の内訳を示します。",
		Bands: GradeBandsText(c.Options.Grades),
		Empty: "評価できた指標はありません。",
		Table: Table{
			Caption: "担当部・年度別の評価状況",
			Header:  []string{"担当部", "年度", "評価指標数", "達成数", "平均達成率(%)", "A", "B", "C", "D", "達成", "未達成"},
			// A count is read as a department's (or goal's) in a year.
			RowHeaders: 2,
		},
	}
	dept := c.Options.Department
	if c.ManyGoals && dept == "" {
		s.Table.Header[0] = DeptGoalHeader
	}
	skipped := false
	add := func(name string, ro model.Rollup) {
		if ro.Evaluated == 0 {
			// A year without any evaluated indicator (the plan's later
			// years) is a row of zeros: left out, and said so below.
			skipped = true
			return
		}
		s.Table.Rows = append(s.Table.Rows, cells(name, model.Wareki(ro.Year), strconv.Itoa(ro.Evaluated), strconv.Itoa(ro.Achieved), ro.MeanRate.String(),
			strconv.Itoa(ro.Grades.A), strconv.Itoa(ro.Grades.B), strconv.Itoa(ro.Grades.C), strconv.Itoa(ro.Grades.D),
			strconv.Itoa(ro.Grades.Achieved), strconv.Itoa(ro.Grades.NotAchieved)))
	}
	for _, ro := range c.Batch.Rollups.ByDepartmentYear {
		if ro.Year == 0 || (dept != "" && ro.Department != dept) {
			continue
		}
		add(ro.Department, ro)
	}
	if dept == "" {
		// With more than one basic goal, each goal's rows come before the
		// whole (with one, they would repeat 全体).
		if c.ManyGoals {
			for _, ro := range c.Batch.Rollups.ByGoalYear {
				if ro.Year != 0 {
					add(GoalRowName(ro.GoalNumber), ro)
				}
			}
		}
		for _, ro := range c.Batch.Rollups.ByYear {
			if ro.Year != 0 {
				add("全体", ro)
			}
		}
	}
	if len(s.Table.Rows) == 0 {
		return s
	}
	if skipped {
		s.Notes = append(s.Notes, "評価できた指標が一つもない年度は省略しています。")
	}
	// A department's own PDF counts its own initiatives only.
	if dept == "" {
		if shared := c.sharedInitiative(); shared != "" {
			s.Notes = append(s.Notes, "複数の担当部の取組（"+shared+"など）は、それぞれの担当部に数え、「全体」には一度だけ数えます。そのため担当部の数の合計は「全体」と一致しないことがあります。")
		}
	}
	return s
}

// GradeBandsText says in one sentence what each grade means under bands
// (highest first, as config validates them; nil: the built-in bands):
// 判定は、達成率100%以上をA、80%以上100%未満をB、50%以上80%未満をC、50%未満をDとし、….
// The grades are in every table and chart; the bands are configurable, so
// a reader cannot know them otherwise. A rate below every band gets the
// last band's grade, so the last band reaches down without a floor.
func GradeBandsText(bands []config.GradeBand) string {
	if len(bands) == 0 {
		bands = config.Default().Grades
	}
	pct := func(d model.Decimal) string {
		if r := d.Rat(); r != nil {
			d = model.DecimalFromRat(r)
		}
		return string(d) + "%"
	}
	var parts []string
	for i, g := range bands {
		switch {
		case len(bands) == 1:
			parts = append(parts, "にかかわらず"+g.Grade)
		case i == 0:
			parts = append(parts, pct(g.Min)+"以上を"+g.Grade)
		case i == len(bands)-1:
			parts = append(parts, pct(bands[i-1].Min)+"未満を"+g.Grade)
		default:
			parts = append(parts, pct(g.Min)+"以上"+pct(bands[i-1].Min)+"未満を"+g.Grade)
		}
	}
	return "判定は、達成率" + strings.Join(parts, "、") + "とし、実施・未実施で評価する指標は「達成」または「未達成」とします。"
}

// sharedInitiative names the first initiative shown with more than one
// department (総務部・財務部の取組7), or "".
func (c *Content) sharedInitiative() string {
	for _, in := range c.Initiatives {
		if len(in.Departments()) > 1 {
			return in.Department + "の" + c.InitiativeNo(in)
		}
	}
	return ""
}

// LatestEval finds an initiative's latest fiscal year with any judgement.
func LatestEval(in *model.Initiative) int {
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

// latestEval is the latest fiscal year with any judgement among ins (0:
// none), as the rate stage's Rollups.LatestYear is for the whole batch.
func latestEval(ins []*model.Initiative) int {
	y := 0
	for _, in := range ins {
		if in != nil {
			y = max(y, LatestEval(in))
		}
	}
	return y
}

// ListLowerMark follows a lower-is-better indicator's rate in 取組一覧,
// whose rate column has no room for LowerMark; List explains it.
const ListLowerMark = "↓"

// MaxListedRates bounds the rates 取組一覧 lists for one initiative.
const MaxListedRates = 10

// List is the 取組一覧 section.
type List struct {
	Intro   string // when the sections are left out, says so; else ""
	Explain string
	Table   Table
}

// List tabulates every initiative with its latest evaluated rates.
func (c *Content) List() List {
	// An initiative is named by its number and title: a rate or grade is
	// read as theirs.
	l := List{Table: Table{Caption: HeadingList, Header: []string{"番号", "取組項目名", "担当部", "担当課", "最新年度", "達成率(%)", "判定"}, RowHeaders: 2}}
	cut, lower := false, false
	for i, in := range c.Initiatives {
		year := LatestEval(in)
		var rates, grades []string
		if year != 0 {
			for _, ind := range in.Indicators {
				for _, iy := range ind.Years {
					if iy.Year.Year == year {
						rate := iy.Eval.Rate.String()
						// The column is too narrow for LowerMark: a short
						// mark, explained above the table.
						if iy.Eval.Rate.Valid && ind.Direction == model.LowerIsBetter {
							rate += ListLowerMark
							lower = lower || len(rates) < MaxListedRates
						}
						rates = append(rates, rate)
						grades = append(grades, iy.Eval.Judgement.Label())
					}
				}
			}
		}
		yearText := "—"
		if year != 0 {
			yearText = model.Wareki(year)
		}
		// Nothing evaluated is 「—」, as everywhere else, not a blank.
		if len(rates) == 0 {
			rates, grades = []string{"—"}, []string{"—"}
		}
		// A column of dozens of rates without names tells the reader
		// nothing: the first few, then how many more (the section and
		// the department PDF have them all, with names).
		if len(rates) > MaxListedRates {
			cut = true
			more := fmt.Sprintf("ほか%d件", len(rates)-MaxListedRates)
			rates = append(rates[:MaxListedRates], more)
			grades = append(grades[:MaxListedRates], "")
		}
		row := cells(fmt.Sprintf("%d-%d", in.GoalNumber, in.Number), in.Title, in.Department, in.Section, yearText, strings.Join(rates, "\n"), strings.Join(grades, "\n"))
		if c.Sections {
			row[1].Link = InitiativeAnchor(i)
		}
		l.Table.Rows = append(l.Table.Rows, row)
	}
	if !c.Sections {
		l.Intro = fmt.Sprintf("取組項目が%d件あるため、取組ごとの詳細はこの報告書には載せていません。担当部別の報告書をご覧ください。", len(c.Initiatives))
	}
	l.Explain = "達成率と判定は、取組ごとに評価できた最新の年度のものを、目標指標の順に示します。"
	if cut {
		l.Explain += fmt.Sprintf("指標が%d件を超える取組は、最初の%d件を示します。", MaxListedRates, MaxListedRates)
	}
	if lower {
		l.Explain += "「" + ListLowerMark + "」の付いた達成率は、低いほど良い指標（達成率＝" + model.LowerIsBetter.Formula() + "×100）のものです。"
	}
	return l
}

// Plans tabulates an initiative's yearly plan; no rows when it has none.
func Plans(in *model.Initiative) Table {
	t := Table{Caption: HeadingPlans, Header: []string{"期", "年度", "取組内容"}, RowHeaders: 2}
	for _, p := range in.Plans {
		t.Rows = append(t.Rows, cells(string(p.Phase), p.Year.Display(), CellText(p.Work)))
	}
	return t
}

// Results tabulates an initiative's yearly results and issues; no rows
// when it has none.
func Results(in *model.Initiative) Table {
	t := Table{Caption: HeadingResults, Header: []string{"年度", "取組実績", "今後の課題"}, RowHeaders: 1}
	for _, ry := range in.Results {
		t.Rows = append(t.Rows, cells(ry.Year.Display(), CellText(ry.Results), CellText(ry.Issues)))
	}
	return t
}

// MismatchNote explains the mark on a stated rate.
const MismatchNote = "※ シートに記載された達成率が、目標値と実績値から計算した達成率と一致しません（付録1の指摘事項を参照）。"

// Indicator is one target indicator: its heading, its yearly table and
// whether a stated rate in it does not match.
type Indicator struct {
	Name     string
	Table    Table
	Mismatch bool
}

// IndicatorOf tabulates ind per fiscal year.
func IndicatorOf(ind model.Indicator) Indicator {
	name := ind.Name
	if ind.Unit != "" && ind.Unit != "—" {
		name += "（単位：" + ind.Unit + "）"
	}
	if ind.Direction == model.LowerIsBetter {
		name += "　※" + ind.Direction.Label() + "（達成率＝" + ind.Direction.Formula() + "×100）"
	}
	out := Indicator{Name: name, Table: Table{Caption: name, Header: []string{"年度", "目標値", "実績値", "達成率(%)", "記載達成率", "判定"}, RowHeaders: 1}}
	for _, iy := range ind.Years {
		stated := Cell{Text: normalize.StatedText(iy.StatedRate)}
		if !iy.Eval.StatedMatches && stated.Text != "—" {
			stated.Text += " ※"
			stated.Mark = MarkMismatch
			out.Mismatch = true
		}
		out.Table.Rows = append(out.Table.Rows, []Cell{{Text: iy.Year.Display()}, {Text: iy.Target.Text()}, {Text: iy.Actual.Text()},
			{Text: iy.Eval.Rate.String()}, stated, {Text: iy.Eval.Judgement.Label()}})
	}
	return out
}

// FindingsAppendix is 付録1.
type FindingsAppendix struct {
	Counts string // エラーn件、警告n件、情報n件。
	Order  string // how the groups are ordered; "" without findings
	Groups []FindingGroup
}

// FindingGroup is the findings about one file and sheet.
type FindingGroup struct {
	Title string
	Table Table
}

// FindingsAppendix groups the findings by file and sheet, so that the
// message column gets most of the width: a council member reads the
// messages, the file name needs saying once.
func (c *Content) FindingsAppendix() FindingsAppendix {
	e, w, i := 0, 0, 0
	for _, fd := range c.Findings {
		switch fd.Severity {
		case model.SeverityError:
			e++
		case model.SeverityWarning:
			w++
		default:
			i++
		}
	}
	a := FindingsAppendix{Counts: fmt.Sprintf("エラー%d件、警告%d件、情報%d件。", e, w, i)}
	if len(c.Findings) > 0 {
		a.Order = "ファイル・シートごとに、セルの順に示します。"
	}
	for start := 0; start < len(c.Findings); {
		end := start + 1
		for end < len(c.Findings) && c.Findings[end].File == c.Findings[start].File && c.Findings[end].Sheet == c.Findings[start].Sheet {
			end++
		}
		group := c.Findings[start:end]
		title := FindingGroupTitle(group[0])
		t := Table{Caption: title, Header: []string{"区分", "セル", "内容"}}
		for _, fd := range group {
			sev := Cell{Text: fd.Severity.Label()}
			if fd.Severity == model.SeverityError {
				sev.Mark = MarkError
			}
			t.Rows = append(t.Rows, []Cell{sev, {Text: OrDash(fd.Cell)}, {Text: fd.Message}})
		}
		a.Groups = append(a.Groups, FindingGroup{Title: title, Table: t})
		start = end
	}
	return a
}

// FindingGroupTitle names the file and sheet a group of findings is about.
func FindingGroupTitle(fd model.Finding) string {
	switch {
	case fd.File == "":
		return "入力フォルダ全体"
	case fd.Sheet == "":
		return "ファイル「" + fd.File + "」"
	}
	return "ファイル「" + fd.File + "」　シート「" + fd.Sheet + "」"
}

var statusLabel = map[model.FileStatus]string{
	model.FileAccepted: "受理",
	model.FileRejected: "不受理",
}

// FilesTable is 付録2: every input file with its status, size and hash.
// An entry that is not an input (Thumbs.db, a folder, a lock file) is not
// listed: the council's report is about the departments' workbooks, and
// ingest leaves such entries out of the batch anyway.
func (c *Content) FilesTable() Table {
	t := Table{Caption: HeadingFiles, Header: []string{"ファイル", "状態", "バイト数", "SHA-256"}, RowHeaders: 1}
	for _, fl := range c.Files {
		if fl.Status == model.FileIgnored {
			continue
		}
		st := statusLabel[fl.Status]
		if st == "" {
			st = string(fl.Status)
		}
		t.Rows = append(t.Rows, cells(fl.Name, st, strconv.FormatInt(fl.Size, 10), OrDash(fl.SHA256)))
	}
	return t
}
