// Package publish copies finished reports into a distribution folder (a
// shared drive council members and departments can open) under dated
// Japanese names, and keeps an index of everything ever published there.
//
// A run for 2026-11-23 with the title 「行財政運営プラン 取組状況報告書」 and
// two department PDFs leaves
//
//	行財政運営プラン取組状況報告書_令和8年11月23日.pdf
//	総務部_令和8年11月23日.pdf
//	財務部_令和8年11月23日.pdf
//	index.json   {"version":1,"reports":[{"date":"2026-11-23","wareki":"令和8年11月23日","kind":"report",…}]}
//	一覧.csv     UTF-8 with BOM, CRLF, newest first, for people opening it in Excel
//
// A document is copied only when its content differs from the last
// publication of the same document (same kind and label) recorded in the
// index, compared by SHA-256, or by the content key the caller gives (what
// a department's PDF shows apart from its date); a re-run that produced
// identical bytes leaves the folder untouched. Every file is written atomically (temporary file,
// fsync, rename), PDFs first and the index last, so the index never lists a
// file that is not there.
package publish

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"planreport/pipeline/deliver/internal/atomicfile"
	"planreport/pipeline/model"
	"planreport/pipeline/outputs"
)

// Index and listing file names inside the distribution folder.
const (
	IndexFile   = "index.json"
	ListingFile = "一覧.csv"
)

// Kind tells the consolidated report from a department's extract.
type Kind string

const (
	KindReport     Kind = "report"     // the consolidated report for council members
	KindDepartment Kind = "department" // one department's extract
	// KindHTML is the consolidated report's HTML edition (report.html),
	// for the city's website, published beside the PDF under the same
	// name with .html.
	KindHTML Kind = "report-html"
)

// rank orders the kinds of one date: the report, its HTML edition, then
// the departments.
func (k Kind) rank() int {
	switch k {
	case KindReport:
		return 0
	case KindHTML:
		return 1
	}
	return 2
}

// ext is the file name extension of the kind's documents.
func (k Kind) ext() string {
	if k == KindHTML {
		return ".html"
	}
	return ".pdf"
}

// Document is one file to publish: a PDF, or the HTML edition.
type Document struct {
	Kind Kind
	// Label names the document: the report title for KindReport and
	// KindHTML, the
	// department (総務部) for KindDepartment. White space is removed and
	// characters that shared drives refuse are replaced to form the file
	// name (see FileName).
	Label string
	// Path is the finished PDF in the output folder.
	Path string
	// ContentKey identifies what the document shows apart from the date
	// it prints (a department's PDF carries the report date, so its bytes
	// change with every report). When it equals the key of the last
	// publication of the same document, the document is unchanged and
	// keeps its earlier dated file. Empty: compared by SHA-256 only.
	ContentKey string
}

// Entry is one published file as the index records it.
type Entry struct {
	Date   string `json:"date"`   // report date, YYYY-MM-DD
	Wareki string `json:"wareki"` // the same date as 令和8年11月23日
	Kind   Kind   `json:"kind"`
	Label  string `json:"label"` // title or department, as given
	File   string `json:"file"`  // base name in the distribution folder
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// ContentKey is the Document's, when it had one.
	ContentKey string `json:"content_key,omitempty"`
}

// Index is the content of index.json.
type Index struct {
	Version int     `json:"version"` // 1
	Reports []Entry `json:"reports"` // sorted by date, then report before departments, then label
}

// Result says what a call did (or, in a dry run, would do).
type Result struct {
	Published []Entry // copied into the folder
	Unchanged []Entry // identical to the last publication; not copied again
}

// FileName is the dated name of a document: the label without white space
// (half- or full-width), an underscore and the Japanese date, e.g.
// 行財政運営プラン取組状況報告書_令和8年11月23日.pdf. Characters that
// Windows file shares refuse (\ / : * ? " < > |) and control characters
// become "_", so that a department name read from a workbook cannot reach
// outside the folder.
func FileName(label, wareki string) string { return fileName(label, wareki, ".pdf") }

func fileName(label, wareki, ext string) string {
	var b strings.Builder
	for _, r := range label {
		switch {
		case unicode.IsSpace(r):
		case r < 0x20 || r == 0x7f || strings.ContainsRune(`\/:*?"<>|`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name := strings.Trim(b.String(), ".")
	if name == "" {
		name = "_"
	}
	return outputs.ShortName(name, outputs.NameBytes) + "_" + wareki + ext
}

// ErrIndex is wrapped by the error returned when the existing index cannot
// be read; nothing is published then, because writing a new index would
// lose the history of earlier publications.
var ErrIndex = errors.New("distribution index unreadable")

// Publish copies docs into dir for the report date (YYYY-MM-DD) and updates
// the index. dir must exist (a shared drive that is not mounted must not be
// silently recreated on the local disk). Documents are handled one by one:
// a document that cannot be copied is reported in the returned error
// (errors.Join of one error per document) and left out of the index, and the
// others are still published. With dryRun nothing is written and the Result
// tells what would be.
func Publish(ctx context.Context, dir, date string, docs []Document, dryRun bool) (Result, error) {
	var res Result
	wareki, err := model.WarekiDate(date)
	if err != nil {
		return res, fmt.Errorf("公表日「%s」が YYYY-MM-DD ではありません: %w", date, err)
	}
	if st, err := os.Stat(dir); err != nil {
		return res, fmt.Errorf("配信フォルダ「%s」を開けません: %w", dir, err)
	} else if !st.IsDir() {
		return res, fmt.Errorf("配信フォルダ「%s」はフォルダではありません", dir)
	}
	idx, err := ReadIndex(dir)
	if err != nil {
		return res, err
	}

	var errs []error
	changed := false
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("公表を中断しました: %w", err))
			break
		}
		e := Entry{Date: date, Wareki: wareki, Kind: d.Kind, Label: d.Label, File: fileName(d.Label, wareki, d.Kind.ext()),
			ContentKey: d.ContentKey}
		sum, size, err := atomicfile.HashFile(d.Path)
		if err != nil {
			errs = append(errs, fmt.Errorf("「%s」を読めません: %w", d.Path, err))
			continue
		}
		e.SHA256, e.Size = sum, size
		if last, ok := idx.latest(d.Kind, e.File); ok && sameContent(last, e) && present(dir, last) {
			res.Unchanged = append(res.Unchanged, last)
			continue
		}
		if !dryRun {
			// Hash what was copied, not what was read before: if the
			// source changed in between, the index must describe the copy.
			sum, size, err = atomicfile.Copy(filepath.Join(dir, e.File), d.Path, 0o644)
			if err != nil {
				errs = append(errs, fmt.Errorf("「%s」を配信フォルダ「%s」に書き込めません: %w", e.File, dir, err))
				continue
			}
			e.SHA256, e.Size = sum, size
		}
		idx.put(e)
		changed = true
		res.Published = append(res.Published, e)
	}
	if changed && !dryRun {
		if err := writeIndex(dir, idx); err != nil {
			errs = append(errs, err)
		}
	}
	return res, errors.Join(errs...)
}

