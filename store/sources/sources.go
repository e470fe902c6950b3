// Package sources holds the backend-independent rules for the news source
// records that the store backends (package sqlite and package postgres)
// keep: how a record without an ID, name or time added is completed
// before it is written. It runs no SQL.
package sources

import (
	"net/url"
	"strings"
	"time"

	"github.com/marsad-news/marsad"
)

// IDFromHome derives a source ID from a home URL: the host of its
// canonical form (marsad.CanonicalURL) without a leading "www.". It
// returns the error of marsad.CanonicalURL for a URL it cannot use.
func IDFromHome(home string) (string, error) {
	c, err := marsad.CanonicalURL(home)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(c)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(u.Host, "www."), nil
}

// Complete fills in what a stored source record must have: an empty ID
// from IDFromHome(src.HomeURL), an empty Name from the ID, a zero Added
// from now() in UTC (now is called only then, so a store's test clock
// advances only for records that need it). It returns IDFromHome's error, unwrapped, when the
// record has no ID and no usable home URL, and leaves src unchanged then.
func Complete(src *marsad.Source, now func() time.Time) error {
	if src.ID == "" {
		id, err := IDFromHome(src.HomeURL)
		if err != nil {
			return err
		}
		src.ID = id
	}
	if src.Name == "" {
		src.Name = src.ID
	}
	if src.Added.IsZero() {
		src.Added = now().UTC()
	}
	return nil
}
