package excelize

import (
	"bytes"
	"testing"
)

// planreport: TabSelected in ViewOptions (CHANGES.md, item 7). Moving the
// selection from one sheet to another touches those two sheets only, and
// reads back after a save.
func TestViewOptionsTabSelected(t *testing.T) {
	f := NewFile()
	for _, name := range []string{"二", "三"} {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
	}
	on, off := true, false
	if err := f.SetSheetView("Sheet1", 0, &ViewOptions{TabSelected: &off}); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetView("三", 0, &ViewOptions{TabSelected: &on}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"Sheet1": false, "二": false, "三": true} {
		opts, err := g.GetSheetView(name, 0)
		if err != nil || opts.TabSelected == nil || *opts.TabSelected != want {
			t.Errorf("%s: TabSelected %v (%v), want %v", name, opts.TabSelected, err, want)
		}
	}
}
