package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"planreport/pipeline/model"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDefaultIsValid(t *testing.T) {
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate(Default()) = %v", err)
	}
	if err := c.ValidateOperation(); err != nil {
		t.Fatalf("ValidateOperation(Default()) = %v", err)
	}
}

func TestLoadNoPathNoFileGivesDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	got, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, Default()) {
		t.Errorf("Load(\"\") = %+v, want Default()", got)
	}
}

func TestLoadNoPathReadsWorkingDirectoryFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, DefaultFile), []byte("rounding: truncate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	got, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if got.Rounding != Truncate {
		t.Errorf("Rounding = %q, want truncate", got.Rounding)
	}
}

func TestLoadMissingExplicitFileIsError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nothing.yaml")
	_, err := Load(path)
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want one wrapping fs.ErrNotExist", err)
	}
	// What is wrong and what to do, in Japanese only: the system's
	// "open …: no such file or directory" tells an office member nothing.
	want := "「" + path + "」がありません。-config に指定した設定ファイルの名前と場所を確かめてください"
	if err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	dir := t.TempDir()
	_, err = Load(dir)
	if want := "「" + dir + "」はフォルダです。-config には設定ファイル（planreport.yaml など）を指定してください"; err == nil || err.Error() != want {
		t.Errorf("a folder as the file: %v\nwant %s", err, want)
	}
}

// A YAML syntax error names the file and line, says in Japanese what the
// parser found and what usually causes it; the parser's English is not
// shown. yaml.v3 puts an unclosed bracket of line 3 on line 2 (hence 前後
// in the message).
func TestLoadSyntaxErrorMessage(t *testing.T) {
	path := writeFile(t, "planreport.yaml", "title: x\ninput: in\noutput: [a, b\n")
	_, err := Load(path)
	want := path + ":2: YAML の書き方に誤りがあるため読めません（「[」で始めた一覧が「]」で閉じられていないか、項目の区切りの「,」が抜けています）。" +
		"この行とその前後の行で、括弧 [ ] { } や引用符の閉じ忘れ、" +
		"字下げのずれ（タブは使えません）、「キー: 値」の「:」の後の空白の抜けがないか確かめてください"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

func TestLoadEmptyFileGivesDefaults(t *testing.T) {
	got, err := Load(writeFile(t, "planreport.yaml", "# only a comment\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, Default()) {
		t.Errorf("got %+v, want Default()", got)
	}
}

// Keys left out keep their defaults; lists replace, limits merge.
func TestLoadOverlaysDefaults(t *testing.T) {
	path := writeFile(t, "planreport.yaml", `title: 令和7年度 取組状況
rounding: truncate
grades:
  - {grade: A, min: 90}
  - {grade: B, min: "060.0"}
indicators: []
limits:
  rows_per_sheet: 500
`)
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Title = "令和7年度 取組状況"
	want.Rounding = Truncate
	want.Grades = []GradeBand{{Grade: "A", Min: "90"}, {Grade: "B", Min: "60"}} // "060.0" canonical is 60
	want.Indicators = []IndicatorRule{}
	want.Limits.RowsPerSheet = 500
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestLoadErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		key        string
		contains   string
	}{
		{"unknown key", "title: x\ninput: in\n\nroundng: half_up\n", 4, "roundng", "「roundng」という設定項目はありません"},
		{"unknown nested key", "limits:\n  file_bytes: 10\n  rows: 3\n", 3, "limits.rows", "「rows」という設定項目はありません"},
		{"bad rounding", "title: x\n\n\n\n\n\nrounding: half\n", 7, "rounding", "「half」は使えません"},
		{"bad direction", "indicators:\n  - name: a\n    direction: higher\n  - name: b\n    direction: down\n", 5, "indicators[1].direction", "「down」は higher または lower"},
		{"bad grade min", "grades:\n  - grade: A\n    min: 百\n", 3, "grades[0].min", "「百」は数値ではありません"},
		{"grades not descending", "grades:\n  - grade: A\n    min: 50\n  - grade: B\n    min: 80\n", 4, "grades[1]", "下限は上の区分より小さく"},
		{"grade letters reversed", "grades:\n  - grade: B\n    min: 100\n  - grade: A\n    min: 80\n", 4, "grades[1].grade", "より後の文字"},
		{"indicator twice", "indicators:\n  - name: 消防団の班の数\n    direction: lower\n  - name: 消防団の班の数\n    direction: higher\n", 4, "indicators[1].name", "indicators[0] と同じ指標"},
		{"indicator twice in other widths", "indicators:\n  - name: 指標1-1\n    direction: lower\n  - name: 指標１－１\n    direction: lower\n", 4, "indicators[1].name", "同じ指標"},
		{"negative sections limit", "sections_limit: -5\n", 1, "sections_limit", "負の値"},
		{"date before Heisei", "date: 1026-04-01\n", 1, "date", "報告日として使えません"},
		{"int as text", "archive_days: ninety\n", 1, "archive_days", "「ninety」は整数ではありません"},
		{"negative archive days", "\narchive_days: -1\n", 2, "archive_days", "負の値は使えません"},
		{"bool as yes", "strict: yes\n", 1, "strict", "true または false"},
		{"duplicate key", "title: a\ntitle: b\n", 2, "title", "1 行目と重複"},
		{"empty value", "output:\n", 1, "output", "値がありません"},
		{"list expected", "grades: A\n", 1, "grades", "一覧で書いてください"},
		{"bad time zone", "time_zone: Asia/Tokio\n", 1, "time_zone", "「Asia/Tokio」というタイムゾーンはありません"},
		{"bad schedule", "schedule: every night\n", 1, "schedule", "cron の書式として正しくありません。項目が 2 個あります（五つ必要です）。「分 時 日 月 曜日」の五つを空白で区切って書きます"},
		// robfig/cron panics on a time zone with nothing after it, and its
		// other messages are English: schedule.Reason says it instead.
		{"time zone only", "schedule: 'CRON_TZ=Asia/Tokyo'\n", 1, "schedule", "cron の書式として正しくありません。"},
		{"hour out of range", "schedule: '0 25 * * *'\n", 1, "schedule", "「25」が範囲外です（時は 0〜23）"},
		{"bad date", "date: 2025-02-30\n", 1, "date", "YYYY-MM-DD"},
		{"same folders", "input: data\noutput: ./data\n", 2, "output", "入力フォルダと同じ"},
		{"negative limit", "limits:\n  file_bytes: -5\n", 2, "limits.file_bytes", "負の値"},
		{"yaml syntax", "title: a\n\tinput: b\n", 2, "", "YAML の書き方に誤りがあるため読めません"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "planreport.yaml", tt.text)
			_, err := Load(path)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v (%T), want *FileError", err, err)
			}
			if fe.Line != tt.line || fe.Key != tt.key || fe.File != path {
				t.Errorf("got %s:%d key %q, want %s:%d key %q (%v)", fe.File, fe.Line, fe.Key, path, tt.line, tt.key, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("message %q does not contain %q", err, tt.contains)
			}
		})
	}
}

