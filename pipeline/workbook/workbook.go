// Package workbook writes summary.xlsx, the batch as a spreadsheet for
// people and for machines:
//
//	概要          roll-ups by department (and basic goal, when more than one) × fiscal year, and 全体, with a bar chart of the mean rates
//	取組一覧      one row per initiative: latest year's roll-up, each indicator's rate, link to 指標一覧
//	指標一覧      one row per indicator, fiscal years across (目標値, 実績値, 達成率, 記載達成率, 判定)
//	データ        the tidy sheet: one row per indicator × fiscal year with a target or an actual
//	検証結果      every finding
//	入力ファイル  every input file with its status and SHA-256
//	変更点        every change since the previous report (区分, 基本目標, 取組, 指標, 年度, 項目, 前回, 今回, ファイル, シート, セル)
//
// For example the indicator コミュニティづくり支援補助事業申請件数 of 平成27年度 (目標値 373,
// 実績値 157, 達成率 written 42.0) becomes this row of データ:
//
//	復興政策部.xlsx | 取組1 | 5 | 1 | 市民との協働の推進 | 復興政策部 | 地域協働課 | コミュニティづくり支援補助事業申請件数 |
//	件数 | 高いほど良い | 2015 | 平成27年度 | 373 | 157 | 42.1 | 42.0 | D
//
// where 2015, 373, 157, 42.1 and 42.0 are numeric cells and 42.0 is
// highlighted because the sheet's 達成率 disagrees with the computed one.
//
// Every table sheet has its header in row 1, frozen, filtered and repeated
// on printed pages (A4, one page wide). Text read from the inputs is always
// written as text, never as a formula. The same batch gives the same bytes:
// the archive is written by orderedZip, and the only date in the file is
// the batch's report date.
package workbook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/config"
	"planreport/pipeline/model"
	"planreport/pipeline/reportdoc"
	"planreport/pipeline/status"
)

// Options are the settings of the workbook.
type Options struct {
	// Title is the report title: the workbook's title property and the
	// left side of every printed page header. Empty means
	// config.DefaultTitle.
	Title string
}

// creator is the author property of the workbook.
const creator = "planreport"

// Write writes summary.xlsx for b (already checked and rated) to w. Same
// batch → identical bytes. b is only read. Write fails when b.ReportDate is
// not YYYY-MM-DD (it dates the document properties and the archive
// entries), when ctx is cancelled, or when w fails; nothing is written to w
// before the whole workbook was built.
func Write(ctx context.Context, w io.Writer, b *model.Batch, opt Options) error {
	if w == nil {
		return errors.New("集計ブック（summary.xlsx）: 書き込み先がありません")
	}
	data, err := Bytes(ctx, b, opt)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("集計ブック（summary.xlsx）を書き出せません: %w", err)
	}
	return nil
}

// Bytes is Write into memory: the bytes excelize made, not a copy of them
// (the workbook of 10,000 sheets is 25 MB, made beside the PDFs).
func Bytes(ctx context.Context, b *model.Batch, opt Options) ([]byte, error) {
	if b == nil {
		return nil, errors.New("集計ブック（summary.xlsx）: バッチがありません")
	}
	date, err := time.Parse(time.DateOnly, b.ReportDate)
	if err != nil {
		return nil, fmt.Errorf("集計ブック（summary.xlsx）: 報告日「%s」が YYYY-MM-DD の形ではありません: %w", b.ReportDate, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(opt.Title) == "" {
		opt.Title = config.DefaultTitle
	}

	f := excelize.NewFile()
	defer f.Close()
	rows := &rowStore{}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newOrderedZip(w, date) })

	if err := build(ctx, f, b, opt, date, rows); err != nil {
		return nil, fmt.Errorf("集計ブック（summary.xlsx）: %w", err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("集計ブック（summary.xlsx）を書き出せません: %w", err)
	}
	return buf.Bytes(), nil
}

func build(ctx context.Context, f *excelize.File, b *model.Batch, opt Options, date time.Time, rows *rowStore) error {
	if err := f.SetSheetName(f.GetSheetName(0), sheetOrder[0]); err != nil {
		return fmt.Errorf("シート「%s」: %w", sheetOrder[0], err)
	}
	for _, name := range sheetOrder[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("シート「%s」: %w", name, err)
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}

	v := newView(b)
	v.rows = rows
	// Whether 概要 has rows per basic goal is the rule of the report's 総括.
	v.manyGoals = reportdoc.ManyGoals(b.Initiatives)
	indicators, firstRow, err := indicatorTable(ctx, v, st)
	if err != nil {
		return err
	}
	data, err := dataTable(ctx, v, st)
	if err != nil {
		return err
	}
	tables := []*table{
		overviewTable(v, st),
		statusTable(status.Compute(b), st),
		initiativeTable(v, st, firstRow),
		indicators,
		data,
		findingTable(v, st),
		fileTable(v, st),
		changeTable(v, st),
	}
	for _, t := range tables {
		if err := t.write(ctx, f, st, opt.Title, rows); err != nil {
			return fmt.Errorf("シート「%s」: %w", t.sheet, err)
		}
	}
	// 概要 is the active sheet of a new file already. SetActiveSheet here
	// would re-parse and re-encode every flushed stream sheet (3 s for
	// 10,000 rows).

	// W3CDTF as Excel writes it; the report date is a date, so midnight UTC.
	stamp := date.Format(time.DateOnly) + "T00:00:00Z"
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          opt.Title,
		Subject:        "行財政運営プラン 取組管理シート 集計",
		Creator:        creator,
		LastModifiedBy: creator,
		Created:        stamp,
		Modified:       stamp,
		Language:       "ja-JP",
	}); err != nil {
		return fmt.Errorf("文書のプロパティ: %w", err)
	}
	slog.DebugContext(ctx, "summary workbook built",
		"initiatives", len(v.initiatives), "data_rows", data.dataRows(),
		"indicator_rows", indicators.dataRows(), "findings", len(v.findings), "files", len(v.files))
	return nil
}
