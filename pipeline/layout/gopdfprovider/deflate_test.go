package gopdfprovider

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// fakePDF builds a file laid out the way gopdf v0.33.0 writes one with
// SetNoCompression: a header, numbered objects, an xref table with their
// offsets and a trailer. Objects 2 and 4 are uncompressed content streams;
// object 3 is a binary stream whose data holds "endobj\n\n" and must be
// copied as it is.
func fakePDF() (pdf []byte, contents map[int]string) {
	contents = map[int]string{
		2: "BT\n/F1 10 Tf\n[<0001>] TJ\nET\n" + strings.Repeat("0 0 m 10 10 l S\n", 50),
		4: "q 1 0 0 1 0 0 cm Q\n",
	}
	objs := []string{
		"<<\n/Type /Catalog\n/Pages 2 0 R\n>>\n",
		"<<\n/Length " + strconv.Itoa(len(contents[2])) + "\n>>\nstream\n" + contents[2] + "endstream\n",
		"<<\n/Length 20/Filter/FlateDecode\n>>\nstream\nabc\x00endobj\n\n9 0 obj\nxyz\nendstream\n",
		"<<\n/Length " + strconv.Itoa(len(contents[4])) + "\n>>\nstream\n" + contents[4] + "endstream\n",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%sendobj\n\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<<\n/Size %d\n/Root 1 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes(), contents
}

// deflateAll runs in through a streamDeflater in chunks of size n.
func deflateAll(t *testing.T, in []byte, n int) []byte {
	t.Helper()
	var out bytes.Buffer
	bw := bufio.NewWriter(&out)
	d, err := newStreamDeflater(bw, zlib.DefaultCompression)
	if err != nil {
		t.Fatal(err)
	}
	for len(in) > 0 {
		k := min(n, len(in))
		if _, err := d.Write(in[:k]); err != nil {
			t.Fatalf("chunk %d: %v", n, err)
		}
		in = in[k:]
	}
	if err := d.Close(); err != nil {
		t.Fatalf("chunk %d: close: %v", n, err)
	}
	return out.Bytes()
}

var objRE = regexp.MustCompile(`(\d+) 0 obj\n<<\n([^>]*)\n>>\nstream\n`)

// checkXref parses the output's xref table and checks that every entry
// points at its "N 0 obj" line and startxref at the table.
func checkXref(t *testing.T, out []byte) {
	t.Helper()
	i := bytes.LastIndex(out, []byte("startxref\n"))
	if i < 0 {
		t.Fatal("no startxref")
	}
	at, err := strconv.Atoi(strings.TrimSuffix(string(out[i+len("startxref\n"):]), "\n%%EOF\n"))
	if err != nil || !bytes.HasPrefix(out[at:], []byte("xref\n")) {
		t.Fatalf("startxref %q does not point at the xref table", out[i:])
	}
	lines := strings.Split(string(out[at:]), "\n")
	n, _ := strconv.Atoi(strings.TrimPrefix(lines[1], "0 "))
	for k := 1; k < n; k++ {
		off, err := strconv.Atoi(lines[2+k][:10])
		want := strconv.Itoa(k) + " 0 obj\n"
		if err != nil || !bytes.HasPrefix(out[off:], []byte(want)) {
			t.Errorf("xref entry %d (%q) does not point at %q", k, lines[2+k], want)
		}
	}
}

func TestStreamDeflater(t *testing.T) {
	in, contents := fakePDF()
	var first []byte
	// Byte by byte, in odd chunks and at once: gopdf writes in pieces of
	// every size, and the result must not depend on them.
	for _, n := range []int{1, 7, 64, len(in)} {
		out := deflateAll(t, in, n)
		if first == nil {
			first = out
		} else if !bytes.Equal(out, first) {
			t.Errorf("chunks of %d give other bytes than chunks of 1", n)
		}
	}
	checkXref(t, first)
	found := map[int]bool{}
	for _, m := range objRE.FindAllSubmatchIndex(first, -1) {
		num, _ := strconv.Atoi(string(first[m[2]:m[3]]))
		dict := string(first[m[4]:m[5]])
		want, isContent := contents[num]
		if !isContent {
			if dict != "/Length 20/Filter/FlateDecode" {
				t.Errorf("object %d: dictionary changed to %q", num, dict)
			}
			continue
		}
		length, err := strconv.Atoi(strings.TrimPrefix(dict, "/Filter/FlateDecode/Length "))
		if err != nil {
			t.Fatalf("object %d: dictionary %q, want /Filter/FlateDecode/Length N", num, dict)
		}
		data := first[m[1] : m[1]+length]
		if !bytes.HasPrefix(first[m[1]+length:], []byte("\nendstream\nendobj\n\n")) {
			t.Errorf("object %d: /Length %d does not end at endstream", num, length)
		}
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("object %d: %v", num, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || string(got) != want {
			t.Errorf("object %d inflates to %q (%v), want %q", num, got, err, want)
		}
		found[num] = true
	}
	if !found[2] || !found[4] {
		t.Errorf("content streams compressed: %v, want 2 and 4", found)
	}
	if !bytes.Contains(first, []byte("abc\x00endobj\n\n9 0 obj\nxyz\nendstream\nendobj\n\n4 0 obj")) {
		t.Error("the binary stream of object 3 was not copied unchanged")
	}
	if !bytes.Contains(first, []byte("trailer\n<<\n/Size 5\n/Root 1 0 R\n>>\nstartxref\n")) {
		t.Error("trailer not kept")
	}
}

// TestStreamDeflaterRefusesSurprises: input not laid out as gopdf does is
// an error, never a PDF with wrong offsets.
func TestStreamDeflaterRefusesSurprises(t *testing.T) {
	in, _ := fakePDF()
	cases := map[string][]byte{
		// gopdf's table says object 2 is elsewhere than where it was seen.
		"xref offset": bytes.Replace(in, []byte("\n0000000000 65535 f \n"), []byte("\n0000000000 65535 f \n0000000001 00000 n \n"), 1),
		// Objects out of order.
		"object order": bytes.Replace(in, []byte("\n2 0 obj\n"), []byte("\n7 0 obj\n"), 1),
		// No xref table at all.
		"truncated": in[:bytes.Index(in, []byte("xref\n"))],
	}
	for name, bad := range cases {
		var out bytes.Buffer
		d, err := newStreamDeflater(bufio.NewWriter(&out), zlib.DefaultCompression)
		if err != nil {
			t.Fatal(err)
		}
		_, werr := d.Write(bad)
		cerr := d.Close()
		if !errors.Is(werr, errPDFLayout) && !errors.Is(cerr, errPDFLayout) {
			t.Errorf("%s: write %v, close %v; want errPDFLayout", name, werr, cerr)
		}
	}
}

type failingWriter struct{ after int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.after < len(p) {
		n := max(f.after, 0)
		f.after = 0
		return n, errors.New("disk full")
	}
	f.after -= len(p)
	return len(p), nil
}

// TestStreamDeflaterWriteError: gopdf ignores write errors; the deflater
// must report the first one from Close.
func TestStreamDeflaterWriteError(t *testing.T) {
	in, _ := fakePDF()
	d, err := newStreamDeflater(bufio.NewWriterSize(&failingWriter{after: 100}, 16), zlib.DefaultCompression)
	if err != nil {
		t.Fatal(err)
	}
	d.Write(in) //nolint: the error is checked through Close, as the provider does
	if err := d.Close(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Close = %v, want the write error", err)
	}
}
