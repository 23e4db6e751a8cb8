package changes

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planreport/pipeline/check"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

func year(y int, target, actual, rate, grade string) Year {
	return Year{Year: y, Target: Value{Text: target, Cell: "E13"}, Actual: Value{Text: actual, Cell: "E14"}, Rate: rate, Grade: grade}
}

func snap(date string, ins ...Initiative) *Snapshot {
	return &Snapshot{Format: Format, Version: Version, ReportDate: date, Initiatives: ins, Findings: []Finding{}}
}

func initiative(goal, number int, title string, period model.Period, inds ...Indicator) Initiative {
	return Initiative{Goal: goal, Number: number, Title: title, Department: "総務部", File: "総務部.xlsx", Sheet: "取組" + title, Period: period, Indicators: inds}
}

var plan1 = model.Period{First: 2015, Last: 2020}
var plan2 = model.Period{First: 2021, Last: 2025}

func kinds(c model.Changes) []model.ChangeKind {
	var out []model.ChangeKind
	for _, it := range c.Items {
		out = append(out, it.Kind)
	}
	return out
}

func TestCompare(t *testing.T) {
	ind := func(name string, ys ...Year) Indicator { return Indicator{Name: name, Cell: "B13", Years: ys} }
	a := ind("申請件数", year(2015, "373", "157", "42.1", "D"), year(2016, "373", "", "—", "—"))
	for _, c := range []struct {
		name      string
		prev, cur *Snapshot
		want      []model.ChangeKind
		check     func(t *testing.T, c model.Changes)
	}{
		{name: "no earlier report", prev: nil, cur: snap("2026-12-01", initiative(5, 1, "A", plan1, a)), want: nil,
			check: func(t *testing.T, c model.Changes) {
				if c.Base != "" {
					t.Errorf("base %q", c.Base)
				}
			}},
		{name: "unchanged", prev: snap("2026-11-23", initiative(5, 1, "A", plan1, a)), cur: snap("2026-12-01", initiative(5, 1, "A", plan1, a)), want: nil},
		{name: "full-width name is the same indicator",
			prev: snap("2026-11-23", initiative(5, 1, "A", plan1, ind("ＩＣＴ 研修", year(2015, "1", "1", "100.0", "A")))),
			cur:  snap("2026-12-01", initiative(5, 1, "A", plan1, ind("ICT研修", year(2015, "1", "1", "100.0", "A")))),
			want: []model.ChangeKind{model.ChangeIndicatorRenamed}},
		{name: "renamed: same place, same targets",
			prev: snap("2026-11-23", initiative(5, 1, "A", plan1, a)),
			cur:  snap("2026-12-01", initiative(5, 1, "A", plan1, ind("補助事業の申請件数", a.Years...))),
			want: []model.ChangeKind{model.ChangeIndicatorRenamed},
			check: func(t *testing.T, c model.Changes) {
				if it := c.Items[0]; it.Before != "申請件数" || it.After != "補助事業の申請件数" || it.Source.Cell != "B13" {
					t.Errorf("rename %+v", it)
				}
			}},
		{name: "other targets: removed and added",
			prev: snap("2026-11-23", initiative(5, 1, "A", plan1, a)),
			cur:  snap("2026-12-01", initiative(5, 1, "A", plan1, ind("別の指標", year(2015, "10", "", "—", "—")))),
			want: []model.ChangeKind{model.ChangeIndicatorAdded, model.ChangeIndicatorRemoved}},
		{name: "actual entered, grade and rate",
			prev: snap("2026-11-23", initiative(5, 1, "A", plan1, a)),
			cur:  snap("2026-12-01", initiative(5, 1, "A", plan1, ind("申請件数", year(2015, "373", "157", "42.1", "D"), year(2016, "373", "373", "100.0", "A")))),
			want: []model.ChangeKind{model.ChangeGrade, model.ChangeRate, model.ChangeActualEntered},
			check: func(t *testing.T, c model.Changes) {
				if it := c.Items[0]; it.Before != "—" || it.After != "A" || it.Year != 2016 {
					t.Errorf("grade %+v", it)
				}
				for _, it := range c.Items {
					if it.Source.Cell != "E14" || it.Source.File != "総務部.xlsx" {
						t.Errorf("%s: not the actual's cell %+v", it.Item, it.Source)
					}
				}
			}},
		{name: "target changed: grade and rate point at the target's cell",
			prev: snap("2026-11-23", initiative(5, 1, "A", plan1, a)),
			cur:  snap("2026-12-01", initiative(5, 1, "A", plan1, ind("申請件数", year(2015, "157", "157", "100.0", "A"), a.Years[1]))),
			want: []model.ChangeKind{model.ChangeGrade, model.ChangeRate, model.ChangeValue},
			check: func(t *testing.T, c model.Changes) {
				for _, it := range c.Items {
					if it.Source.Cell != "E13" {
						t.Errorf("%s points at %s, want the target's E13", it.Item, it.Source.Cell)
					}
				}
			}},
		{name: "initiative removed and added",
			prev: snap("2026-11-23", initiative(5, 1, "A", plan1, a), initiative(5, 2, "B", plan1)),
			cur:  snap("2026-12-01", initiative(5, 1, "A", plan1, a), initiative(5, 3, "C", plan1)),
			want: []model.ChangeKind{model.ChangeInitiativeAdded, model.ChangeInitiativeRemoved}},
		{name: "new plan period: one line, matching initiatives still compared",
			prev: snap("2026-03-31", initiative(5, 1, "A", plan1, a), initiative(5, 2, "B", plan1), initiative(5, 3, "C", plan1)),
			cur: snap("2026-06-30", initiative(5, 1, "A", plan2, ind("申請件数", year(2015, "373", "160", "42.9", "D"), year(2016, "373", "", "—", "—"))),
				initiative(5, 2, "新B", plan2), initiative(5, 3, "新C", plan2), initiative(5, 4, "新D", plan2)),
			want: []model.ChangeKind{model.ChangeRate, model.ChangeValue, model.ChangePlanPeriod},
			check: func(t *testing.T, c model.Changes) {
				it := c.Items[2]
				if it.Before != "平成27年度〜令和2年度（取組3件）" || it.After != "令和3年度〜令和7年度（取組4件、うち前回と同じ取組1件）" {
					t.Errorf("plan period line %+v", it)
				}
			}},
		{name: "same sheets moved to the next plan: one line, no per-year rows",
			prev: snap("2026-11-20", initiative(5, 1, "A", plan1, a), initiative(5, 2, "B", plan1, ind("研修", year(2016, "10", "8", "80.0", "B")))),
			cur: snap("2029-11-20",
				initiative(5, 1, "A", plan2, ind("申請件数", year(2021, "373", "200", "53.6", "C"), year(2022, "373", "", "—", "—"))),
				initiative(5, 2, "B", plan2, ind("研修", year(2016, "10", "9", "90.0", "B"), year(2021, "10", "10", "100.0", "A")))),
			// 2016 is in both reports of B: still compared (8 → 9, 80.0 → 90.0).
			want: []model.ChangeKind{model.ChangeRate, model.ChangeValue, model.ChangePlanPeriod},
			check: func(t *testing.T, c model.Changes) {
				if it := c.Items[2]; it.After != "令和3年度〜令和7年度（取組2件、うち前回と同じ取組2件）" {
					t.Errorf("plan period line %+v", it)
				}
				for _, it := range c.Items[:2] {
					if it.Year != 2016 || it.Initiative != 2 {
						t.Errorf("a change of a year only one report has: %+v", it)
					}
				}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Compare(c.prev, c.cur)
			if k := kinds(got); !slices.Equal(k, c.want) {
				t.Fatalf("kinds %v, want %v\n%+v", k, c.want, got.Items)
			}
			if c.check != nil {
				c.check(t, got)
			}
		})
	}
}

