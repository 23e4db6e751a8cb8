package reportdoc

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"planreport/pipeline/model"
)

// Anchors of the fixed sections: PDF named destinations and HTML ids.
const (
	AnchorTOC      = "toc"
	AnchorSummary  = "summary"
	AnchorList     = "list"
	AnchorFindings = "findings"
	AnchorFiles    = "files"
)

// Headings of the fixed sections.
const (
	HeadingTOC      = "目次"
	HeadingSummary  = "総括"
	HeadingList     = "取組一覧"
	HeadingFindings = "付録1 指摘事項一覧"
	HeadingFiles    = "付録2 入力ファイル一覧"
	// OutlineSections is the bookmark above the initiatives' sections.
	OutlineSections = "取組別の状況"
)

// InitiativeAnchor is the anchor of the i-th initiative's section.
func InitiativeAnchor(i int) string { return "initiative-" + strconv.Itoa(i+1) }

// TOCEntry is one line of the table of contents.
type TOCEntry struct {
	Title  string
	Anchor string
	Level  int // 0: a section, 1: an initiative under 取組別の状況
}

// TOC lists the document's sections in order.
func (c *Content) TOC() []TOCEntry {
	es := []TOCEntry{{Title: HeadingSummary, Anchor: AnchorSummary}}
	if c.HasChanges() {
		es = append(es, TOCEntry{Title: HeadingChanges, Anchor: AnchorChanges})
	}
	if c.HasStatus() {
		es = append(es, TOCEntry{Title: HeadingStatus, Anchor: AnchorStatus})
	}
	es = append(es, TOCEntry{Title: HeadingList, Anchor: AnchorList})
	if c.Sections {
		for i, in := range c.Initiatives {
			es = append(es, TOCEntry{Title: c.InitiativeTitle(in), Anchor: InitiativeAnchor(i), Level: 1})
		}
	}
	return append(es,
		TOCEntry{Title: HeadingFindings, Anchor: AnchorFindings},
		TOCEntry{Title: HeadingFiles, Anchor: AnchorFiles})
}

// TOCLinkText describes a contents entry's link (the PDF's /Contents):
// 総括（3ページ）.
func TOCLinkText(title string, page int) string {
	return fmt.Sprintf("%s（%dページ）", title, page)
}

// InitiativeTitle heads an initiative's section, its contents line and its
// bookmark. Initiatives are numbered within a basic goal, so when the
// document has more than one goal the goal's number comes first
// (取組5-1), as in the 取組一覧 table.
func (c *Content) InitiativeTitle(in *model.Initiative) string {
	return c.InitiativeNo(in) + "　" + in.Title
}

// InitiativeNo is 取組5-1 with the goal's number, else 取組1.
func (c *Content) InitiativeNo(in *model.Initiative) string {
	if c.ManyGoals {
		return fmt.Sprintf("取組%d-%d", in.GoalNumber, in.Number)
	}
	return fmt.Sprintf("取組%d", in.Number)
}

// Title is the document's title, with the department for its extract.
func (c *Content) Title() string {
	if c.Options.Department != "" {
		return c.Options.Title + "（" + c.Options.Department + "）"
	}
	return c.Options.Title
}

// Subject is the document's subject metadata: the goals and the date.
func (c *Content) Subject() string {
	return strings.TrimSpace(c.GoalsText() + " 取組状況 " + c.DateText())
}

// DateText is the report date in the Japanese calendar.
func (c *Content) DateText() string {
	w, _ := model.WarekiDate(c.Batch.ReportDate)
	return w
}

// Goals names the basic goals shown (基本目標5　…), in number order.
func (c *Content) Goals() []string {
	seen := map[int]string{}
	var nums []int
	for _, in := range c.Initiatives {
		if _, ok := seen[in.GoalNumber]; !ok {
			nums = append(nums, in.GoalNumber)
			seen[in.GoalNumber] = in.GoalName
		}
	}
	for _, ix := range c.Batch.Indexes {
		if _, ok := seen[ix.GoalNumber]; ok && ix.GoalName != "" {
			seen[ix.GoalNumber] = ix.GoalName
		}
	}
	slices.Sort(nums)
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = strings.TrimSpace(fmt.Sprintf("基本目標%d　%s", n, seen[n]))
	}
	return out
}

// GoalsText joins Goals with 、.
func (c *Content) GoalsText() string { return strings.Join(c.Goals(), "、") }

// Period is the first and last fiscal year of the initiatives' plans.
func (c *Content) Period() (first, last int) {
	for _, in := range c.Initiatives {
		for _, y := range []int{in.Period.First, in.Period.Last} {
			if y == 0 {
				continue
			}
			if first == 0 || y < first {
				first = y
			}
			last = max(last, y)
		}
	}
	return first, last
}

// CoverFacts are the lines under the goals on the title page: the plan's
// years, the latest year with results, the number of initiatives.
func (c *Content) CoverFacts() []string {
	var out []string
	if first, last := c.Period(); first != 0 {
		out = append(out, "対象年度　"+model.Wareki(first)+"〜"+model.Wareki(last))
	}
	latest := "実績のある年度はありません"
	if y := c.LatestYear; y != 0 {
		latest = model.Wareki(y)
	}
	return append(out, "実績の最新年度　"+latest, fmt.Sprintf("取組項目数　%d", len(c.Initiatives)))
}

// Notes shown where a section has nothing to show.
const (
	NoEntry      = "（記載なし）"
	NoInputFiles = "（入力ファイルはありません）"
)

// InitiativeMeta is the line under an initiative's title.
func InitiativeMeta(in *model.Initiative) string {
	return fmt.Sprintf("基本目標%d %s　／　担当部：%s　／　担当課：%s", in.GoalNumber, in.GoalName, in.Department, in.Section)
}

// InitiativeSource says which sheet an initiative was read from.
func InitiativeSource(in *model.Initiative) string {
	return "出典：" + in.Source.File + "　シート「" + in.Source.Sheet + "」"
}

// The subsection headings of an initiative, in the sheet's order.
const (
	HeadingOverview   = "(1) 取組概要"
	HeadingPlans      = "(2) 年度別取組内容"
	HeadingIndicators = "(3) 目標指標"
	HeadingBackground = "(4) 現状・背景"
	HeadingResults    = "(5) 取組・成果・課題"
)

// CellText is a RichText as cell text: bullets keep their ・ (the PDF's
// table gives them a hanging indent).
func CellText(t model.RichText) string {
	if t.IsEmpty() {
		return "—"
	}
	return t.Plain()
}

// OrDash is s, or — when s is empty.
func OrDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
