/*
 * cache — a derived, disposable summary of one record directory.
 *
 * Listing 100k records by parsing every blob costs seconds; most lists
 * only need a few short fields. The cache keeps those fields per record,
 * keyed by the record's path AND its blob id, in a file under the Git
 * directory (<gitdir>/mutu/cache/<dir>), one line per record, in the same
 * order as mutu_store_walk visits them. A list reads it as a merge-join
 * against the walk: memory stays constant whatever the commons' size, and
 * only records whose blob changed since the last run are parsed. Because
 * an entry is used only when the blob id matches, a stale cache can never
 * give a wrong answer; deleting it only costs time. It is never committed.
 *
 * Contract: call mutu_cache_lookup once per walked record, in walk order;
 * after a miss, call mutu_cache_put with the record's summary. Then
 * mutu_cache_finish writes the new file if anything differed.
 */
#ifndef MUTU_CACHE_H
#define MUTU_CACHE_H

#include "store.h"

/* What a list needs to filter and print one record. */
typedef struct {
	const char *id, *status, *kind, *author, *created, *updated, *title;
	const char *tags;       /* comma-joined */
	unsigned flags;         /* MUTU_SUMMARY_* */
} mutu_summary;

#define MUTU_SUMMARY_INVALID 1u   /* read, but fails its schema: warn on use */

typedef struct mutu_cache mutu_cache;

/* Open the cache of directory dir (e.g. "offers"). Never fails for want of
 * a cache file; *out is NULL only on allocation failure. */
int mutu_cache_open(mutu_cache **out, mutu_store *st, const char *dir);

/* 1 and *out filled (strings valid until the next call) if key holds blob
 * in the cache; 0 on a miss. */
int mutu_cache_lookup(mutu_cache *c, const char *key, const mutu_oid *blob, mutu_summary *out);

/* Record the summary of key after a miss. */
int mutu_cache_put(mutu_cache *c, const char *key, const mutu_oid *blob, const mutu_summary *s);

/* Write the new cache if it differs from the old, and free c. Failing to
 * write (a read-only repository) is not an error: the cache is optional. */
void mutu_cache_finish(mutu_cache *c);

/* Free c without writing (the walk stopped early). */
void mutu_cache_free(mutu_cache *c);

#endif
