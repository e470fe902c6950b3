package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/postgres"
)

func newMigrateCmd(g *globals) *cobra.Command {
	var status bool
	cmd := &cobra.Command{
		Use:   "migrate [--status]",
		Short: "Bring the PostgreSQL schema up to date",
		Long: `migrate applies the pending schema migrations to the PostgreSQL database of
--database-url (env MARSAD_DATABASE_URL). Workers and servers refuse to start on a
schema that is behind; run migrate first, after every upgrade. It is safe to run
from several machines at once (an advisory lock serializes them) and does nothing
when the schema is up to date. The embedded archive migrates itself on open.

With --status it only prints the schema version and the version this program needs.`,
		Example: `  marsad migrate --database-url postgres://marsad@db/marsad
  MARSAD_DATABASE_URL=postgres://marsad@db/marsad marsad migrate --status`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.databaseURL == "" {
				return usageErrorf("migrate: no PostgreSQL database: give --database-url or set MARSAD_DATABASE_URL")
			}
			ctx := cmd.Context()
			out := cmd.OutOrStdout()
			if status {
				cur, target, err := postgres.SchemaVersion(ctx, g.databaseURL)
				if err != nil {
					return fmt.Errorf("migrate: %w", err)
				}
				state := "up to date"
				if cur < target {
					state = "behind: run `marsad migrate`"
				}
				fmt.Fprintf(out, "schema version %d, this program needs %d: %s\n", cur, target, state)
				return nil
			}
			applied, err := postgres.Migrate(ctx, g.databaseURL)
			if err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			for _, m := range applied {
				fmt.Fprintf(out, "applied %s (version %d) in %s\n", m.Source, m.Version, m.Duration.Round(1e6))
			}
			cur, _, err := postgres.SchemaVersion(ctx, g.databaseURL)
			if err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			fmt.Fprintf(out, "schema up to date at version %d (%d applied now)\n", cur, len(applied))
			return nil
		},
	}
	cmd.Flags().BoolVar(&status, "status", false, "print the schema version and exit")
	return cmd
}
