package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/analyze/ner"
)

// Limits of `marsad tag`: a longer line is refused; a longer sentence is
// tagged in pieces of maxTagSentence tokens.
const (
	maxTagLine     = 1 << 20
	maxTagSentence = 10_000
)

func newTagCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "tag",
		Short: "Tag named entities in tokenized Arabic text (ANERcorp BIO tags)",
		Long: `tag reads tokens from stdin, one per line, with a blank line between sentences, and
prints "token<TAB>tag" lines in the same order (blank lines kept), with the ANERcorp tag set:
O, B-PERS, I-PERS, B-LOC, I-LOC, B-ORG, I-ORG, B-MISC, I-MISC. The model is embedded in the
binary (see "marsad train ner"). Lines longer than 1 MiB are refused; sentences longer than
10,000 tokens are tagged in pieces.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			tagger, err := ner.Load()
			if err != nil {
				return fmt.Errorf("tag: %w", err)
			}
			return tagStream(tagger, cmd.InOrStdin(), cmd.OutOrStdout())
		},
	}
}

// tagStream tags the sentences of r and writes them to w.
func tagStream(tagger *ner.Tagger, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxTagLine)
	bw := bufio.NewWriter(w)
	var sent []string
	flush := func() error {
		for len(sent) > 0 {
			part := sent[:min(len(sent), maxTagSentence)]
			sent = sent[len(part):]
			for i, tag := range tagger.Tag(part) {
				if _, err := fmt.Fprintf(bw, "%s\t%s\n", part[i], tag); err != nil {
					return fmt.Errorf("tag: writing output: %w", err)
				}
			}
		}
		sent = sent[:0]
		return nil
	}
	for sc.Scan() {
		tok := strings.TrimSpace(sc.Text())
		if tok == "" {
			if err := flush(); err != nil {
				return err
			}
			if _, err := bw.WriteString("\n"); err != nil {
				return fmt.Errorf("tag: writing output: %w", err)
			}
			continue
		}
		sent = append(sent, tok)
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return usageErrorf("tag: a line is longer than %d bytes", maxTagLine)
		}
		return fmt.Errorf("tag: reading stdin: %w", err)
	}
	if err := flush(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("tag: writing output: %w", err)
	}
	return nil
}
