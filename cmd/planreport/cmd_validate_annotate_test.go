package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/feedback"
)

// listTree lists every file under dir, relative, with its bytes.
func listTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestValidateAnnotate: validate -annotate DIR writes one copy per checked
// workbook with findings into DIR and nothing else anywhere (the input
// folder and the working folder are unchanged); each copy has 指摘事項
// first and a note on each finding's cell.
func TestValidateAnnotate(t *testing.T) {
	root := copySample(t)
	in := filepath.Join(root, "input")
	before := listTree(t, root)
	dir := filepath.Join(root, "赤入れ")
	r := planreport(t, root, "validate", "-json", "-annotate", dir, in)
	if r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	var fj struct {
		Findings []struct{ File, Sheet, Cell, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &fj); err != nil {
		t.Fatalf("stdout is not findings.json alone: %v", err)
	}
	after := listTree(t, root)
	var written []string
	for name, data := range after {
		if old, ok := before[name]; ok {
			if !bytes.Equal(old, data) {
				t.Errorf("%s changed", name)
			}
			continue
		}
		written = append(written, name)
	}
	slices.Sort(written)
	// Every sample workbook has a finding: (4) 現状・背景 is the same text in
	// all eleven sheets (the seed), warned in each of the five workbooks.
	want := []string{"赤入れ/建設部.xlsx", "赤入れ/復興政策部.xlsx", "赤入れ/生活環境部.xlsx", "赤入れ/総務部.xlsx", "赤入れ/財務部.xlsx"}
	if !slices.Equal(written, want) {
		t.Fatalf("written %v, want %v", written, want)
	}
	notes := 0
	for _, name := range written {
		f, err := excelize.OpenReader(bytes.NewReader(after[name]))
		if err != nil {
			t.Fatal(err)
		}
		if f.GetSheetName(0) != feedback.SheetName {
			t.Errorf("%s: first sheet %q", name, f.GetSheetName(0))
		}
		file := filepath.Base(name)
		for _, fd := range fj.Findings {
			if fd.File != file || fd.Cell == "" {
				continue
			}
			comments, _ := f.GetComments(fd.Sheet)
			ok := false
			for _, c := range comments {
				ok = ok || c.Cell == fd.Cell && strings.Contains(commentOf(c), fd.Message)
			}
			if !ok {
				t.Errorf("%s!%s!%s: no note with %q", file, fd.Sheet, fd.Cell, fd.Message)
			}
			notes++
		}
		f.Close()
	}
	if notes == 0 {
		t.Fatal("no finding with a cell")
	}
}

func commentOf(c excelize.Comment) string {
	s := c.Text
	for _, r := range c.Paragraph {
		s += r.Text
	}
	return s
}

// TestValidateAnnotateRefusesInputFolders: DIR may not be the folder of a
// checked file, a folder containing it, or the configured input folder
// (or inside it); nothing is written and the exit status is 2.
func TestValidateAnnotateRefusesInputFolders(t *testing.T) {
	root := copySample(t)
	in := filepath.Join(root, "input")
	file := filepath.Join(in, "総務部.xlsx")
	before := listTree(t, root)
	for _, args := range [][]string{
		{"-annotate", in, file},
		{"-annotate", in + "/", in},
		{"-annotate", root, file},
		{"-annotate", ".", "input"},
		// The configured input folder (default "input"), from the folder
		// it is in: a subfolder of it is refused too.
		{"-annotate", "input/赤入れ", filepath.Join(root, "..", filepath.Base(root), "input", "財務部.xlsx")},
	} {
		r := planreport(t, root, append([]string{"validate"}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "-annotate") {
			t.Errorf("validate %v: exit %d, %s", args, r.code, r.stderr)
		}
	}
	if after := listTree(t, root); !maps.EqualFunc(after, before, bytes.Equal) {
		t.Errorf("files written or changed: %d before, %d after", len(before), len(after))
	}
	// From elsewhere (the configured input folder is not this one): a
	// folder inside the checked file's folder or inside a checked folder
	// is refused too, so that no copy lands beside or over a workbook
	// being checked.
	elsewhere := t.TempDir()
	if err := os.Mkdir(filepath.Join(in, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	before = listTree(t, root)
	for _, args := range [][]string{
		{"-annotate", filepath.Join(in, "sub"), file},
		{"-annotate", filepath.Join(in, "赤入れ"), in},
		{"-annotate", filepath.Join(in, "sub", "..", "x"), in},
	} {
		r := planreport(t, elsewhere, append([]string{"validate"}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "-annotate") {
			t.Errorf("validate %v: exit %d, %s", args, r.code, r.stderr)
		}
	}
	if after := listTree(t, root); !maps.EqualFunc(after, before, bytes.Equal) {
		t.Errorf("files written or changed: %d before, %d after", len(before), len(after))
	}
}
