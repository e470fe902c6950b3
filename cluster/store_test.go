package cluster

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
)

// memStore is the part of a marsad.Store the clusterer uses, in memory.
type memStore struct {
	marsad.Store // not implemented: calling anything else panics
	mu           sync.Mutex
	articles     []*marsad.Article
	stories      map[string]marsad.Story
	puts         int
}

func newMemStore(arts ...*marsad.Article) *memStore {
	return &memStore{articles: arts, stories: map[string]marsad.Story{}}
}

func (m *memStore) Article(ctx context.Context, id string) (*marsad.Article, error) {
	for _, a := range m.articles {
		if a.ID == id {
			return a, nil
		}
	}
	return nil, marsad.ErrNotFound
}

func (m *memStore) Changes(ctx context.Context, after int64, limit int) ([]marsad.ChangedArticle, error) {
	var out []marsad.ChangedArticle
	for i := int(after); i < len(m.articles) && len(out) < limit; i++ {
		out = append(out, marsad.ChangedArticle{Seq: int64(i + 1), Article: m.articles[i]})
	}
	return out, nil
}

func (m *memStore) PutStory(ctx context.Context, s *marsad.Story) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stories[s.ID] = *s
	m.puts++
	return nil
}

func (m *memStore) Story(ctx context.Context, id string) (*marsad.Story, error) {
	s, ok := m.stories[id]
	if !ok {
		return nil, marsad.ErrNotFound
	}
	return &s, nil
}

func (m *memStore) Stories(ctx context.Context, limit int) ([]marsad.Story, error) {
	var out []marsad.Story
	for _, s := range m.stories {
		s.Articles = nil
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Last.After(out[j].Last) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func TestBuildSaveLoad(t *testing.T) {
	ctx := context.Background()
	a := art("a1", "2026-03-10T09:00:00Z", "petra", "الصفدي وحسين يبحثان في عمان مشروع أنبوب النفط", wireText, person("ايمن الصفدي", 2))
	b := art("a2", "2026-03-10T10:00:00Z", "alrai", "وزيرا خارجية الأردن والعراق", wireText)
	x := art("x1", "2026-03-10T11:00:00Z", "mena", "الأهلي بطلا لأفريقيا", otherText)
	// Stored out of publication order: Build sorts.
	st := newMemStore(x, b, a)
	bs, err := Build(ctx, st, New(Options{}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if bs.Articles != 3 || bs.Copies != 1 || bs.Stories != 2 {
		t.Errorf("build stats = %+v", bs)
	}
	s, err := st.Story(ctx, "sa1")
	if err != nil || len(s.Articles) != 2 || s.Articles[1].DuplicateOf != "a1" {
		t.Fatalf("saved story = %+v, %v", s, err)
	}

	// A restarted clusterer loads the window and continues the stories.
	c := New(Options{})
	if err := c.Load(ctx, st, mustTime(t, "2026-03-01")); err != nil {
		t.Fatal(err)
	}
	recent := New(Options{})
	if err := recent.LoadRecent(ctx, st); err != nil {
		t.Fatal(err)
	}
	if docs, _ := recent.Len(); docs != 3 {
		t.Errorf("LoadRecent: %d articles, want 3", docs)
	}
	if err := New(Options{}).LoadRecent(ctx, newMemStore()); err != nil {
		t.Errorf("LoadRecent of an empty store: %v", err)
	}
	if docs, stories := c.Len(); docs != 3 || stories != 2 {
		t.Errorf("loaded %d articles, %d stories", docs, stories)
	}
	cp := art("a3", "2026-03-10T12:00:00Z", "other", "عنوان", wireText)
	st.articles = append(st.articles, cp)
	asg, err := c.AddStored(ctx, st, "a3")
	if err != nil || asg.StoryID != "sa1" || asg.DuplicateOf != "a1" {
		t.Fatalf("after load: %+v, %v", asg, err)
	}
	if s, _ := st.Story(ctx, "sa1"); len(s.Articles) != 3 {
		t.Errorf("saved story has %d articles, want 3", len(s.Articles))
	}
	if _, err := c.AddStored(ctx, st, "missing"); err == nil {
		t.Error("AddStored of a missing article: no error")
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, ok := parseTime(s)
	if !ok {
		t.Fatalf("bad time %q", s)
	}
	return v
}
