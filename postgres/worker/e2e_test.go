package worker_test

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/crawl/fetch"
	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
	"github.com/marsad-news/marsad/postgres/worker"
	"github.com/marsad-news/marsad/web"
)

// The test binary doubles as the worker and server processes of the
// end-to-end test: with MARSAD_E2E_ROLE set it runs that role and exits.
func TestMain(m *testing.M) {
	switch os.Getenv("MARSAD_E2E_ROLE") {
	case "worker":
		os.Exit(runWorker())
	case "serve":
		os.Exit(runServer())
	}
	os.Exit(m.Run())
}

func roleContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// runWorker is `marsad worker` with the test's settings (short leases and
// polls, loopback allowed, no politeness delay beyond a few ms).
func runWorker() int {
	ctx, stop := roleContext()
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	st, err := postgres.Open(ctx, os.Getenv("MARSAD_E2E_DB"), postgres.Options{})
	if err != nil {
		log.Error("open", "err", err)
		return 1
	}
	defer st.Close()
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		log.Error("analyzer", "err", err)
		return 1
	}
	f := fetch.New(fetch.Options{UserAgent: "marsad-e2e", AllowPrivate: true, MinDelay: 5 * time.Millisecond})
	w := worker.New(st, f, ingest.NewPipeline(an), worker.Options{
		Owner: os.Getenv("MARSAD_E2E_OWNER"), Fetchers: 4, Poll: 200 * time.Millisecond, Lease: 3 * time.Second,
		Logger: log,
	})
	if err := w.Run(ctx); err != nil {
		log.Error("worker", "err", err)
		return 1
	}
	return 0
}

// runServer is `marsad serve` on the PostgreSQL archive: the web app and
// API over the store and its search. It prints its URL on stdout.
func runServer() int {
	ctx, stop := roleContext()
	defer stop()
	st, err := postgres.Open(ctx, os.Getenv("MARSAD_E2E_DB"), postgres.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	srv, err := web.New(web.Options{Store: st, Search: st, SearchRate: 1000, SearchBurst: 1000})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("http://%s\n", ln.Addr())
	hs := &http.Server{Handler: srv}
	go func() {
		<-ctx.Done()
		hs.Close()
	}()
	if err := hs.Serve(ln); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// request is one request a news site served.
type request struct {
	host, path string
	start, end time.Time
}

// newsSite serves generated articles with an RSS feed, logging every
// request; each response takes a few milliseconds so that concurrent
// fetches of one host would overlap in the log.
type newsSite struct {
	*httptest.Server
	pages map[string]string // path -> HTML
	feed  string
	log   *requestLog
	delay time.Duration // added to every response
}

type requestLog struct {
	mu   sync.Mutex
	reqs []request
}

func (l *requestLog) add(r request) {
	l.mu.Lock()
	l.reqs = append(l.reqs, r)
	l.mu.Unlock()
}

func (l *requestLog) all() []request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]request(nil), l.reqs...)
}

func (s *newsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	time.Sleep(s.delay)
	switch {
	case r.URL.Path == "/feed.xml":
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		io.WriteString(w, s.feed)
	case s.pages[r.URL.Path] != "":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, s.pages[r.URL.Path])
	default:
		http.NotFound(w, r)
	}
	s.log.add(request{host: r.Host, path: r.URL.Path, start: start, end: time.Now()})
}

type rss struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title string    `xml:"title"`
		Link  string    `xml:"link"`
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
}

type rssItem struct {
	Title   string `xml:"title"`
	Link    string `xml:"link"`
	PubDate string `xml:"pubDate"`
}

// startSites serves n generated articles spread over k sites, each
// response taking at least delay.
func startSites(t *testing.T, n, k int, delay time.Duration) ([]*newsSite, map[string]bool) {
	log := &requestLog{}
	sites := make([]*newsSite, k)
	for i := range sites {
		s := &newsSite{pages: map[string]string{}, log: log, delay: delay}
		s.Server = httptest.NewServer(s)
		t.Cleanup(s.Close)
		sites[i] = s
	}
	feeds := make([]rss, k)
	urls := map[string]bool{}
	i := 0
	err := gen.Generate(context.Background(), gen.Options{Count: n, Seed: 42, HTML: 1}, func(a *gen.Article) error {
		s := sites[i%k]
		path := fmt.Sprintf("/news/%d.html", i)
		html := a.Page.HTML
		if html == "" {
			html = "<html><body><article><h1>" + a.Truth.Title + "</h1><p>" + a.Page.Text + "</p></article></body></html>"
		}
		s.pages[path] = html
		f := &feeds[i%k]
		pub, _ := time.Parse("2006-01-02", a.Truth.Published[:min(10, len(a.Truth.Published))])
		f.Channel.Items = append(f.Channel.Items, rssItem{Title: a.Truth.Title, Link: s.URL + path, PubDate: pub.Format(time.RFC1123Z)})
		urls[s.URL+path] = true
		i++
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for j, s := range sites {
		feeds[j].Version = "2.0"
		feeds[j].Channel.Title = fmt.Sprintf("site %d", j)
		feeds[j].Channel.Link = s.URL + "/"
		b, err := xml.Marshal(feeds[j])
		if err != nil {
			t.Fatal(err)
		}
		s.feed = xml.Header + string(b)
	}
	return sites, urls
}

// proc is a child process of the test.
type proc struct {
	name    string
	cmd     *exec.Cmd
	done    chan error
	logPath string
}

func start(t *testing.T, name string, env ...string) *proc {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	logPath := t.TempDir() + "/" + name + ".log"
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = logf
	p := &proc{name: name, cmd: cmd, done: make(chan error, 1), logPath: logPath}
	return p
}

func (p *proc) run(t *testing.T) {
	t.Helper()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-p.done:
			case <-time.After(10 * time.Second):
				p.cmd.Process.Kill()
				<-p.done
			}
		}
	})
}

