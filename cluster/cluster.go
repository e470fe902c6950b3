package cluster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/marsad-news/marsad"
)

// Options configure a Clusterer. The zero value gives the defaults.
type Options struct {
	// Window bounds the candidates: an article is compared only with
	// stories whose span, widened by Window on both sides, holds the
	// article's time. A story continues as long as it keeps getting
	// coverage within Window. Default 3 days.
	Window time.Duration
	// DateSlack is how far apart two event dates may be and still be the
	// same event. Default 1 day.
	DateSlack time.Duration
	// Threshold is the score (0..1) an article needs to join a story.
	// Default DefaultThreshold.
	Threshold float64
	// DupThreshold is the estimated Jaccard similarity of body shingles
	// from which an article may be a copy of another. Default 0.5.
	DupThreshold float64
	// DupContainment is the estimated share of the shorter text's
	// shingles found in the other one from which an article is a copy
	// (both thresholds must be met). Default 0.8: a republished wire
	// text keeps nearly all its sentences (a paragraph dropped, a
	// credit or a sentence added), while another outlet's own version
	// of the same event, sharing its quotes and figures, keeps far
	// fewer (at most 0.82, 99% below 0.75 in the generated corpus).
	DupContainment float64
	// MaxCandidates is the number of stories scored per article
	// (default 32).
	MaxCandidates int
	// MaxPostings is the number of entries read from one posting list,
	// most recent first (default 64).
	MaxPostings int
	// MaxStoryArticles caps a story, copies included (default 1000); a
	// full story is continued by a new one.
	MaxStoryArticles int
	// MaxProfileTerms is the number of heaviest terms a story keeps
	// (default 400).
	MaxProfileTerms int
}

// DefaultThreshold is the default join score.
const DefaultThreshold = 0.20

// MaxBucket is the number of articles one LSH bucket holds.
const MaxBucket = 16

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = 72 * time.Hour
	}
	if o.DateSlack <= 0 {
		o.DateSlack = 24 * time.Hour
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.DupThreshold <= 0 {
		o.DupThreshold = 0.5
	}
	if o.DupContainment <= 0 {
		o.DupContainment = 0.8
	}
	if o.MaxCandidates <= 0 {
		o.MaxCandidates = 32
	}
	if o.MaxPostings <= 0 {
		o.MaxPostings = 64
	}
	if o.MaxStoryArticles <= 0 {
		o.MaxStoryArticles = 1000
	}
	if o.MaxProfileTerms <= 0 {
		o.MaxProfileTerms = 400
	}
	return o
}

// Assignment is where Add placed an article.
type Assignment struct {
	// ArticleID is the article placed.
	ArticleID string `json:"article_id"`
	// StoryID is the story the article belongs to.
	StoryID string `json:"story_id"`
	// DuplicateOf is the ID of the earliest version the article copies,
	// empty for original coverage.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// New reports that the article started the story.
	New bool `json:"new"`
	// Score is the similarity with the story joined, or with the best
	// candidate when the article started a new story (below
	// Options.Threshold; 0 without candidates). For a copy it is the
	// estimated Jaccard similarity with the copied text.
	Score float64 `json:"score"`
}

// doc is one article of the window.
type doc struct {
	f     *features
	story *story
	dupOf string
}

// story is the state of one active story.
type story struct {
	id          string
	first, last time.Time
	members     []marsad.StoryArticle
	memberT     []time.Time
	originals   int
	profile     map[string]float64
	ents        map[string]float64
	dates       map[string]int
	places      map[string]int
	// profNorm and entNorm are the Euclidean norms of profile and ents.
	profNorm, entNorm float64
	// core is the entity profile of the story's first CoreArticles
	// original articles (what the event is about), coreNorm its norm:
	// an article is compared with the core, not with everything the
	// story has gathered, so that the story cannot drift member by
	// member to another event of the same cast.
	core     map[string]float64
	coreNorm float64
	// coreParts counts the event participants of the same first
	// articles (see features.parts).
	coreParts map[string]int
	// coreTerms is the term profile of the same first articles.
	coreTerms     map[string]float64
	coreTermsNorm float64
	evicted       bool
	// next is the continuation of a full story.
	next *story
}

