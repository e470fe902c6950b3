package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/analyze"
	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/internal/demo"
	"github.com/marsad-news/marsad/search"
	"github.com/marsad-news/marsad/sqlite"
)

// fixture is one archive shared by the package's tests: a real sqlite
// store and search index holding the founding example, a generated corpus
// and hostile articles, clustered into stories.
type fixture struct {
	dir   string
	store *sqlite.Store
	index *search.Index
	// seedID is the founding example's article ID; seedStory its story.
	seedID, seedStory string
	// hostileID is the article full of markup; hostileKey its entity.
	hostileID string
	err       error
}

// fixtureArticles is the size of the generated corpus in tests.
const fixtureArticles = 200

// testToken is the admin token of test servers.
const testToken = "test-admin-token"

var (
	fixOnce sync.Once
	fix     fixture
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fix.store != nil {
		fix.index.Close()
		fix.store.Close()
	}
	if fix.dir != "" {
		os.RemoveAll(fix.dir)
	}
	os.Exit(code)
}

// hostile payloads: markup, script URLs, event handlers and bidi
// overrides, in every field a page or response shows.
const (
	evilScript = `<script>alert("x")</script>`
	evilImg    = `<img src=x onerror=alert(1)>`
	evilLink   = `<a href="javascript:alert(1)">اضغط</a>`
	evilAttr   = `" onmouseover="alert(1)" x="`
	evilRLO    = "\u202Eevil\u202C\u2066x\u2069"
	hostileKey = "hostile-entity"
)

func hostileArticles() []*marsad.Article {
	para1 := "قال " + evilScript + " المسؤول " + evilImg + " في دمشق " + evilRLO
	para2 := "وأضاف " + evilLink + " ثم " + evilAttr + " انتهى."
	text := para1 + "\n\n" + para2
	off := func(sub string) (int, int) {
		i := strings.Index(text, sub)
		s := len([]rune(text[:i]))
		return s, s + len([]rune(sub))
	}
	qs, qe := off(evilLink)
	ms, me := off(evilImg)
	ds, de := off("دمشق")
	a := &marsad.Article{
		URL:       "https://evil.example/news/1?q=<script>",
		Source:    `<script>src()</script>مصدر` + evilRLO,
		Credit:    evilImg,
		Language:  "ar",
		Title:     "عنوان خبيث " + evilScript + evilImg + evilRLO,
		Category:  `<b onclick="x()">قسم</b>`,
		Published: "2025-11-17",
		Authors:   []string{evilAttr + "كاتب"},
		Sections: []marsad.Section{
			{Heading: "", Paragraphs: []string{para1}},
			{Heading: "عنوان فرعي " + evilScript, Paragraphs: []string{para2}},
		},
		Text: text,
		Entities: []marsad.Entity{{
			Name: "كيان " + evilImg + evilRLO, Key: hostileKey, Type: marsad.EntityPerson,
			Roles:    []string{"وزير " + evilScript},
			Mentions: []marsad.Mention{{Text: evilImg, Start: ms, End: me}},
		}},
		Quotes: []marsad.Quote{{Speaker: "كيان " + evilImg + evilRLO, SpeakerType: marsad.EntityPerson,
			Text: evilLink, Kind: marsad.QuoteDirect, Start: qs, End: qe}},
		Dates: []marsad.DateRef{{Text: "دمشق", Start: ds, End: de, Value: `2025-11-16"><script>`, Granularity: "day"}},
	}
	b := *a
	b.URL = "javascript:alert(document.cookie)"
	b.Title = "عنوان ثان " + evilLink
	b.Text = "نص آخر " + evilAttr + evilRLO
	b.Sections = []marsad.Section{{Paragraphs: []string{b.Text}}}
	b.Entities, b.Quotes, b.Dates = nil, nil, nil
	b.Events = []marsad.Event{{Type: marsad.EventStatement, Participants: []string{evilScript}}}
	return []*marsad.Article{a, &b}
}

// loadFixture builds the shared archive once.
func loadFixture(t testing.TB) *fixture {
	t.Helper()
	fixOnce.Do(func() { fix.err = buildFixture() })
	if fix.err != nil {
		t.Fatalf("building the test archive: %v", fix.err)
	}
	return &fix
}

func buildFixture() error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "marsad-web-test-")
	if err != nil {
		return err
	}
	fix.dir = dir
	if fix.store, err = sqlite.OpenDir(ctx, dir); err != nil {
		return err
	}
	if fix.index, err = search.OpenSynced(ctx, filepath.Join(dir, sqlite.IndexDir), fix.store, nil); err != nil {
		return err
	}
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		return err
	}
	proc := ingest.NewPipeline(an)
	// Hostile articles go in first, as complete articles (kept as given).
	inputs := make(chan *ingest.Input, 4)
	go func() {
		for _, a := range hostileArticles() {
			inputs <- &ingest.Input{Name: "hostile", Article: a}
		}
		close(inputs)
	}()
	var ids []string
	if _, err := ingest.RunInputs(ctx, inputs, ingest.Options{Store: fix.store, Processor: proc, Index: fix.index,
		OnStored: func(r ingest.Result) {
			if r.ID != "" {
				ids = append(ids, r.ID)
			}
		}}); err != nil {
		return fmt.Errorf("hostile articles: %w", err)
	}
	if len(ids) != 2 {
		return fmt.Errorf("hostile articles: stored %d of 2", len(ids))
	}
	first, err := fix.store.ArticleByURL(ctx, hostileArticles()[0].URL)
	if err != nil {
		return fmt.Errorf("hostile article: %w", err)
	}
	fix.hostileID = first.ID
	if err := fix.store.PutSource(ctx, &marsad.Source{ID: "evil.example", Name: "مصدر " + evilScript + evilRLO,
		HomeURL: "https://evil.example/", Feeds: []string{"javascript:alert(1)"}, Added: time.Now()}); err != nil {
		return err
	}
	if err := fix.store.PutSource(ctx, &marsad.Source{ID: "sana.sy", Name: "سانا", HomeURL: "https://sana.sy/", Language: "ar", Added: time.Now()}); err != nil {
		return err
	}
	if _, err := demo.Load(ctx, demo.Options{Store: fix.store, Index: fix.index, Processor: proc, Articles: fixtureArticles, Seed: 7}); err != nil {
		return err
	}
	res, err := fix.index.Search(ctx, marsad.Query{Sources: []string{demo.SeedSource}})
	if err != nil {
		return err
	}
	if len(res.Results) != 1 {
		return fmt.Errorf("founding example: %d articles of %s", len(res.Results), demo.SeedSource)
	}
	fix.seedID = res.Results[0].ID
	st, err := fix.store.StoryOf(ctx, fix.seedID)
	if err != nil {
		return fmt.Errorf("founding example's story: %w", err)
	}
	fix.seedStory = st.ID
	return nil
}

// newTestServer starts an httptest.Server over the fixture. The options
// may be adjusted by mod.
func newTestServer(t testing.TB, mod func(*Options)) (*httptest.Server, *Server) {
	t.Helper()
	f := loadFixture(t)
	opts := Options{
		Store: f.store, Search: f.index, Health: f.store, Registry: prometheus.NewRegistry(),
		AdminTokenHash: HashToken(testToken), SearchRate: 1000, SearchBurst: 1000,
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Mount:  testMounts(t, f),
	}
	if mod != nil {
		mod(&opts)
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts, s
}

// testWriter sends logs to t.Log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// noRedirect is a client that returns redirects instead of following them.
func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func newJar(t testing.TB) http.CookieJar {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return jar
}
