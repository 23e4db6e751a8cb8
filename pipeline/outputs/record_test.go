package outputs

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/model"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "run.json")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(b) != "new" || fi.Mode().Perm() != 0o644 {
		t.Errorf("content %q mode %v, want \"new\" 0644", b, fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	// A folder that does not exist: an error, nothing created.
	if err := WriteFileAtomic(filepath.Join(dir, "no", "x"), nil, 0o644); err == nil {
		t.Error("WriteFileAtomic into a missing folder succeeded")
	}
}

func TestWriteRunRecordFieldOrder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "run.json")
	rec := RunRecord{Status: model.RunDone, Start: "2025-06-02T02:00:00+09:00", ReportDate: "2025-06-02",
		Message: "<p>は HTML ではない"}
	if err := WriteRunRecord(p, rec); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	// Written by hand from the struct's field order; empty lists are [].
	want := `{
  "status": "done",
  "start": "2025-06-02T02:00:00+09:00",
  "report_date": "2025-06-02",
  "durations_ms": [],
  "total_ms": 0,
  "inputs": [],
  "counts": {
    "files": 0,
    "accepted": 0,
    "rejected": 0,
    "ignored": 0,
    "initiatives": 0,
    "indicators": 0,
    "indicator_years": 0,
    "evaluated": 0,
    "achieved": 0,
    "errors": 0,
    "warnings": 0,
    "infos": 0
  },
  "outputs": [],
  "exit_status": 0,
  "fingerprint": "",
  "config_fingerprint": "",
  "version": "",
  "message": "<p>は HTML ではない",
  "delivery": {}
}
`
	if string(b) != want {
		t.Errorf("run.json =\n%s\nwant\n%s", b, want)
	}
}

// TotalMS left 0 is the sum of the stages (12 + 30 = 42, by hand); a value
// set by the caller is kept.
func TestRunRecordTotal(t *testing.T) {
	p := filepath.Join(t.TempDir(), "run.json")
	for _, tc := range []struct{ set, want int64 }{{0, 42}, {50, 50}} {
		rec := RunRecord{Status: model.RunDone, TotalMS: tc.set, Durations: []StageDuration{{"ingest", 12}, {"pdf", 30}}}
		if err := WriteRunRecord(p, rec); err != nil {
			t.Fatal(err)
		}
		var back RunRecord
		if err := json.Unmarshal(readBytes(t, p), &back); err != nil {
			t.Fatal(err)
		}
		if back.TotalMS != tc.want || len(back.Durations) != 2 || back.Durations[1] != (StageDuration{"pdf", 30}) {
			t.Errorf("TotalMS %d → %+v", tc.set, back)
		}
	}
}

func readBytes(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHistoryAndLastSuccess(t *testing.T) {
	dir := t.TempDir()
	if r, err := LastSuccess(dir); r != nil || err != nil {
		t.Fatalf("LastSuccess with no history = %v, %v; want nil, nil", r, err)
	}
	for _, r := range []RunRecord{
		{Status: model.RunDone, Start: "2025-06-01T02:00:00+09:00"},
		{Status: model.RunDone, Start: "2025-06-02T02:00:00+09:00"},
		{Status: model.RunFailed, Start: "2025-06-03T02:00:00+09:00"},
		{Status: model.RunSkipped, Start: "2025-06-04T02:00:00+09:00"},
	} {
		if err := AppendHistory(dir, r); err != nil {
			t.Fatal(err)
		}
	}
	last, err := LastSuccess(dir)
	if err != nil || last == nil || last.Start != "2025-06-02T02:00:00+09:00" {
		t.Fatalf("LastSuccess = %+v, %v; want the 2025-06-02 run", last, err)
	}

	// A crash mid-append leaves a torn line without a newline.
	name := filepath.Join(dir, HistoryName)
	f, _ := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"status":"done","start":"2025-06-05T02:0`)
	f.Close()
	last, err = LastSuccess(dir)
	if err != nil || last == nil || last.Start != "2025-06-02T02:00:00+09:00" {
		t.Fatalf("with a torn last line: %+v, %v; want the 2025-06-02 run", last, err)
	}

	// The next append starts a line of its own and is readable.
	if err := AppendHistory(dir, RunRecord{Status: model.RunDone, Start: "2025-06-06T02:00:00+09:00"}); err != nil {
		t.Fatal(err)
	}
	last, _ = LastSuccess(dir)
	if last == nil || last.Start != "2025-06-06T02:00:00+09:00" {
		t.Errorf("after appending past the torn line: %+v", last)
	}
	var starts []string
	bad, err := NewestFirst(dir, func(r RunRecord) bool { starts = append(starts, r.Start[:10]); return true })
	if want := []string{"2025-06-06", "2025-06-04", "2025-06-03", "2025-06-02", "2025-06-01"}; err != nil || !slices.Equal(starts, want) || bad != 1 {
		t.Errorf("NewestFirst = %q, %d bad, %v; want %q, 1 bad", starts, bad, err, want)
	}
	// Append-only: the earlier bytes are unchanged (the file starts with the first record).
	b, _ := os.ReadFile(name)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], `{"status":"done","start":"2025-06-01`) {
		t.Errorf("history lines = %q", lines)
	}
}

