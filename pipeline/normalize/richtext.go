package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"planreport/pipeline/model"
)

// ParseRichText turns a text cell into paragraphs and bullet items. Sheets
// exported from the city's web system hold HTML fragments (<p>, <ul>, <li>,
// <br>, often unclosed); hand-typed ones use ・ at the start of a line or
// after a space. No tag, attribute or entity survives: the result is plain
// text for the report.
//
// Rules: a <p> or a line outside a list is a paragraph; <li> is a bullet;
// inside <ul>/<ol> every line is a bullet, and a line without ・ or breaks
// is split at spaces between Japanese words (the web export lost the line
// breaks); ・ at the start of a line or after white space starts a bullet
// anywhere, while a ・ between two words (みやぎ生協・山下地区) is text.
func ParseRichText(s string) []model.Block {
	if !strings.ContainsRune(s, '<') {
		return splitLines(s, false)
	}
	var blocks []model.Block
	var cur strings.Builder
	listDepth := 0
	inItem := false
	skipping := false // inside <script> or <style>: not text
	flush := func() {
		text := cur.String()
		cur.Reset()
		if inItem {
			if t := Text(text); t != "" {
				blocks = append(blocks, model.Block{Kind: model.Bullet, Text: strings.TrimSpace(strings.TrimPrefix(t, "・"))})
			}
			return
		}
		blocks = append(blocks, splitLines(text, listDepth > 0)...)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return blocks
		case html.TextToken:
			if !skipping {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skipping = tt == html.StartTagToken
			case "p", "div":
				flush()
			case "br":
				cur.WriteByte('\n')
			case "ul", "ol":
				flush()
				inItem = false
				if tt == html.StartTagToken {
					listDepth++
				} else if listDepth > 0 {
					listDepth--
				}
			case "li":
				flush()
				inItem = tt == html.StartTagToken
			}
		}
	}
}

// splitLines splits plain text into blocks: each line a paragraph (a bullet
// in a list or when it starts with ・), and ・ after white space starting a
// new bullet.
func splitLines(s string, inList bool) []model.Block {
	var out []model.Block
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		for _, item := range splitBullets(line) {
			bullet := strings.HasPrefix(item, "・")
			text := Text(strings.TrimPrefix(item, "・"))
			if text == "" {
				continue
			}
			switch {
			case bullet:
				out = append(out, model.Block{Kind: model.Bullet, Text: text})
			case inList:
				for _, w := range splitJapaneseSpaces(text) {
					out = append(out, model.Block{Kind: model.Bullet, Text: w})
				}
			default:
				out = append(out, model.Block{Kind: model.Paragraph, Text: text})
			}
		}
	}
	return out
}

// splitBullets cuts a line before each ・ that starts it or follows white
// space (an ASCII or an ideographic space).
func splitBullets(line string) []string {
	var parts []string
	start := 0
	prevSpace := true
	for i, r := range line {
		if r == '・' && prevSpace && i > start {
			parts = append(parts, line[start:i])
			start = i
		}
		prevSpace = unicode.IsSpace(r)
	}
	parts = append(parts, line[start:])
	out := parts[:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

// splitJapaneseSpaces splits at a space whose neighbours are both non-ASCII
// (two Japanese phrases), and keeps spaces inside Latin text ("ICT 戦略" is
// kept whole only if an ASCII character touches the space).
func splitJapaneseSpaces(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' || i == 0 || i == len(s)-1 {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+1:])
		if before > unicode.MaxASCII && after > unicode.MaxASCII && !strings.ContainsRune("（(", after) {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
