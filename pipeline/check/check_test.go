package check

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// The seed's (4) 現状・背景 text, as most sheets have it, and the variant two
// sheets have (着手重点地区 → 着重点地区: one character dropped).
const (
	background = "東日本大震災による甚大な被害により、コミュニティの再生・再構築を必要としている市街地（白地地区）がある。" +
		"地域自治システムについては、市内全域での構築を目指しているが、平成30年度からは、地域自治システムの構築に向けたロードマップを作成し、着手重点地区を定めるなど、早期の協議会立ち上げに向けて鋭意取り組んでいく。"
	backgroundTypo = "東日本大震災による甚大な被害により、コミュニティの再生・再構築を必要としている市街地（白地地区）がある。" +
		"地域自治システムについては、市内全域での構築を目指しているが、平成30年度からは、地域自治システムの構築に向けたロードマップを作成し、着重点地区を定めるなど、早期の協議会立ち上げに向けて鋭意取り組んでいく。"
)

func text(s string, src model.Source) model.RichText {
	if s == "" {
		return model.RichText{Source: src}
	}
	return model.RichText{Blocks: []model.Block{{Text: s}}, Source: src}
}

func num(s string) model.Value {
	return model.Value{Kind: model.ValueNumber, Number: model.Decimal(s), Raw: s}
}

// sheetOf builds a plausible management sheet with one indicator whose
// target and plan cover 2015–2017.
func sheetOf(file, sheet string, goal, number int, title, dept string) *model.Initiative {
	src := model.Source{File: file, Sheet: sheet, Cell: "A3"}
	in := &model.Initiative{
		Source: src, Department: dept, GoalNumber: goal, GoalName: "市民と協働", Number: number, Title: title,
		Overview:   text(fmt.Sprintf("取組%dの概要。", number), src.At("B4")),
		Background: text(fmt.Sprintf("取組%dの背景。", number), src.At("B27")),
	}
	ind := model.Indicator{Name: "指標", Source: src.At("B14")}
	for i, y := range []int{2015, 2016, 2017} {
		col := string(rune('E' + i))
		in.Plans = append(in.Plans, model.PlanYear{Year: model.FiscalYear{Year: y}})
		t := num("10")
		t.Source = src.At(col + "14")
		ind.Years = append(ind.Years, model.IndicatorYear{Year: model.FiscalYear{Year: y, Label: model.Wareki(y)}, Target: t})
	}
	in.Indicators = []model.Indicator{ind}
	return in
}

func run(b *model.Batch) { Run(b) }

// findings lists severity:code@file/sheet/cell, sorted, for comparison.
func findings(b *model.Batch) []string {
	var out []string
	for _, f := range b.Findings {
		out = append(out, fmt.Sprintf("%s:%s@%s/%s/%s", f.Severity, f.Code, f.File, f.Sheet, f.Cell))
	}
	slices.Sort(out)
	return out
}

func messageOf(t *testing.T, b *model.Batch, code string) string {
	t.Helper()
	for _, f := range b.Findings {
		if f.Code == code {
			return f.Message
		}
	}
	t.Fatalf("no %s finding in %v", code, findings(b))
	return ""
}

