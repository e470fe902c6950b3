package alert

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/internal/netguard"
)

// Webhook request headers.
const (
	// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the
	// body with the alert's secret. Check it with Verify.
	SignatureHeader = "X-Marsad-Signature-256"
	// DeliveryHeader carries the delivery's ID: the same on every retry,
	// so a receiver can drop repeats (delivery is at least once).
	DeliveryHeader = "X-Marsad-Delivery"
	// AlertHeader carries the alert's ID.
	AlertHeader = "X-Marsad-Alert"
	// EventHeader names the event ("alert.match").
	EventHeader = "X-Marsad-Event"
)

// Payload is the JSON body of a webhook POST.
type Payload struct {
	Event string `json:"event"`
	Alert struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"alert"`
	Article marsad.ArticleRef `json:"article"`
	Summary string            `json:"summary,omitempty"`
	Matched time.Time         `json:"matched"`
}

// Sign returns the SignatureHeader value of body for secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether header is the signature of body for secret, in
// constant time. Receivers use it.
func Verify(secret string, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(strings.TrimSpace(header)))
}

// ErrForbiddenAddress is returned (wrapped) when a webhook would reach an
// address outside the public internet, unless private addresses are
// allowed; the rule is the crawler's (package netguard).
var ErrForbiddenAddress = netguard.ErrForbiddenAddress

// DialControl returns the net.Dialer Control function of webhook clients:
// non-public addresses are refused unless allowPrivate.
func DialControl(allowPrivate bool) func(network, address string, c syscall.RawConn) error {
	return netguard.DialControl(allowPrivate, nil)
}

// MaxURLBytes is the longest webhook URL accepted.
const MaxURLBytes = 2048

// CheckWebhookURL refuses a webhook URL that is not an absolute http or
// https URL, carries credentials, or (unless allowPrivate) names a
// non-public IP address or localhost. Host names are checked again when
// dialing (DialControl).
func CheckWebhookURL(raw string, allowPrivate bool) error {
	if len(raw) > MaxURLBytes {
		return fmt.Errorf("webhook URL of %d bytes (limit %d)", len(raw), MaxURLBytes)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("webhook URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("webhook URL %q: want an absolute http or https URL", raw)
	}
	if u.User != nil {
		return fmt.Errorf("webhook URL: credentials in the URL are not accepted")
	}
	if allowPrivate {
		return nil
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return fmt.Errorf("webhook URL %q: %w", raw, ErrForbiddenAddress)
	}
	if ip, err := netip.ParseAddr(host); err == nil && !netguard.Public(ip) {
		return fmt.Errorf("webhook URL %q: %w", raw, ErrForbiddenAddress)
	}
	return nil
}

// NewClient returns the HTTP client webhooks are posted with: the address
// guard on every connection (unless allowPrivate), redirects not
// followed, timeout bounding each attempt.
func NewClient(allowPrivate bool, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: DialControl(allowPrivate)}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 nil, // a proxy would bypass the address guard
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       90 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Dispatcher defaults.
const (
	DefaultMaxAttempts = 12
	DefaultBaseDelay   = 30 * time.Second
	DefaultMaxDelay    = 6 * time.Hour
	DefaultLease       = time.Minute
	DefaultPoll        = 5 * time.Second
	DefaultTimeout     = 15 * time.Second
)

// DispatcherOptions configure a Dispatcher; zero values take the
// defaults above.
type DispatcherOptions struct {
	// Client posts the webhooks; nil: NewClient(AllowPrivate, Timeout).
	Client       *http.Client
	AllowPrivate bool
	Timeout      time.Duration
	// Owner names this dispatcher in leases (default "dispatcher-PID…").
	Owner string
	// MaxAttempts after which a delivery is given up (DeliveryDead).
	MaxAttempts int
	// BaseDelay is the wait after the first failure; it doubles with
	// each further failure, up to MaxDelay. A Retry-After header of a
	// 429 or 503 answer is honoured when longer (up to MaxDelay).
	BaseDelay, MaxDelay time.Duration
	// Lease is how long a claimed delivery is held; a dispatcher that dies
	// mid-delivery frees it after Lease.
	Lease time.Duration
	// Poll is how often Run looks for due deliveries when not woken.
	Poll time.Duration
	// Batch is the number of deliveries claimed at once (default 16).
	Batch int
	// Retention is how long delivered and dead deliveries are kept for
	// inspection (default 30 days); Run prunes older ones hourly.
	Retention time.Duration
	Now       func() time.Time
	Logger    *slog.Logger
}

// Dispatcher posts the outbox's deliveries: at least once, in the order
// they became due, retrying failures with exponential backoff. State is
// in the store only, so a restarted dispatcher continues where the last
// one stopped.
type Dispatcher struct {
	store marsad.AlertStore
	opts  DispatcherOptions
	wake  chan struct{}
}

// NewDispatcher returns a dispatcher of st's outbox.
func NewDispatcher(st marsad.AlertStore, opts DispatcherOptions) *Dispatcher {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Client == nil {
		opts.Client = NewClient(opts.AllowPrivate, opts.Timeout)
	}
	if opts.Owner == "" {
		opts.Owner = "dispatcher-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.BaseDelay <= 0 {
		opts.BaseDelay = DefaultBaseDelay
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = DefaultMaxDelay
	}
	if opts.Lease <= 0 {
		opts.Lease = DefaultLease
	}
	if opts.Poll <= 0 {
		opts.Poll = DefaultPoll
	}
	if opts.Batch <= 0 {
		opts.Batch = 16
	}
	if opts.Retention <= 0 {
		opts.Retention = 30 * 24 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Dispatcher{store: st, opts: opts, wake: make(chan struct{}, 1)}
}

// Wake makes Run look for due deliveries now (Service calls it after
// enqueueing). It never blocks.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers due webhooks until ctx ends, then returns ctx's error.
// It also prunes finished deliveries older than Retention, hourly.
func (d *Dispatcher) Run(ctx context.Context) error {
	t := time.NewTicker(d.opts.Poll)
	defer t.Stop()
	var pruned time.Time
	for {
		if now := d.opts.Now(); now.Sub(pruned) >= time.Hour {
			pruned = now
			if _, err := d.store.PruneDeliveries(ctx, now.Add(-d.opts.Retention)); err != nil && ctx.Err() == nil {
				d.opts.Logger.Warn("webhook outbox: pruning", "err", err)
			}
		}
		for {
			n, err := d.RunOnce(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				d.opts.Logger.Warn("webhook outbox", "err", err)
				break
			}
			if n < d.opts.Batch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-d.wake:
		}
	}
}

// RunOnce claims one batch of due deliveries and attempts each; it
// returns the number claimed.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	batch, err := d.store.ClaimDeliveries(ctx, d.opts.Owner, d.opts.Now(), d.opts.Batch, d.opts.Lease)
	if err != nil {
		return 0, fmt.Errorf("webhook outbox: %w", err)
	}
	secrets := map[string]string{}
	for _, del := range batch {
		if ctx.Err() != nil {
			return len(batch), ctx.Err() // the leases expire; nothing is lost
		}
		secret, ok := secrets[del.AlertID]
		if !ok {
			a, err := d.store.Alert(ctx, del.AlertID)
			if errors.Is(err, marsad.ErrNotFound) {
				continue // deleted with its deliveries meanwhile
			}
			if err != nil {
				return len(batch), fmt.Errorf("webhook outbox: %w", err)
			}
			secret = a.Secret
			secrets[del.AlertID] = secret
		}
		wait, perr := d.post(ctx, del, secret)
		if perr == nil {
			if err := d.store.MarkDelivered(ctx, del.ID); err != nil && !errors.Is(err, marsad.ErrNotFound) {
				return len(batch), fmt.Errorf("webhook outbox: %w", err)
			}
			continue
		}
		if ctx.Err() != nil {
			return len(batch), ctx.Err()
		}
		attempts := del.Attempts + 1
		dead := attempts >= d.opts.MaxAttempts
		delay := max(d.Backoff(attempts), min(wait, d.opts.MaxDelay))
		d.opts.Logger.Info("webhook delivery failed", "delivery", del.ID, "alert", del.AlertID,
			"attempt", attempts, "retry_in", delay, "given_up", dead, "err", perr)
		if err := d.store.MarkFailed(ctx, del.ID, d.opts.Now().Add(delay), perr.Error(), dead); err != nil && !errors.Is(err, marsad.ErrNotFound) {
			return len(batch), fmt.Errorf("webhook outbox: %w", err)
		}
	}
	return len(batch), nil
}

// Backoff returns the wait after the given number of failed attempts:
// BaseDelay doubled for each failure after the first, at most MaxDelay.
func (d *Dispatcher) Backoff(attempts int) time.Duration {
	delay := d.opts.BaseDelay
	for i := 1; i < attempts && delay < d.opts.MaxDelay; i++ {
		delay *= 2
	}
	return min(delay, d.opts.MaxDelay)
}

// maxResponseBytes of a receiver's answer are read (and dropped), so the
// connection can be reused.
const maxResponseBytes = 64 << 10

// post makes one attempt. On failure it returns the wait the receiver
// asked for with Retry-After (0 when none).
func (d *Dispatcher) post(ctx context.Context, del marsad.Delivery, secret string) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, del.URL, bytes.NewReader(del.Body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "marsad-webhook/1")
	req.Header.Set(SignatureHeader, Sign(secret, del.Body))
	req.Header.Set(DeliveryHeader, strconv.FormatInt(del.ID, 10))
	req.Header.Set(AlertHeader, del.AlertID)
	req.Header.Set(EventHeader, "alert.match")
	resp, err := d.opts.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBytes))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return 0, nil
	}
	var wait time.Duration
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		if s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && s > 0 {
			wait = time.Duration(s) * time.Second
		}
	}
	return wait, fmt.Errorf("webhook %s: status %s", del.URL, resp.Status)
}
