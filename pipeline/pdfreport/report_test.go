package pdfreport

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"planreport/pipeline/layout"
	"planreport/pipeline/model"
	"planreport/pipeline/reportdoc"
)

var keep = flag.String("keep", "", "write the test PDFs into this folder (to look at them)")

// render writes the report and returns its bytes and the path of a copy on disk.
func render(t *testing.T, b *model.Batch, opt Options, name string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, b, opt); err != nil {
		t.Fatalf("Write: %v", err)
	}
	dir := t.TempDir()
	if *keep != "" {
		dir = *keep
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), path
}

func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is needed by this test (apt-get install poppler-utils qpdf): %v", name, err)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// squash removes white space so that a title broken across lines still
// matches.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\f' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

func TestReportText(t *testing.T) {
	b := seedBatch()
	_, path := render(t, b, Options{Issuer: "企画部 企画政策課"}, "report.pdf")
	text := tool(t, "pdftotext", "-layout", path, "-")
	flat := squash(text)
	for _, in := range b.Initiatives {
		if !strings.Contains(flat, squash(in.Title)) {
			t.Errorf("initiative title %q missing from the text", in.Title)
		}
		for _, ind := range in.Indicators {
			if !strings.Contains(flat, squash(ind.Name)) {
				t.Errorf("indicator %q missing from the text", ind.Name)
			}
		}
	}
	for _, want := range []string{
		"行財政運営プラン取組状況報告書", // the default title
		"令和8年11月23日",      // the report date in 和暦 for 2026-11-23
		"基本目標5市民と協働で進める行財政運営",
		"平成27年度〜令和2年度", // the period covered
		"実績の最新年度平成29年度",
		"企画部企画政策課",
		"令和2年度（平成32年度）",          // FiscalYear.Display of the sheet's 平成32年度
		"106.3", "42.1", "42.0※", // computed, and the marked stated rate
		"消防団の班の数（単位：班）※低いほど良い（達成率＝目標÷実績×100）", // the formula of a lower-is-better rate
		"目次", "総括", "取組一覧", "付録1指摘事項一覧", "付録2入力ファイル一覧",
		"記載された達成率73.8が計算値75.6",
		strings.Repeat("1a2b3c4d", 4), // sha256 (wrapped in its column)
		"不受理",
	} {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("%q missing from the text", want)
		}
	}
	// The lock file of seedBatch is no input: not in 付録2 (its
	// hand-made finding is still in 付録1).
	if strings.Contains(flat, "対象外") {
		t.Error("an entry that is not an input is listed in the report")
	}
}

// TestKinsokuInOutput checks every line pdftotext -raw extracts: none may
// start with a character JLReq forbids at a line start.
func TestKinsokuInOutput(t *testing.T) {
	_, path := render(t, seedBatch(), Options{}, "report.pdf")
	raw := tool(t, "pdftotext", "-raw", path, "-")
	for i, line := range strings.Split(raw, "\n") {
		line = strings.TrimLeft(line, " \f")
		if line == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(line)
		if layout.NoStart(r) && !strings.ContainsRune(",.:;?!)]}%％", r) {
			t.Errorf("line %d starts with %q: %q", i+1, r, line)
		}
	}
}

func TestFooterCountsPages(t *testing.T) {
	_, path := render(t, seedBatch(), Options{}, "report.pdf")
	info := tool(t, "pdfinfo", path)
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("no page count in pdfinfo output:\n%s", info)
	}
	n, _ := strconv.Atoi(m[1])
	if n < 15 {
		t.Fatalf("only %d pages: eleven initiatives take at least one page each", n)
	}
	for p := 1; p <= n; p++ {
		text := tool(t, "pdftotext", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), "-layout", path, "-")
		want := "- " + strconv.Itoa(p) + " / " + strconv.Itoa(n) + " -"
		if !strings.Contains(text, want) {
			t.Errorf("page %d: footer %q missing", p, want)
		}
	}
}

