package rate

import (
	"fmt"
	"strings"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// sheet is the source of every value in these tests; cells are set per value.
var sheet = model.Source{File: "建設部.xlsx", Sheet: "取組11"}

func at(v model.Value, cell string) model.Value { v.Source = sheet.At(cell); return v }

// iy builds one indicator-year; stated "" means no stated rate.
func iy(year int, target, actual model.Value, stated string, statedCell string) model.IndicatorYear {
	y := model.IndicatorYear{
		Year:   model.FiscalYear{Year: year, Label: model.Wareki(year)},
		Target: at(target, "E"+statedCell),
		Actual: at(actual, "F"+statedCell),
	}
	if stated != "" {
		y.StatedRate = at(num(stated), "G"+statedCell)
	}
	return y
}

func batchOf(date string, inds ...model.Indicator) *model.Batch {
	return &model.Batch{
		ReportDate: date,
		Initiatives: []*model.Initiative{{
			Source: sheet, Department: "建設部", GoalNumber: 5, Number: 11, Title: "都市公園愛護会結成の促進",
			Indicators: inds,
		}},
	}
}

func codes(b *model.Batch) []string {
	var out []string
	for _, f := range b.Findings {
		out = append(out, string(f.Severity)+":"+f.Code+"@"+f.Cell)
	}
	return out
}

func defaultConfig() *config.Config { c := config.Default(); return &c }

func TestRunStatedRate(t *testing.T) {
	// Expected findings worked out by hand from the seed's numbers (see the
	// comments); the cells are the ones iy assigns (G + row tag).
	tests := []struct {
		name            string
		rounding        config.Rounding
		y               model.IndicatorYear
		want            []string // severity:code@cell
		wantMatches     bool
		wantInMessage   []string
		wantJudgement   model.Judgement
		wantRateTenths  int64
		wantRateIsValid bool
	}{
		{"187/176=106.25 → 106.3, stated 106.2 (truncated)", config.HalfUp,
			iy(2017, num("176"), num("187"), "106.2", "1"),
			[]string{"warning:stated_rate_rounding@G1"}, false, []string{"106.2", "106.3", "切り捨て"}, model.GradeA, 1063, true},
		{"truncate configured: 106.2 is right", config.Truncate,
			iy(2017, num("176"), num("187"), "106.2", "1"),
			nil, true, nil, model.GradeA, 1062, true},
		{"truncate configured: 106.3 is the other rule", config.Truncate,
			iy(2017, num("176"), num("187"), "106.3", "1"),
			[]string{"warning:stated_rate_rounding@G1"}, false, []string{"四捨五入"}, model.GradeA, 1062, true},
		{"130/172=75.58 → 75.6, stated 73.8", config.HalfUp,
			iy(2015, num("172"), num("130"), "73.8", "2"),
			[]string{"error:stated_rate_mismatch@G2"}, false, []string{"73.8", "75.6", "130 ÷ 172"}, model.GradeC, 756, true},
		{"157/373=42.09 → 42.1, stated 42.0", config.HalfUp,
			iy(2015, num("373"), num("157"), "42", "3"),
			[]string{"warning:stated_rate_rounding@G3"}, false, []string{"42.1"}, model.GradeD, 421, true},
		{"144/174=82.758 → 82.8, stated 82.7", config.HalfUp,
			iy(2016, num("174"), num("144"), "82.7", "4"),
			[]string{"warning:stated_rate_rounding@G4"}, false, nil, model.GradeB, 828, true},
		{"64/86=74.418 → 74.4, stated 74.4", config.HalfUp,
			iy(2015, num("86"), num("64"), "74.4", "5"),
			nil, true, nil, model.GradeC, 744, true},
		{"100/42 stated 42 (a numeric 42.0 cell) equals 42.0", config.HalfUp,
			iy(2015, num("100"), num("42"), "42", "6"),
			nil, true, nil, model.GradeD, 420, true},
		{"stated 0 for 0/5", config.HalfUp,
			iy(2015, num("5"), num("0"), "0", "7"),
			nil, true, nil, model.GradeD, 0, true},
		{"stated more precise 106.25", config.HalfUp,
			iy(2017, num("176"), num("187"), "106.25", "8"),
			[]string{"warning:stated_rate_rounding@G8"}, false, []string{"106.25"}, model.GradeA, 1063, true},
		{"stated as a fraction 0.421 for 42.1", config.HalfUp,
			iy(2015, num("373"), num("157"), "0.421", "9"),
			[]string{"warning:stated_rate_as_fraction@G9"}, false, nil, model.GradeD, 421, true},
		{"stated without basis: no target", config.HalfUp,
			iy(2015, none, num("5"), "10", "10"),
			[]string{"warning:stated_rate_without_basis@G10"}, false, []string{"目標値がない"}, model.NotEvaluable, 0, false},
		{"stated without basis: qualitative", config.HalfUp,
			iy(2015, done, done, "100", "11"),
			[]string{"warning:stated_rate_without_basis@G11"}, false, []string{"定性目標"}, model.Achieved, 0, false},
		{"stated 0.0 without an actual: a prefilled formula's result, noted", config.HalfUp,
			iy(2019, num("250"), none, "0", "15"),
			[]string{"info:stated_rate_without_basis@G15"}, false, []string{"実績値がまだない"}, model.NotEvaluable, 0, false},
		{"stated 0.0 without an actual in a past year: may be a missing actual", config.HalfUp,
			iy(2017, num("250"), none, "0", "17"),
			[]string{"warning:stated_rate_without_basis@G17"}, false, []string{"実績値がない"}, model.NotEvaluable, 0, false},
		{"stated 5 without an actual: worth a look", config.HalfUp,
			iy(2019, num("250"), none, "5", "16"),
			[]string{"warning:stated_rate_without_basis@G16"}, false, []string{"実績値がない"}, model.NotEvaluable, 0, false},
		{"no stated rate, no rate: nothing", config.HalfUp,
			iy(2019, num("250"), none, "", "12"),
			nil, true, nil, model.NotEvaluable, 0, false},
		{"seed 11: 実施 target, actual 1, stated 100.0", config.HalfUp,
			iy(2015, done, num("1"), "100", "13"),
			[]string{"warning:qualitative_target_numeric_actual@F13"}, false, []string{"「1」", "評価できない", "100"}, model.NotEvaluable, 0, false},
		{"numeric target, qualitative actual", config.HalfUp,
			iy(2015, num("8"), done, "", "14"),
			[]string{"error:numeric_target_qualitative_actual@F14"}, true, []string{"「8」", "実施"}, model.NotEvaluable, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := batchOf("2018-11-23", model.Indicator{Name: "都市公園愛護会の結成された公園数", Years: []model.IndicatorYear{tt.y}})
			cfg := defaultConfig()
			cfg.Rounding = tt.rounding
			Run(b, OptionsOf(cfg))
			if got := codes(b); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("findings = %v, want %v", got, tt.want)
			}
			for _, s := range tt.wantInMessage {
				if !strings.Contains(b.Findings[0].Message, s) {
					t.Errorf("message %q lacks %q", b.Findings[0].Message, s)
				}
			}
			e := b.Initiatives[0].Indicators[0].Years[0].Eval
			if e.StatedMatches != tt.wantMatches {
				t.Errorf("StatedMatches = %v, want %v", e.StatedMatches, tt.wantMatches)
			}
			if e.Judgement != tt.wantJudgement {
				t.Errorf("judgement = %s, want %s", e.Judgement.Label(), tt.wantJudgement.Label())
			}
			if e.Rate.Valid != tt.wantRateIsValid || e.Rate.Tenths != tt.wantRateTenths {
				t.Errorf("rate = %+v, want %d valid=%v", e.Rate, tt.wantRateTenths, tt.wantRateIsValid)
			}
		})
	}
}

