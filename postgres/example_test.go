package postgres_test

import (
	"context"
	"log"
	"os"
	"time"

	"github.com/marsad-news/marsad/postgres"
)

// A worker's loop over the shared frontier: claim due entries (whole
// hosts are leased to this worker), fetch and process them, then complete
// each one; an entry not completed before its lease ends goes to another
// worker.
func ExampleStore_Claim() {
	ctx := context.Background()
	st, err := postgres.Open(ctx, os.Getenv("MARSAD_DATABASE_URL"), postgres.Options{})
	if err != nil {
		log.Fatal(err) // postgres.ErrSchemaBehind: run `marsad migrate`
	}
	defer st.Close()
	batch, err := st.Claim(ctx, "worker-1", time.Now(), 16, 2*time.Minute)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range batch {
		// ... fetch e.URL, store the article (idempotent) ...
		e.Fetches++
		e.LastFetched = time.Now()
		e.NextFetch = time.Time{} // an article page: done
		if err := st.Complete(ctx, "worker-1", e); err != nil {
			log.Print(err) // postgres.ErrLeaseLost: another worker took it
		}
	}
}

// Migrate is what `marsad migrate` runs; Open refuses a schema that is
// behind.
func ExampleMigrate() {
	ctx := context.Background()
	url := os.Getenv("MARSAD_DATABASE_URL")
	applied, err := postgres.Migrate(ctx, url)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range applied {
		log.Printf("applied %s", m.Source)
	}
}
