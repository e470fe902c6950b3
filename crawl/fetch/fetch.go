// Package fetch is marsad's polite HTTP fetcher: robots.txt honoured and
// cached, one request at a time per host with a minimum delay (and the
// host's Crawl-delay), conditional GET plus a content hash, retries with
// exponential backoff and jitter on 429, 5xx and network errors (honouring
// Retry-After), bounded redirects, body and decompressed sizes, timeouts,
// and a dialer that refuses the operator's own network unless allowed.
package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/marsad-news/marsad/internal/netguard"
)

// Defaults of Options; each is documented as a limit of the fetcher.
const (
	// DefaultMaxBody is the largest body accepted, compressed or not (10 MiB).
	DefaultMaxBody = 10 << 20
	// DefaultMaxRedirects is the number of redirects followed.
	DefaultMaxRedirects = 10
	// DefaultTimeout bounds one attempt, from dial to the last byte.
	DefaultTimeout = 30 * time.Second
	// DefaultConnectTimeout bounds the TCP and TLS handshakes.
	DefaultConnectTimeout = 10 * time.Second
	// DefaultMinDelay is the pause between two requests to one host.
	DefaultMinDelay = time.Second
	// DefaultRetries is how many times a failed attempt is retried.
	DefaultRetries = 3
	// MaxRetryAfter caps how long a Retry-After header may make us wait.
	MaxRetryAfter = 10 * time.Minute
	// MaxCrawlDelay caps a robots.txt Crawl-delay.
	MaxCrawlDelay = time.Minute
)

// Errors a fetch can end with; match them with errors.Is.
var (
	ErrDisallowed       = errors.New("disallowed by robots.txt")
	ErrTooLarge         = errors.New("body larger than the limit")
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrScheme           = errors.New("only http and https URLs are fetched")
)

// StatusError is returned for a final HTTP status that is not a success.
type StatusError struct {
	Status int
	URL    string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// Options configure a Fetcher. Zero values take the defaults above.
type Options struct {
	// UserAgent names the crawler, its version and a URL for site owners.
	UserAgent string
	// AllowPrivate permits loopback, private and link-local addresses.
	AllowPrivate bool
	// AllowNets permits these networks even when AllowPrivate is off
	// (e.g. one intranet news server).
	AllowNets []netip.Prefix
	// IgnoreRobots skips robots.txt (tests and explicit operator choice only).
	IgnoreRobots   bool
	MaxBody        int64
	MaxRedirects   int
	Timeout        time.Duration
	ConnectTimeout time.Duration
	// MinDelay is the minimum pause between requests to one host. A
	// negative value means no pause (benchmarks against a local server).
	MinDelay time.Duration
	// Retries is the number of retries after the first attempt; a negative
	// value disables retries.
	Retries int
	// BackoffBase is the first retry's delay (doubled each time, with jitter).
	BackoffBase time.Duration
	// Transport replaces the default transport (tests only; the address
	// guard then is the transport's business).
	Transport http.RoundTripper
}

// Request is one URL to fetch with the validators of the last fetch.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	// Hash is the content hash of the last fetch; a 200 response with the
	// same body sets Response.Unchanged.
	Hash string
}

// Response is the outcome of a successful fetch (2xx or 304).
type Response struct {
	// URL is the final URL after redirects.
	URL    string
	Status int
	Proto  string
	Header http.Header
	// RequestHeader is what was sent, for the WARC request record.
	RequestHeader http.Header
	// Raw is the body as received on the wire (possibly gzip-compressed).
	Raw []byte
	// Body is the decoded body.
	Body []byte
	// NotModified is set for a 304 answer to a conditional request.
	NotModified bool
	// Unchanged is set when the body hashes to Request.Hash.
	Unchanged    bool
	ETag         string
	LastModified string
	Hash         string
	Fetched      time.Time
	Attempts     int
}

// Fetcher fetches URLs politely. It is safe for concurrent use.
type Fetcher struct {
	opts   Options
	client *http.Client
	gate   hostGate
	robots robotsCache
}

