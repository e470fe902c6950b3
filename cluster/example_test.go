package cluster_test

import (
	"context"
	"fmt"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/cluster"
)

// Articles are added as they are stored, in publication order when
// possible; a copy of wire text is marked as such and joins the story of
// the version it copies. After each Add, Save (or AddStored, which reads
// the article and saves) writes the story to the store.
func ExampleClusterer_Add() {
	wire := "بحث وزير الدفاع مرهف أبو قصرة اليوم الأحد مع وفد عسكري روسي برئاسة نائب وزير الدفاع الروسي يونس بك يفكيروف سبل تعزيز التعاون العسكري وآليات التنسيق بين البلدين في دمشق، ويضم الوفد نحو 190 شخصية من وزارات ومؤسسات روسية مختلفة في أكبر زيارة من نوعها منذ سنوات."
	c := cluster.New(cluster.Options{})
	ctx := context.Background()
	for _, a := range []*marsad.Article{
		{ID: "a1", Source: "sana", Published: "2025-11-16T10:00:00Z", Title: "وزير الدفاع يبحث مع وفد روسي التعاون العسكري", Text: wire},
		{ID: "a2", Source: "syria-tv", Published: "2025-11-16T11:00:00Z", Title: "أكبر وفد روسي في دمشق منذ سنوات", Text: "الكاتب: فريق التحرير\n\n" + wire},
		{ID: "b1", Source: "mena", Published: "2025-11-16T12:00:00Z", Title: "الأهلي بطلا لأفريقيا", Text: "توج النادي الأهلي المصري بلقب دوري أبطال أفريقيا لكرة القدم بعد فوزه على الوداد المغربي في المباراة النهائية على استاد القاهرة الدولي."},
	} {
		asg, err := c.Add(ctx, a)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: story %s new=%v copy of %q\n", a.ID, asg.StoryID, asg.New, asg.DuplicateOf)
	}
	s, _ := c.Story("sa1")
	fmt.Println(len(s.Articles), "articles:", s.Title)
	// Output:
	// a1: story sa1 new=true copy of ""
	// a2: story sa1 new=false copy of "a1"
	// b1: story sb1 new=true copy of ""
	// 2 articles: وزير الدفاع يبحث مع وفد روسي التعاون العسكري
}
