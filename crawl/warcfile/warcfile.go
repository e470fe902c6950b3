// Package warcfile writes what the crawler fetched as WARC 1.1 files
// (request and response records, gzip per record), rotated by size, kept
// within a disk quota and a retention period, so the archive can be
// re-processed later (`marsad ingest DIR/*.warc.gz`) and shared with other
// tools.
package warcfile

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// Defaults of Options.
const (
	// DefaultMaxFileSize is the size at which a WARC file is rotated (1 GB, as WARC 1.1 recommends).
	DefaultMaxFileSize = 1 << 30
)

// ErrQuota is returned when writing would exceed the disk quota even after
// the retention rules removed what they may.
var ErrQuota = errors.New("warc disk quota exceeded")

// Options configure a Writer.
type Options struct {
	// Dir is the folder for WARC files; it is created when missing.
	Dir string
	// Prefix starts every file name (default "marsad-").
	Prefix string
	// MaxFileSize rotates files at about this many bytes.
	MaxFileSize int64
	// Quota is the most bytes all WARC files in Dir may take; 0 means no
	// quota. When exceeded, the oldest files are removed first; if that is
	// not enough, writes fail with ErrQuota.
	Quota int64
	// Retention removes files older than this; 0 keeps them forever.
	Retention time.Duration
	// Software names the writer in the warcinfo record.
	Software string
}

// Exchange is one HTTP exchange to archive.
type Exchange struct {
	URL            string
	Fetched        time.Time
	RequestHeader  http.Header
	Proto          string
	Status         int
	ResponseHeader http.Header
	// Body is the body as received on the wire.
	Body []byte
}

// Location says where a response record was written.
type Location struct {
	File   string `json:"file"`
	Offset int64  `json:"offset"`
}

// Writer appends exchanges to WARC files. It is safe for concurrent use.
type Writer struct {
	opts Options
	mu   sync.Mutex
	w    *gowarc.WarcFileWriter
}

// Open prepares a Writer over opts.Dir.
func Open(opts Options) (*Writer, error) {
	if opts.Dir == "" {
		return nil, errors.New("warcfile: no folder given")
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("warcfile: %w", err)
	}
	if opts.Prefix == "" {
		opts.Prefix = "marsad-"
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.Software == "" {
		opts.Software = "marsad"
	}
	w := &Writer{opts: opts}
	w.w = gowarc.NewWarcFileWriter(
		gowarc.WithCompression(true),
		gowarc.WithMaxFileSize(opts.MaxFileSize),
		gowarc.WithMaxConcurrentWriters(1),
		gowarc.WithFileNameGenerator(&gowarc.PatternNameGenerator{Directory: opts.Dir, Prefix: opts.Prefix,
			Pattern: "%{prefix}s%{ts}s-%04{serial}d.%{ext}s"}),
		gowarc.WithWarcInfoFunc(func(b gowarc.WarcRecordBuilder) error {
			_, err := b.WriteString("software: " + opts.Software + "\r\nformat: WARC File Format 1.1\r\n")
			return err
		}),
		gowarc.WithBeforeFileCreationHook(func(string) error { return w.enforce(time.Now()) }),
	)
	return w, nil
}

// Write archives one exchange as a request and a response record and
// returns where the response landed.
func (w *Writer) Write(x Exchange) (Location, error) {
	if x.Fetched.IsZero() {
		x.Fetched = time.Now()
	}
	resp, err := w.record(gowarc.Response, x, responseBlock(x), "application/http;msgtype=response")
	if err != nil {
		return Location{}, err
	}
	req, err := w.record(gowarc.Request, x, requestBlock(x), "application/http;msgtype=request")
	if err != nil {
		resp.Close()
		return Location{}, err
	}
	req.WarcHeader().Set(gowarc.WarcConcurrentTo, resp.RecordId())
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.opts.Quota > 0 {
		if err := w.enforce(time.Now()); err != nil {
			return Location{}, err
		}
	}
	res := w.w.Write(resp, req)
	for _, r := range res {
		if r.Err != nil {
			return Location{}, fmt.Errorf("warcfile: writing %s: %w", x.URL, r.Err)
		}
	}
	return Location{File: filepath.Base(strings.TrimSuffix(res[0].FileName, ".open")), Offset: res[0].FileOffset}, nil
}

func (w *Writer) record(t gowarc.RecordType, x Exchange, block []byte, contentType string) (gowarc.WarcRecord, error) {
	b := gowarc.NewRecordBuilder(t, gowarc.WithBufferMaxMemBytes(16<<20))
	b.AddWarcHeader(gowarc.WarcTargetURI, x.URL)
	b.AddWarcHeaderTime(gowarc.WarcDate, x.Fetched)
	b.AddWarcHeader(gowarc.ContentType, contentType)
	if _, err := b.Write(block); err != nil {
		return nil, fmt.Errorf("warcfile: building record: %w", err)
	}
	rec, _, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("warcfile: building record for %s: %w", x.URL, err)
	}
	return rec, nil
}

func responseBlock(x Exchange) []byte {
	var b bytes.Buffer
	proto := x.Proto
	if proto == "" || strings.HasPrefix(proto, "HTTP/2") {
		proto = "HTTP/1.1" // WARC readers expect an HTTP/1.x status line
	}
	fmt.Fprintf(&b, "%s %d %s\r\n", proto, x.Status, http.StatusText(x.Status))
	h := x.ResponseHeader.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", fmt.Sprint(len(x.Body)))
	h.Write(&b)
	b.WriteString("\r\n")
	b.Write(x.Body)
	return b.Bytes()
}

func requestBlock(x Exchange) []byte {
	var b bytes.Buffer
	path, host := "/", ""
	if i := strings.Index(x.URL, "://"); i >= 0 {
		rest := x.URL[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			host, path = rest[:j], rest[j:]
		} else {
			host = rest
		}
	}
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\n", path, host)
	if x.RequestHeader != nil {
		x.RequestHeader.Write(&b)
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// enforce applies retention and the quota to the finished files in Dir.
func (w *Writer) enforce(now time.Time) error {
	files, err := w.files()
	if err != nil {
		return err
	}
	var total int64
	kept := files[:0]
	for _, f := range files {
		if w.opts.Retention > 0 && now.Sub(f.mod) > w.opts.Retention && !f.open {
			os.Remove(f.path)
			continue
		}
		total += f.size
		kept = append(kept, f)
	}
	if w.opts.Quota <= 0 {
		return nil
	}
	for _, f := range kept {
		if total < w.opts.Quota {
			return nil
		}
		if f.open {
			continue
		}
		if err := os.Remove(f.path); err == nil {
			total -= f.size
		}
	}
	if total >= w.opts.Quota {
		return fmt.Errorf("warcfile: %w (%d bytes in %s, quota %d)", ErrQuota, total, w.opts.Dir, w.opts.Quota)
	}
	return nil
}

type fileInfo struct {
	path string
	size int64
	mod  time.Time
	open bool
}

// files lists the WARC files in Dir, oldest first.
func (w *Writer) files() ([]fileInfo, error) {
	entries, err := os.ReadDir(w.opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("warcfile: %w", err)
	}
	var out []fileInfo
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, w.opts.Prefix) || !strings.Contains(name, ".warc") {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, fileInfo{path: filepath.Join(w.opts.Dir, name), size: fi.Size(), mod: fi.ModTime(), open: strings.HasSuffix(name, ".open")})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// Close finishes the current file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("warcfile: %w", err)
	}
	return nil
}
