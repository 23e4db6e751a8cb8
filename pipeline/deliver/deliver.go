// Package deliver hands a finished run to people: it publishes the report
// PDFs to a distribution folder and mails council members and the planning
// office. It runs after the report is written and can never fail or undo
// the report: every problem comes back in Result (for run.json) and in the
// log, and a message that could not be sent waits in
// <output>/.delivery-pending.json for the next run.
//
// What happens, by the run's status:
//
//	done     publish report.pdf and the department PDFs whose content changed
//	         (see package publish); when the consolidated report is new,
//	         mail the council list (PDF attached, or its place in the
//	         distribution folder when larger than smtp.attach_limit_bytes);
//	         when there are error findings or rejected files, mail the office
//	         list with the first findings and findings.json attached
//	failed   mail the office list (reason, counts, first findings)
//	skipped  publish nothing, compose nothing; only messages already pending
//	         from an earlier run are retried, and the department folder
//	         copies the last done run could not make (FoldersFile; a failed
//	         run retries both too)
//
// A problem with publication is added to the office's mail of the same run.
//
// Credentials come only from the environment (PLANREPORT_SMTP_USER,
// PLANREPORT_SMTP_PASSWORD) through the getenv function the caller passes.
package deliver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"planreport/pipeline/deliver/internal/atomicfile"
	dmail "planreport/pipeline/deliver/mail"
	"planreport/pipeline/deliver/publish"
	"planreport/pipeline/model"
)

// DepartmentPDF is one department's extract of the report.
type DepartmentPDF struct {
	Department string `json:"department"` // 総務部
	Path       string `json:"path"`
	// ContentKey identifies what the PDF shows apart from the report date
	// it prints (cache.Store.DepartmentKeys). With it, a department whose
	// content did not change keeps its earlier dated file in the
	// distribution folder; empty: the PDF is compared by its bytes, which
	// the date changes with every report.
	ContentKey string `json:"content_key,omitempty"`
}

// Artifacts are the files a run wrote, by path. Empty paths are allowed:
// a failed run has no report.
type Artifacts struct {
	ReportPDF      string          `json:"report_pdf"`
	ReportHTML     string          `json:"report_html,omitempty"` // the HTML edition, published beside the PDF
	DepartmentPDFs []DepartmentPDF `json:"department_pdfs"`       // any order; published sorted by department
	FindingsJSON   string          `json:"findings_json"`
	// Departments are the departments' shares of a done run, for routing
	// (`departments:`); any order.
	Departments []DepartmentShare `json:"departments,omitempty"`
}

// Result is what delivery did, for run.json. In a dry run Published and Sent
// say what would have been published and sent, and nothing was written.
type Result struct {
	DryRun    bool     `json:"dry_run,omitempty"`
	Published []string `json:"published,omitempty"` // file names written to the distribution folder
	Unchanged []string `json:"unchanged,omitempty"` // same content as already published; not copied
	Copied    []string `json:"copied,omitempty"`    // 担当部: path, per file copied to a department's folder
	Sent      []string `json:"sent,omitempty"`      // one line per message: to whom, subject, recipients
	Pending   int      `json:"pending"`             // messages waiting for the next run after this call
	Errors    []string `json:"errors,omitempty"`    // Japanese, one per problem
	// CouncilHasReport is true when the council has the report this call
	// was given: its mail was sent now, or no council mail is configured.
	// Only then is the report what the next council mail's 前回 refers to.
	CouncilHasReport bool `json:"-"`
	// folderPending are the department shares not copied in full to their
	// folders by this call, kept in FoldersFile for the next run.
	folderPending []DepartmentShare
}

// OK reports whether everything that was attempted succeeded.
func (r Result) OK() bool { return len(r.Errors) == 0 }

