package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/marsad-news/marsad/analyze/ner"
)

func newTrainCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Train the project's models (see \"train ner\")",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("train: name a model to train, e.g. \"marsad train ner\"")
		},
	}
	cmd.AddCommand(newTrainNERCmd(g))
	return cmd
}

func newTrainNERCmd(g *globals) *cobra.Command {
	var (
		trainFile, devFile, out string
		unlabelled, wojood      []string
		epochs, runs            int
		seed                    uint64
		ks                      []int
		contexts                int
		perceptron              bool
	)
	cmd := &cobra.Command{
		Use:   "ner --train FILE [--dev FILE] --out MODEL [--epochs N] [--unlabelled FILE]... [--wojood FILE]...",
		Short: "Train the named-entity tagger on a CoNLL file (ANERcorp format)",
		Long: `train ner trains the named-entity tagger (package analyze/ner) on FILE, in the
two-column CoNLL format of ANERcorp ("token TAG", blank line between sentences), and writes
the model to MODEL. With --unlabelled (plain text, .gz, or .tar.gz such as the ANT corpus),
word clusters are learned from that text plus the training tokens first. With --dev, the
F1 on that file is logged after each epoch. With --wojood (files of the Wojood nested NER
corpus), those sentences, flattened to persons, organizations and places, are added as a
second domain (feature copies per corpus; they also feed the entity memory). Training is
deterministic for the same inputs and flags. The embedded model was made with:

  marsad train ner --train ../shared/data/anercorp/ANERCorp_reconstructed_train.txt \
    --unlabelled ../shared/data/ant-corpus-v1.1/antcorpus-v1.1.tar.gz \
    --wojood ../shared/data/wojood-sample/train.txt --wojood ../shared/data/wojood-sample/val.txt \
    --wojood ../shared/data/wojood-sample/test.txt \
    --out analyze/ner/model/ner.model.gz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if trainFile == "" || out == "" {
				return usageErrorf("train ner: --train and --out are required")
			}
			if epochs < 1 || epochs > 1000 {
				return usageErrorf("train ner: --epochs must be between 1 and 1000")
			}
			if runs < 1 || runs > 100 {
				return usageErrorf("train ner: --runs must be between 1 and 100")
			}
			train, err := readCoNLLFile(trainFile)
			if err != nil {
				return err
			}
			opts := ner.TrainOptions{
				Epochs:     epochs,
				Runs:       runs,
				Seed:       seed,
				Perceptron: perceptron,
				Logf:       func(format string, a ...any) { g.logger.Info(fmt.Sprintf(format, a...)) },
			}
			if devFile != "" {
				if opts.Dev, err = readCoNLLFile(devFile); err != nil {
					return err
				}
			}
			if len(wojood) > 0 {
				var extra []ner.Sentence
				for _, p := range wojood {
					s, err := readWojoodFile(p)
					if err != nil {
						return err
					}
					extra = append(extra, s...)
				}
				opts.Extra = []ner.Corpus{{Name: "Wojood", Sentences: extra, Memory: true}}
				opts.DomainAdapt = true
			}
			var text [][]string
			for _, p := range unlabelled {
				t, err := ner.ReadUnlabelled(p)
				if err != nil {
					return fmt.Errorf("train ner: unlabelled text: %w", err)
				}
				text = append(text, t...)
			}
			start := time.Now()
			m, err := ner.BuildModel(cmd.Context(), train, text, opts, ner.ClusterOptions{Ks: ks, Contexts: contexts, Seed: seed})
			if err != nil {
				return fmt.Errorf("train ner: %w", err)
			}
			tmp, err := os.CreateTemp(filepath.Dir(out), ".ner-model-*")
			if err != nil {
				return fmt.Errorf("train ner: %w", err)
			}
			defer os.Remove(tmp.Name())
			n, err := m.WriteTo(tmp)
			if err == nil {
				err = tmp.Chmod(0o644)
			}
			if cerr := tmp.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("train ner: writing %s: %w", out, err)
			}
			if err := os.Rename(tmp.Name(), out); err != nil {
				return fmt.Errorf("train ner: %w", err)
			}
			g.logger.Info("model written", "path", out, "bytes", n, "features", m.NumFeatures(), "elapsed", time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&trainFile, "train", "", "training data, CoNLL format (required)")
	f.StringVar(&devFile, "dev", "", "development data, CoNLL format: F1 logged after each epoch")
	f.StringVar(&out, "out", "", "model file to write (required)")
	f.StringArrayVar(&unlabelled, "unlabelled", nil, "unlabelled text for word clusters (repeatable; .txt, .gz, .tar.gz)")
	f.StringArrayVar(&wojood, "wojood", nil, "extra labelled data: a file of the Wojood nested NER corpus (repeatable), trained as a second domain")
	f.IntVar(&epochs, "epochs", 10, "training epochs")
	f.IntVar(&runs, "runs", 3, "CRF runs with different seeds whose weights are averaged")
	f.Uint64Var(&seed, "seed", 1, "random seed (shuffling, cluster initialization)")
	f.IntSliceVar(&ks, "clusters", []int{64, 256, 1024}, "numbers of word clusters, one clustering each (at most 4)")
	f.IntVar(&contexts, "contexts", 3000, "most frequent words used as cluster context features")
	f.BoolVar(&perceptron, "perceptron", false, "train an averaged perceptron instead of the CRF")
	return cmd
}

// readCoNLLFile reads a CoNLL training or evaluation file.
func readCoNLLFile(path string) ([]ner.Sentence, error) {
	return readSentences(path, ner.ReadCoNLL)
}

// readWojoodFile reads a file of the Wojood nested NER corpus flattened to
// the ANERcorp tag set (ner.ReadWojood).
func readWojoodFile(path string) ([]ner.Sentence, error) {
	return readSentences(path, ner.ReadWojood)
}

// readSentences reads the tagged sentences of a file with read; a file
// that cannot be opened or read is a usage error.
func readSentences(path string, read func(io.Reader) ([]ner.Sentence, error)) ([]ner.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErrorf("train ner: %v", err)
	}
	defer f.Close()
	s, err := read(f)
	if err != nil {
		return nil, usageErrorf("train ner: %s: %v", path, err)
	}
	return s, nil
}
