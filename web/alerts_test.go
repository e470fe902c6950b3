package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
)

// alertServer starts a test server whose alert routes use svc.
func alertServer(t *testing.T) (string, *alert.Service, *fixture) {
	t.Helper()
	f := loadFixture(t)
	svc := alert.NewService(f.store, alert.Options{})
	ts, _ := newTestServer(t, func(o *Options) {
		o.Mount = []func(*Server){MountExport(ExportOptions{}), MountAlerts(svc, AlertOptions{BaseURL: "https://marsad.example/"})}
	})
	return ts.URL, svc, f
}

// alertCall makes one API request; token "" sends none.
func alertCall(t *testing.T, method, u, token, body string, header ...string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func wantStatus(t *testing.T, what string, resp *http.Response, body string, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d, want %d: %.300s", what, resp.StatusCode, status, body)
	}
	if status >= 400 && resp.Request.URL.Path != "" && strings.HasPrefix(resp.Request.URL.Path, "/api/") {
		var e APIError
		if json.Unmarshal([]byte(body), &e) != nil || e.Code == "" || e.Message == "" {
			t.Errorf("%s: error body %q is not {code, message}", what, body)
		}
	}
}

func TestAlertAPI(t *testing.T) {
	base, svc, f := alertServer(t)
	ctx := context.Background()
	api := base + "/api/v1/alerts"

	resp, body := alertCall(t, "POST", api, "", `{"query":{"text":"وزير الدفاع"}}`)
	wantStatus(t, "create without token", resp, body, http.StatusUnauthorized)
	resp, body = alertCall(t, "POST", api, "wrong", `{"query":{"text":"وزير الدفاع"}}`)
	wantStatus(t, "create with a wrong token", resp, body, http.StatusUnauthorized)
	resp, body = alertCall(t, "POST", api, testToken, `{"query":`)
	wantStatus(t, "bad JSON", resp, body, http.StatusBadRequest)
	resp, body = alertCall(t, "POST", api, testToken, `{"query":{"text":"x","from":"17/11/2025"}}`)
	wantStatus(t, "bad date", resp, body, http.StatusBadRequest)
	resp, body = alertCall(t, "POST", api, testToken, `{"query":{"text":"x"},"webhook_url":"http://169.254.169.254/latest"}`)
	wantStatus(t, "private webhook", resp, body, http.StatusBadRequest)
	resp, body = alertCall(t, "POST", api, testToken, `{"query":{"text":"x"},"extra":1}`)
	wantStatus(t, "unknown field", resp, body, http.StatusBadRequest)
	resp, body = alertCall(t, "POST", api, testToken, `{"query":{"text":"x"}}`, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	wantStatus(t, "cross-site", resp, body, http.StatusForbidden)
	resp, body = alertCall(t, "POST", api, testToken, `{"name":"x","query":{"text":"`+strings.Repeat("y", 70<<10)+`"}}`)
	wantStatus(t, "huge body", resp, body, http.StatusRequestEntityTooLarge)

	resp, body = alertCall(t, "POST", api, testToken,
		`{"name":"الدفاع <script>alert(1)</script>","query":{"text":"وزير الدفاع"},"webhook_url":"https://hooks.example.org/x"}`)
	wantStatus(t, "create", resp, body, http.StatusCreated)
	var created AlertInfo
	if err := json.Unmarshal([]byte(body), &created); err != nil || created.ID == "" || len(created.Secret) < 40 || created.WebhookURL == "" {
		t.Fatalf("created = %+v, %v", created, err)
	}
	if strings.Contains(body, "<script") {
		t.Errorf("JSON carries raw markup: %s", body)
	}
	defer svc.Delete(ctx, created.ID)
	if loc := resp.Header.Get("Location"); loc != "/api/v1/alerts/"+created.ID {
		t.Errorf("Location = %q", loc)
	}

	// Reading: open, without the webhook URL or the secret.
	resp, body = alertCall(t, "GET", api, "", "")
	wantStatus(t, "list", resp, body, http.StatusOK)
	if strings.Contains(body, "hooks.example.org") || strings.Contains(body, created.Secret) || !strings.Contains(body, created.ID) {
		t.Errorf("public list: %s", body)
	}
	resp, body = alertCall(t, "GET", api+"/"+created.ID, testToken, "")
	wantStatus(t, "get (admin)", resp, body, http.StatusOK)
	if !strings.Contains(body, "hooks.example.org") || strings.Contains(body, created.Secret) {
		t.Errorf("admin get: %s", body)
	}

	// Ingestion matches the founding example.
	seed, err := f.store.Article(ctx, f.seedID)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := svc.OnStored(ctx, seed); err != nil || n != 1 {
		t.Fatalf("OnStored(seed) = %d, %v", n, err)
	}
	resp, body = alertCall(t, "GET", api+"/"+created.ID+"/entries", "", "")
	wantStatus(t, "entries", resp, body, http.StatusOK)
	var entries struct {
		Entries []marsad.AlertMatch `json:"entries"`
	}
	if err := json.Unmarshal([]byte(body), &entries); err != nil || len(entries.Entries) != 1 || entries.Entries[0].Article.ID != f.seedID {
		t.Fatalf("entries = %s", body)
	}

	// The Atom feed.
	resp, body = alertCall(t, "GET", api+"/"+created.ID+"/feed", "", "")
	wantStatus(t, "feed", resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("feed content type %q", ct)
	}
	feed, err := gofeed.NewParser().ParseString(body)
	if err != nil || len(feed.Items) != 1 || feed.Items[0].Title != seed.Title {
		t.Fatalf("feed: %v %+v", err, feed)
	}
	if feed.FeedLink != "https://marsad.example/api/v1/alerts/"+created.ID+"/feed" {
		t.Errorf("self link %q", feed.FeedLink)
	}

	resp, body = alertCall(t, "GET", api+"/"+created.ID+"/deliveries", "", "")
	wantStatus(t, "deliveries without token", resp, body, http.StatusUnauthorized)
	resp, body = alertCall(t, "GET", api+"/"+created.ID+"/deliveries", testToken, "")
	wantStatus(t, "deliveries", resp, body, http.StatusOK)
	if !strings.Contains(body, `"state":"pending"`) || !strings.Contains(body, f.seedID) {
		t.Errorf("deliveries: %s", body)
	}

	resp, body = alertCall(t, "DELETE", api+"/"+created.ID, "", "")
	wantStatus(t, "delete without token", resp, body, http.StatusUnauthorized)
	resp, body = alertCall(t, "DELETE", api+"/"+created.ID, testToken, "")
	wantStatus(t, "delete", resp, body, http.StatusNoContent)
	for _, p := range []string{"", "/entries", "/feed"} {
		resp, body = alertCall(t, "GET", api+"/"+created.ID+p, "", "")
		wantStatus(t, "after delete "+p, resp, body, http.StatusNotFound)
	}
	resp, body = alertCall(t, "DELETE", api+"/"+created.ID, testToken, "")
	wantStatus(t, "delete again", resp, body, http.StatusNotFound)
}

// TestAlertFeedHostile: an alert matching the hostile articles serves a
// feed and entries in which none of their markup or bidi controls
// survives as such.
func TestAlertFeedHostile(t *testing.T) {
	base, svc, f := alertServer(t)
	ctx := context.Background()
	a, err := svc.Create(ctx, alert.NewAlert{Name: "خبيث", Query: marsad.Query{Text: "خبيث"}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Delete(ctx, a.ID)
	h, err := f.store.Article(ctx, f.hostileID)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := svc.OnStored(ctx, h); err != nil || n != 1 {
		t.Fatalf("OnStored(hostile) = %d, %v", n, err)
	}
	_, body := alertCall(t, "GET", base+"/api/v1/alerts/"+a.ID+"/feed", "", "")
	for _, bad := range []string{"<script", "<img", "\u202e", "\u2066", "href=\"javascript:", "href=\"https://evil.example/news/1?q=<"} {
		if strings.Contains(body, bad) {
			t.Errorf("feed carries %q", bad)
		}
	}
	feed, err := gofeed.NewParser().ParseString(body)
	if err != nil || len(feed.Items) != 1 || !strings.Contains(feed.Items[0].Title, "<script>") {
		t.Fatalf("hostile feed: %v %+v", err, feed)
	}
	_, body = alertCall(t, "GET", base+"/api/v1/alerts/"+a.ID+"/entries", "", "")
	for _, bad := range []string{"<script", "\u202e"} {
		if strings.Contains(body, bad) {
			t.Errorf("entries carry %q", bad)
		}
	}
}

// TestAlertEntriesPaging matches many articles and pages through them.
func TestAlertEntriesPaging(t *testing.T) {
	base, svc, f := alertServer(t)
	ctx := context.Background()
	a, err := svc.Create(ctx, alert.NewAlert{Query: marsad.Query{Text: "دمشق"}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Delete(ctx, a.ID)
	res, err := f.index.Search(ctx, marsad.Query{Text: "دمشق", Sort: marsad.SortNew, Limit: 100})
	if err != nil || len(res.Results) < 12 {
		t.Fatalf("search: %v, %d", err, len(res.Results))
	}
	var arts []*marsad.Article
	for _, hit := range res.Results {
		a, err := f.store.Article(ctx, hit.ID)
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	n, err := svc.OnStored(ctx, arts...)
	if err != nil || n != len(arts) {
		t.Fatalf("OnStored = %d, %v; want every article the search finds (%d)", n, err, len(arts))
	}
	seen := map[string]bool{}
	next := ""
	pages := 0
	for {
		u := base + "/api/v1/alerts/" + a.ID + "/entries?limit=5"
		if next != "" {
			u += "&cursor=" + url.QueryEscape(next)
		}
		resp, body := alertCall(t, "GET", u, "", "")
		wantStatus(t, "entries page", resp, body, http.StatusOK)
		var page struct {
			Entries []marsad.AlertMatch `json:"entries"`
			Next    string              `json:"next_cursor"`
		}
		json.Unmarshal([]byte(body), &page)
		for _, e := range page.Entries {
			if seen[e.Article.ID] {
				t.Fatalf("entry %s repeated", e.Article.ID)
			}
			seen[e.Article.ID] = true
		}
		pages++
		if page.Next == "" || pages > 100 {
			break
		}
		next = page.Next
	}
	if len(seen) != len(arts) {
		t.Errorf("paged %d entries, want %d", len(seen), len(arts))
	}
	resp, body := alertCall(t, "GET", base+"/api/v1/alerts/"+a.ID+"/entries?cursor=!!", "", "")
	wantStatus(t, "bad cursor", resp, body, http.StatusBadRequest)
}

// TestAlertPages: the list, the form (admin, CSRF) and one alert's page.
func TestAlertPages(t *testing.T) {
	base, svc, f := alertServer(t)
	ctx := context.Background()
	resp, body := alertCall(t, "GET", base+"/alerts", "", "")
	wantStatus(t, "alerts page", resp, body, http.StatusOK)
	if !strings.Contains(body, `dir="rtl"`) || !strings.Contains(body, "التنبيهات") || !strings.Contains(body, "/login?next=/alerts") {
		t.Errorf("alerts page: %.500s", body)
	}
	form := url.Values{"name": {"تنبيه " + evilScript}, "q": {"وزير الدفاع"}, "webhook": {"https://hooks.example.org/x"}}
	resp, body = alertCall(t, "POST", base+"/alerts", testToken, "", "Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, "form without CSRF", resp, body, http.StatusForbidden)

	form.Set("csrf", strings.Repeat("a", 43))
	req, _ := http.NewRequest("POST", base+"/alerts", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.AddCookie(&http.Cookie{Name: csrfCookie, Value: strings.Repeat("a", 43)})
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r2.Body)
	r2.Body.Close()
	body = string(b)
	if r2.StatusCode != http.StatusOK || !strings.Contains(body, "<code dir=\"ltr\">") {
		t.Fatalf("form create: %d %.800s", r2.StatusCode, body)
	}
	checkHTML(t, "/alerts (created)", body)
	list, _ := svc.Store().Alerts(ctx)
	var id string
	for _, a := range list {
		if strings.Contains(a.Name, "<script>") {
			id = a.ID
			if !strings.Contains(body, a.Secret) {
				t.Error("the secret is not shown after creation")
			}
		}
	}
	if id == "" {
		t.Fatal("the form did not create the alert")
	}
	defer svc.Delete(ctx, id)
	_, body = alertCall(t, "GET", base+"/alerts", "", "")
	checkHTML(t, "/alerts", body)
	if !strings.Contains(body, "/alerts/"+id) {
		t.Error("the list does not link the new alert")
	}

	seed, _ := f.store.Article(ctx, f.seedID)
	if _, err := svc.OnStored(ctx, seed); err != nil {
		t.Fatal(err)
	}
	resp, body = alertCall(t, "GET", base+"/alerts/"+id, "", "")
	wantStatus(t, "alert page", resp, body, http.StatusOK)
	checkHTML(t, "/alerts/"+id, body)
	if !strings.Contains(body, "/article/"+f.seedID) || !strings.Contains(body, "/api/v1/alerts/"+id+"/feed") {
		t.Errorf("alert page lacks the match or the feed link: %.800s", body)
	}
	resp, _ = alertCall(t, "GET", base+"/alerts/nope", "", "")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown alert page: %d", resp.StatusCode)
	}

	// Bad input is shown on the page, with 400.
	form = url.Values{"q": {"x"}, "webhook": {"http://10.0.0.1/"}, "csrf": {strings.Repeat("a", 43)}}
	req, _ = http.NewRequest("POST", base+"/alerts", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.AddCookie(&http.Cookie{Name: csrfCookie, Value: strings.Repeat("a", 43)})
	if r3, err := http.DefaultClient.Do(req); err != nil || r3.StatusCode != http.StatusBadRequest {
		t.Errorf("private webhook by form: %v %v", r3.StatusCode, err)
	} else {
		r3.Body.Close()
	}

	form = url.Values{"id": {id}, "csrf": {strings.Repeat("a", 43)}}
	req, _ = http.NewRequest("POST", base+"/alerts/remove", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.AddCookie(&http.Cookie{Name: csrfCookie, Value: strings.Repeat("a", 43)})
	r4, err := noRedirect().Do(req)
	if err != nil || r4.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %v %v", r4, err)
	}
	r4.Body.Close()
	if _, err := svc.Store().Alert(ctx, id); err == nil {
		t.Error("the alert was not removed")
	}
}
