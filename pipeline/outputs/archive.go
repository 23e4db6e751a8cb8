package outputs

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const (
	archiveTmpPref = ".planreport-tmp-"
	archiveOldPref = ".planreport-old-"
)

// Archive copies the committed outputs names (slash-separated, relative to
// dir, e.g. from Staging.Names) into <dir>/archive/<date>/, date being
// YYYY-MM-DD. The copy is built in a temporary folder and renamed into place,
// so a date folder is complete or absent; a second run on the same date
// replaces that date's copy.
//
// Then it deletes date folders older than keepDays days before date: with
// date 2025-06-30 and keepDays 90, 2025-04-01 (90 days before) is kept and
// 2025-03-31 deleted. keepDays 0 (or less) keeps everything. Only folders
// whose name is a real YYYY-MM-DD date are ever deleted (and Archive's own
// leftover temporary folders); other files and folders in archive/ are never
// touched, nor are folders dated after date.
func Archive(dir, date string, names []string, keepDays int) error {
	day, ok := parseDay(date)
	if !ok {
		return fmt.Errorf("保存用の日付「%s」は YYYY-MM-DD 形式ではありません", date)
	}
	for _, n := range names {
		if err := checkOutputName(n); err != nil {
			return err
		}
	}
	root := filepath.Join(dir, ArchiveDir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("保存フォルダ「%s」を作れません: %w", root, err)
	}
	tmp, err := os.MkdirTemp(root, archiveTmpPref+date+"-")
	if err != nil {
		return fmt.Errorf("保存フォルダ「%s」に書き込めません: %w", root, err)
	}
	if err := fillArchive(dir, tmp, names); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	final := filepath.Join(root, date)
	if ok, err := exists(final); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("保存フォルダ「%s」を確認できません: %w", final, err)
	} else if ok {
		// Same date again: move the earlier copy aside, then replace it.
		old := filepath.Join(root, archiveOldPref+date+"-"+strings.TrimPrefix(filepath.Base(tmp), archiveTmpPref+date+"-"))
		if err := os.Rename(final, old); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("保存フォルダ「%s」を置き換えられません: %w", final, err)
		}
		defer os.RemoveAll(old)
	}
	if err := os.Rename(tmp, final); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("保存フォルダ「%s」を作れません: %w", final, err)
	}
	if err := syncDir(root); err != nil {
		return err
	}
	return prune(root, day, keepDays)
}

func fillArchive(dir, tmp string, names []string) error {
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("保存フォルダ「%s」: %w", tmp, err)
	}
	for _, n := range names {
		dst := filepath.Join(tmp, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("保存フォルダに「%s」を作れません: %w", n, err)
		}
		if err := copyFile(filepath.Join(dir, filepath.FromSlash(n)), dst); err != nil {
			return fmt.Errorf("「%s」を保存できません: %w", n, err)
		}
	}
	return syncTree(tmp)
}

func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	return out.Sync()
}

// prune deletes date folders older than keepDays before day, and Archive's
// own leftovers from an interrupted earlier call.
func prune(root string, day time.Time, keepDays int) error {
	entries, err := os.ReadDir(root)
	if err != nil {
		return fmt.Errorf("保存フォルダ「%s」を読めません: %w", root, err)
	}
	cutoff := day.AddDate(0, 0, -keepDays)
	var errs []error
	for _, e := range entries {
		if !e.IsDir() { // symlinks are not IsDir: never followed, never deleted
			continue
		}
		name := e.Name()
		del := strings.HasPrefix(name, archiveTmpPref) || strings.HasPrefix(name, archiveOldPref)
		if d, ok := parseDay(name); ok && keepDays > 0 && d.Before(cutoff) {
			del = true
		}
		if del {
			if err := os.RemoveAll(filepath.Join(root, name)); err != nil {
				errs = append(errs, fmt.Errorf("古い保存フォルダ「%s」を消せません: %w", name, err))
			}
		}
	}
	return errors.Join(errs...)
}

// parseDay accepts exactly YYYY-MM-DD naming a real day.
func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return time.Time{}, false
	}
	return t, true
}
