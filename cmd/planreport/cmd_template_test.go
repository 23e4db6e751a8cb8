package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planreport/templates"
)

// A department fills in the blank sheet from `planreport template` as the
// 記入方法 sheet tells it to; `planreport validate` must then find nothing.
func TestTemplateFilledInValidatesClean(t *testing.T) {
	dir := t.TempDir()
	if r := planreport(t, dir, "template", "-o", "sheet.xlsx"); r.code != 0 {
		t.Fatalf("template: exit %d\n%s", r.code, r.stderr)
	}
	if r := planreport(t, dir, "template", "-o", "sheet.xlsx"); r.code != 2 {
		t.Errorf("template over an existing file: exit %d, want 2", r.code)
	}
	// Where the values go: the layout the template was written with
	// (令和3〜7年度, the default plan period).
	blank, err := templates.Blank(templates.NextPlanFirst, templates.NextPlanLast)
	if err != nil {
		t.Fatal(err)
	}
	_, layouts, err := templates.Build(templates.Workbook{File: "x.xlsx", Sheets: []templates.Sheet{blank}})
	if err != nil {
		t.Fatal(err)
	}
	l := layouts[0]
	path := filepath.Join(dir, "sheet.xlsx")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sh := templates.BlankSheetName
	set := func(cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	// Header: department code and name, goal, section, initiative.
	set("D1", 2)
	set("F1", "総務部")
	set("B2", 5)
	set("C2", "市民と協働")
	set("D2", 1)
	set("F2", "秘書広報課")
	set("B3", 3)
	set("C3", "まちづくり懇談会の開催")
	set("D3", 1)
	set(fmt.Sprintf("B%d", l.OverviewRow), "市政の課題を市民へ説明し、市民の意見を市政に反映させる。")
	for j := range 5 {
		set(fmt.Sprintf("D%d", l.PlansRow+j), "まちづくり懇談会の開催")
	}
	// Indicator 1: a count, targets 8, actuals 4…8, rates worked out by
	// hand: 4/8 = 50.0, 6/8 = 75.0, 8/8 = 100.0, 9/8 = 112.5, 10/8 = 125.0.
	set(fmt.Sprintf("B%d", l.IndicatorRows[0]), "まちづくり懇談会開催回数")
	set(fmt.Sprintf("D%d", l.IndicatorRows[0]), "回")
	for j, a := range []int{4, 6, 8, 9, 10} {
		set(l.TargetCell(0, j), 8)
		set(l.ActualCell(0, j), a)
		set(l.RateCell(0, j), []float64{50.0, 75.0, 100.0, 112.5, 125.0}[j])
	}
	// Indicator 2: qualitative, picked from the drop-down.
	set(fmt.Sprintf("B%d", l.IndicatorRows[1]), "開催対象の拡大の検討")
	set(fmt.Sprintf("D%d", l.IndicatorRows[1]), "—")
	for j := range 5 {
		set(l.TargetCell(1, j), "実施")
		set(l.ActualCell(1, j), "実施")
	}
	// Indicator 3: a waiting time, 低いほど良い picked in its 評価方向 cell;
	// rates by hand as 目標 ÷ 実績: 30/33 = 90.9, 28/27 = 103.7, 25/24 = 104.2.
	// (Indicators 1 and 2 leave 評価方向 blank: higher is better.)
	set(fmt.Sprintf("B%d", l.IndicatorRows[2]), "窓口平均待ち時間")
	set(fmt.Sprintf("D%d", l.IndicatorRows[2]), "分")
	set(l.DirectionCell(2), templates.DirectionLower)
	for j, tg := range []int{30, 28, 25, 22, 20} {
		set(l.TargetCell(2, j), tg)
	}
	for j, a := range []int{33, 27, 24} {
		set(l.ActualCell(2, j), a)
		set(l.RateCell(2, j), []float64{90.9, 103.7, 104.2}[j])
	}
	set(fmt.Sprintf("B%d", l.BackgroundRow), "市民と行政が対話する場が少ない。")
	for j := range 5 {
		set(fmt.Sprintf("D%d", l.ResultsRow+2*j), fmt.Sprintf("%d回開催した。", []int{4, 6, 8, 9, 10}[j]))
		set(fmt.Sprintf("D%d", l.ResultsRow+2*j+1), "周知の方法を広げる。")
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	r := planreport(t, dir, "validate", "sheet.xlsx")
	if r.code != 0 {
		t.Fatalf("validate of a correctly filled template: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "管理シート 1 枚。エラー 0 件、警告 0 件、情報 0 件。") {
		t.Errorf("validate found something in a correctly filled template:\n%s", r.stdout)
	}
}
