package marsad

import (
	"context"
	"time"
)

// Alert is a saved search: a Query (text and filters; Sort, Limit and
// Cursor are ignored) matched against every article as it is stored.
// Users follow an alert as an Atom feed and, when WebhookURL is set, as
// webhook POSTs signed with Secret.
type Alert struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Query is the saved search, in the syntax of a search.
	Query Query `json:"query"`
	// WebhookURL, when not empty, receives a POST for each new match.
	WebhookURL string `json:"webhook_url,omitempty"`
	// Secret is the HMAC-SHA256 key that signs webhook bodies. It is
	// shown once, when the alert is created, and never listed again (the
	// JSON of an Alert leaves it out).
	Secret  string    `json:"-"`
	Created time.Time `json:"created"`
}

// AlertMatch is one article matched by an alert: an entry of the alert's
// Atom feed. The article's reference data is copied at match time, so the
// feed reads one table.
type AlertMatch struct {
	// Seq orders the matches of the store (assigned by AddMatches); the
	// feed lists the highest first.
	Seq     int64      `json:"seq"`
	AlertID string     `json:"alert_id"`
	Article ArticleRef `json:"article"`
	// Summary is a short plain-text lead of the article.
	Summary string    `json:"summary,omitempty"`
	Matched time.Time `json:"matched"`
}

// Delivery states.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	// DeliveryDead is a delivery that failed too many times; it is kept
	// for inspection and never retried.
	DeliveryDead = "dead"
)

// Delivery is one webhook POST in the durable outbox.
type Delivery struct {
	ID        int64  `json:"id"`
	AlertID   string `json:"alert_id"`
	ArticleID string `json:"article_id"`
	URL       string `json:"url"`
	// Body is the JSON body to POST, fixed when the match is recorded.
	Body  []byte `json:"-"`
	State string `json:"state"`
	// Attempts counts the failed attempts so far.
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt"`
	LastError   string    `json:"last_error,omitempty"`
	Created     time.Time `json:"created"`
}

// AlertStore keeps alerts, their matches and the webhook outbox. The
// sqlite and postgres Stores implement it.
type AlertStore interface {
	// PutAlert adds or replaces an alert (by ID, which must be set).
	PutAlert(ctx context.Context, a *Alert) error
	// Alert returns one alert, with its Secret, or ErrNotFound.
	Alert(ctx context.Context, id string) (*Alert, error)
	// Alerts lists every alert, with their Secrets, oldest first.
	Alerts(ctx context.Context) ([]Alert, error)
	// DeleteAlert removes an alert with its matches and pending
	// deliveries, or returns ErrNotFound.
	DeleteAlert(ctx context.Context, id string) error
	// AlertsVersion is a number that changes whenever an alert is put or
	// deleted (by any process sharing the store), so a matcher knows
	// when to reload.
	AlertsVersion(ctx context.Context) (int64, error)

	// AlertsSeq returns the store change sequence number (marsad.Seq of
	// ChangeSource) up to which stored articles were matched against the
	// alerts, or -1 when matching never started.
	AlertsSeq(ctx context.Context) (int64, error)
	// SetAlertsSeq records that articles up to seq were matched.
	SetAlertsSeq(ctx context.Context, seq int64) error

	// AddMatches records matches and enqueues deliveries in one
	// transaction. A match already recorded (same alert and article) is
	// skipped, and so is a delivery whose match was already recorded
	// before the call: an article stored again (or revised) notifies
	// once. Matches of unknown alerts are skipped. It returns the number
	// of new matches.
	AddMatches(ctx context.Context, matches []AlertMatch, deliveries []Delivery) (int, error)
	// AlertEntries lists an alert's matches with Seq below beforeSeq (0:
	// from the newest), newest first, at most limit.
	AlertEntries(ctx context.Context, alertID string, beforeSeq int64, limit int) ([]AlertMatch, error)

	// ClaimDeliveries leases at most n pending deliveries due at now to
	// owner until now+lease, oldest due first. A lease that expired (a
	// dispatcher that died mid-delivery) frees the delivery again, so
	// delivery is at least once.
	ClaimDeliveries(ctx context.Context, owner string, now time.Time, n int, lease time.Duration) ([]Delivery, error)
	// MarkDelivered records a successful delivery.
	MarkDelivered(ctx context.Context, id int64) error
	// MarkFailed records a failed attempt: the delivery becomes due again
	// at next, or DeliveryDead when dead is set.
	MarkFailed(ctx context.Context, id int64, next time.Time, errMsg string, dead bool) error
	// Deliveries lists an alert's deliveries, newest first, at most limit.
	Deliveries(ctx context.Context, alertID string, limit int) ([]Delivery, error)
	// PruneDeliveries removes delivered and dead deliveries finished
	// before the given time, and returns how many were removed.
	PruneDeliveries(ctx context.Context, before time.Time) (int, error)
}
