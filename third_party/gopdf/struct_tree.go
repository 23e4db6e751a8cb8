package gopdf

// planreport: tagged PDF (ISO 32000-1 section 14.7 logical structure, 14.8
// tagged PDF). A document that opens a structure element gets a
// /StructTreeRoot with one /Document element at its root, /MarkInfo
// <</Marked true>> in the catalog, /StructParents on every page with marked
// content and a /ParentTree mapping each page's MCIDs (and each tagged
// annotation) back to its element. Documents that never call these methods
// are written as before.

import (
	"errors"
	"io"
	"strconv"
	"unicode/utf16"
)

// StructElemOption holds the optional entries of a structure element.
type StructElemOption struct {
	// Alt is the alternative text (/Alt), e.g. a figure's description.
	Alt string
	// Scope of a table header cell (TH): "Row", "Column" or "Both",
	// written as the attribute /A << /O /Table /Scope /Column >>.
	Scope string
}

// structElem is one structure element. Its object is added to the
// document when the PDF is written (addObj at drawing time would make
// every SetFont, which scans the objects, slower by the element count).
type structElem struct {
	typ    string
	opt    StructElemOption
	parent *structElem
	kids   []structKid
	page   int // object index of the page of its first marked content, -1 none
	index  int // object index, set in prepareStructTree
}

// structKid is a child of an element: another element, a marked-content
// sequence (page, MCID), or an annotation (OBJR).
type structKid struct {
	elem  *structElem
	page  int // object index of the page
	mcid  int
	annot int // object index of the annotation, -1 for none
}

// structPage is the marked content of one page: the element of each MCID.
type structPage struct {
	page  int // object index
	key   int // its /StructParents
	elems []*structElem
}

// structTree is the document's logical structure while it is drawn.
type structTree struct {
	root      *structElem // the Document element
	open      []*structElem
	pages     []*structPage
	current   *structPage // the page being drawn, if it has marked content
	parentKey int         // next /StructParents or /StructParent key
	annots    []structAnnot
	elems     []*structElem // every element, in the order opened
	rootIndex int
	treeIndex int
	markOpen  bool
}

// structAnnot is a tagged annotation's /StructParent entry.
type structAnnot struct {
	key  int
	elem *structElem
}

func (gp *GoPdf) structure() *structTree {
	if gp.structTree == nil {
		root := &structElem{typ: "Document", page: -1}
		gp.structTree = &structTree{root: root, elems: []*structElem{root}}
	}
	return gp.structTree
}

// BeginStructElem opens a structure element of the standard type typ
// (P, H1, Table, TD, Figure, Link...) as the last child of the innermost
// open element, or of the Document element. Elements may stay open across
// pages; content is attached to them with BeginMarkedContent.
func (gp *GoPdf) BeginStructElem(typ string, opt StructElemOption) {
	t := gp.structure()
	parent := t.root
	if n := len(t.open); n > 0 {
		parent = t.open[n-1]
	}
	e := &structElem{typ: typ, opt: opt, parent: parent, page: -1}
	parent.kids = append(parent.kids, structKid{elem: e, annot: -1})
	t.open = append(t.open, e)
	t.elems = append(t.elems, e)
}

// ErrNoStructElem is returned by EndStructElem when no element is open.
var ErrNoStructElem = errors.New("no structure element is open")

// EndStructElem closes the innermost open structure element.
func (gp *GoPdf) EndStructElem() error {
	t := gp.structTree
	if t == nil || len(t.open) == 0 {
		return ErrNoStructElem
	}
	t.open = t.open[:len(t.open)-1]
	return nil
}

// ErrMarkedContentOpen is returned when marked content is begun inside
// marked content: gopdf keeps the sequences flat, one element each.
var ErrMarkedContentOpen = errors.New("marked content is already open")

