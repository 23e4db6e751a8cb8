package templates

// NextPlanExample returns a management sheet of the next plan period
// (令和3〜7年度, five fiscal years), so that the parser can be shown to read
// it unchanged. Its labels mix styles on purpose: block (3) writes R3年度 and
// R6年度 beside 令和4年度, block (5) starts with 令和元年度 and uses R4年度.
//
// Two indicators, values typed as departments do:
//
//	消防団の班の数 (班, lower is better by the default configuration)
//	  目標値 170 168 166 164 162   実績値 172 166   達成率 98.8 101.2
//	  (170 ÷ 172 = 98.84 %, 168 ÷ 166 = 101.20 %: 目標値 ÷ 実績値)
//	消防団員数 (人, higher is better)
//	  目標値 1800 ×5 (numbers)      実績値 "1,754" (text) 1812   達成率 97.4 100.7
//	  (1754 ÷ 1800 = 97.44 %, 1812 ÷ 1800 = 100.67 %)
//
// and a third, unused slot.
func NextPlanExample() Sheet {
	years := []string{"R3年度", "令和4年度", "令和5年度", "R6年度", "令和7年度"}
	return Sheet{
		Name:           "取組8",
		DepartmentCode: Number("2"), Department: "総務部",
		GoalNumber: Number("5"), GoalName: "市民と協働",
		SectionCode: Number("6"), Section: "防災推進課",
		Number: Number("8"), Title: "消防団の組織の適正化", SectionItemNo: Number("1"),
		Overview: "<p>地域の実情に応じた消防力を確保するため、消防団の班の再編と団員の確保を進める。</p><ul><li>班の再編</li><li>団員の確保</li></ul>",
		Plans: []Plan{
			{Phase: PhaseFirst, Year: "令和3年度", Work: "・班の再編計画の策定\n・団員募集の広報"},
			{Phase: PhaseFirst, Year: "令和4年度", Work: "・再編計画に基づく班の統合"},
			{Phase: PhaseFirst, Year: "令和5年度", Work: "・再編計画に基づく班の統合"},
			{Phase: PhaseSecond, Year: "令和6年度", Work: "・再編の検証"},
			{Phase: PhaseSecond, Year: "令和7年度", Work: "・次期計画の検討"},
		},
		Years: years,
		Indicators: []Indicator{
			{
				Name: "消防団の班の数", Unit: "班",
				Targets: []Cell{Number("170"), Number("168"), Number("166"), Number("164"), Number("162")},
				Actuals: []Cell{Number("172"), Number("166")},
				Rates:   []Cell{NumberFormat("98.8", "0.0"), NumberFormat("101.2", "0.0")},
			},
			{
				Name: "消防団員数", Unit: "人",
				Targets: []Cell{Number("1800"), Number("1800"), Number("1800"), Number("1800"), Number("1800")},
				Actuals: []Cell{Text("1,754"), Number("1812")},
				Rates:   []Cell{NumberFormat("97.4", "0.0"), NumberFormat("100.7", "0.0")},
			},
			{},
		},
		Background: "団員の高齢化と担い手不足により、班の維持が難しい地区がある。",
		Results: []Result{
			{Year: "令和元年度", Work: "・地区団長会議で再編の方針を協議した。", Issues: "・地区ごとの事情の整理"},
			{Year: "令和2年度", Work: "・再編計画の素案を作成した。", Issues: "・団員確保策の検討"},
			{Year: "令和3年度", Work: "・再編計画を策定し、2班を統合した。", Issues: "・統合後の装備の配置"},
			{Year: "R4年度", Work: "・さらに2班を統合した。", Issues: ""},
		},
	}
}
