package deliver

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"planreport/pipeline/deliver/internal/atomicfile"
	dmail "planreport/pipeline/deliver/mail"
)

// PendingFile, in the output folder, holds the messages still to be sent.
// It exists only while something is pending.
const PendingFile = ".delivery-pending.json"

// spoolDir, in the output folder, keeps a copy of each attachment of a
// pending message, named by its SHA-256: the next run replaces report.pdf
// and findings.json, and a retry must send the bytes the message described.
const spoolDir = ".delivery-pending"

// MaxAttempts is how many runs try a message before it is given up (and
// the give-up is reported as an error). Ten nightly runs cover a long
// weekend and a holiday week of a broken mail server.
const MaxAttempts = 10

// MaxPending bounds the queue; the oldest office messages go first when a
// mail server stays down for weeks.
const MaxPending = 20

type pendingMessage struct {
	Kind string `json:"kind"` // council, office or department
	// Department and Key, for a department's mail: whom it is for (its
	// addresses come from the configuration at each attempt) and the key
	// of the findings it tells (DepartmentShare.Key).
	Department string        `json:"department,omitempty"`
	Key        string        `json:"key,omitempty"`
	ReportDate string        `json:"report_date"`
	Attempts   int           `json:"attempts"`
	LastError  string        `json:"last_error,omitempty"`
	Message    dmail.Message `json:"message"`
}

type pendingState struct {
	Version  int              `json:"version"`
	Messages []pendingMessage `json:"messages"`
}

// loadPending reads the state file. A state file that cannot be parsed is
// moved aside (PendingFile + ".broken") so that a person can look at it and
// the next save does not silently destroy it.
func loadPending(outputDir string) (pendingState, error) {
	path := filepath.Join(outputDir, PendingFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return pendingState{Version: 1}, nil
	}
	if err != nil {
		return pendingState{Version: 1}, fmt.Errorf("未送信メールの記録「%s」を読めません: %w", path, err)
	}
	st, err := decodePending(data)
	if err != nil {
		broken := path + ".broken"
		if rerr := os.Rename(path, broken); rerr != nil {
			return pendingState{Version: 1}, fmt.Errorf("未送信メールの記録「%s」が壊れています（退避もできません: %v）: %w", path, rerr, err)
		}
		return pendingState{Version: 1}, fmt.Errorf("未送信メールの記録「%s」が壊れていたため「%s」に退避しました: %w", path, broken, err)
	}
	return st, nil
}

func decodePending(data []byte) (pendingState, error) {
	var st pendingState
	if err := json.Unmarshal(data, &st); err != nil {
		return pendingState{Version: 1}, err
	}
	st.Version = 1
	return st, nil
}

// savePending spools the attachments of the pending messages, writes the
// state atomically (or removes it when nothing is pending) and deletes
// spooled files no message needs any more.
func savePending(outputDir string, st *pendingState) error {
	var errs []error
	spool := filepath.Join(outputDir, spoolDir)
	for i := range st.Messages {
		m := &st.Messages[i].Message
		for j := range m.Attachments {
			if err := spoolAttachment(spool, &m.Attachments[j]); err != nil {
				errs = append(errs, err)
			}
		}
	}
	path := filepath.Join(outputDir, PendingFile)
	if len(st.Messages) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("未送信メールの記録「%s」を消せません: %w", path, err))
		}
	} else {
		st.Version = 1
		data, err := json.MarshalIndent(st, "", "  ")
		if err == nil {
			err = atomicfile.WriteFile(path, append(data, '\n'), 0o600)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("未送信メールの記録「%s」を書き込めません: %w", path, err))
		}
	}
	collectSpool(spool, st)
	return errors.Join(errs...)
}

func spoolAttachment(spool string, a *dmail.Attachment) error {
	if filepath.Dir(a.Path) == spool {
		return nil
	}
	if err := os.MkdirAll(spool, 0o700); err != nil {
		return fmt.Errorf("未送信メールの添付ファイル用フォルダ「%s」を作れません: %w", spool, err)
	}
	// Name the copy by the hash recorded when the message was composed;
	// the copy's own hash must agree, or the file changed in between and
	// the retry would send something else than the message describes.
	name := a.SHA256
	if name == "" {
		sum, _, err := atomicfile.HashFile(a.Path)
		if err != nil {
			return fmt.Errorf("添付ファイル「%s」を読めません: %w", a.Path, err)
		}
		name = sum
	}
	dst := filepath.Join(spool, name)
	sum, size, err := atomicfile.Copy(dst, a.Path, 0o600)
	if err != nil {
		return fmt.Errorf("添付ファイル「%s」を未送信メール用に保存できません: %w", a.Path, err)
	}
	if sum != name {
		os.Remove(dst)
		return fmt.Errorf("添付ファイル「%s」の内容がメール作成後に変わりました: %w", a.Path, dmail.ErrAttachmentChanged)
	}
	a.Path, a.SHA256, a.Size = dst, sum, size
	return nil
}

func collectSpool(spool string, st *pendingState) {
	ents, err := os.ReadDir(spool)
	if err != nil {
		return
	}
	used := map[string]bool{}
	for _, m := range st.Messages {
		for _, a := range m.Message.Attachments {
			used[filepath.Base(a.Path)] = true
		}
	}
	left := 0
	for _, e := range ents {
		if used[e.Name()] {
			left++
			continue
		}
		os.Remove(filepath.Join(spool, e.Name()))
	}
	if left == 0 {
		os.Remove(spool)
	}
}
