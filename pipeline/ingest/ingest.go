// Package ingest reads the department workbooks of the input folder into a
// model.Batch: every file with its hash and status, every management sheet
// (行財政運営プラン取組管理シート) as a model.Initiative, every goal index
// sheet as a model.GoalIndex, and a finding for everything it could not
// read, naming file, sheet and cell.
//
// Blocks are found by their labels, never by fixed rows or columns, and
// merged cells are read from their top-left cell. A sheet such as
//
//	A                               B    C              D  E         F
//	行財政運営プラン取組管理シート          1  担当部名   復興政策部
//	基本目標                         5    市民と協働      3  担当課名   地域協働課
//	取組項目名                        1    市民との協働の推進 1
//	(3) 目標指標   目標指標名 |   | 単位 | 前期 …
//	                                              平成27年度 …
//	               申請件数   | 目標値 | 件数 | 373 …
//	                        | 実績値 |      | 157 …
//	                        | 達成率 | %    | 42.0 …
//
// becomes Initiative{GoalNumber: 5, Number: 1, Department: "復興政策部", …,
// Indicators: [{Name: "申請件数", Unit: "件数", Years: [{2015, target 373,
// actual 157, stated rate 42}]}]}, each value with its cell (E32, …).
//
// The work is split in two. Package xlsx, the reader, alone knows the
// file format: the zip container, the parts, shared strings, styles and
// sheet XML, with the limits that hold against hostile files; it returns
// each worksheet as a grid of cell texts. This package decides what each
// folder entry is, and parses grids only, one file per section of a
// management sheet (header.go, plans.go, indicators.go, results.go) and
// one for the goal index (index.go), with the label vocabulary of
// labels.go, built from the labels package templates writes.
//
// A file that cannot be read (empty, not a zip, truncated, encrypted, an old
// .xls renamed, a zip bomb, over a limit) is rejected with an error finding
// that says which; the batch goes on. Every sheet is scanned once as a
// token stream (well-formedness, limits, the cost of its text); nothing
// from an input is evaluated (formulas keep their cached value, with a
// warning; only a target or actual saved without its result is computed,
// within the workbook and the bounds of xlsx/calc.go), followed (links,
// external references) or used as a path. internal/corpus holds the broken
// and hostile inputs this is tested against (testdata/corpus). Nothing of
// the clock or of map order reaches the batch: files keep folder order,
// initiatives and findings are sorted.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"planreport/internal/fserr"
	"planreport/pipeline/config"
	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/internal/workers"
	"planreport/pipeline/model"
)

// Options control a read.
type Options struct {
	// Limits bound what one file may cost; a zero field takes its value
	// from config.DefaultLimits().
	Limits config.Limits
	// Workers is how many workbooks are read in parallel; 0 means
	// GOMAXPROCS. Each worker holds one workbook (at most Limits.FileBytes
	// plus its decompressed parts) in memory.
	Workers int
	// Logger receives progress at debug level; nil discards.
	Logger *slog.Logger
}

// Read ingests every entry of dir (not recursive). It fails only when dir
// itself cannot be read, or when ctx is cancelled.
func Read(ctx context.Context, dir string, opt Options) (*model.Batch, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("入力フォルダ「%s」を読めません: %w", dir, err)
	}
	jobs := make([]job, 0, len(entries))
	for _, e := range entries {
		jobs = append(jobs, entryJob(dir, e))
	}
	return run(ctx, jobs, opt)
}

// ReadPaths ingests the given files and folders (folders not recursively),
// in the order given; it is what `planreport validate` calls. A path that
// does not exist is a rejected entry with an error finding, not a failure.
func ReadPaths(ctx context.Context, paths []string, opt Options) (*model.Batch, error) {
	var jobs []job
	for _, p := range paths {
		info, err := os.Lstat(p)
		if err != nil {
			jobs = append(jobs, job{path: p, name: filepath.Base(p), err: err, named: true})
			continue
		}
		if !info.IsDir() {
			jobs = append(jobs, job{path: p, name: filepath.Base(p), info: info, named: true})
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			jobs = append(jobs, job{path: p, name: filepath.Base(p), err: err, named: true})
			continue
		}
		for _, e := range entries {
			jobs = append(jobs, entryJob(p, e))
		}
	}
	return run(ctx, jobs, opt)
}

// job is one entry to ingest. info comes from Lstat: links are never
// followed. named is true for a path the caller gave, false for an entry
// of a folder.
type job struct {
	path, name string
	info       fs.FileInfo
	err        error
	named      bool
}

func entryJob(dir string, e fs.DirEntry) job {
	j := job{path: filepath.Join(dir, e.Name()), name: e.Name()}
	j.info, j.err = e.Info() // os.ReadDir's Info is an Lstat
	return j
}

