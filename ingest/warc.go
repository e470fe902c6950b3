package ingest

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// warcFile streams the HTML and plain-text response records of a WARC
// file (.warc or .warc.gz). Other records (requests, metadata, revisits,
// non-2xx, images) are skipped. A record that cannot be read ends the file
// with a failure naming its offset; records before it are kept.
func (r *reader) warcFile(path string) error {
	wf, err := gowarc.NewWarcFileReader(path, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		gowarc.WithBlockErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithBufferTmpDir(os.TempDir()),
	)
	if err != nil {
		return fmt.Errorf("open warc: %w", err)
	}
	defer wf.Close()
	base := filepath.Base(path)
	for n := 0; ; n++ {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		t := time.Now()
		rec, err := wf.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			rec.Close()
			if n == 0 {
				return fmt.Errorf("not a readable WARC file: %w", err)
			}
			return fmt.Errorf("record %d at offset %d: %w (file truncated or damaged; %d records before it were read)", n+1, rec.Offset, err, n)
		}
		in, skip, err := warcInput(rec)
		rec.Close()
		r.timer.add("read", time.Since(t))
		name := fmt.Sprintf("%s@%d", path, rec.Offset)
		if err != nil {
			if ferr := r.failed(name, err); ferr != nil {
				return ferr
			}
			continue
		}
		if skip {
			continue
		}
		in.Name = name
		in.Source = r.source
		in.WARCFile = base
		in.WARCOffset = rec.Offset
		if err := r.send(in); err != nil {
			return err
		}
	}
}

// warcInput turns one record into an Input, or says to skip it.
func warcInput(rec gowarc.Record) (in *Input, skip bool, err error) {
	wr := rec.WarcRecord
	if wr == nil || wr.Type() != gowarc.Response {
		return nil, true, nil
	}
	block, ok := wr.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return nil, true, nil
	}
	if c := block.HttpStatusCode(); c < 200 || c > 299 {
		return nil, true, nil
	}
	h := block.HttpHeader()
	ct := ""
	if h != nil {
		ct = h.Get("Content-Type")
	}
	if ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if mt != "text/html" && mt != "application/xhtml+xml" && mt != "text/plain" {
			return nil, true, nil
		}
	}
	payload, err := block.PayloadBytes()
	if err != nil {
		return nil, false, fmt.Errorf("payload: %w", err)
	}
	body, err := decodeContent(payload, h)
	if err != nil {
		return nil, false, err
	}
	data, err := io.ReadAll(io.LimitReader(body, MaxInputBytes+1))
	if err != nil {
		return nil, false, fmt.Errorf("payload: %w", err)
	}
	if len(data) > MaxInputBytes {
		return nil, false, fmt.Errorf("payload larger than %d MiB", MaxInputBytes>>20)
	}
	in = &Input{
		Data:        data,
		URL:         wr.WarcHeader().Get(gowarc.WarcTargetURI),
		ContentType: ct,
	}
	if d, err := wr.Date(); err == nil {
		in.Fetched = d
	}
	return in, false, nil
}

// decodeContent undoes a gzip Content-Encoding that a crawler stored as
// received.
func decodeContent(r io.Reader, h *http.Header) (io.Reader, error) {
	if h == nil {
		return r, nil
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding"))) {
	case "", "identity":
		return r, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("gzip content: %w", err)
		}
		return zr, nil
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", h.Get("Content-Encoding"))
	}
}
