package analyze

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze/evaluate"
	"github.com/marsad-news/marsad/internal/shared"
)

// TestSeed requires the founding example to come out exactly as its gold
// annotation (testdata/gold/seed-001.json) says: every person with the
// right roles, every quote with the right speaker, every meeting and
// visit with its place and date, and nothing else.
func TestSeed(t *testing.T) {
	golds, err := evaluate.LoadDir("testdata/gold")
	if err != nil {
		t.Fatal(err)
	}
	an, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := loadSeed(t)
	if err := an.Analyze(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for i := range golds {
		if golds[i].ID != "seed-001" {
			continue
		}
		r := evaluate.Score(&golds[i], a)
		for _, m := range r.Misses {
			t.Error(m)
		}
		return
	}
	t.Fatal("no seed-001 gold file")
}

func loadSeed(tb testing.TB) *marsad.Article {
	tb.Helper()
	b, err := os.ReadFile(shared.Path(tb, "seed/article-ar-001.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return &marsad.Article{Text: string(b), Published: "2025-11-17",
		Title: "بمشاركة أكبر وفد روسي .. مباحثات عسكرية سورية - روسية واسعة في دمشق"}
}

func TestSeedDump(t *testing.T) {
	if os.Getenv("ANALYZE_DUMP") == "" {
		t.Skip("set ANALYZE_DUMP=1 to print the seed analysis")
	}
	an, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := loadSeed(t)
	if err := an.Analyze(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for _, e := range a.Entities {
		var ms []string
		for _, m := range e.Mentions {
			ms = append(ms, m.Text)
		}
		t.Logf("ENT %s | %s | %s | %q | %q", e.Type, e.Name, e.Key, e.Roles, ms)
	}
	for _, q := range a.Quotes {
		t.Logf("QUOTE %s (%s) %s: %.60s", q.Speaker, q.SpeakerType, q.Kind, q.Text)
	}
	for _, e := range a.Events {
		b, _ := json.Marshal(e)
		t.Logf("EVENT %s", b)
	}
}
