package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// This file reads the text of a workbook's strings (shared and inline) and
// guards against two hazards of it:
//
//   - Excel writes characters that XML 1.0 cannot hold as _xHHHH_ escapes.
//     A string of 800,000 escapes is 5.6 MB and compresses to well under the
//     file limit; a decoder that copies per escape (excelize's does) takes
//     minutes on it. decodeEscapes is linear, and strings are still costed
//     so that a sheet whose text is pathological is refused with a finding
//     instead of being read slowly.
//   - Control characters and unpaired surrogates (_x0001_, _xD800_) would be
//     dropped by the normalizer without a word; the scan remembers which
//     strings held them so the cells get a warning.

// escapeBudget bounds the cost (escapes × bytes, what a copying decoder
// would spend) of the _xHHHH_ escapes of one sheet's cells. A real
// sheet stays far below: a pasted text with a few hundred CR escapes
// (_x000D_) costs some megabytes.
const escapeBudget = 1 << 32

// textInfo is what one look at a string (a shared string or an inline
// string) found.
type textInfo struct {
	escapes int   // _xHHHH_ sequences
	bytes   int64 // raw bytes of the text, escapes undecoded
	bad     rune  // the first control character or surrogate it holds; 0 when none
}

// cost is how many bytes a decoder that appends per escape copies to
// decode the string once.
func (t textInfo) cost() int64 {
	if t.escapes == 0 {
		return 0
	}
	return int64(t.escapes) * t.bytes
}

func (t *textInfo) add(s []byte) {
	t.bytes += int64(len(s))
	for i := 0; i < len(s); {
		if r, ok := escapeAt(s, i); ok {
			t.escapes++
			if t.bad == 0 && badRune(r) {
				t.bad = r
			}
			i += escapeLen
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if t.bad == 0 && (badRune(r) || r == utf8.RuneError) {
			// U+FFFD is what the XML decoder makes of a character
			// reference to a surrogate (&#xD800;).
			t.bad = r
		}
		i += size
	}
}

// badRune reports the characters that cannot be shown and that the
// normalizer drops: C0 and C1 controls other than tab and line breaks, and
// surrogates (which are never characters on their own).
func badRune(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7F && r < 0xA0) ||
		(r >= 0xD800 && r <= 0xDFFF) || r == 0xFFFE || r == 0xFFFF
}

// dropBadRunes removes what badRune reports and U+FFFD, the mark of a
// character that was already lost.
func dropBadRunes(s string) string {
	return strings.Map(func(r rune) rune {
		if badRune(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
}

// CleanMessage makes a finding's message safe to print whatever cell text
// it quotes: invalid UTF-8 becomes U+FFFD and control characters are
// dropped (a quoted cell may hold both; found by FuzzParseSheet).
func CleanMessage(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsFunc(s, badRune) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if badRune(r) {
			return -1
		}
		return r
	}, s)
}

// escapeLen is the length of an _xHHHH_ escape.
const escapeLen = 7

// escapeAt reports whether an _xHHHH_ escape starts at s[i], and the code
// point it names (which may be a surrogate, and so no character).
func escapeAt(s []byte, i int) (rune, bool) {
	if i+escapeLen > len(s) || s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
		return 0, false
	}
	var v rune
	for _, c := range s[i+2 : i+6] {
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// stringText collects the text of one string (a shared string or an
// inline string) as it is read: what textInfo says of it, and its raw
// bytes for value.
type stringText struct {
	textInfo
	raw []byte // escapes undecoded
}

func (t *stringText) reset() { t.textInfo, t.raw = textInfo{}, t.raw[:0] }

func (t *stringText) add(s []byte) {
	t.textInfo.add(s)
	t.raw = append(t.raw, s...)
}

// value is the string's text with its escapes decoded.
func (t *stringText) value() string { return decodeEscapes(t.raw, t.escapes) }

// sharedStrings is what one pass over xl/sharedStrings.xml found, by string
// index: every string's text, and the strings that need attention.
type sharedStrings struct {
	texts []string
	info  map[int]textInfo
}

// sharedStringsPart is where the shared strings are when the workbook's
// relationships name no other part (Excel, LibreOffice and excelize all
// use it).
const sharedStringsPart = "xl/sharedStrings.xml"

// sharedStringsFile finds the shared strings part: the one the workbook's
// relationships name, else the usual one.
func sharedStringsFile(ps parts, info workbookInfo) (*zip.File, string, bool) {
	if info.strings != "" {
		if f, ok := ps.get(info.strings); ok {
			return f, info.strings, true
		}
	}
	f, ok := ps.get(sharedStringsPart)
	return f, sharedStringsPart, ok
}

// scanSharedStrings streams the shared strings part once. It returns a
// *limitError when a string has more escapes than a cell may have
// characters (it is over the limit whatever it decodes to, and decoding it
// would stall the run), and a wrapped XML error when the part is broken (a
// character reference to a control character, &#x1;, is one: Excel never
// writes it, and excelize would silently read no string at all).
func scanSharedStrings(f *zip.File, charsPerCell int) (*sharedStrings, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	s := &stringsScanner{part: f.Name, charsPerCell: charsPerCell, ss: &sharedStrings{info: map[int]textInfo{}}}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return s.ss, nil
		}
		if err != nil {
			return s.ss, &partError{s.part, err}
		}
		if err := s.token(tok); err != nil {
			return s.ss, err
		}
	}
}

