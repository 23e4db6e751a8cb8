package ingest

import (
	"fmt"
	"strings"
	"testing"

	"planreport/pipeline/model"
)

// headerGrid is a management sheet's header (rows 1–3) and block (1), the
// goal's number and name in B2:C2 and the initiative's in B3:C3, as tab
// separated text for gridFromText.
func headerGrid(goalB, goalC, itemB, itemC string) string {
	return strings.Join([]string{
		"行財政運営プラン取組管理シート\t\t\t1\t担当部名\t総務部",
		"基本目標\t" + goalB + "\t" + goalC + "\t3\t担当課名\t財政課",
		"取組項目名\t" + itemB + "\t" + itemC + "\t2",
		"(1) 取組概要\t概要",
		"(3) 目標指標\t目標指標名\t\t単位",
	}, "\n")
}

// want is one finding a case expects: code and cell.
type want struct{ code, cell string }

// codesAt lists the findings of the codes this file is about, as code@cell.
func codesAt(fs []model.Finding) []string {
	var out []string
	for _, f := range fs {
		switch f.Code {
		case CodeNumberEnclosed, CodeNumberInName, CodeNumberMismatch, CodeBadNumber, CodeMissingNumber, CodeMissingItemTitle, CodeNumberWithWord:
			out = append(out, f.Code+"@"+f.Cell)
		}
	}
	return out
}

func wantCodes(ws ...want) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.code+"@"+w.cell)
	}
	return out
}

