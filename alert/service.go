package alert

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/internal/clip"
)

// Limits of an alert.
const (
	// MaxNameBytes is the longest alert name.
	MaxNameBytes = 200
	// MaxAlerts is the largest number of alerts a store may hold.
	MaxAlerts = 10000
	// SummaryRunes is the length of the lead kept with each match.
	SummaryRunes = 280
)

// ErrInvalid is returned (wrapped) for an alert that cannot be saved: a
// bad name or webhook URL (a bad query wraps search.ErrInvalidQuery).
var ErrInvalid = errors.New("invalid alert")

// Options configure a Service.
type Options struct {
	// AllowPrivate accepts webhook URLs on private addresses (tests, a
	// receiver on the operator's own network).
	AllowPrivate bool
	// Reload is how often Match and OnStored check whether another
	// process changed the alerts (default 2s; alerts changed through the
	// Service itself apply at once). CatchUp checks before each batch.
	Reload time.Duration
	// Wake is called after deliveries were enqueued (Dispatcher.Wake).
	Wake   func()
	Now    func() time.Time
	Logger *slog.Logger
}

// Service keeps alerts, matches stored articles against them and records
// the matches and webhook deliveries. It is safe for concurrent use.
type Service struct {
	store marsad.AlertStore
	opts  Options

	mu      sync.Mutex
	matcher *Matcher
	alerts  map[string]marsad.Alert
	version int64
	checked time.Time
}

// NewService returns a Service over st.
func NewService(st marsad.AlertStore, opts Options) *Service {
	if opts.Reload <= 0 {
		opts.Reload = 2 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, opts: opts}
}

// Store returns the alert store.
func (s *Service) Store() marsad.AlertStore { return s.store }

// NewAlert is what a user gives to create an alert.
type NewAlert struct {
	Name       string       `json:"name"`
	Query      marsad.Query `json:"query"`
	WebhookURL string       `json:"webhook_url,omitempty"`
}

// Create validates and saves a new alert with a fresh ID and webhook
// secret, and returns it with the Secret (shown to the user once).
func (s *Service) Create(ctx context.Context, n NewAlert) (*marsad.Alert, error) {
	n.Name = strings.TrimSpace(n.Name)
	n.WebhookURL = strings.TrimSpace(n.WebhookURL)
	if len(n.Name) > MaxNameBytes || !utf8.ValidString(n.Name) {
		return nil, fmt.Errorf("%w: name longer than %d bytes or not UTF-8", ErrInvalid, MaxNameBytes)
	}
	q := n.Query
	q.Sort, q.Limit, q.Cursor = "", 0, ""
	if err := Validate(q); err != nil {
		return nil, err
	}
	if strings.TrimSpace(q.Text) == "" && q.From == "" && q.To == "" && len(q.Sources)+len(q.Categories)+len(q.Languages)+len(q.Entities) == 0 {
		return nil, fmt.Errorf("%w: an alert needs words or filters", ErrInvalid)
	}
	if n.WebhookURL != "" {
		if err := CheckWebhookURL(n.WebhookURL, s.opts.AllowPrivate); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
	}
	if n.Name == "" {
		n.Name = clip.Bytes(q.Text, MaxNameBytes)
	}
	existing, err := s.store.Alerts(ctx)
	if err != nil {
		return nil, err
	}
	if len(existing) >= MaxAlerts {
		return nil, fmt.Errorf("%w: already %d alerts (limit %d)", ErrInvalid, len(existing), MaxAlerts)
	}
	a := &marsad.Alert{
		ID: randomHex(8), Name: n.Name, Query: q, WebhookURL: n.WebhookURL,
		Secret: randomSecret(), Created: s.opts.Now().UTC().Truncate(time.Millisecond),
	}
	if err := s.store.PutAlert(ctx, a); err != nil {
		return nil, err
	}
	s.invalidate()
	return a, nil
}

// Delete removes an alert (marsad.ErrNotFound when there is none).
func (s *Service) Delete(ctx context.Context, id string) error {
	if err := s.store.DeleteAlert(ctx, id); err != nil {
		return err
	}
	s.invalidate()
	return nil
}

