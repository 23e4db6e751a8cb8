package check

import (
	"cmp"
	"fmt"
	"slices"
	"unicode/utf8"

	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// minCopiedRunes is the shortest text (after folding) that counts as a
// copied block: short texts such as 特になし are legitimately identical.
const minCopiedRunes = 40

// affixRunes is how many leading (and trailing) runes group texts into
// candidates for the near-duplicate comparison: a copy edited in the middle
// keeps both ends, one edited at an end keeps the other.
const affixRunes = 16

// nearEdits is how many single-character edits still count as the same
// text: 5 % of the shorter text, at least 2. It catches a copy-paste with a
// typo fixed in one sheet (the seed's 着手重点地区 / 着重点地区) without
// merging texts that merely share a template sentence.
func nearEdits(n int) int { return max(2, n/20) }

// textField is one long text block of a sheet that copy-paste can affect.
type textField struct {
	label string // as the sheet labels the block
	get   func(*model.Initiative) model.RichText
}

var copiedFields = []textField{
	{"(1) 取組概要", func(in *model.Initiative) model.RichText { return in.Overview }},
	{"(4) 現状・背景", func(in *model.Initiative) model.RichText { return in.Background }},
}

// checkCopiedText reports, per text block, each group of sheets whose text
// is the same (or the same but for a few characters): one warning per
// workbook of the group, at the block of its first sheet in the group,
// listing every sheet. A warning only at the group's first sheet was
// charged to one department, and only its annotated copy showed it; the
// other departments whose sheets share the text are as concerned.
func checkCopiedText(b *model.Batch, ins []*model.Initiative) {
	ordered := inFileOrder(ins)
	for _, f := range copiedFields {
		for _, group := range copiedGroups(ordered, f) {
			srcs := make([]model.Source, len(group.sheets))
			for i, in := range group.sheets {
				srcs[i] = in.Source
			}
			how := "同一です"
			if group.near {
				how = "同一またはほぼ同一です"
			}
			// The group's first workbook lists every sheet; the others list
			// their own and point there: a text shared by hundreds of
			// sheets would otherwise repeat the list in every workbook.
			first := group.sheets[0].Source
			byFile := map[string][]model.Source{}
			var files []string
			for _, src := range srcs {
				if _, ok := byFile[src.File]; !ok {
					files = append(files, src.File)
				}
				byFile[src.File] = append(byFile[src.File], src)
			}
			for i, file := range files {
				own := byFile[file]
				msg := fmt.Sprintf("%sの文章が%dシートで%s（%s）。別の取組からの貼り付けではないか確認してください。",
					f.label, len(group.sheets), how, sheetList(srcs, 20))
				if i > 0 {
					msg = fmt.Sprintf("%sの文章が%dシートで%s（このブックの%s。ほかのシートは%sの指摘にあります）。別の取組からの貼り付けではないか確認してください。",
						f.label, len(group.sheets), how, sheetNames(own, 10), sheetRef(first))
				}
				in := group.sheets[slices.IndexFunc(group.sheets, func(in *model.Initiative) bool { return in.Source == own[0] })]
				src := f.get(in).Source
				if src.Sheet == "" {
					src = in.Source
				}
				b.Add(model.SeverityWarning, CodeTextCopiedAcrossSheets, src, "%s", msg)
			}
		}
	}
}

// sheetNames names sheets of one workbook (シート「取組3」「取組5」), at
// most limit of them.
func sheetNames(srcs []model.Source, limit int) string {
	return "シート" + upTo(srcs, limit, func(s model.Source) string { return "「" + s.Sheet + "」" }, "")
}

type textGroup struct {
	sheets []*model.Initiative // in file order
	near   bool                // some member differs from another by a few characters
}

// copiedGroups groups the initiatives (given in file order) by identical or
// near-identical folded text of field f. Groups of one are left out; groups
// are ordered by their first sheet.
func copiedGroups(ordered []*model.Initiative, f textField) []textGroup {
	var comparisons int
	return groupCopies(ordered, f, &comparisons)
}

// groupCopies is copiedGroups, counting the pairs of texts it compares:
// the distinct texts, their candidate buckets, the pairs compared within
// each bucket, then the groups of sheets the near texts join.
func groupCopies(ordered []*model.Initiative, f textField, comparisons *int) []textGroup {
	c := &copyFinder{comparisons: comparisons}
	c.distinctTexts(ordered, f)
	c.bucket()
	c.compareBuckets()
	return c.groups(ordered)
}

// distinctText is one distinct folded text, with the sheets that have it.
type distinctText struct {
	key    string
	runes  []rune
	sorted []rune // runes in order, for bagDistance; made on first use
	sheets []int  // indexes into ordered
}

// sortedRunes returns the text's runes in order, sorting them once.
func (d *distinctText) sortedRunes() []rune {
	if d.sorted == nil {
		d.sorted = slices.Clone(d.runes)
		slices.Sort(d.sorted)
	}
	return d.sorted
}

// copyFinder unions distinct texts that are a few edits apart. Only texts
// sharing their first or last runes are compared, all pairs in a small
// bucket, neighbours in a large one (allPairsLimit), so that the work
// grows with the number of sheets, not its square.
type copyFinder struct {
	texts      []*distinctText
	parent     []int // union-find over texts
	merged     []bool
	buckets    map[string][]int
	bucketKeys []string // in order of first use
	prefix     []string // each text's prefix bucket key
	scratch    normalize.EditScratch

	comparisons *int
}

func (c *copyFinder) distinctTexts(ordered []*model.Initiative, f textField) {
	byKey := map[string]*distinctText{}
	for i, in := range ordered {
		key := fold(f.get(in).Plain())
		if utf8.RuneCountInString(key) < minCopiedRunes {
			continue
		}
		d, ok := byKey[key]
		if !ok {
			d = &distinctText{key: key, runes: []rune(key)}
			byKey[key] = d
			c.texts = append(c.texts, d)
		}
		d.sheets = append(d.sheets, i)
	}
}

// bucket puts every text in the bucket of its first and of its last
// affixRunes runes.
func (c *copyFinder) bucket() {
	c.parent = make([]int, len(c.texts))
	for i := range c.parent {
		c.parent[i] = i
	}
	c.merged = make([]bool, len(c.texts))
	c.buckets = map[string][]int{}
	c.prefix = make([]string, len(c.texts))
	for i, d := range c.texts {
		n := len(d.runes)
		c.prefix[i] = "^" + string(d.runes[:min(affixRunes, n)])
		for _, k := range []string{c.prefix[i], "$" + string(d.runes[max(0, n-affixRunes):])} {
			if _, ok := c.buckets[k]; !ok {
				c.bucketKeys = append(c.bucketKeys, k)
			}
			c.buckets[k] = append(c.buckets[k], i)
		}
	}
}

func (c *copyFinder) find(i int) int {
	for c.parent[i] != i {
		c.parent[i] = c.parent[c.parent[i]]
		i = c.parent[i]
	}
	return i
}

// compare unions texts i and j when they are within nearEdits edits.
func (c *copyFinder) compare(i, j int) {
	*c.comparisons++
	ri, rj := c.find(i), c.find(j)
	if ri == rj {
		return
	}
	a, b := c.texts[i].runes, c.texts[j].runes
	k := nearEdits(min(len(a), len(b)))
	// The edit table costs length × k; texts whose characters alone
	// differ by more than k cannot be within k edits, and are told apart
	// in one pass.
	if bagDistance(c.texts[i].sortedRunes(), c.texts[j].sortedRunes()) > k {
		return
	}
	if c.scratch.Within(a, b, k) {
		c.parent[max(ri, rj)] = min(ri, rj)
		c.merged[i], c.merged[j] = true, true
	}
}

// compareBuckets compares the texts of every bucket: all pairs in a small
// one, neighbours in a large one.
func (c *copyFinder) compareBuckets() {
	for _, key := range c.bucketKeys {
		members := c.buckets[key]
		suffixBucket := key[0] == '$'
		if len(members) > allPairsLimit {
			compareNeighbours(members, func(i int) []rune { return c.texts[i].runes }, suffixBucket, c.compare)
			continue
		}
		for x := 0; x < len(members); x++ {
			for y := x + 1; y < len(members); y++ {
				i, j := members[x], members[y]
				if suffixBucket && c.prefix[i] == c.prefix[j] && len(c.buckets[c.prefix[i]]) <= allPairsLimit {
					continue // compared already in their prefix bucket
				}
				c.compare(i, j)
			}
		}
	}
}

// groups gathers the sheets of each union of texts; groups of one are
// left out, and groups are ordered by their first sheet.
func (c *copyFinder) groups(ordered []*model.Initiative) []textGroup {
	roots := map[int]*textGroup{}
	var groups []*textGroup
	for i, d := range c.texts {
		r := c.find(i)
		g, ok := roots[r]
		if !ok {
			g = &textGroup{}
			roots[r] = g
			groups = append(groups, g)
		}
		if c.merged[i] {
			g.near = true
		}
		for _, s := range d.sheets {
			g.sheets = append(g.sheets, ordered[s])
		}
	}
	pos := map[*model.Initiative]int{}
	for i, in := range ordered {
		pos[in] = i
	}
	var out []textGroup
	for _, g := range groups {
		if len(g.sheets) < 2 {
			continue
		}
		slices.SortFunc(g.sheets, func(a, b *model.Initiative) int { return cmp.Compare(pos[a], pos[b]) })
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b textGroup) int { return cmp.Compare(pos[a.sheets[0]], pos[b.sheets[0]]) })
	return out
}

