/*
 * worktree — a non-bare commons' work tree and Git index kept in step
 * with the branch, for the paths a write touches and no others: a
 * member's other staged or unstaged changes are left alone, and a hand
 * edit on a touched path is never overwritten.
 *
 * Internal to the store (it speaks libgit2). The lock it takes is git's
 * own index.lock, created with content "mutu <pid>" so that a lock left
 * by a killed mutu can be told from git's: the store takes its writers'
 * mutex (a flock, which dies with its holder) before creating one, so a
 * marked index.lock found by a mutex holder has no living owner.
 */
#ifndef MUTU_WORKTREE_H
#define MUTU_WORKTREE_H

#include "store.h"

#include <git2.h>

typedef struct mutu_worktree mutu_worktree;

/* Take index.lock and read the index: 0, or MUTU_WORKTREE_BUSY when
 * another process (git) holds it. A stale lock marked as mutu's is taken
 * over when take_stale is set (the caller holds the writers' mutex). */
#define MUTU_WORKTREE_BUSY 1
int mutu_worktree_lock(mutu_worktree **out, git_repository *repo, int take_stale);

/* Whether <gitdir>/index.lock is a lock a killed mutu left. */
int mutu_worktree_stale_lock(git_repository *repo);

/* Refuse, with MUTU_ETEMP naming the file, if path differs from blob
 * (NULL: path absent at the tip) in the index or in the work tree. */
int mutu_worktree_check(mutu_worktree *wt, const char *path, const git_oid *blob);

/* A file to bring in step: its new contents, NULL to delete it. */
typedef struct {
	const char *path;
	const char *data;
	size_t len;
	git_oid blob;
} mutu_worktree_file;

/* Write the files, then their index entries with fresh stat data so that
 * `git status` stays clean; then release the lock. crash, when not NULL,
 * is called after each file (tests kill the process there). */
int mutu_worktree_apply(mutu_worktree *wt, const mutu_worktree_file *files, size_t n,
			void (*crash)(const char *point));

/*
 * Finish what a killed writer left: for each path it touched, between
 * the trees old and new, bring the index entry and the work-tree file to
 * what the tip now holds, where they still hold what the writer found
 * (old) or wrote (new); anything else is a person's change and is left,
 * with a warning. tip may be NULL (nothing landed: only clean up).
 * Returns how many paths it brought in step, or < 0.
 */
int mutu_worktree_recover(mutu_worktree *wt, git_repository *repo, git_tree *old,
			  git_tree *new, git_tree *tip);

/* Release the lock (the index unchanged) and free wt. NULL is fine. */
void mutu_worktree_unlock(mutu_worktree *wt);

#endif
