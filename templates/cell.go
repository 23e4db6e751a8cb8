package templates

import (
	"encoding/json"
	"fmt"
	"strings"

	"planreport/pipeline/model"
)

// Cell is one value cell of a management sheet as a department typed it:
// the text as shown, whether Excel stores it as a number or as text, and an
// optional number format.
//
// The zero Cell is an empty cell.
type Cell struct {
	// Text is the value as written ("373", "42.0", "1,472", "実施", "—").
	// For a number it must be plain decimal text; it is stored exactly
	// (in canonical form: "42.0" is stored as 42 and shown as 42.0 through
	// Format).
	Text string
	// Number stores the cell as a numeric cell; otherwise it is a text
	// cell (never a formula).
	Number bool
	// Format is an Excel number format such as "0.0"; only used for
	// numbers. Empty means General.
	Format string
}

// Text returns a text cell. "100" stays text, as a department that typed
// '100 would have it.
func Text(s string) Cell { return Cell{Text: s} }

// Number returns a numeric cell with the General format.
func Number(s string) Cell { return Cell{Text: s, Number: true} }

// NumberFormat returns a numeric cell shown with an Excel number format
// such as "0.0".
func NumberFormat(s, format string) Cell { return Cell{Text: s, Number: true, Format: format} }

// ParseCell reads the compact notation the sample data (input/seed.json) and
// tests use for a cell:
//
//	""        empty cell
//	"373"     number, General format
//	"42.0"    number 42 shown as 42.0 (format "0.0": as many zeros as decimals written)
//	"1,472"   text (anything that is not plain decimal text is text)
//	"'100"    text "100" (a leading apostrophe forces text, as in Excel)
func ParseCell(s string) Cell {
	if rest, ok := strings.CutPrefix(s, "'"); ok {
		return Text(rest)
	}
	if !isPlainDecimal(s) {
		return Text(s)
	}
	c := Number(s)
	if _, frac, ok := strings.Cut(s, "."); ok {
		c.Format = "0." + strings.Repeat("0", len(frac))
	}
	return c
}

// String gives the cell in ParseCell's notation. A Format other than the
// one the decimals imply is not representable there and is dropped.
func (c Cell) String() string {
	if !c.Number && (isPlainDecimal(c.Text) || strings.HasPrefix(c.Text, "'")) {
		return "'" + c.Text
	}
	return c.Text
}

// IsEmpty reports whether nothing is written in the cell.
func (c Cell) IsEmpty() bool { return c.Text == "" }

// MarshalJSON writes the cell in ParseCell's notation.
func (c Cell) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// UnmarshalJSON reads the cell in ParseCell's notation.
func (c *Cell) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("セルの値は文字列で書いてください（%s）: %w", b, err)
	}
	*c = ParseCell(s)
	return nil
}

// number returns the canonical decimal text stored in a numeric cell.
func (c Cell) number() (string, error) {
	if !isPlainDecimal(c.Text) {
		return "", fmt.Errorf("「%s」は数値として書き込めません", c.Text)
	}
	d, ok := model.ParseDecimal(c.Text)
	if !ok {
		return "", fmt.Errorf("「%s」は数値として書き込めません", c.Text)
	}
	return string(d), nil
}

// isPlainDecimal reports whether s is an optional minus sign, ASCII digits
// and an optional fraction: what a person types into a number cell.
func isPlainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if intPart == "" || (hasFrac && frac == "") {
		return false
	}
	for _, part := range []string{intPart, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return true
}
