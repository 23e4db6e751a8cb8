"""Reads a PDF back with pikepdf (not with anything planreport wrote) and
prints, as JSON, what a screen reader and a PDF/A validator would look at:
the catalog entries, the XMP packet against the information dictionary,
the fonts, the structure tree (headings in order, tables, figures, TOC
links) and whether every mark on every page is marked content that the
parent tree maps back to its element. TestTaggedPDF asserts on the JSON.

Usage: /usr/bin/python3 check_tagged.py file.pdf
"""

import json
import sys
import xml.etree.ElementTree as ET

import pikepdf
from pikepdf import Name

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}

# Operators that put marks on a page: text showing and path painting.
MARKING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh"}


def typ(e):
    """The structure type of an element, without the slash."""
    return str(e.S)[1:]


def kids(e):
    """The entries of /K as a list (a single kid may stand alone)."""
    k = e.get("/K")
    if k is None:
        return []
    if isinstance(k, pikepdf.Array):
        return list(k)
    return [k]


def text(obj):
    return str(obj) if obj is not None else None


def catalog(pdf, out):
    root = pdf.Root
    out["marked"] = bool(root.get("/MarkInfo", {}).get("/Marked", False))
    out["lang"] = text(root.get("/Lang"))
    out["display_doc_title"] = bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False))
    out["encrypted"] = pdf.is_encrypted or "/Encrypt" in pdf.trailer
    ids = pdf.trailer.get("/ID")
    out["id"] = [bytes(i).hex() for i in ids] if ids is not None else []
    intents = []
    for oi in root.get("/OutputIntents", []):
        prof = oi.DestOutputProfile
        data = prof.read_bytes()
        intents.append({
            "s": str(oi.S),
            "condition": text(oi.get("/OutputConditionIdentifier")),
            "n": int(prof.N),
            "icc_signature": data[36:40].decode("latin-1"),
            "icc_colour_space": data[16:20].decode("latin-1"),
            "icc_class": data[12:16].decode("latin-1"),
            "icc_major_version": data[8],
        })
    out["output_intents"] = intents


def metadata(pdf, out):
    info = pdf.trailer.get("/Info")
    out["info_indirect"] = info is not None and info.is_indirect
    info = {k[1:]: str(v) for k, v in (info or {}).items()}
    out["info"] = info
    md = pdf.Root.get("/Metadata")
    if md is None:
        out["xmp"] = None
        return
    out["xmp_filtered"] = "/Filter" in md
    root = ET.fromstring(md.read_bytes())
    desc = root.find("rdf:RDF/rdf:Description", NS)

    def get(path):
        e = desc.find(path, NS)
        return e.text if e is not None else None

    out["xmp"] = {
        "part": get("pdfaid:part"),
        "conformance": get("pdfaid:conformance"),
        "title": get("dc:title/rdf:Alt/rdf:li"),
        "creator": get("dc:creator/rdf:Seq/rdf:li"),
        "description": get("dc:description/rdf:Alt/rdf:li"),
        "creator_tool": get("xmp:CreatorTool"),
        "create_date": get("xmp:CreateDate"),
        "modify_date": get("xmp:ModifyDate"),
        "producer": get("pdf:Producer"),
    }


def fonts(pdf, out):
    seen, result = set(), []
    for page in pdf.pages:
        for name, font in page.Resources.get("/Font", {}).items():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            d = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            fd = d.get("/FontDescriptor", {})
            result.append({
                "subtype": str(font.Subtype),
                "descendant": str(d.Subtype),
                "to_unicode": "/ToUnicode" in font,
                "cid_to_gid": text(d.get("/CIDToGIDMap")),
                "embedded": any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")),
            })
    out["fonts"] = result