// Clusterer places articles into stories incrementally. It is safe for
// concurrent use.
type Clusterer struct {
	opts Options

	mu       sync.Mutex
	clock    time.Time // latest article time seen
	swept    time.Time // clock at the last sweep
	adds     int
	docsSeen float64
	df       map[string]int32
	// edf counts the original articles naming each entity key.
	edf      map[string]int32
	docs     map[string]*doc
	stories  map[string]*story
	postings map[string][]*story
	buckets  map[uint64][]*doc
}

// New returns an empty Clusterer.
func New(opts Options) *Clusterer {
	return &Clusterer{
		opts:     opts.withDefaults(),
		df:       map[string]int32{},
		edf:      map[string]int32{},
		docs:     map[string]*doc{},
		stories:  map[string]*story{},
		postings: map[string][]*story{},
		buckets:  map[uint64][]*doc{},
	}
}

// ErrNoID is returned by Add for an article without an ID.
var ErrNoID = errors.New("cluster: article has no ID")

// Add places one analyzed article: it marks it a copy of the earliest
// version it republishes, or puts it into the best matching story of the
// window, or starts a new story. Adding an article already placed (and
// still in the window) returns its current assignment and changes nothing:
// a revised article keeps its story. The work is bounded (see the package
// documentation), whatever the size of the archive.
//
// "Earliest" is the earliest version the clusterer has seen: when a copy
// arrives before the article it copies (out of publication order), the
// copy is the original and the later-arriving source is marked its copy.
func (c *Clusterer) Add(ctx context.Context, a *marsad.Article) (Assignment, error) {
	asg, _, err := c.add(ctx, a, false)
	return asg, err
}

// add is Add, returning also a snapshot of the story when snap is set
// (taken under the same lock, so it cannot have been evicted meanwhile).
func (c *Clusterer) add(ctx context.Context, a *marsad.Article, snap bool) (Assignment, *marsad.Story, error) {
	if err := ctx.Err(); err != nil {
		return Assignment{}, nil, err
	}
	if a == nil || a.ID == "" {
		return Assignment{}, nil, ErrNoID
	}
	c.mu.Lock()
	fallback := c.clock
	if d, ok := c.docs[a.ID]; ok {
		asg := Assignment{ArticleID: a.ID, StoryID: d.story.id, DuplicateOf: d.dupOf}
		var s *marsad.Story
		if snap {
			s = c.snapshot(d.story)
		}
		c.mu.Unlock()
		return asg, s, nil
	}
	c.mu.Unlock()
	if fallback.IsZero() {
		fallback = time.Unix(0, 0).UTC()
	}
	f := extractFeatures(a, fallback)

	c.mu.Lock()
	defer c.mu.Unlock()
	var asg Assignment
	if d, ok := c.docs[a.ID]; ok { // added concurrently
		asg = Assignment{ArticleID: a.ID, StoryID: d.story.id, DuplicateOf: d.dupOf}
	} else {
		asg = c.place(f)
	}
	var s *marsad.Story
	if snap {
		s = c.snapshot(c.docs[a.ID].story)
	}
	return asg, s, nil
}

