package deliver

import (
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

// copiesState is CopiesFile: per department, file name → SHA-256.
type copiesState = departmentState[map[string]string]

// loadCopies reads CopiesFile; a broken one is an empty state and an error
// (no old copy is then removed).
func loadCopies(outputDir string) (copiesState, error) {
	return loadDepartmentState[map[string]string](outputDir, CopiesFile, copiesWhat)
}

func saveCopies(outputDir string, st copiesState) error {
	return saveDepartmentState(outputDir, CopiesFile, copiesWhat, st)
}

const copiesWhat = "担当部のフォルダにコピーした赤入れ版の記録"

// pruneCopies removes from the department's folder the annotated copies
// planreport put there earlier that are not in the current share, when
// the file is still the one planreport wrote, and records the current
// copies.
func pruneCopies(st copiesState, folder string, sh DepartmentShare, log *slog.Logger) {
	name := sh.Status.Name
	now := map[string]string{}
	for _, c := range sh.Copies {
		if sum, _, err := atomicfile.HashFile(filepath.Join(folder, CopyName(c))); err == nil {
			now[CopyName(c)] = sum
		}
	}
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
	}
	if len(now) == 0 {
		delete(st.Departments, name)
	} else {
		st.Departments[name] = now
	}
}
