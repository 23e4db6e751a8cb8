package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesAndLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "一覧.csv")
	for _, content := range []string{"first", "second, longer"} {
		if err := WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != content {
			t.Fatalf("content %q, want %q", got, content)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("%d entries in the folder, want only the file", len(ents))
	}
}

func TestCopyHash(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.WriteFile(src, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, size, err := Copy(filepath.Join(dir, "dst"), src, 0o600)
	// SHA-256("abc") is the FIPS 180-2 test vector.
	const want = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if err != nil || sum != want || size != 3 {
		t.Fatalf("Copy = %s, %d, %v", sum, size, err)
	}
	if st, err := os.Stat(filepath.Join(dir, "dst")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("dst mode %v, %v", st.Mode(), err)
	}
}

func TestWriteIntoMissingFolderFails(t *testing.T) {
	if err := WriteFile(filepath.Join(t.TempDir(), "no", "such"), []byte("x"), 0o644); err == nil {
		t.Fatal("no error")
	}
}
