// Command planreport builds the planning office's consolidated report from
// the departments' management-sheet workbooks. See README.md.
//
// main alone turns errors into exit statuses: 0 done, 1 done with error
// findings, 2 bad usage or configuration, 3 the run failed (previous outputs
// untouched).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"planreport/pipeline/model"
)

// env is what a subcommand may touch of the process.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// stderrTTY is true when stderr is a terminal (progress is shown only then).
	stderrTTY bool
	// clock is the time now (tests set it); nil is time.Now.
	clock func() time.Time
}

func (e *env) now() time.Time {
	if e.clock == nil {
		return time.Now()
	}
	return e.clock()
}

// statusError carries an exit status with its cause.
type statusError struct {
	code int
	err  error
	// reported: the message is already in the log (-log-format json),
	// and main must not print it again as plain text.
	reported bool
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

func withStatus(code int, err error) error { return &statusError{code: code, err: err} }

func usageErrorf(format string, args ...any) error {
	return withStatus(model.ExitUsage, fmt.Errorf(format, args...))
}

// printOptions lists a command's options in Japanese, each with its
// default (flag.PrintDefaults would say "(default …)" in English).
func printOptions(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "オプション:")
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		if name == "value" || name == "string" {
			name = "値"
		}
		switch {
		case name == "":
			fmt.Fprintf(w, "  -%s\n      %s\n", f.Name, usage)
		case f.DefValue == "" || f.DefValue == "0":
			fmt.Fprintf(w, "  -%s %s\n      %s\n", f.Name, name, usage)
		default:
			fmt.Fprintf(w, "  -%s %s\n      %s（既定値: %s）\n", f.Name, name, usage, f.DefValue)
		}
	})
}

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, e *env) error
}

func commands() []command {
	return []command{
		{"run", "入力フォルダの管理シートを読み、報告書・集計表・検証結果を出力します", cmdRun},
		{"validate", "提出前の管理シートを検証します（ファイルまたはフォルダ）", cmdValidate},
		{"schedule", "毎晩の定時実行を続けます", cmdSchedule},
		{"diff", "二つの報告を比べ、変更点を表示します", cmdDiff},
		{"template", "記入用の空の管理シートを書き出します", cmdTemplate},
		{"version", "バージョンを表示します", cmdVersion},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "使い方: planreport <コマンド> [オプション]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "コマンド:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "各コマンドのオプションは planreport <コマンド> -h で表示します。")
	fmt.Fprintln(w, "終了コード: 0 完了 / 1 完了（エラー所見あり） / 2 使い方・設定の誤り / 3 実行失敗（前回の出力はそのまま）")
}

func main() {
	ctx, stop := signalContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, stderrTTY: isTerminal(os.Stderr)}
	code := runMain(ctx, os.Args[1:], e)
	stop()
	os.Exit(code)
}

// runMain dispatches to a subcommand and maps its error to an exit status.
func runMain(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return model.ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(e.stdout)
		return model.ExitOK
	case "-version", "--version":
		// What other programs answer to; the same as planreport version.
		args = append([]string{"version"}, args[1:]...)
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], e)
		if err == nil {
			return model.ExitOK
		}
		var se *statusError
		if errors.As(err, &se) {
			if !se.reported && se.err != nil && se.err.Error() != "" {
				fmt.Fprintln(e.stderr, "planreport:", se.err)
			}
			return se.code
		}
		fmt.Fprintln(e.stderr, "planreport:", err)
		return model.ExitFailed
	}
	fmt.Fprintf(e.stderr, "planreport: 「%s」というコマンドはありません。\n\n", args[0])
	usage(e.stderr)
	return model.ExitUsage
}

// signalContext is signal.NotifyContext with the cause said in Japanese:
// a stopped run ends its message with the cause, and NotifyContext's is
// "terminated signal received". As with NotifyContext, later signals are
// caught too until stop is called, so a second SIGTERM does not kill a
// run in the middle of leaving the outputs as they were.
func signalContext(parent context.Context, sigs ...os.Signal) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			cancel(stopCause(s))
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// stopCause names the signal as an office member knows it.
func stopCause(s os.Signal) error {
	switch s {
	case os.Interrupt:
		return errors.New("中断の合図（Ctrl+C）を受けました")
	case syscall.SIGTERM:
		return errors.New("停止の合図（SIGTERM）を受けました")
	}
	return errors.New("停止の合図を受けました")
}
