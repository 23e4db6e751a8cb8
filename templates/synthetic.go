package templates

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strconv"
)

// SyntheticSheetsPerWorkbook is how many management sheets Synthetic puts
// in one workbook (the last workbook may hold fewer).
const SyntheticSheetsPerWorkbook = 10

type syntheticDepartment struct {
	code, name string
	sections   []string
}

var syntheticDepartments = []syntheticDepartment{
	{"1", "復興政策部", []string{"地域協働課", "ICT総合推進室", "復興政策課"}},
	{"2", "総務部", []string{"秘書広報課", "総務課", "防災推進課"}},
	{"3", "財務部", []string{"財政課", "行政経営課", "契約課"}},
	{"4", "健康部", []string{"健康推進課", "保険年金課"}},
	{"5", "福祉部", []string{"福祉総務課", "子育て支援課", "介護保険課"}},
	{"6", "生活環境部", []string{"市民課", "環境課"}},
	{"7", "産業部", []string{"商工課", "観光課", "農林課"}},
	{"10", "建設部", []string{"都市計画課", "道路課", "住宅課"}},
}

var syntheticThemes = []string{
	"窓口サービスの改善", "公共施設の適正配置", "市民協働の推進", "電子申請の拡充", "地域防災力の向上",
	"情報発信の充実", "業務の効率化", "人材育成の推進", "財政の健全化", "公園の維持管理",
}

var syntheticIndicators = []struct{ name, unit string }{
	{"電子申請の件数", "件"}, {"説明会の開催回数", "回"}, {"参加者数", "人"}, {"登録団体数", "団体"},
	{"利用率", "%"}, {"研修の受講者数", "人"}, {"ホームページの閲覧数", "件"}, {"協定の締結数", "件"},
}

// Synthetic returns n realistic synthetic management sheets spread over
// workbooks of SyntheticSheetsPerWorkbook sheets, one department per
// workbook. The same n and seed always give the same workbooks.
//
// What varies, so that the sheets exercise the whole pipeline:
//   - the plan period: about one sheet in four is the next plan 令和3〜7年度
//     (five years, R3年度 style labels now and then), the rest 平成27〜32年度;
//   - how many fiscal years have results (1 to 4, after a pre-plan year);
//   - 1 to 4 indicators: numbers (some ≥ 1,000 written as text "1,234"),
//     qualitative 実施/未実施, the lower-is-better 消防団の班の数, and —
//     for years without a target;
//   - stated rates: mostly half-up, some truncated, about one in ten wrong.
//
// Sheet k (1-based, across all workbooks) is named 取組k and has initiative
// number k. n ≤ 0 returns nil.
func Synthetic(n int, seed int64) []Workbook {
	if n <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5deece66d))
	var out []Workbook
	for k := 1; k <= n; k++ {
		w := (k - 1) / SyntheticSheetsPerWorkbook
		dept := syntheticDepartments[w%len(syntheticDepartments)]
		if len(out) <= w {
			out = append(out, Workbook{File: fmt.Sprintf("合成%04d_%s.xlsx", w+1, dept.name)})
		}
		out[w].Sheets = append(out[w].Sheets, syntheticSheet(rng, k, dept))
	}
	return out
}

func syntheticSheet(rng *rand.Rand, k int, dept syntheticDepartment) Sheet {
	theme := syntheticThemes[rng.IntN(len(syntheticThemes))]
	first, years := 2015, 6
	next := rng.IntN(4) == 0
	if next {
		first, years = NextPlanFirst, NextPlanLast-NextPlanFirst+1
	}
	label := func(y int) string {
		if next && rng.IntN(3) == 0 {
			return fmt.Sprintf("R%d年度", y-2018)
		}
		if !next && y <= 2020 {
			return fmt.Sprintf("平成%d年度", y-1988) // the current plan's sheets say 平成31, 平成32
		}
		return FiscalYearLabel(y)
	}
	s := Sheet{
		Name:           "取組" + strconv.Itoa(k),
		DepartmentCode: Number(dept.code), Department: dept.name,
		GoalNumber: Number(strconv.Itoa(1 + rng.IntN(5))), GoalName: "市民と協働",
		SectionCode: Number(strconv.Itoa(1 + rng.IntN(6))), Section: dept.sections[rng.IntN(len(dept.sections))],
		Number: Number(strconv.Itoa(k)), Title: fmt.Sprintf("%sに関する取組（%d）", theme, k), SectionItemNo: Number(strconv.Itoa(1 + rng.IntN(4))),
		Overview:   fmt.Sprintf("<p>%sを図るため、計画的に取り組む。</p> <p>【主な取組内容】</p> <ul style=\"list-style-type: none\"> ・%sの検討 ・%sの実施 ", theme, theme, theme),
		Background: fmt.Sprintf("%sについては、社会情勢の変化を踏まえた見直しが求められている。", theme),
	}
	for i := range years {
		phase := PhaseFirst
		if i >= (years+1)/2 {
			phase = PhaseSecond
		}
		y := label(first + i)
		s.Plans = append(s.Plans, Plan{Phase: phase, Year: y, Work: fmt.Sprintf("・%sの推進（%d年目）", theme, i+1)})
		s.Years = append(s.Years, y)
	}
	reported := 1 + rng.IntN(min(4, years))
	for i := -1; i < reported; i++ {
		s.Results = append(s.Results, Result{
			Year:   label(first + i),
			Work:   fmt.Sprintf("・%sについて、関係課と協議を行った。", theme),
			Issues: "・引き続き検討が必要である。",
		})
	}
	for range 1 + rng.IntN(4) {
		s.Indicators = append(s.Indicators, syntheticIndicator(rng, years, reported))
	}
	return s
}