// NewestFirst reads the history backwards in blocks: lines across block
// boundaries, records longer than a block, blank and damaged lines
// anywhere, and a file without a final newline all read as a forward
// parse of the whole file reads them, newest first.
func TestNewestFirstMatchesForwardRead(t *testing.T) {
	dir := t.TempDir()
	var text strings.Builder
	var want []string // starts, oldest first
	wantBad := 0
	for i := range 400 {
		switch {
		case i%97 == 13:
			text.WriteString("{\"status\":\"done\",\"sta\n") // damaged
			wantBad++
			continue
		case i%89 == 5:
			text.WriteString("\n  \n") // blank lines
		}
		r := RunRecord{Status: model.RunDone, Start: fmt.Sprintf("2026-01-01T00:00:%03d", i)}
		// Some records are far longer than a block (a thousand workbooks).
		files := i % 13 * 20
		if i%50 == 7 {
			files = 1500 // 150 KB
		}
		for range files {
			r.Inputs = append(r.Inputs, model.InputFile{Name: fmt.Sprintf("部%04d.xlsx", i), SHA256: strings.Repeat("a", 64)})
		}
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		text.Write(line)
		text.WriteByte('\n')
		want = append(want, r.Start)
	}
	text.WriteString(`{"status":"done","start":"torn`) // no newline at the end
	wantBad++
	text.WriteString(strings.Repeat("\x00", 5*historyBlock/2)) // a crash's remnant, longer than a block
	if err := os.WriteFile(filepath.Join(dir, HistoryName), []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if text.Len() < 10*historyBlock {
		t.Fatalf("history of %d bytes: too small to cross many blocks", text.Len())
	}
	var got []string
	bad, err := NewestFirst(dir, func(r RunRecord) bool { got = append(got, r.Start); return true })
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(want)
	if !slices.Equal(got, want) || bad != wantBad {
		t.Errorf("NewestFirst: %d records, %d bad; want %d, %d", len(got), bad, len(want), wantBad)
	}
	// yield is not called again once it returned false.
	n := 0
	if _, err := NewestFirst(dir, func(RunRecord) bool { n++; return n < 3 }); err != nil || n != 3 {
		t.Errorf("stopped after %d records, %v; want 3", n, err)
	}
}

func TestInputFingerprint(t *testing.T) {
	files := []model.InputFile{
		{Name: "b.xlsx", SHA256: "bb", Size: 2, Status: model.FileAccepted},
		{Name: "a.xlsx", SHA256: "aa", Size: 1, Status: model.FileRejected},
	}
	fp := InputFingerprint(files, "cfg", "v1")
	if len(fp) != 64 {
		t.Fatalf("fingerprint %q is not 64 hex digits", fp)
	}
	reordered := []model.InputFile{files[1], files[0]}
	withLockFile := append(slices.Clone(files), model.InputFile{Name: "~$a.xlsx", SHA256: "zz", Size: 165, Status: model.FileIgnored})
	if InputFingerprint(reordered, "cfg", "v1") != fp {
		t.Error("order of files changed the fingerprint")
	}
	if InputFingerprint(withLockFile, "cfg", "v1") != fp {
		t.Error("an ignored Excel lock file changed the fingerprint")
	}
	changed := slices.Clone(files)
	changed[0].SHA256 = "bc"
	for name, other := range map[string]string{
		"content": InputFingerprint(changed, "cfg", "v1"),
		"config":  InputFingerprint(files, "cfg2", "v1"),
		"version": InputFingerprint(files, "cfg", "v2"),
		"removed": InputFingerprint(files[:1], "cfg", "v1"),
		// Quoting keeps field boundaries: moving a space between fields differs.
		"boundary": InputFingerprint(files, "cfg v1", ""),
	} {
		if other == fp {
			t.Errorf("changing the %s did not change the fingerprint", name)
		}
	}
}

func TestCountsOf(t *testing.T) {
	b := &model.Batch{
		Files: []model.InputFile{{Status: model.FileAccepted}, {Status: model.FileAccepted}, {Status: model.FileRejected}, {Status: model.FileIgnored}},
		Initiatives: []*model.Initiative{
			{Indicators: []model.Indicator{
				{Years: []model.IndicatorYear{{Eval: model.Evaluation{Judgement: model.GradeA, Rate: model.Rate{Tenths: 1000, Valid: true}}}, {}}},
				{Years: []model.IndicatorYear{{Eval: model.Evaluation{Judgement: model.NotAchieved}}, {Eval: model.Evaluation{Judgement: model.GradeB, Rate: model.Rate{Tenths: 999, Valid: true}}}}},
			}},
			{},
		},
	}
	b.Add(model.SeverityError, "x", model.Source{}, "e")
	b.Add(model.SeverityWarning, "x", model.Source{}, "w")
	b.Add(model.SeverityWarning, "x", model.Source{}, "w")
	got := CountsOf(b)
	// By hand: 3 input files (2 accepted, 1 rejected; the ignored entry
	// is no input and not counted), 2 sheets, 2 indicators, 4
	// indicator-years of which 3 judged and 1 achieved (100.0; 99.9 and
	// 未達成 are not), 1 error, 2 warnings.
	want := Counts{Files: 3, Accepted: 2, Rejected: 1, Ignored: 0, Initiatives: 2, Indicators: 2,
		IndicatorYears: 4, Evaluated: 3, Achieved: 1, Errors: 1, Warnings: 2}
	if got != want {
		t.Errorf("CountsOf = %+v, want %+v", got, want)
	}
}

func TestHashFiles(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "d"), 0o755)
	os.WriteFile(filepath.Join(dir, "d", "x"), []byte("abc"), 0o644)
	got, err := HashFiles(dir, []string{"d/x"})
	// SHA-256("abc") is the FIPS 180-2 test vector.
	want := FileRecord{Name: "d/x", SHA256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Size: 3}
	if err != nil || len(got) != 1 || got[0] != want {
		t.Errorf("HashFiles = %+v, %v", got, err)
	}
	if r := NewFileRecord("d/x", []byte("abc")); r != want {
		t.Errorf("NewFileRecord = %+v, want %+v", r, want)
	}
	// Round trip through JSON keeps the record.
	rec := RunRecord{Status: model.RunDone, Outputs: got}
	data, _ := json.Marshal(rec)
	var back RunRecord
	json.Unmarshal(data, &back)
	if back.Outputs[0] != want {
		t.Errorf("round trip: %+v", back.Outputs)
	}
}

