package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// site is a fixture web server that logs every request it serves.
type site struct {
	*httptest.Server
	mu   sync.Mutex
	log  []hit
	n503 atomic.Int32
	n429 atomic.Int32
}

type hit struct {
	path string
	at   time.Time
	ims  string
	inm  string
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><body><p>مرحبا</p></body></html>")
	})
	mux.HandleFunc("/private/x", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "secret")
	})
	mux.HandleFunc("/cond", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 17 Nov 2025 10:00:00 GMT")
		fmt.Fprint(w, "body v1")
	})
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if s.n503.Add(1) <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "finally")
	})
	mux.HandleFunc("/limited", func(w http.ResponseWriter, r *http.Request) {
		if s.n429.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, "ok")
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusNotFound)
	})
	mux.HandleFunc("/trickle", func(w http.ResponseWriter, r *http.Request) {
		fl := w.(http.Flusher)
		for i := 0; i < 100; i++ {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
			w.Write([]byte("x"))
			fl.Flush()
		}
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gzipBomb(t, 64<<20))
	})
	mux.HandleFunc("/gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte("مضغوط"))
		zw.Close()
		w.Write(b.Bytes())
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.log = append(s.log, hit{path: r.URL.Path, at: time.Now(), ims: r.Header.Get("If-Modified-Since"), inm: r.Header.Get("If-None-Match")})
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) hits(path string) []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []hit
	for _, h := range s.log {
		if h.path == path {
			out = append(out, h)
		}
	}
	return out
}

func gzipBomb(t *testing.T, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	chunk := make([]byte, 1<<20)
	for i := 0; i < size/len(chunk); i++ {
		zw.Write(chunk)
	}
	zw.Close()
	return b.Bytes()
}

// testFetcher allows loopback (the fixture site) and keeps delays short.
func testFetcher(opts Options) *Fetcher {
	opts.AllowPrivate = true
	if opts.MinDelay == 0 {
		opts.MinDelay = -1
	}
	if opts.BackoffBase == 0 {
		opts.BackoffBase = 10 * time.Millisecond
	}
	return New(opts)
}

func TestFetch(t *testing.T) {
	s := newSite(t)
	f := testFetcher(Options{MaxBody: 1 << 20, Timeout: 2 * time.Second})
	ctx := context.Background()

	tests := []struct {
		name     string
		path     string
		wantBody string
		wantErr  error
		status   int
	}{
		{"plain page", "/page", "<html><body><p>مرحبا</p></body></html>", nil, 0},
		{"gzip decoded", "/gz", "مضغوط", nil, 0},
		{"robots disallow", "/private/x", "", ErrDisallowed, 0},
		{"redirect loop", "/loop", "", ErrTooManyRedirects, 0},
		{"gzip bomb bounded", "/bomb", "", ErrTooLarge, 0},
		{"not found is final", "/gone", "", nil, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := f.Fetch(ctx, Request{URL: s.URL + tt.path})
			var se *StatusError
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
			case tt.status != 0:
				if !errors.As(err, &se) || se.Status != tt.status {
					t.Fatalf("err = %v, want status %d", err, tt.status)
				}
			case err != nil:
				t.Fatal(err)
			case string(resp.Body) != tt.wantBody:
				t.Fatalf("body = %q, want %q", resp.Body, tt.wantBody)
			}
		})
	}
	if n := len(s.hits("/private/x")); n != 0 {
		t.Errorf("disallowed path was requested %d times", n)
	}
	if n := len(s.hits("/gone")); n != 1 {
		t.Errorf("404 was requested %d times, want 1 (no retry)", n)
	}
	if n := len(s.hits("/robots.txt")); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1 (cached)", n)
	}
}

func TestConditionalGet(t *testing.T) {
	s := newSite(t)
	f := testFetcher(Options{})
	ctx := context.Background()
	first, err := f.Fetch(ctx, Request{URL: s.URL + "/cond"})
	if err != nil {
		t.Fatal(err)
	}
	if first.ETag != `"v1"` || first.NotModified {
		t.Fatalf("first fetch: etag %q notModified %v", first.ETag, first.NotModified)
	}
	second, err := f.Fetch(ctx, Request{URL: s.URL + "/cond", ETag: first.ETag, LastModified: first.LastModified, Hash: first.Hash})
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || !second.Unchanged {
		t.Fatalf("second fetch: notModified %v unchanged %v", second.NotModified, second.Unchanged)
	}
	h := s.hits("/cond")
	if len(h) != 2 || h[1].inm != `"v1"` || h[1].ims == "" {
		t.Fatalf("server saw %+v, want a conditional second request", h)
	}
	// Same body without validators: the content hash says unchanged.
	third, err := f.Fetch(ctx, Request{URL: s.URL + "/page"})
	if err != nil {
		t.Fatal(err)
	}
	fourth, err := f.Fetch(ctx, Request{URL: s.URL + "/page", Hash: third.Hash})
	if err != nil {
		t.Fatal(err)
	}
	if !fourth.Unchanged || fourth.NotModified {
		t.Errorf("hash comparison: unchanged %v notModified %v", fourth.Unchanged, fourth.NotModified)
	}
}

