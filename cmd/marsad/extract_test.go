package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
)

const seedPage = "../../extract/testdata/pages/article-ar-001.txt"

func runCLI(t *testing.T, stdin []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, bytes.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExtractCmdSeed(t *testing.T) {
	code, out, errs := runCLI(t, nil, "extract", "--url", "https://www.example.com/news/1?utm_source=x", seedPage)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var a marsad.Article
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("output is not Article JSON: %v", err)
	}
	if a.Published != "2025-11-17" || a.Category != "أخبار سورية" || len(a.Sections) != 6 {
		t.Errorf("published %q category %q sections %d", a.Published, a.Category, len(a.Sections))
	}
	if a.CanonicalURL != "https://www.example.com/news/1" || a.Source != "example.com" || a.Encoding != "utf-8" {
		t.Errorf("canonical %q source %q encoding %q", a.CanonicalURL, a.Source, a.Encoding)
	}
	// The analysis runs inside extract (analyze/seed_test.go checks it in
	// full): Zakharova with her role, her quotes, the Damascus meeting.
	var zakharova *marsad.Entity
	for i, e := range a.Entities {
		if e.Key == "ماريا زاخاروفا" {
			zakharova = &a.Entities[i]
		}
	}
	if zakharova == nil || !slices.Contains(zakharova.Roles, "المتحدثة باسم الخارجية الروسية") || len(zakharova.Mentions) < 2 {
		t.Errorf("no Zakharova with her role and mentions in %+v", a.Entities)
	}
	quotes := 0
	for _, q := range a.Quotes {
		if q.Speaker == "ماريا زاخاروفا" {
			quotes++
		}
	}
	if quotes < 4 {
		t.Errorf("%d quotes by Zakharova, want at least 4 (two direct, two reported)", quotes)
	}
	if !slices.ContainsFunc(a.Events, func(e marsad.Event) bool {
		return e.Type == "meeting" && e.Date == "2025-11-16" && e.Place == "دمشق"
	}) {
		t.Errorf("no meeting on 2025-11-16 in Damascus in %+v", a.Events)
	}

	code, out, _ = runCLI(t, nil, "extract", "--no-analyze", seedPage)
	var bare marsad.Article
	if err := json.Unmarshal([]byte(out), &bare); err != nil || code != exitOK {
		t.Fatalf("--no-analyze: exit %d, %v", code, err)
	}
	if len(bare.Entities)+len(bare.Quotes)+len(bare.Events) != 0 || bare.Title != a.Title || len(bare.Dates) == 0 {
		t.Errorf("--no-analyze: %d entities, %d quotes, %d events, title %q, %d dates",
			len(bare.Entities), len(bare.Quotes), len(bare.Events), bare.Title, len(bare.Dates))
	}
}

func TestExtractCmdStdin(t *testing.T) {
	page, err := os.ReadFile(seedPage)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, page, "extract", "--source", "الجزيرة", "-")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, `"source": "الجزيرة"`) {
		t.Errorf("source not in output: %.200s", out)
	}
}

func TestExtractCmdRefused(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 50 MB file: refused from its size, before it is read.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	png := filepath.Join(dir, "image.png")
	os.WriteFile(png, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...), 0o644)

	tests := []struct {
		name  string
		stdin []byte
		args  []string
		code  int
		msg   string
	}{
		{"50 MB file", nil, []string{"extract", big}, exitUsage, "page too large"},
		{"50 MB stdin", bytes.Repeat([]byte("ن "), 25<<20), []string{"extract", "-"}, exitUsage, "page too large"},
		{"empty file", nil, []string{"extract", empty}, exitUsage, "empty page"},
		{"binary file", nil, []string{"extract", png}, exitUsage, "image/png"},
		{"missing file", nil, []string{"extract", filepath.Join(dir, "nope.txt")}, exitFailure, "no such file"},
		{"no argument", nil, []string{"extract"}, exitUsage, "accepts 1 arg"},
		{"directory", nil, []string{"extract", dir}, exitUsage, "directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			if !strings.Contains(errs, tt.msg) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("stderr %q, want one line with %q", errs, tt.msg)
			}
		})
	}
}

func TestExtractCmdSaysAssumedEncoding(t *testing.T) {
	code, out, errs := runCLI(t, nil, "extract", "../../extract/testdata/pages/v11-windows-1256.txt")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, `"encoding": "windows-1256"`) || !strings.Contains(errs, "encoding=windows-1256") {
		t.Errorf("stdout %.300q\nstderr %q", out, errs)
	}
}
