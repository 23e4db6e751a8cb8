package excelize

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// planreport: tests of chunkBuffer (stream.go), the in-memory buffer of a
// StreamWriter.

func TestChunkBufferKeepsEveryByte(t *testing.T) {
	var b chunkBuffer
	var want bytes.Buffer
	for i := range 30000 {
		s := fmt.Sprintf(`<c r="A%d"><v>%d</v></c>`, i, i*7)
		if i%3 == 0 {
			b.Write([]byte(s))
		} else {
			b.WriteString(s)
		}
		want.WriteString(s)
	}
	big := strings.Repeat("界", 1<<19) // one write larger than a chunk
	b.WriteString(big)
	want.WriteString(big)
	if b.Len() != want.Len() {
		t.Fatalf("Len %d, want %d", b.Len(), want.Len())
	}
	if b.cur == 0 {
		t.Fatal("everything landed in one chunk; the test does not cross chunks")
	}
	if !bytes.Equal(b.Bytes(), want.Bytes()) {
		t.Error("Bytes differ from what was written")
	}
	read, err := io.ReadAll(b.Reader())
	if err != nil || !bytes.Equal(read, want.Bytes()) {
		t.Errorf("Reader: %v, equal %v", err, bytes.Equal(read, want.Bytes()))
	}
	var out bytes.Buffer
	if n, err := b.WriteTo(&out); err != nil || n != int64(want.Len()) || !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Errorf("WriteTo: %d bytes, %v", n, err)
	}
	for i, c := range b.chunks {
		if cap(c) > maxStreamChunk {
			t.Errorf("chunk %d has room for %d bytes", i, cap(c))
		}
	}

	chunks := len(b.chunks)
	b.Reset()
	if b.Len() != 0 || len(b.Bytes()) != 0 {
		t.Fatalf("after Reset: Len %d, %d bytes", b.Len(), len(b.Bytes()))
	}
	b.WriteString("<row/>")
	if string(b.Bytes()) != "<row/>" || len(b.chunks) != chunks {
		t.Errorf("after Reset: %q in %d chunks (had %d)", b.Bytes(), len(b.chunks), chunks)
	}
}

func TestStreamWriterRowsReadBack(t *testing.T) {
	f := NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	const rows = 20000
	for r := 1; r <= rows; r++ {
		cell, _ := CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, []any{r, fmt.Sprintf("行%d", r), float64(r) / 4}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, err := g.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != rows {
		t.Fatalf("%d rows read back, want %d", len(got), rows)
	}
	for _, r := range []int{1, 777, rows} {
		want := []string{fmt.Sprint(r), fmt.Sprintf("行%d", r), fmt.Sprint(float64(r) / 4)}
		if fmt.Sprint(got[r-1]) != fmt.Sprint(want) {
			t.Errorf("row %d: %v, want %v", r, got[r-1], want)
		}
	}
}
