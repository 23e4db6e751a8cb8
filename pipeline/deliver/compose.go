package deliver

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	dmail "planreport/pipeline/deliver/mail"
	"planreport/pipeline/model"
)

// Kinds of message; a pending message keeps its kind so that a retry is
// addressed to the list as configured at the time of the retry (a fixed
// address takes effect at once).
const (
	kindCouncil = "council"
	kindOffice  = "office"
)

// file is a document a message attaches or points to.
type file struct {
	Name   string // name the recipient sees (the dated name)
	Path   string // the bytes
	SHA256 string
	Size   int64
	Link   string // its place in the distribution folder; "" when not published
}

// addressFor sets the recipients of a pending message from the
// configuration: a department's mail goes to its addresses.
func addressFor(m *pendingMessage, cfg Config) {
	if m.Kind == kindDepartment {
		m.Message.To, m.Message.Bcc = slices.Clone(cfg.Departments[m.Department].Mail), nil
		return
	}
	address(&m.Message, m.Kind, cfg.SMTP)
}

// address sets the recipients of a message of kind from the configuration.
// Council members get the mail as BCC, with the sender as the visible To.
func address(m *dmail.Message, kind string, s SMTP) {
	m.To, m.Bcc = nil, nil
	switch kind {
	case kindCouncil:
		if len(s.Council) > 0 {
			m.To = []string{s.From}
			m.Bcc = append([]string(nil), s.Council...)
		}
	case kindOffice:
		m.To = append([]string(nil), s.Office...)
	}
}

// councilMessage announces a new report to council members.
func councilMessage(cfg Config, sum RunSummary, prev *RunSummary, report file, departments []file, folder string) dmail.Message {
	title := reportTitle(cfg)
	date := model.WarekiDateOr(sum.ReportDate)
	var b strings.Builder
	b.WriteString("議員各位\n\n")
	fmt.Fprintf(&b, "%s（%s）を作成しましたので、お知らせします。\n\n", title, date)

	b.WriteString("■ 概要\n")
	var p *RunSummary
	if prev != nil && prev.Status == model.RunDone {
		p = prev
	}
	overview(&b, sum, p)
	if p != nil {
		fmt.Fprintf(&b, "　（前回の報告：%s）\n", model.WarekiDateOr(p.ReportDate))
	}
	if c := sum.Changes; c != nil {
		b.WriteString("\n■ 前回報告からの変更\n")
		b.WriteString(c.Summary + "\n")
		if c.Total > 0 {
			fmt.Fprintf(&b, "・変更された値（実績値の入力を含む）：%d件\n", c.ValueChanges)
			for _, line := range c.Top {
				b.WriteString("・" + line + "\n")
			}
			if c.Total > len(c.Top) {
				fmt.Fprintf(&b, "ほか%d件は報告書の「前回報告からの変更」と集計表のシート「変更点」にあります。\n", c.Total-len(c.Top))
			}
		}
	}

	b.WriteString("\n■ 報告書\n")
	var m dmail.Message
	if report.Path != "" && attachable(report.Size, attachLimitOf(cfg.SMTP)) {
		fmt.Fprintf(&b, "添付ファイル：%s（%s）\n", report.Name, humanSize(report.Size))
		m.Attachments = []dmail.Attachment{{Name: report.Name, Path: report.Path, SHA256: report.SHA256, Size: report.Size, ContentType: "application/pdf"}}
	} else {
		fmt.Fprintf(&b, "報告書は容量が大きいため（%s）添付していません。次の場所からご覧ください。\n", humanSize(report.Size))
		fmt.Fprintf(&b, "%s\n", report.Link)
	}
	if len(departments) > 0 && folder != "" {
		fmt.Fprintf(&b, "\n部ごとの報告書（%d部）は次のフォルダにあります。\n%s\n", len(departments), folder)
		for _, d := range departments {
			fmt.Fprintf(&b, "・%s\n", d.Name)
		}
	}
	footer(&b, cfg)
	m.Subject = fmt.Sprintf("【%s】%s版のお知らせ", title, date)
	m.Body = b.String()
	return m
}

