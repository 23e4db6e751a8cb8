package ingest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
	"planreport/pipeline/rate"
	"planreport/templates"
)

// waitingSheet is issue 20's sheet: 窓口平均待ち時間 (分), targets 30, 28, 25,
// 22, 20 and actuals 33, 27, 24 over 令和3〜7年度, no stated rates.
func waitingSheet(name, unit, direction string) templates.Sheet {
	s := templates.NextPlanExample()
	s.Indicators = []templates.Indicator{{
		Name: name, Unit: unit, Direction: direction,
		Targets: []templates.Cell{templates.Number("30"), templates.Number("28"), templates.Number("25"), templates.Number("22"), templates.Number("20")},
		Actuals: []templates.Cell{templates.Number("33"), templates.Number("27"), templates.Number("24")},
	}}
	return s
}

// readRated writes s (edit may change the file first), reads it and rates
// it under cfg (nil: the default configuration).
func readRated(t *testing.T, s templates.Sheet, edit func(f *excelize.File, l templates.Layout), cfg *config.Config) (*model.Batch, templates.Layout) {
	t.Helper()
	f, layouts, err := templates.Build(templates.Workbook{File: "市民課.xlsx", Sheets: []templates.Sheet{s}})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if edit != nil {
		edit(f, layouts[0])
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	b := readFiles(t, map[string][]byte{"市民課.xlsx": buf.Bytes()}, Options{})
	if len(b.Initiatives) != 1 || len(b.Initiatives[0].Indicators) != 1 {
		t.Fatalf("read %d initiatives\n%s", len(b.Initiatives), dump(b.Findings))
	}
	rate.Run(b, rate.OptionsOf(cfg))
	return b, layouts[0]
}

func rates(ind model.Indicator) string {
	var out []string
	for _, y := range ind.Years {
		if y.Eval.Rate.Valid {
			out = append(out, y.Eval.Rate.String())
		}
	}
	return strings.Join(out, " ")
}

// Hand-worked: lower is better, 目標 ÷ 実績: 30/33 = 90.909 → 90.9,
// 28/27 = 103.70 → 103.7, 25/24 = 104.166 → 104.2; higher is better,
// 実績 ÷ 目標: 33/30 = 110.0, 27/28 = 96.43 → 96.4, 24/25 = 96.0.
const (
	lowerRates  = "90.9 103.7 104.2"
	higherRates = "110.0 96.4 96.0"
)

func TestDirectionDeclaredInSheet(t *testing.T) {
	b, l := readRated(t, waitingSheet("窓口平均待ち時間", "分", templates.DirectionLower), nil, nil)
	ind := b.Initiatives[0].Indicators[0]
	if ind.Declared != model.DeclaredLower || ind.DeclaredSource.Cell != l.DirectionCell(0) {
		t.Errorf("declared %v at %q, want lower at %s", ind.Declared, ind.DeclaredSource.Cell, l.DirectionCell(0))
	}
	if ind.Direction != model.LowerIsBetter || rates(ind) != lowerRates {
		t.Errorf("direction %s, rates %s, want 低いほど良い %s", ind.Direction.Label(), rates(ind), lowerRates)
	}
	if len(b.Findings) != 0 {
		t.Errorf("findings on a declared sheet:\n%s", dump(b.Findings))
	}
}

func TestDirectionUndeclaredWarns(t *testing.T) {
	b, _ := readRated(t, waitingSheet("窓口平均待ち時間", "分", ""), nil, nil)
	ind := b.Initiatives[0].Indicators[0]
	if ind.Declared != model.NotDeclared || ind.Direction != model.HigherIsBetter || rates(ind) != higherRates {
		t.Errorf("declared %v, direction %s, rates %s, want higher %s", ind.Declared, ind.Direction.Label(), rates(ind), higherRates)
	}
	fs := findingsWith(b, rate.CodeDirectionUndeclared)
	if len(fs) != 1 || fs[0].Severity != model.SeverityWarning {
		t.Fatalf("findings:\n%s", dump(b.Findings))
	}
	for _, must := range []string{"窓口平均待ち時間", "30、28、25、22、20", "評価方向", "indicators", "低いほど良い"} {
		if !strings.Contains(fs[0].Message, must) {
			t.Errorf("warning does not say %q: %s", must, fs[0].Message)
		}
	}
	// Declared higher: the department has said so, no warning.
	b, _ = readRated(t, waitingSheet("窓口平均待ち時間", "分", templates.DirectionHigher), nil, nil)
	if rates(b.Initiatives[0].Indicators[0]) != higherRates || len(b.Findings) != 0 {
		t.Errorf("declared higher: rates %s\n%s", rates(b.Initiatives[0].Indicators[0]), dump(b.Findings))
	}
}

func TestDirectionConfigWins(t *testing.T) {
	cfg := config.Default()
	cfg.Indicators = append(cfg.Indicators, config.IndicatorRule{Name: "窓口平均待ち時間", Direction: "lower"})
	b, l := readRated(t, waitingSheet("窓口平均待ち時間", "分", templates.DirectionHigher), nil, &cfg)
	ind := b.Initiatives[0].Indicators[0]
	if ind.Direction != model.LowerIsBetter || rates(ind) != lowerRates {
		t.Errorf("direction %s, rates %s, want the configuration's 低いほど良い %s", ind.Direction.Label(), rates(ind), lowerRates)
	}
	fs := findingsWith(b, rate.CodeDirectionConfigOverrides)
	if len(fs) != 1 || len(b.Findings) != 1 || fs[0].Cell != l.DirectionCell(0) {
		t.Fatalf("findings:\n%s", dump(b.Findings))
	}
	for _, must := range []string{"シートの評価方向では「高いほど良い」", "設定の indicators", "「低いほど良い」", "目標÷実績"} {
		if !strings.Contains(fs[0].Message, must) {
			t.Errorf("warning does not say %q: %s", must, fs[0].Message)
		}
	}
	// Both lower: they agree, nothing to say.
	b, _ = readRated(t, waitingSheet("窓口平均待ち時間", "分", templates.DirectionLower), nil, &cfg)
	if len(b.Findings) != 0 {
		t.Errorf("agreeing directions:\n%s", dump(b.Findings))
	}
}

// Markers in the name or unit declare the direction and are not shown.
func TestDirectionMarkers(t *testing.T) {
	for _, c := range []struct {
		name, unit, wantName, wantUnit string
		want                           model.Declared
	}{
		{"窓口平均待ち時間", "分（低いほど良い）", "窓口平均待ち時間", "分", model.DeclaredLower},
		{"窓口平均待ち時間", "分(低いほど良い)", "窓口平均待ち時間", "分", model.DeclaredLower},
		{"窓口平均待ち時間（低いほど良い）", "分", "窓口平均待ち時間", "分", model.DeclaredLower},
		{"窓口平均待ち時間↓", "分", "窓口平均待ち時間", "分", model.DeclaredLower},
		{"窓口平均待ち時間", "↓分", "窓口平均待ち時間", "分", model.DeclaredLower},
		{"窓口平均待ち時間", "分(高いほど良い)", "窓口平均待ち時間", "分", model.DeclaredHigher},
		{"窓口平均待ち時間↑", "分", "窓口平均待ち時間", "分", model.DeclaredHigher},
	} {
		t.Run(c.name+c.unit, func(t *testing.T) {
			b, _ := readRated(t, waitingSheet(c.name, c.unit, ""), nil, nil)
			ind := b.Initiatives[0].Indicators[0]
			if ind.Name != c.wantName || ind.Unit != c.wantUnit || ind.Declared != c.want {
				t.Errorf("read %q %q %v, want %q %q %v", ind.Name, ind.Unit, ind.Declared, c.wantName, c.wantUnit, c.want)
			}
			want := lowerRates
			if c.want == model.DeclaredHigher {
				want = higherRates
			}
			if rates(ind) != want || len(b.Findings) != 0 {
				t.Errorf("rates %s, want %s\n%s", rates(ind), want, dump(b.Findings))
			}
		})
	}
}

// Other layouts: a 方向 column header not merged, a 評価方向 row under the
// indicator's three rows, and a marker that contradicts the cell.
func TestDirectionLayouts(t *testing.T) {
	// 「方向」 header in the column after the years, value on the 実績値 row.
	b, l := readRated(t, waitingSheet("窓口平均待ち時間", "分", ""), func(f *excelize.File, l templates.Layout) {
		must(t, f.SetCellValue(l.Sheet, fmt.Sprintf("J%d", l.YearRow), "方向"))
		must(t, f.SetCellValue(l.Sheet, fmt.Sprintf("J%d", l.IndicatorRows[0]+1), "低いほど良い"))
	}, nil)
	ind := b.Initiatives[0].Indicators[0]
	if rates(ind) != lowerRates || len(b.Findings) != 0 || ind.DeclaredSource.Cell != fmt.Sprintf("J%d", l.IndicatorRows[0]+1) {
		t.Errorf("方向 column: rates %s at %q\n%s", rates(ind), ind.DeclaredSource.Cell, dump(b.Findings))
	}

	// A 評価方向 row: the second (blank) slot's first row relabelled.
	s := waitingSheet("窓口平均待ち時間", "分", "")
	s.Indicators = append(s.Indicators, templates.Indicator{})
	b, l = readRated(t, s, func(f *excelize.File, l templates.Layout) {
		r := l.IndicatorRows[1]
		must(t, f.SetCellValue(l.Sheet, fmt.Sprintf("C%d", r), "評価方向"))
		must(t, f.SetCellValue(l.Sheet, fmt.Sprintf("D%d", r), "低いほどよい"))
	}, nil)
	ind = b.Initiatives[0].Indicators[0]
	if rates(ind) != lowerRates || len(b.Findings) != 0 || ind.DeclaredSource.Cell != fmt.Sprintf("D%d", l.IndicatorRows[1]) {
		t.Errorf("評価方向 row: rates %s at %q\n%s", rates(ind), ind.DeclaredSource.Cell, dump(b.Findings))
	}

	// A 評価方向 column inserted between 単位 and the years.
	b, l = readRated(t, waitingSheet("窓口平均待ち時間", "分", ""), func(f *excelize.File, l templates.Layout) {
		must(t, f.InsertCols(l.Sheet, "E", 1))
		must(t, f.SetCellValue(l.Sheet, fmt.Sprintf("E%d", l.IndicatorsRow), "評価方向"))
		must(t, f.SetCellValue(l.Sheet, fmt.Sprintf("E%d", l.IndicatorRows[0]), "↓"))
	}, nil)
	ind = b.Initiatives[0].Indicators[0]
	if rates(ind) != lowerRates || len(b.Findings) != 0 || ind.DeclaredSource.Cell != fmt.Sprintf("E%d", l.IndicatorRows[0]) {
		t.Errorf("評価方向 before the years: rates %s at %q\n%s", rates(ind), ind.DeclaredSource.Cell, dump(b.Findings))
	}

	// The cell says lower, the unit's marker higher: the cell is used.
	b, _ = readRated(t, waitingSheet("窓口平均待ち時間", "分（高いほど良い）", templates.DirectionLower), nil, nil)
	ind = b.Initiatives[0].Indicators[0]
	if rates(ind) != lowerRates || ind.Unit != "分" || !slices.Equal(codesOf(b), []string{CodeDirectionConflict}) {
		t.Errorf("conflict: rates %s unit %q\n%s", rates(ind), ind.Unit, dump(b.Findings))
	}

	// An unreadable 評価方向: a warning naming it, rated higher.
	b, l = readRated(t, waitingSheet("窓口平均待ち時間", "分", "たぶん低い"), nil, nil)
	ind = b.Initiatives[0].Indicators[0]
	fs := findingsWith(b, CodeDirectionUnreadable)
	if rates(ind) != higherRates || len(fs) != 1 || fs[0].Cell != l.DirectionCell(0) || !strings.Contains(fs[0].Message, "たぶん低い") {
		t.Errorf("unreadable: rates %s\n%s", rates(ind), dump(b.Findings))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func codesOf(b *model.Batch) []string {
	var out []string
	for _, f := range b.Findings {
		out = append(out, f.Code)
	}
	return out
}