// New returns a Fetcher with opts.
func New(opts Options) *Fetcher {
	if opts.UserAgent == "" {
		opts.UserAgent = "marsad/0 (+https://github.com/marsad-news/marsad)"
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = DefaultConnectTimeout
	}
	if opts.MinDelay == 0 {
		opts.MinDelay = DefaultMinDelay
	}
	if opts.Retries == 0 {
		opts.Retries = DefaultRetries
	}
	if opts.BackoffBase <= 0 {
		opts.BackoffBase = 500 * time.Millisecond
	}
	tr := opts.Transport
	if tr == nil {
		dialer := &net.Dialer{
			Timeout:   opts.ConnectTimeout,
			KeepAlive: 30 * time.Second,
			Control:   netguard.DialControl(opts.AllowPrivate, opts.AllowNets),
		}
		tr = &http.Transport{
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			TLSHandshakeTimeout:   opts.ConnectTimeout,
			ResponseHeaderTimeout: opts.Timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       90 * time.Second,
			DisableCompression:    true, // we ask for gzip and bound its decompression ourselves
		}
	}
	f := &Fetcher{opts: opts}
	// Redirects are followed by Fetch itself, one hop at a time, so each
	// hop passes robots.txt, the host's politeness gate and the address guard.
	f.client = &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	return f
}

// Fetch gets one URL: it checks robots.txt, waits for the host's turn,
// sends a conditional GET when validators are known, retries transient
// failures and follows redirects (each hop checked and paced like a new
// request). A 304 answer gives a Response with NotModified.
func (f *Fetcher) Fetch(ctx context.Context, r Request) (*Response, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", r.URL, err)
	}
	for hop := 0; ; hop++ {
		if u.Scheme != "http" && u.Scheme != "https" {
			return nil, fmt.Errorf("fetch %q: %w", u, ErrScheme)
		}
		resp, next, err := f.fetchURL(ctx, u, r)
		if err != nil || next == nil {
			return resp, err
		}
		if hop >= f.opts.MaxRedirects {
			return nil, fmt.Errorf("fetch %s: %w (%d)", r.URL, ErrTooManyRedirects, f.opts.MaxRedirects)
		}
		u = next
		// Validators belong to the original URL only.
		r = Request{URL: r.URL}
	}
}

// fetchURL fetches one hop with retries; next is set for a redirect.
func (f *Fetcher) fetchURL(ctx context.Context, u *url.URL, r Request) (resp *Response, next *url.URL, err error) {
	delay := f.opts.MinDelay
	if !f.opts.IgnoreRobots {
		rd := f.robots.get(ctx, u, time.Now(), f.politeDo)
		g := rd.FindGroup(f.opts.UserAgent)
		if g != nil && !g.Test(u.EscapedPath()) {
			return nil, nil, fmt.Errorf("fetch %s: %w", u, ErrDisallowed)
		}
		if g != nil && g.CrawlDelay > delay {
			delay = min(g.CrawlDelay, MaxCrawlDelay)
		}
	}
	var lastErr error
	for attempt := 0; ; attempt++ {
		resp, next, wait, err := f.attempt(ctx, u, r, delay)
		if err == nil {
			if resp != nil {
				resp.Attempts = attempt + 1
			}
			return resp, next, nil
		}
		lastErr = err
		if wait < 0 || attempt >= f.opts.Retries {
			return nil, nil, lastErr
		}
		if wait == 0 {
			wait = f.backoff(attempt)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, nil, fmt.Errorf("fetch %s: %w (after: %v)", u, ctx.Err(), lastErr)
		}
	}
}

// backoff is the exponential delay before retry number attempt+1, with
// full jitter in its upper half.
func (f *Fetcher) backoff(attempt int) time.Duration {
	d := f.opts.BackoffBase << min(attempt, 10)
	return d/2 + rand.N(d/2+1)
}

