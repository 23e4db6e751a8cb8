package outputs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"planreport/pipeline/model"
)

// RunRecord is run.json and one line of history.jsonl. Fields marshal in
// this order; lists are [] rather than null when empty.
type RunRecord struct {
	Status string `json:"status"` // model.RunDone, model.RunSkipped or model.RunFailed
	// Start is when the run began, RFC 3339 in the configured time zone
	// (2025-06-02T02:00:00+09:00). LastSuccess's users parse it.
	Start      string `json:"start"`
	ReportDate string `json:"report_date"` // YYYY-MM-DD
	// Durations is how long each stage took, in milliseconds, in the order
	// the stages ran (scan, ingest, check, rate, pdf, workbook, commit, …).
	Durations []StageDuration `json:"durations_ms"`
	// TotalMS is the sum of Durations when left 0.
	TotalMS int64             `json:"total_ms"`
	Inputs  []model.InputFile `json:"inputs"`
	// MissingInputs names the workbooks the last successful run accepted
	// that this run did not find.
	MissingInputs []string     `json:"missing_inputs,omitempty"`
	Counts        Counts       `json:"counts"`
	Outputs       []FileRecord `json:"outputs"` // the committed set (run.json itself excluded)
	// FeedbackMissing names the workbooks with findings that got no
	// annotated copy, each with why (Japanese).
	FeedbackMissing []string `json:"feedback_missing,omitempty"`
	// ArchiveRemoved names the archive/<date> folders retention deleted
	// after this run, oldest first (each is also logged).
	ArchiveRemoved []string `json:"archive_removed,omitempty"`
	ExitStatus     int      `json:"exit_status"`
	// Fingerprint is InputFingerprint of this run: equal fingerprints mean
	// equal inputs, configuration and program version.
	Fingerprint       string `json:"fingerprint"`
	ConfigFingerprint string `json:"config_fingerprint"`
	Version           string `json:"version"` // planreport's version
	// DryRun marks a run -dry-run: it published and mailed nothing, so
	// the next run is never skipped for it, and its report is never the
	// base of 前回報告からの変更. Left out when false, so that the record
	// of every other run reads as before.
	DryRun bool `json:"dry_run,omitempty"`
	// Message says in Japanese why a run failed or was skipped; empty when done.
	Message  string   `json:"message"`
	Delivery Delivery `json:"delivery"`
}

// StageDuration is one stage's time.
type StageDuration struct {
	Stage  string `json:"stage"`
	Millis int64  `json:"ms"`
}

// Counts are the run's totals. Ignored is 0: entries of the input folder
// that are not inputs (Thumbs.db, a folder, a lock file) are left out of
// the batch by ingest and named in the log only; the key stays for the
// readers of run.json and history.jsonl.
type Counts struct {
	Files          int `json:"files"`    // input files (accepted + rejected), as 入力 N 件 says
	Accepted       int `json:"accepted"` // files by status
	Rejected       int `json:"rejected"`
	Ignored        int `json:"ignored"`
	Initiatives    int `json:"initiatives"`     // management sheets in the report
	Indicators     int `json:"indicators"`      // indicators over all sheets
	IndicatorYears int `json:"indicator_years"` // indicator × fiscal-year cells
	Evaluated      int `json:"evaluated"`       // indicator-years with a judgement other than —
	Achieved       int `json:"achieved"`        // of those, rate ≥ 100 or 達成
	Errors         int `json:"errors"`          // findings by severity
	Warnings       int `json:"warnings"`
	Infos          int `json:"infos"`
}

// IsDryRun reports whether the record is a dry run's (run -dry-run).
// Records written before DryRun say it by their delivery status only
// (when a delivery was configured).
func (r *RunRecord) IsDryRun() bool {
	return r.DryRun || r.Delivery.Status == DeliveryDryRun
}

