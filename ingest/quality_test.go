package ingest_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"github.com/marsad-news/marsad/gen"
	"github.com/marsad-news/marsad/ingest"
)

// TestEntityLookupQuality measures "all articles naming X" end to end on a
// generated corpus: extract + analyze + store + registry lookup by name.
// For every person of the truth, the articles found by FindEntities(name)
// then ArticlesByEntity are compared with the articles the truth says name
// the person (micro-averaged over persons). It also counts how many
// registry keys the spelling variants of one person end up under.
// Figures go to docs/QUALITY.md; the floors catch regressions.
func TestEntityLookupQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a generated corpus")
	}
	const n = 1000
	dir := corpus(t, n, 21, 0.3)
	s := openStore(t, t.TempDir())
	run(t, []string{filepath.Join(dir, gen.PagesFile)}, ingest.Options{Store: s, Processor: pipeline(t)})
	truth := readTruth(t, dir)

	want := map[string]map[string]bool{} // person key -> article IDs naming them
	names := map[string]string{}
	forms := map[string]map[string]bool{}
	for _, tr := range truth {
		for _, e := range tr.Entities {
			if e.Type != "person" {
				continue
			}
			if want[e.Key] == nil {
				want[e.Key] = map[string]bool{}
				forms[e.Key] = map[string]bool{}
			}
			want[e.Key][tr.ID] = true
			names[e.Key] = e.Name
			for _, f := range e.Forms {
				forms[e.Key][f] = true
			}
		}
	}
	var tp, fp, fn int
	var rows []string
	variantKeys, variantPersons := 0, 0
	for key, ids := range want {
		found := map[string]bool{}
		ents, err := s.FindEntities(t.Context(), names[key], 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			refs, err := s.ArticlesByEntity(t.Context(), e.Key, 100000)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range refs {
				found[r.ID] = true
			}
		}
		ptp := 0
		for id := range found {
			if ids[id] {
				ptp++
			} else {
				fp++
			}
		}
		tp += ptp
		fn += len(ids) - ptp
		rows = append(rows, fmt.Sprintf("%-22s truth %4d found %4d correct %4d", names[key], len(ids), len(found), ptp))
		// Spelling variants: registry keys reached from each form.
		keys := map[string]bool{}
		for f := range forms[key] {
			es, _ := s.FindEntities(t.Context(), f, 10)
			for _, e := range es {
				keys[e.Key] = true
			}
		}
		variantKeys += len(keys)
		variantPersons++
	}
	sort.Strings(rows)
	for _, r := range rows {
		t.Log(r)
	}
	p := float64(tp) / float64(max(1, tp+fp))
	r := float64(tp) / float64(max(1, tp+fn))
	t.Logf("articles naming a person, found by name through the registry: precision %.3f recall %.3f (tp %d fp %d fn %d, %d persons, %d articles)",
		p, r, tp, fp, fn, len(want), n)
	t.Logf("registry keys reached from the spelling variants of one person: %.2f on average (1.00 = all variants meet)",
		float64(variantKeys)/float64(max(1, variantPersons)))
	if p < 0.95 || r < 0.75 {
		t.Errorf("entity lookup precision %.3f / recall %.3f below the floors 0.95 / 0.75", p, r)
	}
}
