package analyze_test

import (
	"context"
	"strings"
	"testing"

	"github.com/marsad-news/marsad/analyze"
	"github.com/marsad-news/marsad/analyze/evaluate"
	"github.com/marsad-news/marsad/internal/shared"
)

type floor struct{ person, role, quoteP, quoteR, event float64 }

// floors are the measured quality floors per split (see
// docs/QUALITY.md ("Quality: analyze")), keyed by whether the statistical tagger is in
// use: with the tagger loaded, and with rules only (Options{NoTagger:
// true}, also the default when analyze/ner has no loadable model); the
// test fails below them.
var floors = map[bool]map[string]floor{
	true: {
		"dev":  {person: 0.98, role: 0.98, quoteP: 0.98, quoteR: 0.97, event: 0.97},
		"test": {person: 0.95, role: 0.80, quoteP: 0.95, quoteR: 0.84, event: 0.60},
	},
	false: {
		"dev":  {person: 0.98, role: 0.98, quoteP: 0.98, quoteR: 0.96, event: 0.97},
		"test": {person: 0.95, role: 0.80, quoteP: 0.95, quoteR: 0.84, event: 0.60},
	},
}

// TestQuality scores both splits with the default analyzer (the
// statistical tagger when it loads) and with rules only, against the
// floors of each configuration.
func TestQuality(t *testing.T) {
	golds, err := evaluate.LoadDir("testdata/gold")
	if err != nil {
		t.Fatal(err)
	}
	sharedDir := shared.Dir()
	for _, opts := range []analyze.Options{{}, {NoTagger: true}} {
		an, err := analyze.New(opts)
		if err != nil {
			t.Fatal(err)
		}
		tagged := !opts.NoTagger && an.TaggerError() == nil
		if opts.NoTagger {
			t.Logf("rules only (Options{NoTagger: true}):")
		} else {
			t.Logf("default options (statistical tagger loaded: %v):", tagged)
		}
		for _, split := range []string{"dev", "test"} {
			set := evaluate.InSplit(golds, split, sharedDir)
			r, err := evaluate.Run(context.Background(), an, set, sharedDir)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s (%d articles)", split, len(set))
			t.Logf("  persons %v", r.Persons)
			t.Logf("  roles   %v", r.Roles)
			t.Logf("  quotes  %v", r.Quotes)
			t.Logf("  events  %v", r.Events)
			t.Logf("  event place %v, date %v", r.EventPlace, r.EventDate)
			t.Logf("  misses:\n    %s", strings.Join(r.Misses, "\n    "))
			f := floors[tagged][split]
			if r.Persons.R() < f.person || r.Roles.F1() < f.role || r.Quotes.P() < f.quoteP ||
				r.Quotes.R() < f.quoteR || r.Events.F1() < f.event {
				t.Errorf("%s (tagger %v): below the floor %+v", split, tagged, f)
			}
		}
	}
}
