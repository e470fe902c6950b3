package marsad

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by a Store when the requested record does not
// exist. Test for it with errors.Is.
var ErrNotFound = errors.New("not found")

// Outcome says what storing an article changed.
type Outcome string

// Outcomes of Store.PutArticle.
const (
	// OutcomeNew: the article was not in the archive before.
	OutcomeNew Outcome = "new"
	// OutcomeUnchanged: the archive already held exactly this content;
	// nothing was written.
	OutcomeUnchanged Outcome = "unchanged"
	// OutcomeRevised: the article (same identity) had different content;
	// a new revision was stored and the old one kept.
	OutcomeRevised Outcome = "revised"
)

// PutResult is the result of storing one article.
type PutResult struct {
	// ID is the article's identity (Article.ID, computed if it was empty).
	ID      string  `json:"id"`
	Outcome Outcome `json:"outcome"`
	// Revision is the article's revision number after the call, 1 for the
	// first version.
	Revision int `json:"revision"`
	// Seq is the change sequence number of the stored revision; for
	// OutcomeUnchanged it is the sequence number of the current revision.
	Seq int64 `json:"seq"`
}

// RawPage is the page an article was extracted from. The store keeps the
// body compressed, or only a pointer to a WARC record when the page is
// archived there (then Body may be empty).
type RawPage struct {
	// ContentType is the media type of Body, e.g. "text/html; charset=utf-8".
	ContentType string
	Body        []byte
	// WARCFile and WARCOffset point to the WARC record holding the page,
	// when there is one (relative to the data folder's warc/ directory).
	WARCFile   string
	WARCOffset int64
	// Fetched is when the page was retrieved; zero when unknown.
	Fetched time.Time
}

// PutItem is one article to store, with the page it came from (Raw may
// be nil).
type PutItem struct {
	Article *Article
	Raw     *RawPage
}

// ChangedArticle is one stored revision in change order, as read by a
// derived index catching up with the store.
type ChangedArticle struct {
	// Seq is the revision's change sequence number: strictly increasing in
	// commit order, never reused.
	Seq     int64
	Article *Article
	// Deleted reports that the article was removed from the store; Article
	// then holds only its ID and the index should drop it.
	Deleted bool
}

// ChangeSource is what a derived index (the search index) reads to catch up
// with the store: every stored revision with a sequence number greater than
// afterSeq, in increasing Seq order, at most limit of them. An empty result
// means the caller is up to date. Only the current revision of each article
// is returned: when an article was revised after afterSeq, its older
// revisions are skipped.
type ChangeSource interface {
	Changes(ctx context.Context, afterSeq int64, limit int) ([]ChangedArticle, error)
}

// Revision is one stored version of an article.
type Revision struct {
	ArticleID string    `json:"article_id"`
	Number    int       `json:"number"`
	Seq       int64     `json:"seq"`
	Stored    time.Time `json:"stored"`
	// Hash is the hex SHA-256 of the article's content (text, title and
	// metadata) that decides whether a page changed.
	Hash    string   `json:"hash"`
	Article *Article `json:"article"`
}

// RegistryEntity is one referent in the archive-wide entity registry: all
// articles that name it, under whatever spelling, share its Key.
type RegistryEntity struct {
	Key  string `json:"key"`
	Type string `json:"type"`
	// Name is the display name: the fullest form seen most often.
	Name string `json:"name"`
	// Aliases are the other surface forms and spelling variants seen.
	Aliases []string `json:"aliases,omitempty"`
	// Keys are the entity keys (Entity.Key as the analyzer gave them in
	// articles) merged into this entry: Key first, then the keys of
	// spelling variants. Filter on all of them to find every article.
	Keys []string `json:"keys"`
	// Roles are the titles seen with this entity, and the outlets that
	// used each.
	Roles []EntityRole `json:"roles,omitempty"`
	// Articles is the number of articles naming the entity.
	Articles int `json:"articles"`
}

// EntityRole is a title seen with an entity and where it was seen.
type EntityRole struct {
	Role    string   `json:"role"`
	Sources []string `json:"sources,omitempty"`
	Count   int      `json:"count"`
}

// ArticleRef is a short reference to a stored article, as listed by
// lookups that return many articles.
type ArticleRef struct {
	ID        string `json:"id"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title"`
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"`
}

