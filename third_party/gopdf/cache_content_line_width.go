package gopdf

import (
	"io"
)

type cacheContentLineWidth struct {
	width float64
}

func (c *cacheContentLineWidth) write(w io.Writer, protection *PDFProtection) error {
	// planreport: strconv, not fmt (append.go).
	b := appendBuffer(w)
	b = appendFixed(b, c.width, 2)
	b = append(b, " w\n"...)
	_, err := w.Write(b)
	return err
}
