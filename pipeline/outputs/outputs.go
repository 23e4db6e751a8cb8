// Package outputs keeps the output folder of the nightly job consistent: one
// run at a time (Lock), outputs replaced as a whole set or not at all
// (Begin, Commit, Abort, Recover), a run record and an append-only history
// (WriteRunRecord, AppendHistory, LastSuccess), and dated archive copies
// (BeginArchive, ArchiveDraft).
//
// An output folder after a few nights:
//
//	output/
//	  report.pdf  summary.xlsx  findings.json  run.json   the last good set
//	  departments/総務部.pdf …                             (sub-folders allowed)
//	  feedback/総務部.xlsx …                               annotated copies (赤入れ版)
//	  history.jsonl                                       one line per run, never rewritten
//	  archive/2025-06-01/ …  archive/2025-06-02/ …         copies of each good set
//	  .planreport.lock                                    advisory lock (flock)
//	  .planreport-manifest.json                           which files the last set owns
//
// planreport owns only the files its manifest lists: a Commit replaces and
// removes those and nothing else, so files people put beside the outputs,
// archive/, history.jsonl and the lock file are never touched.
package outputs

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Names inside the output folder that belong to this package.
const (
	lockName     = ".planreport.lock"
	manifestName = ".planreport-manifest.json"
	journalName  = ".planreport-commit.json"
	stagingPref  = ".planreport-staging-"
	backupPref   = ".planreport-backup-"
	reservedPref = ".planreport"
	// ArchiveDir is the folder of dated archive copies inside the output folder.
	ArchiveDir = "archive"
	// HistoryName is the append-only run history inside the output folder.
	HistoryName = "history.jsonl"
)

// checkOutputName reports whether rel (slash-separated, relative to the
// output folder) may be an output file: local, clean, and not one of the
// names planreport keeps for itself.
func checkOutputName(rel string) error {
	if rel == "" || !filepath.IsLocal(filepath.FromSlash(rel)) || path.Clean(rel) != rel || strings.Contains(rel, `\`) {
		return fmt.Errorf("出力ファイル名「%s」は出力フォルダの中を指していません", rel)
	}
	top, _, _ := strings.Cut(rel, "/")
	if top == ArchiveDir || top == HistoryName || strings.HasPrefix(top, reservedPref) {
		return fmt.Errorf("出力ファイル名「%s」は planreport が管理に使う名前です", rel)
	}
	return nil
}

// syncDir makes a folder's entries (renames, creations, removals) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("フォルダ「%s」を書き込めません: %w", dir, err)
	}
	return nil
}

// syncFile flushes one file's data to disk.
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// exists reports whether name exists (without following a final symlink).
func exists(name string) (bool, error) {
	_, err := os.Lstat(name)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return false, err
}

// WriteFileAtomic writes data to path so that a reader or a crash sees the
// old file or the new one, never a part: it writes a temporary file in the
// same folder, fsyncs it, renames it over path and fsyncs the folder. perm is
// applied exactly (the umask does not narrow it). On error path is
// unchanged and the temporary file removed.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("「%s」を書き込めません: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("「%s」を書き込めません: %w", path, err)
	}
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("「%s」の権限を設定できません: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("「%s」をディスクに書き出せません: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("「%s」を書き込めません: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("「%s」を置き換えられません: %w", path, err)
	}
	return syncDir(dir)
}

// NameBytes is the bound the outputs keep a name built from a sheet within
// (a department PDF, a published file's label), leaving room under the
// file systems' 255 bytes for what is added to it (".pdf", a date,
// staging).
const NameBytes = 150

// ShortName keeps a file name (without its extension) within maxBytes:
// file systems allow 255 bytes per name (85 Japanese characters), and a
// name built from a sheet (a department) can be longer. A long name is cut
// at a character boundary and ends with … and eight hex digits of the
// whole name's SHA-256, so that two cut names stay apart.
func ShortName(name string, maxBytes int) string {
	if len(name) <= maxBytes {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	cut := name[:max(0, maxBytes-20)]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	return cut + "…" + hex.EncodeToString(sum[:4])
}
