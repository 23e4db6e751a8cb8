package workbook

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
	"planreport/pipeline/reportdoc"
)

// Sheet names, in workbook order.
const (
	sheetOverview    = "概要"
	sheetInitiatives = "取組一覧"
	sheetIndicators  = "指標一覧"
	sheetData        = "データ"
	sheetFindings    = "検証結果"
	sheetFiles       = "入力ファイル"
	sheetChanges     = "変更点"
)

// SheetFindings is the name of the sheet that lists every finding, for
// the messages that send a person there.
const SheetFindings = sheetFindings

var sheetOrder = []string{sheetOverview, sheetStatus, sheetInitiatives, sheetIndicators, sheetData, sheetFindings, sheetFiles, sheetChanges}

// dataHeader is row 1 of データ, the sheet machines read (SPEC: Outputs).
var dataHeader = []string{
	"ファイル", "シート", "基本目標", "取組番号", "取組項目名", "担当部", "担当課", "指標名", "単位", "評価方向",
	"年度", "年度表記", "目標値", "実績値", "達成率", "記載達成率", "判定",
}

// Columns of データ that later code refers to (1-based).
const (
	dataColRate      = 15
	dataColJudgement = 17
)

// gradeRules colours 判定 cells by their text; a conditional format rather
// than a cell style so that a value typed over a cell recolours itself.
func gradeRules(st *styles) []excelize.ConditionalFormatOptions {
	var rules []excelize.ConditionalFormatOptions
	for _, j := range []model.Judgement{model.GradeA, model.GradeB, model.GradeC, model.GradeD, model.Achieved, model.NotAchieved} {
		format := st.gradeDxf[j]
		rules = append(rules, excelize.ConditionalFormatOptions{
			Type: "cell", Criteria: "==", Format: &format, Value: strconv.Quote(j.Label()),
		})
	}
	return rules
}

// rateBar draws a data bar in 達成率 cells from 0 to 100 %: a full bar means
// the target was met, and rates above 100 stay full.
var rateBar = excelize.ConditionalFormatOptions{
	Type: "data_bar", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "100", BarColor: colorBar,
}

// columnRanges joins the data ranges of the given columns ("Q2:Q9 V2:V9").
func columnRanges(cols []int, last int) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = cellName(c, 2) + ":" + cellName(c, last)
	}
	return strings.Join(parts, " ")
}

// dataTable builds データ: one row per indicator × fiscal year that has a
// target or an actual.
func dataTable(ctx context.Context, v *view, st *styles) (*table, error) {
	t := newTable(sheetData, dataHeader)
	t.landscape = true
	fill := func(ctx context.Context, add addRow) error {
		return v.eachInitiative(ctx, func(_ int, in *model.Initiative) error {
			for _, ind := range in.Indicators {
				for _, y := range ind.Years {
					if !hasValue(y.Target) && !hasValue(y.Actual) {
						continue
					}
					if _, err := add(
						text(st.text, in.Source.File),
						text(st.text, in.Source.Sheet),
						positive(st.count, in.GoalNumber),
						positive(st.count, in.Number),
						text(st.text, in.Title),
						text(st.text, in.Department),
						text(st.text, in.Section),
						text(st.text, ind.Name),
						text(st.text, ind.Unit),
						text(st.text, ind.Direction.LabelWithFormula()),
						positive(st.count, y.Year.Year),
						text(st.text, yearLabel(y.Year)),
						valueCell(st, y.Target),
						valueCell(st, y.Actual),
						rateCell(st, y),
						statedCell(st, y),
						text(st.text, judgementLabel(y.Eval.Judgement)),
					); err != nil {
						return err
					}
				}
			}
			return nil
		})
	}
	if err := t.fillRows(ctx, v.rows, st.wrap, fill); err != nil {
		return nil, err
	}
	last := t.lastRow()
	t.extra = func(f *excelize.File) error {
		if last < 2 {
			return nil
		}
		if err := f.SetConditionalFormat(sheetData, columnRanges([]int{dataColJudgement}, last), gradeRules(st)); err != nil {
			return fmt.Errorf("判定の条件付き書式: %w", err)
		}
		if err := f.SetConditionalFormat(sheetData, columnRanges([]int{dataColRate}, last), []excelize.ConditionalFormatOptions{rateBar}); err != nil {
			return fmt.Errorf("達成率のデータバー: %w", err)
		}
		return nil
	}
	return t, nil
}

