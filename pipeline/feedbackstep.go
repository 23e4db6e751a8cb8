package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"planreport/internal/fserr"
	"planreport/pipeline/cache"
	"planreport/pipeline/config"
	"planreport/pipeline/feedback"
	"planreport/pipeline/model"
	"planreport/pipeline/outputs"
)

// FeedbackDir is the folder of the annotated copies (赤入れ版) in the
// output folder: feedback/<the workbook's file name>.
const FeedbackDir = feedback.Dir

// FeedbackName is the output name (slash-separated, relative to the output
// folder) of the annotated copy of the input file name: its own name,
// unless that cannot be an output name (a backslash, a name too long for
// the staging folder's additions).
func FeedbackName(name string) string {
	if strings.Contains(name, `\`) || len(name) > outputs.NameBytes {
		ext := filepath.Ext(name)
		name = safeFileName(strings.TrimSuffix(name, ext)) + ext
	}
	return FeedbackDir + "/" + name
}

// errChanged means an input file is no longer the one ingest read.
var errChanged = errors.New("読み込んだ後にファイルが変わりました")

// ReadInput reads the input file path for its annotated copy, again: the
// batch keeps no bytes. It must still be the regular file ingest read
// (same SHA-256), within limit bytes; links are not followed. A file that
// cannot be read is said in Japanese, with path (fserr).
func ReadInput(path, sha256Hex string, limit int64) ([]byte, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, fserr.Wrap(err, "「%s」を読めません", path)
	}
	if !info.Mode().IsRegular() || info.Size() > limit {
		return nil, errChanged
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fserr.Wrap(err, "「%s」を読めません", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fserr.Wrap(err, "「%s」を読めません", path)
	}
	sum := sha256.Sum256(data)
	if int64(len(data)) > limit || hex.EncodeToString(sum[:]) != sha256Hex {
		return nil, errChanged
	}
	return data, nil
}

// feedbackJobs makes the annotated copy of every accepted workbook with a
// finding, or takes it from the cache when the workbook and its findings
// are unchanged. A workbook that cannot be copied (changed since it was
// read, or a file excelize cannot write again) gets no copy: its findings
// are in findings.json and the reports all the same, and the office hears
// of it (fb.missing, then the run record and the office mail). A job that
// made no copy returns a record without a name.
func feedbackJobs(out sink, b *model.Batch, fb feedbackStep) []outputJob {
	lim, copies, log := fb.limits, fb.copies, fb.log
	opt := feedback.Options{ReportDate: b.ReportDate, UnzippedBytes: lim.UnzippedBytes}
	var jobs []outputJob
	names := map[string]bool{}
	var targets []feedback.Target
	var clashes []string
	for _, tg := range feedback.Targets(b) {
		if name := FeedbackName(tg.Name); !names[name] {
			names[name] = true
			targets = append(targets, tg)
		} else {
			clashes = append(clashes, fmt.Sprintf("%s: 赤入れ版の名前「%s」が他のブックの赤入れ版と重なるため作りませんでした", tg.Name, name))
		}
	}
	// One slot per job, written by that job alone and read after all of
	// them ended: in the order of the files, whatever order they ran in;
	// the name clashes after them.
	missing := make([]string, len(targets), len(targets)+len(clashes))
	missing = append(missing, clashes...)
	if fb.missing != nil {
		*fb.missing = missing
	}
	for i, tg := range targets {
		jobs = append(jobs, func(ctx context.Context) (outputs.FileRecord, error) {
			data, err := annotatedCopy(filepath.Join(fb.input, tg.Name), tg, opt, lim.FileBytes, copies)
			if err != nil {
				log.Warn("赤入れ版を作れませんでした", "file", tg.Name, "err", err)
				missing[i] = err.Error()
				return outputs.FileRecord{}, nil
			}
			return out.put(FeedbackName(tg.Name), data)
		})
	}
	return jobs
}

// annotatedCopy returns the copy of one target, from the cache or made.
func annotatedCopy(path string, tg feedback.Target, opt feedback.Options, limit int64, copies *cache.Copies) ([]byte, error) {
	key, err := copies.Key(tg.SHA256, tg.Findings, opt.ReportDate)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tg.Name, err)
	}
	if data := copies.Reuse(key); data != nil {
		return data, nil
	}
	orig, err := ReadInput(path, tg.SHA256, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tg.Name, err)
	}
	data, err := feedback.Annotate(orig, tg.Findings, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tg.Name, err)
	}
	copies.Record(key, data)
	return data, nil
}

// feedbackStep is what writeOutputs needs for the annotated copies.
type feedbackStep struct {
	input  string        // the input folder
	limits config.Limits // resolved
	copies *cache.Copies
	log    *slog.Logger
	// missing, when not nil, receives why each copy was not made (one
	// slot per copy, empty when made), once the jobs have ended.
	missing *[]string
}

// made drops the records of copies that were not made.
func made(recs []outputs.FileRecord) []outputs.FileRecord {
	var out []outputs.FileRecord
	for _, r := range recs {
		if r.Name != "" {
			out = append(out, r)
		}
	}
	return out
}
