package ner

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxUnlabelledTokens bounds the text ReadUnlabelled keeps.
const maxUnlabelledTokens = 50_000_000

// ReadUnlabelled reads raw text for word clusters and returns it as
// token lines (punctuation split from words as in ANERcorp). A file ending
// in .tar.gz or .tgz is read member by member; a .gz file is decompressed;
// markup tags (<...>) are dropped. At most 50 million tokens are kept.
func ReadUnlabelled(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]string
	n := 0
	add := func(r io.Reader) error {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 16<<20)
		for sc.Scan() {
			toks := splitText(sc.Text())
			if len(toks) == 0 {
				continue
			}
			n += len(toks)
			if n > maxUnlabelledTokens {
				return fmt.Errorf("more than %d tokens", maxUnlabelledTokens)
			}
			out = append(out, toks)
		}
		return sc.Err()
	}
	switch {
	case strings.HasSuffix(path, ".tar.gz"), strings.HasSuffix(path, ".tgz"):
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		tr := tar.NewReader(zr)
		for {
			h, err := tr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if h.Typeflag != tar.TypeReg {
				continue
			}
			if err := add(tr); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", path, h.Name, err)
			}
		}
	case strings.HasSuffix(path, ".gz"):
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if err := add(zr); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	default:
		if err := add(f); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return out, nil
}

// splitText drops markup tags and splits a line into word and punctuation
// tokens.
func splitText(line string) []string {
	var toks []string
	inTag := false
	startW := -1
	flush := func(end int) {
		if startW >= 0 {
			toks = append(toks, line[startW:end])
			startW = -1
		}
	}
	for i, r := range line {
		switch {
		case inTag:
			if r == '>' {
				inTag = false
			}
		case r == '<':
			flush(i)
			inTag = true
		case unicode.IsSpace(r):
			flush(i)
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			flush(i)
			_, size := utf8.DecodeRuneInString(line[i:])
			toks = append(toks, line[i:i+size])
		default:
			if startW < 0 {
				startW = i
			}
		}
	}
	flush(len(line))
	return toks
}
