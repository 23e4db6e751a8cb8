package status

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"

	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// unread finds the workbooks received that gave no management sheet and
// no 取組一覧: rejected ones, and readable ones whose sheets were all left
// out. Each goes to the departments its file name names, as a department
// names its workbook (生活環境部.xlsx, 総務部・財務部_取組.xlsx); the rest
// are returned, by name. It runs after sheets and missing, so that every
// department of a sheet or of the 取組一覧 is known, and before findings,
// so that the file's errors count to its departments. A byte-identical
// copy of another workbook, left out by check (identical_workbook), is no
// second submission and is not listed; its finding still counts.
func (c *collector) unread(b *model.Batch) []File {
	index := map[string]bool{}
	for _, ix := range b.Indexes {
		index[ix.Source.File] = true
	}
	copies := identicalCopies(b.Findings)
	known := c.departmentNames(b)
	var unattributed []File
	for _, f := range b.Files {
		if f.Status == model.FileIgnored || index[f.Name] || len(c.fileDept[f.Name]) > 0 || copies[f.Name] {
			continue
		}
		fl := c.file(f.Name)
		fl.Unread = true
		names := namedIn(f.Name, known)
		if len(names) == 0 {
			unattributed = append(unattributed, fl)
			continue
		}
		for _, name := range names {
			d := c.dept(name)
			d.Files = append(d.Files, fl)
		}
		c.fileDept[f.Name] = names
	}
	slices.SortFunc(unattributed, func(a, b File) int { return cmp.Compare(a.Name, b.Name) })
	return unattributed
}

// departmentNames are the departments of the batch's sheets and 取組一覧
// entries, each as normalize.Label folds it, mapped to its name.
func (c *collector) departmentNames(b *model.Batch) map[string]string {
	known := map[string]string{}
	for name := range c.depts {
		known[normalize.Label(name)] = name
	}
	for _, ix := range b.Indexes {
		for _, e := range ix.Entries {
			for _, name := range (&model.Initiative{Department: e.Department}).Departments() {
				known[normalize.Label(name)] = name
			}
		}
	}
	return known
}

// namedIn returns the departments whose names the file name holds, by
// name; a name inside a longer one that also matched (経営部 in
// 病院経営部) is the longer one's.
func namedIn(file string, known map[string]string) []string {
	base := normalize.Label(strings.TrimSuffix(file, filepath.Ext(file)))
	var hits []string
	for folded := range known {
		if folded != "" && strings.Contains(base, folded) {
			hits = append(hits, folded)
		}
	}
	var out []string
	for _, h := range hits {
		inner := slices.ContainsFunc(hits, func(o string) bool { return o != h && strings.Contains(o, h) })
		if !inner {
			out = append(out, known[h])
		}
	}
	slices.Sort(out)
	return out
}

// identicalCopies are the workbooks check left out as byte-identical
// copies of another (the code check.CodeIdenticalWorkbook; status does
// not import check, which would tie the two stages together).
func identicalCopies(fs []model.Finding) map[string]bool {
	out := map[string]bool{}
	for _, f := range fs {
		if f.Code == "identical_workbook" && f.Source.Sheet == "" {
			out[f.Source.File] = true
		}
	}
	return out
}
