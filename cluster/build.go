package cluster

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/marsad-news/marsad"
)

// BuildStats counts what Build did.
type BuildStats struct {
	Articles int `json:"articles"`
	Copies   int `json:"copies"`
	Stories  int `json:"stories"`
	// Saves is the number of PutStory calls.
	Saves int `json:"saves"`
}

// Build clusters every article of the store from scratch, in publication
// order, and saves the stories: the way to give stories to an archive
// ingested without the clusterer, or to redo them after a change of
// Options. c should be new. progress, when not nil, is called every 1000
// articles.
//
// Cost: one pass over store.Changes keeping only (ID, publication time)
// per article (about 50 bytes each), then one Article read per article and
// one PutStory per story each time the window advances by half of
// Options.Window (a story is saved once per flush in which it changed, not
// once per article).
func Build(ctx context.Context, st marsad.Store, c *Clusterer, progress func(BuildStats)) (BuildStats, error) {
	type ref struct {
		id string
		t  time.Time
	}
	var refs []ref
	var after int64
	for {
		batch, err := st.Changes(ctx, after, 1000)
		if err != nil {
			return BuildStats{}, fmt.Errorf("cluster: build: %w", err)
		}
		if len(batch) == 0 {
			break
		}
		for _, ch := range batch {
			after = ch.Seq
			if ch.Deleted || ch.Article == nil {
				continue
			}
			t, _ := parseTime(ch.Article.Published)
			refs = append(refs, ref{ch.Article.ID, t})
		}
	}
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].t.Before(refs[j].t) })

	var bs BuildStats
	dirty := map[string]bool{}
	var flushed time.Time
	flush := func() error {
		ids := make([]string, 0, len(dirty))
		for id := range dirty {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			if err := c.Save(ctx, st, Assignment{StoryID: id}); err != nil {
				return err
			}
			bs.Saves++
			delete(dirty, id)
		}
		return nil
	}
	seen := map[string]bool{}
	for i, r := range refs {
		// Save what changed before the window moves on (an Add that
		// advances the clock may evict stories).
		if r.t.Sub(flushed) >= c.opts.Window/2 || len(dirty) >= 5000 {
			if err := flush(); err != nil {
				return bs, err
			}
			flushed = r.t
		}
		a, err := st.Article(ctx, r.id)
		if errors.Is(err, marsad.ErrNotFound) {
			continue
		}
		if err != nil {
			return bs, fmt.Errorf("cluster: build: %w", err)
		}
		asg, err := c.Add(ctx, a)
		if err != nil {
			return bs, fmt.Errorf("cluster: build: %w", err)
		}
		bs.Articles++
		if asg.DuplicateOf != "" {
			bs.Copies++
		}
		if !seen[asg.StoryID] {
			seen[asg.StoryID] = true
			bs.Stories++
		}
		dirty[asg.StoryID] = true
		if progress != nil && (i+1)%1000 == 0 {
			progress(bs)
		}
	}
	if err := flush(); err != nil {
		return bs, err
	}
	if progress != nil {
		progress(bs)
	}
	return bs, nil
}
