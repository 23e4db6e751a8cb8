// Package findings writes findings.json, the machine-readable list of what
// the run found, for scripts and for the office's own tools:
//
//	{"findings": [{"severity": "error", "code": "stated_rate_mismatch", "file": "建設部.xlsx",
//	               "sheet": "取組11", "cell": "E29", "message": "…"}],
//	 "files": [{"name": "建設部.xlsx", "sha256": "…", "status": "accepted"}],
//	 "counts": {"error": 1, "warning": 4, "info": 0, "accepted": 5, "rejected": 0, "ignored": 0}}
package findings

import (
	"bytes"
	"encoding/json"
	"fmt"

	"planreport/pipeline/model"
)

// Counts totals the findings by severity and the input files by status.
// Ignored is 0: an entry that is not an input (Thumbs.db, a folder, a lock
// file) is no file of the batch (ingest.IsInput); the key stays for the
// tools that read it.
type Counts struct {
	Error    int `json:"error"`
	Warning  int `json:"warning"`
	Info     int `json:"info"`
	Accepted int `json:"accepted"`
	Rejected int `json:"rejected"`
	Ignored  int `json:"ignored"`
}

type file struct {
	Name   string           `json:"name"`
	SHA256 string           `json:"sha256"`
	Status model.FileStatus `json:"status"`
}

type document struct {
	Findings []model.Finding `json:"findings"`
	Files    []file          `json:"files"`
	Counts   Counts          `json:"counts"`
}

// Count returns the counts of b.
func Count(b *model.Batch) Counts {
	var c Counts
	c.Error, c.Warning, c.Info = b.Counts()
	for _, f := range b.Files {
		switch f.Status {
		case model.FileAccepted:
			c.Accepted++
		case model.FileRejected:
			c.Rejected++
		}
	}
	return c
}

// JSON renders findings.json for b: indented, findings in b's order (the
// pipeline sorts them), never null arrays.
func JSON(b *model.Batch) ([]byte, error) {
	doc := document{Findings: b.Findings, Files: make([]file, 0, len(b.Files)), Counts: Count(b)}
	if doc.Findings == nil {
		doc.Findings = []model.Finding{}
	}
	for _, f := range b.Files {
		if f.Status == model.FileIgnored {
			continue // not an input: listed nowhere, as in the report
		}
		doc.Files = append(doc.Files, file{Name: f.Name, SHA256: f.SHA256, Status: f.Status})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode findings: %w", err)
	}
	return buf.Bytes(), nil
}