// allPairsLimit is the largest candidate bucket whose texts are all
// compared with each other. Past it (hundreds of sheets opening with the
// same sentence of boilerplate) all pairs would grow with the square of
// the bucket: 4,000 such texts took 9 s. A larger bucket is sorted by its
// texts (from the end, for a bucket of shared endings) and each text is
// compared with the neighbourWindow texts that follow it: a copy shares a
// longer run with its original than with the other texts of the bucket, so
// the two sort next to each other, or next to more copies of the same text.
const (
	allPairsLimit   = 64
	neighbourWindow = 16
)

// compareNeighbours compares each member of a large bucket with the
// neighbourWindow members after it in the order of their runes (read from
// the end when fromEnd), ties by index.
func compareNeighbours(members []int, runesOf func(int) []rune, fromEnd bool, compare func(i, j int)) {
	order := slices.Clone(members)
	slices.SortFunc(order, func(x, y int) int {
		a, b := runesOf(x), runesOf(y)
		for k := 0; k < len(a) && k < len(b); k++ {
			ra, rb := a[k], b[k]
			if fromEnd {
				ra, rb = a[len(a)-1-k], b[len(b)-1-k]
			}
			if ra != rb {
				return cmp.Compare(ra, rb)
			}
		}
		if c := cmp.Compare(len(a), len(b)); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	for x := range order {
		for y := x + 1; y < len(order) && y <= x+neighbourWindow; y++ {
			compare(order[x], order[y])
		}
	}
}

// bagDistance is the larger of the number of characters of a not matched
// in b and of b not matched in a, counted as multisets (a and b sorted). It
// never exceeds the edit distance: an insertion or deletion changes one
// side by one, a substitution each side by one.
func bagDistance(a, b []rune) int {
	onlyA, onlyB := 0, 0
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] == b[0]:
			a, b = a[1:], b[1:]
		case a[0] < b[0]:
			onlyA++
			a = a[1:]
		default:
			onlyB++
			b = b[1:]
		}
	}
	return max(onlyA+len(a), onlyB+len(b))
}
