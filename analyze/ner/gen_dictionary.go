//go:build ignore

// gen_dictionary derives word lists of the tagger from the sections of
// proper nouns of the Ayaspell hunspell dictionary (Debian package
// hunspell-ar, used under its MPL-1.1 option; see lexicon/LICENSE.md):
//
//   - lexicon/ayaspell-countries.txt: the continents and countries;
//   - lexicon/ayaspell-capitals.txt: the capitals;
//   - lexicon/ayaspell-persons.txt: the persons' names.
//
// Each list holds the distinct words of the entries (without their affix
// flags), sorted, one a line; relational adjectives of these sections
// (آسيوي، بريطاني, affix flag 58) are left out. Run from analyze/ner:
//
//	go run gen_dictionary.go -dic /usr/share/hunspell/ar.dic
package main

import (
	"bufio"
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
	countries, capitals, persons := map[string]bool{}, map[string]bool{}, map[string]bool{}
	section := "" // the section of proper nouns the line is in, if any
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			// Section headers of names.dic: continents and countries,
			// capitals, persons' names, then the common nouns.
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
		if section == "" {
			continue
		}
		w, flags, _ := strings.Cut(line, "/")
		w, _, _ = strings.Cut(w, "\t")
		flags, _, _ = strings.Cut(flags, "\t")
		w = strings.TrimSpace(w)
		if w == "" || flags == "58" || strings.ContainsAny(w, " #") {
			continue
		}
		switch section {
		case "countries":
			countries[w] = true
		case "capitals":
			capitals[w] = true
		case "persons":
			persons[w] = true
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
