package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/marsad-news/marsad/postgres"
)

// openPostgres opens the archive at g.databaseURL with opts. A schema that
// is behind this program is refused with a usage error telling to run
// `marsad migrate`.
func openPostgres(ctx context.Context, g *globals, opts postgres.Options) (*postgres.Store, error) {
	if g.databaseURL == "" {
		return nil, usageErrorf("no PostgreSQL database: give --database-url or set MARSAD_DATABASE_URL")
	}
	st, err := postgres.Open(ctx, g.databaseURL, opts)
	if errors.Is(err, postgres.ErrSchemaBehind) {
		return nil, usageErrorf("%v", err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w", err)
	}
	return st, nil
}
