package findings

import (
	"encoding/json"
	"testing"

	"planreport/pipeline/model"
)

func TestJSONShape(t *testing.T) {
	b := &model.Batch{
		Files: []model.InputFile{
			{Name: "建設部.xlsx", SHA256: "ab", Status: model.FileAccepted},
			{Name: "壊れた.xlsx", SHA256: "cd", Status: model.FileRejected},
			{Name: "~$建設部.xlsx", SHA256: "ef", Status: model.FileIgnored},
		},
	}
	b.Add(model.SeverityError, "stated_rate_mismatch", model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "E29"}, "記載の達成率 %s と計算値 %s が一致しません", "73.8", "75.6")
	b.Add(model.SeverityWarning, "w", model.Source{File: "建設部.xlsx"}, "警告")
	data, err := JSON(b)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Findings []map[string]string `json:"findings"`
		Files    []map[string]string `json:"files"`
		Counts   map[string]int      `json:"counts"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	f := got.Findings[0]
	want := map[string]string{"severity": "error", "code": "stated_rate_mismatch", "file": "建設部.xlsx", "sheet": "取組11", "cell": "E29", "message": "記載の達成率 73.8 と計算値 75.6 が一致しません"}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("finding[%q] = %q, want %q", k, f[k], v)
		}
	}
	if len(f) != len(want) {
		t.Errorf("finding has keys %v, want exactly %v", f, want)
	}
	if got.Files[1]["status"] != "rejected" || got.Files[1]["sha256"] != "cd" {
		t.Errorf("files[1] = %v", got.Files[1])
	}
	// The lock file is no input: not listed, not counted.
	if len(got.Files) != 2 {
		t.Errorf("files = %v, want the two inputs", got.Files)
	}
	wantCounts := map[string]int{"error": 1, "warning": 1, "info": 0, "accepted": 1, "rejected": 1, "ignored": 0}
	for k, v := range wantCounts {
		if got.Counts[k] != v {
			t.Errorf("counts[%q] = %d, want %d", k, got.Counts[k], v)
		}
	}
}

func TestJSONEmptyArraysNotNull(t *testing.T) {
	data, err := JSON(&model.Batch{})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if string(got["findings"]) != "[]" || string(got["files"]) != "[]" {
		t.Errorf("findings %s files %s, want []", got["findings"], got["files"])
	}
}
