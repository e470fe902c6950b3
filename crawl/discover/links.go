// Package discover finds how to follow an outlet: the feeds a home page
// announces, the sitemaps robots.txt and the usual paths give, and, as a
// fallback, the article links on its home and section pages.
package discover

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/marsad-news/marsad/crawl/sitemap"
)

// MaxLinks bounds the links kept from one page.
const MaxLinks = 2000

// Links are what one HTML page points to.
type Links struct {
	// Feeds are RSS, Atom and JSON feeds announced with <link rel="alternate">.
	Feeds []string
	// Articles are same-site links that look like article pages.
	Articles []string
	// Sections are same-site links that look like section (category) pages.
	Sections []string
	// Title is the page's <title>.
	Title string
	// Lang is the <html lang> attribute.
	Lang string
}

var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/json":      false,
	"application/rdf+xml":   true,
	"text/xml":              true,
	"application/xml":       true,
}

// Page reads the links of one HTML page located at base.
func Page(base string, page []byte) Links {
	var out Links
	bu, err := url.Parse(base)
	if err != nil {
		return out
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	z.SetMaxBuf(4 << 20)
	seen := map[string]bool{}
	inTitle := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt == html.TextToken && inTitle && out.Title == "" {
			out.Title = strings.TrimSpace(string(z.Text()))
			continue
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			if tt == html.EndTagToken {
				inTitle = false
			}
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if a == atom.Title {
			inTitle = true
			continue
		}
		if !hasAttr || (a != atom.Link && a != atom.A && a != atom.Html) {
			continue
		}
		attrs := map[string]string{}
		for {
			k, v, more := z.TagAttr()
			attrs[string(k)] = string(v)
			if !more {
				break
			}
		}
		switch a {
		case atom.Html:
			out.Lang = attrs["lang"]
		case atom.Link:
			rel := strings.ToLower(attrs["rel"])
			typ := strings.ToLower(strings.TrimSpace(attrs["type"]))
			if strings.Contains(rel, "alternate") && feedTypes[typ] {
				if u := resolve(bu, attrs["href"]); u != "" && !seen[u] {
					seen[u] = true
					out.Feeds = append(out.Feeds, u)
				}
			}
		case atom.A:
			u := resolve(bu, attrs["href"])
			if u == "" || seen[u] || len(out.Articles)+len(out.Sections) >= MaxLinks {
				continue
			}
			pu, _ := url.Parse(u)
			if !sitemap.SameSite(pu.Hostname(), bu.Hostname()) {
				continue
			}
			seen[u] = true
			switch classify(pu) {
			case kindArticle:
				out.Articles = append(out.Articles, u)
			case kindSection:
				out.Sections = append(out.Sections, u)
			}
		}
	}
}

type linkKind int

const (
	kindOther linkKind = iota
	kindArticle
	kindSection
)

var sectionWords = []string{"category", "section", "tag", "tags", "topics", "topic", "news", "author", "archive", "page"}

var skipWords = []string{"login", "signin", "register", "contact", "about", "privacy", "terms", "search", "subscribe", "wp-admin", "feed", "rss", "cdn-cgi", "wp-json", "share", "print"}

// classify guesses from the URL alone whether a link is an article, a
// section page or something else (assets, accounts, static pages).
func classify(u *url.URL) linkKind {
	p := strings.ToLower(u.EscapedPath())
	if ext := path.Ext(p); ext != "" && ext != ".html" && ext != ".htm" && ext != ".php" && ext != ".aspx" {
		return kindOther
	}
	segs := strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
	if len(segs) == 0 {
		return kindOther
	}
	for _, s := range segs {
		for _, w := range skipWords {
			if s == w {
				return kindOther
			}
		}
	}
	first := segs[0]
	for _, w := range sectionWords {
		if first == w && len(segs) <= 3 && !hasLongID(segs[len(segs)-1]) {
			return kindSection
		}
	}
	last, _ := url.PathUnescape(segs[len(segs)-1])
	switch {
	case hasLongID(last), len(segs) >= 2 && slugWords(last) >= 3, slugWords(last) >= 4:
		return kindArticle
	case len(segs) == 1 && slugWords(last) <= 2:
		return kindSection
	}
	if u.RawQuery != "" && (strings.Contains(u.RawQuery, "id=") || strings.Contains(u.RawQuery, "p=")) {
		return kindArticle
	}
	return kindOther
}

// hasLongID reports a run of at least four digits, as article IDs and dates have.
func hasLongID(s string) bool {
	run := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			run++
			if run >= 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// slugWords counts the words of a slug separated by - or _.
func slugWords(s string) int {
	return len(strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == '+' || unicode.IsSpace(r) }))
}

func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	u = base.ResolveReference(u)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}
