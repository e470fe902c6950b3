package clustereval

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name           string
		gold, pred     map[string]string
		pairF1, bcubed float64
	}{
		{"perfect", map[string]string{"a": "1", "b": "1", "c": "2"}, map[string]string{"a": "x", "b": "x", "c": "y"}, 1, 1},
		{"all merged", map[string]string{"a": "1", "b": "1", "c": "2"}, map[string]string{"a": "x", "b": "x", "c": "x"},
			// pairwise P=1/3 R=1; B-cubed P=(2/3+2/3+1/3)/3=5/9 R=1
			2 * (1.0 / 3) / (1.0/3 + 1), 2 * (5.0 / 9) / (5.0/9 + 1)},
		{"all split", map[string]string{"a": "1", "b": "1", "c": "2"}, map[string]string{"a": "x", "b": "y", "c": "z"},
			// pairwise: no predicted pairs, P=1 R=0; B-cubed P=1 R=(1/2+1/2+1)/3=2/3
			0, 2 * (2.0 / 3) / (2.0/3 + 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, b := Score(tc.gold, tc.pred)
			if math.Abs(p.F1-tc.pairF1) > 1e-9 || math.Abs(b.F1-tc.bcubed) > 1e-9 {
				t.Errorf("Score = pairwise %v, B-cubed %v; want F1 %.4f, %.4f", p, b, tc.pairF1, tc.bcubed)
			}
		})
	}
}

func TestLoadGold(t *testing.T) {
	items, err := LoadGold("../testdata/gold")
	if err != nil {
		t.Fatal(err)
	}
	stories := map[string]map[string]bool{}
	outlets := map[string]map[string]bool{}
	splits := map[string]int{}
	for _, it := range items {
		splits[it.Split]++
		if stories[it.Split] == nil {
			stories[it.Split] = map[string]bool{}
		}
		stories[it.Split][it.Story] = true
		if it.LookalikeOf == "" {
			if outlets[it.Story] == nil {
				outlets[it.Story] = map[string]bool{}
			}
			outlets[it.Story][it.Source] = true
		}
	}
	if len(items) < 60 || splits["dev"] == 0 || splits["test"] == 0 {
		t.Errorf("%d items, splits %v: want at least 60 in dev and test", len(items), splits)
	}
	main := 0
	for id, o := range outlets {
		if len(o) < 3 {
			t.Errorf("story %s has %d outlets, want 3 or more", id, len(o))
		}
		main++
	}
	if main < 12 {
		t.Errorf("%d stories with their own coverage, want 12 or more", main)
	}
	if _, err := LoadGold("no-such-dir"); err == nil {
		t.Error("LoadGold of a missing folder: no error")
	}
}
