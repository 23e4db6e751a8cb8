package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // Asia/Tokyo must resolve even on hosts without zoneinfo (minimal containers)

	"gopkg.in/yaml.v3"

	"planreport/internal/fserr"
	"planreport/pipeline/model"
	"planreport/pipeline/schedule"
)

// DefaultFile is the configuration file Load reads when given no path and
// the file exists in the working directory.
const DefaultFile = "planreport.yaml"

// FileError is a configuration problem with its position, like
// encoding/csv's ParseError. Line is 1-based and 0 when the problem is not
// tied to a line (a value that came from the defaults, an unreadable file).
// Key is the setting's path ("rounding", "grades[1].min", "limits.file_bytes").
type FileError struct {
	File string
	Line int
	Key  string
	Err  error
	// named is set when Err names the file itself (the file cannot be
	// read at all), so that the file is not named twice.
	named bool
}

// Error formats the problem as planreport.yaml:7: rounding: 「half」は使えません….
func (e *FileError) Error() string {
	if e.named {
		return e.Err.Error()
	}
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *FileError) Unwrap() error { return e.Err }

// Load reads a planreport.yaml on top of Default() and checks the result
// with Validate and ValidateOperation.
//
// The file is read strictly: an unknown key, a duplicate key, a value of the
// wrong type or an empty value is an error, and so is any setting Validate
// rejects. Errors are *FileError and name the file and line, e.g.
// "planreport.yaml:7: rounding: 「half」は使えません（half_up または truncate）".
//
// Keys left out keep their default. A list given in the file (grades,
// indicators) replaces the default list as a whole; a map (limits) is merged
// key by key. path "" means DefaultFile in the working directory if it
// exists, else the defaults alone. An empty file also gives the defaults.
func Load(path string) (Config, error) {
	cfg := Default()
	name := path
	if path == "" {
		name = DefaultFile
	}
	data, err := os.ReadFile(name)
	if err != nil {
		if path == "" && errors.Is(err, fs.ErrNotExist) {
			return cfg, nil // the defaults are valid (TestDefaultIsValid)
		}
		return Config{}, &FileError{File: name, Err: readError(name, err), named: true}
	}
	if err := decodeStrict(name, data, &cfg); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// readError says why the configuration file could not be read and what to
// do, in Japanese only: the system's text ("open x: no such file or
// directory") tells an office member nothing. It wraps err, so that
// errors.Is still sees the cause. The message starts with the file name,
// as every FileError does: `planreport run` puts 「設定ファイル: 」 before
// it.
func readError(name string, err error) error {
	var msg string
	switch {
	case errors.Is(err, fs.ErrNotExist):
		msg = fmt.Sprintf("「%s」がありません。-config に指定した設定ファイルの名前と場所を確かめてください", name)
	case errors.Is(err, fs.ErrPermission):
		msg = fmt.Sprintf("「%s」を読む権限がありません。planreport を実行する利用者が読めるように、設定ファイルの権限を直してください", name)
	case isDirError(err):
		msg = fmt.Sprintf("「%s」はフォルダです。-config には設定ファイル（planreport.yaml など）を指定してください", name)
	default:
		msg = fmt.Sprintf("「%s」を読めません（%s）。設定ファイルの名前と場所を確かめてください", name, fserr.Reason(err))
	}
	return &japaneseError{msg: msg, err: err}
}

// japaneseError shows only its Japanese message and keeps the error it
// stands for in the chain.
type japaneseError struct {
	msg string
	err error
}

func (e *japaneseError) Error() string { return e.msg }
func (e *japaneseError) Unwrap() error { return e.err }

// isDirError reports whether err is reading a folder as a file.
func isDirError(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && errors.Is(pe.Err, syscall.EISDIR)
}

// syntaxError says that the file is not valid YAML, what the parser found
// (yamlProblem) and what usually causes it. The position is the
// FileError's line; the parser's English never reaches the office.
func syntaxError(err error) error {
	detail := linePrefixRe.ReplaceAllString(strings.TrimPrefix(err.Error(), "yaml: "), "")
	return &japaneseError{err: err, msg: "YAML の書き方に誤りがあるため読めません（" + yamlProblem(detail) + "）。" +
		"この行とその前後の行で、括弧 [ ] { } や引用符の閉じ忘れ、字下げのずれ（タブは使えません）、" +
		"「キー: 値」の「:」の後の空白の抜けがないか確かめてください"}
}

// decodeStrict fills cfg from data and validates it, turning every problem
// into a *FileError with the line of the offending key or value.
func decodeStrict(name string, data []byte, cfg *Config) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return &FileError{File: name, Line: yamlErrorLine(err), Err: syntaxError(err)}
	}
	if len(doc.Content) == 0 { // empty file or only comments
		return validateAt(name, nil, cfg)
	}
	root := doc.Content[0]
	if err := checkNode(name, root, reflect.TypeOf(Config{}), ""); err != nil {
		return err
	}
	// checkNode has seen every key and scalar; a failure here would be a
	// shape checkNode does not know, still reported with the file.
	if err := root.Decode(cfg); err != nil {
		return &FileError{File: name, Line: yamlErrorLine(err), Err: fmt.Errorf("設定を読めません: %w", err)}
	}
	if len(cfg.Departments) == 0 {
		cfg.Departments = nil // "departments: {}" and none at all mean the same
	}
	for i := range cfg.Grades {
		if d, ok := model.ParseDecimal(string(cfg.Grades[i].Min)); ok {
			cfg.Grades[i].Min = d // "080" and "80.0" mean 80: one spelling for the fingerprint
		}
	}
	return validateAt(name, root, cfg)
}

