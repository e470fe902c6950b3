package cluster

import (
	"regexp"
	"sort"

	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
)

// Comparison is the coverage of one story side by side: who covered it,
// whom each outlet named and quoted, and the facts they disagree on.
type Comparison struct {
	// Title is the most representative headline: the title of an original
	// article sharing the most vocabulary with the whole coverage.
	Title string    `json:"title"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// Outlets are the sources with their articles, the outlet that
	// covered the story first first.
	Outlets []OutletCoverage `json:"outlets"`
	// Entities are the persons, organizations and places named, with the
	// outlets naming each, most widely named first.
	Entities []EntityCoverage `json:"entities"`
	// Quotes are the speakers quoted, with what each outlet quoted.
	Quotes []SpeakerCoverage `json:"quotes"`
	// Facts are the numbers and dates on which outlets disagree.
	Facts []Fact `json:"facts,omitempty"`
}

// OutletCoverage is one outlet's articles in a story.
type OutletCoverage struct {
	Source   string                `json:"source"`
	Articles []marsad.StoryArticle `json:"articles"`
	// Copies is the number of its articles that republish another's text.
	Copies int `json:"copies"`
	// Quoted are the speakers this outlet quoted.
	Quoted []string `json:"quoted,omitempty"`
}

// EntityCoverage is one entity across the outlets.
type EntityCoverage struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Roles   []string `json:"roles,omitempty"`
	Sources []string `json:"sources"`
}

// SpeakerCoverage is one speaker and the outlets that quoted them.
type SpeakerCoverage struct {
	Speaker string        `json:"speaker"`
	Sources []string      `json:"sources"`
	Quotes  []SourceQuote `json:"quotes"`
}

// SourceQuote is a statement as one outlet reported it.
type SourceQuote struct {
	Source string `json:"source"`
	Kind   string `json:"kind"`
	Text   string `json:"text"`
}

// Fact is a number or date the outlets report differently.
type Fact struct {
	// Kind is "number" or "date".
	Kind string `json:"kind"`
	// About is what is counted (the word after the number) or "event date".
	About  string      `json:"about"`
	Values []FactValue `json:"values"`
}

// FactValue is one reported value and the outlets reporting it.
type FactValue struct {
	Value   string   `json:"value"`
	Sources []string `json:"sources"`
}

// numberRe finds a number followed by the word it counts.
var numberRe = regexp.MustCompile(`(\d[\d.,]*)\s+(?:من\s+)?([\p{Arabic}]{2,})`)

// Compare lays the articles of one story side by side. Copies (articles
// with DuplicateOf set by the caller through Article.Meta["duplicate_of"],
// or identical bodies) are listed but do not count as an outlet's own
// reporting of entities, quotes or facts. articles may be in any order;
// nil entries are skipped.
func Compare(articles []*marsad.Article) Comparison {
	var arts []*marsad.Article
	for _, a := range articles {
		if a != nil {
			arts = append(arts, a)
		}
	}
	sort.SliceStable(arts, func(i, j int) bool {
		ti, _ := parseTime(arts[i].Published)
		tj, _ := parseTime(arts[j].Published)
		return ti.Before(tj)
	})
	var cmp Comparison
	src := func(a *marsad.Article) string {
		if a.Source != "" {
			return a.Source
		}
		return "?"
	}
	// Profile for the title.
	profile := map[string]float64{}
	for _, a := range arts {
		v := map[string]float64{}
		terms(truncateRunes(a.Text, MaxTextRunes), func(w string) { v[w]++ })
		for k, x := range normalize(v) {
			profile[k] += x
		}
	}
	bestScore := -1.0
	outlets := map[string]*OutletCoverage{}
	var outletOrder []string
	ents := map[string]*EntityCoverage{}
	entCount := map[string]int{}
	speakers := map[string]*SpeakerCoverage{}
	numbers := map[string]map[string][]string{} // about -> value -> sources
	dates := map[string][]string{}
	seenBody := map[string]string{}
	for _, a := range arts {
		if t, ok := parseTime(a.Published); ok {
			if cmp.First.IsZero() || t.Before(cmp.First) {
				cmp.First = t
			}
			if t.After(cmp.Last) {
				cmp.Last = t
			}
		}
		s := src(a)
		oc := outlets[s]
		if oc == nil {
			oc = &OutletCoverage{Source: s}
			outlets[s] = oc
			outletOrder = append(outletOrder, s)
		}
		dup := a.Meta["duplicate_of"]
		body := arabic.Normalize(a.Text)
		if dup == "" && body != "" {
			if orig, ok := seenBody[body]; ok {
				dup = orig
			} else {
				seenBody[body] = a.ID
			}
		}
		oc.Articles = append(oc.Articles, marsad.StoryArticle{ID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, Published: a.Published, DuplicateOf: dup})
		if dup != "" {
			oc.Copies++
			continue
		}
		v := map[string]float64{}
		terms(a.Title, func(w string) { v[w]++ })
		if sc := cosine(normalize(v), profile); sc > bestScore {
			cmp.Title, bestScore = a.Title, sc
		}
		for _, e := range a.Entities {
			key := e.Type + ":" + e.Key
			ec := ents[key]
			if ec == nil {
				ec = &EntityCoverage{Key: e.Key, Name: e.Name, Type: e.Type}
				ents[key] = ec
			}
			if len([]rune(e.Name)) > len([]rune(ec.Name)) {
				ec.Name = e.Name
			}
			for _, r := range e.Roles {
				ec.Roles = addUnique(ec.Roles, r)
			}
			ec.Sources = addUnique(ec.Sources, s)
			entCount[key]++
		}
		// Speakers are grouped by entity key when the article names them
		// as an entity, so spellings of one person meet.
		keyOf := map[string]string{}
		for _, e := range a.Entities {
			keyOf[e.Name] = e.Type + ":" + e.Key
			for _, m := range e.Mentions {
				keyOf[m.Text] = e.Type + ":" + e.Key
			}
		}
		for _, q := range a.Quotes {
			if q.Speaker == "" || q.SpeakerType == marsad.SpeakerUnknown {
				continue
			}
			key := keyOf[q.Speaker]
			if key == "" {
				key = "name:" + arabic.Normalize(q.Speaker)
			}
			sp := speakers[key]
			if sp == nil {
				sp = &SpeakerCoverage{Speaker: q.Speaker}
				speakers[key] = sp
			}
			if ec := ents[key]; ec != nil {
				sp.Speaker = ec.Name
			}
			sp.Sources = addUnique(sp.Sources, s)
			sp.Quotes = append(sp.Quotes, SourceQuote{Source: s, Kind: q.Kind, Text: q.Text})
			oc.Quoted = addUnique(oc.Quoted, sp.Speaker)
		}
		for _, m := range numberRe.FindAllStringSubmatch(arabic.Normalize(truncateRunes(a.Text, MaxTextRunes)), 200) {
			about := arabic.Light10(m[2])
			if arabic.IsStopWord(m[2]) || len(m[1]) > 12 {
				continue
			}
			if numbers[about] == nil {
				numbers[about] = map[string][]string{}
			}
			numbers[about][m[1]] = addUnique(numbers[about][m[1]], s)
		}
		pt, _ := parseTime(a.Published)
		if ds := eventDates(a, pt); len(ds) > 0 {
			dates[ds[0]] = addUnique(dates[ds[0]], s)
		}
	}
	for _, s := range outletOrder {
		cmp.Outlets = append(cmp.Outlets, *outlets[s])
	}
	for _, ec := range ents {
		cmp.Entities = append(cmp.Entities, *ec)
	}
	sort.Slice(cmp.Entities, func(i, j int) bool {
		a, b := cmp.Entities[i], cmp.Entities[j]
		if len(a.Sources) != len(b.Sources) {
			return len(a.Sources) > len(b.Sources)
		}
		return a.Type+a.Key < b.Type+b.Key
	})
	for _, sp := range speakers {
		cmp.Quotes = append(cmp.Quotes, *sp)
	}
	sort.Slice(cmp.Quotes, func(i, j int) bool {
		a, b := cmp.Quotes[i], cmp.Quotes[j]
		if len(a.Sources) != len(b.Sources) {
			return len(a.Sources) > len(b.Sources)
		}
		return a.Speaker < b.Speaker
	})
	// Facts: a quantity counted by two outlets or more with different
	// values, each value from a different set of outlets.
	var abouts []string
	for k := range numbers {
		abouts = append(abouts, k)
	}
	sort.Strings(abouts)
	for _, about := range abouts {
		vals := numbers[about]
		if len(vals) < 2 || len(vals) > 6 {
			continue
		}
		outletsNaming := map[string]bool{}
		for _, ss := range vals {
			for _, s := range ss {
				outletsNaming[s] = true
			}
		}
		if len(outletsNaming) < 2 || !disagree(vals) {
			continue
		}
		cmp.Facts = append(cmp.Facts, Fact{Kind: "number", About: about, Values: factValues(vals)})
	}
	if len(dates) > 1 {
		cmp.Facts = append(cmp.Facts, Fact{Kind: "date", About: "event date", Values: factValues(dates)})
	}
	return cmp
}

// disagree reports whether some outlet gives a value that another outlet
// does not give.
func disagree(vals map[string][]string) bool {
	per := map[string]map[string]bool{}
	for v, ss := range vals {
		for _, s := range ss {
			if per[s] == nil {
				per[s] = map[string]bool{}
			}
			per[s][v] = true
		}
	}
	for s1, v1 := range per {
		for s2, v2 := range per {
			if s1 == s2 {
				continue
			}
			for v := range v1 {
				if !v2[v] && len(v2) > 0 {
					// s2 reports the quantity but never this value.
					return true
				}
			}
		}
	}
	return false
}

func factValues(vals map[string][]string) []FactValue {
	var out []FactValue
	for v, ss := range vals {
		out = append(out, FactValue{Value: v, Sources: ss})
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].Sources) != len(out[j].Sources) {
			return len(out[i].Sources) > len(out[j].Sources)
		}
		return out[i].Value < out[j].Value
	})
	return out
}

func addUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
