package templates

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The 評価方向 field of block (3): its header and the two values of its
// drop-down.
const (
	LabelDirection  = "評価方向"
	DirectionHigher = "高いほど良い"
	DirectionLower  = "低いほど良い"
)

//go:embed reduce_words.txt
var reduceWords string

// ReduceWords are the words of reduce_words.txt: an indicator whose name
// holds one is most likely a count to reduce (lower is better). Kept as data
// so that the planning office can extend it without a code change.
func ReduceWords() []string {
	var out []string
	for line := range strings.Lines(reduceWords) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// hasDirection reports whether s gets a 評価方向 column: the blank template
// always, a synthetic sheet when one of its indicators states a direction.
func hasDirection(s Sheet) bool {
	if s.DirectionColumn {
		return true
	}
	for _, ind := range s.Indicators {
		if ind.Direction != "" {
			return true
		}
	}
	return false
}

// directionColumn is the column of the 評価方向 field: the one after the
// last fiscal year.
func directionColumn(s Sheet) int { return FirstYearColumn + len(s.Years) }

// DirectionCell is the 評価方向 cell of indicator i ("" when the sheet has
// no such column).
func (l Layout) DirectionCell(i int) string {
	if l.DirectionColumn == 0 {
		return ""
	}
	return cellName(l.DirectionColumn, l.IndicatorRows[i])
}

// addDirectionLists gives every 評価方向 cell of the blank sheet its
// drop-down of the two directions (blank allowed: higher is the default).
func addDirectionLists(f *excelize.File, sheet string, l Layout) error {
	for i := range l.IndicatorRows {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(l.DirectionCell(i))
		if err := dv.SetDropList([]string{DirectionHigher, DirectionLower}); err != nil {
			return fmt.Errorf("入力規則を作れません: %w", err)
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, LabelDirection, "「高いほど良い」か「低いほど良い」を選んでください。")
		dv.SetInput(LabelDirection, "値が低いほど良い指標（待ち時間、事故件数など）は「低いほど良い」を選びます。空欄は「高いほど良い」です。")
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return fmt.Errorf("入力規則を設定できません: %w", err)
		}
	}
	return nil
}
