package main

import (
	"fmt"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/alert"
	"github.com/marsad-news/marsad/crawl/fetch"
	"github.com/marsad-news/marsad/ingest"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/worker"
)

func newWorkerCmd(g *globals) *cobra.Command {
	var (
		owner        string
		fetchers     int
		poll, lease  time.Duration
		minDelay     time.Duration
		refetch      time.Duration
		allowPrivate bool
		noCluster    bool
		noRaw        bool
		noAlerts     bool
	)
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Share the crawl, processing and clustering of a PostgreSQL archive",
		Long: `worker joins the work on the PostgreSQL archive of --database-url (env
MARSAD_DATABASE_URL): it claims due URLs from the shared frontier (a host is fetched
by one worker at a time, across all machines), fetches them politely, extracts,
analyzes and stores the articles (search is updated in the same transaction), and,
when elected, seeds the followed sources and runs the story clustering step. It also
matches the stored articles against the saved alerts and posts their webhooks (each
match is recorded and enqueued once however many processes do this), so workers and
read-only servers are a complete deployment. Run as many workers as you like on as
many machines; they coordinate only through the database. A worker that dies leaves its URLs leased until --lease expires; then
others take them. Storing is idempotent, so nothing is stored twice.

The worker refuses to start when the schema is behind: run ` + "`marsad migrate`" + ` first.`,
		Example: `  marsad migrate --database-url postgres://marsad@db/marsad
  marsad worker --database-url postgres://marsad@db/marsad --fetchers 16`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			// Every fetcher may store at once; the clustering leader keeps
			// one connection for its session lock, and the alert and seeding
			// jobs take one each now and then.
			st, err := openPostgres(ctx, g, postgres.Options{MaxConns: int32(max(fetchers, 1)) + 4})
			if err != nil {
				return fmt.Errorf("worker: %w", err)
			}
			defer st.Close()
			an, err := g.newAnalyzer()
			if err != nil {
				return fmt.Errorf("worker: %w", err)
			}
			if owner == "" {
				host, _ := os.Hostname()
				owner = fmt.Sprintf("%s-%d", host, os.Getpid())
			}
			w := worker.New(st, newFetcher(g, allowPrivate, minDelay), ingest.NewPipeline(an), worker.Options{
				Owner: owner, Fetchers: fetchers, Poll: poll, Lease: lease, Refetch: refetch,
				NoCluster: noCluster, NoRaw: noRaw, Registry: prometheus.NewRegistry(), Logger: g.logger,
			})
			g.logger.Info("worker started", "owner", owner, "schema", st.Schema())
			if !noAlerts {
				_, stop := startAlertJobs(ctx, g.logger, st, st, alertJobOptions{
					AllowPrivate: allowPrivate, Owner: owner,
					Interval: min(poll, 2*time.Second), Poll: min(poll, alert.DefaultPoll), Lease: lease,
				})
				defer stop()
			}
			if err := w.Run(ctx); err != nil {
				return fmt.Errorf("worker: %w", err)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&owner, "owner", "", "name of this worker in leases and logs (default HOST-PID)")
	fl.IntVar(&fetchers, "fetchers", 8, "fetches in flight")
	fl.DurationVar(&poll, "poll", 10*time.Second, "how often the frontier and the elected jobs are checked")
	fl.DurationVar(&lease, "lease", 2*time.Minute, "how long claimed URLs, their hosts and webhook deliveries are held; a dead worker's are taken after it")
	fl.DurationVar(&minDelay, "min-delay", fetch.DefaultMinDelay, "minimum pause between two requests to one host")
	fl.DurationVar(&refetch, "refetch", 24*time.Hour, "fetch each article once more after this long (negative: never)")
	fl.BoolVar(&allowPrivate, "allow-private-addresses", false, "allow fetching (and posting webhooks to) loopback, private and link-local addresses")
	fl.BoolVar(&noCluster, "no-cluster", false, "never run the story clustering step on this worker")
	fl.BoolVar(&noAlerts, "no-alert-matching", false, "never match alerts or post their webhooks on this worker")
	fl.BoolVar(&noRaw, "no-raw", false, "do not keep fetched pages in the database")
	return cmd
}
