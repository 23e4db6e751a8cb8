package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/templates"
)

// generated writes the sample workbooks into a temporary folder once per
// test binary run.
func generated(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := generate(context.Background(), filepath.Join("..", "seed.json"), dir); err != nil {
		t.Fatalf("generate: %v", err)
	}
	return dir
}

var sampleFiles = []string{"復興政策部.xlsx", "総務部.xlsx", "財務部.xlsx", "生活環境部.xlsx", "建設部.xlsx", "基本目標5_取組一覧.xlsx"}

// TestDeterministic generates twice and compares bytes, and checks that the
// workbooks committed in input/ are what the generator makes today.
func TestDeterministic(t *testing.T) {
	a, b := generated(t), generated(t)
	for _, name := range sampleFiles {
		ab, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		bb, err := os.ReadFile(filepath.Join(b, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ab, bb) {
			t.Errorf("%s: two runs differ", name)
		}
		committed, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			t.Errorf("%s is not in input/: run make sample: %v", name, err)
			continue
		}
		if !bytes.Equal(ab, committed) {
			t.Errorf("input/%s is stale: run make sample", name)
		}
	}
	entries, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(sampleFiles) {
		t.Errorf("generator wrote %d files, want %d", len(entries), len(sampleFiles))
	}
}

// sheetOf says where each initiative lives (from the task's assignment of
// initiatives to departments).
var sheetOf = map[int]string{
	1: "復興政策部.xlsx", 2: "復興政策部.xlsx",
	3: "総務部.xlsx", 4: "総務部.xlsx", 5: "総務部.xlsx", 6: "総務部.xlsx", 7: "総務部.xlsx", 8: "総務部.xlsx",
	9: "財務部.xlsx", 10: "生活環境部.xlsx", 11: "建設部.xlsx",
}

