package check

import (
	"cmp"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"planreport/pipeline/model"
)

// Name ranks of a workbook, best first: which of two workbooks holding
// the same initiative (or of two identical workbooks) the report uses when
// neither was saved later. A name with white space (「福祉部 .xlsx」, a space
// before the extension, 「福祉部 - コピー.xlsx」) is usually a copy made by
// hand; the workbook named as its department (福祉部.xlsx) is the one the
// department submits. Byte order alone chose 「福祉部 .xlsx」: a space sorts
// before the dot.
const (
	rankDepartment = iota // the base name is a department of its sheets (spaces and width aside)
	rankOrdinary          // no white space in the base name
	rankOdd               // white space or an invisible character in the name
)

// nameRank ranks file for sheets of depts (the departments of its sheets).
func nameRank(file string, depts []string) int {
	base := strings.TrimSuffix(file, filepath.Ext(file))
	if strings.ContainsFunc(base, func(r rune) bool { return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF' }) {
		return rankOdd
	}
	for _, d := range depts {
		if fold(d) != "" && fold(d) == fold(base) {
			return rankDepartment
		}
	}
	return rankOrdinary
}

// nameReason says in the duplicate message why the kept sheet's workbook
// won on its name.
func nameReason(rank int) string {
	if rank == rankDepartment {
		return "ファイル名が担当部名どおりのブックの"
	}
	return "ファイル名に空白のないブックの"
}

// removeIdenticalCopies makes byte-identical workbooks (the same SHA-256,
// both read) one submission: the report uses one, by name rank then file
// name, and leaves out the others' sheets and 取組一覧, with one info
// finding on each copy naming both. Compared sheet by sheet, a copy
// would be an error for every initiative it holds, and counted as a
// second submission.
func removeIdenticalCopies(b *model.Batch) {
	sums := identicalFiles(b)
	if len(sums) == 0 {
		return
	}
	depts := map[string][]string{}
	for _, in := range b.Initiatives {
		if in != nil && sums[in.Source.File] != "" {
			depts[in.Source.File] = append(depts[in.Source.File], in.Departments()...)
		}
	}
	names := slices.Sorted(maps.Keys(sums))
	slices.SortStableFunc(names, func(x, y string) int {
		return cmp.Or(cmp.Compare(sums[x], sums[y]), cmp.Compare(nameRank(x, depts[x]), nameRank(y, depts[y])))
	})
	kept := map[string]string{} // SHA-256 → the workbook used
	copyOf := map[string]string{}
	for _, name := range names {
		first, ok := kept[sums[name]]
		if !ok {
			kept[sums[name]] = name
			continue
		}
		copyOf[name] = first
		b.Add(model.SeverityInfo, CodeIdenticalWorkbook, model.Source{File: name},
			"「%s」は「%s」と同じ内容のブックです。一つの提出として「%s」だけを報告書に使い、このブックは除きます。不要な写しであれば削除してください。",
			name, first, first)
	}
	b.Initiatives = slices.DeleteFunc(slices.Clone(b.Initiatives), func(in *model.Initiative) bool {
		return in != nil && copyOf[in.Source.File] != ""
	})
	b.Indexes = slices.DeleteFunc(slices.Clone(b.Indexes), func(ix model.GoalIndex) bool {
		return copyOf[ix.Source.File] != ""
	})
}

// identicalFiles maps each read workbook whose content another read
// workbook has to its SHA-256.
func identicalFiles(b *model.Batch) map[string]string {
	count := map[string]int{}
	for _, f := range b.Files {
		if f.Status == model.FileAccepted && f.SHA256 != "" {
			count[f.SHA256]++
		}
	}
	out := map[string]string{}
	for _, f := range b.Files {
		if f.Status == model.FileAccepted && count[f.SHA256] > 1 {
			out[f.Name] = f.SHA256
		}
	}
	return out
}
