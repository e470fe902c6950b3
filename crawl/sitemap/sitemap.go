// Package sitemap reads XML sitemaps, sitemap indexes and Google News
// sitemaps (with their publication dates and titles) for the crawler.
package sitemap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// MaxURLs bounds the entries kept from one sitemap (the protocol allows
// 50,000 per file).
const MaxURLs = 50000

// URL is one page listed by a sitemap.
type URL struct {
	Loc     string
	LastMod time.Time
	// Published and Title come from the Google News extension, when present.
	Published time.Time
	Title     string
}

// Sitemap is a parsed sitemap: either an index of other sitemaps
// (Sitemaps) or a list of pages (URLs).
type Sitemap struct {
	Sitemaps []string
	URLs     []URL
}

// Parse reads a sitemap or sitemap index. Only http(s) locations on the
// same registrable host as base are kept when sameHost is true.
func Parse(data []byte, base string, sameHost bool) (*Sitemap, error) {
	bu, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("sitemap %s: %w", base, err)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "us-ascii") {
			return r, nil
		}
		return nil, fmt.Errorf("unsupported sitemap encoding %q", label)
	}
	out := &Sitemap{}
	var (
		root    string
		cur     *URL
		inNews  bool
		text    strings.Builder
		inSmLoc bool
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if root == "" {
				return nil, fmt.Errorf("sitemap %s: %w", base, err)
			}
			break // keep what was read from a truncated file
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if root == "" {
				root = name
				if root != "urlset" && root != "sitemapindex" {
					return nil, fmt.Errorf("sitemap %s: root element <%s> is not a sitemap", base, root)
				}
			}
			text.Reset()
			switch {
			case name == "url" && root == "urlset":
				cur = &URL{}
			case name == "sitemap" && root == "sitemapindex":
				inSmLoc = true
			case name == "news":
				inNews = true
			}
		case xml.CharData:
			if text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			v := strings.TrimSpace(text.String())
			switch name := t.Name.Local; {
			case name == "loc" && inSmLoc:
				if u := keep(bu, v, sameHost); u != "" && len(out.Sitemaps) < MaxURLs {
					out.Sitemaps = append(out.Sitemaps, u)
				}
			case name == "sitemap":
				inSmLoc = false
			case cur != nil && name == "loc" && !inNews:
				cur.Loc = keep(bu, v, sameHost)
			case cur != nil && name == "lastmod":
				cur.LastMod = parseTime(v)
			case cur != nil && inNews && name == "publication_date":
				cur.Published = parseTime(v)
			case cur != nil && inNews && name == "title":
				cur.Title = v
			case name == "news":
				inNews = false
			case name == "url" && cur != nil:
				if cur.Loc != "" && len(out.URLs) < MaxURLs {
					out.URLs = append(out.URLs, *cur)
				}
				cur = nil
			}
			text.Reset()
		}
	}
	if root == "" {
		return nil, fmt.Errorf("sitemap %s: empty document", base)
	}
	return out, nil
}

// keep resolves loc against base and filters schemes and foreign hosts.
func keep(base *url.URL, loc string, sameHost bool) string {
	u, err := url.Parse(loc)
	if err != nil {
		return ""
	}
	u = base.ResolveReference(u)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	if sameHost && !SameSite(u.Hostname(), base.Hostname()) {
		return ""
	}
	return u.String()
}

// SameSite reports whether hosts a and b belong to one site, ignoring a
// leading "www.".
func SameSite(a, b string) bool {
	a = strings.TrimPrefix(strings.ToLower(a), "www.")
	b = strings.TrimPrefix(strings.ToLower(b), "www.")
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}

// parseTime reads the W3C datetime forms sitemaps use.
func parseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