class Tree:
    """Walks the structure tree from /StructTreeRoot."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.page_of = {p.objgen: i for i, p in enumerate(pdf.pages)}
        self.elems = []  # (type, depth) in reading order
        self.headings = []
        self.problems = []
        self.tables = []
        self.figures = []
        self.toc_links = 0
        self.mcids = {}  # (page, mcid) -> element objgen
        self.objr = {}  # annotation objgen -> element objgen

    def walk(self, e, depth, parent):
        s = typ(e)
        self.elems.append(s)
        if "/P" not in e or (parent is not None and e.P.objgen != parent.objgen):
            self.problems.append("%s: /P is not its parent" % s)
        if s in ("H1", "H2", "H3"):
            self.headings.append(int(s[1]))
        if s == "Figure":
            self.figures.append(text(e.get("/Alt")) or "")
        if s == "Table":
            self.table(e)
        if s == "TOC":
            self.toc(e)
        pg = e.get("/Pg")
        kids = e.get("/K")
        if kids is None:
            return
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        for k in kids:
            if isinstance(k, int):
                self.mcid(pg, int(k), e)
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == Name.MCR:
                self.mcid(k.Pg, int(k.MCID), e)
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == Name.OBJR:
                self.objr[k.Obj.objgen] = e.objgen
            else:
                self.walk(k, depth + 1, e)

    def mcid(self, pg, n, e):
        if pg is None:
            self.problems.append("MCID %d without /Pg" % n)
            return
        key = (self.page_of[pg.objgen], n)
        if key in self.mcids:
            self.problems.append("MCID %s claimed twice" % (key,))
        self.mcids[key] = e.objgen

    def pages_of(self, e):
        """Pages of the marked content under e."""
        pages = set()
        kids = e.get("/K")
        if kids is None:
            return pages
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        for k in kids:
            if isinstance(k, int):
                pages.add(self.page_of[e.Pg.objgen])
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == Name.MCR:
                pages.add(self.page_of[k.Pg.objgen])
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == Name.OBJR:
                pass
            else:
                pages |= self.pages_of(k)
        return pages

    def table(self, e):
        rows, header_rows, cells, scopes = 0, 0, {"TH": 0, "TD": 0}, set()
        for tr in kids(e):
            if typ(tr) != "TR":
                self.problems.append("Table holds %s" % tr.S)
                continue
            rows += 1
            kinds = []
            for c in kids(tr):
                kind = typ(c)
                kinds.append(kind)
                if kind not in cells:
                    self.problems.append("TR holds %s" % kind)
                    continue
                cells[kind] += 1
                if kind == "TH":
                    scope = c.get("/A", {}).get("/Scope")
                    if scope is None:
                        self.problems.append("TH without /Scope")
                    else:
                        scopes.add(str(scope)[1:])
            if kinds and all(k == "TH" for k in kinds):
                header_rows += 1
        self.tables.append({"rows": rows, "header_rows": header_rows, "th": cells["TH"], "td": cells["TD"],
                            "scopes": sorted(scopes), "pages": len(self.pages_of(e))})

    def toc(self, e):
        for item in kids(e):
            if typ(item) != "TOCI":
                self.problems.append("TOC holds %s" % item.S)
                continue
            links = [k for k in kids(item) if isinstance(k, pikepdf.Dictionary) and str(k.get("/S")) == "/Link"]
            for link in links:
                if any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == Name.OBJR for k in kids(link)):
                    self.toc_links += 1


def content(pdf, tree, out):
    """Every marking operator inside marked content; MCIDs as the tree says."""
    untagged, marked, artifacts, problems = 0, 0, 0, []
    parent_tree = {}
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", [])
    for i in range(0, len(nums), 2):
        parent_tree[int(nums[i])] = nums[i + 1]
    for pi, page in enumerate(pdf.pages):
        stack = []
        page_mcids = []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "BDC":
                props = operands[1]
                mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
                stack.append(("mcid", int(mcid)) if mcid is not None else ("other", None))
                if mcid is not None:
                    page_mcids.append(int(mcid))
            elif op == "BMC":
                stack.append(("artifact", None) if str(operands[0]) == "/Artifact" else ("other", None))
            elif op == "EMC":
                if not stack:
                    problems.append("page %d: EMC without BMC/BDC" % (pi + 1))
                else:
                    stack.pop()
            elif op in MARKING:
                kinds = [k for k, _ in stack]
                if "artifact" in kinds:
                    artifacts += 1
                elif "mcid" in kinds:
                    marked += 1
                else:
                    untagged += 1
        if stack:
            problems.append("page %d: marked content left open" % (pi + 1))
        if len(set(page_mcids)) != len(page_mcids):
            problems.append("page %d: an MCID used twice" % (pi + 1))
        if page_mcids:
            key = page.get("/StructParents")
            arr = parent_tree.get(int(key)) if key is not None else None
            if arr is None:
                problems.append("page %d: no parent tree entry" % (pi + 1))
                continue
            for m in page_mcids:
                want = tree.mcids.get((pi, m))
                if m >= len(arr) or want is None or arr[m].objgen != want:
                    problems.append("page %d: MCID %d maps to another element than holds it" % (pi + 1, m))
        annots = page.get("/Annots", [])
        # PDF/UA-1 7.18.3: a page with annotations visits them in structure order.
        if len(annots) > 0 and page.get("/Tabs") != Name.S:
            problems.append("page %d: annotations but no /Tabs /S" % (pi + 1))
        for annot in annots:
            key = annot.get("/StructParent")
            if annot.get("/Subtype") == Name.Link:
                out["links"] += 1
                if int(annot.get("/F", 0)) & 4 == 0:
                    problems.append("page %d: link annotation not printable" % (pi + 1))
                # PDF/UA-1 7.18.5: a link annotation has an alternate description.
                contents = text(annot.get("/Contents"))
                if not contents:
                    problems.append("page %d: link annotation without /Contents" % (pi + 1))
                out["link_contents"].append(contents or "")
            if key is None:
                continue
            elem = parent_tree.get(int(key))
            if elem is None or tree.objr.get(annot.objgen) != elem.objgen:
                problems.append("page %d: annotation /StructParent does not match its OBJR" % (pi + 1))
            else:
                out["tagged_links"] += 1
    out["marked_ops"], out["artifact_ops"], out["untagged_ops"] = marked, artifacts, untagged
    out["content_problems"] = problems[:20]


def main(path):
    out = {"links": 0, "tagged_links": 0, "link_contents": []}
    with pikepdf.open(path) as pdf:
        catalog(pdf, out)
        metadata(pdf, out)
        fonts(pdf, out)
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            out["structure"] = None
        else:
            tree = Tree(pdf)
            top = root.K
            tree.walk(top, 0, None)
            out["structure"] = {
                "root": typ(top),
                "headings": tree.headings,
                "tables": tree.tables,
                "figures": tree.figures,
                "toc_links": tree.toc_links,
                "elements": len(tree.elems),
                "types": sorted(set(tree.elems)),
                "problems": tree.problems[:20],
            }
            content(pdf, tree, out)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
