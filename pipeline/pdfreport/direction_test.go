package pdfreport

import (
	"strings"
	"testing"

	"planreport/pipeline/model"
)

// lowerBatch is the seed batch with a 平成29年度 target of 170 for 取組8's
// 消防団の班の数 (lower is better), actual 179: 170 ÷ 179 × 100 = 94.97… →
// 95.0, B. Worked out by hand; the roll-ups are left as they are (the
// test reads the charts, 取組一覧 and 前回報告からの変更 only).
func lowerBatch() *model.Batch {
	b := seedBatch()
	for _, in := range b.Initiatives {
		if in.Number != 8 {
			continue
		}
		ind := &in.Indicators[1]
		if ind.Name != "消防団の班の数" || ind.Direction != model.LowerIsBetter {
			panic("seed changed: 取組8's second indicator is not 消防団の班の数, lower is better")
		}
		iy := &ind.Years[2]
		iy.Target = value("170", iy.Target.Source)
		iy.Eval = model.Evaluation{Rate: model.Rate{Tenths: 950, Valid: true}, Judgement: model.GradeB, StatedMatches: true}
	}
	b.Changes = &model.Changes{Base: "2026-08-31", Items: []model.Change{
		{Kind: model.ChangeGrade, Goal: 5, Initiative: 8, Title: "消防団の班の再編・再生", Indicator: "消防団の班の数", Year: 2017,
			Item: "判定", Before: "C", After: "B", Source: model.Source{File: "総務部.xlsx", Sheet: "取組8", Cell: "G18"}},
		{Kind: model.ChangeGrade, Goal: 5, Initiative: 11, Title: "都市公園愛護会結成の促進", Indicator: "都市公園愛護会の結成数", Year: 2017,
			Item: "判定", Before: "B", After: "A", Source: model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "G22"}},
	}}
	return b
}

// A lower-is-better indicator's rate is marked wherever it is shown: the
// rate chart's labels and text alternative, its own chart's alternative,
// 取組一覧 (a short mark, explained) and 前回報告からの変更; a
// higher-is-better one is not.
func TestLowerIsBetterMarked(t *testing.T) {
	_, path := render(t, lowerBatch(), Options{}, "report.pdf")
	flat := squash(tool(t, "pdftotext", "-layout", path, "-"))
	for _, want := range []string{
		"5-8消防団の班の数（低いほど良い）95.0", // the rate chart's bar
		"5-11都市公園愛護会の結成数112.5",
		"「↓」の付いた達成率は、低いほど良い指標（達成率＝目標÷実績×100）のものです。",
	} {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("report.pdf lacks %q", want)
		}
	}
	// Table cells, as the structure tree has them; read from the report
	// without the initiatives' sections (pdfinfo -struct-text takes half a
	// minute on the whole one).
	_, short := render(t, lowerBatch(), Options{SectionsLimit: 1}, "short.pdf")
	cells := "|" + strings.Join(structCells(t, short), "|") + "|"
	for _, want := range []string{
		"|平成29年度|—95.0↓—|達成B—|", // 取組一覧's row of 取組8
		// 判定の変更: initiative and indicator are the two lines of one cell.
		"|5-8 消防団の班の再編・再生消防団の班の数（低いほど良い）|平成29年度|判定|C|B|",
		"|5-11 都市公園愛護会結成の促進都市公園愛護会の結成数|平成29年度|判定|B|A|",
	} {
		if !strings.Contains(cells, want) {
			t.Errorf("report.pdf has no cells %q", want)
		}
	}
	if strings.Contains(flat, "都市公園愛護会の結成数（低いほど良い）") {
		t.Error("a higher-is-better indicator is marked")
	}
	figs := readTagged(t, path).Structure.Figures
	has := func(s string) bool {
		for _, f := range figs {
			if strings.Contains(f, s) {
				return true
			}
		}
		return false
	}
	for _, want := range []string{
		"5-8 消防団の班の数（低いほど良い） 95.0%（B）、",
		"消防団の班の数（低いほど良い）の目標値と実績値の棒グラフ（単位：班）。平成27年度：目標値 なし、実績値 198。平成28年度：目標値 なし、実績値 198。平成29年度：目標値 170、実績値 179。",
		"都市公園愛護会の結成数の目標値と実績値の棒グラフ（単位：団体数）。",
		"5-11 都市公園愛護会の結成数 112.5%（A）",
	} {
		if !has(want) {
			t.Errorf("no figure's /Alt has %q", want)
		}
	}
}

// structCells lists the text of every TH and TD of the PDF's structure
// tree, in order, as pdfinfo -struct-text prints it.
func structCells(t *testing.T, path string) []string {
	t.Helper()
	var cells []string
	in := false
	for _, line := range strings.Split(tool(t, "pdfinfo", "-struct-text", path), "\n") {
		s := strings.TrimSpace(line)
		switch {
		case s == "TD" || s == "TH" || s == "TD:" || s == "TH:":
			cells, in = append(cells, ""), true
		case in && strings.HasPrefix(s, `"`):
			cells[len(cells)-1] += strings.TrimSuffix(strings.TrimPrefix(s, `"`), `"`)
		case strings.HasPrefix(s, "/") || strings.HasPrefix(s, "Object "):
			// An attribute or a link annotation of the cell.
		default:
			in = false
		}
	}
	return cells
}
