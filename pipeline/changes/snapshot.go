// Package changes says what changed since the previous report. Every run
// that writes a new report also writes snapshot.json (Take, Encode): a
// compact record of everything the report shows, with the cell of every
// value. The next report reads the snapshot of the report before it (Base)
// and compares (Compare); the differences go into the batch as
// model.Changes, which the report, the workbook and the council mail show,
// and which `planreport diff` prints.
package changes

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"planreport/pipeline/model"
	"planreport/pipeline/normalize"
)

// FileName is the snapshot's name in the output set and the archive.
const FileName = "snapshot.json"

// Format and Version identify a snapshot. A snapshot of another format or
// version is reported as unreadable, never read as this one.
const (
	Format  = "planreport-snapshot"
	Version = 1
)

// ErrUnreadable is wrapped by Decode's errors.
var ErrUnreadable = errors.New("planreport のスナップショットとして読めません")

// Snapshot is what one report showed.
type Snapshot struct {
	Format      string       `json:"format"`
	Version     int          `json:"version"`
	ReportDate  string       `json:"report_date"`
	Initiatives []Initiative `json:"initiatives"`
	Findings    []Finding    `json:"findings"`
	// Unread are the input files the report could not read (rejected):
	// their initiatives are missing from it for that reason, not because
	// a department removed them.
	Unread []string `json:"unread,omitempty"`
	// LeftOut are the sheets the report read but left out for an error
	// (no usable goal or initiative number): like an unread workbook,
	// their initiatives are missing for that reason.
	LeftOut []SheetRef `json:"left_out,omitempty"`
	// Carried is, for Unread and LeftOut, the state the report compared
	// with showed (Carry): what the next report compares them with.
	Carried *Carried `json:"carried,omitempty"`
}

// Initiative is one management sheet as the report showed it.
type Initiative struct {
	Goal       int          `json:"goal"`
	Number     int          `json:"number"`
	Title      string       `json:"title"`
	Department string       `json:"department"`
	File       string       `json:"file"`
	Sheet      string       `json:"sheet"`
	Period     model.Period `json:"period"`
	Indicators []Indicator  `json:"indicators"`
}

// Indicator is one target indicator with its fiscal years.
type Indicator struct {
	Name  string `json:"name"`
	Unit  string `json:"unit,omitempty"`
	Cell  string `json:"cell,omitempty"` // the name's cell
	Years []Year `json:"years"`
}

// Year is one fiscal year of an indicator: each value as the report shows
// it, with its cell.
type Year struct {
	Year   int    `json:"year"`
	Target Value  `json:"target"`
	Actual Value  `json:"actual"`
	Stated Value  `json:"stated"`
	Rate   string `json:"rate"`  // computed, as shown (42.1, —)
	Grade  string `json:"grade"` // A–D, 達成, 未達成, —
}

// Value is a value as shown, and its cell.
type Value struct {
	Text string `json:"text,omitempty"` // "" when blank
	Cell string `json:"cell,omitempty"`
}

// Finding is a finding as the report listed it.
type Finding struct {
	Severity model.Severity `json:"severity"`
	Code     string         `json:"code"`
	File     string         `json:"file,omitempty"`
	Sheet    string         `json:"sheet,omitempty"`
	Cell     string         `json:"cell,omitempty"`
	Message  string         `json:"message"`
}

// Take records what the report of b shows. b must be checked and rated.
func Take(b *model.Batch) *Snapshot {
	s := &Snapshot{Format: Format, Version: Version, ReportDate: b.ReportDate, Initiatives: []Initiative{}, Findings: []Finding{}}
	for _, in := range b.Initiatives {
		if in == nil {
			continue
		}
		si := Initiative{Goal: in.GoalNumber, Number: in.Number, Title: in.Title, Department: in.Department,
			File: in.Source.File, Sheet: in.Source.Sheet, Period: in.Period, Indicators: []Indicator{}}
		for _, ind := range in.Indicators {
			x := Indicator{Name: ind.Name, Unit: ind.Unit, Cell: ind.Source.Cell, Years: []Year{}}
			for _, iy := range ind.Years {
				x.Years = append(x.Years, Year{Year: iy.Year.Year, Target: value(iy.Target.Text(), iy.Target), Actual: value(iy.Actual.Text(), iy.Actual),
					Stated: value(normalize.StatedText(iy.StatedRate), iy.StatedRate), Rate: iy.Eval.Rate.String(), Grade: iy.Eval.Judgement.Label()})
			}
			si.Indicators = append(si.Indicators, x)
		}
		s.Initiatives = append(s.Initiatives, si)
	}
	slices.SortStableFunc(s.Initiatives, func(a, b Initiative) int {
		return cmp.Or(cmp.Compare(a.Goal, b.Goal), cmp.Compare(a.Number, b.Number), cmp.Compare(a.File, b.File), cmp.Compare(a.Sheet, b.Sheet))
	})
	for _, f := range b.Files {
		if f.Status == model.FileRejected {
			s.Unread = append(s.Unread, f.Name)
		}
	}
	slices.Sort(s.Unread)
	s.LeftOut = leftOutSheets(b)
	fs := slices.Clone(b.Findings)
	model.SortFindings(fs)
	for _, f := range fs {
		s.Findings = append(s.Findings, Finding{Severity: f.Severity, Code: f.Code, File: f.File, Sheet: f.Sheet, Cell: f.Cell, Message: f.Message})
	}
	return s
}

