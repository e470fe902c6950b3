package clustereval

import (
	"context"
	"fmt"

	"github.com/marsad-news/marsad/gen"
)

// Generated returns the items of a generated corpus (package gen), with
// its true stories and copies. The pages are not extracted yet (see
// Prepare); every item is in split "gen".
func Generated(ctx context.Context, opts gen.Options) ([]*Item, error) {
	var items []*Item
	err := gen.Generate(ctx, opts, func(a *gen.Article) error {
		page := a.Page.Text
		if page == "" {
			page = a.Page.HTML
		}
		items = append(items, &Item{
			Name:   a.Truth.ID,
			Split:  "gen",
			Source: a.Page.Source,
			Page:   []byte(page),
			URL:    a.Page.URL,
			Story:  a.Truth.Story,
			CopyOf: a.Truth.CopyOf,
		})
		return nil
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("clustereval: generate: %w", err)
	}
	return items, nil
}
