package alert

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/marsad-news/marsad"
)

// CatchUp's behaviour on both backends (history not matched, batches,
// restarts, crashes, concurrent matchers) is tested by the shared suite
// alert/alerttest, which the sqlite and postgres tests run.

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

// lockingStore is an alert store taking turns with other processes
// (MatchLocker); held says whether another process holds the lock.
type lockingStore struct {
	marsad.AlertStore
	held     bool
	released int
}

func (l *lockingStore) TryLockMatching(context.Context) (func(), error) {
	if l.held {
		return nil, nil
	}
	return func() { l.released++ }, nil
}

// TestCatchUpTakesTurns: CatchUp on a MatchLocker skips the round while
// another process holds the lock, and releases the lock it took.
func TestCatchUpTakesTurns(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "l.db"))
	defer st.Close()
	ls := &lockingStore{AlertStore: st, held: true}
	svc := NewService(ls, Options{})
	if _, err := svc.Create(ctx, NewAlert{Query: marsad.Query{Text: "دمشق"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutArticle(ctx, &marsad.Article{ID: "a", Title: "وفد في دمشق", Language: "ar", Text: "وفد في دمشق"}, nil); err != nil {
		t.Fatal(err)
	}
	before, _ := st.AlertsSeq(ctx)
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 0 {
		t.Fatalf("CatchUp while another process matches = %d, %v; want 0", n, err)
	}
	if after, _ := st.AlertsSeq(ctx); after != before {
		t.Errorf("position moved from %d to %d without the lock", before, after)
	}
	ls.held = false
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 1 {
		t.Fatalf("CatchUp with the lock = %d, %v; want 1", n, err)
	}
	if ls.released != 1 {
		t.Errorf("lock released %d times, want 1", ls.released)
	}
}
