/*
 * gitindex — Git's index file (.git/index), read and patched in place of
 * libgit2's index, for one reason: speed at scale. Adding one record to a
 * commons of 100k must update one entry of a 10 MB index. libgit2 hashes
 * the whole file with collision-detecting SHA-1 when it reads it and
 * again when it writes it (about 70 ms at 100k); git itself does not
 * verify the checksum on read. Here the index is read without
 * verification (as git does), the touched entries are replaced, inserted
 * or removed while every other byte is copied, and the new file gets its
 * SHA-1 trailer from mbedTLS's plain SHA-1, as git's own index has.
 *
 * Versions 2, 3 and 4 are read and written back in the version found.
 * The cached trees (TREE) are kept, invalidated along the touched paths,
 * as git does; the resolve-undo records (REUC) are kept; the untracked
 * cache, the fsmonitor state and the offset tables are dropped (git
 * rebuilds them when it wants them). An index that needs an extension
 * mutu cannot keep (a split index, a sparse index) is refused, naming
 * the git command that turns it off.
 */
#ifndef MUTU_GITINDEX_H
#define MUTU_GITINDEX_H

#include "store.h"

#include <stdint.h>
#include <sys/stat.h>

typedef struct mutu_gitindex mutu_gitindex;

/* Read the index at path (an absent file reads as an empty index). */
int mutu_gitindex_read(mutu_gitindex **out, const char *path);

void mutu_gitindex_free(mutu_gitindex *ix);

/* What the index holds for path. */
typedef struct {
	int present;          /* a stage-0 entry exists */
	int conflicted;       /* stage 1, 2 or 3 entries exist */
	mutu_oid id;          /* of the stage-0 entry */
	uint32_t mode;
	uint32_t mtime_sec, mtime_nsec, size, ino;
} mutu_gitindex_entry;

/* Look path up (binary search). */
void mutu_gitindex_lookup(mutu_gitindex_entry *out, const mutu_gitindex *ix, const char *path);

/* Whether the file at path, whose lstat is sb, is known from the index
 * entry alone to hold the entry's blob: same size, mtime and inode, and
 * not "racily clean" (modified in the second the index was written). */
int mutu_gitindex_stat_clean(const mutu_gitindex *ix, const mutu_gitindex_entry *e,
			     const struct stat *sb);

/* One change to the index: remove path, or set its stage-0 entry to a
 * regular file holding blob id with the stat data of sb. */
typedef struct {
	const char *path;
	int remove;
	mutu_oid id;
	struct stat sb;
} mutu_gitindex_change;

/* Write ix with changes (sorted by path, distinct) applied to out_path,
 * creating or truncating it. */
int mutu_gitindex_write(const mutu_gitindex *ix, const mutu_gitindex_change *changes, size_t n,
			const char *out_path);

#endif
