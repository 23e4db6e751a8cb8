// Package model holds the one shared description of a batch: the input files,
// the management sheets (取組管理シート) read from them, the findings about
// them, and the rates and roll-ups computed from them. Stages receive a
// *Batch, add to it and pass it on; none of them re-reads a workbook.
//
// Every value read from a sheet carries its Source (file, sheet, A1 cell), so
// that any finding or any number in the report can be traced to the cell a
// department typed it into.
package model

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Source is where a value came from: the workbook file name (base name, as it
// lies in the input folder), the worksheet name and the A1 reference of the
// cell. Cell is empty for findings about a whole sheet; Sheet is empty for
// findings about a whole file.
type Source struct {
	File  string `json:"file"`
	Sheet string `json:"sheet"`
	Cell  string `json:"cell"`
}

// At returns a copy of s pointing at another cell of the same sheet.
func (s Source) At(cell string) Source { s.Cell = cell; return s }

// String formats the source the way messages show it: 「総務部.xlsx」シート「取組3」セルE32.
func (s Source) String() string {
	var b strings.Builder
	if s.File != "" {
		fmt.Fprintf(&b, "「%s」", s.File)
	}
	if s.Sheet != "" {
		fmt.Fprintf(&b, "シート「%s」", s.Sheet)
	}
	if s.Cell != "" {
		fmt.Fprintf(&b, "セル%s", s.Cell)
	}
	return b.String()
}

// Severity of a finding. Errors make `run` exit 1 (3 with -strict); warnings
// and infos are reported only.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Label is the Japanese word for the severity, as reports show it.
func (s Severity) Label() string {
	switch s {
	case SeverityError:
		return "エラー"
	case SeverityWarning:
		return "警告"
	case SeverityInfo:
		return "情報"
	}
	return string(s)
}

// IsSeverityLabel reports whether label is the Label of a severity.
func IsSeverityLabel(label string) bool {
	for _, s := range []Severity{SeverityError, SeverityWarning, SeverityInfo} {
		if s.Label() == label {
			return true
		}
	}
	return false
}

// Finding is one thing the planning office should know about the input.
// Code is a stable English identifier (tests and scripts branch on it);
// Message is Japanese and names the bad value and what was expected.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Source
	Message string `json:"message"`
}

// FileStatus says what became of an input file.
type FileStatus string

const (
	FileAccepted FileStatus = "accepted" // read; its management sheets are in the report
	FileRejected FileStatus = "rejected" // an input not read (other format, wrong name, broken, over a limit); an error finding says why
	// FileIgnored marks an entry that is not an input (Thumbs.db, a memo,
	// a folder, an Excel lock file ~$…, a hidden file). Ingest no longer
	// gives such entries (it leaves them out of the batch and names them
	// in the log, see ingest.IsInput), and no output lists or counts
	// them; the status stays for run records written before.
	FileIgnored FileStatus = "ignored"
)

// InputFile is one entry of the input folder.
type InputFile struct {
	Name   string     `json:"name"`
	SHA256 string     `json:"sha256"`
	Size   int64      `json:"size"`
	Status FileStatus `json:"status"`
	// Modified and ModifiedBy are the workbook's document properties
	// (docProps/core.xml dcterms:modified and cp:lastModifiedBy): when and
	// by whom it was last saved, Modified as RFC 3339 in UTC. Empty when
	// the file does not say (or is not a readable workbook).
	Modified   string `json:"modified,omitempty"`
	ModifiedBy string `json:"modified_by,omitempty"`
}

// Decimal is an exact decimal number in canonical text form: an optional
// minus sign, digits, and an optional fraction without trailing zeros
// ("1472", "-3.5", "0.25"). The zero value "" means no number. Arithmetic
// goes through Rat so that no binary floating point touches a rate.
type Decimal string

// ParseDecimal parses canonical or non-canonical plain decimal text
// ("042.50" → "42.5"). It accepts no grouping, units or exponents: those are
// the normalizer's business.
func ParseDecimal(s string) (Decimal, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok || strings.ContainsAny(s, "eE/") {
		return "", false
	}
	return DecimalFromRat(r), true
}

// IsDecimal reports whether ParseDecimal accepts s. Plain text
// (-digits or -digits.digits, the minus optional) is accepted without
// ParseDecimal's big.Rat: checking every stated rate of a large batch that
// way was a tenth of writing the summary workbook.
func IsDecimal(s string) bool {
	if isPlainDecimal(s) {
		return true
	}
	_, ok := ParseDecimal(s)
	return ok
}

func isPlainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasDot := strings.Cut(s, ".")
	return allDigits(intPart) && (!hasDot || allDigits(frac))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// DecimalFromRat formats r exactly. r must have a finite decimal expansion
// (any value parsed from decimal text does); otherwise it is rounded to 12
// places.
func DecimalFromRat(r *big.Rat) Decimal {
	s := r.FloatString(12)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return Decimal(s)
}

// Rat returns the exact value, or nil for the zero Decimal.
func (d Decimal) Rat() *big.Rat {
	if d == "" {
		return nil
	}
	r, ok := new(big.Rat).SetString(string(d))
	if !ok {
		return nil
	}
	return r
}

// Float64 is for writers that need a float (spreadsheet cells, chart bars),
// never for arithmetic.
func (d Decimal) Float64() float64 {
	r := d.Rat()
	if r == nil {
		return 0
	}
	f, _ := r.Float64()
	return f
}

// ValueKind tells what a value cell held after normalization.
type ValueKind uint8

const (
	ValueNone    ValueKind = iota // empty, —, －, -, ―, –
	ValueNumber                   // a number, Number set
	ValueDone                     // 実施 (also 済, 完了)
	ValueNotDone                  // 未実施
	ValueInvalid                  // could not be read; an error finding names the cell
)

// Value is one target (目標値), actual (実績値) or stated rate (達成率) cell.
type Value struct {
	Kind   ValueKind `json:"kind"`
	Number Decimal   `json:"number,omitempty"`
	// Raw is the cell's text as stored, before normalization (what the
	// report's 記載達成率 column and the findings quote).
	Raw    string `json:"raw,omitempty"`
	Source Source `json:"source"`
}

// IsQualitative reports whether v is 実施 or 未実施.
func (v Value) IsQualitative() bool { return v.Kind == ValueDone || v.Kind == ValueNotDone }

// Text shows the value the way the report prints it: the canonical number,
// 実施, 未実施, or — for no value.
func (v Value) Text() string {
	switch v.Kind {
	case ValueNumber:
		return string(v.Number)
	case ValueDone:
		return "実施"
	case ValueNotDone:
		return "未実施"
	}
	return "—"
}

// FiscalYear is a Japanese fiscal year (April to March) as the Western
// integer of the year it starts in, with the label as the sheet wrote it
// (平成32年度 stays 平成32年度 in Label; Display shows 令和2年度（平成32年度）).
type FiscalYear struct {
	Year  int    `json:"year"`
	Label string `json:"label"`
}

// Phase is 前期 or 後期 of a plan period, as written; empty when the sheet has none.
type Phase string

// BlockKind is a paragraph or a bullet item of a text block.
type BlockKind uint8

const (
	Paragraph BlockKind = iota
	Bullet
)

// Block is one paragraph or bullet item; Text has no markup and no leading ・.
type Block struct {
	Kind BlockKind `json:"kind"`
	Text string    `json:"text"`
}

// RichText is a text cell of the sheet (overview, background, plan, results)
// after HTML fragments and ・ bullets were turned into blocks.
type RichText struct {
	Blocks []Block `json:"blocks"`
	Source Source  `json:"source"`
}

