package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/store/registry"
)

// Identify fills in a.CanonicalURL (from a.URL) and a.ID (from the
// canonical URL, or from the whitespace-normalized text when there is no
// usable URL) when they are empty. It returns an error when the article
// has neither a URL nor any text.
func Identify(a *marsad.Article) error {
	if a.CanonicalURL == "" && a.URL != "" {
		if c, err := marsad.CanonicalURL(a.URL); err == nil {
			a.CanonicalURL = c
		}
	}
	if a.ID != "" {
		return nil
	}
	if a.CanonicalURL == "" && strings.TrimSpace(a.Text) == "" && strings.TrimSpace(a.Title) == "" {
		return errors.New("article has neither a URL nor text")
	}
	text := a.Text
	if strings.TrimSpace(text) == "" {
		text = a.Title
	}
	a.ID = marsad.ArticleID(a.CanonicalURL, strings.Join(strings.Fields(text), " "))
	return nil
}

// The write statements of PutArticles, prepared once per store.
const (
	qInsertChange  = `INSERT INTO changes (article_id, kind, at) VALUES (?, 'put', ?)`
	qInsertArticle = `INSERT INTO articles (id, url, canonical_url, source, credit, language, encoding,
			title, category, published, modified, authors, image, revision, seq, hash, first_stored, last_stored)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qUpdateArticle = `UPDATE articles SET url = ?, canonical_url = ?, source = ?, credit = ?,
			language = ?, encoding = ?, title = ?, category = ?, published = ?, modified = ?, authors = ?,
			image = ?, revision = ?, seq = ?, hash = ?, last_stored = ? WHERE id = ?`
	qInsertRevision = `INSERT INTO revisions (article_id, number, seq, hash, stored, doc) VALUES (?, ?, ?, ?, ?, ?)`
	qInsertRawPage  = `INSERT INTO raw_pages (seq, content_type, body, warc_file, warc_offset, fetched)
			VALUES (?, ?, ?, ?, ?, ?)`
	qInsertArticleEntity = `INSERT OR IGNORE INTO article_entities (article_id, key, name, type, roles, mentions)
			VALUES (?, ?, ?, ?, ?, ?)`
	qInsertMention = `INSERT OR IGNORE INTO mentions (article_id, key, start, "end", text)
				VALUES (?, ?, ?, ?, ?)`
	qInsertQuote = `INSERT INTO quotes (article_id, n, speaker, speaker_type, text, kind, start, "end")
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertDate = `INSERT INTO dates (article_id, n, text, start, "end", value, granularity, until)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertEvent = `INSERT INTO events (article_id, n, type, participants, place, date)
			VALUES (?, ?, ?, ?, ?, ?)`
	qUpsertEntity = `INSERT INTO entities (key, type, name, folded, skeleton) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET
			name = CASE WHEN length(excluded.name) > length(entities.name) THEN excluded.name ELSE entities.name END,
			type = CASE WHEN entities.type = '' THEN excluded.type ELSE entities.type END`
	qVariantKey       = `SELECT key FROM entity_variants WHERE variant = ?`
	qEntityExists     = `SELECT 1 FROM entities WHERE key = ?`
	qEntityBySkeleton = `SELECT key FROM entities WHERE skeleton = ? AND type = ? ORDER BY rowid LIMIT 1`
	qInsertVariant    = `INSERT OR IGNORE INTO entity_variants (variant, key) VALUES (?, ?)`
	qUpsertAlias      = `INSERT INTO entity_aliases (key, alias, folded, skeleton, count) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (key, alias) DO UPDATE SET count = count + excluded.count`
	qUpsertRole = `INSERT INTO entity_roles (key, role, source, count) VALUES (?, ?, ?, ?)
			ON CONFLICT (key, role, source) DO UPDATE SET count = count + excluded.count`
)

// analysisTables hold the analysis rows of an article's current revision.
var analysisTables = []string{"article_entities", "mentions", "quotes", "dates", "events"}

// hotQueries are prepared at Open.
var hotQueries = func() []string {
	q := []string{`SELECT revision, seq, hash FROM articles WHERE id = ?`, qInsertChange, qInsertArticle, qUpdateArticle, qInsertRevision, qInsertRawPage, qInsertArticleEntity, qInsertMention, qInsertQuote, qInsertDate, qInsertEvent, qUpsertEntity, qUpsertAlias, qUpsertRole, qVariantKey, qEntityExists, qEntityBySkeleton, qInsertVariant}
	for _, t := range analysisTables {
		q = append(q, "DELETE FROM "+t+" WHERE article_id = ?")
	}
	return q
}()

// PutArticle implements marsad.Store.
func (s *Store) PutArticle(ctx context.Context, a *marsad.Article, raw *marsad.RawPage) (marsad.PutResult, error) {
	res, err := s.PutArticles(ctx, []marsad.PutItem{{Article: a, Raw: raw}})
	if err != nil {
		return marsad.PutResult{}, err
	}
	return res[0], nil
}

// PutArticles implements marsad.Store.
func (s *Store) PutArticles(ctx context.Context, items []marsad.PutItem) ([]marsad.PutResult, error) {
	if len(items) == 0 {
		return nil, nil
	}
	for i, it := range items {
		if it.Article == nil {
			return nil, fmt.Errorf("put article %d: nil article", i)
		}
		if err := Identify(it.Article); err != nil {
			return nil, fmt.Errorf("put article %d: %w", i, err)
		}
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("put articles: begin: %w", err)
	}
	defer tx.Rollback()
	results := make([]marsad.PutResult, len(items))
	reg := registry.NewBatch()
	for i, it := range items {
		r, err := s.put(ctx, tx, reg, it.Article, it.Raw)
		if err != nil {
			return nil, fmt.Errorf("put article %s: %w", it.Article.ID, err)
		}
		results[i] = r
	}
	if err := s.writeRegistry(ctx, tx, reg); err != nil {
		return nil, fmt.Errorf("put articles: entity registry: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("put articles: commit: %w", err)
	}
	return results, nil
}

func (s *Store) put(ctx context.Context, tx *sql.Tx, reg *registry.Batch, a *marsad.Article, raw *marsad.RawPage) (marsad.PutResult, error) {
	res := marsad.PutResult{ID: a.ID}
	hash, doc, err := marsad.ContentHash(a)
	if err != nil {
		return res, fmt.Errorf("encode: %w", err)
	}
	var (
		oldRev  int
		oldSeq  int64
		oldHash string
	)
	err = tx.QueryRowContext(ctx, `SELECT revision, seq, hash FROM articles WHERE id = ?`, a.ID).Scan(&oldRev, &oldSeq, &oldHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res.Outcome = marsad.OutcomeNew
		res.Revision = 1
	case err != nil:
		return res, err
	case oldHash == hash:
		res.Outcome = marsad.OutcomeUnchanged
		res.Revision = oldRev
		res.Seq = oldSeq
		return res, nil
	default:
		res.Outcome = marsad.OutcomeRevised
		res.Revision = oldRev + 1
	}
	now := timeString(s.now())
	r, err := s.exec(ctx, tx, qInsertChange, a.ID, now)
	if err != nil {
		return res, fmt.Errorf("change log: %w", err)
	}
	if res.Seq, err = r.LastInsertId(); err != nil {
		return res, err
	}
	authors, _ := json.Marshal(nonNil(a.Authors))
	if res.Outcome == marsad.OutcomeNew {
		_, err = s.exec(ctx, tx, qInsertArticle,
			a.ID, a.URL, a.CanonicalURL, a.Source, a.Credit, a.Language, a.Encoding,
			a.Title, a.Category, a.Published, a.Modified, string(authors), a.Image,
			res.Revision, res.Seq, hash, now, now)
	} else {
		_, err = s.exec(ctx, tx, qUpdateArticle,
			a.URL, a.CanonicalURL, a.Source, a.Credit, a.Language, a.Encoding, a.Title, a.Category,
			a.Published, a.Modified, string(authors), a.Image, res.Revision, res.Seq, hash, now, a.ID)
	}
	if err != nil {
		return res, fmt.Errorf("article row: %w", err)
	}
	if _, err := s.exec(ctx, tx, qInsertRevision,
		a.ID, res.Revision, res.Seq, hash, now, s.doc.Compress(doc)); err != nil {
		return res, fmt.Errorf("revision: %w", err)
	}
	if raw != nil && (len(raw.Body) > 0 || raw.WARCFile != "") {
		var body []byte
		if len(raw.Body) > 0 {
			body = s.doc.Compress(raw.Body)
		}
		if _, err := s.exec(ctx, tx, qInsertRawPage, res.Seq, raw.ContentType, body, raw.WARCFile, raw.WARCOffset, timeString(raw.Fetched)); err != nil {
			return res, fmt.Errorf("raw page: %w", err)
		}
	}
	if err := s.putAnalysis(ctx, tx, reg, a, res.Outcome == marsad.OutcomeRevised); err != nil {
		return res, err
	}
	return res, nil
}

// putAnalysis replaces the entity, mention, quote, date and event rows of
// the article's current revision and feeds the entity registry.
func (s *Store) putAnalysis(ctx context.Context, tx *sql.Tx, reg *registry.Batch, a *marsad.Article, replace bool) error {
	if replace {
		for _, t := range analysisTables {
			if _, err := s.exec(ctx, tx, "DELETE FROM "+t+" WHERE article_id = ?", a.ID); err != nil {
				return fmt.Errorf("clear %s: %w", t, err)
			}
		}
	}
	seen := map[string]bool{}
	for _, e := range a.Entities {
		key := registry.Key(&e)
		if key == "" {
			continue
		}
		key, err := reg.Resolve(ctx, txLookup{s, tx}, key, e.Type)
		if err != nil {
			return fmt.Errorf("entity %q: %w", e.Key, err)
		}
		reg.Add(key, &e, a.Source)
		if !seen[key] {
			// Two spelling variants in one article are one entity.
			seen[key] = true
			roles, _ := json.Marshal(nonNil(e.Roles))
			if _, err := s.exec(ctx, tx, qInsertArticleEntity, a.ID, key, e.Name, e.Type, string(roles), len(e.Mentions)); err != nil {
				return fmt.Errorf("article entity %q: %w", key, err)
			}
		}
		for _, m := range e.Mentions {
			if _, err := s.exec(ctx, tx, qInsertMention, a.ID, key, m.Start, m.End, m.Text); err != nil {
				return fmt.Errorf("mention: %w", err)
			}
		}
	}
	for i, q := range a.Quotes {
		if _, err := s.exec(ctx, tx, qInsertQuote, a.ID, i, q.Speaker, q.SpeakerType, q.Text, q.Kind, q.Start, q.End); err != nil {
			return fmt.Errorf("quote: %w", err)
		}
	}
	for i, d := range a.Dates {
		if _, err := s.exec(ctx, tx, qInsertDate, a.ID, i, d.Text, d.Start, d.End, d.Value, d.Granularity, d.Until); err != nil {
			return fmt.Errorf("date: %w", err)
		}
	}
	for i, ev := range a.Events {
		parts, _ := json.Marshal(nonNil(ev.Participants))
		if _, err := s.exec(ctx, tx, qInsertEvent, a.ID, i, ev.Type, string(parts), ev.Place, ev.Date); err != nil {
			return fmt.Errorf("event: %w", err)
		}
	}
	return nil
}

// txLookup answers the stored-registry questions of a registry.Batch
// inside tx.
type txLookup struct {
	s  *Store
	tx *sql.Tx
}

// VariantKey implements registry.Lookup.
func (l txLookup) VariantKey(ctx context.Context, variant string) (string, bool, error) {
	return l.scanKey(ctx, qVariantKey, variant)
}

// EntityExists implements registry.Lookup.
func (l txLookup) EntityExists(ctx context.Context, key string) (bool, error) {
	var one int
	err := l.s.queryRow(ctx, l.tx, qEntityExists, key).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// KeyBySkeleton implements registry.Lookup.
func (l txLookup) KeyBySkeleton(ctx context.Context, skeleton, typ string) (string, bool, error) {
	return l.scanKey(ctx, qEntityBySkeleton, skeleton, typ)
}

func (l txLookup) scanKey(ctx context.Context, q string, args ...any) (string, bool, error) {
	var c string
	err := l.s.queryRow(ctx, l.tx, q, args...).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return c, err == nil, err
}

// writeRegistry upserts the registry rows collected in reg in tx.
func (s *Store) writeRegistry(ctx context.Context, tx *sql.Tx, reg *registry.Batch) error {
	for _, e := range reg.Entries() {
		if _, err := s.exec(ctx, tx, qUpsertEntity, e.Key, e.Type, e.Name, registry.Fold(e.Key), registry.Skeleton(e.Key)); err != nil {
			return err
		}
	}
	for _, v := range reg.Variants() {
		if _, err := s.exec(ctx, tx, qInsertVariant, v.Variant, v.Key); err != nil {
			return err
		}
	}
	for _, a := range reg.Aliases() {
		if _, err := s.exec(ctx, tx, qUpsertAlias, a.Key, a.Alias, registry.Fold(a.Alias), registry.Skeleton(a.Alias), a.Count); err != nil {
			return err
		}
	}
	for _, r := range reg.Roles() {
		if _, err := s.exec(ctx, tx, qUpsertRole, r.Key, r.Role, r.Source, r.Count); err != nil {
			return err
		}
	}
	return nil
}

// Article implements marsad.Store.
func (s *Store) Article(ctx context.Context, id string) (*marsad.Article, error) {
	var doc []byte
	err := s.r.QueryRowContext(ctx, `SELECT r.doc FROM articles a JOIN revisions r ON r.seq = a.seq WHERE a.id = ?`, id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	return s.doc.DecodeArticle(doc)
}

// ArticleByURL implements marsad.Store.
func (s *Store) ArticleByURL(ctx context.Context, rawURL string) (*marsad.Article, error) {
	c, err := marsad.CanonicalURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("article by url: %w", err)
	}
	var id string
	err = s.r.QueryRowContext(ctx, `SELECT id FROM articles WHERE canonical_url = ? ORDER BY first_stored LIMIT 1`, c).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		id = marsad.ArticleID(c, "")
	} else if err != nil {
		return nil, fmt.Errorf("article by url: %w", err)
	}
	return s.Article(ctx, id)
}

// Revisions implements marsad.Store.
func (s *Store) Revisions(ctx context.Context, id string) ([]marsad.Revision, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT number, seq, hash, stored, doc FROM revisions WHERE article_id = ? ORDER BY number`, id)
	if err != nil {
		return nil, fmt.Errorf("revisions %s: %w", id, err)
	}
	defer rows.Close()
	var out []marsad.Revision
	for rows.Next() {
		rev := marsad.Revision{ArticleID: id}
		var stored string
		var doc []byte
		if err := rows.Scan(&rev.Number, &rev.Seq, &rev.Hash, &stored, &doc); err != nil {
			return nil, fmt.Errorf("revisions %s: %w", id, err)
		}
		rev.Stored = parseTime(stored)
		if rev.Article, err = s.doc.DecodeArticle(doc); err != nil {
			return nil, fmt.Errorf("revisions %s: %w", id, err)
		}
		out = append(out, rev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("revisions %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("revisions %s: %w", id, marsad.ErrNotFound)
	}
	return out, nil
}

// RawPage implements marsad.Store.
func (s *Store) RawPage(ctx context.Context, id string) (*marsad.RawPage, error) {
	var (
		p       marsad.RawPage
		body    []byte
		fetched string
	)
	err := s.r.QueryRowContext(ctx, `SELECT p.content_type, p.body, p.warc_file, p.warc_offset, p.fetched
		FROM articles a JOIN raw_pages p ON p.seq = a.seq WHERE a.id = ?`, id).
		Scan(&p.ContentType, &body, &p.WARCFile, &p.WARCOffset, &fetched)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("raw page %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("raw page %s: %w", id, err)
	}
	if len(body) > 0 {
		if p.Body, err = s.doc.Decompress(body); err != nil {
			return nil, fmt.Errorf("raw page %s: %w", id, err)
		}
	}
	p.Fetched = parseTime(fetched)
	return &p, nil
}

// DeleteArticle implements marsad.Store.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete article %s: %w", id, err)
	}
	defer tx.Rollback()
	r, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete article %s: %w", id, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return fmt.Errorf("delete article %s: %w", id, marsad.ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO changes (article_id, kind, at) VALUES (?, 'delete', ?)`, id, timeString(s.now())); err != nil {
		return fmt.Errorf("delete article %s: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete article %s: %w", id, err)
	}
	return nil
}

