package analyze

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze/evaluate"
	"github.com/marsad-news/marsad/internal/shared"
)

// TestDumpGold prints the analysis of one gold text (ANALYZE_GOLD=id) or
// of a text given directly (ANALYZE_TEXT=...).
func TestDumpGold(t *testing.T) {
	id := os.Getenv("ANALYZE_GOLD")
	var g struct{ Text, Title, Published string }
	switch {
	case os.Getenv("ANALYZE_TEXT") != "":
		g.Text, g.Published = os.Getenv("ANALYZE_TEXT"), "2025-06-01"
	case id != "":
		b, err := os.ReadFile(filepath.Join("testdata/gold", id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatal(err)
		}
	default:
		t.Skip("set ANALYZE_GOLD=id or ANALYZE_TEXT=text")
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

// TestEvalDir scores the gold files of a folder (ANALYZE_EVAL_DIR) and
// prints the figures and misses, for measuring a new batch of gold texts
// on its own before tuning on it. ANALYZE_NO_TAGGER=1 runs on rules only.
func TestEvalDir(t *testing.T) {
	dir := os.Getenv("ANALYZE_EVAL_DIR")
	if dir == "" {
		t.Skip("set ANALYZE_EVAL_DIR=folder")
	}
	golds, err := evaluate.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	an, err := New(Options{NoTagger: os.Getenv("ANALYZE_NO_TAGGER") == "1"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := evaluate.Run(context.Background(), an, golds, shared.Dir())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d articles\n  persons %v\n  roles   %v\n  quotes  %v\n  events  %v\n  event place %v, date %v\n  misses:\n    %s",
		len(golds), r.Persons, r.Roles, r.Quotes, r.Events, r.EventPlace, r.EventDate, strings.Join(r.Misses, "\n    "))
}
