// Package web serves marsad's right-to-left web app and its JSON API over
// the archive: the pages (home, story, article, search, entity, sources),
// /api/v1/... (documented in the OpenAPI file served at
// /api/v1/openapi.json), /healthz, /readyz and /metrics.
//
// Everything is in the binary: templates and static files are embedded, no
// CDN is used, and every page works without JavaScript (the one script only
// improves: the live "new since you looked" count, the number style
// switch without a reload).
//
// Everything that comes from articles is untrusted. Templates escape it;
// bidirectional controls (U+202A–U+202E, U+2066–U+2069, LRM/RLM/ALM) are
// dropped from what pages show and escaped (\u202e) in JSON; snippets
// from the index are re-escaped around their <mark> tags; links to
// originals are kept only for http and https. Responses carry a strict
// Content-Security-Policy (no inline script or style) and the usual
// security headers.
//
// Changing state (sources, and the routes other files add with
// Server.Handle and AccessAdmin) needs the admin token, sent as
// "Authorization: Bearer TOKEN" to the API, or by logging in at /login for
// the forms (a cookie signed with a per-process key). Forms are protected
// against cross-site requests (http.CrossOriginProtection plus a
// double-submit token). Reading is open unless Options.Private is set.
//
// Limits: request bodies are capped at MaxBodyBytes, each request gets
// RequestTimeout, and searches are rate limited per client address
// (Options.SearchRate, Options.SearchBurst).
package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/marsad-news/marsad"
)

// Limits applied to every request.
const (
	// MaxBodyBytes is the largest request body accepted (forms and JSON).
	MaxBodyBytes = 64 << 10
	// RequestTimeout bounds the work of one request (its context ends).
	RequestTimeout = 15 * time.Second
)

// HealthSource reports crawl health per source; *sqlite.Store implements it.
type HealthSource interface {
	SourceHealth(ctx context.Context) ([]marsad.SourceHealth, error)
}

// Options configure a Server. Store and Search are required.
type Options struct {
	Store  marsad.Store
	Search marsad.Searcher
	// Health, when set, gives the sources page its crawl health.
	Health HealthSource
	// Discover, when set, turns a URL an operator adds into a Source
	// (feeds and sitemaps found); it must fetch through the fetch
	// package's address guard. When nil, sources are added as given.
	Discover func(ctx context.Context, url string) (*marsad.Source, error)
	// Registry receives the HTTP metrics and is served at /metrics (with
	// whatever else was registered on it, e.g. the crawler's). Nil: a new
	// registry.
	Registry *prometheus.Registry
	// AdminTokenHash is the SHA-256 of the admin token (see
	// LoadOrCreateAdminToken). Empty: nothing can be changed through the
	// web.
	AdminTokenHash []byte
	// Private closes read-only browsing: every page and API call then
	// needs the admin token too (health checks and static files aside).
	Private bool
	// SearchRate is the sustained number of searches per second allowed
	// per client address (default 5), SearchBurst the burst (default 20).
	SearchRate  float64
	SearchBurst int
	// SearchCache is the number of first result pages kept (default 256;
	// negative: no cache). An entry lives until the archive changes or
	// for a minute.
	SearchCache int
	// Ready reports whether the server can serve (/readyz); nil: the
	// store answers Stats.
	Ready func(ctx context.Context) error
	// Mount are called with the Server after the built-in routes are
	// registered, so that other files and packages add theirs with
	// Server.Handle (alerts, export).
	Mount  []func(*Server)
	Logger *slog.Logger
	// Now is the clock (tests); nil: time.Now.
	Now func() time.Time
}

// Access says who may call a route.
type Access int

// Access levels of routes.
const (
	// AccessRead routes are open to everyone unless Options.Private.
	AccessRead Access = iota
	// AccessAdmin routes need the admin token (or the login cookie).
	AccessAdmin
	// AccessOpen routes are always open (health, static files, login).
	AccessOpen
)

// Route is one registered route, as listed by Server.Routes.
type Route struct {
	// Method is the HTTP method ("GET", "POST", ...).
	Method string
	// Path is the net/http pattern path, e.g. "/api/v1/articles/{id}".
	Path   string
	Access Access
}

