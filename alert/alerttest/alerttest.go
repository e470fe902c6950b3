// Package alerttest is the backend-agnostic test suite of
// marsad.AlertStore, together with the alert matching that follows a
// store's change log (alert.Service.CatchUp). Every implementation
// (sqlite, postgres) runs it from its own tests:
//
//	func TestAlertStore(t *testing.T) {
//		alerttest.Run(t, func(t *testing.T) (alerttest.Store, func(t *testing.T) alerttest.Store) {
//			path := filepath.Join(t.TempDir(), "a.db")
//			return mustOpen(t, path), func(t *testing.T) alerttest.Store { return mustOpen(t, path) }
//		})
//	}
//
// open must return a new, empty store for each call, and a function that
// opens the same store again through a new handle: a restart, or another
// process sharing the archive. Run closes every store it is given.
package alerttest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
)

// Store is what the suite tests: an archive that keeps alerts (the
// sqlite and postgres Stores).
type Store interface {
	marsad.Store
	marsad.AlertStore
}

// Opener returns a new, empty store and a function opening it again.
type Opener func(t *testing.T) (s Store, reopen func(t *testing.T) Store)

// env is one test's store and its reopening.
type env struct {
	t      *testing.T
	s      Store
	reopen func(t *testing.T) Store
}

// again opens the store once more (a restart, or another process); the
// handle is closed when the test ends.
func (e *env) again() Store {
	e.t.Helper()
	s := e.reopen(e.t)
	e.t.Cleanup(func() {
		if err := s.Close(); err != nil {
			e.t.Errorf("close: %v", err)
		}
	})
	return s
}

// Run runs the whole suite against stores returned by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"Alerts", testAlerts},
		{"Matches", testMatches},
		{"Outbox", testOutbox},
		{"DeadDelivery", testDeadDelivery},
		{"DeleteAlert", testDeleteAlert},
		{"ClaimsConcurrent", testClaimsConcurrent},
		{"CatchUp", testCatchUp},
		{"ConcurrentMatchers", testConcurrentMatchers},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, reopen := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			tc.fn(t, &env{t: t, s: s, reopen: reopen})
		})
	}
}

// created is the creation time of the suite's alerts (milliseconds: the
// precision every backend keeps).
var created = time.UnixMilli(1700000000000).UTC()