// WriteText prints the result for a person (the dry-run output of
// `planreport run`).
func (r Result) WriteText(w io.Writer) error {
	var b strings.Builder
	pub, send := "公開", "送信"
	if r.DryRun {
		pub, send = "公開予定", "送信予定"
	}
	for _, f := range r.Published {
		fmt.Fprintf(&b, "%s: %s\n", pub, f)
	}
	for _, f := range r.Unchanged {
		fmt.Fprintf(&b, "変更なし: %s\n", f)
	}
	for _, c := range r.Copied {
		fmt.Fprintf(&b, "%s（担当部のフォルダ）: %s\n", pub, c)
	}
	for _, s := range r.Sent {
		fmt.Fprintf(&b, "%s: %s\n", send, s)
	}
	if r.Pending > 0 {
		fmt.Fprintf(&b, "未送信（次回再送）: %d通\n", r.Pending)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "エラー: %s\n", e)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fail records a problem and logs it. err is nil when msg says it all: the
// log line then has no err attribute (an "err=<nil>" beside an ERROR
// reads as a program fault to the office).
func (r *Result) fail(log *slog.Logger, msg string, err error) {
	if err == nil {
		r.Errors = append(r.Errors, msg)
		log.Error(msg)
		return
	}
	r.Errors = append(r.Errors, msg+": "+err.Error())
	log.Error(msg, "err", err)
}

// Deliver publishes and mails the outcome of one run (see the package
// documentation). outputDir is the run's output folder (for the pending
// state); prev is the summary of the last report sent to the council (nil:
// none), for the changes the council mail lists; getenv is os.Getenv in
// production (nil: no credentials). With dryRun nothing is written or sent.
// log may be nil. Deliver does not return an error: every problem is in
// Result.Errors.
func Deliver(ctx context.Context, cfg Config, outputDir string, sum RunSummary, art Artifacts, prev *RunSummary,
	getenv func(string) string, dryRun bool, log *slog.Logger) Result {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("stage", "deliver")
	res := Result{DryRun: dryRun}
	// Credentials for a server without encryption are refused here too (a
	// caller that did not run config.ValidateOperation): otherwise every
	// mail would fail on every run while saying it will be resent.
	if err := errors.Join(cfg.Validate(), cfg.CheckCredentials(getenv)); err != nil {
		res.fail(log, "配信の設定に誤りがあるため、公開もメール送信もしませんでした", err)
		return res
	}
	if abs, err := filepath.Abs(outputDir); err == nil {
		outputDir = abs
	}
	mailOn := cfg.SMTP.Host != ""
	res.CouncilHasReport = !mailOn || len(cfg.SMTP.Council) == 0
	if !dryRun {
		removeStale(cfg, time.Now(), log)
	}

	state := readPending(outputDir, dryRun, &res, log)

	mailed, merr := loadMailed(outputDir)
	if merr != nil {
		res.fail(log, "担当部へのメールの記録を読めませんでした（各部に一度送り直します）", merr)
	}
	folders, brokenFolders := retryPendingFolders(cfg, outputDir, sum, dryRun, &res, log)
	var fresh []pendingMessage
	var current map[string]string
	if sum.Status != model.RunSkipped {
		fresh, current = composeRun(ctx, cfg, outputDir, sum, art, prev, state.Messages, mailed, dryRun, &res, log)
	}
	if !dryRun && (sum.Status == model.RunDone || len(folders) > 0 || brokenFolders) {
		if err := saveFolders(outputDir, res.folderPending); err != nil {
			res.fail(log, "担当部のフォルダへの未コピーの記録を保存できませんでした", err)
		}
	}
	queue := buildQueue(cfg, state.Messages, fresh, current, log)

	if dryRun {
		for _, m := range queue {
			res.Sent = append(res.Sent, describe(m))
		}
		res.Pending = len(state.Messages)
		return res
	}
	if !mailOn || len(queue) == 0 {
		// Nothing can be sent now; what was pending stays pending.
		state.Messages = queue
		if err := savePending(outputDir, &state); err != nil {
			res.fail(log, "未送信メールの記録を保存できませんでした", err)
		}
		res.Pending = len(state.Messages)
		return res
	}

	still := sendQueue(ctx, cfg, getenv, sum, queue, mailed, &res, log)
	if slices.ContainsFunc(queue, func(m pendingMessage) bool { return m.Kind == kindDepartment }) {
		if err := saveMailed(outputDir, mailed); err != nil {
			res.fail(log, "担当部へのメールの記録を保存できませんでした（次回、同じ指摘をもう一度送ることがあります）", err)
		}
	}
	still = trimQueue(still, log, &res)
	state.Messages = still
	if err := savePending(outputDir, &state); err != nil {
		res.fail(log, "未送信メールの記録を保存できませんでした", err)
	}
	res.Pending = len(state.Messages)
	return res
}

// readPending reads the messages waiting from earlier runs; a dry run
// only peeks (a broken file is not moved aside).
func readPending(outputDir string, dryRun bool, res *Result, log *slog.Logger) pendingState {
	if dryRun {
		state, _ := peekPending(outputDir)
		return state
	}
	state, err := loadPending(outputDir)
	if err != nil {
		res.fail(log, "未送信メールの記録を読めませんでした", err)
	}
	return state
}

// retryPendingFolders copies again, on a run that is not done (skipped,
// failed: the committed outputs are the last done run's), what the last
// done run could not copy to the departments' folders; a done run routes
// every department afresh instead. broken is true when the record could
// not be read (it is then removed, not reported every night).
func retryPendingFolders(cfg Config, outputDir string, sum RunSummary, dryRun bool, res *Result,
	log *slog.Logger) (folders []DepartmentShare, broken bool) {
	if sum.Status == model.RunDone {
		return nil, false
	}
	folders, err := loadFolders(outputDir)
	if err != nil {
		res.fail(log, "担当部のフォルダへの未コピーの記録を読めませんでした（次に報告書を作る実行でコピーし直します）", err)
		broken = true
	}
	retryFolders(cfg, folders, dryRun, res, log)
	return folders, broken
}

// removeStale removes the temporary files a killed run left in the
// distribution folder and the departments' folders (atomicfile.RemoveStale),
// on every run, a skipped night included: they are planreport's own, and
// on a Windows share people see them. A folder that is missing or a file
// that cannot be removed is only logged: publication and the copies say
// what is wrong with a folder where it matters.
func removeStale(cfg Config, now time.Time, log *slog.Logger) {
	dirs := []string{cfg.PublishDir}
	for _, name := range slices.Sorted(maps.Keys(cfg.Departments)) {
		dirs = append(dirs, cfg.Departments[name].Folder)
	}
	seen := map[string]bool{}
	for _, dir := range dirs {
		if dir == "" || seen[dir] {
			continue
		}
		seen[dir] = true
		removed, err := atomicfile.RemoveStale(dir, now)
		for _, name := range removed {
			log.Info("前回中断された配布で残った一時ファイルを削除しました", "file", filepath.Join(dir, name))
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			log.Warn("配布先のフォルダに残った一時ファイルを削除できませんでした", "folder", dir, "err", err)
		}
	}
}

// composeRun publishes a run that was not skipped, routes its departments
// and composes its own messages: the council's, the departments' and the
// office's (which hears of every problem met on the way). current is the
// key of each routed department's findings in this run (nil: not routed).
func composeRun(ctx context.Context, cfg Config, outputDir string, sum RunSummary, art Artifacts, prev *RunSummary, pending []pendingMessage,
	mailed mailedState, dryRun bool, res *Result, log *slog.Logger) (fresh []pendingMessage, current map[string]string) {
	mailOn := cfg.SMTP.Host != ""
	var problems []string
	report, departments, reportIsNew := publishRun(ctx, cfg, sum, art, dryRun, res, &problems, log)
	var rt routing
	if sum.Status == model.RunDone {
		rt = routeDepartments(cfg, outputDir, sum, art, pending, mailed, dryRun, res, &problems, log)
	}
	fresh = append(fresh, rt.fresh...)
	if mailOn && len(cfg.SMTP.Council) > 0 && reportIsNew {
		if attachable(report.Size, attachLimitOf(cfg.SMTP)) || report.Link != "" {
			fresh = append(fresh, pendingMessage{Kind: kindCouncil, ReportDate: sum.ReportDate,
				Message: councilMessage(cfg, sum, prev, report, departments, linkTo(cfg, ""))})
		} else {
			p := fmt.Sprintf("報告書（%s）は添付できる大きさを超え、配信フォルダにもないため、議員あてのメールを送れません", humanSize(report.Size))
			problems = append(problems, p)
			res.fail(log, p, nil)
		}
	}
	needsOffice := sum.Status == model.RunFailed || sum.Errors > 0 || len(sum.RejectedFiles) > 0 || len(problems) > 0 || len(sum.FeedbackMissing) > 0 ||
		len(sum.Chase) > 0 || len(rt.unrouted) > 0
	if mailOn && len(cfg.SMTP.Office) > 0 && needsOffice {
		findings := describeFile(art.FindingsJSON, "findings.json")
		fresh = append(fresh, pendingMessage{Kind: kindOffice, ReportDate: sum.ReportDate,
			Message: officeMessage(cfg, sum, findings, problems, rt.unrouted)})
	}
	return fresh, rt.current
}

// buildQueue puts the fresh messages after those pending, dropping those a
// fresh one supersedes, and addresses every message from the
// configuration as it is now, so that a corrected address list applies to
// retries too; a message left without recipients is dropped. current is
// the key of each department's findings as this run worked them out: a
// waiting department mail with another key is out of date and dropped,
// whether or not a fresh one replaces it (the department's findings may
// have gone back to what it was last mailed).
func buildQueue(cfg Config, pending, fresh []pendingMessage, current map[string]string, log *slog.Logger) []pendingMessage {
	// A new report supersedes an older report's council mail that is still
	// waiting: council members need the current report, not two.
	queue := pending
	if slices.ContainsFunc(fresh, func(m pendingMessage) bool { return m.Kind == kindCouncil }) {
		queue = slices.DeleteFunc(slices.Clone(queue), func(m pendingMessage) bool {
			if m.Kind == kindCouncil {
				log.Info("新しい報告書があるため、未送信だった議員あてメールは送りません", "report_date", m.ReportDate, "subject", m.Message.Subject)
				return true
			}
			return false
		})
	}
	queue = supersedeDepartments(queue, fresh, log)
	queue = dropOutdatedDepartments(queue, current, log)
	// An office mail identical to one still waiting (the same failure or
	// findings, a forced run while the server is down) replaces it rather
	// than queue a second copy.
	for _, m := range fresh {
		if m.Kind != kindOffice {
			continue
		}
		queue = slices.DeleteFunc(queue, func(q pendingMessage) bool {
			return q.Kind == kindOffice && q.Message.Subject == m.Message.Subject && q.Message.Body == m.Message.Body
		})
	}
	queue = append(queue, fresh...)
	// Address every message from the configuration as it is now, so that a
	// corrected address list applies to retries too.
	queue = slices.DeleteFunc(queue, func(m pendingMessage) bool {
		addressFor(&m, cfg)
		if len(m.Message.Recipients()) == 0 {
			log.Warn("宛先が設定から消えたため、未送信のメールを取りやめました", "kind", m.Kind, "subject", m.Message.Subject)
			return true
		}
		return false
	})
	for i := range queue {
		addressFor(&queue[i], cfg)
	}
	return queue
}

// sendQueue sends the queue and returns the messages to try again on the
// next run. A department mail sent is recorded in mailed.
func sendQueue(ctx context.Context, cfg Config, getenv func(string) string, sum RunSummary, queue []pendingMessage,
	mailed mailedState, res *Result, log *slog.Logger) []pendingMessage {
	msgs := make([]dmail.Message, len(queue))
	for i, m := range queue {
		msgs[i] = m.Message
	}
	errs := dmail.Send(ctx, serverOf(cfg, getenv), msgs)
	var still []pendingMessage
	for i, m := range queue {
		if errs[i] == nil {
			res.Sent = append(res.Sent, describe(m))
			if m.Kind == kindCouncil && m.ReportDate == sum.ReportDate {
				res.CouncilHasReport = true
			}
			if m.Kind == kindDepartment {
				mailed.Departments[m.Department] = mailedDept{Key: m.Key, ReportDate: m.ReportDate}
			}
			log.Info("メールを送信しました", "kind", m.Kind, "report_date", m.ReportDate, "subject", m.Message.Subject, "recipients", recipientCount(m))
			continue
		}
		m.Attempts++
		m.LastError = errs[i].Error()
		if m.Attempts >= MaxAttempts || errors.Is(errs[i], dmail.ErrAttachmentChanged) {
			res.fail(log, fmt.Sprintf("メール「%s」は%d回送れなかったため、送信を取りやめました", m.Message.Subject, m.Attempts), errs[i])
			continue
		}
		res.fail(log, fmt.Sprintf("メール「%s」を送れませんでした（次回の実行で再送します）", m.Message.Subject), errs[i])
		still = append(still, m)
	}
	return still
}

// publishRun publishes a done run's PDFs and describes them for the mails.
// reportIsNew is true when the consolidated report was published now (or,
// with no distribution folder, whenever a done run produced one).
func publishRun(ctx context.Context, cfg Config, sum RunSummary, art Artifacts, dryRun bool, res *Result, problems *[]string,
	log *slog.Logger) (report file, departments []file, reportIsNew bool) {
	if sum.Status != model.RunDone || art.ReportPDF == "" {
		return file{}, nil, false
	}
	wareki := model.WarekiDateOr(sum.ReportDate)
	report = describeFile(art.ReportPDF, publish.FileName(reportTitle(cfg), wareki))
	if report.Path == "" {
		p := fmt.Sprintf("報告書「%s」を読めません", art.ReportPDF)
		*problems = append(*problems, p)
		res.fail(log, p, nil)
		return file{}, nil, false
	}
	depts := slices.Clone(art.DepartmentPDFs)
	slices.SortFunc(depts, func(a, b DepartmentPDF) int { return strings.Compare(a.Department, b.Department) })
	if cfg.PublishDir == "" {
		return report, nil, true
	}
	docs := []publish.Document{{Kind: publish.KindReport, Label: reportTitle(cfg), Path: art.ReportPDF}}
	if art.ReportHTML != "" {
		docs = append(docs, publish.Document{Kind: publish.KindHTML, Label: reportTitle(cfg), Path: art.ReportHTML})
	}
	for _, d := range depts {
		docs = append(docs, publish.Document{Kind: publish.KindDepartment, Label: d.Department, Path: d.Path, ContentKey: d.ContentKey})
	}
	pr, err := publish.Publish(ctx, cfg.PublishDir, sum.ReportDate, docs, dryRun)
	// The mail lists the department files as they are in the folder: an
	// unchanged department keeps its earlier dated file.
	for _, e := range slices.Concat(pr.Published, pr.Unchanged) {
		if e.Kind == publish.KindDepartment {
			departments = append(departments, file{Name: e.File, Size: e.Size, SHA256: e.SHA256, Link: linkTo(cfg, e.File)})
		}
	}
	slices.SortFunc(departments, func(a, b file) int { return strings.Compare(a.Name, b.Name) })
	for _, e := range pr.Published {
		res.Published = append(res.Published, e.File)
		if e.Kind == publish.KindReport {
			reportIsNew = true
			report.Link = linkTo(cfg, e.File)
		}
		msg := "配布フォルダに公開しました"
		if dryRun {
			// -dry-run publishes nothing; the log must not say it did.
			msg = "配布フォルダに公開します（試行のため公開していません）"
		}
		log.Info(msg, "file", e.File, "size", e.Size, "sha256", e.SHA256, "dry_run", dryRun)
	}
	reportSettled := reportIsNew
	for _, e := range pr.Unchanged {
		res.Unchanged = append(res.Unchanged, e.File)
		reportSettled = reportSettled || e.Kind == publish.KindReport
	}
	if err != nil {
		// The folder could not tell whether the report is new (or could not
		// take it): the run made a report, so the council is still told,
		// with the PDF attached when it is small enough.
		reportIsNew = !reportSettled
		p := fmt.Sprintf("配信フォルダ「%s」への公開に失敗しました: %v", cfg.PublishDir, err)
		*problems = append(*problems, p)
		res.Errors = append(res.Errors, p)
		log.Error("配布フォルダへの公開に失敗しました", "dir", cfg.PublishDir, "err", err)
	}
	return report, departments, reportIsNew
}

// describeFile hashes a file for a message; Path is empty when there is no
// such file.
func describeFile(path, name string) file {
	if path == "" {
		return file{}
	}
	sum, size, err := atomicfile.HashFile(path)
	if err != nil {
		return file{}
	}
	return file{Name: name, Path: path, SHA256: sum, Size: size}
}

func describe(m pendingMessage) string {
	who := "企画担当あて"
	switch m.Kind {
	case kindCouncil:
		who = "議員あて"
	case kindDepartment:
		who = m.Department + "あて"
	}
	s := fmt.Sprintf("%s「%s」（宛先%d件", who, m.Message.Subject, recipientCount(m))
	for _, a := range m.Message.Attachments {
		s += "、添付 " + a.Name
	}
	if m.Attempts > 0 {
		s += fmt.Sprintf("、再送%d回目", m.Attempts)
	}
	return s + "）"
}

// recipientCount is how many people a message is for. The council's mail
// is addressed To the sender only so that members, in BCC, do not see one
// another's addresses; the sender is no recipient to count.
func recipientCount(m pendingMessage) int {
	if m.Kind == kindCouncil {
		return len(m.Message.Bcc)
	}
	return len(m.Message.Recipients())
}

// supersedeDepartments drops the waiting mails of the departments that
// have a new one: a department needs its current findings, not two lists.
func supersedeDepartments(queue, fresh []pendingMessage, log *slog.Logger) []pendingMessage {
	newer := map[string]bool{}
	for _, m := range fresh {
		if m.Kind == kindDepartment {
			newer[m.Department] = true
		}
	}
	if len(newer) == 0 {
		return queue
	}
	return slices.DeleteFunc(slices.Clone(queue), func(m pendingMessage) bool {
		if m.Kind == kindDepartment && newer[m.Department] {
			log.Info("新しい指摘があるため、未送信だった担当部あてメールは送りません", "department", m.Department, "subject", m.Message.Subject)
			return true
		}
		return false
	})
}

// dropOutdatedDepartments drops the waiting department mails whose key is
// not the department's current one: they tell findings that are no longer
// the department's. A department this run did not route keeps its mail.
func dropOutdatedDepartments(queue []pendingMessage, current map[string]string, log *slog.Logger) []pendingMessage {
	if len(current) == 0 {
		return queue
	}
	return slices.DeleteFunc(slices.Clone(queue), func(m pendingMessage) bool {
		key, ok := current[m.Department]
		if m.Kind == kindDepartment && ok && key != m.Key {
			log.Info("担当部の指摘が変わったため、未送信だった担当部あてメールは送りません", "department", m.Department, "subject", m.Message.Subject)
			return true
		}
		return false
	})
}

// trimQueue keeps at most MaxPending messages, dropping the oldest office
// messages first (a council mail is at most one, the newest report's).
func trimQueue(q []pendingMessage, log *slog.Logger, res *Result) []pendingMessage {
	for len(q) > MaxPending {
		i := slices.IndexFunc(q, func(m pendingMessage) bool { return m.Kind == kindOffice })
		if i < 0 {
			i = 0
		}
		res.fail(log, fmt.Sprintf("未送信メールが%d通を超えたため、古いメール「%s」を破棄しました", MaxPending, q[i].Message.Subject), nil)
		q = slices.Delete(q, i, i+1)
	}
	return q
}

// peekPending reads the state without moving a broken file aside (dry run).
func peekPending(outputDir string) (pendingState, error) {
	if _, err := os.Stat(filepath.Join(outputDir, PendingFile)); err != nil {
		return pendingState{Version: 1}, nil
	}
	data, err := os.ReadFile(filepath.Join(outputDir, PendingFile))
	if err != nil {
		return pendingState{Version: 1}, err
	}
	st, err := decodePending(data)
	return st, err
}
