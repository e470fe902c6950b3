package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
)

func openAt(t *testing.T, now *time.Time) *postgres.Store {
	t.Helper()
	var mu sync.Mutex
	s, err := postgres.Open(context.Background(), pgtest.Migrated(t), postgres.Options{Now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		if now == nil {
			return time.Now()
		}
		return *now
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestFrontier: the semantics of the embedded frontier (sqlite).
func TestFrontier(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 11, 17, 10, 0, 0, 0, time.UTC)
	s := openAt(t, &now)

	n, err := s.AddURLs(ctx, []marsad.FrontierEntry{
		{URL: "https://a.example/feed", Kind: marsad.KindFeed, SourceID: "a", Interval: 30 * time.Minute},
		{URL: "https://a.example/x", Kind: marsad.KindPage, SourceID: "a", NextFetch: now.Add(time.Hour)},
		{URL: "https://b.example/y", Kind: marsad.KindPage, SourceID: "b", Published: now.Add(-time.Hour)},
	})
	if err != nil || n != 3 {
		t.Fatalf("AddURLs = %d, %v", n, err)
	}
	if n, _ := s.AddURLs(ctx, []marsad.FrontierEntry{{URL: "https://a.example/feed", Kind: marsad.KindFeed}}); n != 0 {
		t.Errorf("re-adding a known URL added %d", n)
	}
	if _, err := s.AddURLs(ctx, []marsad.FrontierEntry{{URL: "no-host", Kind: marsad.KindPage}}); err == nil {
		t.Error("relative URL accepted")
	}
	got, err := s.Claim(ctx, "w1", now, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("claimed %d entries, want the 2 due", len(got))
	}
	if got[0].Interval != 30*time.Minute && got[1].Interval != 30*time.Minute {
		t.Errorf("interval not kept: %+v", got)
	}
	if again, _ := s.Claim(ctx, "w2", now.Add(30*time.Second), 10, time.Minute); len(again) != 0 {
		t.Errorf("w2 claimed %d leased entries", len(again))
	}
	expired, _ := s.Claim(ctx, "w2", now.Add(2*time.Minute), 10, time.Minute)
	if len(expired) != 2 {
		t.Fatalf("after expiry w2 claimed %d, want 2", len(expired))
	}
	e := got[0]
	e.Fetches, e.NextFetch = 1, time.Time{}
	if err := s.Complete(ctx, "w1", e); !errors.Is(err, postgres.ErrLeaseLost) {
		t.Errorf("complete after lease loss: %v", err)
	}
	e.ETag, e.LastStatus, e.LastFetched = `"v1"`, 200, now
	if err := s.Complete(ctx, "w2", e); err != nil {
		t.Fatal(err)
	}
	back, err := s.FrontierEntry(ctx, e.URL)
	if err != nil {
		t.Fatal(err)
	}
	if back.ETag != `"v1"` || !back.NextFetch.IsZero() || back.LeaseOwner != "" || back.Fetches != 1 || !back.LastFetched.Equal(now) {
		t.Errorf("entry after complete: %+v", back)
	}
	st, err := s.FrontierStats(ctx, now.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if st.Total != 3 || st.ByKind[marsad.KindPage] != 2 {
		t.Errorf("stats %+v", st)
	}
	h, err := s.SourceHealth(ctx)
	if err != nil || len(h) != 2 {
		t.Fatalf("health %+v %v", h, err)
	}
	if _, err := s.FrontierEntry(ctx, "https://none.example/"); !errors.Is(err, marsad.ErrNotFound) {
		t.Errorf("missing entry: %v", err)
	}
}

// TestFrontierHostLease: a host is leased to one worker at a time, until
// it completes its entries there or the lease expires.
func TestFrontierHostLease(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 11, 17, 10, 0, 0, 0, time.UTC)
	s := openAt(t, &now)
	var es []marsad.FrontierEntry
	for i := range 3 {
		es = append(es, marsad.FrontierEntry{URL: fmt.Sprintf("https://a.example/%d", i), Kind: marsad.KindPage})
		es = append(es, marsad.FrontierEntry{URL: fmt.Sprintf("https://b.example/%d", i), Kind: marsad.KindPage, NextFetch: now.Add(time.Second)})
	}
	if _, err := s.AddURLs(ctx, es); err != nil {
		t.Fatal(err)
	}
	later := now.Add(2 * time.Second)
	w1, err := s.Claim(ctx, "w1", later, 1, time.Minute)
	if err != nil || len(w1) != 1 || w1[0].Host != "a.example" {
		t.Fatalf("w1 claimed %+v, %v; want one entry of a.example (earliest due)", w1, err)
	}
	w2, err := s.Claim(ctx, "w2", later, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(w2) != 3 {
		t.Fatalf("w2 claimed %d entries, want the 3 of b.example", len(w2))
	}
	for _, e := range w2 {
		if e.Host != "b.example" {
			t.Errorf("w2 got %s while w1 holds a.example", e.URL)
		}
	}
	// w1 may take more of its own host.
	more, err := s.Claim(ctx, "w1", later, 10, time.Minute)
	if err != nil || len(more) != 2 {
		t.Fatalf("w1 claimed %d more of its host, %v; want 2", len(more), err)
	}
	// Completing everything releases the host; w2 still holds b.
	for _, e := range append(w1, more...) {
		e.NextFetch = later.Add(time.Hour)
		if err := s.Complete(ctx, "w1", e); err != nil {
			t.Fatal(err)
		}
	}
	w2e := w2[0]
	w2e.NextFetch = later.Add(-time.Second) // due again at once
	now = later
	if err := s.Complete(ctx, "w2", w2e); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Claim(ctx, "w3", later, 10, time.Minute); len(got) != 0 {
		t.Errorf("w3 claimed %+v while w2 still holds b.example", got)
	}
	// w2 dies; after its lease expires w3 takes the host.
	got, err := s.Claim(ctx, "w3", later.Add(2*time.Minute), 10, time.Minute)
	if err != nil || len(got) != 3 {
		t.Fatalf("after expiry w3 claimed %d, %v; want the 3 of b.example", len(got), err)
	}
}

// TestFrontierConcurrentClaims: workers claiming and completing at once
// never hold one host together, and every entry is fetched once.
func TestFrontierConcurrentClaims(t *testing.T) {
	ctx := context.Background()
	s := openAt(t, nil)
	const hosts, per, workers = 6, 15, 4
	var es []marsad.FrontierEntry
	for h := range hosts {
		for i := range per {
			es = append(es, marsad.FrontierEntry{URL: fmt.Sprintf("https://h%d.example/%d", h, i), Kind: marsad.KindPage})
		}
	}
	if _, err := s.AddURLs(ctx, es); err != nil {
		t.Fatal(err)
	}
	var (
		mu       sync.Mutex
		holder   = map[string]string{}
		inflight = map[string]int{}
		fetched  = map[string]int{}
		overlap  []string
	)
	var wg sync.WaitGroup
	for w := range workers {
		owner := fmt.Sprintf("w%d", w)
		wg.Add(1)
		go func() {
			defer wg.Done()
			idle := 0
			for idle < 20 {
				batch, err := s.Claim(ctx, owner, time.Now(), 4, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if len(batch) == 0 {
					idle++
					time.Sleep(5 * time.Millisecond)
					continue
				}
				idle = 0
				mu.Lock()
				for _, e := range batch {
					if h, ok := holder[e.Host]; ok && h != owner {
						overlap = append(overlap, fmt.Sprintf("%s held by %s and %s", e.Host, h, owner))
					}
					holder[e.Host] = owner
					inflight[e.Host+"\x00"+owner]++
					fetched[e.URL]++
				}
				mu.Unlock()
				time.Sleep(time.Millisecond)
				for _, e := range batch {
					mu.Lock()
					k := e.Host + "\x00" + owner
					inflight[k]--
					if inflight[k] == 0 && holder[e.Host] == owner {
						delete(holder, e.Host)
					}
					mu.Unlock()
					e.Fetches++
					e.NextFetch = time.Time{}
					if err := s.Complete(ctx, owner, e); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if len(overlap) > 0 {
		t.Errorf("%d overlaps, first: %s", len(overlap), overlap[0])
	}
	if len(fetched) != hosts*per {
		t.Errorf("%d URLs fetched, want %d", len(fetched), hosts*per)
	}
	for u, n := range fetched {
		if n != 1 {
			t.Errorf("%s fetched %d times", u, n)
		}
	}
}
