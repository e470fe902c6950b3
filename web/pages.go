package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/search"
)

func (s *Server) registerPages() {
	pg := func(pattern string, h http.HandlerFunc) { s.Handle(pattern, h, AccessRead) }
	pg("GET /{$}", s.pageHome)
	pg("GET /story/{id}", s.pageStory)
	pg("GET /article/{id}", s.pageArticle)
	pg("GET /article/{id}/raw", s.pageRaw)
	pg("GET /search", s.pageSearch)
	pg("GET /entity/{key}", s.pageEntity)
	pg("GET /sources", s.pageSources)
	s.Handle("POST /sources", http.HandlerFunc(s.formAddSource), AccessAdmin)
	s.Handle("POST /sources/remove", http.HandlerFunc(s.formRemoveSource), AccessAdmin)
	s.Handle("GET /login", http.HandlerFunc(s.pageLogin), AccessOpen)
	s.Handle("POST /login", http.HandlerFunc(s.formLogin), AccessOpen)
	s.Handle("POST /logout", http.HandlerFunc(s.formLogout), AccessOpen)
	s.Handle("GET /prefs", http.HandlerFunc(s.setPrefs), AccessOpen)
	s.Handle("GET /static/", staticHandler(), AccessOpen)
	s.Handle("GET /favicon.ico", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/icon.svg", http.StatusMovedPermanently)
	}), AccessOpen)
}

// fail renders the error page for a store error.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, marsad.ErrNotFound):
		s.pageError(w, r, http.StatusNotFound)
	case errors.Is(err, search.ErrInvalidQuery), errors.Is(err, errBadRequest):
		s.pageError(w, r, http.StatusBadRequest)
	case errors.Is(err, context.DeadlineExceeded):
		s.pageError(w, r, http.StatusServiceUnavailable)
	case errors.Is(err, context.Canceled):
	default:
		s.log.Error("page", "path", r.URL.Path, "err", err)
		s.pageError(w, r, http.StatusInternalServerError)
	}
}

// storyCard is one story on the home page.
type storyCard struct {
	marsad.Story
	Outlets  int
	Count    int
	Entities []cluster.EntityCoverage
}

type homeData struct {
	Stories []storyCard
	Latest  []marsad.ArticleRef
	New     NewCount
	Seen    int64
	Stats   marsad.StoreStats
}

// homeCache keeps the story cards of the home page until the archive
// changes (LastSeq moves).
type homeCache struct {
	seq   int64
	cards []storyCard
}

// homeStories is the number of stories on the home page.
const homeStories = 20

// seenCookie remembers the LastSeq of the reader's last visit.
const seenCookie = "marsad_seen"

