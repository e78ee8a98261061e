/*
 * history — the commons' history as actions: who did what to which
 * record, commit by commit, newest first.
 *
 * The walk starts at the branch tip and goes back in topological order
 * (children before parents), optionally stopping at a revision (since,
 * excluded, as git's since..HEAD) and after a number of commits. For each
 * commit it tells the author (as the member whose email it is in the
 * commit's own tree's members/), the Mutu-Action trailer, the summary,
 * whether it carries a signature, and, for a commit that is not a merge,
 * each record it changed against its first parent, field by field.
 *
 * Everything is streamed so that memory stays bounded by one record, not
 * by one commit: a bulk import of 100,000 records is told record by
 * record. A record's blobs are read only up to MUTU_YAML_MAX_DOCUMENT
 * bytes; one that is larger, or is no YAML mapping, is reported as
 * unreadable, never an error. Subtrees whose ids did not change are
 * never opened, so a commit costs what it changed.
 *
 * Strings handed to the callbacks come from the commons as they are:
 * whoever prints them escapes them. They are valid during the call only.
 */
#ifndef MUTU_HISTORY_H
#define MUTU_HISTORY_H

#include "record.h"
#include "store.h"
#include "types.h"

#include <git2.h>
#include <stddef.h>
#include <time.h>

/* What happened to a record file, or to a field of a record. */
typedef enum {
	MUTU_HISTORY_ADDED,
	MUTU_HISTORY_REMOVED,
	MUTU_HISTORY_CHANGED,
} mutu_history_kind;

/* Whether a commit carries a signature (a gpgsig header); checking it is
 * another module's work. */
typedef enum {
	MUTU_SIGNATURE_NONE,
	MUTU_SIGNATURE_PRESENT,
} mutu_signature;

/* One field of a record, compared between two versions (top-level keys;
 * the type's updated stamp is left out). */
typedef struct {
	const char *field;
	mutu_history_kind kind;
	const mutu_value *old;  /* NULL when added */
	const mutu_value *new;  /* NULL when removed */
} mutu_history_field;

/* One record a commit changed. */
typedef struct {
	const char *path;
	const mutu_record_type *type;
	const char *key;               /* its id or handle, from the path */
	mutu_history_kind kind;        /* the file added, removed or changed */
	const char *unreadable;        /* why a version could not be read as a
					  record (too large, no YAML mapping),
					  or NULL: fields are then not compared */
	const mutu_record *old, *new;  /* NULL when absent or unreadable */
	const mutu_history_field *fields;   /* in the new version's order, then
					       the removed ones */
	size_t nfields;
} mutu_history_record;

/* One commit. */
typedef struct {
	char id[41];
	char parents[2][41];     /* the first two; "" past nparents */
	size_t nparents;
	time_t time;             /* the author's time */
	const char *member;      /* the handle whose email is the author's, in
				    the commit's tree; else the author's name */
	const char *email;       /* the author's */
	const char *action;      /* the Mutu-Action trailer, or NULL (plain git) */
	const char *summary;     /* the message's first paragraph, on one line */
	mutu_signature signature;
	size_t nrecords;         /* records it changed: counted as the walk goes,
				    whole in the end callback */
} mutu_history_commit;

/* What the walk calls for each commit: begin, then record for each record
 * it changed (none for a merge; only the first max_records are read and
 * told, the rest counted), then end. A non-zero return stops the walk and
 * is returned. Any of them may be NULL. */
typedef struct {
	int (*begin)(const mutu_history_commit *c, void *payload);
	int (*record)(const mutu_history_commit *c, const mutu_history_record *r, void *payload);
	int (*end)(const mutu_history_commit *c, void *payload);
	void *payload;
} mutu_history_cb;

typedef struct {
	const char *since;    /* a revision whose history is left out; NULL: none */
	const char *path;     /* only the commits that changed this record's file
				 (a merge: when it differs from every parent's),
				 and only that record told; NULL: all */
	size_t limit;         /* at most this many commits; 0: all */
	size_t max_records;   /* records read and told per commit; 0: all */
} mutu_history_opts;

/*
 * Walk the history of the branch (see above). MUTU_EDATA naming since
 * when it is no revision of a commit; MUTU_EIO if Git fails (a missing
 * object); else what a callback returned, or 0.
 */
int mutu_history_walk(mutu_store *st, const mutu_history_opts *opts, const mutu_history_cb *cb);

/* Hide from walk the commit the revision since names and its history
 * (--since of log and audit): MUTU_EDATA naming it when this history
 * has no such commit. */
int mutu_history_hide_since(git_revwalk *walk, git_repository *repo, const char *since);

#endif
