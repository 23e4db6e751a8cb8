package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"planreport/pipeline"
	"planreport/pipeline/check"
	"planreport/pipeline/config"
	"planreport/pipeline/findings"
	"planreport/pipeline/ingest"
	"planreport/pipeline/model"
	"planreport/pipeline/status"
)

// cmdValidate checks workbooks the way `run` would, without writing any
// output: for departments before they submit. With -annotate DIR it
// writes the annotated copies (赤入れ版) of the workbooks checked into DIR,
// and nothing else. With -date it checks as of that report date, as
// `run -date` would.
func cmdValidate(ctx context.Context, args []string, e *env) error {
	fs := newFlagSet("validate", "validate [-json] [-config FILE] [-date YYYY-MM-DD] [-annotate DIR] PATH...", e)
	asJSON := fs.Bool("json", false, "結果を JSON（findings.json と同じ形）で標準出力に書く")
	configPath := fs.String("config", "", "設定`ファイル`（評価方向・端数処理・上限値に使用。既定: 作業フォルダの planreport.yaml があれば使用）")
	annotate := fs.String("annotate", "", "指摘のあるブックの赤入れ版（セルにメモと色、先頭に「指摘事項」シート）を書き出す`フォルダ`（入力フォルダ以外）")
	o := &runOptions{}
	addDateFlag(fs, o)
	if err := parseFlags(fs, o, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("validate: 検証するファイルまたはフォルダを指定してください（例: planreport validate 総務部.xlsx）")
	}
	o.configPath = *configPath
	cfg, err := o.config()
	if err != nil {
		return err
	}
	paths, err := namedPaths(fs.Args())
	if err != nil {
		return err
	}
	if *annotate != "" {
		// Both where the user named a file and where it is: a copy must
		// replace neither a link the user keeps nor the file it points to.
		if err := checkAnnotateDir(*annotate, slices.Concat(fs.Args(), paths), &cfg); err != nil {
			return err
		}
	}
	b, err := ingest.ReadPaths(ctx, paths, ingest.Options{Limits: cfg.Limits, Workers: cfg.Workers})
	if err != nil {
		return withStatus(model.ExitFailed, fmt.Errorf("validate: %w", err))
	}
	if name, n := sameName(b.Files); n > 1 {
		// Findings name a workbook by its file name: those of two files of
		// one name (two versions in two folders) could not be told apart.
		return usageErrorf("validate: 同じ名前のブック「%s」が %d つあります。指摘がどちらのものか見分けられないため、一つずつ検証してください", name, n)
	}
	// Checked against the same report date run would use (-date, the
	// configuration's date, or today in the configured time zone), so that
	// warnings such as an actual for a future year, and the evaluation
	// year of the 未記入 list, come out the same. Nothing validate prints
	// goes to a file.
	if b.ReportDate, err = cfg.ReportDate(e.now()); err != nil {
		return withStatus(model.ExitUsage, fmt.Errorf("validate: %w", err))
	}
	if err := pipeline.Analyze(b, &cfg, nil); err != nil {
		return withStatus(model.ExitFailed, fmt.Errorf("validate: %w", err))
	}
	b.Findings = dropIndexAbsence(b)
	// A folder with no workbook (only Excel lock files, hidden files,
	// memos: no input, ingest.IsInput) names nothing to check: the user
	// pointed at the wrong place, as with a path that does not exist.
	if len(b.Files) == 0 {
		return usageErrorf("validate: %s には検証するブック（.xlsx）がありません。提出するブックのファイルか、ブックを置いたフォルダを指定してください", strings.Join(fs.Args(), "、"))
	}
	return validateOutcome(e, b, *asJSON, *annotate, paths, &cfg)
}

// validateOutcome prints what validate found, writes the annotated copies
// when asked, and gives the exit status. A blank actual (未記入) is not a
// finding: it is listed, but leaves the status as the findings make it.
func validateOutcome(e *env, b *model.Batch, asJSON bool, annotate string, paths []string, cfg *config.Config) error {
	errs, _, _ := b.Counts()
	nothing := len(b.Initiatives)+len(b.Indexes) == 0
	if asJSON {
		// findings.json's shape, unchanged: the 未記入 are not findings
		// and have no place in it (they are in the text output).
		data, err := findings.JSON(b)
		if err != nil {
			return withStatus(model.ExitFailed, err)
		}
		e.stdout.Write(data)
	} else {
		printFindings(e.stdout, b, status.Blanks(b))
	}
	if annotate != "" {
		// The night's copy marks findings only; so does this one, so
		// that the copy a department makes is the one it will be sent.
		if err := writeAnnotated(e, annotate, paths, b, cfg); err != nil {
			return err
		}
	}
	switch {
	case errs > 0:
		return withStatus(model.ExitFindings, errors.New(""))
	case nothing:
		// Workbooks were read but none holds a management sheet: no error
		// finding, and nothing to submit either. SPEC: a run that accepts
		// no management sheet has failed (3), never "done" (0) nor "done
		// with error findings" (1) while the counts say 0 errors.
		if asJSON { // the line printFindings says is not on stdout
			return withStatus(model.ExitFailed, errors.New(noSheetsAdvice))
		}
		return withStatus(model.ExitFailed, errors.New(""))
	}
	return nil
}

// sameName returns the first file name that more than one file read has,
// and how many have it (0 when all names differ).
func sameName(files []model.InputFile) (string, int) {
	count := map[string]int{}
	for _, f := range files {
		count[f.Name]++
	}
	for _, f := range files {
		if count[f.Name] > 1 {
			return f.Name, count[f.Name]
		}
	}
	return "", 0
}

