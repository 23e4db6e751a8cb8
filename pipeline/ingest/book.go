package ingest

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// bookResult is what one workbook gave.
type bookResult struct {
	initiatives []*model.Initiative
	indexes     []model.GoalIndex
	findings    []model.Finding
	// rejected is set when the workbook as a whole could not be read.
	rejected *rejection
}

// readBook reads every sheet of an .xlsx already checked by openContainer;
// data is the file, for the formulas to compute (formulas.go).
func readBook(ctx context.Context, name string, zr *zip.Reader, data []byte, lim config.Limits) bookResult {
	var res bookResult
	calc := newBookCalc(data, lim)
	defer calc.close()
	ps := newParts(zr)
	if _, ok := ps.get("[Content_Types].xml"); !ok {
		res.rejected = &rejection{CodeFileNotWorkbook, "zip形式ですがExcelブックではありません（[Content_Types].xml がありません）"}
		return res
	}
	info, err := readWorkbook(ps)
	if err != nil {
		if errors.Is(err, errPartMissing) {
			res.rejected = &rejection{CodeFileNotWorkbook, "zip形式ですがExcelブックではありません（ブックの本体 workbook.xml がありません）"}
		} else {
			res.rejected = &rejection{CodeFileCorrupt, fmt.Sprintf("ブックの構成（workbook.xml）が壊れているため読めません（%v）", err)}
		}
		return res
	}
	if len(info.sheets) > lim.SheetsPerWorkbook {
		res.rejected = &rejection{CodeTooManySheets, fmt.Sprintf("シート数（%d）が上限（%d）を超えています", len(info.sheets), lim.SheetsPerWorkbook)}
		return res
	}
	formats := numberStyles(ps, info.styles)
	var sst *sharedStrings
	if zf, part, ok := sharedStringsFile(ps, info); ok {
		ss, err := scanSharedStrings(zf, lim.CharsPerCell)
		if err != nil {
			var le *limitError
			if errors.As(err, &le) {
				res.rejected = &rejection{le.code, le.msg + "。このファイルは読みません"}
			} else {
				res.rejected = &rejection{CodeStringsMalformed, fmt.Sprintf("ブック内の文字列の表（%s）が壊れているため、このファイルの文字を読めません（%v）。Excelで開けるか確かめ、保存し直して提出してください", part, err)}
			}
			return res
		}
		sst = ss
	}
	if links := externalLinks(ps); len(links) > 0 {
		src := model.Source{File: name}
		res.findings = append(res.findings, model.Finding{Severity: model.SeverityWarning, Code: CodeExternalLink, Source: src,
			Message: fmt.Sprintf("他のファイルへのリンク（%s）がありますが、リンク先は開きません。リンクを使う数式には、ファイルに保存された値を使います（古い可能性があります）", strings.Join(links, "、"))})
	}

	// One token scan per worksheet reads its values, stopping at the first
	// problem, so that a sheet over a limit (a million rows) or broken
	// costs no more than the scan and is never read in part.
	memo := labelMemo{} // captions repeat on every sheet
	for _, sp := range info.sheets {
		if ctx.Err() != nil {
			return res
		}
		src := model.Source{File: name, Sheet: sp.name}
		add := func(sev model.Severity, code, msg string) {
			res.findings = append(res.findings, model.Finding{Severity: sev, Code: code, Source: src, Message: cleanMessage(msg)}) // an XML error may quote invalid UTF-8
		}
		if sp.kind != "" && sp.kind != "worksheet" {
			add(model.SeverityInfo, CodeSheetNotWorksheet, "グラフなどのシートで表ではないため、読み飛ばしました")
			continue
		}
		zf, ok := ps.get(sp.part)
		if !ok {
			add(model.SeverityError, CodeSheetMalformed, "シートの本体がブックの中に見つからないため読めません。保存し直してください")
			continue
		}
		sc, rej := scanPart(zf, formats, sst, lim)
		if rej != nil {
			add(model.SeverityError, rej.code, rej.msg)
			continue
		}
		g, finding := readSheet(src, sc, lim)
		if finding != nil {
			add(model.SeverityError, finding.code, finding.msg)
			continue
		}
		g.grid.calc = calc.sheet(sp.name)
		sr := parseSheet(src, g.grid, memo)
		res.findings = append(res.findings, g.findings...)
		res.findings = append(res.findings, sr.findings...)
		hidden := sp.state == "hidden" || sp.state == "veryHidden"
		if hidden && sr.kind != sheetOther {
			// Read, so that nothing is lost; the check stage prefers a
			// visible sheet of the same initiative (a hidden one is often
			// an old copy) and warns when the report uses a hidden one.
			add(model.SeverityInfo, CodeSheetHidden, "非表示のシートですが、内容を読みました")
		}
		if sr.initiative != nil {
			sr.initiative.SheetHidden = hidden
			res.initiatives = append(res.initiatives, sr.initiative)
		}
		if sr.index != nil {
			res.indexes = append(res.indexes, *sr.index)
		}
	}
	return res
}