// CountsOf counts a batch.
func CountsOf(b *model.Batch) Counts {
	var c Counts
	for _, f := range b.Files {
		// A batch holding an ignored entry (only a hand-made one does)
		// counts it neither as an input nor as ignored: the counts must
		// be those of the folder's inputs, which the office reconciles.
		switch f.Status {
		case model.FileAccepted:
			c.Accepted++
		case model.FileRejected:
			c.Rejected++
		}
	}
	c.Files = c.Accepted + c.Rejected
	c.Initiatives = len(b.Initiatives)
	for _, in := range b.Initiatives {
		c.Indicators += len(in.Indicators)
		for _, ind := range in.Indicators {
			c.IndicatorYears += len(ind.Years)
			for _, y := range ind.Years {
				if y.Eval.Judgement != model.NotEvaluable {
					c.Evaluated++
				}
				if y.Eval.IsAchieved() {
					c.Achieved++
				}
			}
		}
	}
	c.Errors, c.Warnings, c.Infos = b.Counts()
	return c
}

// FileRecord is one committed output.
type FileRecord struct {
	Name   string `json:"name"` // slash-separated, relative to the output folder
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"` // bytes
}

// Delivery records what the delivery step did after the run: what was
// published to the distribution folder and which mails were sent; a delivery
// problem is recorded here and never changes the run's status.
// Delivery statuses (run.json).
const (
	DeliveryOK     = "ok"      // published and mailed, or queued to retry
	DeliveryFailed = "failed"  // something could not be published or sent
	DeliveryDryRun = "dry-run" // -dry-run: shown, nothing done
	DeliveryOff    = "off"     // no distribution configured
)

type Delivery struct {
	Status    string   `json:"status,omitempty"` // one of the Delivery constants
	Published []string `json:"published,omitempty"`
	Sent      []string `json:"sent,omitempty"`
	Pending   int      `json:"pending,omitempty"` // mails kept for the next run
	Errors    []string `json:"errors,omitempty"`
}

// NewFileRecord describes an output from the bytes written for it; name is
// slash-separated and relative to the output folder.
func NewFileRecord(name string, data []byte) FileRecord {
	sum := sha256.Sum256(data)
	return FileRecord{Name: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
}

// HashFiles describes the files names (slash-separated, relative to dir) for
// RunRecord.Outputs, in the order given, reading them from disk.
func HashFiles(dir string, names []string) ([]FileRecord, error) {
	out := make([]FileRecord, 0, len(names))
	for _, n := range names {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(n)))
		if err != nil {
			return nil, fmt.Errorf("出力「%s」を読めません: %w", n, err)
		}
		h := sha256.New()
		size, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("出力「%s」を読めません: %w", n, err)
		}
		out = append(out, FileRecord{Name: n, SHA256: hex.EncodeToString(h.Sum(nil)), Size: size})
	}
	return out, nil
}

func (r RunRecord) normalized() RunRecord {
	if r.Durations == nil {
		r.Durations = []StageDuration{}
	}
	if r.TotalMS == 0 {
		for _, d := range r.Durations {
			r.TotalMS += d.Millis
		}
	}
	if r.Inputs == nil {
		r.Inputs = []model.InputFile{}
	}
	if r.Outputs == nil {
		r.Outputs = []FileRecord{}
	}
	return r
}

// encodeRecord marshals without HTML escaping (messages may quote <p>).
func encodeRecord(rec RunRecord, indent bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(rec.normalized()); err != nil {
		return nil, fmt.Errorf("実行記録を書けません: %w", err)
	}
	return buf.Bytes(), nil // Encode ends with a newline
}

// WriteRunRecord writes rec as indented JSON to path (run.json) atomically,
// mode 0644.
func WriteRunRecord(path string, rec RunRecord) error {
	data, err := encodeRecord(rec, true)
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, data, 0o644)
}

// AppendHistory appends rec as one JSON line to <dir>/history.jsonl
// (creating it, 0644) and fsyncs it. Lines are only ever added. If the file
// ends in a torn line (a crash mid-append), the new line starts on a line of
// its own so that it stays readable. Call it under Lock.
func AppendHistory(dir string, rec RunRecord) error {
	line, err := encodeRecord(rec, false)
	if err != nil {
		return err
	}
	name := filepath.Join(dir, HistoryName)
	_, statErr := os.Stat(name)
	created := errors.Is(statErr, fs.ErrNotExist)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("実行履歴「%s」を開けません: %w", name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("実行履歴「%s」: %w", name, err)
	}
	if fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, fi.Size()-1); err != nil {
			return fmt.Errorf("実行履歴「%s」を読めません: %w", name, err)
		}
		if last[0] != '\n' {
			line = append([]byte{'\n'}, line...)
		}
	}
	// One write: a concurrent reader sees whole lines or a torn last one.
	if _, err := f.Write(line); err != nil {
		return fmt.Errorf("実行履歴「%s」に書き込めません: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("実行履歴「%s」をディスクに書き出せません: %w", name, err)
	}
	if created {
		return syncDir(dir)
	}
	return nil
}

