package main

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"planreport/internal/fserr"
)

// sysReason says in a few Japanese words why a file operation failed, for
// the messages of this command ("open x: no such file or directory" tells
// a clerk nothing). It is fserr.Reason plus the failures that the
// command's own paths meet and fserr does not name; an unusual failure
// keeps the system's text, which an administrator may need.
func sysReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "ファイルまたはフォルダがありません"
	case errors.Is(err, syscall.EISDIR):
		return "ファイルのはずの場所がフォルダです"
	}
	return fserr.Reason(err)
}

// sysErrorf is the message made by format and args, then the reason of
// err in brackets; the error wraps err (errors.Is still works).
func sysErrorf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &sysError{msg: fmt.Sprintf(format, args...) + "（" + sysReason(err) + "）", err: err}
}

type sysError struct {
	msg string
	err error
}

func (e *sysError) Error() string { return e.msg }
func (e *sysError) Unwrap() error { return e.err }
