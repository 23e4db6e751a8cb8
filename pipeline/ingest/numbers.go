package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// This file reads the numbers that identify a goal, an initiative or an
// index row, and splits a number written together with its name
// (「9　財政状況の公表」). NFKC, which every value is read through, folds
// ① into 1 and 1① into 11: an identifier read that way silently would
// place a sheet under another number, so each such reading is said.

// readNumber reads a positive whole number as written in an identifier's
// cell. enclosed is true when the cell is one enclosed numeral (①, ⑴, ⒈,
// ¹), read as its number; a numeral mixed with other characters (1①) is
// unreadable, as it is in a value.
func readNumber(s string) (n int, enclosed, ok bool) {
	if n, ok := normalize.EnclosedNumber(s); ok {
		return n, true, n >= 1
	}
	if normalize.HasFoldedNumeral(s) {
		return 0, false, false
	}
	d, unit, err := normalize.ParseNumber(s)
	if err != nil || unit != "" || strings.Contains(string(d), ".") {
		return 0, false, false
	}
	n, err = strconv.Atoi(string(d))
	if err != nil || n < 1 {
		return 0, false, false
	}
	return n, false, true
}

// noteEnclosed says at pos that an enclosed numeral was read as a number.
func (p *parser) noteEnclosed(pos xlsx.Pos, n int) {
	p.add(model.SeverityInfo, CodeNumberEnclosed, &pos,
		"番号「%s」を %d として読みました（番号は「%d」のように数字で入力してください）", xlsx.Shorten(p.text(pos), 10), n, n)
}

// maxNumberedDigits bounds the number split off a name: initiative and
// goal numbers are small, so a title that starts with a year
// (「2025 大阪・関西万博の推進」) keeps it.
const maxNumberedDigits = 3

// splitNumbered splits a number and a name written in one cell: up to
// three digits (or one enclosed numeral), then white space, 「．」, 「.」 or
// 「、」, then the name. head is the number as written. ok is false for
// anything else; a name may not start with a digit, so that 「1.5倍」 is
// not split.
func splitNumbered(s string) (n int, head, name string, ok bool) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return !isNumeral(r) })
	if i <= 0 || utf8.RuneCountInString(s[:i]) > maxNumberedDigits {
		return 0, "", "", false
	}
	head, rest := s[:i], s[i:]
	switch r, size := utf8.DecodeRuneInString(rest); {
	case r == '．' || r == '.' || r == '、':
		rest = rest[size:]
	case !unicode.IsSpace(r):
		return 0, "", "", false
	}
	name = strings.TrimSpace(rest)
	if first, _ := utf8.DecodeRuneInString(name); name == "" || isNumeral(first) {
		return 0, "", "", false
	}
	n, _, ok = readNumber(head)
	return n, head, name, ok
}

// isNumeral reports a digit in any width, or a character NFKC folds into
// digits (①).
func isNumeral(r rune) bool {
	return r >= '0' && r <= '9' || r >= '０' && r <= '９' || normalize.HasFoldedNumeral(string(r))
}

// shownNumber is a number split off a name as a message shows it: as
// written, and as read when that differs (「①」（1）).
func shownNumber(head string, n int) string {
	if head == strconv.Itoa(n) {
		return "「" + head + "」"
	}
	return fmt.Sprintf("「%s」（%d）", head, n)
}

// headerWords name a number and its name in messages.
type headerWords struct{ number, name string }

var (
	goalWords  = headerWords{"基本目標の番号", "基本目標名"}
	itemWords  = headerWords{"取組番号", "取組項目名"}
	indexWords = headerWords{"取組一覧の番号", "取組一覧の取組項目名"}
)

// numbered is a number and the name after it, as a header row or an
// index row gives them; rest are the cells after the name.
type numbered struct {
	n      int
	name   string
	nameAt *xlsx.Pos // nil without a name
	rest   []xlsx.Pos
}

// numberAndName reads the number in v[0] (with read) and the name in v[1],
// or both from v[0] when it holds them together (「9　財政状況の公表」),
// with an information finding. ok is false when no number can be read;
// the caller reports it at v[0].
func (p *parser) numberAndName(v []xlsx.Pos, w headerWords, read func(xlsx.Pos) (int, bool)) (numbered, bool) {
	if n, ok := read(v[0]); ok {
		h := numbered{n: n, rest: v[1:]}
		if len(v) > 1 {
			h.name, h.nameAt, h.rest = p.nameAfterNumber(v[0], n, v[1], w), &v[1], v[2:]
		}
		return h, true
	}
	n, head, name, ok := splitNumbered(p.text(v[0]))
	if !ok {
		return numbered{}, false
	}
	name = normalize.Text(name)
	p.add(model.SeverityInfo, CodeNumberInName, &v[0],
		"「%s」は番号と名前が一つのセルに入っているため、%s%sと%s「%s」に分けて読みました（番号と名前は別々のセルに入力してください）",
		xlsx.Shorten(p.text(v[0]), 60), w.number, shownNumber(head, n), w.name, xlsx.Shorten(name, 60))
	return numbered{n: n, name: name, nameAt: &v[0], rest: v[1:]}, true
}

// nameAfterNumber reads the name at at, whose number n was read at num. A
// name that starts with a number (「9　財政状況の公表」) is read without
// it: with an information finding when it is n, with an error naming both
// when it is another number, which one of the two cells has wrong.
func (p *parser) nameAfterNumber(num xlsx.Pos, n int, at xlsx.Pos, w headerWords) string {
	s := p.text(at)
	m, head, name, ok := splitNumbered(s)
	if !ok {
		return normalize.Text(s)
	}
	name = normalize.Text(name)
	if m == n {
		p.add(model.SeverityInfo, CodeNumberInName, &at,
			"%s「%s」の先頭の「%s」は%sと同じ番号のため、%s「%s」として読みました（番号は番号のセルだけに入力してください）",
			w.name, xlsx.Shorten(s, 60), head, w.number, w.name, xlsx.Shorten(name, 60))
	} else {
		p.add(model.SeverityError, CodeNumberMismatch, &at,
			"%s「%s」の先頭の番号「%s」が、%s（セル%s）の「%s」と食い違っています。どちらが正しいか確かめてください（%s %d、%s「%s」として読みました）",
			w.name, xlsx.Shorten(s, 60), head, w.number, num.Ref(), xlsx.Shorten(p.text(num), 10), w.number, n, w.name, xlsx.Shorten(name, 60))
	}
	return name
}
