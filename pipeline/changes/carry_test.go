package changes

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/check"
	"planreport/pipeline/model"
)

// roundTrip encodes and decodes s, as the next night reads it.
func roundTrip(t *testing.T, s *Snapshot) *Snapshot {
	t.Helper()
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return back
}

func errAt(file, sheet, cell, code string) Finding {
	return Finding{Severity: model.SeverityError, Code: code, File: file, Sheet: sheet, Cell: cell, Message: code + " " + cell}
}

// indexMissing is the index's finding 「…の取組管理シートがありません」 for 5-9.
var indexMissing = Finding{Severity: model.SeverityWarning, Code: check.CodeIndexWithoutSheet, File: "取組一覧.xlsx", Sheet: "基本目標5", Cell: "A12",
	Message: "取組一覧の基本目標5の取組項目9「九」（財務部）の取組管理シートがありません"}

// Trial H, defect 1: what a department changed while its workbook could
// not be read reaches the council the night it is read again, compared
// with the last report that read it, over several unread nights; the
// index's 「取組管理シートがありません」 for its initiative never flaps.
func TestCompareUnreadNightsCarry(t *testing.T) {
	a := initiative(5, 1, "一", plan1)
	ind := func(target string) Indicator {
		return Indicator{Name: "公表回数", Cell: "B13", Years: []Year{year(2015, target, "2", "100.0", "A")}}
	}
	b := initiative(5, 9, "九", plan1, ind("2"))
	b.File, b.Sheet = "財務部.xlsx", "取組9"
	night1 := snap("2026-06-01", a, b)
	night1.Findings = []Finding{errAt("財務部.xlsx", "取組9", "F14", "truncated")}

	unread := func(date string, prev *Snapshot) *Snapshot {
		s := snap(date, a)
		s.Unread = []string{"財務部.xlsx"}
		s.Findings = []Finding{errAt("財務部.xlsx", "", "", "file_not_zip"), indexMissing}
		Carry(prev, s)
		return roundTrip(t, s)
	}
	night2 := unread("2026-07-01", night1)
	got := Compare(night1, night2)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeNotCompared, model.ChangeFindingNew}) {
		t.Fatalf("night 2 kinds %v: %+v", k, got.Items)
	}
	if it := got.Items[1]; !strings.Contains(it.After, "file_not_zip") {
		t.Errorf("night 2: the new finding is the rejection, not the index's: %+v", it)
	}
	night3 := unread("2026-07-02", night2)
	if night3.Carried == nil || len(night3.Carried.Initiatives) != 1 || len(night3.Carried.Findings) != 1 {
		t.Fatalf("night 3 carries %+v", night3.Carried)
	}
	got = Compare(night2, night3)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeNotCompared}) {
		t.Fatalf("night 3 kinds %v: %+v", k, got.Items)
	}

	// Read again: the target changed and a new error, against night 1.
	b4 := b
	b4.Indicators = []Indicator{ind("3")}
	night4 := snap("2026-08-01", a, b4)
	night4.Findings = []Finding{errAt("財務部.xlsx", "取組9", "F14", "truncated"), errAt("財務部.xlsx", "取組9", "E15", "stated_rate_mismatch")}
	Carry(night3, night4)
	if night4.Carried != nil {
		t.Errorf("a workbook read carries nothing: %+v", night4.Carried)
	}
	got = Compare(night3, night4)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeValue, model.ChangeFindingFixed, model.ChangeFindingNew}) {
		t.Fatalf("night 4 kinds %v: %+v", k, got.Items)
	}
	if it := got.Items[0]; it.Before != "2" || it.After != "3" {
		t.Errorf("value %+v", it)
	}
	if fixed, added := got.Items[1], got.Items[2]; !strings.Contains(fixed.Before, "file_not_zip") || added.Source.Cell != "E15" {
		t.Errorf("findings %+v %+v", fixed, added)
	}
}

// A workbook that never comes back: its carried state ends the night it
// is no longer listed, which is then the removal of its initiatives (not
// the 解消 of their findings).
func TestCarryEndsWhenWorkbookGone(t *testing.T) {
	a := initiative(5, 1, "一", plan1)
	b := initiative(5, 9, "九", plan1)
	b.File, b.Sheet = "財務部.xlsx", "取組9"
	night1 := snap("2026-06-01", a, b)
	night1.Findings = []Finding{errAt("財務部.xlsx", "取組9", "F14", "truncated")}
	night2 := snap("2026-07-01", a)
	night2.Unread = []string{"財務部.xlsx"}
	night2.Findings = []Finding{errAt("財務部.xlsx", "", "", "file_not_zip")}
	Carry(night1, night2)
	night3 := snap("2026-08-01", a)
	Carry(night2, night3)
	if night3.Carried != nil {
		t.Fatalf("carried on: %+v", night3.Carried)
	}
	got := Compare(night2, night3)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeInitiativeRemoved}) {
		t.Fatalf("kinds %v: %+v", k, got.Items)
	}
}

