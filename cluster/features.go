package cluster

import (
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/arabic"
)

// Limits on what is read from one article.
const (
	// MaxTextRunes is how much of an article's text is read.
	MaxTextRunes = 20_000
	// MaxTerms is the number of distinct terms of an article kept for
	// matching (the most frequent ones).
	MaxTerms = 300
	// MaxEntities is the number of entities of an article used.
	MaxEntities = 64
	// MinTerms is the number of distinct terms an article needs to join an
	// existing story by similarity.
	MinTerms = 4
	// minShingles is the number of shingles a text needs for duplicate
	// detection.
	minShingles = 8
)

// features is what the clusterer keeps of an article.
type features struct {
	id, url, title, source, published, credit string
	t                                         time.Time
	// tf are term counts (title terms count twice).
	tf map[string]float64
	// ents are entity keys with their weights.
	ents map[string]float64
	// dates are the event days the article is about (YYYY-MM-DD).
	dates []string
	// sig is the MinHash signature of the body; nil when the body is too
	// short for duplicate detection.
	sig      []uint32
	shingles int
	// places are the places named in the lead (title and first
	// leadRunes of the text) or as an event's place.
	places []string
	// hasText reports a non-empty body.
	hasText bool
	// parts are the participants of the article's events that have at
	// least two (who met whom), normalized, at most MaxEntities.
	parts []string
}

// parseTime reads Article.Published: RFC 3339 or YYYY-MM-DD (and shorter).
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func truncateRunes(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// terms returns the matching terms of s: normalized, light-stemmed words of
// two letters or more that are not stop words, and numbers.
func terms(s string, each func(string)) {
	for _, tok := range arabic.Tokenize(s) {
		if tok.Kind != arabic.Word && tok.Kind != arabic.Latin {
			continue
		}
		w := strings.ToLower(arabic.Normalize(tok.Text))
		if arabic.IsStopWord(w) {
			continue
		}
		st := arabic.Light10(w)
		if len([]rune(st)) < 2 || arabic.IsStopWord(st) {
			continue
		}
		each(st)
	}
}

// shingleWords returns the normalized words of s used for shingling (no
// stemming, no stop-word removal: copies are compared as written).
func shingleWords(s string) []string {
	var out []string
	for _, tok := range arabic.Tokenize(s) {
		if tok.Kind == arabic.Word || tok.Kind == arabic.Latin || tok.Kind == arabic.Number {
			out = append(out, strings.ToLower(arabic.Normalize(tok.Text)))
		}
	}
	return out
}

// entity weights by type.
func entityWeight(typ string) float64 {
	switch typ {
	case marsad.EntityPerson:
		return 1.0
	case marsad.EntityOrganization:
		return 0.7
	case marsad.EntityLocation:
		return 0.6
	}
	return 0.5
}

// extractFeatures computes the features of a. fallback is the time used
// when the article has no parsable publication date.
func extractFeatures(a *marsad.Article, fallback time.Time) *features {
	f := &features{
		id: a.ID, url: a.URL, title: a.Title, source: a.Source,
		published: a.Published, credit: a.Credit,
		tf:   map[string]float64{},
		ents: map[string]float64{},
	}
	if t, ok := parseTime(a.Published); ok {
		f.t = t
	} else {
		f.t = fallback
	}
	text := truncateRunes(a.Text, MaxTextRunes)
	f.hasText = strings.TrimSpace(text) != ""
	terms(truncateRunes(a.Title, 500), func(w string) { f.tf[w] += 2 })
	terms(text, func(w string) { f.tf[w]++ })
	if len(f.tf) > MaxTerms {
		type kv struct {
			k string
			v float64
		}
		all := make([]kv, 0, len(f.tf))
		for k, v := range f.tf {
			all = append(all, kv{k, v})
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].v != all[j].v {
				return all[i].v > all[j].v
			}
			return all[i].k < all[j].k
		})
		f.tf = make(map[string]float64, MaxTerms)
		for _, e := range all[:MaxTerms] {
			f.tf[e.k] = e.v
		}
	}

	for i, e := range a.Entities {
		if i == MaxEntities {
			break
		}
		key := e.Key
		if key == "" {
			key = arabic.Normalize(e.Name)
		}
		if key == "" || isAgency(key) {
			continue
		}
		w := entityWeight(e.Type) * (1 + math.Log1p(float64(len(e.Mentions))))
		f.ents[e.Type+":"+key] += w
		// The words of the key too, so that "مجلس النواب" and "مجلس
		// النواب العراقي" (one referent keyed two ways) still meet.
		words := strings.Fields(key)
		if len(words) > 1 {
			for _, wd := range words {
				if st := arabic.Light10(wd); len(st) > 2 && !arabic.IsStopWord(wd) {
					f.ents["w:"+st] += 0.5 * w / float64(len(words))
				}
			}
		}
	}
	for _, ev := range a.Events {
		if ev.Place != "" {
			f.ents["place:"+arabic.Normalize(ev.Place)] += 0.6
			f.places = appendUnique(f.places, arabic.Normalize(ev.Place))
		}
		if len(ev.Participants) >= 2 {
			for _, p := range ev.Participants {
				if k := participantKey(a, p); k != "" && len(f.parts) < MaxEntities {
					f.parts = appendUnique(f.parts, k)
				}
			}
		}
	}
	normTitle := arabic.Normalize(a.Title)
	for _, e := range a.Entities {
		if e.Type != marsad.EntityLocation || e.Key == "" {
			continue
		}
		lead := strings.Contains(normTitle, e.Key)
		for _, m := range e.Mentions {
			if m.Start < leadRunes {
				lead = true
			}
		}
		if lead && len(f.places) < 8 {
			f.places = appendUnique(f.places, e.Key)
		}
	}

	f.dates = eventDates(a, f.t)

	words := shingleWords(text)
	if len(words) >= minShingles+2 {
		f.sig, f.shingles = minhash(words)
	}
	return f
}

