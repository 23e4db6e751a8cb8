package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"planreport/pipeline/config"
	"planreport/pipeline/ingest"
	"planreport/pipeline/model"
	"planreport/pipeline/outputs"
)

// scanInputs lists the input folder with each regular file's size and
// sha256, for change detection before anything is parsed. Entries come in
// name order (os.ReadDir sorts). Links and folders are listed without a hash:
// ingest reports them; they are never followed. A file over maxBytes is not
// read (ingest rejects it by its size) and a file that cannot be read is not
// a reason to stop the batch (ingest reports it): both get a stand-in key of
// size and modification time instead of a hash, so that a change still
// triggers a run.
func scanInputs(dir string, maxBytes int64) ([]model.InputFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errFolderMissing{}
	}
	if err != nil {
		return nil, err
	}
	files := make([]model.InputFile, 0, len(entries))
	for _, e := range entries {
		// What ingest does not read (Thumbs.db, a memo, the Excel lock
		// file ~$… that appears whenever a workbook is open) is no input:
		// its coming or going must not make a night run again.
		if !ingest.IsInput(e.Name()) {
			continue
		}
		f := model.InputFile{Name: e.Name()}
		if e.Type().IsRegular() {
			info, err := e.Info()
			if err != nil {
				f.SHA256 = "unreadable"
				files = append(files, f)
				continue
			}
			f.Size = info.Size()
			stamp := fmt.Sprintf("%d-%d", info.Size(), info.ModTime().UnixNano())
			switch {
			case maxBytes > 0 && info.Size() > maxBytes:
				f.SHA256 = "oversize-" + stamp
			default:
				sum, _, err := hashFile(filepath.Join(dir, e.Name()))
				if err != nil {
					f.SHA256 = "unreadable-" + stamp
				} else {
					f.SHA256 = sum
				}
			}
		}
		files = append(files, f)
	}
	return files, nil
}

func hashFile(path string) (string, int64, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer fh.Close()
	h := sha256.New()
	n, err := io.Copy(h, fh)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// errFolderMissing says in Japanese that the folder does not exist (the
// system's text is English) and is still fs.ErrNotExist to errors.Is.
type errFolderMissing struct{}

func (errFolderMissing) Error() string { return "フォルダがありません" }
func (errFolderMissing) Unwrap() error { return fs.ErrNotExist }

// safeFileName makes a department name usable as a file name on Windows
// shares as well: path separators and reserved characters become full-width
// look-alikes, so the name stays readable.
func safeFileName(name string) string {
	r := strings.NewReplacer(
		"/", "／", "\\", "＼", ":", "：", "*", "＊", "?", "？", "\"", "”", "<", "＜", ">", "＞", "|", "｜",
	)
	name = strings.TrimSpace(r.Replace(name))
	name = strings.Trim(name, ".")
	if name == "" {
		name = "_"
	}
	// The staging of the output set adds to the name: room is left.
	return outputs.ShortName(name, outputs.NameBytes)
}

// hashesOf maps each scanned file name to its content hash (files without
// one, such as folders and links, are left out).
func hashesOf(files []model.InputFile) map[string]string {
	m := make(map[string]string, len(files))
	for _, f := range files {
		if f.SHA256 != "" {
			m[f.Name] = f.SHA256
		}
	}
	return m
}

// cacheSalt is what, besides the inputs, decides a cached result: the
// configuration and the program (programID).
func cacheSalt(cfg *config.Config, version string) string {
	return "config=" + cfg.Fingerprint() + "|" + programID(version)
}

// programID is what tells one program from another, for the cache and
// for the change fingerprint alike: the version string, and this build of
// the program (thisBuild). Every build from a clone says "dev", so the
// version alone would let a rebuilt (updated) program reuse the last
// build's parts, or skip its first night and never show its changes.
func programID(version string) string {
	return "version=" + version + "|build=" + thisBuild
}

// thisBuild is the running executable's size and modification time,
// taken once as the process starts: `schedule` keeps running, and a
// binary replaced under it (make build) is not the code it runs.
var thisBuild = buildIdentity()

// buildIdentity identifies the executable by size and modification time
// (hashing it every run would read megabytes for the same answer); one
// that cannot be found is "unknown", the same for every build.
func buildIdentity() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%d-%d", fi.Size(), fi.ModTime().UnixNano())
}