// scanPart runs scanSheet and turns what stops it into a rejection of the
// sheet.
func scanPart(zf *zip.File, formats numberFormats, sst *sharedStrings, lim config.Limits) (*sheetScan, *rejection) {
	sc, err := scanSheet(zf, scanInput{formats: formats, strings: sst,
		maxRows: lim.RowsPerSheet, maxCells: lim.CellsPerSheet, charsPerCell: lim.CharsPerCell})
	if err != nil {
		var le *limitError
		if errors.As(err, &le) {
			return nil, &rejection{le.code, le.msg + "。このシートは読みません"}
		}
		return nil, &rejection{CodeSheetMalformed, fmt.Sprintf("シートのデータ（XML）が壊れているため、このシートは読みません（途中までの読み込みもしません）: %v", err)}
	}
	return sc, nil
}

// externalLinks lists the targets of the workbook's links to other files
// (xl/externalLinks/*), in part order, each cut short for a message. They
// are only named: nothing is ever opened or fetched.
func externalLinks(ps parts) []string {
	var names []string
	for _, name := range ps.names() {
		if strings.HasPrefix(name, "xl/externalLinks/") && strings.HasSuffix(name, ".xml") && !strings.Contains(name, "_rels/") {
			names = append(names, name)
		}
	}
	var out []string
	for _, name := range names {
		target := path.Base(name)
		var rels xmlRels
		if err := ps.decode(relsPath(name), &rels); err == nil {
			for _, r := range rels.Rels {
				if r.Target != "" {
					target = r.Target
					break
				}
			}
		}
		out = append(out, "「"+shorten(target, 80)+"」")
		if len(out) == 3 && len(names) > 3 {
			out = append(out, fmt.Sprintf("ほか%d件", len(names)-3))
			break
		}
	}
	return out
}

