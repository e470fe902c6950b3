package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
)

func openAlertStore(t *testing.T, url string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), url, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAlertStore runs the cases of the embedded store's alert test
// (sqlite/alerts_test.go) against PostgreSQL.
func TestAlertStore(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Migrated(t)
	s := openAlertStore(t, url)

	if seq, err := s.AlertsSeq(ctx); err != nil || seq != -1 {
		t.Fatalf("AlertsSeq before any alert = %d, %v; want -1", seq, err)
	}
	v0, err := s.AlertsVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := &marsad.Alert{ID: "a1", Name: "دمشق", Query: marsad.Query{Text: "دمشق", Sources: []string{"سانا"}},
		WebhookURL: "https://hooks.example/x", Secret: "s3cret", Created: time.UnixMilli(1700000000000).UTC()}
	if err := s.PutAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	if seq, err := s.AlertsSeq(ctx); err != nil || seq != 0 {
		t.Errorf("AlertsSeq after the first alert on an empty log = %d, %v; want 0", seq, err)
	}
	if err := s.PutAlert(ctx, &marsad.Alert{ID: "a2", Query: marsad.Query{Text: "بيروت"}, Created: a.Created.Add(time.Second)}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.AlertsVersion(ctx); v != v0+2 {
		t.Errorf("version = %d, want %d", v, v0+2)
	}
	if err := s.PutAlert(ctx, &marsad.Alert{}); err == nil {
		t.Error("PutAlert without an ID succeeded")
	}
	got, err := s.Alert(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Secret != "s3cret" || got.Query.Sources[0] != "سانا" || !got.Created.Equal(a.Created) || got.WebhookURL != a.WebhookURL {
		t.Errorf("Alert = %+v", got)
	}
	if _, err := s.Alert(ctx, "nope"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("missing alert: %v", err)
	}
	list, _ := s.Alerts(ctx)
	if len(list) != 2 || list[0].ID != "a1" {
		t.Errorf("Alerts = %+v", list)
	}
	if err := s.SetAlertsSeq(ctx, 42); err != nil {
		t.Fatal(err)
	}
	if seq, _ := s.AlertsSeq(ctx); seq != 42 {
		t.Errorf("AlertsSeq = %d, want 42", seq)
	}

	ref := func(id string) marsad.ArticleRef { return marsad.ArticleRef{ID: id, Title: "t " + id} }
	matches := []marsad.AlertMatch{{AlertID: "a1", Article: ref("x")}, {AlertID: "a2", Article: ref("x")}, {AlertID: "gone", Article: ref("x")}}
	dels := []marsad.Delivery{{AlertID: "a1", ArticleID: "x", URL: a.WebhookURL, Body: []byte(`{"n":1}`)}}
	n, err := s.AddMatches(ctx, matches, dels)
	if err != nil || n != 2 {
		t.Fatalf("AddMatches = %d, %v; want 2 (unknown alert skipped)", n, err)
	}
	// The same article again (a revision): no new match, no new delivery.
	if n, err := s.AddMatches(ctx, matches[:1], dels); err != nil || n != 0 {
		t.Fatalf("AddMatches again = %d, %v; want 0", n, err)
	}
	if _, err := s.AddMatches(ctx, []marsad.AlertMatch{{AlertID: "a1", Article: ref("y")}}, nil); err != nil {
		t.Fatal(err)
	}
	es, err := s.AlertEntries(ctx, "a1", 0, 10)
	if err != nil || len(es) != 2 || es[0].Article.ID != "y" || es[1].Article.Title != "t x" || es[0].Matched.IsZero() {
		t.Fatalf("AlertEntries = %+v, %v", es, err)
	}
	if es2, _ := s.AlertEntries(ctx, "a1", es[0].Seq, 10); len(es2) != 1 || es2[0].Article.ID != "x" {
		t.Errorf("AlertEntries before %d = %+v", es[0].Seq, es2)
	}
	if ds, _ := s.Deliveries(ctx, "a1", 10); len(ds) != 1 {
		t.Errorf("Deliveries after a repeated match = %+v, want 1", ds)
	}

	// Outbox: claim, fail, reclaim after the backoff, deliver.
	now := time.Now()
	c, err := s.ClaimDeliveries(ctx, "w1", now, 10, time.Minute)
	if err != nil || len(c) != 1 || string(c[0].Body) != `{"n":1}` || c[0].State != marsad.DeliveryPending {
		t.Fatalf("Claim = %+v, %v", c, err)
	}
	if c2, _ := s.ClaimDeliveries(ctx, "w2", now, 10, time.Minute); len(c2) != 0 {
		t.Errorf("leased delivery claimed twice: %+v", c2)
	}
	// The lease expires (a dispatcher died): another claims it.
	if c2, _ := s.ClaimDeliveries(ctx, "w2", now.Add(2*time.Minute), 10, time.Minute); len(c2) != 1 {
		t.Errorf("expired lease not reclaimed: %+v", c2)
	}
	if err := s.MarkFailed(ctx, c[0].ID, now.Add(time.Hour), "status 500", false); err != nil {
		t.Fatal(err)
	}
	if c2, _ := s.ClaimDeliveries(ctx, "w1", now.Add(30*time.Minute), 10, time.Minute); len(c2) != 0 {
		t.Errorf("delivery claimed before its retry time: %+v", c2)
	}
	s.Close()

	// A restart keeps the pending delivery.
	s = openAlertStore(t, url)
	defer s.Close()
	c, err = s.ClaimDeliveries(ctx, "w3", now.Add(2*time.Hour), 10, time.Minute)
	if err != nil || len(c) != 1 || c[0].Attempts != 1 || c[0].LastError != "status 500" {
		t.Fatalf("after restart Claim = %+v, %v", c, err)
	}
	if err := s.MarkDelivered(ctx, c[0].ID); err != nil {
		t.Fatal(err)
	}
	ds, _ := s.Deliveries(ctx, "a1", 10)
	if len(ds) != 1 || ds[0].State != marsad.DeliveryDelivered {
		t.Errorf("Deliveries = %+v", ds)
	}
	if n, err := s.PruneDeliveries(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("prune of recent deliveries = %d, %v", n, err)
	}
	if n, err := s.PruneDeliveries(ctx, time.Now().Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("prune = %d, %v; want 1", n, err)
	}
	if err := s.MarkDelivered(ctx, 9999); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("MarkDelivered(unknown) = %v", err)
	}
	if err := s.MarkFailed(ctx, 9999, now, "x", true); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("MarkFailed(unknown) = %v", err)
	}
	if _, err := s.ClaimDeliveries(ctx, "", now, 1, time.Minute); err == nil {
		t.Error("ClaimDeliveries without an owner succeeded")
	}

	// Deleting an alert removes its matches and deliveries.
	if err := s.DeleteAlert(ctx, "a1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAlert(ctx, "a1"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("second delete = %v", err)
	}
	if es, _ := s.AlertEntries(ctx, "a1", 0, 10); len(es) != 0 {
		t.Errorf("entries left: %+v", es)
	}
	if ds, _ := s.Deliveries(ctx, "a1", 10); len(ds) != 0 {
		t.Errorf("deliveries left: %+v", ds)
	}
	if v, _ := s.AlertsVersion(ctx); v != v0+3 {
		t.Errorf("version after delete = %d, want %d", v, v0+3)
	}
}

