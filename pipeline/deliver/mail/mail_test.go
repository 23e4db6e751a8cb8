package mail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"mime"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"planreport/pipeline/deliver/internal/smtptest"
)

const pdfName = "行財政運営プラン取組状況報告書_令和8年11月23日.pdf"

// testPDF is a few bytes of every value, so that a transfer encoding that
// mangles any byte is caught.
func testPDF(t *testing.T) (string, []byte) {
	t.Helper()
	data := []byte("%PDF-1.7\n")
	for i := range 3000 {
		data = append(data, byte(i%256))
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, data
}

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func server(s *smtptest.Server, sec Security) Server {
	return Server{Host: s.Host, Port: s.Port, Security: sec, From: "planreport@city.example.jp", CAFile: s.CAFile, Timeout: 10 * time.Second}
}

func TestSendStartTLSWithAttachment(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{Mode: smtptest.StartTLS, Username: "planner", Password: "s3cret"})
	path, data := testPDF(t)
	srv := server(ts, StartTLS)
	srv.Username, srv.Password = "planner", "s3cret"
	msg := Message{
		To:          []string{"planreport@city.example.jp"},
		Bcc:         []string{"giin1@city.example.jp", "giin2@city.example.jp"},
		Subject:     "【行財政運営プラン 取組状況報告書】令和8年11月23日版をお送りします（取組項目11件・指標の達成状況を含みます）",
		Body:        "議員各位\n\n報告書を送付します。\n取組項目：11件\n",
		Attachments: []Attachment{{Name: pdfName, Path: path, SHA256: hashOf(data), Size: int64(len(data))}},
	}
	errs := Send(context.Background(), srv, []Message{msg})
	if errs[0] != nil {
		t.Fatalf("send: %v", errs[0])
	}
	got := ts.Messages()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	r := got[0]
	if !r.TLS {
		t.Error("message was not sent over TLS")
	}
	if r.AuthUser != "planner" {
		t.Errorf("auth user %q", r.AuthUser)
	}
	if r.From != "planreport@city.example.jp" {
		t.Errorf("envelope from %q", r.From)
	}
	wantRcpt := []string{"planreport@city.example.jp", "giin1@city.example.jp", "giin2@city.example.jp"}
	if !slices.Equal(r.To, wantRcpt) {
		t.Errorf("envelope recipients %v, want %v", r.To, wantRcpt)
	}
	p, err := smtptest.Parse(r.Data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != msg.Subject {
		t.Errorf("subject %q, want %q", p.Subject, msg.Subject)
	}
	if p.Body != msg.Body {
		t.Errorf("body %q, want %q", p.Body, msg.Body)
	}
	if p.Header.Get("Bcc") != "" || bytes.Contains(r.Data, []byte("giin1")) {
		t.Error("BCC recipients are visible in the message")
	}
	if len(p.Attachments) != 1 {
		t.Fatalf("%d attachments, want 1", len(p.Attachments))
	}
	a := p.Attachments[0]
	if a.Name != pdfName || a.ContentType != "application/pdf" || !bytes.Equal(a.Data, data) {
		t.Errorf("attachment %q %q, %d bytes (equal: %v)", a.Name, a.ContentType, len(a.Data), bytes.Equal(a.Data, data))
	}
	if !bytes.Contains(r.Data, []byte("filename*0*=UTF-8''%E8%A1%8C")) { // 行 = E8 A1 8C
		t.Error("attachment name is not RFC 2231 encoded")
	}
	if n := smtptest.LongestLine(r.Data); n > 78 {
		t.Errorf("longest line is %d bytes, want ≤ 78", n)
	}
}

func TestSendImplicitTLS(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{Mode: smtptest.Implicit})
	srv := server(ts, TLS)
	srv.From = "企画政策課 <kikaku@city.example.jp>"
	errs := Send(context.Background(), srv, []Message{{To: []string{"seisaku@city.example.jp"}, Subject: "件名", Body: "本文"}})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	got := ts.Messages()
	if len(got) != 1 || !got[0].TLS || got[0].From != "kikaku@city.example.jp" {
		t.Fatalf("received %+v", got)
	}
	p, err := smtptest.Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	addrs, err := p.Header.AddressList("From")
	if err != nil || len(addrs) != 1 || addrs[0].Name != "企画政策課" || addrs[0].Address != "kikaku@city.example.jp" {
		t.Fatalf("From header %q decodes to %v, %v", p.Header.Get("From"), addrs, err)
	}
}

