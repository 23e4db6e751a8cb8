// Package fonts embeds BIZ UDGothic (Morisawa, SIL OFL 1.1; see OFL.txt),
// the universal-design face the report is set in. The files come from
// Debian's fonts-morisawa-bizud-gothic and are committed so that a fresh
// clone needs nothing installed to build a report.
package fonts

import _ "embed"

// Regular is BIZUDGothic-Regular.ttf.
//
//go:embed BIZUDGothic-Regular.ttf
var Regular []byte

// Bold is BIZUDGothic-Bold.ttf.
//
//go:embed BIZUDGothic-Bold.ttf
var Bold []byte
