package sqlite_test

import (
	"context"
	"fmt"
	"os"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/sqlite"
)

// Storing the same article twice changes nothing; a changed text becomes
// a new revision, and Changes lists what a derived index has to catch up.
func ExampleStore_PutArticle() {
	dir, _ := os.MkdirTemp("", "marsad-data")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	s, err := sqlite.OpenDir(ctx, dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	a := &marsad.Article{URL: "https://news.example/1?utm_source=feed", Title: "خبر", Text: "النص الأول"}
	r1, _ := s.PutArticle(ctx, a, nil)
	r2, _ := s.PutArticle(ctx, &marsad.Article{URL: "https://NEWS.example/1", Title: "خبر", Text: "النص الأول"}, nil)
	r3, _ := s.PutArticle(ctx, &marsad.Article{URL: "https://news.example/1", Title: "خبر", Text: "النص المعدل"}, nil)
	fmt.Println(r1.Outcome, r2.Outcome, r3.Outcome, r3.Revision)

	changes, _ := s.Changes(ctx, 0, 100)
	for _, c := range changes {
		fmt.Println(c.Seq, c.Article.Text)
	}
	// Output:
	// new unchanged revised 2
	// 2 النص المعدل
}