// TestEndToEnd: three worker processes and one server process share a
// PostgreSQL archive while crawling three news sites; one worker is
// killed with SIGKILL mid-run. Every article is stored exactly once,
// every story is consistent, no host is fetched by two workers at the
// same time, and the server answers throughout.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: several processes for some seconds")
	}
	dbURL := pgtest.Migrated(t)
	ctx := context.Background()
	st, err := postgres.Open(ctx, dbURL, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	const articles, hosts = 120, 3
	sites, urls := startSites(t, articles, hosts, 15*time.Millisecond)
	for i, s := range sites {
		if err := st.PutSource(ctx, &marsad.Source{ID: fmt.Sprintf("site%d", i), Name: fmt.Sprintf("موقع %d", i),
			HomeURL: s.URL + "/", Feeds: []string{s.URL + "/feed.xml"}}); err != nil {
			t.Fatal(err)
		}
	}

	// The server.
	srv := start(t, "serve", "MARSAD_E2E_ROLE=serve", "MARSAD_E2E_DB="+dbURL)
	out, err := srv.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	srv.run(t)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("server did not start: %v", err)
	}
	base := strings.TrimSpace(line)

	// The server is polled throughout.
	pollCtx, stopPoll := context.WithCancel(ctx)
	var (
		polls, pollFailures int
		firstFailure        string
		pollDone            = make(chan struct{})
	)
	go func() {
		defer close(pollDone)
		client := &http.Client{Timeout: 5 * time.Second}
		for i := 0; pollCtx.Err() == nil; i++ {
			u := base + "/healthz"
			if i%2 == 1 {
				u = base + "/api/v1/search?q=" + "%D9%88%D8%B2%D9%8A%D8%B1" // وزير
			}
			resp, err := client.Get(u)
			polls++
			if err != nil || resp.StatusCode != http.StatusOK {
				pollFailures++
				if firstFailure == "" {
					firstFailure = fmt.Sprintf("%s: %v %v", u, err, resp)
				}
			}
			if resp != nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()

	// Three workers.
	began := time.Now()
	var workers []*proc
	for i := 1; i <= 3; i++ {
		w := start(t, fmt.Sprintf("w%d", i), "MARSAD_E2E_ROLE=worker", "MARSAD_E2E_DB="+dbURL, fmt.Sprintf("MARSAD_E2E_OWNER=w%d", i))
		w.run(t)
		workers = append(workers, w)
	}
	count := func() int64 {
		s, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s.Articles
	}
	// Kill one worker once a third of the articles are stored.
	deadline := time.Now().Add(90 * time.Second)
	for count() < articles/3 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d articles stored after 90s", count(), articles)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := workers[0].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-workers[0].done
	killedAt := count()
	t.Logf("killed w1 (SIGKILL) with %d articles stored after %s", killedAt, time.Since(began).Round(time.Millisecond))

	for count() < articles {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d articles stored after 90s", count(), articles)
		}
		time.Sleep(100 * time.Millisecond)
	}
	elapsed := time.Since(began)
	// The clustering step catches up with the change log.
	last := func() int64 { s, _ := st.Stats(ctx); return s.LastSeq }
	for {
		cur, err := st.ClusterCursor(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cur >= last() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("clustering at seq %d, store at %d after 90s", cur, last())
		}
		time.Sleep(100 * time.Millisecond)
	}
	stopPoll()
	<-pollDone
	t.Logf("%d articles by 3 workers (one killed) in %s", articles, elapsed.Round(time.Millisecond))

	// Every article stored exactly once: one row per fetched URL and per
	// canonical URL, one revision each, never logged "new" twice (a
	// worker killed between storing and logging may leave one unlogged).
	var nArticles, nRevisions, twiceNew, distinctURLs, distinctCanonical int
	if err := st.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM revisions),
		(SELECT count(*) FROM (SELECT article_id FROM ingest_log WHERE outcome = 'new' GROUP BY article_id HAVING count(*) > 1) d),
		(SELECT count(DISTINCT url) FROM articles), (SELECT count(DISTINCT canonical_url) FROM articles)`).
		Scan(&nArticles, &nRevisions, &twiceNew, &distinctURLs, &distinctCanonical); err != nil {
		t.Fatal(err)
	}
	if nArticles != articles || nRevisions != articles || twiceNew != 0 || distinctURLs != articles || distinctCanonical != articles {
		t.Errorf("articles %d, revisions %d, articles stored new twice %d, distinct URLs %d, canonical URLs %d; want %d, %d, 0, %d, %d",
			nArticles, nRevisions, twiceNew, distinctURLs, distinctCanonical, articles, articles, articles, articles)
	}
	for u := range urls {
		var n int
		if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM articles WHERE url = $1`, u).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s stored %d times (%v), want once", u, n, err)
		}
	}

	// Every story consistent: each article in exactly one story, and the
	// stories are exactly those one clusterer builds from the articles in
	// commit order (the serialized step).
	var unplaced int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM articles a WHERE NOT EXISTS
		(SELECT 1 FROM story_articles m WHERE m.article_id = a.id)`).Scan(&unplaced); err != nil {
		t.Fatal(err)
	}
	if unplaced != 0 {
		t.Errorf("%d articles in no story", unplaced)
	}
	want := cluster.New(cluster.Options{})
	wantStory := map[string]string{}
	for after := int64(0); ; {
		chs, err := st.Changes(ctx, after, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(chs) == 0 {
			break
		}
		for _, ch := range chs {
			asg, err := want.Add(ctx, ch.Article)
			if err != nil {
				t.Fatal(err)
			}
			wantStory[asg.ArticleID] = asg.StoryID
			after = ch.Seq
		}
	}
	rows, err := st.Pool().Query(ctx, `SELECT article_id, story_id FROM story_articles`)
	if err != nil {
		t.Fatal(err)
	}
	gotStory := map[string]string{}
	for rows.Next() {
		var a, s string
		if err := rows.Scan(&a, &s); err != nil {
			t.Fatal(err)
		}
		gotStory[a] = s
	}
	rows.Close()
	mismatch := 0
	defer func() {
		// Without a failover the stories are exactly a single clusterer's.
		killedLog, _ := os.ReadFile(workers[0].logPath)
		if mismatch > 0 && !strings.Contains(string(killedLog), "leading the clustering step") {
			t.Errorf("%d articles placed differently from a single clusterer in commit order, with no failover", mismatch)
		}
	}()
	for a, s := range wantStory {
		if gotStory[a] != s {
			mismatch++
			if mismatch <= 3 {
				t.Logf("article %s in story %s, one clusterer in commit order puts it in %s", a, gotStory[a], s)
			}
		}
	}
	stories, _ := st.Stories(ctx, 1000)
	killedLog, _ := os.ReadFile(workers[0].logPath)
	failover := strings.Contains(string(killedLog), "leading the clustering step")
	t.Logf("%d stories; %d articles placed differently from a single clusterer (clustering failed over from the killed worker: %v)",
		len(stories), mismatch, failover)

	// Nothing fetched twice from a host at the same time.
	byHost := map[string][]request{}
	all := sites[0].log.all()
	for _, r := range all {
		byHost[r.host] = append(byHost[r.host], r)
	}
	overlaps := 0
	pageFetches := map[string]int{}
	for h, rs := range byHost {
		sort.Slice(rs, func(i, j int) bool { return rs[i].start.Before(rs[j].start) })
		for i := 1; i < len(rs); i++ {
			if rs[i].start.Before(rs[i-1].end) {
				overlaps++
				if overlaps <= 3 {
					t.Errorf("host %s: %s started at %s before %s ended at %s", h, rs[i].path,
						rs[i].start.Format("15:04:05.000"), rs[i-1].path, rs[i-1].end.Format("15:04:05.000"))
				}
			}
		}
		for _, r := range rs {
			if strings.HasPrefix(r.path, "/news/") {
				pageFetches[h+r.path]++
			}
		}
	}
	refetched := 0
	for _, n := range pageFetches {
		if n > 1 {
			refetched++
		}
	}
	t.Logf("%d requests served; %d overlapping on one host; %d pages fetched again (the killed worker's leases)",
		len(all), overlaps, refetched)

	if polls == 0 || pollFailures > 0 {
		t.Errorf("server: %d of %d requests failed (first: %s)", pollFailures, polls, firstFailure)
	} else {
		t.Logf("server answered all %d requests during the run", polls)
	}
}
