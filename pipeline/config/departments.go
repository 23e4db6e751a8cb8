package config

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
)

// Route is where one department's share of a run goes (`departments:`,
// keyed by the department's name as the sheets' 担当部名 give it): its
// PDF and its annotated workbooks are copied to Folder, and its findings
// are mailed to Mail when they changed since the last mail to it. Both are
// optional.
type Route struct {
	// Folder must exist (a mounted share): it is never created, so that an
	// unmounted share is reported to the office instead of filled on the
	// local disk.
	Folder string `yaml:"folder"`
	// Mail are the department's addresses (as To).
	Mail []string `yaml:"mail"`
}

// DepartmentNames returns the configured departments, sorted.
func (c *Config) DepartmentNames() []string {
	names := make([]string, 0, len(c.Departments))
	for name := range c.Departments {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// validateDepartments checks the routes: a name, mail addresses, a mail
// server when there are addresses, and no folder that is the input or
// output folder (a department's copies would become inputs, or mix with
// the outputs).
func (c *Config) validateDepartments() error {
	for _, name := range c.DepartmentNames() {
		r := c.Departments[name]
		key := "departments." + name
		if strings.TrimSpace(name) == "" {
			return fmt.Errorf("departments: 担当部名が空です")
		}
		for i, a := range r.Mail {
			if _, err := mail.ParseAddress(a); err != nil {
				return fmt.Errorf("%s.mail[%d]: 「%s」はメールアドレスではありません", key, i, a)
			}
		}
		if len(r.Mail) > 0 && c.Delivery.SMTP.Host == "" {
			return fmt.Errorf("%s.mail: 宛先があるのにメールサーバー（delivery.smtp.host）が設定されていません", key)
		}
		if r.Folder != "" && (sameFolder(r.Folder, c.Input) || sameFolder(r.Folder, c.Output)) {
			return fmt.Errorf("%s.folder: 「%s」は入力フォルダまたは出力フォルダと同じです", key, r.Folder)
		}
	}
	return nil
}
