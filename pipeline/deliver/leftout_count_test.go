package deliver

import (
	"strconv"
	"strings"
	"testing"

	"planreport/pipeline/changes"
	"planreport/pipeline/model"
)

// heldNight is a night's batch: the initiatives it read (file, sheet,
// goal, number; each with one indicator achieved in 2025), the files it
// rejected and the sheets it left out for a missing goal number.
type heldNight struct {
	date     string
	read     [][2]string
	rejected []string
	leftOut  [][2]string
}

func (n heldNight) batch() *model.Batch {
	b := &model.Batch{ReportDate: n.date}
	for _, r := range n.read {
		y := model.IndicatorYear{Year: model.FiscalYear{Year: 2025}, Eval: model.Evaluation{Judgement: model.GradeA, Rate: model.Rate{Tenths: 1000, Valid: true}}}
		b.Initiatives = append(b.Initiatives, &model.Initiative{
			Source: model.Source{File: r[0], Sheet: r[1]}, GoalNumber: 5, Number: heldNumber(r[1]), Title: r[1], Department: "総務部",
			Indicators: []model.Indicator{{Name: "指標" + r[1], Years: []model.IndicatorYear{y}}},
		})
		b.Files = append(b.Files, model.InputFile{Name: r[0], Status: model.FileAccepted})
	}
	for _, f := range n.rejected {
		b.Files = append(b.Files, model.InputFile{Name: f, Status: model.FileRejected})
		b.Findings = append(b.Findings, model.Finding{Severity: model.SeverityError, Code: "file_not_zip", Source: model.Source{File: f}, Message: "読めません"})
	}
	for _, s := range n.leftOut {
		b.Findings = append(b.Findings, model.Finding{Severity: model.SeverityError, Code: "missing_goal_number",
			Source: model.Source{File: s[0], Sheet: s[1], Cell: "B3"}, Message: "基本目標の番号がないため、このシートは報告書に含めません"})
	}
	return b
}

// heldNumber is the initiative number a test sheet stands for (取組3 → 3).
func heldNumber(sheet string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(sheet, "取組"))
	return n
}

// twoNights summarizes the first night, then the second compared with it
// the way the pipeline compares reports (changes.Take, Carry, Compare),
// and returns the council mail's body.
func twoNights(t *testing.T, first, second heldNight) string {
	t.Helper()
	b1 := first.batch()
	base := changes.Take(b1)
	prev := Summarize(b1)
	prev.Status = model.RunDone

	b2 := second.batch()
	snap := changes.Take(b2)
	changes.Carry(base, snap)
	ch := changes.Compare(base, snap)
	b2.Changes = &ch
	sum := Summarize(b2)
	sum.Status = model.RunDone
	return councilMessage(Config{}, sum, &prev, file{Name: "r.pdf", Path: "r.pdf"}, nil, "").Body
}

// A sheet left out for an error is not a reduction: the council mail
// compares like with like and says what was left out.
func TestCouncilCountLeftOutSheetIsNotAReduction(t *testing.T) {
	first := heldNight{date: "2026-11-22", read: [][2]string{{"a.xlsx", "取組1"}, {"a.xlsx", "取組2"}, {"b.xlsx", "取組3"}}}
	second := heldNight{date: "2026-11-23", read: [][2]string{{"a.xlsx", "取組1"}, {"b.xlsx", "取組3"}}, leftOut: [][2]string{{"a.xlsx", "取組2"}}}
	body := twoNights(t, first, second)
	mustContain(t, "council body", body,
		"・取組項目：2件（誤りのため今回の報告書に含めなかったシートの1件を除き、前回と同じ）",
		"・目標指標：2件（誤りのため今回の報告書に含めなかったシートの1件を除き、前回と同じ）",
		"・令和7年度に評価した指標：2件（誤りのため今回の報告書に含めなかったシートの1件を除き、前回と同じ）",
		"・うち達成（達成率100%以上または達成）：2件（誤りのため今回の報告書に含めなかったシートの1件を除き、前回と同じ）",
	)
	if strings.Contains(body, "件減") {
		t.Errorf("council mail presents the left-out sheet as a reduction:\n%s", body)
	}
}

// A workbook that could not be read is taken out of the previous count
// too, and a sheet a department really removed still counts as a
// reduction.
func TestCouncilCountUnreadWorkbookAndRealRemoval(t *testing.T) {
	first := heldNight{date: "2026-11-22", read: [][2]string{{"a.xlsx", "取組1"}, {"a.xlsx", "取組2"}, {"b.xlsx", "取組3"}, {"b.xlsx", "取組4"}, {"c.xlsx", "取組5"}}}
	// b.xlsx is rejected (two initiatives held); 取組5 was removed from c.xlsx.
	second := heldNight{date: "2026-11-23", read: [][2]string{{"a.xlsx", "取組1"}, {"a.xlsx", "取組2"}, {"c.xlsx", "取組6"}, {"c.xlsx", "取組7"}}, rejected: []string{"b.xlsx"}}
	body := twoNights(t, first, second)
	// By hand: 5 before, 2 of them in b.xlsx → 3 comparable; 4 now → 1 more.
	mustContain(t, "council body", body, "・取組項目：4件（読み込めなかったブックの2件を除き、前回から1件増）")

	second.read = second.read[:2]
	body = twoNights(t, first, second)
	// 3 comparable before, 2 now: 取組5 removed, a real reduction.
	mustContain(t, "council body", body, "・取組項目：2件（読み込めなかったブックの2件を除き、前回から1件減）")
}

// A previous summary from before Sheets was recorded cannot be split: the
// reduction is shown and said to possibly include the held place.
func TestCouncilCountOlderPreviousSummary(t *testing.T) {
	sum := RunSummary{Status: model.RunDone, ReportDate: "2026-11-23", Initiatives: 2, Indicators: 2, Held: []Place{{File: "a.xlsx", Sheet: "取組2"}}}
	prev := RunSummary{Status: model.RunDone, ReportDate: "2026-11-22", Initiatives: 3, Indicators: 2}
	body := councilMessage(Config{}, sum, &prev, file{Name: "r.pdf", Path: "r.pdf"}, nil, "").Body
	mustContain(t, "council body", body,
		"・取組項目：2件（前回から1件減。この差には、誤りのため今回の報告書に含めなかったシートの分が含まれている場合があります）",
		"・目標指標：2件（前回と同じ）")
}
