package smtptest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Parsed is a received message decoded the way a mail client would.
type Parsed struct {
	Header      mail.Header
	Subject     string // RFC 2047 decoded
	Body        string // the text/plain part, decoded, "\n" line ends
	Attachments []Attachment
}

// Attachment is a decoded attachment part.
type Attachment struct {
	Name        string // from Content-Disposition (RFC 2231 decoded)
	ContentType string
	Data        []byte
}

// Parse decodes a message with the standard library only, independently of
// the library that wrote it.
func Parse(data []byte) (Parsed, error) {
	var p Parsed
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return p, fmt.Errorf("read message: %w", err)
	}
	p.Header = msg.Header
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return p, fmt.Errorf("decode subject: %w", err)
	}
	err = p.walk(textproto(msg.Header), msg.Body)
	return p, err
}

type header interface{ Get(string) string }

type textproto mail.Header

func (h textproto) Get(k string) string { return mail.Header(h).Get(k) }

func (p *Parsed) walk(h header, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return fmt.Errorf("content type %q: %w", h.Get("Content-Type"), err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("multipart: %w", err)
			}
			if err := p.walk(part.Header, part); err != nil {
				return err
			}
		}
	}
	data, err := decodeBody(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return err
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	if disp == "attachment" {
		p.Attachments = append(p.Attachments, Attachment{Name: dparams["filename"], ContentType: mt, Data: data})
		return nil
	}
	if mt == "text/plain" {
		p.Body += strings.ReplaceAll(string(data), "\r\n", "\n")
	}
	return nil
}

func decodeBody(enc string, r io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("decode %s body: %w", enc, err)
	}
	return data, nil
}

// LongestLine is the length in bytes of the longest line of data, without
// its CRLF; RFC 5322 wants at most 78.
func LongestLine(data []byte) int {
	longest := 0
	for _, line := range bytes.Split(data, []byte("\r\n")) {
		longest = max(longest, len(line))
	}
	return longest
}
