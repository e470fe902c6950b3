package main

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestPct(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond} {
		if got := pct(lat, p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if pct(nil, 50) != 0 {
		t.Error("empty")
	}
}

// TestStep runs a short fixed-rate step against a test server.
func TestStep(t *testing.T) {
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%5 == 0 {
			http.Error(w, "no", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer ts.Close()
	r := step(ts.Client(), ts.URL, []string{"/a", "/b"}, 100, 200*time.Millisecond)
	if r.sent != 20 || r.ok+r.errors != 20 || r.errors != 4 || len(r.lat) != r.ok {
		t.Fatalf("step: %+v", r)
	}
	paths, err := targets(ts.Client(), ts.URL, "search-uncached", 0)
	if err != nil || len(paths) < 1000 || paths[0] == paths[len(queries)] {
		t.Fatalf("uncached targets: %d %v", len(paths), err)
	}
}
