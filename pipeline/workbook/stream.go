package workbook

import (
	"strconv"

	"github.com/xuri/excelize/v2"
)

// rowStore is what the tables of one workbook share while their rows go
// through excelize's StreamWriter.SetRow: the []any a row of cells is
// handed to SetRow as, reused from row to row (SetRow encodes a row before
// it returns and keeps nothing of it).
type rowStore struct {
	values []any
}

// setRow writes cells as sheet row row of sw; height is in points, 0 for
// the default (no height attribute, as Excel writes such rows).
func (s *rowStore) setRow(sw *excelize.StreamWriter, row int, cells []excelize.Cell, height float64) error {
	s.values = s.values[:0]
	for i := range cells {
		s.values = append(s.values, &cells[i])
	}
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	err := sw.SetRow("A"+strconv.Itoa(row), s.values, opts...)
	clear(s.values) // let the cells go
	return err
}
