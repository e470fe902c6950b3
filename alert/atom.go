package alert

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
)

// AtomContentType is the media type of the feed WriteAtom writes.
const AtomContentType = "application/atom+xml; charset=utf-8"

// Feed is what WriteAtom needs for one alert's feed.
type Feed struct {
	Alert marsad.Alert
	// Entries are the alert's matches, newest first.
	Entries []marsad.AlertMatch
	// BaseURL is the web app's absolute URL (e.g. "http://localhost:8080"):
	// the feed's self link is BaseURL/api/v1/alerts/ID/feed, and entries of
	// articles without an http(s) URL link to BaseURL/article/ID.
	BaseURL string
	// Updated is used when there is no entry (zero: the alert's creation).
	Updated time.Time
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   atomText    `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Gen     atomGen     `xml:"generator"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomGen struct {
	URI  string `xml:"uri,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Links     []atomLink `xml:"link"`
	Author    atomAuthor `xml:"author"`
	Summary   *atomText  `xml:"summary,omitempty"`
}

// WriteAtom writes an alert's matches as an Atom 1.0 feed (RFC 4287).
// Everything from articles is written as escaped text (type="text"), so
// a title holding markup shows as characters in a reader, never as markup;
// characters XML cannot carry are replaced with U+FFFD.
func WriteAtom(w io.Writer, f Feed) error {
	base := strings.TrimRight(f.BaseURL, "/")
	a := f.Alert
	updated := f.Updated
	if len(f.Entries) > 0 {
		updated = f.Entries[0].Matched
	}
	if updated.IsZero() {
		updated = a.Created
	}
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	title := a.Name
	if title == "" {
		title = a.Query.Text
	}
	feed := atomFeed{
		Lang:    "ar",
		ID:      "urn:marsad:alert:" + url.PathEscape(a.ID),
		Title:   atomText{Type: "text", Text: clean("مرصد — " + title)},
		Updated: rfc3339(updated),
		Author:  atomAuthor{Name: "marsad"},
		Gen:     atomGen{URI: "https://github.com/marsad-news/marsad", Text: "marsad"},
	}
	if base != "" {
		feed.Links = append(feed.Links,
			atomLink{Rel: "self", Type: "application/atom+xml", Href: base + "/api/v1/alerts/" + url.PathEscape(a.ID) + "/feed"},
			atomLink{Rel: "alternate", Type: "text/html", Href: base + "/search?" + searchParams(a.Query).Encode()},
		)
	}
	for _, m := range f.Entries {
		e := atomEntry{
			ID:      "urn:marsad:alert:" + url.PathEscape(a.ID) + ":article:" + url.PathEscape(m.Article.ID),
			Title:   atomText{Type: "text", Text: clean(m.Article.Title)},
			Updated: rfc3339(m.Matched),
			Author:  atomAuthor{Name: clean(m.Article.Source)},
		}
		if e.Title.Text == "" {
			e.Title.Text = m.Article.ID
		}
		if e.Author.Name == "" {
			e.Author.Name = "marsad"
		}
		if p := publishedTime(m.Article.Published); !p.IsZero() {
			e.Published = rfc3339(p)
		}
		if u := httpURL(m.Article.URL); u != "" {
			e.Links = append(e.Links, atomLink{Rel: "alternate", Type: "text/html", Href: u})
		}
		if base != "" {
			rel := "alternate"
			if len(e.Links) > 0 {
				rel = "related"
			}
			e.Links = append(e.Links, atomLink{Rel: rel, Type: "text/html", Href: base + "/article/" + url.PathEscape(m.Article.ID)})
		}
		if s := clean(m.Summary); s != "" {
			e.Summary = &atomText{Type: "text", Text: s}
		}
		feed.Entries = append(feed.Entries, e)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("atom feed: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return fmt.Errorf("atom feed: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("atom feed: %w", err)
	}
	return nil
}

// searchParams are the URL parameters of the web search page for q.
func searchParams(q marsad.Query) url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	if q.From != "" {
		v.Set("from", q.From)
	}
	if q.To != "" {
		v.Set("to", q.To)
	}
	for _, s := range q.Sources {
		v.Add("source", s)
	}
	for _, s := range q.Categories {
		v.Add("category", s)
	}
	for _, s := range q.Languages {
		v.Add("lang", s)
	}
	for _, s := range q.Entities {
		v.Add("entity", s)
	}
	return v
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// publishedTime parses an ISO 8601 Published value (a date counts as its
// midnight UTC), or returns zero.
func publishedTime(p string) time.Time {
	p = strings.TrimSpace(p)
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, p); err == nil {
			return t
		}
	}
	return time.Time{}
}

// httpURL returns u when it is an absolute http(s) URL, else "".
func httpURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

// clean drops bidirectional override and isolate controls (they could
// reorder what a reader displays around the text) and C0 controls other
// than tab and newline.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return -1
		case r < 0x20 && r != '\t' && r != '\n':
			return -1
		}
		return r
	}, s)
}
