package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"

	"planreport/pipeline/config"
)

// Rejection says why a file was not read: a stable code and a Japanese
// message (without the file name, which the caller prefixes).
type Rejection struct {
	Code string
	Msg  string
}

func (r *Rejection) Error() string { return r.Code + ": " + r.Msg }

var (
	oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// An encrypted OOXML workbook is an OLE compound file whose directory
	// holds a stream named EncryptionInfo (names are UTF-16LE).
	encryptionInfoName = utf16le("EncryptionInfo")
	// A zip starts with the header of its first entry, or with the end of
	// its directory when it has none. Text that happens to begin with
	// "PK" (a CSV whose first column is PKEY) is not one.
	zipLocalHeader = []byte("PK\x03\x04")
	zipEmptyEnd    = []byte("PK\x05\x06")
)

// isZip reports whether data starts as a zip does.
func isZip(data []byte) bool {
	return bytes.HasPrefix(data, zipLocalHeader) || bytes.HasPrefix(data, zipEmptyEnd)
}

// notZipMessage is said of a file that is no zip, so no .xlsx: what it
// most often is, and what to do.
const notZipMessage = "Excel のブック（.xlsx）として読めません。ZIP 形式ではありません（.xls や CSV を .xlsx に名前だけ変えたファイルではありませんか。Excel で開き、.xlsx 形式で保存し直してください）"

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// Zip entries whose compressed-to-uncompressed ratio exceeds maxRatio are
// treated as a zip bomb once they are larger than ratioFloor: real sheet
// XML compresses 5–50×, a run of zeros 1000×.
const (
	maxRatio   = 500
	ratioFloor = 1 << 20
)

// openContainer classifies the bytes of a would-be .xlsx before excelize
// sees them, and returns the zip directory when it may be read. Nothing
// is decompressed here: sizes come from the zip's central directory.
func openContainer(data []byte, lim config.Limits) (*zip.Reader, *Rejection) {
	switch {
	case len(data) == 0:
		return nil, &Rejection{CodeFileEmpty, "ファイルが空です（0バイト）。保存し直して提出してください"}
	case bytes.HasPrefix(data, oleSignature):
		if bytes.Contains(data, encryptionInfoName) {
			return nil, &Rejection{CodeFileEncrypted, "パスワードで保護（暗号化）されたブックのため読めません。パスワードを解除して .xlsx で保存し直してください"}
		}
		return nil, &Rejection{CodeFileXLS, "古い形式のExcelファイル（.xls）の拡張子を .xlsx に変えたもののようです。Excelで開き「Excel ブック (*.xlsx)」として保存し直してください"}
	case !isZip(data):
		return nil, &Rejection{CodeFileNotZip, notZipMessage}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &Rejection{CodeFileTruncated, fmt.Sprintf("ファイルが途中で切れているか壊れているため開けません（%s）。保存し直して提出してください", problemText(err, ""))}
	}
	var total uint64
	limit := uint64(max(lim.UnzippedBytes, 0))
	for _, f := range zr.File {
		// Compared before adding, so that hostile sizes cannot wrap around.
		if f.UncompressedSize64 > limit-total {
			total = limit + 1
			break
		}
		total += f.UncompressedSize64
		if f.UncompressedSize64 > ratioFloor && f.UncompressedSize64/max(f.CompressedSize64, 1) > maxRatio {
			return nil, &Rejection{CodeZipBomb, fmt.Sprintf("圧縮率が異常な部品「%s」（%dバイトが%dバイトに展開）を含むため、展開せずに除外しました", f.Name, f.CompressedSize64, f.UncompressedSize64)}
		}
	}
	if total > limit {
		return nil, &Rejection{CodeZipBomb, fmt.Sprintf("展開後の大きさが上限（%dバイト）を超えるため、展開せずに除外しました。画像や不要なシートを除いて保存し直してください（上限は設定の limits.unzipped_bytes）", lim.UnzippedBytes)}
	}
	return zr, nil
}