func TestRetries(t *testing.T) {
	s := newSite(t)
	f := testFetcher(Options{Retries: 3})
	ctx := context.Background()
	resp, err := f.Fetch(ctx, Request{URL: s.URL + "/flaky"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "finally" || resp.Attempts != 3 {
		t.Errorf("body %q after %d attempts, want finally after 3", resp.Body, resp.Attempts)
	}
	resp, err = f.Fetch(ctx, Request{URL: s.URL + "/limited"})
	if err != nil {
		t.Fatal(err)
	}
	h := s.hits("/limited")
	if len(h) != 2 {
		t.Fatalf("429 endpoint hit %d times, want 2", len(h))
	}
	if gap := h[1].at.Sub(h[0].at); gap < time.Second {
		t.Errorf("retry came %v after a 429 with Retry-After: 1, want at least 1s", gap)
	}
	if string(resp.Body) != "ok" {
		t.Errorf("body %q", resp.Body)
	}
}

func TestTimeoutOnTrickle(t *testing.T) {
	s := newSite(t)
	f := testFetcher(Options{Timeout: 300 * time.Millisecond, Retries: -1})
	start := time.Now()
	_, err := f.Fetch(context.Background(), Request{URL: s.URL + "/trickle"})
	if err == nil {
		t.Fatal("a body trickling for 10s was accepted with a 300ms timeout")
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("timeout took %v", el)
	}
}

func TestPoliteness(t *testing.T) {
	s := newSite(t)
	f := testFetcher(Options{MinDelay: 200 * time.Millisecond})
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Fetch(ctx, Request{URL: s.URL + "/page"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	h := s.hits("/page")
	if len(h) != 3 {
		t.Fatalf("%d hits, want 3", len(h))
	}
	for i := 1; i < len(h); i++ {
		if gap := h[i].at.Sub(h[i-1].at); gap < 200*time.Millisecond {
			t.Errorf("requests %d and %d to one host %v apart, want >= 200ms", i-1, i, gap)
		}
	}
}

func TestCrawlDelay(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nCrawl-delay: 1\n")
			return
		}
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		fmt.Fprint(w, "x")
	}))
	defer srv.Close()
	f := testFetcher(Options{})
	for i := 0; i < 2; i++ {
		if _, err := f.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/a%d", srv.URL, i)}); err != nil {
			t.Fatal(err)
		}
	}
	if gap := times[1].Sub(times[0]); gap < time.Second {
		t.Errorf("Crawl-delay 1 not honoured: %v between requests", gap)
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	s := newSite(t)
	f := New(Options{IgnoreRobots: true, Retries: -1})
	_, err := f.Fetch(context.Background(), Request{URL: s.URL + "/page"})
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("fetching loopback without permission: err = %v, want ErrForbiddenAddress", err)
	}
	if n := len(s.hits("/page")); n != 0 {
		t.Errorf("refused address was reached %d times", n)
	}
	// A redirect from an allowed host to loopback is checked at dial time too:
	// the redirect target is dialed through the same guarded dialer.
	f2 := New(Options{IgnoreRobots: true, Retries: -1})
	if _, err := f2.Fetch(context.Background(), Request{URL: "http://127.0.0.1:1/x"}); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("direct 127.0.0.1: err = %v", err)
	}
}

func TestSchemeRefused(t *testing.T) {
	f := New(Options{})
	for _, u := range []string{"file:///etc/passwd", "ftp://example.com/x", "gopher://x"} {
		if _, err := f.Fetch(context.Background(), Request{URL: u}); !errors.Is(err, ErrScheme) {
			t.Errorf("%s: err = %v, want ErrScheme", u, err)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 11, 17, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"5", 5 * time.Second},
		{"-3", 0},
		{"junk", 0},
		{"999999", MaxRetryAfter},
		{"Mon, 17 Nov 2025 10:00:30 GMT", 30 * time.Second},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.in, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
