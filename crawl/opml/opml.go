// Package opml reads and writes OPML 2.0 subscription lists, the format
// every feed reader imports and exports, as marsad sources.
package opml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
)

// MaxBytes bounds an OPML document read by Parse.
const MaxBytes = 8 << 20

type document struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Head    head      `xml:"head"`
	Body    []outline `xml:"body>outline"`
}

type head struct {
	Title       string `xml:"title,omitempty"`
	DateCreated string `xml:"dateCreated,omitempty"`
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr,omitempty"`
	Type     string    `xml:"type,attr,omitempty"`
	XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
	Language string    `xml:"language,attr,omitempty"`
	Category string    `xml:"category,attr,omitempty"`
	Outlines []outline `xml:"outline"`
}

// Parse reads an OPML document into sources: one per feed outline (with
// xmlUrl), or per site outline (htmlUrl only). A parent outline's text
// becomes the category of the outlines inside it, unless they carry one.
// Outlines with URLs that are not http(s) are skipped.
func Parse(r io.Reader) ([]marsad.Source, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("opml: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("opml: document larger than %d bytes", MaxBytes)
	}
	var doc document
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("opml: %w", err)
	}
	var out []marsad.Source
	var walk func(os []outline, category string, depth int)
	walk = func(os []outline, category string, depth int) {
		if depth > 10 {
			return
		}
		for _, o := range os {
			name := strings.TrimSpace(o.Title)
			if name == "" {
				name = strings.TrimSpace(o.Text)
			}
			cat := o.Category
			if cat == "" {
				cat = category
			}
			feed, home := httpURL(o.XMLURL), httpURL(o.HTMLURL)
			switch {
			case feed != "":
				if home == "" {
					home = siteRoot(feed)
				}
				out = append(out, marsad.Source{Name: name, HomeURL: home, Language: o.Language, Category: cat, Feeds: []string{feed}})
			case home != "":
				out = append(out, marsad.Source{Name: name, HomeURL: home, Language: o.Language, Category: cat})
			}
			if len(o.Outlines) > 0 {
				walk(o.Outlines, name, depth+1)
			}
		}
	}
	walk(doc.Body, "", 0)
	return out, nil
}

// Write writes sources as an OPML 2.0 document: one outline per feed of
// each source (a source without feeds gets one outline with its home page).
func Write(w io.Writer, title string, sources []marsad.Source, now time.Time) error {
	doc := document{Version: "2.0", Head: head{Title: title, DateCreated: now.UTC().Format(time.RFC1123Z)}}
	for _, s := range sources {
		if len(s.Feeds) == 0 {
			doc.Body = append(doc.Body, outline{Text: s.Name, Title: s.Name, HTMLURL: s.HomeURL, Language: s.Language, Category: s.Category})
			continue
		}
		for _, f := range s.Feeds {
			doc.Body = append(doc.Body, outline{Text: s.Name, Title: s.Name, Type: "rss", XMLURL: f, HTMLURL: s.HomeURL, Language: s.Language, Category: s.Category})
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("opml: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("opml: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func httpURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

func siteRoot(s string) string {
	u, _ := url.Parse(s)
	return u.Scheme + "://" + u.Host + "/"
}
