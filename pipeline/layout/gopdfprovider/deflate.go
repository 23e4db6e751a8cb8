package gopdfprovider

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/klauspost/compress/zlib"
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
//
// Compression, a quarter of the time of writing a report, runs beside
// gopdf: the parsed pieces go in order through a queue to one goroutine
// that writes them, streams are compressed by another as they wait there.
// Each stream is compressed on its own from a reset writer, so the bytes do
// not depend on which goroutine did it or when.
type streamDeflater struct {
	out *bufio.Writer

	buf      []byte // input not yet consumed; an unfinished object at its front
	scan     int    // where the search for that object's end resumes
	started  bool   // the file header was copied
	tail     bool   // "xref\n" reached: the rest is buffered for Close
	next     int    // number of the object expected next
	inPos    int64  // input offset of buf[0]
	in       []int64
	starting bool // the next piece queued starts an object
	err      error

	queue   chan *piece // every piece, in output order, to the writer
	work    chan *piece // pieces to compress
	stopped sync.WaitGroup
	closed  bool

	// pages, when set, are the page content streams to write instead of
	// the ones gopdf wrote (contentWriter's), by page number from 0. A
	// page object names its content stream (/Contents N 0 R), which comes
	// after it; contentOf maps that object number to the page, and Close
	// fails unless every page with content was put in place.
	pages     [][]byte
	pageCount int
	contentOf map[int]int

	// Owned by the writer goroutine until stopped.Wait returns.
	outPos int64   // bytes written to out
	res    []int64 // output offset of each object
}

// piece is a run of output bytes: copied input, or a content stream that
// is compressed (stream set) before it is written.
type piece struct {
	start  bool   // an object starts with this piece
	data   []byte // the bytes to write; for a stream, set once ready is closed
	stream []byte // the uncompressed content of a stream piece
	ready  chan struct{}
}

// queueDepth bounds the pieces in flight (each holds its bytes: a copy of
// gopdf's, or a page's content stream).
const queueDepth = 32

func newStreamDeflater(w *bufio.Writer, level int) (*streamDeflater, error) {
	zw, err := zlib.NewWriterLevel(nil, level)
	if err != nil {
		return nil, fmt.Errorf("zlib: %w", err)
	}
	d := &streamDeflater{out: w, next: 1,
		queue: make(chan *piece, queueDepth), work: make(chan *piece, queueDepth)}
	d.stopped.Add(2)
	go d.compress(zw)
	go d.write()
	return d, nil
}

// compress deflates the stream pieces with one reused writer.
func (d *streamDeflater) compress(zw *zlib.Writer) {
	defer d.stopped.Done()
	var z bytes.Buffer
	for p := range d.work {
		z.Reset()
		zw.Reset(&z)
		zw.Write(p.stream) // writes to a bytes.Buffer cannot fail
		zw.Close()
		const head = "<<\n/Filter/FlateDecode/Length "
		b := make([]byte, 0, len(head)+20+len(contentMid)+z.Len()+1+len(contentEnd))
		b = append(b, head...)
		b = strconv.AppendInt(b, int64(z.Len()), 10)
		b = append(b, contentMid...)
		b = append(b, z.Bytes()...)
		b = append(b, '\n')
		b = append(b, contentEnd...)
		p.data, p.stream = b, nil
		close(p.ready)
	}
}

// write writes the pieces in order, recording where each object starts.
func (d *streamDeflater) write() {
	defer d.stopped.Done()
	for p := range d.queue {
		if p.ready != nil {
			<-p.ready
		}
		if p.start {
			d.res = append(d.res, d.outPos)
		}
		d.emit(p.data)
	}
}

// stop lets the goroutines finish what is queued and waits for them.
func (d *streamDeflater) stop() {
	if d.closed {
		return
	}
	d.closed = true
	close(d.work)
	close(d.queue)
	d.stopped.Wait()
}

var (
	errPDFLayout = errors.New("gopdf output not in the expected layout")

	contentHead = []byte("<<\n/Length ")
	pageHead    = []byte("<<\n  /Type /Page\n")
	contentsKey = []byte("  /Contents ")
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
	if err == nil {
		err = d.err // a page object that did not name its content as expected
	}
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

// copyOut queues a copy of input bytes for the output.
func (d *streamDeflater) copyOut(b []byte) {
	d.queue <- &piece{start: d.starting, data: bytes.Clone(b)}
	d.starting = false
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
			d.copyOut(b[:i+1])
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
	num := d.next
	if length, dataAt, ok := contentStream(body); ok {
		total := head + dataAt + length + len(contentEnd)
		if len(b) < total {
			return 0, false
		}
		if bytes.Equal(b[head+dataAt+length:total], contentEnd) {
			d.startObject(at)
			d.copyOut(b[:head])
			if page, ok := d.contentOf[num]; ok {
				d.deflate(d.pages[page])
				d.pages[page] = nil
			} else {
				d.deflate(bytes.Clone(b[head+dataAt : head+dataAt+length]))
			}
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
			if d.pages != nil && bytes.HasPrefix(body, pageHead) {
				if err := d.page(body[:end-head]); err != nil {
					d.err = err
				}
			}
			d.startObject(at)
			d.copyOut(b[:end])
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

// startObject records the input offset of the object that starts now, at
// input offset at; the writer records its output offset.
func (d *streamDeflater) startObject(at int64) {
	d.in = append(d.in, at)
	d.starting = true
	d.next++
	d.scan = 0
}

// page notes which object holds the content stream of the page object
// body (the next page in order), when the page has one.
func (d *streamDeflater) page(body []byte) error {
	n := d.pageCount
	d.pageCount++
	if n >= len(d.pages) {
		return fmt.Errorf("%w: page %d of %d", errPDFLayout, n+1, len(d.pages))
	}
	i := bytes.Index(body, contentsKey)
	if i < 0 {
		return fmt.Errorf("%w: page %d has no /Contents", errPDFLayout, n+1)
	}
	line := body[i+len(contentsKey):]
	line = line[:max(bytes.IndexByte(line, '\n'), 0)]
	refs := bytes.Fields(line) // "N 0 R", or nothing for a page without content
	switch {
	case len(refs) == 0 && len(d.pages[n]) == 0:
		return nil
	case len(refs) == 3 && string(refs[1]) == "0" && string(refs[2]) == "R":
		obj, err := strconv.Atoi(string(refs[0]))
		if err != nil || obj <= d.next {
			break
		}
		if d.contentOf == nil {
			d.contentOf = make(map[int]int)
		}
		d.contentOf[obj] = n
		return nil
	}
	return fmt.Errorf("%w: page %d: /Contents %q", errPDFLayout, n+1, line)
}

// deflate queues a content stream's data for compression and output; data
// is not modified and must not be modified until it is written.
func (d *streamDeflater) deflate(data []byte) {
	p := &piece{stream: data, ready: make(chan struct{})}
	d.work <- p
	d.queue <- p
}

// Close checks and rewrites the cross-reference table and flushes. It must
// be called, also after a failed Write: it stops the goroutines.
func (d *streamDeflater) Close() error {
	d.stop()
	if d.err != nil {
		return d.err
	}
	if !d.tail {
		return fmt.Errorf("%w: no cross-reference table", errPDFLayout)
	}
	if d.pages != nil {
		with := 0
		for _, p := range d.pages {
			if p != nil {
				with++
			}
		}
		if d.pageCount != len(d.pages) || with != 0 {
			return fmt.Errorf("%w: %d pages written, %d expected, %d content streams not placed", errPDFLayout, d.pageCount, len(d.pages), with)
		}
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
