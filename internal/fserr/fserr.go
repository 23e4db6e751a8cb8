// Package fserr says in Japanese what a file-system error means, for the
// messages the planning office reads: "mkdir /proc/x: no such file or
// directory" tells a municipal clerk nothing. The error keeps the
// original in its chain (errors.Is works, the log can print it).
package fserr

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

// Reason is the cause of err in a few Japanese words, or err's own text
// when it is not one of the common file-system failures.
func Reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "その場所がないか、作れない場所です"
	case errors.Is(err, fs.ErrPermission):
		return "書き込みまたは読み込みの権限がありません"
	case errors.Is(err, syscall.EROFS):
		return "読み取り専用の場所です"
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return "ディスクの空きがありません"
	case errors.Is(err, syscall.ENOTDIR):
		return "途中にフォルダでないファイルがあります"
	case errors.Is(err, fs.ErrExist):
		return "同じ名前のものがすでにあります"
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "名前が長すぎます"
	}
	return err.Error()
}

// ReadReason is Reason for reading what the user named (a file to read, a
// folder to write into), where a missing path is the user's: it says the
// file or folder is not there, and that a folder stands where a file
// should.
func ReadReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "ファイルまたはフォルダがありません"
	case errors.Is(err, syscall.EISDIR):
		return "ファイルのはずの場所がフォルダです"
	}
	return Reason(err)
}

// Wrap returns an error that reads as the message, then the reason of err
// in brackets, and that wraps err.
func Wrap(err error, format string, args ...any) error {
	return wrap(err, Reason, format, args...)
}

// WrapRead is Wrap with ReadReason.
func WrapRead(err error, format string, args ...any) error {
	return wrap(err, ReadReason, format, args...)
}

func wrap(err error, reason func(error) string, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &wrapped{msg: fmt.Sprintf(format, args...) + "（" + reason(err) + "）", err: err}
}

type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }
