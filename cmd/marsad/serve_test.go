package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/marsad-news/marsad/internal/demo"
	"github.com/marsad-news/marsad/web"
)

// TestServeArchive serves a small demo archive on a free port, checks a
// page, the API and the metrics, and stops it by ending the context.
func TestServeArchive(t *testing.T) {
	dir := t.TempDir()
	g := &globals{dataDir: dir, logger: slog.New(slog.DiscardHandler)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := openArchive(ctx, g, true, true)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := demo.Load(ctx, demo.Options{Store: a.store, Index: a.index, Processor: a.proc, Articles: 20}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serveArchive(ctx, g, a, serveFlags{addr: "127.0.0.1:0", searchRate: 100}, prometheus.NewRegistry(), &out, func(u string) { urls <- u })
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	for path, want := range map[string]string{"": `dir="rtl"`, "api/v1/stats": `"articles":21`, "metrics": "go_goroutines", "readyz": "ready", "api/v1/alerts": "", "api/v1/export?format=jsonl&limit=2": `"id"`} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("/%s: %d %.200s", path, resp.StatusCode, b)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(out.String(), "admin token (shown once") {
		t.Errorf("no admin token printed: %s", out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, web.AdminTokenFile)); err != nil {
		t.Errorf("admin token hash not stored: %v", err)
	}
	// The second start does not print a token again.
	_, _, err = web.LoadOrCreateAdminToken(dir)
	if err != nil {
		t.Fatal(err)
	}
	tok, _, _ := web.LoadOrCreateAdminToken(dir)
	if tok != "" {
		t.Error("a token was printed twice")
	}
}
