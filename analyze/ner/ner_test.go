package ner

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/marsad-news/marsad/internal/shared"
)

func TestSpans(t *testing.T) {
	tests := []struct {
		tags string
		want []Span
	}{
		{"", nil},
		{"O O", nil},
		{"B-PERS I-PERS O", []Span{{"PERS", 0, 2}}},
		{"B-PERS B-PERS", []Span{{"PERS", 0, 1}, {"PERS", 1, 2}}},
		{"I-LOC I-LOC O", []Span{{"LOC", 0, 2}}},                      // I- without B- starts a chunk
		{"O I-ORG", []Span{{"ORG", 1, 2}}},                            // after O too
		{"B-PERS I-LOC", []Span{{"PERS", 0, 1}, {"LOC", 1, 2}}},       // type change
		{"B-MISC I-MISC I-MISC", []Span{{"MISC", 0, 3}}},              // long
		{"B-ORG X-ORG I-ORG", []Span{{"ORG", 0, 1}, {"ORG", 2, 3}}},   // bad tag acts as O
		{"B-LOC O B-LOC I-LOC", []Span{{"LOC", 0, 1}, {"LOC", 2, 4}}}, // two
	}
	for _, tt := range tests {
		got := Spans(strings.Fields(tt.tags))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Spans(%q) = %v, want %v", tt.tags, got, tt.want)
		}
	}
}

func ExampleSpans() {
	tokens := []string{"قال", "الرئيس", "بشار", "الأسد", "في", "دمشق"}
	tags := []string{"O", "O", "B-PERS", "I-PERS", "O", "B-LOC"}
	for _, s := range Spans(tags) {
		fmt.Println(s.Type, strings.Join(tokens[s.Start:s.End], " "))
	}
	// Output:
	// PERS بشار الأسد
	// LOC دمشق
}

func TestEvaluateConlleval(t *testing.T) {
	tests := []struct {
		name                     string
		gold, pred               string // sentences separated by "|"
		goldN, predN, correct    int
		byTypeCorrect            map[string]int
		wantPrecision, wantRecal float64
	}{
		{"exact", "B-PERS I-PERS O B-LOC", "B-PERS I-PERS O B-LOC", 2, 2, 2, map[string]int{"PERS": 1, "LOC": 1}, 1, 1},
		{"short span", "B-PERS I-PERS O", "B-PERS O O", 1, 1, 0, nil, 0, 0},
		{"long span", "B-PERS O", "B-PERS I-PERS", 1, 1, 0, nil, 0, 0},
		{"wrong type", "B-ORG I-ORG", "B-LOC I-LOC", 1, 1, 0, nil, 0, 0},
		{"I without B", "B-LOC I-LOC", "I-LOC I-LOC", 1, 1, 1, map[string]int{"LOC": 1}, 1, 1},
		{"split", "B-PERS I-PERS", "B-PERS B-PERS", 1, 2, 0, nil, 0, 0},
		{"type change inside", "B-ORG I-ORG", "B-ORG I-LOC", 1, 2, 0, nil, 0, 0},
		{"sentence boundary ends a chunk", "B-LOC|I-LOC", "B-LOC|I-LOC", 2, 2, 2, map[string]int{"LOC": 2}, 1, 1},
		{"missed and spurious", "B-PERS O O", "O O B-MISC", 1, 1, 0, nil, 0, 0},
		{"half", "B-PERS O B-LOC", "B-PERS O O", 2, 1, 1, map[string]int{"PERS": 1}, 1, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gold, pred [][]string
			for _, s := range strings.Split(tt.gold, "|") {
				gold = append(gold, strings.Fields(s))
			}
			for _, s := range strings.Split(tt.pred, "|") {
				pred = append(pred, strings.Fields(s))
			}
			ev, err := Evaluate(gold, pred)
			if err != nil {
				t.Fatal(err)
			}
			o := ev.Overall
			if o.Gold != tt.goldN || o.Predicted != tt.predN || o.Correct != tt.correct {
				t.Errorf("gold/predicted/correct = %d/%d/%d, want %d/%d/%d", o.Gold, o.Predicted, o.Correct, tt.goldN, tt.predN, tt.correct)
			}
			if o.Precision != tt.wantPrecision || o.Recall != tt.wantRecal {
				t.Errorf("P/R = %v/%v, want %v/%v", o.Precision, o.Recall, tt.wantPrecision, tt.wantRecal)
			}
			for _, s := range ev.ByType {
				if s.Correct != tt.byTypeCorrect[s.Type] {
					t.Errorf("%s correct = %d, want %d", s.Type, s.Correct, tt.byTypeCorrect[s.Type])
				}
			}
		})
	}
	if _, err := Evaluate([][]string{{"O"}}, [][]string{{"O", "O"}}); err == nil {
		t.Error("Evaluate accepted sentences of different lengths")
	}
	if _, err := Evaluate([][]string{{"O"}}, nil); err == nil {
		t.Error("Evaluate accepted different sentence counts")
	}
}

