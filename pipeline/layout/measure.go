package layout

// Measurer measures text with a Metrics, asking it once per rune and face:
// line breaking measures every rune of every paragraph, and a map or table
// look-up is far cheaper than a font's cmap and hmtx walk.
type Measurer struct {
	m Metrics
	// bmp caches the Basic Multilingual Plane per face (0 regular, 1 bold):
	// -1 unknown, -2 no glyph, otherwise the advance. Other planes go to rest.
	bmp  [2][]int32
	rest [2]map[rune]int32
	// Replacement is drawn instead of a rune the face lacks.
	replacement rune
	// lines memoizes BreakLines: headings and first table rows are measured
	// once to keep them with what follows and again to set them, and texts
	// repeat across tables.
	lines map[breakKey][]string
}

type breakKey struct {
	text  string
	font  Font
	width float64
}

const (
	unknownWidth = -1
	noGlyph      = -2
)

// NewMeasurer returns a Measurer over m.
func NewMeasurer(m Metrics) *Measurer {
	ms := &Measurer{m: m, replacement: '?', lines: map[breakKey][]string{}}
	for i := range ms.bmp {
		ms.bmp[i] = make([]int32, 0x10000)
		for j := range ms.bmp[i] {
			ms.bmp[i][j] = unknownWidth
		}
		ms.rest[i] = map[rune]int32{}
	}
	if _, ok := m.Advance(false, '〓'); ok {
		// 〓 (geta) is the Japanese typesetter's mark for a missing character.
		ms.replacement = '〓'
	}
	return ms
}

func face(bold bool) int {
	if bold {
		return 1
	}
	return 0
}

// advance returns the cached advance of r in 1/1000 em, or noGlyph.
func (ms *Measurer) advance(bold bool, r rune) int32 {
	f := face(bold)
	if r >= 0 && r < 0x10000 {
		if w := ms.bmp[f][r]; w != unknownWidth {
			return w
		}
	} else if w, ok := ms.rest[f][r]; ok {
		return w
	}
	w, ok := ms.m.Advance(bold, r)
	v := int32(w)
	if !ok {
		v = noGlyph
	}
	if r >= 0 && r < 0x10000 {
		ms.bmp[f][r] = v
	} else {
		ms.rest[f][r] = v
	}
	return v
}

// Sanitize replaces runes the face has no glyph for (and control
// characters) so that what is measured is what is drawn.
func (ms *Measurer) Sanitize(bold bool, s string) string {
	clean := true
	for _, r := range s {
		if r < ' ' || ms.advance(bold, r) == noGlyph {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r == '\t':
			out = append(out, ' ')
		case r == '\n':
			out = append(out, r)
		case r < ' ':
		case ms.advance(bold, r) == noGlyph:
			out = append(out, ms.replacement)
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

// MissingEither returns, in order of first appearance, the distinct runes
// of s the regular face has no glyph for, then those only the bold face
// lacks (Sanitize draws them as 〓); control characters, which Sanitize
// drops, are not counted.
func (ms *Measurer) MissingEither(s string) []rune {
	var regular, bold []rune
	var seen map[rune]bool // made on the first missing rune: most texts have none
	for _, r := range s {
		if r < ' ' || seen[r] {
			continue
		}
		switch {
		case ms.advance(false, r) == noGlyph:
			regular = append(regular, r)
		case ms.advance(true, r) == noGlyph:
			bold = append(bold, r)
		default:
			continue
		}
		if seen == nil {
			seen = map[rune]bool{}
		}
		seen[r] = true
	}
	return append(regular, bold...)
}

// RuneWidth is the advance of r in points at f.
func (ms *Measurer) RuneWidth(f Font, r rune) float64 {
	w := ms.advance(f.Bold, r)
	if w < 0 {
		w = ms.advance(f.Bold, ms.replacement)
		if w < 0 {
			w = 0
		}
	}
	return float64(w) * f.Size / 1000
}

// Width is the advance of s in points at f.
func (ms *Measurer) Width(f Font, s string) float64 {
	var units int64
	for _, r := range s {
		w := ms.advance(f.Bold, r)
		if w < 0 {
			w = max(ms.advance(f.Bold, ms.replacement), 0)
		}
		units += int64(w)
	}
	return float64(units) * f.Size / 1000
}

// Truncate shortens s to fit width at f, ending it with … when cut.
func (ms *Measurer) Truncate(f Font, s string, width float64) string {
	if ms.Width(f, s) <= width+epsilon {
		return s
	}
	limit := width - ms.RuneWidth(f, '…')
	x := 0.0
	for i, r := range s {
		x += ms.RuneWidth(f, r)
		if x > limit+epsilon {
			return s[:i] + "…"
		}
	}
	return s
}
