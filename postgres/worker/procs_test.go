package worker_test

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/marsad-news/marsad/gen"
)

// buildMarsad builds the marsad command into a temporary folder of t and
// returns the binary's path: the end-to-end tests run the real CLI.
func buildMarsad(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "marsad")
	began := time.Now()
	cmd := exec.Command(goBin, "build", "-o", bin, "github.com/marsad-news/marsad/cmd/marsad")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/marsad: %v\n%s", err, out)
	}
	t.Logf("built marsad in %s", time.Since(began).Round(time.Millisecond))
	return bin
}

// proc is a marsad process started by a test; its stderr (the log) goes
// to a file.
type proc struct {
	name    string
	cmd     *exec.Cmd
	done    chan error
	logPath string
}

// command returns a marsad process named name (not started yet).
func command(t *testing.T, bin, name string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(bin, args...)
	logPath := filepath.Join(t.TempDir(), name+".log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	cmd.Stderr = logf
	return &proc{name: name, cmd: cmd, done: make(chan error, 1), logPath: logPath}
}

// run starts p; it is stopped (SIGTERM, then SIGKILL after 10 s) when
// the test ends.
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

// log returns what p logged so far.
func (p *proc) log() string {
	b, _ := os.ReadFile(p.logPath)
	return string(b)
}

// workerArgs are the flags of a worker in these tests: short leases and
// polls, loopback allowed, almost no politeness delay (the fixture site
// is local; the per-host lease still allows one request at a time).
func workerArgs(dbURL, owner string, extra ...string) []string {
	return append([]string{"worker", "--database-url", dbURL, "--owner", owner, "--fetchers", "4",
		"--poll", "200ms", "--lease", "3s", "--min-delay", "5ms", "--allow-private-addresses"}, extra...)
}

// startWorker starts `marsad worker` on dbURL.
func startWorker(t *testing.T, bin, dbURL, owner string, extra ...string) *proc {
	t.Helper()
	p := command(t, bin, owner, workerArgs(dbURL, owner, extra...)...)
	p.run(t)
	return p
}

// startServer starts `marsad serve` on dbURL on a free loopback port and
// returns it with its base URL (without the final slash).
func startServer(t *testing.T, bin, dbURL string, extra ...string) (*proc, string) {
	t.Helper()
	args := append([]string{"serve", "--database-url", dbURL, "--data", t.TempDir(), "--addr", "127.0.0.1:0",
		"--search-rate", "1000"}, extra...)
	p := command(t, bin, "serve", args...)
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.run(t)
	urls := make(chan string, 1)
	go func() {
		const prefix = "serving the archive at "
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), prefix); ok {
				u, _, _ = strings.Cut(u, " ")
				select {
				case urls <- strings.TrimSuffix(u, "/"):
				default:
				}
			}
		}
		close(urls)
	}()
	select {
	case u, ok := <-urls:
		if !ok {
			t.Fatalf("marsad serve exited before serving:\n%s", p.log())
		}
		return p, u
	case <-time.After(60 * time.Second):
		t.Fatalf("marsad serve did not start in 60 s:\n%s", p.log())
	}
	return nil, ""
}

// runCLI runs one marsad command to its end and returns its exit code,
// stdout and stderr.
func runCLI(t *testing.T, bin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errs strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errs
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("marsad %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return code, out.String(), errs.String()
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
