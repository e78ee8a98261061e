/*
 * sync — a member's copy and a shared remote made one: fetch, merge
 * record by record (mergetree.h), publish, push; and the first copy of a
 * commons, cloned.
 *
 * Any Git remote serves: a path, git://, smart HTTP(S), ssh, through
 * libgit2. A sync fetches the branch HEAD names into its remote-tracking
 * ref; fast-forwards when our copy has nothing new; otherwise builds a
 * merge commit (ours, then theirs, as git does) and publishes it under
 * the store's protocol (another mutu command adding a record meanwhile
 * makes it merge again, never lose the record); then pushes. A push the
 * remote refuses because it moved meanwhile is answered by fetching and
 * merging again, a bounded number of times.
 *
 * Refused, with nothing changed (refs, index, work tree: as before): a
 * history that breaks the commons' rules (every commit that came in is
 * audited, audit.h, before anything is merged: MUTU_EDATA), a remote
 * whose history was rewritten (what it holds shares no commit with
 * what we had, or no longer contains what it held), a remote that is not
 * a commons, a merge or rebase in progress. A remote that cannot be
 * reached is MUTU_ETEMP; refused credentials MUTU_EPERM.
 */
#ifndef MUTU_SYNC_H
#define MUTU_SYNC_H

#include "audit.h"
#include "credential.h"
#include "mergetree.h"
#include "store.h"

#include <git2.h>
#include <stddef.h>

/* What the transfer is at: objects received (or sent) out of total. */
typedef void (*mutu_sync_progress_fn)(int sending, size_t done, size_t total, size_t bytes,
				      void *payload);

typedef struct {
	const char *remote;            /* a remote's name or a URL; NULL: "origin" */
	int push;                      /* 0: fetch and merge only */
	unsigned retries;              /* races with other pushers before giving up; 0: 5 */
	mutu_credential *credential;   /* NULL: none (paths, git://) */
	const char *const *known_hosts;  /* the files an ssh host key must be in
					    (knownhosts.h); NULL: libgit2's check */
	size_t nknown_hosts;
	mutu_sync_progress_fn progress;         /* NULL: silent */
	void *progress_payload;
	const mutu_commit_info *merger;         /* who makes a merge commit */
	mutu_violation_fn violation;            /* what the audit of what came in found;
						   NULL: not told, only refused */
	void *violation_payload;
} mutu_sync_opts;

/* One commit that came in or went out, as an action a member reads. */
typedef struct {
	char *subject;                 /* its first line: "offer add 7q3k9m2x: Perceuse" */
	char *by;                      /* the member (handle), else the author's name */
} mutu_sync_action;

typedef struct {
	mutu_sync_action *in, *out;    /* oldest first */
	size_t nin, nout;
	mutu_merged_note *notes;       /* what the merges said */
	size_t nnotes;
	int fast_forward;              /* the remote's commits simply came in */
	int merged;                    /* a merge commit was made */
	int pushed;
	int created_remote_branch;     /* the remote had no such branch: pushed it */
} mutu_sync_report;

int mutu_sync(mutu_sync_report *rep, mutu_store *st, const mutu_sync_opts *opts);
void mutu_sync_report_free(mutu_sync_report *rep);

typedef struct {
	int bare;
	mutu_credential *credential;
	const char *const *known_hosts;
	size_t nknown_hosts;
	mutu_sync_progress_fn progress;
	void *progress_payload;
} mutu_clone_opts;

/*
 * Clone the commons at url into dir (which must not exist, or be empty).
 * MUTU_EDATA, leaving nothing behind, if what is there is not a commons
 * (no mutu.yaml on its default branch).
 */
int mutu_clone(const char *url, const char *dir, const mutu_clone_opts *opts);

#endif
