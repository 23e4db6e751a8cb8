package ingest

import (
	"strings"

	"planreport/pipeline/ingest/xlsx"
	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
	"planreport/templates"
)

// Finding codes of the 評価方向 a sheet states.
const (
	CodeDirectionUnreadable = "direction_unreadable" // a 評価方向 cell that is neither 高いほど良い nor 低いほど良い
	CodeDirectionConflict   = "direction_conflict"   // the 評価方向 cell and a marker in the name or unit disagree
)

// directionWords are the folded (normalize.Label, よい as 良い) values
// a 評価方向 cell or marker may hold.
var directionWords = map[string]model.Declared{
	templates.DirectionHigher: model.DeclaredHigher, "大きいほど良い": model.DeclaredHigher, "多いほど良い": model.DeclaredHigher,
	"高い方が良い": model.DeclaredHigher, "多い方が良い": model.DeclaredHigher, "高": model.DeclaredHigher,
	"↑": model.DeclaredHigher, "上昇": model.DeclaredHigher, "増加": model.DeclaredHigher,
	templates.DirectionLower: model.DeclaredLower, "小さいほど良い": model.DeclaredLower, "少ないほど良い": model.DeclaredLower,
	"低い方が良い": model.DeclaredLower, "少ない方が良い": model.DeclaredLower, "低": model.DeclaredLower,
	"↓": model.DeclaredLower, "減少": model.DeclaredLower, "低下": model.DeclaredLower,
}

// directionWord reads the value of a 評価方向 cell.
func directionWord(s string) (model.Declared, bool) {
	l := strings.ReplaceAll(normalize.Label(s), "よい", "良い")
	l = strings.Trim(l, "()[]【】「」")
	d, ok := directionWords[l]
	return d, ok
}

// isDirectionLabel reports whether s labels a 評価方向 cell or column.
func isDirectionLabel(s string) bool {
	l := normalize.Label(s)
	return l == templates.LabelDirection || l == "方向" || l == "評価の方向"
}

// markerWords are the texts a department adds to a name or unit to say
// the direction: 「分（低いほど良い）」, 「苦情件数↓」.
var markerWords = []struct {
	text string
	dir  model.Declared
}{
	{"低いほど良い", model.DeclaredLower}, {"低いほどよい", model.DeclaredLower},
	{"少ないほど良い", model.DeclaredLower}, {"少ないほどよい", model.DeclaredLower},
	{"高いほど良い", model.DeclaredHigher}, {"高いほどよい", model.DeclaredHigher},
	{"多いほど良い", model.DeclaredHigher}, {"多いほどよい", model.DeclaredHigher},
}

// stripDirection removes a direction marker from a name or unit (already
// normalize.Text) and returns what is left and the direction it says.
func stripDirection(s string) (string, model.Declared) {
	for _, w := range markerWords {
		for _, br := range [][2]string{{"（", "）"}, {"(", ")"}, {"【", "】"}, {"[", "]"}} {
			if m := br[0] + w.text + br[1]; strings.Contains(s, m) {
				return strings.TrimSpace(strings.Replace(s, m, "", 1)), w.dir
			}
		}
	}
	for _, a := range []struct {
		text string
		dir  model.Declared
	}{{"↓", model.DeclaredLower}, {"↑", model.DeclaredHigher}} {
		if strings.Contains(s, a.text) {
			return strings.TrimSpace(strings.Replace(s, a.text, "", 1)), a.dir
		}
	}
	return s, model.NotDeclared
}

// directionColumn finds a 評価方向 (or 方向) header in the indicator
// table's header rows, right of the block label; -1 when there is none.
func (p *parser) directionColumn(from, to, labelCol int) int {
	for r := from; r < to && r < len(p.g.Cells); r++ {
		for c := labelCol + 1; c < len(p.g.Cells[r]); c++ {
			if !p.g.Covered(r, c) && isDirectionLabel(p.g.Cells[r][c]) {
				return c
			}
		}
	}
	return -1
}

// directionRow reads a row inside the indicator rows that is a 評価方向
// label followed by its value (「評価方向 | 低いほど良い」 under an
// indicator's three rows): the value's cell, and whether the row is one.
func (p *parser) directionRow(r, from int) (xlsx.Pos, bool) {
	if r >= len(p.g.Cells) {
		return xlsx.Pos{}, false
	}
	row := p.g.Cells[r]
	for c := from; c < len(row); c++ {
		if p.g.Covered(r, c) || row[c] == "" {
			continue
		}
		if !isDirectionLabel(row[c]) {
			return xlsx.Pos{}, false
		}
		for v := c + 1; v < len(row); v++ {
			if !p.g.Covered(r, v) && row[v] != "" {
				return xlsx.Pos{Row: r, Col: v}, true
			}
		}
		return xlsx.Pos{Row: r, Col: c}, true // labelled but left blank
	}
	return xlsx.Pos{}, false
}

// declareDirection sets ind.Declared from the 評価方向 cell (when hasCell)
// and from markers in the name and unit, which it strips. unit is the
// unit's cell.
func (p *parser) declareDirection(ind *model.Indicator, cell xlsx.Pos, hasCell bool, unit xlsx.Pos) {
	name, fromName := stripDirection(ind.Name)
	u, fromUnit := stripDirection(ind.Unit)
	ind.Name, ind.Unit = name, u
	marker := fromName
	if marker == model.NotDeclared {
		marker = fromUnit
	}
	var declared model.Declared
	if hasCell && cell != unit {
		if s := p.text(cell); s != "" && !isDirectionLabel(s) {
			d, ok := directionWord(s)
			if !ok {
				p.add(model.SeverityWarning, CodeDirectionUnreadable, &cell,
					"指標「%s」の評価方向「%s」を読めません。「高いほど良い」か「低いほど良い」を入力してください（この指標は「高いほど良い」として計算します）", ind.Name, xlsx.Shorten(s, 20))
			}
			declared = d
			if ok {
				ind.Declared, ind.DeclaredSource = d, p.src.At(cell.Ref())
			}
		}
	}
	switch {
	case marker == model.NotDeclared:
	case declared == model.NotDeclared:
		ind.Declared, ind.DeclaredSource = marker, ind.Source
		if fromName == model.NotDeclared {
			ind.DeclaredSource = p.src.At(unit.Ref())
		}
	case declared != marker:
		p.add(model.SeverityWarning, CodeDirectionConflict, &cell,
			"指標「%s」の評価方向が、セル%sでは「%s」、指標名または単位の記号では「%s」です。評価方向のセルの「%s」で計算します",
			ind.Name, cell.Ref(), declared.Direction().Label(), marker.Direction().Label(), declared.Direction().Label())
	}
}
