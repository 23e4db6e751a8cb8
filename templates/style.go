package templates

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// styles are the cell styles of a management sheet. excelize reuses an
// identical style, so creating them once per sheet adds nothing to the file.
type styles struct {
	title, label, labelCenter int
	headValue, headText       int
	text, unit, textValue     int
}

const labelFill = "DDEBF7" // the light blue of Excel's label cells

func border() []excelize.Border {
	return []excelize.Border{
		{Type: "left", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1},
		{Type: "bottom", Color: "000000", Style: 1},
	}
}

func font(bold bool, size float64) *excelize.Font {
	return &excelize.Font{Family: fontName, Size: size, Bold: bold}
}

func newStyles(f *excelize.File) (styles, error) {
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{labelFill}}
	var s styles
	defs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Border: border(), Fill: fill, Font: font(true, 11),
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}},
		{&s.label, excelize.Style{Border: border(), Fill: fill, Font: font(false, fontSize),
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}},
		{&s.labelCenter, excelize.Style{Border: border(), Fill: fill, Font: font(false, fontSize),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.headValue, excelize.Style{Border: border(), Font: font(false, fontSize),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.headText, excelize.Style{Border: border(), Font: font(true, fontSize),
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{Border: border(), Font: font(false, fontSize),
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}}},
		{&s.unit, excelize.Style{Border: border(), Font: font(false, fontSize),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.textValue, excelize.Style{Border: border(), Font: font(false, fontSize),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", ShrinkToFit: true}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return styles{}, fmt.Errorf("セルの書式を作れません: %w", err)
		}
		*d.dst = id
	}
	return s, nil
}

// number returns the style of a numeric value cell with an optional
// number format ("0.0"); right-aligned as Excel shows numbers.
func (styles) number(f *excelize.File, format string) (int, error) {
	st := excelize.Style{Border: border(), Font: font(false, fontSize),
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center", ShrinkToFit: true}}
	if format != "" {
		st.CustomNumFmt = &format
	}
	id, err := f.NewStyle(&st)
	if err != nil {
		return 0, fmt.Errorf("数値書式「%s」を作れません: %w", format, err)
	}
	return id, nil
}
