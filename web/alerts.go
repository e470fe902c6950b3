package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
	"github.com/marsad-news/marsad/search"
)

// AlertOptions configure the alert routes added by MountAlerts.
type AlertOptions struct {
	// BaseURL is the app's public absolute URL, used in the Atom feeds'
	// links (e.g. "https://marsad.example.org"). Empty: taken from each
	// request's Host (fine on a laptop, wrong behind some proxies).
	BaseURL string
}

// FeedEntries is the number of matches an alert's Atom feed carries.
const FeedEntries = 50

// MountAlerts returns the Options.Mount function that adds the alert API:
//
//	GET    /api/v1/alerts                   list (webhook URLs to the admin only)
//	POST   /api/v1/alerts                   create (admin), returns the webhook secret once
//	GET    /api/v1/alerts/{id}              one alert
//	DELETE /api/v1/alerts/{id}              remove (admin)
//	GET    /api/v1/alerts/{id}/entries      the matches, newest first, by cursor
//	GET    /api/v1/alerts/{id}/feed         the matches as an Atom feed
//	GET    /api/v1/alerts/{id}/deliveries   webhook deliveries (admin)
//
// and the pages /alerts (the list, and for the admin a form to add and
// buttons to remove) and /alerts/{id} (the latest matches).
func MountAlerts(svc *alert.Service, opts AlertOptions) func(*Server) {
	return func(s *Server) {
		h := &alertRoutes{s: s, svc: svc, opts: opts}
		s.Handle("GET /api/v1/alerts", http.HandlerFunc(h.list), AccessRead)
		s.Handle("POST /api/v1/alerts", http.HandlerFunc(h.create), AccessAdmin)
		s.Handle("GET /api/v1/alerts/{id}", http.HandlerFunc(h.get), AccessRead)
		s.Handle("DELETE /api/v1/alerts/{id}", http.HandlerFunc(h.remove), AccessAdmin)
		s.Handle("GET /api/v1/alerts/{id}/entries", http.HandlerFunc(h.entries), AccessRead)
		s.Handle("GET /api/v1/alerts/{id}/feed", http.HandlerFunc(h.feed), AccessRead)
		s.Handle("GET /api/v1/alerts/{id}/deliveries", http.HandlerFunc(h.deliveries), AccessAdmin)
		if err := h.parsePages(); err != nil {
			s.log.Error("alert pages", "err", err)
			return
		}
		s.Handle("GET /alerts", http.HandlerFunc(h.pageList), AccessRead)
		s.Handle("GET /alerts/{id}", http.HandlerFunc(h.pageAlert), AccessRead)
		s.Handle("POST /alerts", http.HandlerFunc(h.formCreate), AccessAdmin)
		s.Handle("POST /alerts/remove", http.HandlerFunc(h.formRemove), AccessAdmin)
	}
}

type alertRoutes struct {
	s    *Server
	svc  *alert.Service
	opts AlertOptions
}

// AlertInfo is an alert as the API shows it. WebhookURL is shown to the
// admin only; Secret only in the answer to its creation.
type AlertInfo struct {
	ID         string       `json:"id"`
	Name       string       `json:"name"`
	Query      marsad.Query `json:"query"`
	WebhookURL string       `json:"webhook_url,omitempty"`
	Webhook    bool         `json:"webhook"`
	Secret     string       `json:"secret,omitempty"`
	Created    string       `json:"created"`
	Feed       string       `json:"feed"`
}

func (h *alertRoutes) info(a marsad.Alert, admin bool) AlertInfo {
	out := AlertInfo{
		ID: a.ID, Name: a.Name, Query: a.Query, Webhook: a.WebhookURL != "",
		Created: a.Created.UTC().Format(time.RFC3339), Feed: "/api/v1/alerts/" + url.PathEscape(a.ID) + "/feed",
	}
	if admin {
		out.WebhookURL = a.WebhookURL
	}
	return out
}