func TestCompareFindings(t *testing.T) {
	f := func(code, cell, msg string) Finding {
		return Finding{Severity: model.SeverityError, Code: code, File: "総務部.xlsx", Sheet: "取組1", Cell: cell, Message: msg}
	}
	prev, cur := snap("2026-11-23"), snap("2026-12-01")
	prev.Findings = []Finding{f("stated_rate_mismatch", "E15", "記載 42.0"), f("blank", "F14", "空欄")}
	// The same finding worded with new numbers is not a change.
	cur.Findings = []Finding{f("stated_rate_mismatch", "E15", "記載 43.0"), f("blank", "G14", "空欄")}
	got := Compare(prev, cur)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeFindingFixed, model.ChangeFindingNew}) {
		t.Fatalf("kinds %v", k)
	}
	if got.Items[0].Source.Cell != "F14" || got.Items[1].Source.Cell != "G14" {
		t.Errorf("cells %+v", got.Items)
	}
}

func TestEncodeDecode(t *testing.T) {
	s := snap("2026-11-23", initiative(5, 1, "A", plan1, Indicator{Name: "申請件数", Years: []Year{year(2015, "373", "157", "42.1", "D")}}))
	s.Findings = []Finding{{Severity: model.SeverityWarning, Code: "x", Message: "「引用」\n改行"}}
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Encode(back)
	if !bytes.Equal(data, again) {
		t.Errorf("round trip differs:\n%s\n%s", data, again)
	}
	for _, bad := range []struct{ data, want string }{
		{`{"format":"planreport-snapshot","version":2}`, "版 2"},
		{`{"format":"other","version":1}`, "形式「other」"},
		{`{"format":"planreport-snapshot","version":1,"report_date":"2026-11-23","extra":1}`, "extra"},
		{`{"format":"planreport-snapshot","version":1,"report_date":"昨日"}`, "報告日"},
		{`not json`, "JSON"},
	} {
		_, err := Decode([]byte(bad.data))
		if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Decode(%s) = %v, want ErrUnreadable naming %q", bad.data, err, bad.want)
		}
	}
}