// BeginMarkedContent starts a marked-content sequence of the current page
// that belongs to the innermost open structure element (the Document
// element when none is open): "/P <</MCID 0>> BDC". EndMarkedContent ends
// it. A sequence may not span pages.
func (gp *GoPdf) BeginMarkedContent() error {
	t := gp.structure()
	if t.markOpen {
		return ErrMarkedContentOpen
	}
	e := t.root
	if n := len(t.open); n > 0 {
		e = t.open[n-1]
	}
	page := gp.curr.IndexOfPageObj
	if t.current == nil || t.current.page != page {
		t.current = &structPage{page: page, key: t.parentKey}
		t.parentKey++
		t.pages = append(t.pages, t.current)
		gp.pdfObjs[page].(*PageObj).structParents = t.current.key + 1 // 0 means none
	}
	mcid := len(t.current.elems)
	t.current.elems = append(t.current.elems, e)
	if e.page < 0 {
		e.page = page
	}
	e.kids = append(e.kids, structKid{page: page, mcid: mcid, annot: -1})
	t.markOpen = true
	gp.getContent().listCache.append(&cacheContentMarked{tag: e.typ, mcid: mcid})
	return nil
}

// BeginArtifact starts a marked-content sequence of what is not content
// (running headers, page numbers, decoration): "/Artifact BMC".
// EndMarkedContent ends it.
func (gp *GoPdf) BeginArtifact() error {
	t := gp.structure()
	if t.markOpen {
		return ErrMarkedContentOpen
	}
	t.markOpen = true
	gp.getContent().listCache.append(&cacheContentMarked{artifact: true})
	return nil
}

// EndMarkedContent ends the sequence begun by BeginMarkedContent or
// BeginArtifact: "EMC".
func (gp *GoPdf) EndMarkedContent() {
	t := gp.structTree
	if t == nil || !t.markOpen {
		return
	}
	t.markOpen = false
	gp.getContent().listCache.append(&cacheContentMarked{end: true})
}

// tagAnnot makes the annotation at object index annot a child (OBJR) of
// the innermost open element, if one is open, and returns its
// /StructParent key, else -1.
func (gp *GoPdf) tagAnnot(annot int) int {
	t := gp.structTree
	if t == nil || len(t.open) == 0 {
		return -1
	}
	e := t.open[len(t.open)-1]
	e.kids = append(e.kids, structKid{page: gp.curr.IndexOfPageObj, annot: annot})
	key := t.parentKey
	t.parentKey++
	t.annots = append(t.annots, structAnnot{key: key, elem: e})
	return key
}

// prepareStructTree adds the structure objects before the document is
// written: the elements, the StructTreeRoot and its ParentTree.
func (gp *GoPdf) prepareStructTree() {
	t := gp.structTree
	if t == nil || t.rootIndex > 0 {
		return
	}
	t.rootIndex = gp.addObj(structTreeRootObj{t: t})
	t.treeIndex = gp.addObj(parentTreeObj{t: t})
	for _, e := range t.elems {
		e.index = gp.addObj(structElemObj{e: e, t: t})
	}
}

// structTreeRootObj is the /StructTreeRoot dictionary.
type structTreeRootObj struct{ t *structTree }

func (o structTreeRootObj) init(func() *GoPdf) {}
func (o structTreeRootObj) getType() string    { return "StructTreeRoot" }
func (o structTreeRootObj) write(w io.Writer, objID int) error {
	b := []byte("<<\n/Type /StructTreeRoot\n/K ")
	b = appendRef(b, o.t.root.index)
	b = append(b, "\n/ParentTree "...)
	b = appendRef(b, o.t.treeIndex)
	b = append(b, "\n/ParentTreeNextKey "...)
	b = strconv.AppendInt(b, int64(o.t.parentKey), 10)
	b = append(b, "\n>>\n"...)
	_, err := w.Write(b)
	return err
}

// parentTreeObj is the number tree from /StructParents and /StructParent
// keys to elements, as one node: the keys were given out in increasing
// order, pages and annotations interleaved, so merging the two lists by
// key writes them sorted.
type parentTreeObj struct{ t *structTree }

