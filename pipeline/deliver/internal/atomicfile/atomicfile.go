// Package atomicfile writes files so that a reader sees either the old
// content or the new one, never a half-written file: the bytes go to a
// temporary file in the same folder, which is synced, closed and renamed
// over the target, and the folder itself is synced so that the rename
// survives a power cut. The distribution folder is often a shared drive that
// council members open while the nightly job runs.
package atomicfile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// WriteFile atomically replaces path with data.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Copy atomically replaces dst with the content of src and returns the
// SHA-256 (hex) and size of what it wrote. The hash is computed from the
// bytes actually copied, so that it cannot disagree with the file even if
// src changes while being read.
func Copy(dst, src string, perm os.FileMode) (sum string, size int64, err error) {
	in, err := os.Open(src)
	if err != nil {
		return "", 0, err
	}
	defer in.Close()
	h := sha256.New()
	err = write(dst, perm, func(w io.Writer) error {
		size, err = io.Copy(io.MultiWriter(w, h), in)
		return err
	})
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

// HashFile returns the SHA-256 (hex) and size of a file.
func HashFile(path string) (sum string, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	size, err = io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

func write(path string, perm os.FileMode, fill func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	// The temporary name starts with a dot so that people browsing the
	// shared folder and the index builder do not mistake it for a report.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("chmod %s: %w", tmp.Name(), err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmp.Name(), err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("rename to %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable. Some file systems (SMB/CIFS mounts,
// Windows) cannot sync a directory; that is not worth failing over, since
// the rename has already happened, so errors are ignored.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// tempName matches the temporary names write gives: a dot, the target's
// name, ".tmp-" and the digits os.CreateTemp puts for its "*".
var tempName = regexp.MustCompile(`^\..+\.tmp-[0-9]+$`)

// StaleAge is how old a temporary file must be before RemoveStale takes
// it for a leftover: no copy takes that long, so a file that old is not
// being written by a run of another planreport (a second output folder
// configured with the same distribution folder), only left by one that
// was killed.
const StaleAge = time.Hour

// RemoveStale removes from dir the temporary files of write that were last
// modified more than StaleAge before now: what a run killed between
// creating and renaming one left behind. On a Windows share the dot does
// not hide them, and nothing else would ever remove them. Only regular
// files whose whole name has write's form are touched. It returns the names
// removed, and the first error met (the others are still tried).
func RemoveStale(dir string, now time.Time) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	var first error
	for _, e := range ents {
		if !e.Type().IsRegular() || !tempName.MatchString(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < StaleAge {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			if first == nil && !errors.Is(err, fs.ErrNotExist) {
				first = err
			}
			continue
		}
		removed = append(removed, e.Name())
	}
	return removed, first
}
