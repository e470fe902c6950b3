package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/marsad-news/marsad/export"
)

// ExportOptions configure the export routes added by MountExport.
type ExportOptions struct {
	// Concurrent is the number of exports that may run at once (default
	// 2); more get 503 with Retry-After.
	Concurrent int
}

// MountExport returns the Options.Mount function that adds the export
// routes; both stream (no size limit in memory, no request timeout; they
// stop when the client leaves):
//
//	GET /api/v1/export?format=jsonl|csv&q=…&from=…&to=…&source=…&category=…&lang=…&entity=…&sort=…&limit=N
//	GET /api/v1/stories/{id}/export?format=jsonl|csv
//
// A search export counts against the client's search rate. Errors found
// before the first byte (bad query, unknown story) are JSON errors; an
// error later aborts the response, so a client never takes a cut export
// for a whole one.
func MountExport(opts ExportOptions) func(*Server) {
	if opts.Concurrent <= 0 {
		opts.Concurrent = 2
	}
	return func(s *Server) {
		h := &exportRoutes{s: s, slots: make(chan struct{}, opts.Concurrent)}
		s.HandleStream("GET /api/v1/export", http.HandlerFunc(h.search), AccessRead)
		s.HandleStream("GET /api/v1/stories/{id}/export", http.HandlerFunc(h.story), AccessRead)
	}
}

type exportRoutes struct {
	s     *Server
	slots chan struct{}
}

// acquire takes an export slot, or answers 503.
func (h *exportRoutes) acquire(w http.ResponseWriter) bool {
	select {
	case h.slots <- struct{}{}:
		return true
	default:
		w.Header().Set("Retry-After", "10")
		WriteError(w, http.StatusServiceUnavailable, "busy", "too many exports running; retry later")
		return false
	}
}

func (h *exportRoutes) release() { <-h.slots }

// streamStart is the response writer of an export: the headers go out
// with the first byte, so that an error found before can still be a JSON
// error.
type streamStart struct {
	w        http.ResponseWriter
	f        export.Format
	filename string
	started  bool
}

func (s *streamStart) Write(p []byte) (int, error) {
	if !s.started {
		s.started = true
		h := s.w.Header()
		h.Set("Content-Type", s.f.ContentType())
		h.Set("Content-Disposition", `attachment; filename="`+s.filename+`"`)
		h.Set("Cache-Control", "no-store")
		s.w.WriteHeader(http.StatusOK)
	}
	return s.w.Write(p)
}

func (s *streamStart) Flush() {
	if s.started {
		_ = http.NewResponseController(s.w).Flush()
	}
}

// fail reports err: a JSON error before the first byte, an aborted
// response after.
func (h *exportRoutes) fail(w http.ResponseWriter, r *http.Request, out *streamStart, err error) {
	if !out.started {
		h.s.apiFail(w, r, err)
		return
	}
	h.s.log.Warn("export aborted", "path", r.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}

func exportFormat(v url.Values) (export.Format, error) {
	f := v.Get("format")
	if f == "" {
		f = "jsonl"
	}
	format, err := export.ParseFormat(f)
	if err != nil {
		return "", badRequestf("%v", err)
	}
	return format, nil
}

func (h *exportRoutes) search(w http.ResponseWriter, r *http.Request) {
	if !h.s.limitSearch(w, r) {
		return
	}
	v := r.URL.Query()
	format, err := exportFormat(v)
	if err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	limit := 0
	if l := v.Get("limit"); l != "" {
		if limit, err = strconv.Atoi(l); err != nil || limit <= 0 {
			h.s.apiFail(w, r, badRequestf("limit must be a positive number"))
			return
		}
	}
	qv := url.Values{}
	for k, vals := range v {
		if k != "limit" && k != "cursor" && k != "format" {
			qv[k] = vals
		}
	}
	q, err := queryFrom(qv)
	if err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	if !h.acquire(w) {
		return
	}
	defer h.release()
	out := &streamStart{w: w, f: format, filename: export.Filename("search", "", format)}
	x, err := export.NewWriter(out, format)
	if err != nil {
		h.fail(w, r, out, err)
		return
	}
	if _, err := export.Search(r.Context(), x, h.s.opts.Search, h.s.opts.Store, q, limit); err != nil {
		h.fail(w, r, out, err)
		return
	}
	if err := x.Close(); err != nil {
		h.fail(w, r, out, err)
		return
	}
	out.Write(nil) // the headers of an empty export
}

func (h *exportRoutes) story(w http.ResponseWriter, r *http.Request) {
	format, err := exportFormat(r.URL.Query())
	if err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	if !h.acquire(w) {
		return
	}
	defer h.release()
	id := r.PathValue("id")
	out := &streamStart{w: w, f: format, filename: export.Filename("story", id, format)}
	x, err := export.NewWriter(out, format)
	if err != nil {
		h.fail(w, r, out, err)
		return
	}
	if _, err := export.Story(r.Context(), x, h.s.opts.Store, id); err != nil {
		h.fail(w, r, out, err)
		return
	}
	if err := x.Close(); err != nil {
		h.fail(w, r, out, err)
		return
	}
	out.Write(nil) // the headers of an empty export
}