// place assigns f; c.mu is held.
//
// The score of a candidate story (0..1) is 0.6 x the term cosine plus 0.4
// x the entity cosine (0.85 x the term cosine when either has no
// entities). Each cosine is the lower of the article's cosine with the
// whole story and with the story's core (its first CoreArticles original
// articles), so a story cannot drift member by member to another event of
// the same cast. Entities are weighted by the square of their inverse
// document frequency, so a spokesman or a minister named every day counts
// little and a rarely named guest much. Then: x0.5 when the entity cosine
// is under 0.05 and fewer than minSharedTop of the article's topDistinct
// heaviest terms are in the core (the same kind of event, in the same
// words, with other people); x0.5 when both name who met whom
// (Article.Events with two participants or more) and fewer than two of the
// article's participants are the core's (another meeting of one of
// them); when both have event dates: +0.1 when an event date of the
// article is a dominant event date of the story and the entity cosine is
// at least 0.6; x0.6 when it is only within DateSlack of one; x0.2 when
// none is within DateSlack. And x0.5 when both name places in their leads
// and none of the article's is a dominant place of the story. An article
// joins at Options.Threshold (twice that for an article with a title and
// no text).
func (c *Clusterer) place(f *features) Assignment {
	c.tick(f.t)
	asg := Assignment{ArticleID: f.id}

	// 1. Copies.
	if orig, sim := c.findCopy(f); orig != nil {
		s := orig.story
		for s.next != nil && len(s.members) >= c.opts.MaxStoryArticles {
			s = s.next
		}
		if len(s.members) >= c.opts.MaxStoryArticles {
			// Split: the copies go on in a continuation story.
			next := c.newStory(f)
			s.next = next
			s = next
			asg.New = true
		}
		dupOf := orig.dupOf
		if dupOf == "" {
			dupOf = orig.f.id
		}
		d := &doc{f: f, story: s, dupOf: dupOf}
		c.addMember(s, d)
		c.indexDoc(d)
		asg.StoryID, asg.DuplicateOf, asg.Score = s.id, dupOf, sim
		return asg
	}

	// 2. Stories.
	c.docsSeen++
	for t := range f.tf {
		c.df[t]++
	}
	vec := c.weigh(f)
	for k := range f.ents {
		c.edf[k]++
	}
	entVec := normalize(c.weighEnts(f))
	var best *story
	bestScore := 0.0
	top := topTerms(vec, topDistinct)
	if len(f.tf) >= MinTerms {
		for _, s := range c.candidates(f, vec) {
			if len(s.members) >= c.opts.MaxStoryArticles {
				continue // full: a matching article starts a new story
			}
			sc := c.score(s, f, vec, entVec, top)
			if sc > bestScore || (sc == bestScore && best != nil && s.id < best.id) {
				best, bestScore = s, sc
			}
		}
	}
	d := &doc{f: f}
	asg.Score = bestScore
	threshold := c.opts.Threshold
	if !f.hasText {
		threshold *= 2 // a bare title: words only, ask for more
	}
	if best != nil && bestScore >= threshold {
		d.story = best
	} else {
		d.story = c.newStory(f)
		asg.New = true
	}
	c.addMember(d.story, d)
	c.addProfile(d.story, f, vec, entVec)
	c.indexDoc(d)
	asg.StoryID = d.story.id
	return asg
}

// tick advances the clock and evicts what fell out of the window.
func (c *Clusterer) tick(t time.Time) {
	if t.After(c.clock) {
		c.clock = t
	}
	c.adds++
	if c.clock.Sub(c.swept) < c.opts.Window/2 && c.adds%8192 != 0 {
		return
	}
	c.swept = c.clock
	horizon := c.clock.Add(-2 * c.opts.Window)
	for id, s := range c.stories {
		if s.last.Before(horizon) {
			s.evicted = true
			delete(c.stories, id)
		}
	}
	for id, d := range c.docs {
		if d.story.evicted || d.f.t.Before(horizon) {
			delete(c.docs, id)
		}
	}
	for k, list := range c.postings {
		kept := list[:0]
		for _, s := range list {
			if !s.evicted {
				kept = append(kept, s)
			}
		}
		if len(kept) == 0 {
			delete(c.postings, k)
		} else {
			c.postings[k] = kept
		}
	}
	for k, list := range c.buckets {
		kept := list[:0]
		for _, d := range list {
			if _, ok := c.docs[d.f.id]; ok {
				kept = append(kept, d)
			}
		}
		if len(kept) == 0 {
			delete(c.buckets, k)
		} else {
			c.buckets[k] = kept
		}
	}
}

