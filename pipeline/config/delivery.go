package config

import (
	"fmt"
	"net/mail"
	"strings"
)

// Delivery is the `delivery:` section: where the report is published and who
// is mailed (pipeline/deliver does the work; docs/delivery.md explains it).
// Every field is optional: with no PublishDir nothing is published, with no
// SMTP.Host nothing is mailed. Credentials are never here: they come from the
// environment variables PLANREPORT_SMTP_USER and PLANREPORT_SMTP_PASSWORD.
type Delivery struct {
	// PublishDir is the distribution folder (a mounted shared drive). It
	// must exist; it is never created, so that an unmounted share is
	// reported instead of filled on the local disk.
	PublishDir string `yaml:"publish_dir"`
	// PublishLink is how mail recipients reach PublishDir (a UNC path such
	// as \\fileserver\share\報告書 or an intranet URL); empty: PublishDir.
	PublishLink string `yaml:"publish_link"`
	// Title is the report title used in file names and mail; empty: the
	// configuration's title.
	Title string `yaml:"title"`
	// Contact is printed at the foot of every mail (e.g. 企画部 企画政策課
	// 内線1234); empty: no contact line.
	Contact string `yaml:"contact"`
	SMTP    SMTP   `yaml:"smtp"`
	// Departments are the routes of the top-level `departments:` section,
	// copied here by the run for delivery (not a key of `delivery:`).
	Departments map[string]Route `yaml:"-"`
}

// SMTP configures e-mail.
type SMTP struct {
	Host     string `yaml:"host"`     // empty: no e-mail
	Port     int    `yaml:"port"`     // 0: 587 (starttls), 465 (tls), 25 (none)
	Security string `yaml:"security"` // starttls (default), tls (implicit, port 465) or none
	From     string `yaml:"from"`     // sender, e.g. "企画政策課 <kikaku@city.example.jp>"
	// Council receives each new report (as BCC: council members' addresses
	// are not shown to one another).
	Council []string `yaml:"council"`
	// Office receives failures, rejected files and error findings (as To).
	Office []string `yaml:"office"`
	// AttachLimitBytes is the largest PDF or findings.json attached; a
	// larger one is replaced by its place in the distribution folder.
	// 0: 7 MiB; negative: never attach.
	AttachLimitBytes int64 `yaml:"attach_limit_bytes"`
	// TimeoutSeconds bounds connecting and each read or write (0: 30).
	TimeoutSeconds int `yaml:"timeout_seconds"`
	// CAFile is a PEM file of certificate authorities to trust, for a mail
	// server whose certificate an internal CA signed; empty: system roots.
	CAFile string `yaml:"ca_file"`
}

// Environment variables that hold the SMTP credentials. They are never read
// from the configuration file and never logged.
const (
	EnvSMTPUser     = "PLANREPORT_SMTP_USER"
	EnvSMTPPassword = "PLANREPORT_SMTP_PASSWORD"
)

// Validate reports the first delivery setting that cannot work, in
// Japanese, with its key, so that a run refuses it with exit status 2
// before any work is done.
func (c Delivery) Validate() error {
	s := c.SMTP
	switch s.Security {
	case "", "starttls", "tls", "none":
	default:
		return fmt.Errorf("delivery.smtp.security: 「%s」は使えません（starttls・tls・none）", s.Security)
	}
	if s.Port < 0 || s.Port > 65535 {
		return fmt.Errorf("delivery.smtp.port: %d はポート番号ではありません", s.Port)
	}
	if s.TimeoutSeconds < 0 {
		return fmt.Errorf("delivery.smtp.timeout_seconds: 負の値は使えません")
	}
	if s.Host == "" {
		if len(s.Council)+len(s.Office) > 0 {
			return fmt.Errorf("delivery.smtp.host: 宛先があるのにメールサーバーが設定されていません")
		}
		return nil
	}
	if strings.ContainsAny(s.Host, " /\\") {
		return fmt.Errorf("delivery.smtp.host: 「%s」はホスト名ではありません", s.Host)
	}
	// An empty sender is a key left out, not a mistyped address: say what
	// to write rather than quote an empty value.
	if strings.TrimSpace(s.From) == "" {
		return fmt.Errorf("delivery.smtp.from: 差出人が書かれていません。メールサーバー（host）を設定したときは、" +
			"from に差出人のメールアドレスを書いてください（例: 企画政策課 <kikaku@city.example.jp>）")
	}
	if _, err := mail.ParseAddress(s.From); err != nil {
		return fmt.Errorf("delivery.smtp.from: 「%s」はメールアドレスではありません", s.From)
	}
	for _, l := range []struct {
		key  string
		list []string
	}{{"council", s.Council}, {"office", s.Office}} {
		for i, a := range l.list {
			if _, err := mail.ParseAddress(a); err != nil {
				return fmt.Errorf("delivery.smtp.%s[%d]: 「%s」はメールアドレスではありません", l.key, i, a)
			}
		}
	}
	return nil
}

// CheckCredentials refuses credentials in the environment (getenv: os.Getenv
// in production) for a mail server without encryption. Sending them would
// put the password on the network in clear text, so every mail would fail
// night after night while saying it will be resent; the office must be
// told at the start instead, and what to change. With no mail server or
// no user name nothing is sent or nothing is authenticated: no problem.
func (c Delivery) CheckCredentials(getenv func(string) string) error {
	if getenv == nil || c.SMTP.Host == "" || c.SMTP.Security != "none" || getenv(EnvSMTPUser) == "" {
		return nil
	}
	return fmt.Errorf("delivery.smtp.security: 「none」（暗号化なし）のメールサーバーには認証情報を送れません" +
		"（パスワードが暗号化されずにネットワークを流れるため）。認証のいらない中継サーバーなら環境変数 " +
		EnvSMTPUser + " と " + EnvSMTPPassword + " を設定しないでください。認証が必要なら security を starttls か tls にしてください")
}
