package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
)

func TestGazetteerFlag(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.txt")
	text := "تقرير عن السوق\n\nوقال مكتب زمرد للدراسات في تقرير اليوم إن الأسواق تتعافى ببطء.\n"
	if err := os.WriteFile(page, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(dir, "mine.tsv")
	if err := os.WriteFile(list, []byte("# my outlets\norganization\tمكتب زمرد للدراسات\tزمرد\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	orgs := func(out string) []string {
		var a marsad.Article
		if err := json.Unmarshal([]byte(out), &a); err != nil {
			t.Fatalf("not Article JSON: %v", err)
		}
		var keys []string
		for _, e := range a.Entities {
			if e.Type == marsad.EntityOrganization {
				keys = append(keys, e.Name)
			}
		}
		return keys
	}
	code, out, errs := runCLI(t, nil, "--gazetteer", list, "extract", page)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if got := orgs(out); !slices.Contains(got, "مكتب زمرد للدراسات") {
		t.Errorf("with the user's list: organizations %q", got)
	}

	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("company\tشركة ما\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{bad, filepath.Join(dir, "missing.tsv")} {
		code, _, errs = runCLI(t, nil, "--gazetteer", p, "extract", page)
		if code != exitUsage || !strings.Contains(errs, "gazetteer") {
			t.Errorf("--gazetteer %s: exit %d, stderr %q; want 2 naming the gazetteer", filepath.Base(p), code, errs)
		}
	}
}
