// Package templates writes management sheets (行財政運営プラン取組管理シート)
// in the clean layout the parser reads: the sample workbooks rebuilt from
// the seed (input/samplegen), the blank sheet of `planreport template`, and
// synthetic sheets for tests and the scale benchmark.
//
// A sheet is described by a Sheet of plain strings and Cells; WriteSheet
// lays it out and returns where each block went:
//
//	s := templates.Sheet{Name: "取組1", Department: "復興政策部", Title: "市民との協働の推進",
//		Years: []string{"平成27年度", "平成28年度"},
//		Indicators: []templates.Indicator{{Name: "申請件数", Unit: "件数",
//			Targets: []templates.Cell{templates.ParseCell("373"), templates.ParseCell("1,000")},
//			Rates:   []templates.Cell{templates.ParseCell("42.0")}}}}
//	l, err := templates.WriteSheet(f, s) // l.TargetCell(0, 0) == "E8"
//
// 373 becomes a numeric cell, 1,000 a text cell, 42.0 the number 42 shown
// with the format 0.0. The label texts are exported constants (LabelTitle,
// LabelIndicators, …) so that the parser refers to the same strings.
// Workbooks are written deterministically (Bytes, Save, Encode): the same
// specification gives the same bytes.
package templates
