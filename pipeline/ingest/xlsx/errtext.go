package xlsx

import (
	"archive/zip"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// The errors of archive/zip, compress/flate, encoding/xml and io are
// English ("zip: not a valid zip file"), and a rejection's message is read
// by planning-office staff: problemText says in Japanese what stopped the
// reading, naming the part (zip entry) it was in.

// partError is an error while reading the part named part.
type partError struct {
	part string
	err  error
}

func (e *partError) Error() string { return e.part + ": " + e.err.Error() }
func (e *partError) Unwrap() error { return e.err }

// badXMLError is XML that parses but is not laid out as a sheet is (an
// element not closed, a row number out of range); msg is Japanese.
type badXMLError struct{ msg string }

func (e *badXMLError) Error() string { return e.msg }

func badXML(format string, args ...any) error {
	return &badXMLError{fmt.Sprintf(format, args...)}
}

// problemText says what err is, in Japanese. part names the part when err
// does not (a partError's own name wins); "" means the file as a whole.
func problemText(err error, part string) string {
	var pe *partError
	if errors.As(err, &pe) {
		part = pe.part
	}
	where := ""
	if part != "" {
		where = "部品「" + Shorten(part, 80) + "」の"
	}
	return where + problemKind(err)
}

// sentinelProblems are the Japanese for the sentinel errors of reading a
// zip and its parts.
var sentinelProblems = []struct {
	err  error
	text string
}{
	{errPartMissing, "ファイルがブックの中にありません"},
	{zip.ErrFormat, "ZIP 形式の目次または見出しが壊れています"},
	{zip.ErrChecksum, "データが検査値（チェックサム）と一致しません（ファイルが壊れています）"},
	{zip.ErrAlgorithm, "圧縮方式が Excel の使わないものです"},
	{io.ErrUnexpectedEOF, "データが途中で切れています"},
}

// problemKind is the Japanese for the common errors of reading a zip and
// its XML parts.
func problemKind(err error) string {
	var bad *badXMLError
	var syntax *xml.SyntaxError
	var corrupt flate.CorruptInputError
	switch {
	case errors.As(err, &bad):
		return "XML が壊れています（" + bad.msg + "）"
	case errors.As(err, &syntax) && syntax.Msg == "unexpected EOF":
		return "XML が途中で終わっています"
	case errors.As(err, &syntax):
		return fmt.Sprintf("XML の書き方に誤りがあります（%d 行目）", syntax.Line)
	case errors.As(err, &corrupt):
		return "圧縮データが壊れています"
	}
	for _, s := range sentinelProblems {
		if errors.Is(err, s.err) {
			return s.text
		}
	}
	return "データが想定外の形をしているため読めません"
}
