package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
