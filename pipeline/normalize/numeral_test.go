package normalize

import "testing"

func TestEnclosedNumber(t *testing.T) {
	for in, want := range map[string]int{"①": 1, " ⑳ ": 20, "⑴": 1, "⒈": 1, "¹": 1, "₃": 3, "㊿": 50, "⓪": 0} {
		if n, ok := EnclosedNumber(in); !ok || n != want {
			t.Errorf("EnclosedNumber(%q) = %d, %v; want %d", in, n, ok, want)
		}
	}
	for _, in := range []string{"", "1", "１", "①②", "1①", "取組①", "½", "Ⅲ", "❶"} {
		if n, ok := EnclosedNumber(in); ok {
			t.Errorf("EnclosedNumber(%q) = %d, want none", in, n)
		}
	}
}
