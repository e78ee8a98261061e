/*
 * mergedriver — the record-aware merge for plain `git pull`.
 *
 * git runs a merge driver file by file: `mutu merge-driver %O %A %B %P`
 * merges a record field by field into %A, exactly as a sync would
 * (mergetree.h). What a file-by-file driver cannot do (write the
 * conflict records, move a record off an id both sides used) is done
 * by git's post-merge hook, `mutu merge-driver --finish`, in a commit of
 * its own after the merge: the tree then equals the one a sync builds.
 *
 * A merge a person settled by hand (a file that is no record conflicted)
 * ends with `git commit`, which runs post-commit instead: the same hook.
 *
 * Registered in each copy, since git carries no configuration: the
 * driver in the repository's config (merge.mutu.driver), the files it
 * handles in .gitattributes (committed by mutu init) and in
 * <gitdir>/info/attributes (for a commons made before), and the hooks in
 * <gitdir>/hooks/post-merge and post-commit, unless hooks of the
 * member's own are there.
 */
#ifndef MUTU_MERGEDRIVER_H
#define MUTU_MERGEDRIVER_H

#include "store.h"

/* What .gitattributes holds for mutu. */
#define MUTU_GITATTRIBUTES "*.yaml merge=mutu\n"

/* Register the driver, its attributes and the hook in st (a copy with a
 * work tree; a bare repository merges nothing: nothing is done). */
int mutu_merge_driver_register(mutu_store *st);

/* After git merged HEAD's two parents: commit what the tree merge adds
 * that the file merges could not (conflict records, moved records), by
 * info (NULL: nobody known; MUTU_EPERM if something is to be written).
 * *added: how many files; 0 when there was nothing to add, or when HEAD
 * is no merge. */
int mutu_merge_driver_finish(mutu_store *st, const mutu_commit_info *info, size_t *added);

#endif
