package cache

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"planreport/pipeline/model"
)

// gobExact must say false exactly where gob changes a value: each case is
// encoded and decoded, and the verdict compared with reflect.DeepEqual.
func TestGobExact(t *testing.T) {
	type inner struct {
		N int
		S []string
	}
	type withPointer struct{ P *inner }
	type withIntPointer struct{ P *int }
	type withUnexported struct {
		A      string
		hidden int
	}
	type withMap struct{ M map[string]int }
	tests := []struct {
		name string
		v    any
		want bool
	}{
		{"batch as ingest builds it", &model.Batch{
			Files:       []model.InputFile{{Name: "\xff部.xlsx", SHA256: "ab"}},
			Initiatives: []*model.Initiative{{Title: "取組", Indicators: []model.Indicator{{Name: "件数"}}}},
		}, true},
		{"nil slices and zero fields", &inner{N: 1}, true},
		{"empty slice", &inner{S: []string{}}, false},
		{"empty slice deep inside", &model.Batch{Initiatives: []*model.Initiative{{Title: "x", Indicators: []model.Indicator{}}}}, false},
		{"pointer to zero struct", &withPointer{P: &inner{}}, true},
		{"pointer to zero int", &withIntPointer{P: new(int)}, false},
		{"pointer to int", &withIntPointer{P: func() *int { n := 2; return &n }()}, true},
		{"pointer to value", &withPointer{P: &inner{N: 1}}, true},
		{"unexported field set", &withUnexported{A: "a", hidden: 1}, false},
		{"unexported field zero", &withUnexported{A: "a"}, true},
		{"map", &withMap{M: map[string]int{"a": 1}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := gobExact(reflect.ValueOf(tt.v)); got != tt.want {
				t.Fatalf("gobExact = %v, want %v", got, tt.want)
			}
			if _, isMap := tt.v.(*withMap); isMap {
				return // gob keeps maps; gobExact refuses them on principle
			}
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(tt.v); err != nil {
				t.Fatal(err)
			}
			back := reflect.New(reflect.TypeOf(tt.v).Elem())
			if err := gob.NewDecoder(&buf).Decode(back.Interface()); err != nil {
				t.Fatal(err)
			}
			if same := reflect.DeepEqual(back.Interface(), tt.v); same != tt.want {
				t.Errorf("gob round trip equal = %v, but gobExact said %v", same, tt.want)
			}
		})
	}
}
