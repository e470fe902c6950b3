// Package export writes archived articles out for analysts: the results of
// a search, or the coverage of a story, as JSON Lines or CSV.
//
// Output is streamed: a search is read page by page with its cursor
// (newest first by default, which has no depth limit) and each article is
// read from the store, written and dropped, so memory stays bounded
// whatever the number of articles.
//
// JSON Lines: one Article (the JSON of DESIGN.md) per line, UTF-8, no BOM;
// a story export adds "story_id" and "duplicate_of". As in the API's
// JSON, < > & and bidirectional controls are written as \u escapes (the
// values are unchanged for a JSON parser). CSV: RFC 4180 with
// CRLF line ends, UTF-8 with a byte order mark so that Excel shows Arabic
// right, one row per article with the columns of CSVHeader. A CSV cell
// that would start with = + - @ or a tab or carriage return (which
// spreadsheets run as a formula) is prefixed with an apostrophe.
package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
)

// Format is an export format.
type Format string

// Formats.
const (
	JSONL Format = "jsonl"
	CSV   Format = "csv"
)

// ParseFormat reads a format name ("jsonl", "ndjson", "csv").
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "jsonl", "ndjson", "json-lines", "jsonlines":
		return JSONL, nil
	case "csv":
		return CSV, nil
	}
	return "", fmt.Errorf("export format %q: want jsonl or csv", s)
}

// ContentType returns the media type of f.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/x-ndjson; charset=utf-8"
}

// Ext returns the file extension of f, with the dot.
func (f Format) Ext() string {
	if f == CSV {
		return ".csv"
	}
	return ".jsonl"
}

// BOM is the UTF-8 byte order mark that starts a CSV export.
const BOM = "\uFEFF"

// CSVHeader are the columns of a CSV export. Lists (authors, entities)
// are joined with "; ".
var CSVHeader = []string{
	"id", "url", "source", "credit", "published", "title", "category", "language",
	"authors", "persons", "organizations", "locations", "story_id", "duplicate_of", "text",
}

// Record is one article to export, with its place in a story when the
// export is a story's.
type Record struct {
	Article     *marsad.Article
	StoryID     string
	DuplicateOf string
}

// Writer writes records in one format. It buffers; call Close (or Flush)
// at the end.
type Writer struct {
	f   Format
	dst io.Writer
	bw  *bufio.Writer
	cw  *csv.Writer
	n   int
	row []string
}

// NewWriter returns a writer of format f to w. A CSV writer writes the BOM
// and the header at once (into its buffer).
func NewWriter(w io.Writer, f Format) (*Writer, error) {
	x := &Writer{f: f, dst: w, bw: bufio.NewWriterSize(w, 64<<10)}
	switch f {
	case JSONL:
	case CSV:
		x.bw.WriteString(BOM)
		x.cw = csv.NewWriter(x.bw)
		x.cw.UseCRLF = true
		if err := x.cw.Write(CSVHeader); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	default:
		return nil, fmt.Errorf("export format %q: want jsonl or csv", f)
	}
	return x, nil
}