func TestReadCoNLL(t *testing.T) {
	in := "فرانكفورت B-LOC\n(د O\n\n\nأعلن O\r\nاتحاد B-ORG\n"
	got, err := ReadCoNLL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{
		{Tokens: []string{"فرانكفورت", "(د"}, Tags: []string{"B-LOC", "O"}},
		{Tokens: []string{"أعلن", "اتحاد"}, Tags: []string{"O", "B-ORG"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := ReadCoNLL(strings.NewReader("token-without-tag\n")); err == nil {
		t.Error("a line without a tag was accepted")
	}
}

// smallCorpus is a tiny training set for the tests that train.
func smallCorpus() []Sentence {
	var out []Sentence
	names := []string{"محمد", "أحمد", "سامي", "ليلى", "زاخاروفا"}
	places := []string{"دمشق", "موسكو", "القاهرة", "بيروت"}
	for i := 0; i < 40; i++ {
		n, p := names[i%len(names)], places[i%len(places)]
		out = append(out,
			Sentence{Tokens: []string{"قال", n, "علي", "في", p, "."}, Tags: []string{"O", "B-PERS", "I-PERS", "O", "B-LOC", "O"}},
			Sentence{Tokens: []string{"وصل", "الوزير", n, "إلى", p}, Tags: []string{"O", "O", "B-PERS", "O", "B-LOC"}},
			Sentence{Tokens: []string{"أعلنت", "وزارة", "الخارجية", "أن", "الاجتماع", "انتهى"}, Tags: []string{"O", "B-ORG", "I-ORG", "O", "O", "O"}},
		)
	}
	return out
}

func modelBytes(t *testing.T, m *Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTrainSmall(t *testing.T) {
	for _, perceptron := range []bool{false, true} {
		t.Run(fmt.Sprintf("perceptron=%v", perceptron), func(t *testing.T) {
			train := smallCorpus()
			opts := TrainOptions{Epochs: 5, Perceptron: perceptron}
			m, err := Train(context.Background(), train, opts)
			if err != nil {
				t.Fatal(err)
			}
			tg := NewTagger(m)
			if ev := tg.Evaluate(train); ev.Overall.F1 < 0.95 {
				t.Errorf("training-set F1 %.3f, want >= 0.95", ev.Overall.F1)
			}
			// Round trip through the file format.
			b := modelBytes(t, m)
			m2, err := ReadModel(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			tg2 := NewTagger(m2)
			for _, s := range train[:6] {
				if a, b := tg.Tag(s.Tokens), tg2.Tag(s.Tokens); !reflect.DeepEqual(a, b) {
					t.Errorf("tags differ after the round trip: %v vs %v", a, b)
				}
			}
			// Determinism: the same data and options give the same file.
			m3, err := Train(context.Background(), smallCorpus(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, modelBytes(t, m3)) {
				t.Error("two trainings with the same seed gave different models")
			}
		})
	}
}

// TestTrainDeterministicANERcorp trains twice on a slice of ANERcorp with
// clusters and checks the models are byte-identical.
func TestTrainDeterministicANERcorp(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	train := readCoNLLPath(t, shared.Path(t, "data/anercorp/ANERCorp_reconstructed_train.txt"))[:400]
	var text [][]string
	for _, s := range train {
		text = append(text, s.Tokens)
	}
	build := func() []byte {
		m, err := BuildModel(context.Background(), train, text, TrainOptions{Epochs: 2}, ClusterOptions{Ks: []int{16, 32}, Contexts: 200, MinFreq: 2})
		if err != nil {
			t.Fatal(err)
		}
		return modelBytes(t, m)
	}
	if a, b := build(), build(); !bytes.Equal(a, b) {
		t.Error("two trainings with the same inputs gave different models")
	}
}

func TestTrainErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := Train(ctx, nil, TrainOptions{}); err == nil {
		t.Error("no sentences: no error")
	}
	if _, err := Train(ctx, []Sentence{{Tokens: []string{"a"}, Tags: []string{"B-PERSON"}}}, TrainOptions{}); err == nil {
		t.Error("unknown tag: no error")
	}
	if _, err := Train(ctx, []Sentence{{Tokens: []string{"a", "b"}, Tags: []string{"O"}}}, TrainOptions{}); err == nil {
		t.Error("length mismatch: no error")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Train(cctx, smallCorpus(), TrainOptions{}); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestReadModelErrors(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("not gzip"), {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0}} {
		if _, err := ReadModel(bytes.NewReader(in)); err == nil {
			t.Errorf("ReadModel(%q): no error", in)
		}
	}
	// A truncated model fails cleanly.
	m, err := Train(context.Background(), smallCorpus(), TrainOptions{Epochs: 1})
	if err != nil {
		t.Fatal(err)
	}
	b := modelBytes(t, m)
	if _, err := ReadModel(bytes.NewReader(b[:len(b)/2])); err == nil {
		t.Error("truncated model: no error")
	}
}

func TestLoadAndTag(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := tg.Tag(nil); len(got) != 0 {
		t.Errorf("Tag(nil) = %v", got)
	}
	// From the founding example.
	toks := strings.Fields("وقالت المتحدثة باسم وزارة الخارجية الروسية ماريا زاخاروفا إن روسيا وسوريا تحافظان على اتصالات رسمية")
	tags := tg.Tag(toks)
	if len(tags) != len(toks) {
		t.Fatalf("%d tags for %d tokens", len(tags), len(toks))
	}
	names := labelNames()
	for i, tag := range tags {
		if labelIndex(tag) < 0 {
			t.Errorf("token %d: tag %q not in %v", i, tag, names)
		}
	}
	var found []string
	for _, s := range Spans(tags) {
		found = append(found, s.Type+":"+strings.Join(toks[s.Start:s.End], " "))
	}
	t.Logf("%v", found)
	for _, want := range []string{"PERS:ماريا زاخاروفا", "LOC:روسيا"} {
		if !strings.Contains(strings.Join(found, "|"), want) {
			t.Errorf("missing %s in %v", want, found)
		}
	}
}

func TestTagConcurrent(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	sents := [][]string{
		strings.Fields("التقى وزير الدفاع السوري مرهف أبو قصرة في دمشق"),
		strings.Fields("قال المتحدث باسم الكرملين دميتري بيسكوف"),
		strings.Fields("أعلنت الأمم المتحدة"),
	}
	want := make([][]string, len(sents))
	for i, s := range sents {
		want[i] = tg.Tag(s)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				i := (g + k) % len(sents)
				if got := tg.Tag(sents[i]); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("concurrent Tag differs: %v vs %v", got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestPropagate(t *testing.T) {
	sents := [][]string{
		strings.Fields("قال رجل الأعمال ألفريد ديمورا إنه"),
		strings.Fields("وأضاف ديمورا أن الشركة"),
		strings.Fields("ويقول ديمورا"),
		strings.Fields("وزار ديمورا دمشق"),
	}
	tests := []struct {
		name      string
		o         propOptions
		tags, out [][]string
	}{
		{"whole phrases only", propOptions{},
			[][]string{{"O", "O", "O", "B-PERS", "I-PERS", "O"}, {"O", "O", "O", "O"}, {"O", "O"}, {"O", "O", "B-LOC"}},
			[][]string{{"O", "O", "O", "B-PERS", "I-PERS", "O"}, {"O", "O", "O", "O"}, {"O", "O"}, {"O", "O", "B-LOC"}}},
		{"single token spreads to untagged occurrences", propOptions{},
			[][]string{{"O", "O", "O", "O", "B-PERS", "O"}, {"O", "O", "O", "O"}, {"O", "O"}, {"O", "O", "B-LOC"}},
			[][]string{{"O", "O", "O", "O", "B-PERS", "O"}, {"O", "B-PERS", "O", "O"}, {"O", "B-PERS"}, {"O", "B-PERS", "B-LOC"}}},
		{"tagged occurrences keep their type without the majority option", propOptions{},
			[][]string{{"O", "O", "O", "O", "B-PERS", "O"}, {"O", "B-PERS", "O", "O"}, {"O", "O"}, {"O", "B-ORG", "B-LOC"}},
			[][]string{{"O", "O", "O", "O", "B-PERS", "O"}, {"O", "B-PERS", "O", "O"}, {"O", "B-PERS"}, {"O", "B-ORG", "B-LOC"}}},
		{"majority type wins", propOptions{majority: true},
			[][]string{{"O", "O", "O", "O", "B-PERS", "O"}, {"O", "B-PERS", "O", "O"}, {"O", "O"}, {"O", "B-ORG", "B-LOC"}},
			[][]string{{"O", "O", "O", "O", "B-PERS", "O"}, {"O", "B-PERS", "O", "O"}, {"O", "B-PERS"}, {"O", "B-PERS", "B-LOC"}}},
		{"a tie keeps the type", propOptions{majority: true},
			[][]string{{"O", "O", "O", "O", "B-PERS", "O"}, {"O", "B-ORG", "O", "O"}, {"O", "O"}, {"O", "O", "B-LOC"}},
			[][]string{{"O", "O", "O", "O", "B-PERS", "O"}, {"O", "B-ORG", "O", "O"}, {"O", "B-ORG"}, {"O", "B-ORG", "B-LOC"}}},
		{"tails of person names", propOptions{tails: true},
			[][]string{{"O", "O", "O", "B-PERS", "I-PERS", "O"}, {"O", "O", "O", "O"}, {"O", "O"}, {"O", "O", "B-LOC"}},
			[][]string{{"O", "O", "O", "B-PERS", "I-PERS", "O"}, {"O", "B-PERS", "O", "O"}, {"O", "B-PERS"}, {"O", "B-PERS", "B-LOC"}}},
		{"tails of other types do not spread", propOptions{tails: true},
			[][]string{{"O", "O", "O", "B-ORG", "I-ORG", "O"}, {"O", "O", "O", "O"}, {"O", "O"}, {"O", "O", "B-LOC"}},
			[][]string{{"O", "O", "O", "B-ORG", "I-ORG", "O"}, {"O", "O", "O", "O"}, {"O", "O"}, {"O", "O", "B-LOC"}}},
	}
	for _, tt := range tests {
		propagate(sents, tt.tags, tt.o)
		if !reflect.DeepEqual(tt.tags, tt.out) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.tags, tt.out)
		}
	}
}

func TestPropagateExtendsPersons(t *testing.T) {
	sents := [][]string{
		strings.Fields("قالت رئيسة المفوضية أورسولا فون دير لاين إن"),
		strings.Fields("وأضافت فون دير لاين أن"),
		strings.Fields("ورأت فون دير ليست"),
		strings.Fields("وتابعت دير لاين"),
	}
	in := func() [][]string {
		return [][]string{
			{"O", "O", "O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "O"},
			{"O", "B-PERS", "I-PERS", "O", "O"},
			{"O", "B-PERS", "I-PERS", "O"},
			{"O", "O", "B-PERS"},
		}
	}
	tests := []struct {
		name string
		o    propOptions
		want [][]string
	}{
		{"without the option a cut name stays cut", propOptions{},
			[][]string{
				{"O", "O", "O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "O"},
				{"O", "B-PERS", "I-PERS", "B-PERS", "O"},
				{"O", "B-PERS", "I-PERS", "O"},
				{"O", "O", "B-PERS"},
			}},
		{"completed forwards and backwards, only where the words are there", propOptions{tails: true, extend: true},
			[][]string{
				{"O", "O", "O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "O"},
				{"O", "B-PERS", "I-PERS", "I-PERS", "O"},
				{"O", "B-PERS", "I-PERS", "O"},
				{"O", "B-PERS", "I-PERS"},
			}},
	}
	for _, tt := range tests {
		tags := in()
		propagate(sents, tags, tt.o)
		if !reflect.DeepEqual(tags, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tags, tt.want)
		}
	}
}

// Two person phrases complete one cut span to the same length ("أ ب"
// and "ب ج" around "ب"): the result is the same on every run, whatever
// the order of the phrase map.
func TestPropagateExtendsPersonsDeterministic(t *testing.T) {
	sents := [][]string{
		strings.Fields("قال سامي ناصر"),
		strings.Fields("قال ناصر حداد"),
		strings.Fields("ثم سامي ناصر حداد"),
	}
	var first [][]string
	for run := 0; run < 50; run++ {
		tags := [][]string{
			{"O", "B-PERS", "I-PERS"},
			{"O", "B-PERS", "I-PERS"},
			{"O", "O", "B-PERS", "O"},
		}
		propagate(sents, tags, propOptions{extend: true})
		if first == nil {
			first = tags
		} else if !reflect.DeepEqual(tags, first) {
			t.Fatalf("run %d: %v, first run %v", run, tags, first)
		}
	}
}

func TestFeaturesNoAllocHash(t *testing.T) {
	// Hashes of different templates or values differ.
	seen := map[uint64]string{}
	for _, c := range []struct {
		t uint8
		v string
	}{{fW0, "محمد"}, {fWm1, "محمد"}, {fW0, "محمدا"}, {fS0, ""}, {fW0, ""}} {
		h := h1(c.t, c.v)
		if prev, ok := seen[h]; ok {
			t.Errorf("hash collision %v / %v", prev, c)
		}
		seen[h] = fmt.Sprint(c)
	}
	if h2(fClitic, "ab", "c") == h2(fClitic, "a", "bc") {
		t.Error("h2 does not separate its values")
	}
}

// trainRuns trains on smallCorpus two single CRFs (seeds 1 and
// 1+runSeedStep) and the average of both (Runs 2, seed 1).
func trainRuns(t *testing.T) (a, b, avg *Model) {
	t.Helper()
	train := func(seed uint64, runs int) *Model {
		m, err := Train(context.Background(), smallCorpus(), TrainOptions{Epochs: 3, Seed: seed, Runs: runs})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	return train(1, 1), train(1+runSeedStep, 1), train(1, 2)
}

// TestTrainRunsAverage checks that Runs averages the CRFs trained with
// seeds Seed, Seed+1000, ...: the transition weights of a two-run model
// are the mean of those of the two single runs.
func TestTrainRunsAverage(t *testing.T) {
	a, b, avg := trainRuns(t)
	if a.trans == b.trans {
		t.Fatal("two seeds gave the same transition weights: the test cannot tell runs apart")
	}
	for p := range avg.trans {
		for y := range avg.trans[p] {
			want := (float64(a.trans[p][y]) + float64(b.trans[p][y])) / 2
			if got := float64(avg.trans[p][y]); math.Abs(got-want) > 1e-5*(1+math.Abs(want)) {
				t.Errorf("trans[%d][%d] = %v, want the mean %v", p, y, got, want)
			}
		}
	}
}
