package deliver

import (
	"strings"
	"time"

	"planreport/pipeline/config"
	dmail "planreport/pipeline/deliver/mail"
)

// DefaultAttachLimit is the largest PDF attached to the council's mail when
// SMTP.AttachLimitBytes is 0. Many municipal mail gateways refuse messages
// over 10 MB, and base64 adds a third.
const DefaultAttachLimit = 7 << 20

// DefaultTimeoutSeconds bounds each network wait when SMTP.TimeoutSeconds is 0.
const DefaultTimeoutSeconds = 30

// MaxFindingsInMail is how many findings the office's mail lists; the rest
// are in the attached findings.json.
const MaxFindingsInMail = 20

// Config is the delivery section of planreport.yaml (`delivery:`); the
// type lives in package config with the other settings.
type Config = config.Delivery

// SMTP configures e-mail; see config.SMTP.
type SMTP = config.SMTP

func reportTitle(c Config) string {
	if strings.TrimSpace(c.Title) == "" {
		return config.DefaultTitle
	}
	return c.Title
}

func securityOf(s SMTP) dmail.Security {
	if s.Security == "" {
		return dmail.StartTLS
	}
	return dmail.Security(s.Security)
}

func attachLimitOf(s SMTP) int64 {
	if s.AttachLimitBytes == 0 {
		return DefaultAttachLimit
	}
	return s.AttachLimitBytes
}

func serverOf(c Config, getenv func(string) string) dmail.Server {
	user, pass := "", ""
	if getenv != nil {
		user, pass = getenv(config.EnvSMTPUser), getenv(config.EnvSMTPPassword)
	}
	timeout := c.SMTP.TimeoutSeconds
	if timeout == 0 {
		timeout = DefaultTimeoutSeconds
	}
	return dmail.Server{
		Host:     c.SMTP.Host,
		Port:     c.SMTP.Port,
		Security: securityOf(c.SMTP),
		From:     c.SMTP.From,
		Username: user,
		Password: pass,
		CAFile:   c.SMTP.CAFile,
		Timeout:  time.Duration(timeout) * time.Second,
	}
}