func TestRunSeedInitiative11(t *testing.T) {
	// The seed's initiative 11, first indicator: target 実施 every year,
	// actuals 1, 3, 1 and stated rates 100.0 / 300.0 / 100.0 → one warning
	// per year on the actual cell, no rate, no stated-rate finding on top.
	ind := model.Indicator{Name: "都市公園愛護会結成の周知活動", Years: []model.IndicatorYear{
		iy(2015, done, num("1"), "100", "20"),
		iy(2016, done, num("3"), "300", "21"),
		iy(2017, done, num("1"), "100", "22"),
		iy(2018, done, none, "", "23"),
	}}
	b := batchOf("2018-11-23", ind)
	Run(b, OptionsOf(defaultConfig()))
	want := "[warning:qualitative_target_numeric_actual@F20 warning:qualitative_target_numeric_actual@F21 warning:qualitative_target_numeric_actual@F22]"
	if got := fmt.Sprint(codes(b)); got != want {
		t.Fatalf("findings = %s, want %s", got, want)
	}
	for _, y := range b.Initiatives[0].Indicators[0].Years {
		if y.Eval.Judgement != model.NotEvaluable || y.Eval.Rate.Valid {
			t.Errorf("%d: eval = %+v, want —", y.Year.Year, y.Eval)
		}
	}
}

