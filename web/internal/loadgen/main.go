// Command loadgen measures the latency of marsad's web pages at a fixed
// request rate, from a second process, as docs/PERFORMANCE.md reports
// it:
//
//	go run ./web/internal/loadgen -base http://127.0.0.1:8080 -kind search -rate 50 -duration 30s
//
// It is open-loop: requests are started on a fixed schedule whatever the
// server does, and each latency is measured from the request's scheduled
// time, so a slow server shows up in the percentiles instead of slowing the
// load down (no coordinated omission). -kind search requests /search?q=
// with queries drawn from a fixed list of Arabic words and phrases;
// -kind article requests /article/ID for articles listed from the API
// first; -kind search-uncached makes every query distinct (an excluded
// nonsense word added) so that the server's result cache never answers.
// With -rates 50,100,200 it runs one step per rate and prints one
// line each. The server should run with a high --search-rate, or the
// per-client limit answers 429 (counted as errors).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// queries are the search texts: frequent and rare words, phrases, filters.
var queries = []string{
	"وزير الدفاع", "دمشق", "روسيا", "التعاون العسكري", `"وزير الخارجية"`, "الرئيس", "موسكو",
	"الهلال الأحمر", "الطاقة", "زاخاروفا", "مباحثات", "الاستثمار", "اللاذقية", "المتحدثة باسم",
	"النقل البحري", "أبو قصرة", "المساعدات الإنسانية", "-روسيا دمشق", "وفد", "الحكومة السورية",
}

func main() {
	var (
		base     = flag.String("base", "http://127.0.0.1:8080", "server base URL")
		kind     = flag.String("kind", "search", "what to request: search, search-uncached, article, home, story")
		rates    = flag.String("rates", "50", "comma-separated request rates per second, one step each")
		duration = flag.Duration("duration", 30*time.Second, "length of each step")
		warmup   = flag.Duration("warmup", 3*time.Second, "unmeasured load before each step")
		articles = flag.Int("articles", 2000, "with -kind article/story: number of IDs to draw from")
		timeout  = flag.Duration("timeout", 10*time.Second, "per-request timeout")
	)
	flag.Parse()
	client := &http.Client{Timeout: *timeout, Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 0}}
	paths, err := targets(client, *base, *kind, *articles)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	fmt.Printf("# kind=%s targets=%d duration=%s base=%s\n", *kind, len(paths), *duration, *base)
	fmt.Println("# rate_rps  sent  ok  errors  achieved_rps  p50_ms  p90_ms  p99_ms  max_ms")
	for _, rs := range strings.Split(*rates, ",") {
		rate, err := strconv.ParseFloat(strings.TrimSpace(rs), 64)
		if err != nil || rate <= 0 {
			fmt.Fprintln(os.Stderr, "loadgen: bad rate", rs)
			os.Exit(2)
		}
		if *warmup > 0 {
			step(client, *base, paths, rate, *warmup)
		}
		r := step(client, *base, paths, rate, *duration)
		fmt.Printf("%8.0f  %5d  %5d  %5d  %10.1f  %6.1f  %6.1f  %6.1f  %6.1f\n", rate, r.sent, r.ok, r.errors,
			float64(r.sent)/duration.Seconds(), ms(pct(r.lat, 50)), ms(pct(r.lat, 90)), ms(pct(r.lat, 99)), ms(pct(r.lat, 100)))
	}
}

type result struct {
	sent, ok, errors int
	lat              []time.Duration
}

// step sends requests at rate for d and collects latencies from each
// request's scheduled start.
func step(c *http.Client, base string, paths []string, rate float64, d time.Duration) result {
	interval := time.Duration(float64(time.Second) / rate)
	n := int(d.Seconds() * rate)
	var (
		mu  sync.Mutex
		res result
		wg  sync.WaitGroup
	)
	rng := rand.New(rand.NewPCG(1, uint64(rate)))
	start := time.Now()
	for i := range n {
		at := start.Add(time.Duration(i) * interval)
		if w := time.Until(at); w > 0 {
			time.Sleep(w)
		}
		p := paths[rng.IntN(len(paths))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok := get(c, base+p)
			lat := time.Since(at)
			mu.Lock()
			defer mu.Unlock()
			res.sent++
			if ok {
				res.ok++
				res.lat = append(res.lat, lat)
			} else {
				res.errors++
			}
		}()
	}
	wg.Wait()
	return res
}

func get(c *http.Client, u string) bool {
	resp, err := c.Get(u)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err == nil && resp.StatusCode == http.StatusOK
}

func pct(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// targets lists the paths to request.
func targets(c *http.Client, base, kind string, n int) ([]string, error) {
	switch kind {
	case "search":
		var out []string
		for _, q := range queries {
			out = append(out, "/search?q="+url.QueryEscape(q))
		}
		return out, nil
	case "search-uncached":
		// Each request a distinct query (an excluded nonsense word added),
		// so the server's cache of first pages never answers.
		var out []string
		for i := range 20000 {
			q := queries[i%len(queries)] + " -زز" + strconv.Itoa(i)
			out = append(out, "/search?q="+url.QueryEscape(q))
		}
		return out, nil
	case "home":
		return []string{"/"}, nil
	case "article", "story":
		var out []string
		cursor := ""
		for len(out) < n {
			u := base + "/api/v1/search?sort=new&limit=100"
			if cursor != "" {
				u += "&cursor=" + url.QueryEscape(cursor)
			}
			resp, err := c.Get(u)
			if err != nil {
				return nil, err
			}
			var page struct {
				Results []struct {
					ID string `json:"id"`
				} `json:"results"`
				Next string `json:"next_cursor"`
			}
			err = json.NewDecoder(resp.Body).Decode(&page)
			resp.Body.Close()
			if err != nil {
				return nil, fmt.Errorf("listing articles: %w", err)
			}
			for _, r := range page.Results {
				if kind == "article" {
					out = append(out, "/article/"+r.ID)
					continue
				}
				out = append(out, "/api/v1/articles/"+r.ID+"/story")
			}
			if page.Next == "" {
				break
			}
			cursor = page.Next
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no articles listed at %s", base)
		}
		if kind == "story" {
			return storyPages(c, base, out)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown -kind %q", kind)
}

// storyPages turns article story lookups into story page paths.
func storyPages(c *http.Client, base string, lookups []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, l := range lookups {
		resp, err := c.Get(base + l)
		if err != nil {
			return nil, err
		}
		var st struct {
			ID string `json:"id"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if st.ID != "" && !seen[st.ID] {
			seen[st.ID] = true
			out = append(out, "/story/"+st.ID)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no stories found")
	}
	return out, nil
}