func TestSendPlainRelay(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	errs := Send(context.Background(), server(ts, None), []Message{{To: []string{"kikaku@city.example.jp"}, Subject: "件名", Body: "本文"}})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	if got := ts.Messages(); len(got) != 1 || got[0].TLS {
		t.Fatalf("received %+v", got)
	}
}

func TestStartTLSRequired(t *testing.T) {
	// A server that does not offer STARTTLS must not get the message in clear.
	ts := smtptest.Start(t, smtptest.Options{})
	errs := Send(context.Background(), server(ts, StartTLS), []Message{{To: []string{"a@example.jp"}, Subject: "s", Body: "b"}})
	if errs[0] == nil {
		t.Fatal("sent without STARTTLS")
	}
	if len(ts.Messages()) != 0 {
		t.Fatal("server received a message")
	}
}

func TestUntrustedCertificateRefused(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{Mode: smtptest.StartTLS})
	srv := server(ts, StartTLS)
	srv.CAFile = "" // system roots do not include the test's self-signed certificate
	errs := Send(context.Background(), srv, []Message{{To: []string{"a@example.jp"}, Subject: "s", Body: "b"}})
	if errs[0] == nil || len(ts.Messages()) != 0 {
		t.Fatalf("sent to a server with an untrusted certificate: %v", errs[0])
	}
}

func TestConnectionRefused(t *testing.T) {
	srv := Server{Host: "127.0.0.1", Port: smtptest.ClosedPort(t), Security: None, From: "p@example.jp", Timeout: 5 * time.Second}
	msgs := []Message{{To: []string{"a@example.jp"}, Subject: "1", Body: "b"}, {To: []string{"b@example.jp"}, Subject: "2", Body: "b"}}
	errs := Send(context.Background(), srv, msgs)
	for i, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "接続できません") {
			t.Errorf("message %d: err = %v", i, err)
		}
	}
}

func TestRejectedRecipientFailsOnlyThatMessage(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{RejectRecipient: "nobody@example.jp"})
	msgs := []Message{
		{To: []string{"nobody@example.jp"}, Subject: "1", Body: "b"},
		{To: []string{"kikaku@example.jp"}, Subject: "2", Body: "b"},
	}
	errs := Send(context.Background(), server(ts, None), msgs)
	if errs[0] == nil || errs[1] != nil {
		t.Fatalf("errs = %v", errs)
	}
	if got := ts.Messages(); len(got) != 1 || got[0].To[0] != "kikaku@example.jp" {
		t.Fatalf("received %+v", got)
	}
}

func TestAttachmentChanged(t *testing.T) {
	path, _ := testPDF(t)
	_, err := Build("p@example.jp", Message{To: []string{"a@example.jp"}, Attachments: []Attachment{{Name: "a.pdf", Path: path, SHA256: hashOf([]byte("other"))}}})
	if !errors.Is(err, ErrAttachmentChanged) {
		t.Fatalf("err = %v", err)
	}
}

func TestNoPasswordOverPlainConnection(t *testing.T) {
	ts := smtptest.Start(t, smtptest.Options{})
	srv := server(ts, None)
	srv.Username, srv.Password = "u", "p"
	errs := Send(context.Background(), srv, []Message{{To: []string{"a@example.jp"}, Subject: "s", Body: "b"}})
	if errs[0] == nil || len(ts.Messages()) != 0 {
		t.Fatalf("credentials accepted for an unencrypted server: %v", errs[0])
	}
	if strings.Contains(errs[0].Error(), "p@") || strings.Contains(errs[0].Error(), srv.Password+" ") {
		t.Fatal("error shows the password")
	}
}

func TestRFC2231RoundTrip(t *testing.T) {
	// Decoded with the standard library's own RFC 2231 reader.
	for _, name := range []string{pdfName, "findings.json", "総務部_令和8年11月23日.pdf", `a "quoted" name.pdf`, strings.Repeat("長", 80) + ".pdf"} {
		v := "attachment;" + fold + rfc2231("filename", name)
		_, params, err := mime.ParseMediaType(v)
		if err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		if params["filename"] != name {
			t.Errorf("round trip %q → %q", name, params["filename"])
		}
		for _, part := range strings.Split(v, "\r\n ") {
			// Each folded line must stay short.
			if len(part) > 70 {
				t.Errorf("word of %d bytes in %q", len(part), v)
			}
		}
	}
}