func (s *Server) pageHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	stats, err := s.opts.Store.Stats(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := homeData{Stats: stats}
	if c, err := r.Cookie(seenCookie); err == nil {
		d.Seen, _ = strconv.ParseInt(c.Value, 10, 64)
	}
	if d.Seen > 0 {
		if d.New, err = s.newSince(ctx, d.Seen); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	d.New.LastSeq = stats.LastSeq
	http.SetCookie(w, &http.Cookie{Name: seenCookie, Value: strconv.FormatInt(stats.LastSeq, 10), Path: "/",
		MaxAge: 365 * 24 * 3600, HttpOnly: false, SameSite: http.SameSiteLaxMode})
	if d.Stories, err = s.storyCards(ctx, stats.LastSeq); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Latest, err = s.latest(ctx, stats.LastSeq); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", "", d)
}

// homeLatest is the number of latest stored articles on the home page.
const homeLatest = 10

// latest returns the articles stored last, newest first: the tail of the
// store's change log (cheap, unlike a search, which would count facets
// over the whole archive).
func (s *Server) latest(ctx context.Context, lastSeq int64) ([]marsad.ArticleRef, error) {
	ch, err := s.opts.Store.Changes(ctx, max(0, lastSeq-3*homeLatest), 3*homeLatest)
	if err != nil {
		return nil, err
	}
	var out []marsad.ArticleRef
	for i := len(ch) - 1; i >= 0 && len(out) < homeLatest; i-- {
		a := ch[i].Article
		if ch[i].Deleted || a == nil {
			continue
		}
		out = append(out, marsad.ArticleRef{ID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, Published: a.Published})
	}
	return out, nil
}

// storyCards builds the home page's stories, cached per LastSeq.
func (s *Server) storyCards(ctx context.Context, seq int64) ([]storyCard, error) {
	s.homeMu.Lock()
	c := s.homeCache
	s.homeMu.Unlock()
	if c != nil && c.seq == seq {
		return c.cards, nil
	}
	list, err := s.opts.Store.Stories(ctx, homeStories)
	if err != nil {
		return nil, err
	}
	cards := make([]storyCard, 0, len(list))
	for _, st := range list {
		full, err := s.opts.Store.Story(ctx, st.ID)
		if errors.Is(err, marsad.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		card := storyCard{Story: *full, Count: len(full.Articles)}
		outlets := map[string]bool{}
		var arts []*marsad.Article
		for _, m := range full.Articles {
			outlets[m.Source] = true
			if len(arts) < 8 && m.DuplicateOf == "" {
				a, err := s.opts.Store.Article(ctx, m.ID)
				if err == nil {
					arts = append(arts, a)
				}
			}
		}
		card.Outlets = len(outlets)
		cmp := cluster.Compare(arts)
		if card.Title == "" {
			card.Title = cmp.Title
		}
		card.Entities = cmp.Entities[:min(5, len(cmp.Entities))]
		cards = append(cards, card)
	}
	s.homeMu.Lock()
	s.homeCache = &homeCache{seq: seq, cards: cards}
	s.homeMu.Unlock()
	return cards, nil
}

// storyPage is the story page's content.
type storyPage struct {
	*StoryDetail
	// Articles by ID, for leads.
	Articles map[string]*marsad.Article
	// Columns are the outlets side by side, with their articles.
	Columns []storyColumn
}

type storyColumn struct {
	Source   string
	Copies   int
	Quoted   []string
	Articles []storyItem
}

type storyItem struct {
	marsad.StoryArticle
	Lead string
}

func (s *Server) pageStory(w http.ResponseWriter, r *http.Request) {
	d, arts, err := s.storyDetail(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byID := map[string]*marsad.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	sp := storyPage{StoryDetail: d, Articles: byID}
	for _, o := range d.Comparison.Outlets {
		col := storyColumn{Source: o.Source, Copies: o.Copies, Quoted: o.Quoted}
		for _, a := range o.Articles {
			it := storyItem{StoryArticle: a}
			if full := byID[a.ID]; full != nil {
				it.Lead = lead(full.Text, 280)
			}
			col.Articles = append(col.Articles, it)
		}
		sp.Columns = append(sp.Columns, col)
	}
	title := d.Story.Title
	if title == "" {
		title = d.Comparison.Title
	}
	s.render(w, r, http.StatusOK, "story", title, sp)
}

type articlePage struct {
	Article  *marsad.Article
	Story    *marsad.Story
	Others   []marsad.StoryArticle
	Raw      *marsad.RawPage
	Speakers map[string]string
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := s.opts.Store.Article(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := articlePage{Article: a}
	if st, err := s.opts.Store.StoryOf(ctx, a.ID); err == nil {
		d.Story = st
		for _, m := range st.Articles {
			if m.ID != a.ID && len(d.Others) < 30 {
				d.Others = append(d.Others, m)
			}
		}
	} else if !errors.Is(err, marsad.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	if raw, err := s.opts.Store.RawPage(ctx, a.ID); err == nil {
		raw.Body = nil
		d.Raw = raw
	} else if !errors.Is(err, marsad.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	d.Speakers = speakerKeys(a)
	s.render(w, r, http.StatusOK, "article", a.Title, d)
}

// speakerKeys maps quote speakers to the entity key naming them in a.
func speakerKeys(a *marsad.Article) map[string]string {
	m := map[string]string{}
	for _, q := range a.Quotes {
		for _, e := range a.Entities {
			if e.Name == q.Speaker {
				m[q.Speaker] = e.Key
				break
			}
			for _, mm := range e.Mentions {
				if mm.Text == q.Speaker {
					m[q.Speaker] = e.Key
				}
			}
		}
	}
	return m
}

// pageRaw serves the archived copy of the page as plain text, in a
// sandbox: it is the page as fetched, never rendered as HTML here.
func (s *Server) pageRaw(w http.ResponseWriter, r *http.Request) {
	raw, err := s.opts.Store.RawPage(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	if len(raw.Body) == 0 {
		w.Write([]byte("The page is archived in a WARC file: " + raw.WARCFile + " at offset " + strconv.FormatInt(raw.WARCOffset, 10) + "\n"))
		return
	}
	w.Write(raw.Body)
}

type searchPage struct {
	Query   marsad.Query
	Results *marsad.SearchResults
	// Next is the URL of the next page.
	Next string
	// Facets in display order with a link each.
	Facets []facetGroup
	Active []activeFilter
	Error  string
}

type facetGroup struct {
	Name   string
	Values []facetLink
}

type facetLink struct {
	marsad.FacetValue
	// Label is what the page shows: the registry's display name for an
	// entity key, the value itself otherwise.
	Label  string
	URL    string
	Active bool
}

type activeFilter struct {
	Name, Value, Remove string
}

var facetParams = map[string]string{marsad.FacetSource: "source", marsad.FacetCategory: "category", marsad.FacetEntity: "entity"}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	d := searchPage{}
	q, err := queryFrom(v)
	d.Query = q
	p := prefsOf(r)
	if err != nil {
		d.Error = p.T("err_bad_request")
		s.render(w, r, http.StatusBadRequest, "search", p.T("search"), d)
		return
	}
	if q.Text == "" && len(q.Sources)+len(q.Categories)+len(q.Entities) == 0 && q.From == "" && q.To == "" {
		s.render(w, r, http.StatusOK, "search", p.T("search"), d)
		return
	}
	if !s.limitSearch(w, r) {
		return
	}
	res, err := s.search(r.Context(), q)
	if errors.Is(err, search.ErrInvalidQuery) {
		d.Error = p.T("err_bad_query")
		s.render(w, r, http.StatusBadRequest, "search", p.T("search"), d)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Results = res
	if res.NextCursor != "" {
		nv := cloneValues(v)
		nv.Set("cursor", res.NextCursor)
		d.Next = "/search?" + nv.Encode()
	}
	for _, name := range []string{marsad.FacetSource, marsad.FacetCategory, marsad.FacetEntity} {
		param := facetParams[name]
		g := facetGroup{Name: name}
		for _, fv := range res.Facets[name] {
			nv := cloneValues(v)
			nv.Del("cursor")
			active := contains(v[param], fv.Value)
			if !active {
				nv.Add(param, fv.Value)
			}
			label := fv.Value
			if name == marsad.FacetEntity {
				label = s.entityName(r.Context(), fv.Value)
			}
			g.Values = append(g.Values, facetLink{FacetValue: fv, Label: label, URL: "/search?" + nv.Encode(), Active: active})
		}
		if len(g.Values) > 0 {
			d.Facets = append(d.Facets, g)
		}
		for _, val := range v[param] {
			nv := cloneValues(v)
			nv.Del("cursor")
			nv[param] = remove(nv[param], val)
			d.Active = append(d.Active, activeFilter{Name: name, Value: val, Remove: "/search?" + nv.Encode()})
		}
	}
	title := p.T("search")
	if q.Text != "" {
		title = q.Text + " — " + title
	}
	s.render(w, r, http.StatusOK, "search", title, d)
}

// maxEntityNames bounds the cache of entity display names.
const maxEntityNames = 10000

// entityName returns the registry's display name of an entity key (the key
// itself when unknown), cached: facets show up to ten per search page.
func (s *Server) entityName(ctx context.Context, key string) string {
	s.namesMu.Lock()
	name, ok := s.names[key]
	s.namesMu.Unlock()
	if ok {
		return name
	}
	name = key
	e, err := s.opts.Store.Entity(ctx, key)
	if err == nil && e.Name != "" {
		name = e.Name
	} else if err != nil && !errors.Is(err, marsad.ErrNotFound) {
		return key // not cached: try again next time
	}
	s.namesMu.Lock()
	if len(s.names) >= maxEntityNames {
		clear(s.names)
	}
	s.names[key] = name
	s.namesMu.Unlock()
	return name
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func remove(xs []string, x string) []string {
	var out []string
	for _, y := range xs {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}

type entityPage struct {
	Entity   *marsad.RegistryEntity
	Articles []marsad.ArticleRef
	Days     []dayCount
	Quotes   []entityQuote
	// Total is the number of articles read for the chart.
	Total int
}

// entityQuote is one statement of the entity, as an outlet reported it.
type entityQuote struct {
	marsad.Quote
	Article marsad.ArticleRef
}

// Bounds of the entity page's work.
const (
	// entityChartArticles is the number of most recent articles whose
	// dates make the mentions chart.
	entityChartArticles = 2000
	// entityQuoteArticles is the number of most recent articles read for
	// the entity's quotes.
	entityQuoteArticles = 40
	// entityQuotes is the number of statements shown.
	entityQuotes = 30
)

func (s *Server) pageEntity(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	key := r.PathValue("key")
	e, err := s.opts.Store.Entity(ctx, key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	refs, err := s.opts.Store.ArticlesByEntity(ctx, e.Key, entityChartArticles)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := entityPage{Entity: e, Total: len(refs), Days: perDay(refs)}
	d.Articles = refs[:min(20, len(refs))]
	names := map[string]bool{}
	for _, n := range append([]string{e.Name}, e.Aliases...) {
		names[search.FoldKeyword(n)] = true
	}
	keys := map[string]bool{}
	for _, k := range e.Keys {
		keys[k] = true
	}
	for _, ref := range refs[:min(entityQuoteArticles, len(refs))] {
		a, err := s.opts.Store.Article(ctx, ref.ID)
		if err != nil {
			continue
		}
		speakers := map[string]bool{}
		for _, ent := range a.Entities {
			if keys[ent.Key] {
				speakers[search.FoldKeyword(ent.Name)] = true
				for _, m := range ent.Mentions {
					speakers[search.FoldKeyword(m.Text)] = true
				}
			}
		}
		for _, q := range a.Quotes {
			f := search.FoldKeyword(q.Speaker)
			if len(d.Quotes) < entityQuotes && (names[f] || speakers[f]) {
				d.Quotes = append(d.Quotes, entityQuote{Quote: q, Article: ref})
			}
		}
	}
	s.render(w, r, http.StatusOK, "entity", e.Name, d)
}

// dayCount is the number of articles of one day.
type dayCount struct {
	Day   time.Time
	Count int
}

// perDay counts articles per publication day, oldest first, over at most
// the last chartDays days that have articles.
func perDay(refs []marsad.ArticleRef) []dayCount {
	counts := map[time.Time]int{}
	for _, r := range refs {
		if len(r.Published) < 10 {
			continue
		}
		t, err := time.Parse("2006-01-02", r.Published[:10])
		if err != nil {
			continue
		}
		counts[t]++
	}
	if len(counts) == 0 {
		return nil
	}
	var last time.Time
	for t := range counts {
		if t.After(last) {
			last = t
		}
	}
	first := last
	for t := range counts {
		if t.Before(first) && last.Sub(t) < chartDays*24*time.Hour {
			first = t
		}
	}
	var out []dayCount
	for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
		out = append(out, dayCount{Day: t, Count: counts[t]})
	}
	return out
}

// chartDays is the longest span the mentions chart shows.
const chartDays = 90

type sourcesPage struct {
	Sources []sourceRow
	Added   string
	Err     string
}

type sourceRow struct {
	SourceStatus
	// PerDay is the average number of articles per day over the last
	// week; -1 when unknown.
	PerDay float64
	Week   int
}

// sourcesRateLimit bounds the per-source article counts (one search each).
const sourcesRateLimit = 60

func (s *Server) pageSources(w http.ResponseWriter, r *http.Request) {
	d, err := s.sourcesData(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Added = r.URL.Query().Get("added")
	p := prefsOf(r)
	s.render(w, r, http.StatusOK, "sources", p.T("sources"), d)
}

func (s *Server) sourcesData(ctx context.Context) (*sourcesPage, error) {
	list, err := s.sourceStatuses(ctx)
	if err != nil {
		return nil, err
	}
	d := &sourcesPage{}
	from := s.now().UTC().AddDate(0, 0, -7).Format("2006-01-02")
	for i, st := range list {
		row := sourceRow{SourceStatus: st, PerDay: -1}
		if i < sourcesRateLimit {
			res, err := s.opts.Search.Search(ctx, marsad.Query{Sources: []string{st.ID, st.Name}, From: from, Limit: 1, Sort: marsad.SortNew})
			if err == nil {
				row.Week = res.Total
				row.PerDay = float64(res.Total) / 7
			}
		}
		d.Sources = append(d.Sources, row)
	}
	return d, nil
}

func (s *Server) formAddSource(w http.ResponseWriter, r *http.Request) {
	req := SourceRequest{URL: r.PostFormValue("url"), Name: r.PostFormValue("name"),
		Language: r.PostFormValue("language"), Country: r.PostFormValue("country"), Category: r.PostFormValue("category")}
	src, err := s.addSource(r.Context(), req)
	if err != nil {
		p := prefsOf(r)
		d, derr := s.sourcesData(r.Context())
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		status := http.StatusBadRequest
		d.Err = p.T("err_bad_source")
		if errors.Is(err, errDiscovery) {
			status = http.StatusUnprocessableEntity
			d.Err = p.T("err_discovery")
		} else if !errors.Is(err, errBadRequest) {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, status, "sources", p.T("sources"), d)
		return
	}
	http.Redirect(w, r, "/sources?added="+url.QueryEscape(src.ID), http.StatusSeeOther)
}

func (s *Server) formRemoveSource(w http.ResponseWriter, r *http.Request) {
	if err := s.opts.Store.DeleteSource(r.Context(), r.PostFormValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/sources", http.StatusSeeOther)
}

type loginData struct {
	Next    string
	Failed  bool
	Enabled bool
}

func (s *Server) pageLogin(w http.ResponseWriter, r *http.Request) {
	p := prefsOf(r)
	s.render(w, r, http.StatusOK, "login", p.T("login"), loginData{Next: localPath(r.URL.Query().Get("next")), Enabled: len(s.opts.AdminTokenHash) > 0})
}

func (s *Server) formLogin(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.PostFormValue("next"))
	if !s.checkToken(strings.TrimSpace(r.PostFormValue("token"))) {
		p := prefsOf(r)
		s.render(w, r, http.StatusUnauthorized, "login", p.T("login"), loginData{Next: next, Failed: true, Enabled: len(s.opts.AdminTokenHash) > 0})
		return
	}
	s.setAdminCookie(w, r)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) formLogout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: adminCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// localPath keeps only same-site paths for redirects ("/..." but not
// "//host" or "/\host").
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	return p
}

// setPrefs stores the UI language or digit style and goes back.
func (s *Server) setPrefs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	year := 365 * 24 * 3600
	if l := q.Get("lang"); l == "ar" || l == "en" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: year, SameSite: http.SameSiteLaxMode})
		// The digits follow the language unless chosen.
		http.SetCookie(w, &http.Cookie{Name: numCookie, Value: "", Path: "/", MaxAge: -1})
	}
	if n := q.Get("num"); n == "arab" || n == "latn" {
		http.SetCookie(w, &http.Cookie{Name: numCookie, Value: n, Path: "/", MaxAge: year, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, localPath(q.Get("next")), http.StatusSeeOther)
}
