// Package feed reads RSS, Atom and JSON Feed documents into the list of
// article links the crawler follows.
package feed

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// MaxItems bounds how many items of one feed are kept.
const MaxItems = 1000

// Item is one entry of a feed.
type Item struct {
	URL       string
	Title     string
	Published time.Time // zero when the feed does not say
}

// Feed is a parsed feed.
type Feed struct {
	Title    string
	Language string
	HomeURL  string
	Items    []Item
}

// Parse reads a feed of any supported format. Item links are resolved
// against base (the feed's URL); items without an http(s) link are
// skipped, and at most MaxItems are kept.
func Parse(data []byte, base string) (*Feed, error) {
	p := gofeed.NewParser()
	f, err := p.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", base, err)
	}
	bu, _ := url.Parse(base)
	out := &Feed{Title: strings.TrimSpace(f.Title), Language: f.Language, HomeURL: resolve(bu, f.Link)}
	seen := make(map[string]bool)
	for _, it := range f.Items {
		if it == nil || len(out.Items) >= MaxItems {
			continue
		}
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		u := resolve(bu, link)
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		item := Item{URL: u, Title: strings.TrimSpace(it.Title)}
		switch {
		case it.PublishedParsed != nil:
			item.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			item.Published = *it.UpdatedParsed
		}
		out.Items = append(out.Items, item)
	}
	return out, nil
}

// resolve makes ref absolute against base and keeps only http(s) URLs.
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}
