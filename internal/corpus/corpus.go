// Package corpus builds the bad-input corpus: one entry per kind of broken
// or hostile thing a department (or anyone who can write to the input
// folder) may leave there, each with the status and the findings the
// pipeline must give it.
//
// Small entries are committed as bytes under testdata/corpus/ at the
// repository root (Committed; `go test ./internal/corpus -update` rewrites
// them); large ones (a zip bomb, a million rows, a 100,000-character cell,
// a sheet claiming A1:XFD1048576), the folder named x.xlsx and the symbolic
// link are made by Write at test time:
//
//	for _, e := range corpus.Entries() {
//		if err := e.Write(inputDir); err != nil { … }
//	}
//
// Every management sheet of the corpus belongs to basic goal 9 (Goal) and
// has its own initiative number, so that the corpus and the sample input
// can share one folder without colliding.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"

	"planreport/pipeline/model"
)

// Want is one finding an entry must produce.
type Want struct {
	Code     string
	Severity model.Severity
	Sheet    string // "" for a finding about the whole file
	Cell     string // "" for a finding about a whole sheet or file
}

// Entry is one file, folder or link of the corpus.
type Entry struct {
	// Name is the entry's name in the input folder.
	Name string
	// About says what the entry is, in a few words.
	About string
	// Status is what findings.json must say of it.
	Status model.FileStatus
	// Want are findings it must produce. Other warnings and infos may come
	// too, but no error finding outside Want.
	Want []Want
	// Committed entries lie as bytes under testdata/corpus/; the others
	// are made by Write (large files, the folder, the link).
	Committed bool
	// Verify, when set, checks what the batch made of the entry after
	// ingest, check and rate (the value kept, the rate computed).
	Verify func(b *model.Batch) error

	bytes func() ([]byte, error)  // the content of a committed entry
	make  func(dir string) error  // writes a generated entry into dir
	large func(path string) error // streams a large file to path
}

// Bytes returns the content of a committed entry.
func (e Entry) Bytes() ([]byte, error) {
	if e.bytes == nil {
		return nil, fmt.Errorf("corpus: %s is not a committed file", e.Name)
	}
	return e.bytes()
}

// Write puts the entry into dir (an input folder). Committed entries are
// generated again (their bytes equal the committed ones, which the tests
// check, except password.xlsx whose encryption is salted at random).
func (e Entry) Write(dir string) error {
	switch {
	case e.bytes != nil:
		data, err := e.bytes()
		if err != nil {
			return fmt.Errorf("corpus %s: %w", e.Name, err)
		}
		return os.WriteFile(filepath.Join(dir, e.Name), data, 0o644)
	case e.large != nil:
		return e.large(filepath.Join(dir, e.Name))
	case e.make != nil:
		return e.make(dir)
	}
	return fmt.Errorf("corpus %s: nothing to write", e.Name)
}

// Entries returns the whole corpus in a fixed order.
func Entries() []Entry {
	var out []Entry
	out = append(out, fileEntries()...)
	out = append(out, sheetEntries()...)
	out = append(out, valueEntries()...)
	out = append(out, largeEntries()...)
	out = append(out, folderEntries()...)
	return out
}

// fileErr is a Want for an error about the whole file.
func fileErr(code string) Want { return Want{Code: code, Severity: model.SeverityError} }

// sheetErr is a Want for an error about a whole sheet.
func sheetErr(code, sheet string) Want {
	return Want{Code: code, Severity: model.SeverityError, Sheet: sheet}
}

// at is a Want for a finding at a cell of sheet 取組1.
func at(sev model.Severity, code, cell string) Want {
	return Want{Code: code, Severity: sev, Sheet: "取組1", Cell: cell}
}
