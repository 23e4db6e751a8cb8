package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
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
//
// The data rows of the tables are not in the sheet parts excelize writes:
// when a part has rows in rows, they are spliced in before its
// </sheetData> as the part is written (splicer), and Close checks against
// the workbook's relationships that each went to its own sheet.
type orderedZip struct {
	w        io.Writer
	modified time.Time
	parts    map[string]*heldPart
	rows     *rowStore // may be nil
	open     *heldPart // the part created last, closed when the next one is
	pool     deflaters
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
func newZipWriter(w io.Writer, pool *deflaters) *zip.Writer {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, pool.get)
	return zw
}

// deflaters keeps the deflaters of closed parts for the next ones: each
// new one is about 300 KB of tables to allocate and clear, and a workbook
// has some twenty parts. A reset deflater writes what a new one would.
type deflaters struct {
	free []*flate.Writer
}

func (d *deflaters) get(w io.Writer) (io.WriteCloser, error) {
	if n := len(d.free); n > 0 {
		fw := d.free[n-1]
		d.free = d.free[:n-1]
		fw.Reset(w)
		return &pooledDeflater{Writer: fw, pool: d}, nil
	}
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	return &pooledDeflater{Writer: fw, pool: d}, nil
}

// A pooledDeflater goes back to its pool when closed. archive/zip closes
// a part's compressor once and refuses writes to the part after that, so
// a deflater in the pool is never written through its earlier part.
type pooledDeflater struct {
	*flate.Writer
	pool *deflaters
}

func (p *pooledDeflater) Close() error {
	err := p.Writer.Close()
	p.pool.free = append(p.pool.free, p.Writer)
	return err
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
	// part before is done: closing it returns its deflater for this one.
	// (A late write to it fails: zip refuses writes to a closed file.)
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
	p.zw = newZipWriter(&p.zipped, &z.pool)
	z.open = p
	w, err := p.zw.CreateHeader(z.header(name))
	if err != nil {
		return nil, fmt.Errorf("zip: %s: %w", name, err)
	}
	if z.rows != nil {
		if rows := z.rows.parts[name]; rows != nil {
			return &splicer{w: w, rows: rows}, nil
		}
	}
	return w, nil
}

// sheetDataEnd ends the rows of a sheet part. It occurs once: text and
// attribute values in the part are escaped, so no < of theirs is left.
var sheetDataEnd = []byte("</sheetData>")

// A splicer passes a sheet part through to w and writes rows just before
// its </sheetData>, which may be split between two writes.
type splicer struct {
	w       io.Writer
	rows    *rowBuffer
	pending []byte // the end of what was written, which may start </sheetData>
}

func (s *splicer) Write(p []byte) (int, error) {
	if s.rows.spliced {
		return s.w.Write(p)
	}
	// Only the few kilobytes before </sheetData> (header row and sheet
	// settings) pass through here; the rows themselves do not.
	s.pending = append(s.pending, p...)
	i := bytes.Index(s.pending, sheetDataEnd)
	if i < 0 {
		// Keep what could be the start of </sheetData>.
		keep := min(len(s.pending), len(sheetDataEnd)-1)
		if _, err := s.w.Write(s.pending[:len(s.pending)-keep]); err != nil {
			return 0, err
		}
		s.pending = append(s.pending[:0], s.pending[len(s.pending)-keep:]...)
		return len(p), nil
	}
	if _, err := s.w.Write(s.pending[:i]); err != nil {
		return 0, err
	}
	s.rows.spliced = true
	if err := s.rows.writeTo(s.w); err != nil {
		return 0, fmt.Errorf("rows of sheet %q: %w", s.rows.sheet, err)
	}
	rest := s.pending[i:]
	s.pending = nil
	if _, err := s.w.Write(rest); err != nil {
		return 0, err
	}
	return len(p), nil
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
	if err := z.checkSplices(); err != nil {
		return err
	}
	names := make([]string, 0, len(z.parts))
	for name := range z.parts {
		names = append(names, name)
	}
	sort.Strings(names)
	zw := newZipWriter(z.w, &z.pool)
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

// text is the uncompressed content of a (small) held part.
func (z *orderedZip) text(name string) ([]byte, error) {
	p := z.parts[name]
	if p == nil {
		return nil, fmt.Errorf("no part %s", name)
	}
	if p.raw != nil {
		return p.raw.Bytes(), nil
	}
	zr, err := p.finish()
	if err != nil {
		return nil, err
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// checkSplices fails unless the rows of every sheet were spliced into the
// part the workbook's relationships name for that sheet: sheetPart guessed
// the part from excelize's naming rule before the file was saved, and the
// saved workbook is the authority.
func (z *orderedZip) checkSplices() error {
	if z.rows == nil || len(z.rows.parts) == 0 {
		return nil
	}
	all := make([]*rowBuffer, 0, len(z.rows.parts))
	for _, rows := range z.rows.parts {
		all = append(all, rows)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].part < all[j].part })
	for _, rows := range all {
		if !rows.spliced {
			return fmt.Errorf("zip: the rows of sheet %q found no </sheetData> in part %s", rows.sheet, rows.part)
		}
	}
	sheets, err := z.sheetParts()
	if err != nil {
		return fmt.Errorf("zip: sheet parts: %w", err)
	}
	for _, rows := range all {
		if got := sheets[rows.sheet]; got != rows.part {
			return fmt.Errorf("zip: the rows of sheet %q went to part %s, but the workbook's part of the sheet is %q", rows.sheet, rows.part, got)
		}
	}
	return nil
}

// relationships mirrors an OPC relationships part.
type relationships struct {
	Relationship []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	}
}

// workbookSheets mirrors the sheet list of xl/workbook.xml.
type workbookSheets struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
		RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

// relOfficeDocument is the type of the package relationship to the
// workbook part.
const relOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

// sheetParts maps the sheet names of the saved workbook to their parts, as
// a reader finds them: package relationships → workbook part → its
// relationships.
func (z *orderedZip) sheetParts() (map[string]string, error) {
	var pkg relationships
	if err := z.readXML("_rels/.rels", &pkg); err != nil {
		return nil, err
	}
	book := ""
	for _, r := range pkg.Relationship {
		if r.Type == relOfficeDocument {
			book = resolvePart("", r.Target)
		}
	}
	if book == "" {
		return nil, errors.New("no workbook part")
	}
	var wb workbookSheets
	if err := z.readXML(book, &wb); err != nil {
		return nil, err
	}
	dir, base := path.Split(book)
	var rels relationships
	if err := z.readXML(dir+"_rels/"+base+".rels", &rels); err != nil {
		return nil, err
	}
	targets := make(map[string]string, len(rels.Relationship))
	for _, r := range rels.Relationship {
		targets[r.ID] = resolvePart(dir, r.Target)
	}
	parts := make(map[string]string, len(wb.Sheets))
	for _, s := range wb.Sheets {
		parts[s.Name] = targets[s.RID]
	}
	return parts, nil
}

func (z *orderedZip) readXML(name string, v any) error {
	data, err := z.text(name)
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// resolvePart is the part name a relationship target of a part in dir
// refers to.
func resolvePart(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return path.Clean(target[1:])
	}
	return path.Clean(path.Join(dir, target))
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
