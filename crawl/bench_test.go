package crawl_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/crawl"
	"github.com/marsad-news/marsad/crawl/fetch"
	"github.com/marsad-news/marsad/sqlite"
)

// counter is a Processor that only counts pages, so the benchmark measures
// fetching and scheduling alone.
type counter struct{ n atomic.Int64 }

func (c *counter) ProcessPage(ctx context.Context, p crawl.Page) error {
	c.n.Add(1)
	return nil
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkCrawl crawls a local site of MARSAD_BENCH_FEEDS feeds (default
// 1,000) spread over MARSAD_BENCH_HOSTS host names (default 100, all
// dialed on loopback), each feed listing MARSAD_BENCH_ITEMS articles
// (default 10), with no politeness delay, and reports feeds polled per
// minute and articles fetched per second. The full size is
// MARSAD_BENCH_FEEDS=10000 MARSAD_BENCH_ITEMS=10 (100,000 articles).
func BenchmarkCrawl(b *testing.B) {
	feeds, hosts, items := envInt("MARSAD_BENCH_FEEDS", 1000), envInt("MARSAD_BENCH_HOSTS", 100), envInt("MARSAD_BENCH_ITEMS", 10)
	page := []byte(`<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>خبر</title></head><body><article><h1>خبر</h1><p>` +
		strings.Repeat("بحث وزير الدفاع مع وفد عسكري سبل تعزيز التعاون بين البلدين. ", 40) + `</p></article></body></html>`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			w.WriteHeader(http.StatusNotFound)
		case strings.HasPrefix(r.URL.Path, "/feed/"):
			id := strings.TrimPrefix(r.URL.Path, "/feed/")
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<rss version="2.0"><channel><title>f</title>`)
			for i := 0; i < items; i++ {
				fmt.Fprintf(w, `<item><title>t</title><link>/a/%s-%d</link></item>`, id, i)
			}
			fmt.Fprint(w, `</channel></rss>`)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		}
	}))
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	dialer := &net.Dialer{}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr) // every host name is on loopback
		},
		MaxIdleConnsPerHost: 4,
	}
	_, port, _ := net.SplitHostPort(addr)

	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		st, err := sqlite.Open(context.Background(), filepath.Join(dir, "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		var es []marsad.FrontierEntry
		for i := 0; i < feeds; i++ {
			es = append(es, marsad.FrontierEntry{URL: fmt.Sprintf("http://h%d.bench:%s/feed/%d", i%hosts, port, i), Kind: marsad.KindFeed, SourceID: "bench"})
		}
		if _, err := st.AddURLs(context.Background(), es); err != nil {
			b.Fatal(err)
		}
		f := fetch.New(fetch.Options{Transport: tr, MinDelay: -1, IgnoreRobots: true})
		cnt := &counter{}
		c := crawl.New(f, st, cnt, nil, nil, nil, crawl.Options{Workers: 32})
		b.StartTimer()
		start := time.Now()
		s, err := c.Once(context.Background())
		el := time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if int(cnt.n.Load()) != feeds*items {
			b.Fatalf("fetched %d articles, want %d (stats %+v)", cnt.n.Load(), feeds*items, s)
		}
		b.ReportMetric(float64(feeds)/el.Minutes(), "feeds/min")
		b.ReportMetric(float64(feeds*items)/el.Seconds(), "articles/s")
		st.Close()
		b.StartTimer()
	}
}
