package htmlpage

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// expectation is what a reader sees on one page of testdata/arabic.
type expectation struct {
	Title      string            `json:"title"`
	Published  string            `json:"published"`
	Modified   string            `json:"modified"`
	Authors    []string          `json:"authors"`
	Category   string            `json:"category"`
	First      string            `json:"first"`
	Last       string            `json:"last"`
	Source     string            `json:"source"`
	Canonical  string            `json:"canonical"`
	Image      string            `json:"image"`
	Language   string            `json:"language"`
	Paragraphs int               `json:"paragraphs"`
	Headings   []string          `json:"headings"`
	Absent     []string          `json:"absent"`
	Note       bool              `json:"note"`
	Meta       map[string]string `json:"meta"`
}

// readArabicPage reads one test page, decoding the windows-1256 one.
func readArabicPage(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "arabic", name))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(name, "windows-1256") {
		b, err = charmap.Windows1256.NewDecoder().Bytes(b)
		if err != nil {
			t.Fatal(err)
		}
	}
	return string(b)
}

func loadExpectations(t testing.TB) map[string]expectation {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "arabic", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp map[string]expectation
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	if len(exp) < 15 {
		t.Fatalf("only %d Arabic test pages, want at least 15", len(exp))
	}
	return exp
}

// TestArabicPages checks every field a reader sees on the Arabic test
// pages: title, date, authors, category, first and last paragraph, and that
// boilerplate is gone.
func TestArabicPages(t *testing.T) {
	for name, want := range loadExpectations(t) {
		t.Run(name, func(t *testing.T) {
			a, err := Extract(context.Background(), readArabicPage(t, name), Options{})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			check := func(field, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("title", a.Title, want.Title)
			check("published", a.Published, want.Published)
			check("category", a.Category, want.Category)
			check("authors", strings.Join(a.Authors, "|"), strings.Join(want.Authors, "|"))
			if want.Modified != "" {
				check("modified", a.Modified, want.Modified)
			}
			if want.Source != "" {
				check("source", a.Source, want.Source)
			}
			if want.Canonical != "" {
				check("canonical", a.CanonicalURL, want.Canonical)
			}
			if want.Image != "" {
				check("image", a.Image, want.Image)
			}
			lang := want.Language
			if lang == "" {
				lang = "ar"
			}
			check("language", a.Language, lang)
			paras := strings.Split(a.Text, "\n\n")
			check("first paragraph", paras[0], want.First)
			check("last paragraph", paras[len(paras)-1], want.Last)
			if want.Paragraphs > 0 && len(paras) != want.Paragraphs {
				t.Errorf("%d paragraphs, want %d:\n%s", len(paras), want.Paragraphs, a.Text)
			}
			if want.Headings != nil {
				var got []string
				for _, s := range a.Sections {
					got = append(got, s.Heading)
				}
				check("headings", strings.Join(got, "|"), strings.Join(want.Headings, "|"))
			}
			for _, s := range want.Absent {
				if strings.Contains(a.Text, s) {
					t.Errorf("text holds boilerplate %q", s)
				}
			}
			for k, v := range want.Meta {
				check("meta["+k+"]", a.Meta[k], v)
			}
			if want.Note != (a.Meta["published_note"] != "") {
				t.Errorf("published_note = %q, want present=%v", a.Meta["published_note"], want.Note)
			}
			if strings.ContainsAny(a.Text, "\u200e\u200f\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u061c") {
				t.Errorf("text holds bidi controls")
			}
			// The text is exactly the section paragraphs.
			var all []string
			for _, s := range a.Sections {
				all = append(all, s.Paragraphs...)
			}
			check("text vs sections", a.Text, strings.Join(all, "\n\n"))
		})
	}
}

// TestWindows1256Stored checks that the windows-1256 page is stored in
// that encoding with its meta charset, so the charset package has a real
// case; Extract itself gets the decoded text.
func TestWindows1256Stored(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "arabic", "05-windows-1256.html"))
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(raw) {
		t.Error("page is valid UTF-8; want windows-1256 bytes")
	}
	if !strings.Contains(string(raw), "charset=windows-1256") {
		t.Error("page lacks its meta charset")
	}
}