// overview writes the council mail's counts, each with how it moved since
// p, the previous report (nil: none).
func overview(b *strings.Builder, sum RunSummary, p *RunSummary) {
	var c counter
	if p != nil {
		c = counter{prev: p, held: heldCount(p, sum.Held), heldWhat: heldWhat(sum.Held), unknown: len(sum.Held) > 0 && p.Sheets == nil}
	}
	fmt.Fprintf(b, "・取組項目：%d件%s\n", sum.Initiatives, c.change(sum.Initiatives, func(s SheetCount) int { return s.Initiatives }))
	fmt.Fprintf(b, "・目標指標：%d件%s\n", sum.Indicators, c.change(sum.Indicators, func(s SheetCount) int { return s.Indicators }))
	if sum.Year == 0 {
		b.WriteString("・評価できる指標はまだありません\n")
		return
	}
	samePeriod := p != nil && p.Year == sum.Year
	q := c
	if !samePeriod {
		q = counter{}
	}
	fmt.Fprintf(b, "・%sに評価した指標：%d件%s\n", model.Wareki(sum.Year), sum.Evaluated, q.change(sum.Evaluated, func(s SheetCount) int { return s.Evaluated }))
	fmt.Fprintf(b, "・うち達成（達成率100%%以上または達成）：%d件%s\n", sum.Achieved, q.change(sum.Achieved, func(s SheetCount) int { return s.Achieved }))
	if p != nil && !samePeriod && p.Year > 0 {
		fmt.Fprintf(b, "　（前回の報告は%sの評価です：評価%d件、うち達成%d件）\n", model.Wareki(p.Year), p.Evaluated, p.Achieved)
	}
}

// counter says how the council mail's counts moved since the previous
// report. What the previous report showed in a place this report could
// not read or left out (held) is not a reduction: it is taken out of the
// previous count, so that like is compared with like, and the mail says
// how much was taken out and why.
type counter struct {
	prev     *RunSummary // nil: no previous report, nothing to say
	held     SheetCount  // what prev counted in the held places
	heldWhat string      // what the held places are, for the mail
	unknown  bool        // prev does not say what it counted where (an older summary)
}

// change describes how a count moved since the previous report; get
// picks the count from a SheetCount.
func (c counter) change(cur int, get func(SheetCount) int) string {
	if c.prev == nil {
		return ""
	}
	all := SheetCount{Initiatives: c.prev.Initiatives, Indicators: c.prev.Indicators, Evaluated: c.prev.Evaluated, Achieved: c.prev.Achieved}
	held := get(c.held)
	d := cur - (get(all) - held)
	moved := "前回と同じ"
	switch {
	case d > 0:
		moved = fmt.Sprintf("前回から%d件増", d)
	case d < 0:
		moved = fmt.Sprintf("前回から%d件減", -d)
	}
	switch {
	case held > 0:
		return fmt.Sprintf("（%sの%d件を除き、%s）", c.heldWhat, held, moved)
	case c.unknown && d < 0:
		return fmt.Sprintf("（%s。この差には、%sの分が含まれている場合があります）", moved, c.heldWhat)
	}
	return "（" + moved + "）"
}

// heldCount is what p counted in the places of held.
func heldCount(p *RunSummary, held []Place) SheetCount {
	var c SheetCount
	for _, s := range p.Sheets {
		if slices.ContainsFunc(held, func(h Place) bool { return h.holds(s.File, s.Sheet) }) {
			c.add(s)
		}
	}
	return c
}

// heldWhat names the held places for the council: workbooks the report
// could not read, sheets it left out for an error, or both.
func heldWhat(held []Place) string {
	books := slices.ContainsFunc(held, func(h Place) bool { return h.Sheet == "" })
	sheets := slices.ContainsFunc(held, func(h Place) bool { return h.Sheet != "" })
	switch {
	case books && sheets:
		return "読み込めなかったブックと、誤りのため今回の報告書に含めなかったシート"
	case books:
		return "読み込めなかったブック"
	}
	return "誤りのため今回の報告書に含めなかったシート"
}

