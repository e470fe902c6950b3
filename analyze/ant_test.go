package analyze

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/internal/shared"
)

// antArticles reads the ANT corpus (Tunisian news, JawharaFM) articles
// of the given category folders from the shared data. The texts are used
// in tests only, never copied into the repository.
func antArticles(tb testing.TB, cats ...string) []*marsad.Article {
	tb.Helper()
	f, err := os.Open(shared.Path(tb, "data/ant-corpus-v1.1/antcorpus-v1.1.tar.gz"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out []*marsad.Article
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		cat, _, _ := strings.Cut(h.Name, "/")
		want := false
		for _, c := range cats {
			want = want || c == cat
		}
		if !want || !strings.HasSuffix(h.Name, ".txt") {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 1<<20))
		if err != nil {
			tb.Fatal(err)
		}
		s := string(b)
		a := &marsad.Article{ID: h.Name, Title: strings.TrimSpace(between(s, "<TITLE>", "</TITLE>")),
			Text: strings.TrimSpace(between(s, "<TEXT>", "</TEXT>"))}
		if t, err := time.Parse(time.RFC3339, strings.TrimSpace(between(s, "<TIME>", "</TIME>"))); err == nil {
			a.Published = t.Format("2006-01-02")
		}
		out = append(out, a)
	}
	return out
}

func between(s, open, close string) string {
	_, rest, ok := strings.Cut(s, open)
	if !ok {
		return ""
	}
	in, _, _ := strings.Cut(rest, close)
	return in
}

// TestANT runs the analyzer over the ANT politics and international news
// folders: offsets must be valid, and the figures (articles per second,
// quotes and persons found) are logged. With ANALYZE_ANT_SAMPLE=n it
// also prints n random quotes for a manual precision check.
func TestANT(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	arts := antArticles(t, "politic", "internationalNews")
	an, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var quotes []marsad.Quote
	var ctxs []string
	var persons, withRole, events int
	start := time.Now()
	for _, a := range arts {
		if err := an.Analyze(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		n := utf8.RuneCountInString(a.Text)
		runes := []rune(a.Text)
		for _, q := range a.Quotes {
			if q.Start < 0 || q.End > n || string(runes[q.Start:q.End]) != q.Text {
				t.Fatalf("%s: bad quote offsets %+v", a.ID, q)
			}
			quotes = append(quotes, q)
			ctxs = append(ctxs, string(runes[max(0, q.Start-80):q.Start]))
		}
		for _, e := range a.Entities {
			for _, m := range e.Mentions {
				if m.Start < 0 || m.End > n || string(runes[m.Start:m.End]) != m.Text {
					t.Fatalf("%s: bad mention offsets %+v", a.ID, m)
				}
			}
			if e.Type == marsad.EntityPerson {
				persons++
				if len(e.Roles) > 0 {
					withRole++
				}
			}
		}
		events += len(a.Events)
	}
	el := time.Since(start)
	t.Logf("ANT politic+internationalNews: %d articles in %v (%.0f articles/s), %d quotes, %d persons (%d with a role), %d events",
		len(arts), el.Round(time.Millisecond), float64(len(arts))/el.Seconds(), len(quotes), persons, withRole, events)
	if n := sampleSize(); n > 0 {
		r := rand.New(rand.NewPCG(uint64(len(os.Getenv("ANALYZE_ANT_SEED"))), 2))
		for _, k := range r.Perm(len(quotes))[:min(n, len(quotes))] {
			q := quotes[k]
			t.Logf("SAMPLE %s | %s | …%s[[%.60s]]", q.Speaker, q.Kind, strings.ReplaceAll(ctxs[k], "\n", " "), q.Text)
		}
	}
}

func sampleSize() int {
	n := 0
	for _, c := range os.Getenv("ANALYZE_ANT_SAMPLE") {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
