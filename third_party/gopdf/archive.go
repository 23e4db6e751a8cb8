package gopdf

// planreport: catalog entries, annotation entries and trailer entries for
// tagged and archival (PDF/A) documents: /Lang, /ViewerPreferences,
// /MarkInfo and /StructTreeRoot (struct_tree.go), /Metadata (an XMP
// packet), /OutputIntents (an ICC profile), the annotation flags and
// /Contents, the document /ID and the information dictionary as an
// indirect object. Each is written only when set.

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strconv"
)

// AnnotOption holds optional entries of an annotation.
type AnnotOption struct {
	// Contents is the annotation's text (/Contents), the description a
	// screen reader gives of a link.
	Contents string
	// Print sets the print flag (/F 4), which PDF/A requires.
	Print bool
}

type annotExtra struct {
	AnnotOption
	structParent int // -1 for none
}

// entries returns the dictionary entries to add, each with a leading space.
func (a annotExtra) entries() string {
	var b []byte
	if a.Print {
		b = append(b, " /F 4"...)
	}
	if a.Contents != "" {
		b = append(b, " /Contents "...)
		b = appendTextString(b, a.Contents)
	}
	if a.structParent >= 0 {
		b = append(b, " /StructParent "...)
		b = strconv.AppendInt(b, int64(a.structParent), 10)
	}
	return string(b)
}

// OutputIntent is an entry of the catalog's /OutputIntents: the colour
// space the document's device colours mean (for PDF/A, Subtype GTS_PDFA1
// with an ICC profile).
type OutputIntent struct {
	Subtype                   string // e.g. GTS_PDFA1
	OutputConditionIdentifier string // e.g. sRGB IEC61966-2.1
	Info                      string
	ICCProfile                []byte // the profile, embedded as /DestOutputProfile
	Components                int    // /N of the profile: 3 for RGB
}

type archiveOptions struct {
	lang            string
	displayDocTitle bool
	metadata        []byte
	intents         []OutputIntent
	contentID       bool
	infoObject      bool
	objStreams      bool // object_stream.go

	metadataIndex int
	intentIndexes []int // of the ICC profile streams
	infoIndex     int
	prepared      bool
}

// SetLang sets the document's natural language (/Lang), a BCP 47 tag
// such as ja-JP.
func (gp *GoPdf) SetLang(lang string) { gp.archive.lang = lang }

// SetDisplayDocTitle makes viewers show the document's title rather than
// its file name (/ViewerPreferences << /DisplayDocTitle true >>).
func (gp *GoPdf) SetDisplayDocTitle(on bool) { gp.archive.displayDocTitle = on }

// SetXMPMetadata embeds an XMP packet as the document's metadata stream
// (/Metadata), uncompressed, as PDF/A wants it readable.
func (gp *GoPdf) SetXMPMetadata(xmp []byte) { gp.archive.metadata = xmp }

// AddOutputIntent adds an output intent with its ICC profile.
func (gp *GoPdf) AddOutputIntent(oi OutputIntent) {
	gp.archive.intents = append(gp.archive.intents, oi)
}

// SetIDFromContent writes a document /ID in the trailer: both parts the
// MD5 digest of the file's bytes before the trailer, so that the same
// document always gets the same identifier.
func (gp *GoPdf) SetIDFromContent(on bool) { gp.archive.contentID = on }

// SetInfoAsObject writes the document information dictionary (SetInfo) as
// an indirect object, as ISO 32000-1 table 15 asks, instead of inline in
// the trailer.
func (gp *GoPdf) SetInfoAsObject(on bool) { gp.archive.infoObject = on }

// prepareArchive adds the metadata, profile and information objects.
func (gp *GoPdf) prepareArchive() {
	a := &gp.archive
	if a.prepared {
		return
	}
	a.prepared = true
	if a.metadata != nil {
		a.metadataIndex = gp.addObj(streamObj{dict: "/Type /Metadata /Subtype /XML", data: a.metadata})
	}
	for _, oi := range a.intents {
		a.intentIndexes = append(a.intentIndexes, gp.addObj(streamObj{dict: "/N " + strconv.Itoa(oi.Components), data: oi.ICCProfile}))
	}
	if a.infoObject && gp.isUseInfo {
		a.infoIndex = gp.addObj(infoObj{gp: gp})
	}
}

// writeCatalogEntries writes the catalog entries set on gp.
func (gp *GoPdf) writeCatalogEntries(w io.Writer) {
	a := &gp.archive
	if a.lang != "" {
		fmt.Fprintf(w, "  /Lang %s\n", appendTextString(nil, a.lang))
	}
	if a.displayDocTitle {
		io.WriteString(w, "  /ViewerPreferences << /DisplayDocTitle true >>\n")
	}
	if t := gp.structTree; t != nil {
		io.WriteString(w, "  /MarkInfo << /Marked true >>\n")
		fmt.Fprintf(w, "  /StructTreeRoot %d 0 R\n", t.rootIndex+1)
	}
	if a.metadata != nil {
		fmt.Fprintf(w, "  /Metadata %d 0 R\n", a.metadataIndex+1)
	}
	if len(a.intents) > 0 {
		io.WriteString(w, "  /OutputIntents [")
		for i, oi := range a.intents {
			fmt.Fprintf(w, "<< /Type /OutputIntent /S /%s /OutputConditionIdentifier %s /Info %s /DestOutputProfile %d 0 R >>",
				oi.Subtype, appendTextString(nil, oi.OutputConditionIdentifier), appendTextString(nil, oi.Info), a.intentIndexes[i]+1)
		}
		io.WriteString(w, "]\n")
	}
}

// contentHash returns the hash the trailer /ID is made from, or nil.
func (gp *GoPdf) contentHash() hash.Hash {
	if !gp.archive.contentID || gp.isUseProtection() {
		return nil
	}
	return md5.New()
}

// writeID writes the trailer /ID from the hash of the bytes so far.
func (gp *GoPdf) writeID(w io.Writer, h hash.Hash) {
	if h == nil {
		return
	}
	id := hex.EncodeToString(h.Sum(nil))
	fmt.Fprintf(w, "/ID [<%s> <%s>]\n", id, id)
}

// streamObj is an uncompressed stream with the given dictionary entries.
type streamObj struct {
	dict string
	data []byte
}

func (s streamObj) init(func() *GoPdf) {}
func (s streamObj) getType() string    { return "Stream" }
func (s streamObj) write(w io.Writer, objID int) error {
	if _, err := fmt.Fprintf(w, "<< %s /Length %d >>\nstream\n", s.dict, len(s.data)); err != nil {
		return err
	}
	if _, err := w.Write(s.data); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\nendstream\n")
	return err
}

// infoObj is the information dictionary as an object.
type infoObj struct{ gp *GoPdf }

func (o infoObj) init(func() *GoPdf) {}
func (o infoObj) getType() string    { return "Info" }
func (o infoObj) write(w io.Writer, objID int) error {
	o.gp.writeInfoDict(w)
	return nil
}
