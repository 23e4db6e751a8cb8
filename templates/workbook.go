package templates

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

// Workbook is one department's file: an optional goal index sheet followed
// by management sheets, one per initiative.
type Workbook struct {
	// File is the file name, e.g. 総務部.xlsx.
	File   string  `json:"file"`
	Index  *Index  `json:"index,omitempty"`
	Sheets []Sheet `json:"sheets"`
}

// Index is a basic goal's index of initiatives (取組一覧), laid out as the
// seed's first lines:
//
//	3  基本目標 | 5
//	5  市民と協働で進める行財政運営 (A:C)
//	7  取組項目名 (A:B) | 担当部
//	8  1 | 市民との協働の推進 | 復興政策部
//	…  one row per entry
type Index struct {
	Name       string       `json:"name"` // worksheet name; empty: 取組一覧
	GoalNumber Cell         `json:"goal_number"`
	GoalName   string       `json:"goal_name"`
	Entries    []IndexEntry `json:"entries"`
}

// IndexEntry is one row of the index.
type IndexEntry struct {
	Number     Cell   `json:"number"`
	Title      string `json:"title"`
	Department string `json:"department"`
}

// DefaultIndexSheet is the worksheet name of an Index without a Name.
const DefaultIndexSheet = "取組一覧"

// Index rows, 1-based: where WriteIndex puts the goal, its name, the header
// and the first entry.
const (
	IndexGoalRow       = 3
	IndexGoalNameRow   = 5
	IndexHeaderRow     = 7
	IndexFirstEntryRow = 8
)

// FixedTimestamp is written as the created and modified dates of every
// workbook, so that the same content gives the same bytes.
const FixedTimestamp = "2021-04-01T00:00:00Z"

// Build writes wb into a new workbook. The layouts are those of wb.Sheets,
// in order.
func Build(wb Workbook) (*excelize.File, []Layout, error) {
	if wb.Index == nil && len(wb.Sheets) == 0 {
		return nil, nil, fmt.Errorf("「%s」: シートがありません", wb.File)
	}
	f := excelize.NewFile()
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	if err := f.SetDefaultFont(fontName); err != nil {
		return nil, nil, fmt.Errorf("「%s」: %w", wb.File, err)
	}
	first := ""
	if wb.Index != nil {
		first = indexName(wb.Index)
	} else {
		first = wb.Sheets[0].Name
	}
	// NewFile starts with Sheet1; renaming it keeps the sheet order the
	// order of wb.
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return nil, nil, fmt.Errorf("「%s」: シート名「%s」: %w", wb.File, first, err)
	}
	if wb.Index != nil {
		if err := WriteIndex(f, *wb.Index); err != nil {
			return nil, nil, fmt.Errorf("「%s」: %w", wb.File, err)
		}
	}
	layouts := make([]Layout, 0, len(wb.Sheets))
	for _, s := range wb.Sheets {
		l, err := WriteSheet(f, s)
		if err != nil {
			return nil, nil, fmt.Errorf("「%s」: %w", wb.File, err)
		}
		layouts = append(layouts, l)
	}
	f.SetActiveSheet(0)
	ok = true
	return f, layouts, nil
}

// WriteIndex writes the goal index sheet into f (creating it when missing).
func WriteIndex(f *excelize.File, ix Index) error {
	name := indexName(&ix)
	idx, err := f.GetSheetIndex(name)
	if err != nil {
		return fmt.Errorf("シート「%s」: %w", name, err)
	}
	if idx < 0 {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("シート「%s」を作れません: %w", name, err)
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	w := &sheetWriter{f: f, name: name, st: st, lastCol: 3}
	for col, wd := range []float64{10, 60, 16} {
		c := columnName(col + 1)
		w.do(f.SetColWidth(name, c, c, wd))
	}
	w.text(1, IndexGoalRow, LabelGoal, w.st.label)
	w.cell(2, IndexGoalRow, ix.GoalNumber, w.st.headValue)
	w.text(1, IndexGoalNameRow, ix.GoalName, w.st.headText)
	w.merge(1, IndexGoalNameRow, 3, IndexGoalNameRow, w.st.headText)
	w.text(1, IndexHeaderRow, LabelInitiative, w.st.labelCenter)
	w.merge(1, IndexHeaderRow, 2, IndexHeaderRow, w.st.labelCenter)
	w.text(3, IndexHeaderRow, LabelIndexDepartment, w.st.labelCenter)
	for i, e := range ix.Entries {
		r := IndexFirstEntryRow + i
		w.cell(1, r, e.Number, w.st.headValue)
		w.text(2, r, e.Title, w.st.text)
		w.text(3, r, e.Department, w.st.unit)
		w.height(r, max(minRow, textHeight(e.Title, 60)))
	}
	if w.err != nil {
		return fmt.Errorf("シート「%s」: %w", name, w.err)
	}
	return nil
}

func indexName(ix *Index) string {
	if ix.Name == "" {
		return DefaultIndexSheet
	}
	return ix.Name
}

// Encode writes f to w deterministically: fixed document properties
// (FixedTimestamp, no user name) and excelize's sorted, fixed-time zip
// entries. f must hold no charts or stream writers (their part order
// varies; see LIBRARY-NOTES.md).
func Encode(w io.Writer, f *excelize.File, title string) error {
	if err := f.SetDocProps(&excelize.DocProperties{
		Created:        FixedTimestamp,
		Modified:       FixedTimestamp,
		Creator:        "planreport",
		LastModifiedBy: "planreport",
		Title:          title,
		Language:       "ja-JP",
	}); err != nil {
		return fmt.Errorf("文書のプロパティを設定できません: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("ブックを書き出せません: %w", err)
	}
	return nil
}

// Bytes builds wb and returns the file's bytes.
func Bytes(wb Workbook) ([]byte, error) {
	f, _, err := Build(wb)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if err := Encode(&buf, f, titleOf(wb.File)); err != nil {
		return nil, fmt.Errorf("「%s」: %w", wb.File, err)
	}
	return buf.Bytes(), nil
}

// Save builds wb and writes it to dir/wb.File atomically (a temporary file
// in dir, then a rename), replacing any file of that name.
func Save(dir string, wb Workbook) error {
	b, err := Bytes(wb)
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(dir, wb.File), b)
}

// WriteFileAtomic writes b to path through a temporary file in the same
// folder and a rename, so a reader never sees half a workbook.
func WriteFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*.xlsx")
	if err != nil {
		return fmt.Errorf("「%s」を書き出せません: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("「%s」を書き出せません: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("「%s」を書き出せません: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("「%s」を書き出せません: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("「%s」を書き出せません: %w", path, err)
	}
	return nil
}

func titleOf(file string) string {
	return filepath.Base(file[:len(file)-len(filepath.Ext(file))])
}
