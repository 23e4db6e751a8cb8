package htmlreport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"planreport/pipeline"
	"planreport/pipeline/config"
	"planreport/pipeline/htmlreport"
	"planreport/pipeline/ingest"
	"planreport/pipeline/layout"
	"planreport/pipeline/model"
	"planreport/pipeline/pdfreport"
	"planreport/pipeline/reportdoc"
	"planreport/templates"
)

const issuer = "企画部 企画政策課"

// analyzed reads dir as a run does (ingest, check, rate) for 2026-11-23.
func analyzed(t testing.TB, dir string) *model.Batch {
	t.Helper()
	b, err := ingest.Read(context.Background(), dir, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b.ReportDate = "2026-11-23"
	cfg := config.Default()
	if err := pipeline.Analyze(b, &cfg, nil); err != nil {
		t.Fatal(err)
	}
	return b
}

// sampleBatch is the sample input (the seed's workbooks), with changes
// since a previous report as a run finds them, so that the page has every
// section the consolidated report can have.
func sampleBatch(t *testing.T) *model.Batch {
	b := analyzed(t, filepath.Join("..", "..", "input"))
	b.Changes = &model.Changes{Base: "2026-08-31", Items: []model.Change{
		{Kind: model.ChangeGrade, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: "コミュニティづくり支援補助事業申請件数", Year: 2017,
			Item: "判定", Before: "C", After: "B", Source: model.Source{File: "復興政策部.xlsx", Sheet: "取組1", Cell: "G14"}},
		{Kind: model.ChangeActualEntered, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: "コミュニティづくり支援補助事業申請件数", Year: 2017,
			Item: "実績値", After: "168", Source: model.Source{File: "復興政策部.xlsx", Sheet: "取組1", Cell: "G14"}},
		{Kind: model.ChangeFindingFixed, Item: "警告", Before: "記載された達成率が一致しません", Source: model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "E21"}},
	}}
	return b
}

// generatedBatch is sheets written by templates.Synthetic.
func generatedBatch(t *testing.T, sheets int) *model.Batch { return generatedBatchB(t, sheets) }

func generatedBatchB(t testing.TB, sheets int) *model.Batch {
	t.Helper()
	dir := t.TempDir()
	for _, wb := range templates.Synthetic(sheets, 19) {
		if err := templates.Save(dir, wb); err != nil {
			t.Fatal(err)
		}
	}
	return analyzed(t, dir)
}

