package outputs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
	"planreport/internal/fserr"
)

// ErrLocked means another planreport process holds the output folder's lock.
// Lock returns it wrapped with the folder and, when known, the holder's pid.
var ErrLocked = errors.New("別の planreport が実行中です")

// DirLock is a held lock on an output folder. (The brief named this type
// Lock; Go cannot have a type and a function of one name in a package, and
// callers write outputs.Lock(dir), so the function kept the name.)
type DirLock struct {
	f    *os.File
	path string
}

// Lock takes an advisory, exclusive flock on <dir>/.planreport.lock,
// creating dir (0755) and the file (0644) if needed. It does not wait: when
// another process (or another open of the file in this one; flock belongs to
// the open file description) holds the lock, it returns an error wrapping
// ErrLocked at once. The lock is released by Unlock or when the process
// ends, even by SIGKILL, so a crash never leaves a stale lock. The file
// holds the holder's pid for messages; it is never deleted (deleting a lock
// file lets two processes lock two different files).
func Lock(dir string) (*DirLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fserr.Wrap(err, "出力フォルダ「%s」を作れません", dir)
	}
	name := filepath.Join(dir, lockName)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fserr.Wrap(err, "ロックファイル「%s」を開けません", name)
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			holder := ""
			if b, rerr := os.ReadFile(name); rerr == nil {
				if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil {
					holder = fmt.Sprintf("（プロセス %d）", pid)
				}
			}
			return nil, fmt.Errorf("出力フォルダ「%s」では%w%s", dir, ErrLocked, holder)
		}
		return nil, fmt.Errorf("ロックファイル「%s」をロックできません: %w", name, err)
	}
	// The pid is only for the message above; failing to write it is harmless.
	if f.Truncate(0) == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &DirLock{f: f, path: name}, nil
}

// Unlock releases the lock. Calling it again does nothing.
func (l *DirLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	err := unix.Flock(int(f.Fd()), unix.LOCK_UN)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("ロックファイル「%s」を解放できません: %w", l.path, err)
	}
	return nil
}