// officeMessage tells the planning office what went wrong: a failed run,
// rejected files, error findings, or a delivery problem; and whom to chase
// (提出状況) and which departments of the data have no route.
func officeMessage(cfg Config, sum RunSummary, findings file, problems, unrouted []string) dmail.Message {
	date := model.WarekiDateOr(sum.ReportDate)
	var b strings.Builder
	b.WriteString("ご担当者様\n\n")
	fmt.Fprintf(&b, "%s（%s）の処理について、確認が必要な事項があります。\n\n", reportTitle(cfg), date)

	b.WriteString("■ 処理結果\n")
	switch sum.Status {
	case model.RunFailed:
		kept := "前回の報告書はそのまま残っています。"
		if sum.NoPreviousReport {
			kept = "出力フォルダにはまだ報告書がなく、今回も作成していません。"
		}
		fmt.Fprintf(&b, "・状態：失敗（終了コード %d）。%s\n", sum.ExitStatus, kept)
		if sum.Message != "" {
			fmt.Fprintf(&b, "・理由：%s\n", sum.Message)
		}
	case model.RunDone:
		fmt.Fprintf(&b, "・状態：完了（終了コード %d）\n", sum.ExitStatus)
	default:
		fmt.Fprintf(&b, "・状態：%s（終了コード %d）\n", sum.Status, sum.ExitStatus)
	}
	fmt.Fprintf(&b, "・エラー：%d件　警告：%d件　情報：%d件\n", sum.Errors, sum.Warnings, sum.Infos)
	if sum.Status == model.RunDone {
		fmt.Fprintf(&b, "・報告書に含めた取組項目：%d件\n", sum.Initiatives)
	}
	if len(sum.RejectedFiles) > 0 {
		fmt.Fprintf(&b, "・受け付けなかったファイル：%d件\n", len(sum.RejectedFiles))
		for _, f := range sum.RejectedFiles {
			fmt.Fprintf(&b, "　・%s\n", f)
		}
	}
	if len(sum.FeedbackMissing) > 0 {
		b.WriteString("\n■ 赤入れ版を作れなかったブック（指摘は報告書と findings.json にあります。担当部へは手作業でお伝えください）\n")
		for _, m := range sum.FeedbackMissing {
			fmt.Fprintf(&b, "・%s\n", m)
		}
	}
	if len(problems) > 0 {
		b.WriteString("\n■ 配信の問題\n")
		for _, p := range problems {
			fmt.Fprintf(&b, "・%s\n", p)
		}
	}
	chaseSection(&b, sum, unrouted)
	findingsSection(&b, sum)
	var m dmail.Message
	if findings.Path != "" {
		if attachable(findings.Size, attachLimitOf(cfg.SMTP)) {
			fmt.Fprintf(&b, "\nすべての指摘は添付の %s にあります。\n", findings.Name)
			m.Attachments = []dmail.Attachment{{Name: findings.Name, Path: findings.Path, SHA256: findings.SHA256, Size: findings.Size, ContentType: "application/json"}}
		} else {
			fmt.Fprintf(&b, "\nすべての指摘は %s にあります（%s のため添付していません）。\n", findings.Path, humanSize(findings.Size))
		}
	}
	footer(&b, cfg)

	m.Subject = fmt.Sprintf("【planreport】%s（%s）", officeWhat(sum, problems, unrouted), date)
	m.Body = b.String()
	return m
}

// officeWhat is the office mail's subject: what needs attention.
func officeWhat(sum RunSummary, problems, unrouted []string) string {
	var what []string
	switch {
	case sum.Status == model.RunFailed:
		what = append(what, "処理に失敗しました")
	default:
		if sum.Errors > 0 {
			what = append(what, fmt.Sprintf("エラー%d件", sum.Errors))
		}
		if len(sum.RejectedFiles) > 0 {
			what = append(what, fmt.Sprintf("受け付けなかったファイル%d件", len(sum.RejectedFiles)))
		}
		if len(problems) > 0 {
			what = append(what, "配信に問題があります")
		}
		if len(sum.FeedbackMissing) > 0 {
			what = append(what, fmt.Sprintf("赤入れ版を作れなかったブック%d件", len(sum.FeedbackMissing)))
		}
		if len(sum.Chase) > 0 {
			what = append(what, fmt.Sprintf("督促が必要な担当部%d部", len(sum.Chase)))
		}
		if len(what) == 0 && len(unrouted) > 0 {
			what = append(what, "返却先のない担当部があります")
		}
	}
	return strings.Join(what, "・")
}

