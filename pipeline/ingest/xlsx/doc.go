// Package xlsx is the reader of the ingest stage: the only code that knows
// the .xlsx format. It classifies the bytes of a would-be workbook before
// anything is decompressed (container.go: empty, not a zip, an old .xls
// renamed, encrypted, a zip bomb), reads the parts the sheets need (the
// sheet list, number styles, shared strings: parts.go, styles.go,
// strings.go), scans every worksheet once as a token stream (sheetxml.go),
// within the limits of config.Limits, and returns it as a Grid: the text of
// every cell as Excel shows it, merges and per-cell flags. Formulas saved
// without their result can be computed, safely and within bounds
// (calc.go); nothing else of a workbook is ever evaluated or followed.
//
// What it refuses is a Rejection (a file or a sheet left out, never read
// in part) or a finding about a cell, with the codes of codes.go.
package xlsx