// Server is the web app and API. Build it with New; it is an http.Handler.
type Server struct {
	opts    Options
	mux     *http.ServeMux
	handler http.Handler
	routes  []Route
	log     *slog.Logger
	tmpl    *templates
	openapi *openAPIDoc
	limiter *rateLimiter
	cache   *searchCache
	// cookieKey signs the admin login cookie and CSRF tokens; it is new
	// for every process.
	cookieKey []byte
	metrics   *httpMetrics
	now       func() time.Time

	homeMu    sync.Mutex
	homeCache *homeCache

	namesMu sync.Mutex
	names   map[string]string
}

// New returns a Server with every route registered.
func New(opts Options) (*Server, error) {
	if opts.Store == nil || opts.Search == nil {
		return nil, errors.New("web: Options.Store and Options.Search are required")
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.SearchRate <= 0 {
		opts.SearchRate = 5
	}
	if opts.SearchBurst <= 0 {
		opts.SearchBurst = 20
	}
	s := &Server{opts: opts, mux: http.NewServeMux(), log: opts.Logger, now: opts.Now, names: map[string]string{}}
	if s.now == nil {
		s.now = time.Now
	}
	s.cookieKey = make([]byte, 32)
	if _, err := rand.Read(s.cookieKey); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	var err error
	if s.tmpl, err = parseTemplates(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if s.openapi, err = loadOpenAPI(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.limiter = newRateLimiter(opts.SearchRate, opts.SearchBurst, s.now)
	if opts.SearchCache == 0 {
		opts.SearchCache = 256
	}
	if opts.SearchCache > 0 {
		s.cache = newSearchCache(opts.SearchCache, s.now)
	}
	if s.metrics, err = newHTTPMetrics(opts.Registry); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.registerPages()
	s.registerAPI()
	s.Handle("GET /healthz", http.HandlerFunc(s.healthz), AccessOpen)
	s.Handle("GET /readyz", http.HandlerFunc(s.readyz), AccessOpen)
	s.Handle("GET /metrics", promhttp.HandlerFor(opts.Registry, promhttp.HandlerOpts{Registry: opts.Registry}), AccessOpen)
	for _, m := range opts.Mount {
		m(s)
	}
	s.mux.HandleFunc("/", s.notFound)
	s.handler = s.secure(s.mux)
	return s, nil
}

// Handle registers h for pattern ("METHOD /path", a net/http pattern
// with a method) with the given access. Routes under /api/v1/ must be
// documented in the OpenAPI file (a test checks it); other files of this
// package add theirs from a function passed in Options.Mount. Handlers
// under /api/ report errors with WriteError.
func (s *Server) Handle(pattern string, h http.Handler, access Access) {
	s.handle(pattern, h, access, false)
}

// HandleStream is Handle for routes that stream long responses (exports):
// they get neither RequestTimeout nor the server's write timeout, and must
// stop when r.Context() ends.
func (s *Server) HandleStream(pattern string, h http.Handler, access Access) {
	s.handle(pattern, h, access, true)
}

func (s *Server) handle(pattern string, h http.Handler, access Access, long bool) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		panic("web: Handle needs a \"METHOD /path\" pattern: " + pattern)
	}
	s.routes = append(s.routes, Route{Method: method, Path: path, Access: access})
	s.mux.Handle(pattern, s.wrap(pattern, h, access, long))
}

// Routes returns the registered routes, sorted by path then method.
func (s *Server) Routes() []Route {
	out := append([]Route(nil), s.routes...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// Store returns the archive the server reads (for routes added by Mount).
func (s *Server) Store() marsad.Store { return s.opts.Store }

// Searcher returns the search backend (for routes added by Mount).
func (s *Server) Searcher() marsad.Searcher { return s.opts.Search }

// Logger returns the server's logger.
func (s *Server) Logger() *slog.Logger { return s.log }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// HTTPServer returns an http.Server for addr with the server's timeouts.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       20 * time.Second,
		WriteTimeout:      RequestTimeout + 15*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	var err error
	if s.opts.Ready != nil {
		err = s.opts.Ready(ctx)
	} else {
		_, err = s.opts.Store.Stats(ctx)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "not ready")
		return
	}
	fmt.Fprintln(w, "ready")
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		WriteError(w, http.StatusNotFound, "not_found", "no such endpoint")
		return
	}
	s.pageError(w, r, http.StatusNotFound)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