func putAlert(t *testing.T, s Store, a *marsad.Alert) {
	t.Helper()
	if err := s.PutAlert(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

func ref(id string) marsad.ArticleRef {
	return marsad.ArticleRef{ID: id, URL: "https://example.org/" + id, Title: "t " + id, Source: "سانا", Published: "2025-11-17"}
}

// testAlerts: saving, reading, listing and versioning alerts, and the
// matching position.
func testAlerts(t *testing.T, e *env) {
	ctx := context.Background()
	s := e.s
	if seq, err := s.AlertsSeq(ctx); err != nil || seq != -1 {
		t.Fatalf("AlertsSeq before any alert = %d, %v; want -1", seq, err)
	}
	v0, err := s.AlertsVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := &marsad.Alert{ID: "a1", Name: "دمشق", Query: marsad.Query{Text: "دمشق", Sources: []string{"سانا"}},
		WebhookURL: "https://hooks.example/x", Secret: "s3cret", Created: created}
	putAlert(t, s, a)
	if seq, err := s.AlertsSeq(ctx); err != nil || seq != 0 {
		t.Errorf("AlertsSeq after the first alert on an empty log = %d, %v; want 0", seq, err)
	}
	putAlert(t, s, &marsad.Alert{ID: "a2", Query: marsad.Query{Text: "بيروت"}, Created: created.Add(time.Second)})
	if v, _ := s.AlertsVersion(ctx); v != v0+2 {
		t.Errorf("version = %d, want %d", v, v0+2)
	}
	// Another process sees the change.
	if v, _ := e.again().AlertsVersion(ctx); v != v0+2 {
		t.Errorf("version through another handle = %d, want %d", v, v0+2)
	}
	if err := s.PutAlert(ctx, &marsad.Alert{}); err == nil {
		t.Error("PutAlert without an ID succeeded")
	}
	got, err := s.Alert(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "دمشق" || got.Secret != "s3cret" || len(got.Query.Sources) != 1 || got.Query.Sources[0] != "سانا" ||
		!got.Created.Equal(a.Created) || got.WebhookURL != a.WebhookURL {
		t.Errorf("Alert = %+v", got)
	}
	if _, err := s.Alert(ctx, "nope"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("missing alert: %v", err)
	}
	// Replacing keeps one alert.
	a.Name = "دمشق وريفها"
	putAlert(t, s, a)
	list, err := s.Alerts(ctx)
	if err != nil || len(list) != 2 || list[0].ID != "a1" || list[0].Name != "دمشق وريفها" || list[1].ID != "a2" {
		t.Errorf("Alerts = %+v, %v", list, err)
	}
	if err := s.SetAlertsSeq(ctx, 42); err != nil {
		t.Fatal(err)
	}
	if seq, _ := s.AlertsSeq(ctx); seq != 42 {
		t.Errorf("AlertsSeq = %d, want 42", seq)
	}
	// Saving more alerts does not move a started position.
	putAlert(t, s, &marsad.Alert{ID: "a3", Query: marsad.Query{Text: "حلب"}})
	if seq, _ := s.AlertsSeq(ctx); seq != 42 {
		t.Errorf("AlertsSeq after another alert = %d, want 42", seq)
	}
}

// testMatches: matches recorded once per alert and article, with their
// deliveries; unknown alerts skipped; entries paged newest first.
func testMatches(t *testing.T, e *env) {
	ctx := context.Background()
	s := e.s
	putAlert(t, s, &marsad.Alert{ID: "a1", Query: marsad.Query{Text: "x"}, WebhookURL: "https://hooks.example/x", Secret: "k"})
	putAlert(t, s, &marsad.Alert{ID: "a2", Query: marsad.Query{Text: "y"}})
	matches := []marsad.AlertMatch{{AlertID: "a1", Article: ref("x"), Summary: "ملخص"}, {AlertID: "a2", Article: ref("x")},
		{AlertID: "gone", Article: ref("x")}}
	dels := []marsad.Delivery{{AlertID: "a1", ArticleID: "x", URL: "https://hooks.example/x", Body: []byte(`{"n":1}`)}}
	n, err := s.AddMatches(ctx, matches, dels)
	if err != nil || n != 2 {
		t.Fatalf("AddMatches = %d, %v; want 2 (unknown alert skipped)", n, err)
	}
	// The same article again (a revision): no new match, no new delivery.
	if n, err := s.AddMatches(ctx, matches[:1], dels); err != nil || n != 0 {
		t.Fatalf("AddMatches again = %d, %v; want 0", n, err)
	}
	if n, err := s.AddMatches(ctx, nil, nil); err != nil || n != 0 {
		t.Errorf("AddMatches(nil) = %d, %v", n, err)
	}
	if _, err := s.AddMatches(ctx, []marsad.AlertMatch{{AlertID: "a1", Article: ref("y")}}, nil); err != nil {
		t.Fatal(err)
	}
	es, err := s.AlertEntries(ctx, "a1", 0, 10)
	if err != nil || len(es) != 2 || es[0].Article.ID != "y" || es[1].Article != ref("x") || es[1].Summary != "ملخص" ||
		es[0].Matched.IsZero() || es[0].AlertID != "a1" || es[0].Seq <= es[1].Seq {
		t.Fatalf("AlertEntries = %+v, %v", es, err)
	}
	if es2, _ := s.AlertEntries(ctx, "a1", es[0].Seq, 10); len(es2) != 1 || es2[0].Article.ID != "x" {
		t.Errorf("AlertEntries before %d = %+v", es[0].Seq, es2)
	}
	if es2, _ := s.AlertEntries(ctx, "a1", 0, 1); len(es2) != 1 || es2[0].Article.ID != "y" {
		t.Errorf("AlertEntries limit 1 = %+v", es2)
	}
	if es2, _ := s.AlertEntries(ctx, "a1", 0, 0); len(es2) != 0 {
		t.Errorf("AlertEntries limit 0 = %+v", es2)
	}
	ds, err := s.Deliveries(ctx, "a1", 10)
	if err != nil || len(ds) != 1 || ds[0].ArticleID != "x" || ds[0].State != marsad.DeliveryPending || string(ds[0].Body) != `{"n":1}` {
		t.Errorf("Deliveries after a repeated match = %+v, %v; want 1 pending", ds, err)
	}
	if ds, _ := s.Deliveries(ctx, "a2", 10); len(ds) != 0 {
		t.Errorf("deliveries of an alert without a webhook: %+v", ds)
	}
	// A delivery without a body is stored with an empty one on every backend.
	putAlert(t, s, &marsad.Alert{ID: "a3", Query: marsad.Query{Text: "z"}, WebhookURL: "https://hooks.example/z", Secret: "k"})
	if _, err := s.AddMatches(ctx, []marsad.AlertMatch{{AlertID: "a3", Article: ref("x")}},
		[]marsad.Delivery{{AlertID: "a3", ArticleID: "x", URL: "https://hooks.example/z"}}); err != nil {
		t.Fatalf("AddMatches with a nil delivery body: %v", err)
	}
	if ds, err := s.Deliveries(ctx, "a3", 10); err != nil || len(ds) != 1 || len(ds[0].Body) != 0 {
		t.Errorf("Deliveries of a bodiless delivery = %+v, %v", ds, err)
	}
}

// testOutbox: claim, lease, fail with backoff, reclaim, survive a
// restart, deliver, prune.
func testOutbox(t *testing.T, e *env) {
	ctx := context.Background()
	s := e.s
	putAlert(t, s, &marsad.Alert{ID: "a1", Query: marsad.Query{Text: "x"}, WebhookURL: "https://hooks.example/x", Secret: "k"})
	if _, err := s.AddMatches(ctx, []marsad.AlertMatch{{AlertID: "a1", Article: ref("x")}},
		[]marsad.Delivery{{AlertID: "a1", ArticleID: "x", URL: "https://hooks.example/x", Body: []byte(`{"n":1}`)}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c, err := s.ClaimDeliveries(ctx, "w1", now, 10, time.Minute)
	if err != nil || len(c) != 1 || string(c[0].Body) != `{"n":1}` || c[0].State != marsad.DeliveryPending || c[0].URL != "https://hooks.example/x" {
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

	// A restart keeps the pending delivery.
	s = e.again()
	c, err = s.ClaimDeliveries(ctx, "w3", now.Add(2*time.Hour), 10, time.Minute)
	if err != nil || len(c) != 1 || c[0].Attempts != 1 || c[0].LastError != "status 500" {
		t.Fatalf("after restart Claim = %+v, %v", c, err)
	}
	if err := s.MarkDelivered(ctx, c[0].ID); err != nil {
		t.Fatal(err)
	}
	if c2, _ := s.ClaimDeliveries(ctx, "w3", now.Add(3*time.Hour), 10, time.Minute); len(c2) != 0 {
		t.Errorf("delivered delivery claimed again: %+v", c2)
	}
	ds, _ := s.Deliveries(ctx, "a1", 10)
	if len(ds) != 1 || ds[0].State != marsad.DeliveryDelivered || ds[0].LastError != "" {
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
}

// testDeadDelivery: a delivery that failed for good is never claimed
// again and is pruned once finished.
func testDeadDelivery(t *testing.T, e *env) {
	ctx := context.Background()
	s := e.s
	putAlert(t, s, &marsad.Alert{ID: "a", Query: marsad.Query{Text: "x"}})
	if _, err := s.AddMatches(ctx, []marsad.AlertMatch{{AlertID: "a", Article: ref("x")}},
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
	if ds, _ := s.Deliveries(ctx, "a", 5); len(ds) != 1 || ds[0].State != marsad.DeliveryDead || ds[0].Attempts != 1 || ds[0].LastError != "gone" {
		t.Errorf("Deliveries = %+v", ds)
	}
	if n, err := s.PruneDeliveries(ctx, time.Now().Add(time.Minute)); err != nil || n != 1 {
		t.Errorf("prune = %d, %v; want 1", n, err)
	}
}

// testDeleteAlert: deleting an alert removes its matches and deliveries
// and changes the version.
func testDeleteAlert(t *testing.T, e *env) {
	ctx := context.Background()
	s := e.s
	putAlert(t, s, &marsad.Alert{ID: "a1", Query: marsad.Query{Text: "x"}, WebhookURL: "https://hooks.example/x"})
	putAlert(t, s, &marsad.Alert{ID: "a2", Query: marsad.Query{Text: "y"}, WebhookURL: "https://hooks.example/y"})
	ms := []marsad.AlertMatch{{AlertID: "a1", Article: ref("x")}, {AlertID: "a2", Article: ref("x")}}
	ds := []marsad.Delivery{{AlertID: "a1", ArticleID: "x", URL: "https://hooks.example/x", Body: []byte("{}")},
		{AlertID: "a2", ArticleID: "x", URL: "https://hooks.example/y", Body: []byte("{}")}}
	if n, err := s.AddMatches(ctx, ms, ds); err != nil || n != 2 {
		t.Fatalf("AddMatches = %d, %v", n, err)
	}
	v0, _ := s.AlertsVersion(ctx)
	if err := s.DeleteAlert(ctx, "a1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAlert(ctx, "a1"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("second delete = %v", err)
	}
	if _, err := s.Alert(ctx, "a1"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("deleted alert: %v", err)
	}
	if es, _ := s.AlertEntries(ctx, "a1", 0, 10); len(es) != 0 {
		t.Errorf("entries left: %+v", es)
	}
	if ds, _ := s.Deliveries(ctx, "a1", 10); len(ds) != 0 {
		t.Errorf("deliveries left: %+v", ds)
	}
	if c, _ := s.ClaimDeliveries(ctx, "w", time.Now().Add(time.Minute), 10, time.Minute); len(c) != 1 || c[0].AlertID != "a2" {
		t.Errorf("claimable after the delete: %+v; want a2's only", c)
	}
	if es, _ := s.AlertEntries(ctx, "a2", 0, 10); len(es) != 1 {
		t.Errorf("the other alert's entries: %+v", es)
	}
	if v, _ := s.AlertsVersion(ctx); v != v0+1 {
		t.Errorf("version after delete = %d, want %d", v, v0+1)
	}
	// A match of the deleted alert arriving late is skipped.
	if n, err := s.AddMatches(ctx, ms[:1], ds[:1]); err != nil || n != 0 {
		t.Errorf("late match of a deleted alert = %d, %v; want 0", n, err)
	}
}

// testClaimsConcurrent: dispatchers claiming at once, in one process and
// through two handles (two processes), never lease a delivery twice.
func testClaimsConcurrent(t *testing.T, e *env) {
	ctx := context.Background()
	s := e.s
	putAlert(t, s, &marsad.Alert{ID: "a", Query: marsad.Query{Text: "x"}})
	const total = 60
	var ms []marsad.AlertMatch
	var ds []marsad.Delivery
	for i := range total {
		id := fmt.Sprintf("art%d", i)
		ms = append(ms, marsad.AlertMatch{AlertID: "a", Article: ref(id)})
		ds = append(ds, marsad.Delivery{AlertID: "a", ArticleID: id, URL: "https://h.example/", Body: []byte("{}")})
	}
	if n, err := s.AddMatches(ctx, ms, ds); err != nil || n != total {
		t.Fatalf("AddMatches = %d, %v", n, err)
	}
	handles := []Store{s, e.again()}
	now := time.Now()
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	for w := range 4 {
		owner := fmt.Sprintf("w%d", w)
		h := handles[w%2]
		wg.Go(func() {
			for {
				c, err := h.ClaimDeliveries(ctx, owner, now, 5, time.Minute)
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

func putArticle(t *testing.T, s Store, id, title string) {
	t.Helper()
	if _, err := s.PutArticle(context.Background(), &marsad.Article{ID: id, Title: title, Language: "ar", Text: title}, nil); err != nil {
		t.Fatal(err)
	}
}

// testCatchUp: alert.Service follows the store's change log: history
// before the first alert is not matched, new articles are matched once
// each (over several batches), a restart continues, a revision is not
// notified again, and a crash between matching and recording the
// position neither loses nor repeats a notification.
func testCatchUp(t *testing.T, e *env) {
	ctx := context.Background()
	st := e.s
	putArticle(t, st, "old", "خبر قديم عن دمشق")
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
	putArticle(t, st, "new1", "وفد يصل إلى دمشق")
	putArticle(t, st, "new2", "طقس معتدل")
	var bulk []marsad.PutItem
	for i := range alert.CatchUpBatch + 50 { // more than one batch
		bulk = append(bulk, marsad.PutItem{Article: &marsad.Article{ID: fmt.Sprintf("bulk%d", i), Title: "أخبار متفرقة", Language: "ar",
			Text: fmt.Sprintf("أخبار متفرقة رقم %d", i)}})
	}
	if _, err := st.PutArticles(ctx, bulk); err != nil {
		t.Fatal(err)
	}
	putArticle(t, st, "new4", "مؤتمر في دمشق")
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 2 {
		t.Fatalf("CatchUp = %d, %v; want 2", n, err)
	}
	if n, _ := svc.CatchUp(ctx, st); n != 0 {
		t.Errorf("CatchUp again = %d", n)
	}
	// Articles stored while nothing follows the log (the server is down)
	// are matched when it comes back.
	st = e.again()
	putArticle(t, st, "new3", "اجتماع في دمشق")
	svc = alert.NewService(st, alert.Options{})
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 1 {
		t.Fatalf("CatchUp after a restart = %d, %v; want 1", n, err)
	}
	// A revision of a matched article: matched again, recorded once.
	putArticle(t, st, "new1", "وفد يصل إلى دمشق اليوم")
	// A crash after matching, before the position was saved.
	if err := st.SetAlertsSeq(ctx, start); err != nil {
		t.Fatal(err)
	}
	st = e.again()
	svc = alert.NewService(st, alert.Options{})
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 0 {
		t.Errorf("CatchUp after the crash = %d, %v; want 0", n, err)
	}
	es, _ := st.AlertEntries(ctx, a.ID, 0, 10)
	ds, _ := st.Deliveries(ctx, a.ID, 10)
	if len(es) != 3 || es[0].Article.ID != "new3" || es[1].Article.ID != "new4" || es[2].Article.ID != "new1" || len(ds) != 3 {
		t.Errorf("entries %+v, deliveries %d; want new3, new4 and new1 once", es, len(ds))
	}
	// An alert saved by another process applies to articles stored
	// after it, at once (not after the matcher's reload interval).
	other := alert.NewService(e.again(), alert.Options{})
	b, err := other.Create(ctx, alert.NewAlert{Query: marsad.Query{Text: "حلب"}})
	if err != nil {
		t.Fatal(err)
	}
	putArticle(t, st, "aleppo", "أمطار في حلب")
	if n, err := svc.CatchUp(ctx, st); err != nil || n != 1 {
		t.Errorf("CatchUp after another process saved an alert = %d, %v; want 1", n, err)
	}
	if es, _ := st.AlertEntries(ctx, b.ID, 0, 10); len(es) != 1 || es[0].Article.ID != "aleppo" {
		t.Errorf("entries of the new alert: %+v", es)
	}
	// The outbox serves the dispatcher.
	c, err := st.ClaimDeliveries(ctx, "d", time.Now(), 10, time.Minute)
	if err != nil || len(c) != 3 || c[0].URL != "https://hooks.example.org/x" || len(c[0].Body) == 0 {
		t.Errorf("ClaimDeliveries = %d deliveries (%v); want 3 to https://hooks.example.org/x with a body", len(c), err)
	}
}

// unlocked hides a store's alert.MatchLocker, so matchers on it run at
// the same moment even where the store would take turns.
type unlocked struct{ marsad.AlertStore }

// testConcurrentMatchers: four matchers, on two handles of the store
// (two processes), follow the change log while articles are stored; two
// of them ignore the matching lock, so matchers really record the same
// matches at the same moment. Every hit is recorded and enqueued for
// delivery exactly once, and the counts the matchers return add up to
// the hits.
func testConcurrentMatchers(t *testing.T, e *env) {
	ctx := context.Background()
	s1, s2 := e.s, e.again()
	admin := alert.NewService(s1, alert.Options{})
	hook, err := admin.Create(ctx, alert.NewAlert{Name: "دمشق", Query: marsad.Query{Text: "دمشق"}, WebhookURL: "https://hooks.example.org/x"})
	if err != nil {
		t.Fatal(err)
	}
	feed, err := admin.Create(ctx, alert.NewAlert{Query: marsad.Query{Text: "وزير"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.CatchUp(ctx, s1); err != nil {
		t.Fatal(err)
	}
	type matcher struct {
		svc *alert.Service
		src alert.Changes
	}
	matchers := []matcher{
		{alert.NewService(s1, alert.Options{}), s1},
		{alert.NewService(s2, alert.Options{}), s2},
		{alert.NewService(unlocked{s1}, alert.Options{}), s1},
		{alert.NewService(unlocked{s2}, alert.Options{}), s2},
	}
	titles := []string{"وزير الخارجية في دمشق", "أمطار غزيرة في دمشق", "وزير المالية يعلن الموازنة", "معرض للكتاب في بيروت"}
	const total = 120
	var (
		stored  atomic.Bool
		counted atomic.Int64
		wg      sync.WaitGroup
	)
	wg.Go(func() {
		defer stored.Store(true)
		for i := 0; i < total; i += 3 {
			var items []marsad.PutItem
			for j := i; j < i+3; j++ {
				title := titles[j%len(titles)]
				items = append(items, marsad.PutItem{Article: &marsad.Article{ID: fmt.Sprintf("c%03d", j), Title: title,
					Language: "ar", Text: fmt.Sprintf("%s (%d)", title, j)}})
			}
			if _, err := s1.PutArticles(ctx, items); err != nil {
				t.Error(err)
				return
			}
		}
	})
	var errs atomic.Int64
	per := make([]atomic.Int64, len(matchers))
	for i, m := range matchers {
		wg.Go(func() {
			for last := false; !last; {
				last = stored.Load()
				n, err := m.svc.CatchUp(ctx, m.src)
				if err != nil {
					if errs.Add(1) <= 3 {
						t.Errorf("CatchUp: %v", err)
					}
				}
				counted.Add(int64(n))
				per[i].Add(int64(n))
				time.Sleep(time.Millisecond)
			}
		})
	}
	wg.Wait()
	// Whatever a lock made a matcher skip at the end is caught up now.
	n, err := matchers[0].svc.CatchUp(ctx, s1)
	if err != nil {
		t.Fatal(err)
	}
	counted.Add(int64(n))

	wantHook, wantFeed := 0, 0
	for j := range total {
		title := titles[j%len(titles)]
		if j%len(titles) < 2 {
			wantHook++
		}
		if strings.HasPrefix(title, "وزير") {
			wantFeed++
		}
	}
	hookEntries, _ := s2.AlertEntries(ctx, hook.ID, 0, 10*total)
	feedEntries, _ := s2.AlertEntries(ctx, feed.ID, 0, 10*total)
	dels, _ := s2.Deliveries(ctx, hook.ID, 10*total)
	perArticle := map[string]int{}
	for _, d := range dels {
		perArticle[d.ArticleID]++
	}
	twice := 0
	for id, k := range perArticle {
		if k > 1 {
			twice++
			if twice <= 3 {
				t.Errorf("article %s enqueued for delivery %d times", id, k)
			}
		}
	}
	if len(hookEntries) != wantHook || len(feedEntries) != wantFeed || len(dels) != wantHook || len(perArticle) != wantHook {
		t.Errorf("matches %d and %d, deliveries %d (for %d articles); want %d, %d, %d", len(hookEntries), len(feedEntries),
			len(dels), len(perArticle), wantHook, wantFeed, wantHook)
	}
	t.Logf("new matches recorded by each matcher (locked s1, locked s2, unlocked s1, unlocked s2): %d %d %d %d; %d after the writer stopped",
		per[0].Load(), per[1].Load(), per[2].Load(), per[3].Load(), n)
	if got := counted.Load(); got != int64(wantHook+wantFeed) {
		t.Errorf("the matchers reported %d new matches, want %d", got, wantHook+wantFeed)
	}
}