// indicatorFixed are the columns of 指標一覧 before the fiscal years; five
// columns per year follow (indicatorYearCols), then where the indicator
// was read.
var indicatorFixed = []string{"基本目標", "取組番号", "取組項目名", "担当部", "指標名", "単位", "評価方向"}

var indicatorYearCols = []string{"目標値", "実績値", "達成率", "記載達成率", "判定"}

// indicatorTable builds 指標一覧: one row per indicator, fiscal years across.
// firstRow[i] is the sheet row of the first indicator of v.initiatives[i]
// (0 when it has none), for the links from 取組一覧.
func indicatorTable(ctx context.Context, v *view, st *styles) (t *table, firstRow []int, err error) {
	header := append([]string(nil), indicatorFixed...)
	for _, y := range v.years {
		for _, c := range indicatorYearCols {
			header = append(header, model.Wareki(y)+"\n"+c)
		}
	}
	header = append(header, "ファイル", "シート", "セル")
	t = newTable(sheetIndicators, header)
	t.landscape = true
	firstRow = make([]int, len(v.initiatives))
	fill := func(ctx context.Context, add addRow) error {
		return v.eachInitiative(ctx, func(i int, in *model.Initiative) error {
			for k, ind := range in.Indicators {
				cells := make([]excelize.Cell, 0, len(header))
				cells = append(cells,
					positive(st.count, in.GoalNumber),
					positive(st.count, in.Number),
					text(st.text, in.Title),
					text(st.text, in.Department),
					text(st.text, ind.Name),
					text(st.text, ind.Unit),
					text(st.text, ind.Direction.LabelWithFormula()),
				)
				for _, year := range v.years {
					y, ok := yearOf(ind, year)
					if !ok || !shown(y) {
						cells = append(cells, empty(st.text), empty(st.text), empty(st.text), empty(st.text), empty(st.text))
						continue
					}
					cells = append(cells,
						valueCell(st, y.Target),
						valueCell(st, y.Actual),
						rateCell(st, y),
						statedCell(st, y),
						text(st.text, judgementLabel(y.Eval.Judgement)),
					)
				}
				src := ind.Source
				if src.File == "" && src.Sheet == "" {
					src = in.Source
				}
				cells = append(cells, text(st.text, src.File), text(st.text, src.Sheet), text(st.text, src.Cell))
				row, err := add(cells...)
				if err != nil {
					return err
				}
				if k == 0 {
					firstRow[i] = row
				}
			}
			return nil
		})
	}
	if err := t.fillRows(ctx, v.rows, st.wrap, fill); err != nil {
		return nil, nil, err
	}
	last := t.lastRow()
	t.extra = func(f *excelize.File) error {
		if last < 2 || len(v.years) == 0 {
			return nil
		}
		var judgements, rates []int
		for k := range v.years {
			base := len(indicatorFixed) + k*len(indicatorYearCols)
			rates = append(rates, base+3)
			judgements = append(judgements, base+5)
		}
		if err := f.SetConditionalFormat(sheetIndicators, columnRanges(judgements, last), gradeRules(st)); err != nil {
			return fmt.Errorf("判定の条件付き書式: %w", err)
		}
		if err := f.SetConditionalFormat(sheetIndicators, columnRanges(rates, last), []excelize.ConditionalFormatOptions{rateBar}); err != nil {
			return fmt.Errorf("達成率のデータバー: %w", err)
		}
		return nil
	}
	return t, firstRow, nil
}

var initiativeHeader = []string{
	"基本目標", "取組番号", "取組項目名", "担当部", "担当課", "指標数", "最新年度", "評価数", "達成数",
	"平均達成率", "判定内訳", "最新年度の達成率", "指標一覧", "ファイル", "シート",
}

const initiativeColLink = 13

