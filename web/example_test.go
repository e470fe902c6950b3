package web_test

import (
	"net/http"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/web"
)

// A feature adds its routes from a Mount function: read routes are open
// (unless the server is private), AccessAdmin routes need the admin
// token. Routes under /api/v1 must also be described in a file
// web/openapi/<feature>.json, which the OpenAPI test checks.
func ExampleServer_Handle() {
	mountHello := func(s *web.Server) {
		s.Handle("GET /api/v1/hello", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st, err := s.Store().Stats(r.Context())
			if err != nil {
				web.WriteError(w, http.StatusInternalServerError, "internal", "no stats")
				return
			}
			web.WriteJSON(w, map[string]int64{"articles": st.Articles})
		}), web.AccessRead)
	}
	var (
		store    marsad.Store    // e.g. *sqlite.Store
		searcher marsad.Searcher // e.g. *search.Index
	)
	srv, err := web.New(web.Options{Store: store, Search: searcher, Mount: []func(*web.Server){mountHello}})
	if err != nil {
		return // Store and Search are required: this example has none.
	}
	_ = http.ListenAndServe("localhost:8080", srv)
}
