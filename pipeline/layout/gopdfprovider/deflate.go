package gopdfprovider

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"strconv"
)

// streamDeflater compresses the page content streams of the PDF gopdf
// writes, on their way to the output.
//
// Why: with compression on, gopdf v0.33.0 makes a new zlib writer for every
// page (about 1.2 MB of state each), which for a 2,400-page report was
// 2.9 GB of garbage and most of the writing time. gopdf is therefore told
// not to compress (SetNoCompression), and this writer deflates every stream
// whose dictionary is exactly "<<\n/Length N\n>>" (the uncompressed content
// streams) with one reused zlib writer, adds /Filter/FlateDecode, and
// rebuilds the cross-reference table for the new offsets. Every other object
// is copied unchanged.
//
// It relies on how gopdf lays out its file: objects numbered 1, 2, … in
// order, each "N 0 obj\n…endobj\n\n", then "xref\n". Close checks gopdf's own
// cross-reference table against the offsets it saw and fails rather than
// write a PDF whose offsets might be wrong.
type streamDeflater struct {
	out *bufio.Writer
	zw  *zlib.Writer
	z   bytes.Buffer // one compressed stream

	buf     []byte // input not yet consumed; an unfinished object at its front
	scan    int    // where the search for that object's end resumes
	started bool   // the file header was copied
	tail    bool   // "xref\n" reached: the rest is buffered for Close
	next    int    // number of the object expected next
	inPos   int64  // input offset of buf[0]
	outPos  int64  // bytes written to out
	in, res []int64
	err     error
}

func newStreamDeflater(w *bufio.Writer, level int) (*streamDeflater, error) {
	zw, err := zlib.NewWriterLevel(nil, level)
	if err != nil {
		return nil, fmt.Errorf("zlib: %w", err)
	}
	return &streamDeflater{out: w, zw: zw, next: 1}, nil
}

var (
	errPDFLayout = errors.New("gopdf output not in the expected layout")

	contentHead = []byte("<<\n/Length ")
	contentMid  = []byte("\n>>\nstream\n")
	contentEnd  = []byte("endstream\nendobj\n\n")
	objEnd      = []byte("endobj\n\n")
	xrefHead    = []byte("xref\n")
)

// Write consumes p; it never fails on input, only on a write error of the
// output (which is sticky, as bufio's are).
func (d *streamDeflater) Write(p []byte) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	d.buf = append(d.buf, p...)
	if d.tail {
		return len(p), nil
	}
	n, err := d.process()
	d.consume(n)
	if err != nil {
		d.err = err
		return 0, err
	}
	return len(p), nil
}

// consume drops the first n bytes of buf, keeping its storage.
func (d *streamDeflater) consume(n int) {
	if n == 0 {
		return
	}
	d.inPos += int64(n)
	d.buf = d.buf[:copy(d.buf, d.buf[n:])]
}

func (d *streamDeflater) emit(b []byte) {
	n, _ := d.out.Write(b) // bufio keeps the error; Close reports it
	d.outPos += int64(n)
}

// process handles every complete object at the front of buf and returns how
// many bytes it used.
func (d *streamDeflater) process() (int, error) {
	used := 0
	for {
		b := d.buf[used:]
		if !d.started {
			// The header ("%PDF-1.7" and a binary comment) runs up to object 1.
			i := bytes.Index(b, []byte("\n1 0 obj\n"))
			if i < 0 {
				return used, nil
			}
			d.emit(b[:i+1])
			used += i + 1
			d.started = true
			continue
		}
		if len(b) < len(xrefHead) {
			return used, nil
		}
		if bytes.HasPrefix(b, xrefHead) {
			d.tail = true
			return used, nil
		}
		head := strconv.Itoa(d.next) + " 0 obj\n"
		if len(b) < len(head) {
			return used, nil
		}
		if string(b[:len(head)]) != head {
			return used, fmt.Errorf("%w: object %d expected at offset %d", errPDFLayout, d.next, d.inPos+int64(used))
		}
		n, ok := d.object(b, len(head), d.inPos+int64(used))
		if !ok {
			return used, nil
		}
		used += n
	}
}

