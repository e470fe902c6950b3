package alert

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/marsad-news/marsad"
)

// TestCatchUp follows the store's change log: history before the first
// call is not matched, new articles are matched once each, and a crash
// between matching and recording the position neither loses nor repeats
// a notification.
func TestCatchUp(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	st := openStore(t, path)
	put := func(id, title string) {
		t.Helper()
		if _, err := st.PutArticle(ctx, &marsad.Article{ID: id, Title: title, Language: "ar", Text: title}, nil); err != nil {
			t.Fatal(err)
		}
	}
	put("old", "خبر قديم عن دمشق")
	svc := NewService(st, Options{})
	a, err := svc.Create(ctx, NewAlert{Query: marsad.Query{Text: "دمشق"}, WebhookURL: "https://hooks.example.org/x"})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 0 {
		t.Fatalf("first CatchUp = %d, %v; want 0 (history is not matched)", n, err)
	}
	start, _ := st.AlertsSeq(ctx)
	if start < 1 {
		t.Fatalf("AlertsSeq = %d after the first alert, want the end of the log", start)
	}
	put("new1", "وفد يصل إلى دمشق")
	put("new2", "طقس معتدل")
	for i := range 250 { // more than one batch
		put("bulk"+string(rune('a'+i%26))+string(rune('a'+i/26)), "أخبار متفرقة")
	}
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 1 {
		t.Fatalf("CatchUp = %d, %v; want 1", n, err)
	}
	if n, _ := svc.CatchUp(ctx, st); n != 0 {
		t.Errorf("CatchUp again = %d", n)
	}
	// Articles stored while nothing follows the log (the server is down)
	// are matched when it comes back.
	st.Close()
	st = openStore(t, path)
	put("new3", "اجتماع في دمشق")
	svc = NewService(st, Options{})
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 1 {
		t.Fatalf("CatchUp after a restart = %d, %v; want 1", n, err)
	}
	// A revision of the matched article: matched again, recorded once.
	put("new1", "وفد يصل إلى دمشق اليوم")
	// A crash after matching, before the position was saved.
	if err := st.SetAlertsSeq(ctx, start); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = openStore(t, path)
	defer st.Close()
	svc = NewService(st, Options{})
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 0 {
		t.Errorf("CatchUp after the crash = %d, %v; want 0", n, err)
	}
	es, _ := st.AlertEntries(ctx, a.ID, 0, 10)
	ds, _ := st.Deliveries(ctx, a.ID, 10)
	if len(es) != 2 || es[1].Article.ID != "new1" || es[0].Article.ID != "new3" || len(ds) != 2 {
		t.Errorf("entries %+v, deliveries %d; want new1 and new3 once", es, len(ds))
	}
}

// BenchmarkCatchUp: matching 1,000 stored articles (read from the change
// log) against 10,000 alerts (rareAlerts: most on words the articles
// lack), recording the matches and webhook deliveries.
func BenchmarkCatchUp(b *testing.B) {
	ctx := context.Background()
	st := openStoreB(b, filepath.Join(b.TempDir(), "m.db"))
	defer st.Close()
	arts := corpus(b, 1000, 5)
	svc := NewService(st, Options{AllowPrivate: true})
	for i, a := range rareAlerts(arts, 10000) {
		a.Secret = "k"
		if i%10 == 0 {
			a.WebhookURL = "https://hooks.example.org/x"
		}
		if err := st.PutAlert(ctx, &a); err != nil {
			b.Fatal(err)
		}
	}
	items := make([]marsad.PutItem, len(arts))
	for i, a := range arts {
		items[i] = marsad.PutItem{Article: a}
	}
	if _, err := st.PutArticles(ctx, items); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	matches := 0
	for b.Loop() {
		if err := st.SetAlertsSeq(ctx, 0); err != nil {
			b.Fatal(err)
		}
		n, err := svc.CatchUp(ctx, st)
		if err != nil {
			b.Fatal(err)
		}
		matches = max(matches, n)
	}
	b.ReportMetric(float64(len(arts))*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(matches), "matches")
}