func write(t *testing.T, path string, s *Snapshot) {
	t.Helper()
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Base is the newest snapshot dated before the report: a re-run on the
// same date compares with the report before it.
func TestBase(t *testing.T) {
	dir := t.TempDir()
	if s, _, err := Base(dir, "2026-12-01"); s != nil || err != nil {
		t.Fatalf("empty folder: %v %v", s, err)
	}
	write(t, filepath.Join(dir, ArchiveDir, "2026-10-01", FileName), snap("2026-10-01"))
	write(t, filepath.Join(dir, ArchiveDir, "2026-11-23", FileName), snap("2026-11-23"))
	write(t, filepath.Join(dir, FileName), snap("2026-12-01"))
	for _, c := range []struct{ date, want string }{
		{"2026-12-02", "2026-12-01"}, {"2026-12-01", "2026-11-23"}, {"2026-11-23", "2026-10-01"}, {"2026-10-01", ""},
	} {
		s, _, err := Base(dir, c.date)
		got := ""
		if s != nil {
			got = s.ReportDate
		}
		if err != nil || got != c.want {
			t.Errorf("Base(%s) = %q, %v; want %q", c.date, got, err, c.want)
		}
	}
	// The newest earlier snapshot of another version is reported, not
	// passed over for an older one.
	if err := os.WriteFile(filepath.Join(dir, ArchiveDir, "2026-11-23", FileName), []byte(`{"format":"planreport-snapshot","version":9}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, _, err := Base(dir, "2026-12-01"); s != nil || !errors.Is(err, ErrUnreadable) {
		t.Errorf("unreadable newest: %v, %v", s, err)
	}
}

func FuzzDecode(f *testing.F) {
	data, _ := Encode(snap("2026-11-23", initiative(5, 1, "A", plan1)))
	f.Add(data)
	f.Add([]byte(`{"format":"planreport-snapshot","version":1,"report_date":"2026-11-23","initiatives":[{"goal":1}],"findings":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("error %v does not wrap ErrUnreadable", err)
			}
			return
		}
		// What decodes encodes and decodes to the same.
		enc, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(enc)
		if err != nil {
			t.Fatalf("re-decode: %v\n%s", err, enc)
		}
		if again, _ := Encode(back); !bytes.Equal(enc, again) {
			t.Fatal("encoding is not stable")
		}
		_ = Compare(s, back)
	})
}