// initiativeTable builds 取組一覧: one row per initiative with the roll-up of
// its latest evaluated fiscal year, each indicator's rate and grade that
// year, and a link to its rows in 指標一覧.
func initiativeTable(v *view, st *styles, firstRow []int) *table {
	t := newTable(sheetInitiatives, initiativeHeader)
	t.landscape = true
	type link struct{ cell, target string }
	var links []link
	for i, in := range v.initiatives {
		latest := latestYear(in)
		cells := []excelize.Cell{
			positive(st.count, in.GoalNumber),
			positive(st.count, in.Number),
			text(st.text, in.Title),
			text(st.text, in.Department),
			text(st.text, in.Section),
			{StyleID: st.count, Value: len(in.Indicators)},
		}
		if latest == 0 {
			cells = append(cells, text(st.text, "—"), empty(st.count), empty(st.count), empty(st.rate), text(st.text, "—"), empty(st.wrap))
		} else {
			r, ok := v.initiativeRollup(in, latest)
			if !ok {
				r = countYear(in, latest)
			}
			mean := empty(st.rate)
			if r.MeanRate.Valid {
				mean = excelize.Cell{StyleID: st.rate, Value: r.MeanRate.Float64()}
			}
			cells = append(cells,
				text(st.text, model.Wareki(latest)),
				excelize.Cell{StyleID: st.count, Value: r.Evaluated},
				excelize.Cell{StyleID: st.count, Value: r.Achieved},
				mean,
				text(st.text, gradeSummary(r.Grades)),
				text(st.wrap, latestRates(in, latest)),
			)
		}
		if firstRow[i] > 0 {
			row := len(t.rows) + 2
			links = append(links, link{cellName(initiativeColLink, row), sheetRef(sheetIndicators) + "!A" + strconv.Itoa(firstRow[i])})
			cells = append(cells, text(st.link, fmt.Sprintf("指標一覧へ（%d件）", len(in.Indicators))))
		} else {
			cells = append(cells, text(st.text, "指標なし"))
		}
		cells = append(cells, text(st.text, in.Source.File), text(st.text, in.Source.Sheet))
		t.add(cells...)
	}
	t.extra = func(f *excelize.File) error {
		for _, l := range links {
			if err := f.SetCellHyperLink(sheetInitiatives, l.cell, l.target, "Location"); err != nil {
				return fmt.Errorf("セル%sのリンク: %w", l.cell, err)
			}
		}
		return nil
	}
	return t
}