// findCopy returns the recent article f copies, if any, with the
// estimated similarity.
func (c *Clusterer) findCopy(f *features) (*doc, float64) {
	if f.sig == nil {
		return nil, 0
	}
	var best *doc
	bestSim := 0.0
	seen := map[*doc]bool{}
	for b := 0; b < numBands; b++ {
		for _, d := range c.buckets[bandKey(f.sig, b)] {
			if seen[d] {
				continue
			}
			seen[d] = true
			if gap := f.t.Sub(d.f.t); gap > 2*c.opts.Window || gap < -2*c.opts.Window {
				continue
			}
			th := c.opts.DupThreshold
			if f.credit != "" && f.credit == d.f.credit {
				th -= 0.1 // the same wire credit: copies are expected
			}
			small, large := float64(min(f.shingles, d.f.shingles)), float64(max(f.shingles, d.f.shingles))
			if small/large < 0.4 {
				continue
			}
			sim := jaccard(f.sig, d.sig())
			// |A∩B| = J/(1+J) x (|A|+|B|); containment in the shorter.
			contain := sim / (1 + sim) * (small + large) / small
			if sim >= th && contain >= c.opts.DupContainment && (sim > bestSim || (sim == bestSim && d.f.t.Before(best.f.t))) {
				best, bestSim = d, sim
			}
		}
	}
	return best, bestSim
}

func (d *doc) sig() []uint32 { return d.f.sig }

// weighEnts returns f's entity weights times their inverse document
// frequency: an official named in every other article (a spokesman, a
// minister of the week) counts little, a rarely named one much.
func (c *Clusterer) weighEnts(f *features) map[string]float64 {
	v := make(map[string]float64, len(f.ents))
	for k, w := range f.ents {
		idf := math.Log((c.docsSeen+1)/(float64(c.edf[k])+0.5)) + 1
		v[k] = w * idf * idf
	}
	return v
}

// weigh returns the L2-normalized tf-idf vector of f.
func (c *Clusterer) weigh(f *features) map[string]float64 {
	v := make(map[string]float64, len(f.tf))
	for t, n := range f.tf {
		idf := math.Log((c.docsSeen+1)/(float64(c.df[t])+0.5)) + 1
		v[t] = (1 + math.Log(n)) * idf
	}
	return normalize(v)
}

func copyMap(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func normalize(v map[string]float64) map[string]float64 {
	var n float64
	for _, x := range v {
		n += x * x
	}
	if n == 0 {
		return v
	}
	n = math.Sqrt(n)
	for k, x := range v {
		v[k] = x / n
	}
	return v
}

// cosine of a unit vector u with v (not normalized).
func cosine(u, v map[string]float64) float64 {
	if len(u) == 0 || len(v) == 0 {
		return 0
	}
	var dot, n float64
	for k, x := range v {
		n += x * x
		if y, ok := u[k]; ok {
			dot += x * y
		}
	}
	if n == 0 {
		return 0
	}
	return dot / math.Sqrt(n)
}

func norm(v map[string]float64) float64 {
	var n float64
	for _, x := range v {
		n += x * x
	}
	return math.Sqrt(n)
}

// cosineNorm is the cosine of a unit vector u with v whose norm is n,
// iterating over u (an article, smaller than a story profile).
func cosineNorm(u, v map[string]float64, n float64) float64 {
	if n == 0 {
		return 0
	}
	var dot float64
	for k, x := range u {
		if y, ok := v[k]; ok {
			dot += x * y
		}
	}
	return dot / n
}

// salient returns the article's index keys: entity keys and its heaviest
// terms.
func salient(f *features, vec map[string]float64) []string {
	keys := make([]string, 0, len(f.ents)+16)
	for k := range f.ents {
		keys = append(keys, "e:"+k)
	}
	for _, t := range topTerms(vec, 16) {
		keys = append(keys, "t:"+t)
	}
	return keys
}

// candidates returns the stories of the window that share keys with f,
// most shared first, at most MaxCandidates.
func (c *Clusterer) candidates(f *features, vec map[string]float64) []*story {
	votes := map[*story]float64{}
	for _, k := range salient(f, vec) {
		list := c.postings[k]
		n := 0
		seen := map[*story]bool{}
		for i := len(list) - 1; i >= 0 && n < c.opts.MaxPostings; i-- {
			s := list[i]
			if seen[s] {
				continue
			}
			seen[s] = true
			n++
			if s.evicted || !c.inWindow(s, f.t) {
				continue
			}
			votes[s]++
		}
	}
	out := make([]*story, 0, len(votes))
	for s := range votes {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if votes[out[i]] != votes[out[j]] {
			return votes[out[i]] > votes[out[j]]
		}
		return out[i].id < out[j].id
	})
	if len(out) > c.opts.MaxCandidates {
		out = out[:c.opts.MaxCandidates]
	}
	return out
}

