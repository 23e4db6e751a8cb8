package rate

import (
	"strings"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
	"planreport/templates"
)

// Finding codes of the direction an indicator is rated in.
const (
	// CodeDirectionConfigOverrides: the configuration's indicators and the
	// sheet's 評価方向 disagree; the configuration wins.
	CodeDirectionConfigOverrides = "direction_config_overrides"
	// CodeDirectionUndeclared: rated higher-is-better, declared nowhere,
	// but its targets fall year to year or its name says it is a count to
	// reduce.
	CodeDirectionUndeclared = "direction_undeclared"
)

// minFallingTargets is how many targets, each lower than the one before,
// make a plan that aims lower.
const minFallingTargets = 3

// reduceWords are templates' reduce_words.txt, folded as labels.
var reduceWords = func() []string {
	var out []string
	for _, w := range templates.ReduceWords() {
		out = append(out, normalize.Label(w))
	}
	return out
}()

// direct sets ind.Direction: the configuration's rule k when there is one
// (k >= 0), else what the sheet declares, else higher-is-better; and warns
// when the two sources disagree or when an undeclared indicator looks
// lower-is-better.
func (r *rater) direct(ind *model.Indicator, rules []config.IndicatorRule, k int) {
	if k < 0 {
		ind.Direction = ind.Declared.Direction()
		if ind.Declared == model.NotDeclared {
			r.suspectDirection(ind)
		}
		return
	}
	ind.Direction = rules[k].Dir()
	if ind.Declared != model.NotDeclared && ind.Declared.Direction() != ind.Direction {
		r.batch.Add(model.SeverityWarning, CodeDirectionConfigOverrides, ind.DeclaredSource,
			"指標「%s」は、シートの評価方向では「%s」ですが、設定の indicators（「%s」）では「%s」です。設定を優先して「%s」（%s）で計算しました。どちらが正しいか確かめ、シートか設定を直してください。",
			ind.Name, ind.Declared.Direction().Label(), rules[k].Name, ind.Direction.Label(), ind.Direction.Label(), ind.Direction.Formula())
	}
}

// suspectDirection warns about an undeclared indicator rated
// higher-is-better whose targets fall or whose name is a count to reduce.
func (r *rater) suspectDirection(ind *model.Indicator) {
	var why string
	if targets, ok := fallingTargets(ind); ok {
		why = "目標値が年度ごとに下がっています（" + strings.Join(targets, "、") + "）"
	} else if w, ok := reduceWord(ind.Name); ok {
		why = "指標名に「" + w + "」を含みます"
		if len(targets) > 0 {
			why += "（目標値 " + strings.Join(targets, "、") + "）"
		}
	} else {
		return
	}
	r.batch.Add(model.SeverityWarning, CodeDirectionUndeclared, ind.Source,
		"指標「%s」は評価方向の指定がないため「高いほど良い」（実績÷目標）で計算しましたが、%s。低いほど良い指標なら、シートの「評価方向」欄に「低いほど良い」と入力するか、設定の indicators に direction: lower で登録してください（高いほど良い指標なら、評価方向に「高いほど良い」と入力すればこの警告は出ません）。",
		ind.Name, why)
}

// fallingTargets returns the indicator's targets as written and whether
// they are at least minFallingTargets numbers, each lower than the one
// before. A year without a target is skipped; one that is not a number
// (実施, unreadable) makes the series not a falling one.
func fallingTargets(ind *model.Indicator) ([]string, bool) {
	var shown []string
	falling := true
	var prev *model.Value
	for i := range ind.Years {
		v := &ind.Years[i].Target
		if v.Kind == model.ValueNone {
			continue
		}
		shown = append(shown, quote(*v))
		if v.Kind != model.ValueNumber {
			falling = false
			continue
		}
		if prev != nil && falling {
			a, okA := ratOf(prev.Number)
			b, okB := ratOf(v.Number)
			falling = okA && okB && b.Cmp(a) < 0
		}
		prev = v
	}
	return shown, falling && len(shown) >= minFallingTargets
}

// reduceWord returns the first of reduceWords the name holds.
func reduceWord(name string) (string, bool) {
	l := normalize.Label(name)
	for i, w := range reduceWords {
		if strings.Contains(l, w) {
			return templates.ReduceWords()[i], true
		}
	}
	return "", false
}
