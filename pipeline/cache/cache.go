// Package cache lets a nightly run reuse what the last run already built
// when only a few workbooks changed. It keeps two things in the output
// folder's .cache/ sub-folder, outside the committed set of outputs:
//
//	output/.cache/
//	  ingest/<key>.bin      one input file's ingest result (its InputFile,
//	                        Initiatives, Indexes and Findings), key = sha256
//	                        of the file's name, its content hash and Salt
//	  departments.json      for each departments/<担当部>.pdf of the last
//	                        committed set: the key of what it was rendered
//	                        from and the sha256 of its bytes
//	  feedback/<key>.bin    one annotated copy (feedback.go, Copies)
//
// Every entry is keyed by content hashes, so a changed workbook, a changed
// configuration or another program build simply misses. Every entry is
// checked before it is trusted (a checksum line for ingest entries, the
// recorded sha256 for PDFs); a damaged or unreadable entry is ignored and
// the part rebuilt. Entries the last successful run did not use are pruned.
//
// The caller's contract is that a run with the cache gives exactly the bytes
// a run without it gives: Ingest merges per-file results in the order
// ingest.Read uses, and a department PDF is rendered from its reportdoc.DepartmentBatches entry,
// the part of the batch it depends on, whose hash is its key.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
)

// DirName is the cache folder inside the output folder. It does not start
// with ".planreport", so the outputs package neither owns nor removes it,
// and it is never part of a staging set or an archive copy.
const DirName = ".cache"

const (
	ingestDir       = "ingest"
	departmentsFile = "departments.json"
	// formatVersion changes whenever the layout of an entry changes.
	formatVersion = "planreport-cache/6"
	ingestExt     = ".bin"
)

// Store is the cache of one output folder for one run. Lookups and records
// may come from several goroutines; Save is called once, after the run's
// outputs were committed.
type Store struct {
	output string
	root   string
	salt   string
	log    *slog.Logger

	mu         sync.Mutex
	usedIngest map[string]bool // ingest entry file names this run used or wrote
	depts      map[string]DepartmentEntry
	contents   map[string]string // department PDF file → content key (not kept between runs)
	prevDepts  map[string]DepartmentEntry
	stats      Stats
}

// Stats counts what the cache saved a run.
type Stats struct {
	FilesReused, FilesRead int // input files: taken from the cache, parsed
	PDFsReused, PDFsBuilt  int // department PDFs: copied, rendered
	// CopiesReused, CopiesBuilt count the annotated copies (赤入れ版,
	// Copies): taken from the cache, made.
	CopiesReused, CopiesBuilt int
}

// DepartmentEntry records one committed department PDF.
type DepartmentEntry struct {
	File   string `json:"file"`   // slash-separated, relative to the output folder
	Key    string `json:"key"`    // PDFKey of what it was rendered from
	SHA256 string `json:"sha256"` // of its bytes
}

type departmentsIndex struct {
	Format  string                     `json:"format"`
	Entries map[string]DepartmentEntry `json:"entries"`
}

// Open returns the cache of outputDir. salt must change whenever the same
// inputs could give other results: it should hold the program version and
// build, and the configuration's fingerprint. A missing or unreadable cache
// is an empty one.
func Open(outputDir, salt string, log *slog.Logger) *Store {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{
		output:     outputDir,
		root:       filepath.Join(outputDir, DirName),
		salt:       salt + "|layout=" + layoutSignature(reflect.TypeFor[ingestEntry]()),
		log:        log,
		usedIngest: map[string]bool{},
		depts:      map[string]DepartmentEntry{},
		contents:   map[string]string{},
		prevDepts:  map[string]DepartmentEntry{},
	}
	data, err := os.ReadFile(filepath.Join(s.root, departmentsFile))
	if err == nil {
		var idx departmentsIndex
		if json.Unmarshal(data, &idx) == nil && idx.Format == formatVersion && idx.Entries != nil {
			s.prevDepts = idx.Entries
		} else {
			log.Warn("キャッシュの部別PDFの索引が壊れているため使いません", "file", filepath.Join(s.root, departmentsFile))
		}
	}
	return s
}

// Stats returns what the cache saved so far.
func (s *Store) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Save records the department PDFs of the committed set and removes the
// entries this run did not use. Call it only after a successful commit:
// the index must describe the committed files.
func (s *Store) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.MkdirAll(filepath.Join(s.root, ingestDir), 0o755); err != nil {
		return fmt.Errorf("キャッシュフォルダ「%s」を作れません: %w", s.root, err)
	}
	data, err := json.MarshalIndent(departmentsIndex{Format: formatVersion, Entries: s.depts}, "", "  ")
	if err != nil {
		return fmt.Errorf("キャッシュの索引を作れません: %w", err)
	}
	if err := writeFile(filepath.Join(s.root, departmentsFile), append(data, '\n')); err != nil {
		return err
	}
	entries, err := os.ReadDir(filepath.Join(s.root, ingestDir))
	if err != nil {
		return fmt.Errorf("キャッシュフォルダを読めません: %w", err)
	}
	var errs []error
	for _, e := range entries {
		if !s.usedIngest[e.Name()] {
			if err := os.RemoveAll(filepath.Join(s.root, ingestDir, e.Name())); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// key hashes its parts, each on a line of its own, after the format version
// and the salt.
func (s *Store) key(kind string, parts ...string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%q\n", formatVersion, kind, s.salt)
	for _, p := range parts {
		fmt.Fprintf(h, "%q\n", p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeFile writes data through a temporary file and a rename, so a reader
// sees the old entry or the new one. It does not fsync: a cache entry lost
// in a crash is only rebuilt, and a torn one fails its checksum.
func writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("キャッシュ「%s」を書けません: %w", path, err)
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("キャッシュ「%s」を書けません: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("キャッシュ「%s」を置けません: %w", path, err)
	}
	return nil
}

// sealed frames payload with a checksum line: "<format> <sha256>\n" then
// the payload. open returns the payload only when the checksum matches.
func sealed(payload []byte) []byte {
	sum := sha256.Sum256(payload)
	var b bytes.Buffer
	b.Grow(len(formatVersion) + 66 + len(payload))
	b.WriteString(formatVersion + " " + hex.EncodeToString(sum[:]) + "\n")
	b.Write(payload)
	return b.Bytes()
}

func open(data []byte) ([]byte, bool) {
	line, payload, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return nil, false
	}
	format, sum, ok := strings.Cut(string(line), " ")
	if !ok || format != formatVersion {
		return nil, false
	}
	got := sha256.Sum256(payload)
	return payload, hex.EncodeToString(got[:]) == sum
}

// readEntry reads a sealed entry; a missing entry is (nil, false, nil),
// a damaged one (nil, false, nil) with a warning logged.
func (s *Store) readEntry(path string) ([]byte, bool) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		s.log.Warn("キャッシュを読めないため作り直します", "file", path, "err", err)
		return nil, false
	}
	payload, ok := open(data)
	if !ok {
		s.log.Warn("キャッシュが壊れているため作り直します", "file", path)
		return nil, false
	}
	return payload, true
}

// marshal encodes v without HTML escaping (messages quote <p>).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
