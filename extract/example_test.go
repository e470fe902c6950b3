package extract_test

import (
	"context"
	"fmt"

	"github.com/marsad-news/marsad/extract"
)

func ExamplePage() {
	page := "وزير الاقتصاد يعلن خطة لدعم المشاريع الصغيرة\n" +
		"● اقتصاد ٣ مارس ٢٠٢٥\n\n" +
		"أعلن وزير الاقتصاد خطة جديدة لدعم المشاريع الصغيرة.\n\n" +
		"قروض بلا فوائد\n" +
		"وقال الوزير إن الخطة تستهدف خمسة آلاف مشروع.\n\n" +
		"كتب: سلمى الحسن\n" +
		"مشاركة:\n"
	a, err := extract.Page(context.Background(), []byte(page), extract.Options{URL: "https://www.example.com/a/1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	fmt.Println(a.Category, a.Published, a.Authors, a.Source, a.Encoding, a.Language)
	for _, s := range a.Sections {
		fmt.Printf("%q: %d paragraph(s)\n", s.Heading, len(s.Paragraphs))
	}
	// Output:
	// وزير الاقتصاد يعلن خطة لدعم المشاريع الصغيرة
	// اقتصاد 2025-03-03 [سلمى الحسن] example.com utf-8 ar
	// "": 1 paragraph(s)
	// "قروض بلا فوائد": 1 paragraph(s)
}
