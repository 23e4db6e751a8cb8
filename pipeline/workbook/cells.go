package workbook

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"planreport/pipeline/model"
)

// Cells are built as excelize.Cell values for the StreamWriter. A string
// Value is always written as an inline string: formula-looking text from a
// workbook (=HYPERLINK(…), @SUM(A1), +1, -1+2) stays text, because the
// StreamWriter writes a formula only from Cell.Formula, which is never set
// here.

func text(style int, s string) excelize.Cell { return excelize.Cell{StyleID: style, Value: s} }

func empty(style int) excelize.Cell { return excelize.Cell{StyleID: style} }

// positive writes n as a number, or leaves the cell empty when n is not a
// real goal number, initiative number or year (0: not read).
func positive(style, n int) excelize.Cell {
	if n <= 0 {
		return empty(style)
	}
	return excelize.Cell{StyleID: style, Value: n}
}

// hasValue reports whether v holds a target or actual the report can show:
// a number, 実施 or 未実施. Unreadable cells (ValueInvalid) were left out
// with an error finding.
func hasValue(v model.Value) bool {
	switch v.Kind {
	case model.ValueNumber:
		_, ok := decimalFloat(v.Number)
		return ok
	case model.ValueDone, model.ValueNotDone:
		return true
	}
	return false
}

// noValueMarks are what a sheet writes for "no value" (SPEC: Normalization).
var noValueMarks = []string{"", "—", "－", "-", "―", "–"}

// statedGiven reports whether the sheet wrote something in the 達成率 cell.
func statedGiven(v model.Value) bool {
	if v.Kind != model.ValueNone {
		return true
	}
	raw := strings.TrimSpace(v.Raw)
	for _, m := range noValueMarks {
		if raw == m {
			return false
		}
	}
	return true
}

// statedDisagrees reports whether the sheet's 達成率 differs from the
// computed one and should be highlighted.
func statedDisagrees(y model.IndicatorYear) bool {
	return statedGiven(y.StatedRate) && !y.Eval.StatedMatches
}

// valueCell writes a target or actual: a number as a numeric cell, 実施 or
// 未実施 as text, anything else as an empty cell.
func valueCell(st *styles, v model.Value) excelize.Cell {
	switch v.Kind {
	case model.ValueNumber:
		if f, ok := decimalFloat(v.Number); ok {
			return excelize.Cell{StyleID: st.text, Value: f}
		}
	case model.ValueDone, model.ValueNotDone:
		return text(st.text, v.Text())
	}
	return empty(st.text)
}

// rateCell writes the computed rate as a number shown with one decimal, or
// an empty cell when there is none (—).
func rateCell(st *styles, y model.IndicatorYear) excelize.Cell {
	style := st.rate
	if statedDisagrees(y) {
		style = st.rateBad
	}
	if !y.Eval.Rate.Valid {
		return empty(style)
	}
	return excelize.Cell{StyleID: style, Value: y.Eval.Rate.Float64()}
}

// statedCell writes the 達成率 as the sheet wrote it (StatedRate.Raw). When
// the text is a plain number (after NFKC, so １１６．７ counts, and without
// a trailing %) the cell is numeric, formatted with as many decimals as
// were written, so 42.0 still reads 42.0; anything else stays text.
func statedCell(st *styles, y model.IndicatorYear) excelize.Cell {
	bad := statedDisagrees(y)
	raw := strings.TrimSpace(y.StatedRate.Raw)
	if raw == "" && y.StatedRate.Kind == model.ValueNumber {
		raw = string(y.StatedRate.Number)
	}
	if raw == "" {
		return empty(st.text)
	}
	plain := strings.TrimSpace(norm.NFKC.String(raw))
	plain = strings.TrimSpace(strings.TrimSuffix(plain, "%"))
	if model.IsDecimal(plain) {
		// ParseDecimal vets the text (no exponent, no units); the float is
		// parsed from the text itself so that no digit written is rounded
		// away before Excel's own 15 significant digits.
		number, err := strconv.ParseFloat(plain, 64)
		if err != nil {
			return text(st.text, raw)
		}
		// At least one decimal, as every rate is shown: a sheet's cell
		// formatted 0.0 stores 42 and shows 42.0, and reading it raw
		// loses the format.
		decimals := 1
		if i := strings.IndexByte(plain, '.'); i >= 0 {
			decimals = max(1, len(plain)-i-1)
		}
		decimals = min(decimals, maxStatedDecimals+1)
		style := st.stated[decimals]
		if bad {
			style = st.statedBad[decimals]
		}
		return excelize.Cell{StyleID: style, Value: number}
	}
	if bad {
		return text(st.textBad, raw)
	}
	return text(st.text, raw)
}

// judgementLabel is Judgement.Label without its panic on values the model
// does not define.
func judgementLabel(j model.Judgement) string {
	if j > model.NotAchieved {
		return model.NotEvaluable.Label()
	}
	return j.Label()
}

// yearLabel is the fiscal year in the era of the year, as every other
// sheet and the report show it (SPEC: 平成32年度 is shown as 令和2年度), so
// that filtering データ by 年度表記 finds one name per year whatever each
// sheet wrote; the sheet's own label stays traceable through ファイル,
// シート and the sheet itself.
func yearLabel(y model.FiscalYear) string {
	if y.Year <= 0 {
		return strings.TrimSpace(y.Label)
	}
	return model.Wareki(y.Year)
}

// decimalFloat is the float64 nearest to d, for a numeric cell. It parses
// the canonical decimal text directly (Decimal.Float64 goes through
// big.Rat, which costs a third of the build time of a big batch); a
// Decimal that is not plain decimal text is no number.
func decimalFloat(d model.Decimal) (float64, bool) {
	s := string(d)
	if s == "" || strings.ContainsAny(s, "eEpPxX_infINF") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
