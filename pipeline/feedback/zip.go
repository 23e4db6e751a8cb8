package feedback

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"

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
type sortedZip struct {
	w     io.Writer
	parts map[string]*bytes.Buffer
}

var _ excelize.ZipWriter = (*sortedZip)(nil)

func newSortedZip(w io.Writer) excelize.ZipWriter {
	return &sortedZip{w: w, parts: map[string]*bytes.Buffer{}}
}

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
	// klauspost/compress's deflate at BestSpeed, as summary.xlsx: the copy
	// re-deflates every part of the workbook, the untouched sheets too,
	// and the standard library's default level was a fifth of a copy's time.
	// One compressor for every part (zip closes a part's before it asks
	// for the next): a compressor per part would allocate more than the copy.
	var fw *flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		if fw == nil {
			var err error
			fw, err = flate.NewWriter(w, flate.BestSpeed)
			return fw, err
		}
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
