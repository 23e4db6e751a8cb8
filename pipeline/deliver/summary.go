package deliver

import (
	"cmp"
	"slices"

	"planreport/pipeline/changes"
	"planreport/pipeline/model"
	"planreport/pipeline/status"
)

// RunSummary is what delivery needs to know about a run, in plain data (the
// integrator may keep it in run.json and pass the last report's summary
// back as prev on the next run).
type RunSummary struct {
	Status     string `json:"status"`      // done, skipped or failed
	ReportDate string `json:"report_date"` // YYYY-MM-DD
	ExitStatus int    `json:"exit_status"`

	Initiatives int `json:"initiatives"` // management sheets in the report
	Indicators  int `json:"indicators"`  // target indicators in them
	// Year is the fiscal year (Western) that Evaluated and Achieved count:
	// the latest year with any evaluated indicator; 0 when none.
	Year      int `json:"year"`
	Evaluated int `json:"evaluated"` // indicators of Year with a judgement other than —
	Achieved  int `json:"achieved"`  // of those, rate ≥ 100 % or 達成

	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
	// RejectedFiles are input files left out (base names).
	RejectedFiles []string `json:"rejected_files,omitempty"`
	// TopFindings are the findings the office's mail lists first (errors
	// before warnings, then by file, sheet and cell); Summarize keeps
	// MaxFindingsInMail of them.
	TopFindings []model.Finding `json:"top_findings,omitempty"`
	// Changes since the previous report, for the council mail: nil when
	// the run did not compare.
	Changes *ChangesSummary `json:"changes,omitempty"`
	// Message says why a failed run failed (Japanese).
	Message string `json:"message,omitempty"`
	// NoPreviousReport: the output folder held no report when the run
	// failed (a first run), so the office mail must not say one was kept.
	NoPreviousReport bool `json:"no_previous_report,omitempty"`
	// Chase are the departments the office has to chase (package status:
	// a sheet not submitted, an actual not filled in, an error), by name.
	Chase []ChaseLine `json:"chase,omitempty"`
	// EvaluationYear is the fiscal year whose actuals Chase counts.
	EvaluationYear int `json:"evaluation_year,omitempty"`
	// FeedbackMissing are the workbooks with findings that got no
	// annotated copy, each with why: the office relays those by hand.
	FeedbackMissing []string `json:"feedback_missing,omitempty"`
	// Sheets are the counts of each management sheet in the report, so
	// that the next report can tell a sheet it could not read from one a
	// department removed.
	Sheets []SheetCount `json:"sheets,omitempty"`
	// Held are the places the report could not read or left out (a
	// rejected workbook, Sheet ""; a sheet left out for an error): their
	// initiatives are missing for that reason, not because a department
	// removed them (package changes, model.ChangeNotCompared).
	Held []Place `json:"held,omitempty"`
}

// Place is a workbook (Sheet "") or one sheet of it.
type Place struct {
	File  string `json:"file"`
	Sheet string `json:"sheet,omitempty"`
}

// holds reports whether the place is or contains the sheet.
func (p Place) holds(file, sheet string) bool {
	return p.File == file && (p.Sheet == "" || p.Sheet == sheet)
}

// SheetCount is what one management sheet adds to a RunSummary's counts.
type SheetCount struct {
	Place
	Initiatives int `json:"initiatives"`
	Indicators  int `json:"indicators"`
	Evaluated   int `json:"evaluated"` // of the summary's Year
	Achieved    int `json:"achieved"`
}

func (c *SheetCount) add(o SheetCount) {
	c.Initiatives += o.Initiatives
	c.Indicators += o.Indicators
	c.Evaluated += o.Evaluated
	c.Achieved += o.Achieved
}

// ChaseLine is one department the office has to chase, with its counts.
type ChaseLine struct {
	Department string `json:"department"`
	Missing    int    `json:"missing"` // 未提出
	Blank      int    `json:"blank"`   // 未記入
	Errors     int    `json:"errors"`
	Warnings   int    `json:"warnings"`
}

// chaseLines are the departments of the table that need chasing.
func chaseLines(tab status.Table) []ChaseLine {
	var out []ChaseLine
	for _, d := range tab.ToChase() {
		out = append(out, ChaseLine{Department: d.Name, Missing: len(d.Missing), Blank: len(d.Blank), Errors: d.Errors, Warnings: d.Warnings})
	}
	return out
}

// ChangesSummary is what the council mail says of the changes since the
// previous report.
type ChangesSummary struct {
	Summary      string   `json:"summary"`       // changes.Summary: against which report, how many of what
	ValueChanges int      `json:"value_changes"` // actuals entered and values changed
	Total        int      `json:"total"`
	Top          []string `json:"top,omitempty"` // the first MaxChangesInMail changes, grades first (changes.Line)
}

