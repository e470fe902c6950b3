package discover

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/marsad-news/marsad/crawl/fetch"
)

func TestDiscover(t *testing.T) {
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `<html lang="ar"><head><title>موقع</title><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><a href="/section/">قسم</a></body></html>`)
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nDisallow: /admin/\nSitemap: %s/news-sitemap.xml\n", srv.URL)
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>موقع</title><link>/</link><item><link>/a/1</link></item></channel></rss>`)
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()
	f := fetch.New(fetch.Options{AllowPrivate: true, MinDelay: -1})
	ctx := context.Background()

	site, err := Discover(ctx, f, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(site.Feeds, []string{srv.URL + "/feed.xml"}) || site.Name != "موقع" || site.Language != "ar" {
		t.Errorf("site %+v", site)
	}
	if !slices.Equal(site.Sitemaps, []string{srv.URL + "/news-sitemap.xml"}) {
		t.Errorf("sitemaps %v", site.Sitemaps)
	}

	// A feed URL given directly.
	site, err = Discover(ctx, f, srv.URL+"/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(site.Feeds, []string{srv.URL + "/feed.xml"}) || site.Home != srv.URL+"/" {
		t.Errorf("feed site %+v", site)
	}

	if _, err := Discover(ctx, f, "ftp://x"); err == nil {
		t.Error("ftp URL accepted")
	}
}
