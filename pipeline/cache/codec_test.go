package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"planreport/pipeline/model"
)

func fingerprint(t *testing.T, v any) string {
	t.Helper()
	h := sha256.New()
	if err := writeFingerprint(h, v); err != nil {
		t.Fatal(err)
	}
	return string(h.Sum(nil))
}

// fill sets every leaf under v to a value of its own (n counts them), gives
// every slice one element and every pointer a target, so that no field of
// the model is left at its zero value.
func fill(v reflect.Value, n *int) {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), n)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	case reflect.String:
		*n++
		v.SetString(strings.Repeat("値", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		*n++
		v.SetInt(int64(*n % 100))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		*n++
		v.SetUint(uint64(*n % 100))
	case reflect.Float32, reflect.Float64:
		*n++
		v.SetFloat(float64(*n) + 0.5)
	default:
		panic("fill: " + v.Type().String())
	}
}

// leaves calls visit with every leaf, pointer and slice under v (a filled
// value) and its path.
func leaves(v reflect.Value, path string, visit func(path string, v reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer:
		visit(path, v)
		leaves(v.Elem(), path, visit)
	case reflect.Slice:
		visit(path, v)
		fallthrough
	case reflect.Array:
		for i := range v.Len() {
			leaves(v.Index(i), path+"[]", visit)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				leaves(v.Field(i), path+"."+v.Type().Field(i).Name, visit)
			}
		}
	default:
		visit(path, v)
	}
}

// Whatever a department's PDF may show changes its key: every field of the
// model, down to the last one, however deep, and whether a list or pointer
// is there at all.
func TestFingerprintCoversEveryField(t *testing.T) {
	var b model.Batch
	n := 0
	fill(reflect.ValueOf(&b).Elem(), &n)
	want := fingerprint(t, &b)
	if fingerprint(t, &b) != want {
		t.Fatal("the same batch gave two fingerprints")
	}
	checked := 0
	leaves(reflect.ValueOf(&b).Elem(), "Batch", func(path string, v reflect.Value) {
		old := reflect.New(v.Type()).Elem()
		old.Set(v)
		switch v.Kind() {
		case reflect.Pointer, reflect.Slice:
			v.SetZero() // nil
		case reflect.String:
			v.SetString(v.String() + "x")
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(v.Int() + 1)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(v.Uint() + 1)
		case reflect.Float32, reflect.Float64:
			v.SetFloat(v.Float() + 1)
		}
		if fingerprint(t, &b) == want {
			t.Errorf("changing %s (%s) kept the fingerprint", path, v.Kind())
		}
		v.Set(old)
		checked++
	})
	if fingerprint(t, &b) != want {
		t.Fatal("the batch did not come back to its first fingerprint")
	}
	if checked < 50 {
		t.Fatalf("only %d fields checked; the model has more", checked)
	}
	t.Logf("%d fields and lists checked", checked)
}

func TestFingerprintTellsApart(t *testing.T) {
	type pair struct{ A, B string }
	type list struct{ L []string }
	type ptr struct{ P *int }
	zero := 0
	for _, c := range []struct {
		name string
		a, b any
	}{
		{"where one string ends", pair{"ab", "c"}, pair{"a", "bc"}},
		{"nil list and empty list", list{nil}, list{[]string{}}},
		{"empty list and one empty string", list{[]string{}}, list{[]string{""}}},
		{"nil pointer and pointer to zero", ptr{nil}, ptr{&zero}},
		{"-0 and 0", struct{ F float64 }{negZero()}, struct{ F float64 }{0}},
	} {
		if fingerprint(t, c.a) == fingerprint(t, c.b) {
			t.Errorf("%s: same fingerprint", c.name)
		}
	}
}

func negZero() float64 {
	var z float64
	return -z
}

// The key's input was the batch's JSON: values with equal JSON must still
// get equal keys, so that a department whose PDF is unchanged is reused.
func TestFingerprintFollowsContent(t *testing.T) {
	var a, b model.Batch
	n := 0
	fill(reflect.ValueOf(&a).Elem(), &n)
	data, err := json.Marshal(&a)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	if fingerprint(t, &a) != fingerprint(t, &b) {
		t.Error("a copy of the batch (through JSON) got another fingerprint")
	}
}

type withHidden struct {
	Shown  string
	hidden string
}

type withSkipped struct {
	Shown   string
	Skipped string `json:"-"`
}

// What the encoding would not carry whole is refused: an interface
// (decodes to another type), a function, and fields the library leaves
// out (unexported, tagged "-"), which would be gaps in the key.
func TestFingerprintRefusesWhatItCannotCarry(t *testing.T) {
	for _, v := range []any{
		struct{ A any }{1},
		struct{ F func() }{nil},
		struct{ L []any }{},
		withHidden{Shown: "a", hidden: "b"},
		withSkipped{Shown: "a", Skipped: "b"},
		nil,
	} {
		if err := writeFingerprint(sha256.New(), v); err == nil {
			t.Errorf("%T: no error", v)
		}
	}
}

// Maps are written with their keys sorted (Core Deterministic Encoding),
// so the order they were filled in does not reach the key.
func TestFingerprintSortsMaps(t *testing.T) {
	a, b := map[string]int{}, map[string]int{}
	keys := []string{"部", "a", "b", "取組", "", "zz"}
	for i, k := range keys {
		a[k] = i
	}
	for i := len(keys) - 1; i >= 0; i-- {
		b[keys[i]] = i
	}
	type m struct{ M map[string]int }
	if fingerprint(t, m{a}) != fingerprint(t, m{b}) {
		t.Error("equal maps filled in another order: another fingerprint")
	}
	a["a"]++
	if fingerprint(t, m{a}) == fingerprint(t, m{b}) {
		t.Error("maps that differ in one value: same fingerprint")
	}
}

