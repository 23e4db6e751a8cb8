package main

import (
	"bytes"
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
	cfg.Input, cfg.Output = "in", "out"

	var failed bytes.Buffer
	printSummary(&failed, cfg, pipeline.Result{Status: "failed", Batch: b}, time.Second)
	got := failed.String()
	for _, want := range []string{"前回の出力（out）はそのまま", "不一致 E21", "不一致 H21", "この実行の所見は出力していません", "planreport validate in"} {
		if !strings.Contains(got, want) {
			t.Errorf("failed run: %q missing from\n%s", want, got)
		}
	}
	if strings.Contains(got, "単位") || strings.Contains(got, "すべての所見は out/findings.json") {
		t.Errorf("failed run lists the warning or points to findings.json:\n%s", got)
	}

	var done bytes.Buffer
	printSummary(&done, cfg, pipeline.Result{Status: "done", Batch: b}, time.Second)
	got = done.String()
	if !strings.Contains(got, "不一致 G21") || strings.Contains(got, "不一致 H21") || !strings.Contains(got, "すべての所見は out/findings.json にあります") {
		t.Errorf("finished run:\n%s", got)
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
