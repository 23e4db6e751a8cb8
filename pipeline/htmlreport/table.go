package htmlreport

import (
	"html/template"
	"strings"

	rd "planreport/pipeline/reportdoc"
)

// tableHTML writes a reportdoc table: its caption, a header row of
// th scope="col", and th scope="row" for the first t.RowHeaders cells of
// each row. Written here rather than by the page template for
// the same reason as chart.SVG (a report of 1,000 sections has 150,000
// cells); every text is escaped with template.HTMLEscapeString, links are
// the page's own anchors (reportdoc's, also escaped).
func tableHTML(t rd.Table) template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	b.WriteString("<table>\n<caption>" + esc(t.Caption) + "</caption>\n<thead><tr>")
	for _, h := range t.Header {
		b.WriteString(`<th scope="col">` + esc(h) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>")
	for _, row := range t.Rows {
		b.WriteString("\n<tr>")
		for i, c := range row {
			if i < t.RowHeaders {
				b.WriteString(`<th scope="row">`)
				writeCell(&b, c)
				b.WriteString("</th>")
				continue
			}
			switch {
			case c.Mark == rd.MarkMismatch:
				b.WriteString(`<td class="mismatch">`)
			case c.Mark == rd.MarkError:
				b.WriteString(`<td class="error">`)
			case numeric(c.Text):
				b.WriteString(`<td class="num">`)
			default:
				b.WriteString("<td>")
			}
			writeCell(&b, c)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("\n</tbody>\n</table>")
	return template.HTML(b.String())
}

// writeCell writes a cell's lines, separated by <br>, as a link when the
// cell has one.
func writeCell(b *strings.Builder, c rd.Cell) {
	if c.Link != "" {
		b.WriteString(`<a href="#` + template.HTMLEscapeString(c.Link) + `">`)
	}
	for i, line := range strings.Split(c.Text, "\n") {
		if i > 0 {
			b.WriteString("<br>")
		}
		b.WriteString(template.HTMLEscapeString(line))
	}
	if c.Link != "" {
		b.WriteString("</a>")
	}
}
