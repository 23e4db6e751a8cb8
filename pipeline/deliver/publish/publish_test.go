package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func names(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.File)
	}
	return out
}

func TestFileName(t *testing.T) {
	// Expected names written by hand from the examples.
	cases := []struct{ label, want string }{
		{"行財政運営プラン 取組状況報告書", "行財政運営プラン取組状況報告書_令和8年11月23日.pdf"},
		{"行財政運営プラン　取組状況報告書", "行財政運営プラン取組状況報告書_令和8年11月23日.pdf"}, // full-width space
		{"総務部", "総務部_令和8年11月23日.pdf"},
		{"../../etc/passwd", "_.._etc_passwd_令和8年11月23日.pdf"},
		{"企画部:政策課", "企画部_政策課_令和8年11月23日.pdf"},
		{"", "__令和8年11月23日.pdf"},
	}
	for _, c := range cases {
		if got := FileName(c.label, "令和8年11月23日"); got != c.want {
			t.Errorf("FileName(%q) = %q, want %q", c.label, got, c.want)
		}
	}
	// A department name of 84 characters would make a name over 255 bytes:
	// cut, two such names kept apart.
	a := FileName(strings.Repeat("地", 83)+"部", "令和8年11月23日")
	b := FileName(strings.Repeat("地", 83)+"局", "令和8年11月23日")
	if len(a) > 255 || a == b || !strings.HasSuffix(a, "_令和8年11月23日.pdf") {
		t.Errorf("long names %q (%d bytes), %q", a, len(a), b)
	}
}

