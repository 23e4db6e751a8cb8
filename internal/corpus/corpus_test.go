package corpus

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"

	"planreport/pipeline/check"
	"planreport/pipeline/config"
	"planreport/pipeline/ingest"
	"planreport/pipeline/model"
	"planreport/pipeline/rate"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus from the generator")

// committedDir is testdata/corpus at the repository root.
const committedDir = "../../testdata/corpus"

// TestCommitted: the committed files are what the generator makes (so the
// table below describes them), except password.xlsx, whose encryption is
// salted at random: it must be an OLE file that opens with Password and
// not without. -update rewrites them.
func TestCommitted(t *testing.T) {
	if *update {
		if err := os.MkdirAll(committedDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	names := map[string]bool{"README.md": true}
	var total int64
	for _, e := range Entries() {
		if !e.Committed {
			continue
		}
		names[e.Name] = true
		path := filepath.Join(committedDir, e.Name)
		if *update {
			if err := e.Write(committedDir); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run go test ./internal/corpus -update)", e.Name, err)
		}
		total += int64(len(got))
		if e.Name == "password.xlsx" {
			checkEncrypted(t, got)
			continue
		}
		want, err := e.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output (run go test ./internal/corpus -update)", e.Name)
		}
	}
	entries, err := os.ReadDir(committedDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range entries {
		if !names[de.Name()] {
			t.Errorf("testdata/corpus/%s is not a corpus entry", de.Name())
		}
	}
	if total > 512<<10 {
		t.Errorf("committed corpus is %d bytes; keep it well under 1 MB", total)
	}
}

func checkEncrypted(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		t.Fatal("password.xlsx is not an OLE compound file")
	}
	if f, err := excelize.OpenReader(bytes.NewReader(data)); err == nil {
		f.Close()
		t.Fatal("password.xlsx opens without the password")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{Password: Password})
	if err != nil {
		t.Fatalf("password.xlsx does not open with its password: %v", err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("取組1", "C3"); v != "検証用の取組4" {
		t.Errorf("password.xlsx C3 = %q", v)
	}
}

// TestLegacyXLS reads old-format.xlsx with an independent CFB reader: one
// stream, Workbook, of 4,096 bytes starting with a BIFF8 BOF record.
func TestLegacyXLS(t *testing.T) {
	r, err := mscfb.New(bytes.NewReader(legacyXLS()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for e, err := r.Next(); err == nil; e, err = r.Next() {
		names = append(names, e.Name)
		if e.Name != "Workbook" {
			continue
		}
		buf := make([]byte, 8)
		if _, err := io.ReadFull(e, buf); err != nil {
			t.Fatal(err)
		}
		// 0x0809 BOF, length 16, BIFF8 (0x0600), workbook globals (0x0005).
		if !bytes.Equal(buf, []byte{0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00}) || e.Size != 4096 {
			t.Errorf("Workbook stream starts % x, size %d", buf, e.Size)
		}
	}
	if !slices.Equal(names, []string{"Workbook"}) {
		t.Errorf("streams %v, want [Workbook]", names)
	}
}

// TestZerosDeflate: the repeated segment decodes to exactly mib MiB of
// zeros with the CRC given (archive/zip checks both when reading back).
func TestZerosDeflate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.zip")
	if err := writeZipBomb(path, 2, 3); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File[1:] {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err)
		}
		if len(data) != 3<<20 || bytes.ContainsFunc(data, func(r rune) bool { return r != 0 }) {
			t.Errorf("%s: %d bytes, want 3 MiB of zeros", zf.Name, len(data))
		}
	}
	// The full-size bomb's parts claim a GiB each for about a MB.
	data, _, size, err := ZerosDeflate(BombPartMiB)
	if err != nil {
		t.Fatal(err)
	}
	if size != 1<<30 || len(data) > 2<<20 {
		t.Errorf("part: %d bytes for %d", len(data), size)
	}
}

// reportDate is the report date of the table test (fiscal year 2026, so
// the corpus's 令和3〜5年度 actuals are in the past).
const reportDate = "2026-11-23"

// readEntry writes one entry alone into an input folder (committed entries
// from testdata/corpus, so that the committed bytes are what is tested)
// and runs ingest, check and rate on it as pipeline.Run does.
func readEntry(t *testing.T, e Entry) *model.Batch {
	t.Helper()
	in := filepath.Join(t.TempDir(), "input")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	if e.Committed {
		data, err := os.ReadFile(filepath.Join(committedDir, e.Name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, e.Name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if err := e.Write(in); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	b, err := ingest.Read(context.Background(), in, ingest.Options{Limits: cfg.Limits})
	if err != nil {
		t.Fatal(err)
	}
	b.ReportDate = reportDate
	check.Run(b)
	rate.Run(b, rate.OptionsOf(&cfg))
	model.SortFindings(b.Findings)
	return b
}

// TestEntries reads every corpus entry on its own: its status, the
// findings it must produce (code, severity, sheet and cell, worked out by
// hand from the way the entry is built), no other error finding, and no
// message prefixed with the file name (the finding carries it).
func TestEntries(t *testing.T) {
	for _, e := range Entries() {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			b := readEntry(t, e)
			if len(b.Files) != 1 || b.Files[0].Name != e.Name {
				t.Fatalf("files %+v, want only %s", b.Files, e.Name)
			}
			if got := b.Files[0].Status; got != e.Status {
				t.Errorf("status %s, want %s", got, e.Status)
			}
			var mine []model.Finding
			for _, f := range b.Findings {
				if f.File != e.Name {
					t.Errorf("finding about another file: %+v", f)
					continue
				}
				mine = append(mine, f)
				// The finding's File, Sheet and Cell say where; printers put
				// them in front, so the message must not start with them
				// again (it may name other sheets, as a duplicate does).
				if f.Message == "" || strings.HasPrefix(f.Message, "「"+e.Name+"」") {
					t.Errorf("message empty or prefixed with the file name: %q", f.Message)
				}
			}
			for _, w := range e.Want {
				if !slices.ContainsFunc(mine, func(f model.Finding) bool {
					return f.Code == w.Code && f.Severity == w.Severity && f.Sheet == w.Sheet && f.Cell == w.Cell
				}) {
					t.Errorf("missing %s %s at sheet %q cell %q", w.Severity, w.Code, w.Sheet, w.Cell)
				}
			}
			for _, f := range mine {
				if f.Severity == model.SeverityError && !slices.ContainsFunc(e.Want, func(w Want) bool {
					return f.Code == w.Code && f.Sheet == w.Sheet && f.Cell == w.Cell
				}) {
					t.Errorf("unexpected error %s at %q %q: %s", f.Code, f.Sheet, f.Cell, f.Message)
				}
			}
			if e.Verify != nil {
				if err := e.Verify(b); err != nil {
					t.Error(err)
				}
			}
			if t.Failed() {
				for _, f := range mine {
					t.Logf("%s %s %s!%s %s", f.Severity, f.Code, f.Sheet, f.Cell, f.Message)
				}
			}
		})
	}
}
