package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/config"
	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
)

// cellAt shifts an A1 reference of the unshifted layout by the spec's
// offset, so that one table of hand-worked cells serves every variant.
func cellAt(s sheetSpec, ref string) string {
	p, ok := xlsx.ParseRef(ref)
	if !ok {
		panic(ref)
	}
	return xlsx.Pos{Row: p.Row + s.row0, Col: p.Col + s.col0}.Ref()
}

func onlyInitiative(t *testing.T, b *model.Batch) *model.Initiative {
	t.Helper()
	if len(b.Initiatives) != 1 {
		t.Fatalf("got %d initiatives, want 1; findings: %+v", len(b.Initiatives), dump(b.Findings))
	}
	return b.Initiatives[0]
}

func noProblems(t *testing.T, b *model.Batch) {
	t.Helper()
	for _, f := range b.Findings {
		if f.Severity != model.SeverityInfo {
			t.Errorf("unexpected finding %s %s %s: %s", f.Severity, f.Code, f.Cell, f.Message)
		}
	}
}

// TestCleanSheetVariants reads the same management sheet written in the
// label and layout variants the spec allows. Expected values and cells
// are worked out by hand from the layout in helpers_test.go (rows 1–3
// header, 4 (1), 5–10 (2), 11 (3) header, 12 years, 13–15 and 16–18 the
// two indicators, 19–21 a blank slot, 22 (4), 23–26 (5)).
func TestCleanSheetVariants(t *testing.T) {
	variants := map[string]func(*sheetSpec){
		"clean":               func(*sheetSpec) {},
		"half-width no space": func(s *sheetSpec) { s.noSpace = true },
		"full-width":          func(s *sheetSpec) { s.fullWidth = true },
		"shifted to B5":       func(s *sheetSpec) { s.row0, s.col0 = 4, 1 },
		"no merges":           func(s *sheetSpec) { s.noMerges = true },
		"full-width shifted":  func(s *sheetSpec) { s.fullWidth, s.row0, s.col0 = true, 4, 1 },
	}
	for name, change := range variants {
		t.Run(name, func(t *testing.T) {
			s := heiseiSpec()
			change(&s)
			b := readFiles(t, map[string][]byte{"総務部.xlsx": buildBook(t, []sheetSpec{s}, nil)}, Options{})
			noProblems(t, b)
			if got := fileStatus(t, b, "総務部.xlsx"); got != model.FileAccepted {
				t.Fatalf("status %s", got)
			}
			in := onlyInitiative(t, b)
			type header struct {
				DepartmentCode, Department, SectionCode, Section string
				GoalNumber                                       int
				GoalName                                         string
				Number                                           int
				SectionItemNo, Title                             string
			}
			want := header{
				DepartmentCode: "1", Department: "復興政策部", SectionCode: "3", Section: "地域協働課",
				GoalNumber: 5, GoalName: "市民と協働", Number: 1, SectionItemNo: "1", Title: "市民との協働の推進",
			}
			got := header{
				DepartmentCode: in.DepartmentCode, Department: in.Department, SectionCode: in.SectionCode, Section: in.Section,
				GoalNumber: in.GoalNumber, GoalName: in.GoalName, Number: in.Number, SectionItemNo: in.SectionItemNo, Title: in.Title,
			}
			if got != want {
				t.Errorf("header = %+v\nwant %+v", got, want)
			}
			if in.Source != (model.Source{File: "総務部.xlsx", Sheet: "取組1", Cell: cellAt(s, "A1")}) {
				t.Errorf("source = %+v", in.Source)
			}
			// The goal name's own cell, where a finding about it points.
			if want := cellAt(s, "C2"); in.GoalNameCell != want {
				t.Errorf("goal name cell = %q, want %q", in.GoalNameCell, want)
			}
			// Likewise the department's and the title's (seed layout:
			// 担当部名 in E1, its text in F1; 取組項目名 in A3, number B3, title C3).
			if in.DepartmentCell != cellAt(s, "F1") || in.TitleCell != cellAt(s, "C3") {
				t.Errorf("department cell %q, title cell %q", in.DepartmentCell, in.TitleCell)
			}
			if in.Period != (model.Period{First: 2015, Last: 2020}) {
				t.Errorf("period = %+v, want 2015..2020", in.Period)
			}
			// Overview: an HTML paragraph and two ・ bullets inside <ul>.
			wantOverview := []model.Block{
				{Kind: model.Paragraph, Text: "行政と市民の協働を推進する。"},
				{Kind: model.Bullet, Text: "コミュニティづくり支援"},
				{Kind: model.Bullet, Text: "地域自治システムの構築"},
			}
			if !reflect.DeepEqual(in.Overview.Blocks, wantOverview) || in.Overview.Source.Cell != cellAt(s, "B4") {
				t.Errorf("overview = %+v", in.Overview)
			}
			if len(in.Plans) != 6 {
				t.Fatalf("plans = %d, want 6", len(in.Plans))
			}
			if p := in.Plans[3]; p.Year.Year != 2018 || p.Year.Label != "平成30年度" || p.Work.Source.Cell != cellAt(s, "D8") ||
				p.Work.Plain() != "・平成30年度の取組" {
				t.Errorf("plan 4 = %+v", p)
			}
			// 前期 is merged over rows 5–7, 後期 over 8–10 (or written on
			// rows 5 and 8 only, without merges).
			for i, want := range []model.Phase{"前期", "前期", "前期", "後期", "後期", "後期"} {
				if in.Plans[i].Phase != want {
					t.Errorf("plan %d phase = %q, want %q", i, in.Plans[i].Phase, want)
				}
			}
			if len(in.Indicators) != 2 {
				t.Fatalf("indicators = %d, want 2 (the blank slot skipped): %+v", len(in.Indicators), in.Indicators)
			}
			ind := in.Indicators[0]
			if ind.Name != "コミュニティづくり支援補助事業申請件数" || ind.Unit != "件数" || ind.Source.Cell != cellAt(s, "B13") {
				t.Errorf("indicator 1 = %q %q %s", ind.Name, ind.Unit, ind.Source.Cell)
			}
			if len(ind.Years) != 6 {
				t.Fatalf("indicator 1 years = %d", len(ind.Years))
			}
			type cell struct {
				v    model.Value
				kind model.ValueKind
				num  model.Decimal
				ref  string
			}
			y := ind.Years
			for _, c := range []cell{
				{y[0].Target, model.ValueNumber, "373", "E13"},
				{y[0].Actual, model.ValueNumber, "157", "E14"},
				{y[0].StatedRate, model.ValueNumber, "42", "E15"}, // 42.0 stored as a number
				{y[1].Actual, model.ValueNumber, "172", "F14"},    // text "172"
				{y[1].StatedRate, model.ValueNumber, "46.1", "F15"},
				{y[2].Actual, model.ValueNumber, "168", "G14"},    // full-width １６８
				{y[2].StatedRate, model.ValueNumber, "45", "G15"}, // "45.0%"
				{y[3].Target, model.ValueNumber, "250", "H13"},
				{y[3].Actual, model.ValueNone, "", "H14"},
				{y[5].Target, model.ValueNumber, "250", "J13"},
			} {
				if c.v.Kind != c.kind || c.v.Number != c.num || c.v.Source.Cell != cellAt(s, c.ref) {
					t.Errorf("value at %s = %+v, want kind %d number %q", cellAt(s, c.ref), c.v, c.kind, c.num)
				}
			}
			if y[4].Year.Year != 2019 || y[5].Year.Year != 2020 || y[5].Year.Label != "平成32年度" {
				t.Errorf("years = %+v %+v", y[4].Year, y[5].Year)
			}
			q := in.Indicators[1]
			if q.Name != "地域自治システムの構築" || q.Unit != "" || q.Source.Cell != cellAt(s, "B16") {
				t.Errorf("indicator 2 = %q %q %s", q.Name, q.Unit, q.Source.Cell)
			}
			for i, want := range []model.ValueKind{model.ValueDone, model.ValueNotDone, model.ValueDone, model.ValueNone, model.ValueNone, model.ValueNone} {
				if q.Years[i].Actual.Kind != want {
					t.Errorf("indicator 2 actual %d = %+v, want kind %d", i, q.Years[i].Actual, want)
				}
			}
			if len(in.Results) != 2 {
				t.Fatalf("results = %+v", in.Results)
			}
			r := in.Results[1]
			if r.Year.Year != 2015 || r.Results.Plain() != "平成27年度の実績" || r.Issues.Plain() != "平成27年度の課題" ||
				r.Results.Source.Cell != cellAt(s, "D25") || r.Issues.Source.Cell != cellAt(s, "D26") {
				t.Errorf("result 2 = %+v", r)
			}
			if in.Background.Plain() != "東日本大震災による甚大な被害により" || in.Background.Source.Cell != cellAt(s, "B22") {
				t.Errorf("background = %+v", in.Background)
			}
		})
	}
}