func TestRunDirectionFromConfig(t *testing.T) {
	// 消防団の班の数 is lower-is-better in the default configuration.
	// Seed: targets only from 平成30 (174), actuals only to 平成29 → no rate.
	// A hypothetical 平成30 actual of 170: 174 ÷ 170 × 100 = 102.35… → 102.4 (A).
	// Actual 0 → no rate and a warning.
	ind := model.Indicator{Name: "消防団の班の数", Years: []model.IndicatorYear{
		iy(2015, none, num("198"), "", "30"),
		iy(2018, num("174"), num("170"), "", "31"),
		iy(2019, num("170"), num("0"), "", "32"),
	}}
	other := model.Indicator{Name: "消防団員数", Years: []model.IndicatorYear{
		iy(2018, num("1800"), num("1781"), "", "33"), // 1781 ÷ 1800 = 98.94… → 98.9 (B)
	}}
	b := batchOf("2020-05-01", ind, other)
	Run(b, OptionsOf(defaultConfig()))
	got := b.Initiatives[0].Indicators
	if got[0].Direction != model.LowerIsBetter || got[1].Direction != model.HigherIsBetter {
		t.Fatalf("directions = %v, %v", got[0].Direction.Label(), got[1].Direction.Label())
	}
	if e := got[0].Years[1].Eval; e.Rate != (model.Rate{Tenths: 1024, Valid: true}) || e.Judgement != model.GradeA {
		t.Errorf("174/170 lower = %+v, want 102.4 A", e)
	}
	if e := got[0].Years[2].Eval; e.Rate.Valid || e.Judgement != model.NotEvaluable {
		t.Errorf("actual 0 lower = %+v, want —", e)
	}
	if e := got[1].Years[0].Eval; e.Rate != (model.Rate{Tenths: 989, Valid: true}) || e.Judgement != model.GradeB {
		t.Errorf("1781/1800 = %+v, want 98.9 B", e)
	}
	if want := "[warning:zero_actual_lower_is_better@F32]"; fmt.Sprint(codes(b)) != want {
		t.Errorf("findings = %v, want %s", codes(b), want)
	}
}

func TestRunActualAfterReportYear(t *testing.T) {
	// Report date 2017-03-31 lies in fiscal year 2016 (平成28年度), so the
	// 2017 actual is in the future; on 2017-04-01 fiscal 2017 has begun.
	mk := func() model.Indicator {
		return model.Indicator{Name: "まちづくり懇談会開催回数", Years: []model.IndicatorYear{
			iy(2016, num("8"), num("6"), "", "40"),
			iy(2017, num("10"), num("6"), "", "41"),
			iy(2018, num("10"), none, "", "42"),
		}}
	}
	b := batchOf("2017-03-31", mk())
	Run(b, OptionsOf(defaultConfig()))
	if want := "[warning:actual_after_report_year@F41]"; fmt.Sprint(codes(b)) != want {
		t.Errorf("on 2017-03-31: findings = %v, want %s", codes(b), want)
	}
	if !strings.Contains(b.Findings[0].Message, "平成28年度") {
		t.Errorf("message %q does not name the report's fiscal year", b.Findings[0].Message)
	}
	b = batchOf("2017-04-01", mk())
	Run(b, OptionsOf(defaultConfig()))
	if len(b.Findings) != 0 {
		t.Errorf("on 2017-04-01: findings = %v, want none", codes(b))
	}
	b = batchOf("", mk()) // no report date: no check, no panic
	Run(b, OptionsOf(defaultConfig()))
	if len(b.Findings) != 0 {
		t.Errorf("without a date: findings = %v, want none", codes(b))
	}
}

func TestRunOverflowAndUnreadable(t *testing.T) {
	b := batchOf("2018-11-23", model.Indicator{Name: "x", Years: []model.IndicatorYear{
		iy(2015, num("0.000000000001"), num("100000000000"), "5", "50"),
		iy(2016, num("5"), num("1e9"), "", "51"),
	}})
	Run(b, OptionsOf(defaultConfig()))
	if want := "[error:rate_overflow@F50 error:unreadable_number@F51]"; fmt.Sprint(codes(b)) != want {
		t.Errorf("findings = %v, want %s", codes(b), want)
	}
}

