#!/usr/bin/python3
"""Builds the workbooks of TestAnnotateNotesOfOtherPrograms: input/建設部.xlsx
with three notes of the department's own (two on cells a finding points at,
E21 and F14, one on E20), saved by openpyxl (Debian python3-openpyxl), which
names its parts xl/comments/comment1.xml and xl/drawings/commentsDrawing1.vml
and writes absolute relationship targets; then that file saved again by
LibreOffice Calc, which names its note shapes "shape_0".

Run from the repository root:
  /usr/bin/python3 pipeline/feedback/testdata/make_notes.py
  soffice -env:UserInstallation=file:///tmp/lo-profile --headless \
    --convert-to 'xlsx:Calc MS Excel 2007 XML' \
    --outdir pipeline/feedback/testdata/notes/libreoffice \
    pipeline/feedback/testdata/notes/openpyxl/建設部.xlsx

notes/libreoffice-second.xlsx: three sheets (Sheet1, B, C) made with excelize, a
note on B!B2 only, saved by LibreOffice Calc (which names its notes part
xl/comments2.xml after the sheet's position), for TestAnnotateNotesPartOfAnotherSheet.
"""
import openpyxl
from openpyxl.comments import Comment

wb = openpyxl.load_workbook('input/建設部.xlsx')
ws = wb.active
ws['E21'].comment = Comment('部内メモ：要確認（山田）', '山田')
ws['E20'].comment = Comment('実績は速報値', '佐藤')
ws['F14'].comment = Comment('回数で記入しました', '佐藤')
wb.save('pipeline/feedback/testdata/notes/openpyxl/建設部.xlsx')
