package analyze

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/marsad-news/marsad"
)

// TestDumpGold prints the analysis of one gold text (ANALYZE_GOLD=id).
func TestDumpGold(t *testing.T) {
	id := os.Getenv("ANALYZE_GOLD")
	if id == "" {
		t.Skip("set ANALYZE_GOLD=id")
	}
	b, err := os.ReadFile(filepath.Join("testdata/gold", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Text, Title, Published string }
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	an, _ := New(Options{})
	a := &marsad.Article{Text: g.Text, Title: g.Title, Published: g.Published}
	if err := an.Analyze(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for _, e := range a.Entities {
		var ms []string
		for _, m := range e.Mentions {
			ms = append(ms, m.Text)
		}
		t.Logf("ENT %s | %s | %q | %q", e.Type, e.Name, e.Roles, ms)
	}
	for _, q := range a.Quotes {
		t.Logf("QUOTE %s (%s) %s: %.60s", q.Speaker, q.SpeakerType, q.Kind, q.Text)
	}
	for _, e := range a.Events {
		b, _ := json.Marshal(e)
		t.Logf("EVENT %s", b)
	}
}
