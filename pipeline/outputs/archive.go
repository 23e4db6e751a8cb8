package outputs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"planreport/internal/fserr"
)

const (
	archiveTmpPref = ".planreport-tmp-"
	archiveOldPref = ".planreport-old-"
)

// An ArchiveDraft is the copy of one run's outputs for archive/<date>/,
// built in a temporary folder while the outputs are written; Finish puts it
// in place once they are committed, Abort drops it. Put may be called from
// several goroutines.
type ArchiveDraft struct {
	root, tmp, date string
	day             time.Time

	mu   sync.Mutex
	put  map[string]bool
	err  error // the first failure of Put, reported by Finish
	done bool
}

// BeginArchive starts the copy of the outputs of dir for
// <dir>/archive/<date>/, date being YYYY-MM-DD. The copy is built in a
// temporary folder and renamed into place by Finish, so a date folder is
// complete or absent; a second run on the same date replaces that date's
// copy.
func BeginArchive(dir, date string) (*ArchiveDraft, error) {
	day, ok := parseDay(date)
	if !ok {
		return nil, fmt.Errorf("保存用の日付「%s」は YYYY-MM-DD 形式ではありません", date)
	}
	root := filepath.Join(dir, ArchiveDir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fserr.Wrap(err, "保存フォルダ「%s」を作れません", root)
	}
	tmp, err := os.MkdirTemp(root, archiveTmpPref+date+"-")
	if err != nil {
		return nil, fmt.Errorf("保存フォルダ「%s」に書き込めません: %w", root, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("保存フォルダ「%s」: %w", tmp, err)
	}
	return &ArchiveDraft{root: root, tmp: tmp, date: date, day: day, put: map[string]bool{}}, nil
}

// Put writes the copy of output name (slash-separated). A failure is kept
// for Finish to report: the archive is a copy, and losing it must not fail
// the run that made the outputs.
func (a *ArchiveDraft) Put(name string, data []byte) {
	err := a.write(name, data)
	a.mu.Lock()
	defer a.mu.Unlock()
	if err != nil && a.err == nil {
		a.err = fmt.Errorf("「%s」を保存できません: %w", name, err)
	}
	a.put[name] = true
}

func (a *ArchiveDraft) write(name string, data []byte) (err error) {
	if err := checkOutputName(name); err != nil {
		return err
	}
	dst := filepath.Join(a.tmp, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := out.Write(data); err != nil {
		return err
	}
	return out.Sync()
}

// Finish puts the copy in place as archive/<date>/, if every one of names
// (the committed outputs) was Put and written.
//
// Then it deletes date folders older than keepDays days before date: with
// date 2025-06-30 and keepDays 90, 2025-04-01 (90 days before) is kept and
// 2025-03-31 deleted. keepDays 0 (or less) keeps everything. Only folders
// whose name is a real YYYY-MM-DD date are ever deleted (and the drafts'
// own leftover temporary folders); other files and folders in archive/ are
// never touched, nor are folders dated after date, nor the KeepNewest
// newest folders dated before it, however old. It returns the names of the
// date folders it deleted, oldest first, also when it returns an error.
func (a *ArchiveDraft) Finish(names []string, keepDays int) ([]string, error) {
	a.mu.Lock()
	err := a.err
	for _, n := range names {
		if err == nil && !a.put[n] {
			err = fmt.Errorf("「%s」の写しがありません", n)
		}
	}
	a.done = true
	a.mu.Unlock()
	if err != nil {
		os.RemoveAll(a.tmp)
		return nil, err
	}
	if err := syncTree(a.tmp); err != nil {
		os.RemoveAll(a.tmp)
		return nil, err
	}
	final := filepath.Join(a.root, a.date)
	if ok, err := exists(final); err != nil {
		os.RemoveAll(a.tmp)
		return nil, fmt.Errorf("保存フォルダ「%s」を確認できません: %w", final, err)
	} else if ok {
		// Same date again: move the earlier copy aside, then replace it.
		old := filepath.Join(a.root, archiveOldPref+a.date+"-"+strings.TrimPrefix(filepath.Base(a.tmp), archiveTmpPref+a.date+"-"))
		if err := os.Rename(final, old); err != nil {
			os.RemoveAll(a.tmp)
			return nil, fmt.Errorf("保存フォルダ「%s」を置き換えられません: %w", final, err)
		}
		defer os.RemoveAll(old)
	}
	if err := os.Rename(a.tmp, final); err != nil {
		os.RemoveAll(a.tmp)
		return nil, fmt.Errorf("保存フォルダ「%s」を作れません: %w", final, err)
	}
	if err := syncDir(a.root); err != nil {
		return nil, err
	}
	return prune(a.root, a.day, keepDays)
}

// Abort drops the copy (the outputs were not committed). After Finish, or
// on a nil draft (none could be started), it does nothing.
func (a *ArchiveDraft) Abort() {
	if a == nil {
		return
	}
	a.mu.Lock()
	done := a.done
	a.done = true
	a.mu.Unlock()
	if !done {
		os.RemoveAll(a.tmp)
	}
}

// KeepNewest is how many of the newest archives dated before the report
// date retention never deletes, whatever their age. Retention counts back
// from the report date, not the clock (runs stay reproducible), so a
// mistyped future date (-date 2062-11-20 for 2026-11-20) would otherwise
// make every real archive "old" at once, and with them the base of the
// next report's 前回報告からの変更 and of planreport diff. Three is the
// last report and two before it: enough for diff and for a second typo.
const KeepNewest = 3

// prune deletes date folders older than keepDays before day, except the
// KeepNewest newest dated before day, and the drafts' leftovers from an
// interrupted earlier run. It returns the date folders deleted, oldest
// first.
func prune(root string, day time.Time, keepDays int) ([]string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("保存フォルダ「%s」を読めません: %w", root, err)
	}
	cutoff := day.AddDate(0, 0, -keepDays)
	var errs []error
	var earlier []string // date folders before day; ReadDir sorts by name, so by date
	for _, e := range entries {
		if !e.IsDir() { // symlinks are not IsDir: never followed, never deleted
			continue
		}
		name := e.Name()
		if strings.HasPrefix(name, archiveTmpPref) || strings.HasPrefix(name, archiveOldPref) {
			if err := os.RemoveAll(filepath.Join(root, name)); err != nil {
				errs = append(errs, fmt.Errorf("古い保存フォルダ「%s」を消せません: %w", name, err))
			}
			continue
		}
		if d, ok := parseDay(name); ok && d.Before(day) {
			earlier = append(earlier, name)
		}
	}
	if keepDays <= 0 {
		return nil, errors.Join(errs...)
	}
	var removed []string
	for _, name := range earlier[:max(0, len(earlier)-KeepNewest)] {
		if d, _ := parseDay(name); !d.Before(cutoff) {
			break // sorted: the rest are newer still
		}
		if err := os.RemoveAll(filepath.Join(root, name)); err != nil {
			errs = append(errs, fmt.Errorf("古い保存フォルダ「%s」を消せません: %w", name, err))
			continue
		}
		removed = append(removed, name)
	}
	return removed, errors.Join(errs...)
}

// parseDay accepts exactly YYYY-MM-DD naming a real day.
func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return time.Time{}, false
	}
	return t, true
}
