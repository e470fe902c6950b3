package sitemap

import (
	"testing"
	"time"
)

const index = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/news-sitemap.xml</loc></sitemap>
<sitemap><loc>/posts-sitemap.xml</loc></sitemap>
<sitemap><loc>https://evil.example/x.xml</loc></sitemap>
</sitemapindex>`

const news = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://www.news.example/2025/11/17/talks</loc>
<news:news><news:publication><news:name>أخبار</news:name><news:language>ar</news:language></news:publication>
<news:publication_date>2025-11-17T08:30:00+02:00</news:publication_date><news:title>مباحثات عسكرية سورية روسية</news:title></news:news></url>
<url><loc>https://news.example/about</loc><lastmod>2024-01-02</lastmod></url>
<url><loc>mailto:x@news.example</loc></url>
</urlset>`

func TestParseIndex(t *testing.T) {
	sm, err := Parse([]byte(index), "https://news.example/sitemap.xml", true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://news.example/news-sitemap.xml", "https://news.example/posts-sitemap.xml"}
	if len(sm.Sitemaps) != len(want) || sm.Sitemaps[0] != want[0] || sm.Sitemaps[1] != want[1] {
		t.Errorf("sitemaps %v, want %v", sm.Sitemaps, want)
	}
}

func TestParseNews(t *testing.T) {
	sm, err := Parse([]byte(news), "https://news.example/news-sitemap.xml", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(sm.URLs) != 2 {
		t.Fatalf("urls %+v", sm.URLs)
	}
	u := sm.URLs[0]
	if u.Loc != "https://www.news.example/2025/11/17/talks" || u.Title != "مباحثات عسكرية سورية روسية" {
		t.Errorf("first url %+v", u)
	}
	if !u.Published.Equal(time.Date(2025, 11, 17, 6, 30, 0, 0, time.UTC)) {
		t.Errorf("published %v", u.Published)
	}
	if !sm.URLs[1].LastMod.Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("lastmod %v", sm.URLs[1].LastMod)
	}
}

func TestParseBad(t *testing.T) {
	for _, in := range []string{"", "<html><body/></html>", "not xml at all"} {
		if _, err := Parse([]byte(in), "https://news.example/s.xml", true); err == nil {
			t.Errorf("Parse(%q) gave no error", in)
		}
	}
	// Truncated: keeps what was complete.
	sm, err := Parse([]byte(news[:len(news)/2+200]), "https://news.example/s.xml", true)
	if err != nil || len(sm.URLs) != 1 {
		t.Errorf("truncated: %v, %d urls", err, len(sm.URLs))
	}
}

func FuzzParse(f *testing.F) {
	f.Add(index)
	f.Add(news)
	f.Add("<urlset><url><loc>")
	f.Fuzz(func(t *testing.T, s string) {
		sm, err := Parse([]byte(s), "https://news.example/s.xml", true)
		if err != nil {
			return
		}
		if len(sm.URLs) > MaxURLs || len(sm.Sitemaps) > MaxURLs {
			t.Fatal("limit exceeded")
		}
	})
}