// chaseSection names the departments without a route, and lists the
// departments to chase (提出状況) with their counts.
func chaseSection(b *strings.Builder, sum RunSummary, unrouted []string) {
	if len(unrouted) > 0 {
		b.WriteString("\n■ 返却先の設定（departments）がない担当部（指摘を送っていません）\n")
		for _, d := range unrouted {
			fmt.Fprintf(b, "・%s\n", d)
		}
	}
	if len(sum.Chase) == 0 || sum.Status != model.RunDone {
		return
	}
	year := "評価年度"
	if sum.EvaluationYear != 0 {
		year = model.Wareki(sum.EvaluationYear)
	}
	fmt.Fprintf(b, "\n■ 提出状況：督促が必要な担当部（%d部。未記入は%sの実績、計画期間が先に終わった取組はその最終年度の実績）\n", len(sum.Chase), year)
	for _, c := range sum.Chase {
		fmt.Fprintf(b, "・%s：未提出%d件、未記入%d件、エラー%d件、警告%d件\n", c.Department, c.Missing, c.Blank, c.Errors, c.Warnings)
	}
	b.WriteString("　（取組とセルは報告書の「提出状況」と集計表のシート「提出状況」にあります）\n")
}

// findingsSection lists the first findings of the run, saying how many
// there are in all when not all are listed.
func findingsSection(b *strings.Builder, sum RunSummary) {
	if len(sum.TopFindings) == 0 {
		return
	}
	n := min(len(sum.TopFindings), MaxFindingsInMail)
	total := sum.Errors + sum.Warnings + sum.Infos
	if total > n {
		fmt.Fprintf(b, "\n■ 主な指摘（全%d件のうち先頭%d件）\n", total, n)
	} else {
		b.WriteString("\n■ 指摘\n")
	}
	for _, f := range sum.TopFindings[:n] {
		fmt.Fprintf(b, "・%s［%s］%s（%s）\n", where(f.Source), f.Severity.Label(), f.Message, f.Code)
	}
}

// where is a finding's place for a mail line; a finding about the whole
// run has none.
func where(s model.Source) string {
	if w := s.String(); w != "" {
		return w
	}
	return "（全体）"
}

func footer(b *strings.Builder, cfg Config) {
	b.WriteString("\n--\nこのメールは行財政運営プランの集計処理（planreport）が自動で送信しています。\n")
	if cfg.Contact != "" {
		fmt.Fprintf(b, "お問い合わせ：%s\n", cfg.Contact)
	}
}

func attachable(size, limit int64) bool {
	return limit >= 0 && size <= limit
}

// humanSize formats a byte count the way Windows Explorer shows it (1 KB =
// 1,024 bytes), with one decimal, in integer arithmetic.
func humanSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d バイト", n)
	case n < 1<<20:
		t := n * 10 / (1 << 10)
		return fmt.Sprintf("%d.%d KB", t/10, t%10)
	default:
		t := n * 10 / (1 << 20)
		return fmt.Sprintf("%d.%d MB", t/10, t%10)
	}
}

// linkTo is where a published file can be opened: the configured link
// (URL or UNC path) or the folder itself, joined with the file name by the
// separator the link already uses.
func linkTo(cfg Config, name string) string {
	base := cfg.PublishLink
	if base == "" {
		base = cfg.PublishDir
	}
	if base == "" {
		return ""
	}
	if name == "" {
		return base
	}
	if strings.HasPrefix(base, "http://") || strings.HasPrefix(base, "https://") {
		return strings.TrimRight(base, "/") + "/" + url.PathEscape(name)
	}
	sep := "/"
	if strings.Contains(base, `\`) {
		sep = `\`
	}
	return strings.TrimRight(base, sep) + sep + name
}
