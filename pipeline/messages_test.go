package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// An input folder planreport may not read is said in Japanese with what
// to do, the system's text last in brackets. (Made from the error the
// system gives, as the tests run as root, whom no permission stops.)
func TestInputFolderPermissionMessage(t *testing.T) {
	err := inputFolderError("in", &fs.PathError{Op: "open", Path: "in", Err: syscall.EACCES})
	want := "入力フォルダ「in」を読む権限がありません。planreport を実行する利用者がこのフォルダを読めるように権限を直すか、読める利用者で実行してください（open in: permission denied）"
	if err.Error() != want || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

// A run stopped by SIGTERM says so and what to do, whichever step the
// cancellation reached, not "中断されました: context canceled"; a full
// disk keeps its own message.
func TestInterruptedMessage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	step := errors.New("入力フォルダ in を読めません: 読み込みを中断しました: context canceled")
	err := explainInterrupted(ctx, step)
	want := "停止の指示（SIGTERM や Ctrl+C）を受けたため、実行を途中でやめました。" +
		"報告書を作り直すには、もう一度実行してください（定時実行なら次の予定の時刻に実行されます）（context canceled）"
	if err.Error() != want || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	full := explainDiskFull("out", &fs.PathError{Op: "write", Path: "out/x", Err: syscall.ENOSPC})
	if got := explainInterrupted(ctx, full); got != full {
		t.Errorf("disk full became %v", got)
	}
	if got := explainInterrupted(context.Background(), step); got != step || strings.Contains(got.Error(), "停止の指示") {
		t.Errorf("a run not stopped: %v", got)
	}
}
