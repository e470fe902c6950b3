package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/marsad-news/marsad/internal/demo"
)

// get fetches path and returns the response and its body.
func get(t *testing.T, c *http.Client, base, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

const (
	ctHTML = "text/html; charset=utf-8"
	ctJSON = "application/json; charset=utf-8"
)

// TestRoutes requests every page and endpoint as a user or a script
// would and checks the status, the content type and key content.
func TestRoutes(t *testing.T) {
	ts, _ := newTestServer(t, nil)
	f := loadFixture(t)
	q := url.QueryEscape(demo.SeedQuery)
	seedTitle := "بمشاركة أكبر وفد روسي"
	tests := []struct {
		name, path string
		status     int
		ctype      string
		want       []string
	}{
		{"home", "/", 200, ctHTML, []string{`lang="ar" dir="rtl"`, "آخر القصص", `href="/story/`, "/static/app.js"}},
		{"story", "/story/" + f.seedStory, 200, ctHTML, []string{seedTitle, "التغطية جنبًا إلى جنب", "التسلسل الزمني", `class="outlet"`}},
		{"article", "/article/" + f.seedID, 200, ctHTML, []string{seedTitle, `class="ent ent-person"`, `href="/entity/`, `class="date" title="`, "أبو قصرة", `<h2 dir="auto">`}},
		{"article raw", "/article/" + f.seedID + "/raw", 200, "text/plain; charset=utf-8", []string{"مباحثات عسكرية"}},
		{"search", "/search?q=" + q + "&limit=100", 200, ctHTML, []string{seedTitle, "<mark>", "نتيجة", `class="facets"`}},
		{"search form", "/search", 200, ctHTML, []string{`name="q"`, `name="from"`, `name="sort"`}},
		{"search bad date", "/search?q=x&from=yesterday", 400, ctHTML, []string{"الطلب غير صالح"}},
		{"entity", "/entity/" + url.PathEscape(hostileKey), 200, ctHTML, []string{"الصفات كما كتبتها الوسائل"}},
		{"sources", "/sources", 200, ctHTML, []string{"سانا", "ادخل كمشرف"}},
		{"login", "/login", 200, ctHTML, []string{`name="token"`, `name="csrf"`}},
		{"missing article", "/article/0000000000000000", 404, ctHTML, []string{"غير موجودة"}},
		{"missing page", "/no/such/page", 404, ctHTML, nil},
		{"static css", "/static/app.css", 200, "text/css; charset=utf-8", []string{"--accent"}},
		{"static js", "/static/app.js", 200, "text/javascript; charset=utf-8", []string{"new-count"}},
		{"healthz", "/healthz", 200, "text/plain; charset=utf-8", []string{"ok"}},
		{"readyz", "/readyz", 200, "text/plain; charset=utf-8", []string{"ready"}},
		{"metrics", "/metrics", 200, "text/plain", []string{"marsad_http_requests_total"}},
		{"api openapi", "/api/v1/openapi.json", 200, ctJSON, []string{`"openapi"`}},
		{"api article", "/api/v1/articles/" + f.seedID, 200, ctJSON, []string{`"sections"`, `"entities"`}},
		{"api revisions", "/api/v1/articles/" + f.seedID + "/revisions", 200, ctJSON, []string{`"revisions"`, `"number":1`}},
		{"api article story", "/api/v1/articles/" + f.seedID + "/story", 200, ctJSON, []string{f.seedStory}},
		{"api stories", "/api/v1/stories?limit=3", 200, ctJSON, []string{`"stories"`, `"next_cursor"`}},
		{"api story", "/api/v1/stories/" + f.seedStory, 200, ctJSON, []string{`"comparison"`, `"outlets"`}},
		{"api search", "/api/v1/search?q=" + q + "&limit=100", 200, ctJSON, []string{`"total"`, `"facets"`, f.seedID}},
		{"api search bad sort", "/api/v1/search?q=x&sort=up", 400, ctJSON, []string{`"code":"bad_request"`}},
		{"api entities", "/api/v1/entities?name=" + url.QueryEscape("أبو قصرة"), 200, ctJSON, []string{`"entities"`}},
		{"api entities no name", "/api/v1/entities", 400, ctJSON, []string{`"code":"bad_request"`}},
		{"api entity", "/api/v1/entities/" + hostileKey, 200, ctJSON, []string{`"key":"` + hostileKey}},
		{"api entity articles", "/api/v1/entities/" + hostileKey + "/articles", 200, ctJSON, []string{`"articles"`, f.hostileID}},
		{"api sources", "/api/v1/sources", 200, ctJSON, []string{`"sources"`, "sana.sy"}},
		{"api stats", "/api/v1/stats", 200, ctJSON, []string{`"articles"`, `"last_seq"`}},
		{"api new", "/api/v1/new?since=1", 200, ctJSON, []string{`"count"`, `"more"`}},
		{"api new bad", "/api/v1/new?since=x", 400, ctJSON, []string{`"code"`, `"message"`}},
		{"api missing", "/api/v1/articles/nope", 404, ctJSON, []string{`"code":"not_found"`}},
		{"api unknown", "/api/v1/nothing", 404, ctJSON, []string{`"code":"not_found"`}},
		{"api bad cursor", "/api/v1/stories?cursor=zzz", 400, ctJSON, []string{`invalid cursor`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, ts.Client(), ts.URL, tc.path)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d; body %.300s", resp.StatusCode, tc.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("content type %q, want %q", ct, tc.ctype)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q; got %.500s", w, body)
				}
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") && !strings.Contains(csp, "sandbox") {
				t.Errorf("CSP %q", csp)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
		})
	}
}

