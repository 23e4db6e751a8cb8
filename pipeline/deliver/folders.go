package deliver

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"planreport/pipeline/deliver/internal/atomicfile"
	"planreport/pipeline/status"
)

// FoldersFile, in the output folder, holds the department folder copies
// still to be made: a done run whose copy to a department's folder failed
// (the folder missing, a file that could not be written) records the
// department here, and every later run that is not done (a skipped night,
// a failed run: the committed outputs are the same) tries it again, since
// a night with unchanged inputs is skipped and would otherwise never copy.
// The next done run routes every department afresh and replaces it. It
// exists only while something is pending.
const FoldersFile = ".delivery-folders-pending.json"

type foldersState struct {
	Version     int             `json:"version"`
	Departments []pendingFolder `json:"departments"`
}

// pendingFolder is one department's share to copy again: the paths of its
// PDF and annotated copies, relative to the output folder when inside it,
// so that the state survives the output folder being moved.
type pendingFolder struct {
	Department string   `json:"department"`
	PDF        string   `json:"pdf,omitempty"`
	Copies     []string `json:"copies,omitempty"`
}

// loadFolders reads FoldersFile; a missing file is nothing pending. A
// broken one is nothing pending and an error (the next done run copies
// everything again anyway).
func loadFolders(outputDir string) ([]DepartmentShare, error) {
	data, err := os.ReadFile(filepath.Join(outputDir, FoldersFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	var st foldersState
	if err == nil {
		err = json.Unmarshal(data, &st)
	}
	if err != nil {
		return nil, fmt.Errorf("担当部のフォルダへの未コピーの記録「%s」を読めません: %w", FoldersFile, err)
	}
	abs := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(outputDir, filepath.FromSlash(p))
	}
	shares := make([]DepartmentShare, 0, len(st.Departments))
	for _, d := range st.Departments {
		sh := DepartmentShare{Status: status.Department{Name: d.Department}, PDF: abs(d.PDF)}
		for _, c := range d.Copies {
			sh.Copies = append(sh.Copies, abs(c))
		}
		shares = append(shares, sh)
	}
	return shares, nil
}

// saveFolders writes the shares still to copy (sorted by department), or
// removes FoldersFile when there are none.
func saveFolders(outputDir string, shares []DepartmentShare) error {
	path := filepath.Join(outputDir, FoldersFile)
	if len(shares) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("担当部のフォルダへの未コピーの記録「%s」を消せません: %w", path, err)
		}
		return nil
	}
	rel := func(p string) string {
		if r, err := filepath.Rel(outputDir, p); err == nil && filepath.IsLocal(r) {
			return filepath.ToSlash(r)
		}
		return p
	}
	st := foldersState{Version: 1}
	for _, sh := range shares {
		d := pendingFolder{Department: sh.Status.Name}
		if sh.PDF != "" {
			d.PDF = rel(sh.PDF)
		}
		for _, c := range sh.Copies {
			d.Copies = append(d.Copies, rel(c))
		}
		st.Departments = append(st.Departments, d)
	}
	slices.SortFunc(st.Departments, func(a, b pendingFolder) int { return strings.Compare(a.Department, b.Department) })
	data, err := json.MarshalIndent(st, "", "  ")
	if err == nil {
		err = atomicfile.WriteFile(path, append(data, '\n'), 0o600)
	}
	if err != nil {
		return fmt.Errorf("担当部のフォルダへの未コピーの記録「%s」を書き込めません: %w", path, err)
	}
	return nil
}

// retryFolders copies again the shares a done run could not copy, to each
// department's folder as configured now; a department no longer routed to
// a folder is dropped. What fails again stays pending (res.folderPending).
func retryFolders(cfg Config, pending []DepartmentShare, dryRun bool, res *Result, log *slog.Logger) {
	for _, sh := range pending {
		route, ok := cfg.Departments[sh.Status.Name]
		if !ok || route.Folder == "" {
			log.Info("担当部のフォルダの設定がなくなったため、未コピーのファイルはコピーしません", "department", sh.Status.Name)
			continue
		}
		log.Info("前回コピーできなかったファイルを担当部のフォルダにコピーし直します", "department", sh.Status.Name, "folder", route.Folder)
		var problems []string
		copyToFolder(route.Folder, sh, dryRun, res, &problems, log)
	}
}
