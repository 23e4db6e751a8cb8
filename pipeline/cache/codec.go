package cache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"math"
	"reflect"
	"strings"
)

// The cache writes values of the model field by field, in one binary
// layout, for two uses:
//
//   - a department PDF's key: the fingerprint of the part of the batch it
//     shows, written into a hash (marshalling it to JSON cost a tenth of
//     the nightly run after one workbook changed);
//   - an ingest entry: the parsed workbook, encoded and decoded again on the
//     next night (gob spent a third of its decoding time building its
//     decoders anew for each entry, and gave nil for empty lists).
//
// Every exported field is written, in declaration order (json:"-" ones
// too), each slice with its length and nil slices and pointers apart from
// empty ones, so that no two different values write the same bytes and a
// decoded value equals the encoded one (reflect.DeepEqual). A kind it does
// not know (maps, whose order is random; interfaces; functions) is an
// error, not a silent gap. The layout has no type information: an entry is
// decoded only into the type it was encoded from (the cache's keys change
// with the program's build and with layoutSignature).

// fieldIndexes caches the fields of each struct type met, and the error of
// a type that cannot be written.
type fieldIndexes map[reflect.Type]structFields

type structFields struct {
	idx []int
	err error
}

// of returns the indexes of t's exported fields, and of its embedded
// structs (exported or not: their exported fields are promoted, and JSON
// shows them). Any other unexported field is an error: left out, it would
// be a silent gap in a key and lost from a cache entry.
func (c fieldIndexes) of(t reflect.Type) ([]int, error) {
	if sf, ok := c[t]; ok {
		return sf.idx, sf.err
	}
	var sf structFields
	sf.idx = []int{}
	for i := range t.NumField() {
		switch f := t.Field(i); {
		case f.IsExported() || (f.Anonymous && f.Type.Kind() == reflect.Struct):
			sf.idx = append(sf.idx, i)
		case sf.err == nil:
			sf.err = fmt.Errorf("%s.%s: 非公開のフィールドは書けません", t, f.Name)
		}
	}
	c[t] = sf
	return sf.idx, sf.err
}

// An encoder appends values to buf. With a hash, it writes buf into the
// hash whenever buf grows past flushAt (fingerprints); without, buf holds
// the whole encoding. With strings set, each distinct string is written
// once and then referred to by its number (entries repeat a workbook's
// name and sheet names in every cell's source).
type encoder struct {
	h       hash.Hash
	buf     []byte
	strings map[string]uint64 // nil: strings written in full every time
	fields  fieldIndexes
}

// flushAt is how much a fingerprint buffers before writing to the hash.
const flushAt = 32 << 10

// newFingerprinter returns an encoder writing into h.
func newFingerprinter(h hash.Hash) *encoder {
	return &encoder{h: h, buf: make([]byte, 0, flushAt+1024), fields: fieldIndexes{}}
}

// encode returns the encoding of v, strings numbered. A pointer is
// encoded as what it points to, which decode reads back through a pointer.
func encode(v any) ([]byte, error) {
	e := &encoder{strings: map[string]uint64{}, fields: fieldIndexes{}}
	if err := e.value(topLevel(v)); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// write adds v to the fingerprint's hash (a pointer: what it points to).
func (e *encoder) write(v any) error {
	if err := e.value(topLevel(v)); err != nil {
		return err
	}
	e.flush()
	return nil
}

func topLevel(v any) reflect.Value {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return rv.Elem()
	}
	return rv
}

func (e *encoder) flush() {
	e.h.Write(e.buf)
	e.buf = e.buf[:0]
}

func (e *encoder) uvarint(n uint64) { e.buf = binary.AppendUvarint(e.buf, n) }

func (e *encoder) string(s string) {
	if e.strings != nil {
		if i, ok := e.strings[s]; ok {
			e.uvarint(i + 1)
			return
		}
		e.strings[s] = uint64(len(e.strings))
		e.uvarint(0)
	}
	e.uvarint(uint64(len(s)))
	if e.h != nil && len(s) > flushAt {
		e.flush()
		e.h.Write([]byte(s))
		return
	}
	e.buf = append(e.buf, s...)
}

