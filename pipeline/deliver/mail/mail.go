// Package mail turns plain-data messages into MIME mail and hands them to an
// SMTP server. It knows nothing of reports: the caller writes the subject,
// body and attachment list; this package encodes them the way Japanese mail
// clients read them:
//
//   - the subject as RFC 2047 encoded words (=?UTF-8?B?…?=), folded;
//   - the body as text/plain; charset=UTF-8 in base64 with CRLF line ends;
//   - attachment names as RFC 2231 parameters (filename*0*=UTF-8”%E8…;
//     filename*1*=…) in Content-Disposition, split so that no header line
//     passes 78 characters, plus an RFC 2047 name= in Content-Type for
//     older clients (Outlook reads that one).
//
// MIME assembly and the SMTP dialogue are github.com/wneessen/go-mail's.
package mail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"
)

// Security is how the connection to the server is protected.
type Security string

const (
	StartTLS Security = "starttls" // plain connection upgraded with STARTTLS; refused if the server does not offer it (port 587)
	TLS      Security = "tls"      // implicit TLS from the first byte (port 465)
	None     Security = "none"     // no encryption: only for a relay on the same machine or network segment (port 25)
)

// DefaultPort is the usual port of a security mode.
func DefaultPort(s Security) int {
	switch s {
	case TLS:
		return 465
	case None:
		return 25
	}
	return 587
}

// DefaultTimeout bounds each network wait when Server.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Server says how to reach the mail server.
type Server struct {
	Host     string
	Port     int      // 0: DefaultPort(Security)
	Security Security // "": StartTLS
	From     string   // envelope and header sender, "planreport@city.example.jp" or "企画政策課 <…>"
	// Username and Password come from the environment, never from a file;
	// empty Username: no authentication. Password is never logged or
	// written anywhere by this package.
	Username string `json:"-"`
	Password string `json:"-"`
	// CAFile is a PEM bundle of the certificate authorities to trust (an
	// internal mail server's own CA); empty: the system's roots.
	CAFile string
	// Timeout bounds connecting and each later read or write (0: DefaultTimeout).
	Timeout time.Duration
}

// Attachment is a file to attach, read when the message is sent.
type Attachment struct {
	Name string `json:"name"` // file name the recipients see (Japanese is fine)
	Path string `json:"path"` // where the bytes are
	// SHA256 (hex), when set, is checked before sending: a file replaced
	// since the message was composed is not sent in its place.
	SHA256      string `json:"sha256,omitempty"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type,omitempty"` // "": from the name's extension
}

// Message is one mail in plain data, so that it can wait in a state file
// and be sent on a later run.
type Message struct {
	To          []string     `json:"to,omitempty"`
	Bcc         []string     `json:"bcc,omitempty"` // envelope only; no header shows them
	Subject     string       `json:"subject"`
	Body        string       `json:"body"` // plain text, "\n" line ends
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Recipients returns every envelope recipient.
func (m Message) Recipients() []string {
	return append(append([]string(nil), m.To...), m.Bcc...)
}

// ErrAttachmentChanged is wrapped when an attachment's content no longer
// matches the hash recorded with the message.
var ErrAttachmentChanged = errors.New("attachment changed since the message was composed")

// Build assembles m as a go-mail message from the sender from.
func Build(from string, m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithEncoding(gomail.EncodingB64), gomail.WithCharset(gomail.CharsetUTF8))
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("差出人「%s」がメールアドレスではありません: %w", from, err)
	}
	if len(m.To) > 0 {
		if err := msg.To(m.To...); err != nil {
			return nil, fmt.Errorf("宛先 %s にメールアドレスでないものがあります: %w", strings.Join(m.To, ", "), err)
		}
	}
	if len(m.Bcc) > 0 {
		if err := msg.Bcc(m.Bcc...); err != nil {
			return nil, fmt.Errorf("宛先（BCC）%s にメールアドレスでないものがあります: %w", strings.Join(m.Bcc, ", "), err)
		}
	}
	if len(m.To)+len(m.Bcc) == 0 {
		return nil, errors.New("宛先がありません")
	}
	msg.Subject(m.Subject)
	// A base64 text part must carry the canonical CRLF line ends.
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	msg.SetBodyString(gomail.TypeTextPlain, body)
	for _, a := range m.Attachments {
		data, err := os.ReadFile(a.Path)
		if err != nil {
			return nil, fmt.Errorf("添付ファイル「%s」を読めません: %w", a.Path, err)
		}
		if a.SHA256 != "" {
			if h := sha256.Sum256(data); hex.EncodeToString(h[:]) != a.SHA256 {
				return nil, fmt.Errorf("添付ファイル「%s」の内容がメール作成時から変わっています: %w", a.Path, ErrAttachmentChanged)
			}
		}
		msg.AttachReadSeeker(a.Name, bytes.NewReader(data), attachmentHeaders(a))
	}
	return msg, nil
}