// Trial H, defect 2: a sheet read but left out for an error is one 比較
// できない line, not 取組の削除 and then 取組の追加 with its old findings new.
func TestCompareLeftOutSheet(t *testing.T) {
	a := initiative(5, 1, "一", plan1)
	k := initiative(5, 11, "十一", plan1, Indicator{Name: "公園数", Cell: "B13", Years: []Year{year(2015, "10", "5", "50.0", "D")}})
	k.File, k.Sheet = "建設部.xlsx", "取組11"
	old := errAt("建設部.xlsx", "取組11", "E21", "stated_rate_mismatch")
	night1 := snap("2026-06-01", a, k)
	night1.Findings = []Finding{old}

	// Take finds the sheet left out from the batch: a leaving-out error on
	// a sheet that is no initiative's and no index's.
	ins := &model.Initiative{GoalNumber: 5, Number: 1, Title: "一", Department: "総務部", Source: model.Source{File: a.File, Sheet: a.Sheet}}
	batch := &model.Batch{ReportDate: "2026-07-01", Initiatives: []*model.Initiative{ins},
		Indexes: []model.GoalIndex{{GoalNumber: 5, Source: model.Source{File: "取組一覧.xlsx", Sheet: "基本目標5"}}}}
	batch.Add(model.SeverityError, "number_unreadable", model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "B3"}, "取組項目の番号「取組①」を読めません。このシートは報告書に含めません")
	batch.Add(model.SeverityError, "number_unreadable", model.Source{File: "取組一覧.xlsx", Sheet: "基本目標5", Cell: "A9"}, "取組一覧の番号「x」を読めません")
	batch.Add(model.SeverityWarning, check.CodeIndexWithoutSheet, model.Source{File: "取組一覧.xlsx", Sheet: "基本目標5", Cell: "A14"},
		"取組一覧の基本目標5の取組項目11「十一」（建設部）の取組管理シートがありません")
	night2 := Take(batch)
	if want := []SheetRef{{"建設部.xlsx", "取組11"}}; !slices.Equal(night2.LeftOut, want) {
		t.Fatalf("left out %+v, want %+v", night2.LeftOut, want)
	}
	night1.Findings = append(night1.Findings, Finding{Severity: model.SeverityError, Code: "number_unreadable", File: "取組一覧.xlsx", Sheet: "基本目標5", Cell: "A9", Message: "取組一覧の番号「x」を読めません"})
	Carry(night1, night2)
	night2 = roundTrip(t, night2)
	got := Compare(night1, night2)
	if kk := kinds(got); !slices.Equal(kk, []model.ChangeKind{model.ChangeNotCompared, model.ChangeFindingNew}) {
		t.Fatalf("night 2 kinds %v: %+v", kk, got.Items)
	}
	if it := got.Items[0]; it.Item != "読み込めないシート" || it.Initiative != 11 || it.Source.Sheet != "取組11" {
		t.Errorf("not-compared line %+v", it)
	}
	if it := got.Items[1]; it.Source.Cell != "B3" {
		t.Errorf("new finding %+v", it)
	}

	// Fixed: compared with night 1; only the leaving-out error is gone.
	night3 := snap("2026-08-01", a, k)
	night3.Findings = slices.Clone(night1.Findings)
	got = Compare(night2, night3)
	if kk := kinds(got); !slices.Equal(kk, []model.ChangeKind{model.ChangeFindingFixed}) || got.Items[0].Source.Cell != "B3" {
		t.Fatalf("night 3 %v: %+v", kk, got.Items)
	}
}

// A normal report's snapshot has none of the new fields: its bytes are
// what earlier versions wrote.
func TestEncodeWithoutHeld(t *testing.T) {
	s := snap("2026-06-01", initiative(5, 1, "一", plan1))
	s.LeftOut = leftOutSheets(&model.Batch{})
	Carry(snap("2026-05-01"), s)
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("left_out")) || bytes.Contains(data, []byte("carried")) {
		t.Errorf("normal snapshot:\n%s", data)
	}
}