// inputJobs keeps the jobs that are inputs (IsInput) and returns the names
// of the others. A path the caller named that cannot be read is kept
// whatever its name: the person who named it is told why.
func inputJobs(jobs []job) (inputs []job, skipped []string) {
	inputs = jobs[:0:0]
	for _, j := range jobs {
		if IsInput(j.name) || (j.named && j.err != nil) {
			inputs = append(inputs, j)
		} else {
			skipped = append(skipped, j.name)
		}
	}
	return inputs, skipped
}

// fileResult is everything one entry gave.
type fileResult struct {
	file        model.InputFile
	initiatives []*model.Initiative
	indexes     []model.GoalIndex
	findings    []model.Finding
}

// run reads the jobs with a bounded pool of workers and assembles the
// batch in job order, whatever order the workers finished in.
func run(ctx context.Context, jobs []job, opt Options) (*model.Batch, error) {
	lim := opt.Limits.Resolved()
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	jobs, skipped := inputJobs(jobs)
	LogNotInputs(log, skipped)
	results := make([]fileResult, len(jobs))
	err := workers.Each(ctx, opt.Workers, len(jobs), func(ctx context.Context, i int) error {
		results[i] = readEntry(ctx, jobs[i], lim, log)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("読み込みを中断しました: %w", err)
	}

	b := &model.Batch{}
	for _, r := range results {
		b.Files = append(b.Files, r.file)
		b.Initiatives = append(b.Initiatives, r.initiatives...)
		b.Indexes = append(b.Indexes, r.indexes...)
		b.Findings = append(b.Findings, r.findings...)
	}
	model.SortBatch(b)
	errs, warns, infos := b.Counts()
	log.Info("読み込みが終わりました", "files", len(b.Files), "initiatives", len(b.Initiatives),
		"indexes", len(b.Indexes), "errors", errs, "warnings", warns, "infos", infos)
	return b, nil
}

// readEntry decides what one input entry (IsInput) is and reads it if it
// is an .xlsx; every input is accepted or rejected with a finding.
// It never panics: a panic inside a library on a hostile file becomes a
// rejection of that file.
func readEntry(ctx context.Context, j job, lim config.Limits, log *slog.Logger) (res fileResult) {
	res.file = model.InputFile{Name: j.name}
	defer func() {
		if p := recover(); p != nil {
			log.Error("ファイルの読み込み中に内部エラーが起きました（このファイルは除外します）", "file", j.name, "panic", p)
			res.reject(&xlsx.Rejection{Code: xlsx.CodeFileCorrupt, Msg: "ファイルの内容が想定外の形をしているため読めません。Excelで開けるか確かめ、保存し直して提出してください"})
		}
	}()
	if j.err != nil {
		res.reject(&xlsx.Rejection{Code: CodeFileUnreadable, Msg: unreadableMessage(j.err)})
		return res
	}
	res.file.Size = j.info.Size()
	ext := strings.ToLower(filepath.Ext(j.name))
	if !res.isWorkbook(j) {
		return res
	}
	data, ok := res.load(j, ext, lim)
	if !ok {
		return res
	}
	res.read(ctx, data, lim, log)
	return res
}

// add records a finding about the file.
func (res *fileResult) add(sev model.Severity, code, format string, args ...any) {
	res.findings = append(res.findings, model.Finding{Severity: sev, Code: code, Source: model.Source{File: res.file.Name},
		Message: xlsx.CleanMessage(fmt.Sprintf(format, args...))})
}

// reject leaves the file out of the batch with an error finding.
func (res *fileResult) reject(r *xlsx.Rejection) {
	res.file.Status = model.FileRejected
	res.initiatives, res.indexes = nil, nil
	res.add(model.SeverityError, r.Code, "%s", r.Msg)
}

// isWorkbook reports whether an input entry is a regular file to read: a
// link, a folder or a device named like a workbook is rejected, and so is a
// workbook saved under a name that does not end in .xlsx (福祉部.xlsx.txt).
func (res *fileResult) isWorkbook(j job) bool {
	switch mode := j.info.Mode(); {
	case mode&fs.ModeSymlink != 0:
		res.reject(&xlsx.Rejection{Code: CodeFileSymlink, Msg: "シンボリックリンクは読みません。ファイルそのものを入力フォルダに置いてください"})
	case mode.IsDir():
		res.reject(&xlsx.Rejection{Code: CodeFileDirectory, Msg: "ファイルではなくフォルダです。フォルダの中は読みません"})
	case !mode.IsRegular():
		res.reject(&xlsx.Rejection{Code: CodeFileNotRegular, Msg: "通常のファイルではありません（デバイス、パイプなど）。読みません"})
	case misnamedWorkbook(j.name) != "":
		res.reject(&xlsx.Rejection{Code: CodeFileMisnamed, Msg: misnamedMessage(j)})
	default:
		return true
	}
	return false
}

// misnamedMessage says why a workbook with an extra ending (福祉部.xlsx.bak)
// is not read. When the name it would take is already beside it, it is
// most likely a backup, and renaming it would overwrite the submission.
func misnamedMessage(j job) string {
	want := misnamedWorkbook(j.name)
	if _, err := os.Lstat(filepath.Join(filepath.Dir(j.path), want)); err == nil {
		return fmt.Sprintf("名前の最後が「%s」のため、Excelブックとして読みません。同じフォルダに「%s」があるため、控え（バックアップ）のファイルと思われます。入力フォルダから移してください（こちらが提出されたブックなら、「%s」と入れ替えてください）",
			filepath.Ext(j.name), want, want)
	}
	return fmt.Sprintf("名前の最後が「%s」のため、Excelブックとして読みません。提出されたブックなら名前を「%s」に直してください（控えのファイルなら入力フォルダから移してください）",
		filepath.Ext(j.name), want)
}

// unreadableMessage says why a file could not be read, in the words of
// fserr, and what the office can do: "open …: permission denied" tells a
// clerk nothing.
func unreadableMessage(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "ファイルがありません。名前と場所を確かめてください"
	}
	if errors.Is(err, fs.ErrPermission) {
		return "ファイルを読めません（読み込みの権限がありません）。planreport を実行する利用者がこのファイルを読めるように権限を直してください"
	}
	return "ファイルを読めません（" + fserr.Reason(err) + "）"
}