func TestQpdfCheckAndOutline(t *testing.T) {
	b := seedBatch()
	_, path := render(t, b, Options{}, "report.pdf")
	tool(t, "qpdf", "--check", path) // fails the test on a non-zero exit
	js := tool(t, "qpdf", "--json", "--json-key=outlines", path)
	for _, title := range []string{"目次", "総括", "取組一覧", "取組別の状況", "付録1 指摘事項一覧", "付録2 入力ファイル一覧"} {
		if !strings.Contains(js, `"title": "`+title+`"`) {
			t.Errorf("bookmark %q missing", title)
		}
	}
	for _, in := range b.Initiatives {
		if !strings.Contains(js, `"title": "取組`+strconv.Itoa(in.Number)+"　"+in.Title+`"`) {
			t.Errorf("bookmark for %q missing", in.Title)
		}
	}
	info := tool(t, "pdfinfo", path)
	if !strings.Contains(info, "行財政運営プラン 取組状況報告書") || !strings.Contains(info, "CreationDate:") {
		t.Errorf("document title or creation date missing:\n%s", info)
	}
	fonts := tool(t, "pdffonts", path)
	if !strings.Contains(fonts, "+BIZUDGothic-Regular") {
		t.Errorf("BIZ UDGothic subset not embedded:\n%s", fonts)
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := render(t, seedBatch(), Options{}, "a.pdf")
	b, _ := render(t, seedBatch(), Options{}, "b.pdf")
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same batch differ")
	}
}

func TestDepartment(t *testing.T) {
	b := seedBatch()
	got := Departments(b)
	// Sorted by code point: 建(U+5EFA) 復(U+5FA9) 生(U+751F) 総(U+7DCF) 財(U+8CA1).
	want := []string{"建設部", "復興政策部", "生活環境部", "総務部", "財務部"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Departments = %v, want %v", got, want)
	}
	_, path := render(t, b, Options{Department: "財務部"}, "財務部.pdf")
	flat := squash(tool(t, "pdftotext", "-layout", path, "-"))
	// 財務部 owns 取組9 and shares 取組7 (総務部・財務部).
	for _, title := range []string{"財政状況の公表", "社会保障・税番号制度（マイナンバー制度）の利活用の検討"} {
		if !strings.Contains(flat, squash(title)) {
			t.Errorf("%q missing from the 財務部 report", title)
		}
	}
	if strings.Contains(flat, "都市公園愛護会結成の促進") {
		t.Error("建設部's initiative in the 財務部 report")
	}
	tool(t, "qpdf", "--check", path)
}

func TestSectionsLimit(t *testing.T) {
	b := seedBatch()
	doc, err := Build(context.Background(), b, Options{SectionsLimit: 5})
	if err != nil {
		t.Fatal(err)
	}
	full, err := Build(context.Background(), b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) >= len(full.Pages) {
		t.Fatalf("with SectionsLimit 5 the report has %d pages, without %d", len(doc.Pages), len(full.Pages))
	}
	for _, p := range doc.Pages {
		for _, op := range p.Ops {
			if op.Kind == layout.OpAnchor && strings.HasPrefix(op.Dest, "initiative-") {
				t.Fatalf("section %s present despite the limit", op.Dest)
			}
		}
	}
}

func TestBadDate(t *testing.T) {
	b := seedBatch()
	b.ReportDate = "2026/11/23"
	err := Write(context.Background(), &bytes.Buffer{}, b, Options{})
	if !errors.Is(err, ErrNoDate) {
		t.Fatalf("err = %v, want ErrNoDate", err)
	}
}

