package gopdf

import (
	"io"
	"strconv"
)

// planreport: marked-content operators (ISO 32000-1 section 14.6), for
// tagged PDF (struct_tree.go): "/P <</MCID 0>> BDC", "/Artifact BMC" and
// "EMC".
type cacheContentMarked struct {
	tag      string // structure type of the element the MCID belongs to
	mcid     int
	artifact bool
	end      bool
}

func (c *cacheContentMarked) write(w io.Writer, protection *PDFProtection) error {
	b := appendBuffer(w)
	switch {
	case c.end:
		b = append(b, "EMC\n"...)
	case c.artifact:
		b = append(b, "/Artifact BMC\n"...)
	default:
		b = append(b, '/')
		b = append(b, c.tag...)
		b = append(b, " <</MCID "...)
		b = strconv.AppendInt(b, int64(c.mcid), 10)
		b = append(b, ">> BDC\n"...)
	}
	_, err := w.Write(b)
	return err
}
