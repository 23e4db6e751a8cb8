package ingest

// Finding codes of the ingest stage. They are stable: tests, scripts and
// the findings report branch on them. The codes of what the reader refuses
// (a file it cannot open, a sheet over a limit, a cell it cannot hold) are
// those of package xlsx.
const (
	// Files.
	CodeFileTooLarge     = "file_too_large"     // over Limits.FileBytes on disk
	CodeFileMacroEnabled = "file_macro_enabled" // .xlsm
	CodeFileWrongFormat  = "file_wrong_format"  // .xls, .xlsb, .xlt(x/m), .ods, .csv, .tsv by name
	CodeFileMisnamed     = "file_misnamed"      // 福祉部.xlsx.txt: a workbook's name with another extension
	CodeFileDirectory    = "file_directory"     // a folder in the input folder
	CodeFileSymlink      = "file_symlink"       // a symbolic link: never followed
	CodeFileNotRegular   = "file_not_regular"   // a device, pipe or socket
	CodeFileUnreadable   = "file_unreadable"    // the operating system refused to read it
	CodeNoSheets         = "no_management_sheet"
	CodeExternalLink     = "external_link" // links to other workbooks: never opened, cached values used

	// Sheets.
	CodeSheetSkipped        = "sheet_skipped"         // notes, instructions
	CodeSheetNotWorksheet   = "sheet_not_worksheet"   // a chart sheet or macro sheet
	CodeSheetHidden         = "sheet_hidden"          // read, but hidden in Excel
	CodeSheetUnusable       = "sheet_unusable"        // no (3) block and no number: left out
	CodeMissingTitle        = "missing_title"         // no 行財政運営プラン取組管理シート label
	CodeMissingDepartment   = "missing_department"    // no 担当部名 or no department
	CodeSectionInDepartment = "section_in_department" // 「財務部 財政課」 in 担当部名: the 課 belongs in 担当課名
	CodeMissingSection      = "missing_section"       // 担当課名 without a section (warning)
	CodeMissingGoal         = "missing_goal_number"   // no 基本目標 number
	CodeMissingNumber       = "missing_number"        // no 取組項目名 number
	CodeMissingItemTitle    = "missing_item_title"    // no initiative title
	CodeBadNumber           = "number_unreadable"     // a goal or initiative number that is not a positive integer
	CodeNumberWithWord      = "number_with_word"      // 第5, No.5, 基本目標5, 取組9 read as the number (information)
	CodeNumberEnclosed      = "number_enclosed"       // a goal or initiative number written as one enclosed numeral (①): read as its number
	CodeNumberInName        = "number_in_name"        // 「9　財政状況の公表」: number and name in one cell, or the name starting with its number, split
	CodeNumberMismatch      = "number_name_mismatch"  // the name starts with another number than the number cell's
	CodeBlockMissing        = "block_missing"         // one of (1)–(5) absent
	CodeBlockDuplicate      = "block_duplicate"       // a block label found twice
	CodeSheetStacked        = "sheet_stacked"         // a second management sheet below the first on one worksheet
	CodeFormulaCachedValue  = "formula_cached_value"  // a value from a formula's cached result
	CodeFormulaNoValue      = "formula_no_value"      // a formula cell without a cached result: read as empty
	CodeFormulaComputed     = "formula_computed"      // a target or actual saved without its formula's result, computed

	// Years and values.
	CodeYearUnreadable         = "year_unreadable"          // a fiscal-year label that cannot be read
	CodeYearMissing            = "year_missing"             // text in (2) or (5) without a year
	CodeYearDuplicate          = "year_duplicate"           // the same year twice in (3)
	CodeYearIsDate             = "year_is_date"             // a year label typed as a date: read as the year it shows
	CodeYearRowMissing         = "year_row_missing"         // (3) without a row of year labels
	CodeResultKindMissing      = "result_kind_missing"      // (5) without 取組実績/今後の課題
	CodeIndicatorHeaderMissing = "indicator_header_missing" // (3) without 目標指標名/単位
	CodeIndicatorKindMissing   = "indicator_kind_missing"   // values in (3) on a row without 目標値/実績値/達成率
	CodeIndicatorKindDuplicate = "indicator_kind_duplicate" // 実績値（見込） below 実績値: the second row is not read
	CodeIndicatorMissingName   = "indicator_missing_name"   // values without an indicator name
	CodeValueWithoutYear       = "value_without_year"       // a value in a column without a year label
	CodeValueUnreadable        = "value_unreadable"         // 約150, 三百
	CodeValueIsDate            = "value_is_date"            // a date typed into a value cell
	CodeValueError             = "value_error"              // an error value (#DIV/0!), read as empty
	CodeValueMergedYears       = "value_merged_years"       // a value cell merged over several year columns: its first year only
	CodeBaselineColumn         = "baseline_column"          // a 基準値 column in (3): not read as targets
	CodeNotesColumn            = "notes_column"             // a 備考 column in (3): not read as values
	CodeUnitMismatch           = "value_unit_mismatch"      // 22件 where the unit is 回
	CodeUnitScaled             = "value_unit_scaled"        // 1.5万人 where the unit is 人: read as 15000
)
