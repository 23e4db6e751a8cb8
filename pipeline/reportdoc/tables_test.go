package reportdoc

import (
	"testing"

	"planreport/pipeline/model"
)

// TestFilesTableInputsOnly: 付録2 lists the inputs, accepted or rejected,
// and no entry that is not one (trial G: Thumbs.db and the sample's
// README.md listed as 対象外 in the council's report).
func TestFilesTableInputsOnly(t *testing.T) {
	b := &model.Batch{ReportDate: "2026-11-20", Files: []model.InputFile{
		{Name: "総務部.xlsx", SHA256: "aa", Size: 10, Status: model.FileAccepted},
		{Name: "Thumbs.db", Size: 1, Status: model.FileIgnored},
		{Name: "壊れた.xlsx", SHA256: "bb", Size: 5, Status: model.FileRejected},
	}}
	c, err := New(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tb := c.FilesTable()
	if len(tb.Rows) != 2 {
		t.Fatalf("rows %+v, want the two inputs", tb.Rows)
	}
	for _, r := range tb.Rows {
		if r[0].Text == "Thumbs.db" || r[1].Text == "対象外" {
			t.Errorf("a row for what is not an input: %+v", r)
		}
	}
}
