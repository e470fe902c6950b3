package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/sqlite"
)

// exportArchive is a data folder with a few articles and a story.
func exportArchive(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.OpenDir(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ids []string
	for i, a := range []*marsad.Article{
		{URL: "https://sana.sy/1", Source: "سانا", Language: "ar", Title: "=وزير الدفاع في دمشق", Published: "2025-11-10", Text: "التقى وزير الدفاع وفدا."},
		{URL: "https://sana.sy/2", Source: "سانا", Language: "ar", Title: "وزير الدفاع يستقبل", Published: "2025-11-12", Text: "استقبل وزير الدفاع السفير."},
		{URL: "https://b.example/3", Source: "ب", Language: "ar", Title: "طقس", Published: "2025-11-11", Text: "أمطار غزيرة."},
	} {
		r, err := st.PutArticle(ctx, a, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			ids = append(ids, r.ID)
		}
	}
	s := &marsad.Story{ID: "s1", Title: "قصة"}
	for _, id := range ids {
		s.Articles = append(s.Articles, marsad.StoryArticle{ID: id})
	}
	if err := st.PutStory(ctx, s); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestExportCLI(t *testing.T) {
	dir := exportArchive(t)
	code, out, errs := runCLI(t, nil, "--data", dir, "export", "--format", "csv", "وزير", "الدفاع")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "\uFEFF") {
		t.Fatal("CSV without BOM")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %d, %v", len(rows), err)
	}
	if rows[1][5] != "وزير الدفاع يستقبل" || rows[2][5] != "'=وزير الدفاع في دمشق" {
		t.Errorf("titles (newest first, formula defused): %q %q", rows[1][5], rows[2][5])
	}

	path := filepath.Join(t.TempDir(), "story.jsonl")
	if code, _, errs := runCLI(t, nil, "--data", dir, "export", "--format", "jsonl", "--story", "s1", "--out", path); code != 0 {
		t.Fatalf("story export: exit %d: %s", code, errs)
	}
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var l struct {
		StoryID string `json:"story_id"`
	}
	if len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &l) != nil || l.StoryID != "s1" {
		t.Errorf("story export: %q", b)
	}

	for _, args := range [][]string{
		{"export", "--format", "xml", "x"},
		{"export", "--from", "10/11/2025", "x"},
		{"export", "--story", "s1", "x"},
		{"export", "--story", "nope"},
	} {
		if code, _, _ := runCLI(t, nil, append([]string{"--data", dir}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestAlertsCLI(t *testing.T) {
	dir := exportArchive(t)
	code, out, errs := runCLI(t, nil, "--data", dir, "alerts", "add", "--json", "--name", "دفاع", "--webhook", "https://hooks.example.org/x", "--source", "سانا", "وزير الدفاع")
	if code != 0 {
		t.Fatalf("add: exit %d: %s", code, errs)
	}
	var a struct{ ID, Secret string }
	if err := json.Unmarshal([]byte(out), &a); err != nil || a.ID == "" || a.Secret == "" {
		t.Fatalf("add output %q: %v", out, err)
	}
	code, out, _ = runCLI(t, nil, "--data", dir, "alerts", "list")
	if code != 0 || !strings.Contains(out, a.ID) || !strings.Contains(out, "--source سانا") || strings.Contains(out, a.Secret) {
		t.Errorf("list: %d %q", code, out)
	}
	code, out, _ = runCLI(t, nil, "--data", dir, "alerts", "feed", a.ID)
	if code != 0 || !strings.Contains(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\"") {
		t.Errorf("feed: %d %q", code, out)
	}
	for _, args := range [][]string{
		{"alerts", "add", "--webhook", "http://127.0.0.1/x", "x"},
		{"alerts", "add", "--to", "yesterday", "x"},
		{"alerts", "add"},
		{"alerts", "remove", "nope"},
	} {
		if code, _, _ := runCLI(t, nil, append([]string{"--data", dir}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runCLI(t, nil, "--data", dir, "alerts", "remove", a.ID); code != 0 {
		t.Errorf("remove: %d %s", code, errs)
	}
	if _, out, _ := runCLI(t, nil, "--data", dir, "alerts", "list", "--json"); !strings.Contains(out, `"alerts":[]`) {
		t.Errorf("after remove: %q", out)
	}
}
