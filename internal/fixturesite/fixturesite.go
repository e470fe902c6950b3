// Package fixturesite serves a small Arabic news site for crawler tests:
// static files (home page, RSS and Atom feeds, a news sitemap index,
// robots.txt with a Disallow, articles in UTF-8 and windows-1256) with
// ETags so conditional requests get 304, plus misbehaving endpoints: 503
// twice then 200 (/flaky/), 429 with Retry-After (/limited/), a redirect
// loop (/loop/), a gzip bomb (/bomb/), a trickling body (/slow/) and a
// redirect to another loopback address (/internal/). Every request is
// logged so tests can assert what was fetched and when.
//
// The files under site/ are also served by nginx in the end-to-end test of
// .ci/run.
package fixturesite

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed site
var files embed.FS

// Files returns the static files of the site (rooted at site/).
func Files() fs.FS {
	sub, _ := fs.Sub(files, "site")
	return sub
}

// Hit is one request the site served.
type Hit struct {
	Path string
	At   time.Time
	// Done is when the response was written.
	Done        time.Time
	IfNoneMatch string
}

// Site is a running fixture site.
type Site struct {
	*httptest.Server
	mu     sync.Mutex
	hits   []Hit
	counts map[string]int
	// InternalTarget is where /internal/ redirects (default
	// http://127.0.0.2:<port>/secret).
	InternalTarget string
}

// Start serves the site on 127.0.0.1 until Close.
func Start() *Site {
	s := &Site{counts: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	_, port, _ := strings.Cut(strings.TrimPrefix(s.URL, "http://"), ":")
	s.InternalTarget = "http://127.0.0.2:" + port + "/secret"
	return s
}

// Hits returns the requests served so far whose path starts with prefix.
func (s *Site) Hits(prefix string) []Hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Hit
	for _, h := range s.hits {
		if strings.HasPrefix(h.Path, prefix) {
			out = append(out, h)
		}
	}
	return out
}

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	h := Hit{Path: r.URL.Path, At: time.Now(), IfNoneMatch: r.Header.Get("If-None-Match")}
	s.mu.Lock()
	s.counts[r.URL.Path]++
	n := s.counts[r.URL.Path]
	s.mu.Unlock()
	defer func() {
		h.Done = time.Now()
		s.mu.Lock()
		s.hits = append(s.hits, h)
		s.mu.Unlock()
	}()

	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/flaky/"):
		if n <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		article(w, "خبر بعد انشغال الخادم", "عاد الخادم إلى العمل بعد محاولتين فاشلتين.")
	case strings.HasPrefix(p, "/limited/"):
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		article(w, "خبر بعد التمهل", "احترم الزاحف مهلة الانتظار التي طلبها الخادم.")
	case strings.HasPrefix(p, "/loop/"):
		http.Redirect(w, r, p, http.StatusFound)
	case strings.HasPrefix(p, "/internal/"):
		http.Redirect(w, r, s.InternalTarget, http.StatusFound)
	case strings.HasPrefix(p, "/bomb/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb(64 << 20))
	case strings.HasPrefix(p, "/slow/"):
		fl, _ := w.(http.Flusher)
		for i := 0; i < 600; i++ {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
			w.Write([]byte(" "))
			if fl != nil {
				fl.Flush()
			}
		}
	case p == "/secret":
		fmt.Fprint(w, "internal secret")
	default:
		s.static(w, r)
	}
}

// static serves an embedded file with a content ETag, so conditional
// requests get 304.
func (s *Site) static(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	if strings.HasSuffix(r.URL.Path, "/") && name != "index.html" {
		name += "/index.html"
	}
	b, err := fs.ReadFile(Files(), name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(b)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	switch path.Ext(name) {
	case ".xml":
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	case ".txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	case ".html":
		if bytes.Contains(b, []byte("windows-1256")) {
			w.Header().Set("Content-Type", "text/html; charset=windows-1256")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

func article(w http.ResponseWriter, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>%s</title></head>
<body><article><h1>%s</h1><p>%s</p><p>وقال مصدر مطلع إن الأمور تسير كما هو مخطط لها في الأيام المقبلة.</p></article></body></html>`, title, title, body)
}

// bomb returns a gzip stream that inflates to size bytes of zeros.
func bomb(size int) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	chunk := make([]byte, 1<<20)
	for i := 0; i < size/len(chunk); i++ {
		zw.Write(chunk)
	}
	zw.Close()
	return b.Bytes()
}
