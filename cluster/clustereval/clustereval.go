// Package clustereval measures story clustering: it runs articles through
// extraction, analysis and a cluster.Clusterer in publication order and
// scores the stories against the truth with pairwise and B-cubed
// precision, recall and F1, the copies found, and the false merges of
// look-alike distractors (articles about another event with the same
// people or wording).
//
// Two truths are supported: the hand-written gold set of
// cluster/testdata/gold (LoadGold) and the generated corpus of package gen
// (Generated).
package clustereval

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/extract"
)

// Analyzer fills the entities, quotes and events of an article
// (*analyze.Analyzer).
type Analyzer interface {
	Analyze(ctx context.Context, a *marsad.Article) error
}

// Item is one article of an evaluation set with its truth.
type Item struct {
	// Name identifies the item in reports (a file name).
	Name   string
	Split  string
	Source string
	// Page is the page as fetched (plain text or HTML); URL its address.
	Page []byte
	URL  string
	// Story is the true story; CopyOf the Name of the article this one
	// copies, empty for original coverage; LookalikeOf the story this
	// item's event can be confused with (a distractor), empty otherwise.
	Story, CopyOf, LookalikeOf string
	// Article is the extracted and analyzed article, set by Prepare.
	Article *marsad.Article
}

// LoadGold reads the gold set in dir: labels.tsv (split, file, story,
// source, copy_of, lookalike_of; # comments) and <split>/<file>.txt.
func LoadGold(dir string) ([]*Item, error) {
	f, err := os.Open(filepath.Join(dir, "labels.tsv"))
	if err != nil {
		return nil, fmt.Errorf("clustereval: %w", err)
	}
	defer f.Close()
	var items []*Item
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		cols := strings.Split(l, "\t")
		for len(cols) < 6 {
			cols = append(cols, "")
		}
		it := &Item{Split: cols[0], Name: cols[1], Story: cols[2], Source: cols[3], CopyOf: cols[4], LookalikeOf: cols[5]}
		if it.Split == "" || it.Name == "" || it.Story == "" {
			return nil, fmt.Errorf("clustereval: labels.tsv:%d: split, file and story are required", line)
		}
		it.Page, err = os.ReadFile(filepath.Join(dir, it.Split, it.Name+".txt"))
		if err != nil {
			return nil, fmt.Errorf("clustereval: labels.tsv:%d: %w", line, err)
		}
		it.URL = "https://" + it.Source + ".example/news/" + it.Name
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("clustereval: %w", err)
	}
	return items, nil
}

// Split returns the items of one split ("" or "all": every item).
func Split(items []*Item, split string) []*Item {
	if split == "" || split == "all" {
		return items
	}
	var out []*Item
	for _, it := range items {
		if it.Split == split {
			out = append(out, it)
		}
	}
	return out
}

// Prepare extracts and analyzes every item that has no Article yet (an
// may be nil: no analysis, entities and events are then absent).
func Prepare(ctx context.Context, an Analyzer, items []*Item) error {
	for _, it := range items {
		if it.Article != nil {
			continue
		}
		a, err := extract.Page(ctx, it.Page, extract.Options{URL: it.URL, Source: it.Source})
		if err != nil {
			return fmt.Errorf("clustereval: extract %s: %w", it.Name, err)
		}
		if an != nil {
			if err := an.Analyze(ctx, a); err != nil {
				return fmt.Errorf("clustereval: analyze %s: %w", it.Name, err)
			}
		}
		it.Article = a
	}
	return nil
}

// Report is the score of one run.
type Report struct {
	Articles, Stories, PredictedStories int
	Pairwise                            PRF
	BCubed                              PRF
	// Copies scores the copy marks pairwise over copy groups (an original
	// and the articles marked DuplicateOf it).
	Copies PRF
	// FalseMerges lists the distractors placed in a predicted story with
	// articles of the story they look like.
	FalseMerges []string
	// Errors lists, for inspection, the articles whose predicted story
	// differs from the truth (split or merged).
	Errors []string
	// Elapsed is the time spent in Clusterer.Add.
	Elapsed time.Duration
}

// PRF is precision, recall and F1.
type PRF struct{ P, R, F1 float64 }