// The brief's own example, character for character.
func TestLoadErrorFormat(t *testing.T) {
	dir := t.TempDir()
	text := "title: x\ninput: in\noutput: out\ntime_zone: Asia/Tokyo\nissuer: y\narchive_days: 3\nrounding: half\n"
	if err := os.WriteFile(filepath.Join(dir, DefaultFile), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	_, err := Load("")
	want := "planreport.yaml:7: rounding: 「half」は使えません（half_up または truncate）"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

const examplePath = "../../templates/planreport.example.yaml"

func TestExampleFileIsTheDefaults(t *testing.T) {
	got, err := Load(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, Default()) {
		t.Errorf("the example file differs from Default():\n got  %+v\n want %+v", got, Default())
	}
}

// Every setting is documented: each yaml key of Config (and of Limits)
// appears in the example file.
func TestExampleFileHasEveryKey(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range yamlNames(reflect.TypeOf(Config{})) {
		if _, ok := doc[k]; !ok {
			t.Errorf("key %q missing from the example", k)
		}
	}
	limits, _ := doc["limits"].(map[string]any)
	for _, k := range yamlNames(reflect.TypeOf(Limits{})) {
		if _, ok := limits[k]; !ok {
			t.Errorf("key limits.%s missing from the example", k)
		}
	}
}

func TestFingerprint(t *testing.T) {
	base := Default()
	fp := base.Fingerprint()
	if len(fp) != 64 || strings.Trim(fp, "0123456789abcdef") != "" {
		t.Fatalf("Fingerprint = %q, want 64 hex digits", fp)
	}
	again := Default()
	if again.Fingerprint() != fp {
		t.Error("Fingerprint is not stable")
	}

	// Settings that do not change outputs leave it alone.
	same := Default()
	same.Input, same.Output, same.Schedule = "a", "b", "@every 1h"
	same.Force, same.Workers, same.ArchiveDays, same.Date = true, 7, 3, "2025-04-01"
	same.Limits.RowsPerSheet = 0 // zero means the default
	same.Grades = []GradeBand{{"A", "100.0"}, {"B", "80"}, {"C", "50"}, {"D", "0"}}
	if same.Fingerprint() != fp {
		t.Error("Fingerprint changed with a setting that does not change outputs")
	}

	// Every other field changes it, including fields added to Config later:
	// set each field to a value unlike the default and compare.
	excluded := map[string]bool{"Input": true, "Output": true, "Schedule": true, "TimeZone": true,
		"Date": true, "Force": true, "Workers": true, "ArchiveDays": true, "Delivery": true, "Departments": true, "MemoryLimitMB": true}
	ct := reflect.TypeOf(Config{})
	for i := 0; i < ct.NumField(); i++ {
		name := ct.Field(i).Name
		if excluded[name] {
			continue
		}
		c := Default()
		f := reflect.ValueOf(&c).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "別")
		case reflect.Int, reflect.Int64:
			f.SetInt(f.Int() + 1)
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Slice:
			f.Set(f.Slice(0, f.Len()-1)) // drop the last element
		case reflect.Struct: // Limits
			f.Field(0).SetInt(f.Field(0).Int() + 1)
		default:
			t.Fatalf("field %s: kind %s not covered by this test", name, f.Kind())
		}
		if c.Fingerprint() == fp {
			t.Errorf("Fingerprint unchanged after changing %s", name)
		}
	}
}

