package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/store/registry"
	"github.com/marsad-news/marsad/store/sources"
)

// txLookup answers the stored-registry questions of a registry.Batch
// inside tx.
type txLookup struct{ tx pgx.Tx }

// VariantKey implements registry.Lookup.
func (l txLookup) VariantKey(ctx context.Context, variant string) (string, bool, error) {
	return l.scanKey(ctx, `SELECT key FROM entity_variants WHERE variant = $1`, variant)
}

// EntityExists implements registry.Lookup.
func (l txLookup) EntityExists(ctx context.Context, key string) (bool, error) {
	var one int
	err := l.tx.QueryRow(ctx, `SELECT 1 FROM entities WHERE key = $1`, key).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// KeyBySkeleton implements registry.Lookup.
func (l txLookup) KeyBySkeleton(ctx context.Context, skeleton, typ string) (string, bool, error) {
	return l.scanKey(ctx, `SELECT key FROM entities WHERE skeleton = $1 AND type = $2 ORDER BY added LIMIT 1`, skeleton, typ)
}

func (l txLookup) scanKey(ctx context.Context, q string, args ...any) (string, bool, error) {
	var c string
	err := l.tx.QueryRow(ctx, q, args...).Scan(&c)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	return c, err == nil, err
}

// writeRegistry upserts the registry rows collected in reg in tx, in a
// deterministic order.
func writeRegistry(ctx context.Context, tx pgx.Tx, reg *registry.Batch) error {
	b := &pgx.Batch{}
	for _, e := range reg.Entries() {
		b.Queue(`INSERT INTO entities (key, type, name, folded, skeleton) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (key) DO UPDATE SET
				name = CASE WHEN length(excluded.name) > length(entities.name) THEN excluded.name ELSE entities.name END,
				type = CASE WHEN entities.type = '' THEN excluded.type ELSE entities.type END`,
			e.Key, e.Type, e.Name, registry.Fold(e.Key), registry.Skeleton(e.Key))
	}
	for _, v := range reg.Variants() {
		b.Queue(`INSERT INTO entity_variants (variant, key) VALUES ($1, $2) ON CONFLICT DO NOTHING`, v.Variant, v.Key)
	}
	for _, a := range reg.Aliases() {
		b.Queue(`INSERT INTO entity_aliases (key, alias, folded, skeleton, count) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (key, alias) DO UPDATE SET count = entity_aliases.count + excluded.count`,
			a.Key, a.Alias, registry.Fold(a.Alias), registry.Skeleton(a.Alias), a.Count)
	}
	for _, r := range reg.Roles() {
		b.Queue(`INSERT INTO entity_roles (key, role, source, count) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key, role, source) DO UPDATE SET count = entity_roles.count + excluded.count`,
			r.Key, r.Role, r.Source, r.Count)
	}
	if b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, b).Close()
}

// canonical returns the registry key for key: the key a spelling variant
// was merged into, or key itself.
func (s *Store) canonical(ctx context.Context, key string) (string, error) {
	var c string
	err := s.pool.QueryRow(ctx, `SELECT key FROM entity_variants WHERE variant = $1`, key).Scan(&c)
	if errors.Is(err, pgx.ErrNoRows) {
		return key, nil
	}
	return c, err
}

