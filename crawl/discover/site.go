package discover

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/temoto/robotstxt"

	"github.com/marsad-news/marsad/crawl/feed"
	"github.com/marsad-news/marsad/crawl/fetch"
	"github.com/marsad-news/marsad/crawl/sitemap"
)

// Getter fetches one URL; *fetch.Fetcher implements it.
type Getter interface {
	Fetch(ctx context.Context, r fetch.Request) (*fetch.Response, error)
}

// Site is what discovery learned about an outlet.
type Site struct {
	// Home is the outlet's home page URL.
	Home string
	// Name is the site's name (feed or page title), when found.
	Name string
	// Language is the declared language, when found.
	Language string
	Feeds    []string
	Sitemaps []string
	// Sections are section pages to scan for article links when the site
	// has neither feeds nor sitemaps.
	Sections []string
}

// wellKnownSitemaps are tried when robots.txt names none.
var wellKnownSitemaps = []string{"/news-sitemap.xml", "/sitemap_news.xml", "/sitemap.xml", "/sitemap_index.xml"}

// Discover finds the feeds and sitemaps of the outlet at rawURL, which may
// be a home page or directly a feed. Network errors on optional probes
// (robots.txt, well-known sitemap paths) are not fatal; failing to fetch
// rawURL itself is.
func Discover(ctx context.Context, g Getter, rawURL string) (*Site, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discover %q: not an http(s) URL", rawURL)
	}
	resp, err := g.Fetch(ctx, fetch.Request{URL: u.String()})
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", u, err)
	}
	site := &Site{}
	root := u.Scheme + "://" + u.Host
	if f, err := feed.Parse(resp.Body, resp.URL); err == nil && looksLikeFeed(resp) {
		// The URL is itself a feed.
		site.Feeds = []string{resp.URL}
		site.Name = f.Title
		site.Language = f.Language
		site.Home = f.HomeURL
		if site.Home == "" {
			site.Home = root + "/"
		}
	} else {
		l := Page(resp.URL, resp.Body)
		site.Home = resp.URL
		site.Name = l.Title
		site.Language = l.Lang
		site.Feeds = l.Feeds
		site.Sections = l.Sections
	}
	site.Sitemaps = findSitemaps(ctx, g, root)
	return site, nil
}

// looksLikeFeed reports whether a response is a feed document rather than
// an HTML page that happens to parse.
func looksLikeFeed(r *fetch.Response) bool {
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	if strings.Contains(ct, "html") {
		return false
	}
	head := strings.ToLower(string(r.Body[:min(len(r.Body), 512)]))
	return strings.Contains(ct, "xml") || strings.Contains(ct, "json") || strings.Contains(head, "<rss") || strings.Contains(head, "<feed")
}

// findSitemaps returns the sitemaps robots.txt lists, or the well-known
// paths that answer with a sitemap.
func findSitemaps(ctx context.Context, g Getter, root string) []string {
	var out []string
	if r, err := g.Fetch(ctx, fetch.Request{URL: root + "/robots.txt"}); err == nil {
		if rd, err := robotstxt.FromBytes(r.Body); err == nil {
			for _, s := range rd.Sitemaps {
				if u := resolve(mustParse(root), s); u != "" {
					out = append(out, u)
				}
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, p := range wellKnownSitemaps {
		r, err := g.Fetch(ctx, fetch.Request{URL: root + p})
		if err != nil {
			continue
		}
		if _, err := sitemap.Parse(r.Body, r.URL, true); err == nil {
			out = append(out, r.URL)
		}
	}
	return out
}

func mustParse(s string) *url.URL {
	u, _ := url.Parse(s)
	return u
}
