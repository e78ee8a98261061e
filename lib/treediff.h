/*
 * treediff — what changed between two trees, by walking them side by
 * side in Git's order and descending only into the subtrees whose ids
 * differ.
 *
 * A commit that changed one record among 100,000 opens the root, the
 * type's directory and one fan-out directory, nothing else: one tree
 * read per level, where libgit2's git_diff_tree_to_tree costs
 * milliseconds a commit on such a history. The caller says which
 * directories are worth entering, so a hostile tree cannot make the walk
 * deep.
 */
#ifndef MUTU_TREEDIFF_H
#define MUTU_TREEDIFF_H

#include <git2.h>
#include <stddef.h>

/* One entry that differs: a file, a link, a submodule, or a directory
 * not entered. Valid during the call only. */
typedef struct {
	const char *path;                  /* from the root, '/'-separated */
	const git_oid *old_id, *new_id;    /* NULL: absent on that side */
	git_filemode_t old_mode, new_mode; /* 0 when absent */
} mutu_tree_change;

typedef int (*mutu_tree_change_fn)(const mutu_tree_change *c, void *payload);

/* Whether to enter the directory at path (no trailing slash), depth
 * levels below the root (a top-level directory is at depth 0); one not
 * entered that differs is told as a change with a tree mode. */
typedef int (*mutu_tree_enter_fn)(const char *path, unsigned depth, void *payload);

/* Tell fn each entry that differs from a to b (either NULL: the empty
 * tree), in Git's order. A non-zero return from fn stops the walk and is
 * returned; MUTU_EIO when a tree cannot be read. */
int mutu_tree_diff(git_repository *repo, const git_tree *a, const git_tree *b,
		   mutu_tree_enter_fn enter, mutu_tree_change_fn fn, void *payload);

#endif
