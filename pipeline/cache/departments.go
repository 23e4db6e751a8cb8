package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"planreport/pipeline/model"
)

// DepartmentKey is the cache key of a department PDF rendered from sub
// (from DepartmentBatches) with the renderer's options (anything that marshals
// to JSON: title, issuer, department, …).
func (s *Store) DepartmentKey(sub *model.Batch, options any) (string, error) {
	h := sha256.New()
	if err := writeFingerprint(h, sub); err != nil {
		return "", fmt.Errorf("キャッシュの鍵を作れません: %w", err)
	}
	opt, err := marshal(options)
	if err != nil {
		return "", fmt.Errorf("キャッシュの鍵を作れません: %w", err)
	}
	return s.key("department-pdf", string(opt), hex.EncodeToString(h.Sum(nil))), nil
}

// ReuseDepartment returns the bytes of the committed PDF file (relative to
// the output folder, slash-separated) of department dept, and their
// SHA-256 (hex), when the last successful run rendered it from the same
// key and the file still has the bytes recorded then; otherwise nil, "".
func (s *Store) ReuseDepartment(dept, file, key string) (data []byte, sha256Hex string) {
	s.mu.Lock()
	prev, ok := s.prevDepts[dept]
	s.mu.Unlock()
	if !ok || prev.Key != key || prev.File != file {
		return nil, ""
	}
	data, err := os.ReadFile(filepath.Join(s.output, filepath.FromSlash(file)))
	if err != nil {
		return nil, ""
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != prev.SHA256 {
		s.log.Warn("前回の部別PDFが記録と違うため作り直します", "file", file)
		return nil, ""
	}
	return data, prev.SHA256
}

// RecordDepartment notes the PDF of dept written to file for this run's
// set, rendered from key, with its SHA-256 (hex, as the run's file record
// has it; reused says whether it was copied). Save writes the records
// after the commit.
func (s *Store) RecordDepartment(dept, file, key, sha256Hex string, reused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.depts[dept] = DepartmentEntry{File: file, Key: key, SHA256: sha256Hex}
	if reused {
		s.stats.PDFsReused++
	} else {
		s.stats.PDFsBuilt++
	}
}
