package gopdfprovider

import (
	"fmt"

	"github.com/signintech/gopdf"

	"planreport/pipeline/layout"
)

// tagger turns the layout's structure ops into gopdf's structure elements
// and marked content (third_party/gopdf/struct_tree.go): every drawing op
// is drawn inside a marked-content sequence of the innermost open element
// (with an MCID), or of an artifact, opened when the first op of a run
// needs it and ended when the run's element changes or the page ends.
// Elements persist across pages; marked content does not.
type tagger struct {
	pdf      *gopdf.GoPdf
	artifact int  // depth inside Artifact brackets
	marked   bool // a marked-content sequence is open on this page
}

// structure handles an OpBegin or OpEnd.
func (t *tagger) structure(op layout.Op) error {
	t.endMarked()
	if op.Kind == layout.OpBegin {
		if t.artifact > 0 || op.Tag == layout.TagArtifact {
			t.artifact++
			return nil
		}
		t.pdf.BeginStructElem(op.Tag.String(), gopdf.StructElemOption{Alt: op.Alt, Scope: op.Scope.String()})
		return nil
	}
	if t.artifact > 0 {
		t.artifact--
		return nil
	}
	if err := t.pdf.EndStructElem(); err != nil {
		return fmt.Errorf("structure: %w", err)
	}
	return nil
}

// mark opens the marked content a drawing op goes in, unless it is open.
func (t *tagger) mark() error {
	if t.marked {
		return nil
	}
	var err error
	if t.artifact > 0 {
		err = t.pdf.BeginArtifact()
	} else {
		err = t.pdf.BeginMarkedContent()
	}
	if err != nil {
		return fmt.Errorf("marked content: %w", err)
	}
	t.marked = true
	return nil
}

// endMarked ends the open marked content, if any (at the end of a run and
// of each page).
func (t *tagger) endMarked() {
	if t.marked {
		t.pdf.EndMarkedContent()
		t.marked = false
	}
}

// drawsContent reports whether op puts marks on the page (and so needs
// to be in marked content).
func drawsContent(op layout.Op) bool {
	switch op.Kind {
	case layout.OpText:
		return op.Text != ""
	case layout.OpLine:
		return true
	case layout.OpRect:
		return (op.HasFill || op.Stroke) && op.W > 0 && op.H > 0
	}
	return false
}
