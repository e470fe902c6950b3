package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
)

// TestStoriesCLI generates and ingests a corpus, builds its stories and
// reads them back as a user would.
func TestStoriesCLI(t *testing.T) {
	corpus := filepath.Join(t.TempDir(), "corpus")
	data := filepath.Join(t.TempDir(), "data")
	if code, out, errs := runCLI(t, nil, "gen", "--count", "30", "--seed", "3", "--out", corpus); code != 0 {
		t.Fatalf("gen: exit %d, %q %q", code, out, errs)
	}
	if code, _, errs := runCLI(t, nil, "--data", data, "ingest", filepath.Join(corpus, "pages.jsonl")); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	code, out, errs := runCLI(t, nil, "--data", data, "stories", "--build", "--json", "--limit", "100")
	if code != 0 {
		t.Fatalf("stories --build: exit %d: %s", code, errs)
	}
	var list []marsad.Story
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("stories --json: %v: %q", err, out)
	}
	n := 0
	for _, s := range list {
		n += len(s.Articles)
		if s.ID == "" || s.Title == "" || s.First.IsZero() || len(s.Articles) == 0 {
			t.Errorf("story %+v incomplete", s)
		}
	}
	if n != 30 || len(list) < 3 {
		t.Errorf("%d stories holding %d articles, want every one of the 30 articles", len(list), n)
	}
	code, out, errs = runCLI(t, nil, "--data", data, "story", list[0].ID)
	if code != 0 || !strings.Contains(out, "Outlets") {
		t.Errorf("story: exit %d, %q %q", code, out, errs)
	}
	code, out, _ = runCLI(t, nil, "--data", data, "story", "--json", list[0].ID)
	if code != 0 || !strings.Contains(out, `"comparison"`) {
		t.Errorf("story --json: exit %d, %q", code, out)
	}
	code, out, _ = runCLI(t, nil, "--data", data, "stories", "--from", "2000-01-01", "--to", "2000-01-02")
	if code != 0 || !strings.Contains(out, "no stories") {
		t.Errorf("stories in an empty range: exit %d, %q", code, out)
	}
	for _, bad := range [][]string{
		{"stories", "--limit", "0"},
		{"stories", "--from", "yesterday"},
		{"stories", "--from", "2025-02-01", "--to", "2025-01-01"},
		{"story"},
		{"story", "no-such-story"},
	} {
		if code, _, _ := runCLI(t, nil, append([]string{"--data", data}, bad...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, exitUsage)
		}
	}
	if code, _, _ := runCLI(t, nil, "--data", filepath.Join(t.TempDir(), "none"), "stories"); code != exitFailure {
		t.Errorf("stories without an archive: exit %d, want %d", code, exitFailure)
	}
}
