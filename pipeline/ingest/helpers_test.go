package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
)

// indicatorSpec is one indicator triplet of a test sheet. Values are
// written as given: an int or float64 becomes a numeric cell, a string a
// text cell, nil an empty cell.
type indicatorSpec struct {
	name, unit           string
	target, actual, rate []any
}

// sheetSpec describes a test management sheet in the clean layout of
// SPEC.md. With row0 = col0 = 0 it starts in A1:
//
//	row 1      A title, D dept code, E 担当部名, F department (F:J merged)
//	row 2      A 基本目標, B goal number, C goal name, D section code, E 担当課名, F section
//	row 3      A 取組項目名, B number, C title, D section item no
//	row 4      A (1) 取組概要, B overview (B:J merged)
//	rows 5…    A (2) 年度別取組内容 (merged down), B phase (merged per phase), C year, D work
//	next       A (3) 目標指標, B 目標指標名, D 単位, E… phase headers; next row E… year labels;
//	           per indicator 3 rows: B name (merged down 3), C 目標値/実績値/達成率, D unit or %, E… values
//	next       A (4) 現状・背景, B text
//	next       A (5) 取組・成果・課題; per result year 2 rows: B year (merged), C 取組実績/今後の課題, D text
type sheetSpec struct {
	name       string
	row0, col0 int
	fullWidth  bool // （３）目標指標 instead of (3) 目標指標
	noSpace    bool // (3)目標指標
	years      []string
	phases     []string // per year: 前期/後期
	indicators []indicatorSpec
	blankSlot  bool     // add an empty indicator triplet (template slot)
	results    []string // fiscal years of block (5)
	omit       int      // block 1–5 to leave out; 0: none
	noMerges   bool
	overview   string
	goal, num  any // goal and initiative numbers; default 5 and 1
	department string
}

var halfLabels = [...]string{"(1) 取組概要", "(2) 年度別取組内容", "(3) 目標指標", "(4) 現状・背景", "(5) 取組・成果・課題"}
var fullLabels = [...]string{"（１）取組概要", "（２）年度別取組内容", "（３）目標指標", "（４）現状・背景", "（５）取組・成果・課題"}

func heiseiSpec() sheetSpec {
	return sheetSpec{
		name:   "取組1",
		years:  []string{"平成27年度", "平成28年度", "平成29年度", "平成30年度", "平成31年度", "平成32年度"},
		phases: []string{"前期", "前期", "前期", "後期", "後期", "後期"},
		indicators: []indicatorSpec{
			{name: "コミュニティづくり支援補助事業申請件数", unit: "件数",
				target: []any{373, 373, 373, 250, 250, 250},
				actual: []any{157, "172", "１６８", nil, nil, nil},
				rate:   []any{42.0, "46.1", "45.0%", nil, nil, nil}},
			{name: "地域自治システムの構築", unit: "—",
				target: []any{"実施", "実施", "実施", "実施", "実施", "実施"},
				actual: []any{"実施", "未実施", "済", "—", "", nil},
				rate:   []any{nil, nil, nil, nil, nil, nil}},
		},
		blankSlot: true,
		results:   []string{"平成26年度", "平成27年度"},
		overview:  "<p>行政と市民の協働を推進する。</p> <ul> ・コミュニティづくり支援 ・地域自治システムの構築",
	}
}

