package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
)

// maxStatedDecimals is the most decimals a stated rate keeps in its own
// number format; a stored value with more (116.66666666666667) is shown with
// the General format.
const maxStatedDecimals = 4

// styles holds the style IDs of one workbook. IDs depend only on the order
// of the NewStyle calls, so they are the same in every run.
type styles struct {
	header int // bold, shaded, wrapped, bordered header cells
	title  int // a caption above a block that is not the table (概要's chart data)
	text   int // plain text, top-aligned
	wrap   int // text that may hold several lines
	count  int // integers: counts, years, numbers
	rate   int // 0.0
	size   int // #,##0 bytes
	link   int // an internal hyperlink

	// stated[d] shows a stated rate with d decimals (General at index
	// maxStatedDecimals+1); the Bad variants highlight a stated rate that
	// disagrees with the computed one.
	stated    [maxStatedDecimals + 2]int
	statedBad [maxStatedDecimals + 2]int
	textBad   int // a stated rate written as text that disagrees
	rateBad   int // the computed rate beside a disagreeing stated one

	severity map[model.Severity]int

	// gradeDxf[j] is the conditional format of the 判定 text j.Label().
	gradeDxf [model.NotAchieved + 1]int
}

const (
	colorBadFill  = "FFC7CE"
	colorBadFont  = "9C0006"
	colorWarnFill = "FFEB9C"
	colorWarnFont = "9C5700"
	colorGoodFill = "C6EFCE"
	colorGoodFont = "006100"
	colorBFill    = "DDEBF7"
	colorBFont    = "1F4E78"
	colorHeader   = "D9E1F2"
	colorBar      = "5B9BD5"
	colorLink     = "0563C1"
)

func newStyles(f *excelize.File) (*styles, error) {
	s := &styles{severity: make(map[model.Severity]int)}
	top := &excelize.Alignment{Vertical: "top"}
	thin := []excelize.Border{
		{Type: "left", Color: "8EA9DB", Style: 1},
		{Type: "right", Color: "8EA9DB", Style: 1},
		{Type: "top", Color: "8EA9DB", Style: 1},
		{Type: "bottom", Color: "8EA9DB", Style: 1},
	}
	bad := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorBadFill}}
	badFont := &excelize.Font{Color: colorBadFont, Bold: true}
	fixed := func(format string) *string { return &format }

	type def struct {
		id    *int
		style excelize.Style
	}
	defs := []def{
		{&s.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorHeader}},
			Border:    thin,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		}},
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&s.text, excelize.Style{Alignment: top}},
		{&s.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.count, excelize.Style{NumFmt: 1, Alignment: top}},
		{&s.rate, excelize.Style{CustomNumFmt: fixed("0.0"), Alignment: top}},
		{&s.size, excelize.Style{NumFmt: 3, Alignment: top}},
		{&s.link, excelize.Style{Font: &excelize.Font{Color: colorLink, Underline: "single"}, Alignment: top}},
		{&s.textBad, excelize.Style{Font: badFont, Fill: bad, Alignment: top}},
		{&s.rateBad, excelize.Style{CustomNumFmt: fixed("0.0"), Font: badFont, Fill: bad, Alignment: top}},
	}
	for d := 0; d <= maxStatedDecimals+1; d++ {
		format := statedFormat(d)
		defs = append(defs,
			def{&s.stated[d], excelize.Style{CustomNumFmt: format, Alignment: top}},
			def{&s.statedBad[d], excelize.Style{CustomNumFmt: format, Font: badFont, Fill: bad, Alignment: top}},
		)
	}
	var sevErr, sevWarn int
	defs = append(defs,
		def{&sevErr, excelize.Style{Font: &excelize.Font{Color: colorBadFont}, Fill: bad, Alignment: top}},
		def{&sevWarn, excelize.Style{Font: &excelize.Font{Color: colorWarnFont},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorWarnFill}}, Alignment: top}},
	)
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, fmt.Errorf("書式を作れません: %w", err)
		}
		*d.id = id
	}
	s.severity[model.SeverityError] = sevErr
	s.severity[model.SeverityWarning] = sevWarn
	s.severity[model.SeverityInfo] = s.text

	grade := func(fill, font string) excelize.Style {
		return excelize.Style{
			Font: &excelize.Font{Color: font, Bold: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
		}
	}
	dxfs := []struct {
		j     model.Judgement
		style excelize.Style
	}{
		{model.GradeA, grade(colorGoodFill, colorGoodFont)},
		{model.GradeB, grade(colorBFill, colorBFont)},
		{model.GradeC, grade(colorWarnFill, colorWarnFont)},
		{model.GradeD, grade(colorBadFill, colorBadFont)},
		{model.Achieved, grade(colorGoodFill, colorGoodFont)},
		{model.NotAchieved, grade(colorBadFill, colorBadFont)},
	}
	for _, d := range dxfs {
		id, err := f.NewConditionalStyle(&d.style)
		if err != nil {
			return nil, fmt.Errorf("条件付き書式を作れません: %w", err)
		}
		s.gradeDxf[d.j] = id
	}
	return s, nil
}

// statedFormat is the number format that shows d decimals; d beyond
// maxStatedDecimals means General (nil).
func statedFormat(d int) *string {
	if d > maxStatedDecimals {
		return nil
	}
	format := "0"
	if d > 0 {
		format += "." + strings.Repeat("0", d)
	}
	return &format
}