// leadRunes is the length of the lead, where the place of the event is
// named.
const leadRunes = 400

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// isAgency reports whether an entity key names a news agency: a wire
// credit, not a party to the story.
func isAgency(key string) bool {
	return strings.Contains(key, "انباء") || strings.HasPrefix(key, "وكاله ")
}

// eventDates returns the days an article reports on: the dates of its
// events, else the day dates of its text that fall within a week before
// (or a day after) publication, most frequent first, at most 3.
func eventDates(a *marsad.Article, pub time.Time) []string {
	count := map[string]int{}
	var order []string
	add := func(v string, n int) {
		if len(v) < 10 {
			return
		}
		v = v[:10]
		if _, err := time.Parse("2006-01-02", v); err != nil {
			return
		}
		if count[v] == 0 {
			order = append(order, v)
		}
		count[v] += n
	}
	for _, ev := range a.Events {
		add(ev.Date, 3)
	}
	for _, d := range a.Dates {
		if d.Granularity != marsad.GranularityDay && d.Granularity != marsad.GranularityTime {
			continue
		}
		if len(d.Value) < 10 {
			continue
		}
		t, err := time.Parse("2006-01-02", d.Value[:10])
		if err != nil {
			continue
		}
		if !pub.IsZero() && (t.Before(pub.AddDate(0, 0, -7)) || t.After(pub.AddDate(0, 0, 1))) {
			continue
		}
		add(d.Value, 1)
	}
	sort.SliceStable(order, func(i, j int) bool { return count[order[i]] > count[order[j]] })
	if len(order) > 3 {
		order = order[:3]
	}
	return order
}

// MinHash parameters: 64 hash functions, LSH in 16 bands of 4 rows.
const (
	numHashes = 64
	numBands  = 16
	bandRows  = numHashes / numBands
)

// minhash returns the MinHash signature of the 3-shingles of words and the
// number of distinct shingles.
func minhash(words []string) ([]uint32, int) {
	sig := make([]uint32, numHashes)
	for i := range sig {
		sig[i] = math.MaxUint32
	}
	seen := make(map[uint64]struct{}, len(words))
	h := fnv.New64a()
	for i := 0; i+3 <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+3] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		x := h.Sum64()
		if _, ok := seen[x]; ok {
			continue
		}
		seen[x] = struct{}{}
		for j := range sig {
			// Universal-style hashing: mix x with a per-function constant.
			v := uint32(mix64(x ^ (uint64(j+1) * 0x9E3779B97F4A7C15)))
			if v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig, len(seen)
}

// mix64 is the SplitMix64 finalizer.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}

// bandKey returns the LSH bucket key of band b of sig.
func bandKey(sig []uint32, b int) uint64 {
	x := uint64(b+1) * 0x9E3779B97F4A7C15
	for _, v := range sig[b*bandRows : (b+1)*bandRows] {
		x = mix64(x ^ uint64(v))
	}
	return x
}

// jaccard estimates the Jaccard similarity of two signatures.
func jaccard(a, b []uint32) float64 {
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// participantKey is the entity key of an event participant named p: the
// key of the article's entity whose name or one of whose mentions is p
// (so that two spellings of one person meet), else p normalized.
func participantKey(a *marsad.Article, p string) string {
	np := arabic.Normalize(p)
	for i, e := range a.Entities {
		if i == MaxEntities {
			break
		}
		if e.Key == "" {
			continue
		}
		if arabic.Normalize(e.Name) == np || e.Key == np {
			return e.Key
		}
		for _, m := range e.Mentions {
			if arabic.Normalize(m.Text) == np {
				return e.Key
			}
		}
	}
	return np
}
