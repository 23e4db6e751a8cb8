package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planreport/pipeline/outputs"
)

// A run that read no sheet sends the office to validate, in Japanese only
// (trial G: 「理由は findings の指摘で確かめてください: planreport validate in」,
// and findings.json is not written by a failed run).
func TestNoSheetMessageNamesValidate(t *testing.T) {
	cfg := SampleConfig(t)
	in := t.TempDir()
	if err := os.WriteFile(filepath.Join(in, "x.xlsx"), []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.Input = in
	_, err := Run(context.Background(), cfg, Options{})
	if !errors.Is(err, ErrNoSheets) {
		t.Fatalf("err = %v, want ErrNoSheets", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "理由は planreport validate "+in+" で確かめてください") || strings.Contains(msg, "findings") {
		t.Errorf("message %q", msg)
	}
}

// The output folder's lock held: the message says once that another
// planreport runs, with its process, and what to do (trial G: 「別の実行が
// 進行中です（…）。…: 出力フォルダ「output」: 別の planreport が実行中です（プロセス N）」).
func TestLockedMessageSaysItOnce(t *testing.T) {
	cfg := SampleConfig(t)
	l, err := outputs.Lock(cfg.Output)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	res, err := Run(context.Background(), cfg, Options{})
	if !errors.Is(err, outputs.ErrLocked) || res.ExitStatus != 3 {
		t.Fatalf("exit %d, err %v; want 3 and ErrLocked", res.ExitStatus, err)
	}
	msg := err.Error()
	want := "出力フォルダ「" + cfg.Output + "」では別の planreport が実行中です（プロセス "
	if !strings.HasPrefix(msg, want) || strings.Count(msg, "実行中") != 1 || strings.Contains(msg, "進行中") ||
		!strings.Contains(msg, "）。終わってからもう一度実行してください（ロックファイル「"+filepath.Join(cfg.Output, ".planreport.lock")+"」）") {
		t.Errorf("message %q", msg)
	}
}