func TestRunToleratesNilAndEmpty(t *testing.T) {
	Run(nil, OptionsOf(nil))
	b := &model.Batch{Initiatives: []*model.Initiative{nil, {}}}
	Run(b, OptionsOf(nil))
	if b.Rollups.LatestYear != 0 || len(b.Rollups.ByYear) != 0 {
		t.Errorf("rollups of an empty batch = %+v", b.Rollups)
	}
	cfg := defaultConfig()
	cfg.Grades = nil // falls back to the default bands rather than grading nothing
	b = batchOf("2018-11-23", model.Indicator{Name: "x", Years: []model.IndicatorYear{iy(2015, num("2"), num("2"), "", "1")}})
	Run(b, OptionsOf(cfg))
	if j := b.Initiatives[0].Indicators[0].Years[0].Eval.Judgement; j != model.GradeA {
		t.Errorf("without bands: %s, want A", j.Label())
	}
}

func TestRunSeedNumbers(t *testing.T) {
	// Every numeric target/actual/stated triple of the seed (goal 5), with the
	// rate worked out by hand (tenths = actual × 1000 ÷ target, half-up) and
	// the finding the stated rate deserves. 74 ÷ 87 = 85.057… → 85.1 is the
	// one the task list does not name: the sheet's 85.0 is truncated.
	tests := []struct {
		target, actual, stated string
		tenths                 int64
		code                   string
	}{
		{"373", "157", "42.0", 421, CodeStatedRateRounding},
		{"373", "172", "46.1", 461, ""},
		{"373", "168", "45.0", 450, ""},
		{"6", "7", "116.7", 1167, ""},
		{"6", "9", "150.0", 1500, ""},
		{"6", "8", "133.3", 1333, ""},
		{"2", "3", "150.0", 1500, ""},
		{"3", "3", "100.0", 1000, ""},
		{"8", "4", "50.0", 500, ""},
		{"8", "6", "75.0", 750, ""},
		{"10", "6", "60.0", 600, ""},
		{"1000", "1472", "147.2", 1472, ""},
		{"2", "2", "100", 1000, ""},
		{"5", "0", "0", 0, ""},
		{"1", "0", "0", 0, ""},
		{"86", "64", "74.4", 744, ""},
		{"87", "74", "85.0", 851, CodeStatedRateRounding},
		{"88", "99", "112.5", 1125, ""},
		{"172", "130", "73.8", 756, CodeStatedRateMismatch},
		{"174", "144", "82.7", 828, CodeStatedRateRounding},
		{"176", "187", "106.2", 1063, CodeStatedRateRounding},
	}
	for _, tt := range tests {
		y := iy(2016, num(tt.target), num(tt.actual), "", "1")
		y.StatedRate = at(num(tt.stated), "G1")
		y.StatedRate.Number, _ = model.ParseDecimal(tt.stated) // "42.0" is stored as 42
		b := batchOf("2018-11-23", model.Indicator{Name: "指標", Years: []model.IndicatorYear{y}})
		Run(b, OptionsOf(defaultConfig()))
		e := b.Initiatives[0].Indicators[0].Years[0].Eval
		if !e.Rate.Valid || e.Rate.Tenths != tt.tenths {
			t.Errorf("%s/%s: rate %s, want %d tenths", tt.actual, tt.target, e.Rate, tt.tenths)
		}
		var got string
		if len(b.Findings) > 0 {
			got = b.Findings[0].Code
		}
		if len(b.Findings) > 1 || got != tt.code {
			t.Errorf("%s/%s stated %s: findings %v, want %q", tt.actual, tt.target, tt.stated, codes(b), tt.code)
		}
		if e.StatedMatches != (tt.code == "") {
			t.Errorf("%s/%s: StatedMatches = %v", tt.actual, tt.target, e.StatedMatches)
		}
	}
}