// MaxChangesInMail bounds the changes the council mail lists.
const MaxChangesInMail = 10

// Summarize fills the counts of a RunSummary from a finished batch; the
// caller sets Status, ExitStatus and Message. b may be nil (a run that
// failed before reading anything).
func Summarize(b *model.Batch) RunSummary {
	var s RunSummary
	if b == nil {
		return s
	}
	s.ReportDate = b.ReportDate
	s.Initiatives = len(b.Initiatives)
	s.Year = b.Rollups.LatestYear
	if s.Year == 0 {
		s.Year = latestEvaluatedYear(b.Initiatives)
	}
	var total SheetCount
	for _, in := range b.Initiatives {
		c := countSheet(in, s.Year)
		total.add(c)
		s.Sheets = addSheet(s.Sheets, c)
	}
	s.Indicators, s.Evaluated, s.Achieved = total.Indicators, total.Evaluated, total.Achieved
	s.Errors, s.Warnings, s.Infos = b.Counts()
	for _, f := range b.Files {
		if f.Status == model.FileRejected {
			s.RejectedFiles = append(s.RejectedFiles, f.Name)
		}
	}
	slices.Sort(s.RejectedFiles)
	s.Held = heldPlaces(b, s.RejectedFiles)
	s.TopFindings = topFindings(b.Findings, MaxFindingsInMail)
	if ch := b.Changes; ch != nil {
		cs := &ChangesSummary{Summary: changes.Summary(ch), ValueChanges: ch.ValueChanges(), Total: len(ch.Items)}
		// Items are in model.ChangeOrder: grades first.
		for _, it := range ch.Items[:min(len(ch.Items), MaxChangesInMail)] {
			cs.Top = append(cs.Top, changes.Line(it))
		}
		s.Changes = cs
	}
	tab := status.Compute(b)
	s.Chase, s.EvaluationYear = chaseLines(tab), tab.EvaluationYear
	return s
}

// countSheet counts one initiative, its indicators and, of year, the
// evaluated and achieved indicator-years.
func countSheet(in *model.Initiative, year int) SheetCount {
	c := SheetCount{Place: Place{File: in.Source.File, Sheet: in.Source.Sheet}, Initiatives: 1, Indicators: len(in.Indicators)}
	for _, ind := range in.Indicators {
		for _, y := range ind.Years {
			if y.Year.Year != year || y.Eval.Judgement == model.NotEvaluable {
				continue
			}
			c.Evaluated++
			if y.Eval.IsAchieved() {
				c.Achieved++
			}
		}
	}
	return c
}

// addSheet adds c to the count of its sheet (a sheet holds one initiative;
// a workbook's sheets are in order, so the last one is the one to extend).
func addSheet(cs []SheetCount, c SheetCount) []SheetCount {
	if n := len(cs); n > 0 && cs[n-1].Place == c.Place {
		cs[n-1].add(c)
		return cs
	}
	return append(cs, c)
}

// heldPlaces are the places of b its report could not read: the rejected
// workbooks, and the places the comparison with the previous report did
// not compare (model.ChangeNotCompared) that hold none of b's initiatives
// (a sheet left out for an error; not a place the previous report could
// not read, which this one did).
func heldPlaces(b *model.Batch, rejected []string) []Place {
	var out []Place
	for _, f := range rejected {
		out = append(out, Place{File: f})
	}
	if b.Changes == nil {
		return out
	}
	for _, it := range b.Changes.Items {
		p := Place{File: it.Source.File, Sheet: it.Source.Sheet}
		if it.Kind != model.ChangeNotCompared || p.File == "" || slices.Contains(out, p) || readAt(b, p) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// readAt reports whether b holds an initiative at the place.
func readAt(b *model.Batch, p Place) bool {
	return slices.ContainsFunc(b.Initiatives, func(in *model.Initiative) bool {
		return in != nil && p.holds(in.Source.File, in.Source.Sheet)
	})
}

func latestEvaluatedYear(ins []*model.Initiative) int {
	latest := 0
	for _, in := range ins {
		for _, ind := range in.Indicators {
			for _, y := range ind.Years {
				if y.Eval.Judgement != model.NotEvaluable {
					latest = max(latest, y.Year.Year)
				}
			}
		}
	}
	return latest
}

// topFindings returns up to n findings, errors first, each severity in
// model.SortFindings order, without touching the batch's slice.
func topFindings(fs []model.Finding, n int) []model.Finding {
	out := slices.Clone(fs)
	model.SortFindings(out)
	slices.SortStableFunc(out, func(a, b model.Finding) int {
		return cmp.Compare(a.Severity.Rank(), b.Severity.Rank())
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