// Changes implements marsad.ChangeSource.
func (s *Store) Changes(ctx context.Context, afterSeq int64, limit int) ([]marsad.ChangedArticle, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.r.QueryContext(ctx, `SELECT c.seq, c.article_id, c.kind, r.doc
		FROM changes c
		LEFT JOIN articles a ON a.id = c.article_id
		LEFT JOIN revisions r ON r.seq = c.seq
		WHERE c.seq > ? AND (c.kind = 'delete' OR a.seq = c.seq)
		ORDER BY c.seq LIMIT ?`, afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("changes after %d: %w", afterSeq, err)
	}
	defer rows.Close()
	var out []marsad.ChangedArticle
	for rows.Next() {
		var (
			ch   marsad.ChangedArticle
			id   string
			kind string
			doc  []byte
		)
		if err := rows.Scan(&ch.Seq, &id, &kind, &doc); err != nil {
			return nil, fmt.Errorf("changes after %d: %w", afterSeq, err)
		}
		if kind == "delete" {
			ch.Deleted = true
			ch.Article = &marsad.Article{ID: id}
		} else if ch.Article, err = s.doc.DecodeArticle(doc); err != nil {
			return nil, fmt.Errorf("changes after %d: seq %d: %w", afterSeq, ch.Seq, err)
		}
		out = append(out, ch)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("changes after %d: %w", afterSeq, err)
	}
	return out, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
