package gopdf

// planreport: object streams and a cross-reference stream (ISO 32000-1
// sections 7.5.7 and 7.5.8), for the structure objects of a tagged PDF:
// a report has a structure element per table cell, tens of thousands of
// small dictionaries, which as plain objects made the file four times its
// untagged size. With SetObjectStreams the objects that implement
// objStreamable (struct_tree.go) are written compressed, objStreamSize to
// a stream, and the file ends with a cross-reference stream instead of an
// xref table and trailer. Not with encryption.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"strconv"

	"github.com/klauspost/compress/zlib" // planreport: klauspost/compress's zlib, a faster drop-in for compress/zlib
)

// objStreamable is implemented by objects that may go in an object stream
// (dictionaries, not streams).
type objStreamable interface{ inObjStream() }

func (structElemObj) inObjStream()     {}
func (structTreeRootObj) inObjStream() {}
func (parentTreeObj) inObjStream()     {}

// objStreamSize is how many objects go in one object stream.
const objStreamSize = 512

// SetObjectStreams writes the objects that allow it (the structure tree)
// in compressed object streams, with a cross-reference stream.
func (gp *GoPdf) SetObjectStreams(on bool) { gp.archive.objStreams = on }

func (gp *GoPdf) useObjStreams() bool {
	return gp.archive.objStreams && !gp.isUseProtection() && gp.compressLevel != zlib.NoCompression
}

// xrefEntry is one cross-reference stream entry: type 1 (offset) or
// type 2 (object stream number and index).
type xrefEntry struct {
	typ      byte
	offset   int64 // type 1: byte offset; type 2: the object stream's number
	index    int   // type 2: index within the stream
	objIndex int   // the object this entry is for (0-based)
}

// objStreamWriter collects objects into object streams and writes each
// stream when full, numbered after the document's objects.
type objStreamWriter struct {
	gp      *GoPdf
	w       *countingWriter
	next    int // number of the next object stream
	header  []byte
	body    bytes.Buffer
	n       int
	entries []xrefEntry // type 1 entries of the streams themselves
	xref    []xrefEntry // by object index
}

func (s *objStreamWriter) add(obj IObj, i int) error {
	if s.n == 0 {
		s.header = s.header[:0]
		s.body.Reset()
	}
	s.header = strconv.AppendInt(s.header, int64(i+1), 10)
	s.header = append(s.header, ' ')
	s.header = strconv.AppendInt(s.header, int64(s.body.Len()), 10)
	s.header = append(s.header, ' ')
	if err := obj.write(&s.body, i+1); err != nil {
		return err
	}
	s.xref[i] = xrefEntry{typ: 2, offset: int64(s.next), index: s.n, objIndex: i}
	s.n++
	if s.n == objStreamSize {
		return s.flush()
	}
	return nil
}

// flush writes the object stream being filled.
func (s *objStreamWriter) flush() error {
	if s.n == 0 {
		return nil
	}
	var z bytes.Buffer
	zw, err := s.gp.contentZlibWriter(&z)
	if err != nil {
		return err
	}
	zw.Write(s.header)
	zw.Write(s.body.Bytes())
	if err := zw.Close(); err != nil {
		return err
	}
	s.entries = append(s.entries, xrefEntry{typ: 1, offset: s.w.offset, objIndex: s.next - 1})
	fmt.Fprintf(s.w, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n", s.next, s.n, len(s.header), z.Len())
	s.w.Write(z.Bytes())
	io.WriteString(s.w, "\nendstream\nendobj\n\n")
	s.next++
	s.n = 0
	return nil
}

// compileWithObjStreams writes the objects, the object streams and a
// cross-reference stream (instead of compilePdf's xref table).
func (gp *GoPdf) compileWithObjStreams(writer *countingWriter) error {
	max := len(gp.pdfObjs)
	s := &objStreamWriter{gp: gp, w: writer, next: max + 1, xref: make([]xrefEntry, max)}
	for i, obj := range gp.pdfObjs {
		if _, ok := obj.(objStreamable); ok {
			if err := s.add(obj, i); err != nil {
				return err
			}
			continue
		}
		s.xref[i] = xrefEntry{typ: 1, offset: writer.offset, objIndex: i}
		fmt.Fprintf(writer, "%d 0 obj\n", i+1)
		obj.write(writer, i+1)
		io.WriteString(writer, "endobj\n\n")
	}
	if err := s.flush(); err != nil {
		return err
	}
	h := writer.hash
	writer.hash = nil
	return gp.xrefStream(writer, append(s.xref, s.entries...), s.next, h)
}

// xrefStream writes the cross-reference stream (object number next) with
// the trailer's entries, and startxref.
func (gp *GoPdf) xrefStream(w *countingWriter, entries []xrefEntry, next int, h hash.Hash) error {
	start := w.offset
	size := next + 1
	rows := make([]byte, 7*size)
	rows[0] = 0 // object 0: free, next free 0, generation 65535
	binary.BigEndian.PutUint16(rows[5:], 65535)
	for _, e := range entries {
		r := rows[7*(e.objIndex+1):]
		r[0] = e.typ
		binary.BigEndian.PutUint32(r[1:], uint32(e.offset))
		binary.BigEndian.PutUint16(r[5:], uint16(e.index))
	}
	r := rows[7*next:] // the xref stream itself
	r[0] = 1
	binary.BigEndian.PutUint32(r[1:], uint32(start))
	var z bytes.Buffer
	zw, err := gp.contentZlibWriter(&z)
	if err != nil {
		return err
	}
	zw.Write(rows)
	if err := zw.Close(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R\n", next, size)
	gp.writeID(w, h)
	switch {
	case gp.isUseInfo && gp.archive.infoIndex > 0:
		fmt.Fprintf(w, "/Info %d 0 R\n", gp.archive.infoIndex+1)
	case gp.isUseInfo:
		gp.writeInfo(w)
	}
	fmt.Fprintf(w, "/Filter /FlateDecode /Length %d >>\nstream\n", z.Len())
	w.Write(z.Bytes())
	io.WriteString(w, "\nendstream\nendobj\n\n")
	fmt.Fprintf(w, "startxref\n%d\n%%%%EOF\n", start)
	return nil
}
