package pdfreport

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"planreport/pipeline/model"
	"planreport/pipeline/reportdoc"
)

// laterYearBatch is the seed batch after 生活環境部 reported one actual for
// 平成30年度: 取組10's コンビニ交付による証明書発行率, target 11.0, actual 9.
// Worked out by hand: 9 ÷ 11 × 100 = 81.818… → 81.8, B (80 ≤ 81.8 < 100).
// The batch's latest evaluated year becomes 2018; no other department has
// a result for it.
func laterYearBatch() *model.Batch {
	b := seedBatch()
	var in *model.Initiative
	for _, x := range b.Initiatives {
		if x.Number == 10 {
			in = x
		}
	}
	iy := &in.Indicators[2].Years[3]
	if iy.Year.Year != 2018 || iy.Target.Raw != "11.0" {
		panic("seed changed: 取組10's third indicator has no 平成30年度 target of 11.0")
	}
	iy.Actual = value("9", iy.Target.Source.At("H20"))
	iy.Eval = model.Evaluation{Rate: model.Rate{Tenths: 818, Valid: true}, Judgement: model.GradeB, StatedMatches: true}
	r81 := model.Rollup{Year: 2018, Evaluated: 1, MeanRate: model.Rate{Tenths: 818, Valid: true}, Grades: grades(0, 1, 0, 0, 0, 0)}
	b.Rollups.ByYear = append(b.Rollups.ByYear, r81)
	dept := r81
	dept.Department = "生活環境部"
	// ByDepartmentYear is sorted by department, then year: 生活環境部's
	// 2018 row goes after its 2017 row (index 2).
	rows := b.Rollups.ByDepartmentYear
	b.Rollups.ByDepartmentYear = append(append(append([]model.Rollup{}, rows[:3]...), dept), rows[3:]...)
	b.Rollups.LatestYear = 2018
	return b
}

// A department PDF shows the department's own latest year: 建設部, whose
// last results are for 平成29年度, keeps that year on its cover and in its
// chart when another department reports 平成30年度, and its PDF (and the
// part of the batch the cache keys it by) does not change at all.
func TestDepartmentOwnLatestYear(t *testing.T) {
	before, after := seedBatch(), laterYearBatch()
	opt := Options{Department: "建設部"}
	subBefore := reportdoc.DepartmentBatches(before)["建設部"]
	subAfter := reportdoc.DepartmentBatches(after)["建設部"]
	if !reflect.DeepEqual(subBefore, subAfter) {
		t.Errorf("建設部's part of the batch (its cache key) changed: latest year %d → %d", subBefore.Rollups.LatestYear, subAfter.Rollups.LatestYear)
	}
	pdfBefore, _ := render(t, subBefore, opt, "before.pdf")
	pdfAfter, path := render(t, subAfter, opt, "建設部.pdf")
	flat := squash(tool(t, "pdftotext", "-layout", path, "-"))
	for _, want := range []string{"実績の最新年度平成29年度", "平成29年度の指標別達成率", "5-11都市公園愛護会の結成数112.5"} {
		if !strings.Contains(flat, want) {
			t.Errorf("建設部.pdf: %q missing", want)
		}
	}
	if strings.Contains(flat, "平成30年度の指標別達成率") || strings.Contains(flat, "実績の最新年度平成30年度") {
		t.Error("建設部.pdf shows 平成30年度, a year only 生活環境部 has results for")
	}
	if !bytes.Equal(pdfBefore, pdfAfter) {
		t.Error("建設部.pdf changed although only 生活環境部's results did")
	}
	// Rendered from the whole batch for the department, the same.
	whole, _ := render(t, after, opt, "whole.pdf")
	if !bytes.Equal(whole, pdfAfter) {
		t.Error("建設部.pdf from the whole batch differs from the one from its part")
	}
	// 生活環境部's own PDF and the consolidated report do show 平成30年度.
	_, path = render(t, reportdoc.DepartmentBatches(after)["生活環境部"], Options{Department: "生活環境部"}, "生活環境部.pdf")
	flat = squash(tool(t, "pdftotext", "-layout", path, "-"))
	for _, want := range []string{"実績の最新年度平成30年度", "平成30年度の指標別達成率", "コンビニ交付による証明書発行率81.8"} {
		if !strings.Contains(flat, want) {
			t.Errorf("生活環境部.pdf: %q missing", want)
		}
	}
	_, path = render(t, after, Options{}, "report.pdf")
	if flat = squash(tool(t, "pdftotext", "-layout", path, "-")); !strings.Contains(flat, "実績の最新年度平成30年度") {
		t.Error("report.pdf: 実績の最新年度平成30年度 missing")
	}
}
