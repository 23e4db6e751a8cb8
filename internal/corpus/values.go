package corpus

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
	"planreport/templates"
)

// FormulaTexts are the texts of formula-text.xlsx that look like formulas
// (the classic CSV/DDE injection payloads). They must reach every output as
// text.
var FormulaTexts = map[string]string{
	"B4":  "=cmd|' /C calc'!A0",
	"B10": "+SUM(1,2)",
	"B13": "@SUM(1+1)*cmd|' /C calc'!A0",
	"D14": "-2+3+cmd|' /C calc'!A0",
}

// valueEntries are management sheets whose values are odd: the sheet is
// read, and the finding names the cell.
func valueEntries() []Entry {
	return []Entry{
		staleFormulaEntry(),
		externalLinkEntry(),
		formulaTextEntry(),
		dateValueEntry(),
		targetZeroEntry(),
		negativeEntry(),
		rate1000Entry(),
	}
}

// staleFormulaEntry is stale-formula.xlsx.
func staleFormulaEntry() Entry {
	return Entry{
		Name: "stale-formula.xlsx", About: "a formula whose cached value is stale (=E11*3 cached as 110) and one without a cached value", Status: model.FileAccepted, Committed: true,
		Want: []Want{
			at(model.SeverityWarning, "formula_cached_value", "F11"),
			at(model.SeverityInfo, "formula_computed", "G11"),
		},
		Verify: func(b *model.Batch) error {
			// The cached 110 is used as written (never recomputed to 270).
			err := yearValues(b, "stale-formula.xlsx", 1, func(y model.IndicatorYear) error {
				if y.Actual.Number != "110" || y.Eval.Rate.Tenths != 1100 {
					return fmt.Errorf("F11 %+v rate %s, want 110 and 110.0", y.Actual, y.Eval.Rate)
				}
				return nil
			})
			if err != nil {
				return err
			}
			// G11 has no saved result: computed, with F11's saved 110
			// (E11 is 90), not with F11's formula recomputed.
			return yearValues(b, "stale-formula.xlsx", 2, func(y model.IndicatorYear) error {
				if y.Actual.Number != "200" {
					return fmt.Errorf("G11 %+v, want 200 (90 + the saved 110)", y.Actual)
				}
				return nil
			})
		},
		bytes: func() ([]byte, error) {
			return book("stale-formula", []templates.Sheet{baseSheet(30)}, func(f *excelize.File, _ []templates.Layout) error {
				if err := f.SetCellFormula("取組1", "F11", "E11*3"); err != nil { // keeps 110 as the cached value
					return err
				}
				return f.SetCellFormula("取組1", "G11", "E11+F11") // no cached value at all
			})
		},
	}
}

