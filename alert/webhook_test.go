package alert

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/sqlite"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// receiver is a webhook endpoint that fails its first failures requests.
type receiver struct {
	mu       sync.Mutex
	secret   string
	failures int
	calls    int
	ok       []Payload
	ids      []string
	badSig   int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	r.ids = append(r.ids, req.Header.Get(DeliveryHeader))
	if !Verify(r.secret, body, req.Header.Get(SignatureHeader)) {
		r.badSig++
	}
	if r.calls <= r.failures {
		http.Error(w, "down", http.StatusInternalServerError)
		return
	}
	var p Payload
	if err := json.Unmarshal(body, &p); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	r.ok = append(r.ok, p)
}

func openStore(t *testing.T, path string) *sqlite.Store { return openStoreB(t, path) }

func openStoreB(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var seedArticle = &marsad.Article{
	ID: "seed1", URL: "https://example.org/a", Source: "سانا", Language: "ar", Published: "2025-11-17",
	Title: "وزير الدفاع يستقبل وفداً روسياً في دمشق",
	Text:  "التقى وزير الدفاع السوري الوفد الروسي في دمشق اليوم.",
}

// TestWebhookRetriesAcrossRestart: the receiver fails three times; the
// process restarts after the second failure and once in the middle of a
// delivery; the notification arrives exactly once, signed, with the same
// delivery ID on every attempt.
func TestWebhookRetriesAcrossRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	clk := &clock{t: time.Date(2025, 11, 17, 10, 0, 0, 0, time.UTC)}
	rcv := &receiver{failures: 3}
	srv := httptest.NewServer(rcv)
	defer srv.Close()

	st := openStore(t, path)
	svc := NewService(st, Options{AllowPrivate: true, Now: clk.Now})
	a, err := svc.Create(ctx, NewAlert{Name: "دفاع", Query: marsad.Query{Text: "وزير الدفاع"}, WebhookURL: srv.URL + "/hook"})
	if err != nil {
		t.Fatal(err)
	}
	rcv.mu.Lock()
	rcv.secret = a.Secret
	rcv.mu.Unlock()
	if n, err := svc.OnStored(ctx, seedArticle, &marsad.Article{ID: "other", Title: "طقس"}); err != nil || n != 1 {
		t.Fatalf("OnStored = %d, %v; want 1 match", n, err)
	}
	// Stored again (unchanged or revised): no second notification.
	if n, err := svc.OnStored(ctx, seedArticle); err != nil || n != 0 {
		t.Fatalf("OnStored again = %d, %v; want 0", n, err)
	}
	opts := DispatcherOptions{AllowPrivate: true, Now: clk.Now, BaseDelay: time.Second, MaxDelay: time.Minute, Lease: 30 * time.Second}
	d := NewDispatcher(st, opts)
	for range 2 {
		if _, err := d.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
	}
	st.Close() // restart

	st = openStore(t, path)
	// This process dies right after claiming (before posting).
	if c, err := st.ClaimDeliveries(ctx, "doomed", clk.Now(), 10, 30*time.Second); err != nil || len(c) != 1 {
		t.Fatalf("claim = %v, %v", c, err)
	}
	st.Close()

	st = openStore(t, path)
	defer st.Close()
	d = NewDispatcher(st, opts)
	if n, _ := d.RunOnce(ctx); n != 0 {
		t.Errorf("a leased delivery was claimed again before its lease expired")
	}
	for i := 0; i < 10; i++ {
		clk.Add(time.Minute)
		if _, err := d.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if rcv.calls != 4 || len(rcv.ok) != 1 {
		t.Fatalf("receiver got %d calls, %d accepted; want 4 and 1", rcv.calls, len(rcv.ok))
	}
	if rcv.badSig != 0 {
		t.Errorf("%d requests with a bad signature", rcv.badSig)
	}
	for _, id := range rcv.ids {
		if id != rcv.ids[0] || id == "" {
			t.Errorf("delivery IDs differ across retries: %v", rcv.ids)
			break
		}
	}
	p := rcv.ok[0]
	if p.Alert.ID != a.ID || p.Article.ID != "seed1" || p.Article.Title != seedArticle.Title || p.Event != "alert.match" {
		t.Errorf("payload = %+v", p)
	}
	ds, _ := st.Deliveries(ctx, a.ID, 10)
	if len(ds) != 1 || ds[0].State != marsad.DeliveryDelivered || ds[0].Attempts != 3 {
		t.Errorf("deliveries = %+v", ds)
	}
	es, _ := st.AlertEntries(ctx, a.ID, 0, 10)
	if len(es) != 1 || es[0].Article.ID != "seed1" || es[0].Summary == "" {
		t.Errorf("feed entries = %+v", es)
	}
}

func TestBackoffAndGiveUp(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	rcv := &receiver{failures: 1000}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	st := openStore(t, filepath.Join(t.TempDir(), "m.db"))
	defer st.Close()
	svc := NewService(st, Options{AllowPrivate: true, Now: clk.Now})
	a, err := svc.Create(ctx, NewAlert{Query: marsad.Query{Text: "دمشق"}, WebhookURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.OnStored(ctx, seedArticle); err != nil {
		t.Fatal(err)
	}
	d := NewDispatcher(st, DispatcherOptions{AllowPrivate: true, Now: clk.Now, BaseDelay: time.Second, MaxDelay: 8 * time.Second, MaxAttempts: 5})
	var waits []time.Duration
	for range 5 {
		if _, err := d.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		ds, _ := st.Deliveries(ctx, a.ID, 1)
		waits = append(waits, ds[0].NextAttempt.Sub(clk.Now()))
		clk.Add(ds[0].NextAttempt.Sub(clk.Now()))
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second}
	for i := range want {
		if waits[i] != want[i] {
			t.Errorf("waits = %v, want %v", waits, want)
			break
		}
	}
	ds, _ := st.Deliveries(ctx, a.ID, 1)
	if ds[0].State != marsad.DeliveryDead || ds[0].Attempts != 5 || !strings.Contains(ds[0].LastError, "500") {
		t.Errorf("after 5 failures: %+v", ds[0])
	}
	clk.Add(time.Hour)
	if n, _ := d.RunOnce(ctx); n != 0 {
		t.Errorf("a dead delivery was retried")
	}
}

func TestWebhookAddressGuard(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080/x", "http://localhost/x", "http://10.1.2.3/", "http://[::1]/", "http://169.254.169.254/latest", "http://100.64.0.1/", "ftp://example.org/", "https://user:pw@example.org/", "/relative"} {
		if err := CheckWebhookURL(u, false); err == nil {
			t.Errorf("CheckWebhookURL(%q) accepted", u)
		}
	}
	for _, u := range []string{"https://example.org/hook", "http://203.0.113.9:8080/x"} {
		if err := CheckWebhookURL(u, false); err != nil {
			t.Errorf("CheckWebhookURL(%q) = %v", u, err)
		}
	}
	if err := CheckWebhookURL("http://127.0.0.1/", true); err != nil {
		t.Errorf("AllowPrivate: %v", err)
	}

	// The dialer refuses private addresses whatever the URL says.
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	defer srv.Close()
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "m.db"))
	defer st.Close()
	// Stored directly (Create would refuse it): what a host name that
	// resolves, or rebinds, to a private address gives at dial time.
	a := &marsad.Alert{ID: "g", Query: marsad.Query{Text: "دمشق"}, WebhookURL: srv.URL, Secret: "k"}
	if err := st.PutAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := NewService(st, Options{}).OnStored(ctx, seedArticle); err != nil {
		t.Fatal(err)
	}
	d := NewDispatcher(st, DispatcherOptions{}) // no AllowPrivate
	if _, err := d.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	ds, _ := st.Deliveries(ctx, "g", 1)
	if hit || len(ds) != 1 || !strings.Contains(ds[0].LastError, ErrForbiddenAddress.Error()) {
		t.Errorf("guard: hit=%v deliveries=%+v", hit, ds)
	}
	if c := DialControl(false); c == nil || !errors.Is(c("tcp", "127.0.0.1:80", nil), ErrForbiddenAddress) || c("tcp", "8.8.8.8:443", nil) != nil {
		t.Error("DialControl rules")
	}
}

