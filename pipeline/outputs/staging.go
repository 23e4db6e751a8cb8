package outputs

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"planreport/internal/fserr"
)

// Test hook: when PauseEnv names a file, Commit stops at the checkpoint named
// by PausePointEnv (default PauseMidpoint), creates <file>.paused, and waits
// until <file> exists. A test re-executes its binary as a child with these
// set, waits for <file>.paused and SIGKILLs the child there.
const (
	PauseEnv      = "PLANREPORT_TEST_PAUSE_IN_COMMIT"
	PausePointEnv = "PLANREPORT_TEST_PAUSE_POINT"
)

// Checkpoints of Commit, in order, for PausePointEnv.
const (
	PauseJournal     = "journal"      // journal written, nothing moved yet
	PauseBackupHalf  = "backup-half"  // half of the old files moved to the backup folder
	PauseBackupDone  = "backup-done"  // all old files in the backup folder, no new file in place
	PauseMidpoint    = "install-half" // half of the new files in place: the mixed state
	PauseInstallDone = "install-done" // all new files in place, journal still there
	PauseCommitted   = "committed"    // journal removed, backup and staging not yet deleted
)

// Staging is one run's set of outputs being written. Create it with Begin,
// write files into Dir(), then Commit or Abort. It is not safe for use by
// several goroutines at once.
type Staging struct {
	out       string // the output folder
	name      string // the staging folder's base name inside out
	finished  bool   // Commit succeeded or Abort was called
	committed []string
}

// Begin creates an empty staging folder inside dir (creating dir). Call it
// under Lock and after Recover: it refuses to start while an interrupted
// commit is pending, so that a new set never mixes with a half-restored one.
func Begin(dir string) (*Staging, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fserr.Wrap(err, "出力フォルダ「%s」を作れません", dir)
	}
	if ok, err := exists(filepath.Join(dir, journalName)); err != nil || ok {
		return nil, fmt.Errorf("出力フォルダ「%s」に中断した書き込みが残っています（先に Recover を呼んでください）", dir)
	}
	st, err := os.MkdirTemp(dir, stagingPref)
	if err != nil {
		return nil, fmt.Errorf("出力フォルダ「%s」に作業フォルダを作れません: %w", dir, err)
	}
	if err := os.Chmod(st, 0o755); err != nil {
		os.RemoveAll(st)
		return nil, fmt.Errorf("作業フォルダ「%s」: %w", st, err)
	}
	return &Staging{out: dir, name: filepath.Base(st)}, nil
}

// Dir is the folder the caller writes the new outputs into. Sub-folders are
// allowed (departments/総務部.pdf). Top-level names archive, history.jsonl
// and names beginning with .planreport are reserved and make Commit fail.
func (s *Staging) Dir() string { return filepath.Join(s.out, s.name) }

// Names lists the files of the set, slash-separated and relative to the
// output folder, sorted: before Commit what Dir() holds now, after Commit
// what was committed. (The run record takes its files from what was
// written; tests ask the staging.)
func (s *Staging) Names() ([]string, error) {
	if s.finished {
		return slices.Clone(s.committed), nil
	}
	return listFiles(s.Dir())
}

// Abort removes the staging folder and leaves the previous outputs exactly
// as they were. After a successful Commit it does nothing, so callers may
// defer it right after Begin.
func (s *Staging) Abort() {
	if s.finished {
		return
	}
	s.finished = true
	os.RemoveAll(s.Dir())
}

// journal is the commit's plan, written before the first rename. While it
// exists the commit has not happened: Recover rolls back to the old set.
// Removing it is the commit point.
type journal struct {
	Version     int      `json:"version"`
	Staging     string   `json:"staging"`      // staging folder base name
	Backup      string   `json:"backup"`       // backup folder base name
	Install     []string `json:"install"`      // files moved from staging into place, in order (manifest last)
	Saved       []string `json:"saved"`        // files that existed in place and are moved to the backup first
	CreatedDirs []string `json:"created_dirs"` // folders the install creates, parents first
}

type manifest struct {
	Version int      `json:"version"`
	Files   []string `json:"files"`
}

