package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/extract"
	"github.com/marsad-news/marsad/sqlite"
)

// searchArchive builds a data folder with the founding example and a few
// articles, stored in the SQLite store only (the index is derived).
func searchArchive(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.OpenDir(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := os.ReadFile("../../extract/testdata/pages/article-ar-001.txt")
	if err != nil {
		t.Skipf("founding example not available: %v", err)
	}
	seed, err := extract.Page(ctx, page, extract.Options{URL: "https://www.example.com/news/1"})
	if err != nil {
		t.Fatal(err)
	}
	arts := []*marsad.Article{seed,
		{URL: "https://sana.sy/1", Source: "سانا", Language: "ar", Title: "خبر", Published: "2025-11-10",
			Text: "ذكرت سانا أن لوزير الدفاع جدولا حافلا <b>اليوم</b>."},
		{URL: "https://reuters.com/1", Source: "Reuters", Language: "en", Title: "Talks", Published: "2025-11-12",
			Text: "Syria's defense minister held talks in Damascus."},
		{URL: "https://a.example/z1", Source: "أ", Language: "ar", Title: "تصريح", Published: "2025-11-11",
			Text: "قالت زاخاروفا إن موسكو ترحب.",
			Entities: []marsad.Entity{{Name: "ماريا زاخاروفا", Key: "zakharova", Type: marsad.EntityPerson,
				Mentions: []marsad.Mention{{Text: "زاخاروفا", Start: 5, End: 13}}}}},
		{URL: "https://b.example/z2", Source: "ب", Language: "ar", Title: "تصريح آخر", Published: "2025-11-11",
			Text: "قالت زخاروفا إن موسكو ترحب.",
			Entities: []marsad.Entity{{Name: "ماريا زخاروفا", Key: "zakharova", Type: marsad.EntityPerson,
				Mentions: []marsad.Mention{{Text: "زخاروفا", Start: 5, End: 12}}}}},
	}
	for _, a := range arts {
		if _, err := st.PutArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSearchCmdJSON(t *testing.T) {
	dir := searchArchive(t)
	code, out, errs := runCLI(t, nil, "--data", dir, "search", "--json", "وزير الدفاع")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// The exact shape of DESIGN.md.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"total", "results", "facets", "next_cursor"} {
		if _, ok := raw[k]; !ok && k != "next_cursor" {
			t.Errorf("missing %q", k)
		}
	}
	var res marsad.SearchResults
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || len(res.Results) != 2 { // the seed and sana.sy
		t.Fatalf("total %d results %d:\n%s", res.Total, len(res.Results), out)
	}
	if res.Results[0].Published != "2025-11-17" || !strings.Contains(res.Results[0].Snippet, "<mark>وزير</mark> <mark>الدفاع</mark>") {
		t.Errorf("seed should rank first with its phrase marked: %+v", res.Results[0])
	}
	var hit map[string]any
	var results []map[string]any
	json.Unmarshal(raw["results"], &results)
	hit = results[0]
	for _, k := range []string{"id", "url", "title", "source", "published", "snippet", "score"} {
		if _, ok := hit[k]; !ok {
			t.Errorf("result lacks %q", k)
		}
	}
	var facets map[string][]map[string]any
	json.Unmarshal(raw["facets"], &facets)
	for _, k := range []string{"source", "category", "entity"} {
		if _, ok := facets[k]; !ok {
			t.Errorf("facets lack %q", k)
		}
	}
	if strings.Contains(results[1]["snippet"].(string), "<b>") {
		t.Errorf("raw HTML in snippet: %v", results[1]["snippet"])
	}

	// Names and people from the seed.
	for _, q := range []string{"أبو قصرة", "بيسكوف", `"مباحثات عسكرية"`} {
		code, out, errs := runCLI(t, nil, "--data", dir, "search", "--json", q)
		if code != exitOK || !strings.Contains(out, `"published": "2025-11-17"`) {
			t.Errorf("%s: exit %d, %s\n%s", q, code, errs, out)
		}
	}
}

func TestSearchCmdReadableAndPages(t *testing.T) {
	dir := searchArchive(t)
	code, out, errs := runCLI(t, nil, "--data", dir, "search", "--limit", "3", "--sort", "new", "--lang", "ar")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "4 results\n") || !strings.Contains(out, "next page: --cursor ") || strings.Contains(out, "\x1b") {
		t.Fatalf("output:\n%s", out)
	}
	cursor := strings.TrimSpace(out[strings.Index(out, "--cursor ")+len("--cursor "):])
	code, out, errs = runCLI(t, nil, "--data", dir, "search", "--limit", "3", "--sort", "new", "--lang", "ar", "--cursor", cursor)
	if code != exitOK || !strings.Contains(out, "sana.sy") || strings.Contains(out, "next page") {
		t.Fatalf("second page: exit %d %s\n%s", code, errs, out)
	}
}

func TestSearchCmdErrors(t *testing.T) {
	dir := searchArchive(t)
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"--data", dir, "search", "--from", "yesterday", "x"}, exitUsage},
		{[]string{"--data", dir, "search", "--sort", "oldest", "x"}, exitUsage},
		{[]string{"--data", dir, "search", "--cursor", "garbage", "x"}, exitUsage},
		{[]string{"--data", dir, "search", "--limit", "many", "x"}, exitUsage},
		{[]string{"--data", filepath.Join(dir, "none"), "search", "x"}, exitFailure},
	} {
		code, _, errs := runCLI(t, nil, tc.args...)
		if code != tc.code || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("%v: exit %d (want %d), stderr %q", tc.args, code, tc.code, errs)
		}
	}
}

// TestSearchCmdRebuildsCorruptIndex damages the index folder: the next
// search rebuilds it from the store and still answers.
func TestSearchCmdRebuildsCorruptIndex(t *testing.T) {
	dir := searchArchive(t)
	if code, _, errs := runCLI(t, nil, "--data", dir, "search", "سانا"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if err := os.WriteFile(filepath.Join(dir, sqlite.IndexDir, "index_meta.json"), []byte("{broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, nil, "--data", dir, "search", "--json", "سانا")
	if code != exitOK || !strings.Contains(out, `"total": 1`) || !strings.Contains(errs, "rebuilding") {
		t.Fatalf("exit %d, stderr %s\n%s", code, errs, out)
	}
}

// TestSearchCmdEntityThroughRegistry: a spelling variant given to --entity
// finds the articles of the entity's other spellings through the
// registry's key.
func TestSearchCmdEntityThroughRegistry(t *testing.T) {
	dir := searchArchive(t)
	code, out, errs := runCLI(t, nil, "--data", dir, "search", "--json", "--entity", "ماريا زخاروفا")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res marsad.SearchResults
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Fatalf("total %d, want both spellings:\n%s", res.Total, out)
	}
}
