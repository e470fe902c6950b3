// Command marsad is the one binary of marsad (مرصد), an Arabic-first news
// monitoring system. This file only wires subcommands; each lives in its
// own file and calls into the packages that do the work.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// Exit codes of the CLI contract (DESIGN.md).
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError marks an error caused by bad usage or refused input; the
// process exits with code 2 for it.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usageErrorf returns a usageError with a formatted message.
func usageErrorf(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// globals are the flags every command shares.
type globals struct {
	dataDir     string
	databaseURL string
	verbose     bool
	// gazetteers are the user's own lists of names (--gazetteer).
	gazetteers []string
	logger     *slog.Logger
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the CLI with the given arguments and streams and returns the
// process exit code. It is separate from main so tests can call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "marsad: "+oneLine(err.Error()))
	var ue usageError
	if errors.As(err, &ue) || isCobraUsageError(err) {
		return exitUsage
	}
	return exitFailure
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	g := &globals{}
	prof := &profiler{}
	root := &cobra.Command{
		Use:   "marsad",
		Short: "marsad (مرصد): an Arabic-first news monitoring system",
		Long: `marsad (مرصد, "observatory") follows Arabic news outlets, turns every page into a
structured article (title, date, byline, category, sections, people and their titles,
who said what, which dates are meant), groups coverage of one event into stories, and
keeps it all in an archive searchable the way Arabic is written.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			level := slog.LevelInfo
			if g.verbose {
				level = slog.LevelDebug
			}
			g.logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
			return prof.start()
		},
		PersistentPostRunE: func(cmd *cobra.Command, args []string) error {
			return prof.stop()
		},
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError{err}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.dataDir, "data", envOr("MARSAD_DATA", "./marsad-data"), "data folder of the embedded archive (env MARSAD_DATA)")
	pf.StringVar(&g.databaseURL, "database-url", os.Getenv("MARSAD_DATABASE_URL"), "PostgreSQL URL; switches from the embedded store (env MARSAD_DATABASE_URL)")
	pf.BoolVarP(&g.verbose, "verbose", "v", false, "log debug messages to stderr")
	pf.StringArrayVar(&g.gazetteers, "gazetteer", envList("MARSAD_GAZETTEER"),
		"your own list of names for the analyzer: a tab-separated file of type (person, organization, location), name and variants, one per line (repeatable; env MARSAD_GAZETTEER, paths separated by "+string(os.PathListSeparator)+")")
	pf.StringVar(&prof.cpuPath, "cpuprofile", "", "write a CPU profile of the command to this file")
	pf.StringVar(&prof.memPath, "memprofile", "", "write a heap profile at the end of the command to this file")
	_ = pf.MarkHidden("cpuprofile")
	_ = pf.MarkHidden("memprofile")

	for _, newCmd := range commands {
		root.AddCommand(newCmd(g))
	}
	return root
}

// commands lists the constructors of the subcommands, one file each.
var commands = []func(*globals) *cobra.Command{
	// Each subcommand adds its constructor here.
	newExtractCmd,
	newDatesCmd,
	newEvalCmd,
	newSearchCmd,
	newIngestCmd,
	newGenCmd,
	newReindexCmd,
	newSourcesCmd,
	newCrawlCmd,
	newTagCmd,
	newTrainCmd,
	newStoriesCmd, newStoryCmd,
	newServeCmd, newRunCmd,
	newMigrateCmd, newWorkerCmd, newDumpCmd, newRestoreCmd,
	newExportCmd, newAlertsCmd,
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// envList splits the environment variable key at the OS path list
// separator (nil when unset).
func envList(key string) []string {
	v := os.Getenv(key)
	if v == "" {
		return nil
	}
	return filepath.SplitList(v)
}

// oneLine folds an error message onto a single line for stderr.
func oneLine(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '\n' || r == '\r' {
			r = ' '
		}
		out = append(out, r)
	}
	return string(out)
}

// isCobraUsageError reports errors cobra returns for bad arguments.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
