// Package cluster groups the coverage of one news event across outlets into
// stories, incrementally, as analyzed articles arrive.
//
// A Clusterer does two things for every article given to Add:
//
//   - Near-duplicates. The body is cut into normalized word 3-shingles and
//     summarized by a 64-value MinHash signature, indexed with locality
//     sensitive hashing (16 bands of 4 rows). An article whose estimated
//     Jaccard similarity with a recent article reaches Options.DupThreshold
//     and whose estimated containment (the share of the shorter text's
//     shingles found in the other) reaches Options.DupContainment is a copy:
//     republished wire text with another title, a sentence added or a
//     changed byline. It is marked DuplicateOf the earliest version seen
//     (the copied article's own original when that one was itself a copy),
//     joins that article's story and does not count as separate coverage:
//     it does not change the story's profile.
//
//   - Stories. Every other article is compared with the stories active in
//     the time window (Options.Window around the article's time; a story
//     stays active while it gets coverage). Candidates come from inverted
//     indexes over entity keys and the article's most salient terms, so the
//     work per article does not depend on the size of the archive. The
//     score mixes the cosine of tf-idf term vectors (normalized, light
//     stemmed words of title and body; document frequencies kept
//     incrementally), the cosine of weighted entity profiles (persons,
//     organizations, places; news agencies are left out), the event dates
//     and the places of the leads: an article whose event date
//     (Article.Events, or the day dates of its text in the week before
//     publication) is more than Options.DateSlack away from the story's
//     dominant event dates is penalized hard, one only next to them
//     mildly, so two meetings of the same ministers a week apart stay
//     apart, while a follow-up published a day later about the same
//     meeting (whose text refers back to its day) joins; an article whose
//     lead names none of the story's places is penalized too, and so is
//     one that names other participants than the story's core (who met
//     whom), or nothing and no distinctive word in common with it: a
//     recurring cast (the ministers of the week) is not enough to join.
//     Entities count by rarity (idf squared). The article
//     joins the best story whose score reaches Options.Threshold, or
//     starts a new story. The exact formula is in the source (place).
//
// Story IDs are stable: a story's ID is "s" followed by the ID of the article
// that started it ("+" appended for the continuation of a full story).
//
// # Using it in ingestion
//
// Create one Clusterer per process, restore its window with LoadRecent (or
// Load), then call AddStored(ctx, store, id) for each article once the
// store has committed it: it reads the article, places it and saves its
// story (PutStory with DuplicateOf marks). Build clusters a whole archive
// from scratch. Compare lays out one story's coverage side by side.
//
// # Limits, caps and split rules
//
// Work per Add is bounded: at most Options.MaxCandidates stories are scored,
// each posting list read is at most Options.MaxPostings long, each LSH bucket
// holds at most MaxBucket articles (the earliest ones: later copies of a
// spam burst are recognized against them and not indexed), and at most
// MaxTerms terms and MaxEntities entities of an article are used. A story
// holds at most Options.MaxStoryArticles articles (copies included); when it
// is full, the next article that matches it starts a new story (a split: the
// continuation is a story of its own). A story's profile keeps only its
// Options.MaxProfileTerms heaviest terms and is compared by cosine (a sum of
// unit article vectors), so a large story does not come to match
// everything. Articles with fewer than MinTerms usable terms (empty text,
// markup, a two-word title) start their own story; a bare title with more
// words may join a story at twice Options.Threshold, never as a copy. Text
// in another language keeps its (lower-cased) words and so meets only
// stories in that language. Memory holds only
// the articles and stories of the window (plus the document frequency
// table, one entry per distinct term); older state is evicted as time
// advances.
//
// A Clusterer is safe for concurrent use; Add calls are serialized on an
// internal lock after the article's features have been computed, so the
// order of concurrent Adds decides ties. For reproducible stories, add
// articles from one goroutine in publication order.
package cluster