// validateAt runs Validate and ValidateOperation and points their errors at
// the line of the setting they name.
func validateAt(name string, root *yaml.Node, cfg *Config) error {
	err := cfg.Validate()
	if err == nil {
		err = cfg.ValidateOperation()
	}
	if err == nil {
		return nil
	}
	var fe *FileError
	if errors.As(err, &fe) { // ValidateOperation already split key and message
		fe.File = name
		fe.Line = lineOf(root, fe.Key)
		return fe
	}
	// Validate's messages are "key: message".
	key, msg, ok := strings.Cut(err.Error(), ": ")
	if !ok {
		return &FileError{File: name, Err: err}
	}
	return &FileError{File: name, Line: lineOf(root, key), Key: key, Err: errors.New(msg)}
}

// environment is how ValidateOperation reads the SMTP credentials
// (os.Getenv); tests replace it, so that a developer's own variables cannot
// change their outcome.
var environment = os.Getenv

// ValidateOperation checks the settings Validate leaves alone and that only
// matter for running: no SMTP credentials in the environment for a server
// without encryption (CheckCredentials), the time zone exists, the
// schedule parses, the date is a real YYYY-MM-DD, folders are set and
// distinct, and limits and workers are not negative. Errors are *FileError
// without File and Line. Callers that apply command-line flags after Load
// should call Validate and ValidateOperation again.
func (c *Config) ValidateOperation() error {
	bad := func(key, format string, args ...any) error {
		return &FileError{File: "設定", Key: key, Err: fmt.Errorf(format, args...)}
	}
	if err := c.Delivery.CheckCredentials(environment); err != nil {
		key, msg, _ := strings.Cut(err.Error(), ": ")
		return bad(key, "%s", msg)
	}
	if strings.TrimSpace(c.Title) == "" {
		return bad("title", "報告書の題名が空です")
	}
	if c.Input == "" {
		return bad("input", "入力フォルダが空です")
	}
	if c.Output == "" {
		return bad("output", "出力フォルダが空です")
	}
	if sameFolder(c.Input, c.Output) {
		return bad("output", "出力フォルダ「%s」が入力フォルダと同じです（出力した集計表が次回の入力になってしまいます）", c.Output)
	}
	// LoadLocation("") is UTC, which would silently date the report wrong.
	if _, err := time.LoadLocation(c.TimeZone); err != nil || c.TimeZone == "" {
		return bad("time_zone", "「%s」というタイムゾーンはありません（例: Asia/Tokyo）", c.TimeZone)
	}
	// schedule.Reason says in Japanese what robfig/cron would refuse (and
	// catches the spec it panics on), so that no English reaches the user.
	if r := schedule.Reason(c.Schedule); r != "" {
		return bad("schedule", "「%s」は cron の書式として正しくありません。%s。%s", c.Schedule, r, schedule.CronHelp)
	}
	if c.Date != "" {
		t, err := time.Parse(time.DateOnly, c.Date)
		if err != nil || t.Format(time.DateOnly) != c.Date {
			return bad("date", "「%s」は YYYY-MM-DD 形式の日付ではありません", c.Date)
		}
		// The report dates itself in the Japanese era (令和8年11月23日).
		if t.Before(firstReportDate) || !t.Before(lastReportDate) {
			return bad("date", "「%s」は報告日として使えません（%s から %s より前までの日付にしてください）",
				c.Date, firstReportDate.Format(time.DateOnly), lastReportDate.Format(time.DateOnly))
		}
	}
	if c.Workers < 0 {
		return bad("workers", "負の値は使えません")
	}
	if c.SectionsLimit < 0 {
		return bad("sections_limit", "負の値は使えません（0 は上限なし）")
	}
	lv := reflect.ValueOf(c.Limits)
	for i := 0; i < lv.NumField(); i++ {
		if lv.Field(i).Int() < 0 {
			return bad("limits."+yamlName(lv.Type().Field(i)), "負の値は使えません（0 は既定値）")
		}
	}
	return nil
}