// IngestRecord is one line of the ingestion log: what happened to one
// input item.
type IngestRecord struct {
	Time time.Time `json:"time"`
	// Input names the item: a file path, "file.jsonl:12", a WARC record.
	Input     string  `json:"input"`
	ArticleID string  `json:"article_id,omitempty"`
	Outcome   Outcome `json:"outcome,omitempty"`
	// Error is the reason the item failed; empty on success.
	Error string `json:"error,omitempty"`
}

// StoreStats are counts over the whole archive.
type StoreStats struct {
	Articles  int64 `json:"articles"`
	Revisions int64 `json:"revisions"`
	Entities  int64 `json:"entities"`
	Sources   int64 `json:"sources"`
	Stories   int64 `json:"stories"`
	LastSeq   int64 `json:"last_seq"`
}

// Store is the archive, the source of truth: articles with their
// revisions, the entity registry, sources, stories and the ingestion log.
// Implementations (sqlite, postgres) are safe for concurrent use and pass
// the suite in store/storetest.
type Store interface {
	ChangeSource

	// PutArticle stores a, computing a.CanonicalURL and a.ID (from the
	// canonical URL, or the whitespace-normalized text) when empty. Storing
	// identical content again (the URL may differ, e.g. by tracking
	// parameters) is OutcomeUnchanged and writes nothing; different
	// content under the same ID becomes a new revision (OutcomeRevised)
	// and the old one is kept. Content is every Article field but ID and
	// URL, analysis included. raw may be nil.
	PutArticle(ctx context.Context, a *Article, raw *RawPage) (PutResult, error)
	// PutArticles stores several articles in one transaction (faster for
	// bulk ingestion); either all are stored or none. Results are in the
	// order of items.
	PutArticles(ctx context.Context, items []PutItem) ([]PutResult, error)
	// Article returns the current revision of an article, or ErrNotFound.
	Article(ctx context.Context, id string) (*Article, error)
	// ArticleByURL finds an article by any URL (canonicalized first).
	ArticleByURL(ctx context.Context, url string) (*Article, error)
	// Revisions returns every stored revision of an article, oldest first.
	Revisions(ctx context.Context, id string) ([]Revision, error)
	// RawPage returns the page the current revision was extracted from,
	// or ErrNotFound when none was kept.
	RawPage(ctx context.Context, id string) (*RawPage, error)
	// DeleteArticle removes an article with all its revisions, or returns
	// ErrNotFound. The deletion is a change: Changes returns it with
	// Deleted set.
	DeleteArticle(ctx context.Context, id string) error

	// ArticlesByEntity lists the articles naming the entity with this
	// registry key, newest first, at most limit.
	ArticlesByEntity(ctx context.Context, key string, limit int) ([]ArticleRef, error)
	// Entity returns one registry entry, or ErrNotFound.
	Entity(ctx context.Context, key string) (*RegistryEntity, error)
	// FindEntities returns registry entries whose key, display name or an
	// alias equals name after Arabic-insensitive folding, most-named first.
	FindEntities(ctx context.Context, name string, limit int) ([]RegistryEntity, error)

	// PutSource adds or replaces a source (by ID; an empty ID is derived
	// from HomeURL).
	PutSource(ctx context.Context, s *Source) error
	// Source returns one source, or ErrNotFound.
	Source(ctx context.Context, id string) (*Source, error)
	// Sources lists all sources by name.
	Sources(ctx context.Context) ([]Source, error)
	// DeleteSource removes a source (its articles stay), or ErrNotFound.
	DeleteSource(ctx context.Context, id string) error

	// PutStory adds or replaces a story and its membership (Articles,
	// with DuplicateOf); articles not stored are ignored. An article
	// belongs to one story: it moves from its previous story, and a story
	// left without articles is removed.
	PutStory(ctx context.Context, s *Story) error
	// Story returns one story with its articles in publication order.
	Story(ctx context.Context, id string) (*Story, error)
	// Stories lists at most limit stories, most recently active first,
	// without their Articles.
	Stories(ctx context.Context, limit int) ([]Story, error)
	// StoryOf returns the story an article belongs to, or ErrNotFound.
	StoryOf(ctx context.Context, articleID string) (*Story, error)

	// LogIngest appends records to the ingestion log.
	LogIngest(ctx context.Context, recs ...IngestRecord) error
	// IngestLog returns the latest log records, newest first.
	IngestLog(ctx context.Context, limit int) ([]IngestRecord, error)

	// Stats counts what the archive holds.
	Stats(ctx context.Context) (StoreStats, error)
	// Close releases the store.
	Close() error
}
