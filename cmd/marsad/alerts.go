package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
	"github.com/marsad-news/marsad/search"
)

func newAlertsCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "alerts",
		Short: "Saved searches matched as articles arrive (Atom feeds, webhooks)",
		Long: `An alert is a saved search (words and the filters of ` + "`marsad search`" + `). Every article stored
afterwards (by ` + "`marsad ingest`" + `, ` + "`marsad crawl`" + ` or ` + "`marsad run`" + `) is matched against all alerts, exactly
as a search would match it. Follow an alert as an Atom feed (/api/v1/alerts/ID/feed of
` + "`marsad serve`" + `, or ` + "`marsad alerts feed ID`" + `) and, with --webhook, as a JSON POST per new match,
signed with HMAC-SHA256 (header X-Marsad-Signature-256: sha256=HEX) with the secret
printed once by ` + "`alerts add`" + `. Webhooks are delivered from a durable outbox in the archive,
retried with exponential backoff, so a restart loses no notification.`,
	}
	cmd.AddCommand(newAlertsAddCmd(g), newAlertsListCmd(g), newAlertsRemoveCmd(g), newAlertsFeedCmd(g))
	return cmd
}

// alertStore is the alert side of an opened archive; Close closes the
// archive.
type alertStore struct {
	marsad.AlertStore
	arch *archive
}

// Close closes the archive.
func (s alertStore) Close() error { return s.arch.Close() }

// openAlertStore opens the archive of g: the PostgreSQL database with
// --database-url, else the embedded archive of the data folder (created
// unless existing is set, when a missing archive is an error).
func openAlertStore(cmd *cobra.Command, g *globals, existing bool) (alertStore, error) {
	var (
		a   *archive
		err error
	)
	if existing {
		a, err = openExisting(cmd.Context(), g, false)
	} else {
		a, err = openArchive(cmd.Context(), g, false, false)
	}
	if err != nil {
		return alertStore{}, fmt.Errorf("alerts: %w", err)
	}
	if a.alerts == nil {
		a.Close()
		return alertStore{}, errors.New("alerts: this archive keeps no saved searches")
	}
	return alertStore{AlertStore: a.alerts, arch: a}, nil
}

func newAlertsAddCmd(g *globals) *cobra.Command {
	var (
		n            alert.NewAlert
		allowPrivate bool
		asJSON       bool
	)
	cmd := &cobra.Command{
		Use:   "add [--name NAME] [--webhook URL] [search filters] QUERY",
		Short: "Save a search as an alert",
		Example: `  marsad alerts add --name "الدفاع السوري" '"وزير الدفاع"' --source سانا
  marsad alerts add --webhook https://hooks.example.org/marsad --entity "ماريا زاخاروفا"`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			n.Query.Text = strings.Join(args, " ")
			st, err := openAlertStore(cmd, g, false)
			if err != nil {
				return err
			}
			defer st.Close()
			a, err := alert.NewService(st, alert.Options{AllowPrivate: allowPrivate}).Create(cmd.Context(), n)
			if errors.Is(err, alert.ErrInvalid) || errors.Is(err, search.ErrInvalidQuery) {
				return usageError{fmt.Errorf("alerts add: %w", err)}
			}
			if err != nil {
				return fmt.Errorf("alerts add: %w", err)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return json.NewEncoder(out).Encode(map[string]any{"id": a.ID, "name": a.Name, "query": a.Query, "webhook_url": a.WebhookURL, "secret": a.Secret})
			}
			fmt.Fprintf(out, "alert %s added: %s\n", a.ID, clean(a.Name))
			fmt.Fprintf(out, "Atom feed: /api/v1/alerts/%s/feed (of marsad serve)\n", a.ID)
			if a.WebhookURL != "" {
				fmt.Fprintf(out, "webhook secret (shown only now; it signs every POST): %s\n", a.Secret)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&n.Name, "name", "", "a name for the alert (default: the query)")
	f.StringVar(&n.WebhookURL, "webhook", "", "POST each new match as JSON to this http(s) URL")
	f.BoolVar(&allowPrivate, "allow-private-addresses", false, "accept a webhook on a private or loopback address")
	f.BoolVar(&asJSON, "json", false, "print the alert (with its secret) as JSON")
	f.StringVar(&n.Query.From, "from", "", "published on or after this day (YYYY-MM-DD)")
	f.StringVar(&n.Query.To, "to", "", "published on or before this day (YYYY-MM-DD)")
	f.StringArrayVar(&n.Query.Sources, "source", nil, "only articles of this outlet (repeatable)")
	f.StringArrayVar(&n.Query.Categories, "category", nil, "only articles in this category (repeatable)")
	f.StringArrayVar(&n.Query.Languages, "lang", nil, "only articles in this language (repeatable)")
	f.StringArrayVar(&n.Query.Entities, "entity", nil, "only articles naming this entity, by key or name (repeatable)")
	return cmd
}

func newAlertsListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the alerts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openAlertStore(cmd, g, false)
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := st.Alerts(cmd.Context())
			if err != nil {
				return fmt.Errorf("alerts list: %w", err)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if list == nil {
					list = []marsad.Alert{}
				}
				return json.NewEncoder(out).Encode(map[string]any{"alerts": list})
			}
			if len(list) == 0 {
				fmt.Fprintln(out, "no alerts (add one with `marsad alerts add QUERY`)")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tQUERY\tWEBHOOK")
			for _, a := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, clean(a.Name), clean(describeQuery(a.Query)), clean(a.WebhookURL))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the alerts as JSON (without secrets)")
	return cmd
}