// A workbook the night could not read is not 取組の削除 and its findings
// are not 指摘の解消; the next night that reads it again does not list its
// initiatives as added or its findings as new (trial F: a truncated
// 財務部.xlsx told the council its error was resolved). A sheet really
// removed is 取組の削除, and its findings are not listed as resolved.
func TestCompareUnreadWorkbook(t *testing.T) {
	fin := func(file, sheet, code string) Finding {
		return Finding{Severity: model.SeverityError, Code: code, File: file, Sheet: sheet, Cell: "G15", Message: code}
	}
	a := initiative(5, 1, "一", plan1)
	b := initiative(5, 9, "九", plan1)
	b.File, b.Sheet = "財務部.xlsx", "取組9"
	c := initiative(5, 3, "三", plan1)
	night1 := snap("2026-11-20", a, b, c)
	night1.Findings = []Finding{fin("財務部.xlsx", "取組9", "stated_rate_mismatch"), fin("総務部.xlsx", c.Sheet, "goal_name_differs")}
	night2 := snap("2026-11-21", a) // 財務部.xlsx rejected, sheet 三 removed
	night2.Unread = []string{"財務部.xlsx"}
	night2.Findings = []Finding{fin("財務部.xlsx", "", "file_corrupt")}

	// As the next night reads it back from snapshot.json.
	data, err := Encode(night2)
	if err != nil {
		t.Fatal(err)
	}
	if night2, err = Decode(data); err != nil || !slices.Equal(night2.Unread, []string{"財務部.xlsx"}) {
		t.Fatalf("decoded %+v, %v", night2, err)
	}
	got := Compare(night1, night2)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeNotCompared, model.ChangeInitiativeRemoved, model.ChangeFindingNew}) {
		t.Fatalf("night 2 kinds %v: %+v", k, got.Items)
	}
	if it := got.Items[0]; it.Source.File != "財務部.xlsx" || it.Before != "取組1件" {
		t.Errorf("not-compared line %+v", it)
	}
	if it := got.Items[1]; it.Initiative != 3 {
		t.Errorf("removed %+v", it)
	}
	if it := got.Items[2]; it.Source.File != "財務部.xlsx" || !strings.Contains(it.After, "file_corrupt") {
		t.Errorf("new finding %+v", it)
	}

	night3 := snap("2026-11-22", a, b) // 財務部.xlsx back, unchanged
	night3.Findings = []Finding{fin("財務部.xlsx", "取組9", "stated_rate_mismatch")}
	got = Compare(night2, night3)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeNotCompared, model.ChangeFindingFixed}) {
		t.Fatalf("night 3 kinds %v: %+v", k, got.Items)
	}
	if it := got.Items[1]; !strings.Contains(it.Before, "file_corrupt") {
		t.Errorf("fixed %+v", it)
	}
}

