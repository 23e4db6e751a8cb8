package config

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestMain keeps ValidateOperation from reading the developer's own SMTP
// variables: a test says which environment it runs under.
func TestMain(m *testing.M) {
	environment = func(string) string { return "" }
	os.Exit(m.Run())
}

// english finds a run of Latin letters that is not a key, a file name or
// a term the messages use on purpose (YAML, UTF-8, cron …).
var english = regexp.MustCompile(`[A-Za-z]{3,}`)

func englishWords(msg string) []string {
	var out []string
	for _, w := range english.FindAllString(msg, -1) {
		switch w {
		case "YAML", "UTF", "Shift", "JIS", "config", "yaml", "planreport":
			continue
		}
		out = append(out, w)
	}
	return out
}

// Each common YAML syntax error is said in Japanese, with the file and the
// line, and without the parser's English; one the table does not know
// gets a general sentence.
func TestLoadSyntaxErrorsInJapanese(t *testing.T) {
	// yaml.v3 gives no line for some problems on the first line.
	for _, tt := range []struct {
		text, want string
		line       bool
	}{
		{"title: [unclosed\n", "「]」で閉じられていない", true},
		{"title: {a: b\n", "「}」で閉じられていない", true},
		{"title: a\n\tinput: b\n", "タブ", true},
		{"title: a\n  input: b\n", "ここには「キー: 値」を書けません", true},
		{"title: \"a\n", "ファイルが途中で終わっています", true},
		{"title: a\npublish_link: \"\\\\srv\\kikaku\"\n", "「'」で囲んでください", true},
		{"title: a\n- b\n", "（ここには「キー: 値」が来るはずです。", true}, // a list item where a key was expected
		{"title: \x81\x40\n", "UTF-8 でない文字", false},
	} {
		path := writeFile(t, "x.yaml", tt.text)
		_, err := Load(path)
		var fe *FileError
		if !errors.As(err, &fe) || fe.File != path || tt.line && fe.Line == 0 {
			t.Errorf("%q: err = %v, want a *FileError with the file and line", tt.text, err)
			continue
		}
		msg := strings.ReplaceAll(err.Error(), path, "")
		if !strings.Contains(msg, tt.want) || len(englishWords(msg)) > 0 {
			t.Errorf("%q: message %q\nwant %q, no English (found %q)", tt.text, msg, tt.want, englishWords(msg))
		}
	}
	if got := yamlProblem("something yaml.v4 says"); got != "YAML として読めない書き方があります" {
		t.Errorf("unknown problem: %q", got)
	}
}

// A file that cannot be read is named in the message, in Japanese only,
// and the cause stays in the chain.
func TestLoadUnreadableFileInJapanese(t *testing.T) {
	_, err := Load("nofile.yaml")
	if want := "「nofile.yaml」がありません。-config に指定した設定ファイルの名前と場所を確かめてください"; err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v does not wrap fs.ErrNotExist", err)
	}
}

// smtpNone is a delivery section whose server has no encryption.
const smtpNone = "delivery:\n  smtp:\n    host: 127.0.0.1\n    port: 2525\n    security: none\n    from: k@city.example.jp\n    office: [a@city.example.jp]\n"

// Credentials in the environment with security: none are a configuration
// error at the start, naming the key, its line and the variables, instead
// of a mail that fails every night while promising to be resent.
func TestLoadRefusesCredentialsWithoutEncryption(t *testing.T) {
	path := writeFile(t, "planreport.yaml", smtpNone)
	if _, err := Load(path); err != nil {
		t.Fatalf("no credentials: %v", err)
	}
	defer func(old func(string) string) { environment = old }(environment)
	environment = func(k string) string {
		return map[string]string{EnvSMTPUser: "kikaku", EnvSMTPPassword: "pw"}[k]
	}
	_, err := Load(path)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Key != "delivery.smtp.security" || fe.Line != 5 {
		t.Fatalf("err = %v, want a *FileError for delivery.smtp.security on line 5", err)
	}
	for _, want := range []string{EnvSMTPUser, EnvSMTPPassword, "starttls", "tls", "設定しないでください"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not name %q", err, want)
		}
	}
	for _, text := range []string{strings.Replace(smtpNone, "none", "starttls", 1), "title: x\n"} {
		if _, err := Load(writeFile(t, "planreport.yaml", text)); err != nil {
			t.Errorf("%q with credentials: %v", text, err)
		}
	}
}

func TestCheckCredentials(t *testing.T) {
	env := func(user, pass string) func(string) string {
		return func(k string) string { return map[string]string{EnvSMTPUser: user, EnvSMTPPassword: pass}[k] }
	}
	none := Delivery{SMTP: SMTP{Host: "relay", Security: "none"}}
	if err := none.CheckCredentials(env("u", "p")); err == nil || !strings.HasPrefix(err.Error(), "delivery.smtp.security: ") {
		t.Errorf("none with a user: %v", err)
	}
	// No user: no authentication is attempted, so a relay works.
	for name, getenv := range map[string]func(string) string{"no user": env("", "p"), "nil": nil} {
		if err := none.CheckCredentials(getenv); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := (Delivery{SMTP: SMTP{Security: "none"}}).CheckCredentials(env("u", "p")); err != nil {
		t.Errorf("no mail server: %v", err)
	}
}

// A mail server without a sender says that from must be written, rather
// than quote an empty address.
func TestLoadMissingFrom(t *testing.T) {
	path := writeFile(t, "planreport.yaml", "delivery:\n  smtp:\n    host: mail.example.jp\n    office: [a@city.example.jp]\n")
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), "delivery.smtp.from: 差出人が書かれていません") || strings.Contains(err.Error(), "「」") {
		t.Errorf("err = %v", err)
	}
}