func (h *alertRoutes) list(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.Store().Alerts(r.Context())
	if err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	admin := h.s.isAdmin(r)
	out := make([]AlertInfo, 0, len(list))
	for _, a := range list {
		out = append(out, h.info(a, admin))
	}
	WriteJSON(w, map[string]any{"alerts": out})
}

func (h *alertRoutes) get(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Store().Alert(r.Context(), r.PathValue("id"))
	if err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	WriteJSON(w, h.info(*a, h.s.isAdmin(r)))
}

// AlertRequest is the body of POST /api/v1/alerts.
type AlertRequest struct {
	Name       string       `json:"name"`
	Query      marsad.Query `json:"query"`
	WebhookURL string       `json:"webhook_url"`
}

func (h *alertRoutes) create(w http.ResponseWriter, r *http.Request) {
	var req AlertRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			WriteError(w, http.StatusRequestEntityTooLarge, "too_large", "request body too large")
			return
		}
		WriteError(w, http.StatusBadRequest, "bad_request", `the body must be JSON {"name", "query": {"text", "from", "to", "sources", ...}, "webhook_url"}`)
		return
	}
	a, err := h.svc.Create(r.Context(), alert.NewAlert{Name: req.Name, Query: req.Query, WebhookURL: req.WebhookURL})
	if err != nil {
		if errors.Is(err, alert.ErrInvalid) || errors.Is(err, search.ErrInvalidQuery) {
			WriteError(w, http.StatusBadRequest, "bad_request", err.Error())
			return
		}
		h.s.apiFail(w, r, err)
		return
	}
	info := h.info(*a, true)
	info.Secret = a.Secret
	w.Header().Set("Location", "/api/v1/alerts/"+url.PathEscape(a.ID))
	writeJSONStatus(w, http.StatusCreated, info)
}

func (h *alertRoutes) remove(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Delete(r.Context(), r.PathValue("id")); err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// entryCursor encodes the Seq to continue below.
func entryCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("s" + strconv.FormatInt(seq, 10)))
}

func parseEntryCursor(c string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) < 2 || b[0] != 's' {
		return 0, badRequestf("invalid cursor")
	}
	n, err := strconv.ParseInt(string(b[1:]), 10, 64)
	if err != nil || n <= 0 {
		return 0, badRequestf("invalid cursor")
	}
	return n, nil
}

func (h *alertRoutes) entries(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := h.svc.Store().Alert(r.Context(), id); err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	limit := DefaultPage
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			h.s.apiFail(w, r, badRequestf("limit must be a positive number"))
			return
		}
		limit = min(n, MaxPage)
	}
	var before int64
	if c := r.URL.Query().Get("cursor"); c != "" {
		var err error
		if before, err = parseEntryCursor(c); err != nil {
			h.s.apiFail(w, r, err)
			return
		}
	}
	list, err := h.svc.Store().AlertEntries(r.Context(), id, before, limit+1)
	if err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		next = entryCursor(list[limit-1].Seq)
	}
	if list == nil {
		list = []marsad.AlertMatch{}
	}
	WriteJSON(w, map[string]any{"entries": list, "next_cursor": next})
}

func (h *alertRoutes) feed(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Store().Alert(r.Context(), r.PathValue("id"))
	if err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	list, err := h.svc.Store().AlertEntries(r.Context(), a.ID, 0, FeedEntries)
	if err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := alert.WriteAtom(&buf, alert.Feed{Alert: *a, Entries: list, BaseURL: h.baseURL(r)}); err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", alert.AtomContentType)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(buf.Bytes())
}