// Plain joins the blocks into one string, bullets prefixed with ・, for
// comparisons and the spreadsheet.
func (t RichText) Plain() string {
	parts := make([]string, 0, len(t.Blocks))
	for _, b := range t.Blocks {
		if b.Kind == Bullet {
			parts = append(parts, "・"+b.Text)
		} else {
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// IsEmpty reports whether the block holds no text.
func (t RichText) IsEmpty() bool { return len(t.Blocks) == 0 }

// PlanYear is one row of block (2) 年度別取組内容.
type PlanYear struct {
	Phase Phase      `json:"phase"`
	Year  FiscalYear `json:"year"`
	Work  RichText   `json:"work"`
}

// ResultYear is one fiscal year of block (5) 取組・成果・課題: the 取組実績
// row and the 今後の課題 row.
type ResultYear struct {
	Year    FiscalYear `json:"year"`
	Results RichText   `json:"results"`
	Issues  RichText   `json:"issues"`
}

// Direction says whether a higher actual is better (the default) or a lower
// one (e.g. 消防団の班の数); the configuration's indicators decide it, else
// the sheet's 評価方向 (Indicator.Declared).
type Direction uint8

const (
	HigherIsBetter Direction = iota
	LowerIsBetter
)

// Label is the Japanese name used in outputs (評価方向).
func (d Direction) Label() string {
	if d == LowerIsBetter {
		return "低いほど良い"
	}
	return "高いほど良い"
}

// Declared is the direction a sheet states for an indicator, if any.
type Declared uint8

const (
	NotDeclared Declared = iota
	DeclaredHigher
	DeclaredLower
)

// Direction is the declared direction (HigherIsBetter when not declared).
func (d Declared) Direction() Direction {
	if d == DeclaredLower {
		return LowerIsBetter
	}
	return HigherIsBetter
}

// Formula is the rate's formula under the direction, as outputs show it.
func (d Direction) Formula() string {
	if d == LowerIsBetter {
		return "目標÷実績"
	}
	return "実績÷目標"
}

// LabelWithFormula is Label, followed for lower-is-better by the formula
// that gave the rate, so that a reader is not left to guess: 低いほど良い（目標÷実績）.
func (d Direction) LabelWithFormula() string {
	if d == LowerIsBetter {
		return d.Label() + "（" + d.Formula() + "）"
	}
	return d.Label()
}

// Judgement is what the rate stage decided for one indicator-year.
type Judgement uint8

const (
	NotEvaluable Judgement = iota // no target, target 0, no actual: —
	GradeA
	GradeB
	GradeC
	GradeD
	Achieved    // qualitative target 実施, actual 実施: 達成
	NotAchieved // qualitative target 実施, actual 未実施: 未達成
)

// Label is the 判定 text: A/B/C/D, 達成/未達成, or —.
func (j Judgement) Label() string {
	return [...]string{"—", "A", "B", "C", "D", "達成", "未達成"}[j]
}

// Rate is an achievement rate in tenths of a percent (1063 = 106.3 %), exact
// after the configured rounding. Valid is false when there is no rate (—).
type Rate struct {
	Tenths int64 `json:"tenths"`
	Valid  bool  `json:"valid"`
}

// String formats the rate with one decimal ("106.3"), or "—".
func (r Rate) String() string {
	if !r.Valid {
		return "—"
	}
	t := r.Tenths
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return fmt.Sprintf("%s%d.%d", sign, t/10, t%10)
}

// Float64 is for writers (spreadsheet cells, bars); never for arithmetic.
func (r Rate) Float64() float64 { return float64(r.Tenths) / 10 }

// Evaluation is filled by the rate stage for every indicator-year.
type Evaluation struct {
	Rate      Rate      `json:"rate"`
	Judgement Judgement `json:"judgement"`
	// StatedMatches is false when the sheet's 達成率 disagrees with Rate
	// (a finding then says by how much and under which rule).
	StatedMatches bool `json:"stated_matches"`
}

// AchievedTenths is the rate at which a target counts as reached: 100.0 %.
const AchievedTenths = 1000

// IsAchieved is the one rule of 達成 that every count uses (roll-ups, the
// run record, the summary mail, the summary workbook): an evaluated
// indicator-year that reached its target, with a rate of 100 % or more or
// the qualitative judgement 達成. An indicator-year that was not evaluated
// (—) or judged 未達成 is not.
func (e Evaluation) IsAchieved() bool {
	switch e.Judgement {
	case NotEvaluable, NotAchieved:
		return false
	case Achieved:
		return true
	}
	return e.Rate.Reached()
}

// Reached reports a rate of 100 % or more: how a numeric target counts as
// achieved.
func (r Rate) Reached() bool { return r.Valid && r.Tenths >= AchievedTenths }

// IndicatorYear is one fiscal-year column of an indicator.
type IndicatorYear struct {
	Year       FiscalYear `json:"year"`
	Target     Value      `json:"target"`
	Actual     Value      `json:"actual"`
	StatedRate Value      `json:"stated_rate"`
	Eval       Evaluation `json:"eval"`
}

// Indicator is one target indicator (目標指標) of block (3): its three rows
// 目標値 / 実績値 / 達成率.
type Indicator struct {
	Name      string          `json:"name" validate:"required"`
	Unit      string          `json:"unit"`
	Direction Direction       `json:"direction"`
	Source    Source          `json:"source"` // the name cell
	Years     []IndicatorYear `json:"years"`

	// Declared is the 評価方向 the sheet states for the indicator (a
	// 評価方向 cell, or a marker such as （低いほど良い） or ↓ in the name or
	// unit), DeclaredSource the cell that says it.
	Declared       Declared `json:"declared,omitempty"`
	DeclaredSource Source   `json:"declared_source,omitzero"`
}

// Initiative is one management sheet (行財政運営プラン取組管理シート): one
// initiative (取組項目) of one basic goal.
type Initiative struct {
	Source Source `json:"source"` // file and sheet; Cell is the title label's cell

	DepartmentCode string `json:"department_code"` // the number beside 担当部名
	Department     string `json:"department" validate:"required"`
	// DepartmentCell and TitleCell are where Department and Title are
	// written (A1 references; "" when absent): a finding about either
	// points there, the cell the department corrects.
	DepartmentCell string `json:"department_cell,omitempty"`
	TitleCell      string `json:"title_cell,omitempty"`
	SectionCode    string `json:"section_code"` // the number beside 担当課名
	Section        string `json:"section"`
	GoalNumber     int    `json:"goal_number" validate:"gte=1"`
	GoalName       string `json:"goal_name"` // the goal's short name as this sheet writes it
	// GoalNameCell is where GoalName is written (an A1 reference; "" when absent).
	GoalNameCell  string `json:"goal_name_cell,omitempty"`
	Number        int    `json:"number" validate:"gte=1"`
	SectionItemNo string `json:"section_item_no"` // the number after the title (課内の番号)
	Title         string `json:"title" validate:"required"`
	// SheetHidden is set when the sheet is hidden in the workbook.
	SheetHidden bool `json:"sheet_hidden,omitempty"`

	Overview   RichText     `json:"overview"`
	Plans      []PlanYear   `json:"plans"`
	Indicators []Indicator  `json:"indicators" validate:"dive"`
	Background RichText     `json:"background"`
	Results    []ResultYear `json:"results"`

	// Period is the plan period, from the first to the last fiscal year of
	// blocks (2) and (3).
	Period Period `json:"period"`
}

// Period is a plan period as Western fiscal years, inclusive.
type Period struct {
	First int `json:"first"`
	Last  int `json:"last"`
}

// IndexEntry is one row of a basic goal's index of initiatives (取組一覧),
// used to cross-check the sheets.
type IndexEntry struct {
	Number     int    `json:"number"`
	Title      string `json:"title"`
	Department string `json:"department"`
	Source     Source `json:"source"` // the number's cell
	// TitleCell and DepartmentCell are where the title and the department
	// are written (A1 references; "" when absent).
	TitleCell      string `json:"title_cell,omitempty"`
	DepartmentCell string `json:"department_cell,omitempty"`
}

// GoalIndex is a basic goal's index sheet.
type GoalIndex struct {
	GoalNumber int          `json:"goal_number"`
	GoalName   string       `json:"goal_name"`
	Entries    []IndexEntry `json:"entries"`
	Source     Source       `json:"source"`
}

// GradeCounts counts judgements.
type GradeCounts struct {
	A, B, C, D  int
	Achieved    int // qualitative 達成
	NotAchieved int // qualitative 未達成
}

// Rollup summarizes the evaluated indicator-years of one group.
// Evaluated counts every indicator-year with a judgement other than —;
// Achieved those with a rate ≥ 100 or 達成. MeanRate is the mean of the
// numeric rates, rounded like a rate; invalid when there are none.
type Rollup struct {
	Department string `json:"department,omitempty"`
	Initiative int    `json:"initiative,omitempty"`
	GoalNumber int    `json:"goal_number,omitempty"`
	Year       int    `json:"year,omitempty"` // 0: all years

	Evaluated int         `json:"evaluated"`
	Achieved  int         `json:"achieved"`
	MeanRate  Rate        `json:"mean_rate"`
	Grades    GradeCounts `json:"grades"`
}

// Rollups are the summaries the report's overview shows. Each slice is
// sorted by its keys.
type Rollups struct {
	ByInitiativeYear []Rollup `json:"by_initiative_year"`
	ByDepartmentYear []Rollup `json:"by_department_year"`
	ByGoalYear       []Rollup `json:"by_goal_year"`
	ByYear           []Rollup `json:"by_year"`
	// LatestYear is the latest fiscal year with any evaluated indicator (0: none).
	LatestYear int `json:"latest_year"`
}

// Batch is everything one run knows. Stages fill it in order: ingest (Files,
// Initiatives, Indexes, Findings), check (Findings), rate (Eval, Rollups,
// Findings); the writers only read it.
type Batch struct {
	// ReportDate is the report's date as YYYY-MM-DD (Asia/Tokyo); the only
	// clock value that reaches an output.
	ReportDate  string        `json:"report_date"`
	Files       []InputFile   `json:"files"`
	Initiatives []*Initiative `json:"initiatives"`
	Indexes     []GoalIndex   `json:"indexes"`
	Findings    []Finding     `json:"findings"`
	Rollups     Rollups       `json:"rollups"`
	// Changes is what changed since the previous report (package changes);
	// nil when the run did not compare (validate, a department's batch).
	Changes *Changes `json:"changes,omitempty"`
}

// Add records a finding.
func (b *Batch) Add(sev Severity, code string, src Source, format string, args ...any) {
	b.Findings = append(b.Findings, Finding{Severity: sev, Code: code, Source: src, Message: fmt.Sprintf(format, args...)})
}

// Counts returns the number of findings of each severity.
func (b *Batch) Counts() (errors, warnings, infos int) {
	for _, f := range b.Findings {
		switch f.Severity {
		case SeverityError:
			errors++
		case SeverityWarning:
			warnings++
		case SeverityInfo:
			infos++
		}
	}
	return
}

// NoDepartment is where an initiative without a 担当部 is counted (with an
// error finding from ingest), so that the departments' totals add up to
// the whole and the sheet is in a department PDF like every other.
const NoDepartment = "担当部未記入"

// Departments splits a shared 担当部名 into the departments it names; an
// initiative counts in the roll-up and the PDF of each. 、 and commas
// always separate departments (総務部、財務部); ・ does only when every part
// is a whole department name (ends in 部, 局, 室, 課…): 総務部・財務部 is
// two, 産業・観光部 one. Without a 担当部 it is NoDepartment.
func (i *Initiative) Departments() []string {
	var out []string
	add := func(d string) {
		if d = strings.TrimSpace(d); d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	for _, part := range strings.FieldsFunc(i.Department, isDepartmentSeparator) {
		names := strings.FieldsFunc(part, isMiddleDot)
		if len(names) > 1 && !slices.ContainsFunc(names, func(n string) bool { return !IsOrganizationName(strings.TrimSpace(n)) }) {
			for _, n := range names {
				add(n)
			}
			continue
		}
		add(part)
	}
	if len(out) == 0 {
		return []string{NoDepartment}
	}
	return out
}

// SameDepartments reports whether two 担当部 name the same departments,
// in any order and each once (総務部・財務部 and 財務部・総務部 are one pair),
// their names compared as fold makes them.
func SameDepartments(a, b string, fold func(string) string) bool {
	set := func(d string) []string {
		var out []string
		for _, name := range (&Initiative{Department: d}).Departments() {
			out = append(out, fold(name))
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(set(a), set(b))
}

// organizationSuffixes end the names of a city's organizations.
var organizationSuffixes = []string{"部", "局", "室", "課", "庁", "所", "署", "館", "会", "センター", "事務局", "本部"}

// IsOrganizationName reports whether s ends like the name of a city's
// organization (総務部, 会計室, 教育委員会).
func IsOrganizationName(s string) bool {
	for _, suf := range organizationSuffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

func isDepartmentSeparator(r rune) bool {
	switch r {
	case '、', '､', ',', '，':
		return true
	}
	return false
}

func isMiddleDot(r rune) bool { return r == '・' || r == '･' }

// SortFindings orders findings by file, sheet, cell (row, then column),
// severity and code, so that outputs do not depend on the order in which
// parallel workers reported them.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		if c := compareCells(a.Cell, b.Cell); c != 0 {
			return c < 0
		}
		if a.Severity != b.Severity {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}

// Rank orders severities most serious first: error 0, warning 1, info 2.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// compareCells orders A1 references by row, then column ("B2" < "A10").
func compareCells(a, b string) int {
	ac, ar := splitCell(a)
	bc, br := splitCell(b)
	if ar != br {
		return cmp.Compare(ar, br)
	}
	if len(ac) != len(bc) {
		return cmp.Compare(len(ac), len(bc))
	}
	return strings.Compare(ac, bc)
}

func splitCell(c string) (col string, row int) {
	i := 0
	for i < len(c) && c[i] >= 'A' && c[i] <= 'Z' {
		i++
	}
	row, _ = strconv.Atoi(c[i:])
	return c[:i], row
}

// SortBatch puts a batch in its canonical order: initiatives by goal,
// number, file and sheet; indexes by goal, file and sheet; findings by
// SortFindings. Every stage that assembles a batch from parts (parallel
// workers, cached files) calls it, so that the order never depends on how
// the batch was put together.
func SortBatch(b *Batch) {
	slices.SortStableFunc(b.Initiatives, func(x, y *Initiative) int {
		return cmp.Or(cmp.Compare(x.GoalNumber, y.GoalNumber), cmp.Compare(x.Number, y.Number),
			cmp.Compare(x.Source.File, y.Source.File), cmp.Compare(x.Source.Sheet, y.Source.Sheet))
	})
	slices.SortStableFunc(b.Indexes, func(x, y GoalIndex) int {
		return cmp.Or(cmp.Compare(x.GoalNumber, y.GoalNumber),
			cmp.Compare(x.Source.File, y.Source.File), cmp.Compare(x.Source.Sheet, y.Source.Sheet))
	})
	SortFindings(b.Findings)
}
