// Package gazetteer holds the lists of known names that the analyzer
// matches in Arabic text: countries and cities (from Unicode CLDR, with
// their usual variants), major organizations, news agencies and outlets,
// and given names for person detection. The lists are embedded in the
// binary; users add their own with Entries or ReadTSV.
//
// Names are matched on their normalized form (see Key): diacritics and
// tatweel removed, hamza and alef forms, ى/ي and ة/ه folded.
package gazetteer

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strings"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
)

//go:embed data/*.tsv data/*.txt
var dataFS embed.FS

// MaxWords is the longest name, in words, that a gazetteer holds. Longer
// entries are refused by New.
const MaxWords = 8

// Entry is one named entity: its display name, type (marsad.EntityPerson,
// marsad.EntityOrganization or marsad.EntityLocation) and other ways of
// writing it.
type Entry struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Variants []string `json:"variants,omitempty"`
}

// Gender of a given name.
const (
	Unknown = iota
	Male
	Female
)

// Gazetteer is an immutable index of entries and given names. It is safe
// for concurrent use.
type Gazetteer struct {
	entries []Entry
	index   map[string]int // key of a name or variant -> entry index
	firsts  map[string]int // first word of a key -> most words of keys starting with it
	maxLen  int
	given   map[string]int // normalized given name -> gender
	family  map[string]bool
}

// Key returns the normalized matching form of a name: arabic.Normalize
// with white space collapsed to single spaces.
func Key(s string) string {
	return strings.Join(strings.Fields(arabic.Normalize(s)), " ")
}

// New builds a gazetteer from the embedded lists and extra entries.
// Extra entries override built-in ones with the same name or variant.
func New(extra []Entry) (*Gazetteer, error) {
	g := &Gazetteer{index: make(map[string]int), firsts: make(map[string]int), given: make(map[string]int), family: make(map[string]bool)}
	if err := g.loadBuiltin(); err != nil {
		return nil, err
	}
	for i, e := range extra {
		if err := g.add(e); err != nil {
			return nil, fmt.Errorf("extra entry %d: %w", i, err)
		}
	}
	return g, nil
}

func (g *Gazetteer) add(e Entry) error {
	switch e.Type {
	case marsad.EntityPerson, marsad.EntityOrganization, marsad.EntityLocation:
	default:
		return fmt.Errorf("entry %q: unknown type %q", e.Name, e.Type)
	}
	if Key(e.Name) == "" {
		return fmt.Errorf("entry with empty name")
	}
	idx := len(g.entries)
	g.entries = append(g.entries, e)
	for _, n := range append([]string{e.Name}, e.Variants...) {
		k := Key(n)
		if k == "" {
			continue
		}
		w := strings.Count(k, " ") + 1
		if w > MaxWords {
			return fmt.Errorf("entry %q: name %q longer than %d words", e.Name, n, MaxWords)
		}
		g.index[k] = idx
		g.maxLen = max(g.maxLen, w)
		first, _, _ := strings.Cut(k, " ")
		g.firsts[first] = max(g.firsts[first], w)
	}
	return nil
}

func (g *Gazetteer) loadBuiltin() error {
	// Countries from CLDR: code, name, alt names.
	if err := eachLine("data/countries.tsv", func(f []string) error {
		if len(f) < 2 {
			return nil
		}
		return g.add(Entry{Name: f[1], Type: marsad.EntityLocation, Variants: f[2:]})
	}); err != nil {
		return err
	}
	if err := eachLine("data/cities.txt", func(f []string) error {
		return g.add(Entry{Name: f[0], Type: marsad.EntityLocation})
	}); err != nil {
		return err
	}
	if err := eachLine("data/extra.tsv", func(f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("extra.tsv: short line %q", strings.Join(f, "\t"))
		}
		return g.add(Entry{Type: f[0], Name: f[1], Variants: f[2:]})
	}); err != nil {
		return err
	}
	for _, l := range []struct {
		file   string
		gender int
	}{{"data/given-male.txt", Male}, {"data/given-female.txt", Female}} {
		if err := eachLine(l.file, func(f []string) error {
			g.given[Key(f[0])] = l.gender
			return nil
		}); err != nil {
			return err
		}
	}
	if err := eachLine("data/given-extra.txt", func(f []string) error {
		gen := Male
		if len(f) > 1 && f[1] == "f" {
			gen = Female
		}
		g.given[Key(f[0])] = gen
		return nil
	}); err != nil {
		return err
	}
	return eachLine("data/family.txt", func(f []string) error {
		g.family[Key(f[0])] = true
		return nil
	})
}

// eachLine calls fn with the tab-separated fields of every non-empty,
// non-comment line of an embedded file.
func eachLine(name string, fn func([]string) error) error {
	f, err := dataFS.Open(name)
	if err != nil {
		return fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	return scanTSV(f, name, fn)
}

func scanTSV(r io.Reader, name string, fn func([]string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var fields []string
		for _, f := range strings.Split(line, "\t") {
			if f = strings.TrimSpace(f); f != "" {
				fields = append(fields, f)
			}
		}
		if err := fn(fields); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// ReadTSV reads user entries, one per line: type, name and variants
// separated by tabs ("organization\tالشبكة السورية لحقوق الإنسان\tالشبكة
// السورية"). Empty lines and lines starting with # are skipped. The type
// is person, organization or location.
func ReadTSV(r io.Reader) ([]Entry, error) {
	var out []Entry
	err := scanTSV(r, "gazetteer", func(f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("want type and name, got %q", strings.Join(f, " "))
		}
		switch f[0] {
		case marsad.EntityPerson, marsad.EntityOrganization, marsad.EntityLocation:
		default:
			return fmt.Errorf("unknown type %q", f[0])
		}
		out = append(out, Entry{Type: f[0], Name: f[1], Variants: f[2:]})
		return nil
	})
	return out, err
}

// MaxLen is the length in words of the longest name held.
func (g *Gazetteer) MaxLen() int { return g.maxLen }

// Len is the number of entries.
func (g *Gazetteer) Len() int { return len(g.entries) }

// Lookup returns the entry whose name or variant has the key k (see Key).
func (g *Gazetteer) Lookup(k string) (Entry, bool) {
	i, ok := g.index[k]
	if !ok {
		return Entry{}, false
	}
	return g.entries[i], true
}

// Starts returns the most words of the names whose key starts with the
// normalized word w, or 0 when no name starts with it.
func (g *Gazetteer) Starts(w string) int { return g.firsts[w] }

// Given reports whether the normalized word w is a known given name, and
// its gender (Male, Female or Unknown).
func (g *Gazetteer) Given(w string) (gender int, ok bool) {
	gen, ok := g.given[w]
	return gen, ok
}

// Family reports whether the normalized word w is a known family name.
func (g *Gazetteer) Family(w string) bool { return g.family[w] }
