package ingest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/ingest/xlsx"
)

// TestDocProps reads the last saved time and author of a workbook from
// docProps/core.xml, and none when the part is absent, broken or too large.
func TestDocProps(t *testing.T) {
	saved := func(f *excelize.File) {
		if err := f.SetDocProps(&excelize.DocProperties{LastModifiedBy: "総務 花子", Modified: "2026-05-10T01:23:45+09:00"}); err != nil {
			t.Fatal(err)
		}
	}
	good := buildBook(t, []sheetSpec{heiseiSpec()}, saved)
	core := func(edit func([]byte) []byte) []byte {
		return rewriteZip(t, good, func(name string, c []byte) []byte {
			if name == "docProps/core.xml" {
				return edit(c)
			}
			return c
		})
	}
	dropped := rewriteEntries(t, good, func(name string, c []byte) (string, []byte) {
		if name == "docProps/core.xml" {
			return "docProps/other.xml", c
		}
		return name, c
	})
	huge := core(func(c []byte) []byte {
		return bytes.Replace(c, []byte("</coreProperties>"), append(bytes.Repeat([]byte("<!-- padding -->"), xlsx.MaxCorePropsBytes/16+1), "</coreProperties>"...), 1)
	})
	cases := []struct {
		name, modified, by string
		data               []byte
	}{
		{"good.xlsx", "2026-05-09T16:23:45Z", "総務 花子", good},
		{"nocore.xlsx", "", "", dropped},
		{"broken.xlsx", "", "", core(func(c []byte) []byte { return c[:len(c)/2] })},
		{"huge.xlsx", "", "", huge},
		{"baddate.xlsx", "", "総務 花子", core(func(c []byte) []byte {
			return []byte(strings.Replace(string(c), "2026-05-10T01:23:45+09:00", "昨日", 1))
		})},
	}
	files := map[string][]byte{}
	for _, c := range cases {
		files[c.name] = c.data
	}
	b := readFiles(t, files, Options{})
	for _, c := range cases {
		var found bool
		for _, f := range b.Files {
			if f.Name != c.name {
				continue
			}
			found = true
			if f.Status != "accepted" || f.Modified != c.modified || f.ModifiedBy != c.by {
				t.Errorf("%s: status %s modified %q by %q, want accepted %q %q", c.name, f.Status, f.Modified, f.ModifiedBy, c.modified, c.by)
			}
		}
		if !found {
			t.Errorf("%s not read", c.name)
		}
	}
}
