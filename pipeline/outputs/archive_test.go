package outputs

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// Archive archives the committed outputs names of dir for date, as a run
// does with their bytes at hand (BeginArchive, Put for each, Finish). A name
// that cannot be read is not Put: Finish must find it missing, and Put
// must refuse a name that is not an output's. It returns the date folders
// retention deleted.
func Archive(dir, date string, names []string, keepDays int) ([]string, error) {
	a, err := BeginArchive(dir, date)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n))); err == nil {
			a.Put(n, data)
		}
	}
	return a.Finish(names, keepDays)
}

func TestArchiveCopiesAndPrunes(t *testing.T) {
	dir := t.TempDir()
	writeSet(dir, map[string]string{"report.pdf": "today", "departments/総務部.pdf": "dept"})
	root := filepath.Join(dir, ArchiveDir)
	outside := t.TempDir() // a symlink's target must survive
	os.WriteFile(filepath.Join(outside, "precious"), []byte("x"), 0o644)

	for _, d := range []string{
		"2025-01-01", // old: deleted
		"2025-03-31", // 91 days before 2025-06-30: deleted
		"2025-04-01", // 90 days before (30 in April + 31 in May + 29 in June, by hand): kept
		"2025-06-27", // with the next two, the KeepNewest newest before the report date
		"2025-06-28", // (so the age rule alone decides the dates above)
		"2025-06-29", // kept
		"2025-07-05", // after the report date: kept
		"2025-13-01", // not a date: kept
		"2025-3-1",   // not YYYY-MM-DD: kept
		"notes",      // kept
	} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
		os.WriteFile(filepath.Join(root, d, "f"), []byte(d), 0o644)
	}
	os.WriteFile(filepath.Join(root, "2024-01-01"), []byte("a file"), 0o644) // a file, not a folder: kept
	os.Symlink(outside, filepath.Join(root, "2024-01-02"))                   // a symlink: kept, target intact
	os.MkdirAll(filepath.Join(root, archiveTmpPref+"2025-06-29-123"), 0o755) // an interrupted Archive: removed

	removed, err := Archive(dir, "2025-06-30", []string{"departments/総務部.pdf", "report.pdf"}, 90)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2025-01-01", "2025-03-31"}; !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	got := snapshot(t, root)
	want := map[string]string{
		"2025-04-01/": "", "2025-04-01/f": "2025-04-01",
		"2025-06-27/": "", "2025-06-27/f": "2025-06-27",
		"2025-06-28/": "", "2025-06-28/f": "2025-06-28",
		"2025-06-29/": "", "2025-06-29/f": "2025-06-29",
		"2025-07-05/": "", "2025-07-05/f": "2025-07-05",
		"2025-13-01/": "", "2025-13-01/f": "2025-13-01",
		"2025-3-1/": "", "2025-3-1/f": "2025-3-1",
		"notes/": "", "notes/f": "notes",
		"2024-01-01":  "a file",
		"2024-01-02":  "symlink",
		"2025-06-30/": "", "2025-06-30/report.pdf": "today",
		"2025-06-30/departments/": "", "2025-06-30/departments/総務部.pdf": "dept",
	}
	if fi, err := os.Lstat(filepath.Join(root, "2024-01-02")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("symlink gone: %v", err)
	}
	if d := diff(got, want); d != "" {
		t.Errorf("archive after Archive:\n%s", d)
	}
	if _, err := os.Stat(filepath.Join(outside, "precious")); err != nil {
		t.Errorf("symlink target touched: %v", err)
	}

	// The same date again replaces that date's copy as a whole.
	writeSet(dir, map[string]string{"report.pdf": "rerun"})
	if _, err := Archive(dir, "2025-06-30", []string{"report.pdf"}, 90); err != nil {
		t.Fatal(err)
	}
	got = snapshot(t, filepath.Join(root, "2025-06-30"))
	if d := diff(got, map[string]string{"report.pdf": "rerun"}); d != "" {
		t.Errorf("second Archive of the day:\n%s", d)
	}

	// keepDays 0 keeps everything.
	if _, err := Archive(dir, "2030-01-01", []string{"report.pdf"}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "2025-04-01")); err != nil {
		t.Errorf("keepDays 0 deleted a folder: %v", err)
	}
}