func (e *encoder) value(v reflect.Value) error {
	if e.h != nil && len(e.buf) >= flushAt {
		e.flush()
	}
	switch v.Kind() {
	case reflect.String:
		e.string(v.String())
	case reflect.Bool:
		if v.Bool() {
			e.buf = append(e.buf, 1)
		} else {
			e.buf = append(e.buf, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = binary.AppendVarint(e.buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.uvarint(v.Uint())
	case reflect.Float32, reflect.Float64:
		e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(v.Float()))
	case reflect.Pointer:
		if v.IsNil() {
			e.buf = append(e.buf, 0)
			return nil
		}
		e.buf = append(e.buf, 1)
		return e.value(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			e.uvarint(0)
			return nil
		}
		e.uvarint(uint64(v.Len()) + 1)
		return e.elements(v)
	case reflect.Array:
		return e.elements(v)
	case reflect.Struct:
		idx, err := e.fields.of(v.Type())
		if err != nil {
			return err
		}
		for _, i := range idx {
			if err := e.value(v.Field(i)); err != nil {
				return fmt.Errorf("%s.%s: %w", v.Type(), v.Type().Field(i).Name, err)
			}
		}
	default:
		return fmt.Errorf("%s は鍵に使えない型です", v.Type())
	}
	return nil
}

func (e *encoder) elements(v reflect.Value) error {
	for i := range v.Len() {
		if err := e.value(v.Index(i)); err != nil {
			return err
		}
	}
	return nil
}

// errEntry is any encoding decode cannot read back into its type.
var errEntry = errors.New("キャッシュの内容が読めません")

// decode sets *into (into a non-nil pointer) from data as encode wrote it.
// It checks every length against what is left of data, so damaged input is
// an error, never a panic, and what it allocates stays within a small
// multiple of len(data).
func decode(data []byte, into any) error {
	v := reflect.ValueOf(into)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("decode into %T: %w", into, errEntry)
	}
	d := &decoder{data: data, fields: fieldIndexes{}}
	if err := d.value(v.Elem()); err != nil {
		return err
	}
	if len(d.data) != 0 {
		return fmt.Errorf("%d bytes past the end: %w", len(d.data), errEntry)
	}
	return nil
}

type decoder struct {
	data    []byte // what is left to read
	strings []string
	fields  fieldIndexes
	sizes   map[reflect.Type]int // minSize's answers
}

// minSize is the fewest bytes a value of t is encoded in.
func (d *decoder) minSize(t reflect.Type) int {
	if n, ok := d.sizes[t]; ok {
		return n
	}
	n := 1 // a string (its number), bool, integer, pointer or slice mark
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		n = 8
	case reflect.Array:
		n = t.Len() * d.minSize(t.Elem())
	case reflect.Struct:
		n = 0
		idx, _ := d.fields.of(t)
		for _, i := range idx {
			n += d.minSize(t.Field(i).Type)
		}
	}
	if d.sizes == nil {
		d.sizes = map[reflect.Type]int{}
	}
	d.sizes[t] = n
	return n
}

func (d *decoder) uvarint() (uint64, error) {
	n, size := binary.Uvarint(d.data)
	if size <= 0 {
		return 0, errEntry
	}
	d.data = d.data[size:]
	return n, nil
}

// length reads a count of things still to come, each at least a byte.
func (d *decoder) length() (int, error) {
	n, err := d.uvarint()
	if err != nil || n > uint64(len(d.data)) {
		return 0, errEntry
	}
	return int(n), nil
}

func (d *decoder) byte() (byte, error) {
	if len(d.data) == 0 {
		return 0, errEntry
	}
	b := d.data[0]
	d.data = d.data[1:]
	return b, nil
}