func (c *Clusterer) inWindow(s *story, t time.Time) bool {
	return !t.Before(s.first.Add(-c.opts.Window)) && !t.After(s.last.Add(c.opts.Window))
}

// score is the similarity of an article with a story, 0..1.
func (c *Clusterer) score(s *story, f *features, vec, entVec map[string]float64, top []string) float64 {
	ct := cosineNorm(vec, s.profile, s.profNorm)
	if s.coreTerms != nil {
		ct = min(ct, cosineNorm(vec, s.coreTerms, s.coreTermsNorm))
	}
	var sc, ce float64
	if len(entVec) > 0 && len(s.ents) > 0 {
		ce = cosineNorm(entVec, s.ents, s.entNorm)
		if s.core != nil {
			ce = min(ce, cosineNorm(entVec, s.core, s.coreNorm))
		}
		sc = 0.6*ct + 0.4*ce
		if ce < noSharedEntity && sharedTerms(top, s.coreTerms) < minSharedTop {
			// Nobody and nothing named in common with the story's core,
			// and none of the article's most distinctive words: the
			// same kind of event (the same wording) elsewhere.
			sc *= 0.5
		}
	} else {
		sc = 0.85 * ct
	}
	if len(f.parts) >= 2 && len(s.coreParts) >= 2 && !partsMeet(f.parts, s.coreParts) {
		sc *= 0.5 // who met whom differs: another meeting of one of them
	}
	if len(f.dates) > 0 && len(s.dates) > 0 {
		switch c.datesAgree(f.dates, s.dates) {
		case sameDay:
			if ce >= 0.6 { // the same day and the same people or places
				sc = min(1, sc+0.1)
			}
		case nearDay:
			sc *= nearDayFactor
		default:
			sc *= 0.2 // another day: another event with the same people
		}
	}
	if len(f.places) > 0 && len(s.places) > 0 && !placesMeet(f.places, s.places) {
		sc *= 0.5 // another place
	}
	return sc
}

// partsMeet reports whether the participants of the article's events
// (who met whom) are those of the story's core: at least two of them in
// common, or all of them when the story's core names fewer.
func partsMeet(ps []string, core map[string]int) bool {
	n := 0
	for _, p := range ps {
		if core[p] > 0 {
			n++
		}
	}
	return n >= min(2, len(ps), len(core))
}

// placesMeet reports whether one of the article's lead places is one of
// the story's dominant places (named by at least a third as many articles
// as the most named one).
func placesMeet(ps []string, sp map[string]int) bool {
	top := 0
	for _, n := range sp {
		top = max(top, n)
	}
	for _, p := range ps {
		if n := sp[p]; n > 0 && 3*n >= top {
			return true
		}
	}
	return false
}

// noSharedEntity is the entity cosine under which an article and a story
// are taken to name nothing in common.
const noSharedEntity = 0.05

// topDistinct is the number of an article's heaviest tf-idf terms that
// make its distinctive vocabulary, and minSharedTop how many of them a
// story's core must hold to count as sharing it.
const (
	topDistinct  = 8
	minSharedTop = 4
)

// topTerms returns the n heaviest terms of vec.
func topTerms(vec map[string]float64, n int) []string {
	type kv struct {
		k string
		v float64
	}
	ts := make([]kv, 0, len(vec))
	for k, v := range vec {
		ts = append(ts, kv{k, v})
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].v != ts[j].v {
			return ts[i].v > ts[j].v
		}
		return ts[i].k < ts[j].k
	})
	out := make([]string, 0, n)
	for i := 0; i < len(ts) && i < n; i++ {
		out = append(out, ts[i].k)
	}
	return out
}

// sharedTerms counts the terms of top present in profile.
func sharedTerms(top []string, profile map[string]float64) int {
	n := 0
	for _, t := range top {
		if profile[t] > 0 {
			n++
		}
	}
	return n
}

