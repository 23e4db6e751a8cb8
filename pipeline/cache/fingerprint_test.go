package cache

import (
	"crypto/sha256"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"planreport/pipeline/model"
)

func fingerprint(t *testing.T, v any) string {
	t.Helper()
	h := sha256.New()
	if err := newFingerprinter(h).write(v); err != nil {
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

func TestFingerprintRefusesUnorderedKinds(t *testing.T) {
	for _, v := range []any{
		struct{ M map[string]int }{map[string]int{"a": 1}},
		struct{ A any }{1},
		struct{ F func() }{nil},
	} {
		if err := newFingerprinter(sha256.New()).write(v); err == nil {
			t.Errorf("%T: no error", v)
		}
	}
}
