package changes

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// ArchiveDir is the folder of dated output sets inside the output folder
// (outputs.ArchiveDir; repeated here so that reading a base needs nothing
// of the output machinery).
const ArchiveDir = "archive"

// DryRunMarker is the file a dry run (run -dry-run) puts into its output
// set beside snapshot.json. Its report was never published or mailed, so
// Base never takes a snapshot with this file beside it: otherwise the next
// real report would list as 前回報告からの変更 only what changed since a
// trial nobody received, and a change made before the trial would reach
// no one. The set is committed as a whole, so the file comes and goes
// with the snapshot it marks.
const DryRunMarker = "dry-run.txt"

// maxSnapshotBytes bounds what Base and Load read: a snapshot of 10,000
// sheets is about 30 MB.
const maxSnapshotBytes = 256 << 20

// Base finds the snapshot of the previous report: the newest snapshot in
// the output folder (the last committed set) or its archive whose report
// date is before reportDate, leaving out the sets of dry runs
// (DryRunMarker). A re-run for the same date therefore still compares with
// the report before it, and a skipped night, which writes nothing, or a
// dry run never moves the base. s is nil when there is no earlier
// report. A newest snapshot that cannot be read is returned as err (wrapping
// ErrUnreadable), never skipped for an older one.
func Base(outputDir, reportDate string) (s *Snapshot, path string, err error) {
	// snap is the snapshot when it was read already (the committed one,
	// read for its date): tens of megabytes are not read twice.
	type candidate struct {
		date, path string
		snap       *Snapshot
	}
	var cands []candidate
	committed := filepath.Join(outputDir, FileName)
	// A dry run's snapshot is not even read: unreadable or not, it says
	// nothing about the last report made.
	if !dryRun(outputDir) {
		switch last, err := Load(committed); {
		case err == nil:
			cands = append(cands, candidate{last.ReportDate, committed, last})
		case !errors.Is(err, fs.ErrNotExist):
			// The last report's own snapshot, unreadable (written by
			// another version): said so, not replaced by an older one.
			return nil, committed, err
		}
	}
	ents, err := os.ReadDir(filepath.Join(outputDir, ArchiveDir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, "", fmt.Errorf("保存フォルダを読めません: %w", err)
	}
	for _, e := range ents {
		if _, err := time.Parse(time.DateOnly, e.Name()); err != nil || !e.IsDir() {
			continue
		}
		p := filepath.Join(outputDir, ArchiveDir, e.Name(), FileName)
		if _, err := os.Stat(p); err == nil && !dryRun(filepath.Dir(p)) {
			cands = append(cands, candidate{date: e.Name(), path: p})
		}
	}
	// Newest first; the committed set before its archive copy of the same date.
	slices.SortStableFunc(cands, func(a, b candidate) int { return strings.Compare(b.date, a.date) })
	for _, c := range cands {
		if c.date >= reportDate {
			continue
		}
		if c.snap != nil {
			return c.snap, c.path, nil
		}
		s, err := Load(c.path)
		if err != nil {
			return nil, c.path, err
		}
		return s, c.path, nil
	}
	return nil, "", nil
}

// dryRun reports whether the output set in dir is a dry run's. Dry runs
// are not archived, but an archive folder copied from such a set by hand
// is marked all the same.
func dryRun(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, DryRunMarker))
	return err == nil
}

// Load reads a snapshot file.
func Load(path string) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > maxSnapshotBytes {
		return nil, fmt.Errorf("%w: %d バイトで、上限 %d バイトを超えています", ErrUnreadable, st.Size(), maxSnapshotBytes)
	}
	data := make([]byte, st.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, err
	}
	return Decode(data)
}

// Find reads the snapshot a user names for `planreport diff`: a report
// date (YYYY-MM-DD) of the output folder's archive, or of its last set, or
// the path of a snapshot file.
func Find(outputDir, dateOrPath string) (*Snapshot, string, error) {
	if _, err := time.Parse(time.DateOnly, dateOrPath); err != nil {
		s, err := Load(dateOrPath)
		return s, dateOrPath, err
	}
	// The same rule as Base: a set marked as a dry run's is no report.
	archived := filepath.Join(outputDir, ArchiveDir, dateOrPath, FileName)
	if s, err := Load(archived); !dryRun(filepath.Dir(archived)) && (err == nil || !errors.Is(err, fs.ErrNotExist)) {
		return s, archived, err
	}
	committed := filepath.Join(outputDir, FileName)
	s, err := Load(committed)
	if err == nil && s.ReportDate == dateOrPath {
		if dryRun(outputDir) {
			// A trial's set is no report of its date (Base passes it
			// over too); said, so that the office knows why.
			return nil, "", fmt.Errorf("報告日 %s の報告はありません（出力フォルダにあるのは試しの実行（-dry-run）の出力で、報告ではありません）", dateOrPath)
		}
		return s, committed, nil
	}
	return nil, "", fmt.Errorf("報告日 %s のスナップショットが %s にありません（報告を作った日付か、スナップショットのファイルを指定してください）", dateOrPath, filepath.Join(outputDir, ArchiveDir))
}