// CoreArticles is the number of a story's first original articles whose
// entities make its core (see story.core).
const CoreArticles = 3

// nearDayFactor scales the score of an article whose event date is only
// near (within DateSlack, not on) a dominant date of the story: a
// follow-up names the day of the event it follows, so a different day is
// weak evidence of another event, and this keeps a story from drifting
// day after day over a recurring cast.
const nearDayFactor = 0.6

// Date agreement of an article with a story.
const (
	otherDay = iota
	nearDay
	sameDay
)

// datesAgree compares the article's event dates with the story's dominant
// dates (those named by at least half as many articles as the most named
// one): sameDay when one is the same day, nearDay when one is within
// DateSlack, otherDay when none is.
func (c *Clusterer) datesAgree(ds []string, sd map[string]int) int {
	top := 0
	for _, n := range sd {
		top = max(top, n)
	}
	best := otherDay
	for _, a := range ds {
		ta, err := time.Parse("2006-01-02", a)
		if err != nil {
			continue
		}
		for b, n := range sd {
			if 2*n < top {
				continue
			}
			if a == b {
				return sameDay
			}
			tb, err := time.Parse("2006-01-02", b)
			if err != nil {
				continue
			}
			if d := ta.Sub(tb); d <= c.opts.DateSlack && d >= -c.opts.DateSlack {
				best = nearDay
			}
		}
	}
	return best
}

func (c *Clusterer) newStory(f *features) *story {
	s := &story{
		id:      "s" + f.id,
		first:   f.t,
		last:    f.t,
		profile: map[string]float64{},
		ents:    map[string]float64{},
		dates:   map[string]int{},
		places:  map[string]int{},
	}
	for c.stories[s.id] != nil { // a split continuation of a full story
		s.id += "+"
	}
	c.stories[s.id] = s
	return s
}

// addMember records d in its story (publication order) and in the window.
func (c *Clusterer) addMember(s *story, d *doc) {
	m := marsad.StoryArticle{ID: d.f.id, URL: d.f.url, Title: d.f.title, Source: d.f.source, Published: d.f.published, DuplicateOf: d.dupOf}
	i := sort.Search(len(s.memberT), func(i int) bool { return s.memberT[i].After(d.f.t) })
	s.members = append(s.members, marsad.StoryArticle{})
	copy(s.members[i+1:], s.members[i:])
	s.members[i] = m
	s.memberT = append(s.memberT, time.Time{})
	copy(s.memberT[i+1:], s.memberT[i:])
	s.memberT[i] = d.f.t
	if d.f.t.Before(s.first) {
		s.first = d.f.t
	}
	if d.f.t.After(s.last) {
		s.last = d.f.t
	}
	c.docs[d.f.id] = d
}

// addProfile adds an original article's vectors to its story and indexes
// the story under the article's keys.
func (c *Clusterer) addProfile(s *story, f *features, vec, entVec map[string]float64) {
	s.originals++
	if s.originals <= CoreArticles {
		if s.core == nil {
			s.core = map[string]float64{}
		}
		for k, v := range entVec {
			s.core[k] += v
		}
		s.coreNorm = norm(s.core)
		for _, p := range f.parts {
			if s.coreParts == nil {
				s.coreParts = map[string]int{}
			}
			s.coreParts[p]++
		}
		if s.coreTerms == nil {
			s.coreTerms = map[string]float64{}
		}
		for k, v := range vec {
			s.coreTerms[k] += v
		}
		s.coreTermsNorm = norm(s.coreTerms)
	}
	for k, v := range vec {
		s.profile[k] += v
	}
	for k, v := range entVec {
		s.ents[k] += v
	}
	for _, d := range f.dates {
		s.dates[d]++
	}
	for _, p := range f.places {
		s.places[p]++
	}
	if len(s.profile) > c.opts.MaxProfileTerms*3/2 {
		prune(s.profile, c.opts.MaxProfileTerms)
	}
	if len(s.ents) > 3*MaxEntities {
		prune(s.ents, 2*MaxEntities)
	}
	s.profNorm, s.entNorm = norm(s.profile), norm(s.ents)
	for _, k := range salient(f, vec) {
		list := c.postings[k]
		if n := len(list); n > 0 && list[n-1] == s {
			continue
		}
		list = append(list, s)
		if len(list) > 4*c.opts.MaxPostings {
			list = c.compact(list)
		}
		c.postings[k] = list
	}
}