func (d *decoder) string() (string, error) {
	k, err := d.uvarint()
	if err != nil {
		return "", err
	}
	if k > 0 {
		if k > uint64(len(d.strings)) {
			return "", errEntry
		}
		return d.strings[k-1], nil
	}
	n, err := d.length()
	if err != nil {
		return "", err
	}
	s := string(d.data[:n])
	d.data = d.data[n:]
	d.strings = append(d.strings, s)
	return s, nil
}

func (d *decoder) value(v reflect.Value) error {
	if !v.CanSet() && v.Kind() != reflect.Struct && v.Kind() != reflect.Array {
		// An unexported embedded struct's fields: encode reads them, but
		// reflect cannot set them. The model has none.
		return fmt.Errorf("%s: %w", v.Type(), errEntry)
	}
	switch v.Kind() {
	case reflect.String:
		s, err := d.string()
		if err != nil {
			return err
		}
		v.SetString(s)
	case reflect.Bool:
		b, err := d.byte()
		if err != nil || b > 1 {
			return errEntry
		}
		v.SetBool(b == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, size := binary.Varint(d.data)
		if size <= 0 || v.OverflowInt(n) {
			return errEntry
		}
		d.data = d.data[size:]
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := d.uvarint()
		if err != nil || v.OverflowUint(n) {
			return errEntry
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		if len(d.data) < 8 {
			return errEntry
		}
		v.SetFloat(math.Float64frombits(binary.LittleEndian.Uint64(d.data)))
		d.data = d.data[8:]
	case reflect.Pointer:
		b, err := d.byte()
		if err != nil || b > 1 {
			return errEntry
		}
		if b == 0 {
			v.SetZero()
			return nil
		}
		p := reflect.New(v.Type().Elem())
		if err := d.value(p.Elem()); err != nil {
			return err
		}
		v.Set(p)
	case reflect.Slice:
		k, err := d.uvarint()
		if err != nil {
			return err
		}
		if k == 0 {
			v.SetZero()
			return nil
		}
		// Each element takes at least minSize bytes, so a count past
		// what the bytes left can hold is damage, found before the slice
		// is made (an element of no bytes cannot be counted: refused).
		minSize := d.minSize(v.Type().Elem())
		if k > 1 && (minSize == 0 || k-1 > uint64(len(d.data)/minSize)) {
			return errEntry
		}
		n := int(k - 1)
		s := reflect.MakeSlice(v.Type(), n, n)
		if err := d.elements(s); err != nil {
			return err
		}
		v.Set(s)
	case reflect.Array:
		return d.elements(v)
	case reflect.Struct:
		idx, err := d.fields.of(v.Type())
		if err != nil {
			return err
		}
		for _, i := range idx {
			if err := d.value(v.Field(i)); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%s: %w", v.Type(), errEntry)
	}
	return nil
}

func (d *decoder) elements(v reflect.Value) error {
	for i := range v.Len() {
		if err := d.value(v.Index(i)); err != nil {
			return err
		}
	}
	return nil
}

// layoutSignature names every type and exported field under t, in the
// order encode writes them: part of every key, so that an entry is never
// decoded into a type of another layout (a build with a changed model has
// another salt anyway; this holds when the build stamp does not change).
func layoutSignature(t reflect.Type) string {
	var b strings.Builder
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		fmt.Fprintf(&b, "%s/%s", t, t.Kind())
		if seen[t] {
			b.WriteByte(';')
			return
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice:
			b.WriteByte('(')
			walk(t.Elem())
			b.WriteByte(')')
		case reflect.Array:
			fmt.Fprintf(&b, "[%d](", t.Len())
			walk(t.Elem())
			b.WriteByte(')')
		case reflect.Struct:
			b.WriteByte('{')
			idx, _ := fieldIndexes{}.of(t) // an error shows in encode
			for _, i := range idx {
				b.WriteString(t.Field(i).Name + " ")
				walk(t.Field(i).Type)
			}
			b.WriteByte('}')
		}
		b.WriteByte(';')
	}
	walk(t)
	return b.String()
}
