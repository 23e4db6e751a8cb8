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
// configuration, the program version, and this build of the program (the
// executable's size and modification time), so that a rebuilt program with
// an unchanged version string never reuses another build's parts.
func cacheSalt(cfg *config.Config, version string) string {
	build := "unknown"
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			build = fmt.Sprintf("%d-%d", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return "config=" + cfg.Fingerprint() + "|version=" + version + "|build=" + build
}
