package workbook

import (
	"planreport/pipeline/model"
)

// The test batch is built by hand like the rate stage would leave it. Every
// rate, grade and roll-up below was worked out by hand from the targets and
// actuals (shown in the comments), not taken from any program's output.

func num(s string, src model.Source) model.Value {
	return model.Value{Kind: model.ValueNumber, Number: model.Decimal(s), Raw: s, Source: src}
}

func done(src model.Source) model.Value {
	return model.Value{Kind: model.ValueDone, Raw: "実施", Source: src}
}

func notDone(src model.Source) model.Value {
	return model.Value{Kind: model.ValueNotDone, Raw: "未実施", Source: src}
}

// stated is a 達成率 cell as the sheet wrote it.
func stated(raw, number string, src model.Source) model.Value {
	if number == "" {
		return model.Value{Kind: model.ValueNone, Raw: raw, Source: src}
	}
	return model.Value{Kind: model.ValueNumber, Number: model.Decimal(number), Raw: raw, Source: src}
}

func fy(year int, label string) model.FiscalYear { return model.FiscalYear{Year: year, Label: label} }

func rate(tenths int64) model.Rate { return model.Rate{Tenths: tenths, Valid: true} }

func eval(r model.Rate, j model.Judgement, matches bool) model.Evaluation {
	return model.Evaluation{Rate: r, Judgement: j, StatedMatches: matches}
}

// Formula-looking text typed into sheets; it must arrive as the same text.
const (
	formulaTitle   = `=HYPERLINK("http://x")`
	formulaName    = "@SUM(A1)"
	formulaSection = "+1"
	formulaUnit    = "-1+2"
)

