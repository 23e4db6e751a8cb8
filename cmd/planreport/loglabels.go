package main

import (
	"io"
	"log/slog"
)

// logLabels are the Japanese labels of the log's keys, for a log read on
// a terminal by the planning office. The keys themselves are machine
// keys: a log that goes to a file, journald or a JSON reader keeps them
// (-log-format json always, text when stderr is not a terminal). A key
// not in the table is shown as it is. The keys are those the product's
// log calls use (pipeline, pipeline/cache, pipeline/ingest,
// pipeline/deliver, cmd/planreport); TestLogLabelsCoverTheLogCalls keeps
// the table and the calls together.
var logLabels = map[string]string{
	// slog's own keys.
	slog.TimeKey:    "時刻",
	slog.LevelKey:   "種別",
	slog.MessageKey: "内容",

	"accepted":        "読込件数",
	"archive_days":    "保存日数",
	"bytes":           "バイト数",
	"cell":            "セル",
	"code":            "コード",
	"count":           "件数",
	"data_rows":       "データ行数",
	"delivery_errors": "配信エラー数",
	"department":      "担当部",
	"departments":     "設定の担当部",
	"dir":             "フォルダ",
	"dry_run":         "試行",
	"err":             "原因",
	"errors":          "エラー件数",
	"exit_status":     "終了コード",
	"file":            "ファイル",
	"files":           "ファイル数",
	"files_parsed":    "読み込んだブック数",
	"files_reused":    "前回の読み取りを使ったブック数",
	"findings":        "所見件数",
	"folder":          "フォルダ",
	"from_cache":      "前回の読み取りを使った数",
	"indexes":         "取組一覧数",
	"indicator_rows":  "指標行数",
	"infos":           "情報件数",
	"initiatives":     "管理シート数",
	"kind":            "種類",
	"last":            "前回の実行",
	"missing_inputs":  "見つからない入力",
	"names":           "名前",
	"output":          "出力先",
	"panic":           "内部エラー",
	"parsed":          "読込数",
	"path":            "パス",
	"pdfs_rendered":   "作成したPDF数",
	"pdfs_reused":     "前回のPDFを使った数",
	"pending":         "未送信数",
	"recipients":      "宛先数",
	"rejected":        "不受理件数",
	"report_date":     "報告日",
	"seconds":         "所要秒数",
	"severity":        "重大度",
	"sha256":          "SHA-256",
	"sheet":           "シート",
	"sheets":          "管理シート数",
	"size":            "サイズ",
	"stage":           "段階",
	"subject":         "件名",
	"summary":         "要約",
	"today":           "今日",
	"warnings":        "警告件数",
}

// levelLabels are the log levels as the findings name severities.
var levelLabels = map[slog.Level]string{
	slog.LevelDebug: "デバッグ",
	slog.LevelInfo:  "情報",
	slog.LevelWarn:  "警告",
	slog.LevelError: "エラー",
}

// terminalLogHandler is the text log for a person at a terminal: the keys
// in Japanese (logLabels), the level as 情報/警告/エラー and the time of
// day only (the terminal shows the run as it happens).
func terminalLogHandler(w io.Writer) slog.Handler {
	return slog.NewTextHandler(w, &slog.HandlerOptions{ReplaceAttr: labelAttr})
}

// labelAttr gives a top-level attribute its Japanese label; attributes
// inside a group keep their keys, as the group's own name does not say
// what they are to a reader.
func labelAttr(groups []string, a slog.Attr) slog.Attr {
	if len(groups) > 0 {
		return a
	}
	switch a.Key {
	case slog.TimeKey:
		if a.Value.Kind() == slog.KindTime {
			a.Value = slog.StringValue(a.Value.Time().Format("15:04:05"))
		}
	case slog.LevelKey:
		if l, ok := a.Value.Any().(slog.Level); ok {
			if s, ok := levelLabels[l]; ok {
				a.Value = slog.StringValue(s)
			}
		}
	}
	if label, ok := logLabels[a.Key]; ok {
		a.Key = label
	}
	return a
}