// indicatorRows is every indicator row of the seed, typed by hand from
// /work/shared/seed/000_5690a763bf3eaf8f.txt (not from the generator). Values
// are per fiscal year 平成27…32 年度, separated by |; "" is an empty cell.
// A value in quotes-free digits is a number shown exactly so (42.0 is the
// number 42 shown with one decimal); a leading ' marks a text cell.
// Where the dump shifted a row, the value sits in the year its arithmetic
// gives (input/README.md): 42.0 = 157/373 truncated → 平成27年度, etc.
var indicatorRows = []struct {
	initiative int
	name, kind string
	values     string
}{
	{1, "コミュニティづくり支援補助事業申請件数", "目標値", "373|373|373|250|250|250"},
	{1, "コミュニティづくり支援補助事業申請件数", "実績値", "157|172|168|||"},
	{1, "コミュニティづくり支援補助事業申請件数", "達成率", "42.0|46.1|45.0|||"},
	{1, "地域づくりコーディネート補助団体数", "目標値", "6|6|6|10|10|10"},
	{1, "地域づくりコーディネート補助団体数", "実績値", "7|9|8|||"},
	{1, "地域づくりコーディネート補助団体数", "達成率", "116.7|150.0|133.3|||"},
	{1, "住民自治組織の累積設立数 (地域自治システム)", "目標値", "2|3|3|4|5|6"},
	{1, "住民自治組織の累積設立数 (地域自治システム)", "実績値", "3|3|3|||"},
	{1, "住民自治組織の累積設立数 (地域自治システム)", "達成率", "150.0|100.0|100.0|||"},

	{2, "地域情報化基本計画実施計画の検討", "目標値", "'実施|||||"},
	{2, "地域情報化基本計画実施計画の検討", "実績値", "'実施|||||"},
	{2, "地域情報化基本計画実施計画の検討", "達成率", "|||||"},
	{2, "地域情報化基本計画実施計画の策定", "目標値", "'実施|||||"},
	{2, "地域情報化基本計画実施計画の策定", "実績値", "'実施|||||"},
	{2, "地域情報化基本計画実施計画の策定", "達成率", "|||||"},
	{2, "行政文書決裁管理及びGIS統合ソリューション導入の進捗", "目標値", "'-|'-|'-|10|30|50"},
	{2, "行政文書決裁管理及びGIS統合ソリューション導入の進捗", "実績値", "||2|||"},
	{2, "行政文書決裁管理及びGIS統合ソリューション導入の進捗", "達成率", "|||||"},

	{3, "まちづくり懇談会の開催回数及び対象の拡大の検討", "目標値", "'実施|||'実施||"},
	{3, "まちづくり懇談会の開催回数及び対象の拡大の検討", "実績値", "'実施|||||"},
	{3, "まちづくり懇談会の開催回数及び対象の拡大の検討", "達成率", "|||||"},
	{3, "まちづくり懇談会開催回数", "目標値", "8|8|10|8|8|8"},
	{3, "まちづくり懇談会開催回数", "実績値", "4|6|6|||"},
	{3, "まちづくり懇談会開催回数", "達成率", "50.0|75.0|60.0|||"},

	{4, "ICTを活用した情報発信方法の検討", "目標値", "'実施|'実施|'実施|'実施|'実施|'実施"},
	{4, "ICTを活用した情報発信方法の検討", "実績値", "'実施|'実施|'実施|||"},
	{4, "ICTを活用した情報発信方法の検討", "達成率", "|||||"},
	{4, "ICTを活用した情報発信の実施", "目標値", "|'実施|'実施|'実施|'実施|'実施"},
	{4, "ICTを活用した情報発信の実施", "実績値", "|'実施|'実施|||"},
	{4, "ICTを活用した情報発信の実施", "達成率", "|||||"},
	{4, "秘書広報課フェイスブックページの認知度の向上（いいね!の数）", "目標値", "||'1,000|'1,000|'1,000|'1,000"},
	{4, "秘書広報課フェイスブックページの認知度の向上（いいね!の数）", "実績値", "||'1,472|||"},
	{4, "秘書広報課フェイスブックページの認知度の向上（いいね!の数）", "達成率", "||147.2|||"},

	{5, "ホームページ・市報の改善内容の検討", "目標値", "'実施||'実施|'実施|'実施|'実施"},
	{5, "ホームページ・市報の改善内容の検討", "実績値", "'実施||'実施|||"},
	{5, "ホームページ・市報の改善内容の検討", "達成率", "|||||"},
	{5, "ホームページ・市報の改善", "目標値", "|'実施|'実施|'実施|'実施|'実施"},
	{5, "ホームページ・市報の改善", "実績値", "|'実施|'実施|||"},
	{5, "ホームページ・市報の改善", "達成率", "|||||"},

	{6, "新たな開示手法の検討", "目標値", "'実施|'実施|'実施|'実施|'実施|'実施"},
	{6, "新たな開示手法の検討", "実績値", "|||||"},
	{6, "新たな開示手法の検討", "達成率", "|||||"},

	{7, "マイナンバー制度利活用の検討", "目標値", "|'実施|'実施|||"},
	{7, "マイナンバー制度利活用の検討", "実績値", "|'実施|'実施|||"},
	{7, "マイナンバー制度利活用の検討", "達成率", "|||||"},
	{7, "・マイナンバー制度の円滑な実施及び利活用の検討", "目標値", "|||'実施|'実施|'実施"},
	{7, "・マイナンバー制度の円滑な実施及び利活用の検討", "実績値", "|||||"},
	{7, "・マイナンバー制度の円滑な実施及び利活用の検討", "達成率", "|||||"},

	{8, "消防団の班の再編に向けた検討", "目標値", "'実施|'実施|'実施|||"},
	{8, "消防団の班の再編に向けた検討", "実績値", "'実施|'実施|'実施|||"},
	{8, "消防団の班の再編に向けた検討", "達成率", "|||||"},
	{8, "消防団の班の数", "目標値", "'—|'—|'—|174|170|170"},
	{8, "消防団の班の数", "実績値", "198|198|179|||"},
	{8, "消防団の班の数", "達成率", "|||||"},
	{8, "消防団員数", "目標値", "'—|'—|'—|'1,800|'1,820|'1,840"},
	{8, "消防団員数", "実績値", "'1,858|'1,854|'1,781|||"},
	{8, "消防団員数", "達成率", "|||||"},

	{9, "市報、ホームページでの財政状況の公表回数", "目標値", "2|2|2|2|2|2"},
	{9, "市報、ホームページでの財政状況の公表回数", "実績値", "2|2|2|||"},
	{9, "市報、ホームページでの財政状況の公表回数", "達成率", "100|100|100|||"},
	{9, "新地方公会計導入検討庁内調整会議の開催", "目標値", "5|5|'—|'—|'—|'—"},
	{9, "新地方公会計導入検討庁内調整会議の開催", "実績値", "0|0||||"},
	{9, "新地方公会計導入検討庁内調整会議の開催", "達成率", "0|0||||"},
	{9, "統一的な基準による財務諸表の公表", "目標値", "'—|'—|1|1|1|1"},
	{9, "統一的な基準による財務諸表の公表", "実績値", "'—|'—|0|||"},
	{9, "統一的な基準による財務諸表の公表", "達成率", "'—|'—|0|||"},

	{10, "・コンビニエンスストアにおける交付可能な証明書等の検討", "目標値", "'実施|'実施||||"},
	{10, "・コンビニエンスストアにおける交付可能な証明書等の検討", "実績値", "'未実施|'実施||||"},
	{10, "・コンビニエンスストアにおける交付可能な証明書等の検討", "達成率", "|||||"},
	{10, "・証明書コンビニ交付システムの構築", "目標値", "'—|'—|'実施|'実施||"},
	{10, "・証明書コンビニ交付システムの構築", "実績値", "'—|'—|'実施|||"},
	{10, "・証明書コンビニ交付システムの構築", "達成率", "'—|'—||||"},
	{10, "・コンビニ交付による証明書発行率", "目標値", "|||11.0|16.0|21.0"},
	{10, "・コンビニ交付による証明書発行率", "実績値", "|||||"},
	{10, "・コンビニ交付による証明書発行率", "達成率", "|||||"},

	{11, "都市公園愛護会結成の周知活動", "目標値", "'実施|'実施|'実施|'実施|'実施|'実施"},
	{11, "都市公園愛護会結成の周知活動", "実績値", "1|3|1|||"},
	{11, "都市公園愛護会結成の周知活動", "達成率", "100.0|300.0|100.0|||"},
	{11, "都市公園愛護会の結成数", "目標値", "86|87|88|100|105|115"},
	{11, "都市公園愛護会の結成数", "実績値", "64|74|99|||"},
	{11, "都市公園愛護会の結成数", "達成率", "74.4|85.0|112.5|||"},
	{11, "都市公園愛護会の結成された公園数", "目標値", "172|174|176|200|210|230"},
	{11, "都市公園愛護会の結成された公園数", "実績値", "130|144|187|||"},
	{11, "都市公園愛護会の結成された公園数", "達成率", "73.8|82.7|106.2|||"},
}

