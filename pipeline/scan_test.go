package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"planreport/pipeline/outputs"
)

func TestScanInputsDoesNotReadOversizeFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.xlsx"), []byte("abc"), 0o644)
	os.WriteFile(filepath.Join(dir, "big.xlsx"), make([]byte, 100), 0o644)
	os.Mkdir(filepath.Join(dir, "sub.xlsx"), 0o755)
	files, err := scanInputs(dir, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("%d entries, want 3", len(files))
	}
	// sha256("abc"), by the standard's test vector.
	if files[0].SHA256 != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" || files[0].Size != 3 {
		t.Errorf("a.xlsx = %+v", files[0])
	}
	if !strings.HasPrefix(files[1].SHA256, "oversize-100-") || files[1].Size != 100 {
		t.Errorf("big.xlsx = %+v, want an oversize stand-in key", files[1])
	}
	if files[2].SHA256 != "" {
		t.Errorf("a folder got a hash: %+v", files[2])
	}
	// A change to the big file still changes its key.
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(dir, "big.xlsx"), later, later)
	again, _ := scanInputs(dir, 10)
	if again[1].SHA256 == files[1].SHA256 {
		t.Error("touching the oversize file did not change its key")
	}
}

// A department name too long for a file name (84 characters: 252 bytes,
// over the 255-byte limit once ".pdf" and staging are added) is cut, with
// a hash keeping two such names apart; before, the file could not be
// created and the whole run failed.
func TestSafeFileNameLong(t *testing.T) {
	long := strings.Repeat("地", 83) + "部"
	other := strings.Repeat("地", 83) + "局"
	a, b := safeFileName(long), safeFileName(other)
	if len(a) > outputs.NameBytes || len(b) > outputs.NameBytes || a == b {
		t.Fatalf("%q (%d bytes), %q (%d bytes): want two distinct names of at most %d bytes", a, len(a), b, len(b), outputs.NameBytes)
	}
	if !strings.HasPrefix(a, strings.Repeat("地", 40)) || !strings.Contains(a, "…") {
		t.Errorf("%q: want the name's start, cut with …", a)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, a+".pdf"), nil, 0o644); err != nil {
		t.Fatalf("cannot create it: %v", err)
	}
	if got := safeFileName("総務部"); got != "総務部" {
		t.Errorf("short name changed: %q", got)
	}
}