// politeDo sends req when the host's turn comes (used for robots.txt).
// The body, bounded to maxRobotsBytes, is read before the host's slot is
// released, and handed back in memory.
func (f *Fetcher) politeDo(ctx context.Context, req *http.Request) (*http.Response, error) {
	release, err := f.gate.acquire(ctx, req.URL.Host)
	if err != nil {
		return nil, err
	}
	defer release(max(f.opts.MinDelay, 0))
	req.Header.Set("User-Agent", f.opts.UserAgent)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// attempt makes one request. wait is how long to pause before a retry:
// 0 for the default backoff, >0 from Retry-After, <0 when the error is final.
func (f *Fetcher) attempt(ctx context.Context, u *url.URL, r Request, delay time.Duration) (resp *Response, next *url.URL, wait time.Duration, err error) {
	release, err := f.gate.acquire(ctx, u.Host)
	if err != nil {
		return nil, nil, -1, err
	}
	defer func() { release(max(delay, 0)) }()

	actx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, -1, fmt.Errorf("fetch %s: %w", u, err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,*/*;q=0.8")
	req.Header.Set("Accept-Encoding", "gzip")
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	hr, err := f.client.Do(req)
	if err != nil {
		switch {
		case errors.Is(err, ErrForbiddenAddress), errors.Is(err, ErrTooManyRedirects), errors.Is(err, ErrScheme):
			return nil, nil, -1, fmt.Errorf("fetch %s: %w", u, err)
		case ctx.Err() != nil:
			return nil, nil, -1, fmt.Errorf("fetch %s: %w", u, ctx.Err())
		}
		// Any other transport error (refused, reset, timeout) is retried.
		return nil, nil, 0, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer hr.Body.Close()

	switch {
	case hr.StatusCode == http.StatusNotModified:
		io.Copy(io.Discard, io.LimitReader(hr.Body, 64<<10))
		return &Response{URL: hr.Request.URL.String(), Status: hr.StatusCode, Proto: hr.Proto, Header: hr.Header,
			RequestHeader: req.Header, NotModified: true, ETag: r.ETag, LastModified: r.LastModified, Hash: r.Hash,
			Unchanged: true, Fetched: time.Now()}, nil, 0, nil
	case isRedirect(hr.StatusCode):
		io.Copy(io.Discard, io.LimitReader(hr.Body, 64<<10))
		loc, err := hr.Location()
		if err != nil {
			return nil, nil, -1, fmt.Errorf("fetch %s: redirect without a usable Location: %w", u, err)
		}
		return nil, loc, 0, nil
	case hr.StatusCode == http.StatusTooManyRequests || hr.StatusCode >= 500:
		io.Copy(io.Discard, io.LimitReader(hr.Body, 64<<10))
		return nil, nil, retryAfter(hr.Header.Get("Retry-After"), time.Now()), &StatusError{Status: hr.StatusCode, URL: u.String()}
	case hr.StatusCode < 200 || hr.StatusCode > 299:
		io.Copy(io.Discard, io.LimitReader(hr.Body, 64<<10))
		return nil, nil, -1, &StatusError{Status: hr.StatusCode, URL: u.String()}
	}

	raw, err := readLimited(hr.Body, f.opts.MaxBody)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, nil, -1, fmt.Errorf("fetch %s: %w (%d bytes)", u, err, f.opts.MaxBody)
		}
		return nil, nil, 0, fmt.Errorf("fetch %s: reading body: %w", u, err)
	}
	body := raw
	if strings.EqualFold(strings.TrimSpace(hr.Header.Get("Content-Encoding")), "gzip") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, nil, -1, fmt.Errorf("fetch %s: gzip: %w", u, err)
		}
		body, err = readLimited(zr, f.opts.MaxBody)
		if err != nil {
			return nil, nil, -1, fmt.Errorf("fetch %s: decompressing: %w (%d bytes)", u, err, f.opts.MaxBody)
		}
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	return &Response{
		URL: hr.Request.URL.String(), Status: hr.StatusCode, Proto: hr.Proto, Header: hr.Header,
		RequestHeader: req.Header, Raw: raw, Body: body,
		ETag: hr.Header.Get("ETag"), LastModified: hr.Header.Get("Last-Modified"),
		Hash: hash, Unchanged: r.Hash != "" && r.Hash == hash, Fetched: time.Now(),
	}, nil, 0, nil
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// readLimited reads r fully, failing with ErrTooLarge past limit bytes.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, ErrTooLarge
	}
	return b, nil
}

// retryAfter parses a Retry-After header (seconds or an HTTP date) into a
// wait, capped at MaxRetryAfter; 0 means "use the default backoff".
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.Atoi(v); err == nil {
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d <= 0 {
		return 0
	}
	return min(d, MaxRetryAfter)
}