// TestServiceReloadsChangesOfOtherProcesses: an alert added through
// another store handle (another process, e.g. `marsad alerts add` beside
// `marsad run`) is matched after the reload interval.
func TestServiceReloadsChangesOfOtherProcesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	clk := &clock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	st1, st2 := openStore(t, path), openStore(t, path)
	defer st1.Close()
	defer st2.Close()
	ingest := NewService(st1, Options{Now: clk.Now, Reload: 2 * time.Second})
	if ids, _ := ingest.Match(ctx, seedArticle); len(ids) != 0 {
		t.Fatalf("no alerts yet, matched %v", ids)
	}
	cli := NewService(st2, Options{Now: clk.Now})
	a, err := cli.Create(ctx, NewAlert{Query: marsad.Query{Text: "دمشق"}})
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(3 * time.Second)
	if ids, _ := ingest.Match(ctx, seedArticle); len(ids) != 1 || ids[0] != a.ID {
		t.Errorf("after reload matched %v, want [%s]", ids, a.ID)
	}
	if err := cli.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	clk.Add(3 * time.Second)
	if ids, _ := ingest.Match(ctx, seedArticle); len(ids) != 0 {
		t.Errorf("deleted alert still matches: %v", ids)
	}
}

func TestCreateValidates(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "m.db"))
	defer st.Close()
	svc := NewService(st, Options{})
	for _, n := range []NewAlert{
		{},
		{Query: marsad.Query{Text: "x", From: "2025/01/01"}},
		{Query: marsad.Query{Text: strings.Repeat("كلمة ", 1000)}},
		{Query: marsad.Query{Text: "x"}, WebhookURL: "http://127.0.0.1/"},
		{Query: marsad.Query{Text: "x"}, Name: strings.Repeat("x", MaxNameBytes+1)},
	} {
		if _, err := svc.Create(ctx, n); err == nil {
			t.Errorf("Create(%+v) accepted", n)
		}
	}
	a, err := svc.Create(ctx, NewAlert{Query: marsad.Query{Text: "دمشق", Limit: 5, Sort: "new", Cursor: "c"}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "دمشق" || len(a.Secret) < 40 || len(a.ID) != 16 || a.Query.Limit != 0 || a.Query.Cursor != "" {
		t.Errorf("created %+v", a)
	}
}

func TestSignVerify(t *testing.T) {
	body := []byte(`{"a":1}`)
	sig := Sign("k", body)
	if !strings.HasPrefix(sig, "sha256=") || len(sig) != 7+64 {
		t.Fatalf("Sign = %q", sig)
	}
	if !Verify("k", body, sig) || Verify("k2", body, sig) || Verify("k", []byte(`{"a":2}`), sig) || Verify("k", body, "") {
		t.Error("Verify rules")
	}
}

func ExampleVerify() {
	// A receiver checks each POST before trusting it.
	handler := func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if !Verify("the alert's secret", body, r.Header.Get(SignatureHeader)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		// r.Header.Get(DeliveryHeader) identifies repeats.
	}
	_ = handler
}

// TestDispatcherRun: Run delivers as soon as the Service wakes it (not
// after its poll interval) and stops with its context.
func TestDispatcherRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	rcv := &receiver{secret: ""}
	got := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rcv.ServeHTTP(w, r)
		got <- struct{}{}
	}))
	defer srv.Close()
	st := openStore(t, filepath.Join(t.TempDir(), "m.db"))
	defer st.Close()
	d := NewDispatcher(st, DispatcherOptions{AllowPrivate: true, Poll: time.Hour})
	svc := NewService(st, Options{AllowPrivate: true, Wake: d.Wake})
	a, err := svc.Create(ctx, NewAlert{Query: marsad.Query{Text: "دمشق"}, WebhookURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	rcv.mu.Lock()
	rcv.secret = a.Secret
	rcv.mu.Unlock()
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	time.Sleep(50 * time.Millisecond) // Run is idle, waiting
	if _, err := svc.OnStored(ctx, seedArticle); err != nil {
		t.Fatal(err)
	}
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the woken dispatcher did not deliver")
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v", err)
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if rcv.badSig != 0 || len(rcv.ok) != 1 {
		t.Errorf("receiver: %d ok, %d bad signatures", len(rcv.ok), rcv.badSig)
	}
}
