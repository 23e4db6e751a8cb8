package ingest

import (
	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
)

// parseResults reads block (5): per fiscal year (usually merged down two
// rows) a 取組実績 row and a 今後の課題 row.
func (p *parser) parseResults(b *block) []model.ResultYear {
	isKind := func(s string) bool { k := p.classify(s); return k == lblResults || k == lblIssues }
	kindCol, ok := p.mostCommonColumn(b.start, b.end, b.label.Col+1, xlsx.MaxColumns, isKind)
	if !ok {
		if t := p.textCells(b.start, b.end, b.label.Col+1, b.label); !t.IsEmpty() {
			at := b.label
			p.add(model.SeverityError, CodeResultKindMissing, &at, "「%s」に「取組実績」「今後の課題」の欄が見つかりません", blockNames[4])
		}
		return nil
	}
	yearCol, hasYearCol := p.mostCommonColumn(b.start, b.end, b.label.Col+1, kindCol, isYear)
	var out []model.ResultYear
	index := map[int]int{}
	prevYear, prevKind := -1, lblNone // row of the year the previous kind row used
	for r := b.start; r < b.end; r++ {
		k := p.classify(p.g.At(r, kindCol))
		if k != lblResults && k != lblIssues {
			prevYear = -1
			continue
		}
		text := p.textCells(r, r+1, kindCol+1, xlsx.Pos{Row: r, Col: kindCol + 1})
		yearRow := r
		if !hasYearCol || p.g.At(r, yearCol) == "" {
			// Without merges the year is often written only on the
			// 取組実績 row; the 今後の課題 row right below shares it.
			if prevYear >= 0 && prevKind == lblResults && k == lblIssues {
				yearRow = prevYear
			} else {
				if !text.IsEmpty() {
					at := xlsx.Pos{Row: r, Col: max(kindCol-1, 0)}
					p.add(model.SeverityError, CodeYearMissing, &at, "取組実績・今後の課題に年度が入力されていません")
				}
				prevYear = -1
				continue
			}
		}
		prevYear, prevKind = yearRow, k
		y, ok := p.fiscalYear(xlsx.Pos{Row: yearRow, Col: yearCol})
		if !ok {
			continue
		}
		out = addResult(out, index, y, k, text)
	}
	return out
}

// addResult sets the 取組実績 or 今後の課題 text of year y, adding the year
// to out (index maps years to their place in it) on its first row.
func addResult(out []model.ResultYear, index map[int]int, y model.FiscalYear, k label, text model.RichText) []model.ResultYear {
	i, seen := index[y.Year]
	if !seen {
		i = len(out)
		index[y.Year] = i
		out = append(out, model.ResultYear{Year: y})
	}
	if k == lblResults {
		out[i].Results = text
	} else {
		out[i].Issues = text
	}
	return out
}
