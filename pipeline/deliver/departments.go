package deliver

import (
	"crypto/sha256"
	"encoding/hex"
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

// kindDepartment is a department's own mail (its findings).
const kindDepartment = "department"

// DepartmentsFile, in the output folder, records per department what it
// was last mailed (the key of its findings), so that an unchanged
// department is not mailed again.
const DepartmentsFile = ".delivery-departments.json"

// DepartmentShare is one department's part of a done run: its line of the
// submission status (its findings, 未提出 and 未記入), its PDF and the
// annotated copies (赤入れ版) of its workbooks, by path. PDF is "" for a
// department that has no sheet (only in a 取組一覧).
type DepartmentShare struct {
	Status         status.Department `json:"status"`
	EvaluationYear int               `json:"evaluation_year"`
	PDF            string            `json:"pdf,omitempty"`
	Copies         []string          `json:"copies,omitempty"`
}

// Key identifies what the department's mail says: its findings, 未提出
// and 未記入 (not the date of the run), as a SHA-256 in hex.
func (s DepartmentShare) Key() string {
	data, _ := json.Marshal(struct {
		F any `json:"f"`
		M any `json:"m"`
		B any `json:"b"`
	}{s.Status.Findings, s.Status.Missing, s.Status.Blank})
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// empty reports whether the department has nothing to be told.
func (s DepartmentShare) empty() bool {
	d := s.Status
	return len(d.Findings) == 0 && len(d.Missing) == 0 && len(d.Blank) == 0
}

// CopyName is the name of an annotated copy in a department's folder: the
// workbook's name with （赤入れ版）, so that it never replaces the
// department's own workbook if that lies in the same folder.
func CopyName(path string) string {
	base := filepath.Base(path)
	ext := filepath.Ext(base)
	return strings.TrimSuffix(base, ext) + "（赤入れ版）" + ext
}

// departmentState is a record kept per department in a file of the output
// folder (DepartmentsFile, CopiesFile).
type departmentState[V any] struct {
	Version     int          `json:"version"`
	Departments map[string]V `json:"departments"`
}

// loadDepartmentState reads such a record; a missing file is an empty
// state, a broken one an empty state and an error naming what (for the
// log). What each caller does with a broken record is its own: mail every
// department once more, or remove no old copy.
func loadDepartmentState[V any](outputDir, file, what string) (departmentState[V], error) {
	st := departmentState[V]{Version: 1, Departments: map[string]V{}}
	data, err := os.ReadFile(filepath.Join(outputDir, file))
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err == nil {
		err = json.Unmarshal(data, &st)
	}
	if err != nil || st.Departments == nil {
		return departmentState[V]{Version: 1, Departments: map[string]V{}}, fmt.Errorf("%s「%s」を読めません: %v", what, file, err)
	}
	return st, nil
}

func saveDepartmentState[V any](outputDir, file, what string, st departmentState[V]) error {
	st.Version = 1
	data, err := json.MarshalIndent(st, "", "  ") // map keys sorted: stable
	if err == nil {
		err = atomicfile.WriteFile(filepath.Join(outputDir, file), append(data, '\n'), 0o600)
	}
	if err != nil {
		return fmt.Errorf("%sを保存できません: %w", what, err)
	}
	return nil
}

// mailedState is DepartmentsFile: per department, the key of the findings
// it was last mailed and the report that mail was for.
type mailedState = departmentState[mailedDept]

type mailedDept struct {
	Key        string `json:"key"`
	ReportDate string `json:"report_date"`
}

// loadMailed reads DepartmentsFile; a broken one is an empty state and an
// error (every department is then mailed once more, which is better than
// never).
func loadMailed(outputDir string) (mailedState, error) {
	return loadDepartmentState[mailedDept](outputDir, DepartmentsFile, mailedWhat)
}

func saveMailed(outputDir string, st mailedState) error {
	return saveDepartmentState(outputDir, DepartmentsFile, mailedWhat, st)
}

const mailedWhat = "担当部へのメールの記録"

// routing is what routeDepartments decided for a done run.
type routing struct {
	fresh    []pendingMessage  // department mails to send
	unrouted []string          // departments of the data without a route
	current  map[string]string // key of each routed department's findings now
}

// routeDepartments copies each configured department's PDF and annotated
// copies to its folder and composes its mail when its findings changed
// since the last mail to it (or the one waiting for it). A folder that
// does not exist is a problem for the office, never created. Departments
// without a route are named for the office when routing is configured.
func routeDepartments(cfg Config, outputDir string, sum RunSummary, art Artifacts, queue []pendingMessage, mailed mailedState,
	dryRun bool, res *Result, problems *[]string, log *slog.Logger) routing {
	var rt routing
	if len(cfg.Departments) == 0 {
		return rt
	}
	copies, cerr := loadCopies(outputDir)
	if cerr != nil {
		log.Warn("担当部のフォルダにコピーした赤入れ版の記録を読めませんでした（古い赤入れ版は削除しません）", "err", cerr)
	}
	copiesChanged := false
	defer func() {
		if !dryRun && cerr == nil && copiesChanged {
			if err := saveCopies(outputDir, copies); err != nil {
				res.fail(log, "担当部のフォルダにコピーした赤入れ版の記録を保存できませんでした", err)
			}
		}
	}()
	shares := slices.Clone(art.Departments)
	slices.SortFunc(shares, func(a, b DepartmentShare) int { return strings.Compare(a.Status.Name, b.Status.Name) })
	for _, sh := range shares {
		route, ok := cfg.Departments[sh.Status.Name]
		if !ok {
			rt.unrouted = append(rt.unrouted, sh.Status.Name)
			continue
		}
		if rt.current == nil {
			rt.current = map[string]string{}
		}
		rt.current[sh.Status.Name] = sh.Key()
		folderOK := true
		if route.Folder != "" {
			pending := len(res.folderPending)
			folderOK = copyToFolder(route.Folder, sh, dryRun, res, problems, log)
			if folderOK && !dryRun && cerr == nil && len(res.folderPending) == pending {
				pruneCopies(copies, route.Folder, sh, log)
				copiesChanged = true
			}
		}
		if len(route.Mail) == 0 || cfg.SMTP.Host == "" || !needsMail(sh, mailed, queue) {
			continue
		}
		folder := ""
		if folderOK {
			folder = route.Folder
		}
		rt.fresh = append(rt.fresh, pendingMessage{Kind: kindDepartment, Department: sh.Status.Name, Key: sh.Key(),
			ReportDate: sum.ReportDate, Message: departmentMessage(cfg, sum, sh, folder)})
	}
	unknownRoutes(cfg, shares, res, problems, log)
	return rt
}

// unknownRoutes reports each configured department that no department of
// the data has: most likely a typo (総務課 for 総務部), and its folder and
// mail would otherwise stay empty without anyone being told. It is a
// delivery problem (the log, run.json and the office mail), naming the
// entry and the departments there are.
func unknownRoutes(cfg Config, shares []DepartmentShare, res *Result, problems *[]string, log *slog.Logger) {
	known := make([]string, 0, len(shares))
	for _, sh := range shares {
		known = append(known, sh.Status.Name)
	}
	names := make([]string, 0, len(cfg.Departments))
	for name := range cfg.Departments {
		if !slices.Contains(known, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	there := "（ありません）"
	if len(known) > 0 {
		there = "「" + strings.Join(known, "」「") + "」"
	}
	for _, name := range names {
		p := fmt.Sprintf("設定の departments にある「%s」は、今回のデータのどの担当部とも一致しないため、何も配布・送信していません。"+
			"担当部名の書き間違いでないか（データの担当部: %s）、その部のブックが入力フォルダにあるかを確かめてください", name, there)
		*problems = append(*problems, p)
		res.Errors = append(res.Errors, p)
		log.Warn(p, "department", name, "departments", known)
	}
}

// needsMail reports whether the department's findings differ from those it
// was last mailed and from a mail still waiting for it. A department never
// mailed with nothing to say gets no mail; one mailed before is told that
// everything was resolved.
func needsMail(sh DepartmentShare, mailed mailedState, queue []pendingMessage) bool {
	key := sh.Key()
	last, was := mailed.Departments[sh.Status.Name]
	if was && last.Key == key {
		return false
	}
	if slices.ContainsFunc(queue, func(m pendingMessage) bool {
		return m.Kind == kindDepartment && m.Department == sh.Status.Name && m.Key == key
	}) {
		return false
	}
	return was || !sh.empty()
}

// copyToFolder copies the department's PDF and annotated copies into its
// folder, leaving a file alone when it already has the same content. It
// reports whether the folder is there. A share not copied in full is kept
// in res.folderPending, for the next run to copy again (FoldersFile).
func copyToFolder(folder string, sh DepartmentShare, dryRun bool, res *Result, problems *[]string, log *slog.Logger) bool {
	failed := false
	defer func() {
		if failed {
			res.folderPending = append(res.folderPending, sh)
		}
	}()
	fail := func(p string) {
		failed = true
		*problems = append(*problems, p)
		res.fail(log, p, nil)
	}
	if st, err := os.Stat(folder); err != nil || !st.IsDir() {
		fail(fmt.Sprintf("担当部「%s」のフォルダ「%s」がありません（作成はしません。フォルダを用意するか設定を直してください）", sh.Status.Name, folder))
		return false
	}
	type item struct{ src, name string }
	var items []item
	if sh.PDF != "" {
		items = append(items, item{sh.PDF, filepath.Base(sh.PDF)})
	}
	for _, c := range sh.Copies {
		items = append(items, item{c, CopyName(c)})
	}
	for _, it := range items {
		dst := filepath.Join(folder, it.name)
		want, _, err := atomicfile.HashFile(it.src)
		if err != nil {
			fail(fmt.Sprintf("担当部「%s」に渡すファイル「%s」を読めません: %v", sh.Status.Name, it.src, err))
			continue
		}
		if have, _, err := atomicfile.HashFile(dst); err == nil && have == want {
			continue
		}
		line := sh.Status.Name + ": " + dst
		if !dryRun {
			if _, _, err := atomicfile.Copy(dst, it.src, 0o644); err != nil {
				fail(fmt.Sprintf("担当部「%s」のフォルダに「%s」をコピーできません: %v", sh.Status.Name, it.name, err))
				continue
			}
			log.Info("担当部のフォルダにコピーしました", "department", sh.Status.Name, "file", dst)
		}
		res.Copied = append(res.Copied, line)
	}
	return true
}
