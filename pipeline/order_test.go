package pipeline

import (
	"slices"
	"testing"
)

// dispatchOrder starts every job once: the first ones, then each PDF with
// its share of the copies after it.
func TestDispatchOrder(t *testing.T) {
	for _, c := range []struct {
		first, pdfs, copies int
		want                []int
	}{
		{4, 3, 5, []int{0, 1, 2, 3, 4, 7, 5, 8, 9, 6, 10, 11}},
		{4, 1, 0, []int{0, 1, 2, 3, 4}},
		{4, 3, 0, []int{0, 1, 2, 3, 4, 5, 6}},
		{2, 2, 1, []int{0, 1, 2, 3, 4}},
	} {
		got := dispatchOrder(c.first, c.pdfs, c.copies)
		if !slices.Equal(got, c.want) {
			t.Errorf("dispatchOrder(%d, %d, %d) = %v, want %v", c.first, c.pdfs, c.copies, got, c.want)
		}
		sorted := slices.Sorted(slices.Values(got))
		for i, v := range sorted {
			if v != i {
				t.Fatalf("dispatchOrder(%d, %d, %d) = %v is not a permutation", c.first, c.pdfs, c.copies, got)
			}
		}
	}
}
