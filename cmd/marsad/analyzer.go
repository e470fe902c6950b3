package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/marsad-news/marsad/analyze"
	"github.com/marsad-news/marsad/analyze/gazetteer"
)

// maxGazetteerBytes bounds one user list (--gazetteer).
const maxGazetteerBytes = 64 << 20

// newAnalyzer returns the analyzer with the built-in lists and the
// user's own (--gazetteer files, tab-separated: type, name, variants). A
// list that cannot be read or parsed is a usage error.
func (g *globals) newAnalyzer() (*analyze.Analyzer, error) {
	var extra []gazetteer.Entry
	for _, p := range g.gazetteers {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, usageErrorf("gazetteer: %v", err)
		}
		if fi.Size() > maxGazetteerBytes {
			return nil, usageErrorf("gazetteer %s: %d bytes (limit %d MiB)", p, fi.Size(), maxGazetteerBytes>>20)
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, usageErrorf("gazetteer: %v", err)
		}
		es, err := gazetteer.ReadTSV(f)
		f.Close()
		if err != nil {
			return nil, usageErrorf("gazetteer %s: %v", filepath.Base(p), err)
		}
		extra = append(extra, es...)
	}
	an, err := analyze.New(analyze.Options{ExtraGazetteer: extra})
	if err != nil {
		return nil, fmt.Errorf("loading the analyzer: %w", err)
	}
	return an, nil
}
