package gopdf

import (
	"io"
)

type cacheContentLine struct {
	pageHeight float64
	x1         float64
	y1         float64
	x2         float64
	y2         float64
	opts       lineOptions
}

func (c *cacheContentLine) write(w io.Writer, protection *PDFProtection) error {
	// planreport: strconv, not fmt (append.go).
	b := appendBuffer(w)
	b = append(b, "q\n"...)
	b = appendGS(b, c.opts.extGStateIndexes)
	b = appendFixed(b, c.x1, 2)
	b = append(b, ' ')
	b = appendFixed(b, c.pageHeight-c.y1, 2)
	b = append(b, " m "...)
	b = appendFixed(b, c.x2, 2)
	b = append(b, ' ')
	b = appendFixed(b, c.pageHeight-c.y2, 2)
	b = append(b, " l S\nQ\n"...)
	_, err := w.Write(b)
	return err
}