// object handles the object at the front of b (whose "N 0 obj\n" line is
// head bytes long; at is its input offset) if it is complete, and returns
// its length.
func (d *streamDeflater) object(b []byte, head int, at int64) (int, bool) {
	body := b[head:]
	if length, dataAt, ok := contentStream(body); ok {
		total := head + dataAt + length + len(contentEnd)
		if len(b) < total {
			return 0, false
		}
		if bytes.Equal(b[head+dataAt+length:total], contentEnd) {
			d.startObject(at)
			d.emit(b[:head])
			d.deflate(b[head+dataAt : head+dataAt+length])
			return total, true
		}
		// Not the shape expected: copy it unchanged like any other object.
	}
	// Any other object ends at "endobj\n\n" followed by the next object's
	// line or the cross-reference table. Binary data (the embedded font)
	// could hold "endobj" but hardly that whole sequence, and Close checks
	// every offset against gopdf's own table.
	nextLine := []byte(strconv.Itoa(d.next+1) + " 0 obj\n")
	from := max(d.scan, head)
	for {
		i := bytes.Index(b[from:], objEnd)
		if i < 0 {
			d.scan = max(len(b)-len(objEnd), head)
			return 0, false
		}
		end := from + i + len(objEnd)
		rest := b[end:]
		if bytes.HasPrefix(rest, nextLine) || bytes.HasPrefix(rest, xrefHead) {
			d.startObject(at)
			d.emit(b[:end])
			return end, true
		}
		if (len(rest) < len(nextLine) && bytes.HasPrefix(nextLine, rest)) || (len(rest) < len(xrefHead) && bytes.HasPrefix(xrefHead, rest)) {
			// Cannot tell yet: wait for more input.
			d.scan = from + i
			return 0, false
		}
		from += i + 1
	}
}

// contentStream recognizes "<<\n/Length N\n>>\nstream\n" and returns N and
// where the data starts. ok is false when b does not start so (or not yet).
func contentStream(b []byte) (length, dataAt int, ok bool) {
	if !bytes.HasPrefix(b, contentHead) {
		return 0, 0, false
	}
	i := len(contentHead)
	j := i
	for j < len(b) && j-i < 12 && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	if j == i || !bytes.HasPrefix(b[j:], contentMid) {
		return 0, 0, false
	}
	n, err := strconv.Atoi(string(b[i:j]))
	if err != nil {
		return 0, 0, false
	}
	return n, j + len(contentMid), true
}

// startObject records the input and output offsets of the object that
// starts now, at input offset at.
func (d *streamDeflater) startObject(at int64) {
	d.in = append(d.in, at)
	d.res = append(d.res, d.outPos)
	d.next++
	d.scan = 0
}

func (d *streamDeflater) deflate(data []byte) {
	d.z.Reset()
	d.zw.Reset(&d.z)
	d.zw.Write(data) // writes to a bytes.Buffer cannot fail
	d.zw.Close()
	var head []byte
	head = append(head, "<<\n/Filter/FlateDecode/Length "...)
	head = strconv.AppendInt(head, int64(d.z.Len()), 10)
	head = append(head, contentMid...)
	d.emit(head)
	d.emit(d.z.Bytes())
	d.emit([]byte("\nendstream\nendobj\n\n"))
}

// Close checks and rewrites the cross-reference table and flushes.
func (d *streamDeflater) Close() error {
	if d.err != nil {
		return d.err
	}
	if !d.tail {
		return fmt.Errorf("%w: no cross-reference table", errPDFLayout)
	}
	xrefAt := d.outPos
	t := d.buf
	// "xref\n0 N\n0000000000 65535 f \n" then N-1 entries of 20 bytes.
	lines := bytes.SplitN(t, []byte("\n"), 4)
	if len(lines) < 4 || string(lines[0]) != "xref" || string(lines[1]) != "0 "+strconv.Itoa(len(d.in)+1) || string(lines[2]) != "0000000000 65535 f " {
		return fmt.Errorf("%w: cross-reference table of %d objects expected", errPDFLayout, len(d.in))
	}
	entries := lines[3]
	const entryLen = 20
	if len(entries) < entryLen*len(d.in) {
		return fmt.Errorf("%w: cross-reference table too short", errPDFLayout)
	}
	var x []byte
	x = append(x, "xref\n0 "...)
	x = strconv.AppendInt(x, int64(len(d.in)+1), 10)
	x = append(x, "\n0000000000 65535 f \n"...)
	for i, off := range d.in {
		e := entries[i*entryLen : (i+1)*entryLen]
		got, err := strconv.ParseInt(string(e[:10]), 10, 64)
		if err != nil || got != off || string(e[10:]) != " 00000 n \n" {
			return fmt.Errorf("%w: object %d at offset %d, cross-reference table says %q", errPDFLayout, i+1, off, e)
		}
		x = fmt.Appendf(x, "%010d 00000 n \n", d.res[i])
	}
	trailer := entries[entryLen*len(d.in):]
	// The trailer dictionary is kept; only startxref changes.
	i := bytes.LastIndex(trailer, []byte("startxref\n"))
	if !bytes.HasPrefix(trailer, []byte("trailer\n")) || i < 0 {
		return fmt.Errorf("%w: trailer", errPDFLayout)
	}
	x = append(x, trailer[:i]...)
	x = append(x, "startxref\n"...)
	x = strconv.AppendInt(x, xrefAt, 10)
	x = append(x, "\n%%EOF\n"...)
	d.emit(x)
	return d.out.Flush()
}
