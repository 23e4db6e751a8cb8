package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

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
	fl.StringVar(&opts.Output, "o", templates.BlankFileName, "書き出すファイル")
	fl.BoolVar(&opts.Force, "force", false, "同名のファイルがあっても上書きする")
	fl.StringVar(&opts.From, "from", templates.FiscalYearLabel(templates.NextPlanFirst), "計画期間の最初の年度（令和3年度・R3・2021 など）")
	fl.StringVar(&opts.To, "to", templates.FiscalYearLabel(templates.NextPlanLast), "計画期間の最後の年度")
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
	b, err := templates.BlankBytes(first.Year, last.Year)
	if err != nil {
		return usageErrorf("template: %v", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if opts.Force {
		if err := templates.WriteFileAtomic(opts.Output, b); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	} else if err := writeNew(opts.Output, b); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usageErrorf("template: 「%s」は既にあります。上書きするときは -force を付けてください", opts.Output)
		}
		return fmt.Errorf("template: 「%s」を作れません: %w", opts.Output, err)
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
		return fmt.Errorf("「%s」を書き出せません: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("「%s」を書き出せません: %w", path, err)
	}
	return nil
}
