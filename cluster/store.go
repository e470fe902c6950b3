package cluster

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/marsad-news/marsad"
)

// MaxLoadStories is the number of most recently active stories Load asks
// the store for.
const MaxLoadStories = 100_000

// Load rebuilds the window after a restart from the stories saved in the
// store: every story active since `since` (normally the latest article
// time minus twice Options.Window) is read with its membership, and its
// articles are read back and restored into the same stories with the same
// copy marks, without being clustered again. Document frequencies are
// rebuilt from those articles only.
//
// Cost: one Stories call, then one Story call per story in the window and
// one Article call per member article: O(articles in the window) store
// reads, independent of the archive size. Articles stored but never saved
// into a story (a crash between PutArticle and Save) are not found by Load;
// add them again with Add.
func (c *Clusterer) Load(ctx context.Context, st marsad.Store, since time.Time) error {
	list, err := st.Stories(ctx, MaxLoadStories)
	if err != nil {
		return fmt.Errorf("cluster: load stories: %w", err)
	}
	// Oldest first, so that stories are restored in the order they were
	// built.
	for i := len(list) - 1; i >= 0; i-- {
		if err := ctx.Err(); err != nil {
			return err
		}
		if list[i].Last.Before(since) {
			continue
		}
		full, err := st.Story(ctx, list[i].ID)
		if errors.Is(err, marsad.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("cluster: load story %s: %w", list[i].ID, err)
		}
		var arts []*marsad.Article
		var dups []string
		for _, m := range full.Articles {
			a, err := st.Article(ctx, m.ID)
			if errors.Is(err, marsad.ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("cluster: load article %s: %w", m.ID, err)
			}
			arts = append(arts, a)
			dups = append(dups, m.DuplicateOf)
		}
		c.Restore(full.ID, arts, dups)
	}
	return nil
}

// Restore puts the articles of a saved story back into the window under
// storyID, without clustering them; dupOf[i] is the DuplicateOf of
// arts[i] (dupOf may be nil). Articles already held are skipped.
func (c *Clusterer) Restore(storyID string, arts []*marsad.Article, dupOf []string) {
	c.mu.Lock()
	fallback := c.clock
	c.mu.Unlock()
	fs := make([]*features, len(arts))
	for i, a := range arts {
		if a != nil && a.ID != "" {
			fs[i] = extractFeatures(a, fallback)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stories[storyID]
	for i, f := range fs {
		if f == nil || c.docs[f.id] != nil {
			continue
		}
		c.tick(f.t)
		if s == nil {
			s = &story{id: storyID, first: f.t, last: f.t, profile: map[string]float64{}, ents: map[string]float64{}, dates: map[string]int{}, places: map[string]int{}}
			c.stories[storyID] = s
		}
		d := &doc{f: f, story: s}
		if i < len(dupOf) {
			d.dupOf = dupOf[i]
		}
		c.addMember(s, d)
		if d.dupOf == "" {
			c.docsSeen++
			for t := range f.tf {
				c.df[t]++
			}
			vec := c.weigh(f)
			c.addProfile(s, f, vec, normalize(copyMap(f.ents)))
		}
		c.indexDoc(d)
	}
}

// LoadRecent is Load from the window before the most recently active
// story of the store: since = its Last minus twice Options.Window (the
// latest coverage, not the wall clock, so that an archive of old news
// reloads too). An empty store loads nothing.
func (c *Clusterer) LoadRecent(ctx context.Context, st marsad.Store) error {
	latest, err := st.Stories(ctx, 1)
	if err != nil {
		return fmt.Errorf("cluster: load stories: %w", err)
	}
	if len(latest) == 0 {
		return nil
	}
	return c.Load(ctx, st, latest[0].Last.Add(-2*c.opts.Window))
}
