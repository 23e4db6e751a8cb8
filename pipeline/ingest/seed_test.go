package ingest

import (
	"os"
	"path/filepath"
	"testing"

	"planreport/pipeline/model"
)

// TestSeedDump reads the text dump of the real sheets of basic goal 5
// (testdata/seed-goal5.txt, a copy of shared/seed) through the grid parser.
// The dump is imperfect (rows shifted, one header lost), so this checks
// what the clean parts must give, by hand from the dump: eleven
// initiatives 1–11 of goal 5, the index of eleven entries, and the first
// indicator of sheet 1 (B13 in the dump's grid of that sheet).
func TestSeedDump(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "seed-goal5.txt"))
	if err != nil {
		t.Fatal(err)
	}
	secs := splitSeed(string(data))
	if len(secs) != 12 {
		t.Fatalf("sections = %d, want 12", len(secs))
	}
	idx := parseSheet(model.Source{File: "seed", Sheet: "index"}, gridFromText(secs[0], ""), nil)
	if idx.kind != sheetIndex || len(idx.index.Entries) != 11 || idx.index.GoalNumber != 5 ||
		idx.index.Entries[6].Department != "総務部・財務部" || idx.index.Entries[10].Title != "都市公園愛護会結成の促進" {
		t.Fatalf("index = %+v", idx.index)
	}
	titles := map[int]string{1: "市民との協働の推進", 8: "消防団の班の再編・再生", 11: "都市公園愛護会結成の促進"}
	for i, sec := range secs[1:] {
		res := parseSheet(model.Source{File: "seed", Sheet: "s"}, gridFromText(sec, ""), nil)
		in := res.initiative
		if res.kind != sheetManagement || in == nil {
			t.Fatalf("sheet %d: kind %d, findings %s", i+1, res.kind, dump(res.findings))
		}
		if in.GoalNumber != 5 || in.Number != i+1 {
			t.Errorf("sheet %d: goal %d number %d", i+1, in.GoalNumber, in.Number)
		}
		if w, ok := titles[i+1]; ok && in.Title != w {
			t.Errorf("sheet %d: title %q, want %q", i+1, in.Title, w)
		}
		if len(in.Plans) != 6 {
			t.Errorf("sheet %d: plans %d, want 6", i+1, len(in.Plans))
		}
	}
	// Sheet 1, indicator 1: targets 373 ×3, 250 ×3; actuals 157, 172, 168.
	in := parseSheet(model.Source{File: "seed", Sheet: "s"}, gridFromText(secs[1], ""), nil).initiative
	ind := in.Indicators[0]
	if ind.Name != "コミュニティづくり支援補助事業申請件数" || ind.Unit != "件数" || ind.Source.Cell != "B13" {
		t.Fatalf("indicator = %q %q %s", ind.Name, ind.Unit, ind.Source.Cell)
	}
	for i, want := range []model.Decimal{"373", "373", "373", "250", "250", "250"} {
		if ind.Years[i].Target.Number != want {
			t.Errorf("target %d = %+v, want %s", i, ind.Years[i].Target, want)
		}
	}
	for i, want := range []model.Decimal{"157", "172", "168"} {
		if ind.Years[i].Actual.Number != want {
			t.Errorf("actual %d = %+v, want %s", i, ind.Years[i].Actual, want)
		}
	}
	if in.Period != (model.Period{First: 2015, Last: 2020}) {
		t.Errorf("period %+v", in.Period)
	}
}
