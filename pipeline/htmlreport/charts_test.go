package htmlreport_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
	"planreport/pipeline/reportdoc"
)

// TestChartNames asks Chromium's accessibility tree what a screen reader
// is told of each chart of the sample's page: its name is the chart's
// title alone and its description the values in words (README: "named by
// its title and described by its desc"), so that the values are said once.
func TestChartNames(t *testing.T) {
	modules, err := filepath.Abs(filepath.Join("..", "..", "tools", "axe", "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(modules, "puppeteer-core")); err != nil {
		t.Fatalf("puppeteer-core is not installed (run make tools): %v", err)
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	b := sampleBatch(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, render(t, b, reportdoc.Options{Issuer: issuer}), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", filepath.Join("testdata", "chartnames.js"), path, chromium, modules)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chartnames.js: %v\n%s", err, stderr.String())
	}
	var images []struct{ Name, Description string }
	if err := json.Unmarshal(out, &images); err != nil {
		t.Fatalf("chartnames.js output: %v\n%s", err, out)
	}
	if want := 2 + countTargetCharts(b); len(images) != want {
		t.Fatalf("%d images in the accessibility tree, want %d charts", len(images), want)
	}
	// The sample's results end in 平成29年度; its first indicator chart is
	// 取組1's first indicator's.
	for i, want := range []struct{ name, descStart string }{
		{"平成29年度の指標別達成率", "平成29年度の指標別達成率の横棒グラフ。"},
		{"年度別の判定の内訳", "年度別の判定の内訳の積み上げ縦棒グラフ。平成27年度："},
		{"コミュニティづくり支援補助事業申請件数の目標値と実績値", "コミュニティづくり支援補助事業申請件数の目標値と実績値の棒グラフ（単位：件数）。平成27年度：目標値 373、実績値 157。"},
	} {
		if got := images[i]; got.Name != want.name || !strings.HasPrefix(got.Description, want.descStart) {
			t.Errorf("chart %d: name %q, description %q; want name %q, description starting %q", i+1, got.Name, got.Description, want.name, want.descStart)
		}
	}
	for _, im := range images {
		if im.Description == "" || strings.Contains(im.Name, "。") {
			t.Errorf("chart %q: a sentence in the name, or no description (%q)", im.Name, im.Description)
		}
	}
}

// 総括 says what the grades mean, from the configured bands (here three,
// none of them the built-in ones), before the table where grades first
// appear.
func TestGradeBandsExplained(t *testing.T) {
	b := sampleBatch(t)
	opt := reportdoc.Options{Grades: []config.GradeBand{{Grade: "A", Min: "110"}, {Grade: "B", Min: "70"}, {Grade: "C", Min: "0"}}}
	doc := checkPage(t, render(t, b, opt))
	var summary *html.Node
	for _, s := range all(doc, "section") {
		if c, _ := attr(s, "class"); c == "summary" {
			summary = s
		}
	}
	if summary == nil {
		t.Fatal("no 総括 section")
	}
	const want = "判定は、達成率110%以上をA、70%以上110%未満をB、70%未満をCとし、実施・未実施で評価する指標は「達成」または「未達成」とします。"
	ps := all(summary, "p")
	at := slices.IndexFunc(ps, func(p *html.Node) bool { return textOf(p) == want })
	if at < 0 {
		t.Fatalf("総括 has no paragraph %q", want)
	}
	// Before the table: the paragraphs before it are the introduction's.
	if table := all(summary, "table"); len(table) == 0 || !precedes(ps[at], table[0]) {
		t.Error("the bands are not said before 総括's table")
	}
	if strings.Contains(textOf(summary), "80%以上") {
		t.Error("総括 states the built-in bands")
	}
}

// precedes reports whether a comes before b in document order.
func precedes(a, b *html.Node) bool {
	found := false
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n == a {
			found = true
		}
		if n == b {
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	for r := a; r != nil; r = r.Parent {
		if r.Parent == nil {
			walk(r)
		}
	}
	return found
}

// A lower-is-better indicator's rate is marked wherever the page shows it:
// the rate chart (labels, description, data table), the indicator's own
// chart, 取組一覧 (a short mark, explained) and 前回報告からの変更; a
// higher-is-better indicator is not.
func TestLowerIsBetterMarked(t *testing.T) {
	b := sampleBatch(t)
	// 取組8's 消防団の班の数 (lower is better) given a 平成29年度 target of
	// 170 against its actual 179: 170 ÷ 179 × 100 = 94.97… → 95.0, B.
	found := false
	for _, in := range b.Initiatives {
		for k := range in.Indicators {
			if ind := &in.Indicators[k]; in.Number == 8 && ind.Name == "消防団の班の数" && ind.Direction == model.LowerIsBetter {
				for i := range ind.Years {
					if iy := &ind.Years[i]; iy.Year.Year == 2017 {
						iy.Target = model.Value{Kind: model.ValueNumber, Number: "170", Raw: "170", Source: iy.Target.Source}
						iy.Eval = model.Evaluation{Rate: model.Rate{Tenths: 950, Valid: true}, Judgement: model.GradeB, StatedMatches: true}
						found = true
					}
				}
			}
		}
	}
	if !found {
		t.Fatal("the sample has no 取組8 消防団の班の数 (lower is better) for 平成29年度")
	}
	b.Changes.Items = append(b.Changes.Items, model.Change{Kind: model.ChangeGrade, Goal: 5, Initiative: 8, Title: "消防団の班の再編・再生",
		Indicator: "消防団の班の数", Year: 2017, Item: "判定", Before: "C", After: "B", Source: model.Source{File: "総務部.xlsx", Sheet: "取組8", Cell: "G17"}})
	doc := checkPage(t, render(t, b, reportdoc.Options{}))
	var descs, titles, labels, rowHeads, cells []string
	for _, d := range all(doc, "desc") {
		descs = append(descs, textOf(d))
	}
	for _, svg := range all(doc, "svg") {
		titles = append(titles, textOf(all(svg, "title")[0]))
		for _, tx := range all(svg, "text") {
			labels = append(labels, textOf(tx))
		}
	}
	for _, th := range all(doc, "th") {
		rowHeads = append(rowHeads, textOf(th))
	}
	for _, tr := range all(doc, "tr") {
		var row []string
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				row = append(row, textOf(c))
			}
		}
		cells = append(cells, "|"+strings.Join(row, "|")+"|")
	}
	some := func(list []string, f func(string) bool) bool { return slices.ContainsFunc(list, f) }
	contains := func(sub string) func(string) bool { return func(s string) bool { return strings.Contains(s, sub) } }
	equals := func(want string) func(string) bool { return func(s string) bool { return s == want } }
	for _, c := range []struct {
		what string
		ok   bool
	}{
		{"rate chart description", some(descs, contains("、5-8 消防団の班の数（低いほど良い） 95.0%（B）、"))},
		{"rate chart label", some(labels, equals("5-8 消防団の班の数（低いほど良い）"))},
		{"rate data table", some(rowHeads, equals("5-8 消防団の班の数（低いほど良い）"))},
		{"higher-is-better unmarked", some(rowHeads, equals("5-11 都市公園愛護会の結成数"))},
		{"indicator chart title", some(titles, equals("消防団の班の数（低いほど良い）の目標値と実績値"))},
		{"indicator chart description", some(descs, contains("消防団の班の数（低いほど良い）の目標値と実績値の棒グラフ（単位：班）。"))},
		{"indicator chart legend", some(labels, equals("低いほど良い"))},
		{"取組一覧 row", some(cells, contains("|平成29年度|—95.0↓—|達成B—|"))},
		{"取組一覧 explanation", strings.Contains(textOf(doc), "「↓」の付いた達成率は、低いほど良い指標（達成率＝目標÷実績×100）のものです。")},
		// The indicator is the second line of the 取組・指標 cell.
		{"判定の変更", some(cells, contains("再生消防団の班の数（低いほど良い）|平成29年度|判定|C|B|"))},
		{"判定の変更 higher-is-better", some(cells, contains("推進コミュニティづくり支援補助事業申請件数|平成29年度|判定|C|B|"))},
	} {
		if !c.ok {
			t.Errorf("%s: no direction mark where expected (or one where not)", c.what)
		}
	}
	if some(labels, contains("都市公園愛護会の結成数（低いほど良い）")) || some(descs, contains("都市公園愛護会の結成数（低いほど良い）")) {
		t.Error("a higher-is-better indicator is marked")
	}
}
