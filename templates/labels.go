package templates

import (
	"strconv"
	"strings"
)

// The texts of the management sheet's labels, exactly as the clean layout
// writes them. The parser finds blocks by these texts (after its own
// normalization of full-width and half-width forms), so they live here once
// and both sides reference them.
const (
	// Header rows 1–3.
	LabelTitle      = "行財政運営プラン取組管理シート" // A1
	LabelDepartment = "担当部名"            // E1; the department name follows in F1
	LabelGoal       = "基本目標"            // A2; goal number in B2, short name in C2
	LabelSection    = "担当課名"            // E2; the section name follows in F2
	LabelInitiative = "取組項目名"           // A3; number in B3, title in C3, section item number in D3

	// Block labels in column A.
	LabelOverview   = "(1) 取組概要"
	LabelPlans      = "(2) 年度別取組内容"
	LabelIndicators = "(3) 目標指標"
	LabelBackground = "(4) 現状・背景"
	LabelResults    = "(5) 取組・成果・課題"

	// Block (3): header cells and the three row kinds of an indicator.
	LabelIndicatorName = "目標指標名" // B of the block's first row
	LabelUnit          = "単位"    // D of the block's first row
	LabelTarget        = "目標値"   // C of an indicator's first row
	LabelActual        = "実績値"   // C of its second row
	LabelRate          = "達成率"   // C of its third row
	RateUnit           = "%"     // D of the 達成率 row

	// Plan phases: column B of block (2) and the first header row of block (3).
	PhaseFirst  = "前期"
	PhaseSecond = "後期"

	// Block (5): column C of a fiscal year's two rows.
	LabelResultWork   = "取組実績"
	LabelResultIssues = "今後の課題"

	// The goal index sheet (取組一覧): 基本目標 and the goal number, the goal
	// name, then a header row 取組項目名 / 担当部 over number, title and
	// department.
	LabelIndexDepartment = "担当部"

	// Value cells: the qualitative values and the dash for "no target".
	ValueDone    = "実施"
	ValueNotDone = "未実施"
	ValueNone    = "—"

	// HowToSheetName is the explanation sheet of the blank template.
	HowToSheetName = "記入方法"

	// FindingsSheetName is the sheet planreport puts first in an annotated
	// copy (赤入れ版), and FindingsHeading starts its first cell: a
	// department that submits the copy it received submits that sheet too.
	FindingsSheetName = "指摘事項"
	FindingsHeading   = "planreport による確認"
)

// IsFindingsSheet reports whether name is a name planreport gives its list
// of findings: 指摘事項, or 指摘事項 (2)… when the workbook had one.
func IsFindingsSheet(name string) bool { return isNumbered(name, FindingsSheetName) }

// PreviousFindingsSheetName is the name under which the next copy keeps a
// list of findings the department wrote on (a remark, a column 対応...),
// instead of replacing it.
const PreviousFindingsSheetName = "前回の指摘事項"

// IsPreviousFindingsSheet reports whether name is a name planreport gives
// a list it kept: 前回の指摘事項, or 前回の指摘事項 (2)….
func IsPreviousFindingsSheet(name string) bool { return isNumbered(name, PreviousFindingsSheetName) }

// isNumbered reports whether name is base or "base (n)".
func isNumbered(name, base string) bool {
	rest, ok := strings.CutPrefix(name, base)
	if !ok || rest == "" {
		return ok
	}
	n, ok := strings.CutPrefix(rest, " (")
	n, ok2 := strings.CutSuffix(n, ")")
	_, err := strconv.Atoi(n)
	return ok && ok2 && err == nil
}
