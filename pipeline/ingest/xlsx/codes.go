package xlsx

// Finding codes of the reader: files it cannot open, sheets it does not read
// and cells it cannot hold. They are stable: tests, scripts and the findings
// report branch on them (the other codes of the ingest stage are in package
// ingest).
const (
	CodeFileEmpty         = "file_empty"               // 0 bytes
	CodeFileNotZip        = "file_not_zip"             // not a zip at all (text, PDF, …)
	CodeFileTruncated     = "file_truncated"           // zip directory unreadable: truncated or corrupt
	CodeFileCorrupt       = "file_corrupt"             // the zip opens but a part does not decompress or parse
	CodeFileEncrypted     = "file_encrypted"           // OLE container holding an encrypted OOXML workbook
	CodeFileXLS           = "file_xls"                 // OLE container without EncryptionInfo: an old .xls renamed
	CodeFileNotWorkbook   = "file_not_workbook"        // a valid zip without xl/workbook.xml (a .docx, a plain zip)
	CodeZipBomb           = "zip_bomb"                 // uncompressed size over Limits.UnzippedBytes or an absurd ratio
	CodeTooManySheets     = "too_many_sheets"          // over Limits.SheetsPerWorkbook
	CodeStringsMalformed  = "shared_strings_malformed" // xl/sharedStrings.xml breaks off: no text of the file can be read
	CodeSheetMalformed    = "sheet_malformed"          // the sheet's XML breaks off: rejected, not read in part
	CodeSheetTooManyRows  = "sheet_too_many_rows"      // over Limits.RowsPerSheet
	CodeSheetTooManyCells = "sheet_too_many_cells"     // over Limits.CellsPerSheet
	CodeCellTooLong       = "cell_too_long"            // over Limits.CharsPerCell: the cell is read as empty
	CodeTextEscapes       = "text_escape_flood"        // _xHHHH_ escapes that would stall the reader: the sheet is not read
	CodeDimensionIgnored  = "sheet_dimension_ignored"  // the recorded used range (A1:XFD1048576) is over the limits; the cells were read instead
	CodeHiddenCells       = "hidden_cells"             // values in hidden rows or columns: not read
	CodeTextControl       = "text_control_chars"       // control characters or unpaired surrogates, dropped
	CodeTextFormulaLike   = "text_formula_like"        // text starting with = + - @: kept as text, never evaluated
)
