// Package registry holds the backend-independent logic of the entity
// registry that the store backends (package sqlite and package postgres)
// keep: the folded and skeleton lookup forms of entity names, the Batch
// that collects what the articles of one write say about entities and
// merges spelling variants, and the shaping of registry answers. It runs
// no SQL: a backend answers Batch's questions through a Lookup and writes
// the rows Batch hands back.
package registry

import (
	"context"
	"sort"
	"strings"

	"github.com/marsad-news/marsad"
)

// Lookup is what Batch.Resolve asks the stored registry. A backend
// implements it over its transaction.
type Lookup interface {
	// VariantKey returns the key a stored spelling variant was merged
	// into; ok is false when variant is not a stored variant.
	VariantKey(ctx context.Context, variant string) (key string, ok bool, err error)
	// EntityExists reports whether key is a stored registry entry.
	EntityExists(ctx context.Context, key string) (bool, error)
	// KeyBySkeleton returns the key of the first-added stored entity of
	// type typ whose Skeleton is skeleton; ok is false when there is none.
	KeyBySkeleton(ctx context.Context, skeleton, typ string) (key string, ok bool, err error)
}

// Batch collects what the articles of one transaction say about
// entities, so that the registry is written once per entity, alias and
// role rather than once per article. Its zero value is not usable: call
// NewBatch. A Batch is not safe for concurrent use.
type Batch struct {
	entities map[string]*marsad.Entity // key -> longest name, type
	aliases  map[[2]string]int         // key, alias -> times seen
	roles    map[[3]string]int         // key, role, source -> times seen
	order    []string                  // keys in first-seen order
	// resolved caches Resolve; variants are the new variant -> key
	// mappings; bySkeleton finds new multi-word entities by skeleton and
	// type.
	resolved   map[string]string
	variants   map[string]string
	bySkeleton map[[2]string]string
}

// NewBatch returns an empty Batch.
func NewBatch() *Batch {
	return &Batch{entities: map[string]*marsad.Entity{}, aliases: map[[2]string]int{}, roles: map[[3]string]int{},
		resolved: map[string]string{}, variants: map[string]string{}, bySkeleton: map[[2]string]string{}}
}

// Key returns the analyzer key of e: e.Key, or Fold(e.Name) when the
// analyzer gave none. An empty result means the entity cannot be stored.
func Key(e *marsad.Entity) string {
	if e.Key != "" {
		return e.Key
	}
	return Fold(e.Name)
}

// Resolve returns the registry key for an analyzer key: a stored
// variant's key; the key itself when it is known (in the batch or the
// store); or, for a spelling variant of a known multi-word name of the
// same type (same Skeleton: ماريا زاخاروفا / ماريا زخاروفا), the key of
// the name first seen, recording key as a new variant. Single words are
// never merged this way: their skeletons are too short to tell names
// apart. Answers are cached for the life of the batch.
func (b *Batch) Resolve(ctx context.Context, look Lookup, key, typ string) (string, error) {
	if c, ok := b.resolved[key]; ok {
		return c, nil
	}
	c, ok, err := look.VariantKey(ctx, key)
	if err != nil {
		return "", err
	}
	if ok {
		b.resolved[key] = c
		return c, nil
	}
	if _, ok := b.entities[key]; ok {
		b.resolved[key] = key
		return key, nil
	}
	ok, err = look.EntityExists(ctx, key)
	if err != nil {
		return "", err
	}
	if ok {
		b.resolved[key] = key
		return key, nil
	}
	if typ != "" && strings.Contains(Fold(key), " ") {
		sk := [2]string{Skeleton(key), typ}
		if c, ok := b.bySkeleton[sk]; ok {
			b.variants[key], b.resolved[key] = c, c
			return c, nil
		}
		c, ok, err := look.KeyBySkeleton(ctx, sk[0], typ)
		if err != nil {
			return "", err
		}
		if ok {
			b.variants[key], b.resolved[key] = c, c
			return c, nil
		}
		b.bySkeleton[sk] = key
	}
	b.resolved[key] = key
	return key, nil
}

// Add records what one article from source says about the entity e
// stored under key: the entity itself (the longest name wins, the first
// non-empty type stays), its name and mention texts as aliases, its
// roles with the source.
func (b *Batch) Add(key string, e *marsad.Entity, source string) {
	cur, ok := b.entities[key]
	if !ok {
		b.entities[key] = &marsad.Entity{Name: e.Name, Type: e.Type}
		b.order = append(b.order, key)
	} else {
		if len(e.Name) > len(cur.Name) {
			cur.Name = e.Name
		}
		if cur.Type == "" {
			cur.Type = e.Type
		}
	}
	forms := map[string]bool{}
	if e.Name != "" {
		forms[e.Name] = true
	}
	for _, m := range e.Mentions {
		if t := strings.TrimSpace(m.Text); t != "" {
			forms[t] = true
		}
	}
	for f := range forms {
		b.aliases[[2]string{key, f}]++
	}
	for _, role := range e.Roles {
		if role = strings.TrimSpace(role); role != "" {
			b.roles[[3]string{key, role, source}]++
		}
	}
}

// Entry is one registry entity row to upsert.
type Entry struct {
	Key, Type, Name string
}

// Variant maps a spelling variant's key to the registry key it was
// merged into.
type Variant struct {
	Variant, Key string
}

// Alias is a surface form of an entity and how often the batch saw it.
type Alias struct {
	Key, Alias string
	Count      int
}

// Role is a role an outlet gave an entity and how often the batch saw it.
type Role struct {
	Key, Role, Source string
	Count             int
}

// Entries returns the batch's entities in first-seen order.
func (b *Batch) Entries() []Entry {
	out := make([]Entry, 0, len(b.order))
	for _, key := range b.order {
		e := b.entities[key]
		out = append(out, Entry{Key: key, Type: e.Type, Name: e.Name})
	}
	return out
}

// Variants returns the new variant mappings, ordered by variant.
func (b *Batch) Variants() []Variant {
	out := make([]Variant, 0, len(b.variants))
	for v, k := range b.variants {
		out = append(out, Variant{Variant: v, Key: k})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Variant < out[j].Variant })
	return out
}

// Aliases returns the aliases seen, ordered by key then alias.
func (b *Batch) Aliases() []Alias {
	out := make([]Alias, 0, len(b.aliases))
	for k, n := range b.aliases {
		out = append(out, Alias{Key: k[0], Alias: k[1], Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Key != out[j].Key {
			return out[i].Key < out[j].Key
		}
		return out[i].Alias < out[j].Alias
	})
	return out
}

// Roles returns the roles seen, ordered by key, role, then source.
func (b *Batch) Roles() []Role {
	out := make([]Role, 0, len(b.roles))
	for k, n := range b.roles {
		out = append(out, Role{Key: k[0], Role: k[1], Source: k[2], Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		a, c := out[i], out[j]
		if a.Key != c.Key {
			return a.Key < c.Key
		}
		if a.Role != c.Role {
			return a.Role < c.Role
		}
		return a.Source < c.Source
	})
	return out
}
