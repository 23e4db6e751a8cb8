package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"time"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// contentTypesPart is the package part excelize builds from a Go map once a
// chart exists, so its element order changes from run to run.
const contentTypesPart = "[Content_Types].xml"

// orderedZip is an excelize.ZipWriter that makes the archive depend only on
// its contents: excelize creates parts in map order when two or more
// StreamWriters exist (excelize issue #1732), so every part is held until
// Close and written sorted by name, with one fixed modification time, and
// [Content_Types].xml is rewritten with its entries sorted.
//
// Parts are held compressed (the sheet XML of 10,000 sheets is 300 MB as
// text, 25 MB deflated): each is written as excelize produces it into a
// one-entry zip of its own, which Close copies, header and compressed
// bytes unchanged, into the archive (zip.Writer.Copy).
type orderedZip struct {
	w        io.Writer
	modified time.Time
	parts    map[string]*heldPart
	open     *heldPart // the part created last, closed when the next one is
}

// heldPart is one part: a one-entry zip, or for [Content_Types].xml, which
// is rewritten on Close, its text.
type heldPart struct {
	zipped bytes.Buffer
	zw     *zip.Writer
	closed bool // zw is closed
	raw    *bytes.Buffer
}

var _ excelize.ZipWriter = (*orderedZip)(nil)

func newOrderedZip(w io.Writer, modified time.Time) *orderedZip {
	return &orderedZip{w: w, modified: modified, parts: make(map[string]*heldPart)}
}

// newZipWriter is a zip.Writer that deflates at BestSpeed: a third of the
// default level's time for 10,000 data rows, for a file about a fifth
// larger. The output stays deterministic.
func newZipWriter(w io.Writer) *zip.Writer {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	return zw
}

// header is the header of every part.
func (z *orderedZip) header(name string) *zip.FileHeader {
	return &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.modified}
}

// Create starts a part; it is written when the archive is closed.
func (z *orderedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.parts[name]; dup {
		return nil, fmt.Errorf("zip: part %q created twice", name)
	}
	// excelize writes each part whole before it creates the next, so the
	// part before is done: closing it frees its deflater. (A late write to
	// it fails: zip refuses writes to a closed file.)
	if z.open != nil {
		if err := z.open.close(); err != nil {
			return nil, err
		}
		z.open = nil
	}
	p := &heldPart{}
	z.parts[name] = p
	if name == contentTypesPart {
		p.raw = new(bytes.Buffer)
		return p.raw, nil
	}
	p.zw = newZipWriter(&p.zipped)
	z.open = p
	w, err := p.zw.CreateHeader(z.header(name))
	if err != nil {
		return nil, fmt.Errorf("zip: %s: %w", name, err)
	}
	return w, nil
}

// AddFS is part of excelize.ZipWriter; excelize does not call it when
// saving, and copying a file system in would bypass the ordering.
func (z *orderedZip) AddFS(fs.FS) error {
	return errors.New("zip: AddFS is not supported by the ordered writer")
}

// Close writes every part in name order. "[Content_Types].xml" sorts
// before the lower-case part names, so it comes first as in files saved by
// Excel.
func (z *orderedZip) Close() error {
	names := make([]string, 0, len(z.parts))
	for name := range z.parts {
		names = append(names, name)
	}
	sort.Strings(names)
	zw := newZipWriter(z.w)
	for _, name := range names {
		if err := z.parts[name].writeTo(zw, z.header(name)); err != nil {
			return fmt.Errorf("zip: %s: %w", name, err)
		}
		delete(z.parts, name) // its bytes are written; let them go
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}

// writeTo adds the part to the archive zw.
func (p *heldPart) writeTo(zw *zip.Writer, h *zip.FileHeader) error {
	if p.raw != nil {
		data, err := sortContentTypes(p.raw.Bytes())
		if err != nil {
			return err
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	zr, err := p.finish()
	if err != nil {
		return err
	}
	return zw.Copy(zr.File[0])
}

// close closes the part's one-entry zip, once.
func (p *heldPart) close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	return p.zw.Close()
}

// finish closes the part's one-entry zip and opens it for reading.
func (p *heldPart) finish() (*zip.Reader, error) {
	if err := p.close(); err != nil {
		return nil, err
	}
	return zip.NewReader(bytes.NewReader(p.zipped.Bytes()), int64(p.zipped.Len()))
}

// contentTypes mirrors the OPC [Content_Types].xml part.
type contentTypes struct {
	XMLName   xml.Name              `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []contentTypeDefault  `xml:"Default"`
	Overrides []contentTypeOverride `xml:"Override"`
}

type contentTypeDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

type contentTypeOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// sortContentTypes re-encodes [Content_Types].xml with Default entries
// sorted by extension and Override entries by part name. The meaning of the
// part does not depend on the order.
func sortContentTypes(data []byte) ([]byte, error) {
	var ct contentTypes
	if err := xml.Unmarshal(data, &ct); err != nil {
		return nil, err
	}
	sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	sort.Slice(ct.Overrides, func(i, j int) bool { return ct.Overrides[i].PartName < ct.Overrides[j].PartName })
	out, err := xml.Marshal(ct)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}
