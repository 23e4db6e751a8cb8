package corpus

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"planreport/pipeline/model"
	"planreport/templates"
)

// Password is the password of password.xlsx (a test can open it with it).
const Password = "planreport"

// fileEntries are files that are not readable workbooks at all.
func fileEntries() []Entry {
	return []Entry{
		{
			Name: "empty.xlsx", About: "0 bytes", Status: model.FileRejected, Committed: true,
			Want:  []Want{fileErr("file_empty")},
			bytes: func() ([]byte, error) { return []byte{}, nil },
		},
		{
			Name: "text.xlsx", About: "plain text named .xlsx", Status: model.FileRejected, Committed: true,
			Want: []Want{fileErr("file_not_zip")},
			bytes: func() ([]byte, error) {
				return []byte("取組管理シート\n目標値,実績値\n100,90\n(this is a text file, not a workbook)\n"), nil
			},
		},
		{
			Name: "truncated.xlsx", About: "a workbook cut in half (no zip directory)", Status: model.FileRejected, Committed: true,
			Want: []Want{fileErr("file_truncated")},
			bytes: func() ([]byte, error) {
				data, err := book("truncated", []templates.Sheet{baseSheet(1)}, nil)
				return data[:len(data)/2], err
			},
		},
		{
			Name: "old-format.xlsx", About: "an Excel 97-2003 .xls (OLE compound file, BIFF8) renamed .xlsx", Status: model.FileRejected, Committed: true,
			Want:  []Want{fileErr("file_xls")},
			bytes: func() ([]byte, error) { return legacyXLS(), nil },
		},
		{
			Name: "old-format.xls", About: "the same .xls under its own name", Status: model.FileRejected, Committed: true,
			Want:  []Want{fileErr("file_wrong_format")},
			bytes: func() ([]byte, error) { return legacyXLS(), nil },
		},
		{
			Name: "password.xlsx", About: "a workbook encrypted with a password (OLE file with EncryptionInfo)", Status: model.FileRejected, Committed: true,
			Want:  []Want{fileErr("file_encrypted")},
			bytes: encryptedBook,
		},
		{
			Name: "macro.xlsm", About: "a macro-enabled workbook (.xlsm with xl/vbaProject.bin)", Status: model.FileRejected, Committed: true,
			Want: []Want{fileErr("file_macro_enabled")},
			bytes: func() ([]byte, error) {
				data, err := book("macro", []templates.Sheet{baseSheet(2)}, nil)
				if err != nil {
					return nil, err
				}
				return rewrite(data, nil, [2]string{"xl/vbaProject.bin", "\xd0\xcf\x11\xe0 Attribute VB_Name = \"Module1\"\nSub Auto_Open()\n Shell \"calc.exe\"\nEnd Sub\n"})
			},
		},
		{
			Name: "many-sheets.xlsx", About: "a workbook listing 501 sheets (over the sheet limit)", Status: model.FileRejected, Committed: true,
			Want:  []Want{fileErr("too_many_sheets")},
			bytes: manySheets,
		},
		{
			Name: "lying-size.xlsx", About: "a sheet part whose zip directory says 4 KB but which inflates to 16 MB", Status: model.FileRejected, Committed: true,
			Want:  []Want{sheetErr("sheet_malformed", "取組1"), fileErr("no_management_sheet")},
			bytes: lyingSize,
		},
		{
			Name: "control-char-ref.xlsx", About: "a character reference to a control character (&#x1;) in the shared strings", Status: model.FileRejected, Committed: true,
			Want: []Want{fileErr("shared_strings_malformed")},
			bytes: func() ([]byte, error) {
				data, err := book("control-char-ref", []templates.Sheet{baseSheet(3)}, nil)
				if err != nil {
					return nil, err
				}
				return editPart(data, "xl/sharedStrings.xml", "<t>検証用の取組3</t>", "<t>検証用の&#x1;取組3</t>")
			},
		},
	}
}

// encryptedBook is a real password-protected workbook: excelize encrypts
// it (ECMA-376 standard encryption) into an OLE compound file holding
// EncryptionInfo and EncryptedPackage streams. The salt is random, so its
// bytes differ on every call.
func encryptedBook() ([]byte, error) {
	f, _, err := templates.Build(templates.Workbook{File: "password.xlsx", Sheets: []templates.Sheet{baseSheet(4)}})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf, excelize.Options{Password: Password}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// manySheets lists 501 sheets in workbook.xml; none of them needs a part,
// since the limit is checked before any sheet is read.
func manySheets() ([]byte, error) {
	data, err := book("many-sheets", []templates.Sheet{baseSheet(5)}, nil)
	if err != nil {
		return nil, err
	}
	var sheets strings.Builder
	sheets.WriteString(`<sheets><sheet name="取組1" sheetId="1" r:id="rId1"></sheet>`)
	for i := 2; i <= 501; i++ {
		fmt.Fprintf(&sheets, `<sheet name="S%d" sheetId="%d" r:id="rId%d"></sheet>`, i, i+1000, i+1000)
	}
	sheets.WriteString(`</sheets>`)
	return editPart(data, "xl/workbook.xml",
		`<sheets><sheet name="取組1" sheetId="1" r:id="rId1"></sheet></sheets>`, sheets.String())
}

// lyingSize replaces the sheet part by a deflate stream of 16 MiB (a sheet
// start and spaces) while the zip directory claims 4,096 bytes: the ratio
// check sees nothing unusual, and the reader must stop at the declared
// size (archive/zip does: ErrFormat).
func lyingSize() ([]byte, error) {
	data, err := book("lying-size", []templates.Sheet{baseSheet(6)}, nil)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(zf); err != nil {
				return nil, err
			}
			continue
		}
		var comp bytes.Buffer
		fw, err := flate.NewWriter(&comp, flate.BestCompression)
		if err != nil {
			return nil, err
		}
		head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
		fw.Write([]byte(head))
		spaces := bytes.Repeat([]byte(" "), 1<<20)
		for range 16 {
			fw.Write(spaces)
		}
		fw.Write([]byte(`</sheetData></worksheet>`))
		if err := fw.Close(); err != nil {
			return nil, err
		}
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: zf.Name, Method: zip.Deflate,
			CRC32: 0x12345678, CompressedSize64: uint64(comp.Len()), UncompressedSize64: 4096,
		})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(comp.Bytes()); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