func assertFindings(t *testing.T, b *model.Batch, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := findings(b); !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

func TestDuplicateKeepsFirstInFileOrder(t *testing.T) {
	// Ingest listed b.xlsx first (parallel workers); a.xlsx still comes
	// first in file order, so its sheet is the one the report uses.
	late := sheetOf("b.xlsx", "取組3", 5, 3, "まちづくり懇談会の開催（再提出）", "総務部")
	early := sheetOf("a.xlsx", "取組3", 5, 3, "まちづくり懇談会の開催", "総務部")
	other := sheetOf("a.xlsx", "取組4", 5, 4, "新たな市政情報の発信方法の検討", "総務部")
	b := &model.Batch{Initiatives: []*model.Initiative{late, early, other}}
	run(b)
	if len(b.Initiatives) != 2 || b.Initiatives[0] != early || b.Initiatives[1] != other {
		t.Fatalf("kept %v, want [a.xlsx/取組3 a.xlsx/取組4]", sources(b.Initiatives))
	}
	assertFindings(t, b,
		"error:duplicate_initiative@b.xlsx/取組3/A3",
		"info:goal_without_index@a.xlsx/取組3/A3")
	msg := messageOf(t, b, CodeDuplicateInitiative)
	for _, s := range []string{"基本目標5の取組項目3", "「a.xlsx」シート「取組3」", "「b.xlsx」シート「取組3」", "報告書には「a.xlsx」シート「取組3」"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
}

// A corrected copy beside the original: the workbook saved last is the
// one the report uses, whatever the file names' order, and the message
// says why. Workbooks that do not say when they were saved keep file order
// (TestDuplicateKeepsFirstInFileOrder).
func TestDuplicateKeepsLaterSaved(t *testing.T) {
	orig := sheetOf("総務部.xlsx", "取組3", 5, 3, "まちづくり懇談会の開催", "総務部")
	fixed := sheetOf("総務部_修正版.xlsx", "取組3", 5, 3, "まちづくり懇談会の開催", "総務部")
	b := &model.Batch{Initiatives: []*model.Initiative{orig, fixed}, Files: []model.InputFile{
		{Name: "総務部.xlsx", Modified: "2026-10-01T01:00:00Z"},
		{Name: "総務部_修正版.xlsx", Modified: "2026-10-05T09:30:00Z"},
	}}
	run(b)
	if len(b.Initiatives) != 1 || b.Initiatives[0] != fixed {
		t.Fatalf("kept %v, want the later-saved 総務部_修正版.xlsx", sources(b.Initiatives))
	}
	msg := messageOf(t, b, CodeDuplicateInitiative)
	if !strings.Contains(msg, "報告書には後に保存されたブックの「総務部_修正版.xlsx」シート「取組3」") {
		t.Errorf("message %q", msg)
	}
}

func TestDuplicateWithinOneFileKeepsSheetOrder(t *testing.T) {
	first := sheetOf("a.xlsx", "Z", 5, 3, "x", "総務部")
	second := sheetOf("a.xlsx", "A", 5, 3, "x", "総務部") // alphabetically first, second in the workbook
	b := &model.Batch{Initiatives: []*model.Initiative{first, second}}
	run(b)
	if len(b.Initiatives) != 1 || b.Initiatives[0] != first {
		t.Fatalf("kept %v, want a.xlsx/Z", sources(b.Initiatives))
	}
}

func sources(ins []*model.Initiative) []string {
	var out []string
	for _, in := range ins {
		out = append(out, in.Source.File+"/"+in.Source.Sheet)
	}
	return out
}

func TestValidateFields(t *testing.T) {
	noDept := sheetOf("a.xlsx", "1", 5, 1, "市民との協働の推進", "")
	noGoal := sheetOf("a.xlsx", "2", 0, 2, "x", "総務部")
	noNumber := sheetOf("a.xlsx", "3", 5, 0, "x", "総務部")
	noTitle := sheetOf("a.xlsx", "4", 5, 4, "", "総務部")
	unnamed := sheetOf("a.xlsx", "5", 5, 5, "y", "総務部")
	unnamed.Indicators[0].Name = "" // has targets: must be named
	// An empty slot of the table (no name, no values) is not a finding.
	unnamed.Indicators = append(unnamed.Indicators, model.Indicator{Source: unnamed.Source.At("B17"),
		Years: []model.IndicatorYear{{Year: model.FiscalYear{Year: 2015}}}})
	b := &model.Batch{Initiatives: []*model.Initiative{nil, noDept, noGoal, noNumber, noTitle, unnamed}}
	run(b)
	if got := sources(b.Initiatives); !slices.Equal(got, []string{"a.xlsx/1", "a.xlsx/4", "a.xlsx/5"}) {
		t.Errorf("kept %v, want sheets 1, 4, 5 (2 and 3 have no usable number; nil dropped)", got)
	}
	assertFindings(t, b,
		"error:missing_department@a.xlsx/1/A3",
		"error:invalid_goal_number@a.xlsx/2/A3",
		"error:invalid_initiative_number@a.xlsx/3/A3",
		"error:missing_title@a.xlsx/4/A3",
		"error:missing_indicator_name@a.xlsx/5/B14",
		"info:goal_without_index@a.xlsx/1/A3",
	)
	if msg := messageOf(t, b, CodeInvalidGoalNumber); !strings.Contains(msg, "報告書に含めません") {
		t.Errorf("message %q does not say the sheet is left out", msg)
	}
	if msg := messageOf(t, b, CodeMissingIndicatorName); !strings.Contains(msg, "1番目の指標") || !strings.Contains(msg, "目標指標名") {
		t.Errorf("message %q does not name the indicator", msg)
	}
}

func TestIndexAgainstSheets(t *testing.T) {
	ixSrc := model.Source{File: "index.xlsx", Sheet: "取組一覧"}
	index := model.GoalIndex{GoalNumber: 5, GoalName: "市民と協働で進める行財政運営", Source: ixSrc, Entries: []model.IndexEntry{
		{Number: 1, Title: "市民との協働の推進", Department: "復興政策部", Source: ixSrc.At("A6")},
		{Number: 2, Title: "I C Tを活用した行政サービスの向上と業務の効率化の推進", Department: "復興政策部", Source: ixSrc.At("A7")},
		{Number: 3, Title: "まちづくり懇談会の開催", Department: "総務部", Source: ixSrc.At("A8"), TitleCell: "B8", DepartmentCell: "C8"},
		{Number: 7, Title: "社会保障・税番号制度（マイナンバー制度）の利活用の検討", Department: "総務部・財務部", Source: ixSrc.At("A12"), TitleCell: "B12", DepartmentCell: "C12"},
		{Number: 9, Title: "財政状況の公表", Department: "財務部", Source: ixSrc.At("A14")},
	}}
	b := &model.Batch{
		Indexes: []model.GoalIndex{index, {GoalNumber: 5, Source: model.Source{File: "z.xlsx", Sheet: "一覧"}}},
		Initiatives: []*model.Initiative{
			sheetOf("a.xlsx", "1", 5, 1, "市民との協働の推進", "復興政策部"),
			// Spaces and width differ only: no finding.
			sheetOf("a.xlsx", "2", 5, 2, "ＩＣＴを活用した行政サービスの向上と業務の効率化の推進", "復興政策部"),
			// A real difference in the title and in the department.
			sheetOf("b.xlsx", "3", 5, 3, "まちづくり懇談会の実施", "総務部"),
			sheetOf("b.xlsx", "7", 5, 7, "社会保障・税番号制度（マイナンバー制度）の利活用の検討", "総務部"),
			// Not in the index.
			sheetOf("b.xlsx", "12", 5, 12, "新しい取組", "総務部"),
			// A goal without an index.
			sheetOf("c.xlsx", "1", 6, 1, "他の基本目標", "建設部"),
		},
	}
	// The sheet's own cells: the findings point at the text to correct
	// (trial D: the note sat on the title A1, not on 担当部名's F1).
	b.Initiatives[2].TitleCell = "C3"
	b.Initiatives[3].DepartmentCell = "F1"
	run(b)
	assertFindings(t, b,
		"info:duplicate_goal_index@z.xlsx/一覧/",
		"warning:title_differs_from_index@b.xlsx/3/C3",
		"warning:department_differs_from_index@b.xlsx/7/F1",
		"warning:sheet_not_in_index@b.xlsx/12/A3",
		"warning:index_without_sheet@index.xlsx/取組一覧/A14",
		"info:goal_without_index@c.xlsx/1/A3",
	)
	msg := messageOf(t, b, CodeTitleDiffersFromIndex)
	// The index's cell is where the differing text is written (B8), not
	// the row's number (A8).
	for _, s := range []string{"まちづくり懇談会の実施", "まちづくり懇談会の開催", "セルB8"} {
		if !strings.Contains(msg, s) {
			t.Errorf("title message %q lacks %q", msg, s)
		}
	}
	if msg := messageOf(t, b, CodeDeptDiffersFromIndex); !strings.Contains(msg, "「総務部」") || !strings.Contains(msg, "「総務部・財務部」") || !strings.Contains(msg, "セルC12") {
		t.Errorf("department message %q does not name both texts", msg)
	}
	if msg := messageOf(t, b, CodeIndexWithoutSheet); !strings.Contains(msg, "財政状況の公表") {
		t.Errorf("index message %q does not name the initiative", msg)
	}
}

func TestGoalNameDiffers(t *testing.T) {
	// The seed: sheets 2 and 8 write 行政と市民, the nine others 市民と協働.
	// Sheets 9–11 are another department's workbook: it is warned too, at
	// its own first sheet of the group, so its copy and counts show it.
	var ins []*model.Initiative
	for n := 1; n <= 11; n++ {
		file, dept := "goal5.xlsx", "総務部"
		if n >= 9 {
			file, dept = "建設部.xlsx", "建設部"
		}
		in := sheetOf(file, fmt.Sprintf("取組%02d", n), 5, n, fmt.Sprintf("取組%d", n), dept)
		if n == 2 || n == 8 {
			in.GoalName = "行政と市民"
		}
		if n == 2 {
			in.GoalNameCell = "C2" // where the seed writes it; 取組08 leaves it unknown
		}
		if n == 5 {
			in.GoalName = "市民と 協働" // a space only: the same name
		}
		ins = append(ins, in)
	}
	b := &model.Batch{Initiatives: ins}
	run(b)
	assertFindings(t, b,
		"warning:goal_name_differs@goal5.xlsx/取組02/C2",
		"warning:goal_name_differs@goal5.xlsx/取組08/A3",
		"info:goal_without_index@goal5.xlsx/取組01/A3",
	)
	msg := messageOf(t, b, CodeGoalNameDiffers)
	for _, s := range []string{"「行政と市民」", "「市民と協働」", "9シート"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
}

func TestTextCopiedAcrossSheets(t *testing.T) {
	// Eleven sheets, as in the seed: nine with the background text, two
	// with the one-character variant → one group of eleven. Two sheets
	// share a short text (under 40 characters) → no finding. Two sheets
	// share an overview → a second, separate group.
	// Sheets 9–11 are another department's workbook: it is warned too, at
	// its own first sheet of the group, so its copy and counts show it.
	var ins []*model.Initiative
	for n := 1; n <= 11; n++ {
		file, dept := "goal5.xlsx", "総務部"
		if n >= 9 {
			file, dept = "建設部.xlsx", "建設部"
		}
		in := sheetOf(file, fmt.Sprintf("取組%02d", n), 5, n, fmt.Sprintf("取組%d", n), dept)
		in.Background = text(background, in.Source.At("B27"))
		if n == 2 || n == 3 {
			in.Background = text(backgroundTypo, in.Source.At("B27"))
		}
		ins = append(ins, in)
	}
	short1 := sheetOf("other.xlsx", "1", 6, 1, "a", "建設部")
	short2 := sheetOf("other.xlsx", "2", 6, 2, "b", "建設部")
	short1.Background = text("特になし。", short1.Source.At("B27"))
	short2.Background = text("特になし。", short2.Source.At("B27"))
	overview := "新たな手法による市政情報の提供を実施するため、ICTを活用した情報発信方法の検討を行う。【主な取組内容】"
	short1.Overview = text(overview, short1.Source.At("B4"))
	short2.Overview = text("  "+strings.ReplaceAll(overview, "ICT", "ＩＣＴ"), short2.Source.At("B4")) // width and spaces only
	ins = append(ins, short1, short2)
	b := &model.Batch{Initiatives: ins}
	run(b)
	assertFindings(t, b,
		"warning:text_copied_across_sheets@goal5.xlsx/取組01/B27",
		"warning:text_copied_across_sheets@建設部.xlsx/取組09/B27",
		"warning:text_copied_across_sheets@other.xlsx/1/B4",
		"info:goal_without_index@goal5.xlsx/取組01/A3",
		"info:goal_without_index@other.xlsx/1/A3",
	)
	var bg, bgOther, ov string
	for _, f := range b.Findings {
		if f.Code == CodeTextCopiedAcrossSheets && strings.HasPrefix(f.Message, "(4)") {
			if f.File == "goal5.xlsx" {
				bg = f.Message
			} else {
				bgOther = f.Message
			}
		}
		if f.Code == CodeTextCopiedAcrossSheets && strings.HasPrefix(f.Message, "(1)") {
			ov = f.Message
		}
	}
	if !strings.Contains(bg, "11シート") || !strings.Contains(bg, "ほぼ同一") || !strings.Contains(bg, "「建設部.xlsx」シート「取組11」") {
		t.Errorf("background message = %q, want 11 sheets, near-identical, listing 建設部's 取組11", bg)
	}
	// The other workbook's names its own sheets and points at the list.
	if !strings.Contains(bgOther, "11シート") || !strings.Contains(bgOther, "このブックのシート「取組09」「取組10」「取組11」") ||
		!strings.Contains(bgOther, "「goal5.xlsx」シート「取組01」の指摘") || strings.Contains(bgOther, "「goal5.xlsx」シート「取組02」") {
		t.Errorf("建設部's background message = %q", bgOther)
	}
	if !strings.Contains(ov, "2シートで同一です") {
		t.Errorf("overview message = %q, want 2 identical sheets", ov)
	}
}

func TestTextCopiedMissesDifferentTexts(t *testing.T) {
	// Two 60-character texts that share their first 16 characters but
	// differ in 10 characters: more than 5 % apart, not a copy.
	a := sheetOf("a.xlsx", "1", 5, 1, "a", "総務部")
	c := sheetOf("a.xlsx", "2", 5, 2, "b", "総務部")
	head := "東日本大震災による甚大な被害により、コミュニティの"
	a.Background = text(head+"再生・再構築を必要としている市街地（白地地区）がある。復興住宅や新市街地においては新たな", a.Source.At("B27"))
	c.Background = text(head+"維持が難しい地区がある。応急仮設住宅においては、入居者の減少によりコミュニティ維持が難し", c.Source.At("B27"))
	b := &model.Batch{Initiatives: []*model.Initiative{a, c}}
	run(b)
	assertFindings(t, b, "info:goal_without_index@a.xlsx/1/A3")
}

func TestIndicators(t *testing.T) {
	in := sheetOf("a.xlsx", "1", 5, 1, "x", "総務部")
	// A second indicator with no target in any year (actuals only).
	noTarget := model.Indicator{Name: "消防団員数", Source: in.Source.At("B17")}
	for i, y := range []int{2015, 2016} {
		a := num("1858")
		a.Source = in.Source.At(string(rune('E'+i)) + "18")
		noTarget.Years = append(noTarget.Years, model.IndicatorYear{Year: model.FiscalYear{Year: y}, Actual: a})
	}
	in.Indicators = append(in.Indicators, noTarget)
	// 2018 and 2019 appear in (3) but (2) plans 2015–2017 only: one info per
	// year, however many indicators have the column; 2016 twice: a warning.
	for k := range in.Indicators {
		ind := &in.Indicators[k]
		for i, y := range []int{2018, 2019} {
			t := num("5")
			t.Source = in.Source.At(string(rune('H'+i)) + "14")
			ind.Years = append(ind.Years, model.IndicatorYear{Year: model.FiscalYear{Year: y, Label: model.Wareki(y)}, Target: t})
		}
	}
	in.Indicators[0].Years = append(in.Indicators[0].Years, model.IndicatorYear{Year: model.FiscalYear{Year: 2016, Label: "平成28年度"}, Target: num("3")})
	// The "no target" indicator got 2018/2019 targets above; take them back.
	in.Indicators[1].Years = in.Indicators[1].Years[:2]
	b := &model.Batch{Initiatives: []*model.Initiative{in}}
	run(b)
	assertFindings(t, b,
		"warning:indicator_without_target@a.xlsx/1/B17",
		"info:indicator_year_not_in_plan@a.xlsx/1/H14",
		"info:indicator_year_not_in_plan@a.xlsx/1/I14",
		"warning:duplicate_indicator_year@a.xlsx/1/B14",
		"info:goal_without_index@a.xlsx/1/A3",
	)
	if msg := messageOf(t, b, CodeIndicatorYearNotInPlan); !strings.Contains(msg, "平成30年度") {
		t.Errorf("message %q does not name the year", msg)
	}
}

func TestRunToleratesNil(t *testing.T) {
	Run(nil)
	b := &model.Batch{Initiatives: []*model.Initiative{nil}}
	Run(b)
	if len(b.Initiatives) != 0 || len(b.Findings) != 0 {
		t.Errorf("nil initiative: kept %d, findings %v", len(b.Initiatives), findings(b))
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"I C Tを活用": "ICTを活用",
		"ＩＣＴを活用":   "ICTを活用",
		"市民と　協働":   "市民と協働",
		"総務部・財務部 ": "総務部・財務部",
	}
	for in, want := range tests {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// When ingest already reported a goal or initiative number it could not
// read (at its cell, saying the sheet is left out), the check stage leaves
// the sheet out without a second error of its own; before, a second error
// said the number was "0" at the title cell.
func TestNumberReportedByIngestOnce(t *testing.T) {
	noGoal := sheetOf("a.xlsx", "2", 0, 2, "x", "総務部")
	noNumber := sheetOf("a.xlsx", "3", 5, 0, "x", "総務部")
	kept := sheetOf("a.xlsx", "4", 5, 4, "y", "総務部")
	b := &model.Batch{Initiatives: []*model.Initiative{noGoal, noNumber, kept}}
	b.Add(model.SeverityError, "number_unreadable", noGoal.Source.At("B2"), "基本目標の番号「5-1」を読めません")
	b.Add(model.SeverityError, "missing_number", noNumber.Source.At("B3"), "「取組項目名」の右に取組番号が入力されていません")
	run(b)
	if got := sources(b.Initiatives); !slices.Equal(got, []string{"a.xlsx/4"}) {
		t.Errorf("kept %v, want sheet 4 only", got)
	}
	assertFindings(t, b,
		"error:number_unreadable@a.xlsx/2/B2",
		"error:missing_number@a.xlsx/3/B3",
		"info:goal_without_index@a.xlsx/4/A3",
	)
}

// A hidden sheet beside a visible one of the same initiative is dropped
// even when it comes first (a hidden old copy used to replace the current
// sheet); a hidden sheet that is the only one is used, with a warning.
func TestHiddenSheetLosesToVisible(t *testing.T) {
	old := sheetOf("a.xlsx", "取組3（旧）", 5, 3, "旧", "総務部")
	old.SheetHidden = true
	current := sheetOf("a.xlsx", "取組3", 5, 3, "現行", "総務部")
	only := sheetOf("a.xlsx", "取組4", 5, 4, "唯一", "総務部")
	only.SheetHidden = true
	b := &model.Batch{Initiatives: []*model.Initiative{old, current, only}}
	run(b)
	if got := sources(b.Initiatives); !slices.Equal(got, []string{"a.xlsx/取組3", "a.xlsx/取組4"}) {
		t.Errorf("kept %v, want the visible 取組3 and the only 取組4", got)
	}
	assertFindings(t, b,
		"error:duplicate_initiative@a.xlsx/取組3（旧）/A3",
		"warning:hidden_sheet_used@a.xlsx/取組4/A3",
		"info:goal_without_index@a.xlsx/取組3/A3",
	)
}

// Two thousand overviews open with the same sentence of boilerplate (one
// candidate bucket, far past allPairsLimit). The copies planted among
// them are still found: a copy with one character changed in the middle,
// one cut short by a few characters at the end, and three identical ones;
// no other text joins a group.
func TestTextCopiedInLargeBucket(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pool := []rune("市民協働地域活性化推進事業計画実施支援体制整備強化連携充実向上改善検討調査")
	const boiler = "本市では、市民と行政が協働して地域の課題解決に取り組むため、"
	random := func() string {
		r := make([]rune, 120)
		for i := range r {
			r[i] = pool[rng.IntN(len(pool))]
		}
		return string(r)
	}
	var ins []*model.Initiative
	add := func(s string) *model.Initiative {
		n := len(ins) + 1
		in := sheetOf("big.xlsx", fmt.Sprintf("取組%04d", n), 5, n, fmt.Sprintf("取組%d", n), "総務部")
		in.Overview = text(s, in.Source.At("B4"))
		ins = append(ins, in)
		return in
	}
	for range 2000 {
		add(boiler + random())
	}
	middle := boiler + random()
	edited := []rune(middle)
	edited[len(edited)/2] = '変'
	cut := boiler + random()
	same := boiler + random()
	copies := [][]string{{middle, string(edited)}, {cut, string([]rune(cut)[:len([]rune(cut))-3])}, {same, same, same}}
	var want []string
	for _, group := range copies {
		for i, s := range group {
			in := add(s)
			if i == 0 {
				want = append(want, "warning:text_copied_across_sheets@big.xlsx/"+in.Source.Sheet+"/B4")
			}
		}
	}
	b := &model.Batch{Initiatives: ins}
	checkCopiedText(b, ins)
	assertFindings(t, b, want...)
	// Each text is compared with a few neighbours (in the bucket of the
	// shared opening and, at most, in one of a shared ending), not with all
	// 2,006 others.
	var comparisons int
	groupCopies(ins, copiedFields[0], &comparisons)
	if limit := 2 * len(ins) * neighbourWindow; comparisons > limit {
		t.Errorf("%d comparisons for %d texts, want at most %d", comparisons, len(ins), limit)
	}
}

func TestBagDistance(t *testing.T) {
	sorted := func(s string) []rune { r := []rune(s); slices.Sort(r); return r }
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "abc", 0},
		{"abc", "cab", 0}, // order does not count
		{"abc", "abd", 1},
		{"abc", "ab", 1},
		{"aab", "abb", 1},
		{"着手重点地区", "着重点地区", 1},
		{"", "市民", 2},
	} {
		if got := bagDistance(sorted(c.a), sorted(c.b)); got != c.want {
			t.Errorf("bagDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	// Never more than the edit distance, so it only rules out pairs the
	// edit table would rule out.
	rng := rand.New(rand.NewPCG(5, 6))
	letters := []rune("市民協働あいうabc")
	for range 2000 {
		a := make([]rune, rng.IntN(30))
		for i := range a {
			a[i] = letters[rng.IntN(len(letters))]
		}
		b := slices.Clone(a)
		for range rng.IntN(6) {
			switch i := rng.IntN(len(b) + 1); rng.IntN(3) {
			case 0:
				b = slices.Insert(b, i, letters[rng.IntN(len(letters))])
			case 1:
				if i < len(b) {
					b = slices.Delete(b, i, i+1)
				}
			default:
				if i < len(b) {
					b[i] = letters[rng.IntN(len(letters))]
				}
			}
		}
		for k := 0; k <= 6; k++ {
			if normalize.WithinEdits(a, b, k) && bagDistance(sorted(string(a)), sorted(string(b))) > k {
				t.Fatalf("%q, %q: within %d edits, bag distance %d", string(a), string(b), k, bagDistance(sorted(string(a)), sorted(string(b))))
			}
		}
	}
	// Texts sharing their opening and differing in 7 % of their characters,
	// spread through them (more than nearEdits allows), are told apart
	// without the edit table.
	a := []rune(strings.Repeat("市民協働による地域づくりの推進", 40))
	b := slices.Clone(a)
	for i := 20; i < len(b); i += 14 {
		b[i] = '変'
	}
	if k := nearEdits(len(a)); bagDistance(sorted(string(a)), sorted(string(b))) <= k {
		t.Errorf("spread edits: bag distance within %d", k)
	}
}

// A blank title has its own error: the index check does not add that it
// differs from the index's (trial J). The departments of a shared
// initiative in another order are the same departments (trial H).
func TestIndexDifferencesNotForBlanksOrOrder(t *testing.T) {
	ixSrc := model.Source{File: "index.xlsx", Sheet: "取組一覧"}
	index := model.GoalIndex{GoalNumber: 5, Source: ixSrc, Entries: []model.IndexEntry{
		{Number: 1, Title: "市民との協働の推進", Department: "総務部・財務部", Source: ixSrc.At("A6")},
		{Number: 2, Title: "財政状況の公表", Department: "財務部", Source: ixSrc.At("A7")},
	}}
	b := &model.Batch{Indexes: []model.GoalIndex{index}, Initiatives: []*model.Initiative{
		sheetOf("a.xlsx", "1", 5, 1, "市民との協働の推進", "財務部・総務部"),
		sheetOf("a.xlsx", "2", 5, 2, "", "財務部"),
	}}
	run(b)
	for _, f := range b.Findings {
		if f.Code == CodeTitleDiffersFromIndex || f.Code == CodeDeptDiffersFromIndex {
			t.Errorf("%s at %s: %s", f.Code, f.Source, f.Message)
		}
	}
}
