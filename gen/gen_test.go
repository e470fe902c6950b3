package gen

import (
	"context"
	"crypto/sha256"
	"errors"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
)

func generate(t *testing.T, opts Options) ([]*Article, []*StoryTruth) {
	t.Helper()
	var arts []*Article
	var stories []*StoryTruth
	err := Generate(t.Context(), opts, func(a *Article) error {
		arts = append(arts, a)
		return nil
	}, func(s *StoryTruth) error {
		stories = append(stories, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return arts, stories
}

func TestDeterministic(t *testing.T) {
	sum := func(seed uint64) string {
		dir := t.TempDir()
		if _, err := WriteDir(t.Context(), dir, Options{Count: 300, Seed: seed, HTML: 0.3}); err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		for _, f := range []string{PagesFile, TruthFile, StoriesFile} {
			fh, err := os.Open(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(h, fh)
			fh.Close()
		}
		return string(h.Sum(nil))
	}
	a, b, c := sum(7), sum(7), sum(8)
	if a != b {
		t.Error("same seed gave different corpora")
	}
	if a == c {
		t.Error("different seeds gave the same corpus")
	}
}

func TestCountAndStories(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100} {
		arts, stories := generate(t, Options{Count: n, Seed: 1})
		if len(arts) != n {
			t.Errorf("Count %d gave %d articles", n, len(arts))
		}
		total := 0
		for _, s := range stories {
			total += len(s.Articles)
			if len(s.Articles) == 0 {
				t.Errorf("story %s without articles", s.ID)
			}
		}
		if total != n {
			t.Errorf("Count %d: stories list %d articles", n, total)
		}
	}
	if err := Generate(t.Context(), Options{Count: -1}, func(*Article) error { return nil }, nil); err == nil {
		t.Error("negative count accepted")
	}
	stop := errors.New("stop")
	if err := Generate(t.Context(), Options{Count: 10}, func(*Article) error { return stop }, nil); !errors.Is(err, stop) {
		t.Errorf("callback error not returned: %v", err)
	}
}

// TestTruthMatchesText checks that everything the truth claims is in the
// page: entity forms, quotes and date expressions; copies point to the
// wire original of the same story; IDs are the canonical-URL IDs.
func TestTruthMatchesText(t *testing.T) {
	arts, stories := generate(t, Options{Count: 2000, Seed: 42, HTML: 0.25})
	storyOf := map[string]string{}
	for _, s := range stories {
		for _, id := range s.Articles {
			storyOf[id] = s.ID
		}
	}
	ids := map[string]*Article{}
	var htmlPages, copies int
	forms := map[string]bool{}
	for _, a := range arts {
		tr := a.Truth
		if ids[tr.ID] != nil {
			t.Fatalf("duplicate id %s", tr.ID)
		}
		ids[tr.ID] = a
		canon, err := marsad.CanonicalURL(a.Page.URL)
		if err != nil {
			t.Fatal(err)
		}
		if marsad.ArticleID(canon, "") != tr.ID {
			t.Errorf("%s: truth id is not the canonical URL id", tr.URL)
		}
		if storyOf[tr.ID] != tr.Story {
			t.Errorf("%s: story %s, stories.jsonl says %s", tr.ID, tr.Story, storyOf[tr.ID])
		}
		text := a.Page.Text
		if a.Page.HTML != "" {
			htmlPages++
			text = html.UnescapeString(a.Page.HTML)
			if a.Page.Text != "" {
				t.Errorf("%s: both text and html", tr.ID)
			}
		}
		if !strings.Contains(text, tr.Title) {
			t.Errorf("%s: title %q not in page", tr.ID, tr.Title)
		}
		for _, e := range tr.Entities {
			if e.Key == "" || e.Type == "" || len(e.Forms) == 0 {
				t.Errorf("%s: incomplete entity %+v", tr.ID, e)
			}
			for _, f := range e.Forms {
				forms[f] = true
				if !strings.Contains(text, f) {
					t.Errorf("%s: entity form %q not in page", tr.ID, f)
				}
			}
			for _, r := range e.Roles {
				if !strings.Contains(text, r) {
					t.Errorf("%s: role %q not in page", tr.ID, r)
				}
			}
		}
		for _, q := range tr.Quotes {
			if !strings.Contains(text, q.Text) {
				t.Errorf("%s: quote %q not in page", tr.ID, q.Text)
			}
		}
		for _, d := range tr.Dates {
			if !strings.Contains(text, d.Text) || len(d.Value) != 10 {
				t.Errorf("%s: date %+v not in page or not a day", tr.ID, d)
			}
		}
		if tr.CopyOf != "" {
			copies++
			orig := ids[tr.CopyOf]
			if orig == nil || orig.Truth.Story != tr.Story || orig.Truth.CopyOf != "" || orig.Page.Source != outlets[0].name {
				t.Errorf("%s copies %s, which is not an earlier wire original of the same story", tr.ID, tr.CopyOf)
			}
		}
	}
	if share := float64(htmlPages) / float64(len(arts)); share < 0.2 || share > 0.3 {
		t.Errorf("HTML share %.2f, want about 0.25", share)
	}
	if copies < len(arts)/10 {
		t.Errorf("only %d near-copies in %d articles", copies, len(arts))
	}
	// The spelling variants the corpus promises.
	for _, f := range []string{"زاخاروفا", "زخاروفا", "يفكيروف", "يفكوروف", "ديمتري بيسكوف", "دميتري بيسكوف"} {
		if !forms[f] {
			t.Errorf("variant %q never used", f)
		}
	}
	var sb strings.Builder
	for _, a := range arts {
		sb.WriteString(a.Page.Text + a.Page.HTML)
	}
	all := sb.String()
	for _, want := range []string{"تشرين الثاني", "نونبر", "هـ", "٢٠٢٥", "أمس", "اليوم", "/2025", "ب" + "يفك"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the corpus", want)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	n := 0
	for b.Loop() {
		Generate(context.Background(), Options{Count: 1000, Seed: uint64(n)}, func(a *Article) error { return nil }, nil)
		n++
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "articles/s")
}

// TestCastScales checks the scaling rule of scale.go: the people,
// places and subjects grow with the corpus, the recurring officials
// still appear every week, and the subject of a story is in its leads.
func TestCastScales(t *testing.T) {
	count := func(n int) (nPeople, nPlaces, nSubjects, recurringWeeks, weeks int) {
		arts, stories := generate(t, Options{Count: n, Seed: 3})
		ps, pl, sj := map[string]bool{}, map[string]bool{}, map[string]bool{}
		recurring := map[string]bool{}
		for _, p := range people {
			recurring[p.key] = true
		}
		byWeek := map[string]map[int]bool{} // recurring official -> weeks seen
		start := time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)
		for _, s := range stories {
			d, err := time.Parse("2006-01-02", s.Date)
			if err != nil {
				t.Fatal(err)
			}
			w := int(d.Sub(start).Hours() / 24 / 7)
			for _, p := range s.Participants {
				ps[p] = true
				if recurring[p] {
					if byWeek[p] == nil {
						byWeek[p] = map[int]bool{}
					}
					byWeek[p][w] = true
				}
			}
			pl[s.Place] = true
			sj[s.Subject] = true
			if s.Subject == "" {
				t.Errorf("story %s without a subject", s.ID)
			}
		}
		subj := map[string]string{}
		for _, s := range stories {
			subj[s.ID] = s.Subject
		}
		for _, a := range arts {
			if a.Truth.CopyOf == "" && !strings.Contains(a.Page.Text+html.UnescapeString(a.Page.HTML), subj[a.Truth.Story]) {
				t.Errorf("%s: subject not in the page", a.Truth.ID)
				break
			}
		}
		top := 0
		for _, ws := range byWeek {
			top = max(top, len(ws))
		}
		return len(ps), len(pl), len(sj), top, 53
	}
	p1, l1, s1, _, _ := count(2000)
	p2, l2, s2, rw, weeks := count(40000)
	t.Logf("2,000 articles: %d people, %d places, %d subjects; 40,000: %d, %d, %d (busiest recurring official in %d of %d weeks)", p1, l1, s1, p2, l2, s2, rw, weeks)
	if p2 < 5*p1 || l2 <= l1 || s2 < 5*s1 {
		t.Errorf("cast does not scale: people %d -> %d, places %d -> %d, subjects %d -> %d", p1, p2, l1, l2, s1, s2)
	}
	if p2 < 2000 {
		t.Errorf("40,000 articles name only %d people", p2)
	}
	if rw < weeks/2 {
		t.Errorf("the busiest recurring official appears in only %d of %d weeks", rw, weeks)
	}
}