// TestAlertDeadDelivery: a delivery that failed for good is never claimed
// again and is pruned once finished.
func TestAlertDeadDelivery(t *testing.T) {
	ctx := context.Background()
	s := pgtest.Open(t)
	if err := s.PutAlert(ctx, &marsad.Alert{ID: "a", Query: marsad.Query{Text: "x"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMatches(ctx, []marsad.AlertMatch{{AlertID: "a", Article: marsad.ArticleRef{ID: "x"}}},
		[]marsad.Delivery{{AlertID: "a", ArticleID: "x", URL: "https://h.example/", Body: []byte("{}")}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c, err := s.ClaimDeliveries(ctx, "w", now, 5, time.Minute)
	if err != nil || len(c) != 1 {
		t.Fatalf("Claim = %+v, %v", c, err)
	}
	if err := s.MarkFailed(ctx, c[0].ID, now, "gone", true); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.ClaimDeliveries(ctx, "w", now.Add(time.Hour), 5, time.Minute); len(c) != 0 {
		t.Errorf("dead delivery claimed: %+v", c)
	}
	if ds, _ := s.Deliveries(ctx, "a", 5); len(ds) != 1 || ds[0].State != marsad.DeliveryDead || ds[0].Attempts != 1 {
		t.Errorf("Deliveries = %+v", ds)
	}
	if n, err := s.PruneDeliveries(ctx, time.Now().Add(time.Minute)); err != nil || n != 1 {
		t.Errorf("prune = %d, %v; want 1", n, err)
	}
}

// TestClaimDeliveriesConcurrent: dispatchers claiming at once never lease
// the same delivery twice.
func TestClaimDeliveriesConcurrent(t *testing.T) {
	ctx := context.Background()
	s := pgtest.Open(t)
	if err := s.PutAlert(ctx, &marsad.Alert{ID: "a", Query: marsad.Query{Text: "x"}}); err != nil {
		t.Fatal(err)
	}
	const total = 60
	var ms []marsad.AlertMatch
	var ds []marsad.Delivery
	for i := range total {
		id := fmt.Sprintf("art%d", i)
		ms = append(ms, marsad.AlertMatch{AlertID: "a", Article: marsad.ArticleRef{ID: id}})
		ds = append(ds, marsad.Delivery{AlertID: "a", ArticleID: id, URL: "https://h.example/", Body: []byte("{}")})
	}
	if n, err := s.AddMatches(ctx, ms, ds); err != nil || n != total {
		t.Fatalf("AddMatches = %d, %v", n, err)
	}
	now := time.Now()
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	for w := range 4 {
		owner := fmt.Sprintf("w%d", w)
		wg.Go(func() {
			for {
				c, err := s.ClaimDeliveries(ctx, owner, now, 5, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if len(c) == 0 {
					return
				}
				mu.Lock()
				for _, d := range c {
					if prev, ok := seen[d.ID]; ok {
						t.Errorf("delivery %d leased to %s and %s", d.ID, prev, owner)
					}
					seen[d.ID] = owner
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != total {
		t.Errorf("claimed %d deliveries, want %d", len(seen), total)
	}
}

// TestAlertServiceCatchUp: alert.Service matches articles stored in
// PostgreSQL (following its change log) and enqueues their webhook
// deliveries once each, across a restart and a lost position.
func TestAlertServiceCatchUp(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Migrated(t)
	st := openAlertStore(t, url)
	put := func(id, title string) {
		t.Helper()
		if _, err := st.PutArticle(ctx, &marsad.Article{ID: id, Title: title, Language: "ar", Text: title}, nil); err != nil {
			t.Fatal(err)
		}
	}
	put("old", "خبر قديم عن دمشق")
	svc := alert.NewService(st, alert.Options{})
	a, err := svc.Create(ctx, alert.NewAlert{Query: marsad.Query{Text: "دمشق"}, WebhookURL: "https://hooks.example.org/x"})
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
	for i := range 30 {
		put(fmt.Sprintf("bulk%d", i), "أخبار متفرقة")
	}
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 1 {
		t.Fatalf("CatchUp = %d, %v; want 1", n, err)
	}
	if n, _ := svc.CatchUp(ctx, st); n != 0 {
		t.Errorf("CatchUp again = %d", n)
	}
	st.Close()
	st = openAlertStore(t, url)
	defer st.Close()
	put("new3", "اجتماع في دمشق")
	put("new1", "وفد يصل إلى دمشق اليوم") // a revision: matched again, recorded once
	// A crash after matching, before the position was saved.
	svc = alert.NewService(st, alert.Options{})
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 1 {
		t.Fatalf("CatchUp after a restart = %d, %v; want 1", n, err)
	}
	if err := st.SetAlertsSeq(ctx, start); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 0 {
		t.Errorf("CatchUp after the lost position = %d, %v; want 0", n, err)
	}
	es, _ := st.AlertEntries(ctx, a.ID, 0, 10)
	ds, _ := st.Deliveries(ctx, a.ID, 10)
	if len(es) != 2 || es[1].Article.ID != "new1" || es[0].Article.ID != "new3" || len(ds) != 2 {
		t.Errorf("entries %+v, deliveries %d; want new1 and new3 once", es, len(ds))
	}
	// The outbox serves the dispatcher.
	c, err := st.ClaimDeliveries(ctx, "d", time.Now(), 10, time.Minute)
	if err != nil || len(c) != 2 || c[0].URL != "https://hooks.example.org/x" || len(c[0].Body) == 0 {
		t.Errorf("ClaimDeliveries = %+v, %v", c, err)
	}
}