// externalLinkEntry is external-link.xlsx.
func externalLinkEntry() Entry {
	return Entry{
		Name: "external-link.xlsx", About: "a formula referring to another workbook (file:///C:/Users/…/集計.xlsx) with its cached value", Status: model.FileAccepted, Committed: true,
		Want: []Want{
			{Code: "external_link", Severity: model.SeverityWarning},
			at(model.SeverityWarning, "formula_cached_value", "F11"),
		},
		bytes: func() ([]byte, error) {
			data, err := book("external-link", []templates.Sheet{baseSheet(31)}, func(f *excelize.File, _ []templates.Layout) error {
				return f.SetCellFormula("取組1", "F11", "[1]集計!B2")
			})
			if err != nil {
				return nil, err
			}
			return rewrite(data, nil,
				[2]string{"xl/externalLinks/externalLink1.xml", `<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="集計"/></sheetNames></externalBook></externalLink>`},
				[2]string{"xl/externalLinks/_rels/externalLink1.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/Users/secret/集計.xlsx" TargetMode="External"/></Relationships>`})
		},
	}
}

// formulaTextEntry is formula-text.xlsx.
func formulaTextEntry() Entry {
	return Entry{
		Name: "formula-text.xlsx", About: "text that looks like a formula (=, +, -, @) in text and value cells", Status: model.FileAccepted, Committed: true,
		Want: []Want{
			at(model.SeverityInfo, "text_formula_like", "B4"),
			at(model.SeverityInfo, "text_formula_like", "B10"),
			at(model.SeverityInfo, "text_formula_like", "B13"),
			at(model.SeverityInfo, "text_formula_like", "D14"),
			at(model.SeverityInfo, "text_formula_like", "G10"),
			at(model.SeverityError, "value_unreadable", "G10"),
		},
		Verify: func(b *model.Batch) error {
			in := initiative(b, "formula-text.xlsx")
			if in == nil || len(in.Indicators) != 1 {
				return fmt.Errorf("sheet not kept")
			}
			// Kept verbatim as text (by hand: the payloads as written).
			if in.Indicators[0].Name != FormulaTexts["B10"] || in.Overview.Plain() != FormulaTexts["B4"] {
				return fmt.Errorf("indicator %q overview %q", in.Indicators[0].Name, in.Overview.Plain())
			}
			return nil
		},
		bytes: func() ([]byte, error) {
			return book("formula-text", []templates.Sheet{baseSheet(32)}, func(f *excelize.File, _ []templates.Layout) error {
				for _, cell := range []string{"B4", "B10", "B13", "D14"} {
					if err := f.SetCellStr("取組1", cell, FormulaTexts[cell]); err != nil {
						return err
					}
				}
				return f.SetCellStr("取組1", "G10", "=1+1")
			})
		},
	}
}

// dateValueEntry is date-value.xlsx.
func dateValueEntry() Entry {
	return Entry{
		Name: "date-value.xlsx", About: "a date (2022-04-01) typed into an actual-value cell", Status: model.FileAccepted, Committed: true,
		Want:   []Want{at(model.SeverityError, "value_is_date", "F11")},
		Verify: initiativeKept("date-value.xlsx", 33),
		bytes: func() ([]byte, error) {
			return book("date-value", []templates.Sheet{baseSheet(33)}, func(f *excelize.File, _ []templates.Layout) error {
				return f.SetCellValue("取組1", "F11", time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC))
			})
		},
	}
}

// targetZeroEntry is target-zero.xlsx.
func targetZeroEntry() Entry {
	return Entry{
		Name: "target-zero.xlsx", About: "targets of 0, one with a stated rate", Status: model.FileAccepted, Committed: true,
		Want: []Want{
			at(model.SeverityInfo, "target_zero", "E10"),
			at(model.SeverityInfo, "target_zero", "F10"),
			at(model.SeverityWarning, "stated_rate_without_basis", "E12"),
		},
		Verify: func(b *model.Batch) error {
			// SPEC: a target of 0 gives no rate (—), whatever the actual.
			for j := range 2 {
				if err := yearValues(b, "target-zero.xlsx", j, func(y model.IndicatorYear) error {
					if y.Target.Number != "0" || y.Eval.Rate.Valid || y.Eval.Judgement != model.NotEvaluable {
						return fmt.Errorf("year %d: target %+v eval %+v, want 0 and —", j, y.Target, y.Eval)
					}
					return nil
				}); err != nil {
					return err
				}
			}
			return nil
		},
		bytes: func() ([]byte, error) {
			s := baseSheet(34)
			s.Indicators[0].Targets[0] = templates.Number("0")
			s.Indicators[0].Targets[1] = templates.Number("0")
			s.Indicators[0].Rates[1] = templates.Cell{}
			return book("target-zero", []templates.Sheet{s}, nil)
		},
	}
}

// negativeEntry is negative.xlsx.
func negativeEntry() Entry {
	return Entry{
		Name: "negative.xlsx", About: "negative values written as △20 and -50", Status: model.FileAccepted, Committed: true,
		Want: []Want{
			at(model.SeverityWarning, "negative_rate_basis", "E11"),
			at(model.SeverityWarning, "negative_rate_basis", "F10"),
		},
		Verify: func(b *model.Batch) error {
			// By hand: -20 ÷ 100 × 100 = -20.0; a target of -50 gives no
			// rate (-25 ÷ -50 would be 50 %, though -25 is better than -50).
			want := []struct {
				target, actual model.Decimal
				rate           model.Rate
			}{{"100", "-20", model.Rate{Tenths: -200, Valid: true}}, {"-50", "-25", model.Rate{}}}
			for j, w := range want {
				if err := yearValues(b, "negative.xlsx", j, func(y model.IndicatorYear) error {
					if y.Target.Number != w.target || y.Actual.Number != w.actual || y.Eval.Rate != w.rate {
						return fmt.Errorf("year %d: %s / %s rate %s", j, y.Target.Number, y.Actual.Number, y.Eval.Rate)
					}
					return nil
				}); err != nil {
					return err
				}
			}
			return nil
		},
		bytes: func() ([]byte, error) {
			s := baseSheet(35)
			ind := &s.Indicators[0]
			ind.Actuals[0], ind.Rates[0] = templates.Text("△20"), templates.Cell{}
			ind.Targets[1], ind.Actuals[1], ind.Rates[1] = templates.Text("-50"), templates.Number("-25"), templates.ParseCell("50.0")
			return book("negative", []templates.Sheet{s}, nil)
		},
	}
}

// rate1000Entry is rate-1000.xlsx.
func rate1000Entry() Entry {
	return Entry{
		Name: "rate-1000.xlsx", About: "an actual ten times the target: a rate of 1,000 %", Status: model.FileAccepted, Committed: true,
		// The rate is computed and graded A, with a warning at the
		// actual asking for a second look (≥ 1000 %).
		Want: []Want{at(model.SeverityWarning, "rate_implausible", "E11")},
		Verify: func(b *model.Batch) error {
			// By hand: 1,000 ÷ 100 × 100 = 1000.0, stated 1000.0 → equal.
			return yearValues(b, "rate-1000.xlsx", 0, func(y model.IndicatorYear) error {
				if y.Actual.Number != "1000" || y.Eval.Rate.Tenths != 10000 || y.Eval.Judgement != model.GradeA || !y.Eval.StatedMatches {
					return fmt.Errorf("actual %+v eval %+v, want 1000, 1000.0, A", y.Actual, y.Eval)
				}
				return nil
			})
		},
		bytes: func() ([]byte, error) {
			s := baseSheet(36)
			ind := &s.Indicators[0]
			ind.Actuals[0], ind.Rates[0] = templates.Text("1,000"), templates.Text("1,000.0%")
			return book("rate-1000", []templates.Sheet{s}, nil)
		},
	}
}

// yearValues runs check on year j (0-based) of the first indicator of the
// file's management sheet.
func yearValues(b *model.Batch, file string, j int, check func(model.IndicatorYear) error) error {
	in := initiative(b, file)
	if in == nil || len(in.Indicators) == 0 || len(in.Indicators[0].Years) <= j {
		return fmt.Errorf("%s: no indicator year %d", file, j)
	}
	return check(in.Indicators[0].Years[j])
}
