package pdfreport

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/model"
)

// tagged is what testdata/check_tagged.py reads back with pikepdf.
type tagged struct {
	Marked          bool     `json:"marked"`
	Lang            string   `json:"lang"`
	DisplayDocTitle bool     `json:"display_doc_title"`
	Encrypted       bool     `json:"encrypted"`
	ID              []string `json:"id"`
	OutputIntents   []struct {
		S          string `json:"s"`
		Condition  string `json:"condition"`
		N          int    `json:"n"`
		Signature  string `json:"icc_signature"`
		ColorSpace string `json:"icc_colour_space"`
		Class      string `json:"icc_class"`
		Major      int    `json:"icc_major_version"`
	} `json:"output_intents"`
	InfoIndirect bool              `json:"info_indirect"`
	Info         map[string]string `json:"info"`
	XMPFiltered  bool              `json:"xmp_filtered"`
	XMP          *struct {
		Part, Conformance, Title, Creator, Description string
		CreatorTool                                    string `json:"creator_tool"`
		CreateDate                                     string `json:"create_date"`
		ModifyDate                                     string `json:"modify_date"`
		Producer                                       string
	} `json:"xmp"`
	Fonts []struct {
		Subtype    string `json:"subtype"`
		Descendant string `json:"descendant"`
		ToUnicode  bool   `json:"to_unicode"`
		CIDToGID   string `json:"cid_to_gid"`
		Embedded   bool   `json:"embedded"`
	} `json:"fonts"`
	Structure *struct {
		Root     string `json:"root"`
		Headings []int  `json:"headings"`
		Tables   []struct {
			Rows       int      `json:"rows"`
			HeaderRows int      `json:"header_rows"`
			TH         int      `json:"th"`
			TD         int      `json:"td"`
			Scopes     []string `json:"scopes"`
			Pages      int      `json:"pages"`
		} `json:"tables"`
		Figures  []string `json:"figures"`
		TOCLinks int      `json:"toc_links"`
		Types    []string `json:"types"`
		Problems []string `json:"problems"`
	} `json:"structure"`
	Links           int      `json:"links"`
	LinkContents    []string `json:"link_contents"`
	TaggedLinks     int      `json:"tagged_links"`
	MarkedOps       int      `json:"marked_ops"`
	ArtifactOps     int      `json:"artifact_ops"`
	UntaggedOps     int      `json:"untagged_ops"`
	ContentProblems []string `json:"content_problems"`
}

// readTagged runs the pikepdf reader on a PDF file.
func readTagged(t *testing.T, path string) tagged {
	t.Helper()
	const python = "/usr/bin/python3" // Debian's, which has python3-pikepdf (make tools)
	out, err := exec.Command(python, filepath.Join("testdata", "check_tagged.py"), path).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("check_tagged.py %s: %v\n%s (make tools installs python3-pikepdf)", path, err, stderr)
	}
	var got tagged
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("check_tagged.py output: %v\n%s", err, out)
	}
	return got
}

// taggedCase is one PDF of the test and what its structure must hold.
type taggedCase struct {
	name     string
	batch    *model.Batch
	opt      Options
	tocLinks int  // entries of the table of contents
	split    bool // some table continues on another page
}

// TestTaggedPDF reads every PDF of the seed batch (the report and each
// department's) and the report and department PDFs of a 100-initiative
// batch back with pikepdf, pdfinfo and qpdf, as a screen reader and a
// PDF/A validator would meet them (issue 19).
func TestTaggedPDF(t *testing.T) {
	const issuer = "企画部 企画政策課" // the information dictionary's /Author
	seed := seedBatch()
	cases := []taggedCase{{name: "report", batch: seed, opt: Options{Issuer: issuer}, tocLinks: 5 + len(seed.Initiatives)}} // the report has 提出状況, a department PDF not
	for _, d := range Departments(seed) {
		cases = append(cases, taggedCase{name: d, batch: seed, opt: Options{Issuer: issuer, Department: d}, tocLinks: 4 + countDept(seed, d)})
	}
	big := bigBatch(100)
	cases = append(cases, taggedCase{name: "report-100", batch: big, opt: Options{Issuer: issuer}, tocLinks: 105, split: true})
	for _, d := range Departments(big) {
		cases = append(cases, taggedCase{name: d + "-100", batch: big, opt: Options{Issuer: issuer, Department: d}, tocLinks: 4 + countDept(big, d)})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, path := render(t, c.batch, c.opt, c.name+".pdf")
			checkTaggedFile(t, path, c)
		})
	}
}

