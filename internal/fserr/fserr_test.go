package fserr

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"missing parent", os.Mkdir(filepath.Join(dir, "none", "x"), 0o755), "その場所がないか、作れない場所です"},
		{"under a file", os.MkdirAll(filepath.Join(file, "x"), 0o755), "途中にフォルダでないファイルがあります"},
		{"exists", os.Mkdir(file, 0o755), "同じ名前のものがすでにあります"},
	} {
		err := Wrap(c.err, "出力フォルダ「%s」を作れません", "x")
		if err == nil || err.Error() != "出力フォルダ「x」を作れません（"+c.want+"）" {
			t.Errorf("%s: %v (from %v)", c.name, err, c.err)
		}
		if !errors.Is(err, c.err) || strings.Contains(err.Error(), "mkdir") {
			t.Errorf("%s: %v does not wrap %v, or says the system's words", c.name, err, c.err)
		}
	}
	if !errors.Is(Wrap(fs.ErrPermission, "x"), fs.ErrPermission) || Wrap(nil, "x") != nil {
		t.Error("Wrap of ErrPermission or nil")
	}
}
