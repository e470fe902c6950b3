package web

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/marsad-news/marsad/arabic"
	"github.com/marsad-news/marsad/search"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// templates holds one parsed template set per page.
type templates struct {
	pages map[string]*template.Template
}

// pageNames are the templates/*.html files that are pages (the others,
// layout.html, define shared blocks).
var pageNames = []string{"home", "story", "article", "search", "entity", "sources", "login", "error"}

func parseTemplates() (*templates, error) {
	funcs := template.FuncMap{
		"d":         arabic.Display,
		"safeURL":   safeURL,
		"snippet":   snippetHTML,
		"reader":    readerHTML,
		"chart":     mentionsChart,
		"entityURL": func(key string) string { return "/entity/" + url.PathEscape(key) },
		"add":       func(a, b int) int { return a + b },
		"lead":      lead,
		"join":      func(sep string, xs []string) string { return strings.Join(xs, sep) },
		"hostOf":    hostOf,
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		c, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := c.ParseFS(templateFiles, "templates/"+name+".html"); err != nil {
			return nil, err
		}
		t.pages[name] = c
	}
	return t, nil
}

// page is what every page template gets.
type page struct {
	P     *prefs
	Title string
	// CSRF is the token forms send back.
	CSRF string
	// Admin reports a logged-in operator.
	Admin bool
	// Here is the current request URI (for the language switch).
	Here string
	Data any
}

// render executes a page template into a buffer first, so that a failing
// template gives a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	p := &page{P: prefsOf(r), Title: title, CSRF: s.csrfToken(w, r), Admin: s.isAdmin(r), Here: r.URL.RequestURI(), Data: data}
	var buf bytes.Buffer
	if err := s.tmpl.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("rendering a page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Language", p.P.Lang)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorData is the error page's content.
type errorData struct {
	Status  int
	Message string
}

func (s *Server) pageError(w http.ResponseWriter, r *http.Request, status int) {
	key := map[int]string{404: "not_found", 400: "bad_request", 401: "need_admin", 403: "forbidden", 429: "rate_limited", 503: "unavailable"}[status]
	if key == "" {
		key = "internal"
	}
	s.pageErrorMsg(w, r, status, key)
}

func (s *Server) pageErrorMsg(w http.ResponseWriter, r *http.Request, status int, key string) {
	p := prefsOf(r)
	s.render(w, r, status, "error", p.T("error"), errorData{Status: status, Message: p.T("err_" + key)})
}

// safeURL returns u when it is an absolute http or https URL, else "".
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(p.Hostname(), "www.")
}

// snippetHTML rebuilds a search snippet: the index gives HTML-escaped text
// with <mark>…</mark>; every part between the marks is unescaped, cleaned
// of bidi controls and escaped again, so that only the marks can be markup
// whatever the snippet holds.
func snippetHTML(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, search.MarkOpen) {
		if i == 0 {
			b.WriteString(html.EscapeString(arabic.Display(html.UnescapeString(part))))
			continue
		}
		marked, rest, closed := strings.Cut(part, search.MarkClose)
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(arabic.Display(html.UnescapeString(marked))))
		b.WriteString("</mark>")
		if closed {
			b.WriteString(html.EscapeString(arabic.Display(html.UnescapeString(rest))))
		}
	}
	return template.HTML(b.String())
}

// lead returns the first n runes of the first paragraph of text.
func lead(text string, n int) string {
	p, _, _ := strings.Cut(text, "\n\n")
	r := []rune(p)
	if len(r) <= n {
		return p
	}
	cut := n
	for cut > n-40 && cut > 0 && r[cut] != ' ' {
		cut--
	}
	return string(r[:cut]) + "…"
}

// Preferences, kept in cookies.
const (
	langCookie = "marsad_lang"
	numCookie  = "marsad_num"
)

// prefs are the reader's choices: the UI language and the digits.
type prefs struct {
	// Lang is "ar" or "en".
	Lang string
	// Num is "arab" (Arabic-Indic digits) or "latn".
	Num string
}

func prefsOf(r *http.Request) *prefs {
	p := &prefs{Lang: "ar"}
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		p.Lang = "en"
	}
	p.Num = "arab"
	if p.Lang == "en" {
		p.Num = "latn"
	}
	if c, err := r.Cookie(numCookie); err == nil && (c.Value == "arab" || c.Value == "latn") {
		p.Num = c.Value
	}
	return p
}

// Dir is the text direction of the UI.
func (p *prefs) Dir() string {
	if p.Lang == "en" {
		return "ltr"
	}
	return "rtl"
}

// OtherLang is the language the switch offers.
func (p *prefs) OtherLang() string {
	if p.Lang == "en" {
		return "ar"
	}
	return "en"
}

// OtherNum is the digit style the switch offers.
func (p *prefs) OtherNum() string {
	if p.Num == "arab" {
		return "latn"
	}
	return "arab"
}

// T translates a message key; unknown keys come back as they are.
func (p *prefs) T(key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if p.Lang == "en" {
		return m[1]
	}
	return m[0]
}

// Digits writes the ASCII digits of s in the preferred style.
func (p *prefs) Digits(s string) string {
	if p.Num != "arab" {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '٠' + (r - '0')
		}
		return r
	}, s)
}

// N formats an integer with the preferred digits.
func (p *prefs) N(n any) string {
	var s string
	switch v := n.(type) {
	case int:
		s = strconv.Itoa(v)
	case int64:
		s = strconv.FormatInt(v, 10)
	case uint64:
		s = strconv.FormatUint(v, 10)
	default:
		s = fmt.Sprint(v)
	}
	return p.Digits(s)
}

var arabicMonths = [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}

// Day formats an ISO 8601 date (YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339)
// for reading: "١٧ نوفمبر ٢٠٢٥" or "17 Nov 2025". Other strings come back
// unchanged.
func (p *prefs) Day(s string) string {
	var t time.Time
	var err error
	layout := ""
	switch {
	case len(s) >= 20:
		t, err = time.Parse(time.RFC3339, s)
		layout = "day"
	case len(s) == 10:
		t, err = time.Parse("2006-01-02", s)
		layout = "day"
	case len(s) == 7:
		t, err = time.Parse("2006-01", s)
		layout = "month"
	default:
		return p.Digits(s)
	}
	if err != nil {
		return p.Digits(s)
	}
	return p.date(t, layout)
}

func (p *prefs) date(t time.Time, layout string) string {
	if p.Lang == "en" {
		if layout == "month" {
			return p.Digits(t.Format("Jan 2006"))
		}
		return p.Digits(t.Format("2 Jan 2006"))
	}
	m := arabicMonths[t.Month()-1]
	if layout == "month" {
		return m + " " + p.Digits(strconv.Itoa(t.Year()))
	}
	return p.Digits(strconv.Itoa(t.Day())) + " " + m + " " + p.Digits(strconv.Itoa(t.Year()))
}

// Time formats a time for reading (UTC, minutes).
func (p *prefs) Time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.UTC()
	return p.date(t, "day") + " " + p.Digits(t.Format("15:04"))
}

// Span formats the span of a story: one day, or first – last.
func (p *prefs) Span(first, last time.Time) string {
	if first.IsZero() {
		return p.Time(last)
	}
	a, b := p.date(first.UTC(), "day"), p.date(last.UTC(), "day")
	if a == b || last.IsZero() {
		return a
	}
	return a + " – " + b
}

// staticHandler serves the embedded static files with a long cache (the
// files change only with the binary).
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	fsrv := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		http.StripPrefix("/static", fsrv).ServeHTTP(w, r)
	})
}
