package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"planreport/pipeline"
	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// A failed run wrote no findings.json, so the summary lists its errors and
// does not send the reader to the last good run's file; a finished run
// shows three findings and points to findings.json.
func TestPrintSummaryPointsToTheRightFindings(t *testing.T) {
	b := &model.Batch{}
	for _, cell := range []string{"E21", "F21", "G21", "H21"} {
		b.Add(model.SeverityError, "stated_rate_mismatch", model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: cell}, "不一致 %s", cell)
	}
	b.Add(model.SeverityWarning, "unit", model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "E13"}, "単位")
	cfg := config.Default()
	// An output folder with the last good run's report (a failed first
	// run is TestFailedFirstRunWording).
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "report.pdf"), []byte("%PDF"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.Input, cfg.Output = "in", out

	var failed bytes.Buffer
	printSummary(&failed, cfg, pipeline.Result{Status: "failed", Batch: b}, time.Second)
	got := failed.String()
	for _, want := range []string{"前回の出力（" + out + "）はそのまま", "不一致 E21", "不一致 H21", "この実行の所見は出力していません（" + out + " の summary.xlsx・report.pdf・findings.json は前回の実行のものです）", "planreport validate in"} {
		if !strings.Contains(got, want) {
			t.Errorf("failed run: %q missing from\n%s", want, got)
		}
	}
	if strings.Contains(got, "単位") || strings.Contains(got, "すべての所見は "+filepath.Join(out, "findings.json")) {
		t.Errorf("failed run lists the warning or points to findings.json:\n%s", got)
	}

	var done bytes.Buffer
	printSummary(&done, cfg, pipeline.Result{Status: "done", Batch: b}, time.Second)
	got = done.String()
	// A person is sent to what they can open (trial G: a JSON file is no
	// use to an Excel user); findings.json is named for tools.
	if want := "すべての所見は " + filepath.Join(out, "summary.xlsx") + " のシート「検証結果」と " + filepath.Join(out, "report.pdf") +
		" の「付録1 指摘事項一覧」にあります（プログラムで扱うときは " + filepath.Join(out, "findings.json") + "）。"; !strings.Contains(got, "不一致 G21") || strings.Contains(got, "不一致 H21") || !strings.Contains(got, want) {
		t.Errorf("finished run: want %q in\n%s", want, got)
	}
}

// TestSummaryCountsInputs: 入力 N 件 is the inputs, accepted plus rejected,
// said so that the numbers add up.
func TestSummaryCountsInputs(t *testing.T) {
	b := &model.Batch{Files: []model.InputFile{
		{Name: "a.xlsx", Status: model.FileAccepted}, {Name: "b.xlsx", Status: model.FileAccepted},
		{Name: "c.xls", Status: model.FileRejected}, {Name: "Thumbs.db", Status: model.FileIgnored},
	}}
	var out bytes.Buffer
	printSummary(&out, config.Default(), pipeline.Result{Status: "done", Batch: b}, time.Second)
	if !strings.Contains(out.String(), "入力 3 件（読込 2、不受理 1）") {
		t.Errorf("summary:\n%s", out.String())
	}
	b.Files = b.Files[:2]
	out.Reset()
	printSummary(&out, config.Default(), pipeline.Result{Status: "done", Batch: b}, time.Second)
	if !strings.Contains(out.String(), "入力 2 件（読込 2）、") {
		t.Errorf("summary:\n%s", out.String())
	}
}

func TestPrintSummaryNamesMissingWorkbooks(t *testing.T) {
	b := &model.Batch{}
	cfg := config.Default()
	var out bytes.Buffer
	res := pipeline.Result{Status: "done", Batch: b}
	res.Record.MissingInputs = []string{"総務部.xlsx"}
	printSummary(&out, cfg, res, time.Second)
	if !strings.Contains(out.String(), "前回読み込んだ「総務部.xlsx」が入力フォルダにありません") {
		t.Errorf("summary:\n%s", out.String())
	}
}

// validate checks against today's date as run does: an actual for a year
// after today's fiscal year is the same warning in both. (The sample's
// 建設部.xlsx has actuals for 平成27–29; on 2016-05-01 平成29 is ahead.)
func TestValidateUsesToday(t *testing.T) {
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" },
		clock: func() time.Time { return time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC) }}
	runMain(context.Background(), []string{"validate", "../../input/建設部.xlsx"}, e)
	if !strings.Contains(stdout.String(), "actual_after_report_year") {
		t.Errorf("no actual_after_report_year warning:\n%s%s", stdout.String(), stderr.String())
	}
}

// Every command's -h prints its usage (template's printed nothing).
func TestHelpOfEveryCommand(t *testing.T) {
	for _, cmd := range []string{"run", "validate", "schedule", "template"} {
		var stdout, stderr bytes.Buffer
		e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
		code := runMain(context.Background(), []string{cmd, "-h"}, e)
		if code != 0 || !strings.Contains(stderr.String()+stdout.String(), "使い方: planreport "+cmd) {
			t.Errorf("%s -h: exit %d\n%s%s", cmd, code, stdout.String(), stderr.String())
		}
	}
}

// A delivery failure is said on the terminal (cron mails it), not only in
// the log and run.json.
func TestPrintSummarySaysDeliveryFailed(t *testing.T) {
	res := pipeline.Result{Status: "done", Batch: &model.Batch{}}
	res.Record.Delivery.Status = "failed"
	res.Record.Delivery.Errors = []string{"メール「…」を送れませんでした"}
	res.Record.Delivery.Pending = 2
	var out bytes.Buffer
	printSummary(&out, config.Default(), res, time.Second)
	if !strings.Contains(out.String(), "配布またはメールに問題がありました：メール「…」を送れませんでした。未送信のメール2件は次回の実行で再送します。") {
		t.Errorf("summary:\n%s", out.String())
	}
	// Only a department folder missing: the line names it, and says
	// nothing of mails to resend (trial D: 「未送信のメール 0 件は再送します」).
	res.Record.Delivery.Errors = []string{"担当部「教育部」のフォルダ「/srv/k」がありません", "二つ目"}
	res.Record.Delivery.Pending = 0
	out.Reset()
	printSummary(&out, config.Default(), res, time.Second)
	if got := out.String(); !strings.Contains(got, "配布またはメールに問題がありました：担当部「教育部」のフォルダ「/srv/k」がありません（ほか1件）。詳しくは") || strings.Contains(got, "未送信") {
		t.Errorf("summary:\n%s", got)
	}
}