// gradeSummary writes grade counts as 「A2・B1・達成1」, or — when none.
func gradeSummary(g model.GradeCounts) string {
	var parts []string
	for _, p := range []struct {
		label string
		n     int
	}{{"A", g.A}, {"B", g.B}, {"C", g.C}, {"D", g.D}, {"達成", g.Achieved}, {"未達成", g.NotAchieved}} {
		if p.n > 0 {
			parts = append(parts, p.label+strconv.Itoa(p.n))
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "・")
}

// latestRates lists each indicator's rate and grade in the given year, one
// line each: 「指標名：106.3%（A）」, 「指標名：達成」, 「指標名：—」; a
// lower-is-better rate as 「指標名（低いほど良い）：66.7%（C）」.
func latestRates(in *model.Initiative, year int) string {
	lines := make([]string, 0, len(in.Indicators))
	for _, ind := range in.Indicators {
		result := "—"
		if y, ok := yearOf(ind, year); ok {
			switch j := y.Eval.Judgement; {
			case y.Eval.Rate.Valid:
				result = y.Eval.Rate.String() + "%（" + judgementLabel(j) + "）"
			case j != model.NotEvaluable:
				result = judgementLabel(j)
			}
		}
		name := ind.Name
		// A lower-is-better rate reads as the report's does: the name
		// carries the report's mark (reportdoc.LowerMark), as 総括's chart
		// and 前回報告からの変更 show it; this sheet has no 評価方向 column.
		if y, ok := yearOf(ind, year); ok && y.Eval.Rate.Valid && ind.Direction == model.LowerIsBetter {
			name += reportdoc.LowerMark
		}
		lines = append(lines, name+"："+result)
	}
	return strings.Join(lines, "\n")
}

// overviewWhole labels the rows of the whole batch in 概要.
const overviewWhole = "全体"

var overviewHeader = []string{"担当部", "年度", "年度表記", "評価数", "達成数", "平均達成率", "A", "B", "C", "D", "達成", "未達成"}

// Charts of 概要 sit right of the table, one under the other.
const (
	chartHeight    = 400 // pixels; 20 default rows
	chartRowStride = 22  // rows from one chart's anchor to the next
)

// overviewTable builds 概要: the department × fiscal-year roll-ups, and below
// them the grids the two native charts plot: the mean rate by department
// and year (clustered columns), and the grade counts by department in the
// latest fiscal year (stacked columns).
func overviewTable(v *view, st *styles) *table {
	header := overviewHeader
	if v.manyGoals {
		header = slices.Clone(overviewHeader)
		header[0] = reportdoc.DeptGoalHeader
	}
	t := newTable(sheetOverview, header)
	t.landscape = true
	// The departments, then each basic goal when the batch has more than
	// one (with one, its rows would repeat 全体), then the whole (全体), as
	// the report's 総括 shows them (reportdoc.Content.Summary); an
	// initiative of two departments counts in each, once in 全体.
	rows := slices.Clone(v.rollups.ByDepartmentYear)
	if v.manyGoals {
		for _, r := range v.rollups.ByGoalYear {
			r.Department = reportdoc.GoalRowName(r.GoalNumber)
			rows = append(rows, r)
		}
	}
	for _, r := range v.rollups.ByYear {
		r.Department = overviewWhole
		rows = append(rows, r)
	}
	for _, r := range rows {
		label := "全年度"
		if r.Year > 0 {
			label = model.Wareki(r.Year)
		}
		rate := empty(st.rate)
		if r.MeanRate.Valid {
			rate = excelize.Cell{StyleID: st.rate, Value: r.MeanRate.Float64()}
		}
		t.add(
			text(st.text, r.Department),
			positive(st.count, r.Year),
			text(st.text, label),
			excelize.Cell{StyleID: st.count, Value: r.Evaluated},
			excelize.Cell{StyleID: st.count, Value: r.Achieved},
			rate,
			excelize.Cell{StyleID: st.count, Value: r.Grades.A},
			excelize.Cell{StyleID: st.count, Value: r.Grades.B},
			excelize.Cell{StyleID: st.count, Value: r.Grades.C},
			excelize.Cell{StyleID: st.count, Value: r.Grades.D},
			excelize.Cell{StyleID: st.count, Value: r.Grades.Achieved},
			excelize.Cell{StyleID: st.count, Value: r.Grades.NotAchieved},
		)
	}
	var charts []*excelize.Chart
	if c := meanRateChart(t, v, st); c != nil {
		charts = append(charts, c)
	}
	if c := gradeChart(t, v, st); c != nil {
		charts = append(charts, c)
	}
	t.extra = func(f *excelize.File) error {
		for i, c := range charts {
			anchor := cellName(len(overviewHeader)+2, 2+i*chartRowStride)
			if err := f.AddChart(sheetOverview, anchor, c); err != nil {
				return fmt.Errorf("グラフ「%s」: %w", c.Title.Paragraph[0].Text, err)
			}
		}
		return nil
	}
	return t
}

// departmentsOf lists the departments of the dated roll-ups in their first
// order of appearance (the roll-ups are sorted by department).
func departmentsOf(rs []model.Rollup) []string {
	var depts []string
	seen := make(map[string]bool)
	for _, r := range rs {
		if r.Year > 0 && !seen[r.Department] {
			seen[r.Department] = true
			depts = append(depts, r.Department)
		}
	}
	return depts
}

// chartGrid appends a captioned grid below the table: a header row
// (担当部, then one column per series) and one row per department. It
// returns the chart series that plot the grid column by column.
func chartGrid(t *table, st *styles, caption string, series []string, depts []string, cell func(dept string, k int) excelize.Cell) []excelize.ChartSeries {
	if len(t.below) > 0 {
		t.addBelow()
	}
	t.addCaption(text(st.title, caption))
	head := []excelize.Cell{text(st.header, "担当部")}
	for _, s := range series {
		head = append(head, text(st.header, s))
	}
	headRow := t.addBelow(head...)
	for _, d := range depts {
		cells := []excelize.Cell{text(st.text, d)}
		for k := range series {
			cells = append(cells, cell(d, k))
		}
		t.addBelow(cells...)
	}
	first, last := headRow+1, headRow+len(depts)
	ref := sheetRef(sheetOverview) + "!"
	abs := func(col, row int) string { return "$" + colName(col) + "$" + strconv.Itoa(row) }
	out := make([]excelize.ChartSeries, len(series))
	for k := range series {
		col := k + 2
		out[k] = excelize.ChartSeries{
			Name:       ref + abs(col, headRow),
			Categories: ref + abs(1, first) + ":" + abs(1, last),
			Values:     ref + abs(col, first) + ":" + abs(col, last),
		}
	}
	return out
}

// newChart is a column chart of the given kind with black axis labels (the
// default grey is hard to read on paper).
func newChart(kind excelize.ChartType, title, yTitle string, series []excelize.ChartSeries, categories int) *excelize.Chart {
	return &excelize.Chart{
		Type:   kind,
		Series: series,
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend: excelize.ChartLegend{Position: "bottom"},
		Format: excelize.GraphicOptions{AltText: title},
		Dimension: excelize.ChartDimension{
			Width:  uint(min(max(480, 120*categories+40*len(series)), 1200)),
			Height: chartHeight,
		},
		XAxis: excelize.ChartAxis{Font: excelize.Font{Color: "000000"}},
		YAxis: excelize.ChartAxis{
			MajorGridLines: true,
			Font:           excelize.Font{Color: "000000"},
			Title:          excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: yTitle}}},
		},
		ShowBlanksAs: "gap",
	}
}

