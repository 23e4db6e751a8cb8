package workbook

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"
	"time"

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
// text, 25 MB deflated); each is compressed on its own, as zip does, so
// the archive is the same as if it were written in order.
type orderedZip struct {
	w        io.Writer
	modified time.Time
	parts    map[string]*heldPart
}

// heldPart is one part: deflated as it is written (raw is kept instead for
// [Content_Types].xml, which is rewritten on Close).
type heldPart struct {
	compressed bytes.Buffer
	fw         *flate.Writer
	crc        hash.Hash32
	size       uint64
	raw        *bytes.Buffer
}

func (p *heldPart) Write(b []byte) (int, error) {
	if p.raw != nil {
		return p.raw.Write(b)
	}
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.fw.Write(b)
}

var _ excelize.ZipWriter = (*orderedZip)(nil)

func newOrderedZip(w io.Writer, modified time.Time) *orderedZip {
	return &orderedZip{w: w, modified: modified, parts: make(map[string]*heldPart)}
}

// zipLevel is BestSpeed: a third of the default level's time for 10,000
// data rows, for a file about a fifth larger. The output stays
// deterministic.
const zipLevel = flate.BestSpeed

// Create starts a part; it is written when the archive is closed.
func (z *orderedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.parts[name]; dup {
		return nil, fmt.Errorf("zip: part %q created twice", name)
	}
	p := &heldPart{}
	if name == contentTypesPart {
		p.raw = new(bytes.Buffer)
	} else {
		fw, err := flate.NewWriter(&p.compressed, zipLevel)
		if err != nil {
			return nil, fmt.Errorf("zip: %s: %w", name, err)
		}
		p.fw, p.crc = fw, crc32.NewIEEE()
	}
	z.parts[name] = p
	return p, nil
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
	zw := zip.NewWriter(z.w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, zipLevel)
	})
	for _, name := range names {
		p := z.parts[name]
		if p.raw != nil {
			data, err := sortContentTypes(p.raw.Bytes())
			if err != nil {
				return fmt.Errorf("zip: %s: %w", name, err)
			}
			fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.modified})
			if err != nil {
				return fmt.Errorf("zip: %s: %w", name, err)
			}
			if _, err := fw.Write(data); err != nil {
				return fmt.Errorf("zip: %s: %w", name, err)
			}
			continue
		}
		if err := p.fw.Close(); err != nil {
			return fmt.Errorf("zip: %s: %w", name, err)
		}
		fw, err := zw.CreateRaw(rawHeader(name, z.modified, p))
		if err != nil {
			return fmt.Errorf("zip: %s: %w", name, err)
		}
		if _, err := fw.Write(p.compressed.Bytes()); err != nil {
			return fmt.Errorf("zip: %s: %w", name, err)
		}
		delete(z.parts, name) // its bytes are written; let them go
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}

// rawHeader is the header zip.Writer.CreateHeader would write for the part
// (version 2.0, a data descriptor, the extended timestamp of the
// modification time), with the sizes and checksum already known.
func rawHeader(name string, modified time.Time, p *heldPart) *zip.FileHeader {
	fh := &zip.FileHeader{
		Name:               name,
		Method:             zip.Deflate,
		Modified:           modified,
		CreatorVersion:     20,
		ReaderVersion:      20,
		Flags:              0x8,
		CRC32:              p.crc.Sum32(),
		CompressedSize64:   uint64(p.compressed.Len()),
		UncompressedSize64: p.size,
	}
	if !utf8ASCII(name) {
		fh.Flags |= 0x800
	}
	// CreateRaw writes the MS-DOS date fields as given; only CreateHeader
	// derives them from Modified.
	//lint:ignore SA1019 the deprecated fields are what CreateRaw writes
	fh.ModifiedDate, fh.ModifiedTime = msDosTime(modified)
	var ext [9]byte
	binary.LittleEndian.PutUint16(ext[0:], 0x5455) // extended timestamp
	binary.LittleEndian.PutUint16(ext[2:], 5)
	ext[4] = 1 // modification time only
	binary.LittleEndian.PutUint32(ext[5:], uint32(modified.Unix()))
	fh.Extra = ext[:]
	return fh
}

func utf8ASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// msDosTime is archive/zip's timeToMsDosTime.
func msDosTime(t time.Time) (fDate, fTime uint16) {
	fDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	fTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return
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