func (p PRF) String() string { return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f", p.P, p.R, p.F1) }

func prf(p, r float64) PRF {
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return PRF{p, r, f}
}

// Cluster runs the prepared items through a new Clusterer with opts, in
// publication order (ties by name), and scores the result.
func Cluster(ctx context.Context, items []*Item, opts cluster.Options) (Report, error) {
	order := append([]*Item(nil), items...)
	sort.SliceStable(order, func(i, j int) bool {
		ti, tj := pubTime(order[i].Article), pubTime(order[j].Article)
		if !ti.Equal(tj) {
			return ti.Before(tj)
		}
		return order[i].Name < order[j].Name
	})
	c := cluster.New(opts)
	pred := map[string]string{}
	dupOf := map[string]string{}
	byID := map[string]*Item{}
	var rep Report
	start := time.Now()
	for _, it := range order {
		if it.Article == nil {
			return rep, fmt.Errorf("clustereval: %s not prepared", it.Name)
		}
		byID[it.Article.ID] = it
		asg, err := c.Add(ctx, it.Article)
		if err != nil {
			return rep, fmt.Errorf("clustereval: add %s: %w", it.Name, err)
		}
		pred[it.Name] = asg.StoryID
		if asg.DuplicateOf != "" {
			if o := byID[asg.DuplicateOf]; o != nil {
				dupOf[it.Name] = o.Name
			} else {
				dupOf[it.Name] = asg.DuplicateOf
			}
		}
	}
	rep.Elapsed = time.Since(start)
	gold := map[string]string{}
	for _, it := range items {
		gold[it.Name] = it.Story
	}
	rep = score(rep, gold, pred)

	// Copies: pairwise over copy groups (an original with its copies),
	// so that the figure does not depend on which version arrived first.
	truthGroup, predGroup := map[string]string{}, map[string]string{}
	byName := map[string]*Item{}
	for _, it := range items {
		byName[it.Name] = it
	}
	for _, it := range items {
		root := it.Name
		for i := 0; i < 10 && byName[root] != nil && byName[root].CopyOf != ""; i++ {
			root = byName[root].CopyOf
		}
		truthGroup[it.Name] = root
		predGroup[it.Name] = it.Name
	}
	for n, o := range dupOf {
		predGroup[n] = o
	}
	rep.Copies = score(Report{}, truthGroup, predGroup).Pairwise

	// False merges of distractors.
	members := map[string][]*Item{}
	for _, it := range items {
		members[pred[it.Name]] = append(members[pred[it.Name]], it)
	}
	for _, it := range items {
		if it.LookalikeOf == "" {
			continue
		}
		for _, o := range members[pred[it.Name]] {
			if o.Story == it.LookalikeOf {
				rep.FalseMerges = append(rep.FalseMerges, fmt.Sprintf("%s joined %s (story %s)", it.Name, o.Name, o.Story))
				break
			}
		}
	}
	// Errors: articles whose predicted cluster is not exactly their story.
	goldMembers := map[string]map[string]bool{}
	for _, it := range items {
		if goldMembers[it.Story] == nil {
			goldMembers[it.Story] = map[string]bool{}
		}
		goldMembers[it.Story][it.Name] = true
	}
	for _, it := range order {
		var with []string
		same := len(members[pred[it.Name]]) == len(goldMembers[it.Story])
		for _, o := range members[pred[it.Name]] {
			with = append(with, o.Name)
			if !goldMembers[it.Story][o.Name] {
				same = false
			}
		}
		if !same {
			rep.Errors = append(rep.Errors, fmt.Sprintf("%s (%s) predicted with %v", it.Name, it.Story, with))
		}
	}
	return rep, nil
}

// pubTime reads Article.Published (RFC 3339 or a date); zero when absent.
func pubTime(a *marsad.Article) time.Time {
	if a == nil {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, a.Published); err == nil {
			return t
		}
	}
	return time.Time{}
}

// score fills the pairwise and B-cubed figures.
func score(rep Report, gold, pred map[string]string) Report {
	rep.Articles = len(gold)
	gsize, psize := map[string]int{}, map[string]int{}
	both := map[[2]string]int{}
	for n, g := range gold {
		gsize[g]++
		psize[pred[n]]++
		both[[2]string{g, pred[n]}]++
	}
	rep.Stories, rep.PredictedStories = len(gsize), len(psize)
	// Pairwise.
	pairs := func(n int) float64 { return float64(n*(n-1)) / 2 }
	var tp, gp, pp float64
	for _, n := range both {
		tp += pairs(n)
	}
	for _, n := range gsize {
		gp += pairs(n)
	}
	for _, n := range psize {
		pp += pairs(n)
	}
	p, r := 1.0, 1.0
	if pp > 0 {
		p = tp / pp
	}
	if gp > 0 {
		r = tp / gp
	}
	rep.Pairwise = prf(p, r)
	// B-cubed: per item, the share of its predicted cluster in its gold
	// story (precision) and of its gold story in its predicted cluster
	// (recall), averaged.
	var bp, br float64
	for n, g := range gold {
		k := both[[2]string{g, pred[n]}]
		bp += float64(k) / float64(psize[pred[n]])
		br += float64(k) / float64(gsize[g])
	}
	if len(gold) > 0 {
		bp /= float64(len(gold))
		br /= float64(len(gold))
	}
	rep.BCubed = prf(bp, br)
	return rep
}

// Score returns pairwise and B-cubed figures of a predicted clustering
// against the truth, both given as item -> cluster label.
func Score(gold, pred map[string]string) (pairwise, bcubed PRF) {
	r := score(Report{}, gold, pred)
	return r.Pairwise, r.BCubed
}
