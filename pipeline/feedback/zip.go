package feedback

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// sortedZip is the excelize.ZipWriter of the copies: it holds every part
// and writes them sorted by name on Close, with [Content_Types].xml's
// entries sorted, so that the bytes depend only on the contents (excelize
// builds [Content_Types].xml from a Go map once a chart is added, and
// writes the parts of StreamWriters in map order). The parts are held in
// memory: their size is bounded by the workbook's unzipped size, which
// ingest limited. (pipeline/workbook has its own, tuned for summary.xlsx;
// this one is small on purpose.)
//
// A part excelize writes back exactly as it read it (most of a workbook:
// the sheets without a finding, the theme, the drawings…) is copied as the
// department's file holds it, compressed bytes and all, instead of being
// deflated again.
type sortedZip struct {
	w     io.Writer
	parts map[string]*bytes.Buffer
	orig  map[string]origPart
}

// origPart is one part of the original workbook: its zip entry, and the
// bytes excelize read from it.
type origPart struct {
	file    *zip.File
	content []byte
}

var _ excelize.ZipWriter = (*sortedZip)(nil)

// originalParts returns the parts of the workbook data as excelize holds
// them right after opening it. A name the zip holds twice is left out:
// which of the two excelize read is its business.
func originalParts(data []byte, f *excelize.File) map[string]origPart {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	entries := map[string]*zip.File{}
	dup := map[string]bool{}
	for _, zf := range zr.File {
		if _, ok := entries[zf.Name]; ok {
			dup[zf.Name] = true
		}
		entries[zf.Name] = zf
	}
	orig := map[string]origPart{}
	f.Pkg.Range(func(k, v any) bool {
		name, _ := k.(string)
		content, _ := v.([]byte)
		if zf, ok := entries[name]; ok && !dup[name] && (zf.Method == zip.Store || zf.Method == zip.Deflate) {
			orig[name] = origPart{zf, content}
		}
		return true
	})
	return orig
}

// sortedZipWriter returns the excelize.ZipWriter of a copy of a workbook
// whose original parts are orig (nil: none is copied raw).
func sortedZipWriter(orig map[string]origPart) func(io.Writer) excelize.ZipWriter {
	return func(w io.Writer) excelize.ZipWriter {
		return &sortedZip{w: w, parts: map[string]*bytes.Buffer{}, orig: orig}
	}
}

// unchanged is the original entry of the part name when data is exactly
// what the original holds. The checksum guards against a byte slice
// excelize changed in place; the comparison against a checksum collision.
func (z *sortedZip) unchanged(name string, data []byte) (*zip.File, bool) {
	p, ok := z.orig[name]
	if !ok || uint64(len(data)) != p.file.UncompressedSize64 || !bytes.Equal(data, p.content) || crc32.ChecksumIEEE(data) != p.file.CRC32 {
		return nil, false
	}
	return p.file, true
}

// copyRaw copies the compressed bytes of the original entry zf as part name.
func copyRaw(zw *zip.Writer, name string, zf *zip.File) error {
	r, err := zf.OpenRaw()
	if err != nil {
		return err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name:               name,
		Flags:              zf.Flags & 0x800, // a UTF-8 name stays marked UTF-8 (CreateHeader sets it, CreateRaw does not)
		Method:             zf.Method,
		CRC32:              zf.CRC32,
		CompressedSize64:   zf.CompressedSize64,
		UncompressedSize64: zf.UncompressedSize64,
	})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// flateWriters keeps the deflate compressors between copies: one
// allocates about a megabyte of tables, which was a tenth of a small
// copy's time.
var flateWriters = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(io.Discard, flate.BestSpeed) // BestSpeed is a valid level: no error
	return fw
}}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	b := &bytes.Buffer{}
	z.parts[name] = b
	return b, nil
}

// AddFS is not used by excelize's Write; it adds the files of fsys like Create.
func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		z.parts[name] = bytes.NewBuffer(data)
		return nil
	})
}

func (z *sortedZip) Close() error {
	zw := zip.NewWriter(z.w)
	// klauspost/compress's deflate at BestSpeed, as summary.xlsx, for the
	// parts excelize changed (the others are copied raw, copyRaw): the
	// standard library's default level was a fifth of a copy's time.
	// One compressor for every part (zip closes a part's before it asks
	// for the next): a compressor per part would allocate more than the copy.
	fw := flateWriters.Get().(*flate.Writer)
	defer func() {
		fw.Reset(io.Discard) // holds no copy's buffer while pooled
		flateWriters.Put(fw)
	}()
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		fw.Reset(w)
		return fw, nil
	})
	names := make([]string, 0, len(z.parts))
	for name := range z.parts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		data := z.parts[name].Bytes()
		if name == "[Content_Types].xml" {
			data = sortContentTypes(data)
		}
		if zf, ok := z.unchanged(name, data); ok {
			if err := copyRaw(zw, name, zf); err != nil {
				return err
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

var contentTypeEntry = regexp.MustCompile(`<(Default|Override)\b[^>]*?(?:/>|>\s*</(?:Default|Override)>)`)

// sortContentTypes sorts the Default and Override entries (Defaults first,
// each by its text, which starts with its extension or part name).
func sortContentTypes(data []byte) []byte {
	locs := contentTypeEntry.FindAllIndex(data, -1)
	if len(locs) < 2 {
		return data
	}
	entries := make([]string, len(locs))
	for i, l := range locs {
		entries[i] = string(data[l[0]:l[1]])
	}
	// The entries are contiguous in what excelize writes; if not, the
	// part is left as it is rather than moved around something else.
	for i := 1; i < len(locs); i++ {
		if strings.TrimSpace(string(data[locs[i-1][1]:locs[i][0]])) != "" {
			return data
		}
	}
	slices.SortStableFunc(entries, func(a, b string) int {
		ad, bd := strings.HasPrefix(a, "<Default"), strings.HasPrefix(b, "<Default")
		if ad != bd {
			if ad {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	var out bytes.Buffer
	out.Write(data[:locs[0][0]])
	out.WriteString(strings.Join(entries, ""))
	out.Write(data[locs[len(locs)-1][1]:])
	return out.Bytes()
}
