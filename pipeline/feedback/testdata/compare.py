"""Second reader for the annotated copies: Debian's openpyxl, run by
/usr/bin/python3. Usage: compare.py ORIGINAL COPY FINDINGS.json
FINDINGS.json is [{"sheet": ..., "cell": ..., "message": ...}] for the
findings that must be notes. Prints {"problems": [differences]} (none: the
copy is the original plus the marks), with "skipped" when openpyxl cannot
read the original itself."""
import json
import sys

import openpyxl
from openpyxl.utils import range_boundaries

LIST = "指摘事項"


def load(path, data_only):
    return openpyxl.load_workbook(path, data_only=data_only)


def cells(ws):
    out = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None or c.number_format != "General":
                out[c.coordinate] = (repr(c.value), c.number_format)
    return out


def color(c):
    if c is None:
        return None
    return (c.type, c.rgb if c.type == "rgb" else None, c.theme if c.type == "theme" else None,
            c.indexed if c.type == "indexed" else None, round(c.tint or 0, 6))


def side(sd):
    return (sd.style, color(sd.color) if sd.style else None) if sd is not None else (None, None)


def looks(c, filled):
    """The cell's format as openpyxl reads it, by meaning (an attribute
    written as false reads as one left out); the fill only when no finding
    marks the cell."""
    f, b, al, pr = c.font, c.border, c.alignment, c.protection
    out = [
        (f.name, f.sz, bool(f.b), bool(f.i), f.u, bool(f.strike), color(f.color), f.vertAlign),
        tuple(side(x) for x in (b.left, b.right, b.top, b.bottom, b.diagonal)) + (bool(b.diagonalUp), bool(b.diagonalDown)),
        (al.horizontal, al.vertical, bool(al.wrap_text), bool(al.shrink_to_fit), al.indent or 0, al.text_rotation or 0),
        (pr.locked, pr.hidden),
    ]
    if not filled:
        fl = c.fill
        out.append((getattr(fl, "fill_type", None), color(getattr(fl, "fgColor", None)), color(getattr(fl, "bgColor", None))))
    return out


def filled_cells(findings):
    out = set()
    for f in findings:
        min_col, min_row, max_col, max_row = range_boundaries(f["range"])
        for r in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                out.add((f["sheet"], r, col))
    return out


def comment_text(c):
    return c.comment.text if c.comment is not None else None


def names(wb):
    out = []
    for dn in wb.defined_names.definedName:
        scope = wb.sheetnames[dn.localSheetId] if dn.localSheetId is not None else ""
        out.append((dn.name, scope, dn.attr_text))
    return sorted(out)


def main():
    orig_path, copy_path, findings_path = sys.argv[1:4]
    with open(findings_path, encoding="utf-8") as fh:
        findings = json.load(fh)
    problems = []
    try:
        load(orig_path, False)
    except Exception as e:  # the original itself: nothing to compare with
        print(json.dumps({"skipped": repr(e), "problems": []}))
        return
    for data_only in (False, True):
        a, b = load(orig_path, data_only), load(copy_path, data_only)
        if b.sheetnames[0] != LIST and not b.sheetnames[0].startswith(LIST + " ("):
            problems.append("first sheet is %r" % b.sheetnames[0])
        if b.sheetnames[1:] != a.sheetnames:
            problems.append("sheets %r != %r" % (b.sheetnames[1:], a.sheetnames))
            break
        if names(a) != names(b):
            problems.append("defined names %r != %r" % (names(a), names(b)))
        filled = filled_cells(findings)
        for name in a.sheetnames:
            wa, wb_ = a[name], b[name]
            ca, cb = cells(wa), cells(wb_)
            if not data_only:
                for row in wa.iter_rows():
                    for c in row:
                        other = wb_.cell(row=c.row, column=c.column)
                        la, lb = looks(c, (name, c.row, c.column) in filled), looks(other, (name, c.row, c.column) in filled)
                        if la != lb:
                            problems.append("%s!%s: format %r != %r" % (name, c.coordinate, lb, la))
            if ca != cb:
                diff = sorted(set(ca.items()) ^ set(cb.items()))[:6]
                problems.append("%s: cells differ (data_only=%s): %r" % (name, data_only, diff))
            if sorted(map(str, wa.merged_cells.ranges)) != sorted(map(str, wb_.merged_cells.ranges)):
                problems.append("%s: merged cells differ" % name)
            dva = sorted((str(d.sqref), d.type, d.formula1) for d in wa.data_validations.dataValidation)
            dvb = sorted((str(d.sqref), d.type, d.formula1) for d in wb_.data_validations.dataValidation)
            if dva != dvb:
                problems.append("%s: data validations %r != %r" % (name, dva, dvb))
            if wa.sheet_state != wb_.sheet_state:
                problems.append("%s: state %s != %s" % (name, wa.sheet_state, wb_.sheet_state))
            if wa.print_area != wb_.print_area or wa.print_title_rows != wb_.print_title_rows:
                problems.append("%s: print area %r/%r != %r/%r" % (name, wa.print_area, wa.print_title_rows, wb_.print_area, wb_.print_title_rows))
            if wa.page_setup.orientation != wb_.page_setup.orientation or wa.page_setup.paperSize != wb_.page_setup.paperSize:
                problems.append("%s: page setup differs" % name)
            for key, dim in wa.column_dimensions.items():
                if dim.width != wb_.column_dimensions[key].width or dim.hidden != wb_.column_dimensions[key].hidden:
                    problems.append("%s: column %s differs" % (name, key))
            for key, dim in wa.row_dimensions.items():
                if dim.height != wb_.row_dimensions[key].height or dim.hidden != wb_.row_dimensions[key].hidden:
                    problems.append("%s: row %s differs" % (name, key))
            for row in wa.iter_rows():
                for c in row:
                    old = comment_text(c)
                    if old is not None and old not in (comment_text(wb_[c.coordinate]) or ""):
                        problems.append("%s!%s: existing note lost" % (name, c.coordinate))
        if data_only:
            continue
        want, sev = {}, {}
        rank = {"error": 0, "warning": 1, "info": 2}
        for f in findings:
            k = (f["sheet"], f["cell"])
            want.setdefault(k, []).append(f["message"])
            if rank[f["severity"]] < rank.get(sev.get(k), 3):
                sev[k] = f["severity"]
        fills = {"error": "FFFFC7CE", "warning": "FFFFEB9C"}
        for (sheet, cell), s in sev.items():
            fl = b[sheet][cell].fill
            if s in fills and (fl.fill_type != "solid" or fl.fgColor.rgb != fills[s]):
                problems.append("%s!%s: fill %s %s, want %s for %s" % (sheet, cell, fl.fill_type, fl.fgColor.rgb, fills[s], s))
        for (sheet, cell), messages in want.items():
            text = comment_text(b[sheet][cell]) or ""
            for m in messages:
                if m not in text:
                    problems.append("%s!%s: note lacks %r (note %r)" % (sheet, cell, m, text))
        for name in a.sheetnames:
            for row in b[name].iter_rows():
                for c in row:
                    if c.comment is not None and (name, c.coordinate) not in want and comment_text(a[name][c.coordinate]) is None:
                        problems.append("%s!%s: a note where no finding points" % (name, c.coordinate))
    print(json.dumps({"problems": problems}, ensure_ascii=False))


main()
