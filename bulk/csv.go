// Package bulk onboards a whole portfolio from a CSV file: it reads and
// checks every row before anything is made, groups the rows that name one
// business, and works through the groups with a few workers at once, paced
// by Codat's rate limit headers, writing each finished row to a journal so
// an interrupted run picks up where it stopped. What is done for one
// company and one row is the caller's (the link and invite commands' own
// code); this package decides what runs, when, and what is reported.
package bulk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/onboardcli/onboard/assets"
)

// Limits on what a file may hold: far beyond a portfolio, small enough that
// a wrong file (a database dump, a device) is refused rather than read.
const (
	MaxFileBytes = 32 << 20
	MaxRows      = 100_000
)

// The columns a file may have; only company is required. Header names are
// matched ignoring case, spaces and the difference between "_" and "-".
const (
	ColCompany  = "company"
	ColUID      = "uid"
	ColPlatform = "platform"
	ColTo       = "to"
	ColToName   = "to_name"
	ColCategory = "category"
)

var knownColumns = []string{ColCompany, ColUID, ColPlatform, ColTo, ColToName, ColCategory}

// Row is one data row of the file, as written.
type Row struct {
	Number                                       int // counting data rows from 1, in file order
	Line                                         int // the file line the row starts on
	Company, UID, Platform, To, ToName, Category string
	// Fields is set when the row has another number of fields than the
	// header: the row is refused, as its values may be shifted.
	Fields int
}

// UnusableError is a file that cannot be worked through at all; nothing is
// done. Its text is for a person.
type UnusableError struct{ msg string }

func (e *UnusableError) Error() string { return e.msg }

func unusable(name string, data any) error {
	return &UnusableError{assets.Text(name, data)}
}

// IsUnusable reports whether err says the file cannot be used at all.
func IsUnusable(err error) bool {
	var u *UnusableError
	return errors.As(err, &u)
}

// Parse reads a CSV file with a header row. It fails, with an
// UnusableError, when the file is too large, is not CSV, has no company
// column or no data rows; a row that is merely wrong is returned for
// Check to refuse.
func Parse(r io.Reader) (rows []Row, header int, err error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", assets.Text("bulk.unreadable", nil), err)
	}
	if len(data) > MaxFileBytes {
		return nil, 0, unusable("bulk.toolarge", MaxFileBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // spreadsheets start UTF-8 files with a BOM
	data = loneCRs(data)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, unusable("bulk.empty", nil)
	}
	if err != nil {
		return nil, 0, notCSV(err)
	}
	cols, err := columns(head)
	if err != nil {
		return nil, 0, err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, notCSV(err)
		}
		if blank(rec) {
			continue
		}
		if len(rows) == MaxRows {
			return nil, 0, unusable("bulk.toomanyrows", MaxRows)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, cols.row(rec, len(rows)+1, line, len(head)))
	}
	if len(rows) == 0 {
		return nil, 0, unusable("bulk.norows", nil)
	}
	return rows, len(head), nil
}

// loneCRs makes each CR not followed by LF an LF. Classic Mac line ends
// (Excel's "CSV (Macintosh)") are a lone CR, which the CSV reader does not
// take for a line's end; a line break inside a cell there is an LF, so the
// file holds both. Editors count a lone CR as a line's end too, so the line
// numbers stay those the person sees.
func loneCRs(data []byte) []byte {
	if !bytes.ContainsRune(data, '\r') {
		return data
	}
	out := bytes.Clone(data)
	for i, b := range out {
		if b == '\r' && (i+1 == len(out) || out[i+1] != '\n') {
			out[i] = '\n'
		}
	}
	return out
}

// notCSV says where the file stops being CSV. A quote left open runs on
// to the end of the file, where the reader notices it: the row it opened
// in is where to look, and the message names both lines.
func notCSV(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return unusable("bulk.notcsv", map[string]any{"Line": pe.Line, "Start": pe.StartLine, "Err": pe.Err})
	}
	return unusable("bulk.notcsv", map[string]any{"Line": 0, "Start": 0, "Err": err})
}

// columnIndex is where each known column is in a record; -1 when absent.
type columnIndex map[string]int

func columns(head []string) (columnIndex, error) {
	cols := columnIndex{}
	for _, c := range knownColumns {
		cols[c] = -1
	}
	for i, h := range head {
		name := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(h)), "-", "_")
		name = strings.ReplaceAll(name, " ", "_")
		at, known := cols[name]
		if !known {
			continue // extra columns (notes, an account manager) are the file's own business
		}
		if at >= 0 {
			return nil, unusable("bulk.twocolumns", name)
		}
		cols[name] = i
	}
	if cols[ColCompany] < 0 {
		return nil, unusable("bulk.nocompany", nil)
	}
	return cols, nil
}

func (cols columnIndex) row(rec []string, number, line, width int) Row {
	get := func(name string) string {
		if i := cols[name]; i >= 0 && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	r := Row{
		Number: number, Line: line,
		Company: get(ColCompany), UID: get(ColUID), Platform: get(ColPlatform),
		To: get(ColTo), ToName: get(ColToName), Category: get(ColCategory),
	}
	if len(rec) != width {
		r.Fields = len(rec)
	}
	return r
}

// blank reports whether a record holds nothing at all, as a spreadsheet's
// trailing ",,,," lines do.
func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
