package gazetteer

import (
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
)

func TestLookup(t *testing.T) {
	g, err := New([]Entry{{Name: "مرصد الشرق", Type: marsad.EntityOrganization, Variants: []string{"المرصد الشرقي"}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, want, typ string
	}{
		{"سوريا", "سوريا", marsad.EntityLocation},
		{"سورية", "سوريا", marsad.EntityLocation},
		{"دمشق", "دمشق", marsad.EntityLocation},
		{"موسكو", "موسكو", marsad.EntityLocation},
		{"الكرملين", "الكرملين", marsad.EntityOrganization},
		{"سانا", "وكالة الأنباء السورية", marsad.EntityOrganization},
		{"وكالة الانباء السورية", "وكالة الأنباء السورية", marsad.EntityOrganization},
		{"الأمم المتحدة", "الأمم المتحدة", marsad.EntityOrganization},
		{"المرصد الشرقي", "مرصد الشرق", marsad.EntityOrganization},
	}
	for _, tt := range tests {
		e, ok := g.Lookup(Key(tt.name))
		if !ok || e.Name != tt.want || e.Type != tt.typ {
			t.Errorf("Lookup(%q) = %+v, %v; want %s %s", tt.name, e, ok, tt.want, tt.typ)
		}
	}
	if _, ok := g.Lookup(Key("السوري")); ok {
		t.Error("an adjective matched as a name")
	}
	if g.Starts(Key("وكالة")) < 3 {
		t.Errorf("Starts(وكالة) = %d", g.Starts(Key("وكالة")))
	}
	if gen, ok := g.Given(Key("ماريا")); !ok || gen != Female {
		t.Errorf("Given(ماريا) = %d, %v", gen, ok)
	}
}

func TestNewRefusesBadEntries(t *testing.T) {
	for _, e := range []Entry{
		{Name: "", Type: marsad.EntityPerson},
		{Name: "س", Type: "planet"},
		{Name: strings.Repeat("كلمة ", MaxWords+1), Type: marsad.EntityLocation},
	} {
		if _, err := New([]Entry{e}); err == nil {
			t.Errorf("New accepted %+v", e)
		}
	}
}

func TestReadTSV(t *testing.T) {
	es, err := ReadTSV(strings.NewReader("# comment\n\nperson\tماريا زاخاروفا\tزاخاروفا\nlocation\tحلب\n"))
	if err != nil || len(es) != 2 || es[0].Variants[0] != "زاخاروفا" {
		t.Fatalf("ReadTSV = %+v, %v", es, err)
	}
	if _, err := ReadTSV(strings.NewReader("person\n")); err == nil {
		t.Error("ReadTSV accepted a line without a name")
	}
}
