package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"planreport/pipeline/model"
)

// DepartmentBatches returns, for every department that has an initiative,
// the part of b that the department's PDF shows: its initiatives; the
// findings about their sheets and about their workbooks as a whole; those
// workbooks' entries; the goal indexes of their goals; the department's
// roll-ups; the latest evaluated year and the report date. Rendering it
// gives the same bytes as rendering b for the department
// (TestDepartmentBatchRendersTheSame), so its hash is a sound cache key.
// The initiatives are shared with b, not copied. It is one pass over b
// (one per department would grow with departments × sheets).
func DepartmentBatches(b *model.Batch) map[string]*model.Batch {
	subs := map[string]*model.Batch{}
	sheets := map[model.Source][]string{} // sheet → its departments
	files := map[string][]string{}        // workbook → departments of its sheets
	goals := map[int][]string{}           // goal → departments with an initiative of it
	add := func(m []string, dept string) []string {
		if !slices.Contains(m, dept) {
			m = append(m, dept)
		}
		return m
	}
	for _, in := range b.Initiatives {
		if in == nil {
			continue
		}
		at := model.Source{File: in.Source.File, Sheet: in.Source.Sheet}
		for _, dept := range in.Departments() {
			sub, ok := subs[dept]
			if !ok {
				sub = &model.Batch{ReportDate: b.ReportDate}
				sub.Rollups.LatestYear = b.Rollups.LatestYear
				subs[dept] = sub
			}
			sub.Initiatives = append(sub.Initiatives, in)
			sheets[at] = add(sheets[at], dept)
			files[in.Source.File] = add(files[in.Source.File], dept)
			goals[in.GoalNumber] = add(goals[in.GoalNumber], dept)
		}
	}
	var depts []string
	for _, f := range b.Findings {
		depts = append(depts[:0], sheets[model.Source{File: f.File, Sheet: f.Sheet}]...)
		if f.Sheet == "" {
			for _, dept := range files[f.File] {
				depts = add(depts, dept)
			}
		}
		for _, dept := range depts {
			subs[dept].Findings = append(subs[dept].Findings, f)
		}
	}
	for _, f := range b.Files {
		for _, dept := range files[f.Name] {
			subs[dept].Files = append(subs[dept].Files, f)
		}
	}
	for _, ix := range b.Indexes {
		for _, dept := range goals[ix.GoalNumber] {
			subs[dept].Indexes = append(subs[dept].Indexes, ix)
		}
	}
	for _, ro := range b.Rollups.ByDepartmentYear {
		if sub, ok := subs[ro.Department]; ok {
			sub.Rollups.ByDepartmentYear = append(sub.Rollups.ByDepartmentYear, ro)
		}
	}
	return subs
}

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
