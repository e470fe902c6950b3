package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	marsad "github.com/marsad-news/marsad"
)

// memChanges is an in-memory marsad.ChangeSource: a change log where a
// later revision of an article supersedes the earlier ones, as the store
// promises.
type memChanges struct {
	log []marsad.ChangedArticle
}

func (m *memChanges) add(a *marsad.Article, deleted bool) {
	seq := int64(len(m.log)+1) * 3 // gaps, like a real sequence
	m.log = append(m.log, marsad.ChangedArticle{Seq: seq, Article: a, Deleted: deleted})
}

func (m *memChanges) Changes(ctx context.Context, after int64, limit int) ([]marsad.ChangedArticle, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	latest := map[string]int64{}
	for _, c := range m.log {
		latest[c.Article.ID] = c.Seq
	}
	var out []marsad.ChangedArticle
	for _, c := range m.log {
		if c.Seq > after && latest[c.Article.ID] == c.Seq && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

func TestCatchUpAndReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	src := &memChanges{}
	for i := range 1200 {
		src.add(&marsad.Article{ID: fmt.Sprintf("id%04d", i), Language: "ar", Title: "عنوان",
			Text: fmt.Sprintf("خبر رقم %d عن الوزير", i)}, false)
	}
	src.add(&marsad.Article{ID: "id0001", Language: "ar", Title: "عنوان", Text: "نص منقح عن السفير"}, false)
	src.add(&marsad.Article{ID: "id0002"}, true)

	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	n, err := ix.CatchUp(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1200 { // 1202 changes, 2 superseded
		t.Errorf("CatchUp applied %d changes, want 1200", n)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if seq, _ := ix.LastSeq(); seq != src.log[len(src.log)-1].Seq {
		t.Errorf("LastSeq after reopen = %d, want %d", seq, src.log[len(src.log)-1].Seq)
	}
	if c, _ := ix.DocCount(); c != 1199 {
		t.Errorf("DocCount = %d, want 1199", c)
	}
	r := search(t, ix, marsad.Query{Text: "السفير"})
	if !slices.Equal(ids(r), []string{"id0001"}) {
		t.Errorf("revised article: %v", ids(r))
	}
	if r := search(t, ix, marsad.Query{Text: "الوزير", Limit: 1}); r.Total != 1198 {
		t.Errorf("Total = %d, want 1198", r.Total)
	}
	// Nothing new: CatchUp is a no-op.
	if n, err := ix.CatchUp(ctx, src); err != nil || n != 0 {
		t.Errorf("second CatchUp = %d, %v", n, err)
	}
	// A new change is picked up.
	src.add(&marsad.Article{ID: "new", Language: "ar", Text: "خبر جديد عن القنصل"}, false)
	if n, err := ix.CatchUp(ctx, src); err != nil || n != 1 {
		t.Errorf("third CatchUp = %d, %v", n, err)
	}
	if got := ids(search(t, ix, marsad.Query{Text: "القنصل"})); !slices.Equal(got, []string{"new"}) {
		t.Errorf("new article: %v", got)
	}
}

// TestCorruptIndex damages an index folder in several ways: Open must
// report ErrNeedsRebuild (never panic), and Recreate + CatchUp must give
// back a working index.
func TestCorruptIndex(t *testing.T) {
	ctx := context.Background()
	src := &memChanges{}
	for _, a := range testArticles() {
		src.add(a, false)
	}
	build := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "index")
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ix.CatchUp(ctx, src); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	damage := map[string]func(t *testing.T, dir string){
		"meta garbage": func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "index_meta.json"), "{not json")
		},
		"meta removed": func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "index_meta.json")); err != nil {
				t.Fatal(err)
			}
		},
		"root bolt garbage": func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "store", "root.bolt"), strings.Repeat("garbage!", 4096))
		},
		"root bolt truncated": func(t *testing.T, dir string) {
			if err := os.Truncate(filepath.Join(dir, "store", "root.bolt"), 100); err != nil {
				t.Fatal(err)
			}
		},
		"segments garbage": func(t *testing.T, dir string) {
			segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
			if len(segs) == 0 {
				t.Fatal("no segment files")
			}
			for _, s := range segs {
				write(t, s, strings.Repeat("\x00\xff", 2048))
			}
		},
		"segments truncated": func(t *testing.T, dir string) {
			segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
			for _, s := range segs {
				if err := os.Truncate(s, 10); err != nil {
					t.Fatal(err)
				}
			}
		},
		"segments removed": func(t *testing.T, dir string) {
			segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
			for _, s := range segs {
				os.Remove(s)
			}
		},
		"store removed": func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "store")); err != nil {
				t.Fatal(err)
			}
		},
		"foreign schema": func(t *testing.T, dir string) {
			ix, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			ix.bi.SetInternal(keySchema, []byte("marsad-search/0"))
			ix.Close()
		},
	}
	for name, f := range damage {
		t.Run(name, func(t *testing.T) {
			dir := build(t)
			f(t, dir)
			ix, err := Open(dir)
			if err == nil {
				// bleve fell back to an older consistent snapshot: its
				// LastSeq is as old as its documents, CatchUp heals it.
				seq, _ := ix.LastSeq()
				docs, _ := ix.DocCount()
				t.Logf("opened an older snapshot: LastSeq %d, %d docs", seq, docs)
			} else {
				if !errors.Is(err, ErrNeedsRebuild) {
					t.Fatalf("Open: %v, want ErrNeedsRebuild", err)
				}
				if ix, err = Recreate(dir); err != nil {
					t.Fatal(err)
				}
			}
			defer ix.Close()
			if _, err := ix.CatchUp(ctx, src); err != nil {
				t.Fatalf("rebuild: %v", err)
			}
			if docs, _ := ix.DocCount(); docs != uint64(len(testArticles())) {
				t.Errorf("DocCount after rebuild = %d", docs)
			}
			if got := ids(search(t, ix, marsad.Query{Text: "سانا"})); !slices.Equal(got, []string{"a4"}) {
				t.Errorf("after rebuild: %v", got)
			}
		})
	}
}