func TestShortName(t *testing.T) {
	exact := strings.Repeat("部", 50) // 150 bytes
	if got := ShortName(exact, 150); got != exact {
		t.Errorf("a name of exactly the limit changed: %q", got)
	}
	long := exact + "a"
	got := ShortName(long, 150)
	if len(got) > 150 || !strings.HasPrefix(got, strings.Repeat("部", 43)) || !strings.Contains(got, "…") || got == ShortName(exact+"b", 150) {
		t.Errorf("ShortName(%d bytes) = %q (%d bytes)", len(long), got, len(got))
	}
}

// BenchmarkLastSuccess finds the last run after a year of nightly runs
// over a hundred workbooks (history.jsonl of 365 records, about 6 MB).
func BenchmarkLastSuccess(b *testing.B) {
	dir := b.TempDir()
	r := RunRecord{Status: model.RunDone, Start: "2026-04-01T02:00:00+09:00"}
	for i := range 100 {
		r.Inputs = append(r.Inputs, model.InputFile{Name: fmt.Sprintf("部%03d.xlsx", i), SHA256: strings.Repeat("a", 64), Size: 26_000})
	}
	for range 365 {
		if err := AppendHistory(dir, r); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if last, err := LastSuccess(dir); last == nil || err != nil {
			b.Fatal(last, err)
		}
	}
}

// BenchmarkNewestFirstLongLine reads a history that ends in a torn remnant
// of 16 MB without a line end (a crash mid-append on some file systems):
// linear in its length.
func BenchmarkNewestFirstLongLine(b *testing.B) {
	dir := b.TempDir()
	if err := AppendHistory(dir, RunRecord{Status: model.RunDone, Start: "2026-04-01T02:00:00+09:00"}); err != nil {
		b.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, HistoryName), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	f.Write(make([]byte, 16<<20))
	f.Close()
	for b.Loop() {
		if last, err := LastSuccess(dir); last == nil || err != nil {
			b.Fatal(last, err)
		}
	}
}
