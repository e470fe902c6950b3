package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/sqlite"
)

func openAlertStore(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAlertStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	s := openAlertStore(t, path)

	v0, err := s.AlertsVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := &marsad.Alert{ID: "a1", Name: "دمشق", Query: marsad.Query{Text: "دمشق", Sources: []string{"سانا"}},
		WebhookURL: "https://hooks.example/x", Secret: "s3cret", Created: time.UnixMilli(1700000000000).UTC()}
	if err := s.PutAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.PutAlert(ctx, &marsad.Alert{ID: "a2", Query: marsad.Query{Text: "بيروت"}, Created: a.Created.Add(time.Second)}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.AlertsVersion(ctx); v != v0+2 {
		t.Errorf("version = %d, want %d", v, v0+2)
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
	if err != nil || len(es) != 2 || es[0].Article.ID != "y" || es[1].Article.Title != "t x" {
		t.Fatalf("AlertEntries = %+v, %v", es, err)
	}
	if es2, _ := s.AlertEntries(ctx, "a1", es[0].Seq, 10); len(es2) != 1 || es2[0].Article.ID != "x" {
		t.Errorf("AlertEntries before %d = %+v", es[0].Seq, es2)
	}

	// Outbox: claim, fail, reclaim after the backoff, deliver.
	now := time.Now()
	c, err := s.ClaimDeliveries(ctx, "w1", now, 10, time.Minute)
	if err != nil || len(c) != 1 || string(c[0].Body) != `{"n":1}` {
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
	s = openAlertStore(t, path)
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
}
