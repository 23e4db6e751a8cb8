package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"planreport/internal/fserr"
	"planreport/pipeline/normalize"
	"planreport/templates"
)

// templateOptions are the flags of `planreport template`.
type templateOptions struct {
	Output string // file to write
	Force  bool   // overwrite an existing file
	From   string // first fiscal year of the plan period (令和3年度, R3, 2021)
	To     string // last fiscal year
}

// cmdTemplate writes the blank management sheet departments fill in.
func cmdTemplate(ctx context.Context, args []string, e *env) error {
	opts := templateOptions{}
	fl := flag.NewFlagSet("template", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.StringVar(&opts.Output, "o", templates.BlankFileName, "書き出す`ファイル`。名前は .xlsx で終わるもの")
	fl.BoolVar(&opts.Force, "force", false, "同名のファイルがあっても上書きする")
	fl.StringVar(&opts.From, "from", templates.FiscalYearLabel(templates.NextPlanFirst), "計画期間の最初の`年度`（令和3年度・R3・2021 など）")
	fl.StringVar(&opts.To, "to", templates.FiscalYearLabel(templates.NextPlanLast), "計画期間の最後の`年度`")
	fl.Usage = func() {
		// Not fl.Output(): parseJapanese silences it while parsing.
		w := e.stderr
		fmt.Fprintln(w, "使い方: planreport template [-o ファイル] [-force] [-from 年度] [-to 年度]")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "各部が記入する空の管理シート（記入方法のシート付き）を書き出します。")
		fmt.Fprintln(w)
		printOptions(w, fl)
	}
	if err := parseJapanese(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageErrorf("template: 余分な引数「%s」があります（ファイル名は -o で指定します）", fl.Arg(0))
	}
	return runTemplate(ctx, opts, e)
}

func runTemplate(ctx context.Context, opts templateOptions, e *env) error {
	first, err := normalize.ParseFiscalYear(opts.From)
	if err != nil {
		return usageErrorf("template: -from: %v（例: 令和3年度、R3、2021）", err)
	}
	last, err := normalize.ParseFiscalYear(opts.To)
	if err != nil {
		return usageErrorf("template: -to: %v（例: 令和7年度、R7、2025）", err)
	}
	if opts.Output == "" {
		return usageErrorf("template: -o にファイル名を指定してください")
	}
	// run and validate read only *.xlsx (.xls is refused as the old
	// format), so a sheet written under another name would be rejected
	// once filled in.
	if !strings.EqualFold(filepath.Ext(opts.Output), ".xlsx") {
		return usageErrorf("template: 「%s」には書き出しません。run と validate が読むのは名前が .xlsx で終わるファイルだけです。-o %s のように指定してください", opts.Output, xlsxName(opts.Output))
	}
	// Else "already exists, use -force", and -force then fails.
	if st, err := os.Stat(opts.Output); err == nil && st.IsDir() {
		return usageErrorf("template: 「%s」はフォルダです。-o にはファイルの名前を指定してください（例: -o %s）", opts.Output, filepath.Join(opts.Output, templates.BlankFileName))
	}
	b, err := templates.BlankBytes(first.Year, last.Year)
	if err != nil {
		return usageErrorf("template: %v", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if opts.Force {
		if err := templates.WriteFileAtomic(opts.Output, b); err != nil {
			return createError(opts.Output, err)
		}
	} else if err := writeNew(opts.Output, b); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usageErrorf("template: 「%s」は既にあります。上書きするときは -force を付けてください", opts.Output)
		}
		return createError(opts.Output, err)
	}
	fmt.Fprintf(e.stdout, "「%s」を書き出しました（計画期間 %s〜%s、目標指標の枠 %d）。\n",
		opts.Output, templates.FiscalYearLabel(first.Year), templates.FiscalYearLabel(last.Year), templates.BlankIndicatorSlots)
	return nil
}

// writeNew creates path only if it does not exist yet (O_EXCL, so that two
// people running the command at once cannot overwrite each other), and
// removes a half-written file.
func writeNew(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// xlsxName is name with its extension replaced by .xlsx, for the message
// that refuses another one.
func xlsxName(name string) string {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if base == "" || os.IsPathSeparator(base[len(base)-1]) {
		return base + templates.BlankFileName // ".xls" alone, or a folder
	}
	return base + ".xlsx"
}

// createError says why the file could not be written, in the words of the
// folder it goes into: "open /x/t.xlsx: no such file or directory" tells
// a clerk nothing.
func createError(path string, err error) error {
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("template: 「%s」を作れません（フォルダ「%s」がありません。先にフォルダを作るか、ある場所を -o に指定してください）", path, dir)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("template: 「%s」を作れません（フォルダ「%s」に書き込む権限がありません）", path, dir)
	}
	return fserr.WrapRead(err, "template: 「%s」を作れません", path)
}