// unitOf is the 単位 cell of each indicator's 目標値 row, from the seed.
var unitOf = map[string]string{
	"コミュニティづくり支援補助事業申請件数": "件数", "地域づくりコーディネート補助団体数": "件数", "住民自治組織の累積設立数 (地域自治システム)": "件数",
	"地域情報化基本計画実施計画の検討": "—", "地域情報化基本計画実施計画の策定": "—", "行政文書決裁管理及びGIS統合ソリューション導入の進捗": "%",
	"まちづくり懇談会の開催回数及び対象の拡大の検討": "—", "まちづくり懇談会開催回数": "回",
	"ICTを活用した情報発信方法の検討": "—", "ICTを活用した情報発信の実施": "—", "秘書広報課フェイスブックページの認知度の向上（いいね!の数）": "件",
	"ホームページ・市報の改善内容の検討": "—", "ホームページ・市報の改善": "—", "新たな開示手法の検討": "—",
	"マイナンバー制度利活用の検討": "—", "・マイナンバー制度の円滑な実施及び利活用の検討": "—",
	"消防団の班の再編に向けた検討": "—", "消防団の班の数": "班", "消防団員数": "人",
	"市報、ホームページでの財政状況の公表回数": "回", "新地方公会計導入検討庁内調整会議の開催": "回", "統一的な基準による財務諸表の公表": "回",
	"・コンビニエンスストアにおける交付可能な証明書等の検討": "—", "・証明書コンビニ交付システムの構築": "—", "・コンビニ交付による証明書発行率": "%",
	"都市公園愛護会結成の周知活動": "—", "都市公園愛護会の結成数": "団体数", "都市公園愛護会の結成された公園数": "公園数",
}

