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