// jsonLine is a story export's line: the article and its story fields.
type jsonLine struct {
	*marsad.Article
	StoryID     string `json:"story_id,omitempty"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// Write writes one record.
func (x *Writer) Write(r Record) error {
	a := r.Article
	if a == nil {
		return errors.New("export: record without an article")
	}
	var err error
	switch x.f {
	case JSONL:
		var b []byte
		if b, err = json.Marshal(jsonLine{Article: a, StoryID: r.StoryID, DuplicateOf: r.DuplicateOf}); err == nil {
			b = append(escapeBidi(b), '\n')
			_, err = x.bw.Write(b)
		}
	case CSV:
		var per, org, loc []string
		for _, e := range a.Entities {
			switch e.Type {
			case marsad.EntityPerson:
				per = append(per, e.Name)
			case marsad.EntityOrganization:
				org = append(org, e.Name)
			case marsad.EntityLocation:
				loc = append(loc, e.Name)
			}
		}
		x.row = append(x.row[:0], a.ID, a.URL, a.Source, a.Credit, a.Published, a.Title, a.Category, a.Language,
			strings.Join(a.Authors, "; "), strings.Join(per, "; "), strings.Join(org, "; "), strings.Join(loc, "; "),
			r.StoryID, r.DuplicateOf, a.Text)
		for i, c := range x.row {
			x.row[i] = cell(c)
		}
		err = x.cw.Write(x.row)
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", a.ID, err)
	}
	x.n++
	return nil
}

// isBidiControl reports the characters that can reorder displayed text.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200E || r == 0x200F || r == 0x061C
}

// escapeBidi rewrites bidi controls in JSON text as \uXXXX escapes (they
// only occur inside strings, where the escape means the same), so that no
// line carries one raw.
func escapeBidi(b []byte) []byte {
	if !bytes.ContainsFunc(b, isBidiControl) {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if isBidiControl(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

// cell defuses a value a spreadsheet would run as a formula.
func cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Count returns the number of records written.
func (x *Writer) Count() int { return x.n }

// Flush writes the buffered output to the underlying writer and flushes
// that too when it can (an http.ResponseWriter).
func (x *Writer) Flush() error {
	if x.cw != nil {
		x.cw.Flush()
		if err := x.cw.Error(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := x.bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	switch f := x.dst.(type) {
	case interface{ Flush() error }:
		if err := f.Flush(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	case interface{ Flush() }:
		f.Flush()
	}
	return nil
}

// Close flushes the writer (it does not close the underlying writer).
func (x *Writer) Close() error { return x.Flush() }

// Articles reads articles by ID (a marsad.Store is one).
type Articles interface {
	Article(ctx context.Context, id string) (*marsad.Article, error)
}

// Stories reads a story (a marsad.Store is one).
type Stories interface {
	Articles
	Story(ctx context.Context, id string) (*marsad.Story, error)
}

// PageSize is the number of search results read per page.
const PageSize = 100

// Result says what an export wrote.
type Result struct {
	// Articles is the number of articles written.
	Articles int `json:"articles"`
	// Total is the number of matching articles the search reported.
	Total int `json:"total"`
	// Truncated is set when the search stopped before Total (relevance
	// order reaches only so deep; newest-first order has no limit).
	Truncated bool `json:"truncated,omitempty"`
}

// Search exports the articles matching q, in q's order (newest first when
// q.Sort is empty), reading the search page by page with its cursor and
// each article from st. At most limit articles are written (0: all).
// Articles indexed but no longer in the store are skipped. The writer is
// flushed after each page.
func Search(ctx context.Context, x *Writer, s marsad.Searcher, st Articles, q marsad.Query, limit int) (Result, error) {
	if q.Sort == "" {
		q.Sort = marsad.SortNew
	}
	q.Limit, q.Cursor = PageSize, ""
	var res Result
	first := true
	for {
		if limit > 0 {
			q.Limit = min(PageSize, limit-res.Articles)
		}
		page, err := s.Search(ctx, q)
		if err != nil {
			return res, fmt.Errorf("export: %w", err)
		}
		if first {
			res.Total, first = page.Total, false
		}
		for _, h := range page.Results {
			a, err := st.Article(ctx, h.ID)
			if errors.Is(err, marsad.ErrNotFound) {
				continue
			}
			if err != nil {
				return res, fmt.Errorf("export: %w", err)
			}
			if err := x.Write(Record{Article: a}); err != nil {
				return res, err
			}
			res.Articles++
		}
		if err := x.Flush(); err != nil {
			return res, err
		}
		if page.NextCursor == "" || len(page.Results) == 0 || (limit > 0 && res.Articles >= limit) {
			break
		}
		q.Cursor = page.NextCursor
	}
	res.Truncated = limit == 0 && res.Articles < res.Total && q.Sort != marsad.SortNew
	return res, nil
}

// Story exports the coverage of one story, in publication order, with
// each article's story fields. It returns marsad.ErrNotFound (wrapped) for
// an unknown story.
func Story(ctx context.Context, x *Writer, st Stories, id string) (Result, error) {
	s, err := st.Story(ctx, id)
	if err != nil {
		return Result{}, fmt.Errorf("export story %s: %w", id, err)
	}
	res := Result{Total: len(s.Articles)}
	for i, sa := range s.Articles {
		a, err := st.Article(ctx, sa.ID)
		if errors.Is(err, marsad.ErrNotFound) {
			continue
		}
		if err != nil {
			return res, fmt.Errorf("export story %s: %w", id, err)
		}
		if err := x.Write(Record{Article: a, StoryID: s.ID, DuplicateOf: sa.DuplicateOf}); err != nil {
			return res, err
		}
		res.Articles++
		if (i+1)%PageSize == 0 {
			if err := x.Flush(); err != nil {
				return res, err
			}
		}
	}
	return res, x.Flush()
}

// Filename returns a safe download file name for an export.
func Filename(kind, id string, f Format) string {
	var b strings.Builder
	b.WriteString("marsad-" + kind)
	if id != "" {
		b.WriteByte('-')
		for _, r := range id {
			if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '-' || r == '_' {
				b.WriteRune(r)
			}
			if b.Len() > 80 {
				break
			}
		}
	}
	return b.String() + f.Ext()
}