var seedYears = []string{"平成27年度", "平成28年度", "平成29年度", "平成30年度", "平成31年度", "平成32年度"}

// openSheet opens a generated workbook twice: raw values and formatted.
type openBook struct{ raw, shown *excelize.File }

func TestEveryIndicatorRow(t *testing.T) {
	dir := generated(t)
	books := map[string]openBook{}
	for _, name := range sampleFiles[:5] {
		raw, err := excelize.OpenFile(filepath.Join(dir, name), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		shown, err := excelize.OpenFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		defer shown.Close()
		books[name] = openBook{raw, shown}
	}
	for _, tc := range indicatorRows {
		b := books[sheetOf[tc.initiative]]
		sheet := "取組" + strconv.Itoa(tc.initiative)
		rows, err := b.raw.GetRows(sheet)
		if err != nil {
			t.Fatalf("%s: %v", sheet, err)
		}
		// Find the block by its labels, the way a reader of the sheet would.
		nameRow, yearRow := -1, -1
		for i, r := range rows {
			if len(r) > 1 && r[1] == tc.name {
				nameRow = i
			}
			if len(r) > 4 && r[4] == seedYears[0] && yearRow < 0 && i > 0 && cellAt(rows[i-1], 1) == templates.LabelIndicatorName {
				yearRow = i
			}
		}
		if nameRow < 0 || yearRow < 0 {
			t.Errorf("%s: indicator %q or its year row not found", sheet, tc.name)
			continue
		}
		offset := map[string]int{"目標値": 0, "実績値": 1, "達成率": 2}[tc.kind]
		r := nameRow + offset
		if got := cellAt(rows[r], 2); got != tc.kind {
			t.Errorf("%s row %d: C = %q, want %q", sheet, r+1, got, tc.kind)
		}
		wantUnit := map[string]string{"目標値": unitOf[tc.name], "実績値": "", "達成率": "%"}[tc.kind]
		if got := cellAt(rows[r], 3); got != wantUnit {
			t.Errorf("%s row %d: unit %q, want %q", sheet, r+1, got, wantUnit)
		}
		want := strings.Split(tc.values, "|")
		if len(want) != 6 {
			t.Fatalf("bad table row %v", tc)
		}
		for j, w := range want {
			if year := cellAt(rows[yearRow], 4+j); year != seedYears[j] {
				t.Fatalf("%s: year column %d is %q, want %q", sheet, j, year, seedYears[j])
			}
			ref, _ := excelize.CoordinatesToCellName(5+j, r+1)
			checkCell(t, b, sheet, ref, tc.name+" "+tc.kind+" "+seedYears[j], w)
		}
		// Nothing beyond the six fiscal years.
		if len(rows[r]) > 10 {
			t.Errorf("%s row %d has %d cells", sheet, r+1, len(rows[r]))
		}
	}
}

// checkCell compares one cell with its expected seed text: a number (raw
// value equal as a number, shown exactly as the seed), a text cell ('), or
// empty.
func checkCell(t *testing.T, b openBook, sheet, ref, what, want string) {
	t.Helper()
	raw, err := b.raw.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	typ, err := b.raw.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	shown, err := b.shown.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case want == "":
		if raw != "" {
			t.Errorf("%s!%s (%s) = %q, want empty", sheet, ref, what, raw)
		}
	case strings.HasPrefix(want, "'"):
		if raw != want[1:] || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
			t.Errorf("%s!%s (%s) = %q (type %v), want text %q", sheet, ref, what, raw, typ, want[1:])
		}
	default:
		wantNum, _ := strconv.ParseFloat(want, 64)
		gotNum, err := strconv.ParseFloat(raw, 64)
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s!%s (%s) has type %v, want a number", sheet, ref, what, typ)
		}
		if err != nil || gotNum != wantNum {
			t.Errorf("%s!%s (%s) raw = %q, want the number %s", sheet, ref, what, raw, want)
		}
		if shown != want {
			t.Errorf("%s!%s (%s) shows %q, want %q", sheet, ref, what, shown, want)
		}
	}
}