// Commit replaces the previous outputs by the staging folder's files as one
// set: afterwards the output folder holds exactly the new set's files among
// those planreport owns, and files the previous set owned that the new one
// lacks are gone. archive/, history.jsonl, the lock file and files no
// manifest lists are never touched.
//
// How: every staged file is fsynced; a manifest of the new set is staged;
// a journal listing the moves is written atomically; the old files (and any
// unowned file a new one would overwrite) are saved into a backup folder
// (hard-linked where the new set replaces them, so that they stay in place
// until the new file is renamed over them; renamed otherwise); the new
// files are renamed into place; the journal is removed (the commit
// point); the backup and staging folders are deleted. A process killed at
// any point leaves either the old set (journal still there: Recover rolls
// back) or the new set (journal gone: Recover only deletes leftovers).
//
// If Commit returns an error the old set is back in place (it rolls back
// itself; if even that fails, the journal stays for Recover and the error
// says so). Commit after Commit or Abort is an error.
func (s *Staging) Commit() error {
	if s.finished {
		return errors.New("この作業フォルダはすでに確定または破棄されています")
	}
	names, err := listFiles(s.Dir())
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := checkOutputName(n); err != nil {
			return err
		}
		if err := syncFile(filepath.Join(s.Dir(), filepath.FromSlash(n))); err != nil {
			return fmt.Errorf("「%s」をディスクに書き出せません: %w", n, err)
		}
	}
	old, err := readManifest(s.out)
	if err != nil {
		return err
	}
	mdata, _ := json.MarshalIndent(manifest{Version: 1, Files: nonNil(names)}, "", "  ")
	if err := WriteFileAtomic(filepath.Join(s.Dir(), manifestName), append(mdata, '\n'), 0o644); err != nil {
		return err
	}
	if err := syncTree(s.Dir()); err != nil {
		return err
	}

	j := journal{
		Version: 1,
		Staging: s.name,
		Backup:  backupPref + strings.TrimPrefix(s.name, stagingPref),
		Install: append(slices.Clone(names), manifestName),
	}
	// Saved: the old set plus whatever a new file would overwrite, so that a
	// rollback can restore every byte Commit moved.
	saved := map[string]bool{}
	for _, n := range old {
		// An old entry that became a folder is no longer ours: left alone.
		if ok, err := isFileIn(s.out, n); err == nil && ok {
			saved[n] = true
		}
	}
	for _, n := range j.Install {
		ok, err := isFileIn(s.out, n)
		if err != nil {
			return err
		}
		if ok {
			saved[n] = true
		}
	}
	j.Saved = sortedKeys(saved)
	if j.CreatedDirs, err = dirsToCreate(s.out, j.Install); err != nil {
		return err
	}

	data, _ := json.MarshalIndent(j, "", "  ")
	if err := WriteFileAtomic(filepath.Join(s.out, journalName), append(data, '\n'), 0o644); err != nil {
		return err
	}
	pause := pauser()
	pause(PauseJournal)
	if err := s.apply(&j, pause); err != nil {
		if rerr := rollback(s.out, &j); rerr != nil {
			return fmt.Errorf("出力の置き換えに失敗し（%v）、元に戻すこともできませんでした。次回の実行の開始時に元に戻します: %w", err, rerr)
		}
		s.finished = true
		return fmt.Errorf("出力の置き換えに失敗したため、前回の出力に戻しました: %w", err)
	}
	// The commit point.
	if err := os.Remove(filepath.Join(s.out, journalName)); err != nil {
		if rerr := rollback(s.out, &j); rerr != nil {
			return fmt.Errorf("出力を確定できず（%v）、元に戻すこともできませんでした: %w", err, rerr)
		}
		s.finished = true
		return fmt.Errorf("出力を確定できなかったため、前回の出力に戻しました: %w", err)
	}
	if err := syncDir(s.out); err != nil {
		return err
	}
	pause(PauseCommitted)
	s.finished = true
	s.committed = names
	removeLeftovers(s.out, &j, old, names)
	return nil
}

