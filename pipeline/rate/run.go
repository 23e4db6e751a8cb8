package rate

import (
	"fmt"
	"log/slog"
	"math/big"
	"strings"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// Finding codes of the rate stage. They are stable: scripts and tests
// branch on them.
const (
	CodeStatedRateMismatch             = "stated_rate_mismatch"
	CodeStatedRateRounding             = "stated_rate_rounding"
	CodeStatedRateAsFraction           = "stated_rate_as_fraction"
	CodeStatedRateWithoutBasis         = "stated_rate_without_basis"
	CodeStatedJudgement                = "stated_judgement"
	CodeStatedRateInverse              = "stated_rate_inverse"
	CodeConfigIndicatorUnmatched       = "config_indicator_unmatched"
	CodeStatedJudgementMismatch        = "stated_judgement_mismatch"
	CodeQualitativeTargetNumericActual = "qualitative_target_numeric_actual"
	CodeNumericTargetQualitativeActual = "numeric_target_qualitative_actual"
	CodeQualitativeTargetNotDone       = "qualitative_target_not_done"
	CodeZeroActualLowerIsBetter        = "zero_actual_lower_is_better"
	CodeRateOverflow                   = "rate_overflow"
	CodeRateImplausible                = "rate_implausible"
	CodeValueAsFraction                = "value_as_fraction"
	CodeTargetZero                     = "target_zero"
	CodeNegativeRateBasis              = "negative_rate_basis"
	CodeUnreadableNumber               = "unreadable_number"
	CodeActualAfterReportYear          = "actual_after_report_year"
)

// Options are what the rate stage uses of the configuration.
type Options struct {
	Rounding config.Rounding
	Grades   []config.GradeBand
	// Indicators are the configured directions, by indicator name.
	Indicators []config.IndicatorRule
}

// OptionsOf takes the rate stage's options from a configuration; nil means
// config.Default().
func OptionsOf(cfg *config.Config) Options {
	if cfg == nil {
		def := config.Default()
		cfg = &def
	}
	return Options{Rounding: cfg.Rounding, Grades: cfg.Grades, Indicators: cfg.Indicators}
}

// Run sets every indicator's Direction (from the configured indicators,
// else from the sheet's 評価方向), computes every IndicatorYear.Eval,
// checks the stated 達成率, and fills b.Rollups.
//
// Findings are appended to b.Findings in the order of the initiatives; the
// integrator sorts them.
func Run(b *model.Batch, opt Options) {
	if b == nil {
		return
	}
	r := rater{
		batch:    b,
		rounding: opt.Rounding,
		grader:   newGrader(opt.Grades),
	}
	if len(r.grader.mins) == 0 {
		// Config.Validate refuses this; a caller that skipped it still gets
		// grades rather than a report full of —.
		slog.Warn("設定に使える評価区分がないため、既定の区分（A 100 / B 80 / C 50）を使います")
		r.grader = newGrader(config.Default().Grades)
	}
	r.reportYear, r.hasReportYear = model.FiscalYearOfDate(b.ReportDate)
	matched := make([]bool, len(opt.Indicators))
	rules := config.RulesOf(opt.Indicators)
	var ruleless []namedIndicator // for nearIndicator, in batch order
	for _, in := range b.Initiatives {
		if in == nil {
			continue
		}
		for i := range in.Indicators {
			ind := &in.Indicators[i]
			k, key := rules.Index(ind.Name)
			r.direct(ind, opt.Indicators, k)
			// The configured entry that set the direction, if any: advice
			// on a stated rate says which source to correct.
			rule := ""
			if k >= 0 {
				rule = opt.Indicators[k].Name
				matched[k] = true
			} else {
				ruleless = append(ruleless, namedIndicator{key: []rune(key), ind: ind})
			}
			for j := range ind.Years {
				r.evaluate(ind, &ind.Years[j], rule)
			}
		}
	}
	// A configured direction that names no indicator but nearly names one
	// is most likely a typo, and the indicator it meant is then rated the
	// other way round. (One that names nothing alike is left alone: the
	// shipped rule for 消防団の班の数 need not match every city's sheets.)
	for k, rule := range opt.Indicators {
		if matched[k] || rule.Direction != "lower" {
			continue
		}
		_, key := rules.Index(rule.Name) // folded as the indicators' names are
		if ind, src, ok := nearIndicator(ruleless, key); ok {
			b.Add(model.SeverityWarning, CodeConfigIndicatorUnmatched, src,
				"設定で「低いほど良い」とした指標「%s」はどのシートにもありませんが、指標「%s」と似ています。同じ指標なら、設定の indicators の名前をシートと同じにしてください（今は「高いほど良い」として計算しています）。",
				rule.Name, ind)
		}
	}
	b.Rollups = buildRollups(b.Initiatives, opt.Rounding)
}

type rater struct {
	batch         *model.Batch
	rounding      config.Rounding
	grader        grader
	reportYear    int
	hasReportYear bool
}

// inverseWording says, for a stated rate written with the other
// direction's formula, where the direction want came from (origin, the
// reason for the rate computed) and what to correct (advice). rule is the
// configured indicators entry that set the direction, "" when none did.
// Where the configuration or the sheet already states the direction,
// adding a statement would not help: the one that is wrong, it or the
// stated rate, must be corrected.
func inverseWording(ind *model.Indicator, rule, want, other string) (origin, advice string) {
	switch {
	case rule != "":
		return "設定の indicators（「" + rule + "」）で「" + want + "」としているため",
			"設定が正しければ記載達成率を直してください。" + other + "指標なら、設定の indicators のこの指標の direction を直してください（企画担当課）。"
	case ind.Declared != model.NotDeclared:
		return "シートの評価方向" + cellNote(ind.DeclaredSource) + "が「" + want + "」のため",
			"評価方向が正しければ記載達成率を直してください。" + other + "指標なら、シートの「評価方向」を「" + other + "」に直してください。"
	}
	return "評価方向の指定がなく「" + want + "」として扱うため",
		other + "指標なら、シートの「評価方向」欄に「" + other + "」と入力するか、設定の indicators にこの指標名を登録してください（企画担当課）。"
}

func roundingLabel(r config.Rounding) string {
	if r == config.Truncate {
		return "切り捨て"
	}
	return "四捨五入"
}

// where names an indicator-year in messages: 指標「まちづくり懇談会開催回数」平成29年度.
func where(ind *model.Indicator, y *model.IndicatorYear) string {
	return "指標「" + ind.Name + "」" + y.Year.Display()
}

// quote shows a value as the sheet wrote it when it can, else as read.
// quoteRate quotes a stated rate. A numeric cell formatted 0.0 stores 42
// and shows 42.0: quote it as the department saw it.
func quoteRate(v model.Value) string {
	if v.Kind == model.ValueNumber && !strings.Contains(string(v.Number), ".") && isPlainNumber(v.Raw) {
		return string(v.Number) + ".0"
	}
	return quote(v)
}

func quote(v model.Value) string {
	if s := strings.TrimSpace(v.Raw); s != "" {
		return s
	}
	return v.Text()
}

// isPlainNumber reports whether raw is digits with at most a sign: the text
// a numeric cell gives when read raw.
func isPlainNumber(raw string) bool {
	raw = strings.TrimPrefix(strings.TrimSpace(raw), "-")
	if raw == "" {
		return false
	}
	for _, c := range raw {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// formula shows how a rate was computed: 187 ÷ 176 × 100 = 106.25.
func (c *calc) formula() string {
	num, den := c.operands(c.dir)
	return string(num.text) + " ÷ " + string(den.text) + " × 100 = " + c.exactText()
}

// exactText writes a rational in at most four decimals, marking a cut with …
// (75.5813… rather than a float's 75.58139534883722).
func exactText(r *big.Rat) string {
	if r == nil {
		return "—"
	}
	scaled := new(big.Rat).Mul(r, big.NewRat(10000, 1))
	s := r.FloatString(4)
	if !scaled.IsInt() {
		// FloatString rounds; cut instead so that the digits shown are
		// digits of the value.
		q := new(big.Int).Quo(scaled.Num(), scaled.Denom())
		s = new(big.Rat).SetFrac(q, big.NewInt(10000)).FloatString(4) + "…"
		if q.Sign() == 0 && r.Sign() < 0 {
			s = "-" + s
		}
		return s
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// reportReason reports why an indicator-year has no rate, or a rate to
// look at twice (negative), when compute gave a reason.
func (r *rater) reportReason(ind *model.Indicator, y *model.IndicatorYear, c *calc, stated bool) {
	b := r.batch
	o := c.Outcome
	switch o.Reason {
	case ZeroActualLowerIsBetter:
		b.Add(model.SeverityWarning, CodeZeroActualLowerIsBetter, y.Actual.Source,
			"%sの実績値%sが0です。この指標は低いほど良い指標（達成率 = 目標値 ÷ 実績値 × 100）のため、達成率を計算できません。判定は「—」とします。",
			where(ind, y), cellNote(y.Actual.Source))
	case QualitativeTargetNumericActual:
		note := ""
		if stated {
			note = fmt.Sprintf("記載達成率「%s」は検証していません。", quoteRate(y.StatedRate))
		}
		b.Add(model.SeverityWarning, CodeQualitativeTargetNumericActual, y.Actual.Source,
			"%sの目標値は「実施」ですが、実績値%sが数値「%s」です。実績値は「実施」または「未実施」で記入してください。定性目標として評価できないため、判定は「—」（評価不能）とします。%s",
			where(ind, y), cellNote(y.Actual.Source), quote(y.Actual), note)
	case NumericTargetQualitativeActual:
		b.Add(model.SeverityError, CodeNumericTargetQualitativeActual, y.Actual.Source,
			"%sの目標値は数値「%s」ですが、実績値%sが「%s」です。実績値は数値で記入してください。達成率は計算しません。",
			where(ind, y), quote(y.Target), cellNote(y.Actual.Source), y.Actual.Text())
	case QualitativeTargetNotDone:
		b.Add(model.SeverityWarning, CodeQualitativeTargetNotDone, y.Target.Source,
			"%sの目標値%sが「未実施」です。目標値は「実施」または数値で記入してください。判定は「—」とします。", where(ind, y), cellNote(y.Target.Source))
	case Overflow:
		b.Add(model.SeverityError, CodeRateOverflow, y.Actual.Source,
			"%sの達成率が大きすぎて計算できません（目標値「%s」、実績値「%s」）。値と単位を確認してください。",
			where(ind, y), quote(y.Target), quote(y.Actual))
	case UnreadableNumber:
		src := y.Target.Source
		if y.Target.Kind == model.ValueNumber {
			if _, ok := ratOf(y.Target.Number); ok {
				src = y.Actual.Source
			}
		}
		b.Add(model.SeverityError, CodeUnreadableNumber, src,
			"%sの目標値「%s」または実績値「%s」を数値として扱えません。達成率は計算しません。",
			where(ind, y), quote(y.Target), quote(y.Actual))
	case NegativeBasis:
		b.Add(model.SeverityWarning, CodeNegativeRateBasis, y.Actual.Source,
			"%sの実績値「%s」が負の値のため、達成率は%s%%（%s）と負になります。値を確認してください。",
			where(ind, y), quote(y.Actual), o.Rate, c.formula())
	case NegativeRatio:
		src := y.Target.Source
		if c.t.sign() >= 0 {
			src = y.Actual.Source
		}
		b.Add(model.SeverityWarning, CodeNegativeRateBasis, src,
			"%sの目標値「%s」・実績値「%s」に負の値があり、比では目標との差の良し悪しを表せない（目標−400・実績−450でも100%%を超える）ため、達成率は計算しません（—）。増減数の指標は、増減の幅など正の値で目標を立ててください。",
			where(ind, y), quote(y.Target), quote(y.Actual))
	}
}

// implausibleTenths is the rate (1,000 %) from which a computed rate is
// reported for a second look.
const implausibleTenths = 10000

func (r *rater) evaluate(ind *model.Indicator, y *model.IndicatorYear, rule string) {
	b := r.batch
	c := compute(y.Target, y.Actual, ind.Direction, r.rounding)
	o := c.Outcome
	judgement := o.Qualitative
	if o.Rate.Valid {
		judgement = r.grader.grade(o.Rate)
	}
	y.Eval = model.Evaluation{Rate: o.Rate, Judgement: judgement, StatedMatches: true}
	stated := statedPresent(y.StatedRate)

	r.reportReason(ind, y, &c, stated)

	switch {
	case o.Rate.Valid && o.Rate.Tenths >= implausibleTenths:
		// Not wrong by itself, but far more often a unit slip (人 vs 千人,
		// % typed as a count) than a real result: worth a second look
		// before the council reads it.
		b.Add(model.SeverityWarning, CodeRateImplausible, y.Actual.Source,
			"%sの達成率が%s%%になります（%s）。目標値・実績値・単位に誤りがないか確認してください。",
			where(ind, y), o.Rate, c.formula())
	case o.Reason == ZeroTarget && y.Actual.Kind == model.ValueNumber:
		b.Add(model.SeverityInfo, CodeTargetZero, y.Target.Source,
			"%sの目標値%sが0のため、達成率は計算しません（—）。", where(ind, y), cellNote(y.Target.Source))
	}

	r.checkFraction(ind, y)

	if stated {
		r.checkStated(ind, y, &c, rule)
	} else if word := normalize.StatedJudgement(y.StatedRate); word != "" {
		r.checkStatedJudgement(ind, y, o, word)
	}

	if r.hasReportYear && y.Year.Year > r.reportYear &&
		(y.Actual.Kind == model.ValueNumber || y.Actual.IsQualitative()) {
		b.Add(model.SeverityWarning, CodeActualAfterReportYear, y.Actual.Source,
			"%sの実績値%s「%s」は、報告日（%s、%s）より後の年度に記入されています。年度の列を確認してください。",
			where(ind, y), cellNote(y.Actual.Source), quote(y.Actual), b.ReportDate, model.Wareki(r.reportYear))
	}
}

// checkFraction warns of a target or actual of an indicator in % written
// as a fraction of one (0.85 for 85 %, what a cell shows as 85% when
// formatted so, typed into a General cell) while the other is over one:
// rated as they stand, 0.85 against 90 is 0.9 %, grade D.
func (r *rater) checkFraction(ind *model.Indicator, y *model.IndicatorYear) {
	if u := normalize.Fold(ind.Unit); u != "%" && u != "パーセント" {
		return
	}
	if y.Target.Kind != model.ValueNumber || y.Actual.Kind != model.ValueNumber {
		return
	}
	t, okT := ratOf(y.Target.Number)
	a, okA := ratOf(y.Actual.Number)
	if !okT || !okA {
		return
	}
	one := big.NewRat(1, 1)
	fraction := func(v *big.Rat) bool { return v.Sign() > 0 && v.Cmp(one) <= 0 }
	small, other, slot, otherSlot := y.Actual, y.Target, "実績値", "目標値"
	switch {
	case fraction(a) && t.Cmp(one) > 0:
	case fraction(t) && a.Cmp(one) > 0:
		small, other, slot, otherSlot = y.Target, y.Actual, "目標値", "実績値"
	default:
		return
	}
	v, _ := ratOf(small.Number)
	pct := model.DecimalFromRat(new(big.Rat).Mul(v, big.NewRat(100, 1)))
	r.batch.Add(model.SeverityWarning, CodeValueAsFraction, small.Source,
		"%sの%s%s「%s」は、単位が%%の指標で1以下です（%sは「%s」）。%s%%のつもりであれば「%s」と入力してください。このままでは「%s」として達成率を計算します。",
		where(ind, y), slot, cellNote(small.Source), quote(small), otherSlot, quote(other), pct, pct, quote(small))
}

// statedPresent reports whether the sheet states a 達成率 worth checking:
// not empty or —, and readable (an unreadable one is already an ingest error).
func statedPresent(v model.Value) bool {
	return v.Kind != model.ValueNone && v.Kind != model.ValueInvalid
}

// checkStated compares the 達成率 written in the sheet with the computed one.
// Equal (as decimals: 42 equals 42.0) → nothing; equal under the other
// rounding rule, or a more precise figure that rounds to the computed one →
// warning; the same value written as a fraction (0.421 for 42.1 %, what a
// percent-formatted cell holds) → warning; otherwise → error.
func (r *rater) checkStated(ind *model.Indicator, y *model.IndicatorYear, c *calc, rule string) {
	b := r.batch
	o := c.Outcome
	if !o.Rate.Valid {
		y.Eval.StatedMatches = false
		r.statedWithoutRate(ind, y, o.Reason)
		return
	}
	if y.StatedRate.Kind != model.ValueNumber {
		y.Eval.StatedMatches = false
		b.Add(model.SeverityError, CodeStatedRateMismatch, y.StatedRate.Source,
			"%sの記載達成率%s「%s」は数値ではありません。計算値は「%s」です（%s、%s）。",
			where(ind, y), cellNote(y.StatedRate.Source), quoteRate(y.StatedRate), o.Rate, c.formula(), roundingLabel(r.rounding))
		return
	}
	s, ok := readNumber(y.StatedRate.Number)
	if !ok {
		y.Eval.StatedMatches = false
		b.Add(model.SeverityError, CodeUnreadableNumber, y.StatedRate.Source,
			"%sの記載達成率%s「%s」を数値として扱えません。", where(ind, y), cellNote(y.StatedRate.Source), quoteRate(y.StatedRate))
		return
	}
	if s.isTenths(o.Rate.Tenths, 0) {
		return
	}
	// A finding follows, whichever case below applies.
	y.Eval.StatedMatches = false
	other := otherRounding(r.rounding)
	otherTenths, otherOK := c.rates.under(other)
	st := s.tenths()
	sTenths, sOK := st.under(r.rounding)
	sOtherTenths, sOtherOK := st.under(other)
	f := c.formula()
	switch {
	case otherOK && s.isTenths(otherTenths, 0):
		b.Add(model.SeverityWarning, CodeStatedRateRounding, y.StatedRate.Source,
			"%sの記載達成率%s「%s」は%sによる値です。設定（%s）による計算値は「%s」です（%s）。",
			where(ind, y), cellNote(y.StatedRate.Source), quoteRate(y.StatedRate), roundingLabel(other), roundingLabel(r.rounding), o.Rate, f)
	case (sOK && sTenths == o.Rate.Tenths) || (sOtherOK && sOtherTenths == o.Rate.Tenths):
		b.Add(model.SeverityWarning, CodeStatedRateRounding, y.StatedRate.Source,
			"%sの記載達成率%s「%s」は小数第1位に丸められていません。計算値（%s）は「%s」です（%s）。",
			where(ind, y), cellNote(y.StatedRate.Source), quoteRate(y.StatedRate), roundingLabel(r.rounding), o.Rate, f)
	case isInverse(&s, c):
		// Written with the other direction's formula: a lower-is-better
		// indicator the configuration does not know (or the reverse).
		// The sheet's 評価方向 or the configuration settles it.
		want, other := "高いほど良い", "低いほど良い"
		if ind.Direction == model.LowerIsBetter {
			want, other = other, want
		}
		origin, advice := inverseWording(ind, rule, want, other)
		b.Add(model.SeverityError, CodeStatedRateInverse, y.StatedRate.Source,
			"%sの記載達成率%s「%s」は、%s指標の式（%s）による値です。%s、達成率を「%s」と計算しました（%s）。%s",
			where(ind, y), cellNote(y.StatedRate.Source), quoteRate(y.StatedRate), other, inverseFormulaText(ind.Direction),
			origin, o.Rate, f, advice)
	case isFractionOf(&s, o.Rate.Tenths, otherTenths, otherOK):
		b.Add(model.SeverityWarning, CodeStatedRateAsFraction, y.StatedRate.Source,
			"%sの記載達成率%s「%s」は百分率ではなく割合で記入されているようです（%%表示のセルの値かもしれません）。計算値は「%s」%%です（%s、%s）。",
			where(ind, y), cellNote(y.StatedRate.Source), quoteRate(y.StatedRate), o.Rate, f, roundingLabel(r.rounding))
	default:
		b.Add(model.SeverityError, CodeStatedRateMismatch, y.StatedRate.Source,
			"%sの記載達成率%s「%s」が計算値「%s」と一致しません（%s、%s）。目標値・実績値・達成率を確認してください。",
			where(ind, y), cellNote(y.StatedRate.Source), quoteRate(y.StatedRate), o.Rate, f, roundingLabel(r.rounding))
	}
}

// statedWithoutRate reports a stated rate for a year that has no computed
// rate, unless the cause of that was reported already.
func (r *rater) statedWithoutRate(ind *model.Indicator, y *model.IndicatorYear, reason Reason) {
	b := r.batch
	switch reason {
	case QualitativeTargetNumericActual, InvalidValue, UnreadableNumber, Overflow, NumericTargetQualitativeActual:
		// Already reported with its cause; a second finding on the
		// same indicator-year would only repeat it.
		return
	}
	if reason == NoActual && isZero(y.StatedRate) && r.hasReportYear && y.Year.Year > r.reportYear {
		// 0.0 for a year after the report's, without an actual, is
		// what a rate formula prefilled in every year
		// (=ROUND(H14/H13*100,1)) shows until the actual is in:
		// nothing to correct. In a past year the warning stays: it
		// may be the only sign of a missing actual.
		b.Add(model.SeverityInfo, CodeStatedRateWithoutBasis, y.StatedRate.Source,
			"%sの達成率欄%sの「%s」は、実績値がまだないため読み飛ばしました（達成率は—）。",
			where(ind, y), cellNote(y.StatedRate.Source), quoteRate(y.StatedRate))
		return
	}
	b.Add(model.SeverityWarning, CodeStatedRateWithoutBasis, y.StatedRate.Source,
		"%sの達成率欄%sに「%s」と記載されていますが、%sため達成率は計算できません（—）。記載を確認してください。",
		where(ind, y), cellNote(y.StatedRate.Source), quoteRate(y.StatedRate), noRateCause(reason, y))
}

// namedIndicator is an indicator with its name as rules compare it.
type namedIndicator struct {
	key []rune
	ind *model.Indicator
}

// nearIndicator finds, among the indicators without a rule of their own,
// one whose name is within a few characters of key (a rule's name as rules
// compare it: a typo, a dropped の), and returns its name and source. Short
// names are not compared: 欠員数 and 定員数 are one character apart and
// different indicators.
func nearIndicator(ruleless []namedIndicator, key string) (string, model.Source, bool) {
	want := []rune(key)
	if len(want) < minNearName {
		return "", model.Source{}, false
	}
	limit := max(1, len(want)/5)
	for _, c := range ruleless {
		if normalize.WithinEdits(want, c.key, limit) {
			return c.ind.Name, c.ind.Source, true
		}
	}
	return "", model.Source{}, false
}

// minNearName is the shortest configured name compared for typos.
const minNearName = 5

// isZero reports a stated rate of exactly 0.
func isZero(v model.Value) bool {
	if v.Kind != model.ValueNumber {
		return false
	}
	x, ok := readNumber(v.Number)
	return ok && x.sign() == 0
}

// checkStatedJudgement compares a written 達成/未達成 with the judgement of
// a qualitative target (実施 / 未実施); for a numeric one it only notes
// that the computed rate is used.
func (r *rater) checkStatedJudgement(ind *model.Indicator, y *model.IndicatorYear, o Outcome, word string) {
	b := r.batch
	switch {
	case o.Qualitative == model.Achieved || o.Qualitative == model.NotAchieved:
		if got := o.Qualitative.Label(); got != word {
			y.Eval.StatedMatches = false
			b.Add(model.SeverityError, CodeStatedJudgementMismatch, y.StatedRate.Source,
				"%sの達成率欄%sに「%s」と記載されていますが、目標値「%s」・実績値「%s」による判定は「%s」です。記載を確認してください。",
				where(ind, y), cellNote(y.StatedRate.Source), word, quote(y.Target), quote(y.Actual), got)
		}
	case o.Rate.Valid:
		// A numeric indicator is achieved at 100 % (the 総括's 達成数).
		got := model.NotAchieved.Label()
		if o.Rate.Reached() {
			got = model.Achieved.Label()
		}
		if got != word {
			y.Eval.StatedMatches = false
			b.Add(model.SeverityError, CodeStatedJudgementMismatch, y.StatedRate.Source,
				"%sの達成率欄%sに「%s」と記載されていますが、計算した達成率は%s%%（%s）です。記載を確認してください。",
				where(ind, y), cellNote(y.StatedRate.Source), word, o.Rate, got)
			return
		}
		b.Add(model.SeverityInfo, CodeStatedJudgement, y.StatedRate.Source,
			"%sの達成率欄%sの「%s」は判定の記載として読みました。達成率は目標値・実績値から求めた%s%%です。",
			where(ind, y), cellNote(y.StatedRate.Source), word, o.Rate)
	default:
		b.Add(model.SeverityInfo, CodeStatedJudgement, y.StatedRate.Source,
			"%sの達成率欄%sの「%s」は判定の記載として読みました。目標値・実績値からは判定できません（—）。",
			where(ind, y), cellNote(y.StatedRate.Source), word)
	}
}

// isInverse reports whether the stated rate is what the other direction's
// formula gives (under either rounding rule).
func isInverse(stated *number, c *calc) bool {
	inv, ok := c.inverse()
	return ok && ((inv.halfUpOK && stated.isTenths(inv.halfUp, 0)) ||
		(inv.truncOK && stated.isTenths(inv.trunc, 0)))
}

// inverseFormulaText is the other direction's formula, in words.
func inverseFormulaText(dir model.Direction) string {
	if dir == model.LowerIsBetter {
		return "実績値 ÷ 目標値 × 100"
	}
	return "目標値 ÷ 実績値 × 100"
}

// isFractionOf reports whether stated × 100 is the computed rate under either
// rounding rule (0.421 for 42.1). A stated 0 is never taken for a fraction.
func isFractionOf(stated *number, tenths, otherTenths int64, otherOK bool) bool {
	if stated.sign() == 0 {
		return false
	}
	return stated.isTenths(tenths, 2) || (otherOK && stated.isTenths(otherTenths, 2))
}

// noRateCause says in Japanese why there is no rate, ending where
// "…ため" follows.
func noRateCause(reason Reason, y *model.IndicatorYear) string {
	switch reason {
	case NoTarget:
		return "目標値がない"
	case ZeroTarget:
		return "目標値が0の"
	case NoActual:
		return "実績値がない"
	case ZeroActualLowerIsBetter:
		return "低いほど良い指標で実績値が0の"
	case QualitativeTargetNotDone:
		return "目標値が「未実施」の"
	}
	if y.Target.IsQualitative() {
		return "定性目標（実施・未実施で判定）の"
	}
	return "目標値・実績値から"
}

// cellNote names a cell inside a message (（セルG32）) so that the message is
// complete even where it is shown without its source columns.
func cellNote(src model.Source) string {
	if src.Cell == "" {
		return ""
	}
	return "（セル" + src.Cell + "）"
}
