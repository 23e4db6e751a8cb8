package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
)

// bookResult is what one workbook gave.
type bookResult struct {
	initiatives []*model.Initiative
	indexes     []model.GoalIndex
	findings    []model.Finding
	// rejected is set when the workbook as a whole could not be read.
	rejected *rejection
}

// readBook reads every sheet of an .xlsx already checked by openContainer.
func readBook(ctx context.Context, name string, data []byte, zr *zip.Reader, lim config.Limits) bookResult {
	var res bookResult
	ps := newParts(zr)
	if _, ok := ps["[Content_Types].xml"]; !ok {
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
	dates := dateStyles(ps, info.styles)

	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:   true,
		UnzipSizeLimit: lim.UnzippedBytes,
	})
	if err != nil {
		res.rejected = openError(err)
		return res
	}
	defer f.Close()
	known := map[string]bool{}
	for _, s := range f.GetSheetList() {
		known[s] = true
	}

	for _, sp := range info.sheets {
		if ctx.Err() != nil {
			return res
		}
		src := model.Source{File: name, Sheet: sp.name}
		add := func(sev model.Severity, code, msg string) {
			res.findings = append(res.findings, model.Finding{Severity: sev, Code: code, Source: src, Message: msg})
		}
		if sp.kind != "" && sp.kind != "worksheet" {
			add(model.SeverityInfo, CodeSheetNotWorksheet, "グラフなどのシートで表ではないため、読み飛ばしました")
			continue
		}
		zf, ok := ps[sp.part]
		if !ok || !known[sp.name] {
			add(model.SeverityError, CodeSheetMalformed, "シートの本体がブックの中に見つからないため読めません。保存し直してください")
			continue
		}
		g, finding := readSheet(f, src, zf, dates, lim)
		if finding != nil {
			add(model.SeverityError, finding.code, finding.msg)
			continue
		}
		sr := parseSheet(src, g.grid)
		res.findings = append(res.findings, g.findings...)
		res.findings = append(res.findings, sr.findings...)
		if sp.state == "hidden" || sp.state == "veryHidden" {
			if sr.kind != sheetOther {
				add(model.SeverityInfo, CodeSheetHidden, "非表示のシートですが、内容を読みました")
			}
		}
		if sr.initiative != nil {
			res.initiatives = append(res.initiatives, sr.initiative)
		}
		if sr.index != nil {
			res.indexes = append(res.indexes, *sr.index)
		}
	}
	return res
}

// openError tells what excelize could not open (LIBRARY-NOTES: plain
// errors, matched by type or text).
func openError(err error) *rejection {
	var corrupt flate.CorruptInputError
	switch {
	case strings.Contains(err.Error(), "unzip size"):
		return &rejection{CodeZipBomb, "展開後の大きさが上限を超えるため、除外しました"}
	case errors.Is(err, excelize.ErrWorkbookFileFormat):
		return &rejection{CodeFileXLS, "Excelブック（.xlsx）の形式ではありません。Excelで開き「Excel ブック (*.xlsx)」として保存し直してください"}
	case errors.As(err, &corrupt), errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum):
		return &rejection{CodeFileCorrupt, fmt.Sprintf("ファイルの中身が壊れているため読めません（%v）。保存し直して提出してください", err)}
	}
	return &rejection{CodeFileCorrupt, fmt.Sprintf("ブックを開けません（%v）。Excelで開けるか確かめ、保存し直して提出してください", err)}
}

// sheetGrid is a sheet read into a grid, with the findings made while
// reading it (long cells).
type sheetGrid struct {
	grid     *grid
	findings []model.Finding
}

// readSheet reads one worksheet: first one token pass over its XML (merges,
// formulas, dates, well-formedness, limits — stopping at the first problem),
// then the values through excelize's Rows iterator. A returned rejection
// means the sheet is left out, never read in part.
func readSheet(f *excelize.File, src model.Source, zf *zip.File, dates map[int]bool, lim config.Limits) (sheetGrid, *rejection) {
	var out sheetGrid
	sc, err := scanSheet(zf, dates, lim.RowsPerSheet, lim.CellsPerSheet)
	if err != nil {
		var le *limitError
		if errors.As(err, &le) {
			return out, &rejection{le.code, le.msg + "。このシートは読みません"}
		}
		return out, &rejection{CodeSheetMalformed, fmt.Sprintf("シートのデータ（XML）が壊れているため、このシートは読みません（途中までの読み込みもしません）: %v", err)}
	}
	rows, err := f.Rows(src.Sheet)
	if err != nil {
		return out, &rejection{CodeSheetMalformed, fmt.Sprintf("シートを読めません: %v", err)}
	}
	defer rows.Close()
	var cells [][]string
	for rows.Next() {
		row, err := rows.Columns()
		if err != nil {
			return out, &rejection{CodeSheetMalformed, fmt.Sprintf("シートのデータ（XML）が壊れているため、このシートは読みません: %v", err)}
		}
		r := len(cells)
		if r >= lim.RowsPerSheet {
			return out, &rejection{CodeSheetTooManyRows, fmt.Sprintf("行数が上限（%d行）を超えています。このシートは読みません", lim.RowsPerSheet)}
		}
		for c, s := range row {
			if n := utf8.RuneCountInString(s); n > lim.CharsPerCell {
				at := src.At(cellPos{r, c}.ref())
				out.findings = append(out.findings, model.Finding{
					Severity: model.SeverityError, Code: CodeCellTooLong, Source: at,
					Message: fmt.Sprintf("文字数（%d）が上限（%d）を超えるため、このセルは空として扱います", n, lim.CharsPerCell),
				})
				row[c] = ""
			}
			if sc.flags[cellPos{r, c}]&flagNumber != 0 {
				row[c] = excelNumber(row[c])
			}
		}
		cells = append(cells, row)
	}
	if err := rows.Error(); err != nil {
		return out, &rejection{CodeSheetMalformed, fmt.Sprintf("シートを最後まで読めません: %v", err)}
	}
	// The scan saw every row; excelize must have returned as many. Fewer
	// means its decoder stopped early without saying so.
	if sc.lastRow >= len(cells) {
		return out, &rejection{CodeSheetMalformed, fmt.Sprintf("シートの%d行目以降を読めません（データが壊れています）。このシートは読みません", len(cells)+1)}
	}
	g, ok := newGrid(cells, sc.merges, sc.flags, lim.CellsPerSheet)
	if !ok {
		return out, &rejection{CodeSheetTooManyCells, fmt.Sprintf("結合セルの範囲が大きすぎます（セル数の上限%d）。このシートは読みません", lim.CellsPerSheet)}
	}
	out.grid = g
	return out, nil
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
