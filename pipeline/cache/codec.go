package cache

import (
	"errors"
	"fmt"
	"hash"
	"math"
	"reflect"
	"strings"

	"github.com/fxamacker/cbor/v2"
)

// The cache writes values of the model as CBOR (RFC 8949) with Core
// Deterministic Encoding (github.com/fxamacker/cbor/v2), for two uses:
//
//   - a department PDF's key: the hash of the encoding of the part of the
//     batch it shows;
//   - an ingest entry: the parsed workbook, encoded and decoded again on the
//     next night.
//
// Deterministic encoding sorts map keys and writes every number in its
// shortest form, so equal values give equal bytes. Nil slices and pointers
// are CBOR null, apart from empty ones, and floats keep the sign of zero,
// so a decoded value equals the encoded one (reflect.DeepEqual).
//
// The library leaves out what it cannot see: unexported fields and fields
// tagged "-" would be silent gaps in a key and lost from an entry, and an
// interface decodes to another type than was encoded. checkType refuses
// such types before anything is written.

var (
	// encMode and decMode are immutable once built: safe for concurrent use.
	encMode cbor.EncMode
	decMode cbor.DecMode
)

func init() {
	var err error
	if encMode, err = cbor.CoreDetEncOptions().EncMode(); err != nil {
		panic(err) // fixed options: a programming error
	}
	if decMode, err = (cbor.DecOptions{
		// Entries hold texts as the workbooks had them, invalid UTF-8
		// included (a file name), and are sealed with their checksum.
		UTF8: cbor.UTF8DecodeInvalid,
		// A field the type does not have means another layout: refused,
		// not dropped.
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField,
		// A workbook with many findings has long lists; the sealed entry
		// was written by this program, and a count past the data is still
		// refused.
		MaxArrayElements: math.MaxInt32,
		MaxMapPairs:      math.MaxInt32,
	}).DecMode(); err != nil {
		panic(err)
	}
}

// encode returns the encoding of v. A pointer is encoded as what it points
// to, which decode reads back through a pointer.
func encode(v any) ([]byte, error) {
	if err := checkType(reflect.TypeOf(v)); err != nil {
		return nil, err
	}
	return encMode.Marshal(v)
}

// decode reads data, all of it, into the value into points to.
func decode(data []byte, into any) error {
	rv := reflect.ValueOf(into)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("decode into %T: not a pointer", into)
	}
	if err := checkType(rv.Type()); err != nil {
		return err
	}
	return decMode.Unmarshal(data, into)
}

// writeFingerprint adds the encoding of v to h (a department PDF's key).
func writeFingerprint(h hash.Hash, v any) error {
	data, err := encode(v)
	if err != nil {
		return err
	}
	_, err = h.Write(data)
	return err
}

// checkType fails for a type under t that the encoding would not carry
// whole: an interface, function or channel, an unexported field (other than
// an embedded struct, whose fields are promoted), or a field tagged "-".
func checkType(t reflect.Type) error {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type) error
	walk = func(t reflect.Type) error {
		if t == nil {
			return errors.New("値がありません")
		}
		if seen[t] {
			return nil
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Complex64, reflect.Complex128:
			return fmt.Errorf("%s: この種類の値は書けません", t)
		case reflect.Pointer, reflect.Slice, reflect.Array:
			return walk(t.Elem())
		case reflect.Map:
			if err := walk(t.Key()); err != nil {
				return err
			}
			return walk(t.Elem())
		case reflect.Struct:
			idx, err := fields(t)
			if err != nil {
				return err
			}
			for _, i := range idx {
				if err := walk(t.Field(i).Type); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(t)
}

// fields returns the indexes of t's fields the encoding carries: exported
// ones and embedded structs (exported or not: their exported fields are
// promoted). Any other field is an error.
func fields(t reflect.Type) ([]int, error) {
	idx := []int{}
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case f.Tag.Get("cbor") == "-" || (f.Tag.Get("cbor") == "" && f.Tag.Get("json") == "-"):
			return nil, fmt.Errorf("%s.%s: 書き出さないフィールド（\"-\"）は鍵の抜けになります", t, f.Name)
		case f.IsExported() || (f.Anonymous && f.Type.Kind() == reflect.Struct):
			idx = append(idx, i)
		default:
			return nil, fmt.Errorf("%s.%s: 非公開のフィールドは書けません", t, f.Name)
		}
	}
	return idx, nil
}

// layoutSignature names every type and field under t: part of every key,
// so that an entry is never decoded into a type of another layout (a build
// with a changed model has another salt anyway; this holds when the build
// stamp does not change).
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
			idx, _ := fields(t) // an error shows in encode
			for _, i := range idx {
				b.WriteString(t.Field(i).Name + " " + string(t.Field(i).Tag) + " ")
				walk(t.Field(i).Type)
			}
			b.WriteByte('}')
		}
		b.WriteByte(';')
	}
	walk(t)
	return b.String()
}