// load reads the file within the size limit, records its hash, and
// rejects the spreadsheet formats other than .xlsx.
func (res *fileResult) load(j job, ext string, lim config.Limits) ([]byte, bool) {
	if res.file.Size > lim.FileBytes {
		res.reject(&xlsx.Rejection{Code: CodeFileTooLarge, Msg: fmt.Sprintf("ファイルの大きさ（%dバイト）が上限（%dバイト）を超えるため、読みません。画像や不要なシートを除いて保存し直してください（上限は設定の limits.file_bytes）", res.file.Size, lim.FileBytes)})
		return nil, false
	}
	data, err := readRegular(j, lim.FileBytes)
	if err != nil {
		if r, ok := err.(*xlsx.Rejection); ok {
			res.reject(r)
		} else {
			res.reject(&xlsx.Rejection{Code: CodeFileUnreadable, Msg: unreadableMessage(err)})
		}
		return nil, false
	}
	sum := sha256.Sum256(data)
	res.file.SHA256 = hex.EncodeToString(sum[:])
	res.file.Size = int64(len(data))
	switch {
	case ext == ".xlsm":
		res.reject(&xlsx.Rejection{Code: CodeFileMacroEnabled, Msg: "マクロ有効ブック（.xlsm）は受け付けません。マクロを含まない「Excel ブック (*.xlsx)」として保存し直してください"})
		return nil, false
	case rejectedExt[ext] != "":
		res.reject(&xlsx.Rejection{Code: CodeFileWrongFormat, Msg: rejectedExt[ext] + "は受け付けません。Excelで開き「Excel ブック (*.xlsx)」として保存し直してください"})
		return nil, false
	}
	return data, true
}

// read opens the workbook with the reader and parses its sheets; a
// workbook with no sheet to report is rejected when its sheets had errors,
// and accepted with a warning otherwise.
func (res *fileResult) read(ctx context.Context, data []byte, lim config.Limits, log *slog.Logger) {
	book, rej := xlsx.Open(data, lim)
	if rej != nil {
		res.reject(rej)
		return
	}
	defer book.Close()
	log.Debug("ブックを読みます", "file", res.file.Name, "bytes", len(data))
	br := readBook(ctx, res.file.Name, book)
	res.findings = append(res.findings, br.findings...)
	res.initiatives, res.indexes = br.initiatives, br.indexes
	res.file.Status = model.FileAccepted
	props := book.DocProps()
	res.file.Modified, res.file.ModifiedBy = props.Modified, props.ModifiedBy
	if len(br.initiatives) > 0 || len(br.indexes) > 0 {
		return
	}
	if slices.ContainsFunc(br.findings, func(f model.Finding) bool { return f.Severity == model.SeverityError && f.Sheet != "" }) {
		res.file.Status = model.FileRejected
		res.add(model.SeverityError, CodeNoSheets, "読めるシートが一つもないため、このファイルは報告書に載りません")
	} else {
		res.add(model.SeverityWarning, CodeNoSheets, "取組管理シートが一つもありません（シートの表題「行財政運営プラン取組管理シート」を確かめてください）")
	}
}

// readRegular reads a regular file, refusing it when it is no longer the
// entry that was listed (replaced by a link or a folder in between) or when
// it grew past the limit.
func readRegular(j job, limit int64) ([]byte, error) {
	f, err := os.Open(j.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !os.SameFile(st, j.info) || !st.Mode().IsRegular() {
		return nil, &xlsx.Rejection{Code: CodeFileUnreadable, Msg: "読み込み中にファイルが差し替えられたため読みません。もう一度実行してください"}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &xlsx.Rejection{Code: CodeFileTooLarge, Msg: fmt.Sprintf("ファイルの大きさが上限（%dバイト）を超えるため、読みません。画像や不要なシートを除いて保存し直してください（上限は設定の limits.file_bytes）", limit)}
	}
	return data, nil
}
