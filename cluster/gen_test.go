package cluster_test

import (
	"context"
	"testing"
	"time"

	"github.com/marsad-news/marsad/analyze"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/cluster/clustereval"
	"github.com/marsad-news/marsad/gen"
)

// TestGenerated clusters a generated corpus (package gen) and checks the
// figures against floors measured on it (docs/QUALITY.md).
func TestGenerated(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 300
	}
	ctx := context.Background()
	items, err := clustereval.Generated(ctx, gen.Options{Count: n, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := clustereval.Prepare(ctx, an, items); err != nil {
		t.Fatal(err)
	}
	prep := time.Since(start)
	rep, err := clustereval.Cluster(ctx, items, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated n=%d seed=7: %d stories, %d predicted; pairwise %v; B-cubed %v; copies %v; extract+analyze %v, clustering %v (%.3f ms/article)",
		n, rep.Stories, rep.PredictedStories, rep.Pairwise, rep.BCubed, rep.Copies, prep.Round(time.Millisecond), rep.Elapsed.Round(time.Millisecond),
		float64(rep.Elapsed.Microseconds())/1000/float64(n))
	for i, e := range rep.Errors {
		if i == 10 {
			break
		}
		t.Logf("  %s", e)
	}
	// Floors below the figures measured with seed 7 (see
	// docs/QUALITY.md).
	floor := 0.95
	if testing.Short() {
		floor = 0.95
	}
	if rep.BCubed.F1 < floor {
		t.Errorf("B-cubed F1 %.3f below the floor %.2f", rep.BCubed.F1, floor)
	}
}
