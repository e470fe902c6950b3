package worker_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/marsad-news/marsad"
	"github.com/marsad-news/marsad/alert"
	"github.com/marsad-news/marsad/cluster"
	"github.com/marsad-news/marsad/postgres"
	"github.com/marsad-news/marsad/postgres/pgtest"
)

// hookReceiver records the webhook POSTs of an alert.
type hookReceiver struct {
	*httptest.Server
	secret string

	mu         sync.Mutex
	byArticle  map[string]map[string]int // article ID -> delivery ID -> POSTs
	badSigned  int
	deliveries int
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{byArticle: map[string]map[string]int{}}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		var p alert.Payload
		err := json.Unmarshal(body, &p)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.deliveries++
		if err != nil || !alert.Verify(h.secret, body, r.Header.Get(alert.SignatureHeader)) {
			h.badSigned++
		}
		d := h.byArticle[p.Article.ID]
		if d == nil {
			d = map[string]int{}
			h.byArticle[p.Article.ID] = d
		}
		d[r.Header.Get(alert.DeliveryHeader)]++
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookReceiver) articles() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.byArticle)
}

// TestEndToEnd runs the real CLI: `marsad migrate`, three `marsad worker`
// processes and one `marsad serve` process share a PostgreSQL archive
// while crawling three news sites; one worker is killed with SIGKILL
// mid-run. Every article is stored exactly once, every story is
// consistent, no host is fetched by two workers at the same time (the
// sites' request log), the server answers throughout, and an alert with
// a webhook, matched by the workers only (the server runs with
// --no-alert-matching, as on a read replica), is delivered once for
// every matching article.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: builds marsad and runs several processes for some seconds")
	}
	dbURL := pgtest.Schema(t)
	bin := buildMarsad(t)
	ctx := context.Background()

	// Workers refuse a schema that is behind; migrate brings it up.
	if code, _, errs := runCLI(t, bin, workerArgs(dbURL, "early")...); code != 2 || !strings.Contains(errs, "migrate") {
		t.Fatalf("worker on an unmigrated schema: exit %d, stderr %q; want exit 2 asking for `marsad migrate`", code, errs)
	}
	if code, out, errs := runCLI(t, bin, "migrate", "--database-url", dbURL); code != 0 || !strings.Contains(out, "schema up to date") {
		t.Fatalf("marsad migrate: exit %d: %s %s", code, out, errs)
	}
	st, err := postgres.Open(ctx, dbURL, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	const articles, hosts = 120, 3
	sites, urls := startSites(t, articles, hosts, 15*time.Millisecond)
	for i, s := range sites {
		if err := st.PutSource(ctx, &marsad.Source{ID: fmt.Sprintf("site%d", i), Name: fmt.Sprintf("موقع %d", i),
			HomeURL: s.URL + "/", Feeds: []string{s.URL + "/feed.xml"}}); err != nil {
			t.Fatal(err)
		}
	}

	// An alert with a webhook, saved with the CLI.
	hooks := newHookReceiver(t)
	const alertWord = "وزير"
	code, out, errs := runCLI(t, bin, "alerts", "add", "--database-url", dbURL, "--json", "--name", "e2e",
		"--webhook", hooks.URL+"/hook", "--allow-private-addresses", alertWord)
	if code != 0 {
		t.Fatalf("alerts add: exit %d: %s", code, errs)
	}
	var saved struct{ ID, Secret string }
	if err := json.Unmarshal([]byte(out), &saved); err != nil || saved.ID == "" || saved.Secret == "" {
		t.Fatalf("alerts add printed %q (%v)", out, err)
	}
	hooks.mu.Lock()
	hooks.secret = saved.Secret
	hooks.mu.Unlock()

	// The server.
	srv, base := startServer(t, bin, dbURL, "--no-alert-matching")

	// The server is polled throughout.
	pollCtx, stopPoll := context.WithCancel(ctx)
	var (
		polls, pollFailures int
		firstFailure        string
		pollDone            = make(chan struct{})
	)
	go func() {
		defer close(pollDone)
		client := &http.Client{Timeout: 5 * time.Second}
		for i := 0; pollCtx.Err() == nil; i++ {
			u := base + "/healthz"
			if i%2 == 1 {
				u = base + "/api/v1/search?q=" + "%D9%88%D8%B2%D9%8A%D8%B1" // وزير
			}
			resp, err := client.Get(u)
			polls++
			if err != nil || resp.StatusCode != http.StatusOK {
				pollFailures++
				if firstFailure == "" {
					firstFailure = fmt.Sprintf("%s: %v %v", u, err, resp)
				}
			}
			if resp != nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()

	// Three workers.
	began := time.Now()
	var workers []*proc
	for i := 1; i <= 3; i++ {
		workers = append(workers, startWorker(t, bin, dbURL, fmt.Sprintf("w%d", i)))
	}
	count := func() int64 {
		s, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s.Articles
	}
	deadline := time.Now().Add(90 * time.Second)
	waitFor := func(what string, done func() bool) {
		t.Helper()
		for !done() {
			if time.Now().After(deadline) {
				for _, w := range workers {
					t.Logf("log of %s:\n%s", w.name, tail(w.log(), 20))
				}
				t.Fatalf("%s: not done after 90s (%d of %d articles stored)", what, count(), articles)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// Kill one worker once a third of the articles are stored: the one
	// leading the clustering step, so that it fails over.
	waitFor("a third of the articles", func() bool { return count() >= articles/3 })
	killed := workers[0]
	for _, w := range workers {
		if strings.Contains(w.log(), "leading the clustering step") {
			killed = w
			break
		}
	}
	if err := killed.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-killed.done
	killedAt := count()
	t.Logf("killed %s (SIGKILL) with %d articles stored after %s", killed.name, killedAt, time.Since(began).Round(time.Millisecond))

	waitFor("every article", func() bool { return count() >= articles })
	elapsed := time.Since(began)
	// The clustering step catches up with the change log.
	last := func() int64 { s, _ := st.Stats(ctx); return s.LastSeq }
	waitFor("clustering", func() bool {
		cur, err := st.ClusterCursor(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return cur >= last()
	})
	t.Logf("%d articles by 3 workers (one killed) in %s", articles, elapsed.Round(time.Millisecond))

	// The articles the alert should match: the matcher over every stored
	// article.
	m, err := alert.NewMatcher([]marsad.Alert{{ID: saved.ID, Query: marsad.Query{Text: alertWord}}})
	if err != nil {
		t.Fatal(err)
	}
	wantHits := map[string]bool{}
	var stored []*marsad.Article
	for after := int64(0); ; {
		chs, err := st.Changes(ctx, after, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(chs) == 0 {
			break
		}
		for _, ch := range chs {
			after = ch.Seq
			if ch.Deleted || ch.Article == nil {
				continue
			}
			stored = append(stored, ch.Article)
			if len(m.Match(ch.Article)) > 0 {
				wantHits[ch.Article.ID] = true
			}
		}
	}
	if len(wantHits) == 0 || len(wantHits) == articles {
		t.Errorf("the alert on %q matches %d of %d articles: pick a word that tells them apart", alertWord, len(wantHits), articles)
	}
	waitFor("webhook deliveries", func() bool { return hooks.articles() >= len(wantHits) })
	stopPoll()
	<-pollDone

	// Every article stored exactly once: one row per fetched URL and per
	// canonical URL, one revision each, never logged "new" twice (a
	// worker killed between storing and logging may leave one unlogged).
	var nArticles, nRevisions, twiceNew, distinctURLs, distinctCanonical int
	if err := st.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM revisions),
		(SELECT count(*) FROM (SELECT article_id FROM ingest_log WHERE outcome = 'new' GROUP BY article_id HAVING count(*) > 1) d),
		(SELECT count(DISTINCT url) FROM articles), (SELECT count(DISTINCT canonical_url) FROM articles)`).
		Scan(&nArticles, &nRevisions, &twiceNew, &distinctURLs, &distinctCanonical); err != nil {
		t.Fatal(err)
	}
	if nArticles != articles || nRevisions != articles || twiceNew != 0 || distinctURLs != articles || distinctCanonical != articles {
		t.Errorf("articles %d, revisions %d, articles stored new twice %d, distinct URLs %d, canonical URLs %d; want %d, %d, 0, %d, %d",
			nArticles, nRevisions, twiceNew, distinctURLs, distinctCanonical, articles, articles, articles, articles)
	}
	for u := range urls {
		var n int
		if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM articles WHERE url = $1`, u).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s stored %d times (%v), want once", u, n, err)
		}
	}

	// Every story consistent: each article in exactly one story, no
	// story empty, a duplicate in the story of its original; and, without
	// a failover of the clustering step, the stories are exactly those one
	// clusterer builds from the articles in commit order (the serialized
	// step). With a failover the new leader continues from the saved
	// stories, so the grouping may differ from an uninterrupted run: the
	// difference is reported.
	var unplaced, placedTwice, empty, strayDuplicates int
	if err := st.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM articles a WHERE NOT EXISTS
		(SELECT 1 FROM story_articles m WHERE m.article_id = a.id)),
		(SELECT count(*) FROM (SELECT article_id FROM story_articles GROUP BY article_id HAVING count(*) > 1) d),
		(SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_articles m WHERE m.story_id = s.id)),
		(SELECT count(*) FROM story_articles m WHERE m.duplicate_of <> '' AND NOT EXISTS
			(SELECT 1 FROM story_articles o WHERE o.article_id = m.duplicate_of AND o.story_id = m.story_id))`).
		Scan(&unplaced, &placedTwice, &empty, &strayDuplicates); err != nil {
		t.Fatal(err)
	}
	if unplaced != 0 || placedTwice != 0 || empty != 0 || strayDuplicates != 0 {
		t.Errorf("%d articles in no story, %d in more than one, %d empty stories, %d duplicates outside their original's story",
			unplaced, placedTwice, empty, strayDuplicates)
	}
	want := cluster.New(cluster.Options{})
	wantStory := map[string]string{}
	for _, a := range stored {
		asg, err := want.Add(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		wantStory[asg.ArticleID] = asg.StoryID
	}
	rows, err := st.Pool().Query(ctx, `SELECT article_id, story_id FROM story_articles`)
	if err != nil {
		t.Fatal(err)
	}
	gotStory := map[string]string{}
	for rows.Next() {
		var a, s string
		if err := rows.Scan(&a, &s); err != nil {
			t.Fatal(err)
		}
		gotStory[a] = s
	}
	rows.Close()
	mismatch := 0
	for a, s := range wantStory {
		if gotStory[a] != s {
			mismatch++
			if mismatch <= 3 {
				t.Logf("article %s in story %s, one clusterer in commit order puts it in %s", a, gotStory[a], s)
			}
		}
	}
	// Pairs of articles grouped differently (together in one grouping,
	// apart in the other), whatever the story IDs.
	ids := make([]string, 0, len(wantStory))
	for a := range wantStory {
		ids = append(ids, a)
	}
	pairs, split := 0, 0
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			pairs++
			if (wantStory[ids[i]] == wantStory[ids[j]]) != (gotStory[ids[i]] == gotStory[ids[j]]) {
				split++
			}
		}
	}
	failover := strings.Contains(killed.log(), "leading the clustering step")
	if mismatch > 0 && !failover {
		t.Errorf("%d articles placed differently from a single clusterer in commit order, with no failover", mismatch)
	}
	stories, _ := st.Stories(ctx, 1000)
	t.Logf("%d stories; %d articles placed differently from a single uninterrupted clusterer, %d of %d article pairs grouped differently (clustering failed over from the killed worker: %v)",
		len(stories), mismatch, split, pairs, failover)

	// Nothing fetched twice from a host at the same time.
	byHost := map[string][]request{}
	all := sites[0].log.all()
	for _, r := range all {
		byHost[r.host] = append(byHost[r.host], r)
	}
	overlaps := 0
	pageFetches := map[string]int{}
	for h, rs := range byHost {
		sort.Slice(rs, func(i, j int) bool { return rs[i].start.Before(rs[j].start) })
		for i := 1; i < len(rs); i++ {
			if rs[i].start.Before(rs[i-1].end) {
				overlaps++
				if overlaps <= 3 {
					t.Errorf("host %s: %s started at %s before %s ended at %s", h, rs[i].path,
						rs[i].start.Format("15:04:05.000"), rs[i-1].path, rs[i-1].end.Format("15:04:05.000"))
				}
			}
		}
		for _, r := range rs {
			if strings.HasPrefix(r.path, "/news/") {
				pageFetches[h+r.path]++
			}
		}
	}
	refetched := 0
	for _, n := range pageFetches {
		if n > 1 {
			refetched++
		}
	}
	t.Logf("%d requests served; %d overlapping on one host; %d pages fetched again (the killed worker's leases)",
		len(all), overlaps, refetched)

	// The alert: every matching article recorded and enqueued once, and
	// delivered (a webhook POST repeated only with the same delivery ID:
	// the killed worker's lease on a delivery it was posting).
	var nMatches, nOutbox, outboxTwice int
	if err := st.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM alert_matches WHERE alert_id = $1),
		(SELECT count(*) FROM alert_outbox WHERE alert_id = $1),
		(SELECT count(*) FROM (SELECT article_id FROM alert_outbox WHERE alert_id = $1 GROUP BY article_id HAVING count(*) > 1) d)`,
		saved.ID).Scan(&nMatches, &nOutbox, &outboxTwice); err != nil {
		t.Fatal(err)
	}
	if nMatches != len(wantHits) || nOutbox != len(wantHits) || outboxTwice != 0 {
		t.Errorf("alert: %d matches, %d deliveries enqueued (%d articles twice); want %d, %d, 0",
			nMatches, nOutbox, outboxTwice, len(wantHits), len(wantHits))
	}
	hooks.mu.Lock()
	repeated := 0
	for id := range wantHits {
		if _, ok := hooks.byArticle[id]; !ok {
			t.Errorf("alert: article %s matched but never delivered", id)
		}
	}
	for id, ds := range hooks.byArticle {
		if !wantHits[id] {
			t.Errorf("alert: article %s delivered but does not match", id)
		}
		if len(ds) != 1 {
			t.Errorf("alert: article %s delivered under %d delivery IDs, want 1", id, len(ds))
		}
		for _, n := range ds {
			repeated += n - 1
		}
	}
	if hooks.badSigned > 0 {
		t.Errorf("alert: %d webhook POSTs unparsable or badly signed", hooks.badSigned)
	}
	t.Logf("alert on %q: %d of %d articles matched, %d webhook POSTs (%d repeated after the kill)",
		alertWord, len(wantHits), articles, hooks.deliveries, repeated)
	hooks.mu.Unlock()
	matchedBy := []string{}
	for _, w := range workers {
		if strings.Contains(w.log(), "alerts matched") {
			matchedBy = append(matchedBy, w.name)
		}
	}
	t.Logf("workers that recorded alert matches: %v", matchedBy)
	if strings.Contains(srv.log(), "alerts matched") {
		t.Errorf("the server matched alerts despite --no-alert-matching")
	}

	if polls == 0 || pollFailures > 0 {
		t.Errorf("server: %d of %d requests failed (first: %s)", pollFailures, polls, firstFailure)
	} else {
		t.Logf("server answered all %d requests during the run", polls)
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