// The report dates: from the first day of 平成 (earlier dates have no era
// the report can print) up to a bound that catches a mistyped year.
var (
	firstReportDate = time.Date(1989, 1, 8, 0, 0, 0, 0, time.UTC)
	lastReportDate  = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// sameFolder reports whether two folder paths name the same folder however
// they are spelled (relative or absolute, through a symbolic link). A
// folder that does not exist yet is compared by its absolute path.
func sameFolder(a, b string) bool {
	resolve := func(p string) string {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return real
		}
		return filepath.Clean(p)
	}
	if resolve(a) == resolve(b) {
		return true
	}
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(ia, ib)
}

var decimalType = reflect.TypeOf(model.Decimal(""))

// checkNode walks the YAML tree beside the Go type it will be decoded into
// and reports the first unknown key, duplicate key, wrong shape or
// unreadable scalar, with its line. yaml.v3's own KnownFields errors are in
// English and name Go types, which means nothing to the planning office.
func checkNode(file string, n *yaml.Node, t reflect.Type, path string) error {
	fail := func(n *yaml.Node, format string, args ...any) error {
		return &FileError{File: file, Line: n.Line, Key: path, Err: fmt.Errorf(format, args...)}
	}
	if n.Kind == yaml.AliasNode {
		return fail(n, "YAML のエイリアス（*名前）は使えません")
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return fail(n, "値がありません（空にするには \"\" または [] と書いてください）")
	}
	switch {
	case t.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return fail(n, "「キー: 値」の形で書いてください")
		}
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			keyPath := k.Value
			if path != "" {
				keyPath = path + "." + k.Value
			}
			if line, dup := seen[k.Value]; dup {
				return &FileError{File: file, Line: k.Line, Key: keyPath, Err: fmt.Errorf("%d 行目と重複しています", line)}
			}
			seen[k.Value] = k.Line
			f, ok := fieldByYAMLName(t, k.Value)
			if !ok {
				return &FileError{File: file, Line: k.Line, Key: keyPath, Err: fmt.Errorf("「%s」という設定項目はありません（使える項目: %s）", k.Value, strings.Join(yamlNames(t), ", "))}
			}
			if err := checkNode(file, v, f.Type, keyPath); err != nil {
				return err
			}
		}
		return nil
	case t.Kind() == reflect.Map:
		return checkMap(file, n, t, path)
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return fail(n, "「- 」で始まる一覧で書いてください")
		}
		for i, e := range n.Content {
			if err := checkNode(file, e, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return fail(n, "一つの値で書いてください")
	}
	switch {
	case t == decimalType:
		if !model.IsDecimal(n.Value) {
			return fail(n, "「%s」は数値ではありません", n.Value)
		}
	case t.Kind() == reflect.String:
		// Any scalar is text.
	case t.Kind() == reflect.Bool:
		// yaml.v3 reads yes/no/on/off as text; only true and false are booleans.
		if n.Tag != "!!bool" {
			return fail(n, "「%s」は true または false で書いてください", n.Value)
		}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		v := reflect.New(t)
		if n.Tag != "!!int" || n.Decode(v.Interface()) != nil {
			return fail(n, "「%s」は整数ではありません", n.Value)
		}
	default:
		return fail(n, "この項目は読めません")
	}
	return nil
}

// checkMap checks a map keyed by text (departments: 総務部: …): each key
// once, each value as its type.
func checkMap(file string, n *yaml.Node, t reflect.Type, path string) error {
	if n.Kind != yaml.MappingNode {
		return &FileError{File: file, Line: n.Line, Key: path, Err: fmt.Errorf("「名前: 設定」の形で書いてください")}
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		keyPath := path + "." + k.Value
		if k.Kind != yaml.ScalarNode || strings.TrimSpace(k.Value) == "" {
			return &FileError{File: file, Line: k.Line, Key: path, Err: fmt.Errorf("名前がありません")}
		}
		if line, dup := seen[k.Value]; dup {
			return &FileError{File: file, Line: k.Line, Key: keyPath, Err: fmt.Errorf("%d 行目と重複しています", line)}
		}
		seen[k.Value] = k.Line
		if err := checkNode(file, v, t.Elem(), keyPath); err != nil {
			return err
		}
	}
	return nil
}

func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return name
}

