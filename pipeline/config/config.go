// Package config holds the settings of a run: what the report is called,
// where inputs and outputs live, how rates are rounded and graded, which
// indicators are lower-is-better, and the limits that protect the nightly
// job from hostile files. Default() gives the built-in values; a
// planreport.yaml overrides them and command-line flags override the file.
package config

import (
	"fmt"
	"strings"
	"time"

	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// Rounding is how a rate is brought to one decimal.
type Rounding string

const (
	HalfUp   Rounding = "half_up"  // 106.25 → 106.3 (default)
	Truncate Rounding = "truncate" // 106.25 → 106.2
)

// GradeBand gives the lowest rate (in percent, one decimal at most) that
// earns a grade. Bands are checked from the highest Min down; a rate below
// every band gets the last band's grade.
type GradeBand struct {
	Grade string        `yaml:"grade"` // A, B, C or D
	Min   model.Decimal `yaml:"min"`
}

// IndicatorRule sets the direction of an indicator by its name (after
// normalization, exact match).
type IndicatorRule struct {
	Name      string `yaml:"name"`
	Direction string `yaml:"direction"` // "higher" (default) or "lower"
}

// Limits bound what one input may cost. A file past a limit is rejected with
// a finding naming the limit. Zero means the default.
type Limits struct {
	FileBytes         int64 `yaml:"file_bytes"`          // size of one .xlsx on disk (default 50 MiB)
	UnzippedBytes     int64 `yaml:"unzipped_bytes"`      // total uncompressed size of one workbook (default 200 MiB)
	RowsPerSheet      int   `yaml:"rows_per_sheet"`      // default 10,000
	CellsPerSheet     int   `yaml:"cells_per_sheet"`     // default 200,000
	CharsPerCell      int   `yaml:"chars_per_cell"`      // default 32,767 (Excel's own limit)
	SheetsPerWorkbook int   `yaml:"sheets_per_workbook"` // default 500
}

// Config is one run's settings.
type Config struct {
	Title    string `yaml:"title"`     // report title (default 行財政運営プラン 取組状況報告書)
	Issuer   string `yaml:"issuer"`    // who issues the report (cover page)
	Input    string `yaml:"input"`     // input folder (default input)
	Output   string `yaml:"output"`    // output folder (default output)
	Schedule string `yaml:"schedule"`  // cron spec (default CRON_TZ=Asia/Tokyo 0 2 * * *)
	TimeZone string `yaml:"time_zone"` // zone of the report date (default Asia/Tokyo)

	Rounding   Rounding        `yaml:"rounding"`
	Grades     []GradeBand     `yaml:"grades"`
	Indicators []IndicatorRule `yaml:"indicators"`

	ArchiveDays int    `yaml:"archive_days"` // how long output/archive/<date> folders are kept (default 90)
	Limits      Limits `yaml:"limits"`

	// SectionsLimit: above this many initiatives the consolidated report.pdf
	// keeps the overview, the initiative list and the findings, and the
	// per-initiative sections go only to the per-department PDFs (0: no limit).
	SectionsLimit int `yaml:"sections_limit"`

	// Delivery publishes the report to a shared folder and mails it
	// (docs/delivery.md). It changes no output, so it is not part of the
	// fingerprint.
	Delivery Delivery `yaml:"delivery"`

	// Departments routes each department's PDF, annotated workbooks and
	// findings to its folder and addresses (pipeline/deliver). Like
	// Delivery it changes no output and is not part of the fingerprint.
	Departments map[string]Route `yaml:"departments"`

	// MemoryLimitMB is a soft limit on the process's memory, in MiB (Go's
	// runtime/debug.SetMemoryLimit): near it the garbage collector works
	// harder instead of letting the heap double. 0 means the default (768);
	// -1 means no limit. The GOMEMLIMIT environment variable, when set, wins.
	MemoryLimitMB int `yaml:"memory_limit_mb"`

	// Workers bounds parallel workbook reading and output rendering (0:
	// GOMAXPROCS).
	Workers int `yaml:"workers"`
	// Strict turns any error finding into a failed run (exit 3).
	Strict bool `yaml:"strict"`
	// Force runs even when inputs and configuration are unchanged.
	Force bool `yaml:"force"`
	// Date is the report date YYYY-MM-DD (default: today in TimeZone).
	Date string `yaml:"date"`
}

// DefaultMemoryLimitMB keeps a 10,000-sheet run under 1 GB of RSS on the
// machines planreport was measured on (docs/benchmarks.md).
const DefaultMemoryLimitMB = 768

// DefaultTitle is the report's title unless configured.
const DefaultTitle = "行財政運営プラン 取組状況報告書"

// Default returns the built-in configuration.
func Default() Config {
	return Config{
		Title:    DefaultTitle,
		Issuer:   "企画部 企画政策課",
		Input:    "input",
		Output:   "output",
		Schedule: "CRON_TZ=Asia/Tokyo 0 2 * * *",
		TimeZone: "Asia/Tokyo",
		Rounding: HalfUp,
		Grades: []GradeBand{
			{Grade: "A", Min: "100"},
			{Grade: "B", Min: "80"},
			{Grade: "C", Min: "50"},
			{Grade: "D", Min: "0"},
		},
		Indicators: []IndicatorRule{
			{Name: "消防団の班の数", Direction: "lower"},
		},
		ArchiveDays:   90,
		Limits:        DefaultLimits(),
		SectionsLimit: 300,
	}
}

// DefaultLimits are far above any real management sheet.
func DefaultLimits() Limits {
	return Limits{
		FileBytes:         50 << 20,
		UnzippedBytes:     200 << 20,
		RowsPerSheet:      10_000,
		CellsPerSheet:     200_000,
		CharsPerCell:      32_767,
		SheetsPerWorkbook: 500,
	}
}

// DirectionAt is the direction the indicators entry k gives (k < 0: none,
// higher is better).
func (c *Config) DirectionAt(k int) model.Direction {
	if k < 0 {
		return model.HigherIsBetter
	}
	return c.Indicators[k].Dir()
}

// Dir is the direction the entry gives.
func (r IndicatorRule) Dir() model.Direction {
	if r.Direction == "lower" {
		return model.LowerIsBetter
	}
	return model.HigherIsBetter
}

// Rules indexes the indicators entries by their names as compared, for
// looking up many indicators with each rule name folded once.
type Rules struct{ byKey map[string]int }

// Rules returns the entries indexed (the first of a name, where Validate
// has not refused duplicates).
func (c *Config) Rules() Rules { return RulesOf(c.Indicators) }

// RulesOf indexes indicators entries as Config.Rules does.
func RulesOf(rules []IndicatorRule) Rules {
	r := Rules{byKey: make(map[string]int, len(rules))}
	for i, rule := range rules {
		if key := indicatorKey(rule.Name); r.byKey[key] == 0 {
			r.byKey[key] = i + 1
		}
	}
	return r
}

// Index returns the index of the indicators entry for the indicator named
// name, or -1, and name as compared (NFKC-folded, without white space:
// 指標１－１ in the file is 指標1-1 in the sheet).
func (r Rules) Index(name string) (k int, key string) {
	key = indicatorKey(name)
	return r.byKey[key] - 1, key
}

// indicatorKey is an indicator name as compared: NFKC-folded, without
// white space (指標１－１ = 指標1-1, 目標 指標 = 目標指標).
func indicatorKey(name string) string { return normalize.Label(name) }

// ReportDate is the report's date, YYYY-MM-DD: Date when set, otherwise
// the day of now in TimeZone.
func (c *Config) ReportDate(now time.Time) (string, error) {
	if c.Date != "" {
		return c.Date, nil
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return "", fmt.Errorf("time_zone %q: %w", c.TimeZone, err)
	}
	return now.In(loc).Format(time.DateOnly), nil
}

// Validate reports the first setting that cannot work, in Japanese.
func (c *Config) Validate() error {
	switch c.Rounding {
	case HalfUp, Truncate:
	default:
		return fmt.Errorf("rounding: 「%s」は使えません（half_up または truncate）", c.Rounding)
	}
	if len(c.Grades) == 0 {
		return fmt.Errorf("grades: 評価区分が一つもありません")
	}
	for i, g := range c.Grades {
		if g.Min.Rat() == nil {
			return fmt.Errorf("grades[%d].min: 「%s」は数値ではありません", i, g.Min)
		}
		if i > 0 && g.Min.Rat().Cmp(c.Grades[i-1].Min.Rat()) >= 0 {
			return fmt.Errorf("grades[%d]: 下限は上の区分より小さくしてください", i)
		}
		if !strings.Contains("ABCD", g.Grade) || len(g.Grade) != 1 {
			return fmt.Errorf("grades[%d].grade: 「%s」は A〜D ではありません", i, g.Grade)
		}
		// Highest band first, each a later letter: B above A would grade
		// 0 % as A.
		if i > 0 && g.Grade <= c.Grades[i-1].Grade {
			return fmt.Errorf("grades[%d].grade: 「%s」は上の区分「%s」より後の文字にしてください（A が最も高い区分です）", i, g.Grade, c.Grades[i-1].Grade)
		}
	}
	seen := map[string]int{}
	for i, r := range c.Indicators {
		if r.Direction != "higher" && r.Direction != "lower" {
			return fmt.Errorf("indicators[%d].direction: 「%s」は higher または lower です", i, r.Direction)
		}
		key := indicatorKey(r.Name)
		if key == "" {
			return fmt.Errorf("indicators[%d].name: 指標名がありません", i)
		}
		if j, dup := seen[key]; dup {
			return fmt.Errorf("indicators[%d].name: 「%s」は indicators[%d] と同じ指標です。一つにしてください", i, r.Name, j)
		}
		seen[key] = i
	}
	if c.MemoryLimitMB < -1 {
		return fmt.Errorf("memory_limit_mb: %d は使えません（-1 は上限なし、0 は既定値）", c.MemoryLimitMB)
	}
	if c.ArchiveDays < 0 {
		return fmt.Errorf("archive_days: 負の値は使えません")
	}
	if err := c.Delivery.Validate(); err != nil {
		return err
	}
	return c.validateDepartments()
}
