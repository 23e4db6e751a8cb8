package ingest

import (
	"maps"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
)

// Label cells as departments write them; each is read as the label shown.
func TestClassify(t *testing.T) {
	tests := []struct {
		text string
		want label
	}{
		{"目標値", lblTarget},
		{"目 標 値", lblTarget},
		{"実績値", lblActual},
		{"実績", lblActual},
		{"達成率", lblRate},
		{"達成率（％）", lblRate}, // a qualifier in brackets
		{"達成率(%)", lblRate},
		{"実績値（見込）", lblActual},
		{"目標値(件)", lblTarget},
		{"（３）目標指標", lblBlock3},
		{"(3)目標指標", lblBlock3},
		{"3. 目標指標", lblBlock3},
		{"（３）目標指標（令和3年度〜）", lblBlock3},
		{"達成率の推移", lblNone},
		{"(達成率)", lblNone}, // brackets only: not a label with a qualifier
		{"目標値達成率", lblNone},
		{"", lblNone},
	}
	for _, tt := range tests {
		if got, _ := classifyQualified(tt.text); got != tt.want {
			t.Errorf("classifyQualified(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// A 区分 that is not one of the three names is reported at its own cell,
// naming its text, once for the row; before, the message pointed at the
// first value and did not say which label was not understood.
func TestUnknownKindNamed(t *testing.T) {
	s := heiseiSpec()
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		f.SetCellValue("取組1", "C15", "達成度")
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	got := findingsWith(b, CodeIndicatorKindMissing)
	if len(got) != 1 || got[0].Cell != "C15" || !containsAll(got[0].Message, "「達成度」", "E15") {
		t.Errorf("findings: %s", dump(got))
	}
}

// A target row labelled as departments also write it (計画値, 目標数値)
// is the target row; a first row whose kind is not understood is reported
// at its cell, as any other row is. Before, its values were left out
// unseen: the indicator's first kind row was where reading started.
func TestFirstKindRow(t *testing.T) {
	for _, kind := range []string{"計画値", "目標数値"} {
		s := heiseiSpec()
		data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) { f.SetCellValue("取組1", "C13", kind) })
		b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
		noProblems(t, b)
		if y := onlyInitiative(t, b).Indicators[0].Years[0]; y.Target.Number != "373" || y.Target.Source.Cell != "E13" {
			t.Errorf("%s: target %+v", kind, y.Target)
		}
	}
	s := heiseiSpec()
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) { f.SetCellValue("取組1", "C13", "計画額") })
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	got := findingsWith(b, CodeIndicatorKindMissing)
	if len(got) != 1 || got[0].Cell != "C13" || got[0].Severity != model.SeverityError || !containsAll(got[0].Message, "「計画額」", "E13") {
		t.Errorf("findings: %s", dump(b.Findings))
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestOrganizationName(t *testing.T) {
	for in, want := range map[string]string{
		"総務部":       "総務部",
		"総務 部":      "総務部",
		"総務  部":     "総務部",
		"総務　部":      "総務部", // before NFKC folding too
		"IT 推進課":    "IT 推進課",
		"総務部 IT課":   "総務部 IT課",
		"総務部・ 財務部":  "総務部・財務部",
		"総務部 財務部":   "総務部・財務部", // a space after a whole name separates two
		"総務部　財務部":   "総務部・財務部",
		"総務 部 財務 部": "総務部・財務部",
		" 総務部":      " 総務部", // edges are trimmed by normalize.Text, not here
	} {
		if got := organizationName(in); got != want {
			t.Errorf("organizationName(%q) = %q, want %q", in, got, want)
		}
	}
}

// A qualified second row of a kind the indicator already has (実績値（見込）
// below 実績値) is reported and not read; before, it started a third
// indicator with the same name and took the rate row with it.
func TestQualifiedDuplicateKindRow(t *testing.T) {
	s := heiseiSpec()
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		f.SetCellValue("取組1", "C15", "実績値（見込）")
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	in := onlyInitiative(t, b)
	if len(in.Indicators) != 2 {
		t.Fatalf("indicators %d, want 2: %s", len(in.Indicators), dump(b.Findings))
	}
	if y := in.Indicators[0].Years[0]; y.Actual.Number != "157" || y.StatedRate.Kind != model.ValueNone {
		t.Errorf("first year %+v", y)
	}
	if got := findingsWith(b, CodeIndicatorKindDuplicate); len(got) != 1 || got[0].Cell != "C15" || !containsAll(got[0].Message, "実績値（見込）", "14行目") {
		t.Errorf("findings: %s", dump(got))
	}
}

// A 備考 column beside the years is notes, not a year: before, its heading
// was an unreadable year and each of its notes a value without a year, all
// errors.
func TestNotesColumnBesideYears(t *testing.T) {
	s := heiseiSpec()
	data := buildBook(t, []sheetSpec{s}, func(f *excelize.File) {
		f.SetCellValue("取組1", "K12", "備考")
		f.SetCellValue("取組1", "K14", "速報値")
	})
	b := readFiles(t, map[string][]byte{"a.xlsx": data}, Options{})
	if errs, _, _ := b.Counts(); errs != 0 {
		t.Errorf("errors: %s", dump(b.Findings))
	}
	if got := findingsWith(b, CodeNotesColumn); len(got) != 1 || got[0].Cell != "K12" {
		t.Errorf("findings %s", dump(got))
	}
	if ind := onlyInitiative(t, b).Indicators[0]; len(ind.Years) != 6 {
		t.Errorf("years %d, want 6", len(ind.Years))
	}
}

// TestVocabularyFolds pins the folded words built from the templates'
// labels and the variants to the table the parser used before they were
// shared, with the variants added since (目標数値, 計画値, 実績数値).
func TestVocabularyFolds(t *testing.T) {
	want := map[string]label{
		"行財政運営プラン取組管理シート": lblTitle, "取組管理シート": lblTitle, "担当部名": lblDepartment,
		"基本目標": lblGoal, "担当課名": lblSection, "担当課": lblSection, "取組項目名": lblItem, "取組項目": lblItem,
		"取組概要": lblBlock1, "年度別取組内容": lblBlock2, "目標指標": lblBlock3, "現状背景": lblBlock4,
		"取組成果課題": lblBlock5, "目標指標名": lblIndicatorName, "指標名": lblIndicatorName, "単位": lblUnit,
		"目標値": lblTarget, "目標": lblTarget, "目標数値": lblTarget, "計画値": lblTarget,
		"実績値": lblActual, "実績": lblActual, "実績数値": lblActual, "達成率": lblRate,
		"前期": lblFirstHalf, "後期": lblSecondHalf, "取組実績": lblResults, "今後の課題": lblIssues,
		"課題": lblIssues, "担当部": lblDeptColumn,
	}
	if !maps.Equal(words, want) {
		t.Errorf("words = %v\nwant %v", words, want)
	}
}
