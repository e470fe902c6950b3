package dump_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/dump"
	"github.com/marsad-news/marsad/postgres/pgtest"
	"github.com/marsad-news/marsad/sqlite"
	"github.com/marsad-news/marsad/store/storetest"
)

func openSQLite(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fill puts a small archive with every kind of record into s.
func fill(t *testing.T, s marsad.Store) {
	t.Helper()
	ctx := context.Background()
	if err := s.PutSource(ctx, &marsad.Source{ID: "example.sy", Name: "مثال", HomeURL: "https://www.example.sy/",
		Feeds: []string{"https://www.example.sy/feed"}, Added: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 12 {
		a := storetest.Article(i)
		raw := &marsad.RawPage{ContentType: "text/html; charset=utf-8", Body: []byte("<p>صفحة</p>"), Fetched: time.Date(2025, 11, 2, 3, 4, 5, 0, time.UTC)}
		if i%3 == 0 {
			raw = &marsad.RawPage{WARCFile: "crawl-1.warc.gz", WARCOffset: int64(100 * i)}
		}
		r, err := s.PutArticle(ctx, a, raw)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	// Revisions, and a deleted article that must not travel.
	b := storetest.Article(1)
	b.Text += " تحديث"
	if _, err := s.PutArticle(ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	b.Title = "عنوان ثالث"
	if _, err := s.PutArticle(ctx, b, &marsad.RawPage{Body: []byte("rev3"), ContentType: "text/plain"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteArticle(ctx, ids[11]); err != nil {
		t.Fatal(err)
	}
	if err := s.PutStory(ctx, &marsad.Story{ID: "s1", Title: "قصة", First: time.Date(2025, 11, 2, 0, 0, 0, 0, time.UTC),
		Last:     time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC),
		Articles: []marsad.StoryArticle{{ID: ids[0]}, {ID: ids[1], DuplicateOf: ids[0]}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.LogIngest(ctx, marsad.IngestRecord{Time: time.Date(2025, 11, 2, 0, 0, 0, 0, time.UTC), Input: "x.txt", ArticleID: ids[0], Outcome: marsad.OutcomeNew},
		marsad.IngestRecord{Time: time.Date(2025, 11, 2, 0, 0, 1, 0, time.UTC), Input: "y.txt", Error: "bad"}); err != nil {
		t.Fatal(err)
	}
	if f, ok := s.(marsad.Frontier); ok {
		if _, err := f.AddURLs(ctx, []marsad.FrontierEntry{{URL: "https://www.example.sy/feed", Kind: marsad.KindFeed, SourceID: "example.sy",
			NextFetch: time.Date(2025, 11, 5, 0, 0, 0, 0, time.UTC), Interval: 30 * time.Minute}}); err != nil {
			t.Fatal(err)
		}
	}
}

// canonical returns the records of a dump without what legitimately
// differs between two stores (the header's time and revision times).
func canonical(t *testing.T, b []byte) []string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(all)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "created")
		if revs, ok := m["revisions"].([]any); ok {
			for _, r := range revs {
				delete(r.(map[string]any), "stored")
			}
		}
		if e, ok := m["entry"].(map[string]any); ok {
			delete(e, "lease_until")
		}
		c, _ := json.Marshal(m)
		out = append(out, string(c))
	}
	return out
}

func roundTrip(t *testing.T, from, to marsad.Store) {
	ctx := context.Background()
	var first bytes.Buffer
	counts, err := dump.Write(ctx, &first, from, dump.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if counts["article"] != 11 || counts["story"] != 1 || counts["source"] != 1 || counts["ingest"] != 2 {
		t.Errorf("dump counts = %v", counts)
	}
	if _, err := dump.Read(ctx, bytes.NewReader(first.Bytes()), to, dump.Options{BatchSize: 4}); err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if _, err := dump.Write(ctx, &second, to, dump.Options{}); err != nil {
		t.Fatal(err)
	}
	a, b := canonical(t, first.Bytes()), canonical(t, second.Bytes())
	if len(a) != len(b) {
		t.Fatalf("dump of the restored archive has %d records, the original %d", len(b), len(a))
	}
	for i := range a {
		if a[i] != b[i] && !(strings.Contains(a[i], `"kind":"frontier"`) && !hasFrontier(to)) {
			t.Errorf("record %d differs:\n  was %s\n  now %s", i, cutStr(a[i], 400), cutStr(b[i], 400))
		}
	}
	// The registry is rebuilt: entity lookups answer the same.
	ea, err := from.Entity(ctx, "مرهف ابو قصره")
	if err != nil {
		t.Fatal(err)
	}
	eb, err := to.Entity(ctx, "مرهف ابو قصره")
	if err != nil {
		t.Fatal(err)
	}
	// Role counts count every put, also of revisions and articles deleted
	// since: they do not travel.
	for _, e := range []*marsad.RegistryEntity{ea, eb} {
		for i := range e.Roles {
			e.Roles[i].Count = 0
		}
	}
	if !reflect.DeepEqual(ea, eb) {
		t.Errorf("registry entry differs: %+v vs %+v", ea, eb)
	}
	// Restoring into a non-empty archive is refused.
	if _, err := dump.Read(ctx, bytes.NewReader(first.Bytes()), to, dump.Options{}); err == nil {
		t.Error("restore into a non-empty archive accepted")
	}
}

func hasFrontier(s marsad.Store) bool { _, ok := s.(dump.FrontierLister); return ok }

func cutStr(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func TestSQLiteToPostgresAndBack(t *testing.T) {
	src := openSQLite(t)
	fill(t, src)
	pg := pgtest.Open(t)
	roundTrip(t, src, pg)
	back := openSQLite(t)
	roundTrip(t, pg, back)
}

func TestSQLiteToSQLite(t *testing.T) {
	src := openSQLite(t)
	fill(t, src)
	roundTrip(t, src, openSQLite(t))
}

func TestDamagedDumps(t *testing.T) {
	ctx := context.Background()
	src := openSQLite(t)
	fill(t, src)
	var buf bytes.Buffer
	if _, err := dump.Write(ctx, &buf, src, dump.Options{}); err != nil {
		t.Fatal(err)
	}
	zr, _ := gzip.NewReader(bytes.NewReader(buf.Bytes()))
	plain, _ := io.ReadAll(zr)
	lines := strings.Split(strings.TrimSpace(string(plain)), "\n")
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	cases := map[string][]byte{
		"not gzip":        []byte("hello"),
		"not a dump":      gz(`{"kind":"article"}` + "\n"),
		"truncated":       gz(strings.Join(lines[:len(lines)-3], "\n") + "\n"),
		"bad json":        gz(lines[0] + "\n{\n"),
		"future version":  gz(strings.Replace(lines[0], `"version":1`, `"version":9`, 1) + "\n"),
		"unknown kind":    gz(lines[0] + "\n" + `{"kind":"spaceship"}` + "\n"),
		"wrong hash":      gz(strings.Replace(string(plain), `"hash":"`, `"hash":"00`, 1)),
		"missing records": gz(strings.Join(append(lines[:2], lines[len(lines)-1]), "\n") + "\n"),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := dump.Read(ctx, bytes.NewReader(data), openSQLite(t), dump.Options{}); err == nil {
				t.Errorf("%s dump restored without error", name)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("hello"))
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(`{"kind":"header","format":"marsad-dump","version":1}` + "\n" + `{"kind":"end","counts":{}}` + "\n"))
	w.Close()
	f.Add(b.Bytes())
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, data []byte) {
		n++
		s, err := sqlite.Open(context.Background(), filepath.Join(dir, "f"+strings.Repeat("x", n%5)+".db"))
		if err != nil {
			t.Skip()
		}
		defer s.Close()
		_, _ = dump.Read(context.Background(), bytes.NewReader(data), s, dump.Options{})
	})
}

// TestPostgresToPostgres carries the frontier too (both stores list and
// restore it).
func TestPostgresToPostgres(t *testing.T) {
	src := pgtest.Open(t)
	fill(t, src)
	dst := pgtest.Open(t)
	roundTrip(t, src, dst)
	e, err := dst.FrontierEntry(context.Background(), "https://www.example.sy/feed")
	if err != nil {
		t.Fatal(err)
	}
	if e.Interval != 30*time.Minute || !e.NextFetch.Equal(time.Date(2025, 11, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("restored frontier entry = %+v", e)
	}
}
