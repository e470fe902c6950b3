package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/extract"
)

func newExtractCmd(g *globals) *cobra.Command {
	var (
		opts      extract.Options
		noAnalyze bool
	)
	cmd := &cobra.Command{
		Use:   "extract [--url U] [--source S] FILE|-",
		Short: "Turn one page (HTML or plain text) into an Article as JSON",
		Long: fmt.Sprintf(`extract reads one page, HTML or plain text in any common encoding
(UTF-8, windows-1256, ISO-8859-6, UTF-16 with BOM), from FILE or from standard
input ("-"), and prints the Article JSON: title, category, published date,
authors, wire credit, sections, text, language, encoding and the dates found
in the text, and the analysis: the people, organizations and places named
(with their titles and every mention), who said what (quotes with their
speakers), and the meetings and visits reported (--no-analyze leaves these out).

Pages larger than %d MiB, empty files and binary files (images, PDF,
archives) are refused with exit code 2.`, extract.MaxInputBytes>>20),
		Example: `  marsad extract ../shared/seed/article-ar-001.txt
  curl -s https://example.com/news/1 | marsad extract --url https://example.com/news/1 -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var in io.Reader
			name := args[0]
			if name == "-" {
				in = cmd.InOrStdin()
			} else {
				f, err := os.Open(name)
				if err != nil {
					return fmt.Errorf("extract: %w", err)
				}
				defer f.Close()
				if st, err := f.Stat(); err == nil {
					if st.IsDir() {
						return usageErrorf("extract: %s is a directory", name)
					}
					if st.Size() > extract.MaxInputBytes {
						return usageErrorf("extract: %s: %v: %d bytes (limit %d MiB)", name, extract.ErrTooLarge, st.Size(), extract.MaxInputBytes>>20)
					}
				}
				in = f
			}
			a, err := extract.Read(cmd.Context(), in, opts)
			if err != nil {
				if extract.Refused(err) {
					return usageErrorf("%s: %w", name, err)
				}
				return fmt.Errorf("%s: %w", name, err)
			}
			if !noAnalyze {
				an, err := g.newAnalyzer()
				if err != nil {
					return fmt.Errorf("extract: %w", err)
				}
				if err := an.Analyze(cmd.Context(), a); err != nil {
					return fmt.Errorf("%s: analyze: %w", name, err)
				}
			}
			if g.logger != nil {
				if a.Meta["encoding"] == "detected" && a.Encoding != "utf-8" {
					g.logger.Info("no encoding declared: assumed from the bytes", "file", name, "encoding", a.Encoding)
				}
				g.logger.Debug("extracted", "file", name, "encoding", a.Encoding, "sections", len(a.Sections), "language", a.Language)
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(a); err != nil {
				return fmt.Errorf("extract: write: %w", err)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.URL, "url", "", "URL of the page (gives url, canonical_url, id and source)")
	f.StringVar(&opts.Source, "source", "", "outlet name or id (default: the host of --url)")
	f.BoolVar(&noAnalyze, "no-analyze", false, "print the extracted article only: no entities, quotes or events")
	f.StringVar(&opts.ContentType, "content-type", "", `HTTP Content-Type of the page when known, e.g. "text/html; charset=windows-1256"`)
	return cmd
}