// TestPagination follows next_cursor through the stories and search.
func TestPagination(t *testing.T) {
	ts, _ := newTestServer(t, nil)
	seen := map[string]bool{}
	path := "/api/v1/stories?limit=7"
	pages := 0
	for path != "" && pages < 10 {
		_, body := get(t, ts.Client(), ts.URL, path)
		var page struct {
			Stories []struct {
				ID string `json:"id"`
			} `json:"stories"`
			Next string `json:"next_cursor"`
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Stories {
			if seen[s.ID] {
				t.Fatalf("story %s on two pages", s.ID)
			}
			seen[s.ID] = true
		}
		if len(page.Stories) != 7 && page.Next != "" {
			t.Fatalf("short page with a cursor")
		}
		path = ""
		if page.Next != "" {
			path = "/api/v1/stories?limit=7&cursor=" + page.Next
		}
		pages++
	}
	if pages < 2 || len(seen) < 8 {
		t.Fatalf("%d pages, %d stories", pages, len(seen))
	}
	// The search page links to its next page.
	_, body := get(t, ts.Client(), ts.URL, "/search?q="+url.QueryEscape(demo.SeedQuery)+"&limit=5")
	if !strings.Contains(body, `rel="next" href="/search?`) || !strings.Contains(body, "cursor=") {
		t.Fatalf("no next page link")
	}
}

// TestAdmin checks that changing sources needs the token, through the
// API (Bearer) and through the forms (login cookie + CSRF token).
func TestAdmin(t *testing.T) {
	ts, _ := newTestServer(t, nil)
	c := ts.Client()
	post := func(path, ctype, body string, header ...string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := noRedirect().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	body := `{"url":"https://www.example-news.test/","name":"خبر"}`
	if r := post("/api/v1/sources", "application/json", body); r.StatusCode != 401 {
		t.Fatalf("no token: %d", r.StatusCode)
	}
	if r := post("/api/v1/sources", "application/json", body, "Authorization", "Bearer wrong"); r.StatusCode != 401 {
		t.Fatalf("wrong token: %d", r.StatusCode)
	}
	if r := post("/api/v1/sources", "application/json", `{"url":"javascript:alert(1)"}`, "Authorization", "Bearer "+testToken); r.StatusCode != 400 {
		t.Fatalf("javascript URL: %d", r.StatusCode)
	}
	if r := post("/api/v1/sources", "application/json", `{"url":"`+strings.Repeat("a", MaxBodyBytes)+`"}`, "Authorization", "Bearer "+testToken); r.StatusCode != 413 {
		t.Fatalf("huge body: %d", r.StatusCode)
	}
	if r := post("/api/v1/sources", "application/json", body, "Authorization", "Bearer "+testToken); r.StatusCode != 201 {
		t.Fatalf("with token: %d", r.StatusCode)
	}
	if _, b := get(t, c, ts.URL, "/api/v1/sources"); !strings.Contains(b, "example-news.test") {
		t.Fatalf("source not listed: %s", b)
	}
	// A cross-site form post is refused before anything else.
	if r := post("/api/v1/sources", "application/json", body, "Authorization", "Bearer "+testToken, "Sec-Fetch-Site", "cross-site"); r.StatusCode != 403 {
		t.Fatalf("cross-site: %d", r.StatusCode)
	}
	del := func(id string, header ...string) int {
		req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/api/v1/sources/"+id, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := del("example-news.test"); code != 401 {
		t.Fatalf("delete without token: %d", code)
	}
	if code := del("example-news.test", "Authorization", "Bearer "+testToken); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if code := del("example-news.test", "Authorization", "Bearer "+testToken); code != 404 {
		t.Fatalf("delete again: %d", code)
	}

	// Forms: the sources form without login redirects nowhere useful.
	form := url.Values{"url": {"https://form-news.test/"}}
	if r := post("/sources", "application/x-www-form-urlencoded", form.Encode()); r.StatusCode != 401 {
		t.Fatalf("form without login: %d", r.StatusCode)
	}
	// Log in: GET /login gives the CSRF cookie and field.
	jar := newJar(t)
	cl := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	_, page := get(t, cl, ts.URL, "/login")
	csrf := between(page, `name="csrf" value="`, `"`)
	if csrf == "" {
		t.Fatal("no csrf field")
	}
	postForm := func(path string, v url.Values) *http.Response {
		resp, err := cl.PostForm(ts.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := postForm("/login", url.Values{"token": {"wrong"}, "csrf": {csrf}}); r.StatusCode != 401 {
		t.Fatalf("wrong login: %d", r.StatusCode)
	}
	if r := postForm("/login", url.Values{"token": {testToken}, "csrf": {"forged"}}); r.StatusCode != 403 {
		t.Fatalf("login with a forged csrf: %d", r.StatusCode)
	}
	if r := postForm("/login", url.Values{"token": {testToken}, "csrf": {csrf}, "next": {"//evil.test/"}}); r.StatusCode != 303 || r.Header.Get("Location") != "/" {
		t.Fatalf("login: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := postForm("/sources", url.Values{"url": {"https://form-news.test/"}, "csrf": {"forged"}}); r.StatusCode != 403 {
		t.Fatalf("add without csrf: %d", r.StatusCode)
	}
	if r := postForm("/sources", url.Values{"url": {"https://form-news.test/"}, "name": {"نموذج"}, "csrf": {csrf}}); r.StatusCode != 303 {
		t.Fatalf("add: %d", r.StatusCode)
	}
	_, page = get(t, cl, ts.URL, "/sources")
	if !strings.Contains(page, "نموذج") || !strings.Contains(page, `action="/sources/remove"`) {
		t.Fatalf("sources page after adding: %.400s", page)
	}
	if r := postForm("/sources/remove", url.Values{"id": {"form-news.test"}, "csrf": {csrf}}); r.StatusCode != 303 {
		t.Fatalf("remove: %d", r.StatusCode)
	}
}

// TestPrivate checks that Options.Private closes reading.
func TestPrivate(t *testing.T) {
	ts, _ := newTestServer(t, func(o *Options) { o.Private = true })
	for path, want := range map[string]int{"/": 303, "/api/v1/stats": 401, "/healthz": 200, "/static/app.css": 200} {
		resp, _ := get(t, noRedirect(), ts.URL, path)
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	resp, _ := get(t, noRedirect(), ts.URL, "/api/v1/stats", "Authorization", "Bearer "+testToken)
	if resp.StatusCode != 200 {
		t.Errorf("with token: %d", resp.StatusCode)
	}
}

// TestSearchRateLimit checks the per-client limit.
func TestSearchRateLimit(t *testing.T) {
	ts, _ := newTestServer(t, func(o *Options) { o.SearchRate, o.SearchBurst = 0.001, 3 })
	codes := map[int]int{}
	for range 5 {
		resp, _ := get(t, ts.Client(), ts.URL, "/api/v1/search?q=x")
		codes[resp.StatusCode]++
		if resp.StatusCode == 429 && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if codes[200] != 3 || codes[429] != 2 {
		t.Fatalf("codes %v, want 3×200 and 2×429", codes)
	}
}

// TestPrefs checks the English switch and the digit styles.
func TestPrefs(t *testing.T) {
	ts, _ := newTestServer(t, nil)
	cl := &http.Client{Jar: newJar(t)}
	_, body := get(t, cl, ts.URL, "/prefs?lang=en&next=/")
	if !strings.Contains(body, `lang="en" dir="ltr"`) || !strings.Contains(body, "Latest stories") {
		t.Fatalf("English: %.300s", body)
	}
	_, body = get(t, cl, ts.URL, "/prefs?num=arab&next=/sources")
	if !strings.Contains(body, "Sources") || !strings.ContainsAny(body, "٠١٢٣٤٥٦٧٨٩") {
		t.Fatalf("Arabic-Indic digits in English UI: %.300s", body)
	}
	resp, _ := get(t, noRedirect(), ts.URL, "/prefs?lang=ar&next=//evil.test/")
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Fatalf("open redirect to %q", loc)
	}
}

func between(s, a, b string) string {
	_, rest, ok := strings.Cut(s, a)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, b)
	return v
}
