package evaluate

import (
	"slices"
	"testing"

	"github.com/marsad-news/marsad"
)

func TestScore(t *testing.T) {
	g := &Gold{ID: "x", Text: "قال أحمد الشرع إن سوريا بلد مستقل. وقالت ماريا زاخاروفا إن العلاقات جيدة.",
		Persons: []GoldPerson{{Name: "أحمد الشرع", Roles: []string{"الرئيس السوري"}}, {Name: "ماريا زاخاروفا"}},
		Quotes:  []GoldQuote{{Speaker: "أحمد الشرع", Text: "سوريا بلد مستقل"}, {Speaker: "ماريا زاخاروفا", Text: "العلاقات جيدة"}},
		Events:  []GoldEvent{{Type: marsad.EventVisit, Participants: []string{"أحمد الشرع"}, Place: "موسكو"}},
	}
	a := &marsad.Article{Text: g.Text,
		Entities: []marsad.Entity{
			{Name: "أحمد الشرع", Type: marsad.EntityPerson, Roles: []string{"الرئيس السوري"}},
			{Name: "بشار الأسد", Type: marsad.EntityPerson},
		},
		Quotes: []marsad.Quote{
			{Speaker: "احمد الشرع", Start: 18, End: 33}, // right (spelling variant)
			{Speaker: "أحمد الشرع", Start: 60, End: 73}, // wrong speaker
		},
		Events: []marsad.Event{{Type: marsad.EventVisit, Participants: []string{"أحمد الشرع"}, Place: "دمشق"}},
	}
	r := Score(g, a)
	check := func(name string, c Counts, tp, pred, gold int) {
		t.Helper()
		if c.TP != tp || c.Pred != pred || c.Gold != gold {
			t.Errorf("%s = %+v, want tp %d pred %d gold %d", name, c, tp, pred, gold)
		}
	}
	check("persons", r.Persons, 1, 2, 2)
	check("roles", r.Roles, 1, 1, 1)
	check("quotes", r.Quotes, 1, 2, 2)
	check("events", r.Events, 1, 1, 1)
	check("place", r.EventPlace, 0, 1, 1)
	if len(r.Misses) == 0 {
		t.Error("no misses listed")
	}
	if Key("السيد أحمد  الشرع") != Key("احمد الشرع") {
		t.Error("Key does not drop honorifics or fold hamza")
	}
}

func TestInSplit(t *testing.T) {
	golds := []Gold{{ID: "a", Split: "dev"}, {ID: "b", Split: "test"}, {ID: "c", Split: "dev", Shared: "seed/x.txt"}}
	ids := func(gs []Gold) (out []string) {
		for _, g := range gs {
			out = append(out, g.ID)
		}
		return out
	}
	tests := []struct {
		split, shared string
		want          []string
	}{
		{"dev", "", []string{"a"}},
		{"dev", "/shared", []string{"a", "c"}},
		{"test", "/shared", []string{"b"}},
		{"other", "/shared", nil},
	}
	for _, tt := range tests {
		if got := ids(InSplit(golds, tt.split, tt.shared)); !slices.Equal(got, tt.want) {
			t.Errorf("InSplit(%q, %q) = %v, want %v", tt.split, tt.shared, got, tt.want)
		}
	}
}
