package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// scanInputs lists the input folder with each regular file's size and
// sha256, for change detection before anything is parsed. Entries come in
// name order (os.ReadDir sorts). Links and folders are listed without a hash:
// ingest reports them; they are never followed.
func scanInputs(dir string) ([]model.InputFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := make([]model.InputFile, 0, len(entries))
	for _, e := range entries {
		f := model.InputFile{Name: e.Name()}
		if e.Type().IsRegular() {
			sum, size, err := hashFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", e.Name(), err)
			}
			f.SHA256, f.Size = sum, size
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
	return name
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
