package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/marsad-news/marsad/internal/shared"
)

// TestTrainNERReproducesEmbeddedModel runs the documented training command
// (analyze/ner/model/LICENSE.md) and checks that it gives the embedded
// model byte for byte: the model in the repository is what the code and
// data make, and training fits in CI time. About 20–60 s on 2 cores.
func TestTrainNERReproducesEmbeddedModel(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the NER model (up to a minute); not in -short mode")
	}
	train := shared.Path(t, "data/anercorp/ANERCorp_reconstructed_train.txt")
	ant := shared.Path(t, "data/ant-corpus-v1.1/antcorpus-v1.1.tar.gz")
	args := []string{"train", "ner", "--train", train, "--unlabelled", ant}
	for _, f := range []string{"train.txt", "val.txt", "test.txt"} {
		args = append(args, "--wojood", shared.Path(t, "data/wojood-sample/"+f))
	}
	out := filepath.Join(t.TempDir(), "ner.model.gz")
	code, _, errs := runCLI(t, nil, append(args, "--out", out)...)
	if code != exitOK {
		t.Fatalf("train ner: exit %d: %s", code, errs)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../analyze/ner/model/ner.model.gz")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("retrained model (%d bytes) differs from the embedded one (%d bytes): retrain with the command in analyze/ner/model/LICENSE.md and commit it", len(got), len(want))
	}
}