// baseURL is the configured public URL, or the request's scheme and
// Host.
func (h *alertRoutes) baseURL(r *http.Request) string {
	if h.opts.BaseURL != "" {
		return strings.TrimRight(h.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" || strings.ContainsAny(host, "/\\@ \"<>") {
		host = "localhost"
	}
	return scheme + "://" + host
}

// DeliveryInfo is a webhook delivery as the API shows it.
type DeliveryInfo struct {
	ID          int64  `json:"id"`
	ArticleID   string `json:"article_id"`
	State       string `json:"state"`
	Attempts    int    `json:"attempts"`
	NextAttempt string `json:"next_attempt"`
	LastError   string `json:"last_error,omitempty"`
	Created     string `json:"created"`
}

func (h *alertRoutes) deliveries(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := h.svc.Store().Alert(r.Context(), id); err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	list, err := h.svc.Store().Deliveries(r.Context(), id, MaxPage)
	if err != nil {
		h.s.apiFail(w, r, err)
		return
	}
	out := make([]DeliveryInfo, 0, len(list))
	for _, d := range list {
		out = append(out, DeliveryInfo{
			ID: d.ID, ArticleID: d.ArticleID, State: d.State, Attempts: d.Attempts,
			NextAttempt: d.NextAttempt.UTC().Format(time.RFC3339), LastError: d.LastError,
			Created: d.Created.UTC().Format(time.RFC3339),
		})
	}
	WriteJSON(w, map[string]any{"deliveries": out})
}

// alertPagesTemplate is the content of the alert pages, in the layout of
// the other pages. Its words are in alertWords.
const alertPagesTemplate = `{{define "content"}}{{$L := .Data}}
{{if .Data.Alert}}{{with .Data.Alert}}
<h1><bdi>{{d .Name}}</bdi></h1>
<p class="meta"><bdi dir="auto">{{d $L.Describe}}</bdi> <span class="sep" aria-hidden="true">|</span> <a href="{{.Feed}}" type="application/atom+xml">{{$L.L "feed"}}</a>{{if .Webhook}} <span class="sep" aria-hidden="true">|</span> <bdi>{{$L.L "webhook_on"}}</bdi>{{end}}</p>
{{end}}
{{if .Data.Entries}}
<ol class="hits">
{{range .Data.Entries}}
<li class="hit">
 <h2><a href="/article/{{.Article.ID}}" dir="auto">{{d .Article.Title}}</a></h2>
 <p class="meta"><bdi class="src">{{d .Article.Source}}</bdi> <span class="sep" aria-hidden="true">|</span> {{$.P.Day .Article.Published}} <span class="sep" aria-hidden="true">|</span> {{$L.L "matched"}} {{$.P.Time .Matched}}</p>
 {{if .Summary}}<p class="snippet" dir="auto">{{d .Summary}}</p>{{end}}
</li>
{{end}}
</ol>
{{else}}<p class="empty">{{$L.L "no_matches"}}</p>{{end}}
<p><a href="/alerts">{{$L.L "all_alerts"}}</a></p>
{{else}}
<h1>{{$L.L "alerts"}}</h1>
<p>{{$L.L "intro"}}</p>
{{if .Data.Err}}<p class="error" role="alert">{{.Data.Err}}</p>{{end}}
{{with .Data.Created}}<div class="ok" role="status"><p>{{$L.L "created"}}: <bdi>{{d .Name}}</bdi> — <a href="{{.Feed}}">{{$L.L "feed"}}</a></p>
{{if .Secret}}<p>{{$L.L "secret"}}: <code dir="ltr">{{.Secret}}</code></p>{{end}}</div>{{end}}
{{if .Data.Alerts}}
<table class="sources">
<thead><tr><th>{{$L.L "name"}}</th><th>{{$L.L "query"}}</th><th>{{$L.L "feed"}}</th>{{if .Admin}}<th></th>{{end}}</tr></thead>
<tbody>
{{range .Data.Alerts}}
<tr>
 <td><a href="/alerts/{{.ID}}"><bdi>{{d .Name}}</bdi></a></td>
 <td><bdi dir="auto">{{d .Describe}}</bdi></td>
 <td><a href="{{.Feed}}" type="application/atom+xml">Atom</a>{{if .Webhook}} <span class="sep" aria-hidden="true">|</span> <bdi>{{$L.L "webhook_on"}}</bdi>{{end}}</td>
 {{if $.Admin}}<td><form method="post" action="/alerts/remove"><input type="hidden" name="csrf" value="{{$.CSRF}}"><input type="hidden" name="id" value="{{.ID}}"><button type="submit" class="danger">{{$L.L "remove"}}</button></form></td>{{end}}
</tr>
{{end}}
</tbody>
</table>
{{else}}<p class="empty">{{$L.L "no_alerts"}}</p>{{end}}
{{if .Admin}}
<section class="admin">
<h2>{{$L.L "add"}}</h2>
<form method="post" action="/alerts" class="stack">
 <input type="hidden" name="csrf" value="{{.CSRF}}">
 <label>{{$L.L "name"}} <input type="text" name="name" dir="auto" maxlength="200"></label>
 <label>{{$L.L "words"}} <input type="text" name="q" dir="auto" maxlength="2048"></label>
 <label>{{$L.L "source"}} <input type="text" name="source" dir="auto"></label>
 <label>{{$L.L "entity"}} <input type="text" name="entity" dir="auto"></label>
 <label>{{$L.L "category"}} <input type="text" name="category" dir="auto"></label>
 <label>{{$L.L "webhook"}} <input type="url" name="webhook" dir="ltr" placeholder="https://"></label>
 <button type="submit">{{$L.L "add"}}</button>
</form>
</section>
{{else}}<p><a href="/login?next=/alerts">{{$L.L "login"}}</a></p>{{end}}
{{end}}
{{end}}`

// alertWords are the words of the alert pages: Arabic, English.
var alertWords = map[string][2]string{
	"alerts":     {"التنبيهات", "Alerts"},
	"intro":      {"بحث محفوظ يُطابَق مع كل خبر لحظة أرشفته. تابِعه بقارئ خلاصات (Atom) أو عبر webhook.", "A saved search, matched against every article as it is archived. Follow it in a feed reader (Atom) or by webhook."},
	"feed":       {"خلاصة Atom", "Atom feed"},
	"webhook_on": {"إشعار webhook", "webhook on"},
	"matched":    {"طوبق", "matched"},
	"no_matches": {"لا أخبار مطابقة بعد.", "No matching article yet."},
	"all_alerts": {"كل التنبيهات", "All alerts"},
	"created":    {"أُضيف التنبيه", "Alert added"},
	"secret":     {"مفتاح توقيع الـwebhook (يظهر مرة واحدة فقط)", "Webhook signing secret (shown only once)"},
	"name":       {"الاسم", "Name"},
	"query":      {"البحث", "Search"},
	"remove":     {"حذف", "Remove"},
	"no_alerts":  {"لا تنبيهات.", "No alerts."},
	"add":        {"إضافة تنبيه", "Add an alert"},
	"words":      {"الكلمات", "Words"},
	"source":     {"المصدر", "Outlet"},
	"entity":     {"الكيان", "Entity"},
	"category":   {"التصنيف", "Category"},
	"webhook":    {"عنوان webhook (اختياري)", "Webhook URL (optional)"},
	"login":      {"سجّل الدخول لإدارة التنبيهات", "Log in to manage alerts"},
}

// alertsPage is the data of the alert pages.
type alertsPage struct {
	lang     string
	Alerts   []alertRow
	Created  *AlertInfo
	Err      string
	Alert    *alertRow
	Describe string
	Entries  []marsad.AlertMatch
}

type alertRow struct {
	AlertInfo
	Describe string
}

// L returns a word of the page in its language.
func (d *alertsPage) L(key string) string {
	w, ok := alertWords[key]
	if !ok {
		return key
	}
	if d.lang == "en" {
		return w[1]
	}
	return w[0]
}

// parsePages adds the "alerts" page, in the shared layout.
func (h *alertRoutes) parsePages() error {
	base, ok := h.s.tmpl.pages["error"]
	if !ok {
		return errors.New("no base page to build on")
	}
	t, err := base.Clone()
	if err != nil {
		return err
	}
	if _, err := t.Parse(alertPagesTemplate); err != nil {
		return err
	}
	h.s.tmpl.pages["alerts"] = t
	return nil
}

// describe writes a query as a person reads it.
func describe(q marsad.Query) string {
	parts := []string{}
	if q.Text != "" {
		parts = append(parts, q.Text)
	}
	for _, f := range []struct {
		label string
		vals  []string
	}{{"@", q.Sources}, {"#", q.Categories}, {"~", q.Entities}, {"lang:", q.Languages}} {
		for _, v := range f.vals {
			parts = append(parts, f.label+v)
		}
	}
	if q.From != "" || q.To != "" {
		parts = append(parts, q.From+"…"+q.To)
	}
	return strings.Join(parts, " ")
}

func (h *alertRoutes) listData(r *http.Request) (*alertsPage, error) {
	list, err := h.svc.Store().Alerts(r.Context())
	if err != nil {
		return nil, err
	}
	d := &alertsPage{lang: prefsOf(r).Lang}
	admin := h.s.isAdmin(r)
	for _, a := range list {
		d.Alerts = append(d.Alerts, alertRow{AlertInfo: h.info(a, admin), Describe: describe(a.Query)})
	}
	return d, nil
}

func (h *alertRoutes) pageList(w http.ResponseWriter, r *http.Request) {
	d, err := h.listData(r)
	if err != nil {
		h.s.fail(w, r, err)
		return
	}
	h.s.render(w, r, http.StatusOK, "alerts", d.L("alerts"), d)
}

func (h *alertRoutes) pageAlert(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Store().Alert(r.Context(), r.PathValue("id"))
	if err != nil {
		h.s.fail(w, r, err)
		return
	}
	entries, err := h.svc.Store().AlertEntries(r.Context(), a.ID, 0, FeedEntries)
	if err != nil {
		h.s.fail(w, r, err)
		return
	}
	row := alertRow{AlertInfo: h.info(*a, false), Describe: describe(a.Query)}
	d := &alertsPage{lang: prefsOf(r).Lang, Alert: &row, Describe: row.Describe, Entries: entries}
	h.s.render(w, r, http.StatusOK, "alerts", a.Name, d)
}

func (h *alertRoutes) formCreate(w http.ResponseWriter, r *http.Request) {
	nonEmpty := func(v string) []string {
		if v = strings.TrimSpace(v); v != "" {
			return []string{v}
		}
		return nil
	}
	n := alert.NewAlert{
		Name: r.PostFormValue("name"), WebhookURL: r.PostFormValue("webhook"),
		Query: marsad.Query{Text: strings.TrimSpace(r.PostFormValue("q")), Sources: nonEmpty(r.PostFormValue("source")),
			Entities: nonEmpty(r.PostFormValue("entity")), Categories: nonEmpty(r.PostFormValue("category"))},
	}
	a, cerr := h.svc.Create(r.Context(), n)
	d, err := h.listData(r)
	if err != nil {
		h.s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	switch {
	case errors.Is(cerr, alert.ErrInvalid) || errors.Is(cerr, search.ErrInvalidQuery):
		d.Err, status = cerr.Error(), http.StatusBadRequest
	case cerr != nil:
		h.s.fail(w, r, cerr)
		return
	default:
		info := h.info(*a, true)
		info.Secret = a.Secret
		if a.WebhookURL == "" {
			info.Secret = ""
		}
		d.Created = &info
	}
	// Rendered, not redirected: the secret must not go into a URL.
	h.s.render(w, r, status, "alerts", d.L("alerts"), d)
}

func (h *alertRoutes) formRemove(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Delete(r.Context(), r.PostFormValue("id")); err != nil && !errors.Is(err, marsad.ErrNotFound) {
		h.s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/alerts", http.StatusSeeOther)
}