func render(t *testing.T, b *model.Batch, opt reportdoc.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := htmlreport.Write(context.Background(), &buf, b, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parse(t *testing.T, page []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func all(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func child(n *html.Node, tag string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == tag {
			return c
		}
	}
	return nil
}

// checkPage checks what issue 19 asks of report.html, as a screen reader
// meets it: the language, one h1, headings that never skip a level, a
// caption on every table and a scope on every header cell, a title and a
// description on every chart, links that land, and nothing that needs a
// script or the network.
func checkPage(t *testing.T, page []byte) *html.Node {
	t.Helper()
	doc := parse(t, page)
	root := all(doc, "html")[0]
	if lang, _ := attr(root, "lang"); lang != "ja" {
		t.Errorf(`<html lang=%q>, want "ja"`, lang)
	}
	if n := len(all(doc, "h1")); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	if ts := all(doc, "title"); len(ts) == 0 || textOf(ts[0]) == "" {
		t.Error("no document title")
	}
	// Heading levels in document order never skip one going down.
	prev := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6' {
			level := int(n.Data[1] - '0')
			if level > prev+1 {
				t.Errorf("heading %q is h%d after h%d", textOf(n), level, prev)
			}
			prev = level
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	tables := all(doc, "table")
	if len(tables) == 0 {
		t.Error("no table")
	}
	for i, tb := range tables {
		if c := child(tb, "caption"); c == nil || textOf(c) == "" {
			t.Errorf("table %d has no caption", i+1)
		}
	}
	for _, th := range all(doc, "th") {
		if s, _ := attr(th, "scope"); s != "col" && s != "row" {
			t.Errorf("<th>%s</th> has scope %q", textOf(th), s)
		}
	}
	ids := map[string]bool{}
	var dup []string
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		if id, ok := attr(n, "id"); ok {
			if ids[id] {
				dup = append(dup, id)
			}
			ids[id] = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collect(c)
		}
	}
	collect(doc)
	if len(dup) > 0 {
		t.Errorf("duplicate ids: %v", dup)
	}
	for _, svg := range all(doc, "svg") {
		if r, _ := attr(svg, "role"); r != "img" {
			t.Errorf("svg role %q, want img", r)
		}
		// Named by its title alone and described by its desc (README):
		// a name holding the desc would be said twice.
		by, _ := attr(svg, "aria-labelledby")
		describedBy, _ := attr(svg, "aria-describedby")
		title, desc := all(svg, "title"), all(svg, "desc")
		if len(title) != 1 || textOf(title[0]) == "" || len(desc) != 1 || textOf(desc[0]) == "" {
			t.Errorf("svg %q without a title or a description", by)
			continue
		}
		if id, _ := attr(title[0], "id"); id == "" || by != id {
			t.Errorf("svg aria-labelledby %q, want its title's id %q alone", by, id)
		}
		if id, _ := attr(desc[0], "id"); id == "" || describedBy != id {
			t.Errorf("svg aria-describedby %q, want its desc's id %q", describedBy, id)
		}
	}
	for _, a := range all(doc, "a") {
		href, _ := attr(a, "href")
		if !strings.HasPrefix(href, "#") || !ids[href[1:]] {
			t.Errorf("link %q (%s) leads nowhere in the page", href, textOf(a))
		}
	}
	for _, tag := range []string{"script", "img", "link", "iframe", "object"} {
		if n := len(all(doc, tag)); n > 0 {
			t.Errorf("%d <%s> elements: the page must be self-contained and need no script", n, tag)
		}
	}
	if bytes.Contains(page, []byte("url(")) || bytes.Contains(page, []byte("@import")) {
		t.Error("the style sheet refers to another file")
	}
	if !bytes.Contains(page, []byte("@media print")) || !bytes.Contains(page, []byte("size: A4")) {
		t.Error("no print style for A4")
	}
	return doc
}

// headings lists the page's section headings as the PDF's bookmarks list
// them: the h2 elements, and the h3 of each initiative's section.
func headings(doc *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			id, _ := attr(n, "id")
			if n.Data == "h2" || (n.Data == "h3" && strings.HasPrefix(id, "initiative-")) {
				out = append(out, textOf(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// outline lists the PDF's bookmarks in order.
func outline(t *testing.T, b *model.Batch, opt reportdoc.Options) []string {
	t.Helper()
	d, err := pdfreport.Build(context.Background(), b, opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range d.Pages {
		for _, op := range p.Ops {
			if op.Kind == layout.OpOutline {
				out = append(out, op.Text)
			}
		}
	}
	return out
}

// TestSample checks the HTML edition of the sample: the structure, the
// same sections as report.pdf, and the numbers a reader must find.
func TestSample(t *testing.T) {
	b := sampleBatch(t)
	opt := reportdoc.Options{Issuer: issuer}
	page := render(t, b, opt)
	doc := checkPage(t, page)
	if got, want := headings(doc), outline(t, b, opt); !slices.Equal(got, want) {
		t.Errorf("sections differ from the PDF's bookmarks:\n html %q\n  pdf %q", got, want)
	}
	text := textOf(doc)
	for _, want := range []string{
		"行財政運営プラン 取組状況報告書", "令和8年11月23日", issuer, "基本目標5",
		"担当部・年度別の評価状況", "取組一覧", "付録1 指摘事項一覧", "付録2 入力ファイル一覧",
		"前回報告からの変更", "前回報告（令和8年8月31日）からの変更：判定の変更1件", "復興政策部.xlsx／取組1／G14",
		"提出状況", "担当部別の提出状況",
		// 取組1's first indicator in 平成27年度: 157 of 373 is 42.1 %, stated 42.0.
		"42.1", "42.0 ※", reportdoc.MismatchNote,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Every chart's data table is beside it: the rate chart's rows are
	// every bar, the grade table's every year.
	rc := mustContent(t, b, opt).RateChart()
	var rateTable *html.Node
	for _, tb := range all(doc, "table") {
		if textOf(child(tb, "caption")) == rc.Title+"（グラフのデータ）" {
			rateTable = tb
		}
	}
	if rateTable == nil {
		t.Fatal("no data table beside the rate chart")
	}
	if n := len(all(child(rateTable, "tbody"), "tr")); n != len(rc.Bars) || n == 0 {
		t.Errorf("rate data table has %d rows, the chart %d bars", n, len(rc.Bars))
	}
	if n, want := len(all(doc, "svg")), 2+countTargetCharts(b); n != want {
		t.Errorf("%d charts, want %d (rate, grades, one per numeric indicator)", n, want)
	}
	again := render(t, b, opt)
	if !bytes.Equal(page, again) {
		t.Error("two renderings of the same batch differ")
	}
}

func mustContent(t *testing.T, b *model.Batch, opt reportdoc.Options) *reportdoc.Content {
	t.Helper()
	c, err := reportdoc.New(b, opt)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func countTargetCharts(b *model.Batch) int {
	n := 0
	for _, in := range b.Initiatives {
		for _, ind := range in.Indicators {
			if _, ok := reportdoc.TargetChartOf(ind); ok {
				n++
			}
		}
	}
	return n
}

// TestHostileText: text from a workbook is text in the page, never markup.
func TestHostileText(t *testing.T) {
	b := sampleBatch(t)
	in := b.Initiatives[0]
	in.Title = `<script>alert("x")</script>`
	in.Overview.Blocks = []model.Block{{Text: `<img src=x onerror=alert(1)>`}, {Kind: model.Bullet, Text: `"></desc><script>1</script>`}}
	in.Indicators[0].Name = `</title><script>2</script>`
	page := render(t, b, reportdoc.Options{})
	doc := checkPage(t, page)
	text := textOf(doc)
	for _, want := range []string{`<script>alert("x")</script>`, `<img src=x onerror=alert(1)>`} {
		if !strings.Contains(text, want) {
			t.Errorf("page text lacks %q", want)
		}
	}
}

// TestSectionsLimit: a batch too large for per-initiative sections says so
// and links nowhere it does not have.
func TestSectionsLimit(t *testing.T) {
	b := sampleBatch(t)
	opt := reportdoc.Options{SectionsLimit: 5}
	doc := checkPage(t, render(t, b, opt))
	if got, want := headings(doc), outline(t, b, opt); !slices.Equal(got, want) {
		t.Errorf("sections differ from the PDF's bookmarks:\n html %q\n  pdf %q", got, want)
	}
	if !strings.Contains(textOf(doc), "取組ごとの詳細はこの報告書には載せていません") {
		t.Error("the page does not say the sections are left out")
	}
}

// TestAxe opens report.html of the sample and of 100 generated sheets in
// headless Chromium and runs axe-core with the WCAG 2.x A and AA rules
// (tools/axe, installed by make tools): zero violations.
func TestAxe(t *testing.T) {
	runner, err := filepath.Abs(filepath.Join("..", "..", "tools", "axe", "run.js"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(runner), "node_modules", "axe-core")); err != nil {
		t.Fatalf("axe-core is not installed (run make tools): %v", err)
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	for _, c := range []struct {
		name string
		b    *model.Batch
	}{
		{"sample", sampleBatch(t)},
		{"generated", generatedBatch(t, 100)},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "report.html")
			if err := os.WriteFile(path, render(t, c.b, reportdoc.Options{Issuer: issuer}), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("node", runner, path, chromium)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("axe: %v\n%s", err, stderr.String())
			}
			var res struct {
				Violations []struct {
					ID, Impact, Help string
					Nodes            []struct {
						HTML    string `json:"html"`
						Summary string `json:"summary"`
					}
				}
				Passes           []string
				ExternalRequests []string `json:"external_requests"`
			}
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatalf("axe output: %v\n%s", err, out)
			}
			for _, v := range res.Violations {
				t.Errorf("axe %s (%s): %s", v.ID, v.Impact, v.Help)
				for _, n := range v.Nodes {
					t.Logf("  %s\n  %s", n.HTML, n.Summary)
				}
			}
			// The rules that matter here must have run and passed, or
			// zero violations says nothing.
			for _, rule := range []string{"html-has-lang", "html-lang-valid", "document-title", "svg-img-alt", "th-has-data-cells", "color-contrast", "link-name", "list", "bypass"} {
				if !slices.Contains(res.Passes, rule) {
					t.Errorf("axe rule %s did not pass (passes: %v)", rule, res.Passes)
				}
			}
			if len(res.ExternalRequests) > 0 {
				t.Errorf("the page asked for other files: %v", res.ExternalRequests)
			}
		})
	}
}

// TestPrintA4 prints the sample's page with headless chromium: the print
// style sets A4, and every section and initiative starts a page.
func TestPrintA4(t *testing.T) {
	b := sampleBatch(t)
	dir := t.TempDir()
	page, pdf := filepath.Join(dir, "report.html"), filepath.Join(dir, "print.pdf")
	if err := os.WriteFile(page, render(t, b, reportdoc.Options{Issuer: issuer}), 0o644); err != nil {
		t.Fatal(err)
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --print-to-pdf: %v\n%s", err, out)
	}
	out, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	info := string(out)
	if !strings.Contains(info, "(A4)") {
		t.Errorf("printed page size is not A4:\n%s", info)
	}
	var pages int
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			pages, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	// Cover, contents, 総括, 取組一覧, one per initiative, 付録1, 付録2.
	if min := 6 + len(b.Initiatives); pages < min {
		t.Errorf("printed %d pages, want at least %d (a page per section and initiative)", pages, min)
	}
}
