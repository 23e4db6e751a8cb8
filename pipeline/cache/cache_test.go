package cache_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/cache"
	"planreport/pipeline/check"
	"planreport/pipeline/config"
	"planreport/pipeline/ingest"
	"planreport/pipeline/model"
	"planreport/pipeline/pdfreport"
	"planreport/pipeline/rate"
	"planreport/pipeline/reportdoc"
	"planreport/pipeline/status/statustest"
	"planreport/templates"
)

// inputFolder builds an input folder with everything ingest.Read
// distinguishes: the sample workbooks (with their own findings), synthetic
// workbooks, files it rejects or ignores, sub-folders and a link.
func inputFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, _ := filepath.Glob("../../input/*.xlsx")
	if len(files) == 0 {
		t.Fatal("no sample workbooks in input/")
	}
	for _, f := range files {
		copyFile(t, f, filepath.Join(dir, filepath.Base(f)))
	}
	for _, wb := range templates.Synthetic(25, 7) {
		if err := templates.Save(dir, wb); err != nil {
			t.Fatal(err)
		}
	}
	good, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("空.xlsx", nil)
	write("文字.xlsx", []byte("これはExcelではありません"))
	write("途中まで.xlsx", good[:len(good)/2])
	write("古い.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	write("メモ.txt", []byte("メモ"))
	write("~$総務部.xlsx", []byte("lock"))
	write(".隠し.xlsx", good)
	for _, d := range []string{"過去分", "フォルダ.xlsx"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(files[0], filepath.Join(dir, "リンク.xlsx")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// hashes is what the pipeline's scan gives: the sha256 of every regular file.
func hashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		m[e.Name()] = hex.EncodeToString(sum[:])
	}
	return m
}

func readAll(t *testing.T, dir string) *model.Batch {
	t.Helper()
	b, err := ingest.Read(context.Background(), dir, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func cachedRead(t *testing.T, out, dir string) (*model.Batch, cache.Stats) {
	t.Helper()
	s := cache.Open(out, "test", nil)
	b, err := s.Ingest(context.Background(), dir, hashes(t, dir), ingest.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	return b, s.Stats()
}

func sameBatch(t *testing.T, got, want *model.Batch) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("cached ingest differs from ingest.Read:\nfiles %d/%d initiatives %d/%d indexes %d/%d findings %d/%d",
			len(got.Files), len(want.Files), len(got.Initiatives), len(want.Initiatives),
			len(got.Indexes), len(want.Indexes), len(got.Findings), len(want.Findings))
	}
}

// cacheable counts the files whose ingest result is cached: those ingest
// read and hashed. Files it decides about without reading them (the .txt,
// the ~$ lock file, the hidden file, the link, the folders) have no hash.
func cacheable(b *model.Batch) int {
	n := 0
	for _, f := range b.Files {
		if f.SHA256 != "" {
			n++
		}
	}
	return n
}

func TestIngestEqualsRead(t *testing.T) {
	dir := inputFolder(t)
	out := t.TempDir()
	want := readAll(t, dir)
	if len(want.Initiatives) < 25 {
		t.Fatalf("only %d initiatives: the folder is not what the test means", len(want.Initiatives))
	}

	cold, st := cachedRead(t, out, dir)
	sameBatch(t, cold, want)
	if st.FilesReused != 0 {
		t.Errorf("cold cache reused %d files", st.FilesReused)
	}

	warm, st := cachedRead(t, out, dir)
	sameBatch(t, warm, want)
	// 6 sample + 3 synthetic workbooks, the empty, text and truncated
	// .xlsx and the .xls are read and hashed by ingest: 13.
	if n := cacheable(want); n != 13 {
		t.Fatalf("%d files hashed by ingest, want 13", n)
	}
	if st.FilesReused != 13 {
		t.Errorf("warm cache: reused %d, parsed %d; want 13 reused", st.FilesReused, st.FilesRead)
	}

	// Change one synthetic workbook: only it is parsed again.
	wb := templates.Synthetic(25, 7)[1]
	wb.Sheets[0].Title = "変更された取組"
	if err := templates.Save(dir, wb); err != nil {
		t.Fatal(err)
	}
	want = readAll(t, dir)
	changed, st2 := cachedRead(t, out, dir)
	sameBatch(t, changed, want)
	if st2.FilesReused != 12 || st2.FilesRead != st.FilesRead+1 {
		t.Errorf("after one change: reused %d, parsed %d; want 12 and %d", st2.FilesReused, st2.FilesRead, st.FilesRead+1)
	}
}

func TestCorruptIngestEntryIsRebuilt(t *testing.T) {
	dir := inputFolder(t)
	out := t.TempDir()
	want := readAll(t, dir)
	cachedRead(t, out, dir)

	entries, _ := filepath.Glob(filepath.Join(out, cache.DirName, "ingest", "*.bin"))
	if len(entries) < 3 {
		t.Fatalf("%d cache entries", len(entries))
	}
	// Flip one byte in the middle of one entry, truncate another, and
	// replace a third by a valid-looking header with a wrong checksum.
	data, _ := os.ReadFile(entries[0])
	data[len(data)/2] ^= 0x20
	os.WriteFile(entries[0], data, 0o644)
	data, _ = os.ReadFile(entries[1])
	os.WriteFile(entries[1], data[:len(data)-10], 0o644)
	os.WriteFile(entries[2], []byte("planreport-cache/1 00\n{}"), 0o644)

	got, st := cachedRead(t, out, dir)
	sameBatch(t, got, want)
	if st.FilesReused != 13-3 {
		t.Errorf("reused %d files, want 10 (three of 13 entries damaged)", st.FilesReused)
	}
	// The damaged entries were rewritten: a third read reuses all again.
	_, st = cachedRead(t, out, dir)
	if st.FilesReused != 13 {
		t.Errorf("after rebuild: reused %d", st.FilesReused)
	}
}

func TestSavePrunesUnusedEntries(t *testing.T) {
	dir := inputFolder(t)
	out := t.TempDir()
	cachedRead(t, out, dir)
	before, _ := filepath.Glob(filepath.Join(out, cache.DirName, "ingest", "*.bin"))
	// Remove two workbooks from the input: their entries go at the next Save.
	for _, name := range []string{"空.xlsx", "途中まで.xlsx"} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	cachedRead(t, out, dir)
	after, _ := filepath.Glob(filepath.Join(out, cache.DirName, "ingest", "*.bin"))
	if len(after) != len(before)-2 {
		t.Errorf("entries: %d before, %d after; want two fewer", len(before), len(after))
	}
}

// ratedBatch is what the PDF stage receives: ingested, checked, rated.
func ratedBatch(t *testing.T, dir string) *model.Batch {
	t.Helper()
	b := readAll(t, dir)
	b.ReportDate = "2026-04-01"
	cfg := config.Default()
	check.Run(b)
	rate.Run(b, rate.OptionsOf(&cfg))
	model.SortFindings(b.Findings)
	return b
}

func TestDepartmentBatchRendersTheSame(t *testing.T) {
	dir := inputFolder(t)
	b := ratedBatch(t, dir)
	depts := pdfreport.Departments(b)
	if len(depts) < 5 {
		t.Fatalf("departments %v", depts)
	}
	for _, d := range depts {
		opt := pdfreport.Options{Title: "報告書", Issuer: "企画課", Department: d}
		var full, part bytes.Buffer
		if err := pdfreport.Write(context.Background(), &full, b, opt); err != nil {
			t.Fatal(err)
		}
		sub := reportdoc.DepartmentBatches(b)[d]
		if err := pdfreport.Write(context.Background(), &part, sub, opt); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(full.Bytes(), part.Bytes()) {
			t.Errorf("%s: the PDF rendered from DepartmentBatches differs from the one rendered from the whole batch", d)
		}
	}
}

// DepartmentBatches (one pass) selects what the per-department selection
// it replaced did, written out here as the reference: an initiative shared
// by two departments, findings on sheets and on whole workbooks, the
// indexes and roll-ups.
func TestDepartmentBatchesMatchPerDepartment(t *testing.T) {
	b := ratedBatch(t, inputFolder(t))
	shared := *b.Initiatives[0]
	shared.Department = b.Initiatives[0].Department + "、" + b.Initiatives[len(b.Initiatives)-1].Department
	b.Initiatives = append(b.Initiatives, &shared)
	b.Findings = append(b.Findings, model.Finding{Severity: model.SeverityWarning, Code: "x",
		Source: model.Source{File: shared.Source.File}, Message: "ブック全体の所見"})
	reference := func(dept string) *model.Batch {
		sub := &model.Batch{ReportDate: b.ReportDate}
		sheets := map[model.Source]bool{}
		files := map[string]bool{}
		goals := map[int]bool{}
		for _, in := range b.Initiatives {
			if in == nil || !slices.Contains(in.Departments(), dept) {
				continue
			}
			sub.Initiatives = append(sub.Initiatives, in)
			sheets[model.Source{File: in.Source.File, Sheet: in.Source.Sheet}] = true
			files[in.Source.File] = true
			goals[in.GoalNumber] = true
		}
		for _, f := range b.Findings {
			if sheets[model.Source{File: f.File, Sheet: f.Sheet}] || (f.Sheet == "" && files[f.File]) {
				sub.Findings = append(sub.Findings, f)
			}
		}
		for _, f := range b.Files {
			if files[f.Name] {
				sub.Files = append(sub.Files, f)
			}
		}
		for _, ix := range b.Indexes {
			if goals[ix.GoalNumber] {
				sub.Indexes = append(sub.Indexes, ix)
			}
		}
		for _, ro := range b.Rollups.ByDepartmentYear {
			if ro.Department == dept {
				sub.Rollups.ByDepartmentYear = append(sub.Rollups.ByDepartmentYear, ro)
				// The department's own latest evaluated year (the
				// batch's would tie its PDF to the other departments).
				if ro.Evaluated > 0 {
					sub.Rollups.LatestYear = max(sub.Rollups.LatestYear, ro.Year)
				}
			}
		}
		return sub
	}
	subs := reportdoc.DepartmentBatches(b)
	depts := pdfreport.Departments(b)
	if len(subs) != len(depts) {
		t.Errorf("%d department batches for %d departments", len(subs), len(depts))
	}
	for _, d := range depts {
		if want := reference(d); !reflect.DeepEqual(subs[d], want) {
			t.Errorf("%s: %d initiatives, %d findings, %d files; want %d, %d, %d", d,
				len(subs[d].Initiatives), len(subs[d].Findings), len(subs[d].Files),
				len(want.Initiatives), len(want.Findings), len(want.Files))
		}
	}
}

func TestDepartmentKeyAndReuse(t *testing.T) {
	dir := inputFolder(t)
	b := ratedBatch(t, dir)
	out := t.TempDir()
	const dept, file = "総務部", "departments/総務部.pdf"
	opt := pdfreport.Options{Department: dept}

	s := cache.Open(out, "test", nil)
	key, err := s.DepartmentKey(reportdoc.DepartmentBatches(b)[dept], opt)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ReuseDepartment(dept, file, key); got != nil {
		t.Fatal("an empty cache reused a PDF")
	}
	pdf := []byte("%PDF-1.7 総務部")
	os.MkdirAll(filepath.Join(out, "departments"), 0o755)
	os.WriteFile(filepath.Join(out, filepath.FromSlash(file)), pdf, 0o644)
	sum := sha256.Sum256(pdf)
	s.RecordDepartment(dept, file, key, hex.EncodeToString(sum[:]), false)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}

	s = cache.Open(out, "test", nil)
	if got, sha := s.ReuseDepartment(dept, file, key); !bytes.Equal(got, pdf) || sha != hex.EncodeToString(sum[:]) {
		t.Fatalf("same key: got %q", got)
	}

	// Anything the department's PDF shows changes the key: a finding about
	// one of its sheets, another report date, another title.
	other := *b
	other.Findings = append(append([]model.Finding(nil), b.Findings...), model.Finding{Severity: model.SeverityWarning, Code: "x",
		Source: reportdoc.DepartmentBatches(b)[dept].Initiatives[0].Source, Message: "新しい所見"})
	k2, _ := s.DepartmentKey(reportdoc.DepartmentBatches(&other)[dept], opt)
	other = *b
	other.ReportDate = "2026-04-02"
	k3, _ := s.DepartmentKey(reportdoc.DepartmentBatches(&other)[dept], opt)
	k4, _ := s.DepartmentKey(reportdoc.DepartmentBatches(b)[dept], pdfreport.Options{Department: dept, Title: "別の表題"})
	k5, _ := cache.Open(out, "another build", nil).DepartmentKey(reportdoc.DepartmentBatches(b)[dept], opt)
	for i, k := range []string{k2, k3, k4, k5} {
		if k == key {
			t.Errorf("change %d kept the key", i+2)
		}
	}
	// A finding about another department's sheet does not.
	other = *b
	other.Findings = append(append([]model.Finding(nil), b.Findings...), model.Finding{Severity: model.SeverityWarning, Code: "x",
		Source: reportdoc.DepartmentBatches(b)["建設部"].Initiatives[0].Source, Message: "他部の所見"})
	if k, _ := s.DepartmentKey(reportdoc.DepartmentBatches(&other)[dept], opt); k != key {
		t.Error("a finding about another department changed the key")
	}

	// The committed file edited by hand: not trusted.
	os.WriteFile(filepath.Join(out, filepath.FromSlash(file)), []byte("%PDF-1.7 改変"), 0o644)
	if got, _ := s.ReuseDepartment(dept, file, key); got != nil {
		t.Error("reused a PDF whose bytes differ from the recorded ones")
	}
	// A damaged index: ignored.
	os.WriteFile(filepath.Join(out, filepath.FromSlash(file)), pdf, 0o644)
	os.WriteFile(filepath.Join(out, cache.DirName, "departments.json"), []byte(`{"format":`), 0o644)
	if got, _ := cache.Open(out, "test", nil).ReuseDepartment(dept, file, key); got != nil {
		t.Error("reused a PDF through a damaged index")
	}
}

// A file name that is not valid UTF-8 (possible on Linux) is cached and
// comes back byte for byte (the entry keeps strings as they are).
func TestInvalidUTF8NameIsCachedExactly(t *testing.T) {
	dir := t.TempDir()
	files, _ := filepath.Glob("../../input/*.xlsx")
	if len(files) == 0 {
		t.Fatal("no sample workbooks in input/")
	}
	copyFile(t, files[0], filepath.Join(dir, "\xff\xfe部.xlsx"))
	copyFile(t, files[0], filepath.Join(dir, "正しい名前.xlsx"))
	out := t.TempDir()
	want := readAll(t, dir)
	for run := range 2 {
		got, st := cachedRead(t, out, dir)
		sameBatch(t, got, want)
		if st.FilesRead+st.FilesReused != 2 {
			t.Fatalf("run %d: %+v", run, st)
		}
		if wantReused := 2 * run; st.FilesReused != wantReused {
			t.Errorf("run %d: reused %d, want %d", run, st.FilesReused, wantReused)
		}
		if entries, _ := filepath.Glob(filepath.Join(out, cache.DirName, "ingest", "*.bin")); len(entries) != 2 {
			t.Errorf("run %d: %d ingest entries, want 2", run, len(entries))
		}
	}
}

// TestIngestCountsInputsOnly: the entries that are not inputs (a memo,
// Thumbs.db, a lock file, a folder) are neither parsed nor counted, so
// that the log's parsed/from_cache add up to the inputs (trial G:
// parsed=8 for 6 workbooks), and they are named once in the log.
func TestIngestCountsInputsOnly(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	good, err := os.ReadFile(filepath.Join("..", "..", "input", "財務部.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"財務部.xlsx": good, "Thumbs.db": []byte("x"), "提出メモ.txt": []byte("memo"), "~$財務部.xlsx": []byte("lock")} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "samplegen"), 0o755); err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	for i, want := range []cache.Stats{{FilesRead: 1}, {FilesReused: 1}} {
		logged.Reset()
		s := cache.Open(out, "test", log)
		b, err := s.Ingest(context.Background(), dir, hashes(t, dir), ingest.Options{Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Save(); err != nil {
			t.Fatal(err)
		}
		if st := s.Stats(); st.FilesRead != want.FilesRead || st.FilesReused != want.FilesReused || len(b.Files) != 1 {
			t.Errorf("run %d: files %d, parsed %d, reused %d; want 1, %d, %d", i+1, len(b.Files), st.FilesRead, st.FilesReused, want.FilesRead, want.FilesReused)
		}
		if n := strings.Count(logged.String(), "入力として扱わずに"); n != 1 || !strings.Contains(logged.String(), "「samplegen」") {
			t.Errorf("run %d: not-inputs logged %d times:\n%s", i+1, n, logged.String())
		}
	}
}

// The content key of a department PDF ignores the report date (the PDF
// key does not), follows that department's own data only, and changes with
// the salt (settings, program build): publication compares it.
func TestDepartmentContentKeys(t *testing.T) {
	keys := func(b *model.Batch, salt string) (pdf, content map[string]string) {
		t.Helper()
		pdf, content = map[string]string{}, map[string]string{}
		s := cache.Open(t.TempDir(), salt, nil)
		for dept, sub := range reportdoc.DepartmentBatches(b) {
			k, c, err := s.DepartmentKeys(sub, pdfreport.Options{Department: dept})
			if err != nil {
				t.Fatal(err)
			}
			pdf[dept], content[dept] = k, c
		}
		return pdf, content
	}
	basePDF, base := keys(statustest.Batch(), "s")
	if len(base) != 2 || base[statustest.GeneralDept] == "" || base[statustest.FinanceDept] == "" {
		t.Fatalf("keys %v, want 総務部 and 財務部", base)
	}
	later := statustest.Batch()
	later.ReportDate = "2026-12-08"
	laterPDF, got := keys(later, "s")
	if !maps.Equal(got, base) {
		t.Errorf("another report date changed the content keys: %v, was %v", got, base)
	}
	if laterPDF[statustest.GeneralDept] == basePDF[statustest.GeneralDept] {
		t.Error("another report date gave the same PDF key: the cached PDF prints the old date")
	}
	changed := statustest.Batch()
	for _, in := range changed.Initiatives {
		if in.Department == statustest.FinanceDept {
			in.Indicators[0].Years[2].Actual = model.Value{Kind: model.ValueNumber, Number: "91"}
		}
	}
	if _, got := keys(changed, "s"); got[statustest.FinanceDept] == base[statustest.FinanceDept] || got[statustest.GeneralDept] != base[statustest.GeneralDept] {
		t.Errorf("財務部's new actual: keys %v, was %v; want only 財務部's changed", got, base)
	}
	if _, got := keys(statustest.Batch(), "t"); got[statustest.GeneralDept] == base[statustest.GeneralDept] {
		t.Error("another salt gave the same key")
	}
}