// ArticlesByEntity implements marsad.Store.
func (s *Store) ArticlesByEntity(ctx context.Context, key string, limit int) ([]marsad.ArticleRef, error) {
	if limit <= 0 {
		limit = 100
	}
	key, err := s.canonical(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("articles by entity %q: %w", key, err)
	}
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.url, a.title, a.source, a.published
		FROM article_entities e JOIN articles a ON a.id = e.article_id
		WHERE e.key = $1 ORDER BY a.published COLLATE "C" DESC, a.id COLLATE "C" LIMIT $2`, key, limit)
	if err != nil {
		return nil, fmt.Errorf("articles by entity %q: %w", key, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.ArticleRef, error) {
		var r marsad.ArticleRef
		err := row.Scan(&r.ID, &r.URL, &r.Title, &r.Source, &r.Published)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("articles by entity %q: %w", key, err)
	}
	return out, nil
}

// Entity implements marsad.Store.
func (s *Store) Entity(ctx context.Context, key string) (*marsad.RegistryEntity, error) {
	key, err := s.canonical(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	e := marsad.RegistryEntity{Key: key, Keys: []string{key}}
	err = s.pool.QueryRow(ctx, `SELECT type, name, (SELECT count(*) FROM article_entities WHERE key = $1)
		FROM entities WHERE key = $1`, key).Scan(&e.Type, &e.Name, &e.Articles)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("entity %q: %w", key, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	vars, err := s.strings(ctx, `SELECT variant FROM entity_variants WHERE key = $1 ORDER BY variant COLLATE "C"`, key)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	e.Keys = append(e.Keys, vars...)
	if e.Aliases, err = s.strings(ctx, `SELECT alias FROM entity_aliases WHERE key = $1 AND alias <> $2
		ORDER BY count DESC, alias COLLATE "C"`, key, e.Name); err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	if len(e.Aliases) == 0 {
		e.Aliases = nil
	}
	rows, err := s.pool.Query(ctx, `SELECT role, source, count FROM entity_roles WHERE key = $1
		ORDER BY role COLLATE "C", source COLLATE "C"`, key)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	defer rows.Close()
	var roles []registry.Role
	for rows.Next() {
		var r registry.Role
		if err := rows.Scan(&r.Role, &r.Source, &r.Count); err != nil {
			return nil, fmt.Errorf("entity %q: %w", key, err)
		}
		roles = append(roles, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("entity %q: %w", key, err)
	}
	e.Roles = registry.EntityRoles(roles)
	return &e, nil
}

// FindEntities implements marsad.Store: the folded key, display name or
// alias first; the consonant skeleton only when nothing matches.
func (s *Store) FindEntities(ctx context.Context, name string, limit int) ([]marsad.RegistryEntity, error) {
	if limit <= 0 {
		limit = 20
	}
	f := registry.Fold(name)
	if f == "" {
		return nil, nil
	}
	keys, err := s.strings(ctx, `SELECT key FROM entities WHERE folded = $1 OR key = $2
		UNION SELECT key FROM entity_aliases WHERE folded = $1
		UNION SELECT key FROM entity_variants WHERE variant = $2`, f, name)
	if err != nil {
		return nil, fmt.Errorf("find entities %q: %w", name, err)
	}
	if len(keys) == 0 {
		keys, err = s.strings(ctx, `SELECT key FROM entities WHERE skeleton = $1
			UNION SELECT key FROM entity_aliases WHERE skeleton = $1`, registry.Skeleton(name))
		if err != nil {
			return nil, fmt.Errorf("find entities %q: %w", name, err)
		}
	}
	out := make([]marsad.RegistryEntity, 0, len(keys))
	for _, k := range keys {
		e, err := s.Entity(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("find entities %q: %w", name, err)
		}
		out = append(out, *e)
	}
	return registry.SortMatches(out, limit), nil
}

func (s *Store) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// PutSource implements marsad.Store.
func (s *Store) PutSource(ctx context.Context, src *marsad.Source) error {
	if err := sources.Complete(src, s.now); err != nil {
		return fmt.Errorf("put source: no id and %w", err)
	}
	feeds, _ := json.Marshal(nonNil(src.Feeds))
	maps, _ := json.Marshal(nonNil(src.Sitemaps))
	_, err := s.pool.Exec(ctx, `INSERT INTO sources (id, name, home_url, language, country, category, feeds, sitemaps, added)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, home_url = excluded.home_url, language = excluded.language,
			country = excluded.country, category = excluded.category, feeds = excluded.feeds,
			sitemaps = excluded.sitemaps, added = excluded.added`,
		src.ID, src.Name, src.HomeURL, src.Language, src.Country, src.Category, string(feeds), string(maps), src.Added.UTC())
	if err != nil {
		return fmt.Errorf("put source %s: %w", src.ID, err)
	}
	return nil
}

const sourceCols = `id, name, home_url, language, country, category, feeds::text, sitemaps::text, added`

func scanSource(row pgx.Row) (marsad.Source, error) {
	var (
		src         marsad.Source
		feeds, maps string
	)
	if err := row.Scan(&src.ID, &src.Name, &src.HomeURL, &src.Language, &src.Country, &src.Category, &feeds, &maps, &src.Added); err != nil {
		return src, err
	}
	_ = json.Unmarshal([]byte(feeds), &src.Feeds)
	_ = json.Unmarshal([]byte(maps), &src.Sitemaps)
	if len(src.Feeds) == 0 {
		src.Feeds = nil
	}
	if len(src.Sitemaps) == 0 {
		src.Sitemaps = nil
	}
	src.Added = src.Added.UTC()
	return src, nil
}

// Source implements marsad.Store.
func (s *Store) Source(ctx context.Context, id string) (*marsad.Source, error) {
	src, err := scanSource(s.pool.QueryRow(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("source %s: %w", id, marsad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", id, err)
	}
	return &src, nil
}

// Sources implements marsad.Store.
func (s *Store) Sources(ctx context.Context) ([]marsad.Source, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sourceCols+` FROM sources ORDER BY name COLLATE "C", id COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (marsad.Source, error) { return scanSource(row) })
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

// DeleteSource implements marsad.Store.
func (s *Store) DeleteSource(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete source %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("delete source %s: %w", id, marsad.ErrNotFound)
	}
	return nil
}
