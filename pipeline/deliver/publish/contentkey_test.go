package publish

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A department PDF prints the report date, so its bytes differ with every
// report; with the same content key it is unchanged and keeps its earlier
// dated file. A new key, or an earlier file deleted by hand, publishes it.
func TestPublishContentKeyIgnoresTheDate(t *testing.T) {
	ctx := context.Background()
	src, dst := t.TempDir(), t.TempDir()
	soumu, zaimu := filepath.Join(src, "soumu.pdf"), filepath.Join(src, "zaimu.pdf")
	docs := func(date string, soumuKey, zaimuKey string) []Document {
		writeFile(t, soumu, "%PDF soumu "+date)
		writeFile(t, zaimu, "%PDF zaimu "+date)
		return []Document{
			{Kind: KindDepartment, Label: "総務部", Path: soumu, ContentKey: soumuKey},
			{Kind: KindDepartment, Label: "財務部", Path: zaimu, ContentKey: zaimuKey},
		}
	}
	if _, err := Publish(ctx, dst, "2026-11-20", docs("2026-11-20", "s1", "z1"), false); err != nil {
		t.Fatal(err)
	}
	// 財務部's data changed; 総務部's did not, only its printed date.
	res, err := Publish(ctx, dst, "2026-11-26", docs("2026-11-26", "s1", "z2"), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(res.Published); !slices.Equal(got, []string{"財務部_令和8年11月26日.pdf"}) {
		t.Errorf("published %v, want 財務部 only", got)
	}
	if got := names(res.Unchanged); !slices.Equal(got, []string{"総務部_令和8年11月20日.pdf"}) {
		t.Errorf("unchanged %v, want 総務部's earlier file", got)
	}
	if _, err := os.Stat(filepath.Join(dst, "総務部_令和8年11月26日.pdf")); !os.IsNotExist(err) {
		t.Errorf("unchanged 総務部 got a new dated copy (%v)", err)
	}
	idx, err := ReadIndex(dst)
	if err != nil || len(idx.Reports) != 3 || idx.Reports[2].ContentKey != "z2" {
		t.Errorf("index %+v (%v), want three entries, the last with its content key", idx.Reports, err)
	}
	// An earlier file deleted by hand is published again.
	if err := os.Remove(filepath.Join(dst, "総務部_令和8年11月20日.pdf")); err != nil {
		t.Fatal(err)
	}
	res, _ = Publish(ctx, dst, "2026-11-27", docs("2026-11-27", "s1", "z2"), false)
	if got := names(res.Published); !slices.Equal(got, []string{"総務部_令和8年11月27日.pdf"}) {
		t.Errorf("after deletion published %v, want 総務部 again", got)
	}
}

// Without a content key (the report, an older caller) documents are
// compared by their bytes, and the index has no content_key.
func TestPublishWithoutContentKeyComparesBytes(t *testing.T) {
	ctx := context.Background()
	src, dst := t.TempDir(), t.TempDir()
	p := filepath.Join(src, "soumu.pdf")
	for _, date := range []string{"2026-11-20", "2026-11-26"} {
		writeFile(t, p, "%PDF soumu "+date)
		res, err := Publish(ctx, dst, date, []Document{{Kind: KindDepartment, Label: "総務部", Path: p}}, false)
		if err != nil || len(res.Published) != 1 {
			t.Errorf("%s: published %v (%v), want the new bytes", date, names(res.Published), err)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dst, IndexFile))
	var raw struct{ Reports []map[string]any }
	if err := json.Unmarshal(data, &raw); err != nil || len(raw.Reports) != 2 {
		t.Fatalf("index %s (%v)", data, err)
	}
	if _, ok := raw.Reports[0]["content_key"]; ok {
		t.Errorf("index has content_key without one given: %s", data)
	}
}