// TestInitiativeNumberForms: the initiative number as departments write it
// in B3, the title in C3. A lone enclosed numeral (①, ⑴, ⒈, ¹) reads as
// its number with an information finding at its cell, a numeral mixed with
// other text is unreadable; before, NFKC read every one of them silently
// (1① as 11). Number and title in one cell, or a title starting with its
// number, are split with an information finding; a title starting with
// another number is an error naming both; before, 「9　財政状況の公表」 alone
// made the sheet unusable.
func TestInitiativeNumberForms(t *testing.T) {
	enclosed, inName := want{CodeNumberEnclosed, "B3"}, want{CodeNumberInName, "C3"}
	cases := []struct {
		b, c      string
		number    int
		title     string
		titleCell string
		findings  []string
	}{
		{"１２", "財政状況の公表", 12, "財政状況の公表", "C3", nil},
		{"①", "財政状況の公表", 1, "財政状況の公表", "C3", wantCodes(enclosed)},
		{"⑴", "財政状況の公表", 1, "財政状況の公表", "C3", wantCodes(enclosed)},
		{"⒈", "財政状況の公表", 1, "財政状況の公表", "C3", wantCodes(enclosed)},
		{"¹", "財政状況の公表", 1, "財政状況の公表", "C3", wantCodes(enclosed)},
		{"⑳", "財政状況の公表", 20, "財政状況の公表", "C3", wantCodes(enclosed)},
		{"1①", "財政状況の公表", 0, "財政状況の公表", "C3", wantCodes(want{CodeBadNumber, "B3"})},
		{"取組①", "財政状況の公表", 0, "財政状況の公表", "C3", wantCodes(want{CodeBadNumber, "B3"})},
		{"⓪", "財政状況の公表", 0, "財政状況の公表", "C3", wantCodes(want{CodeBadNumber, "B3"})},
		{"", "9　財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(inName)},
		{"", "9 財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(inName)},
		{"", "９．財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(inName)},
		{"", "9.財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(inName)},
		{"", "9、財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(inName)},
		{"9　財政状況の公表", "", 9, "財政状況の公表", "B3", wantCodes(want{CodeNumberInName, "B3"})},
		{"", "① 財政状況の公表", 1, "財政状況の公表", "C3", wantCodes(inName)},
		{"9", "9　財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(inName)},
		{"9", "9．財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(inName)},
		{"9", "9、財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(inName)},
		// With the number in its own cell, an ASCII space after a number is
		// part of the title (5 S運動, 24 時間, 2 期目), whatever the number.
		{"9", "9 財政状況の公表", 9, "9 財政状況の公表", "C3", nil},
		{"5", "5 S運動の推進", 5, "5 S運動の推進", "C3", nil},
		{"9", "5 S運動の推進", 9, "5 S運動の推進", "C3", nil},
		{"24", "24 時間対応の窓口", 24, "24 時間対応の窓口", "C3", nil},
		{"2", "2 期目の改革", 2, "2 期目の改革", "C3", nil},
		{"8", "9　財政状況の公表", 8, "9 財政状況の公表", "C3", wantCodes(want{CodeNumberMismatch, "C3"})},
		{"1", "2025 大阪・関西万博の推進", 1, "2025 大阪・関西万博の推進", "C3", nil},
		{"第9", "財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(want{CodeNumberWithWord, "B3"})},
		{"No.9", "財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(want{CodeNumberWithWord, "B3"})},
		{"9番", "財政状況の公表", 9, "財政状況の公表", "C3", wantCodes(want{CodeNumberWithWord, "B3"})},
		// A blank number or title is reported at its own cell; the 課内の
		// 番号 in D3 is never read in its place.
		{"", "1.5倍の利用", 0, "1.5倍の利用", "C3", wantCodes(want{CodeMissingNumber, "B3"})},
		{"", "財政状況の公表", 0, "財政状況の公表", "C3", wantCodes(want{CodeMissingNumber, "B3"})},
		{"", "5S運動の推進", 0, "5S運動の推進", "C3", wantCodes(want{CodeMissingNumber, "B3"})},
		{"9", "", 9, "", "", wantCodes(want{CodeMissingItemTitle, "C3"})},
		{"", "", 0, "", "", wantCodes(want{CodeMissingNumber, "B3"}, want{CodeMissingItemTitle, "C3"})},
	}
	for _, tc := range cases {
		t.Run(tc.b+"|"+tc.c, func(t *testing.T) {
			res := parseSheet(model.Source{File: "a.xlsx", Sheet: "s"}, gridFromText(headerGrid("5", "市民と協働", tc.b, tc.c), ""), nil)
			in := res.initiative
			if in == nil {
				t.Fatalf("no initiative: %s", dump(res.findings))
			}
			if in.Number != tc.number || in.Title != tc.title || in.TitleCell != tc.titleCell {
				t.Errorf("number %d title %q at %s, want %d %q at %s", in.Number, in.Title, in.TitleCell, tc.number, tc.title, tc.titleCell)
			}
			if got := codesAt(res.findings); fmt.Sprint(got) != fmt.Sprint(tc.findings) {
				t.Errorf("findings %v, want %v\n%s", got, tc.findings, dump(res.findings))
			}
		})
	}
}

// TestInitiativeNumberMessages: the messages say what was read, and the
// mismatch names both numbers and the number's cell.
func TestInitiativeNumberMessages(t *testing.T) {
	cases := []struct {
		b, c, code string
		parts      []string
	}{
		{"①", "財政状況の公表", CodeNumberEnclosed, []string{"「①」を 1 として読みました"}},
		{"", "9　財政状況の公表", CodeNumberInName, []string{"取組番号「9」と", "取組項目名「財政状況の公表」に分けて読みました"}},
		{"", "① 財政状況の公表", CodeNumberInName, []string{"取組番号「①」（1）と", "取組項目名「財政状況の公表」に分けて読みました"}},
		{"9", "9　財政状況の公表", CodeNumberInName, []string{"取組項目名「財政状況の公表」として読みました"}},
		{"8", "9　財政状況の公表", CodeNumberMismatch, []string{"「9」", "セルB3", "「8」", "食い違っています"}},
	}
	for _, tc := range cases {
		res := parseSheet(model.Source{File: "a.xlsx", Sheet: "s"}, gridFromText(headerGrid("5", "市民と協働", tc.b, tc.c), ""), nil)
		var f *model.Finding
		for i := range res.findings {
			if res.findings[i].Code == tc.code {
				f = &res.findings[i]
			}
		}
		if f == nil || !containsAll(f.Message, tc.parts...) {
			t.Errorf("%s|%s: %s", tc.b, tc.c, dump(res.findings))
			continue
		}
		sev := model.SeverityInfo
		if tc.code == CodeNumberMismatch {
			sev = model.SeverityError
		}
		if f.Severity != sev {
			t.Errorf("%s|%s: severity %s", tc.b, tc.c, f.Severity)
		}
	}
}

// TestGoalNumberForms: the goal's number reads as the initiative's does,
// in B2 or in the label's cell (基本目標⑤).
func TestGoalNumberForms(t *testing.T) {
	cases := []struct {
		a2, b, c string
		goal     int
		name     string
		findings []string
	}{
		{"基本目標", "⑤", "市民と協働", 5, "市民と協働", wantCodes(want{CodeNumberEnclosed, "B2"})},
		{"基本目標", "5①", "市民と協働", 0, "市民と協働", wantCodes(want{CodeBadNumber, "B2"})},
		{"基本目標⑤", "", "市民と協働", 5, "市民と協働", wantCodes(want{CodeNumberEnclosed, "A2"})},
		{"基本目標", "5　市民と協働", "", 5, "市民と協働", wantCodes(want{CodeNumberInName, "B2"})},
		{"基本目標", "5", "5．市民と協働", 5, "市民と協働", wantCodes(want{CodeNumberInName, "C2"})},
		// Written with a word, as the initiative number may be: read with
		// an information finding; before, the sheet was left out.
		{"基本目標", "第5", "市民と協働", 5, "市民と協働", wantCodes(want{CodeNumberWithWord, "B2"})},
		{"基本目標", "No.5", "市民と協働", 5, "市民と協働", wantCodes(want{CodeNumberWithWord, "B2"})},
		{"基本目標", "基本目標5", "市民と協働", 5, "市民と協働", wantCodes(want{CodeNumberWithWord, "B2"})},
	}
	for _, tc := range cases {
		t.Run(tc.a2+"|"+tc.b+"|"+tc.c, func(t *testing.T) {
			text := strings.Replace(headerGrid(tc.b, tc.c, "1", "財政状況の公表"), "基本目標\t", tc.a2+"\t", 1)
			res := parseSheet(model.Source{File: "a.xlsx", Sheet: "s"}, gridFromText(text, ""), nil)
			in := res.initiative
			if in == nil {
				t.Fatalf("no initiative: %s", dump(res.findings))
			}
			if in.GoalNumber != tc.goal || in.GoalName != tc.name {
				t.Errorf("goal %d %q, want %d %q", in.GoalNumber, in.GoalName, tc.goal, tc.name)
			}
			if got := codesAt(res.findings); fmt.Sprint(got) != fmt.Sprint(tc.findings) {
				t.Errorf("findings %v, want %v\n%s", got, tc.findings, dump(res.findings))
			}
		})
	}
}

// TestIndexNumberForms: the 番号 column of a goal index (A4), the title in
// B4, read as the sheet header's number and title are.
func TestIndexNumberForms(t *testing.T) {
	cases := []struct {
		goal, a, b string
		goalN, n   int
		title      string
		findings   []string
	}{
		{"基本目標\t5", "１２", "財政状況の公表", 5, 12, "財政状況の公表", nil},
		{"基本目標\t5", "①", "財政状況の公表", 5, 1, "財政状況の公表", wantCodes(want{CodeNumberEnclosed, "A4"})},
		{"基本目標\t5", "1①", "財政状況の公表", 5, 0, "", wantCodes(want{CodeBadNumber, "A4"})},
		{"基本目標\t5", "取組①", "財政状況の公表", 5, 0, "", wantCodes(want{CodeBadNumber, "A4"})},
		{"基本目標\t5", "", "9　財政状況の公表", 5, 9, "財政状況の公表", wantCodes(want{CodeNumberInName, "B4"})},
		{"基本目標\t5", "9", "9　財政状況の公表", 5, 9, "財政状況の公表", wantCodes(want{CodeNumberInName, "B4"})},
		{"基本目標\t5", "9", "9 財政状況の公表", 5, 9, "9 財政状況の公表", nil},
		{"基本目標\t5", "9", "5 S運動の推進", 5, 9, "5 S運動の推進", nil},
		{"基本目標\t5", "8", "9．財政状況の公表", 5, 8, "9．財政状況の公表", wantCodes(want{CodeNumberMismatch, "B4"})},
		{"基本目標\t⑤", "1", "財政状況の公表", 5, 1, "財政状況の公表", wantCodes(want{CodeNumberEnclosed, "B1"})},
		{"基本目標⑤", "1", "財政状況の公表", 5, 1, "財政状況の公表", wantCodes(want{CodeNumberEnclosed, "A1"})},
		{"基本目標\t第5", "1", "財政状況の公表", 5, 1, "財政状況の公表", wantCodes(want{CodeNumberWithWord, "B1"})},
		{"基本目標\tNo.5", "1", "財政状況の公表", 5, 1, "財政状況の公表", wantCodes(want{CodeNumberWithWord, "B1"})},
		{"基本目標 第5", "1", "財政状況の公表", 5, 1, "財政状況の公表", nil},
	}
	for _, tc := range cases {
		t.Run(tc.goal+"|"+tc.a+"|"+tc.b, func(t *testing.T) {
			text := tc.goal + "\n市民と協働で進める行財政運営\n取組項目名\t\t担当部\n" + tc.a + "\t" + tc.b + "\t総務部"
			res := parseSheet(model.Source{File: "a.xlsx", Sheet: "一覧"}, gridFromText(text, ""), nil)
			if res.index == nil {
				t.Fatalf("no index: %s", dump(res.findings))
			}
			if res.index.GoalNumber != tc.goalN {
				t.Errorf("goal %d, want %d", res.index.GoalNumber, tc.goalN)
			}
			var n int
			var title string
			if len(res.index.Entries) > 0 {
				n, title = res.index.Entries[0].Number, res.index.Entries[0].Title
			}
			if n != tc.n || title != tc.title {
				t.Errorf("entry %d %q, want %d %q", n, title, tc.n, tc.title)
			}
			if got := codesAt(res.findings); fmt.Sprint(got) != fmt.Sprint(tc.findings) {
				t.Errorf("findings %v, want %v\n%s", got, tc.findings, dump(res.findings))
			}
		})
	}
}

// TestNotIndexSaysNothingOfNumbers: a sheet that turns out not to be an
// index says nothing of the enclosed numeral after its 基本目標.
func TestNotIndexSaysNothingOfNumbers(t *testing.T) {
	for _, number := range []string{"⑤", "第5"} {
		res := parseSheet(model.Source{File: "a.xlsx", Sheet: "メモ"}, gridFromText("基本目標\t"+number+"\nメモ", ""), nil)
		if got := codesAt(res.findings); res.index != nil || len(got) != 0 {
			t.Errorf("%s: index %+v, findings %s", number, res.index, dump(res.findings))
		}
	}
}