// compact drops evicted and repeated stories from a posting list, keeping
// the most recent MaxPostings.
func (c *Clusterer) compact(list []*story) []*story {
	seen := map[*story]bool{}
	var rev []*story
	for i := len(list) - 1; i >= 0 && len(rev) < c.opts.MaxPostings; i-- {
		s := list[i]
		if s.evicted || seen[s] {
			continue
		}
		seen[s] = true
		rev = append(rev, s)
	}
	out := make([]*story, len(rev))
	for i, s := range rev {
		out[len(rev)-1-i] = s
	}
	return out
}

func prune(m map[string]float64, keep int) {
	type kv struct {
		k string
		v float64
	}
	all := make([]kv, 0, len(m))
	for k, v := range m {
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].v != all[j].v {
			return all[i].v > all[j].v
		}
		return all[i].k < all[j].k
	})
	for _, e := range all[keep:] {
		delete(m, e.k)
	}
}

// indexDoc puts d's signature into the LSH buckets that are not full.
func (c *Clusterer) indexDoc(d *doc) {
	if d.f.sig == nil {
		return
	}
	for b := 0; b < numBands; b++ {
		k := bandKey(d.f.sig, b)
		if list := c.buckets[k]; len(list) < MaxBucket {
			c.buckets[k] = append(list, d)
		}
	}
}

// Story returns a snapshot of an active story (one still in the window),
// with its most representative headline as title.
func (c *Clusterer) Story(id string) (*marsad.Story, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.stories[id]
	if !ok {
		return nil, false
	}
	return c.snapshot(s), true
}

// snapshot copies a story for the store; c.mu is held.
func (c *Clusterer) snapshot(s *story) *marsad.Story {
	out := &marsad.Story{ID: s.id, First: s.first, Last: s.last, Articles: append([]marsad.StoryArticle(nil), s.members...)}
	out.Title = c.bestTitle(s)
	return out
}

// bestTitle picks the headline of an original article closest to the
// story's profile; ties go to the earliest.
func (c *Clusterer) bestTitle(s *story) string {
	best, bestScore := "", -1.0
	for _, m := range s.members {
		if m.DuplicateOf != "" && best != "" {
			continue
		}
		v := map[string]float64{}
		terms(m.Title, func(w string) { v[w]++ })
		sc := cosine(normalize(v), s.profile)
		if m.DuplicateOf != "" {
			sc = -0.5
		}
		if sc > bestScore {
			best, bestScore = m.Title, sc
		}
	}
	return best
}

// Len returns the number of articles and stories held in the window.
func (c *Clusterer) Len() (articles, stories int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.docs), len(c.stories)
}

// Save writes the story of asg, with its membership, to the store.
func (c *Clusterer) Save(ctx context.Context, st marsad.Store, asg Assignment) error {
	s, ok := c.Story(asg.StoryID)
	if !ok {
		return fmt.Errorf("cluster: story %s is no longer in the window", asg.StoryID)
	}
	if err := st.PutStory(ctx, s); err != nil {
		return fmt.Errorf("cluster: save story %s: %w", s.ID, err)
	}
	return nil
}

// AddStored reads a stored article, places it and saves its story: the one
// call to make after the store has committed the article (for example from
// ingest's OnStored hook, with Result.ID).
func (c *Clusterer) AddStored(ctx context.Context, st marsad.Store, id string) (Assignment, error) {
	a, err := st.Article(ctx, id)
	if err != nil {
		return Assignment{}, fmt.Errorf("cluster: read article %s: %w", id, err)
	}
	asg, s, err := c.add(ctx, a, true)
	if err != nil {
		return asg, err
	}
	if err := st.PutStory(ctx, s); err != nil {
		return asg, fmt.Errorf("cluster: save story %s: %w", s.ID, err)
	}
	return asg, nil
}
