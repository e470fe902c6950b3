package ner

import (
	"context"
	"encoding/gob"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marsad-news/marsad/internal/shared"
)

func envF(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return def
}

// TestDevExperiment (NER_EXP=1) trains on the first 90% of the ANERcorp
// training split and reports the last 10% (development).
func TestDevExperiment(t *testing.T) {
	if os.Getenv("NER_EXP") == "" {
		t.Skip("NER_EXP not set")
	}
	all := readCoNLLPath(t, shared.Path(t, "data/anercorp/ANERCorp_reconstructed_train.txt"))
	cut := len(all) * 9 / 10
	train, dev := all[:cut], all[cut:]
	cache := "/tmp/nerexp/clusters.gob"
	var cl map[string]uint64
	if f, err := os.Open(cache); err == nil {
		if err := gob.NewDecoder(f).Decode(&cl); err != nil {
			t.Fatal(err)
		}
		f.Close()
	} else {
		un, err := ReadUnlabelled(shared.Path(t, "data/ant-corpus-v1.1/antcorpus-v1.1.tar.gz"))
		if err != nil {
			t.Fatal(err)
		}
		text := append([][]string{}, un...)
		for _, s := range all {
			text = append(text, s.Tokens)
		}
		cl, err = BuildClusters(context.Background(), text, ClusterOptions{Ks: []int{64, 256, 1024}, Contexts: 3000, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		f, _ := os.Create(cache)
		gob.NewEncoder(f).Encode(cl)
		f.Close()
	}
	opts := TrainOptions{
		Epochs: int(envF("NER_EPOCHS", 10)),
		L2:     envF("NER_L2", 0),
		Rate:   envF("NER_RATE", 0),
		Clusters: cl,
		Perceptron: os.Getenv("NER_PERC") != "",
		Logf:   t.Logf,
	}
	if os.Getenv("NER_EPOCHDEV") != "" {
		opts.Dev = dev
	}
	t0 := time.Now()
	m, err := Train(context.Background(), train, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("trained in %v", time.Since(t0))
	tg := NewTagger(m)
	logEvaluation(t, "dev", tg.Evaluate(dev))
	if os.Getenv("NER_ERR") != "" {
		for _, s := range dev {
			pred := tg.Tag(s.Tokens)
			gs, ps := Spans(s.Tags), Spans(pred)
			set := map[Span]bool{}
			for _, p := range ps {
				set[p] = true
			}
			gset := map[Span]bool{}
			for _, g := range gs {
				gset[g] = true
				if !set[g] {
					ctx := strings.Join(s.Tokens[max(0, g.Start-3):g.Start], " ") + " [" + strings.Join(s.Tokens[g.Start:g.End], " ") + "] " + strings.Join(s.Tokens[g.End:min(len(s.Tokens), g.End+2)], " ")
					t.Logf("MISS %s %s | pred %s", g.Type, ctx, strings.Join(pred[max(0, g.Start-1):min(len(pred), g.End+1)], ","))
				}
			}
			for _, p := range ps {
				if !gset[p] {
					ctx := strings.Join(s.Tokens[max(0, p.Start-3):p.Start], " ") + " [" + strings.Join(s.Tokens[p.Start:p.End], " ") + "] " + strings.Join(s.Tokens[p.End:min(len(s.Tokens), p.End+2)], " ")
					t.Logf("SPUR %s %s | gold %s", p.Type, ctx, strings.Join(s.Tags[max(0, p.Start-1):min(len(s.Tags), p.End+1)], ","))
				}
			}
		}
	}
	ev := tg.Evaluate(train[:800])
	t.Logf("train[:800] F1 %.2f", 100*ev.Overall.F1)
	if p := os.Getenv("NER_SAVE"); p != "" {
		f, _ := os.Create(p)
		m.WriteTo(f)
		f.Close()
	}
}