// TestNextPlanReiwa: the next plan has five years, 令和3〜7年度, and three
// indicators; the same parser reads it unchanged.
func TestNextPlanReiwa(t *testing.T) {
	s := sheetSpec{
		name:   "R3取組",
		years:  []string{"令和3年度", "令和4年度", "令和5年度", "令和6年度", "令和7年度"},
		phases: []string{"前期", "前期", "前期", "後期", "後期"},
		indicators: []indicatorSpec{
			{name: "A", unit: "回", target: []any{8, 8, 10, 10, 12}, actual: []any{4, "22回"}, rate: []any{50.0}},
			{name: "B", unit: "件", target: []any{"1,000"}, actual: []any{"1,472"}, rate: []any{"147.2"}},
			{name: "C", unit: "%", target: []any{11.0}, actual: []any{"11.5%"}},
		},
		results:  []string{"令和3年度", "令和4年度"},
		overview: "概要",
		goal:     2, num: 7,
	}
	b := readFiles(t, map[string][]byte{"r3.xlsx": buildBook(t, []sheetSpec{s}, nil)}, Options{})
	noProblems(t, b)
	in := onlyInitiative(t, b)
	if in.Period != (model.Period{First: 2021, Last: 2025}) || in.GoalNumber != 2 || in.Number != 7 {
		t.Errorf("period %+v goal %d number %d", in.Period, in.GoalNumber, in.Number)
	}
	if len(in.Plans) != 5 || len(in.Indicators) != 3 {
		t.Fatalf("plans %d indicators %d", len(in.Plans), len(in.Indicators))
	}
	// Layout by hand: (2) rows 5–9, (3) header 10, years 11, A 12–14,
	// B 15–17, C 18–20; year columns E–I.
	a := in.Indicators[0]
	if len(a.Years) != 5 || a.Years[4].Year.Year != 2025 || a.Years[4].Target.Number != "12" || a.Years[4].Target.Source.Cell != "I12" {
		t.Errorf("A = %+v", a.Years)
	}
	if a.Years[1].Actual.Number != "22" || a.Years[1].Actual.Source.Cell != "F13" {
		t.Errorf("A 令和4 actual = %+v", a.Years[1].Actual)
	}
	if bb := in.Indicators[1]; bb.Years[0].Target.Number != "1000" || bb.Years[0].Actual.Number != "1472" || bb.Source.Cell != "B15" {
		t.Errorf("B = %+v", bb)
	}
	if c := in.Indicators[2]; c.Years[0].Actual.Number != "11.5" || c.Unit != "%" {
		t.Errorf("C = %+v", c)
	}
	if in.Plans[0].Year.Label != "令和3年度" || in.Results[1].Year.Year != 2022 {
		t.Errorf("plans/results years %+v %+v", in.Plans[0].Year, in.Results[1].Year)
	}
}

// TestDualCalendarYears: year labels that give the year in both calendars
// (令和3年度（2021年度）, 2022年度(令和4年度), R5(2023), a line break before
// the bracket) read as the plain labels do, in (2), (3) and (5).
func TestDualCalendarYears(t *testing.T) {
	s := sheetSpec{
		name:   "R3取組",
		years:  []string{"令和3年度（2021年度）", "2022年度(令和4年度)", "R5(2023)", "令和6年度\n（2024）", "令和7年度（令和7年度）"},
		phases: []string{"前期", "前期", "前期", "後期", "後期"},
		indicators: []indicatorSpec{
			{name: "A", unit: "回", target: []any{8, 8, 10, 10, 12}, actual: []any{4, 9}},
		},
		results:  []string{"令和3年度（2021年度）", "2022年度(令和4年度)"},
		overview: "概要",
		goal:     2, num: 7,
	}
	b := readFiles(t, map[string][]byte{"r3.xlsx": buildBook(t, []sheetSpec{s}, nil)}, Options{})
	noProblems(t, b)
	in := onlyInitiative(t, b)
	if in.Period != (model.Period{First: 2021, Last: 2025}) || len(in.Plans) != 5 || len(in.Results) != 2 || len(in.Indicators) != 1 {
		t.Fatalf("period %+v, %d plans, %d results, %d indicators", in.Period, len(in.Plans), len(in.Results), len(in.Indicators))
	}
	a := in.Indicators[0]
	if len(a.Years) != 5 || a.Years[1].Year.Year != 2022 || a.Years[1].Actual.Number != "9" || a.Years[4].Target.Number != "12" {
		t.Errorf("A = %+v", a.Years)
	}
	if in.Plans[0].Year.Label != "令和3年度（2021年度）" || in.Results[1].Year.Year != 2022 {
		t.Errorf("plans/results years %+v %+v", in.Plans[0].Year, in.Results[1].Year)
	}
}

// TestValueMergedOverYears: an actual merged over two year columns is the
// first year's only, with a warning at the merge naming both years; the
// second year has no actual (its cell is the one under the merge). Spread
// to both, the second year got an actual nobody entered, rated and graded.
// A target merged over years is each year's, with a warning.
func TestValueMergedOverYears(t *testing.T) {
	s := heiseiSpec()
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		f.MergeCell("取組1", "G14", "H14") // 平成29 (１６８) and 平成30 (empty) actuals
		f.MergeCell("取組1", "H13", "J13") // targets of 平成30–32, 250 each: one merged 250
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	y := onlyInitiative(t, b).Indicators[0].Years
	if y[2].Actual.Number != "168" || y[3].Actual.Kind != model.ValueNone || y[3].Actual.Source.Cell != "H14" {
		t.Errorf("平成29 %+v, 平成30 %+v", y[2].Actual, y[3].Actual)
	}
	// A merged target is the same target for each year it covers.
	for i := 3; i < 6; i++ {
		if y[i].Target.Number != "250" || y[i].Target.Source.Cell != "H13" {
			t.Errorf("%s target %+v", y[i].Year.Label, y[i].Target)
		}
	}
	got := findingsWith(b, CodeValueMergedYears)
	if len(got) != 2 || got[0].Cell != "H13" || got[1].Cell != "G14" ||
		got[0].Severity != model.SeverityWarning || got[1].Severity != model.SeverityWarning ||
		!containsAll(got[0].Message, "目標値「250」", "平成30年度・平成31年度・平成32年度のそれぞれの目標値として") ||
		!containsAll(got[1].Message, "実績値「１６８」", "平成29年度の値として", "平成30年度は空欄") {
		t.Errorf("findings %s", dump(b.Findings))
	}
}

