package deliver

import (
	"context"
	"strings"
	"testing"

	"planreport/pipeline/deliver/internal/smtptest"
	"planreport/pipeline/model"
)

// The office mail of a failed run says the last report was kept only when
// there was one: after a failed first run it said so of a folder with no
// report.
func TestFailedFirstRunMailSaysNoReport(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	f := newFixture(t)
	sum := RunSummary{Status: model.RunFailed, ReportDate: "2026-11-23", ExitStatus: 3, Message: "管理シートを一つも読み込めませんでした", NoPreviousReport: true}
	Deliver(context.Background(), f.config(ts, "none"), f.out, sum, Artifacts{FindingsJSON: f.art.FindingsJSON}, nil, nil, false, nil)
	p := officeMail(t, ts.Messages())
	mustContain(t, "body", p.Body, "・状態：失敗（終了コード 3）。出力フォルダにはまだ報告書がなく、今回も作成していません。")
	if strings.Contains(p.Body, "そのまま残っています") {
		t.Errorf("the mail says a report was kept:\n%s", p.Body)
	}
}
