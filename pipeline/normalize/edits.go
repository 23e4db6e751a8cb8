package normalize

// WithinEdits reports whether a and b are at most k insertions, deletions
// or substitutions apart (Levenshtein distance), computing only the band
// |i−j| ≤ k of the table and stopping as soon as a row exceeds k.
func WithinEdits(a, b []rune, k int) bool {
	var s EditScratch
	return s.Within(a, b, k)
}

// EditScratch holds the two table rows of WithinEdits between calls, so
// that comparing many pairs does not allocate for each.
type EditScratch struct{ prev, cur []int }

// Within is WithinEdits, reusing s's rows.
func (s *EditScratch) Within(a, b []rune, k int) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > k {
		return false
	}
	// A common prefix or suffix never changes the distance; copies share
	// most of their text, so this leaves a short table.
	for len(a) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) == 0 {
		return len(b) <= k
	}
	const inf = 1 << 30
	// Both rows start at "unreachable"; each row then writes only its band
	// and the cell left of it, so cells outside the band never hold a
	// stale value from an older row.
	if cap(s.prev) < len(b)+1 {
		s.prev, s.cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur := s.prev[:len(b)+1], s.cur[:len(b)+1]
	for j := range prev {
		prev[j], cur[j] = inf, inf
	}
	for j := 0; j <= min(k, len(b)); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		best := inf
		if i <= k {
			cur[0], best = i, i
		} else {
			cur[lo-1] = inf
		}
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
			cur[j] = v
			best = min(best, v)
		}
		if best > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k
}