func TestMissingIndexIsEmpty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "not", "yet")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if seq, err := ix.LastSeq(); err != nil || seq != 0 {
		t.Fatalf("LastSeq of a new index = %d, %v", seq, err)
	}
}

func TestRecreateRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "thesis.docx"), "precious")
	if _, err := Open(dir); !errors.Is(err, ErrNeedsRebuild) {
		t.Fatalf("Open of a foreign folder: %v", err)
	}
	if _, err := Recreate(dir); err == nil {
		t.Fatal("Recreate removed a foreign folder")
	}
	if _, err := os.Stat(filepath.Join(dir, "thesis.docx")); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLockedIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("waits LockTimeout")
	}
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := Open(dir); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	// The index was not treated as corrupt: it still works.
	if err := ix.Put(context.Background(), 1, testArticles()...); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentPutAndSearch runs searches while articles are indexed
// (run it with -race).
func TestConcurrentPutAndSearch(t *testing.T) {
	ix := openTest(t)
	ctx := context.Background()
	before := search(t, ix, marsad.Query{Text: "وزير الدفاع", Limit: 1}).Total
	done := make(chan error, 1)
	go func() {
		for i := range 20 {
			a := &marsad.Article{ID: fmt.Sprintf("c%d", i), Language: "ar", Text: "خبر عن وزير الدفاع"}
			if err := ix.Put(ctx, int64(100+i), a); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 20 {
		if _, err := ix.Search(ctx, marsad.Query{Text: "وزير الدفاع"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if r := search(t, ix, marsad.Query{Text: "وزير الدفاع", Limit: 1}); r.Total != before+20 {
		t.Errorf("Total = %d, want %d", r.Total, before+20)
	}
}
