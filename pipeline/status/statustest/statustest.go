// Package statustest builds the test batch of the submission status
// (提出状況), shared by the tests of the packages that show it: two
// departments with a sheet each, a third that is only in the 取組一覧 and
// whose one workbook (named for it) was rejected, a rejected workbook
// whose name names no department, a blank actual of the evaluation year,
// document properties present and absent, errors and a warning.
package statustest

import (
	"planreport/pipeline/config"
	"planreport/pipeline/model"
	"planreport/pipeline/rate"
)

// What the batch holds, for the tests to look for.
const (
	ReportDate = "2026-11-20" // fiscal year 2026: the evaluation year is 2025 (令和7年度)

	BlankFile      = "総務部.xlsx"
	BlankSheet     = "取組1"
	BlankCell      = "F15" // the empty actual of 2025
	BlankIndicator = "窓口サービス満足度"

	IndexFile      = "基本目標1_取組一覧.xlsx"
	IndexSheet     = "取組一覧"
	MissingCell    = "A7"
	MissingTitle   = "公共施設の再配置"
	MissingDept    = "建設部"
	MissingNumber  = 3
	SavedBy        = "総務 花子"
	SavedAt        = "2026-10-01T01:02:03Z"
	SavedAtJapan   = "2026-10-01 10:02"
	ErrorCell      = "G15"
	FinanceFile    = "財務部.xlsx"
	FinanceSheet   = "取組2"
	FinanceDept    = "財務部"
	GeneralDept    = "総務部"
	BlankTitle     = "窓口サービスの向上"
	FinanceTitle   = "財政健全化の推進"
	FinanceMessage = "達成率「90.0」は計算値 95.0 と一致しません。"

	// A workbook of 建設部 (named so) that could not be read, and one
	// whose name names no department.
	UnreadFile        = "建設部_取組3.xlsx"
	UnreadMessage     = "ファイルが途中で切れています。"
	UnattributedFile  = "名称未設定.xlsx"
	UnattributedSaved = "2026-09-30T15:00:00Z"
	UnattributedJapan = "2026-10-01 00:00"
	UnattributedSaver = "不明な人"
)

func num(s string, src model.Source) model.Value {
	if s == "" {
		return model.Value{Kind: model.ValueNone, Source: src}
	}
	d, _ := model.ParseDecimal(s)
	return model.Value{Kind: model.ValueNumber, Number: d, Raw: s, Source: src}
}

// initiative is one sheet with one indicator over 2024–2026; target and
// actual are given per year ("" for none), in columns E, F, G of rows 14
// (target) and 15 (actual).
func initiative(file, sheet, dept, title string, number int, indicator string, target, actual [3]string) *model.Initiative {
	src := model.Source{File: file, Sheet: sheet, Cell: "A3"}
	in := &model.Initiative{Source: src, Department: dept, GoalNumber: 1, GoalName: "持続可能な行財政運営",
		Number: number, Title: title, Period: model.Period{First: 2024, Last: 2026}}
	ind := model.Indicator{Name: indicator, Unit: "%", Source: src.At("B14")}
	for i, col := range []string{"E", "F", "G"} {
		year := 2024 + i
		ind.Years = append(ind.Years, model.IndicatorYear{
			Year:       model.FiscalYear{Year: year, Label: model.Wareki(year)},
			Target:     num(target[i], src.At(col+"14")),
			Actual:     num(actual[i], src.At(col+"15")),
			StatedRate: model.Value{Kind: model.ValueNone, Source: src.At(col + "16")},
		})
	}
	in.Indicators = []model.Indicator{ind}
	return in
}

// Batch returns a new copy of the batch, rated.
func Batch() *model.Batch {
	b := &model.Batch{ReportDate: ReportDate}
	b.Files = []model.InputFile{
		{Name: IndexFile, SHA256: "11", Size: 100, Status: model.FileAccepted},
		{Name: BlankFile, SHA256: "22", Size: 200, Status: model.FileAccepted, Modified: SavedAt, ModifiedBy: SavedBy},
		{Name: FinanceFile, SHA256: "33", Size: 300, Status: model.FileAccepted},
		{Name: UnreadFile, SHA256: "44", Size: 400, Status: model.FileRejected},
		{Name: UnattributedFile, SHA256: "55", Size: 500, Status: model.FileRejected, Modified: UnattributedSaved, ModifiedBy: UnattributedSaver},
	}
	b.Initiatives = []*model.Initiative{
		initiative(BlankFile, BlankSheet, GeneralDept, BlankTitle, 1, BlankIndicator, [3]string{"80", "85", "90"}, [3]string{"82", "", ""}),
		initiative(FinanceFile, FinanceSheet, FinanceDept, FinanceTitle, 2, "経常収支比率の改善", [3]string{"90", "90", "90"}, [3]string{"88", "95", ""}),
	}
	ix := model.Source{File: IndexFile, Sheet: IndexSheet}
	b.Indexes = []model.GoalIndex{{GoalNumber: 1, GoalName: "持続可能な行財政運営", Source: ix.At("A1"), Entries: []model.IndexEntry{
		{Number: 1, Title: BlankTitle, Department: GeneralDept, Source: ix.At("A5")},
		{Number: 2, Title: FinanceTitle, Department: FinanceDept, Source: ix.At("A6")},
		{Number: MissingNumber, Title: MissingTitle, Department: MissingDept, Source: ix.At(MissingCell)},
	}}}
	cfg := config.Default()
	rate.Run(b, rate.OptionsOf(&cfg))
	b.Add(model.SeverityError, "test_error", model.Source{File: FinanceFile, Sheet: FinanceSheet, Cell: ErrorCell}, FinanceMessage)
	b.Add(model.SeverityError, "file_truncated", model.Source{File: UnreadFile}, UnreadMessage)
	b.Add(model.SeverityError, "file_truncated", model.Source{File: UnattributedFile}, UnreadMessage)
	b.Add(model.SeverityWarning, "test_warning", model.Source{File: BlankFile, Sheet: BlankSheet, Cell: "B4"}, "取組概要が空です。")
	model.SortBatch(b)
	return b
}
