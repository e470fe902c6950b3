package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ContentSecurityPolicy is sent with every response: no inline script or
// style, nothing from other origins.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Cookie names.
const (
	adminCookie = "marsad_admin"
	csrfCookie  = "marsad_csrf"
	csrfField   = "csrf"
	// adminSession is how long a login lasts.
	adminSession = 12 * time.Hour
)

// secure wraps the whole mux: security headers, body limit, timeout and
// cross-origin protection of unsafe methods.
func (s *Server) secure(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			WriteError(w, http.StatusForbidden, "cross_origin", "cross-origin request refused")
			return
		}
		s.pageErrorMsg(w, r, http.StatusForbidden, "cross_origin")
	}))
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		}
		protected.ServeHTTP(w, r)
	})
}

// statusWriter records the status code for metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Flush lets streaming handlers (export) flush through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// wrap adds access control and metrics to one route.
func (s *Server) wrap(pattern string, h http.Handler, access Access, long bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if long {
			// Streams may outlast the server's WriteTimeout.
			_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
		} else {
			ctx, cancel := context.WithTimeout(r.Context(), RequestTimeout)
			defer cancel()
			r = r.WithContext(ctx)
		}
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			code := sw.code
			if code == 0 {
				code = http.StatusOK
			}
			s.metrics.requests.WithLabelValues(pattern, strconv.Itoa(code)).Inc()
			s.metrics.duration.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
		}()
		need := access == AccessAdmin || (access == AccessRead && s.opts.Private)
		if need && !s.isAdmin(r) {
			if isAPI(r) {
				sw.Header().Set("WWW-Authenticate", `Bearer realm="marsad"`)
				WriteError(sw, http.StatusUnauthorized, "unauthorized", "this needs the admin token (Authorization: Bearer TOKEN)")
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(sw, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.pageErrorMsg(sw, r, http.StatusUnauthorized, "need_admin")
			return
		}
		if !isAPI(r) && r.Method == http.MethodPost && !s.checkCSRF(r) {
			s.pageErrorMsg(sw, r, http.StatusForbidden, "csrf")
			return
		}
		h.ServeHTTP(sw, r)
	})
}

// isAdmin reports whether r carries the admin token or a valid login
// cookie.
func (s *Server) isAdmin(r *http.Request) bool {
	if len(s.opts.AdminTokenHash) == 0 {
		return false
	}
	if auth := r.Header.Get("Authorization"); auth != "" {
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		return ok && s.checkToken(strings.TrimSpace(tok))
	}
	c, err := r.Cookie(adminCookie)
	if err != nil {
		return false
	}
	exp, mac, ok := strings.Cut(c.Value, ".")
	if !ok {
		return false
	}
	sec, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || s.now().Unix() > sec {
		return false
	}
	return hmac.Equal([]byte(mac), []byte(s.sign("admin|"+exp)))
}

// checkToken compares a token with the stored hash in constant time.
func (s *Server) checkToken(tok string) bool {
	if tok == "" || len(s.opts.AdminTokenHash) == 0 {
		return false
	}
	sum := sha256.Sum256([]byte(tok))
	return subtle.ConstantTimeCompare(sum[:], s.opts.AdminTokenHash) == 1
}

func (s *Server) sign(msg string) string {
	m := hmac.New(sha256.New, s.cookieKey)
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// setAdminCookie logs the browser in as admin.
func (s *Server) setAdminCookie(w http.ResponseWriter, r *http.Request) {
	exp := strconv.FormatInt(s.now().Add(adminSession).Unix(), 10)
	http.SetCookie(w, &http.Cookie{
		Name: adminCookie, Value: exp + "." + s.sign("admin|"+exp), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
		MaxAge: int(adminSession / time.Second),
	})
}

// csrfToken returns the browser's CSRF token, setting the cookie when the
// browser has none.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 43 {
		return c.Value
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{
		Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
	return tok
}

// checkCSRF compares the form's token with the cookie (double submit).
func (s *Server) checkCSRF(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue(csrfField))) == 1
}

// clientKey is the rate limiting key of a request: its remote address
// (proxies' forwarding headers are not trusted).
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// rateLimiter is a token bucket per client.
type rateLimiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the limiter's memory; full buckets are pruned first.
const maxBuckets = 10000

func newRateLimiter(rate float64, burst int, now func() time.Time) *rateLimiter {
	return &rateLimiter{rate: rate, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// allow takes one token for key and reports whether there was one; when
// not, it says how long until the next.
func (l *rateLimiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

func (l *rateLimiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxBuckets {
		clear(l.buckets)
	}
}

// limitSearch applies the per-client search rate; it writes the 429 and
// returns false when the client is over it.
func (s *Server) limitSearch(w http.ResponseWriter, r *http.Request) bool {
	ok, wait := s.limiter.allow(clientKey(r))
	if ok {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
	if isAPI(r) {
		WriteError(w, http.StatusTooManyRequests, "rate_limited", "too many searches; retry later")
	} else {
		s.pageErrorMsg(w, r, http.StatusTooManyRequests, "rate_limited")
	}
	return false
}

// httpMetrics are the server's Prometheus metrics.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) (*httpMetrics, error) {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "marsad", Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests served, by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "marsad", Subsystem: "http", Name: "request_duration_seconds",
			Help:    "Time to serve HTTP requests, by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}
