package gopdf

import (
	"io"
	"strconv"
)

// planreport: the content operators are appended with strconv to the
// writer's free buffer space, not formatted with fmt: a Fprintf per
// operator and per glyph was a fifth of the time of writing a long
// document. The bytes are the ones the fmt verbs wrote (%.2f, %.3f, %d,
// %04X); append_test.go compares them.

// appendBuffer returns w's free buffer space to append to, when w has one
// (a *bytes.Buffer, which ContentObj.write passes), else nil.
func appendBuffer(w io.Writer) []byte {
	if ab, ok := w.(interface{ AvailableBuffer() []byte }); ok {
		return ab.AvailableBuffer()
	}
	return nil
}

// appendFixed appends v as fmt's %.<prec>f does.
func appendFixed(b []byte, v float64, prec int) []byte {
	return strconv.AppendFloat(b, v, 'f', prec, 64)
}

// appendHex4 appends v as fmt's %04X does: upper-case hexadecimal, at
// least four digits.
func appendHex4(b []byte, v uint) []byte {
	const digits = "0123456789ABCDEF"
	var tmp [16]byte
	i := len(tmp)
	for v > 0 || i > len(tmp)-4 {
		i--
		tmp[i] = digits[v&0xF]
		v >>= 4
	}
	return append(b, tmp[i:]...)
}

// appendGS appends the "/GS<n> gs\n" lines of extGStateIndexes.
func appendGS(b []byte, extGStateIndexes []int) []byte {
	for _, i := range extGStateIndexes {
		b = append(b, "/GS"...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, " gs\n"...)
	}
	return b
}