func cellAt(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// TestSheetsAndSlots checks each workbook's sheets and that every sheet has
// three indicator slots (the seed's sheets all have three; unused ones are
// blank), the labels of every block, and the header values.
func TestSheetsAndSlots(t *testing.T) {
	dir := generated(t)
	wantSheets := map[string][]string{
		"復興政策部.xlsx":      {"取組1", "取組2"},
		"総務部.xlsx":        {"取組3", "取組4", "取組5", "取組6", "取組7", "取組8"},
		"財務部.xlsx":        {"取組9"},
		"生活環境部.xlsx":      {"取組10"},
		"建設部.xlsx":        {"取組11"},
		"基本目標5_取組一覧.xlsx": {"取組一覧"},
	}
	// Department code, department, section, title, as the seed's header rows write them.
	wantHeader := map[string][4]string{
		"取組1":  {"1", "復興政策部", "地域協働課", "市民との協働の推進"},
		"取組2":  {"1", "復興政策部", "ICT総合推進室", "ICTを活用した行政サービスの向上と業務の効率化の推進"},
		"取組3":  {"2", "総務部", "秘書広報課", "まちづくり懇談会の開催"},
		"取組4":  {"2", "総務部", "秘書広報課", "新たな市政情報の発信方法の検討"},
		"取組5":  {"2", "総務部", "秘書広報課", "ホームページ・市報の改善"},
		"取組6":  {"2", "総務部", "総務課", "情報開示方法の多様化の検討"},
		"取組7":  {"2", "総務部・財務部", "総務課・行政経営課", "社会保障・税番号制度（マイナンバー制度）の利活用の検討"},
		"取組8":  {"2", "総務部", "防災推進課", "消防団の班の再編・再生"},
		"取組9":  {"3", "財務部", "財政課", "財政状況の公表"},
		"取組10": {"6", "生活環境部", "市民課", "コンビニエンスストアにおける証明書等の交付の検討"},
		"取組11": {"10", "建設部", "都市計画課", "都市公園愛護会結成の促進"},
	}
	for file, sheets := range wantSheets {
		f, err := excelize.OpenFile(filepath.Join(dir, file), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(sheets, ",") {
			t.Errorf("%s: sheets %v, want %v", file, got, sheets)
		}
		for _, s := range sheets {
			h, ok := wantHeader[s]
			if !ok {
				continue
			}
			rows, err := f.GetRows(s)
			if err != nil {
				t.Fatal(err)
			}
			got := [4]string{cellAt(rows[0], 3), cellAt(rows[0], 5), cellAt(rows[1], 5), cellAt(rows[2], 2)}
			if got != h {
				t.Errorf("%s header = %q, want %q", s, got, h)
			}
			labels := map[string]int{}
			for _, r := range rows {
				labels[cellAt(r, 0)]++
				labels["C:"+cellAt(r, 2)]++
			}
			for _, l := range []string{templates.LabelTitle, templates.LabelGoal, templates.LabelInitiative,
				templates.LabelOverview, templates.LabelPlans, templates.LabelIndicators, templates.LabelBackground, templates.LabelResults} {
				if labels[l] != 1 {
					t.Errorf("%s: label %q appears %d times in column A", s, l, labels[l])
				}
			}
			if n := labels["C:目標値"]; n != 3 {
				t.Errorf("%s: %d indicator slots, want 3", s, n)
			}
			// Every sheet reports 平成26年度 to 平成29年度 in block (5).
			if n := labels["C:取組実績"]; n != 4 {
				t.Errorf("%s: %d result years, want 4", s, n)
			}
		}
	}
}

// TestIndex checks the goal index sheet against the seed's first lines.
func TestIndex(t *testing.T) {
	dir := generated(t)
	f, err := excelize.OpenFile(filepath.Join(dir, "基本目標5_取組一覧.xlsx"), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("取組一覧")
	if err != nil {
		t.Fatal(err)
	}
	get := func(r, c int) string { return cellAt(rows[r-1], c-1) }
	if get(3, 1) != "基本目標" || get(3, 2) != "5" || get(5, 1) != "市民と協働で進める行財政運営" {
		t.Errorf("goal rows: %q %q %q", get(3, 1), get(3, 2), get(5, 1))
	}
	if get(7, 1) != "取組項目名" || get(7, 3) != "担当部" {
		t.Errorf("header row: %q %q", get(7, 1), get(7, 3))
	}
	want := []string{
		"1|市民との協働の推進|復興政策部",
		"2|I C Tを活用した行政サービスの向上と業務の効率化の推進|復興政策部",
		"3|まちづくり懇談会の開催|総務部",
		"4|新たな市政情報の発信方法の検討|総務部",
		"5|ホームページ・市報の改善|総務部",
		"6|情報開示方法の多様化の検討|総務部",
		"7|社会保障・税番号制度（マイナンバー制度）の利活用の検討|総務部・財務部",
		"8|消防団の班の再編・再生|総務部",
		"9|財政状況の公表|財務部",
		"10|コンビニエンスストアにおける証明書等の交付の検討|生活環境部",
		"11|都市公園愛護会結成の促進|建設部",
	}
	if len(rows) != 7+len(want) {
		t.Errorf("index has %d rows, want %d", len(rows), 7+len(want))
	}
	for i, w := range want {
		r := 8 + i
		if got := get(r, 1) + "|" + get(r, 2) + "|" + get(r, 3); got != w {
			t.Errorf("index row %d = %q, want %q", r, got, w)
		}
		if typ, _ := f.GetCellType("取組一覧", "A"+strconv.Itoa(r)); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("index A%d is not a number", r)
		}
	}
}

// TestResultsYear11 checks the reconstruction of initiative 11's block (5),
// whose first row lost its year in the dump, and of its last row, which the
// dump shifted left.
func TestResultsYear11(t *testing.T) {
	dir := generated(t)
	f, err := excelize.OpenFile(filepath.Join(dir, "建設部.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("取組11")
	if err != nil {
		t.Fatal(err)
	}
	var years []string
	var last string
	for _, r := range rows {
		if cellAt(r, 2) == "取組実績" {
			years = append(years, cellAt(r, 1))
		}
		if cellAt(r, 2) == "今後の課題" {
			last = cellAt(r, 3)
		}
	}
	if strings.Join(years, ",") != "平成26年度,平成27年度,平成28年度,平成29年度" {
		t.Errorf("result years %v", years)
	}
	if !strings.HasPrefix(last, "公園愛護会の結成推進・維持を図るため") {
		t.Errorf("平成29年度 今後の課題 = %q", last)
	}
}