func TestRunImplausibleRateAndZeroTarget(t *testing.T) {
	// By hand: 1000 ÷ 100 × 100 = 1000.0 → warning at the actual;
	// 999 ÷ 100 × 100 = 999.0 → none; target 0 with an actual → info at
	// the target, no rate.
	tests := []struct {
		target, actual string
		want           []string
	}{
		{"100", "1000", []string{"warning:rate_implausible@F1"}},
		{"100", "999", nil},
		{"0", "5", []string{"info:target_zero@E1"}},
		{"0", "", nil},
	}
	for _, tt := range tests {
		actual := model.Value{}
		if tt.actual != "" {
			actual = num(tt.actual)
		}
		b := batchOf("2026-11-23", model.Indicator{Name: "x", Years: []model.IndicatorYear{iy(2020, num(tt.target), actual, "", "1")}})
		Run(b, OptionsOf(defaultConfig()))
		if got := codes(b); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s / %s: findings %v, want %v", tt.actual, tt.target, got, tt.want)
		}
	}
}

// A value of a % indicator at most 1 while the other is over 1 is probably
// a fraction (0.85 for 85 %): warned at its cell, rated as it stands.
// Expected by hand: 0.85 ÷ 90 × 100 = 0.944… → 0.9.
func TestRunValueAsFraction(t *testing.T) {
	tests := []struct {
		unit, target, actual string
		want                 []string
		msg                  string
	}{
		{"%", "90", "0.85", []string{"warning:value_as_fraction@F1"}, "85%のつもりであれば「85」"},
		// 85 ÷ 0.9 × 100 = 9444.4: implausible as well.
		{"％", "0.9", "85", []string{"warning:rate_implausible@F1", "warning:value_as_fraction@E1"}, "目標値（セルE1）「0.9」"},
		{"%", "90", "85", nil, ""},
		{"%", "0.9", "0.85", nil, ""}, // both fractions: consistent
		{"件", "90", "0.85", nil, ""},  // not a %
		{"%", "90", "0", nil, ""},     // zero is a value, not a fraction
	}
	for _, tt := range tests {
		b := batchOf("2026-11-23", model.Indicator{Name: "x", Unit: tt.unit, Years: []model.IndicatorYear{iy(2020, num(tt.target), num(tt.actual), "", "1")}})
		Run(b, OptionsOf(defaultConfig()))
		if got := codes(b); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s %s / %s: findings %v, want %v", tt.unit, tt.actual, tt.target, got, tt.want)
		}
		if tt.msg != "" && !strings.Contains(b.Findings[len(b.Findings)-1].Message, tt.msg) {
			t.Errorf("%s / %s: message %v lacks %q", tt.actual, tt.target, b.Findings, tt.msg)
		}
	}
	b := batchOf("2026-11-23", model.Indicator{Name: "x", Unit: "%", Years: []model.IndicatorYear{iy(2020, num("90"), num("0.85"), "", "1")}})
	Run(b, OptionsOf(defaultConfig()))
	if r := b.Initiatives[0].Indicators[0].Years[0].Eval.Rate; !r.Valid || r.Tenths != 9 {
		t.Errorf("rate %+v, want 0.9 as it stands", r)
	}
}

// 達成 / 未達成 written where the rate goes (kept by ingest as written,
// without a number): compared with the judgement of a qualitative target,
// only noted for a numeric one. Expected findings by hand; a stated
// judgement that is not the computed one is an error, as a stated rate
// that is not the computed one is (SPEC, Rates).
func TestRunStatedJudgement(t *testing.T) {
	word := func(w string) model.Value { return model.Value{Raw: w} }
	tests := []struct {
		target, actual model.Value
		stated         string
		want           []string
		matches        bool
	}{
		{done, done, "達成", nil, true},
		{done, notDone, "未達成", nil, true},
		{done, notDone, "達成", []string{"error:stated_judgement_mismatch@G1"}, false},
		{done, done, " 未達成 ", []string{"error:stated_judgement_mismatch@G1"}, false},
		{num("100"), num("120"), "達成", []string{"info:stated_judgement@G1"}, true},
		{num("100"), num("100"), "達成", []string{"info:stated_judgement@G1"}, true}, // 100.0 is achieved
		{num("100"), num("80"), "達成", []string{"error:stated_judgement_mismatch@G1"}, false},
		{num("100"), num("120"), "未達成", []string{"error:stated_judgement_mismatch@G1"}, false},
		{num("0"), num("5"), "達成", []string{"info:target_zero@E1", "info:stated_judgement@G1"}, true}, // no rate to compare
	}
	for _, tt := range tests {
		y := iy(2020, tt.target, tt.actual, "", "1")
		y.StatedRate = at(word(tt.stated), "G1")
		b := batchOf("2026-11-23", model.Indicator{Name: "x", Years: []model.IndicatorYear{y}})
		Run(b, OptionsOf(defaultConfig()))
		if got := codes(b); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s/%s stated %q: findings %v, want %v", tt.target.Raw, tt.actual.Raw, tt.stated, got, tt.want)
		}
		if got := b.Initiatives[0].Indicators[0].Years[0].Eval.StatedMatches; got != tt.matches {
			t.Errorf("%s/%s stated %q: StatedMatches %v, want %v", tt.target.Raw, tt.actual.Raw, tt.stated, got, tt.matches)
		}
	}
}

