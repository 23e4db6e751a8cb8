package normalize

import (
	"math/rand/v2"
	"testing"
)

// levenshtein is the plain full-table distance, the reference WithinEdits
// must agree with.
func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
		}
		prev = cur
	}
	return prev[len(b)]
}

func TestWithinEditsAgreesWithLevenshtein(t *testing.T) {
	// Hand-checked anchors, then random strings over a small alphabet
	// (a fixed seed keeps the test repeatable).
	if !WithinEdits([]rune("着手重点地区"), []rune("着重点地区"), 1) || WithinEdits([]rune("kitten"), []rune("sitting"), 2) ||
		!WithinEdits([]rune("kitten"), []rune("sitting"), 3) {
		t.Fatal("WithinEdits fails the hand-checked anchors")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() []rune {
		r := make([]rune, rng.IntN(12))
		for i := range r {
			r[i] = rune('a' + rng.IntN(3))
		}
		return r
	}
	for i := 0; i < 20000; i++ {
		a, b, k := word(), word(), rng.IntN(6)
		want := levenshtein(a, b) <= k
		if got := WithinEdits(a, b, k); got != want {
			t.Fatalf("WithinEdits(%q, %q, %d) = %v, distance %d", string(a), string(b), k, got, levenshtein(a, b))
		}
	}
}
