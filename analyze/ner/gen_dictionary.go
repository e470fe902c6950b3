//go:build ignore

// gen_dictionary derives word lists of the tagger from the Ayaspell
// hunspell dictionary (Debian package hunspell-ar, used under its MPL-1.1
// option; see lexicon/LICENSE.md):
//
//   - lexicon/ayaspell-words.txt.gz: the ordinary words, i.e. the word of
//     every entry (without its affix flags and counts) outside the sections
//     of proper nouns (continents, countries, capitals, persons' names);
//   - lexicon/ayaspell-countries.txt: the continents and countries;
//   - lexicon/ayaspell-capitals.txt: the capitals;
//   - lexicon/ayaspell-persons.txt: the persons' names;
//   - lexicon/ayaspell-nisba.txt: the relational (nisba) adjectives, the
//     entries with the affix class of سوري، يمني، أمريكي (flag 58).
//
// Each list holds distinct words, sorted, one a line. Run from analyze/ner:
//
//	go run gen_dictionary.go -dic /usr/share/hunspell/ar.dic
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	dic := flag.String("dic", "/usr/share/hunspell/ar.dic", "Ayaspell dictionary (hunspell .dic)")
	out := flag.String("out", "lexicon", "output folder")
	flag.Parse()
	if err := run(*dic, *out); err != nil {
		log.Fatal(err)
	}
}

func run(dic, out string) error {
	f, err := os.Open(dic)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	seen := map[string]bool{}
	countries, capitals := map[string]bool{}, map[string]bool{}
	persons, nisba := map[string]bool{}, map[string]bool{}
	section := "" // the section of proper nouns the line is in, if any
	first := true
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if first { // the entry count
			first = false
			continue
		}
		if line == "" || strings.HasPrefix(line, "::::") || strings.HasSuffix(line, ".dic") {
			continue
		}
		if strings.HasPrefix(line, "#") {
			// Section headers of names.dic: continents, countries and
			// capitals, then persons' names, up to the common nouns.
			switch {
			case strings.Contains(line, "القارات"):
				section = "countries"
			case strings.Contains(line, "العواصم"):
				section = "capitals"
			case strings.Contains(line, "اسماء،أشخاص"):
				section = "persons"
			case strings.Contains(line, "####الأسماء####"):
				section = ""
			}
			continue
		}
		w, flags, _ := strings.Cut(line, "/")
		w, _, _ = strings.Cut(w, "\t")
		flags, _, _ = strings.Cut(flags, "\t")
		w = strings.TrimSpace(w)
		if w == "" || strings.ContainsAny(w, " #") {
			continue
		}
		switch {
		case flags == "58":
			nisba[w] = true
		case section == "countries":
			countries[w] = true
		case section == "capitals":
			capitals[w] = true
		case section == "persons":
			persons[w] = true
		}
		if section == "" {
			seen[w] = true
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	lists := []struct {
		name, head string
		words      map[string]bool
	}{
		{"ayaspell-countries.txt", "Continents and countries", countries},
		{"ayaspell-capitals.txt", "Capitals", capitals},
		{"ayaspell-persons.txt", "Persons' names", persons},
		{"ayaspell-nisba.txt", "Relational (nisba) adjectives", nisba},
	}
	for _, l := range lists {
		var b strings.Builder
		fmt.Fprintf(&b, "# %s, from the Ayaspell Arabic dictionary (hunspell-ar),\n", l.head)
		b.WriteString("# MPL-1.1 (see LICENSE.md); made by gen_dictionary.go. One per line.\n")
		for _, w := range sorted(l.words) {
			b.WriteString(w + "\n")
		}
		if err := os.WriteFile(filepath.Join(out, l.name), []byte(b.String()), 0o644); err != nil {
			return err
		}
		log.Printf("%s: %d words", l.name, len(l.words))
	}
	words := sorted(seen)
	o, err := os.Create(filepath.Join(out, "ayaspell-words.txt.gz"))
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(o, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	for _, w := range words {
		fmt.Fprintln(bw, w)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := o.Close(); err != nil {
		return err
	}
	log.Printf("ayaspell-words.txt.gz: %d words", len(words))
	return nil
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}