// An entry decodes to the value encoded, field for field: lists nil or
// empty as they were, pointers to zero values, the sign of zero, and
// strings with any bytes (invalid UTF-8 too).
func TestCodecRoundTrip(t *testing.T) {
	var filled model.Batch
	n := 0
	fill(reflect.ValueOf(&filled).Elem(), &n)
	tricky := &model.Batch{
		Files: []model.InputFile{{Name: "\xff部.xlsx", SHA256: "ab"}, {Name: "\xff部.xlsx"}},
		Initiatives: []*model.Initiative{
			{Title: "取組", Indicators: []model.Indicator{}},
			{Title: "取組", Indicators: []model.Indicator{{Name: "", Years: nil}}},
		},
		Findings: []model.Finding{},
	}
	type withPointers struct {
		P *int
		F float64
		A [2]string
	}
	zero := 0
	for name, v := range map[string]any{
		"every field set": &filled,
		"nil and empty":   tricky,
		"empty batch":     &model.Batch{},
		"pointers":        &withPointers{P: &zero, F: negZero(), A: [2]string{"同じ", "同じ"}},
	} {
		data, err := encode(v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		back := reflect.New(reflect.TypeOf(v).Elem())
		if err := decode(data, back.Interface()); err != nil {
			t.Fatalf("%s: decode: %v", name, err)
		}
		if !reflect.DeepEqual(back.Interface(), v) {
			t.Errorf("%s: decoded value differs", name)
		}
		again, _ := encode(back.Interface())
		if !bytes.Equal(again, data) {
			t.Errorf("%s: decoded value encodes differently (lost the sign of zero?)", name)
		}
	}
}

// Damaged entries (cut anywhere, bytes changed, counts past the end) are
// errors or other values, never a panic; cut ones are always errors.
func TestDecodeDamaged(t *testing.T) {
	var filled model.Batch
	n := 0
	fill(reflect.ValueOf(&filled).Elem(), &n)
	data, err := encode(&filled)
	if err != nil {
		t.Fatal(err)
	}
	for i := range len(data) {
		var b model.Batch
		if decode(data[:i], &b) == nil {
			t.Fatalf("cut at %d of %d: no error", i, len(data))
		}
		damaged := bytes.Clone(data)
		damaged[i] ^= 0xff
		decode(damaged, &b) // must not panic
	}
	var b model.Batch
	if decode(append(bytes.Clone(data), 0), &b) == nil {
		t.Error("a byte past the end: no error")
	}
	// A list of files whose count (CBOR array head) is 2^40, or 2^20 over
	// a megabyte of zeros, which could hold 2^20 bytes but not 2^20 files.
	// (Into a type of its own, so that the bytes stay a count whatever the
	// fields of Batch.)
	var files struct{ Files []model.InputFile }
	head := append([]byte{0xa1, 0x65}, "Files"...)
	huge := append(bytes.Clone(head), 0x9b, 0, 0, 1, 0, 0, 0, 0, 1)
	if decode(huge, &files) == nil {
		t.Error("a count past the end: no error")
	}
	many := append(append(bytes.Clone(head), 0x9a, 0, 0x10, 0, 1), make([]byte, 1<<20)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if decode(many, &files) == nil {
		t.Error("a count the bytes left cannot hold: no error")
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
		t.Errorf("a damaged count made decode allocate %d MB", grew>>20)
	}
	if err := decode(data, b); err == nil {
		t.Error("decode into a non-pointer: no error")
	}
}

func FuzzDecode(f *testing.F) {
	var filled model.Batch
	n := 0
	fill(reflect.ValueOf(&filled).Elem(), &n)
	for _, v := range []*model.Batch{&filled, {}, {Files: []model.InputFile{{Name: "部.xlsx"}}}} {
		data, _ := encode(v)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var b model.Batch
		if decode(data, &b) != nil {
			return
		}
		// What decodes encodes again to something that decodes to the same.
		again, err := encode(&b)
		if err != nil {
			t.Fatal(err)
		}
		var c model.Batch
		if err := decode(again, &c); err != nil || !reflect.DeepEqual(&b, &c) {
			t.Fatalf("re-encoded value does not come back: %v", err)
		}
	})
}

// The layout signature changes with any field added, renamed or retyped.
func TestLayoutSignature(t *testing.T) {
	type a struct {
		X int
		Y []string
	}
	type b struct {
		X int
		Y []string
		Z bool
	}
	type c struct {
		X int
		W []string
	}
	type d struct {
		X int64
		Y []string
	}
	sigs := map[string]bool{}
	for _, typ := range []reflect.Type{reflect.TypeFor[a](), reflect.TypeFor[b](), reflect.TypeFor[c](), reflect.TypeFor[d]()} {
		sig := strings.ReplaceAll(layoutSignature(typ), typ.String(), "T")
		if sigs[sig] {
			t.Errorf("%s: same signature as another layout: %s", typ, sig)
		}
		sigs[sig] = true
	}
	if s := layoutSignature(reflect.TypeFor[ingestEntry]()); !strings.Contains(s, "Initiatives") || !strings.Contains(s, "Judgement") {
		t.Errorf("ingestEntry's signature misses fields: %.200s", s)
	}
}
