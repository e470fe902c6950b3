package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
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
		Created: a.Created.UTC().Format(time.RFC3339), Feed: "/api/v1/alerts/" + a.ID + "/feed",
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
	w.Header().Set("Location", "/api/v1/alerts/"+a.ID)
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
