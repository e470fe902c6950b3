package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
)

// Kinds of input files, by name.
const (
	kindPage  = "page"
	kindJSONL = "jsonl"
	kindWARC  = "warc"
)

// fileKind returns the kind of a file by its name, or "" for files a folder
// walk skips.
func fileKind(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".jsonl"), strings.HasSuffix(n, ".ndjson"):
		return kindJSONL
	case strings.HasSuffix(n, ".warc"), strings.HasSuffix(n, ".warc.gz"):
		return kindWARC
	case strings.HasSuffix(n, ".txt"), strings.HasSuffix(n, ".html"), strings.HasSuffix(n, ".htm"), strings.HasSuffix(n, ".xhtml"):
		return kindPage
	}
	return ""
}

// reader streams the inputs of files and folders.
type reader struct {
	ctx    context.Context
	out    chan<- *Input
	fail   chan<- Failure
	timer  *stageTimer
	source string
}

func (r *reader) send(in *Input) error {
	select {
	case r.out <- in:
		return nil
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
}

func (r *reader) failed(input string, err error) error {
	select {
	case r.fail <- Failure{Input: input, Reason: err.Error()}:
		return nil
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
}

// walk reads every path: files by their kind (an explicitly named file of
// unknown kind is read as a page), folders recursively (only known kinds).
func (r *reader) walk(paths []string) error {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			if err := r.failed(p, err); err != nil {
				return err
			}
			continue
		}
		if !info.IsDir() {
			kind := fileKind(p)
			if kind == "" {
				kind = kindPage
			}
			if err := r.file(p, kind); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				// Unreadable folder or entry: report and go on.
				if ferr := r.failed(path, err); ferr != nil {
					return ferr
				}
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			kind := fileKind(path)
			if kind == "" {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				// Follow links to files; a broken link is a failure.
				fi, err := os.Stat(path)
				if err != nil {
					return r.failed(path, err)
				}
				if !fi.Mode().IsRegular() {
					return nil
				}
			} else if !d.Type().IsRegular() {
				return nil
			}
			return r.file(path, kind)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// file reads one file. Problems with the file are reported as failures;
// only a cancelled context is returned.
func (r *reader) file(path, kind string) error {
	var err error
	switch kind {
	case kindJSONL:
		err = r.jsonlFile(path)
	case kindWARC:
		err = r.warcFile(path)
	default:
		err = r.pageFile(path)
	}
	if err != nil && r.ctx.Err() == nil {
		return r.failed(path, err)
	}
	return r.ctx.Err()
}

func (r *reader) pageFile(path string) error {
	t := time.Now()
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxInputBytes+1))
	r.timer.add("read", time.Since(t))
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if len(data) > MaxInputBytes {
		return fmt.Errorf("page larger than %d MiB", MaxInputBytes>>20)
	}
	ct := ""
	if strings.HasSuffix(strings.ToLower(path), ".txt") {
		ct = "text/plain"
	}
	return r.send(&Input{Name: path, Data: data, Source: r.source, ContentType: ct})
}

func (r *reader) jsonlFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	// Time reading and parsing, not waiting for the workers.
	start, waited := time.Now(), time.Duration(0)
	defer func() { r.timer.add("read", time.Since(start)-waited) }()
	return ReadJSONL(r.ctx, f, path, r.source, func(in *Input, err error) error {
		t := time.Now()
		defer func() { waited += time.Since(t) }()
		if err != nil {
			return r.failed(in.Name, err)
		}
		return r.send(in)
	})
}

// jsonLine is a .jsonl line holding a page rather than an article.
type jsonLine struct {
	URL         string `json:"url"`
	HTML        string `json:"html"`
	Text        string `json:"text"`
	Source      string `json:"source"`
	ContentType string `json:"content_type"`
	Fetched     string `json:"fetched"`
}

// ReadJSONL reads .jsonl from r, one item per line, and calls fn for each:
// with an Input, or with an error naming the broken line (in.Name is
// "name:LINE"). A line is either a complete Article (it has "sections" or
// "title") or a page: {"url", "html"} or {"url", "text"} (plain text),
// with optional "source", "content_type" and "fetched" (RFC 3339).
// Blank lines are skipped. Lines longer than MaxInputBytes are reported
// and skipped without being held in memory. ReadJSONL stops at the first
// error fn returns, or at a read error of r.
func ReadJSONL(ctx context.Context, r io.Reader, name, source string, fn func(*Input, error) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, tooLong, err := readLine(br, MaxInputBytes)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("%s:%d: read: %w", name, line, err)
		}
		eof := errors.Is(err, io.EOF)
		in := &Input{Name: fmt.Sprintf("%s:%d", name, line), Source: source}
		switch {
		case tooLong:
			if ferr := fn(in, fmt.Errorf("line longer than %d MiB", MaxInputBytes>>20)); ferr != nil {
				return ferr
			}
		case len(bytes.TrimSpace(data)) > 0:
			perr := parseJSONLine(bytes.TrimSpace(data), in)
			if ferr := fn(in, perr); ferr != nil {
				return ferr
			}
		}
		if eof {
			return nil
		}
	}
}

// readLine reads one line (without its newline) of at most max bytes. A
// longer line is consumed up to its end and reported with tooLong.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if err != nil {
			return buf, tooLong, err
		}
		if !tooLong {
			if len(buf)+len(chunk) > max {
				tooLong = true
				buf = nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if !isPrefix {
			return buf, tooLong, nil
		}
	}
}

// parseJSONLine fills in from one non-blank .jsonl line.
func parseJSONLine(data []byte, in *Input) error {
	if data[0] != '{' {
		return errors.New("not a JSON object")
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	_, hasHTML := keys["html"]
	_, hasSections := keys["sections"]
	_, hasTitle := keys["title"]
	if !hasHTML && (hasSections || hasTitle) {
		var a marsad.Article
		if err := json.Unmarshal(data, &a); err != nil {
			return fmt.Errorf("invalid article: %w", err)
		}
		if strings.TrimSpace(a.Text) == "" && len(a.Sections) == 0 {
			return errors.New("article without text")
		}
		in.Article = &a
		in.URL = a.URL
		return nil
	}
	var p jsonLine
	if err := json.Unmarshal(data, &p); err != nil {
		return fmt.Errorf("invalid page: %w", err)
	}
	switch {
	case p.HTML != "":
		in.Data = []byte(p.HTML)
		if p.ContentType == "" {
			p.ContentType = "text/html; charset=utf-8"
		}
	case p.Text != "":
		in.Data = []byte(p.Text)
		if p.ContentType == "" {
			p.ContentType = "text/plain; charset=utf-8"
		}
	default:
		return errors.New(`line has neither "html" nor "text" nor an article`)
	}
	in.URL, in.ContentType = p.URL, p.ContentType
	if p.Source != "" {
		in.Source = p.Source
	}
	if p.Fetched != "" {
		if t, err := time.Parse(time.RFC3339, p.Fetched); err == nil {
			in.Fetched = t
		}
	}
	return nil
}
