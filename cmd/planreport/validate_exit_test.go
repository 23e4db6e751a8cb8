package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// validate's exit status agrees with the counts it prints: nothing to
// check is a usage error (2), workbooks without a management sheet a
// failed check (3, as for run), never "1, with error findings" beside
// "エラー 0 件".
func TestValidateExitAgreesWithCounts(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	r := planreport(t, dir, "validate", empty)
	if r.code != 2 || r.stdout != "" ||
		!strings.Contains(r.stderr, "validate: "+empty+" には検証するブック（.xlsx）がありません。提出するブックのファイルか、ブックを置いたフォルダを指定してください") {
		t.Errorf("empty folder: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	notes := filepath.Join(dir, "メモ.xlsx")
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "会議のメモ")
	if err := f.SaveAs(notes); err != nil {
		t.Fatal(err)
	}
	r = planreport(t, dir, "validate", notes)
	if r.code != 3 || !strings.Contains(r.stdout, "エラー 0 件") ||
		!strings.Contains(r.stdout, "管理シートが一枚もありません。提出するブックを確かめてください（記入用の管理シートは planreport template で作れます）。") {
		t.Errorf("a workbook without a management sheet: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = planreport(t, dir, "validate", "-json", notes)
	if r.code != 3 || !json.Valid([]byte(r.stdout)) || !strings.Contains(r.stderr, "管理シートが一枚もありません") {
		t.Errorf("-json: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