// meanRateChart adds the department × year grid of mean rates and returns
// its clustered column chart, or nil when no roll-up has a year.
func meanRateChart(t *table, v *view, st *styles) *excelize.Chart {
	rs := v.rollups.ByDepartmentYear
	depts := departmentsOf(rs)
	var years []int
	// The first roll-up with a rate of each department and year, looked
	// up rather than searched: a grid of many departments and years would
	// otherwise scan every roll-up for every cell.
	type deptYear struct {
		dept string
		year int
	}
	rates := map[deptYear]model.Rate{}
	seenYear := map[int]bool{}
	for _, r := range rs {
		if r.Year > 0 && !seenYear[r.Year] {
			seenYear[r.Year] = true
			years = append(years, r.Year)
		}
		key := deptYear{r.Department, r.Year}
		if _, ok := rates[key]; !ok && r.MeanRate.Valid {
			rates[key] = r.MeanRate
		}
	}
	if len(depts) == 0 {
		return nil
	}
	slices.Sort(years)
	labels := make([]string, len(years))
	for k, y := range years {
		labels[k] = model.Wareki(y)
	}
	series := chartGrid(t, st, "グラフ用データ：部別・年度別 平均達成率（%）", labels, depts, func(d string, k int) excelize.Cell {
		if rate, ok := rates[deptYear{d, years[k]}]; ok {
			return excelize.Cell{StyleID: st.rate, Value: rate.Float64()}
		}
		return empty(st.rate)
	})
	return newChart(excelize.Col, "部別・年度別 平均達成率（%）", "平均達成率（%）", series, len(depts))
}

// gradeChart adds the grid of grade counts by department in the latest
// fiscal year and returns its stacked column chart, or nil when there is
// no such year.
func gradeChart(t *table, v *view, st *styles) *excelize.Chart {
	year := v.rollups.LatestYear
	var rs []model.Rollup
	first := map[string]model.GradeCounts{} // each department's first roll-up of the year
	for _, r := range v.rollups.ByDepartmentYear {
		if year > 0 && r.Year == year {
			rs = append(rs, r)
			if _, ok := first[r.Department]; !ok {
				first[r.Department] = r.Grades
			}
		}
	}
	depts := departmentsOf(rs)
	if len(depts) == 0 {
		return nil
	}
	grades := []string{"A", "B", "C", "D", "達成", "未達成"}
	title := "部別 判定の内訳（" + model.Wareki(year) + "）"
	series := chartGrid(t, st, "グラフ用データ："+title, grades, depts, func(d string, k int) excelize.Cell {
		if g, ok := first[d]; ok {
			return excelize.Cell{StyleID: st.count, Value: [...]int{g.A, g.B, g.C, g.D, g.Achieved, g.NotAchieved}[k]}
		}
		return empty(st.count)
	})
	// The grade colours of the conditional formats, darker for the
	// qualitative 達成 / 未達成.
	colors := []string{"70AD47", "5B9BD5", "FFC000", "FF0000", "548235", "C00000"}
	for k := range series {
		series[k].Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[k]}}
	}
	c := newChart(excelize.ColStacked, title, "指標数", series, len(depts))
	overlap := 100
	c.Overlap = &overlap
	return c
}