// A configured indicator name matches the sheet's however it is typed
// (full-width digits and dashes fold as in the sheets).
func TestRulesFoldWidth(t *testing.T) {
	c := Default()
	c.Indicators = []IndicatorRule{{Name: "指標１－１", Direction: "lower"}}
	rules := c.Rules()
	if k, _ := rules.Index("指標1-1"); c.DirectionAt(k) != model.LowerIsBetter {
		t.Errorf("指標1-1: entry %d, want lower is better", k)
	}
	if k, _ := rules.Index("指標1-2"); k != -1 || c.DirectionAt(k) != model.HigherIsBetter {
		t.Errorf("指標1-2: entry %d, want none, higher is better", k)
	}
}

// The output folder may not be the input folder however it is spelled:
// absolute against relative, or through a symbolic link.
func TestSameFolderResolved(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, out := range []string{in, "in", "./in/", link, "link"} {
		c := Default()
		c.Input, c.Output = in, out
		if err := c.ValidateOperation(); err == nil || !strings.Contains(err.Error(), "入力フォルダと同じ") {
			t.Errorf("output %q: err = %v, want the same-folder error", out, err)
		}
	}
	c := Default()
	c.Input, c.Output = in, filepath.Join(dir, "out")
	if err := c.ValidateOperation(); err != nil {
		t.Errorf("distinct folders: %v", err)
	}
}

func TestDepartments(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) string {
		p := filepath.Join(dir, "planreport.yaml")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	smtp := "delivery:\n  smtp:\n    host: mail.example.jp\n    from: kikaku@city.example.jp\n"
	cfg, err := Load(write(smtp + "departments:\n  総務部:\n    folder: /mnt/soumu\n    mail: [soumu@city.example.jp]\n  財務部:\n    mail: [zaimu@city.example.jp]\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Route{"総務部": {Folder: "/mnt/soumu", Mail: []string{"soumu@city.example.jp"}}, "財務部": {Mail: []string{"zaimu@city.example.jp"}}}
	if !reflect.DeepEqual(cfg.Departments, want) || !slices.Equal(cfg.DepartmentNames(), []string{"総務部", "財務部"}) {
		t.Errorf("departments %+v, names %q", cfg.Departments, cfg.DepartmentNames())
	}
	if def := Default(); cfg.Fingerprint() != def.Fingerprint() {
		t.Error("departments changed the fingerprint (routing changes no output)")
	}
	for text, wantErr := range map[string]string{
		smtp + "departments:\n  総務部:\n    mail: [nobody]\n":            "planreport.yaml:7: departments.総務部.mail[0]: 「nobody」はメールアドレスではありません",
		"departments:\n  総務部:\n    mail: [soumu@city.example.jp]\n":    "departments.総務部.mail: 宛先があるのにメールサーバー",
		"departments:\n  総務部:\n    folder: a\n  総務部:\n    folder: b\n": "planreport.yaml:4: departments.総務部: 2 行目と重複しています",
		"departments:\n  総務部:\n    fold: a\n":                          "「fold」という設定項目はありません",
		"departments:\n  - 総務部\n":                                      "「名前: 設定」の形で書いてください",
		"input: in\ndepartments:\n  総務部:\n    folder: in\n":            "departments.総務部.folder: 「in」は入力フォルダまたは出力フォルダと同じです",
	} {
		_, err := Load(write(text))
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%q: err = %v, want %q", text, err, wantErr)
		}
	}
}