// checkTaggedFile reads a rendered PDF back with pdfinfo, qpdf and pikepdf
// and checks the catalog, the PDF/A entries and the structure tree.
func checkTaggedFile(t *testing.T, path string, c taggedCase) {
	t.Helper()
	if info := tool(t, "pdfinfo", path); !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) {
		t.Errorf("pdfinfo does not say Tagged: yes:\n%s", info)
	}
	if out := tool(t, "qpdf", "--check", path); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	got := readTagged(t, path)
	checkCatalog(t, got)
	checkPDFA(t, got)
	checkStructure(t, got, c)
}

func countDept(b *model.Batch, dept string) int {
	n := 0
	for _, in := range b.Initiatives {
		if slices.Contains(in.Departments(), dept) {
			n++
		}
	}
	return n
}

func checkCatalog(t *testing.T, got tagged) {
	t.Helper()
	if !got.Marked || got.Lang != "ja-JP" || !got.DisplayDocTitle {
		t.Errorf("catalog: /MarkInfo /Marked %v, /Lang %q, /DisplayDocTitle %v", got.Marked, got.Lang, got.DisplayDocTitle)
	}
}

// checkPDFA checks the PDF/A-2 rules the test can see (see README for
// those it cannot).
func checkPDFA(t *testing.T, got tagged) {
	t.Helper()
	if got.Encrypted {
		t.Error("encrypted")
	}
	if len(got.ID) != 2 || len(got.ID[0]) != 32 || got.ID[0] != got.ID[1] {
		t.Errorf("trailer /ID %v, want two equal 16-byte strings", got.ID)
	}
	if len(got.OutputIntents) != 1 {
		t.Fatalf("%d output intents, want 1", len(got.OutputIntents))
	}
	oi := got.OutputIntents[0]
	if oi.S != "/GTS_PDFA1" || oi.Condition != "sRGB IEC61966-2.1" || oi.N != 3 || oi.Signature != "acsp" || oi.ColorSpace != "RGB " || oi.Class != "mntr" || oi.Major > 4 {
		t.Errorf("output intent %+v", oi)
	}
	if !got.InfoIndirect {
		t.Error("the information dictionary is not an indirect object")
	}
	x := got.XMP
	if x == nil || got.XMPFiltered {
		t.Fatalf("XMP metadata %v, filtered %v", x, got.XMPFiltered)
	}
	in := got.Info
	if x.Part != "2" || x.Conformance != "A" {
		t.Errorf("pdfaid:part %q conformance %q, want 2 A", x.Part, x.Conformance)
	}
	// PDF/A-2 6.6.2.3: the XMP says what the information dictionary says.
	for _, p := range [][3]string{
		{"Title", in["Title"], x.Title}, {"Author", in["Author"], x.Creator}, {"Subject", in["Subject"], x.Description},
		{"Creator", in["Creator"], x.CreatorTool}, {"Producer", in["Producer"], x.Producer},
	} {
		if p[1] == "" || p[1] != p[2] {
			t.Errorf("Info %s %q, XMP %q", p[0], p[1], p[2])
		}
	}
	// The report date, 2026-11-23 in Japan, never the clock.
	if in["CreationDate"] != "D:20261123000000+09'00'" || x.CreateDate != "2026-11-23T00:00:00+09:00" || x.ModifyDate != x.CreateDate {
		t.Errorf("dates: Info %q, XMP create %q modify %q", in["CreationDate"], x.CreateDate, x.ModifyDate)
	}
	if len(got.Fonts) != 2 {
		t.Errorf("%d fonts, want 2 (regular and bold)", len(got.Fonts))
	}
	for _, f := range got.Fonts {
		if f.Subtype != "/Type0" || f.Descendant != "/CIDFontType2" || !f.ToUnicode || f.CIDToGID != "/Identity" || !f.Embedded {
			t.Errorf("font %+v", f)
		}
	}
}