// A lower-is-better rule whose name nearly matches an indicator (a typo, a
// dropped の) warns at that indicator, since the indicator is then rated
// higher-is-better; a rule naming nothing alike (the shipped 消防団の班の数
// in a city without it) says nothing, and one typed full-width applies.
func TestRunConfigIndicatorNames(t *testing.T) {
	cfg := defaultConfig()
	cfg.Indicators = []config.IndicatorRule{
		{Name: "消防団の班数", Direction: "lower"},      // typo of the sheet's 消防団の班の数
		{Name: "ごみの排出量", Direction: "lower"},      // nothing alike
		{Name: "待機児童数（４月１日）", Direction: "lower"}, // full-width digits
		{Name: "欠員数", Direction: "lower"},         // one character from 定員数, but too short to guess
		{Name: "待機児童数（4月2日）", Direction: "lower"}, // near the full-width one, which has its own rule
	}
	typo := model.Indicator{Name: "消防団の班の数", Source: sheet.At("B30"), Years: []model.IndicatorYear{iy(2018, num("174"), num("170"), "", "31")}}
	wide := model.Indicator{Name: "待機児童数（4月1日）", Source: sheet.At("B33"), Years: []model.IndicatorYear{iy(2018, num("10"), num("5"), "", "34")}}
	short := model.Indicator{Name: "定員数", Source: sheet.At("B36"), Years: []model.IndicatorYear{iy(2018, num("10"), num("9"), "", "37")}}
	b := batchOf("2020-05-01", typo, wide, short)
	Run(b, OptionsOf(cfg))
	if got := codes(b); fmt.Sprint(got) != "[warning:config_indicator_unmatched@B30]" {
		t.Errorf("findings %v, want one warning at B30", got)
	}
	inds := b.Initiatives[0].Indicators
	if inds[0].Direction != model.HigherIsBetter || inds[1].Direction != model.LowerIsBetter {
		t.Errorf("directions %v, %v; want higher (no match), lower (full-width match)", inds[0].Direction.Label(), inds[1].Direction.Label())
	}
}

