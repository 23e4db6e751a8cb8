// Package check validates a batch of management sheets as a whole, after
// ingest and before rates: fields the model declares required, the same
// initiative submitted twice, the sheets against each basic goal's index
// (取組一覧), names that drift between sheets, text copied from sheet to
// sheet, and indicators that cannot be evaluated.
//
// For example, two sheets for 基本目標5 取組項目3:
//
//	「総務部.xlsx」シート「取組3」      ← kept (named as its department)
//	「総務部_再提出.xlsx」シート「取組3」 ← removed, with an error finding naming both
//
// Check only adds findings and drops initiatives that cannot be reported;
// it never changes a value.
package check

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"planreport/pipeline/model"
)

// Finding codes of the check stage. They are stable: scripts and tests
// branch on them.
const (
	CodeMissingDepartment       = "missing_department"
	CodeMissingTitle            = "missing_title"
	CodeInvalidGoalNumber       = "invalid_goal_number"
	CodeInvalidInitiativeNumber = "invalid_initiative_number"
	CodeMissingIndicatorName    = "missing_indicator_name"
	CodeInvalidField            = "invalid_field"
	CodeDuplicateInitiative     = "duplicate_initiative"
	CodeHiddenSheetUsed         = "hidden_sheet_used"
	CodeDuplicateGoalIndex      = "duplicate_goal_index"
	CodeDuplicateIndexEntry     = "duplicate_index_entry"
	CodeIndexWithoutSheet       = "index_without_sheet"
	CodeSheetNotInIndex         = "sheet_not_in_index"
	CodeGoalWithoutIndex        = "goal_without_index"
	CodeTitleDiffersFromIndex   = "title_differs_from_index"
	CodeDeptDiffersFromIndex    = "department_differs_from_index"
	CodeGoalNameDiffers         = "goal_name_differs"
	CodeTextCopiedAcrossSheets  = "text_copied_across_sheets"
	CodeIndicatorWithoutTarget  = "indicator_without_target"
	CodeIndicatorYearNotInPlan  = "indicator_year_not_in_plan"
	CodeDuplicateIndicatorYear  = "duplicate_indicator_year"
	CodeIdenticalWorkbook       = "identical_workbook" // a workbook byte-identical to another (the same SHA-256)
)

// Run adds validation findings to b and removes initiatives that cannot be
// reported (e.g. the second of two sheets with the same goal+initiative
// number), saying which one was used.
//
// Initiatives are removed when they have no usable basic-goal or initiative
// number (the report cannot place them) or when an earlier sheet already
// holds the same goal and number. "Earlier" is duplicateOrder's: visible,
// saved last, the better file name (福祉部.xlsx before 「福祉部 .xlsx」), then
// file-name order and the workbook's tab order.
// The survivors keep their order in b.Initiatives. Byte-identical
// workbooks are one submission: only one of them is read on
// (removeIdenticalCopies). No check depends on the configuration.
func Run(b *model.Batch) {
	if b == nil {
		return
	}
	removeIdenticalCopies(b)
	b.Initiatives = validateFields(b, b.Initiatives)
	b.Initiatives = removeDuplicates(b, b.Initiatives)
	checkIndexes(b, b.Initiatives, b.Indexes)
	checkGoalNames(b, b.Initiatives)
	checkCopiedText(b, b.Initiatives)
	for _, in := range b.Initiatives {
		checkIndicators(b, in)
	}
}

// fold is the comparison form of names and text: NFKC (full-width letters
// and digits to half-width), then without any white space, so that
// "I C Tを活用" and "ＩＣＴを活用" compare equal to "ICTを活用".
func fold(s string) string {
	s = norm.NFKC.String(strings.ToValidUTF8(s, ""))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF' {
			return -1
		}
		return r
	}, s)
}

// sheetRef names a sheet in messages: 「総務部.xlsx」シート「取組3」.
func sheetRef(s model.Source) string {
	s.Cell = ""
	return s.String()
}

// inFileOrder returns the initiatives sorted by file name, keeping ingest's
// order within a file (the workbook's sheet order). Parallel ingest may
// finish files in any order; this makes "the first sheet" independent of it.
func inFileOrder(ins []*model.Initiative) []*model.Initiative {
	out := slices.Clone(ins)
	slices.SortStableFunc(out, func(a, b *model.Initiative) int {
		return cmp.Compare(a.Source.File, b.Source.File)
	})
	return out
}

type goalKey struct{ goal, number int }
