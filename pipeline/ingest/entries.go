package ingest

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
)

// rejectedExt are spreadsheet formats a department may have saved instead
// of .xlsx; they are inputs that are rejected (not skipped) so that the
// sender is told what to do.
var rejectedExt = map[string]string{
	".xls":  "古い形式のExcelファイル（.xls）",
	".xlsb": "Excelバイナリブック（.xlsb）",
	".xlt":  "古い形式のExcelテンプレート（.xlt）",
	".xltx": "Excelテンプレート（.xltx）",
	".xltm": "マクロ有効のExcelテンプレート（.xltm）",
	".ods":  "OpenDocument形式（.ods）",
	".csv":  "CSVファイル",
	".tsv":  "タブ区切りのテキストファイル（.tsv）",
}

// IsInput reports whether a folder entry named name is an input: an .xlsx
// to read, or a spreadsheet-like file (.xlsm, rejectedExt, a workbook whose
// name got another extension) that is rejected with a finding telling the
// sender what to do. The decision is by name only, so that a caller can
// make it before opening anything; a folder or link with an input's name
// is an input, rejected by isWorkbook.
//
// Everything else is not an input: other files (Thumbs.db, desktop.ini, a
// memo, the sample's README.md), folders, Excel lock files (~$…) and
// hidden files. Such an entry is left out of the batch altogether: not in
// the report, the counts or the findings, only named in the log
// (LogNotInputs), since a council report listing the office's own files
// would be noise and the office can do nothing about a finding on them.
func IsInput(name string) bool {
	if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
		return false
	}
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".xlsx" || ext == ".xlsm" || rejectedExt[ext] != "" || misnamedWorkbook(name) != ""
}

// misnamedWorkbook returns the name a workbook saved or renamed with an
// extra extension (福祉部.xlsx.txt, 福祉部.xlsx.bak: Windows hides the last
// one) most likely had, or "". Such a file is far more often a
// department's submission under a wrong name than anything else, so it is
// rejected with a finding instead of silently skipped.
func misnamedWorkbook(name string) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if ext == "" || strings.EqualFold(ext, ".xlsx") || !strings.EqualFold(filepath.Ext(stem), ".xlsx") || len(stem) == len(".xlsx") {
		return ""
	}
	return stem
}

// maxNotInputsNamed bounds the names LogNotInputs writes: a folder of
// thousands of files should not make one log line of megabytes.
const maxNotInputsNamed = 20

// LogNotInputs says once, at Info, which entries of the input were not
// inputs (IsInput), so that someone looking for a file they put there can
// find out why it was not read. Nothing is said when there are none.
func LogNotInputs(log *slog.Logger, names []string) {
	if log == nil || len(names) == 0 {
		return
	}
	shown := names[:min(len(names), maxNotInputsNamed)]
	list := "「" + strings.Join(shown, "」「") + "」"
	if more := len(names) - len(shown); more > 0 {
		list += fmt.Sprintf("ほか%d件", more)
	}
	log.Info("ブック（.xlsx）以外のもの（ほかの種類のファイル、フォルダ、Excelのロックファイル ~$…、隠しファイル）は入力として扱わずに読み飛ばしました",
		"count", len(names), "names", list)
}