func fieldByYAMLName(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.IsExported() && yamlName(f) == key && f.Tag.Get("yaml") != "-" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func yamlNames(t reflect.Type) []string {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() && f.Tag.Get("yaml") != "-" {
			names = append(names, yamlName(f))
		}
	}
	return names
}

// lineOf finds the line of a setting path such as "grades[1].min" in the
// document; when the path is not in the file (the value is a default) it
// falls back to the nearest ancestor that is, and 0 when there is none.
func lineOf(root *yaml.Node, path string) int {
	if root == nil || path == "" {
		return 0
	}
	line := 0
	n := root
	for _, part := range splitPath(path) {
		next := (*yaml.Node)(nil)
		switch p := part.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == p {
						line = n.Content[i].Line
						next = n.Content[i+1]
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && p < len(n.Content) {
				next = n.Content[p]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	if n.Kind == yaml.ScalarNode {
		return n.Line
	}
	return line
}

var indexRe = regexp.MustCompile(`^([^\[]*)((?:\[\d+\])*)$`)

// splitPath turns "grades[1].min" into ["grades", 1, "min"].
func splitPath(path string) []any {
	var parts []any
	for _, seg := range strings.Split(path, ".") {
		m := indexRe.FindStringSubmatch(seg)
		if m == nil {
			parts = append(parts, seg)
			continue
		}
		if m[1] != "" {
			parts = append(parts, m[1])
		}
		for _, idx := range regexp.MustCompile(`\d+`).FindAllString(m[2], -1) {
			i, _ := strconv.Atoi(idx)
			parts = append(parts, i)
		}
	}
	return parts
}

var lineRe = regexp.MustCompile(`line (\d+)`)

// linePrefixRe is the position yaml.v3 puts before its message.
var linePrefixRe = regexp.MustCompile(`^line \d+: `)

func yamlErrorLine(err error) int {
	if m := lineRe.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// fingerprintVersion changes when the meaning of the hashed settings
// changes, so that such an upgrade forces one full run instead of a wrong skip.
const fingerprintVersion = "planreport-config/1"

// Fingerprint is a stable hash (64 lower-case hex digits of SHA-256) of the
// settings that change what the outputs say. Every field of Config counts
// except those that only say where or when the job runs: input, output,
// schedule, force, workers, archive_days (retention), and time_zone and date
// (the report date changes every night; a night whose inputs and
// configuration are unchanged is skipped, and -force re-dates the report).
// A field added to Config later counts automatically: at worst one needless
// run, never a wrongly skipped one. Zero limits count as their defaults and
// grade minimums by their canonical decimal ("80.0" = "80").
func (c *Config) Fingerprint() string {
	fp := *c
	fp.Input, fp.Output, fp.Schedule, fp.TimeZone, fp.Date = "", "", "", "", ""
	fp.Force, fp.Workers, fp.ArchiveDays = false, 0, 0
	fp.Delivery, fp.Departments = Delivery{}, nil
	fp.MemoryLimitMB = 0
	fp.Limits = c.Limits.Resolved()
	fp.Grades = make([]GradeBand, len(c.Grades))
	for i, g := range c.Grades {
		fp.Grades[i] = g
		if d, ok := model.ParseDecimal(string(g.Min)); ok {
			fp.Grades[i].Min = d
		}
	}
	if len(fp.Indicators) == 0 {
		fp.Indicators = nil // "indicators: []" and none at all mean the same
	}
	var buf bytes.Buffer
	buf.WriteString(fingerprintVersion + "\n")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// Struct fields marshal in declaration order, so the text is stable.
	// Config holds only strings, numbers, bools and slices of them: no error.
	_ = enc.Encode(fp)
	sum := sha256.Sum256(buf.Bytes())
	return hex.EncodeToString(sum[:])
}

// Resolved replaces zero (or negative) limits by their defaults, so that
// "0" and the default value written out give the same fingerprint; every
// stage that applies the limits reads them through it.
func (l Limits) Resolved() Limits {
	d := DefaultLimits()
	l.FileBytes = orDefault(l.FileBytes, d.FileBytes)
	l.UnzippedBytes = orDefault(l.UnzippedBytes, d.UnzippedBytes)
	l.RowsPerSheet = orDefault(l.RowsPerSheet, d.RowsPerSheet)
	l.CellsPerSheet = orDefault(l.CellsPerSheet, d.CellsPerSheet)
	l.CharsPerCell = orDefault(l.CharsPerCell, d.CharsPerCell)
	l.SheetsPerWorkbook = orDefault(l.SheetsPerWorkbook, d.SheetsPerWorkbook)
	return l
}

func orDefault[T int | int64](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}