// TestStackedSheets: a second management sheet pasted below the first on
// one worksheet (rows 36–) is an error naming it at its first row; the
// first is read as if alone. Before, the second vanished with only
// block_duplicate warnings, and its header ran into the first one's (5).
func TestStackedSheets(t *testing.T) {
	first, second := heiseiSpec(), heiseiSpec()
	second.row0, second.num = 35, 2
	data := buildBook(t, []sheetSpec{first, second}, func(f *excelize.File) {
		f.SetCellValue("取組1", "C38", "二つ目の取組")
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	alone := readFiles(t, map[string][]byte{"a.xlsx": buildBook(t, []sheetSpec{heiseiSpec()}, nil)}, Options{})
	in := onlyInitiative(t, b)
	if want := onlyInitiative(t, alone); !reflect.DeepEqual(in, want) {
		t.Errorf("first sheet read differently:\n%+v\nwant %+v", in, want)
	}
	if got := findingsWith(b, CodeBlockDuplicate); len(got) != 0 {
		t.Errorf("duplicate blocks: %s", dump(got))
	}
	got := findingsWith(b, CodeSheetStacked)
	if len(got) != 1 || got[0].Cell != "A36" || got[0].Severity != model.SeverityError ||
		!containsAll(got[0].Message, "36行目", "取組項目 2「二つ目の取組」") {
		t.Errorf("findings %s", dump(b.Findings))
	}
}

// TestGoalNumberInLabel: 「基本目標５」 in the label's cell, nothing in the
// number's, reads as goal 5 (as an index sheet does); before, the sheet
// was left out with an error that named no cell.
func TestGoalNumberInLabel(t *testing.T) {
	data := buildBook(t, []sheetSpec{heiseiSpec()}, func(f *excelize.File) {
		f.SetCellValue("取組1", "A2", "基本目標５")
		f.SetCellValue("取組1", "B2", nil)
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	noProblems(t, b)
	in := onlyInitiative(t, b)
	if in.GoalNumber != 5 || in.GoalName != "市民と協働" || in.GoalNameCell != "C2" || in.SectionCode != "3" {
		t.Errorf("goal %d %q at %s, section code %q", in.GoalNumber, in.GoalName, in.GoalNameCell, in.SectionCode)
	}
}

// TestYearLabelsAsDates: year labels typed as dates (2015-04-01… shown
// with a yyyy format) read as the years they show, with a warning at each;
// before, the sheet lost every year of (2), (3) and (5), with errors
// pointing at the block labels.
func TestYearLabelsAsDates(t *testing.T) {
	data := buildBook(t, []sheetSpec{heiseiSpec()}, func(f *excelize.File) {
		for i := range 6 {
			d := time.Date(2015+i, 4, 1, 0, 0, 0, 0, time.UTC)
			f.SetCellValue("取組1", xlsx.Pos{Row: 11, Col: 4 + i}.Ref(), d) // (3) year row E12:J12
			f.SetCellValue("取組1", xlsx.Pos{Row: 4 + i, Col: 2}.Ref(), d)  // (2) year column C5:C10
		}
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	in := onlyInitiative(t, b)
	if len(in.Plans) != 6 || in.Plans[5].Year.Year != 2020 || len(in.Indicators[0].Years) != 6 ||
		in.Indicators[0].Years[2].Actual.Number != "168" || in.Period != (model.Period{First: 2015, Last: 2020}) {
		t.Errorf("plans %d, years %+v, period %+v\n%s", len(in.Plans), in.Indicators[0].Years, in.Period, dump(b.Findings))
	}
	fs := findingsWith(b, CodeYearIsDate)
	if len(fs) != 12 || fs[0].Severity != model.SeverityWarning || !containsAll(fs[0].Message, "日付（", "として読みました") {
		t.Errorf("%d year_is_date findings: %s", len(fs), dump(b.Findings))
	}
	for _, f := range b.Findings {
		if f.Severity == model.SeverityError {
			t.Errorf("error: %s %s %s", f.Code, f.Cell, f.Message)
		}
	}
}

// TestInitiativeNumberWithWord: 取組項目名's number written No.1 or 取組1
// reads as 1, as an index row's does; before, the sheet was left out.
func TestInitiativeNumberWithWord(t *testing.T) {
	for _, written := range []string{"No.1", "取組１"} {
		data := buildBook(t, []sheetSpec{heiseiSpec()}, func(f *excelize.File) { f.SetCellValue("取組1", "B3", written) })
		b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
		noProblems(t, b)
		if in := onlyInitiative(t, b); in.Number != 1 {
			t.Errorf("%s: number %d", written, in.Number)
		}
	}
}

// TestMissingBlock leaves out each block in turn: an error names it, the
// rest of the sheet is read; without (3) and a number, the sheet is out.
func TestMissingBlock(t *testing.T) {
	for n := 1; n <= 5; n++ {
		t.Run(blockNames[n-1], func(t *testing.T) {
			s := heiseiSpec()
			s.omit = n
			b := readFiles(t, map[string][]byte{"a.xlsx": buildBook(t, []sheetSpec{s}, nil)}, Options{})
			fs := findingsWith(b, CodeBlockMissing)
			if len(fs) != 1 || fs[0].Severity != model.SeverityError || !strings.Contains(fs[0].Message, blockNames[n-1]) ||
				fs[0].Sheet != "取組1" || fs[0].File != "a.xlsx" {
				t.Fatalf("findings %+v", dump(b.Findings))
			}
			in := onlyInitiative(t, b)
			if n != 3 && len(in.Indicators) != 2 {
				t.Errorf("indicators %d, want 2", len(in.Indicators))
			}
			if n != 2 && len(in.Plans) != 6 {
				t.Errorf("plans %d, want 6", len(in.Plans))
			}
			if n != 5 && len(in.Results) != 2 {
				t.Errorf("results %d, want 2", len(in.Results))
			}
		})
	}
	t.Run("no (3) and no number", func(t *testing.T) {
		s := heiseiSpec()
		s.omit, s.num = 3, "未定"
		b := readFiles(t, map[string][]byte{"a.xlsx": buildBook(t, []sheetSpec{s}, nil)}, Options{})
		if len(b.Initiatives) != 0 || len(findingsWith(b, CodeSheetUnusable)) != 1 || len(findingsWith(b, CodeBadNumber)) != 1 {
			t.Fatalf("initiatives %d findings %+v", len(b.Initiatives), dump(b.Findings))
		}
	})
	t.Run("no title", func(t *testing.T) {
		s := heiseiSpec()
		data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) { f.SetCellValue("取組1", "A1", "") })
		b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
		if fs := findingsWith(b, CodeMissingTitle); len(fs) != 1 || fs[0].Severity != model.SeverityError {
			t.Fatalf("findings %+v", dump(b.Findings))
		}
		onlyInitiative(t, b)
	})
	t.Run("no department", func(t *testing.T) {
		s := heiseiSpec()
		data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) { f.SetCellValue("取組1", "F1", "") })
		b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
		// At the empty cell, where the department is to be written.
		if fs := findingsWith(b, CodeMissingDepartment); len(fs) != 1 || fs[0].Cell != "F1" {
			t.Fatalf("findings %+v", dump(b.Findings))
		}
	})
}

// TestValueFindings: bad values are errors at their cell, kept as
// ValueInvalid, and the rest of the sheet is read.
func TestValueFindings(t *testing.T) {
	s := heiseiSpec()
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		f.SetCellValue("取組1", "F13", "約150")                                      // target 2016 of indicator 1
		f.SetCellValue("取組1", "G13", "373回")                                      // unit 回, indicator unit 件数
		f.SetCellValue("取組1", "H14", time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC)) // a date as actual
		f.SetCellValue("取組1", "E14", 157)
		f.SetCellFormula("取組1", "E14", "=150+7") // keeps 157 as the cached value
		f.SetCellValue("取組1", "K14", 99)         // right of the year columns: no year label
		f.SetCellValue("取組1", "F15", 46.1)
		f.SetCellFormula("取組1", "F15", "=ROUND(F14/F13*100,1)") // a rate by formula, cached 46.1
		f.SetCellValue("取組1", "G14", true)                      // a boolean (stored as 1) as actual
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	in := onlyInitiative(t, b)
	y := in.Indicators[0].Years
	check := func(code, cell string, sev model.Severity) {
		t.Helper()
		for _, f := range findingsWith(b, code) {
			if f.Cell == cell && f.Severity == sev && f.Sheet == "取組1" {
				return
			}
		}
		t.Errorf("no %s %s at %s; findings %+v", sev, code, cell, dump(b.Findings))
	}
	check(CodeValueUnreadable, "F13", model.SeverityError)
	if y[1].Target.Kind != model.ValueInvalid || y[1].Target.Raw != "約150" {
		t.Errorf("F13 = %+v", y[1].Target)
	}
	check(CodeUnitMismatch, "G13", model.SeverityWarning)
	if y[2].Target.Number != "373" {
		t.Errorf("G13 = %+v", y[2].Target)
	}
	check(CodeValueIsDate, "H14", model.SeverityError)
	if y[3].Actual.Kind != model.ValueInvalid {
		t.Errorf("H14 = %+v", y[3].Actual)
	}
	check(CodeFormulaCachedValue, "E14", model.SeverityWarning)
	if y[0].Actual.Number != "157" {
		t.Errorf("E14 = %+v", y[0].Actual)
	}
	// A 達成率 by formula is compared with the computed rate anyway: an
	// information finding, not a warning per rate cell.
	check(CodeFormulaCachedValue, "F15", model.SeverityInfo)
	if y[1].StatedRate.Number != "46.1" {
		t.Errorf("F15 = %+v", y[1].StatedRate)
	}
	// TRUE is stored as 1: read as 1, it would be rated (1 ÷ 373).
	check(CodeValueUnreadable, "G14", model.SeverityError)
	if y[2].Actual.Kind != model.ValueInvalid || y[2].Actual.Raw != "TRUE" {
		t.Errorf("G14 = %+v", y[2].Actual)
	}
	check(CodeValueWithoutYear, "K14", model.SeverityError)
	if len(in.Indicators) != 2 || len(in.Plans) != 6 {
		t.Errorf("rest of the sheet lost")
	}
}

func TestYearLabelUnreadable(t *testing.T) {
	s := heiseiSpec()
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		f.SetCellValue("取組1", "F12", "平成二十八年度") // year label of the second year column
		f.SetCellValue("取組1", "C6", "H28ねんど")   // year of plan row 2
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	fs := findingsWith(b, CodeYearUnreadable)
	if len(fs) != 2 || fs[0].Cell != "C6" || fs[1].Cell != "F12" {
		t.Fatalf("findings %+v", dump(b.Findings))
	}
	in := onlyInitiative(t, b)
	if len(in.Indicators[0].Years) != 5 || len(in.Plans) != 5 {
		t.Errorf("years %d plans %d, want 5 and 5", len(in.Indicators[0].Years), len(in.Plans))
	}
	// The values under F12 are said once, at F12; before, every one of
	// them was an error of its own (value_without_year).
	if got := findingsWith(b, CodeValueWithoutYear); len(got) != 0 {
		t.Errorf("values under the unreadable year reported one by one: %s", dump(got))
	}
	if !strings.HasSuffix(fs[1].Message, "この列の値（5件）は読みません") || strings.Contains(fs[0].Message, "この列") {
		t.Errorf("messages %s", dump(fs))
	}
}

// TestYearLabelDropsColumnOnce: an unreadable or repeated year label of
// the indicator table is one error at the label, whatever the number of
// indicators; before, each value under it was an error of its own
// (value_without_year), twenty for ten indicators.
func TestYearLabelDropsColumnOnce(t *testing.T) {
	s := heiseiSpec()
	for i := range 8 {
		s.indicators = append(s.indicators, indicatorSpec{name: fmt.Sprintf("指標%d", i), unit: "件",
			target: []any{1, 2, 3, 4, 5, 6}, actual: []any{1, 2, 3, 4, 5, 6}})
	}
	for _, tc := range []struct {
		label, code, tail string
	}{
		{"平成二十八年度", CodeYearUnreadable, "この列の値（21件）は読みません"},
		{"平成27年度", CodeYearDuplicate, "この列の値（21件）は読みません"},
	} {
		data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) { f.SetCellValue("取組1", "F12", tc.label) })
		b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
		fs := findingsWith(b, tc.code)
		if len(fs) != 1 || fs[0].Cell != "F12" || !strings.HasSuffix(fs[0].Message, tc.tail) {
			t.Errorf("%s: %s", tc.label, dump(b.Findings))
		}
		if got := findingsWith(b, CodeValueWithoutYear); len(got) != 0 {
			t.Errorf("%s: %d value_without_year: %s", tc.label, len(got), dump(got))
		}
		if in := onlyInitiative(t, b); len(in.Indicators) != 10 || len(in.Indicators[9].Years) != 5 {
			t.Errorf("%s: %d indicators", tc.label, len(in.Indicators))
		}
	}
}

