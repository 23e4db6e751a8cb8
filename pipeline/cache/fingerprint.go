package cache

import (
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"reflect"
)

// A fingerprinter writes a value into a hash, field by field, so that two
// values with the same fingerprint have the same exported contents. It
// replaces the JSON of a department's batch as the cache key's input:
// marshalling a megabyte of JSON per hundred sheets cost about a tenth of
// the nightly run after one workbook changed, while this walk writes the
// strings as they are, with no escaping and no number formatting.
//
// Every exported field is written, in declaration order (json:"-" ones
// too: more in the key only costs a reuse), each string and slice with its
// length, and nil pointers and slices apart from empty ones, so that no two
// different values write the same bytes. A kind it does not know (maps,
// whose order is random; interfaces; functions) is an error, not a silent
// gap in the key.
type fingerprinter struct {
	h      hash.Hash
	buf    []byte
	fields map[reflect.Type][]int // the exported fields of each struct type seen
}

// flushAt is how much the fingerprinter buffers before writing to the hash.
const flushAt = 32 << 10

func newFingerprinter(h hash.Hash) *fingerprinter {
	return &fingerprinter{h: h, buf: make([]byte, 0, flushAt+1024), fields: map[reflect.Type][]int{}}
}

// write adds v to the hash.
func (f *fingerprinter) write(v any) error {
	if err := f.value(reflect.ValueOf(v)); err != nil {
		return err
	}
	f.flush()
	return nil
}

func (f *fingerprinter) flush() {
	f.h.Write(f.buf)
	f.buf = f.buf[:0]
}

func (f *fingerprinter) length(n int) { f.buf = binary.AppendUvarint(f.buf, uint64(n)) }

func (f *fingerprinter) value(v reflect.Value) error {
	if len(f.buf) >= flushAt {
		f.flush()
	}
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		f.length(len(s))
		if len(s) > flushAt {
			f.flush()
			f.h.Write([]byte(s))
		} else {
			f.buf = append(f.buf, s...)
		}
	case reflect.Bool:
		if v.Bool() {
			f.buf = append(f.buf, 1)
		} else {
			f.buf = append(f.buf, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.buf = binary.AppendVarint(f.buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.buf = binary.AppendUvarint(f.buf, v.Uint())
	case reflect.Float32, reflect.Float64:
		f.buf = binary.LittleEndian.AppendUint64(f.buf, math.Float64bits(v.Float()))
	case reflect.Pointer:
		if v.IsNil() {
			f.buf = append(f.buf, 0)
			return nil
		}
		f.buf = append(f.buf, 1)
		return f.value(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			f.buf = append(f.buf, 0)
			return nil
		}
		f.buf = append(f.buf, 1)
		fallthrough
	case reflect.Array:
		n := v.Len()
		f.length(n)
		for i := range n {
			if err := f.value(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for _, i := range f.exported(v.Type()) {
			if err := f.value(v.Field(i)); err != nil {
				return fmt.Errorf("%s.%s: %w", v.Type(), v.Type().Field(i).Name, err)
			}
		}
	default:
		return fmt.Errorf("%s は鍵に使えない型です", v.Type())
	}
	return nil
}

// exported returns the indexes of t's exported fields, and of its embedded
// structs (exported or not: their exported fields are promoted, and JSON
// shows them).
func (f *fingerprinter) exported(t reflect.Type) []int {
	if idx, ok := f.fields[t]; ok {
		return idx
	}
	idx := []int{}
	for i := range t.NumField() {
		if sf := t.Field(i); sf.IsExported() || (sf.Anonymous && sf.Type.Kind() == reflect.Struct) {
			idx = append(idx, i)
		}
	}
	f.fields[t] = idx
	return idx
}
