package analyze

import "github.com/marsad-news/marsad/analyze/ner"

// loadTagger returns the statistical tagger embedded in the binary
// (package analyze/ner, trained on ANERcorp).
func loadTagger() (Tagger, error) {
	t, err := ner.Load()
	if err != nil {
		return nil, err
	}
	return t, nil
}