// dropIndexAbsence removes the note that no goal index was found when none
// was given: the index is the planning office's file, and a department
// checking its own workbook does not have it. An index that was given is
// still cross-checked.
func dropIndexAbsence(b *model.Batch) []model.Finding {
	if len(b.Indexes) > 0 {
		return b.Findings
	}
	kept := b.Findings[:0]
	for _, f := range b.Findings {
		if f.Code != check.CodeGoalWithoutIndex {
			kept = append(kept, f)
		}
	}
	return kept
}

// printFindings lists the findings for a person: one line each, file, sheet
// and cell first; then the blank actuals the office's 提出状況 will chase
// (blanks), so that 提出できます is never said of a workbook the office
// will ask about.
func printFindings(w io.Writer, b *model.Batch, blanks []status.Blank) {
	for _, f := range b.Files {
		fmt.Fprintf(w, "%s: %s\n", f.Name, fileStatusLabel(f.Status))
	}
	for _, f := range b.Findings {
		fmt.Fprintf(w, "[%s] %s %s（%s）\n", f.Severity.Label(), f.Source, f.Message, f.Code)
	}
	printBlanks(w, b.ReportDate, blanks)
	errs, warns, infos := b.Counts()
	fmt.Fprintf(w, "管理シート %d 枚。エラー %d 件、警告 %d 件、情報 %d 件。\n", len(b.Initiatives), errs, warns, infos)
	switch {
	case len(b.Initiatives)+len(b.Indexes) == 0:
		// An Excel lock file or a notes-only workbook has no errors and
		// nothing to submit either. (The planning office's 取組一覧 alone
		// is something to check.)
		fmt.Fprintln(w, noSheetsAdvice)
	case errs == 0 && len(blanks) > 0:
		fmt.Fprintf(w, "エラーはありません。ただし %sの実績値が %d 件未記入です（上の一覧）。記入してから提出してください。\n", status.BlankYears(blanks), len(blanks))
	case errs == 0 && warns > 0:
		// A warning may be what keeps a value out of the report (a hidden
		// year column, a unit slip): worth a look before it is submitted.
		fmt.Fprintf(w, "エラーはありません。ただし警告が %d 件あります（上の一覧）。内容を確かめてから提出してください。\n", warns)
	case errs == 0:
		fmt.Fprintln(w, "エラーはありません。提出できます。")
	}
}

// printBlanks lists the blank actuals under a heading that says why they
// matter: not findings, but what the 提出状況 of the report date asks for.
func printBlanks(w io.Writer, reportDate string, blanks []status.Blank) {
	if len(blanks) == 0 {
		return
	}
	shown := model.WarekiDateOr(reportDate)
	fmt.Fprintf(w, "未記入（目標値があって実績値がない指標。報告日 %s の提出状況で記入を求められます）: %d 件\n", shown, len(blanks))
	for _, bl := range blanks {
		fmt.Fprintf(w, "[未記入] %s %s %sの実績値%s\n", bl.Source, bl.Indicator, bl.Year.Display(), hiddenNote(bl))
	}
}

// hiddenNote tells, for a blank in a column hidden in Excel, that the
// column must be shown first: the department would not find the cell.
func hiddenNote(bl status.Blank) string {
	if !bl.Hidden {
		return ""
	}
	col := strings.TrimRight(bl.Source.Cell, "0123456789")
	if col == "" {
		return "（この年度の列は非表示です。列を表示してから記入してください）"
	}
	return "（" + col + "列は非表示です。列を表示してから記入してください）"
}

// noSheetsAdvice is said when the files checked hold no management sheet.
const noSheetsAdvice = "管理シートが一枚もありません。提出するブックを確かめてください（記入用の管理シートは planreport template で作れます）。"

func fileStatusLabel(s model.FileStatus) string {
	switch s {
	case model.FileAccepted:
		return "読み込みました"
	case model.FileRejected:
		return "読み込めませんでした"
	}
	return string(s)
}

// namedPaths checks that each path the user named exists, and follows it
// when it is a symbolic link: a link the user names on the command line is
// the user's choice (a shared folder linked into their home), unlike a
// link found inside a folder, which ingest never follows. A linked file is
// reported under its target's name, the file that is read.
func namedPaths(args []string) ([]string, error) {
	paths := make([]string, 0, len(args))
	for _, p := range args {
		if _, err := os.Stat(p); err != nil {
			return nil, usageErrorf("validate: %s が見つかりません", p)
		}
		if info, err := os.Lstat(p); err == nil && info.Mode()&os.ModeSymlink != 0 {
			real, err := filepath.EvalSymlinks(p)
			if err != nil {
				return nil, usageErrorf("validate: %s のリンク先をたどれません", p)
			}
			p = real
		}
		paths = append(paths, p)
	}
	return onceEach(paths), nil
}

// onceEach drops the paths that name a file already named: the same file
// twice (a.xlsx ./a.xlsx), or a file of a folder also named (. ./a.xlsx),
// is checked once. Two files of one name that remain are two workbooks
// (sameName). ingest reads a folder's own files, not its subfolders'.
func onceEach(paths []string) []string {
	abs := make([]string, len(paths))
	folders := map[string]bool{}
	for i, p := range paths {
		abs[i], _ = filepath.Abs(p)
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			folders[abs[i]] = true
		}
	}
	var out []string
	for i, p := range paths {
		if slices.Contains(abs[:i], abs[i]) || (!folders[abs[i]] && folders[filepath.Dir(abs[i])]) {
			continue
		}
		out = append(out, p)
	}
	return out
}
