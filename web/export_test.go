package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/export"
)

func TestExportSearchCSV(t *testing.T) {
	base, _, f := alertServer(t)
	q := "دمشق"
	res, err := f.index.Search(context.Background(), marsad.Query{Text: q})
	if err != nil || res.Total < 5 {
		t.Fatalf("search: %v %d", err, res.Total)
	}
	resp, body := alertCall(t, "GET", base+"/api/v1/export?format=csv&q="+url.QueryEscape(q), "", "")
	wantStatus(t, "export csv", resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("content type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="marsad-search.csv"` {
		t.Errorf("content disposition %q", cd)
	}
	if !strings.HasPrefix(body, export.BOM) {
		t.Fatal("CSV without BOM")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, export.BOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != res.Total {
		t.Errorf("exported %d rows, search total %d", len(rows)-1, res.Total)
	}
	// limit
	_, body = alertCall(t, "GET", base+"/api/v1/export?format=csv&limit=3&q="+url.QueryEscape(q), "", "")
	if rows, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, export.BOM))).ReadAll(); len(rows) != 4 {
		t.Errorf("limit=3: %d rows", len(rows)-1)
	}
}

func TestExportSearchJSONL(t *testing.T) {
	base, _, f := alertServer(t)
	resp, body := alertCall(t, "GET", base+"/api/v1/export?q="+url.QueryEscape("خبيث"), "", "")
	wantStatus(t, "export jsonl", resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Errorf("content type %q", ct)
	}
	if strings.ContainsAny(body, "<>") || strings.ContainsFunc(body, isBidiControl) {
		t.Errorf("raw markup or bidi control in the export: %.300s", body)
	}
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(nil, 4<<20)
	found := false
	for sc.Scan() {
		var a marsad.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if a.ID == f.hostileID {
			found = strings.Contains(a.Title, evilScript)
		}
	}
	if !found {
		t.Error("the hostile article is not exported with its title as data")
	}
	// Nothing found: an empty export, still with its headers.
	resp, body = alertCall(t, "GET", base+"/api/v1/export?q=zzzqqqxxx", "", "")
	wantStatus(t, "empty export", resp, body, http.StatusOK)
	if body != "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/x-ndjson") {
		t.Errorf("empty export: %q %q", body, resp.Header.Get("Content-Type"))
	}
}

func TestExportErrors(t *testing.T) {
	base, _, _ := alertServer(t)
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/api/v1/export?format=xlsx", http.StatusBadRequest},
		{"/api/v1/export?from=2025/01/01", http.StatusBadRequest},
		{"/api/v1/export?limit=-1", http.StatusBadRequest},
		{"/api/v1/export?q=" + url.QueryEscape(strings.Repeat("كلمة ", 500)), http.StatusBadRequest},
		{"/api/v1/stories/no-such-story/export", http.StatusNotFound},
		{"/api/v1/stories/x/export?format=pdf", http.StatusBadRequest},
	} {
		resp, body := alertCall(t, "GET", base+tc.path, "", "")
		wantStatus(t, tc.path, resp, body, tc.status)
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || resp.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s: error as %q with disposition %q", tc.path, ct, resp.Header.Get("Content-Disposition"))
		}
	}
}

func TestExportStory(t *testing.T) {
	base, _, f := alertServer(t)
	st, err := f.store.Story(context.Background(), f.seedStory)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := alertCall(t, "GET", base+"/api/v1/stories/"+f.seedStory+"/export?format=jsonl", "", "")
	wantStatus(t, "story export", resp, body, http.StatusOK)
	lines := bytes.Split(bytes.TrimSpace([]byte(body)), []byte("\n"))
	if len(lines) != len(st.Articles) {
		t.Fatalf("%d lines, story has %d articles", len(lines), len(st.Articles))
	}
	ids := map[string]bool{}
	for _, l := range lines {
		var v struct {
			ID      string `json:"id"`
			StoryID string `json:"story_id"`
		}
		if err := json.Unmarshal(l, &v); err != nil || v.StoryID != f.seedStory {
			t.Fatalf("line %s: %v", l, err)
		}
		ids[v.ID] = true
	}
	if !ids[f.seedID] {
		t.Error("the founding example is not in its story's export")
	}
	resp, body = alertCall(t, "GET", base+"/api/v1/stories/"+f.seedStory+"/export?format=csv", "", "")
	wantStatus(t, "story csv", resp, body, http.StatusOK)
	if !strings.HasPrefix(body, export.BOM) || !strings.Contains(resp.Header.Get("Content-Disposition"), "marsad-story-") {
		t.Errorf("story csv: disposition %q", resp.Header.Get("Content-Disposition"))
	}
}

// TestExportBusy: exports beyond the concurrency limit get 503.
func TestExportBusy(t *testing.T) {
	ts, _ := newTestServer(t, func(o *Options) {
		o.Mount = []func(*Server){func(s *Server) {
			h := &exportRoutes{s: s, slots: make(chan struct{}, 1)}
			h.slots <- struct{}{} // one export running
			s.HandleStream("GET /api/v1/export", http.HandlerFunc(h.search), AccessRead)
		}}
	})
	resp, body := alertCall(t, "GET", ts.URL+"/api/v1/export", "", "")
	wantStatus(t, "busy", resp, body, http.StatusServiceUnavailable)
	if resp.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
}