// attachmentHeaders writes Content-Type and Content-Disposition ourselves:
// go-mail would put RFC 2047 words inside a quoted filename= on one
// unfolded line (a multipart part's headers are written as given), which
// breaks the 78-character line limit for any Japanese name.
func attachmentHeaders(a Attachment) gomail.FileOption {
	return func(f *gomail.File) {
		ct := a.ContentType
		if ct == "" {
			ct = mime.TypeByExtension(extension(a.Name))
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		if i := strings.IndexByte(ct, ';'); i >= 0 {
			ct = ct[:i]
		}
		f.Header.Set("Content-Type", ct+";"+fold+"name=\""+strings.Join(encodedWords(a.Name), fold)+"\"")
		f.Header.Set("Content-Disposition", "attachment;"+fold+rfc2231("filename", a.Name))
	}
}

// fold continues a header value on the next line (RFC 5322 folding).
const fold = "\r\n "

func extension(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

// encodedWords encodes s as RFC 2047 B words short enough (at most 58
// characters) for one folded line each, cut between characters.
func encodedWords(s string) []string {
	const maxBytes = 33 // base64 of 33 bytes is 44 characters
	var words []string
	for s != "" {
		n := 0
		for _, r := range s {
			l := utf8.RuneLen(r)
			if l < 0 {
				l = 1
			}
			if n > 0 && n+l > maxBytes {
				break
			}
			n += l
		}
		words = append(words, "=?UTF-8?B?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return words
}

// rfc2231 encodes a parameter value (RFC 2231 sections 3 and 4): plain
// ASCII as a quoted string, anything else percent-encoded in UTF-8 and
// split between characters into numbered sections, one per folded line.
func rfc2231(param, value string) string {
	if isPlainToken(value) {
		return param + "=\"" + value + "\""
	}
	const segment = 45 // with "filename*N*=UTF-8''" a line stays under 78 characters
	var parts []string
	var seg strings.Builder
	flush := func() {
		prefix := ""
		if len(parts) == 0 {
			prefix = "UTF-8''"
		}
		parts = append(parts, fmt.Sprintf("%s*%d*=%s%s", param, len(parts), prefix, seg.String()))
		seg.Reset()
	}
	for _, r := range value {
		var enc strings.Builder
		var buf [utf8.UTFMax]byte
		for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
			if isAttrChar(c) {
				enc.WriteByte(c)
			} else {
				fmt.Fprintf(&enc, "%%%02X", c)
			}
		}
		if seg.Len() > 0 && seg.Len()+enc.Len() > segment {
			flush()
		}
		seg.WriteString(enc.String())
	}
	if seg.Len() > 0 || len(parts) == 0 {
		flush()
	}
	return strings.Join(parts, ";"+fold)
}

func isPlainToken(s string) bool {
	if s == "" || len(s) > 60 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// isAttrChar is RFC 2231's attribute-char: a token character other than
// "*", "'" and "%".
func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// Send delivers msgs over one connection to srv and returns one error per
// message (nil: accepted by the server). When the connection cannot be made
// every message gets that error. Every network wait is bounded by
// srv.Timeout, and ctx cancels the dial.
func Send(ctx context.Context, srv Server, msgs []Message) []error {
	errs := make([]error, len(msgs))
	built := make([]*gomail.Msg, len(msgs))
	pending := 0
	for i, m := range msgs {
		built[i], errs[i] = Build(srv.From, m)
		if errs[i] == nil {
			pending++
		}
	}
	if pending == 0 {
		return errs
	}
	fail := func(err error) []error {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		return errs
	}
	client, err := newClient(srv)
	if err != nil {
		return fail(err)
	}
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return fail(fmt.Errorf("メールサーバー %s に接続できません: %w", client.ServerAddr(), err))
	}
	defer client.CloseWithSMTPClient(conn)
	for i, msg := range built {
		if errs[i] != nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			errs[i] = fmt.Errorf("送信を中断しました: %w", err)
			continue
		}
		if err := client.SendWithSMTPClient(conn, msg); err != nil {
			errs[i] = fmt.Errorf("メールサーバー %s が受け付けませんでした: %w", client.ServerAddr(), err)
		}
	}
	return errs
}

func newClient(srv Server) (*gomail.Client, error) {
	if srv.Host == "" {
		return nil, errors.New("メールサーバーが設定されていません")
	}
	sec := srv.Security
	if sec == "" {
		sec = StartTLS
	}
	port := srv.Port
	if port == 0 {
		port = DefaultPort(sec)
	}
	timeout := srv.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	tlsConf := &tls.Config{ServerName: srv.Host, MinVersion: tls.VersionTLS12}
	if srv.CAFile != "" {
		pem, err := os.ReadFile(srv.CAFile)
		if err != nil {
			return nil, fmt.Errorf("認証局証明書「%s」を読めません: %w", srv.CAFile, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("認証局証明書「%s」に PEM 形式の証明書がありません", srv.CAFile)
		}
		tlsConf.RootCAs = pool
	}
	opts := []gomail.Option{
		gomail.WithPort(port),
		gomail.WithTimeout(timeout),
		gomail.WithTLSConfig(tlsConf),
	}
	switch sec {
	case StartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLS:
		opts = append(opts, gomail.WithSSL())
	case None:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("暗号化方式「%s」は使えません（starttls・tls・none）", sec)
	}
	if srv.Username != "" {
		if sec == None {
			// The password would cross the network in clear text.
			return nil, errors.New("暗号化なし（none）のメールサーバーには認証情報を送りません")
		}
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(srv.Username),
			gomail.WithPassword(srv.Password))
	}
	c, err := gomail.NewClient(srv.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("メールの設定が不正です: %w", err)
	}
	return c, nil
}