// stringsScanner is the state of one scanSharedStrings.
type stringsScanner struct {
	part         string
	charsPerCell int
	ss           *sharedStrings
	cur          stringText
	inSI, inT    bool
	phonetic     int // depth inside <rPh>: furigana is not part of the value
}

func (s *stringsScanner) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		switch t.Name.Local {
		case "si":
			s.inSI = true
			s.cur.reset()
		case "rPh":
			s.phonetic++
		case "t":
			s.inT = s.inSI && s.phonetic == 0
		}
	case xml.CharData:
		if s.inT {
			return s.text(t)
		}
	case xml.EndElement:
		switch t.Name.Local {
		case "t":
			s.inT = false
		case "rPh":
			s.phonetic = max(s.phonetic-1, 0)
		case "si":
			s.endString()
		}
	}
	return nil
}

func (s *stringsScanner) text(t xml.CharData) error {
	s.cur.add(t)
	if s.cur.escapes > s.charsPerCell {
		return &limitError{CodeCellTooLong, fmt.Sprintf(
			"文字列の表（%s）の%d番目の文字列が、1セルの文字数の上限（%d文字）を超える数の特殊文字の符号（_x0001_ など）を含みます（上限は設定の limits.chars_per_cell）",
			s.part, len(s.ss.texts)+1, s.charsPerCell)}
	}
	return nil
}

func (s *stringsScanner) endString() {
	if s.cur.escapes > 0 || s.cur.bad != 0 {
		s.ss.info[len(s.ss.texts)] = s.cur.textInfo
	}
	s.ss.texts = append(s.ss.texts, s.cur.value())
	s.inSI = false
}

// get returns shared string i and what the scan found about it; a string
// that does not exist is empty (excelize reads such a cell as empty too).
func (ss *sharedStrings) get(i int) (string, textInfo) {
	if ss == nil || i < 0 || i >= len(ss.texts) {
		return "", textInfo{}
	}
	return ss.texts[i], ss.info[i]
}

// decodeEscapes turns the text of a string as stored (escapes counts its
// _xHHHH_ sequences, from textInfo) into its value, as excelize's
// bstrUnmarshal does but in one pass: _x005F_ is a literal underscore,
// _xHHHH_ the character U+HHHH, and an escape of a surrogate, which is no
// character, is dropped. Matches do not overlap: "_x005F_x0041_" is
// "_x0041_".
func decodeEscapes(raw []byte, escapes int) string {
	if escapes == 0 {
		return string(raw)
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		if r, ok := escapeAt(raw, i); ok {
			if utf8.ValidRune(r) {
				out = utf8.AppendRune(out, r)
			}
			i += escapeLen
			continue
		}
		out = append(out, raw[i])
		i++
	}
	return string(out)
}

// describeRune names a character for a message: U+0001.
func describeRune(r rune) string {
	return fmt.Sprintf("U+%04X", r)
}
