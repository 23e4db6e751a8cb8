package corpus

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strings"

	"planreport/pipeline/model"
	"planreport/templates"
)

// Sizes of the generated entries.
const (
	// BombParts × BombPartMiB is what the zip bomb's directory claims
	// (4 GiB); the file is about 4 MB.
	BombParts   = 4
	BombPartMiB = 1024
	// MillionRows is the number of rows of million-rows.xlsx.
	MillionRows = 1_000_000
	// LongCellChars is the length of long-cell.xlsx's overview.
	LongCellChars = 100_000
	// FloodEscapes is the number of _xHHHH_ escapes in escape-flood.xlsx.
	FloodEscapes = 1_000_000
)

// largeEntries are made at test time: they are too large to commit, or
// cheap to make and large once unpacked.
func largeEntries() []Entry {
	return []Entry{
		{
			Name: "zip-bomb.xlsx", About: fmt.Sprintf("a %d MB zip whose %d parts expand to %d GiB of zeros", 4, BombParts, BombParts*BombPartMiB/1024), Status: model.FileRejected,
			Want:  []Want{fileErr("zip_bomb")},
			large: func(path string) error { return writeZipBomb(path, BombParts, BombPartMiB) },
		},
		{
			Name: "million-rows.xlsx", About: "a management sheet followed by a million rows of numbers", Status: model.FileRejected,
			Want:  []Want{sheetErr("sheet_too_many_rows", "取組1"), fileErr("no_management_sheet")},
			large: writeMillionRows,
		},
		{
			Name: "long-cell.xlsx", About: "a 100,000-character overview cell", Status: model.FileAccepted,
			Want: []Want{at(model.SeverityError, "cell_too_long", "B4")},
			Verify: func(b *model.Batch) error {
				in := initiative(b, "long-cell.xlsx")
				if in == nil || !in.Overview.IsEmpty() || len(in.Indicators) != 1 {
					return fmt.Errorf("sheet not kept with an empty overview: %+v", in)
				}
				return nil
			},
			large: func(path string) error {
				data, err := book("long-cell", []templates.Sheet{baseSheet(50)}, nil)
				if err != nil {
					return err
				}
				long := strings.Repeat("長い概要の文章。", LongCellChars/8)
				if data, err = editPart(data, "xl/sharedStrings.xml", "<t>検証用の取組50の概要です。</t>", "<t>"+long+"</t>"); err != nil {
					return err
				}
				return os.WriteFile(path, data, 0o644)
			},
		},
		{
			Name: "huge-dimension.xlsx", About: "a management sheet whose recorded used range is A1:XFD1048576", Status: model.FileAccepted,
			Want:   []Want{{Code: "sheet_dimension_ignored", Severity: model.SeverityInfo, Sheet: "取組1"}},
			Verify: initiativeKept("huge-dimension.xlsx", 51),
			large: func(path string) error {
				data, err := book("huge-dimension", []templates.Sheet{baseSheet(51)}, nil)
				if err != nil {
					return err
				}
				if data, err = editPart(data, "xl/worksheets/sheet1.xml", `<dimension ref="A1">`, `<dimension ref="A1:XFD1048576">`); err != nil {
					return err
				}
				return os.WriteFile(path, data, 0o644)
			},
		},
		{
			Name: "escape-flood.xlsx", About: "a shared string of a million _xHHHH_ escapes (7 MB; decoding it would take hours)", Status: model.FileRejected,
			Want: []Want{fileErr("cell_too_long")},
			large: func(path string) error {
				data, err := book("escape-flood", []templates.Sheet{baseSheet(52)}, nil)
				if err != nil {
					return err
				}
				if data, err = editPart(data, "xl/sharedStrings.xml", "<t>検証用の取組52の概要です。</t>", "<t>"+escapes(FloodEscapes, 52)+"</t>"); err != nil {
					return err
				}
				return os.WriteFile(path, data, 0o644)
			},
		},
	}
}

// ZerosDeflate returns a raw deflate stream of mib MiB of zeros, its CRC-32
// and its size, without compressing mib MiB: one MiB is compressed after a
// first one and flushed to a byte boundary; that segment decodes to a MiB of
// zeros wherever the window holds zeros, so it is repeated. Deflate caps the
// ratio near 1032:1, so a GiB costs about a MB.
func ZerosDeflate(mib int) (data []byte, crc uint32, size uint64, err error) {
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, 0, 0, err
	}
	zeros := make([]byte, 1<<20)
	segment := func() ([]byte, error) {
		buf.Reset()
		if _, err := fw.Write(zeros); err != nil {
			return nil, err
		}
		if err := fw.Flush(); err != nil {
			return nil, err
		}
		return bytes.Clone(buf.Bytes()), nil
	}
	first, err := segment()
	if err != nil {
		return nil, 0, 0, err
	}
	repeat, err := segment()
	if err != nil {
		return nil, 0, 0, err
	}
	buf.Reset()
	if err := fw.Close(); err != nil { // the final, empty block
		return nil, 0, 0, err
	}
	tail := bytes.Clone(buf.Bytes())

	out := make([]byte, 0, len(first)+(mib-1)*len(repeat)+len(tail))
	out = append(out, first...)
	for range mib - 1 {
		out = append(out, repeat...)
	}
	out = append(out, tail...)
	for range mib {
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	return out, crc, uint64(mib) << 20, nil
}

// writeZipBomb writes a zip of a content-types part and parts sheets of
// partMiB MiB of zeros each (the same compressed bytes every time).
func writeZipBomb(path string, parts, partMiB int) error {
	data, crc, size, err := ZerosDeflate(partMiB)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "[Content_Types].xml", Method: zip.Deflate})
	if err != nil {
		return err
	}
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	for i := 1; i <= parts; i++ {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i), Method: zip.Deflate,
			CRC32: crc, CompressedSize64: uint64(len(data)), UncompressedSize64: size,
		})
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

// writeMillionRows streams a workbook whose sheet holds a clean management
// sheet in rows 1–15 and numbers down to row MillionRows (about 40 MB of
// XML, a few MB compressed). Nothing of it is held in memory.
func writeMillionRows(path string) error {
	data, err := book("million-rows", []templates.Sheet{baseSheet(53)}, nil)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	zw := zip.NewWriter(bw)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		sheet, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		head, tail, ok := bytes.Cut(sheet, []byte("</sheetData>"))
		if !ok {
			return fmt.Errorf("corpus: no </sheetData> in the sheet")
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		rw := bufio.NewWriterSize(w, 1<<20)
		rw.Write(head)
		for r := 16; r <= MillionRows; r++ {
			fmt.Fprintf(rw, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, r, r, r)
		}
		rw.WriteString("</sheetData>")
		rw.Write(tail)
		if err := rw.Flush(); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}