// A stated rate written with the other direction's formula (target ÷
// actual for an indicator the configuration rates higher-is-better) is an
// error saying so and pointing to the configuration. By hand: 120 ÷ 125 ×
// 100 = 96.0; 125 ÷ 120 × 100 = 104.166… → 104.2.
func TestRunStatedRateInverse(t *testing.T) {
	y := iy(2021, num("120"), num("125"), "96.0", "1")
	b := batchOf("2026-11-23", model.Indicator{Name: "1人1日当たりごみ排出量", Years: []model.IndicatorYear{y}})
	Run(b, OptionsOf(defaultConfig()))
	if got := codes(b); fmt.Sprint(got) != "[error:stated_rate_inverse@G1]" {
		t.Fatalf("findings %v", got)
	}
	msg := b.Findings[0].Message
	for _, want := range []string{"「96.0」", "低いほど良い指標の式（目標値 ÷ 実績値 × 100）", "「104.2」", "indicators"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	// Configured lower-is-better, the same sheet matches: nothing to say.
	cfg := defaultConfig()
	cfg.Indicators = append(cfg.Indicators, config.IndicatorRule{Name: "1人1日当たりごみ排出量", Direction: "lower"})
	b = batchOf("2026-11-23", model.Indicator{Name: "1人1日当たりごみ排出量", Years: []model.IndicatorYear{iy(2021, num("120"), num("125"), "96.0", "1")}})
	Run(b, OptionsOf(cfg))
	if got := codes(b); len(got) != 0 {
		t.Errorf("configured lower: findings %v", got)
	}
}

// Where the configuration or the sheet already states the direction, the
// inverse finding says so and asks to correct one of them; it does not ask
// to state the direction again (trial D). By hand: configured lower,
// 120 ÷ 125 × 100 = 96.0 computed; 125 ÷ 120 × 100 = 104.166… → 104.2
// stated, the higher-is-better formula.
func TestRunStatedRateInverseAdviceBySource(t *testing.T) {
	const name = "1人1日当たりごみ排出量"
	configured := defaultConfig()
	configured.Indicators = append(configured.Indicators, config.IndicatorRule{Name: name, Direction: "lower"})
	sheet := func(d model.Declared) model.Indicator {
		return model.Indicator{Name: name, Declared: d, DeclaredSource: model.Source{File: "a.xlsx", Sheet: "S", Cell: "H20"},
			Years: []model.IndicatorYear{iy(2021, num("120"), num("125"), "104.2", "1")}}
	}
	plain := model.Indicator{Name: name, Years: []model.IndicatorYear{iy(2021, num("125"), num("120"), "104.2", "1")}}
	for _, tc := range []struct {
		name     string
		cfg      *config.Config
		ind      model.Indicator
		want     []string
		wantNone []string
	}{
		{"configured", configured, model.Indicator{Name: name, Years: []model.IndicatorYear{iy(2021, num("120"), num("125"), "104.2", "1")}},
			[]string{"設定の indicators（「" + name + "」）で「低いほど良い」としているため、達成率を「96.0」と計算しました", "direction を直して"},
			[]string{"入力するか", "登録して"}},
		{"declared on the sheet", defaultConfig(), sheet(model.DeclaredLower),
			[]string{"シートの評価方向（セルH20）が「低いほど良い」のため、達成率を「96.0」と計算しました", "「評価方向」を「高いほど良い」に直して"},
			[]string{"入力するか", "登録して"}},
		{"declared nowhere", defaultConfig(), plain,
			[]string{"評価方向の指定がなく「高いほど良い」として扱うため、達成率を「96.0」と計算しました", "「低いほど良い」と入力するか", "登録して"},
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := batchOf("2026-11-23", tc.ind)
			Run(b, OptionsOf(tc.cfg))
			var msg string
			for _, f := range b.Findings {
				if f.Code == CodeStatedRateInverse {
					msg = f.Message
				}
			}
			if msg == "" {
				t.Fatalf("no %s finding: %v", CodeStatedRateInverse, codes(b))
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			for _, w := range tc.wantNone {
				if strings.Contains(msg, w) {
					t.Errorf("message %q says %q", msg, w)
				}
			}
		})
	}
}

// Negative values: a negative target (or a negative actual under
// lower-is-better) gives no rate, warned at the negative value; a negative
// actual against a positive target is a rate below 0, warned. By hand:
// −450 against −400 is worse, yet −450 ÷ −400 = 112.5 %; −50 ÷ 100 = −50.0 %.
func TestRunNegativeValues(t *testing.T) {
	tests := []struct {
		target, actual string
		dir            model.Direction
		want           []string
		rate           model.Rate
	}{
		{"-400", "-450", model.HigherIsBetter, []string{"warning:negative_rate_basis@E1"}, model.Rate{}},
		{"-300", "-250", model.HigherIsBetter, []string{"warning:negative_rate_basis@E1"}, model.Rate{}},
		{"100", "-50", model.HigherIsBetter, []string{"warning:negative_rate_basis@F1"}, model.Rate{Tenths: -500, Valid: true}},
		{"5", "-1", model.LowerIsBetter, []string{"warning:negative_rate_basis@F1"}, model.Rate{}},
	}
	for _, tt := range tests {
		b := batchOf("2026-11-23", model.Indicator{Name: "x", Direction: tt.dir, Years: []model.IndicatorYear{iy(2020, num(tt.target), num(tt.actual), "", "1")}})
		opt := OptionsOf(defaultConfig())
		if tt.dir == model.LowerIsBetter {
			opt.Indicators = []config.IndicatorRule{{Name: "x", Direction: "lower"}}
		}
		Run(b, opt)
		if got := codes(b); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s / %s: findings %v, want %v", tt.actual, tt.target, got, tt.want)
		}
		ev := b.Initiatives[0].Indicators[0].Years[0].Eval
		if ev.Rate != tt.rate {
			t.Errorf("%s / %s: rate %+v, want %+v", tt.actual, tt.target, ev.Rate, tt.rate)
		}
		if !tt.rate.Valid && ev.Judgement != model.NotEvaluable {
			t.Errorf("%s / %s: judgement %v without a rate", tt.actual, tt.target, ev.Judgement)
		}
	}
}
