package marsad

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// ContentHash returns the hex SHA-256 that decides whether a stored
// article changed, and the JSON of the whole article. The hash covers
// every field but ID and URL: the same page reached through another URL
// (tracking parameters, letter case of the host) has the same content.
// Every Store backend uses it, so dumped archives restore with the same
// revision hashes.
func ContentHash(a *Article) (hash string, doc []byte, err error) {
	doc, err = json.Marshal(a)
	if err != nil {
		return "", nil, err
	}
	c := *a
	c.ID, c.URL = "", ""
	b, err := json.Marshal(&c)
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), doc, nil
}