func (o parentTreeObj) init(func() *GoPdf) {}
func (o parentTreeObj) getType() string    { return "ParentTree" }
func (o parentTreeObj) write(w io.Writer, objID int) error {
	b := []byte("<<\n/Nums [\n")
	pages, annots := o.t.pages, o.t.annots
	for len(pages) > 0 || len(annots) > 0 {
		if len(annots) == 0 || len(pages) > 0 && pages[0].key < annots[0].key {
			p := pages[0]
			pages = pages[1:]
			b = strconv.AppendInt(b, int64(p.key), 10)
			b = append(b, " ["...)
			for i, e := range p.elems {
				if i > 0 {
					b = append(b, ' ')
				}
				b = appendRef(b, e.index)
			}
			b = append(b, "]\n"...)
		} else {
			a := annots[0]
			annots = annots[1:]
			b = strconv.AppendInt(b, int64(a.key), 10)
			b = append(b, ' ')
			b = appendRef(b, a.elem.index)
			b = append(b, '\n')
		}
		if len(b) > 32<<10 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, "]\n>>\n"...)
	_, err := w.Write(b)
	return err
}

// structElemObj is a /StructElem dictionary.
type structElemObj struct {
	e *structElem
	t *structTree
}

func (o structElemObj) init(func() *GoPdf) {}
func (o structElemObj) getType() string    { return "StructElem" }
func (o structElemObj) write(w io.Writer, objID int) error {
	// Compact (no optional /Type, one line): a report has an element per
	// table cell, thousands of objects, and gopdf has no object streams.
	e := o.e
	b := append(make([]byte, 0, 96), "<</S /"...)
	b = append(b, e.typ...)
	b = append(b, " /P "...)
	if e.parent == nil {
		b = appendRef(b, o.t.rootIndex)
	} else {
		b = appendRef(b, e.parent.index)
	}
	if e.page >= 0 {
		b = append(b, " /Pg "...)
		b = appendRef(b, e.page)
	}
	if e.opt.Alt != "" {
		b = append(b, " /Alt "...)
		b = appendTextString(b, e.opt.Alt)
	}
	if e.opt.Scope != "" {
		b = append(b, " /A <</O /Table /Scope /"...)
		b = append(b, e.opt.Scope...)
		b = append(b, ">>"...)
	}
	b = append(b, " /K "...)
	if len(e.kids) != 1 {
		b = append(b, '[')
	}
	for i, k := range e.kids {
		if i > 0 {
			b = append(b, ' ')
		}
		b = e.appendKid(b, k)
	}
	if len(e.kids) != 1 {
		b = append(b, ']')
	}
	b = append(b, ">>\n"...)
	_, err := w.Write(b)
	return err
}

// appendKid appends one entry of /K: an element's reference, an MCID
// (of the element's /Pg page), a marked-content reference or an object
// reference.
func (e *structElem) appendKid(b []byte, k structKid) []byte {
	switch {
	case k.elem != nil:
		return appendRef(b, k.elem.index)
	case k.annot >= 0:
		b = append(b, "<</Type /OBJR /Obj "...)
		b = appendRef(b, k.annot)
		b = append(b, " /Pg "...)
		b = appendRef(b, k.page)
		return append(b, ">>"...)
	case k.page == e.page:
		return strconv.AppendInt(b, int64(k.mcid), 10)
	}
	b = append(b, "<</Type /MCR /Pg "...)
	b = appendRef(b, k.page)
	b = append(b, " /MCID "...)
	b = strconv.AppendInt(b, int64(k.mcid), 10)
	return append(b, ">>"...)
}

// appendRef appends the reference "n 0 R" to the object at index i.
func appendRef(b []byte, i int) []byte {
	b = strconv.AppendInt(b, int64(i+1), 10)
	return append(b, " 0 R"...)
}

// appendTextString appends s as a PDF text string: UTF-16BE with a byte
// order mark, in hexadecimal (characters beyond the BMP as surrogate
// pairs).
func appendTextString(b []byte, s string) []byte {
	const digits = "0123456789ABCDEF"
	b = append(b, "<FEFF"...)
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, digits[u>>12], digits[u>>8&0xF], digits[u>>4&0xF], digits[u&0xF])
	}
	return append(b, '>')
}
