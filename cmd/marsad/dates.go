package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	_ "time/tzdata" // zones for "بتوقيت دمشق" on systems without zoneinfo

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/dates"
)

// maxDatesInput bounds the text read from stdin by `marsad dates`.
const maxDatesInput = 64 << 20

func newDatesCmd(g *globals) *cobra.Command {
	var ref string
	cmd := &cobra.Command{
		Use:   "dates --ref REF [TEXT|-]",
		Short: "Find the date expressions of an Arabic text, resolved against a reference date",
		Long: `dates prints the date expressions of TEXT (or of stdin when TEXT is "-" or absent)
as a JSON array of {text, start, end, value, granularity, until}, in order of appearance,
offsets in code points. REF is the article's publication date, YYYY-MM-DD or RFC 3339 with a
zone; relative expressions (أمس, يوم الأحد, الأسبوع الماضي) are resolved against it.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if ref == "" {
				return usageErrorf("dates: --ref is required (YYYY-MM-DD or RFC 3339)")
			}
			t, err := parseRef(ref)
			if err != nil {
				return usageErrorf("dates: bad --ref %q: want YYYY-MM-DD or RFC 3339 with a zone", ref)
			}
			var text string
			if len(args) == 1 && args[0] != "-" {
				text = args[0]
			} else {
				b, err := io.ReadAll(io.LimitReader(cmd.InOrStdin(), maxDatesInput+1))
				if err != nil {
					return fmt.Errorf("dates: reading stdin: %w", err)
				}
				if len(b) > maxDatesInput {
					return usageErrorf("dates: input larger than %d bytes", maxDatesInput)
				}
				text = string(b)
			}
			found := dates.Find(text, t)
			if found == nil {
				found = []marsad.DateRef{}
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(found); err != nil {
				return fmt.Errorf("dates: writing output: %w", err)
			}
			g.logger.Debug("dates found", "count", len(found))
			return nil
		},
	}
	cmd.Flags().StringVar(&ref, "ref", "", "reference date: YYYY-MM-DD or RFC 3339 with a zone (required)")
	return cmd
}

// parseRef reads a reference date: YYYY-MM-DD (midnight UTC) or RFC 3339.
func parseRef(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}
