// Copyright 2016 - 2026 The excelize Authors. All rights reserved. Use of
// this source code is governed by a BSD-style license that can be found in
// the LICENSE file.

package excelize

// planreport: the rows and cells of a worksheet's <sheetData> decoded and
// encoded by hand instead of by encoding/xml's reflection, which took most
// of the time of opening and writing a workbook. Both produce exactly what
// encoding/xml produces for these types (sheetdata_codec_test.go compares
// them); anything uncommon (<is>, unknown elements, a namespaced space
// attribute) is left to encoding/xml.

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
)

// xlsxSheetDataReflect is xlsxSheetData without its methods: encoding/xml
// encodes it by reflection.
type xlsxSheetDataReflect xlsxSheetData

// UnmarshalXML reads the rows and cells of a <sheetData> element as
// encoding/xml would read them into xlsxSheetData by reflection.
func (sd *xlsxSheetData) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	if start.Name.Local != "sheetData" {
		return xml.UnmarshalError("expected element type <sheetData> but have <" + start.Name.Local + ">")
	}
	sd.XMLName = start.Name
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "row" {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			sd.Row = append(sd.Row, xlsxRow{})
			if err := decodeSheetRow(d, &sd.Row[len(sd.Row)-1], &t); err != nil {
				sd.Row = sd.Row[:len(sd.Row)-1]
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// decodeSheetRow reads a <row> element into row.
func decodeSheetRow(d *xml.Decoder, row *xlsxRow, start *xml.StartElement) error {
	for _, a := range start.Attr {
		var err error
		switch a.Name.Local {
		case "r":
			err = xmlAttrInt(&row.R, a.Value)
		case "spans":
			row.Spans = a.Value
		case "s":
			err = xmlAttrInt(&row.S, a.Value)
		case "customFormat":
			err = xmlAttrBool(&row.CustomFormat, a.Value)
		case "ht":
			if row.Ht == nil {
				row.Ht = new(float64)
			}
			if a.Value == "" {
				*row.Ht = 0
				break
			}
			var v float64
			if v, err = strconv.ParseFloat(strings.TrimSpace(a.Value), 64); err == nil {
				*row.Ht = v
			}
		case "hidden":
			err = xmlAttrBool(&row.Hidden, a.Value)
		case "customHeight":
			err = xmlAttrBool(&row.CustomHeight, a.Value)
		case "outlineLevel":
			var v uint64
			if v, err = xmlParseUint(a.Value, 8); err == nil {
				row.OutlineLevel = uint8(v)
			}
		case "collapsed":
			err = xmlAttrBool(&row.Collapsed, a.Value)
		case "thickTop":
			err = xmlAttrBool(&row.ThickTop, a.Value)
		case "thickBot":
			err = xmlAttrBool(&row.ThickBot, a.Value)
		case "ph":
			err = xmlAttrBool(&row.Ph, a.Value)
		}
		if err != nil {
			return err
		}
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "c" {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			row.C = append(row.C, xlsxC{})
			if err := decodeSheetCell(d, &row.C[len(row.C)-1], &t); err != nil {
				row.C = row.C[:len(row.C)-1]
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// decodeSheetCell reads a <c> element into c.
func decodeSheetCell(d *xml.Decoder, c *xlsxC, start *xml.StartElement) error {
	c.XMLName = start.Name
	for _, a := range start.Attr {
		var err error
		switch a.Name.Local {
		case "space":
			c.XMLSpace = a
		case "r":
			c.R = a.Value
		case "s":
			err = xmlAttrInt(&c.S, a.Value)
		case "t":
			c.T = a.Value
		case "cm":
			if c.Cm == nil {
				c.Cm = new(uint)
			}
			err = xmlAttrUint(c.Cm, a.Value)
		case "vm":
			if c.Vm == nil {
				c.Vm = new(uint)
			}
			err = xmlAttrUint(c.Vm, a.Value)
		case "ph":
			if c.Ph == nil {
				c.Ph = new(bool)
			}
			err = xmlAttrBool(c.Ph, a.Value)
		}
		if err != nil {
			return err
		}
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				c.V, err = xmlElementText(d)
			case "f":
				if c.F == nil {
					c.F = new(xlsxF)
				}
				err = decodeSheetFormula(d, c.F, &t)
			case "is":
				if c.IS == nil {
					c.IS = new(xlsxSI)
				}
				err = d.DecodeElement(c.IS, &t)
			default:
				err = d.Skip()
			}
			if err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// decodeSheetFormula reads an <f> element into f.
func decodeSheetFormula(d *xml.Decoder, f *xlsxF, start *xml.StartElement) error {
	for _, a := range start.Attr {
		var err error
		switch a.Name.Local {
		case "t":
			f.T = a.Value
		case "aca":
			err = xmlAttrBool(&f.Aca, a.Value)
		case "ref":
			f.Ref = a.Value
		case "dt2D":
			err = xmlAttrBool(&f.Dt2D, a.Value)
		case "dtr":
			err = xmlAttrBool(&f.Dtr, a.Value)
		case "del1":
			err = xmlAttrBool(&f.Del1, a.Value)
		case "del2":
			err = xmlAttrBool(&f.Del2, a.Value)
		case "r1":
			f.R1 = a.Value
		case "r2":
			f.R2 = a.Value
		case "ca":
			err = xmlAttrBool(&f.Ca, a.Value)
		case "si":
			if f.Si == nil {
				f.Si = new(int)
			}
			err = xmlAttrInt(f.Si, a.Value)
		case "bx":
			err = xmlAttrBool(&f.Bx, a.Value)
		}
		if err != nil {
			return err
		}
	}
	text, err := xmlElementText(d)
	if err == nil {
		f.Content = text
	}
	return err
}

// xmlElementText reads the rest of an element and returns its character
// data, without that of the elements in it (they are skipped), as
// encoding/xml reads a string field or a ",chardata" one.
func xmlElementText(d *xml.Decoder) (string, error) {
	var (
		text string // the first piece of character data: usually the only one
		data []byte // all of it, when there are more pieces
		n    int
	)
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			switch n++; n {
			case 1:
				text = string(t)
			case 2:
				data = append([]byte(text), t...)
			default:
				data = append(data, t...)
			}
		case xml.StartElement:
			if err := d.Skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			if n > 1 {
				return string(data), nil
			}
			return text, nil
		}
	}
}

// xmlAttrInt, xmlAttrUint and xmlAttrBool parse an attribute's value as
// encoding/xml does (copyValue): empty is zero, else strconv after
// strings.TrimSpace.
func xmlAttrInt(dst *int, s string) error {
	if s == "" {
		*dst = 0
		return nil
	}
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, strconv.IntSize)
	if err == nil {
		*dst = int(v)
	}
	return err
}

func xmlAttrUint(dst *uint, s string) error {
	v, err := xmlParseUint(s, strconv.IntSize)
	if err == nil {
		*dst = uint(v)
	}
	return err
}

func xmlParseUint(s string, bits int) (uint64, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.ParseUint(strings.TrimSpace(s), 10, bits)
}

func xmlAttrBool(dst *bool, s string) error {
	if s == "" {
		*dst = false
		return nil
	}
	v, err := strconv.ParseBool(strings.TrimSpace(s))
	if err == nil {
		*dst = v
	}
	return err
}

// MarshalXML writes the <sheetData> element. When workSheetWriter has set
// sd.w to the buffer its encoder writes to, the rows and cells are written
// into it directly, byte for byte what encoding/xml writes for them;
// otherwise, or for a space attribute in another name space than xml's
// (encoding/xml declares a prefix for it), encoding/xml writes them.
func (sd xlsxSheetData) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if sd.w == nil || start.Name != (xml.Name{Local: "sheetData"}) || len(start.Attr) != 0 || !sd.plainSpaces() {
		sd.w = nil
		return e.EncodeElement((*xlsxSheetDataReflect)(&sd), start)
	}
	if err := e.Flush(); err != nil {
		return err
	}
	w := sd.w
	w.WriteString("<sheetData>")
	for i := range sd.Row {
		row := &sd.Row[i]
		w.WriteString("<row")
		writeXMLInt(w, row.R != 0, " r=\"", int64(row.R))
		writeXMLString(w, row.Spans != "", " spans=\"", row.Spans)
		writeXMLInt(w, row.S != 0, " s=\"", int64(row.S))
		writeXMLTrue(w, row.CustomFormat, " customFormat=\"true\"")
		if row.Ht != nil {
			var b [32]byte
			w.WriteString(" ht=\"")
			w.Write(strconv.AppendFloat(b[:0], *row.Ht, 'g', -1, 64))
			w.WriteByte('"')
		}
		writeXMLTrue(w, row.Hidden, " hidden=\"true\"")
		writeXMLTrue(w, row.CustomHeight, " customHeight=\"true\"")
		writeXMLInt(w, row.OutlineLevel != 0, " outlineLevel=\"", int64(row.OutlineLevel))
		writeXMLTrue(w, row.Collapsed, " collapsed=\"true\"")
		writeXMLTrue(w, row.ThickTop, " thickTop=\"true\"")
		writeXMLTrue(w, row.ThickBot, " thickBot=\"true\"")
		writeXMLTrue(w, row.Ph, " ph=\"true\"")
		w.WriteByte('>')
		for j := range row.C {
			if err := writeXMLCell(e, w, &row.C[j]); err != nil {
				return err
			}
		}
		w.WriteString("</row>")
	}
	w.WriteString("</sheetData>")
	return nil
}

// plainSpaces reports whether no cell has a space attribute in a name
// space other than xml's.
func (sd *xlsxSheetData) plainSpaces() bool {
	for i := range sd.Row {
		for j := range sd.Row[i].C {
			if n := sd.Row[i].C[j].XMLSpace.Name; n.Local != "" && n.Space != "" && n.Space != NameSpaceXML {
				return false
			}
		}
	}
	return true
}

// writeXMLCell writes a <c> element as encoding/xml writes xlsxC, its <is>
// by e.
func writeXMLCell(e *xml.Encoder, w *bytes.Buffer, c *xlsxC) error {
	w.WriteString("<c")
	if c.XMLSpace.Name.Local != "" {
		w.WriteByte(' ')
		if c.XMLSpace.Name.Space != "" {
			w.WriteString("xml:")
		}
		w.WriteString(c.XMLSpace.Name.Local)
		writeXMLString(w, true, "=\"", c.XMLSpace.Value)
	}
	writeXMLString(w, c.R != "", " r=\"", c.R)
	writeXMLInt(w, c.S != 0, " s=\"", int64(c.S))
	writeXMLString(w, c.T != "", " t=\"", c.T)
	if c.Cm != nil {
		writeXMLUint(w, " cm=\"", uint64(*c.Cm))
	}
	if c.Vm != nil {
		writeXMLUint(w, " vm=\"", uint64(*c.Vm))
	}
	if c.Ph != nil {
		writeXMLString(w, true, " ph=\"", strconv.FormatBool(*c.Ph))
	}
	w.WriteByte('>')
	if f := c.F; f != nil {
		w.WriteString("<f")
		writeXMLString(w, f.T != "", " t=\"", f.T)
		writeXMLTrue(w, f.Aca, " aca=\"true\"")
		writeXMLString(w, f.Ref != "", " ref=\"", f.Ref)
		writeXMLTrue(w, f.Dt2D, " dt2D=\"true\"")
		writeXMLTrue(w, f.Dtr, " dtr=\"true\"")
		writeXMLTrue(w, f.Del1, " del1=\"true\"")
		writeXMLTrue(w, f.Del2, " del2=\"true\"")
		writeXMLString(w, f.R1 != "", " r1=\"", f.R1)
		writeXMLString(w, f.R2 != "", " r2=\"", f.R2)
		writeXMLTrue(w, f.Ca, " ca=\"true\"")
		if f.Si != nil {
			writeXMLInt(w, true, " si=\"", int64(*f.Si))
		}
		writeXMLTrue(w, f.Bx, " bx=\"true\"")
		w.WriteByte('>')
		writeXMLText(w, f.Content)
		w.WriteString("</f>")
	}
	if c.V != "" {
		w.WriteString("<v>")
		writeXMLText(w, c.V)
		w.WriteString("</v>")
	}
	if c.IS != nil {
		if err := e.EncodeElement(c.IS, xml.StartElement{Name: xml.Name{Local: "is"}}); err != nil {
			return err
		}
		if err := e.Flush(); err != nil {
			return err
		}
	}
	w.WriteString("</c>")
	return nil
}

func writeXMLTrue(w *bytes.Buffer, b bool, attr string) {
	if b {
		w.WriteString(attr)
	}
}

// writeXMLString, writeXMLInt and writeXMLUint write, if ok, prefix
// (` name="`), the value and the closing quote.
func writeXMLString(w *bytes.Buffer, ok bool, prefix, value string) {
	if ok {
		w.WriteString(prefix)
		writeXMLText(w, value)
		w.WriteByte('"')
	}
}

func writeXMLInt(w *bytes.Buffer, ok bool, prefix string, v int64) {
	if ok {
		var b [24]byte
		w.WriteString(prefix)
		w.Write(strconv.AppendInt(b[:0], v, 10))
		w.WriteByte('"')
	}
}

func writeXMLUint(w *bytes.Buffer, prefix string, v uint64) {
	var b [24]byte
	w.WriteString(prefix)
	w.Write(strconv.AppendUint(b[:0], v, 10))
	w.WriteByte('"')
}

// writeXMLText writes s escaped as encoding/xml escapes attribute values
// and character data (the same for both): printable ASCII other than
// "'&<> as it is, anything else by xml.EscapeText.
func writeXMLText(w *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x20 || b >= 0x7f, b == '"', b == '\'', b == '&', b == '<', b == '>':
			_ = xml.EscapeText(w, []byte(s))
			return
		}
	}
	w.WriteString(s)
}
