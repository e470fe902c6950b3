package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marsad-news/marsad/analyze/ner"
)

func TestTagCommand(t *testing.T) {
	in := "وقالت\nالمتحدثة\nماريا\nزاخاروفا\n\n\nدمشق\n"
	var out, errb bytes.Buffer
	if code := run([]string{"tag"}, strings.NewReader(in), &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	want := []string{"وقالت", "المتحدثة", "ماريا", "زاخاروفا", "", "", "دمشق"}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		if w == "" {
			if lines[i] != "" {
				t.Errorf("line %d: %q, want blank", i+1, lines[i])
			}
			continue
		}
		tok, tag, ok := strings.Cut(lines[i], "\t")
		if !ok || tok != w || tag == "" {
			t.Errorf("line %d: %q, want %q<TAB>tag", i+1, lines[i], w)
		}
	}
	if !strings.Contains(out.String(), "ماريا\tB-PERS") {
		t.Errorf("ماريا not tagged B-PERS:\n%s", out.String())
	}
}

func TestTagCommandLongLine(t *testing.T) {
	var out, errb bytes.Buffer
	in := strings.Repeat("ا", maxTagLine+10)
	if code := run([]string{"tag"}, strings.NewReader(in), &out, &errb); code != exitUsage {
		t.Fatalf("exit %d, want %d", code, exitUsage)
	}
}

func TestTrainNERCommand(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < 20; i++ {
		b.WriteString("قال O\nمحمد B-PERS\nعلي I-PERS\nفي O\nدمشق B-LOC\n\n")
	}
	train := filepath.Join(dir, "train.txt")
	if err := os.WriteFile(train, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(dir, "ner.model.gz")
	var out, errb bytes.Buffer
	code := run([]string{"train", "ner", "--train", train, "--dev", train, "--out", model, "--epochs", "2"}, strings.NewReader(""), &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	f, err := os.Open(model)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := ner.ReadModel(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := ner.NewTagger(m).Tag([]string{"قال", "محمد", "علي"}); got[1] != ner.TagBPers {
		t.Errorf("tags %v", got)
	}

	for _, args := range [][]string{
		{"train"},
		{"train", "ner", "--out", model},
		{"train", "ner", "--train", train},
		{"train", "ner", "--train", filepath.Join(dir, "missing.txt"), "--out", model},
		{"train", "ner", "--train", train, "--out", model, "--epochs", "0"},
	} {
		out.Reset()
		errb.Reset()
		if code := run(args, strings.NewReader(""), &out, &errb); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, exitUsage, errb.String())
		}
	}
}