func TestPublishOnlyChangedContent(t *testing.T) {
	ctx := context.Background()
	src, dst := t.TempDir(), t.TempDir()
	report := filepath.Join(src, "report.pdf")
	soumu := filepath.Join(src, "soumu.pdf")
	zaimu := filepath.Join(src, "zaimu.pdf")
	writeFile(t, report, "%PDF report v1")
	writeFile(t, soumu, "%PDF soumu v1")
	writeFile(t, zaimu, "%PDF zaimu v1")
	docs := []Document{
		{Kind: KindReport, Label: "行財政運営プラン 取組状況報告書", Path: report},
		{Kind: KindDepartment, Label: "総務部", Path: soumu},
		{Kind: KindDepartment, Label: "財務部", Path: zaimu},
	}

	// Dry run first: says what it would do, writes nothing.
	res, err := Publish(ctx, dst, "2026-11-23", docs, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Published) != 3 {
		t.Fatalf("dry run would publish %v, want 3 files", names(res.Published))
	}
	if ents, _ := os.ReadDir(dst); len(ents) != 0 {
		t.Fatalf("dry run wrote %d files", len(ents))
	}

	res, err = Publish(ctx, dst, "2026-11-23", docs, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"行財政運営プラン取組状況報告書_令和8年11月23日.pdf",
		"総務部_令和8年11月23日.pdf",
		"財務部_令和8年11月23日.pdf",
	}
	if got := names(res.Published); !slices.Equal(got, want) {
		t.Fatalf("published %v, want %v", got, want)
	}
	got, err := os.ReadFile(filepath.Join(dst, want[1]))
	if err != nil || string(got) != "%PDF soumu v1" {
		t.Fatalf("published 総務部 content %q, %v", got, err)
	}

	// Second run a day later: only 総務部 changed.
	writeFile(t, soumu, "%PDF soumu v2")
	res, err = Publish(ctx, dst, "2026-11-24", docs, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(res.Published); !slices.Equal(got, []string{"総務部_令和8年11月24日.pdf"}) {
		t.Fatalf("second run published %v, want only 総務部", got)
	}
	if len(res.Unchanged) != 2 {
		t.Fatalf("unchanged %v, want report and 財務部", names(res.Unchanged))
	}
	if _, err := os.Stat(filepath.Join(dst, "財務部_令和8年11月24日.pdf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("unchanged 財務部 was copied again under the new date: %v", err)
	}

	idx, err := ReadIndex(dst)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Reports) != 4 {
		t.Fatalf("index has %d entries, want 4: %+v", len(idx.Reports), idx.Reports)
	}
	last := idx.Reports[3]
	// Size and hash of "%PDF soumu v2" (13 bytes) computed independently.
	if last.File != "総務部_令和8年11月24日.pdf" || last.Date != "2026-11-24" || last.Wareki != "令和8年11月24日" ||
		last.Size != 13 || last.SHA256 != sha("%PDF soumu v2") || last.Label != "総務部" || last.Kind != KindDepartment {
		t.Fatalf("last index entry %+v", last)
	}
	if idx.Reports[0].Kind != KindReport || idx.Reports[0].Date != "2026-11-23" {
		t.Fatalf("index not sorted report first: %+v", idx.Reports[0])
	}

	// The listing: BOM, CRLF, newest first.
	raw, err := os.ReadFile(filepath.Join(dst, ListingFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("一覧.csv has no UTF-8 BOM: % x", raw[:3])
	}
	if !bytes.Contains(raw, []byte("\r\n")) {
		t.Fatal("一覧.csv lines do not end in CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "公表日" || rows[1][4] != "総務部_令和8年11月24日.pdf" || rows[1][5] != "13" {
		t.Fatalf("一覧.csv rows %q", rows)
	}

	// A re-run for the same date with identical bytes changes nothing.
	before, _ := os.ReadFile(filepath.Join(dst, IndexFile))
	res, err = Publish(ctx, dst, "2026-11-24", docs, false)
	if err != nil || len(res.Published) != 0 {
		t.Fatalf("identical re-run published %v, %v", names(res.Published), err)
	}
	after, _ := os.ReadFile(filepath.Join(dst, IndexFile))
	if !bytes.Equal(before, after) {
		t.Fatal("identical re-run rewrote index.json")
	}

	// Someone deleted the published file by hand: it is published again.
	if err := os.Remove(filepath.Join(dst, "総務部_令和8年11月24日.pdf")); err != nil {
		t.Fatal(err)
	}
	res, err = Publish(ctx, dst, "2026-11-24", docs, false)
	if err != nil || !slices.Equal(names(res.Published), []string{"総務部_令和8年11月24日.pdf"}) {
		t.Fatalf("deleted file not republished: %v, %v", names(res.Published), err)
	}

	// No temporary files are left behind.
	ents, _ := os.ReadDir(dst)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left temporary file %s", e.Name())
		}
	}
}

func TestPublishSameDateNewContentReplacesEntry(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	report := filepath.Join(src, "report.pdf")
	writeFile(t, report, "v1")
	docs := []Document{{Kind: KindReport, Label: "報告書", Path: report}}
	if _, err := Publish(context.Background(), dst, "2026-11-23", docs, false); err != nil {
		t.Fatal(err)
	}
	writeFile(t, report, "v2 longer")
	if _, err := Publish(context.Background(), dst, "2026-11-23", docs, false); err != nil {
		t.Fatal(err)
	}
	idx, _ := ReadIndex(dst)
	if len(idx.Reports) != 1 || idx.Reports[0].Size != 9 || idx.Reports[0].SHA256 != sha("v2 longer") {
		t.Fatalf("index after same-date re-publication: %+v", idx.Reports)
	}
}

func TestPublishMissingSourceKeepsOthers(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	report := filepath.Join(src, "report.pdf")
	writeFile(t, report, "r")
	docs := []Document{
		{Kind: KindReport, Label: "報告書", Path: report},
		{Kind: KindDepartment, Label: "総務部", Path: filepath.Join(src, "missing.pdf")},
	}
	res, err := Publish(context.Background(), dst, "2026-11-23", docs, false)
	if err == nil || !strings.Contains(err.Error(), "missing.pdf") {
		t.Fatalf("error %v, want one naming missing.pdf", err)
	}
	if !slices.Equal(names(res.Published), []string{"報告書_令和8年11月23日.pdf"}) {
		t.Fatalf("published %v", names(res.Published))
	}
	idx, _ := ReadIndex(dst)
	if len(idx.Reports) != 1 {
		t.Fatalf("index lists %d files, want only the one copied", len(idx.Reports))
	}
}

func TestPublishRefusesCorruptIndex(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	report := filepath.Join(src, "report.pdf")
	writeFile(t, report, "r")
	writeFile(t, filepath.Join(dst, IndexFile), "{not json")
	_, err := Publish(context.Background(), dst, "2026-11-23", []Document{{Kind: KindReport, Label: "報告書", Path: report}}, false)
	if !errors.Is(err, ErrIndex) {
		t.Fatalf("err = %v, want ErrIndex", err)
	}
	if _, err := os.Stat(filepath.Join(dst, "報告書_令和8年11月23日.pdf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("published although the index was unreadable")
	}
	if got, _ := os.ReadFile(filepath.Join(dst, IndexFile)); string(got) != "{not json" {
		t.Fatal("corrupt index was overwritten")
	}
}

func TestPublishMissingFolder(t *testing.T) {
	_, err := Publish(context.Background(), filepath.Join(t.TempDir(), "not-mounted"), "2026-11-23", nil, false)
	if err == nil || !strings.Contains(err.Error(), "配信フォルダ") {
		t.Fatalf("err = %v", err)
	}
}

func TestIndexJSONShape(t *testing.T) {
	// The index is read by other tools; its field names are part of the contract.
	idx := Index{Version: 1, Reports: []Entry{{Date: "2026-11-23", Wareki: "令和8年11月23日", Kind: KindReport, Label: "L", File: "F", Size: 1, SHA256: "s"}}}
	b, _ := json.Marshal(idx)
	want := `{"version":1,"reports":[{"date":"2026-11-23","wareki":"令和8年11月23日","kind":"report","label":"L","file":"F","size":1,"sha256":"s"}]}`
	if string(b) != want {
		t.Fatalf("got %s\nwant %s", b, want)
	}
}

func TestListingNeutralizesFormulas(t *testing.T) {
	idx := Index{Reports: []Entry{{Date: "2026-11-23", Kind: KindDepartment, Label: "=HYPERLINK(\"x\")", File: "=x.pdf"}}}
	rows, err := csv.NewReader(bytes.NewReader(Listing(idx)[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][3] != "'=HYPERLINK(\"x\")" || rows[1][4] != "'=x.pdf" {
		t.Fatalf("row %q", rows[1])
	}
}

// The HTML edition is published beside the PDF under the same dated name
// with .html, ordered after the report and before the departments, and
// listed as 報告書（HTML版）.
func TestPublishHTMLEdition(t *testing.T) {
	ctx := context.Background()
	src, dst := t.TempDir(), t.TempDir()
	report, web, soumu := filepath.Join(src, "report.pdf"), filepath.Join(src, "report.html"), filepath.Join(src, "soumu.pdf")
	writeFile(t, report, "%PDF report")
	writeFile(t, web, "<!DOCTYPE html>")
	writeFile(t, soumu, "%PDF soumu")
	title := "行財政運営プラン 取組状況報告書"
	docs := []Document{
		{Kind: KindDepartment, Label: "総務部", Path: soumu},
		{Kind: KindHTML, Label: title, Path: web},
		{Kind: KindReport, Label: title, Path: report},
	}
	if _, err := Publish(ctx, dst, "2026-11-23", docs, false); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dst, "行財政運営プラン取組状況報告書_令和8年11月23日.html"))
	if err != nil || string(got) != "<!DOCTYPE html>" {
		t.Fatalf("HTML edition %q, %v", got, err)
	}
	idx, err := ReadIndex(dst)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []Kind
	for _, e := range idx.Reports {
		kinds = append(kinds, e.Kind)
	}
	if !slices.Equal(kinds, []Kind{KindReport, KindHTML, KindDepartment}) {
		t.Errorf("index order %v", kinds)
	}
	// The PDF and the HTML edition are two series: an unchanged PDF is not
	// taken for the HTML edition, nor the other way round.
	writeFile(t, web, "<!DOCTYPE html><p>v2")
	res, err := Publish(ctx, dst, "2026-11-24", docs, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(res.Published); !slices.Equal(got, []string{"行財政運営プラン取組状況報告書_令和8年11月24日.html"}) {
		t.Errorf("second day published %v, want only the HTML edition", got)
	}
	raw, err := os.ReadFile(filepath.Join(dst, ListingFile))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][2] != "報告書（HTML版）" || rows[1][4] != "行財政運営プラン取組状況報告書_令和8年11月24日.html" {
		t.Errorf("一覧.csv newest row %q", rows[1])
	}
}