// A mistyped future report date (2062 for 2026) must not delete the real
// archives: they are the newest before it, however old by its count.
func TestArchiveKeepsNewestWhateverTheirAge(t *testing.T) {
	dir := t.TempDir()
	writeSet(dir, map[string]string{"report.pdf": "x"})
	for _, d := range []string{"2026-11-19", "2026-11-20"} {
		if _, err := Archive(dir, d, []string{"report.pdf"}, 90); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := Archive(dir, "2062-11-20", []string{"report.pdf"}, 90)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 0 {
		t.Errorf("the typo run removed %v", removed)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, ArchiveDir))
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if want := []string{"2026-11-19", "2026-11-20", "2062-11-20"}; !slices.Equal(got, want) {
		t.Fatalf("archive holds %v, want %v", got, want)
	}

	// Two more typo runs: the third newest before 2062-11-22 is 2026-11-20,
	// so only 2026-11-19 goes, and no run deletes more than the age rule
	// allows beyond the three newest.
	for _, d := range []string{"2062-11-21", "2062-11-22"} {
		if removed, err = Archive(dir, d, []string{"report.pdf"}, 90); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"2026-11-19"}; !slices.Equal(removed, want) {
		t.Errorf("the third typo run removed %v, want %v", removed, want)
	}
	if _, err := os.Stat(filepath.Join(dir, ArchiveDir, "2026-11-20")); err != nil {
		t.Errorf("2026-11-20, one of the three newest before 2062-11-22: %v", err)
	}
}

func TestArchiveRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	// history.jsonl is there, so Put is given it and must refuse it.
	writeSet(dir, map[string]string{"report.pdf": "x", "history.jsonl": "{}\n"})
	for _, tc := range []struct {
		date  string
		names []string
	}{
		{"2025-6-30", []string{"report.pdf"}},
		{"2025-02-30", []string{"report.pdf"}},
		{"2025-06-30", []string{"../x"}},
		{"2025-06-30", []string{"history.jsonl"}},
		{"2025-06-30", []string{"missing.pdf"}},
	} {
		if _, err := Archive(dir, tc.date, tc.names, 90); err == nil {
			t.Errorf("Archive(%q, %q) succeeded", tc.date, tc.names)
		}
	}
	// Failed calls leave no folder and no temporary behind.
	entries, _ := os.ReadDir(filepath.Join(dir, ArchiveDir))
	if len(entries) != 0 {
		t.Errorf("archive holds %v after failed calls", entries)
	}
}

// A draft built while the outputs are written (from several goroutines)
// becomes archive/<date>/ on Finish, replacing that date's earlier copy;
// one without every committed output, or aborted, leaves the earlier copy
// and no temporary folder.
func TestArchiveDraft(t *testing.T) {
	dir := t.TempDir()
	final := filepath.Join(dir, ArchiveDir, "2026-11-29")
	files := map[string]string{"report.pdf": "new report", "departments/総務部.pdf": "dept", "summary.xlsx": "book"}
	names := []string{"report.pdf", "departments/総務部.pdf", "summary.xlsx"}
	build := func() *ArchiveDraft {
		a, err := BeginArchive(dir, "2026-11-29")
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	onlyDate := func() {
		t.Helper()
		entries, _ := os.ReadDir(filepath.Join(dir, ArchiveDir))
		if len(entries) != 1 || entries[0].Name() != "2026-11-29" {
			t.Errorf("archive holds %v, want only 2026-11-29", entries)
		}
	}

	os.MkdirAll(final, 0o755)
	os.WriteFile(filepath.Join(final, "report.pdf"), []byte("earlier"), 0o644)
	a := build()
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Go(func() { a.Put(n, []byte(files[n])) })
	}
	wg.Wait()
	if _, err := a.Finish(names, 0); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if got, err := os.ReadFile(filepath.Join(final, filepath.FromSlash(n))); err != nil || string(got) != files[n] {
			t.Errorf("%s: %q, %v; want %q", n, got, err, files[n])
		}
	}
	onlyDate()

	a = build()
	a.Put("report.pdf", []byte("incomplete"))
	if _, err := a.Finish(names, 0); err == nil {
		t.Error("Finish without every output: no error")
	}
	a = build()
	a.Put("report.pdf", []byte("aborted"))
	a.Abort()
	a.Abort()
	var none *ArchiveDraft
	none.Abort()
	if got, _ := os.ReadFile(filepath.Join(final, "report.pdf")); string(got) != files["report.pdf"] {
		t.Errorf("the earlier copy became %q", got)
	}
	onlyDate()

	a = build()
	a.Put("../outside", []byte("x"))
	if _, err := a.Finish([]string{"../outside"}, 0); err == nil {
		t.Error("a name outside the folder: no error")
	}
	onlyDate()
}
