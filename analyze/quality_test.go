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
// docs/QUALITY.md), with the statistical tagger loaded and with
// rules only (when analyze/ner has no loadable model); the test fails
// below them.
var floors = map[bool]map[string]floor{
	true: {
		"dev":  {person: 0.98, role: 0.97, quoteP: 0.98, quoteR: 0.95, event: 0.95},
		"test": {person: 0.95, role: 0.78, quoteP: 0.95, quoteR: 0.78, event: 0.60},
	},
	false: {
		"dev":  {person: 0.98, role: 0.97, quoteP: 0.98, quoteR: 0.95, event: 0.95},
		"test": {person: 0.90, role: 0.78, quoteP: 0.95, quoteR: 0.76, event: 0.60},
	},
}

func TestQuality(t *testing.T) {
	golds, err := evaluate.LoadDir("testdata/gold")
	if err != nil {
		t.Fatal(err)
	}
	sharedDir := shared.Dir()
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, split := range []string{"dev", "test"} {
		var set []evaluate.Gold
		for _, g := range golds {
			if g.Split == split && (g.Shared == "" || sharedDir != "") {
				set = append(set, g)
			}
		}
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
		tagged := an.TaggerError() == nil
		t.Logf("  (statistical tagger loaded: %v)", tagged)
		f := floors[tagged][split]
		if r.Persons.R() < f.person || r.Roles.F1() < f.role || r.Quotes.P() < f.quoteP ||
			r.Quotes.R() < f.quoteR || r.Events.F1() < f.event {
			t.Errorf("%s: below the floor %+v", split, f)
		}
	}
}