// value is a value as the report shows it (shown, "" for a blank shown
// as —) and its cell.
func value(shown string, v model.Value) Value {
	if shown == "—" || (v.Kind == model.ValueNone && strings.TrimSpace(v.Raw) == "") {
		shown = ""
	}
	return Value{Text: shown, Cell: v.Source.Cell}
}

// Encode writes the snapshot as JSON, one initiative or finding per line:
// compact, and still readable in a diff. Same snapshot → same bytes.
func Encode(s *Snapshot) ([]byte, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "{\"format\":%q,\"version\":%d,\"report_date\":%q,\n\"initiatives\":[", s.Format, s.Version, s.ReportDate)
	if err := writeLines(&buf, s.Initiatives); err != nil {
		return nil, err
	}
	buf.WriteString("],\n\"findings\":[")
	if err := writeLines(&buf, s.Findings); err != nil {
		return nil, err
	}
	buf.WriteString("]")
	if len(s.Unread) > 0 {
		// Only when there are any: a snapshot of a night that read every
		// file is byte for byte what earlier versions wrote.
		line, err := json.Marshal(s.Unread)
		if err != nil {
			return nil, fmt.Errorf("スナップショット: %w", err)
		}
		buf.WriteString(",\n\"unread\":")
		buf.Write(line)
	}
	if err := encodeHeld(&buf, s); err != nil {
		return nil, err
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

// encodeHeld writes left_out and carried, each only when there is any,
// for the same reason as unread.
func encodeHeld(buf *bytes.Buffer, s *Snapshot) error {
	if len(s.LeftOut) > 0 {
		line, err := json.Marshal(s.LeftOut)
		if err != nil {
			return fmt.Errorf("スナップショット: %w", err)
		}
		buf.WriteString(",\n\"left_out\":")
		buf.Write(line)
	}
	if s.Carried == nil {
		return nil
	}
	buf.WriteString(",\n\"carried\":{\"initiatives\":[")
	if err := writeLines(buf, s.Carried.Initiatives); err != nil {
		return err
	}
	buf.WriteString("],\n\"findings\":[")
	if err := writeLines(buf, s.Carried.Findings); err != nil {
		return err
	}
	buf.WriteString("]}")
	return nil
}

// writeLines writes the items as JSON array elements, one per line.
func writeLines[T any](buf *bytes.Buffer, items []T) error {
	for i, it := range items {
		line, err := json.Marshal(it)
		if err != nil {
			return fmt.Errorf("スナップショット: %w", err)
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
		buf.Write(line)
	}
	return nil
}

// Decode reads a snapshot. Anything but this format and version is
// ErrUnreadable: a snapshot written by another version is never misread.
func Decode(data []byte) (*Snapshot, error) {
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrUnreadable, jsonProblem(err))
	}
	if head.Format != Format {
		return nil, fmt.Errorf("%w: 形式「%s」は planreport のスナップショットではありません", ErrUnreadable, head.Format)
	}
	if head.Version != Version {
		return nil, fmt.Errorf("%w: 版 %d のスナップショットです（この planreport が読めるのは版 %d）", ErrUnreadable, head.Version, Version)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrUnreadable, jsonProblem(err))
	}
	if _, err := model.WarekiDate(s.ReportDate); err != nil {
		return nil, fmt.Errorf("%w: 報告日「%s」が YYYY-MM-DD ではありません", ErrUnreadable, s.ReportDate)
	}
	return &s, nil
}

// jsonProblem says in words what encoding/json found wrong, without its
// Go type names: the user handed planreport a file, not a Go value.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax) && strings.Contains(syntax.Error(), "unexpected end"):
		return "JSON が途中で終わっています"
	case errors.As(err, &syntax):
		return fmt.Sprintf("JSON の書き方が %d バイト目で崩れています", syntax.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("項目「%s」の形が違います（%sではありません）", typ.Field, jsonKind(typ.Type.Kind()))
	case errors.As(err, &typ):
		return "全体が JSON のオブジェクト（{ … }）ではありません"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "JSON が途中で終わっています"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Sprintf("この版にない項目 %s があります", strings.TrimPrefix(err.Error(), "json: unknown field "))
	default:
		return "JSON として読めません"
	}
}

func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Float64:
		return "数"
	case reflect.String:
		return "文字列"
	case reflect.Slice, reflect.Array:
		return "配列 [ … ] "
	case reflect.Bool:
		return "真偽値"
	default:
		return "オブジェクト { … } "
	}
}
