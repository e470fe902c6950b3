package ner

import (
	"bytes"
	"math"
	"testing"
)

func TestCues(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		word string
		want uint8
	}{
		{"الكيني", cueNisbaPlace | cueNisba}, // كينيا is a listed country
		{"التركي", cueNisbaPlace | cueNisba},
		{"الدولي", cueNisba},
		{"ستبعد", cueVerbLike},
		{"وسيترأس", cueVerbLike},
		{"كمقدم", cuePrep},
		{"المدربين", cuePlural},
		{"محمد", 0},
		{"يوسف", 0}, // a listed given name is not verb-like
		{"في", cueParticle},
		{"،", cueParticle},
		{".", cueParticle},
	}
	for _, tt := range tests {
		var ti tokInfo
		lx.analyzeToken(tt.word, &ti)
		if ti.cue != tt.want {
			t.Errorf("cues(%s) = %06b, want %06b", tt.word, ti.cue, tt.want)
		}
	}
}

func TestEdgeObs(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	toks := []string{"وقال", "الكيني", "محمد", "كمقدم"}
	infos := make([]tokInfo, len(toks))
	lx.analyzeSentence(toks, infos)
	if got := edgeObs(infos, 0); got != 0 {
		t.Errorf("edgeObs at the sentence start = %b, want 0", got)
	}
	if got := edgeObs(infos, 2); got&(1<<5) == 0 || got&(1<<0) == 0 {
		t.Errorf("edgeObs(محمد after الكيني) = %b, want the nisba bit 5 and the given-name bit 0", got)
	}
	if got := edgeObs(infos, 3); got&(1<<8) == 0 || got&(1<<3) == 0 {
		t.Errorf("edgeObs(كمقدم after محمد) = %b, want the preposition bit 8 and the previous-given-name bit 3", got)
	}
}

// TestEdgeTablesTrained checks that training fills the transition-feature
// tables, that they survive the model file and that runs average them.
func TestEdgeTablesTrained(t *testing.T) {
	a, b, avg := trainRuns(t)
	if a.edge == (edgeTables{}) {
		t.Fatal("no transition-feature weights after training")
	}
	for k := range avg.edge {
		for p := range avg.edge[k] {
			for y := range avg.edge[k][p] {
				want := (float64(a.edge[k][p][y]) + float64(b.edge[k][p][y])) / 2
				if got := float64(avg.edge[k][p][y]); math.Abs(got-want) > 1e-5*(1+math.Abs(want)) {
					t.Errorf("edge[%d][%d][%d] = %v, want the mean %v", k, p, y, got, want)
				}
			}
		}
	}
	m2, err := ReadModel(bytes.NewReader(modelBytes(t, a)))
	if err != nil {
		t.Fatal(err)
	}
	if m2.edge != a.edge {
		t.Error("transition-feature weights differ after the model file round trip")
	}
}
