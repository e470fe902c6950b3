package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/internal/fixturesite"
)

func TestSourcesAndCrawl(t *testing.T) {
	site := fixturesite.Start()
	defer site.Close()
	data := t.TempDir()
	cli := func(args ...string) (int, string, string) {
		return runCLI(t, nil, append([]string{"--data", data}, args...)...)
	}

	// Discovery is refused on loopback unless allowed.
	if code, _, stderr := cli("sources", "add", site.URL+"/"); code != 1 || !strings.Contains(stderr, "not allowed") {
		t.Fatalf("adding a loopback site without permission: exit %d, %q", code, stderr)
	}
	code, out, stderr := cli("sources", "add", "--allow-private-addresses", "--country", "SY", site.URL+"/")
	if code != 0 {
		t.Fatalf("sources add: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "2 feeds, 1 sitemaps") {
		t.Errorf("sources add said %q, want 2 feeds and 1 sitemap discovered", out)
	}
	code, out, _ = cli("sources", "list", "--json")
	var srcs []marsad.Source
	if code != 0 || json.Unmarshal([]byte(out), &srcs) != nil || len(srcs) != 1 || srcs[0].Name != "مرصد الاختبار" || srcs[0].Country != "SY" {
		t.Fatalf("sources list: exit %d, %s", code, out)
	}

	code, out, stderr = cli("crawl", "--once", "--allow-private-addresses", "--min-delay", "5ms")
	if code != 0 {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	t.Log(out)
	if n := len(site.Hits("/articles/2025-11-17-damascus-talks.html")); n != 1 {
		t.Errorf("article fetched %d times, want 1", n)
	}
	if files, _ := filepath.Glob(filepath.Join(data, "warc", "*.warc.gz")); len(files) == 0 {
		t.Error("no WARC file written")
	}

	// The crawled articles are in the archive and searchable.
	code, out, stderr = cli("search", "--json", "مباحثات عسكرية")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	var res marsad.SearchResults
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range res.Results {
		if strings.HasSuffix(h.URL, "2025-11-17-damascus-talks.html") {
			found = true
		}
	}
	if !found {
		t.Errorf("crawled article not found by search: %s", out)
	}

	// A second crawl right away fetches no article again.
	code, _, stderr = cli("crawl", "--once", "--allow-private-addresses", "--min-delay", "5ms")
	if code != 0 {
		t.Fatalf("second crawl: exit %d: %s", code, stderr)
	}
	// The feeds list four articles (the sitemap's are older than the
	// backfill window on the real clock).
	if n := len(site.Hits("/articles/")); n != 4 {
		t.Errorf("articles fetched %d times in all, want 4 (each once)", n)
	}

	// OPML out and back in.
	opmlPath := filepath.Join(t.TempDir(), "feeds.opml")
	if code, _, stderr := cli("sources", "export", opmlPath); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	b, _ := os.ReadFile(opmlPath)
	if !strings.Contains(string(b), site.URL+"/feed.xml") {
		t.Errorf("OPML lacks the feed: %s", b)
	}
	other := t.TempDir()
	if code, out, stderr := runCLI(t, nil, "--data", other, "sources", "import", opmlPath); code != 0 || !strings.Contains(out, "imported 1") {
		t.Errorf("import: exit %d %q %q", code, out, stderr)
	}
	if code, _, _ := cli("sources", "remove", "nope.example"); code != 1 {
		t.Errorf("removing an unknown source: exit %d, want 1", code)
	}
}