// historyBlock is how much of history.jsonl is read at a time, from its
// end.
const historyBlock = 64 << 10

// NewestFirst calls yield with the readable records of <dir>/history.jsonl,
// newest first, until yield returns false, and returns the number of lines
// passed that could not be read (a torn last line after a crash, or
// damage). A missing file is no history.
//
// The file is read backwards a block at a time, so that finding the last
// run costs the same on the first night and after ten years: every record
// lists the input files, and a year of nightly runs over a thousand
// workbooks is some 30 MB of lines, which reading whole would cost every
// run more than all its other bookkeeping.
func NewestFirst(dir string, yield func(RunRecord) bool) (bad int, err error) {
	f, err := os.Open(filepath.Join(dir, HistoryName))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("実行履歴を読めません: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("実行履歴を読めません: %w", err)
	}
	// line handles one line and reports whether to go on.
	line := func(b []byte) bool {
		if len(bytes.TrimSpace(b)) == 0 {
			return true
		}
		var r RunRecord
		if json.Unmarshal(b, &r) != nil || r.Status == "" {
			bad++
			return true
		}
		return yield(r)
	}
	// buf[lo:hi] is read and not yet taken as lines: the start of a line
	// that began before the blocks read. Blocks go in front of it, into
	// room made by doubling, and only a new block is searched for line
	// ends, so a line of any length (a torn remnant of megabytes) costs
	// time in proportion to it.
	var buf []byte
	lo, hi := 0, 0
	for end := fi.Size(); end > 0; {
		start := max(0, end-historyBlock)
		n := int(end - start)
		if lo < n {
			keep := hi - lo
			grown := make([]byte, 2*(keep+n))
			copy(grown[len(grown)-keep:], buf[lo:hi])
			buf, lo, hi = grown, len(grown)-keep, len(grown)
		}
		lo -= n
		if _, err := f.ReadAt(buf[lo:lo+n], start); err != nil {
			return bad, fmt.Errorf("実行履歴を読めません: %w", err)
		}
		scan := lo + n // no line end after it
		for {
			i := bytes.LastIndexByte(buf[lo:scan], '\n')
			if i < 0 {
				break
			}
			if !line(buf[lo+i+1 : hi]) {
				return bad, nil
			}
			hi, scan = lo+i, lo+i
		}
		end = start
	}
	line(buf[lo:hi]) // the first line of the file
	return bad, nil
}

// LastSuccess returns the newest run with status done in <dir>/history.jsonl,
// or nil, nil when there is none (or no history). Lines that cannot be read,
// such as a torn last line, are passed over.
func LastSuccess(dir string) (*RunRecord, error) {
	var last *RunRecord
	_, err := NewestFirst(dir, func(r RunRecord) bool {
		if r.Status == model.RunDone {
			last = &r
			return false
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return last, nil
}

// InputFingerprint hashes what decides a run's outputs: the input files
// (name, SHA-256 and size, in name order; ignored files such as Excel's
// ~$ lock files left out), the configuration's Fingerprint and the program
// version. The result is 64 lower-case hex digits. A run whose fingerprint
// equals the last done run's may be skipped.
func InputFingerprint(files []model.InputFile, configFingerprint, version string) string {
	fs := slices.Clone(files)
	slices.SortFunc(fs, func(a, b model.InputFile) int { return strings.Compare(a.Name, b.Name) })
	h := sha256.New()
	// Each field is quoted, so no name can forge a field boundary.
	fmt.Fprintf(h, "planreport-inputs/1\nversion %s\nconfig %s\n", strconv.Quote(version), strconv.Quote(configFingerprint))
	for _, f := range fs {
		if f.Status == model.FileIgnored {
			continue
		}
		fmt.Fprintf(h, "file %s %s %d\n", strconv.Quote(f.Name), strconv.Quote(f.SHA256), f.Size)
	}
	return hex.EncodeToString(h.Sum(nil))
}
