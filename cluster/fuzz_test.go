package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
)

// FuzzAdd feeds odd articles (any title, text, dates, entity keys) to a
// clusterer that already holds a story: Add must not panic, must place
// the article and must keep its invariants (a copy points to an earlier
// article of the same story; story sizes stay within the cap).
func FuzzAdd(f *testing.F) {
	f.Add("الصفدي وحسين", wireText, "2026-03-10", "ايمن الصفدي", "2026-03-10", "بترا")
	f.Add("", "", "", "", "", "")
	f.Add("عنوان", "\x00\xff\ufeff\u200f", "not a date", "\u0640\u0640", "2026-13-45", "وكالات")
	f.Add("Jordan and Iraq", "Jordan's foreign minister met his Iraqi counterpart in Amman.", "2026-03-10T25:00:00Z", "x", "2026", "")
	f.Add("الصفدي وحسين يبحثان في عمان مشروع أنبوب النفط", otherText, "1970-01-01", "", "9999-12-31", "")
	f.Fuzz(func(t *testing.T, title, text, published, key, date, credit string) {
		c := New(Options{MaxStoryArticles: 3})
		ctx := context.Background()
		seed := art("a1", "2026-03-10T09:00:00Z", "petra", "الصفدي وحسين يبحثان في عمان مشروع أنبوب النفط", wireText, person("ايمن الصفدي", 2))
		if _, err := c.Add(ctx, seed); err != nil {
			t.Fatal(err)
		}
		for i, id := range []string{"f1", "f2", "f3", "f4"} {
			a := &marsad.Article{ID: id, Title: title, Text: text, Published: published, Credit: credit, Source: "fuzz"}
			if i%2 == 1 {
				a.Text = text + " " + wireText
			}
			a.Entities = []marsad.Entity{{Name: key, Key: key, Type: marsad.EntityPerson, Mentions: []marsad.Mention{{Text: key, Start: i, End: i + 1}}}}
			a.Dates = []marsad.DateRef{{Value: date, Granularity: marsad.GranularityDay}}
			a.Events = []marsad.Event{{Type: marsad.EventMeeting, Place: key, Date: date}}
			start := time.Now()
			asg, err := c.Add(ctx, a)
			if err != nil {
				t.Fatalf("Add: %v", err)
			}
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("Add took %v", el)
			}
			s, ok := c.Story(asg.StoryID)
			if !ok {
				t.Fatalf("story %q of %s not held", asg.StoryID, id)
			}
			if len(s.Articles) > 3 {
				t.Errorf("story %s has %d articles, over the cap 3", s.ID, len(s.Articles))
			}
			if asg.DuplicateOf == id {
				t.Errorf("%s is a copy of itself", id)
			}
		}
	})
}
