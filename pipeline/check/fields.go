package check

import (
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strconv"

	"github.com/go-playground/validator/v10"

	"planreport/pipeline/model"
	"planreport/templates"
)

// fieldLabels are the Japanese names of the model's validated fields, as the
// sheet labels them.
var fieldLabels = map[string]string{
	"Department": templates.LabelDepartment,
	"Title":      templates.LabelInitiative,
	"GoalNumber": templates.LabelGoal + "の番号",
	"Number":     "取組項目の番号",
	"Name":       templates.LabelIndicatorName,
}

var indicatorIndex = regexp.MustCompile(`^Initiative\.Indicators\[(\d+)\]\.`)

// validateFields applies the model's `validate` tags to every initiative and
// turns each violation into a Japanese finding at the field's source. It
// returns the initiatives that can be reported: nil entries and sheets
// without a usable goal or initiative number are dropped (the report is
// organized by those numbers), each with a finding that says so.
func validateFields(b *model.Batch, ins []*model.Initiative) []*model.Initiative {
	v := validator.New()
	already := reportedBySheet(b)
	kept := ins[:0:0]
	for _, in := range ins {
		if in == nil {
			continue
		}
		err := v.Struct(in)
		var verrs validator.ValidationErrors
		if err != nil && !errors.As(err, &verrs) {
			// InvalidValidationError: a programming error, not bad input.
			slog.Error("検証ライブラリを実行できませんでした（プログラムの不具合です）", "sheet", sheetRef(in.Source), "err", err)
		}
		unplaceable := false
		for _, fe := range verrs {
			if slices.ContainsFunc(ingestCodesFor[fe.StructNamespace()], func(code string) bool {
				return already[sheetCode{in.Source.File, in.Source.Sheet, code}]
			}) {
				// Ingest already said so, at the value's cell.
				unplaceable = unplaceable || placesSheet(fe.StructNamespace())
				continue
			}
			if addFieldFinding(b, in, fe) {
				unplaceable = true
			}
		}
		if !unplaceable {
			kept = append(kept, in)
		}
	}
	return kept
}

// ingestCodesFor maps a field to the codes under which ingest reports
// the same gap at the cell where the value belongs (saying, for the goal
// and initiative numbers, that the sheet is left out): the check stage
// then adds no second, vaguer finding of its own.
var ingestCodesFor = map[string][]string{
	"Initiative.Department": {"missing_department"},
	"Initiative.Title":      {"missing_item_title"},
	"Initiative.GoalNumber": {"number_unreadable", "missing_goal_number"},
	"Initiative.Number":     {"number_unreadable", "missing_number"},
}

// placesSheet reports the fields the report is organized by: a sheet
// without a usable one cannot be placed and is left out.
func placesSheet(namespace string) bool {
	return namespace == "Initiative.GoalNumber" || namespace == "Initiative.Number"
}

type sheetCode struct{ file, sheet, code string }

func reportedBySheet(b *model.Batch) map[sheetCode]bool {
	m := make(map[sheetCode]bool, len(b.Findings))
	for _, f := range b.Findings {
		m[sheetCode{f.File, f.Sheet, f.Code}] = true
	}
	return m
}

// addFieldFinding reports one validation error and says whether it makes
// the initiative unplaceable in the report.
func addFieldFinding(b *model.Batch, in *model.Initiative, fe validator.FieldError) (unplaceable bool) {
	label := fieldLabels[fe.StructField()]
	if label == "" {
		label = fe.StructField()
	}
	src := in.Source
	where := ""
	if m := indicatorIndex.FindStringSubmatch(fe.StructNamespace()); m != nil {
		i, _ := strconv.Atoi(m[1])
		if i < len(in.Indicators) {
			ind := in.Indicators[i]
			if fe.StructField() == "Name" && !hasAnyValue(ind) {
				// An empty slot of the sheet's indicator table (three
				// blank rows): nothing to report.
				return false
			}
			if ind.Source.Sheet != "" {
				src = ind.Source
			}
			where = fmt.Sprintf("(3) 目標指標の%d番目の指標の", i+1)
		}
	}
	switch {
	case fe.StructNamespace() == "Initiative.GoalNumber":
		b.Add(model.SeverityError, CodeInvalidGoalNumber, src,
			"基本目標の番号が読み取れません（値: %v。1以上の整数が必要です）。このシートは報告書に含めません。", fe.Value())
		return true
	case fe.StructNamespace() == "Initiative.Number":
		b.Add(model.SeverityError, CodeInvalidInitiativeNumber, src,
			"取組項目の番号が読み取れません（値: %v。1以上の整数が必要です）。このシートは報告書に含めません。", fe.Value())
		return true
	case fe.Tag() == "required":
		code := CodeInvalidField
		switch fe.StructField() {
		case "Department":
			code = CodeMissingDepartment
		case "Title":
			code = CodeMissingTitle
		case "Name":
			code = CodeMissingIndicatorName
		}
		b.Add(model.SeverityError, code, src, "%s%sが空です。記入してください。", where, label)
	default:
		b.Add(model.SeverityError, CodeInvalidField, src,
			"%s%s「%v」が条件（%s %s）を満たしません。", where, label, fe.Value(), fe.Tag(), fe.Param())
	}
	return false
}

// hasAnyValue reports whether any year of the indicator holds a target,
// actual or stated rate.
func hasAnyValue(ind model.Indicator) bool {
	for _, y := range ind.Years {
		if y.Target.Kind != model.ValueNone || y.Actual.Kind != model.ValueNone || y.StatedRate.Kind != model.ValueNone {
			return true
		}
	}
	return false
}
