package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
)

func TestFrontier(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2025, 11, 17, 10, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }

	n, err := s.AddURLs(ctx, []marsad.FrontierEntry{
		{URL: "https://a.example/feed", Kind: marsad.KindFeed, SourceID: "a"},
		{URL: "https://a.example/x", Kind: marsad.KindPage, SourceID: "a", NextFetch: now.Add(time.Hour)},
		{URL: "https://b.example/y", Kind: marsad.KindPage, SourceID: "b"},
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
	// Leased entries are not claimed again until the lease expires.
	if again, _ := s.Claim(ctx, "w2", now.Add(30*time.Second), 10, time.Minute); len(again) != 0 {
		t.Errorf("w2 claimed %d leased entries", len(again))
	}
	expired, _ := s.Claim(ctx, "w2", now.Add(2*time.Minute), 10, time.Minute)
	if len(expired) != 2 {
		t.Fatalf("after expiry w2 claimed %d, want 2", len(expired))
	}
	// w1 lost its lease: completing fails.
	e := got[0]
	e.Fetches, e.NextFetch = 1, time.Time{}
	if err := s.Complete(ctx, "w1", e); !errors.Is(err, ErrLeaseLost) {
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
	if back.ETag != `"v1"` || !back.NextFetch.IsZero() || back.LeaseOwner != "" || back.Fetches != 1 {
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

func TestFrontierDumpRestore(t *testing.T) {
	ctx := context.Background()
	src, err := Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	now := time.Date(2025, 11, 17, 10, 0, 0, 0, time.UTC)
	if _, err := src.AddURLs(ctx, []marsad.FrontierEntry{
		{URL: "https://a.example/feed", Kind: marsad.KindFeed, SourceID: "a", NextFetch: now, Interval: time.Hour},
		{URL: "https://a.example/x", Kind: marsad.KindPage, SourceID: "a", NextFetch: now},
	}); err != nil {
		t.Fatal(err)
	}
	claimed, _ := src.Claim(ctx, "w", now, 1, time.Minute)
	e := claimed[0]
	e.ETag, e.Fetches, e.NextFetch = `"v9"`, 3, now.Add(2*time.Hour)
	if err := src.Complete(ctx, "w", e); err != nil {
		t.Fatal(err)
	}
	var all []marsad.FrontierEntry
	if err := src.FrontierEntries(ctx, func(e marsad.FrontierEntry) error { all = append(all, e); return nil }); err != nil {
		t.Fatal(err)
	}
	dst, err := Open(ctx, filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := dst.RestoreFrontier(ctx, all); err != nil {
		t.Fatal(err)
	}
	for _, want := range all {
		got, err := dst.FrontierEntry(ctx, want.URL)
		if err != nil {
			t.Fatal(err)
		}
		if got.ETag != want.ETag || got.Fetches != want.Fetches || !got.NextFetch.Equal(want.NextFetch) || got.Interval != want.Interval || got.Kind != want.Kind {
			t.Errorf("restored %+v, want %+v", got, want)
		}
	}
}