// TestMalformedSheetXML breaks the sheet XML in the middle inside a valid
// zip: the sheet is rejected, not read in part (excelize alone would
// return the rows before the break with no error).
func TestMalformedSheetXML(t *testing.T) {
	good := buildBook(t, []sheetSpec{heiseiSpec()}, nil)
	for name, corrupt := range map[string]func([]byte) []byte{
		"mismatched tag": func(b []byte) []byte {
			return bytes.Replace(b, []byte(`</row><row r="14"`), []byte(`</rowx><row r="14"`), 1)
		},
		"cut short": func(b []byte) []byte { return b[:bytes.Index(b, []byte(`<row r="14"`))+20] },
		"cut after a whole row (every tag complete, elements left open)": func(b []byte) []byte {
			return b[:bytes.Index(b, []byte(`<row r="14"`))]
		},
		"bad char": func(b []byte) []byte { return bytes.Replace(b, []byte(`<row r="20"`), []byte(`<row r="20" <`), 1) },
	} {
		t.Run(name, func(t *testing.T) {
			changed := false
			data := rewriteZip(t, good, func(n string, c []byte) []byte {
				if n == "xl/worksheets/sheet2.xml" {
					changed = true
					out := corrupt(c)
					if bytes.Equal(out, c) {
						t.Fatal("corruption did not apply")
					}
					return out
				}
				return c
			})
			if !changed {
				t.Fatal("sheet part not found")
			}
			b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
			if len(b.Initiatives) != 0 {
				t.Errorf("a broken sheet was read in part: %+v", b.Initiatives[0])
			}
			fs := findingsWith(b, xlsx.CodeSheetMalformed)
			if len(fs) != 1 || fs[0].Sheet != "取組1" || fs[0].Severity != model.SeverityError {
				t.Errorf("findings %+v", dump(b.Findings))
			}
			if got := fileStatus(t, b, "a.xlsx"); got != model.FileRejected {
				t.Errorf("status %s", got)
			}
		})
	}
}

// TestBadFiles: every kind of unreadable file is rejected with its own code
// and the batch goes on.
func TestBadFiles(t *testing.T) {
	good := buildBook(t, []sheetSpec{heiseiSpec()}, nil)
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	encrypted := append(append([]byte{}, ole...), utf16le("EncryptionInfo")...)
	var bomb bytes.Buffer
	zw := newZip(&bomb)
	zw.add("xl/worksheets/sheet1.xml", make([]byte, 4<<20)) // 4 MiB of zeros
	zw.close()
	files := map[string][]byte{
		"good.xlsx":      good,
		"empty.xlsx":     {},
		"text.xlsx":      []byte("これはテキストです"),
		"truncated.xlsx": good[:len(good)/2],
		"old.xlsx":       ole,
		"locked.xlsx":    encrypted,
		"bomb.xlsx":      bomb.Bytes(),
		"macro.xlsm":     good,
		"old.xls":        ole,
		"data.csv":       []byte("a,b\n"),
		"README.txt":     []byte("read me"),
		"Thumbs.db":      []byte("thumbs"),
		"desktop.ini":    []byte("[.ShellClassInfo]\r\n"),
		"~$good.xlsx":    []byte("lock"),
		".hidden.xlsx":   good,
		"福祉部.xlsx.txt":   good,
		"福祉部.xlsx.bak":   good,
		"plan.xltx":      good,
	}
	want := map[string]struct {
		status model.FileStatus
		code   string // "" means no finding at all
	}{
		"good.xlsx":      {model.FileAccepted, ""},
		"empty.xlsx":     {model.FileRejected, xlsx.CodeFileEmpty},
		"text.xlsx":      {model.FileRejected, xlsx.CodeFileNotZip},
		"truncated.xlsx": {model.FileRejected, xlsx.CodeFileTruncated},
		"old.xlsx":       {model.FileRejected, xlsx.CodeFileXLS},
		"locked.xlsx":    {model.FileRejected, xlsx.CodeFileEncrypted},
		"bomb.xlsx":      {model.FileRejected, xlsx.CodeZipBomb},
		"macro.xlsm":     {model.FileRejected, CodeFileMacroEnabled},
		"old.xls":        {model.FileRejected, CodeFileWrongFormat},
		"data.csv":       {model.FileRejected, CodeFileWrongFormat},
		"福祉部.xlsx.txt":   {model.FileRejected, CodeFileMisnamed},
		"福祉部.xlsx.bak":   {model.FileRejected, CodeFileMisnamed},
		"plan.xltx":      {model.FileRejected, CodeFileWrongFormat},
	}
	// Not inputs: not in the batch at all (no entry, no finding), only
	// in the log.
	notInputs := []string{"README.txt", "Thumbs.db", "desktop.ini", "~$good.xlsx", ".hidden.xlsx"}
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	b := readFiles(t, files, Options{Limits: config.Limits{UnzippedBytes: 1 << 20}, Workers: 3, Logger: log})
	for _, f := range b.Findings {
		if slices.Contains(notInputs, f.File) {
			t.Errorf("a finding about %s, which is not an input: %+v", f.File, f)
		}
	}
	if n := strings.Count(logged.String(), "入力として扱わずに"); n != 1 {
		t.Errorf("the entries that are not inputs are logged %d times, want once:\n%s", n, logged.String())
	}
	for _, name := range notInputs {
		if !strings.Contains(logged.String(), "「"+name+"」") {
			t.Errorf("%s not named in the log:\n%s", name, logged.String())
		}
	}
	if len(b.Files) != len(want) {
		t.Errorf("files = %d, want %d", len(b.Files), len(want))
	}
	for _, f := range b.Files {
		w, ok := want[f.Name]
		if !ok {
			t.Errorf("unexpected file %s", f.Name)
			continue
		}
		if f.Status != w.status {
			t.Errorf("%s: status %s, want %s", f.Name, f.Status, w.status)
		}
		var codes []string
		for _, fi := range b.Findings {
			if fi.File == f.Name {
				codes = append(codes, fi.Code)
				if fi.Message == "" || strings.Contains(fi.Message, "「"+f.Name+"」") {
					// The finding's File names the file; printers put it
					// in front of the message, so the message must not
					// repeat it.
					t.Errorf("%s: message empty or repeating the file name: %q", f.Name, fi.Message)
				}
			}
		}
		switch {
		case w.code == "" && len(codes) != 0:
			t.Errorf("%s: findings %v, want none", f.Name, codes)
		case w.code != "" && (len(codes) != 1 || codes[0] != w.code):
			t.Errorf("%s: findings %v, want [%s]", f.Name, codes, w.code)
		}
	}
	if len(b.Initiatives) != 1 {
		t.Errorf("the good workbook was not read: %d initiatives", len(b.Initiatives))
	}
	// The hash of an accepted file is its SHA-256 (checked against the
	// standard library directly, not against the package).
	for _, f := range b.Files {
		if f.Name == "good.xlsx" && (len(f.SHA256) != 64 || f.Size != int64(len(good))) {
			t.Errorf("good.xlsx entry %+v", f)
		}
	}
}

// TestZipBombRatio: a part that inflates more than maxRatio× is refused
// under the default limits too, before anything is decompressed.
func TestZipBombRatio(t *testing.T) {
	var bomb bytes.Buffer
	zw := newZip(&bomb)
	zw.add("[Content_Types].xml", []byte("<Types/>"))
	zw.add("xl/worksheets/sheet1.xml", make([]byte, 8<<20))
	zw.close()
	b := readFiles(t, map[string][]byte{"bomb.xlsx": bomb.Bytes()}, Options{})
	if fs := findingsWith(b, xlsx.CodeZipBomb); len(fs) != 1 || !strings.Contains(fs[0].Message, "圧縮率") {
		t.Fatalf("findings %+v", dump(b.Findings))
	}
}

func TestFileTooLarge(t *testing.T) {
	good := buildBook(t, []sheetSpec{heiseiSpec()}, nil)
	b := readFiles(t, map[string][]byte{"a.xlsx": good}, Options{Limits: config.Limits{FileBytes: 100}})
	if fs := findingsWith(b, CodeFileTooLarge); len(fs) != 1 || fileStatus(t, b, "a.xlsx") != model.FileRejected {
		t.Fatalf("findings %+v", dump(b.Findings))
	}
}

func TestNotAWorkbookZip(t *testing.T) {
	var z bytes.Buffer
	zw := newZip(&z)
	zw.add("word/document.xml", []byte("<w/>"))
	zw.close()
	b := readFiles(t, map[string][]byte{"a.xlsx": z.Bytes()}, Options{})
	if fs := findingsWith(b, xlsx.CodeFileNotWorkbook); len(fs) != 1 {
		t.Fatalf("findings %+v", dump(b.Findings))
	}
}

// TestLinksAndFolders: a symbolic link and a folder named x.xlsx are never
// followed; both are rejected with a finding saying what they are.
func TestLinksAndFolders(t *testing.T) {
	dir := t.TempDir()
	good := buildBook(t, []sheetSpec{heiseiSpec()}, nil)
	outside := filepath.Join(t.TempDir(), "target.xlsx")
	if err := os.WriteFile(outside, good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.xlsx")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "x.xlsx"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "x.xlsx", "inner.xlsx"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := Read(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Initiatives) != 0 {
		t.Errorf("a link or a folder was followed: %d initiatives", len(b.Initiatives))
	}
	if fileStatus(t, b, "link.xlsx") != model.FileRejected || len(findingsWith(b, CodeFileSymlink)) != 1 {
		t.Errorf("link: %+v", dump(b.Findings))
	}
	// The folder "old" is not an input (no entry, no finding); x.xlsx,
	// named like a workbook, is one that cannot be read.
	if fileStatus(t, b, "x.xlsx") != model.FileRejected || len(b.Files) != 2 ||
		len(findingsWith(b, CodeFileDirectory)) != 1 {
		t.Errorf("folders: %+v %+v", b.Files, dump(b.Findings))
	}
}

