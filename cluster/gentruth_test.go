package cluster_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/cluster/clustereval"
	"github.com/marsad-news/marsad/gen"
)

// TestGeneratedTruth clusters a generated corpus of MARSAD_GEN_TRUTH
// articles (seed 7) made from the generator's truth (entities, dates,
// events) instead of extract + analyze: a fast way to read the
// clusterer's own figures at scale. Skipped unless the variable is set.
func TestGeneratedTruth(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MARSAD_GEN_TRUTH"))
	if n <= 0 {
		t.Skip("set MARSAD_GEN_TRUTH=2000 to run")
	}
	ctx := context.Background()
	var items []*clustereval.Item
	seq := 0
	truths := map[string]*gen.StoryTruth{}
	err := gen.Generate(ctx, gen.Options{Count: n, Seed: 7}, func(a *gen.Article) error {
		seq++
		items = append(items, &clustereval.Item{Name: a.Truth.ID, Split: "gen", Story: a.Truth.Story, CopyOf: a.Truth.CopyOf,
			Article: truthArticle(a, seq)})
		return nil
	}, func(s *gen.StoryTruth) error {
		truths[s.ID] = s
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := clustereval.Cluster(ctx, items, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("truth n=%d: %d stories, %d predicted; pairwise %v; B-cubed %v; copies %v; %v", n, rep.Stories, rep.PredictedStories, rep.Pairwise, rep.BCubed, rep.Copies, rep.Elapsed)
	if os.Getenv("MARSAD_GEN_TRACE") == "" {
		return
	}
	shown := 0
	for _, e := range rep.Errors {
		if shown == 8 {
			break
		}
		if !strings.Contains(e, "predicted with") {
			continue
		}
		shown++
		t.Logf("  %s", e)
		for _, name := range strings.Fields(strings.Trim(e[strings.Index(e, "[")+1:], "]")) {
			for _, it := range items {
				if it.Name == name {
					s := truths[it.Story]
					t.Logf("     %s %s %s %s %s %v %s | %s", name, s.ID, s.Date, s.Kind, s.Place, s.Participants, s.Subject, it.Article.Title)
				}
			}
		}
	}
}