// writeSheet lays the spec out on sheet s.name of f.
func writeSheet(t testing.TB, f *excelize.File, s sheetSpec) {
	t.Helper()
	if _, err := f.NewSheet(s.name); err != nil {
		t.Fatal(err)
	}
	set := func(r, c int, v any) {
		t.Helper()
		if v == nil {
			return
		}
		if err := f.SetCellValue(s.name, xlsx.Pos{Row: s.row0 + r, Col: s.col0 + c}.Ref(), v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(r1, c1, r2, c2 int) {
		t.Helper()
		if s.noMerges || (r1 == r2 && c1 == c2) {
			return
		}
		if err := f.MergeCell(s.name, xlsx.Pos{Row: s.row0 + r1, Col: s.col0 + c1}.Ref(), xlsx.Pos{Row: s.row0 + r2, Col: s.col0 + c2}.Ref()); err != nil {
			t.Fatal(err)
		}
	}
	labels := halfLabels
	if s.fullWidth {
		labels = fullLabels
	}
	if s.noSpace {
		for i := range labels {
			labels[i] = strings.ReplaceAll(labels[i], " ", "")
		}
	}
	goal, num := s.goal, s.num
	if goal == nil {
		goal = 5
	}
	if num == nil {
		num = 1
	}
	dept := s.department
	if dept == "" {
		dept = "復興政策部"
	}
	last := 4 + len(s.years) // last value column (E + years - 1)
	set(0, 0, "行財政運営プラン取組管理シート")
	set(0, 3, "1")
	set(0, 4, "担当部名")
	set(0, 5, dept)
	merge(0, 5, 0, 9)
	set(1, 0, "基本目標")
	set(1, 1, goal)
	set(1, 2, "市民と協働")
	set(1, 3, "3")
	set(1, 4, "担当課名")
	set(1, 5, "地域協働課")
	merge(1, 5, 1, 9)
	set(2, 0, "取組項目名")
	set(2, 1, num)
	set(2, 2, "市民との協働の推進")
	set(2, 3, "1")
	r := 3
	if s.omit != 1 {
		set(r, 0, labels[0])
		set(r, 1, s.overview)
		merge(r, 1, r, last)
		r++
	}
	if s.omit != 2 {
		set(r, 0, labels[1])
		merge(r, 0, r+len(s.years)-1, 0)
		start := r
		for i, y := range s.years {
			if i == 0 || s.phases[i] != s.phases[i-1] {
				set(r, 1, s.phases[i])
				n := 0
				for j := i; j < len(s.years) && s.phases[j] == s.phases[i]; j++ {
					n++
				}
				merge(r, 1, r+n-1, 1)
			}
			set(r, 2, y)
			set(r, 3, "・"+y+"の取組")
			merge(r, 3, r, last)
			r++
		}
		_ = start
	}
	if s.omit != 3 {
		set(r, 0, labels[2])
		set(r, 1, "目標指標名")
		merge(r, 1, r, 2)
		set(r, 3, "単位")
		for i := range s.years {
			if i == 0 || s.phases[i] != s.phases[i-1] {
				set(r, 4+i, strings.Join(strings.Split(s.phases[i], ""), " ")) // 前 期
				n := 0
				for j := i; j < len(s.years) && s.phases[j] == s.phases[i]; j++ {
					n++
				}
				merge(r, 4+i, r, 4+i+n-1)
			}
		}
		r++
		for i, y := range s.years {
			set(r, 4+i, y)
		}
		r++
		inds := s.indicators
		if s.blankSlot {
			inds = append(inds[:len(inds):len(inds)], indicatorSpec{})
		}
		for _, ind := range inds {
			set(r, 1, nonEmpty(ind.name))
			merge(r, 1, r+2, 1)
			set(r, 2, "目標値")
			set(r, 3, nonEmpty(ind.unit))
			set(r+1, 2, "実績値")
			set(r+2, 2, "達成率")
			set(r+2, 3, "%")
			for i := range s.years {
				set(r, 4+i, at(ind.target, i))
				set(r+1, 4+i, at(ind.actual, i))
				set(r+2, 4+i, at(ind.rate, i))
			}
			r += 3
		}
	}
	if s.omit != 4 {
		set(r, 0, labels[3])
		set(r, 1, "<p>東日本大震災による甚大な被害により</p>")
		merge(r, 1, r, last)
		r++
	}
	if s.omit != 5 {
		set(r, 0, labels[4])
		merge(r, 0, r+2*len(s.results)-1, 0)
		for _, y := range s.results {
			set(r, 1, y)
			merge(r, 1, r+1, 1)
			set(r, 2, "取組実績")
			set(r, 3, y+"の実績")
			set(r+1, 2, "今後の課題")
			set(r+1, 3, y+"の課題")
			r += 2
		}
	}
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func at(vs []any, i int) any {
	if i < len(vs) {
		if s, ok := vs[i].(string); ok && s == "" {
			return nil
		}
		return vs[i]
	}
	return nil
}

// buildBook writes the specs into one workbook (dropping excelize's
// default Sheet1) and returns its bytes; edit may adjust the file first.
func buildBook(t testing.TB, specs []sheetSpec, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for _, s := range specs {
		writeSheet(t, f, s)
	}
	if len(specs) > 0 {
		if err := f.DeleteSheet("Sheet1"); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(f)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rewriteZip copies an xlsx, passing every entry through edit (which may
// return the content changed).
func rewriteZip(t testing.TB, data []byte, edit func(name string, content []byte) []byte) []byte {
	t.Helper()
	return rewriteEntries(t, data, func(name string, content []byte) (string, []byte) {
		return name, edit(name, content)
	})
}

// rewriteEntries is rewriteZip where edit may also rename the entry.
func rewriteEntries(t testing.TB, data []byte, edit func(name string, content []byte) (string, []byte)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		name, content := edit(zf.Name, content)
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// readOne writes the files into a temporary folder and reads it.
func readFiles(t testing.TB, files map[string][]byte, opt Options) *model.Batch {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := Read(context.Background(), dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// findingsWith returns the findings of one code.
func findingsWith(b *model.Batch, code string) []model.Finding {
	var out []model.Finding
	for _, f := range b.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func fileStatus(t testing.TB, b *model.Batch, name string) model.FileStatus {
	t.Helper()
	for _, f := range b.Files {
		if f.Name == name {
			return f.Status
		}
	}
	t.Fatalf("file %s not in batch: %+v", name, b.Files)
	return ""
}

// zipBuilder writes a zip by hand (for containers excelize would never make).
type zipBuilder struct{ w *zip.Writer }

func newZip(w io.Writer) *zipBuilder { return &zipBuilder{zip.NewWriter(w)} }

func (z *zipBuilder) add(name string, data []byte) {
	w, err := z.w.Create(name)
	if err != nil {
		panic(err)
	}
	if _, err := w.Write(data); err != nil {
		panic(err)
	}
}

func (z *zipBuilder) close() {
	if err := z.w.Close(); err != nil {
		panic(err)
	}
}

// dump formats findings for failure messages (model.Finding embeds
// Source, whose String would hide the rest).
func dump(fs []model.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + string(f.Severity) + " " + f.Code + " " + f.Sheet + "!" + f.Cell + " " + f.Message)
	}
	return b.String()
}

// utf16le encodes s as UTF-16LE, as OLE directory names are stored.
func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}