// TestReadMissingDir: Read fails only when the folder cannot be read.
func TestReadMissingDir(t *testing.T) {
	if _, err := Read(context.Background(), filepath.Join(t.TempDir(), "none"), Options{}); err == nil {
		t.Fatal("no error for a missing folder")
	}
}

func TestReadPaths(t *testing.T) {
	dir := t.TempDir()
	good := buildBook(t, []sheetSpec{heiseiSpec()}, nil)
	one := filepath.Join(dir, "one.xlsx")
	if err := os.WriteFile(one, good, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	os.WriteFile(filepath.Join(sub, "two.xlsx"), good, 0o644)
	b, err := ReadPaths(context.Background(), []string{one, sub, filepath.Join(dir, "missing.xlsx")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Files) != 3 || b.Files[0].Name != "one.xlsx" || b.Files[1].Name != "two.xlsx" || b.Files[2].Status != model.FileRejected {
		t.Errorf("files %+v", b.Files)
	}
	if len(b.Initiatives) != 2 || len(findingsWith(b, CodeFileUnreadable)) != 1 {
		t.Errorf("initiatives %d findings %+v", len(b.Initiatives), dump(b.Findings))
	}
	if f := findingsWith(b, CodeFileUnreadable); len(f) == 1 && f[0].Message != "ファイルがありません。名前と場所を確かめてください" {
		t.Errorf("missing file: %q", f[0].Message)
	}
}

// TestUnreadableMessage: the office reads why a workbook could not be read
// in Japanese, not the system's "open …: permission denied".
func TestUnreadableMessage(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "/in/a.xlsx", Err: fs.ErrPermission},
			"ファイルを読めません（読み込みの権限がありません）。planreport を実行する利用者がこのファイルを読めるように権限を直してください"},
		{&fs.PathError{Op: "open", Path: "/in/a.xlsx", Err: fs.ErrNotExist}, "ファイルがありません。名前と場所を確かめてください"},
		{&fs.PathError{Op: "read", Path: "/in/a.xlsx", Err: syscall.EISDIR}, "ファイルを読めません（read /in/a.xlsx: is a directory）"},
	} {
		if got := unreadableMessage(tc.err); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.err, got, tc.want)
		}
	}
}