// A workbook or a sheet renamed between two reports (trial: 福祉部.xlsx
// resubmitted as 福祉部_提出.xlsx) moves its findings with its
// initiatives: the same finding on the renamed sheet, and a finding about
// the whole renamed workbook, are no change. A finding really fixed on the
// renamed sheet is listed where the sheet is now.
func TestCompareRenamedWorkbookAndSheet(t *testing.T) {
	fin := func(file, sheet, cell, code string) Finding {
		return Finding{Severity: model.SeverityWarning, Code: code, File: file, Sheet: sheet, Cell: cell, Message: code}
	}
	in := func(file, sheet string, number int) Initiative {
		x := initiative(2, number, "福祉", plan1)
		x.Department, x.File, x.Sheet = "福祉部", file, sheet
		return x
	}
	prev := snap("2026-11-20", in("福祉部.xlsx", "取組3", 3), in("福祉部.xlsx", "取組4", 4))
	prev.Findings = []Finding{fin("福祉部.xlsx", "", "", "docprops_missing"), fin("福祉部.xlsx", "取組3", "E15", "stated_rate_mismatch"),
		fin("福祉部.xlsx", "取組4", "G14", "blank_actual"), fin("福祉部.xlsx", "取組4", "H14", "blank_actual"),
		fin("福祉部.xlsx", "メモ", "", "unknown_sheet")}
	cur := snap("2026-11-21", in("福祉部_提出.xlsx", "取組3", 3), in("福祉部_提出.xlsx", "取組4（高齢）", 4))
	cur.Findings = []Finding{fin("福祉部_提出.xlsx", "", "", "docprops_missing"), fin("福祉部_提出.xlsx", "取組3", "E15", "stated_rate_mismatch"),
		fin("福祉部_提出.xlsx", "取組4（高齢）", "G14", "blank_actual"), fin("福祉部_提出.xlsx", "メモ", "", "unknown_sheet")}
	got := Compare(prev, cur)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeFindingFixed}) {
		t.Fatalf("kinds %v, want only the fixed H14: %+v", k, got.Items)
	}
	if it := got.Items[0]; it.Source != (model.Source{File: "福祉部_提出.xlsx", Sheet: "取組4（高齢）", Cell: "H14"}) {
		t.Errorf("fixed finding at %+v, want the sheet where it is now", it.Source)
	}

	// A workbook split in two: its findings about the whole workbook stay
	// with its name (fixed there), not moved to one of the two.
	split := snap("2026-11-21", in("福祉部.xlsx", "取組3", 3), in("福祉部_高齢.xlsx", "取組4", 4))
	split.Findings = []Finding{fin("福祉部_高齢.xlsx", "", "", "docprops_missing")}
	prev2 := snap("2026-11-20", prev.Initiatives...)
	prev2.Findings = []Finding{fin("福祉部.xlsx", "", "", "docprops_missing")}
	got = Compare(prev2, split)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeFindingFixed, model.ChangeFindingNew}) {
		t.Fatalf("split workbook kinds %v: %+v", k, got.Items)
	}
}

// An initiative's title or department changed is a line each; a change of
// white space or character width only is none.
func TestCompareTitleAndDepartment(t *testing.T) {
	a := initiative(5, 1, "市民との協働の推進", plan1)
	same := a
	same.Title, same.Department = "市民との 協働の推進", "総務部　"
	if got := Compare(snap("2026-11-20", a), snap("2026-11-21", same)); len(got.Items) != 0 {
		t.Errorf("white space only: %+v", got.Items)
	}
	width := initiative(5, 2, "ＩＣＴの活用", plan1)
	narrow := width
	narrow.Title = "ICTの活用"
	if got := Compare(snap("2026-11-20", width), snap("2026-11-21", narrow)); len(got.Items) != 0 {
		t.Errorf("width only: %+v", got.Items)
	}
	b := a
	b.Title, b.Department = "市民協働の推進", "市民協働部"
	got := Compare(snap("2026-11-20", a), snap("2026-11-21", b))
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeTitle, model.ChangeDepartment}) {
		t.Fatalf("kinds %v: %+v", k, got.Items)
	}
	if it := got.Items[0]; it.Before != "市民との協働の推進" || it.After != "市民協働の推進" || it.Item != ItemTitle || it.Source.Sheet != a.Sheet {
		t.Errorf("title change %+v", it)
	}
	if it := got.Items[1]; it.Before != "総務部" || it.After != "市民協働部" || it.Item != ItemDepartment {
		t.Errorf("department change %+v", it)
	}
	if line := Line(got.Items[1]); line != "担当部の変更　取組5-1「市民協働の推進」担当部：総務部 → 市民協働部（「総務部.xlsx」シート「取組市民との協働の推進」）" {
		t.Errorf("line %s", line)
	}
}