func testBatch() *model.Batch {
	soumu := model.Source{File: "総務部.xlsx", Sheet: "取組3"}
	soumu7 := model.Source{File: "総務部.xlsx", Sheet: "取組7"}
	soumu8 := model.Source{File: "総務部.xlsx", Sheet: "取組8"}
	zaimu := model.Source{File: "財務部.xlsx", Sheet: "取組9"}

	// Initiative 9, 財務部: 財政状況の公表回数 (higher is better).
	//   2015: 2 / 2 × 100 = 100.0 → A, sheet says 100.0 (agrees)
	//   2016: 1 / 2 × 100 = 50.0 → C, sheet says 50.0 (agrees)
	//   2017: target 2, no actual → —
	//   2018: target 2 only → —
	zaimu9 := &model.Initiative{
		Source: zaimu.At("A1"), DepartmentCode: "3", Department: "財務部", Section: "財政課",
		GoalNumber: 5, GoalName: "市民と協働", Number: 9, Title: "財政状況の公表",
		Indicators: []model.Indicator{{
			Name: "財政状況の公表回数", Unit: "回", Source: zaimu.At("B20"),
			Years: []model.IndicatorYear{
				{Year: fy(2015, "平成27年度"), Target: num("2", zaimu.At("E20")), Actual: num("2", zaimu.At("E21")),
					StatedRate: stated("100.0", "100", zaimu.At("E22")), Eval: eval(rate(1000), model.GradeA, true)},
				{Year: fy(2016, "平成28年度"), Target: num("2", zaimu.At("F20")), Actual: num("1", zaimu.At("F21")),
					StatedRate: stated("50.0", "50", zaimu.At("F22")), Eval: eval(rate(500), model.GradeC, true)},
				{Year: fy(2017, "平成29年度"), Target: num("2", zaimu.At("G20")), Eval: eval(model.Rate{}, model.NotEvaluable, true)},
				{Year: fy(2018, "平成30年度"), Target: num("2", zaimu.At("H20")), Eval: eval(model.Rate{}, model.NotEvaluable, true)},
			},
		}},
	}

	// Initiative 3, 総務部, with formula-looking text in title, section,
	// indicator name and unit.
	//   まちづくり懇談会の開催回数 2015: 12 / 10 = 120.0 → A (sheet 120.0, agrees)
	//                               2016:  7 / 10 =  70.0 → C (sheet 75.0, disagrees)
	//   @SUM(A1) (qualitative) 2015: 実施 / 実施 → 達成; 2016: 実施 / 未実施 → 未達成
	soumu3 := &model.Initiative{
		Source: soumu.At("A1"), DepartmentCode: "2", Department: "総務部", Section: formulaSection,
		GoalNumber: 5, GoalName: "市民と協働", Number: 3, Title: formulaTitle,
		Indicators: []model.Indicator{
			{
				Name: "まちづくり懇談会の開催回数", Unit: "回", Source: soumu.At("B30"),
				Years: []model.IndicatorYear{
					{Year: fy(2015, "平成27年度"), Target: num("10", soumu.At("E30")), Actual: num("12", soumu.At("E31")),
						StatedRate: stated("120.0", "120", soumu.At("E32")), Eval: eval(rate(1200), model.GradeA, true)},
					{Year: fy(2016, "平成28年度"), Target: num("10", soumu.At("F30")), Actual: num("7", soumu.At("F31")),
						StatedRate: stated("75.0", "75", soumu.At("F32")), Eval: eval(rate(700), model.GradeC, false)},
				},
			},
			{
				Name: formulaName, Unit: formulaUnit, Source: soumu.At("B33"),
				Years: []model.IndicatorYear{
					{Year: fy(2015, "平成27年度"), Target: done(soumu.At("E33")), Actual: done(soumu.At("E34")),
						StatedRate: stated("—", "", soumu.At("E35")), Eval: eval(model.Rate{}, model.Achieved, true)},
					{Year: fy(2016, "平成28年度"), Target: done(soumu.At("F33")), Actual: notDone(soumu.At("F34")),
						StatedRate: stated("", "", soumu.At("F35")), Eval: eval(model.Rate{}, model.NotAchieved, false)},
				},
			},
		},
	}

	// Initiative 7, 総務部・財務部: 消防団の班の数 (lower is better).
	//   2015: 50 / 55 × 100 = 90.909… → 90.9 → B (sheet 90.9, agrees)
	//   2016: 45 / 45.5 × 100 = 98.901… → 98.9 → B (sheet １１６．７ in
	//         full-width digits, disagrees; shown as the number 116.7)
	//   2017: target 0, actual 3 → no rate, —
	soumu7i := &model.Initiative{
		Source: soumu7.At("A1"), DepartmentCode: "2", Department: "総務部・財務部", Section: "防災課",
		GoalNumber: 5, GoalName: "市民と協働", Number: 7, Title: "消防団の班の再編・再生",
		Indicators: []model.Indicator{{
			Name: "消防団の班の数", Unit: "班", Direction: model.LowerIsBetter, Source: soumu7.At("B30"),
			Years: []model.IndicatorYear{
				{Year: fy(2015, "平成27年度"), Target: num("50", soumu7.At("E30")), Actual: num("55", soumu7.At("E31")),
					StatedRate: stated("90.9", "90.9", soumu7.At("E32")), Eval: eval(rate(909), model.GradeB, true)},
				{Year: fy(2016, "平成28年度"), Target: num("45", soumu7.At("F30")), Actual: num("45.5", soumu7.At("F31")),
					StatedRate: stated("１１６．７", "116.7", soumu7.At("F32")), Eval: eval(rate(989), model.GradeB, false)},
				{Year: fy(2017, "平成29年度"), Target: num("0", soumu7.At("G30")), Actual: num("3", soumu7.At("G31")),
					Eval: eval(model.Rate{}, model.NotEvaluable, true)},
			},
		}},
	}

	// Initiative 8 has no indicator at all.
	soumu8i := &model.Initiative{
		Source: soumu8.At("A1"), Department: "総務部", Section: "総務課",
		GoalNumber: 5, Number: 8, Title: "情報開示方法の多様化の検討",
	}

	return &model.Batch{
		ReportDate: "2025-04-01",
		Files: []model.InputFile{
			{Name: "財務部.xlsx", SHA256: "bb01", Size: 23456, Status: model.FileAccepted},
			{Name: "総務部.xlsx", SHA256: "aa01", Size: 1234567, Status: model.FileAccepted},
			{Name: "壊れた.xlsx", SHA256: "cc01", Size: 10, Status: model.FileRejected},
			{Name: "~$総務部.xlsx", SHA256: "dd01", Size: 165, Status: model.FileIgnored},
		},
		// Deliberately not in the workbook's order (goal, number).
		Initiatives: []*model.Initiative{zaimu9, soumu3, nil, soumu7i, soumu8i},
		Findings: []model.Finding{
			{Severity: model.SeverityWarning, Code: "STATED_RATE_ROUNDING", Source: soumu7.At("E32"),
				Message: "「総務部.xlsx」シート「取組7」セルE32: 記載の達成率 90.9 は切り捨てでの値です"},
			{Severity: model.SeverityError, Code: "STATED_RATE_MISMATCH", Source: soumu.At("F32"),
				Message: "「総務部.xlsx」シート「取組3」セルF32: 記載の達成率 75.0 と計算値 70.0 が一致しません"},
			{Severity: model.SeverityError, Code: "FILE_UNREADABLE", Source: model.Source{File: "壊れた.xlsx"},
				Message: "=1+1 「壊れた.xlsx」は Excel ブックとして読めません"},
			{Severity: model.SeverityInfo, Code: "SHEET_SKIPPED", Source: model.Source{File: "財務部.xlsx", Sheet: "メモ"},
				Message: "「財務部.xlsx」シート「メモ」は管理シートではないため読み飛ばしました"},
		},
		Rollups: model.Rollups{
			ByInitiativeYear: []model.Rollup{
				// Initiative 3, 2016: C (70.0) and 未達成 → mean 70.0.
				{Initiative: 3, GoalNumber: 5, Year: 2016, Evaluated: 2, Achieved: 0, MeanRate: rate(700),
					Grades: model.GradeCounts{C: 1, NotAchieved: 1}},
				// Initiative 9, 2016: C (50.0).
				{Initiative: 9, GoalNumber: 5, Year: 2016, Evaluated: 1, Achieved: 0, MeanRate: rate(500),
					Grades: model.GradeCounts{C: 1}},
				// Initiative 7 has deliberately no roll-up: 取組一覧 counts it itself.
			},
			ByDepartmentYear: []model.Rollup{
				// 総務部 2015: 120.0 A, 達成, 90.9 B → mean (120.0 + 90.9) / 2 = 105.45 → 105.5
				{Department: "総務部", Year: 2015, Evaluated: 3, Achieved: 2, MeanRate: rate(1055),
					Grades: model.GradeCounts{A: 1, B: 1, Achieved: 1}},
				// 総務部 2016: 70.0 C, 未達成, 98.9 B → mean (70.0 + 98.9) / 2 = 84.45 → 84.5
				{Department: "総務部", Year: 2016, Evaluated: 3, Achieved: 0, MeanRate: rate(845),
					Grades: model.GradeCounts{B: 1, C: 1, NotAchieved: 1}},
				// 財務部 2015: 90.9 B, 100.0 A → 95.45 → 95.5
				{Department: "財務部", Year: 2015, Evaluated: 2, Achieved: 1, MeanRate: rate(955),
					Grades: model.GradeCounts{A: 1, B: 1}},
				// 財務部 2016: 98.9 B, 50.0 C → 74.45 → 74.5
				{Department: "財務部", Year: 2016, Evaluated: 2, Achieved: 0, MeanRate: rate(745),
					Grades: model.GradeCounts{B: 1, C: 1}},
			},
			LatestYear: 2016,
		},
	}
}
