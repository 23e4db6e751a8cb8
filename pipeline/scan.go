package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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