func syntheticIndicator(rng *rand.Rand, years, reported int) Indicator {
	switch r := rng.IntN(10); {
	case r < 2:
		ind := Indicator{Name: "取組の実施", Unit: ValueNone}
		for i := range years {
			ind.Targets = append(ind.Targets, Text(ValueDone))
			if i < reported {
				v := ValueDone
				if rng.IntN(5) == 0 {
					v = ValueNotDone
				}
				ind.Actuals = append(ind.Actuals, Text(v))
			}
		}
		return ind
	case r < 3:
		// Lower is better: the configuration names 消防団の班の数.
		ind := Indicator{Name: "消防団の班の数", Unit: "班"}
		t := 150 + rng.IntN(60)
		for i := range years {
			target := t - 2*i
			ind.Targets = append(ind.Targets, Number(strconv.Itoa(target)))
			if i < reported {
				actual := target - 6 + rng.IntN(13)
				ind.Actuals = append(ind.Actuals, Number(strconv.Itoa(actual)))
				ind.Rates = append(ind.Rates, statedRate(rng, target, actual))
			}
		}
		return ind
	default:
		def := syntheticIndicators[rng.IntN(len(syntheticIndicators))]
		ind := Indicator{Name: def.name, Unit: def.unit}
		base := 5 + rng.IntN(3000)
		dashes := 0
		if rng.IntN(10) == 0 {
			dashes = 1 + rng.IntN(2) // no target for the first years
		}
		for i := range years {
			target := base + base*i/10
			if i < dashes {
				ind.Targets = append(ind.Targets, Text(ValueNone))
			} else {
				ind.Targets = append(ind.Targets, syntheticNumber(rng, target))
			}
			if i < reported {
				actual := target * (50 + rng.IntN(80)) / 100
				ind.Actuals = append(ind.Actuals, syntheticNumber(rng, actual))
				if i < dashes {
					ind.Rates = append(ind.Rates, Text(ValueNone))
				} else {
					ind.Rates = append(ind.Rates, statedRate(rng, actual, target))
				}
			}
		}
		return ind
	}
}

// syntheticNumber writes v as a number, or (for v ≥ 1,000, half the time)
// as text with a thousands separator, as departments type it.
func syntheticNumber(rng *rand.Rand, v int) Cell {
	if v >= 1000 && rng.IntN(2) == 0 {
		return Text(fmt.Sprintf("%d,%03d", v/1000, v%1000))
	}
	return Number(strconv.Itoa(v))
}

// statedRate is num ÷ den × 100 to one decimal, exact: half-up usually,
// truncated one time in ten, and wrong (off by 0.5 to 5.0) one time in ten.
func statedRate(rng *rand.Rand, num, den int) Cell {
	if den == 0 {
		return Text(ValueNone)
	}
	r := new(big.Rat).SetFrac64(int64(num)*1000, int64(den)) // tenths of a percent
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	tenths := q.Int64()
	switch p := rng.IntN(10); {
	case p == 0: // truncated: q already is
	case p == 1:
		tenths += int64(5+rng.IntN(46)) * (1 - 2*int64(rng.IntN(2)))
	default:
		if new(big.Int).Mul(m, big.NewInt(2)).Cmp(r.Denom()) >= 0 {
			tenths++
		}
	}
	if tenths < 0 {
		tenths = 0
	}
	return NumberFormat(fmt.Sprintf("%d.%d", tenths/10, tenths%10), "0.0")
}
