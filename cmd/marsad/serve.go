package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
	"github.com/marsad-news/marsad/crawl/discover"
	"github.com/marsad-news/marsad/crawl/outlets"
	"github.com/marsad-news/marsad/web"
)

// serveFlags are the settings shared by `serve` and `run`.
type serveFlags struct {
	addr         string
	private      bool
	searchRate   float64
	allowPrivate bool
	// noAlertJobs leaves alert matching and webhooks to other processes.
	noAlertJobs bool
}

func (f *serveFlags) register(cmd *cobra.Command, withAllowPrivate bool) {
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "localhost:8080", "address to listen on (\":8080\" for every interface)")
	fl.BoolVar(&f.private, "private", false, "close read-only browsing: every page and API call needs the admin token")
	fl.Float64Var(&f.searchRate, "search-rate", 5, "searches per second allowed per client address (burst 20)")
	if withAllowPrivate {
		fl.BoolVar(&f.allowPrivate, "allow-private-addresses", false, "let operators add sources on loopback, private and link-local addresses")
	}
}

func newServeCmd(g *globals) *cobra.Command {
	var sf serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--addr ADDR] [--allow-private-addresses] [--private]",
		Short: "Serve the web app and the JSON API over the archive",
		Long: `serve opens the archive in DATA and serves the right-to-left web app (home, stories,
articles, search, entities, sources) and the JSON API under /api/v1 (documented at
/api/v1/openapi.json), with /healthz, /readyz and /metrics.

Reading is open to everyone who can reach the address unless --private. Changing
state (adding or removing sources) needs the admin token: it is generated on the
first run, printed once, and only its hash is kept (DATA/admin-token.sha256; delete
that file to make a new token). Send it as "Authorization: Bearer TOKEN" or log in
at /login.

Alerts are matched against newly stored articles and their webhooks posted by this
process (and by every other serve, run or worker process on the same archive: each
match is recorded and enqueued once). On a server reading a replica,
--no-alert-matching leaves that work to the workers.`,
		Example: `  marsad serve
  marsad serve --addr :8080 --private
  marsad serve --database-url postgres://marsad@replica/marsad --no-alert-matching`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, err := openArchive(ctx, g, true, false)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			defer a.Close()
			reg := prometheus.NewRegistry()
			return serveArchive(ctx, g, a, sf, reg, cmd.OutOrStdout(), nil)
		},
	}
	sf.register(cmd, true)
	cmd.Flags().BoolVar(&sf.noAlertJobs, "no-alert-matching", false,
		"leave matching alerts and posting their webhooks to other processes (workers), e.g. on a read replica; the alert pages and API stay")
	return cmd
}

// serveArchive serves the archive until ctx ends. ready, when not nil,
// is called with the base URL once the server listens.
func serveArchive(ctx context.Context, g *globals, a *archive, sf serveFlags, reg *prometheus.Registry, out io.Writer, ready func(url string)) error {
	token, hash, err := web.LoadOrCreateAdminToken(g.dataDir)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if token != "" {
		fmt.Fprintf(out, "admin token (shown once; only its hash is kept in %s): %s\n", web.AdminTokenFile, token)
	}
	_ = reg.Register(collectors.NewGoCollector())
	_ = reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := newFetcher(g, sf.allowPrivate, 0)
	// Alerts: matched by following the store's changes, webhooks posted
	// from the durable outbox; both stop with ctx (and are left to other
	// processes with --no-alert-matching). A backend without an alert
	// store serves no alert routes.
	mounts := []func(*web.Server){web.MountExport(web.ExportOptions{})}
	if a.alerts != nil {
		var alerts *alert.Service
		if sf.noAlertJobs {
			alerts = alert.NewService(a.alerts, alert.Options{AllowPrivate: sf.allowPrivate, Logger: g.logger})
		} else {
			var stop func()
			alerts, stop = startAlertJobs(ctx, g.logger, a.alerts, a.store, alertJobOptions{AllowPrivate: sf.allowPrivate})
			defer stop()
		}
		mounts = append(mounts, web.MountAlerts(alerts, web.AlertOptions{}))
	}
	srv, err := web.New(web.Options{
		Mount: mounts,
		Store: a.store, Search: a.search, Health: a.frontier, Registry: reg,
		AdminTokenHash: hash, Private: sf.private, SearchRate: sf.searchRate, Logger: g.logger,
		Discover: func(ctx context.Context, raw string) (*marsad.Source, error) {
			site, err := discover.Discover(ctx, f, raw)
			if err != nil {
				return nil, err
			}
			src := &marsad.Source{HomeURL: site.Home, Name: site.Name, Language: site.Language, Feeds: site.Feeds, Sitemaps: site.Sitemaps}
			src.ID = outlets.SourceID(src.HomeURL)
			if src.Name == "" {
				src.Name = src.ID
			}
			return src, nil
		},
		Ready: func(ctx context.Context) error {
			if _, err := a.store.Stats(ctx); err != nil {
				return err
			}
			if a.index == nil {
				return nil
			}
			_, err := a.index.DocCount()
			return err
		},
	})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ln, err := net.Listen("tcp", sf.addr)
	if err != nil {
		return usageErrorf("serve: %v", err)
	}
	hs := srv.HTTPServer(sf.addr)
	url := baseURL(ln.Addr())
	fmt.Fprintf(out, "marsad is serving the archive at %s (Ctrl-C stops)\n", url)
	if ready != nil {
		ready(url)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shutting down: %w", err)
	}
	return nil
}

// baseURL is the URL to open for a listening address: loopback when it
// listens on every interface.
func baseURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String() + "/"
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return fmt.Sprintf("http://%s:%d/", host, tcp.Port)
}
