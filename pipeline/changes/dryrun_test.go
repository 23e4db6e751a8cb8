package changes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A dry run's set (DryRunMarker beside its snapshot) is never the base: its
// report was not published, so the next real report compares with the last
// one that was (trial G: a -dry-run of 11-25 made the real 11-26 report say
// 「前回報告（令和8年11月25日）からの変更はありません」 although the council only
// ever had 11-20's). Not even read: a trial's broken snapshot is no error.
func TestBaseSkipsDryRuns(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, ArchiveDir, "2026-11-20", FileName), snap("2026-11-20"))
	write(t, filepath.Join(dir, ArchiveDir, "2026-11-24", FileName), snap("2026-11-24"))
	mark := func(folder string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(folder, DryRunMarker), []byte("試行"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mark(filepath.Join(dir, ArchiveDir, "2026-11-24")) // copied there by hand
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("garbage{"), 0o644); err != nil {
		t.Fatal(err)
	}
	mark(dir) // the committed set is the dry run of 11-25
	s, path, err := Base(dir, "2026-11-26")
	if err != nil || s == nil || s.ReportDate != "2026-11-20" {
		t.Fatalf("Base = %v (%s), %v; want the real report of 2026-11-20", s, path, err)
	}
	// The same set without the marker is a real report, and is the base.
	write(t, filepath.Join(dir, FileName), snap("2026-11-25"))
	for _, m := range []string{filepath.Join(dir, DryRunMarker), filepath.Join(dir, ArchiveDir, "2026-11-24", DryRunMarker)} {
		if err := os.Remove(m); err != nil {
			t.Fatal(err)
		}
	}
	if s, _, err := Base(dir, "2026-11-26"); err != nil || s == nil || s.ReportDate != "2026-11-25" {
		t.Errorf("unmarked: Base = %v, %v; want 2026-11-25", s, err)
	}
}

// `planreport diff` does not take a dry run's set for the report of its
// date (trial H): Find says there is no report of that date, and why.
func TestFindPassesOverDryRuns(t *testing.T) {
	out := t.TempDir()
	writeSnap := func(dir, date string) {
		t.Helper()
		data, err := Encode(&Snapshot{Format: Format, Version: Version, ReportDate: date, Initiatives: []Initiative{}, Findings: []Finding{}})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, FileName), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeSnap(filepath.Join(out, ArchiveDir, "2026-06-01"), "2026-06-01")
	writeSnap(out, "2026-07-01")
	if s, _, err := Find(out, "2026-07-01"); err != nil || s.ReportDate != "2026-07-01" {
		t.Fatalf("a real last set: %v, %v", s, err)
	}
	if err := os.WriteFile(filepath.Join(out, DryRunMarker), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, _, err := Find(out, "2026-07-01"); err == nil || !strings.Contains(err.Error(), "試しの実行（-dry-run）") {
		t.Errorf("a dry run's set: %v, %v; want no report, saying it was a trial", s, err)
	}
	if s, _, err := Find(out, "2026-06-01"); err != nil || s.ReportDate != "2026-06-01" {
		t.Errorf("the archived report: %v, %v", s, err)
	}
	// An archive folder marked as a dry run's (copied by hand) is passed
	// over as Base passes it over.
	if err := os.WriteFile(filepath.Join(out, ArchiveDir, "2026-06-01", DryRunMarker), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, _, err := Find(out, "2026-06-01"); err == nil {
		t.Errorf("a marked archive folder: %v, want no report", s)
	}
}
