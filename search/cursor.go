package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	marsad "github.com/marsad-news/marsad"
)

// Cursor is the decoded form of a SearchResult.NextCursor: an opaque,
// URL-safe string (base64 of this small JSON). Every search backend
// (the embedded index here, package postgres) uses it, so cursors have
// one shape.
type Cursor struct {
	// V is the cursor version, 1.
	V int `json:"v"`
	// Query is the Fingerprint of the query the cursor continues.
	Query string `json:"q"`
	// After is the sort key of the last hit (newest first).
	After string `json:"a,omitempty"`
	// Offset is the rank of the next hit (relevance).
	Offset int `json:"o,omitempty"`
}

// Fingerprint identifies what a cursor may continue: everything in q but
// the page size and the cursor itself, with the sort resolved to sortNew
// (newest first) or relevance.
func Fingerprint(q marsad.Query, sortNew bool) string {
	q.Limit, q.Cursor = 0, ""
	q.Sort = strconv.FormatBool(sortNew)
	b, _ := json.Marshal(q)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// Encode returns c as a NextCursor string.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// maxCursorBytes bounds the cursor accepted (a sort key with an ID).
const maxCursorBytes = 2048

// DecodeCursor decodes a cursor string given with a query whose
// Fingerprint is fp. It returns an error wrapping ErrInvalidQuery for a
// cursor longer than 2048 bytes, a malformed one, one of another query or
// sort, or an offset beyond MaxOffset.
func DecodeCursor(s, fp string, sortNew bool) (Cursor, error) {
	var c Cursor
	if len(s) > maxCursorBytes {
		return c, fmt.Errorf("%w: cursor too long", ErrInvalidQuery)
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return c, fmt.Errorf("%w: malformed cursor", ErrInvalidQuery)
	}
	if err := json.Unmarshal(b, &c); err != nil || c.V != 1 {
		return c, fmt.Errorf("%w: malformed cursor", ErrInvalidQuery)
	}
	if c.Query != fp {
		return c, fmt.Errorf("%w: cursor belongs to another query or sort", ErrInvalidQuery)
	}
	if sortNew != (c.After != "") || c.Offset < 0 || c.Offset > MaxOffset || (sortNew && c.Offset != 0) {
		return c, fmt.Errorf("%w: malformed cursor", ErrInvalidQuery)
	}
	return c, nil
}