// describeQuery writes a query as the flags that would make it.
func describeQuery(q marsad.Query) string {
	var parts []string
	if q.Text != "" {
		parts = append(parts, q.Text)
	}
	add := func(flag string, vals ...string) {
		for _, v := range vals {
			if v != "" {
				parts = append(parts, "--"+flag+" "+v)
			}
		}
	}
	add("from", q.From)
	add("to", q.To)
	add("source", q.Sources...)
	add("category", q.Categories...)
	add("lang", q.Languages...)
	add("entity", q.Entities...)
	return strings.Join(parts, " ")
}

func newAlertsRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID...",
		Short: "Remove alerts (with their matches and pending webhooks)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openAlertStore(cmd, g, false)
			if err != nil {
				return err
			}
			defer st.Close()
			svc := alert.NewService(st, alert.Options{})
			for _, id := range args {
				err := svc.Delete(cmd.Context(), id)
				if errors.Is(err, marsad.ErrNotFound) {
					return usageError{fmt.Errorf("alerts remove: no alert %s", id)}
				}
				if err != nil {
					return fmt.Errorf("alerts remove: %w", err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "alert %s removed\n", id)
			}
			return nil
		},
	}
}

func newAlertsFeedCmd(g *globals) *cobra.Command {
	var base string
	var limit int
	cmd := &cobra.Command{
		Use:   "feed ID",
		Short: "Print an alert's latest matches as an Atom feed",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openAlertStore(cmd, g, true)
			if err != nil {
				return err
			}
			defer st.Close()
			a, err := st.Alert(cmd.Context(), args[0])
			if errors.Is(err, marsad.ErrNotFound) {
				return usageError{fmt.Errorf("alerts feed: no alert %s", args[0])}
			}
			if err != nil {
				return fmt.Errorf("alerts feed: %w", err)
			}
			entries, err := st.AlertEntries(cmd.Context(), a.ID, 0, limit)
			if err != nil {
				return fmt.Errorf("alerts feed: %w", err)
			}
			return alert.WriteAtom(cmd.OutOrStdout(), alert.Feed{Alert: *a, Entries: entries, BaseURL: base})
		},
	}
	cmd.Flags().StringVar(&base, "base-url", "http://localhost:8080", "the web app's URL, for the feed's links")
	cmd.Flags().IntVar(&limit, "limit", 50, "number of entries")
	return cmd
}