var findingHeader = []string{"重要度", "コード", "ファイル", "シート", "セル", "内容"}

// findingTable builds 検証結果: every finding, filterable by severity, code
// and file.
func findingTable(v *view, st *styles) *table {
	t := newTable(sheetFindings, findingHeader)
	t.landscape = true
	for _, fd := range v.findings {
		sev, ok := st.severity[fd.Severity]
		if !ok {
			sev = st.text
		}
		t.add(
			text(sev, fd.Severity.Label()),
			text(st.text, fd.Code),
			text(st.text, fd.File),
			text(st.text, fd.Sheet),
			text(st.text, fd.Cell),
			text(st.wrap, fd.Message),
		)
	}
	return t
}

var fileHeader = []string{"ファイル", "状態", "状態コード", "サイズ（バイト）", "管理シート数", "エラー", "警告", "SHA-256"}

// fileStatusLabel is the Japanese word for a file's status.
func fileStatusLabel(s model.FileStatus) string {
	switch s {
	case model.FileAccepted:
		return "受理"
	case model.FileRejected:
		return "不受理"
	}
	return string(s)
}

// fileTable builds 入力ファイル: every input file (accepted or rejected)
// with its status, hash and what it contributed. An entry of the input
// folder that is not an input (Thumbs.db, a memo, a folder, a lock file)
// is not listed, as in the report: ingest leaves it out of the batch and
// names it in the log.
func fileTable(v *view, st *styles) *table {
	t := newTable(sheetFiles, fileHeader)
	sheets := make(map[string]int)
	for _, in := range v.initiatives {
		sheets[in.Source.File]++
	}
	errs, warns := make(map[string]int), make(map[string]int)
	for _, fd := range v.findings {
		switch fd.Severity {
		case model.SeverityError:
			errs[fd.File]++
		case model.SeverityWarning:
			warns[fd.File]++
		}
	}
	for _, fl := range v.files {
		if fl.Status == model.FileIgnored {
			continue
		}
		status := st.text
		if fl.Status == model.FileRejected {
			status = st.severity[model.SeverityError]
		}
		t.add(
			text(st.text, fl.Name),
			text(status, fileStatusLabel(fl.Status)),
			text(st.text, string(fl.Status)),
			excelize.Cell{StyleID: st.size, Value: fl.Size},
			excelize.Cell{StyleID: st.count, Value: sheets[fl.Name]},
			excelize.Cell{StyleID: st.count, Value: errs[fl.Name]},
			excelize.Cell{StyleID: st.count, Value: warns[fl.Name]},
			text(st.text, fl.SHA256),
		)
	}
	return t
}

// changeHeader is row 1 of 変更点 (issue 18's tidy rows).
var changeHeader = []string{"区分", "基本目標", "取組", "指標", "年度", "項目", "前回", "今回", "ファイル", "シート", "セル"}

// changeTable builds 変更点: every change since the previous report, one
// per row, filterable; the first row says against which report. Without
// a comparison (validate) the sheet has its header only.
func changeTable(v *view, st *styles) *table {
	t := newTable(sheetChanges, changeHeader)
	t.landscape = true
	if v.changes == nil {
		return t
	}
	for _, ch := range v.changes.Items {
		year := empty(st.text)
		if ch.Year != 0 {
			year = text(st.text, model.Wareki(ch.Year))
		}
		t.add(
			text(st.text, string(ch.Kind)),
			positive(st.text, ch.Goal),
			text(st.text, initiativeLabel(ch)),
			text(st.text, ch.Indicator),
			year,
			text(st.text, ch.Item),
			text(st.wrap, ch.Before),
			text(st.wrap, ch.After),
			text(st.text, ch.Source.File),
			text(st.text, ch.Source.Sheet),
			text(st.text, ch.Source.Cell),
		)
	}
	return t
}

// initiativeLabel is 1 市民との協働の推進, or "" for a finding's change.
func initiativeLabel(ch model.Change) string {
	if ch.Initiative == 0 {
		return ""
	}
	return strconv.Itoa(ch.Initiative) + " " + ch.Title
}
