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

// wordedNumber reads a number written with a word around it, as lists
// number their rows and departments their goals: 第5, No.5, 取組9, 9番,
// (6), 基本目標5. An enclosed numeral among the words is no number.
func wordedNumber(s string) (int, bool) {
	if n, ok := entryNumber(s); ok {
		return n, true
	}
	n, _, number, enclosed := goalInCell(s)
	return n, number && !enclosed
}

// noteWorded says at pos that a number written with a word was read.
func (p *parser) noteWorded(pos xlsx.Pos, n int) {
	p.add(model.SeverityInfo, CodeNumberWithWord, &pos,
		"番号「%s」を %d として読みました（番号は「%d」のように数字だけで入力してください）", xlsx.Shorten(p.text(pos), 20), n, n)
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
	n, head, name, _, ok = splitNumberedSep(s)
	return n, head, name, ok
}

// splitNumberedSep is splitNumbered that also returns the separator.
func splitNumberedSep(s string) (n int, head, name string, sep rune, ok bool) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return !isNumeral(r) })
	if i <= 0 || utf8.RuneCountInString(s[:i]) > maxNumberedDigits {
		return 0, "", "", 0, false
	}
	head, rest := s[:i], s[i:]
	sep, size := utf8.DecodeRuneInString(rest)
	switch {
	case sep == '．' || sep == '.' || sep == '、':
		rest = rest[size:]
	case !unicode.IsSpace(sep):
		return 0, "", "", 0, false
	}
	name = strings.TrimSpace(rest)
	if first, _ := utf8.DecodeRuneInString(name); name == "" || isNumeral(first) {
		return 0, "", "", 0, false
	}
	n, _, ok = readNumber(head)
	return n, head, name, sep, ok
}

// explicitSeparator reports a separator that marks a number as a
// numbering of the name after it (「9　」「9．」「9.」「9、」). An ASCII space
// does not: 「5 S運動」「24 時間対応」「2 期目」 are titles that start with
// a number.
func explicitSeparator(r rune) bool {
	return r == '　' || r == '．' || r == '.' || r == '、'
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

// headerWords name a number and its name in messages; a header row's
// also the code of its blank number and how an unreadable one is named.
type headerWords struct{ number, name, missingCode, unreadable string }

var (
	goalWords  = headerWords{"基本目標の番号", "基本目標名", CodeMissingGoal, "基本目標の番号"}
	itemWords  = headerWords{"取組番号", "取組項目名", CodeMissingNumber, "取組項目の番号"}
	indexWords = headerWords{number: "取組一覧の番号", name: "取組一覧の取組項目名"}
)

// numbered is a number and the name after it, as a header row or an
// index row gives them; rest are the cells after the name.
type numbered struct {
	n      int
	name   string
	nameAt *xlsx.Pos // nil without a name
	rest   []xlsx.Pos
}

// numberAndName reads a header row's number, its name and the cells after
// them from the cells v right of the label, in the template's places: the
// number in v[0] (with read), the name in v[1]. A number and its name in
// one cell (「9　財政状況の公表」 in v[0], or in v[1] beside an empty v[0])
// are split with an information finding. ok is false when no number can
// be read; the caller reports it at v[0], which is then empty or
// unreadable, and never takes the number from another cell.
func (p *parser) numberAndName(v []xlsx.Pos, w headerWords, read func(xlsx.Pos) (int, bool)) (numbered, bool) {
	if p.text(v[0]) == "" {
		if len(v) > 1 {
			return p.splitCell(v[1], v[2:], w)
		}
		return numbered{}, false
	}
	if n, ok := read(v[0]); ok {
		h := numbered{n: n, rest: v[1:]}
		if len(v) > 1 {
			h.name, h.nameAt, h.rest = p.nameAfterNumber(v[0], n, v[1], w), &v[1], v[2:]
		}
		return h, true
	}
	rest := v[1:]
	if len(rest) > 0 && p.text(rest[0]) == "" {
		// Both in the number's cell and the name's cell left blank: the
		// cell after it is still the one after the name.
		rest = rest[1:]
	}
	return p.splitCell(v[0], rest, w)
}

// splitCell reads the number and the name written together at at, with
// an information finding; rest are the cells after them.
func (p *parser) splitCell(at xlsx.Pos, rest []xlsx.Pos, w headerWords) (numbered, bool) {
	n, head, name, ok := splitNumbered(p.text(at))
	if !ok {
		return numbered{}, false
	}
	name = normalize.Text(name)
	p.add(model.SeverityInfo, CodeNumberInName, &at,
		"「%s」は番号と名前が一つのセルに入っているため、%s%sと%s「%s」に分けて読みました（番号と名前は別々のセルに入力してください）",
		xlsx.Shorten(p.text(at), 60), w.number, shownNumber(head, n), w.name, xlsx.Shorten(name, 60))
	return numbered{n: n, name: name, nameAt: &at, rest: rest}, true
}

// nameAfterNumber reads the name at at, whose number n was read at num.
// Only a name that starts with n and an explicit separator
// (「9　財政状況の公表」 with 9 in the number cell) is read without it, with
// an information finding: the number cell already holds the number, so
// anything else is the title as written (「5 S運動の推進」). A name that
// starts with another number and an explicit separator is an error naming
// both, which one of the two cells has wrong; the name is kept as written.
func (p *parser) nameAfterNumber(num xlsx.Pos, n int, at xlsx.Pos, w headerWords) string {
	s := p.text(at)
	m, head, name, sep, ok := splitNumberedSep(s)
	if !ok || !explicitSeparator(sep) {
		return normalize.Text(s)
	}
	if m == n {
		name = normalize.Text(name)
		p.add(model.SeverityInfo, CodeNumberInName, &at,
			"%s「%s」の先頭の「%s」は%sと同じ番号のため、%s「%s」として読みました（番号は番号のセルだけに入力してください）",
			w.name, xlsx.Shorten(s, 60), head, w.number, w.name, xlsx.Shorten(name, 60))
		return name
	}
	p.add(model.SeverityError, CodeNumberMismatch, &at,
		"%s「%s」の先頭の番号「%s」が、%s（セル%s）の「%s」と食い違っています。どちらが正しいか確かめてください（%s %d、%s「%s」として読みました）",
		w.name, xlsx.Shorten(s, 60), head, w.number, num.Ref(), xlsx.Shorten(p.text(num), 10), w.number, n, w.name, xlsx.Shorten(normalize.Text(s), 60))
	return normalize.Text(s)
}
