package cluster

import (
	"testing"

	"github.com/marsad-news/marsad"
)

func TestCompare(t *testing.T) {
	peskov := marsad.Entity{Name: "دميتري بيسكوف", Key: "دميتري بيسكوف", Type: marsad.EntityPerson, Roles: []string{"المتحدث باسم الكرملين"}, Mentions: []marsad.Mention{{Text: "بيسكوف"}}}
	critic := marsad.Entity{Name: "رسلان سليمان", Key: "رسلان سليمان", Type: marsad.EntityPerson, Mentions: []marsad.Mention{{Text: "سليمان"}}}
	a := &marsad.Article{ID: "a", Source: "sana", Published: "2025-11-16T10:00:00Z", Title: "مباحثات عسكرية سورية روسية في دمشق",
		Text:     "يضم الوفد الروسي نحو 190 شخصية من وزارات روسية. وقال بيسكوف إن الزيارة ناجحة.",
		Entities: []marsad.Entity{peskov},
		Quotes:   []marsad.Quote{{Speaker: "بيسكوف", SpeakerType: marsad.EntityPerson, Text: "الزيارة ناجحة", Kind: marsad.QuoteIndirect}},
		Dates:    []marsad.DateRef{{Value: "2025-11-16", Granularity: marsad.GranularityDay}},
	}
	b := &marsad.Article{ID: "b", Source: "enab", Published: "2025-11-16T12:00:00Z", Title: "موسكو تعود إلى دمشق",
		Text:     "حط في دمشق وفد من 200 شخصية. وقال سليمان إن الكرملين يريد تثبيت وجوده.",
		Entities: []marsad.Entity{critic},
		Quotes:   []marsad.Quote{{Speaker: "سليمان", SpeakerType: marsad.EntityPerson, Text: "الكرملين يريد تثبيت وجوده", Kind: marsad.QuoteIndirect}},
		Dates:    []marsad.DateRef{{Value: "2025-11-16", Granularity: marsad.GranularityDay}},
	}
	copyOfA := *a
	copyOfA.ID, copyOfA.Source, copyOfA.Title, copyOfA.Published = "c", "syria-tv", "عنوان آخر", "2025-11-16T11:00:00Z"
	cmp := Compare([]*marsad.Article{b, &copyOfA, a, nil})
	if len(cmp.Outlets) != 3 || cmp.Outlets[0].Source != "sana" {
		t.Fatalf("outlets = %+v", cmp.Outlets)
	}
	if o := cmp.Outlets[1]; o.Source != "syria-tv" || o.Copies != 1 || o.Articles[0].DuplicateOf != "a" {
		t.Errorf("copy outlet = %+v", o)
	}
	quoted := map[string][]string{}
	for _, q := range cmp.Quotes {
		quoted[q.Speaker] = q.Sources
	}
	if got := quoted["دميتري بيسكوف"]; len(got) != 1 || got[0] != "sana" {
		t.Errorf("Peskov quoted by %v, want [sana] (copies do not count)", got)
	}
	if got := quoted["رسلان سليمان"]; len(got) != 1 || got[0] != "enab" {
		t.Errorf("the critic quoted by %v, want [enab]", got)
	}
	var found bool
	for _, f := range cmp.Facts {
		if f.Kind == "number" && len(f.Values) == 2 {
			found = true
		}
	}
	if !found {
		t.Errorf("facts = %+v, want 190 vs 200 شخصية", cmp.Facts)
	}
	if cmp.First.IsZero() || !cmp.Last.After(cmp.First) || cmp.Title == "" {
		t.Errorf("span/title = %v %v %q", cmp.First, cmp.Last, cmp.Title)
	}
	if empty := Compare(nil); len(empty.Outlets) != 0 {
		t.Errorf("Compare(nil) = %+v", empty)
	}
}
