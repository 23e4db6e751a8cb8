package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"

	"planreport/pipeline/model"
)

// DepartmentKey is the cache key of a department PDF rendered from sub
// (from DepartmentBatches) with the renderer's options (anything that marshals
// to JSON: title, issuer, department, …).
func (s *Store) DepartmentKey(sub *model.Batch, options any) (string, error) {
	key, _, err := s.DepartmentKeys(sub, options)
	return key, err
}

// DepartmentKeys is DepartmentKey and the key of what the PDF shows apart
// from the report date it prints (content): the same data under another
// date has another key but the same content, which publication uses not
// to publish a department again whose data did not change. One
// fingerprint of sub gives both.
func (s *Store) DepartmentKeys(sub *model.Batch, options any) (key, content string, err error) {
	undated := *sub
	undated.ReportDate = ""
	h := sha256.New()
	if err := writeFingerprint(h, &undated); err != nil {
		return "", "", fmt.Errorf("キャッシュの鍵を作れません: %w", err)
	}
	opt, err := marshal(options)
	if err != nil {
		return "", "", fmt.Errorf("キャッシュの鍵を作れません: %w", err)
	}
	fp := hex.EncodeToString(h.Sum(nil))
	return s.key("department-pdf", string(opt), fp, sub.ReportDate), s.key("department-content", string(opt), fp), nil
}

// RecordContent records the content key (DepartmentKeys) of the department
// PDF written as file (relative to the output folder, slash-separated).
func (s *Store) RecordContent(file, content string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.contents[file] = content
}

// ContentKeys returns the content keys recorded, by file.
func (s *Store) ContentKeys() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.contents)
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
