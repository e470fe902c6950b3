package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/search"
)

// API paging.
const (
	// DefaultPage is the page size of list endpoints when limit is not given.
	DefaultPage = 20
	// MaxPage caps the limit parameter of list endpoints.
	MaxPage = 100
	// MaxListDepth is how deep offset-paged lists (stories, an entity's
	// articles) go.
	MaxListDepth = 5000
)

// APIError is the body of every API error response.
type APIError struct {
	// Code is a stable machine-readable reason, e.g. "not_found".
	Code string `json:"code"`
	// Message explains it to a person.
	Message string `json:"message"`
}

// WriteError writes an API error as JSON {code, message} with status.
func WriteError(w http.ResponseWriter, status int, code, message string) {
	writeJSONStatus(w, status, APIError{Code: code, Message: message})
}

// WriteJSON writes v as JSON with status 200. Bidirectional controls in
// strings are written as \u escapes, so that no response carries one
// raw (the values are unchanged for a JSON parser).
func WriteJSON(w http.ResponseWriter, v any) {
	writeJSONStatus(w, http.StatusOK, v)
}

func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"code":"internal","message":"encoding the response failed"}`)
	}
	b = escapeBidi(b)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte{'\n'})
}

// isBidiControl reports the characters that can reorder displayed text.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200E || r == 0x200F || r == 0x061C
}

// escapeBidi rewrites bidi controls in JSON text as \uXXXX escapes. They
// can only occur inside JSON strings, where the escape means the same.
func escapeBidi(b []byte) []byte {
	if !bytes.ContainsAny(b, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c") {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if isBidiControl(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

func (s *Server) registerAPI() {
	api := func(pattern string, h http.HandlerFunc) { s.Handle(pattern, h, AccessRead) }
	api("GET /api/v1/openapi.json", s.apiOpenAPI)
	api("GET /api/v1/articles/{id}", s.apiArticle)
	api("GET /api/v1/articles/{id}/revisions", s.apiRevisions)
	api("GET /api/v1/articles/{id}/story", s.apiArticleStory)
	api("GET /api/v1/stories", s.apiStories)
	api("GET /api/v1/stories/{id}", s.apiStory)
	api("GET /api/v1/search", s.apiSearch)
	api("GET /api/v1/entities", s.apiEntities)
	api("GET /api/v1/entities/{key}", s.apiEntity)
	api("GET /api/v1/entities/{key}/articles", s.apiEntityArticles)
	api("GET /api/v1/sources", s.apiSources)
	api("GET /api/v1/stats", s.apiStats)
	api("GET /api/v1/new", s.apiNew)
	s.Handle("POST /api/v1/sources", http.HandlerFunc(s.apiAddSource), AccessAdmin)
	s.Handle("DELETE /api/v1/sources/{id...}", http.HandlerFunc(s.apiRemoveSource), AccessAdmin)
}

// apiFail maps a store or search error to a response.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, marsad.ErrNotFound):
		WriteError(w, http.StatusNotFound, "not_found", "not found")
	case errors.Is(err, search.ErrInvalidQuery), errors.Is(err, errBadRequest):
		WriteError(w, http.StatusBadRequest, "bad_request", err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		WriteError(w, http.StatusServiceUnavailable, "timeout", "the request took too long")
	case errors.Is(err, context.Canceled):
		// The client left.
	default:
		s.log.Error("api", "path", r.URL.Path, "err", err)
		WriteError(w, http.StatusInternalServerError, "internal", "internal error")
	}
}

// errBadRequest marks invalid parameters.
var errBadRequest = errors.New("bad request")

func badRequestf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBadRequest, fmt.Sprintf(format, args...))
}

// pageParams reads limit and an offset cursor.
func pageParams(r *http.Request) (offset, limit int, err error) {
	limit = DefaultPage
	if v := r.URL.Query().Get("limit"); v != "" {
		limit, err = strconv.Atoi(v)
		if err != nil || limit <= 0 {
			return 0, 0, badRequestf("limit must be a positive number")
		}
		limit = min(limit, MaxPage)
	}
	if c := r.URL.Query().Get("cursor"); c != "" {
		offset, err = decodeCursor(c)
		if err != nil {
			return 0, 0, err
		}
	}
	return offset, limit, nil
}

// encodeCursor makes the opaque cursor of an offset.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o" + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) < 2 || b[0] != 'o' {
		return 0, badRequestf("invalid cursor")
	}
	n, err := strconv.Atoi(string(b[1:]))
	if err != nil || n < 0 || n > MaxListDepth {
		return 0, badRequestf("invalid cursor")
	}
	return n, nil
}

// pageOf cuts one page from a list fetched with limit offset+limit+1.
func pageOf[T any](all []T, offset, limit int) ([]T, string) {
	if offset >= len(all) {
		return []T{}, ""
	}
	end := min(len(all), offset+limit)
	next := ""
	if len(all) > end && end < MaxListDepth {
		next = encodeCursor(end)
	}
	return all[offset:end], next
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(s.openapi.json)
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.opts.Store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	WriteJSON(w, a)
}

// RevisionInfo is one revision as the API lists it (without the text).
type RevisionInfo struct {
	Number int    `json:"number"`
	Seq    int64  `json:"seq"`
	Stored string `json:"stored"`
	Hash   string `json:"hash"`
	Title  string `json:"title"`
}

func (s *Server) apiRevisions(w http.ResponseWriter, r *http.Request) {
	revs, err := s.opts.Store.Revisions(r.Context(), r.PathValue("id"))
	if err == nil && len(revs) == 0 {
		err = marsad.ErrNotFound
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]RevisionInfo, len(revs))
	for i, v := range revs {
		out[i] = RevisionInfo{Number: v.Number, Seq: v.Seq, Stored: v.Stored.UTC().Format("2006-01-02T15:04:05Z"), Hash: v.Hash}
		if v.Article != nil {
			out[i].Title = v.Article.Title
		}
	}
	WriteJSON(w, map[string]any{"revisions": out})
}

func (s *Server) apiArticleStory(w http.ResponseWriter, r *http.Request) {
	st, err := s.opts.Store.StoryOf(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	WriteJSON(w, st)
}

func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) {
	offset, limit, err := pageParams(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	list, err := s.opts.Store.Stories(r.Context(), offset+limit+1)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	page, next := pageOf(list, offset, limit)
	for i := range page {
		if page[i].Articles == nil {
			page[i].Articles = []marsad.StoryArticle{}
		}
	}
	WriteJSON(w, map[string]any{"stories": page, "next_cursor": next})
}

// StoryDetail is a story with its coverage comparison (the shape of
// `marsad story --json`).
type StoryDetail struct {
	Story      *marsad.Story      `json:"story"`
	Comparison cluster.Comparison `json:"comparison"`
}

// storyDetail loads a story with its articles and compares them.
func (s *Server) storyDetail(ctx context.Context, id string) (*StoryDetail, []*marsad.Article, error) {
	st, err := s.opts.Store.Story(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	arts := make([]*marsad.Article, 0, len(st.Articles))
	for i, m := range st.Articles {
		if i == maxStoryArticles {
			break
		}
		a, err := s.opts.Store.Article(ctx, m.ID)
		if errors.Is(err, marsad.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if m.DuplicateOf != "" {
			if a.Meta == nil {
				a.Meta = map[string]string{}
			}
			a.Meta["duplicate_of"] = m.DuplicateOf
		}
		arts = append(arts, a)
	}
	return &StoryDetail{Story: st, Comparison: cluster.Compare(arts)}, arts, nil
}

// maxStoryArticles is the number of a story's articles read to compare
// coverage (a story has at most 1000).
const maxStoryArticles = 200

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) {
	d, _, err := s.storyDetail(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	WriteJSON(w, d)
}

// queryFrom reads a search query from URL parameters: q, from, to,
// source, category, lang, entity (repeatable), sort, limit, cursor.
func queryFrom(v url.Values) (marsad.Query, error) {
	q := marsad.Query{
		Text: strings.TrimSpace(v.Get("q")), From: v.Get("from"), To: v.Get("to"),
		Sources: nonEmpty(v["source"]), Categories: nonEmpty(v["category"]),
		Languages: nonEmpty(v["lang"]), Entities: nonEmpty(v["entity"]),
		Sort: v.Get("sort"), Cursor: v.Get("cursor"),
	}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n <= 0 {
			return q, badRequestf("limit must be a positive number")
		}
		q.Limit = min(n, search.MaxLimit)
	}
	for _, d := range []string{q.From, q.To} {
		if d != "" && !isDay(d) {
			return q, badRequestf("dates are YYYY-MM-DD")
		}
	}
	return q, nil
}

func isDay(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func nonEmpty(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	if !s.limitSearch(w, r) {
		return
	}
	q, err := queryFrom(r.URL.Query())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	res, err := s.search(r.Context(), q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if res.Results == nil {
		cp := *res
		cp.Results = []marsad.SearchHit{}
		res = &cp
	}
	WriteJSON(w, res)
}

func (s *Server) apiEntities(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.URL.Query().Get("name"))
	if name == "" {
		s.apiFail(w, r, badRequestf("the name parameter is required"))
		return
	}
	_, limit, err := pageParams(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	list, err := s.opts.Store.FindEntities(r.Context(), name, limit)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if list == nil {
		list = []marsad.RegistryEntity{}
	}
	WriteJSON(w, map[string]any{"entities": list})
}

func (s *Server) apiEntity(w http.ResponseWriter, r *http.Request) {
	e, err := s.opts.Store.Entity(r.Context(), r.PathValue("key"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	WriteJSON(w, e)
}

func (s *Server) apiEntityArticles(w http.ResponseWriter, r *http.Request) {
	offset, limit, err := pageParams(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	key := r.PathValue("key")
	if _, err := s.opts.Store.Entity(r.Context(), key); err != nil {
		s.apiFail(w, r, err)
		return
	}
	list, err := s.opts.Store.ArticlesByEntity(r.Context(), key, offset+limit+1)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	page, next := pageOf(list, offset, limit)
	WriteJSON(w, map[string]any{"articles": page, "next_cursor": next})
}

// SourceStatus is a source with its crawl health, as /api/v1/sources
// lists it.
type SourceStatus struct {
	marsad.Source
	Health *marsad.SourceHealth `json:"health,omitempty"`
}

func (s *Server) sourceStatuses(ctx context.Context) ([]SourceStatus, error) {
	srcs, err := s.opts.Store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[string]*marsad.SourceHealth{}
	if s.opts.Health != nil {
		hs, err := s.opts.Health.SourceHealth(ctx)
		if err != nil {
			return nil, err
		}
		for i := range hs {
			byID[hs[i].SourceID] = &hs[i]
		}
	}
	out := make([]SourceStatus, len(srcs))
	for i, src := range srcs {
		out[i] = SourceStatus{Source: src, Health: byID[src.ID]}
	}
	return out, nil
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) {
	list, err := s.sourceStatuses(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	WriteJSON(w, map[string]any{"sources": list})
}

// SourceRequest is the body of POST /api/v1/sources.
type SourceRequest struct {
	URL      string `json:"url"`
	Name     string `json:"name,omitempty"`
	Language string `json:"language,omitempty"`
	Country  string `json:"country,omitempty"`
	Category string `json:"category,omitempty"`
}

func (s *Server) apiAddSource(w http.ResponseWriter, r *http.Request) {
	var req SourceRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			WriteError(w, http.StatusRequestEntityTooLarge, "too_large", "request body too large")
			return
		}
		WriteError(w, http.StatusBadRequest, "bad_request", "the body must be JSON {url, name, language, country, category}")
		return
	}
	src, err := s.addSource(r.Context(), req)
	if err != nil {
		if errors.Is(err, errBadRequest) {
			WriteError(w, http.StatusBadRequest, "bad_request", err.Error())
			return
		}
		if errors.Is(err, errDiscovery) {
			WriteError(w, http.StatusUnprocessableEntity, "discovery_failed", err.Error())
			return
		}
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/sources")
	writeJSONStatus(w, http.StatusCreated, src)
}

// errDiscovery marks a source whose site could not be read.
var errDiscovery = errors.New("discovery failed")

// addSource checks the URL, discovers the site's feeds (through
// Options.Discover) and stores the source.
func (s *Server) addSource(ctx context.Context, req SourceRequest) (*marsad.Source, error) {
	raw := strings.TrimSpace(req.URL)
	if raw != "" && !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > 2048 {
		return nil, badRequestf("url must be an http or https address")
	}
	src := &marsad.Source{HomeURL: u.String()}
	if s.opts.Discover != nil {
		found, err := s.opts.Discover(ctx, src.HomeURL)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errDiscovery, err)
		}
		src = found
	}
	for _, f := range []struct {
		dst *string
		v   string
		max int
	}{{&src.Name, req.Name, 200}, {&src.Language, req.Language, 16}, {&src.Country, req.Country, 8}, {&src.Category, req.Category, 100}} {
		v := strings.TrimSpace(f.v)
		if utf8.RuneCountInString(v) > f.max {
			return nil, badRequestf("a field is too long")
		}
		if v != "" {
			*f.dst = v
		}
	}
	if src.Added.IsZero() {
		src.Added = s.now().UTC()
	}
	if err := s.opts.Store.PutSource(ctx, src); err != nil {
		return nil, err
	}
	return src, nil
}

func (s *Server) apiRemoveSource(w http.ResponseWriter, r *http.Request) {
	if err := s.opts.Store.DeleteSource(r.Context(), r.PathValue("id")); err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	st, err := s.opts.Store.Stats(r.Context())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	WriteJSON(w, st)
}

// NewCount is the answer of /api/v1/new.
type NewCount struct {
	Since   int64 `json:"since"`
	LastSeq int64 `json:"last_seq"`
	// Count is the number of articles stored or revised after Since, at
	// most MaxNewCount; More is set when there are more.
	Count int  `json:"count"`
	More  bool `json:"more"`
}

// MaxNewCount caps the "new since you looked" count.
const MaxNewCount = 99

// newSince counts changes after since.
func (s *Server) newSince(ctx context.Context, since int64) (NewCount, error) {
	st, err := s.opts.Store.Stats(ctx)
	if err != nil {
		return NewCount{}, err
	}
	nc := NewCount{Since: since, LastSeq: st.LastSeq}
	if since <= 0 || since >= st.LastSeq {
		return nc, nil
	}
	ch, err := s.opts.Store.Changes(ctx, since, MaxNewCount+1)
	if err != nil {
		return NewCount{}, err
	}
	for _, c := range ch {
		if !c.Deleted {
			nc.Count++
		}
	}
	if nc.Count > MaxNewCount {
		nc.Count, nc.More = MaxNewCount, true
	}
	return nc, nil
}

func (s *Server) apiNew(w http.ResponseWriter, r *http.Request) {
	since, err := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
	if err != nil || since < 0 {
		s.apiFail(w, r, badRequestf("since must be a sequence number (last_seq of /api/v1/stats)"))
		return
	}
	nc, err := s.newSince(r.Context(), since)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	WriteJSON(w, nc)
}