// TestLongCell: a 40,000-character cell over a 1,000-character limit is an
// error at its cell; the cell reads as empty and the sheet is kept.
func TestLongCell(t *testing.T) {
	s := heiseiSpec()
	s.overview = "LONGCELL"
	// excelize cuts cells at Excel's 32,767 characters when writing, so the
	// long text goes into the shared strings part by hand.
	data := rewriteZip(t, buildBook(t, []sheetSpec{s}, nil), func(name string, c []byte) []byte {
		if name == "xl/sharedStrings.xml" {
			return bytes.Replace(c, []byte("LONGCELL"), []byte(strings.Repeat("あ", 40000)), 1)
		}
		return c
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{Limits: config.Limits{CharsPerCell: 1000}})
	fs := findingsWith(b, xlsx.CodeCellTooLong)
	if len(fs) != 1 || fs[0].Cell != "B4" || !strings.Contains(fs[0].Message, "40000") {
		t.Fatalf("findings %+v", dump(b.Findings))
	}
	in := onlyInitiative(t, b)
	if !in.Overview.IsEmpty() || len(in.Indicators) != 2 {
		t.Errorf("overview %+v indicators %d", in.Overview, len(in.Indicators))
	}
}

func TestSheetLimits(t *testing.T) {
	good := buildBook(t, []sheetSpec{heiseiSpec()}, nil)
	b := readFiles(t, map[string][]byte{"a.xlsx": good}, Options{Limits: config.Limits{RowsPerSheet: 10}})
	if fs := findingsWith(b, xlsx.CodeSheetTooManyRows); len(fs) != 1 || len(b.Initiatives) != 0 ||
		!containsAll(fs[0].Message, "削除して保存し直してください", "limits.rows_per_sheet") {
		t.Errorf("rows (with what to do, and the setting): %+v", dump(b.Findings))
	}
	b = readFiles(t, map[string][]byte{"a.xlsx": good}, Options{Limits: config.Limits{CellsPerSheet: 50}})
	if len(findingsWith(b, xlsx.CodeSheetTooManyCells)) != 1 || len(b.Initiatives) != 0 {
		t.Errorf("cells: %+v", dump(b.Findings))
	}
	b = readFiles(t, map[string][]byte{"a.xlsx": good}, Options{Limits: config.Limits{SheetsPerWorkbook: 0}})
	if len(b.Initiatives) != 1 {
		t.Errorf("zero limit must mean the default")
	}
}

// TestOtherSheets: a notes sheet is skipped with an info finding; a goal
// index sheet becomes a GoalIndex (layout of the seed's index, by hand).
func TestOtherSheets(t *testing.T) {
	data := buildBook(t, []sheetSpec{heiseiSpec()}, func(f *excelize.File) {
		f.NewSheet("メモ")
		f.SetCellValue("メモ", "A1", "メモ")
		f.SetCellValue("メモ", "A2", "(3) 目標指標には数値を入力してください")
		// The blank template's own instructions sheet: skipped silently.
		f.NewSheet("記入方法")
		f.SetCellValue("記入方法", "A1", "記入方法")
		f.NewSheet("一覧")
		f.SetCellValue("一覧", "A3", "基本目標 5")
		f.SetCellValue("一覧", "A5", "市民と協働で進める行財政運営")
		f.SetCellValue("一覧", "A7", "取組項目名")
		f.SetCellValue("一覧", "C7", "担当部")
		// Numbers as lists write them: plain, 取組１, No.2, full-width.
		rows := [][]any{{"取組１", "市民との協働の推進", "復興政策部"}, {"No.2", "ICTの活用", "復興政策部"}, {"７", "社会保障・税番号制度", "総務部・財務部"}}
		for i, r := range rows {
			f.SetSheetRow("一覧", xlsx.Pos{Row: 7 + i, Col: 0}.Ref(), &r)
		}
		f.SetCellValue("一覧", "A12", "注：番号は取組番号")
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	noProblems(t, b)
	if fs := findingsWith(b, CodeSheetSkipped); len(fs) != 1 || fs[0].Sheet != "メモ" || fs[0].Severity != model.SeverityInfo {
		t.Errorf("findings %+v", dump(b.Findings))
	}
	if len(b.Indexes) != 1 {
		t.Fatalf("indexes %+v", b.Indexes)
	}
	idx := b.Indexes[0]
	want := []model.IndexEntry{
		{Number: 1, Title: "市民との協働の推進", Department: "復興政策部", Source: model.Source{File: "a.xlsx", Sheet: "一覧", Cell: "A8"}, TitleCell: "B8", DepartmentCell: "C8"},
		{Number: 2, Title: "ICTの活用", Department: "復興政策部", Source: model.Source{File: "a.xlsx", Sheet: "一覧", Cell: "A9"}, TitleCell: "B9", DepartmentCell: "C9"},
		{Number: 7, Title: "社会保障・税番号制度", Department: "総務部・財務部", Source: model.Source{File: "a.xlsx", Sheet: "一覧", Cell: "A10"}, TitleCell: "B10", DepartmentCell: "C10"},
	}
	if idx.GoalNumber != 5 || idx.GoalName != "市民と協働で進める行財政運営" || !reflect.DeepEqual(idx.Entries, want) {
		t.Errorf("index = %+v", idx)
	}
}

// TestIndexDepartmentFirst: an index laid out 番号 | 担当部 | 取組項目名 (the
// department left of the title) reads as the usual one; before, the sheet
// was not taken for an index and every 未提出 check went silent.
func TestIndexDepartmentFirst(t *testing.T) {
	b := readFiles(t, map[string][]byte{"a.xlsx": deptFirstIndexBook(t, [][]any{{1, "復興政策部", "市民との協働の推進"}, {7, "総務部・財務部", "社会保障・税番号制度"}})}, Options{})
	if len(b.Indexes) != 1 {
		t.Fatalf("indexes %+v; findings %s", b.Indexes, dump(b.Findings))
	}
	want := []model.IndexEntry{
		{Number: 1, Title: "市民との協働の推進", Department: "復興政策部", Source: model.Source{File: "a.xlsx", Sheet: "一覧", Cell: "A8"}, TitleCell: "C8", DepartmentCell: "B8"},
		{Number: 7, Title: "社会保障・税番号制度", Department: "総務部・財務部", Source: model.Source{File: "a.xlsx", Sheet: "一覧", Cell: "A9"}, TitleCell: "C9", DepartmentCell: "B9"},
	}
	if idx := b.Indexes[0]; idx.GoalNumber != 5 || !reflect.DeepEqual(idx.Entries, want) {
		t.Errorf("index = %+v", idx)
	}
}

func TestEntryNumber(t *testing.T) {
	for in, want := range map[string]int{"取組１": 1, "取組 12": 12, "No.3": 3, "NO3": 3, "№4": 4, "5.": 5, "（6）": 6, "7番": 7, "第8": 8, "#9": 9} {
		if n, ok := entryNumber(in); !ok || n != want {
			t.Errorf("entryNumber(%q) = %d, %v; want %d", in, n, ok, want)
		}
	}
	for _, in := range []string{"", "取組", "取組0", "No.-1", "取組1-2", "1.5", "取組一", "備考"} {
		if n, ok := entryNumber(in); ok {
			t.Errorf("entryNumber(%q) = %d, want none", in, n)
		}
	}
}

// TestDeterministic: the batch does not depend on the number of workers.
func TestDeterministic(t *testing.T) {
	files := map[string][]byte{}
	for i, dept := range []string{"総務部", "財務部", "建設部", "生活環境部"} {
		s := heiseiSpec()
		s.num = 4 - i
		s.department = dept
		files[dept+".xlsx"] = buildBook(t, []sheetSpec{s}, func(f *excelize.File) { f.SetCellValue("取組1", "F13", "約150") })
	}
	files["bad.xlsx"] = []byte("x")
	b1 := readFiles(t, files, Options{Workers: 1})
	b4 := readFiles(t, files, Options{Workers: 4})
	if !reflect.DeepEqual(b1, b4) {
		t.Fatal("batches differ between 1 and 4 workers")
	}
	for i, in := range b1.Initiatives {
		if in.Number != i+1 {
			t.Errorf("initiative %d has number %d: not sorted", i, in.Number)
		}
	}
}

func TestCancelled(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.xlsx"), []byte("x"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, dir, Options{}); err == nil {
		t.Fatal("no error after cancel")
	}
}

// TestExcelFloatNoise: numeric cells as Excel stores them (17 digits,
// exponents) read as the number Excel shows (15 significant digits).
func TestExcelFloatNoise(t *testing.T) {
	data := rewriteZip(t, buildBook(t, []sheetSpec{heiseiSpec()}, nil), func(name string, c []byte) []byte {
		if name == "xl/worksheets/sheet2.xml" {
			for _, r := range [][2]string{
				{`<c r="E13"><v>373</v>`, `<c r="E13"><v>372.99999999999994</v>`},
				{`<c r="E14"><v>157</v>`, `<c r="E14"><v>1.57E2</v>`},
				{`<c r="F13"><v>373</v>`, `<c r="F13"><v>1E-4</v>`},
			} {
				if !bytes.Contains(c, []byte(r[0])) {
					t.Fatalf("%s not in the sheet XML", r[0])
				}
				c = bytes.Replace(c, []byte(r[0]), []byte(r[1]), 1)
			}
		}
		return c
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	noProblems(t, b)
	y := onlyInitiative(t, b).Indicators[0].Years
	if y[0].Target.Number != "373" || y[0].Actual.Number != "157" || y[1].Target.Number != "0.0001" {
		t.Errorf("E13 %+v E14 %+v F13 %+v", y[0].Target, y[0].Actual, y[1].Target)
	}
}

// An indicator whose name is written on each of its three rows (an
// unmerged table, a paste from CSV) is one indicator, not three: before,
// the target, actual and rate rows became three indicators without rates
// and validate still said the sheet could be submitted.
func TestIndicatorNameOnEveryRow(t *testing.T) {
	s := heiseiSpec()
	s.noMerges = true
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		for _, ref := range []string{"B14", "B15"} {
			f.SetCellValue("取組1", ref, "コミュニティづくり支援補助事業申請件数")
		}
		for _, ref := range []string{"B17", "B18"} {
			f.SetCellValue("取組1", ref, " 地域自治システムの構築") // as pasted, with a space
		}
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	in := onlyInitiative(t, b)
	if len(in.Indicators) != 2 {
		t.Fatalf("indicators = %d, want 2: %+v\n%s", len(in.Indicators), in.Indicators, dump(b.Findings))
	}
	y := in.Indicators[0].Years[0]
	if y.Target.Number != "373" || y.Actual.Number != "157" || y.StatedRate.Number != "42" {
		t.Errorf("first year of indicator 1 = %+v", y)
	}
	if q := in.Indicators[1]; q.Name != "地域自治システムの構築" || q.Years[0].Actual.Kind != model.ValueDone {
		t.Errorf("indicator 2 = %q, first actual %+v", q.Name, q.Years[0].Actual)
	}
	if errs, warns, _ := b.Counts(); errs+warns != 0 {
		t.Errorf("findings: %s", dump(b.Findings))
	}
}

// Numbers written with a numeral unit are brought to the indicator's unit
// (expected values by hand). Before, 1.5万人 for an indicator in 人 was read
// as 1.5 with a unit warning, and the report showed a rate of 800000.0.
func TestScaleToUnit(t *testing.T) {
	tests := []struct {
		n           model.Decimal
		value, unit string
		want        model.Decimal
		ok          bool
	}{
		{"1.5", "万人", "人", "15000", true},
		{"1.2", "万", "人", "12000", true},
		{"3", "千件", "件数", "3000", true}, // 件 is the stem of 件数
		{"2", "億円", "円", "200000000", true},
		{"500000", "円", "千円", "500", true},
		{"15000", "人", "万人", "1.5", true},
		{"1234", "円", "千円", "1.234", true},
		{"500", "千円", "千円", "", false}, // the same unit: nothing to do
		{"500", "千", "千円", "", false},  // the indicator's own 千: not a factor (500 千円)
		{"1.5", "万", "万人", "", false},  // likewise 1.5 万人
		{"1", "千", "千人", "", false},
		{"22", "回", "件数", "", false},  // another unit: the mismatch warning's business
		{"5", "万", "", "50000", true}, // no indicator unit
		{"", "万人", "人", "", false},    // no number
		// Both prefixed on the same base (trial E: 100万円 against a
		// 1,000千円 target read as 100, 10.0 % D). By hand: 100 × 10000 ÷ 1000.
		{"100", "万円", "千円", "1000", true},
		{"1.2", "万円", "千円", "12", true},
		{"0.5", "百万円", "千円", "500", true},
		{"1.5", "億円", "千円", "150000", true},
		{"3", "千人", "万人", "0.3", true},
		{"2", "万人", "千円", "", false}, // other bases: the mismatch warning's
	}
	for _, tt := range tests {
		got, ok := scaleToUnit(tt.n, tt.value, tt.unit)
		if got != tt.want || ok != tt.ok {
			t.Errorf("scaleToUnit(%s, %q, %q) = %s, %v; want %s, %v", tt.n, tt.value, tt.unit, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNumeralUnitsInValues(t *testing.T) {
	s := heiseiSpec()
	s.indicators[0].unit = "人"
	s.indicators[0].target = []any{"1.5万人", 15000, 15000, nil, nil, nil}
	s.indicators[0].actual = []any{12000, "1.2万人", "1.4万", nil, nil, nil}
	s.indicators[0].rate = []any{nil, nil, nil, nil, nil, nil}
	b := readFiles(t, map[string][]byte{"a.xlsx": buildBook(t, []sheetSpec{s}, nil)}, Options{})
	y := onlyInitiative(t, b).Indicators[0].Years
	for i, want := range [][2]model.Decimal{{"15000", "12000"}, {"15000", "12000"}, {"15000", "14000"}} {
		if y[i].Target.Number != want[0] || y[i].Actual.Number != want[1] {
			t.Errorf("year %d: target %s actual %s, want %s %s", i, y[i].Target.Number, y[i].Actual.Number, want[0], want[1])
		}
	}
	if got := findingsWith(b, CodeUnitScaled); len(got) != 3 || got[0].Severity != model.SeverityInfo {
		t.Errorf("scaled findings: %s", dump(got))
	}
	if got := findingsWith(b, CodeUnitMismatch); len(got) != 0 {
		t.Errorf("unit warnings: %s", dump(got))
	}
}

// Formula results as Excel saves them: an empty-string result
// (<v></v>, from =IF(H13="","",…)) is an empty cell without a finding, and
// an error result (t="e", #DIV/0! from a rate prefilled for a year without
// a target) is no value: information in a 達成率, a warning in a target or
// actual. Before, the first was "no saved result" (a warning per cell) and
// the second an unreadable value (an error asking to type a number). A
// formula never calculated (<v/>, as openpyxl writes) is computed in an
// actual (formulas.go) and only information in a 達成率.
func TestFormulaResultsBlankAndError(t *testing.T) {
	s := heiseiSpec()
	s.indicators[0].rate = []any{42.0, "46.1", "45.0%", "x", "x", "x"}
	s.indicators[0].actual = []any{157, "172", "１６８", "x", "x", nil}
	cells := map[string]string{
		"H15": `<c r="H15" t="e"><f>ROUND(H14/H13*100,1)</f><v>#DIV/0!</v></c>`,
		"I15": `<c r="I15" t="str"><f>IF(I14="","",ROUND(I14/I13*100,1))</f><v></v></c>`,
		"J15": `<c r="J15"><f>ROUND(J14/J13*100,1)</f></c>`, // no saved result at all
		"H14": `<c r="H14" t="e"><f>SUM(#REF!)</f><v>#REF!</v></c>`,
		"I14": `<c r="I14"><f>150+7</f><v/></c>`, // never calculated (openpyxl writes this)
	}
	data := rewriteZip(t, buildBook(t, []sheetSpec{s}, nil), func(name string, content []byte) []byte {
		if !strings.HasPrefix(name, "xl/worksheets/") {
			return content
		}
		for ref, xml := range cells {
			re := regexp.MustCompile(`<c r="` + ref + `"[^>]*>.*?</c>`)
			if !re.Match(content) {
				t.Fatalf("cell %s not found in %s", ref, name)
			}
			content = re.ReplaceAll(content, []byte(xml))
		}
		return content
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	y := onlyInitiative(t, b).Indicators[0].Years
	if y[3].StatedRate.Kind != model.ValueNone || y[4].StatedRate.Kind != model.ValueNone || y[3].Actual.Kind != model.ValueNone {
		t.Errorf("H15 %+v, I15 %+v, H14 %+v: want no values", y[3].StatedRate, y[4].StatedRate, y[3].Actual)
	}
	var got []string
	for _, f := range b.Findings {
		got = append(got, string(f.Severity)+" "+f.Code+" "+f.Cell)
	}
	want := []string{
		"warning " + CodeValueError + " H14",
		"info " + CodeFormulaComputed + " I14",
		"info " + CodeValueError + " H15",
		"info " + CodeFormulaNoValue + " J15",
	}
	if y[4].Actual.Number != "157" {
		t.Errorf("I14 %+v, want 157 computed from =150+7", y[4].Actual)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("findings\n got %q\nwant %q\n%s", got, want, dump(b.Findings))
	}
}

// 達成 / 未達成 in the 達成率 row of an indicator judged by 実施/未実施 is
// kept as written for the rate stage to compare; before, it was an error
// asking for 実施 or 未実施 in a rate cell.
func TestJudgementWordInRateRow(t *testing.T) {
	s := heiseiSpec()
	s.indicators[1].rate = []any{"達成", "未達成", nil, nil, nil, nil}
	b := readFiles(t, map[string][]byte{"a.xlsx": buildBook(t, []sheetSpec{s}, nil)}, Options{})
	y := onlyInitiative(t, b).Indicators[1].Years
	if y[0].StatedRate.Raw != "達成" || y[0].StatedRate.Kind != model.ValueNone || y[1].StatedRate.Raw != "未達成" {
		t.Errorf("stated %+v, %+v", y[0].StatedRate, y[1].StatedRate)
	}
	if got := findingsWith(b, CodeValueUnreadable); len(got) != 0 {
		t.Errorf("findings: %s", dump(got))
	}
}

// A 基準値 column (the value before the plan) beside the plan's years is
// not read as that year's target and actual; before, it became one, with
// only a note that the year was not in the plan.
func TestBaselineColumn(t *testing.T) {
	s := heiseiSpec()
	s.noMerges = true
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		f.SetCellValue("取組1", "E11", "基準値") // over 平成27年度, where 前期 was
		f.SetCellValue("取組1", "F11", "前期")
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	ind := onlyInitiative(t, b).Indicators[0]
	if len(ind.Years) != 5 || ind.Years[0].Year.Year != 2016 {
		t.Fatalf("years %+v, want 2016–2020 (2015 is the baseline)", ind.Years)
	}
	if got := findingsWith(b, CodeBaselineColumn); len(got) != 1 || got[0].Cell != "E11" || got[0].Severity != model.SeverityInfo {
		t.Errorf("baseline findings: %s", dump(got))
	}
	if got := findingsWith(b, CodeValueWithoutYear); len(got) != 0 {
		t.Errorf("the baseline's values were reported: %s", dump(got))
	}
}

// What is not a baseline column: a caption merged over the years, even one
// starting with 基準 and with a cell to its right; and a baseline named in
// the year label itself is one.
func TestBaselineColumnNotACaption(t *testing.T) {
	s := heiseiSpec()
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		f.UnmergeCell("取組1", "E11", "J11")
		f.UnmergeCell("取組1", "E11", "G11")
		f.UnmergeCell("取組1", "H11", "J11")
		f.MergeCell("取組1", "E11", "J11")
		f.SetCellValue("取組1", "E11", "基準年度は平成26年度")
		f.SetCellValue("取組1", "K11", "備考")
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	if ind := onlyInitiative(t, b).Indicators[0]; len(ind.Years) != 6 {
		t.Errorf("years %d, want all 6: %s", len(ind.Years), dump(b.Findings))
	}
	if got := findingsWith(b, CodeBaselineColumn); len(got) != 0 {
		t.Errorf("caption taken for a baseline: %s", dump(got))
	}

	s = heiseiSpec()
	data = buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		f.SetCellValue("取組1", "E12", "平成27年度（基準）")
	})
	b = readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	if ind := onlyInitiative(t, b).Indicators[0]; len(ind.Years) != 5 || ind.Years[0].Year.Year != 2016 {
		t.Errorf("years %+v, want 2016–2020", ind.Years)
	}
}

// A hidden management sheet is read (nothing lost) and marked, so that the
// check stage can prefer a visible sheet of the same initiative.
func TestHiddenSheetMarked(t *testing.T) {
	visible, hidden := heiseiSpec(), heiseiSpec()
	hidden.name = "取組1（旧）"
	data := buildBook(t, []sheetSpec{visible, hidden}, func(f *excelize.File) {
		if err := f.SetSheetVisible("取組1（旧）", false); err != nil {
			t.Fatal(err)
		}
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	if len(b.Initiatives) != 2 {
		t.Fatalf("%d initiatives, want 2", len(b.Initiatives))
	}
	for _, in := range b.Initiatives {
		if want := in.Source.Sheet == "取組1（旧）"; in.SheetHidden != want {
			t.Errorf("%s: SheetHidden %v, want %v", in.Source.Sheet, in.SheetHidden, want)
		}
	}
	if got := findingsWith(b, CodeSheetHidden); len(got) != 1 || got[0].Sheet != "取組1（旧）" {
		t.Errorf("findings %s", dump(got))
	}
}

// Hidden rows and columns are read as people see the sheet: not at all,
// with one warning naming the first value they hold. Before, a hidden
// column of old values for a year replaced the visible one, and a hidden
// abandoned indicator was rated and rolled up.
func TestHiddenRowsAndColumnsNotRead(t *testing.T) {
	s := heiseiSpec()
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		// Column F (平成28年度) hidden with old values; row 16–18 (the
		// second indicator) hidden; row 10 (a plan row) of height 0.
		f.SetCellValue("取組1", "F14", 999)
		if err := f.SetColVisible("取組1", "F", false); err != nil {
			t.Fatal(err)
		}
		for _, r := range []int{16, 17, 18} {
			if err := f.SetRowVisible("取組1", r, false); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SetRowHeight("取組1", 10, 0); err != nil {
			t.Fatal(err)
		}
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	in := onlyInitiative(t, b)
	if len(in.Indicators) != 1 {
		t.Fatalf("indicators %d, want 1 (the hidden one not read)", len(in.Indicators))
	}
	for _, y := range in.Indicators[0].Years {
		if y.Year.Year == 2016 {
			t.Errorf("the hidden column's year was read: %+v", y)
		}
	}
	if len(in.Plans) != 5 {
		t.Errorf("plans %d, want 5 (row 10 has no height)", len(in.Plans))
	}
	if got := findingsWith(b, xlsx.CodeHiddenCells); len(got) != 1 || got[0].Severity != model.SeverityWarning {
		t.Errorf("findings %s", dump(got))
	} else if want := "平成28年度の列（F列）が非表示のため、その年度の目標値・実績値を読んでいません"; !strings.HasPrefix(got[0].Message, want) ||
		!strings.HasPrefix(got[0].Cell, "F") || !strings.Contains(got[0].Message, "非表示の行または列に値があります") {
		// The year a hidden column of (3) drops is said first, at its
		// label: its blanks go unlisted too.
		t.Errorf("hidden year column: %s, want %q first, at the year label", dump(got), want)
	}
}

// TestHiddenYearRow: a hidden row of year labels is said to be hidden,
// not missing.
func TestHiddenYearRow(t *testing.T) {
	s := heiseiSpec()
	var yearRow int
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		rows, _ := f.GetRows("取組1")
		for r, row := range rows {
			if len(row) > 4 && strings.HasPrefix(row[4], "平成27") {
				yearRow = r + 1
				break
			}
		}
		if err := f.SetRowVisible("取組1", yearRow, false); err != nil {
			t.Fatal(err)
		}
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	fs := findingsWith(b, CodeYearRowMissing)
	if want := fmt.Sprintf("目標指標の年度の見出し行（%d行目）が非表示のため", yearRow); yearRow == 0 || len(fs) != 1 || !strings.HasPrefix(fs[0].Message, want) {
		t.Errorf("year row %d: %s, want %q", yearRow, dump(fs), want)
	}
}

// TestHiddenColumnNotAYear: a hidden column that is no year of the
// indicator table gets the plain warning.
func TestHiddenColumnNotAYear(t *testing.T) {
	data := buildBook(t, []sheetSpec{heiseiSpec()}, func(f *excelize.File) {
		f.SetCellValue("取組1", "Q5", "作業用のメモ")
		if err := f.SetColVisible("取組1", "Q", false); err != nil {
			t.Fatal(err)
		}
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	got := findingsWith(b, xlsx.CodeHiddenCells)
	if len(got) != 1 || got[0].Cell != "Q5" || !strings.HasPrefix(got[0].Message, "非表示の行または列に値があります（セルQ5）") {
		t.Errorf("findings %s", dump(got))
	}
}

// TestEscapeFloodInline: an inline string with more escapes than a cell may
// have characters stops the sheet scan (excelize would decode it in
// quadratic time), with the cell named.
func TestEscapeFloodInline(t *testing.T) {
	good := buildBook(t, []sheetSpec{heiseiSpec()}, nil)
	flood := strings.Repeat("_x0001_", 2000)
	data := rewriteZip(t, good, func(name string, c []byte) []byte {
		if name == "xl/worksheets/sheet2.xml" {
			return []byte(strings.Replace(string(c), "</sheetData>",
				`<row r="40"><c r="B40" t="inlineStr"><is><t>`+flood+`</t></is></c></row></sheetData>`, 1))
		}
		return c
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{Limits: config.Limits{CharsPerCell: 1000}})
	fs := findingsWith(b, xlsx.CodeCellTooLong)
	if len(fs) != 1 || fs[0].Sheet != "取組1" || !strings.Contains(fs[0].Message, "B40") || len(b.Initiatives) != 0 {
		t.Fatalf("findings %s", dump(b.Findings))
	}
}

// TestIndexDepartmentSpaces: an index entry's 担当部 drops the spaces inside
// a Japanese name as a sheet's 担当部名 does (trial D: 「福祉 部」 in the
// index became a department of its own, with its own 提出状況 and mail).
func TestIndexDepartmentSpaces(t *testing.T) {
	data := deptFirstIndexBook(t, [][]any{{1, "福祉 部", "一つ目"}, {2, "福祉　部", "二つ目"}, {3, "総務　部 財務部", "三つ目"}, {4, "IT 推進部", "四つ目"}})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	if len(b.Indexes) != 1 {
		t.Fatalf("indexes %+v; findings %s", b.Indexes, dump(b.Findings))
	}
	var got []string
	for _, e := range b.Indexes[0].Entries {
		got = append(got, e.Department)
	}
	if want := []string{"福祉部", "福祉部", "総務部・財務部", "IT 推進部"}; !reflect.DeepEqual(got, want) {
		t.Errorf("departments %q, want %q", got, want)
	}
}

// deptFirstIndexBook is a workbook with the seed's first sheet and an index
// sheet 一覧 laid out 番号 | 担当部 | 取組項目名, rows from row 8.
func deptFirstIndexBook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	return buildBook(t, []sheetSpec{heiseiSpec()}, func(f *excelize.File) {
		f.NewSheet("一覧")
		f.SetCellValue("一覧", "A3", "基本目標 5")
		f.SetCellValue("一覧", "A5", "市民と協働で進める行財政運営")
		f.SetCellValue("一覧", "B7", "担当部")
		f.SetCellValue("一覧", "C7", "取組項目名")
		for i, r := range rows {
			f.SetSheetRow("一覧", xlsx.Pos{Row: 7 + i, Col: 0}.Ref(), &r)
		}
	})
}

// TestIsInput: what counts as an input is decided by name alone;
// spreadsheet-like names are inputs (read or rejected with a finding),
// everything else is not.
func TestIsInput(t *testing.T) {
	for name, want := range map[string]bool{
		"総務部.xlsx": true, "B.XLSX": true, "a.xlsm": true, "a.xls": true, "a.xlsb": true, "a.ods": true,
		"a.csv": true, "a.xltx": true, "福祉部.xlsx.txt": true, "福祉部.xlsx.bak": true, "福祉部.XLSX.lnk": true,
		"Thumbs.db": false, "desktop.ini": false, "提出メモ.txt": false, "README.md": false, "seed.json": false,
		"samplegen": false, "~$総務部.xlsx": false, ".hidden.xlsx": false, ".DS_Store": false, "a.pdf": false,
		"xlsx": false, "a.xlsx.": true,
	} {
		if got := IsInput(name); got != want {
			t.Errorf("IsInput(%q) = %v, want %v", name, got, want)
		}
	}
	if got := misnamedWorkbook("福祉部.xlsx.txt"); got != "福祉部.xlsx" {
		t.Errorf("misnamedWorkbook = %q", got)
	}
}

// TestMisnamedMessage: the office is told the name to give the file.
func TestMisnamedMessage(t *testing.T) {
	good := buildBook(t, []sheetSpec{heiseiSpec()}, nil)
	b := readFiles(t, map[string][]byte{"福祉部.xlsx.txt": good}, Options{})
	fs := findingsWith(b, CodeFileMisnamed)
	if len(fs) != 1 || fs[0].Severity != model.SeverityError || !strings.Contains(fs[0].Message, "名前を「福祉部.xlsx」に直してください") ||
		!strings.Contains(fs[0].Message, "「.txt」") || len(b.Initiatives) != 0 {
		t.Errorf("findings %+v", dump(b.Findings))
	}
}

// TestReadPathsNotInputs: a file named on the command line that is not an
// input is left out as it is in a folder; one that does not exist is
// still said, whatever its name.
func TestReadPathsNotInputs(t *testing.T) {
	dir := t.TempDir()
	memo := filepath.Join(dir, "提出メモ.txt")
	if err := os.WriteFile(memo, []byte("memo"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ReadPaths(context.Background(), []string{memo, filepath.Join(dir, "none.txt")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Files) != 1 || b.Files[0].Name != "none.txt" || b.Files[0].Status != model.FileRejected || len(b.Findings) != 1 {
		t.Errorf("files %+v findings %+v", b.Files, dump(b.Findings))
	}
}

// TestLimitMessagesNameKey: every limit message names its key in the
// configuration, and the cell limit says how many cells were counted.
func TestLimitMessagesNameKey(t *testing.T) {
	data := buildBook(t, []sheetSpec{heiseiSpec()}, func(f *excelize.File) {
		f.SetCellValue("取組1", "B40", strings.Repeat("長", 300))
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{Limits: config.Limits{CharsPerCell: 200}})
	fs := findingsWith(b, xlsx.CodeCellTooLong)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "文字数（300）が上限（200）") || !strings.HasSuffix(fs[0].Message, "（上限は設定の limits.chars_per_cell）") {
		t.Errorf("cell_too_long: %s", dump(fs))
	}
	b = readFiles(t, map[string][]byte{"a.xlsx": data}, Options{Limits: config.Limits{CellsPerSheet: 50}})
	fs = findingsWith(b, xlsx.CodeSheetTooManyCells)
	if len(fs) == 0 || !regexp.MustCompile(`上限（50）を超えています（\d+行目までで\d+セル）`).MatchString(fs[0].Message) ||
		!strings.Contains(fs[0].Message, "limits.cells_per_sheet") {
		t.Errorf("sheet_too_many_cells: %s", dump(fs))
	}
}

// TestIndexBlankRows: blank rows inside 取組一覧 are skipped (before, the
// first one ended the list silently and every entry below was "not in
// the index"); a note after a blank row ends the list without a finding.
func TestIndexBlankRows(t *testing.T) {
	data := deptFirstIndexBook(t, [][]any{
		{1, "復興政策部", "市民との協働の推進"}, {}, {}, {7, "総務部・財務部", "社会保障・税番号制度"},
		{9, "財務部", "財政状況の公表"}, {}, {"※ 担当部は令和8年4月1日現在"}, {"作成：企画課"},
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	if len(b.Indexes) != 1 {
		t.Fatalf("indexes %+v; findings %s", b.Indexes, dump(b.Findings))
	}
	var got []int
	for _, e := range b.Indexes[0].Entries {
		got = append(got, e.Number)
	}
	if want := []int{1, 7, 9}; !reflect.DeepEqual(got, want) {
		t.Errorf("entries %v, want %v", got, want)
	}
	for _, f := range b.Findings {
		if f.Sheet == "一覧" && f.Severity != model.SeverityInfo {
			t.Errorf("finding on the index: %s", dump([]model.Finding{f}))
		}
	}
}

// TestBackupBesideWorkbook: 福祉部.xlsx.bak beside 福祉部.xlsx is said to be
// a backup; before, the advice was to rename it onto the submission.
func TestBackupBesideWorkbook(t *testing.T) {
	good := buildBook(t, []sheetSpec{heiseiSpec()}, nil)
	for _, tc := range []struct {
		files map[string][]byte
		want  string
	}{
		{map[string][]byte{"福祉部.xlsx": good, "福祉部.xlsx.bak": good}, "控え（バックアップ）のファイルと思われます"},
		{map[string][]byte{"福祉部.xlsx.bak": good}, "名前を「福祉部.xlsx」に直してください"},
	} {
		b := readFiles(t, tc.files, Options{})
		fs := findingsWith(b, CodeFileMisnamed)
		if len(fs) != 1 || fs[0].File != "福祉部.xlsx.bak" || !strings.Contains(fs[0].Message, tc.want) {
			t.Errorf("%d files: %s", len(tc.files), dump(b.Findings))
		}
	}
}

// TestIndexSectionInDepartment: 「財務部 財政課」 in the index's 担当部 is
// 財務部, as on a sheet, with a warning at its cell quoting the cell as
// written (before, with its full-width space made half-width).
func TestIndexSectionInDepartment(t *testing.T) {
	data := deptFirstIndexBook(t, [][]any{{1, "財務部　財政課", "一つ目"}, {2, "総務部・財務部", "二つ目"}})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	if len(b.Indexes) != 1 {
		t.Fatalf("indexes %+v; findings %s", b.Indexes, dump(b.Findings))
	}
	var got []string
	for _, e := range b.Indexes[0].Entries {
		got = append(got, e.Department)
	}
	if want := []string{"財務部", "総務部・財務部"}; !reflect.DeepEqual(got, want) {
		t.Errorf("departments %q, want %q", got, want)
	}
	if fs := findingsWith(b, CodeSectionInDepartment); len(fs) != 1 || fs[0].Cell != "B8" ||
		!strings.Contains(fs[0].Message, "担当部「財務部　財政課」に") {
		t.Errorf("findings %s", dump(fs))
	}
}