// shorten cuts s to at most n runes for a message, marking the cut, and
// drops characters that cannot be shown.
func shorten(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if badRune(r) || r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// sheetGrid is a sheet read into a grid, with the findings made while
// reading it (long cells).
type sheetGrid struct {
	grid     *grid
	findings []model.Finding
}

// readSheet builds the grid of a worksheet from the values scanSheet read,
// checking each cell. A returned rejection means the sheet is left out,
// never read in part.
func readSheet(src model.Source, sc *sheetScan, lim config.Limits) (sheetGrid, *rejection) {
	var out sheetGrid
	addAt := func(sev model.Severity, code string, p cellPos, format string, args ...any) {
		at := src.At(p.ref())
		out.findings = append(out.findings, model.Finding{Severity: sev, Code: code, Source: at,
			Message: cleanMessage(fmt.Sprintf(format, args...))})
	}
	cells := sc.values
	exact := map[cellPos]string{}
	var hiddenValue *cellPos // the first value in a hidden row or column
	for r, row := range cells {
		for c, s := range row {
			p := cellPos{r, c}
			if s == "" {
				continue
			}
			if sc.hidden(p) {
				// Read as people see the sheet: a hidden row or column
				// (an old year, an abandoned indicator) is not printed
				// and not reported.
				if hiddenValue == nil {
					hiddenValue = &cellPos{r, c}
				}
				row[c] = ""
				continue
			}
			if n := utf8.RuneCountInString(s); n > lim.CharsPerCell {
				addAt(model.SeverityError, CodeCellTooLong, p, "文字数（%d）が上限（%d）を超えるため、このセルは空として扱います", n, lim.CharsPerCell)
				row[c] = ""
				continue
			}
			flags := sc.flags[p]
			if flags&flagNumber != 0 {
				row[c] = excelNumber(s)
				if d, ok := sc.percents[p]; ok {
					row[c], exact[p] = percentTexts(row[c], d)
				}
				continue
			}
			if bad, ok := sc.badText[p]; ok {
				addAt(model.SeverityWarning, CodeTextControl, p, "表示できない制御文字などの文字（%s）を含むため、その文字を取り除いて読みました", describeRune(bad))
				row[c] = dropBadRunes(s)
				s = row[c]
			}
			if flags&flagFormula == 0 && looksLikeFormula(s) {
				addAt(model.SeverityInfo, CodeTextFormulaLike, p, "「%s」は数式のように見えますが、文字として読みました（計算も実行もしません。出力にも文字のまま書きます）", shorten(s, 40))
			}
		}
	}
	g, ok := newGrid(cells, sc.merges, sc.flags, lim.CellsPerSheet)
	if !ok {
		return out, &rejection{CodeSheetTooManyCells, fmt.Sprintf("結合セルの範囲が大きすぎます（セル数の上限%d）。このシートは読みません", lim.CellsPerSheet)}
	}
	g.formulas = sc.formulas
	g.exactPercents = exact
	if hiddenValue != nil {
		addAt(model.SeverityWarning, CodeHiddenCells, *hiddenValue,
			"非表示の行または列に値があります（セル%sなど）。印刷されない値のため読みませんでした。使う値なら表示してください", hiddenValue.ref())
	}
	if sc.dimension != "" {
		out.findings = append(out.findings, model.Finding{Severity: model.SeverityInfo, Code: CodeDimensionIgnored, Source: src,
			Message: fmt.Sprintf("シートに記録された使用範囲「%s」は上限（%d行・%dセル）を超えていますが、実際のセルは上限内のため、記録は使わずにセルだけを読みました",
				shorten(sc.dimension, 40), lim.RowsPerSheet, lim.CellsPerSheet)})
	}
	out.grid = g
	return out, nil
}

// looksLikeFormula reports text that a spreadsheet or a CSV import would
// take for a formula: starting with = or @, or with + or - followed by
// something that is not a number ("+cmd|…", "-2+3+cmd|…"). A bullet such
// as "- 項目" or "-項目" and a negative number "-5" do not count.
func looksLikeFormula(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n\u3000")
	if len(t) < 2 {
		return false
	}
	switch t[0] {
	case '=', '@':
		return true
	case '+', '-':
		if c := t[1]; c >= utf8.RuneSelf || c == ' ' {
			return false
		}
		_, _, err := normalize.ParseValue(t)
		return err != nil
	}
	return false
}

// excelNumber turns the raw text of a numeric cell into the number Excel
// shows: Excel stores binary doubles with up to 17 digits
// ("372.99999999999994", "1.57E2", "1E-4") but computes and displays 15
// significant digits, so the value typed as 373 is read as 373. Text that
// is not a float is left for the normalizer to report.
func excelNumber(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return s
	}
	g, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(g, 'f', -1, 64)
}

// percentTexts returns how Excel shows the number s (excelNumber's text)
// in a percentage format with decimals places, and the percentage it holds.
// Shown: multiplied by 100, rounded half away from zero, with a % sign:
// 0.420911 with 0.0% is "42.1%". The sheet is read as people see it, like a
// typed "42.1%", so that a 達成率 computed by a formula (=E14/E13) and
// formatted as a percentage reads as the rate it shows, not as the fraction
// 0.420911. Exact: not rounded (0.535 is "53.5%"): targets and actuals are
// computed with what the cell holds, as Excel does. Text that is not a
// number is returned as it is, twice.
func percentTexts(s string, decimals int) (shown, exact string) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return s, s
	}
	r.Mul(r, big.NewRat(100, 1))
	exact = string(model.DecimalFromRat(r)) + "%"
	// FloatString rounds half away from zero, as Excel shows; a value
	// that rounds to zero is shown without a sign.
	shown = r.FloatString(decimals)
	if strings.Trim(shown, "-0.") == "" {
		shown = strings.TrimPrefix(shown, "-")
	}
	return shown + "%", exact
}
