package gopdf

import (
	"io"
)

const colorTypeStrokeRGB = "RG"

const colorTypeFillRGB = "rg"

type cacheContentColorRGB struct {
	colorType string
	r, g, b   uint8
}

func (c *cacheContentColorRGB) write(w io.Writer, protection *PDFProtection) error {
	// planreport: strconv, not fmt (append.go).
	b := appendBuffer(w)
	b = appendFixed(b, float64(c.r)/255, 3)
	b = append(b, ' ')
	b = appendFixed(b, float64(c.g)/255, 3)
	b = append(b, ' ')
	b = appendFixed(b, float64(c.b)/255, 3)
	b = append(b, ' ')
	b = append(b, c.colorType...)
	b = append(b, '\n')
	_, err := w.Write(b)
	return err
}
