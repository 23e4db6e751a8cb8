package deliver

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"planreport/pipeline/deliver/internal/atomicfile"
)

// CopiesFile, in the output folder, records per department the annotated
// copies (赤入れ版) planreport put in its folder, by file name with the
// SHA-256 it wrote, so that a copy no longer in the current set (all of
// the workbook's findings resolved) is removed, and only a file planreport
// wrote and nobody changed since.
const CopiesFile = ".delivery-copies.json"

type copiesState struct {
	Version     int                          `json:"version"`
	Departments map[string]map[string]string `json:"departments"` // department → file name → sha256
}

func loadCopies(outputDir string) (copiesState, error) {
	st := copiesState{Version: 1, Departments: map[string]map[string]string{}}
	data, err := os.ReadFile(filepath.Join(outputDir, CopiesFile))
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err == nil {
		err = json.Unmarshal(data, &st)
	}
	if err != nil || st.Departments == nil {
		return copiesState{Version: 1, Departments: map[string]map[string]string{}}, fmt.Errorf("担当部のフォルダにコピーした赤入れ版の記録「%s」を読めません: %v", CopiesFile, err)
	}
	return st, nil
}

func saveCopies(outputDir string, st copiesState) error {
	st.Version = 1
	data, err := json.MarshalIndent(st, "", "  ")
	if err == nil {
		err = atomicfile.WriteFile(filepath.Join(outputDir, CopiesFile), append(data, '\n'), 0o600)
	}
	if err != nil {
		return fmt.Errorf("担当部のフォルダにコピーした赤入れ版の記録を保存できません: %w", err)
	}
	return nil
}

// pruneCopies removes from the department's folder the annotated copies
// planreport put there earlier that are not in the current share, when
// the file is still the one planreport wrote, and records the current
// copies. It returns the names removed.
func pruneCopies(st copiesState, folder string, sh DepartmentShare, log *slog.Logger) []string {
	name := sh.Status.Name
	now := map[string]string{}
	for _, c := range sh.Copies {
		if sum, _, err := atomicfile.HashFile(filepath.Join(folder, CopyName(c))); err == nil {
			now[CopyName(c)] = sum
		}
	}
	var removed []string
	old := st.Departments[name]
	for _, n := range slices.Sorted(maps.Keys(old)) {
		if _, ok := now[n]; ok {
			continue
		}
		p := filepath.Join(folder, n)
		have, _, err := atomicfile.HashFile(p)
		if err != nil {
			continue // gone already
		}
		if have != old[n] {
			log.Info("担当部のフォルダの古い赤入れ版は、planreport がコピーした後に変更されているため残します", "department", name, "file", p)
			continue
		}
		if err := os.Remove(p); err != nil {
			log.Warn("担当部のフォルダの古い赤入れ版を削除できませんでした", "department", name, "file", p, "err", err)
			now[n] = old[n] // try again next time
			continue
		}
		log.Info("指摘がすべて解消したため、担当部のフォルダから古い赤入れ版を削除しました", "department", name, "file", p)
		removed = append(removed, n)
	}
	if len(now) == 0 {
		delete(st.Departments, name)
	} else {
		st.Departments[name] = now
	}
	return removed
}
