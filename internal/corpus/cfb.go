package corpus

import (
	"encoding/binary"
	"unicode/utf16"
)

// legacyXLS returns a minimal Excel 97-2003 workbook: an OLE compound file
// (CFB version 3, 512-byte sectors) whose only stream, Workbook, holds a
// BIFF8 BOF record for the workbook globals and an EOF record. The stream is
// padded to 4,096 bytes, the mini-stream cutoff, so that it lives in normal
// sectors and the file needs no mini FAT.
//
// Sectors: 0 the FAT, 1 the directory, 2–9 the Workbook stream.
func legacyXLS() []byte {
	const (
		sector     = 512
		freeSect   = 0xFFFFFFFF
		endOfChain = 0xFFFFFFFE
		fatSect    = 0xFFFFFFFD
		noStream   = 0xFFFFFFFF
		streamSize = 4096
	)
	le := binary.LittleEndian
	out := make([]byte, sector*(1+2+streamSize/sector))

	// Header.
	h := out[:sector]
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(h[24:], 0x003E)     // minor version
	le.PutUint16(h[26:], 0x0003)     // major version 3
	le.PutUint16(h[28:], 0xFFFE)     // byte order: little-endian
	le.PutUint16(h[30:], 9)          // sector shift: 512
	le.PutUint16(h[32:], 6)          // mini sector shift: 64
	le.PutUint32(h[44:], 1)          // FAT sectors
	le.PutUint32(h[48:], 1)          // first directory sector
	le.PutUint32(h[56:], streamSize) // mini stream cutoff
	le.PutUint32(h[60:], endOfChain) // first mini FAT sector: none
	le.PutUint32(h[68:], endOfChain) // first DIFAT sector: none
	le.PutUint32(h[76:], 0)          // DIFAT[0]: the FAT is sector 0
	for i := 1; i < 109; i++ {
		le.PutUint32(h[76+4*i:], freeSect)
	}

	// FAT (sector 0).
	fat := out[sector : 2*sector]
	for i := range sector / 4 {
		le.PutUint32(fat[4*i:], freeSect)
	}
	le.PutUint32(fat[0:], fatSect)
	le.PutUint32(fat[4:], endOfChain)
	first, last := 2, 2+streamSize/sector-1
	for s := first; s < last; s++ {
		le.PutUint32(fat[4*s:], uint32(s+1))
	}
	le.PutUint32(fat[4*last:], endOfChain)

	// Directory (sector 1): root, Workbook, two unused entries.
	dir := out[2*sector : 3*sector]
	entry := func(i int, name string, typ byte, child, start uint32, size uint64) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		if name != "" {
			le.PutUint16(e[64:], uint16(2*(len(u)+1)))
		}
		e[66] = typ
		e[67] = 1 // black
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], noStream)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint64(e[120:], size)
	}
	entry(0, "Root Entry", 5, 1, endOfChain, 0)
	entry(1, "Workbook", 2, noStream, uint32(first), streamSize)
	entry(2, "", 0, noStream, 0, 0)
	entry(3, "", 0, noStream, 0, 0)

	// Workbook stream: BOF (0x0809, BIFF8, workbook globals), EOF (0x000A).
	wb := out[3*sector:]
	le.PutUint16(wb[0:], 0x0809)
	le.PutUint16(wb[2:], 16)
	le.PutUint16(wb[4:], 0x0600) // BIFF8
	le.PutUint16(wb[6:], 0x0005) // workbook globals
	le.PutUint16(wb[8:], 0x0DBB) // build
	le.PutUint16(wb[10:], 0x07CC)
	le.PutUint16(wb[20:], 0x000A)
	le.PutUint16(wb[22:], 0)
	return out
}
