// Package storetest is the backend-agnostic test suite of marsad.Store.
// Every implementation (sqlite, postgres) runs it from its own tests:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) marsad.Store { return openTemp(t) })
//	}
//
// open must return a new, empty store for each call; Run closes it.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
)

// Run runs the whole suite against stores returned by open.
func Run(t *testing.T, open func(t *testing.T) marsad.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s marsad.Store)
	}{
		{"PutNewUnchangedRevised", testPutOutcomes},
		{"RoundTrip", testRoundTrip},
		{"IdentityFromURL", testIdentityFromURL},
		{"IdentityFromText", testIdentityFromText},
		{"Revisions", testRevisions},
		{"RawPage", testRawPage},
		{"Changes", testChanges},
		{"Delete", testDelete},
		{"BatchAtomic", testBatchAtomic},
		{"EntityRegistry", testEntityRegistry},
		{"SpellingVariants", testSpellingVariants},
		{"Sources", testSources},
		{"Stories", testStories},
		{"IngestLog", testIngestLog},
		{"Concurrent", testConcurrent},
		{"NotFound", testNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// Article returns a realistic article for tests; n varies its identity.
func Article(n int) *marsad.Article {
	text := fmt.Sprintf("بحث وزير الدفاع السوري اللواء مرهف أبو قصرة مع نائب وزير الدفاع الروسي يونس بك يفكيروف في دمشق اليوم الأحد التعاون العسكري. (%d)", n)
	return &marsad.Article{
		URL:       fmt.Sprintf("https://www.example.sy/news/%d?utm_source=feed", n),
		Source:    "example.sy",
		Credit:    "سانا",
		Language:  "ar",
		Title:     fmt.Sprintf("وزير الدفاع يبحث التعاون العسكري %d", n),
		Category:  "سياسة",
		Published: fmt.Sprintf("2025-11-%02d", 1+n%28),
		Authors:   []string{"محرر"},
		Meta:      map[string]string{"title": "og:title"},
		Sections:  []marsad.Section{{Heading: "", Paragraphs: []string{text}}},
		Text:      text,
		Entities: []marsad.Entity{
			{Name: "مرهف أبو قصرة", Key: "مرهف ابو قصره", Type: marsad.EntityPerson, Roles: []string{"وزير الدفاع السوري"},
				Mentions: []marsad.Mention{{Text: "مرهف أبو قصرة", Start: 30, End: 43}}},
			{Name: "يونس بك يفكيروف", Key: "يونس بك يفكيروف", Type: marsad.EntityPerson, Roles: []string{"نائب وزير الدفاع الروسي"},
				Mentions: []marsad.Mention{{Text: "يونس بك يفكيروف", Start: 70, End: 85}}},
			{Name: "دمشق", Key: "دمشق", Type: marsad.EntityLocation, Mentions: []marsad.Mention{{Text: "دمشق", Start: 89, End: 93}}},
		},
		Quotes: []marsad.Quote{{Speaker: "مرهف أبو قصرة", SpeakerType: marsad.EntityPerson, Text: "التعاون مستمر", Kind: marsad.QuoteIndirect, Start: 1, End: 5}},
		Dates:  []marsad.DateRef{{Text: "اليوم الأحد", Start: 94, End: 105, Value: "2025-11-16", Granularity: marsad.GranularityDay}},
		Events: []marsad.Event{{Type: marsad.EventMeeting, Participants: []string{"مرهف أبو قصرة", "يونس بك يفكيروف"}, Place: "دمشق", Date: "2025-11-16"}},
	}
}

func ctx(t *testing.T) context.Context { return t.Context() }

func mustPut(t *testing.T, s marsad.Store, a *marsad.Article) marsad.PutResult {
	t.Helper()
	r, err := s.PutArticle(ctx(t), a, nil)
	if err != nil {
		t.Fatalf("PutArticle: %v", err)
	}
	return r
}

func testPutOutcomes(t *testing.T, s marsad.Store) {
	a := Article(1)
	r1 := mustPut(t, s, a)
	if r1.Outcome != marsad.OutcomeNew || r1.Revision != 1 || r1.Seq <= 0 || r1.ID == "" {
		t.Fatalf("first put = %+v, want new revision 1 with a seq", r1)
	}
	r2 := mustPut(t, s, Article(1))
	if r2.Outcome != marsad.OutcomeUnchanged || r2.Seq != r1.Seq || r2.Revision != 1 || r2.ID != r1.ID {
		t.Fatalf("same put again = %+v, want unchanged %+v", r2, r1)
	}
	b := Article(1)
	b.Text += " وأكد الجانبان أهمية التنسيق."
	r3 := mustPut(t, s, b)
	if r3.Outcome != marsad.OutcomeRevised || r3.Revision != 2 || r3.Seq <= r1.Seq || r3.ID != r1.ID {
		t.Fatalf("changed put = %+v, want revised revision 2 after seq %d", r3, r1.Seq)
	}
	r4 := mustPut(t, s, b)
	if r4.Outcome != marsad.OutcomeUnchanged || r4.Seq != r3.Seq {
		t.Fatalf("revised put again = %+v, want unchanged at seq %d", r4, r3.Seq)
	}
	st, err := s.Stats(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 1 || st.Revisions != 2 || st.LastSeq != r3.Seq {
		t.Errorf("stats = %+v, want 1 article, 2 revisions, last seq %d", st, r3.Seq)
	}
}

func testRoundTrip(t *testing.T, s marsad.Store) {
	a := Article(2)
	r := mustPut(t, s, a)
	got, err := s.Article(ctx(t), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", got, a)
	}
}

func testIdentityFromURL(t *testing.T, s marsad.Store) {
	a := Article(3)
	r := mustPut(t, s, a)
	canon, err := marsad.CanonicalURL(a.URL)
	if err != nil {
		t.Fatal(err)
	}
	if want := marsad.ArticleID(canon, ""); r.ID != want {
		t.Errorf("id = %s, want %s (hash of canonical URL %s)", r.ID, want, canon)
	}
	// The same page reached through another tracking URL is the same article.
	b := Article(3)
	b.URL = "HTTPS://WWW.EXAMPLE.SY:443/news/3?fbclid=xyz#comments"
	if r2 := mustPut(t, s, b); r2.ID != r.ID || r2.Outcome != marsad.OutcomeUnchanged {
		t.Errorf("tracking variant = %+v, want unchanged %s", r2, r.ID)
	}
	got, err := s.ArticleByURL(ctx(t), "https://www.example.sy/news/3?utm_medium=x")
	if err != nil {
		t.Fatalf("ArticleByURL: %v", err)
	}
	if got.ID != r.ID {
		t.Errorf("ArticleByURL id = %s, want %s", got.ID, r.ID)
	}
}

func testIdentityFromText(t *testing.T, s marsad.Store) {
	a := &marsad.Article{Title: "خبر", Text: "نص   الخبر\nالأول", Sections: []marsad.Section{}}
	r := mustPut(t, s, a)
	if want := marsad.ArticleID("", "نص الخبر الأول"); r.ID != want {
		t.Errorf("id = %s, want %s (hash of normalized text)", r.ID, want)
	}
	b := &marsad.Article{Title: "خبر", Text: "نص   الخبر\nالأول", Sections: []marsad.Section{}}
	if r2 := mustPut(t, s, b); r2.Outcome != marsad.OutcomeUnchanged || r2.ID != r.ID {
		t.Errorf("same text again = %+v, want unchanged %s", r2, r.ID)
	}
	if _, err := s.PutArticle(ctx(t), &marsad.Article{}, nil); err == nil {
		t.Error("empty article (no URL, no text) stored, want an error")
	}
}

func testRevisions(t *testing.T, s marsad.Store) {
	a := Article(4)
	old := a.Text
	r := mustPut(t, s, a)
	b := Article(4)
	b.Title = "عنوان معدل"
	b.Text = "نص جديد بالكامل"
	b.Entities = nil
	mustPut(t, s, b)
	revs, err := s.Revisions(ctx(t), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 2 {
		t.Fatalf("%d revisions, want 2", len(revs))
	}
	if revs[0].Number != 1 || revs[0].Article.Text != old || revs[1].Number != 2 || revs[1].Article.Text != b.Text {
		t.Errorf("revisions = %d:%q %d:%q, want the old text kept as revision 1",
			revs[0].Number, revs[0].Article.Text, revs[1].Number, revs[1].Article.Text)
	}
	if revs[0].Hash == revs[1].Hash || revs[0].Seq >= revs[1].Seq {
		t.Errorf("revision hashes/seqs not distinct and increasing: %+v / %+v", revs[0], revs[1])
	}
	cur, err := s.Article(ctx(t), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Title != "عنوان معدل" {
		t.Errorf("current title = %q, want the revised one", cur.Title)
	}
	// The revision no longer names the entities: lookups follow it.
	refs, err := s.ArticlesByEntity(ctx(t), "دمشق", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 0 {
		t.Errorf("ArticlesByEntity after revision dropped the entity = %v, want none", refs)
	}
}

func testRawPage(t *testing.T, s marsad.Store) {
	a := Article(5)
	body := []byte("<html><body><h1>وزير الدفاع</h1></body></html>")
	r, err := s.PutArticle(ctx(t), a, &marsad.RawPage{ContentType: "text/html; charset=utf-8", Body: body, Fetched: time.Date(2025, 11, 16, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.RawPage(ctx(t), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Body) != string(body) || p.ContentType != "text/html; charset=utf-8" || !p.Fetched.Equal(time.Date(2025, 11, 16, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("raw page = %+v", p)
	}
	b := Article(6)
	r2, err := s.PutArticle(ctx(t), b, &marsad.RawPage{WARCFile: "crawl-0001.warc.gz", WARCOffset: 1234})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := s.RawPage(ctx(t), r2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p2.WARCFile != "crawl-0001.warc.gz" || p2.WARCOffset != 1234 || len(p2.Body) != 0 {
		t.Errorf("warc pointer = %+v", p2)
	}
	r3 := mustPut(t, s, Article(7))
	if _, err := s.RawPage(ctx(t), r3.ID); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("RawPage without page: err = %v, want ErrNotFound", err)
	}
}

func testChanges(t *testing.T, s marsad.Store) {
	var ids []string
	for i := range 5 {
		ids = append(ids, mustPut(t, s, Article(100+i)).ID)
	}
	mustPut(t, s, Article(100)) // unchanged: no change
	rev := Article(101)
	rev.Text = "نص معدل"
	r := mustPut(t, s, rev)

	all, err := s.Changes(ctx(t), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Fatalf("%d changes, want 5 (one per article, the revised one at its new seq)", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].Seq <= all[i-1].Seq {
			t.Fatalf("changes not in increasing seq order: %d then %d", all[i-1].Seq, all[i].Seq)
		}
	}
	last := all[len(all)-1]
	if last.Article.ID != ids[1] || last.Seq != r.Seq || last.Article.Text != "نص معدل" {
		t.Errorf("last change = seq %d %s %q, want the revision of %s at seq %d", last.Seq, last.Article.ID, last.Article.Text, ids[1], r.Seq)
	}
	// Paging: limit and afterSeq walk the same list.
	var paged []marsad.ChangedArticle
	after := int64(0)
	for {
		page, err := s.Changes(ctx(t), after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		if len(page) > 2 {
			t.Fatalf("page of %d, limit 2", len(page))
		}
		paged = append(paged, page...)
		after = page[len(page)-1].Seq
	}
	if len(paged) != len(all) {
		t.Errorf("paged %d changes, want %d", len(paged), len(all))
	}
	rest, err := s.Changes(ctx(t), last.Seq, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest) != 0 {
		t.Errorf("changes after the last seq = %d, want 0", len(rest))
	}
}

func testDelete(t *testing.T, s marsad.Store) {
	r := mustPut(t, s, Article(8))
	if err := s.DeleteArticle(ctx(t), r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Article(ctx(t), r.ID); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("Article after delete: err = %v, want ErrNotFound", err)
	}
	ch, err := s.Changes(ctx(t), r.Seq, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 1 || !ch[0].Deleted || ch[0].Article.ID != r.ID || ch[0].Seq <= r.Seq {
		t.Errorf("changes after delete = %+v, want one deletion of %s", ch, r.ID)
	}
	if err := s.DeleteArticle(ctx(t), r.ID); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("second delete: err = %v, want ErrNotFound", err)
	}
	// Stored again after deletion: new, revision 1.
	if r2 := mustPut(t, s, Article(8)); r2.Outcome != marsad.OutcomeNew || r2.Revision != 1 {
		t.Errorf("put after delete = %+v, want new revision 1", r2)
	}
}

func testBatchAtomic(t *testing.T, s marsad.Store) {
	res, err := s.PutArticles(ctx(t), []marsad.PutItem{{Article: Article(20)}, {Article: Article(21)}, {Article: Article(20)}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Outcome != marsad.OutcomeNew || res[1].Outcome != marsad.OutcomeNew || res[2].Outcome != marsad.OutcomeUnchanged {
		t.Errorf("batch outcomes = %v %v %v, want new new unchanged", res[0].Outcome, res[1].Outcome, res[2].Outcome)
	}
	before, _ := s.Stats(ctx(t))
	_, err = s.PutArticles(ctx(t), []marsad.PutItem{{Article: Article(22)}, {Article: &marsad.Article{}}})
	if err == nil {
		t.Fatal("batch with an empty article succeeded, want an error")
	}
	after, _ := s.Stats(ctx(t))
	if after != before {
		t.Errorf("failed batch changed the store: %+v -> %+v", before, after)
	}
}

func testEntityRegistry(t *testing.T, s marsad.Store) {
	a := Article(30)
	b := Article(31)
	b.Source = "other.example"
	b.Entities = append(b.Entities, marsad.Entity{Name: "ماريا زاخاروفا", Key: "ماريا زاخاروفا", Type: marsad.EntityPerson,
		Roles:    []string{"المتحدثة باسم الخارجية الروسية"},
		Mentions: []marsad.Mention{{Text: "ماريا زاخاروفا", Start: 0, End: 14}, {Text: "زاخاروفا", Start: 20, End: 28}}})
	b.Entities[0].Roles = []string{"وزير الدفاع"}
	ra, rb := mustPut(t, s, a), mustPut(t, s, b)

	refs, err := s.ArticlesByEntity(ctx(t), "مرهف ابو قصره", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 2 {
		t.Fatalf("ArticlesByEntity = %d refs, want 2", len(refs))
	}
	got := map[string]bool{refs[0].ID: true, refs[1].ID: true}
	if !got[ra.ID] || !got[rb.ID] {
		t.Errorf("ArticlesByEntity = %v, want %s and %s", refs, ra.ID, rb.ID)
	}
	e, err := s.Entity(ctx(t), "مرهف ابو قصره")
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "مرهف أبو قصرة" || e.Type != marsad.EntityPerson || e.Articles != 2 {
		t.Errorf("entity = %+v", e)
	}
	roles := map[string][]string{}
	for _, r := range e.Roles {
		roles[r.Role] = r.Sources
	}
	if !reflect.DeepEqual(roles["وزير الدفاع السوري"], []string{"example.sy"}) || !reflect.DeepEqual(roles["وزير الدفاع"], []string{"other.example"}) {
		t.Errorf("roles with outlets = %v", roles)
	}
	z, err := s.Entity(ctx(t), "ماريا زاخاروفا")
	if err != nil {
		t.Fatal(err)
	}
	if !contains(z.Aliases, "زاخاروفا") {
		t.Errorf("aliases = %v, want the short form زاخاروفا", z.Aliases)
	}
	for _, q := range []string{"مرهف أبو قصرة", "مُرهف ابو قصره", "زاخاروفا", "زخاروفا", "ماريا زخاروفا"} {
		found, err := s.FindEntities(ctx(t), q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) == 0 {
			t.Errorf("FindEntities(%q) found nothing", q)
		}
	}
	found, err := s.FindEntities(ctx(t), "زخاروفا", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].Key != "ماريا زاخاروفا" {
		t.Errorf("FindEntities(زخاروفا) = %v, want the spelling variant ماريا زاخاروفا", found)
	}
	if found, _ := s.FindEntities(ctx(t), "بوتين", 5); len(found) != 0 {
		t.Errorf("FindEntities(بوتين) = %v, want none", found)
	}
}

// testSpellingVariants: two spellings of one multi-word name meet in one
// registry entry; single words and different types do not merge.
func testSpellingVariants(t *testing.T, s marsad.Store) {
	person := func(name string) marsad.Entity {
		return marsad.Entity{Name: name, Key: name, Type: marsad.EntityPerson, Mentions: []marsad.Mention{{Text: name, Start: 0, End: 5}}}
	}
	a, b, c, d := Article(50), Article(51), Article(52), Article(53)
	a.Entities = []marsad.Entity{person("ماريا زاخاروفا"), person("منصور")}
	b.Entities = []marsad.Entity{person("ماريا زخاروفا"), person("منصوري")}
	// Same skeleton, another type: not merged.
	c.Entities = []marsad.Entity{{Name: "ماري زخاروفا", Key: "ماري زخاروفا", Type: marsad.EntityLocation}}
	// Both spellings in one article, in the same batch as the others.
	d.Entities = []marsad.Entity{person("ماريا زاخاروفا"), person("ماريا زخاروفا")}
	res, err := s.PutArticles(ctx(t), []marsad.PutItem{{Article: a}, {Article: b}, {Article: c}, {Article: d}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.Entity(ctx(t), "ماريا زخاروفا")
	if err != nil {
		t.Fatal(err)
	}
	if e.Key != "ماريا زاخاروفا" || !contains(e.Keys, "ماريا زخاروفا") || !contains(e.Keys, "ماريا زاخاروفا") || !contains(e.Aliases, "ماريا زخاروفا") {
		t.Errorf("variant entry = %+v, want key ماريا زاخاروفا with the variant among its keys and aliases", e)
	}
	refs, err := s.ArticlesByEntity(ctx(t), "ماريا زخاروفا", 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range refs {
		got[r.ID] = true
	}
	if len(refs) != 3 || !got[res[0].ID] || !got[res[1].ID] || !got[res[3].ID] {
		t.Errorf("articles naming either spelling = %v, want a, b and d", refs)
	}
	for _, k := range []string{"منصور", "منصوري"} {
		e, err := s.Entity(ctx(t), k)
		if err != nil || e.Key != k {
			t.Errorf("single word %s merged: %+v %v", k, e, err)
		}
	}
	if e, err := s.Entity(ctx(t), "ماري زخاروفا"); err != nil || e.Key != "ماري زخاروفا" {
		t.Errorf("same skeleton, other type merged: %+v %v", e, err)
	}
	found, err := s.FindEntities(ctx(t), "ماريا زخاروفا", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].Key != "ماريا زاخاروفا" || found[0].Articles != 3 {
		t.Errorf("FindEntities(ماريا زخاروفا) = %+v, want the one merged person named in 3 articles", found)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func testSources(t *testing.T, s marsad.Store) {
	src := &marsad.Source{Name: "سانا", HomeURL: "https://www.sana.sy/", Language: "ar", Country: "SY", Feeds: []string{"https://sana.sy/feed"}}
	if err := s.PutSource(ctx(t), src); err != nil {
		t.Fatal(err)
	}
	if src.ID != "sana.sy" {
		t.Errorf("derived source id = %q, want sana.sy", src.ID)
	}
	got, err := s.Source(ctx(t), "sana.sy")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "سانا" || got.Country != "SY" || !reflect.DeepEqual(got.Feeds, src.Feeds) || got.Added.IsZero() {
		t.Errorf("source = %+v", got)
	}
	src.Category = "وكالة"
	if err := s.PutSource(ctx(t), src); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSource(ctx(t), &marsad.Source{ID: "enab", Name: "عنب بلدي", HomeURL: "https://enabbaladi.net"}); err != nil {
		t.Fatal(err)
	}
	all, err := s.Sources(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("%d sources, want 2", len(all))
	}
	if err := s.DeleteSource(ctx(t), "enab"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Source(ctx(t), "enab"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("deleted source: err = %v, want ErrNotFound", err)
	}
	if err := s.DeleteSource(ctx(t), "enab"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("second delete: err = %v, want ErrNotFound", err)
	}
	if err := s.PutSource(ctx(t), &marsad.Source{Name: "x", HomeURL: "not a url"}); err == nil {
		t.Error("source without id and with a bad URL accepted")
	}
}

func testStories(t *testing.T, s marsad.Store) {
	a, b, c := Article(40), Article(41), Article(42)
	a.Published, b.Published, c.Published = "2025-11-16", "2025-11-17", "2025-11-16T09:00:00Z"
	ra, rb, rc := mustPut(t, s, a), mustPut(t, s, b), mustPut(t, s, c)
	st := &marsad.Story{ID: "s1", Title: "محادثات عسكرية في دمشق",
		First: time.Date(2025, 11, 16, 0, 0, 0, 0, time.UTC), Last: time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC),
		Articles: []marsad.StoryArticle{{ID: rb.ID, DuplicateOf: ra.ID}, {ID: ra.ID}, {ID: "missing"}}}
	if err := s.PutStory(ctx(t), st); err != nil {
		t.Fatal(err)
	}
	got, err := s.Story(ctx(t), "s1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Articles) != 2 || got.Articles[0].ID != ra.ID || got.Articles[1].ID != rb.ID || got.Articles[1].DuplicateOf != ra.ID {
		t.Errorf("story articles = %+v, want %s then %s (duplicate of the first)", got.Articles, ra.ID, rb.ID)
	}
	if got.Articles[0].Title != a.Title || got.Articles[0].Source != a.Source {
		t.Errorf("story article not filled from the store: %+v", got.Articles[0])
	}
	if !got.First.Equal(st.First) || !got.Last.Equal(st.Last) || got.Title != st.Title {
		t.Errorf("story = %+v", got)
	}
	// A second story takes article c; then c moves to s1 when s1 is updated.
	if err := s.PutStory(ctx(t), &marsad.Story{ID: "s2", Title: "أخرى", Last: time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC),
		Articles: []marsad.StoryArticle{{ID: rc.ID}}}); err != nil {
		t.Fatal(err)
	}
	list, err := s.Stories(ctx(t), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != "s2" {
		t.Errorf("stories = %+v, want s2 (latest) first", list)
	}
	st.Articles = append(st.Articles, marsad.StoryArticle{ID: rc.ID})
	if err := s.PutStory(ctx(t), st); err != nil {
		t.Fatal(err)
	}
	of, err := s.StoryOf(ctx(t), rc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if of.ID != "s1" || len(of.Articles) != 3 {
		t.Errorf("StoryOf(c) = %s with %d articles, want s1 with 3", of.ID, len(of.Articles))
	}
	// s2 lost its only article: it is gone.
	if _, err := s.Story(ctx(t), "s2"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("story left without articles: err = %v, want ErrNotFound", err)
	}
	if _, err := s.StoryOf(ctx(t), "nope"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("StoryOf unknown: err = %v, want ErrNotFound", err)
	}
}

func testIngestLog(t *testing.T, s marsad.Store) {
	recs := []marsad.IngestRecord{
		{Input: "a.txt", ArticleID: "abc", Outcome: marsad.OutcomeNew},
		{Input: "b.jsonl:3", Error: "line 3: invalid JSON"},
	}
	if err := s.LogIngest(ctx(t), recs...); err != nil {
		t.Fatal(err)
	}
	got, err := s.IngestLog(ctx(t), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Input != "b.jsonl:3" || got[0].Error == "" || got[1].Outcome != marsad.OutcomeNew || got[1].Time.IsZero() {
		t.Errorf("ingest log = %+v", got)
	}
}

func testConcurrent(t *testing.T, s marsad.Store) {
	const workers, per = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				// Every worker puts the same articles: exactly one put of
				// each is new.
				if _, err := s.PutArticle(ctx(t), Article(1000+i), nil); err != nil {
					errs <- err
					return
				}
				if _, err := s.Changes(ctx(t), 0, 5); err != nil {
					errs <- err
					return
				}
				_ = w
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != per || st.Revisions != per {
		t.Errorf("after concurrent puts: %+v, want %d articles with one revision each", st, per)
	}
}

func testNotFound(t *testing.T, s marsad.Store) {
	c := ctx(t)
	checks := map[string]error{}
	_, checks["Article"] = s.Article(c, "0000000000000000")
	_, checks["Revisions"] = s.Revisions(c, "0000000000000000")
	_, checks["Entity"] = s.Entity(c, "nobody")
	_, checks["Source"] = s.Source(c, "nowhere")
	_, checks["Story"] = s.Story(c, "none")
	checks["DeleteArticle"] = s.DeleteArticle(c, "0000000000000000")
	_, checks["ArticleByURL"] = s.ArticleByURL(c, "https://nowhere.example/x")
	for name, err := range checks {
		if !errors.Is(err, marsad.ErrNotFound) {
			t.Errorf("%s on a missing record: err = %v, want ErrNotFound", name, err)
		}
	}
	ch, err := s.Changes(c, 0, 10)
	if err != nil || len(ch) != 0 {
		t.Errorf("Changes on an empty store = %v, %v", ch, err)
	}
}