func (s *Service) invalidate() {
	s.mu.Lock()
	s.matcher = nil
	s.mu.Unlock()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

func randomSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// current returns the matcher of the stored alerts, rebuilding it when
// they changed. The store's version is checked at most every Reload,
// or at once when fresh is set.
func (s *Service) current(ctx context.Context, fresh bool) (*Matcher, map[string]marsad.Alert, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	if s.matcher != nil && !fresh && now.Sub(s.checked) < s.opts.Reload {
		return s.matcher, s.alerts, nil
	}
	v, err := s.store.AlertsVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	s.checked = now
	if s.matcher != nil && v == s.version {
		return s.matcher, s.alerts, nil
	}
	list, err := s.store.Alerts(ctx)
	if err != nil {
		return nil, nil, err
	}
	m, err := NewMatcher(list)
	if err != nil {
		s.opts.Logger.Warn("alerts left out", "err", err)
	}
	s.matcher, s.version = m, v
	s.alerts = make(map[string]marsad.Alert, len(list))
	for _, a := range list {
		s.alerts[a.ID] = a
	}
	return s.matcher, s.alerts, nil
}

// Match returns the IDs of the stored alerts that a matches.
func (s *Service) Match(ctx context.Context, a *marsad.Article) ([]string, error) {
	m, _, err := s.current(ctx, false)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return m.Match(a), nil
}

// OnStored is the ingestion hook: call it after articles were stored
// (outcomes new and revised; unchanged ones are harmless). It matches
// each article against the alerts and records, in one transaction, the
// new matches and a webhook delivery for each new match of an alert
// with a webhook, then wakes the dispatcher. An article matched before
// by an alert is not recorded or notified again. It returns the number
// of new matches.
func (s *Service) OnStored(ctx context.Context, articles ...*marsad.Article) (int, error) {
	return s.onStored(ctx, false, articles)
}

// onStored is OnStored; fresh checks the stored alerts' version first.
func (s *Service) onStored(ctx context.Context, fresh bool, articles []*marsad.Article) (int, error) {
	m, alerts, err := s.current(ctx, fresh)
	if err != nil {
		return 0, fmt.Errorf("alerts: %w", err)
	}
	if m.Len() == 0 {
		return 0, nil
	}
	now := s.opts.Now().UTC()
	var matches []marsad.AlertMatch
	var deliveries []marsad.Delivery
	for _, a := range articles {
		if a == nil || a.ID == "" {
			continue
		}
		ids := m.Match(a)
		if len(ids) == 0 {
			continue
		}
		ref := marsad.ArticleRef{ID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, Published: a.Published}
		sum := summary(a.Text)
		for _, id := range ids {
			matches = append(matches, marsad.AlertMatch{AlertID: id, Article: ref, Summary: sum, Matched: now})
			al := alerts[id]
			if al.WebhookURL == "" {
				continue
			}
			var p Payload
			p.Event = "alert.match"
			p.Alert.ID, p.Alert.Name = al.ID, al.Name
			p.Article, p.Summary, p.Matched = ref, sum, now
			body, err := json.Marshal(p)
			if err != nil {
				return 0, fmt.Errorf("alerts: webhook body: %w", err)
			}
			deliveries = append(deliveries, marsad.Delivery{AlertID: id, ArticleID: a.ID, URL: al.WebhookURL, Body: body, NextAttempt: now})
		}
	}
	if len(matches) == 0 {
		return 0, nil
	}
	n, err := s.store.AddMatches(ctx, matches, deliveries)
	if err != nil {
		return 0, fmt.Errorf("alerts: %w", err)
	}
	if len(deliveries) > 0 && n > 0 && s.opts.Wake != nil {
		s.opts.Wake()
	}
	return n, nil
}

// summary is the first SummaryRunes of text on one line, cut at a word.
func summary(text string) string {
	text = strings.Join(strings.Fields(clip.Bytes(text, SummaryRunes*8)), " ")
	if utf8.RuneCountInString(text) <= SummaryRunes {
		return text
	}
	r := []rune(text)[:SummaryRunes]
	s := string(r)
	if i := strings.LastIndexByte(s, ' '); i > len(s)/2 {
		s = s[:i]
	}
	return s + "…"
}

// Changes is what CatchUp follows: the store's change log and its
// statistics (the sqlite and postgres Stores are one).
type Changes interface {
	marsad.ChangeSource
	Stats(ctx context.Context) (marsad.StoreStats, error)
}

// MatchLocker is implemented by alert stores that several processes share
// over a network (the postgres Store). CatchUp takes the lock for its
// round, so one process at a time follows the change log and the others
// skip the round; see "Several matchers" in the package documentation.
// Correctness does not depend on the lock, only efficiency.
type MatchLocker interface {
	// TryLockMatching returns a function releasing the lock when this
	// process may match now, or nil (and no error) when another process
	// holds it.
	TryLockMatching(ctx context.Context) (release func(), err error)
}

// CatchUpBatch is the number of stored changes CatchUp reads at once.
const CatchUpBatch = 200

// CatchUp matches the articles stored since the last call against the
// alerts, following the store's change log the way the search index does,
// and records the position durably (AlertsSeq), so articles stored by any
// process (ingest, crawler, workers) are matched once each even across
// crashes: an article matched but not yet recorded as passed is matched
// again after a restart, and the store records each match once.
//
// Matching starts at the end of the log when the first alert is saved
// (or at the first call, when there is none): alerts are for articles
// stored from then on, not for the archive's history. The alerts are
// reloaded, when another process changed them, after each batch of
// changes is read and before it is matched, so an alert saved anywhere
// before an article was stored is matched against it.
//
// When the store is a MatchLocker and another process holds the lock,
// CatchUp does nothing and returns 0. It returns the number of new
// matches.
func (s *Service) CatchUp(ctx context.Context, src Changes) (int, error) {
	if l, ok := s.store.(MatchLocker); ok {
		release, err := l.TryLockMatching(ctx)
		if err != nil {
			return 0, fmt.Errorf("alerts catch up: %w", err)
		}
		if release == nil {
			return 0, nil
		}
		defer release()
	}
	seq, err := s.store.AlertsSeq(ctx)
	if err != nil {
		return 0, fmt.Errorf("alerts catch up: %w", err)
	}
	if seq < 0 {
		st, err := src.Stats(ctx)
		if err != nil {
			return 0, fmt.Errorf("alerts catch up: %w", err)
		}
		return 0, s.store.SetAlertsSeq(ctx, st.LastSeq)
	}
	total := 0
	for {
		changes, err := src.Changes(ctx, seq, CatchUpBatch)
		if err != nil {
			return total, fmt.Errorf("alerts catch up: %w", err)
		}
		if len(changes) == 0 {
			return total, nil
		}
		arts := make([]*marsad.Article, 0, len(changes))
		for _, c := range changes {
			if !c.Deleted && c.Article != nil {
				arts = append(arts, c.Article)
			}
			seq = max(seq, c.Seq)
		}
		n, err := s.onStored(ctx, true, arts)
		if err != nil {
			return total, err
		}
		total += n
		if err := s.store.SetAlertsSeq(ctx, seq); err != nil {
			return total, fmt.Errorf("alerts catch up: %w", err)
		}
	}
}

// Follow calls CatchUp every interval until ctx ends, logging failures,
// and returns ctx's error. Run it beside the web server and the crawler
// (`marsad run`, `marsad serve`, `marsad worker`): no other wiring is
// needed for articles to be matched.
func (s *Service) Follow(ctx context.Context, src Changes, interval time.Duration) error {
	if interval <= 0 {
		interval = time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.CatchUp(ctx, src); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.opts.Logger.Warn("alerts: matching stored articles", "err", err)
		} else if n > 0 {
			s.opts.Logger.Info("alerts matched", "matches", n)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
