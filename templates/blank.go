package templates

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// BlankFileName is the default file name of `planreport template`.
const BlankFileName = "行財政運営プラン取組管理シート.xlsx"

// BlankSheetName is the worksheet name of the blank management sheet.
const BlankSheetName = "取組管理シート"

// BlankIndicatorSlots is the number of empty indicator slots of the blank
// sheet (the seed's sheets all have three).
const BlankIndicatorSlots = 3

// NextPlan is the next plan period, 令和3〜7年度, as Western fiscal years.
const (
	NextPlanFirst = 2021
	NextPlanLast  = 2025
)

// MaxPlanYears bounds the plan period of a blank sheet (the layout grows a
// column per year; a longer period is a typing mistake).
const MaxPlanYears = 12

// Blank returns the blank management sheet for the plan period first..last
// (Western fiscal years, inclusive): labels, the fiscal years of blocks (2),
// (3) and (5), the first half of the years as 前期 and the rest as 後期,
// and BlankIndicatorSlots empty indicators.
func Blank(first, last int) (Sheet, error) {
	if last < first {
		return Sheet{}, fmt.Errorf("計画期間の終わり（%s）が始め（%s）より前です", FiscalYearLabel(last), FiscalYearLabel(first))
	}
	if n := last - first + 1; n > MaxPlanYears {
		return Sheet{}, fmt.Errorf("計画期間が%d年あります（%d年まで）", n, MaxPlanYears)
	}
	n := last - first + 1
	s := Sheet{Name: BlankSheetName}
	for i := range n {
		label := FiscalYearLabel(first + i)
		phase := PhaseFirst
		if i >= (n+1)/2 {
			phase = PhaseSecond
		}
		if n == 1 {
			phase = ""
		}
		s.Plans = append(s.Plans, Plan{Phase: phase, Year: label})
		s.Years = append(s.Years, label)
		s.Results = append(s.Results, Result{Year: label})
	}
	s.Indicators = make([]Indicator, BlankIndicatorSlots)
	s.DirectionColumn = true
	return s, nil
}

// BlankWorkbook builds the workbook `planreport template` writes: the blank
// sheet with drop-downs offering 実施/未実施 on the 目標値 and 実績値 cells
// (any other value, such as a number, is still accepted), and the sheet
// 記入方法 explaining how to fill it in.
func BlankWorkbook(first, last int) (*excelize.File, error) {
	s, err := Blank(first, last)
	if err != nil {
		return nil, err
	}
	f, layouts, err := Build(Workbook{File: BlankFileName, Sheets: []Sheet{s}})
	if err != nil {
		return nil, err
	}
	l := layouts[0]
	lastYear := FirstYearColumn + len(s.Years) - 1
	for i := range s.Indicators {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s:%s", l.TargetCell(i, 0), cellName(lastYear, l.IndicatorRows[i]+1)))
		if err := dv.SetDropList([]string{ValueDone, ValueNotDone}); err != nil {
			f.Close()
			return nil, fmt.Errorf("入力規則を作れません: %w", err)
		}
		// No error style: a number typed into the cell is as valid as 実施.
		dv.ShowErrorMessage = false
		dv.SetInput("目標値・実績値", "数値は単位を付けずに入力します。定性的な指標は「実施」「未実施」、目標がない年度は「—」。")
		if err := f.AddDataValidation(s.Name, dv); err != nil {
			f.Close()
			return nil, fmt.Errorf("入力規則を設定できません: %w", err)
		}
	}
	if err := addDirectionLists(f, s.Name, l); err != nil {
		f.Close()
		return nil, err
	}
	if err := writeHowTo(f, first, last); err != nil {
		f.Close()
		return nil, err
	}
	f.SetActiveSheet(0)
	return f, nil
}

