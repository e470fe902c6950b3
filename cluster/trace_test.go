package cluster_test

import (
	"context"
	"os"
	"sort"
	"testing"

	"github.com/marsad-news/marsad/cluster"
)

// TestGoldTrace logs every assignment of the dev split (MARSAD_TRACE=1).
func TestGoldTrace(t *testing.T) {
	split := os.Getenv("MARSAD_TRACE")
	if split == "" {
		t.Skip("set MARSAD_TRACE=dev to trace")
	}
	items := loadGold(t)
	var set = items[:0:0]
	for _, it := range items {
		if it.Split == split {
			set = append(set, it)
		}
	}
	sort.SliceStable(set, func(i, j int) bool {
		if set[i].Article.Published != set[j].Article.Published {
			return set[i].Article.Published < set[j].Article.Published
		}
		return set[i].Name < set[j].Name
	})
	c := cluster.New(cluster.Options{})
	names := map[string]string{}
	for _, it := range set {
		asg, _ := c.Add(context.Background(), it.Article)
		names["s"+it.Article.ID] = it.Name
		var ents []string
		for _, e := range it.Article.Entities {
			ents = append(ents, e.Type[:3]+":"+e.Key)
		}
		var ds []string
		for _, d := range it.Article.Dates {
			ds = append(ds, d.Value+"/"+d.Granularity)
		}
		t.Logf("%-6s %s story=%s new=%v dup=%v score=%.3f pub=%s ents=%v dates=%v events=%v", it.Name, it.Story, names[asg.StoryID], asg.New, asg.DuplicateOf != "", asg.Score, it.Article.Published, ents, ds, it.Article.Events)
	}
}