// TestTOCPageNumbers checks that the table of contents shows the pages the
// sections start on (the two-pass layout).
func TestTOCPageNumbers(t *testing.T) {
	doc, err := Build(context.Background(), seedBatch(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages := anchorPages(doc)
	// The TOC page(s) hold one link per entry and the page number as text.
	links := 0
	for _, op := range doc.Pages[1].Ops {
		if op.Kind == layout.OpLink {
			links++
			if _, ok := pages[op.Dest]; !ok {
				t.Errorf("TOC link to unknown anchor %q", op.Dest)
			}
		}
	}
	if links < 10 {
		t.Fatalf("%d links on the TOC page", links)
	}
	if pages[reportdoc.AnchorSummary] != 3 {
		t.Errorf("総括 on page %d, want 3 (cover, one TOC page)", pages[reportdoc.AnchorSummary])
	}
	found := false
	for _, op := range doc.Pages[1].Ops {
		if op.Kind == layout.OpText && op.Text == "3" {
			found = true
		}
	}
	if !found {
		t.Error("TOC does not show page 3 for 総括")
	}
}

// TestTOCPageNumbersLong: with 120 initiatives the table of contents runs
// over several pages. Every entry's number (the text op drawn just before
// the entry's rule and link) must be the page its link jumps to, and the
// pages after the contents must start where the numbers say.
func TestTOCPageNumbersLong(t *testing.T) {
	doc, err := Build(context.Background(), bigBatch(120), Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages := anchorPages(doc)
	tocPages := pages[reportdoc.AnchorSummary] - 2 // after the cover and before 総括
	if tocPages < 3 {
		t.Fatalf("the contents take %d pages; 124 entries of about 19 pt need at least 3", tocPages)
	}
	links := 0
	for p := 1; p <= tocPages; p++ {
		ops := doc.Pages[p].Ops
		for i, op := range ops {
			if op.Kind != layout.OpLink {
				continue
			}
			links++
			// The nearest text run before the link (the leader rule and
			// the structure ops come between).
			var num layout.Op
			for j := i - 1; j >= 0; j-- {
				if ops[j].Kind == layout.OpText {
					num = ops[j]
					break
				}
			}
			if num.Kind != layout.OpText || num.Text != strconv.Itoa(pages[op.Dest]) {
				t.Errorf("page %d: entry for %s shows %q, its anchor is on page %d", p+1, op.Dest, num.Text, pages[op.Dest])
			}
		}
	}
	if links != 125 { // 総括, 提出状況, 取組一覧, 120 initiatives, two appendices
		t.Errorf("%d entries, want 125", links)
	}
}

// Initiatives are numbered within their basic goal: when the initiatives
// shown span two goals, the bookmarks (and so the contents and headings,
// which share the title) carry the goal's number; with one they do not.
func TestInitiativeTitlesWithTwoGoals(t *testing.T) {
	outlines := func(b *model.Batch) []string {
		t.Helper()
		doc, err := Build(context.Background(), b, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range doc.Pages {
			for _, op := range p.Ops {
				if op.Kind == layout.OpOutline && op.Level == 1 && strings.HasPrefix(op.Text, "取組") {
					out = append(out, op.Text)
				}
			}
		}
		return out
	}
	b := seedBatch()
	if got := outlines(b); len(got) == 0 || !strings.HasPrefix(got[0], "取組1　") {
		t.Fatalf("one goal: bookmarks %q, want 取組1　… first", got)
	}
	other := *b.Initiatives[0]
	other.GoalNumber, other.Number, other.Title = 3, 1, "行政手続のデジタル化"
	b.Initiatives = append(b.Initiatives, &other)
	got := outlines(b)
	if len(got) < 2 || got[0] != "取組3-1　行政手続のデジタル化" || !strings.HasPrefix(got[1], "取組5-1　") {
		t.Errorf("two goals: bookmarks %q, want 取組3-1　行政手続のデジタル化, then 取組5-1　…", got)
	}
}

// The 総括 says why the departments' counts need not add up to 全体 when
// an initiative belongs to two departments (the seed's 取組7 of
// 総務部・財務部), and says nothing when none does.
func TestSharedInitiativeNote(t *testing.T) {
	text := func(b *model.Batch) string { return docText(t, b, Options{}, "", 0) }
	b := seedBatch()
	if got := text(b); !strings.Contains(got, "総務部・財務部の取組7など") || !strings.Contains(got, "一致しないことがあります") {
		t.Error("no note on the shared initiative in 総括")
	}
	for _, in := range b.Initiatives {
		if strings.Contains(in.Department, "・") {
			in.Department = "総務部"
		}
	}
	if got := text(b); strings.Contains(got, "一致しないことがあります") {
		t.Error("note shown without a shared initiative")
	}
}

// Characters the typeface lacks (𠮷, ✅; 髙 it has) are drawn as 〓: each
// text holding one gets a warning naming them and the text, and the seed
// has none.
func TestGlyphFindings(t *testing.T) {
	got, err := GlyphFindings(seedBatch())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got {
		t.Errorf("seed: %s %s", f.Source, f.Message)
	}
	b := seedBatch()
	in := b.Initiatives[0]
	in.Title = "髙橋𠮷野家との連携✅強化"
	in.TitleCell, in.DepartmentCell = "C3", "F1"
	in.Department = "総務部✅"
	in.Indicators[0].Unit = "件🙂"
	in.Results[len(in.Results)-1].Issues.Blocks = append(in.Results[len(in.Results)-1].Issues.Blocks, model.Block{Text: "😀"})
	if got, err = GlyphFindings(b); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"取組項目名の「",
		"担当部名の「",
		"指標「" + in.Indicators[0].Name + "」の名前・単位の「",
		"今後の課題（" + in.Results[len(in.Results)-1].Year.Display() + "）の「",
	}
	if len(got) != len(want) {
		t.Fatalf("%d findings, want %d: %+v", len(got), len(want), got)
	}
	for i, f := range got {
		if f.Code != CodeGlyphMissing || f.Severity != model.SeverityWarning || !strings.Contains(f.Message, want[i]) || strings.Contains(f.Message, "髙") {
			t.Errorf("finding %d: %+v, want one naming %s", i, f, want[i])
		}
	}
	// Named with their code points, which the PDF can draw: the
	// characters themselves are 〓 there.
	if !strings.Contains(got[0].Message, "の「𠮷」（U+20BB7）「✅」（U+2705）は") {
		t.Errorf("title finding %q does not name 𠮷 and ✅ with their code points", got[0].Message)
	}
	// Each at the cell the department corrects, not the sheet's title.
	if got[0].Source.Cell != "C3" || got[1].Source.Cell != "F1" {
		t.Errorf("title finding at %q, department finding at %q; want C3 and F1", got[0].Source.Cell, got[1].Source.Cell)
	}
}

// A written 達成/未達成 that disagrees with the computed judgement is marked
// ※ in the initiative's table, as summary.xlsx highlights it.
func TestStatedJudgementMismatchMarked(t *testing.T) {
	b := seedBatch()
	y := &b.Initiatives[0].Indicators[0].Years[0]
	y.StatedRate = model.Value{Raw: "達成", Source: y.StatedRate.Source}
	y.Eval.StatedMatches = false
	doc, err := Build(context.Background(), b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Pages {
		for _, op := range p.Ops {
			if op.Kind == layout.OpText && op.Text == "達成 ※" {
				return
			}
		}
	}
	t.Error("no 「達成 ※」 cell")
}

// The 指標別達成率 chart, when longer than a page, says on each later page
// what it continues (before, a few bars and the legend could sit alone at
// the top of a page); the seed's short chart is not continued.
func TestRateChartContinued(t *testing.T) {
	count := func(b *model.Batch) int {
		t.Helper()
		doc, err := Build(context.Background(), b, Options{SectionsLimit: 1})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range doc.Pages {
			for _, op := range p.Ops {
				if op.Kind == layout.OpText && strings.HasSuffix(op.Text, "指標別達成率（続き）") {
					n++
				}
			}
		}
		return n
	}
	if n := count(bigBatch(120)); n == 0 {
		t.Error("a chart over several pages has no continuation heading")
	}
	if n := count(seedBatch()); n != 0 {
		t.Errorf("the seed's chart is continued %d times", n)
	}
}

// 取組一覧 lists at most ten rates per initiative, then how many more, and
// says so (the section has them all, with names).
func TestListCapsRates(t *testing.T) {
	b := seedBatch()
	in := b.Initiatives[0]
	for len(in.Indicators) < 15 {
		in.Indicators = append(in.Indicators, in.Indicators[0])
	}
	// Each text run followed by "|": ほか5件 stands as a run of its own.
	all := docText(t, b, Options{}, "|", 0)
	more := strings.Contains("|"+all, "|ほか5件|")
	explained := strings.Contains(strings.ReplaceAll(all, "|", ""), "指標が10件を超える取組は、最初の10件を示します。")
	if !more || !explained {
		t.Errorf("「ほか5件」 %v, explanation %v", more, explained)
	}
}

// With two basic goals the 総括 table has each goal's rows (SPEC: roll-ups
// per basic goal) before 全体; with one it has none (they would repeat 全体).
func TestSummaryGoalRows(t *testing.T) {
	text := func(b *model.Batch) string { return docText(t, b, Options{}, "|", 4) }
	b := seedBatch()
	b.Rollups.ByGoalYear = []model.Rollup{
		{GoalNumber: 3, Year: 2015, Evaluated: 1, Achieved: 1, MeanRate: model.Rate{Tenths: 1000, Valid: true}, Grades: model.GradeCounts{A: 1}},
		{GoalNumber: 5, Year: 2015, Evaluated: 2, Achieved: 0, MeanRate: model.Rate{Tenths: 500, Valid: true}, Grades: model.GradeCounts{C: 2}},
	}
	if got := text(b); strings.Contains(got, "基本目標5|") {
		t.Error("one goal: goal rows shown")
	}
	other := *b.Initiatives[0]
	other.GoalNumber, other.Number = 3, 1
	b.Initiatives = append(b.Initiatives, &other)
	got := text(b)
	for _, want := range []string{"担当部・目標|", "基本目標3|平成27年度|1|1|100.0|", "基本目標5|平成27年度|2|0|50.0|"} {
		if !strings.Contains(got, want) {
			t.Errorf("two goals: %q missing", want)
		}
	}
}

// docText builds b's report and joins its text operators, each followed by
// sep, over the first pages pages (0: all).
func docText(t *testing.T, b *model.Batch, opt Options, sep string, pages int) string {
	t.Helper()
	doc, err := Build(context.Background(), b, opt)
	if err != nil {
		t.Fatal(err)
	}
	ps := doc.Pages
	if pages > 0 {
		ps = ps[:min(pages, len(ps))]
	}
	var s strings.Builder
	for _, p := range ps {
		for _, op := range p.Ops {
			if op.Kind == layout.OpText {
				s.WriteString(op.Text + sep)
			}
		}
	}
	return s.String()
}

// The charts do not tell the grade by colour alone (WCAG 1.4.1): each rate
// bar is labelled with its grade, the stacked segments that have room with
// their judgement, and the judgement counts follow the chart as a table.
func TestChartsNotColourOnly(t *testing.T) {
	doc, err := Build(context.Background(), seedBatch(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	barLabel := regexp.MustCompile(`^(▶ )?-?\d+\.\d [A-D]$`)
	segment := regexp.MustCompile(`^(A|B|C|D|達成|未達成) \d+$`)
	var bars, segments int
	caption := false
	for _, p := range doc.Pages {
		for _, op := range p.Ops {
			if op.Kind != layout.OpText {
				continue
			}
			switch {
			case barLabel.MatchString(op.Text):
				bars++
			case segment.MatchString(op.Text):
				segments++
			case op.Text == "年度別の判定の内訳（件数）":
				caption = true
			}
		}
	}
	if bars == 0 || segments == 0 || !caption {
		t.Errorf("grade written on %d bars, %d segments; counts table %v", bars, segments, caption)
	}
}
