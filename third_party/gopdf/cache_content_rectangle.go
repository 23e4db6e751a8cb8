package gopdf

import (
	"io"
)

type cacheContentRectangle struct {
	pageHeight       float64
	x                float64
	y                float64
	width            float64
	height           float64
	style            PaintStyle
	extGStateIndexes []int
}

func NewCacheContentRectangle(pageHeight float64, rectOpts DrawableRectOptions) ICacheContent {
	if rectOpts.PaintStyle == "" {
		rectOpts.PaintStyle = DrawPaintStyle
	}

	return cacheContentRectangle{
		x:                rectOpts.X,
		y:                rectOpts.Y,
		width:            rectOpts.W,
		height:           rectOpts.H,
		pageHeight:       pageHeight,
		style:            rectOpts.PaintStyle,
		extGStateIndexes: rectOpts.extGStateIndexes,
	}
}

func (c cacheContentRectangle) write(w io.Writer, protection *PDFProtection) error {
	// planreport: strconv, not fmt (append.go).
	b := appendBuffer(w)
	b = append(b, "q\n"...)
	b = appendGS(b, c.extGStateIndexes)
	b = appendFixed(b, c.x, 2)
	b = append(b, ' ')
	b = appendFixed(b, c.pageHeight-c.y, 2)
	b = append(b, ' ')
	b = appendFixed(b, c.width, 2)
	b = append(b, ' ')
	b = appendFixed(b, c.height, 2)
	b = append(b, " re "...)
	b = append(b, c.style...)
	b = append(b, "\nQ\n"...)
	_, err := w.Write(b)
	return err
}
