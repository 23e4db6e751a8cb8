package ingest

import (
	"strings"

	"planreport/pipeline/normalize"
	"planreport/templates"
)

// label is a word of the sheet layout that the parser looks for.
type label uint8

const (
	lblNone label = iota
	lblTitle
	lblDepartment // 担当部名
	lblGoal       // 基本目標
	lblSection    // 担当課名
	lblItem       // 取組項目名
	lblBlock1     // (1) 取組概要
	lblBlock2     // (2) 年度別取組内容
	lblBlock3     // (3) 目標指標
	lblBlock4     // (4) 現状・背景
	lblBlock5     // (5) 取組・成果・課題
	lblIndicatorName
	lblUnit
	lblTarget
	lblActual
	lblRate
	lblFirstHalf  // 前期
	lblSecondHalf // 後期
	lblResults    // 取組実績
	lblIssues     // 今後の課題
	lblDeptColumn // 担当部 (index sheet header)
)

// blockNames are the blocks of a management sheet in order, as messages
// name them: the labels the template writes.
var blockNames = [...]string{templates.LabelOverview, templates.LabelPlans, templates.LabelIndicators, templates.LabelBackground, templates.LabelResults}

// vocabulary is the one list of the sheet layout's words: for each label
// kind, the text the template writes (package templates, which the
// template and the synthetic sheets are written with), then the variants
// departments write.
var vocabulary = []struct {
	k     label
	texts []string
}{
	{lblTitle, []string{templates.LabelTitle, "取組管理シート"}},
	{lblDepartment, []string{templates.LabelDepartment}},
	{lblGoal, []string{templates.LabelGoal}},
	{lblSection, []string{templates.LabelSection, "担当課"}},
	{lblItem, []string{templates.LabelInitiative, "取組項目"}},
	{lblBlock1, []string{blockNames[0]}},
	{lblBlock2, []string{blockNames[1]}},
	{lblBlock3, []string{blockNames[2]}},
	{lblBlock4, []string{blockNames[3]}},
	{lblBlock5, []string{blockNames[4]}},
	{lblIndicatorName, []string{templates.LabelIndicatorName, "指標名"}},
	{lblUnit, []string{templates.LabelUnit}},
	{lblTarget, []string{templates.LabelTarget, "目標", "目標数値", "計画値"}},
	{lblActual, []string{templates.LabelActual, "実績", "実績数値"}},
	{lblRate, []string{templates.LabelRate}},
	{lblFirstHalf, []string{templates.PhaseFirst}},
	{lblSecondHalf, []string{templates.PhaseSecond}},
	{lblResults, []string{templates.LabelResultWork}},
	{lblIssues, []string{templates.LabelResultIssues, "課題"}},
	{lblDeptColumn, []string{templates.LabelIndexDepartment}},
}

// words maps the folded form (foldLabel; block labels without their
// number) of every text of the vocabulary to its kind.
var words = foldVocabulary()

func foldVocabulary() map[string]label {
	m := map[string]label{}
	for _, v := range vocabulary {
		for _, text := range v.texts {
			key := foldLabel(text)
			if rest, ok := stripBlockNumber(key); ok && v.k >= lblBlock1 && v.k <= lblBlock5 {
				key = rest
			}
			m[key] = v.k
		}
	}
	return m
}

// foldLabel is how labels compare: normalize.Label, then without ・.
func foldLabel(s string) string { return strings.ReplaceAll(normalize.Label(s), "・", "") }

// labelMemo remembers how cell texts classify. The same captions repeat on
// every sheet of a book, and classifying folds each text (NFKC), which was
// a sixth of the time of reading a book.
type labelMemo map[string]classified

type classified struct {
	k         label
	qualified bool
}

// maxMemo bounds a labelMemo: a book of distinct texts gains nothing from it.
const maxMemo = 1 << 14

func (p *parser) classify(s string) label {
	k, _ := p.classifyQualified(s)
	return k
}

func (p *parser) classifyQualified(s string) (label, bool) {
	if c, ok := p.memo[s]; ok {
		return c.k, c.qualified
	}
	k, q := classifyQualified(s)
	if len(p.memo) < maxMemo {
		p.memo[s] = classified{k, q}
	}
	return k, q
}

// classifyQualified tells which label a cell's text is, if any, and whether
// it was read only by dropping a bracketed qualifier (実績値（見込）, not
// 実績値). Block labels may carry their number in any width and bracket
// style ("（３）目標指標", "(3)目標指標", "3. 目標指標"); the number is not
// checked, the name is. Any label may be followed by a qualifier in
// brackets (達成率（％）, 実績値（見込）, （３）目標指標（令和3年度〜）).
func classifyQualified(s string) (k label, qualified bool) {
	if s == "" || len(s) > 200 {
		return lblNone, false
	}
	// A caption ends with a colon as often as not (担当部名：); NFKC made
	// it ASCII.
	l := strings.TrimRight(foldLabel(s), ":")
	if k := classifyFolded(l); k != lblNone {
		return k, false
	}
	if i := strings.LastIndexByte(l, '('); i > 0 && strings.HasSuffix(l, ")") {
		k := classifyFolded(l[:i])
		return k, k != lblNone
	}
	return lblNone, false
}

// classifyFolded is classify on folded text without a qualifier.
func classifyFolded(l string) label {
	if k, ok := words[l]; ok {
		return k
	}
	rest, ok := stripBlockNumber(l)
	if !ok {
		return lblNone
	}
	if k := words[rest]; k >= lblBlock1 && k <= lblBlock5 {
		return k
	}
	return lblNone
}

// stripBlockNumber removes a leading "(3)", "3." or "3" from a folded label.
func stripBlockNumber(l string) (string, bool) {
	if rest, ok := strings.CutPrefix(l, "("); ok {
		n, after, ok := strings.Cut(rest, ")")
		if !ok || !allDigits(n) {
			return "", false
		}
		return after, true
	}
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i == 0 {
		return "", false
	}
	return strings.TrimLeft(l[i:], ".)"), true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