// sameContent reports whether e shows what the last publication showed:
// the same bytes, or the same content key (the same content under another
// date).
func sameContent(last, e Entry) bool {
	return last.SHA256 == e.SHA256 || e.ContentKey != "" && last.ContentKey == e.ContentKey
}

// present reports whether a published file is still in the folder as the
// index describes it; someone may have deleted or replaced it by hand, and
// then it is published again.
func present(dir string, e Entry) bool {
	st, err := os.Stat(filepath.Join(dir, e.File))
	return err == nil && st.Mode().IsRegular() && st.Size() == e.Size
}

// ReadIndex reads dir's index.json; a missing index is an empty one.
func ReadIndex(dir string) (Index, error) {
	path := filepath.Join(dir, IndexFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Index{Version: 1}, nil
	}
	if err != nil {
		return Index{}, fmt.Errorf("配信フォルダの索引「%s」を読めません: %w: %w", path, ErrIndex, err)
	}
	var idx Index
	if err := json.Unmarshal(data, &idx); err != nil {
		return Index{}, fmt.Errorf("配信フォルダの索引「%s」が壊れています（修復するか別名に移してください）: %w: %w", path, ErrIndex, err)
	}
	idx.Version = 1
	return idx, nil
}

// latest returns the most recent entry of the same document series. The
// series is the kind plus the file name without its date, so that a report
// title written with or without spaces is the same series.
func (idx *Index) latest(kind Kind, file string) (Entry, bool) {
	series := seriesOf(file)
	var best Entry
	found := false
	for _, e := range idx.Reports {
		if e.Kind == kind && seriesOf(e.File) == series && (!found || e.Date >= best.Date) {
			best, found = e, true
		}
	}
	return best, found
}

func seriesOf(file string) string {
	if i := strings.LastIndex(file, "_"); i >= 0 {
		return file[:i]
	}
	return file
}

// put records e, replacing an entry for the same file (a re-run for the
// same date overwrote it), and keeps the order stable.
func (idx *Index) put(e Entry) {
	idx.Reports = slices.DeleteFunc(idx.Reports, func(o Entry) bool { return o.File == e.File })
	idx.Reports = append(idx.Reports, e)
	slices.SortStableFunc(idx.Reports, compareEntries)
}

func compareEntries(a, b Entry) int {
	if c := strings.Compare(a.Date, b.Date); c != 0 {
		return c
	}
	if c := a.Kind.rank() - b.Kind.rank(); c != 0 {
		return c
	}
	return strings.Compare(a.File, b.File)
}

func writeIndex(dir string, idx Index) error {
	data, err := json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return fmt.Errorf("索引を作れません: %w", err)
	}
	data = append(data, '\n')
	if err := atomicfile.WriteFile(filepath.Join(dir, IndexFile), data, 0o644); err != nil {
		return fmt.Errorf("配信フォルダの索引「%s」を書き込めません: %w", filepath.Join(dir, IndexFile), err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, ListingFile), Listing(idx), 0o644); err != nil {
		return fmt.Errorf("配信フォルダの一覧「%s」を書き込めません: %w", filepath.Join(dir, ListingFile), err)
	}
	return nil
}

// Listing renders the index as the human-readable 一覧.csv: UTF-8 with a
// byte-order mark (so that Excel on Windows detects the encoding), CRLF
// line ends, newest publication first.
func Listing(idx Index) []byte {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	_ = w.Write([]string{"公表日", "和暦", "種別", "文書", "ファイル名", "サイズ（バイト）", "SHA-256"})
	for i := len(idx.Reports) - 1; i >= 0; i-- {
		e := idx.Reports[i]
		kind := "部別"
		switch e.Kind {
		case KindReport:
			kind = "報告書"
		case KindHTML:
			kind = "報告書（HTML版）"
		}
		_ = w.Write([]string{e.Date, e.Wareki, kind, asText(e.Label), asText(e.File), strconv.FormatInt(e.Size, 10), e.SHA256})
	}
	w.Flush()
	return buf.Bytes()
}

// asText keeps a label read from a workbook from being taken for a formula
// when the CSV is opened in a spreadsheet.
func asText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
