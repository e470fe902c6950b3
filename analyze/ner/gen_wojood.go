//go:build ignore

// gen_wojood derives name lists of the tagger from the public sample of
// the Wojood nested Arabic NER corpus (SinaLab/ArabicNER, folder data/,
// MIT License; see lexicon/LICENSE.md): the distinct mentions of persons,
// organizations and places (GPE, LOC, FAC) as written, one a line, in
// lexicon/wojood-persons.txt, lexicon/wojood-orgs.txt and
// lexicon/wojood-places.txt. Run from analyze/ner with the shared data
// beside the checkout:
//
//	go run gen_wojood.go -in ../../../shared/data/wojood-sample
package main

import (
	"bufio"
	"flag"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	in := flag.String("in", "../../../shared/data/wojood-sample", "folder with train.txt, val.txt and test.txt")
	out := flag.String("out", "lexicon", "output folder")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		log.Fatal(err)
	}
}

// lists maps Wojood entity types to output lists.
var lists = map[string]string{
	"PERS": "wojood-persons.txt",
	"ORG":  "wojood-orgs.txt",
	"GPE":  "wojood-places.txt",
	"LOC":  "wojood-places.txt",
	"FAC":  "wojood-places.txt",
}

func run(in, out string) error {
	found := map[string]map[string]bool{}
	for _, name := range []string{"train.txt", "val.txt", "test.txt"} {
		sents, err := read(filepath.Join(in, name))
		if err != nil {
			return err
		}
		for _, s := range sents {
			for typ, file := range lists {
				for _, m := range mentions(s, typ) {
					if found[file] == nil {
						found[file] = map[string]bool{}
					}
					found[file][m] = true
				}
			}
		}
	}
	for file, set := range found {
		words := make([]string, 0, len(set))
		for w := range set {
			words = append(words, w)
		}
		slices.Sort(words)
		var b strings.Builder
		b.WriteString("# Mentions from the Wojood corpus sample (SinaLab/ArabicNER), MIT License\n")
		b.WriteString("# (see LICENSE.md); made by gen_wojood.go. One per line.\n")
		for _, w := range words {
			b.WriteString(w + "\n")
		}
		if err := os.WriteFile(filepath.Join(out, file), []byte(b.String()), 0o644); err != nil {
			return err
		}
		log.Printf("%s: %d mentions", file, len(words))
	}
	return nil
}

type token struct {
	word string
	tags []string
}

func read(path string) ([][]token, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]token
	var cur []token
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, token{fields[0], fields[1:]})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, sc.Err()
}

// mentions returns the mentions of type typ in s, at any nesting level.
func mentions(s []token, typ string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if !slices.Contains(s[i].tags, "B-"+typ) {
			continue
		}
		j := i + 1
		for j < len(s) && slices.Contains(s[j].tags, "I-"+typ) {
			j++
		}
		words := make([]string, 0, j-i)
		for _, t := range s[i:j] {
			words = append(words, t.word)
		}
		if m := strings.Join(words, " "); !strings.ContainsAny(m, "#$\"«»") {
			out = append(out, m)
		}
	}
	return out
}
