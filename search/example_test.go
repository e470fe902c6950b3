package search_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	marsad "github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/search"
)

// The query وزير الدفاع finds the diacritized words, the forms with a
// clitic (لوزير) and ranks the exact adjacent words first.
func ExampleIndex_Search() {
	dir, err := os.MkdirTemp("", "marsad-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ix, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()

	ctx := context.Background()
	err = ix.Put(ctx, 2,
		&marsad.Article{ID: "1", Language: "ar", Title: "رسالة", Text: "وجه الرئيس رسالة لوزير الدفاع."},
		&marsad.Article{ID: "2", Language: "ar", Title: "مباحثات", Text: "بحث وَزِيرُ الدِّفَاعِ السوري التعاون."},
	)
	if err != nil {
		log.Fatal(err)
	}
	res, err := ix.Search(ctx, marsad.Query{Text: "وزير الدفاع"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Total)
	for _, h := range res.Results {
		fmt.Println(h.ID, h.Snippet)
	}
	// Output:
	// 2
	// 2 بحث <mark>وَزِيرُ</mark> <mark>الدِّفَاعِ</mark> السوري التعاون.
	// 1 وجه الرئيس رسالة <mark>لوزير</mark> <mark>الدفاع</mark>.
}
