package alert_test

import (
	"fmt"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
)

// A Matcher matches an article as a search would find it: here by light
// stem (الوزير, لوزير), by phrase, and with an exclusion.
func ExampleMatcher_Match() {
	m, err := alert.NewMatcher([]marsad.Alert{
		{ID: "minister", Query: marsad.Query{Text: "وزير"}},
		{ID: "defence", Query: marsad.Query{Text: `"وزير الدفاع"`, Sources: []string{"سانا"}}},
		{ID: "not-moscow", Query: marsad.Query{Text: "دمشق -موسكو"}},
		{ID: "beirut", Query: marsad.Query{Text: "بيروت"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	a := &marsad.Article{
		ID: "a1", Source: "سانا", Language: "ar",
		Title: "وزير الدفاع يستقبل وفداً في دمشق",
		Text:  "وقال الوزير إن المباحثات مع موسكو إيجابية.",
	}
	fmt.Println(m.Match(a))
	// Output: [minister defence]
}
