package deliver

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planreport/pipeline/config"
	"planreport/pipeline/deliver/internal/smtptest"
	"planreport/pipeline/model"
	"planreport/pipeline/status"
)

// endedPlanShare is 建設部 with a sheet whose plan ended in 令和2年度: its
// three blanks are of 令和2年度, although the evaluation year is 令和7年度.
func endedPlanShare(t *testing.T) DepartmentShare {
	t.Helper()
	d := status.Department{Name: "建設部", Warnings: 1,
		Findings: []model.Finding{{Severity: model.SeverityWarning, Code: "x", Message: "取組概要が空です。",
			Source: model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "B4"}}}}
	for _, row := range []string{"13", "14", "15"} {
		d.Blank = append(d.Blank, status.Blank{GoalNumber: 5, Number: 11, Title: "公園", Indicator: "都市公園愛護会結成の周知活動",
			Year: model.FiscalYear{Year: 2020, Label: model.Wareki(2020)}, Source: model.Source{File: "建設部.xlsx", Sheet: "取組11", Cell: "J" + row}})
	}
	copyPath := filepath.Join(t.TempDir(), "建設部.xlsx")
	if err := os.WriteFile(copyPath, []byte("PK 建設部"), 0o644); err != nil {
		t.Fatal(err)
	}
	return DepartmentShare{Status: d, EvaluationYear: 2025, Copies: []string{copyPath}}
}

// The count line names the year the listed blanks are owed for, not the
// evaluation year.
func TestDepartmentMailNamesTheYearOwed(t *testing.T) {
	sh := endedPlanShare(t)
	m := departmentMessage(Config{}, RunSummary{ReportDate: "2026-11-20"}, sh, "")
	mustContain(t, "建設部's mail", m.Body, "・未提出の取組：0件　令和2年度の実績の未記入：3件\n")
	if strings.Contains(m.Body, "令和7年度") {
		t.Errorf("the mail names 令和7年度, which no listed blank is of:\n%s", m.Body)
	}
	sh.Status.Blank = append(sh.Status.Blank, status.Blank{Indicator: "公園数", Year: model.FiscalYear{Year: 2025}})
	m = departmentMessage(Config{}, RunSummary{ReportDate: "2026-11-20"}, sh, "")
	mustContain(t, "mixed years", m.Body, "令和2年度・令和7年度の実績の未記入：4件")
	sh.Status.Blank = nil
	m = departmentMessage(Config{}, RunSummary{ReportDate: "2026-11-20"}, sh, "")
	mustContain(t, "no blanks", m.Body, "令和7年度の実績の未記入：0件")
}

// The mail says what to do next: correct the marked cells (the annotated
// copy itself may be sent back) and resubmit to the planning office.
func TestDepartmentMailSaysWhatToDo(t *testing.T) {
	sh := endedPlanShare(t)
	sh.Status.Missing = []status.Missing{{GoalNumber: 5, Number: 12, Title: "緑化"}}
	body := departmentMessage(Config{}, RunSummary{ReportDate: "2026-11-20"}, sh, "").Body
	mustContain(t, "建設部's mail", body, "■ お願い\n", "赤入れ版でメモが付き色が塗られたセル", "赤入れ版のブックをそのまま直して提出していただいてもかまいません",
		"未記入の実績値は、上の一覧のセルに記入してください", "未提出の取組は、取組管理シートを記入してください", "企画担当課へ提出し直してください")
	if i, j := strings.Index(body, "■ 赤入れ版"), strings.Index(body, "■ お願い"); i < 0 || j < i {
		t.Errorf("the request is not after the annotated copies:\n%s", body)
	}
	// Only information, or everything resolved: nothing is asked.
	info := DepartmentShare{Status: status.Department{Name: "総務部", Findings: []model.Finding{{Severity: model.SeverityInfo, Message: "参考"}}}}
	resolved := DepartmentShare{Status: status.Department{Name: "総務部"}}
	for _, sh := range []DepartmentShare{info, resolved} {
		if body := departmentMessage(Config{}, RunSummary{ReportDate: "2026-11-20"}, sh, "").Body; strings.Contains(body, "■ お願い") {
			t.Errorf("%s asked to correct:\n%s", departmentWhat(sh), body)
		}
	}
}

// A missing department folder is logged with its message, and no empty
// err attribute ("err=<nil>" reads as a program fault).
func TestMissingFolderLogsNoNilError(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	var res Result
	var problems []string
	sh := endedPlanShare(t)
	if copyToFolder(filepath.Join(t.TempDir(), "ない"), sh, false, &res, &problems, log) {
		t.Fatal("a missing folder was taken as there")
	}
	if !strings.Contains(logs.String(), "level=ERROR") || strings.Contains(logs.String(), "err=") {
		t.Errorf("log:\n%s", logs.String())
	}
	if len(res.Errors) != 1 || strings.HasSuffix(res.Errors[0], ": ") {
		t.Errorf("errors %q", res.Errors)
	}
}

// Credentials with security: none are refused as a configuration error,
// not queued as a mail to resend every night.
func TestDeliverRefusesCredentialsWithoutEncryption(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	getenv := env(map[string]string{config.EnvSMTPUser: "kikaku", config.EnvSMTPPassword: "pw"})
	res := Deliver(context.Background(), f.config(ts, "none"), f.out, doneSummary(), f.art, nil, getenv, false, nil)
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0], "delivery.smtp.security") || strings.Contains(res.Errors[0], "再送") {
		t.Errorf("errors %q, want one naming delivery.smtp.security", res.Errors)
	}
	if res.Pending != 0 || len(ts.Messages()) != 0 {
		t.Errorf("pending %d, sent %d: want nothing queued or sent", res.Pending, len(ts.Messages()))
	}
}