// A stated rate retyped with a % sign, or in full-width digits, is the
// same rate; a target typed 1,000 instead of 1000 is the same target.
func TestCompareSameValueRetyped(t *testing.T) {
	stated := func(text string) Initiative {
		y := year(2015, "373", "157", "42.1", "D")
		y.Stated = Value{Text: text, Cell: "E15"}
		return initiative(5, 1, "A", plan1, Indicator{Name: "申請件数", Years: []Year{y}})
	}
	for _, c := range []struct {
		before, after string
		changed       bool
	}{
		{"74.4", "74.4%", false}, {"74.4％", "74.4", false}, {"１１６．７", "116.7", false}, {"42.0", "42.00%", false},
		{"達成", "達成", false}, {"74.4", "75.0%", true}, {"74.4", "", true}, {"達成", "未達成", true}, {"約42", "42", true},
	} {
		got := Compare(snap("2026-11-20", stated(c.before)), snap("2026-11-21", stated(c.after)))
		if changed := len(got.Items) > 0; changed != c.changed {
			t.Errorf("%q → %q: changes %+v, want changed=%v", c.before, c.after, got.Items, c.changed)
		}
	}

	batch := func(target string) *model.Batch {
		v, _, err := normalize.ParseValue(target)
		if err != nil {
			t.Fatal(err)
		}
		return &model.Batch{ReportDate: "2026-11-20", Initiatives: []*model.Initiative{{GoalNumber: 5, Number: 1, Title: "A",
			Indicators: []model.Indicator{{Name: "申請件数", Years: []model.IndicatorYear{{Year: model.FiscalYear{Year: 2015}, Target: v}}}}}}}
	}
	if got := Compare(Take(batch("1,000")), Take(batch("1000"))); len(got.Items) != 0 {
		t.Errorf("1,000 → 1000: %+v", got.Items)
	}
}

// Deleting a row of the planning office's index (取組一覧) moves the rows
// below it up: a finding about another entry, now one row higher, is the
// same finding (it names its entry), not one fixed and one new. The
// findings are check's own, so that a new wording of them fails here.
func TestCompareIndexRowDeleted(t *testing.T) {
	report := func(date string, numbers ...int) *Snapshot {
		ix := model.GoalIndex{GoalNumber: 5, Source: model.Source{File: "取組一覧.xlsx", Sheet: "取組一覧"}}
		for i, n := range numbers {
			ix.Entries = append(ix.Entries, model.IndexEntry{Number: n, Title: fmt.Sprintf("取組%d", n), Department: "総務部",
				Source: ix.Source.At(fmt.Sprintf("A%d", 7+i))})
		}
		sheet := &model.Initiative{Source: model.Source{File: "総務部.xlsx", Sheet: "取組7"}, GoalNumber: 5, Number: 7, Title: "取組7", Department: "総務部"}
		b := &model.Batch{ReportDate: date, Initiatives: []*model.Initiative{sheet}, Indexes: []model.GoalIndex{ix}}
		check.Run(b)
		return Take(b)
	}
	// Row 7 (entry 6, without a sheet) deleted: entry 8 and its duplicate
	// move one row up; entry 9 is new at the end.
	prev, cur := report("2026-11-20", 6, 7, 8, 8), report("2026-11-21", 7, 8, 8, 9)
	if len(prev.Findings) != 3 || len(cur.Findings) != 3 {
		t.Fatalf("findings %+v\n%+v", prev.Findings, cur.Findings)
	}
	got := Compare(prev, cur)
	if k := kinds(got); !slices.Equal(k, []model.ChangeKind{model.ChangeFindingFixed, model.ChangeFindingNew}) {
		t.Fatalf("kinds %v: %+v", k, got.Items)
	}
	if got.Items[0].Source.Cell != "A7" || got.Items[1].Source.Cell != "A10" || !strings.Contains(got.Items[1].After, "取組項目9") {
		t.Errorf("changes %+v", got.Items)
	}
}

// A value that was not there is 「—」 in a change's line (diff, the mails),
// as the report prints it (trial H: 「（なし）」 here, 「—」 in the report).
func TestLineShowsMissingAsDash(t *testing.T) {
	ch := model.Change{Kind: model.ChangeActualEntered, Goal: 5, Initiative: 1, Title: "市民との協働の推進", Indicator: "申請件数", Year: 2017, Item: "実績値", After: "12"}
	if line := Line(ch); !strings.Contains(line, "実績値：— → 12") {
		t.Errorf("line %q", line)
	}
}
