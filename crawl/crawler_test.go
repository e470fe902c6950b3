package crawl_test

import (
	"context"
	"errors"
	"io"
	"net/netip"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/crawl"
	"github.com/marsad-news/marsad/crawl/fetch"
	"github.com/marsad-news/marsad/crawl/warcfile"
	"github.com/marsad-news/marsad/internal/fixturesite"
	"github.com/marsad-news/marsad/sqlite"
)

// recorder is the Processor of these tests: it keeps the pages it gets.
type recorder struct {
	mu    sync.Mutex
	pages map[string]crawl.Page
	// block, when set, makes ProcessPage wait until ctx ends.
	block func(url string) bool
}

func (r *recorder) ProcessPage(ctx context.Context, p crawl.Page) error {
	if r.block != nil && r.block(p.URL) {
		<-ctx.Done()
		return ctx.Err()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pages == nil {
		r.pages = map[string]crawl.Page{}
	}
	r.pages[p.URL] = p
	return nil
}

func (r *recorder) paths(base string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for u := range r.pages {
		out = append(out, strings.TrimPrefix(u, base))
	}
	sort.Strings(out)
	return out
}

var testNow = time.Date(2025, 11, 17, 12, 0, 0, 0, time.UTC)

type env struct {
	site  *fixturesite.Site
	store *sqlite.Store
	dir   string
	clock *clock
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newEnv(t *testing.T) *env {
	t.Helper()
	site := fixturesite.Start()
	t.Cleanup(site.Close)
	dir := t.TempDir()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "marsad.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &env{site: site, store: st, dir: dir, clock: &clock{t: testNow}}
}

func (e *env) crawler(t *testing.T, proc crawl.Processor, minDelay time.Duration) (*crawl.Crawler, *warcfile.Writer) {
	t.Helper()
	f := fetch.New(fetch.Options{
		AllowNets:   []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		MinDelay:    minDelay,
		Timeout:     3 * time.Second,
		BackoffBase: 20 * time.Millisecond,
	})
	w, err := warcfile.Open(warcfile.Options{Dir: filepath.Join(e.dir, "warc")})
	if err != nil {
		t.Fatal(err)
	}
	return crawl.New(f, e.store, proc, w, nil, nil, crawl.Options{Owner: "test", Workers: 4, Now: e.clock.Now}), w
}

func (e *env) source() *marsad.Source {
	return &marsad.Source{ID: "fixture", Name: "مرصد الاختبار", HomeURL: e.site.URL + "/",
		Feeds: []string{e.site.URL + "/feed.xml", e.site.URL + "/atom.xml"}, Sitemaps: []string{e.site.URL + "/sitemap_index.xml"}}
}

func TestCrawlOnce(t *testing.T) {
	e := newEnv(t)
	rec := &recorder{}
	c, w := e.crawler(t, rec, 50*time.Millisecond)
	ctx := context.Background()
	if _, err := c.Seed(ctx, e.source()); err != nil {
		t.Fatal(err)
	}
	st, err := c.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()

	want := []string{
		"/articles/2025-11-12-sitemap-only.html",
		"/articles/2025-11-13-report.html",
		"/articles/2025-11-15-cp1256.html",
		"/articles/2025-11-16-economy.html",
		"/articles/2025-11-17-damascus-talks.html",
		"/flaky/2025-11-14-busy.html",
		"/limited/2025-11-14-slow-down.html",
	}
	got := rec.paths(e.site.URL)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("processed pages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	t.Logf("stats: %+v", st)

	// Fetched once, though three lists name it.
	if n := len(e.site.Hits("/articles/2025-11-17-damascus-talks.html")); n != 1 {
		t.Errorf("damascus article fetched %d times, want 1", n)
	}
	for _, p := range []string{"/private/", "/secret", "/articles/2024-01-01-old.html"} {
		if n := len(e.site.Hits(p)); n != 0 {
			t.Errorf("%s fetched %d times, want 0", p, n)
		}
	}
	if n := len(e.site.Hits("/flaky/")); n != 3 {
		t.Errorf("503-twice endpoint hit %d times, want 3", n)
	}
	lim := e.site.Hits("/limited/")
	if len(lim) != 2 || lim[1].At.Sub(lim[0].At) < time.Second {
		t.Errorf("429 endpoint: %d hits, want 2 at least 1s apart (Retry-After)", len(lim))
	}
	if st.Errors["forbidden_address"] != 1 || st.Errors["redirects"] != 1 || st.Errors["too_large"] != 1 || st.Errors["robots"] != 1 {
		t.Errorf("error counts %v", st.Errors)
	}
	cp := rec.pages[e.site.URL+"/articles/2025-11-15-cp1256.html"]
	if !strings.Contains(cp.ContentType, "windows-1256") || len(cp.Body) == 0 {
		t.Errorf("windows-1256 page: content type %q, %d bytes", cp.ContentType, len(cp.Body))
	}
	if cp.WARC.File == "" {
		t.Error("page not archived as WARC")
	}

	// Politeness: one request at a time per host, with the minimum delay
	// between the end of one and the start of the next (lower bound only).
	hits := e.site.Hits("/")
	sort.Slice(hits, func(i, j int) bool { return hits[i].At.Before(hits[j].At) })
	for i := 1; i < len(hits); i++ {
		if hits[i].At.Before(hits[i-1].Done) {
			t.Errorf("requests overlap on one host: %s started before %s ended", hits[i].Path, hits[i-1].Path)
		}
		if gap := hits[i].At.Sub(hits[i-1].Done); gap < 45*time.Millisecond {
			t.Errorf("%s came %v after %s, want >= 50ms", hits[i].Path, gap, hits[i-1].Path)
		}
	}

	// Every successful response is in the WARC files.
	if n := countWARCResponses(t, filepath.Join(e.dir, "warc")); n < st.Fetched {
		t.Errorf("WARC holds %d responses, crawler fetched %d", n, st.Fetched)
	}

	// Nothing is due right after: feeds wait for their interval.
	again, err := c.Once(ctx)
	if err != nil || again.Fetched != 0 {
		t.Errorf("second round fetched %d (%v), want 0", again.Fetched, err)
	}
	// An hour later the feeds are polled with validators and answer 304.
	e.clock.Add(time.Hour)
	later, err := c.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if later.NotModified < 2 || later.Processed != 0 {
		t.Errorf("an hour later: %+v, want feeds not modified and nothing processed", later)
	}
	fh := e.site.Hits("/feed.xml")
	if len(fh) != 2 || fh[1].IfNoneMatch == "" {
		t.Errorf("feed hits %+v, want a conditional second request", fh)
	}
}

func TestCrawlRestartFetchesNothingTwice(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// First run: killed while one page is being processed.
	killCtx, kill := context.WithCancel(ctx)
	rec := &recorder{block: func(u string) bool {
		if strings.HasSuffix(u, "2025-11-13-report.html") {
			kill()
			return true
		}
		return false
	}}
	c1, w1 := e.crawler(t, rec, -1)
	if _, err := c1.Seed(ctx, e.source()); err != nil {
		t.Fatal(err)
	}
	if _, err := c1.Once(killCtx); !errors.Is(err, context.Canceled) {
		t.Fatalf("first run: %v, want canceled", err)
	}
	w1.Close()
	finished := map[string]bool{}
	for _, p := range []string{"/articles/2025-11-12-sitemap-only.html", "/articles/2025-11-15-cp1256.html", "/articles/2025-11-16-economy.html", "/articles/2025-11-17-damascus-talks.html"} {
		fe, err := e.store.FrontierEntry(ctx, e.site.URL+p)
		if err == nil && fe.Fetches > 0 {
			finished[p] = true
		}
	}
	// Restart after the dead crawler's leases expired.
	e.clock.Add(11 * time.Minute)
	rec2 := &recorder{}
	c2, w2 := e.crawler(t, rec2, -1)
	defer w2.Close()
	if _, err := c2.Once(ctx); err != nil {
		t.Fatal(err)
	}
	for p := range finished {
		if n := len(e.site.Hits(p)); n != 1 {
			t.Errorf("%s finished before the kill but fetched %d times", p, n)
		}
	}
	if _, ok := rec2.pages[e.site.URL+"/articles/2025-11-13-report.html"]; !ok {
		t.Error("the page interrupted by the kill was not fetched after restart")
	}
	t.Logf("finished before kill: %d pages", len(finished))
}

func countWARCResponses(t *testing.T, dir string) int {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	n := 0
	for _, f := range files {
		r, err := gowarc.NewWarcFileReader(f, 0)
		if err != nil {
			t.Fatal(err)
		}
		for rec, err := range r.Records() {
			if err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("%s: %v", f, err)
				}
				break
			}
			if rec.WarcRecord.Type() == gowarc.Response {
				n++
			}
			rec.Close()
		}
		r.Close()
	}
	return n
}