// apply performs the journal's moves: old files to the backup folder, then
// new files into place.
func (s *Staging) apply(j *journal, pause func(string)) error {
	backup := filepath.Join(s.out, j.Backup)
	if err := os.Mkdir(backup, 0o755); err != nil {
		return fmt.Errorf("退避フォルダを作れません: %w", err)
	}
	replaced := map[string]bool{}
	for _, n := range j.Install {
		replaced[n] = true
	}
	for i, n := range j.Saved {
		if i == len(j.Saved)/2 {
			pause(PauseBackupHalf)
		}
		placed, saved := filepath.Join(s.out, filepath.FromSlash(n)), filepath.Join(backup, filepath.FromSlash(n))
		if replaced[n] && linkFile(placed, saved) == nil {
			// A file the new set replaces stays in place until the new one
			// is renamed over it: a process killed in between leaves every
			// path with its old or its new content, never missing (the
			// office still has a report.pdf before Recover runs).
			continue
		}
		if err := moveFile(placed, saved); err != nil {
			return fmt.Errorf("前回の「%s」を退避できません: %w", n, err)
		}
	}
	if err := syncTree(backup); err != nil {
		return err
	}
	pause(PauseBackupDone)
	for _, d := range j.CreatedDirs {
		if err := os.Mkdir(filepath.Join(s.out, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("フォルダ「%s」を作れません: %w", d, err)
		}
	}
	for i, n := range j.Install {
		if i == len(j.Install)/2 {
			pause(PauseMidpoint)
		}
		if err := os.Rename(filepath.Join(s.Dir(), filepath.FromSlash(n)), filepath.Join(s.out, filepath.FromSlash(n))); err != nil {
			return fmt.Errorf("新しい「%s」を置けません: %w", n, err)
		}
	}
	for _, d := range parentDirs(s.out, j.Install) {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	pause(PauseInstallDone)
	return nil
}

// Recover finishes what an interrupted Commit left, under the lock and
// before Begin. With a journal present (the process died before the commit
// point) it restores the old set: new files put in place are removed, the
// backed-up files moved back, folders the commit created removed when empty.
// Without one it only deletes leftover staging and backup folders. Every
// step can be repeated, so a crash during Recover is recovered by the next
// Recover. A journal that cannot be read is an error and nothing is touched.
func Recover(dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, journalName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return removeStale(dir)
	case err != nil:
		return fmt.Errorf("中断した書き込みの記録を読めません: %w", err)
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil || j.Version != 1 || !validJournal(&j) {
		return fmt.Errorf("中断した書き込みの記録「%s」が壊れています。出力フォルダを確認してください", filepath.Join(dir, journalName))
	}
	if err := rollback(dir, &j); err != nil {
		return err
	}
	return removeStale(dir)
}

// rollback restores the old set from a journal; see Recover.
func rollback(dir string, j *journal) error {
	backup := filepath.Join(dir, j.Backup)
	saved := map[string]bool{}
	for _, n := range j.Saved {
		saved[n] = true
	}
	for _, n := range slices.Backward(j.Install) {
		placed := filepath.Join(dir, filepath.FromSlash(n))
		if saved[n] {
			// Until its old file is in the backup, what lies in place is
			// still the old file.
			if ok, err := exists(filepath.Join(backup, filepath.FromSlash(n))); err != nil || !ok {
				if err != nil {
					return fmt.Errorf("「%s」を確認できません: %w", n, err)
				}
				continue
			}
		}
		if err := os.Remove(placed); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("新しい「%s」を取り除けません: %w", n, err)
		}
	}
	for _, n := range j.Saved {
		src := filepath.Join(backup, filepath.FromSlash(n))
		ok, err := exists(src)
		if err != nil {
			return fmt.Errorf("退避した「%s」を確認できません: %w", n, err)
		}
		if !ok {
			continue // never moved, or already restored
		}
		if err := moveFile(src, filepath.Join(dir, filepath.FromSlash(n))); err != nil {
			return fmt.Errorf("前回の「%s」を戻せません: %w", n, err)
		}
	}
	for _, d := range slices.Backward(j.CreatedDirs) {
		os.Remove(filepath.Join(dir, filepath.FromSlash(d))) // only if empty; an error means it is not
	}
	for _, d := range parentDirs(dir, append(slices.Clone(j.Saved), j.Install...)) {
		if err := syncDir(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Remove(filepath.Join(dir, journalName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("中断した書き込みの記録を消せません: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	os.RemoveAll(filepath.Join(dir, j.Staging))
	os.RemoveAll(backup)
	return nil
}

// removeLeftovers deletes, after the commit point, the backup and staging
// folders and folders emptied by the removal of old files. Failures are
// harmless: Recover deletes what remains.
func removeLeftovers(dir string, j *journal, old, names []string) {
	os.RemoveAll(filepath.Join(dir, j.Backup))
	os.RemoveAll(filepath.Join(dir, j.Staging))
	kept := map[string]bool{}
	for _, n := range names {
		for d := path.Dir(n); d != "."; d = path.Dir(d) {
			kept[d] = true
		}
	}
	var gone []string
	for _, n := range old {
		for d := path.Dir(n); d != "." && !kept[d]; d = path.Dir(d) {
			gone = append(gone, d)
		}
	}
	// Deepest first, so that a parent is empty when its turn comes.
	slices.SortFunc(gone, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range gone {
		os.Remove(filepath.Join(dir, filepath.FromSlash(d))) // only if empty
	}
}

// removeStale deletes staging and backup folders no journal refers to.
func removeStale(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("出力フォルダ「%s」を読めません: %w", dir, err)
	}
	for _, e := range entries {
		if e.IsDir() && (strings.HasPrefix(e.Name(), stagingPref) || strings.HasPrefix(e.Name(), backupPref)) {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return fmt.Errorf("前回の作業フォルダ「%s」を消せません: %w", e.Name(), err)
			}
		}
	}
	return nil
}

func validJournal(j *journal) bool {
	if !strings.HasPrefix(j.Staging, stagingPref) || !strings.HasPrefix(j.Backup, backupPref) ||
		strings.ContainsAny(j.Staging+j.Backup, `/\`) {
		return false
	}
	for _, list := range [][]string{j.Install, j.Saved, j.CreatedDirs} {
		for _, n := range list {
			if n != manifestName && checkOutputName(n) != nil {
				return false
			}
		}
	}
	return true
}

// readManifest returns the files the current set owns. Entries that could
// not be outputs (outside the folder, reserved names) are ignored, so a
// hand-edited manifest cannot make Commit touch anything else.
func readManifest(dir string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("出力の一覧「%s」を読めません: %w", manifestName, err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		// Without a trustworthy list, own nothing: old files stay, none is lost.
		return nil, nil
	}
	var files []string
	for _, n := range m.Files {
		if checkOutputName(n) == nil {
			files = append(files, n)
		}
	}
	files = append(files, manifestName)
	slices.Sort(files)
	return slices.Compact(files), nil
}

// listFiles lists the regular files under root, slash-separated, sorted.
// Anything else (symlinks, devices) is an error: outputs are plain files.
func listFiles(root string) ([]string, error) {
	var names []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !d.Type().IsRegular() {
			return fmt.Errorf("出力「%s」は通常のファイルではありません", rel)
		}
		names = append(names, rel)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("作業フォルダ「%s」を読めません: %w", root, err)
	}
	slices.Sort(names)
	return names, nil
}

// isFileIn reports whether rel exists in dir as something Commit may move
// aside; a folder where a file should go is an error.
func isFileIn(dir, rel string) (bool, error) {
	fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel)))
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("「%s」を確認できません: %w", rel, err)
	case fi.IsDir():
		return false, fmt.Errorf("出力フォルダの「%s」がフォルダのため、同じ名前のファイルを置けません", rel)
	}
	return true, nil
}

// dirsToCreate lists the parent folders of names missing from dir, parents
// first; a file where a folder must go is an error.
func dirsToCreate(dir string, names []string) ([]string, error) {
	need := map[string]bool{}
	for _, n := range names {
		for d := path.Dir(n); d != "."; d = path.Dir(d) {
			need[d] = true
		}
	}
	var missing []string
	for _, d := range sortedKeys(need) { // sorted: a parent sorts before its children
		fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(d)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, d)
		case err != nil && !errors.Is(err, syscall.ENOTDIR):
			return nil, fmt.Errorf("「%s」を確認できません: %w", d, err)
		case err == nil && !fi.IsDir():
			return nil, fmt.Errorf("出力フォルダの「%s」がファイルのため、同じ名前のフォルダを作れません", d)
		case err != nil: // a parent is missing too; it is in the list already
			missing = append(missing, d)
		}
	}
	return missing, nil
}

// parentDirs lists dir and the existing folders holding names, for fsync.
func parentDirs(dir string, names []string) []string {
	set := map[string]bool{dir: true}
	for _, n := range names {
		for d := path.Dir(n); d != "."; d = path.Dir(d) {
			set[filepath.Join(dir, filepath.FromSlash(d))] = true
		}
	}
	var out []string
	for _, d := range sortedKeys(set) {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			out = append(out, d)
		}
	}
	return out
}

// syncTree fsyncs every folder under root (files are synced one by one
// where they are written).
func syncTree(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return syncDir(p)
		}
		return nil
	})
}

// linkFile makes dst a second name of src, creating dst's parent folders.
// A file system without hard links (some network shares) gets an error,
// and the caller moves the file instead.
func linkFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.Link(src, dst)
}

// moveFile renames src to dst, creating dst's parent folders.
func moveFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.Rename(src, dst)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// pauser returns the test hook's checkpoint function (a no-op unless
// PauseEnv is set).
func pauser() func(point string) {
	file := os.Getenv(PauseEnv)
	if file == "" {
		return func(string) {}
	}
	at := os.Getenv(PausePointEnv)
	if at == "" {
		at = PauseMidpoint
	}
	return func(point string) {
		if point != at {
			return
		}
		os.WriteFile(file+".paused", []byte(point), 0o644)
		for {
			if _, err := os.Stat(file); err == nil {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}
