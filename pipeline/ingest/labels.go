package ingest

import (
	"strings"

	"planreport/pipeline/normalize"
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
// name them.
var blockNames = [...]string{"(1) 取組概要", "(2) 年度別取組内容", "(3) 目標指標", "(4) 現状・背景", "(5) 取組・成果・課題"}

// words maps the folded form (normalize.Label, then without ・) of every
// fixed label to its kind.
var words = map[string]label{
	"行財政運営プラン取組管理シート": lblTitle,
	"取組管理シート":         lblTitle,
	"担当部名":            lblDepartment,
	"基本目標":            lblGoal,
	"担当課名":            lblSection,
	"取組項目名":           lblItem,
	"取組項目":            lblItem,
	"取組概要":            lblBlock1,
	"年度別取組内容":         lblBlock2,
	"目標指標":            lblBlock3,
	"現状背景":            lblBlock4,
	"取組成果課題":          lblBlock5,
	"目標指標名":           lblIndicatorName,
	"指標名":             lblIndicatorName,
	"単位":              lblUnit,
	"目標値":             lblTarget,
	"目標":              lblTarget,
	"実績値":             lblActual,
	"実績":              lblActual,
	"達成率":             lblRate,
	"前期":              lblFirstHalf,
	"後期":              lblSecondHalf,
	"取組実績":            lblResults,
	"今後の課題":           lblIssues,
	"課題":              lblIssues,
	"担当部":             lblDeptColumn,
}

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
	l := strings.ReplaceAll(normalize.Label(s), "・", "")
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