func checkStructure(t *testing.T, got tagged, c taggedCase) {
	t.Helper()
	s := got.Structure
	if s == nil {
		t.Fatal("no structure tree")
	}
	if s.Root != "Document" || len(s.Problems) > 0 || len(got.ContentProblems) > 0 {
		t.Errorf("root %s; structure problems %v; content problems %v", s.Root, s.Problems, got.ContentProblems)
	}
	for _, want := range []string{"H1", "H2", "H3", "P", "Table", "TR", "TH", "TD", "Figure", "TOC", "TOCI", "Link"} {
		if !slices.Contains(s.Types, want) {
			t.Errorf("no %s element (types %v)", want, s.Types)
		}
	}
	if len(s.Headings) == 0 || s.Headings[0] != 1 {
		t.Errorf("headings %v do not start with H1", s.Headings)
	}
	for i := 1; i < len(s.Headings); i++ {
		if s.Headings[i] > s.Headings[i-1]+1 {
			t.Errorf("heading %d: H%d after H%d", i+1, s.Headings[i], s.Headings[i-1])
		}
	}
	split := false
	for i, tb := range s.Tables {
		// One header row of TH (Scope Column) per table, even when the
		// table continues on later pages (the repeated rows are artifacts).
		if tb.HeaderRows != 1 || tb.TD == 0 || !slices.Contains(tb.Scopes, "Column") || tb.Rows < 2 {
			t.Errorf("table %d: %+v", i+1, tb)
		}
		split = split || tb.Pages > 1
	}
	if c.split && !split {
		t.Error("no table continues on another page as the same Table")
	}
	if len(s.Figures) == 0 {
		t.Error("no figures")
	}
	for _, alt := range s.Figures {
		if !strings.Contains(alt, "グラフ") || !regexp.MustCompile(`[0-9]`).MatchString(alt) {
			t.Errorf("figure /Alt %q does not state the data", alt)
		}
	}
	if s.TOCLinks != c.tocLinks {
		t.Errorf("%d TOC links, want %d", s.TOCLinks, c.tocLinks)
	}
	if got.UntaggedOps != 0 || got.MarkedOps == 0 || got.ArtifactOps == 0 {
		t.Errorf("marks: %d untagged, %d marked, %d artifacts", got.UntaggedOps, got.MarkedOps, got.ArtifactOps)
	}
	if got.Links == 0 || got.TaggedLinks != got.Links {
		t.Errorf("%d of %d links tagged", got.TaggedLinks, got.Links)
	}
}

// TestTaggedTextUnchanged: tagging changes what a screen reader meets,
// not what the page shows. The same Document rendered with and without
// the structure gives the same pdftotext output (by page order and by
// layout), for the seed report and the 100-initiative one.
func TestTaggedTextUnchanged(t *testing.T) {
	p, err := provider()
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string]*model.Batch{"seed": seedBatch(), "100": bigBatch(100)} {
		doc, err := Build(context.Background(), b, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var tagged, plain bytes.Buffer
		if err := p.Render(context.Background(), doc, &tagged); err != nil {
			t.Fatal(err)
		}
		if err := p.RenderUntagged(context.Background(), doc, &plain); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(plain.Bytes(), []byte("/StructTreeRoot")) || !bytes.Contains(tagged.Bytes(), []byte("/StructTreeRoot")) {
			t.Fatal("RenderUntagged wrote a structure tree, or Render none")
		}
		dir := t.TempDir()
		for _, mode := range [][]string{nil, {"-layout"}} {
			var texts [2]string
			for i, buf := range []*bytes.Buffer{&tagged, &plain} {
				path := filepath.Join(dir, name+[]string{"-tagged.pdf", "-plain.pdf"}[i])
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				texts[i] = tool(t, "pdftotext", append(mode, path, "-")...)
			}
			if texts[0] != texts[1] {
				t.Errorf("%s %v: the text of the tagged PDF differs from the untagged one", name, mode)
			}
			if !strings.Contains(texts[0], "付録2 入力ファイル一覧") {
				t.Errorf("%s: text extraction lost the appendix", name)
			}
		}
	}
}

// TestLinksDescribed: every link annotation of the report says where it
// goes (/Contents, PDF/UA-1 7.18.5) and every page with links visits them
// in structure order (/Tabs /S, 7.18.3; check_tagged.py reports a page
// without it as a content problem); a contents entry's text reads title
// and page number apart (the leader between them is an artifact).
func TestLinksDescribed(t *testing.T) {
	_, path := render(t, seedBatch(), Options{}, "links.pdf")
	got := readTagged(t, path)
	if len(got.ContentProblems) > 0 {
		t.Errorf("content problems %v", got.ContentProblems)
	}
	if got.Links == 0 || len(got.LinkContents) != got.Links {
		t.Fatalf("%d links, %d descriptions", got.Links, len(got.LinkContents))
	}
	// The seed report (no changes section): cover (1), contents (2), 総括
	// (3–4), 提出状況 (5–6), 取組一覧 (7), 取組1 (8). 取組一覧's
	// title cells link to their sections, described by the title.
	for _, want := range []string{"総括（3ページ）", "取組1　市民との協働の推進（8ページ）", "市民との協働の推進"} {
		if !slices.Contains(got.LinkContents, want) {
			t.Errorf("no link described as %q (%q)", want, got.LinkContents)
		}
	}
	st := tool(t, "pdfinfo", "-struct-text", path)
	for _, want := range []string{`"総括 3"`, `"取組1　市民との協働の推進 8"`} {
		if !strings.Contains(st, want) {
			t.Errorf("structure text has no %s", want)
		}
	}
}
