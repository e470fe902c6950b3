// Package outlets holds marsad's curated default list of major Arabic news
// outlets (pan-Arab, Syrian, Egyptian, Gulf, Levantine, Iraqi, Maghrebi,
// and the Arabic services of international broadcasters), embedded in the
// binary as home-page URLs. Feeds and sitemaps are discovered on first run.
package outlets

import (
	_ "embed"
	"fmt"
	"net/url"
	"strings"

	"github.com/marsad-news/marsad"
)

//go:embed defaults.tsv
var defaultsTSV string

// Defaults returns the curated outlets as sources (without feeds or
// sitemaps, which discovery fills in).
func Defaults() ([]marsad.Source, error) {
	return parse(defaultsTSV)
}

func parse(tsv string) ([]marsad.Source, error) {
	var out []marsad.Source
	for i, line := range strings.Split(tsv, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("outlets line %d: want 4 tab-separated fields, got %d", i+1, len(f))
		}
		u, err := url.Parse(f[0])
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return nil, fmt.Errorf("outlets line %d: bad home URL %q", i+1, f[0])
		}
		country := f[2]
		if country == "int" {
			country = ""
		}
		out = append(out, marsad.Source{ID: SourceID(f[0]), Name: f[1], HomeURL: f[0], Language: "ar", Country: strings.ToUpper(country), Category: f[3]})
	}
	return out, nil
}

// SourceID derives a source's ID from its home URL: the host (with a
// non-default port) without "www.", plus the first path segment when the outlet lives under one
// (bbc.com/arabic -> "bbc.com/arabic").
func SourceID(home string) string {
	u, err := url.Parse(strings.TrimSpace(home))
	if err != nil || u.Host == "" {
		return strings.ToLower(strings.TrimSpace(home))
	}
	id := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	if seg, _, _ := strings.Cut(strings.Trim(u.Path, "/"), "/"); seg != "" {
		id += "/" + strings.ToLower(seg)
	}
	return id
}