// BlankBytes returns the bytes of BlankWorkbook, deterministic for a period.
func BlankBytes(first, last int) ([]byte, error) {
	f, err := BlankWorkbook(first, last)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if err := Encode(&buf, f, "行財政運営プラン取組管理シート（記入用）"); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// howTo is the text of the 記入方法 sheet: a heading (true) or a line.
func howTo(first, last int) []struct {
	heading bool
	text    string
} {
	type line = struct {
		heading bool
		text    string
	}
	period := FiscalYearLabel(first) + "〜" + FiscalYearLabel(last)
	return []line{
		{true, "行財政運営プラン取組管理シートの記入方法"},
		{false, "計画期間: " + period},
		{true, "1. シートの作り方"},
		{false, "・取組項目1つにつき1枚のシートに記入します。取組が複数あるときは「取組管理シート」をコピーし、シート名を「取組1」「取組2」のように付けてください。"},
		{false, "・1つのブックに同じ部の複数の取組を入れて構いません。ブックはそのまま企画政策課へ提出してください。"},
		{true, "2. 変えてはいけないところ"},
		{false, "・色の付いた見出しのセル（「行財政運営プラン取組管理シート」「担当部名」「(1) 取組概要」「(3) 目標指標」「目標値」「実績値」「達成率」「取組実績」「今後の課題」など）の文字は変更しないでください。集計プログラムは見出しの文字で欄を探します。"},
		{false, "・年度の列や行を削除・並べ替えしないでください。"},
		{true, "3. 見出し欄"},
		{false, "・「担当部名」の右（F1）に担当部の名前を、左（D1）に部の番号を記入します。「担当課名」も同じく、右（F2）に課の名前、左（D2）に課の番号です。"},
		{false, "・「基本目標」の右には、基本目標の番号（B2）と略称（C2）を別々のセルに記入します（例: B2 に「5」、C2 に「市民と協働」）。"},
		{false, "・「取組項目名」の右には、取組番号（B3）、取組項目名（C3）、課内の番号（D3）を記入します。"},
		{true, "4. 目標指標（目標値・実績値・達成率）"},
		{false, "・数値は単位を付けずに半角数字で入力してください（例: 1472、42.5）。「件」「回」「%」などの単位は「単位」欄に一度だけ書きます。"},
		{false, "・数値で測らない指標は「実施」または「未実施」を入力します。セルを選ぶと一覧から選べます。"},
		{false, "・目標を立てない年度は「—」を入力してください。空欄は未記入として扱われます。"},
		{false, "・達成率は 実績値 ÷ 目標値 × 100 を小数第1位まで記入します（消防団の班の数のように少ないほど良い指標は 目標値 ÷ 実績値 × 100）。集計時に計算し直して照合します。"},
		{false, "・「評価方向」欄には、値が高いほど良い指標は「高いほど良い」、待ち時間や事故件数のように低いほど良い指標は「低いほど良い」を選びます（セルを選ぶと一覧から選べます）。空欄の指標は「高いほど良い」として計算します。達成率は「高いほど良い」なら 実績値 ÷ 目標値、「低いほど良い」なら 目標値 ÷ 実績値 で計算します。"},
		{false, "・企画担当課が集計の設定で評価方向を登録した指標は、設定が優先されます（シートと食い違うときは確認の警告が出ます）。"},
		{false, "・指標は1枠3行（目標値・実績値・達成率）です。使わない枠は空欄のままにします。枠が足りないときは3行単位で行を挿入し、同じ形で記入してください。"},
		{true, "5. 文章欄"},
		{false, "・(1) 取組概要、(2) 年度別取組内容、(4) 現状・背景、(5) 取組・成果・課題 は自由に記入できます。箇条書きは行頭に「・」を付けてください。"},
		{false, "・(5) は年度ごとに「取組実績」と「今後の課題」の2行です。"},
	}
}

func writeHowTo(f *excelize.File, first, last int) error {
	name := HowToSheetName
	if _, err := f.NewSheet(name); err != nil {
		return fmt.Errorf("シート「%s」を作れません: %w", name, err)
	}
	heading, err := f.NewStyle(&excelize.Style{Font: font(true, 11),
		Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return fmt.Errorf("シート「%s」: %w", name, err)
	}
	body, err := f.NewStyle(&excelize.Style{Font: font(false, fontSize),
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return fmt.Errorf("シート「%s」: %w", name, err)
	}
	const colWidth = 90
	w := &sheetWriter{f: f, name: name}
	w.do(f.SetColWidth(name, "A", "A", colWidth))
	for i, l := range howTo(first, last) {
		row := i + 1
		if l.heading {
			w.text(1, row, l.text, heading)
			w.height(row, 24)
			continue
		}
		w.text(1, row, l.text, body)
		w.height(row, max(minRow, textHeight(l.text, colWidth)))
	}
	w.fitA4()
	if w.err != nil {
		return fmt.Errorf("シート「%s」: %w", name, w.err)
	}
	return nil
}
