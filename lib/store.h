/*
 * store — the commons on disk, through libgit2.
 *
 * Reads always come from the tip of the branch HEAD names, never from the
 * work tree. A write is one commit holding one or more changed files; see
 * store.c for how it is built, why concurrent writers lose nothing, and
 * why a writer killed at any instant leaves nothing for a person to clean
 * up. Works the same on a bare repository.
 *
 * The library reads no environment: the command decides which directory
 * is the commons (MUTU_DIR, -C) and how long a write may wait.
 */
#ifndef MUTU_STORE_H
#define MUTU_STORE_H

#include "buf.h"

#include <stddef.h>

typedef struct mutu_store mutu_store;

/* A Git object id, opaque outside the store. */
typedef struct {
	unsigned char raw[20];
} mutu_oid;

#define MUTU_OPEN_NO_SEARCH 1u  /* dir is the commons, not a place to look up from */
/* The repository Git's environment names (GIT_DIR, GIT_OBJECT_DIRECTORY,
 * GIT_ALTERNATE_OBJECT_DIRECTORIES: what a hook runs in, with the objects
 * of a push still in quarantine); dir is ignored. */
#define MUTU_OPEN_FROM_ENV 2u
/* A repository that need not be a commons yet (a shared remote before
 * its first push): no mutu.yaml asked for, no unfinished write finished. */
#define MUTU_OPEN_ANY 4u

/* Open the commons containing dir (or at dir, with MUTU_OPEN_NO_SEARCH).
 * MUTU_ENOTFOUND if there is none, or if the repository holds no
 * mutu.yaml. A write a killed process left unfinished is finished here. */
int mutu_store_open(mutu_store **out, const char *dir, unsigned flags);

/* Create (or reuse, if empty) a repository at dir for a new commons, its
 * branch "main". MUTU_EUSAGE if it already has history. */
int mutu_store_create(mutu_store **out, const char *dir, int bare);

/* Another handle on the same commons, for another thread: libgit2's
 * objects are not shared between threads, handles are. */
int mutu_store_open_again(mutu_store **out, const mutu_store *st);

void mutu_store_free(mutu_store *st);

/* How long a write waits for a busy lock or a moving branch before giving
 * up with MUTU_ETEMP, in milliseconds (default 10000). */
void mutu_store_set_lock_timeout(mutu_store *st, long ms);

int mutu_store_is_bare(const mutu_store *st);

/* The work tree, or the Git directory of a bare commons. Owned by st. */
const char *mutu_store_path(const mutu_store *st);

/* The Git directory, with a trailing slash. Owned by st. */
const char *mutu_store_git_dir(const mutu_store *st);

/* Git configuration. get: MUTU_ENOTFOUND if unset; *out is malloc'd. */
int mutu_store_config_get(char **out, mutu_store *st, const char *key);
int mutu_store_config_set(mutu_store *st, const char *key, const char *value);

/* The tip commit's tree id (all zero when the branch has no commit). */
int mutu_store_tip_tree(mutu_oid *out, mutu_store *st);

/* The blob at path in the tip, or MUTU_ENOTFOUND. */
int mutu_store_lookup(mutu_oid *out, mutu_store *st, const char *path);

/* The tree at path in the tip ("" for the root), or MUTU_ENOTFOUND. */
int mutu_store_dir(mutu_oid *out, mutu_store *st, const char *path);

/* The entry at path in the tree id, any tree of the history, not only the
 * tip's: a directory when dir is non-zero, else a file; MUTU_ENOTFOUND if
 * there is none; MUTU_EDATA if the tree itself is not in the history. */
int mutu_store_lookup_in(mutu_oid *out, mutu_store *st, const mutu_oid *tree, const char *path,
			 int dir);

/* The directory at path in the tree id (NULL: the tip's) into out: 1 if
 * there is one, 0 if nothing is there, MUTU_EDATA naming path if
 * something else stands there (a file where a directory of records
 * should be is damage, not an empty directory). */
int mutu_store_subdir(mutu_oid *out, mutu_store *st, const mutu_oid *tree, const char *path);

/* A blob's bytes, malloc'd and NUL-terminated (*len excludes the NUL).
 * A blob larger than max is refused (MUTU_EDATA) from its header, before
 * anything is inflated. */
int mutu_store_read_blob(char **data, size_t *len, mutu_store *st, const mutu_oid *id,
			 size_t max);

/* The file at path in the tip, as above; MUTU_ENOTFOUND if absent. */
int mutu_store_read(char **data, size_t *len, mutu_store *st, const char *path, size_t max);

/* What a tree entry is. */
typedef enum {
	MUTU_ENTRY_FILE,       /* a regular or executable file */
	MUTU_ENTRY_DIR,
	MUTU_ENTRY_LINK,       /* a symbolic link */
	MUTU_ENTRY_SUBMODULE,  /* a commit: a submodule */
} mutu_entry_kind;

/* Call cb for each entry of the tree id, in Git's order; name and id are
 * valid during the call only. A non-zero return stops and is returned. */
typedef int (*mutu_store_entry_cb)(const char *name, mutu_entry_kind kind, const mutu_oid *id,
				   void *payload);
int mutu_store_list_tree(mutu_store *st, const mutu_oid *tree, mutu_store_entry_cb cb,
			 void *payload);

/* One file of a commit. */
typedef struct {
	const char *path;      /* relative, '/'-separated, already checked */
	const char *data;      /* new contents; NULL deletes the file */
	size_t len;
	const mutu_oid *base;  /* the blob the change was made from; NULL: the
				  path must not exist yet */
} mutu_change;

/*
 * Signs a commit: given the commit's bytes as Git will store them, sets
 * *signature to a malloc'd armored signature (what `git verify-commit`
 * reads from the gpgsig header). 0, or a negative MUTU_E* code with the
 * last error set: the commit is then not made.
 */
typedef int (*mutu_sign_fn)(char **signature, const char *buffer, size_t len, void *payload);

/* A directory a commit was decided on: the commit is made only while it
 * still holds the tree it was read at (tree NULL: while it does not
 * exist), so that a decision about several records (an offer is not lent
 * out, no booking overlaps) cannot be raced by another writer that adds a
 * record beside them. */
typedef struct {
	const char *dir;
	const mutu_oid *tree;
} mutu_guard;

/* Who makes a commit, what it says, and how it is signed. */
typedef struct {
	const char *name;      /* the author */
	const char *email;
	const char *message;
	const char *committer_name;   /* NULL: the author commits too */
	const char *committer_email;
	mutu_sign_fn sign;     /* NULL: unsigned */
	void *sign_payload;
	const mutu_guard *guards;   /* mutu_store_commit only; may be NULL */
	size_t nguards;
} mutu_commit_info;

/* Write changes as ONE commit on the branch, authored and committed by
 * info at mutu_clock_now(). Either all of it lands or nothing does.
 * MUTU_ETEMP when a change's base no longer matches the tip (another
 * writer changed the record first), when a guard's directory changed, when the race is lost for longer than
 * the bounded wait, or when a touched path has uncommitted changes in the
 * work tree or the index. */
int mutu_store_commit(mutu_store *st, const mutu_change *changes, size_t n,
		      const mutu_commit_info *info);

/*
 * The same in two steps, for a commit that is not a plain change of the
 * tip (a merge, a fast-forward): build a commit of the tree id with the
 * given parents (none: a root commit), authored at mutu_clock_now(); then
 * publish a commit, moving the branch from expected (NULL: the branch
 * has no commit yet) to it, and bringing the work tree and the index in
 * step for every path whose blob differs between the two trees (a
 * non-bare commons), under the same protocol and crash guarantees as
 * mutu_store_commit. publish returns MUTU_STORE_MOVED, having changed
 * nothing, when the branch no longer points at expected: the caller
 * rebuilds on the new tip. MUTU_ETEMP when a touched path has
 * uncommitted changes in the work tree or the index, or when git holds
 * the index past the bounded wait.
 */
int mutu_store_build(mutu_oid *commit, mutu_store *st, const mutu_oid *tree,
		     const mutu_oid *parents, size_t nparents, const mutu_commit_info *info);

#define MUTU_STORE_MOVED 1
int mutu_store_publish(mutu_store *st, const mutu_oid *commit, const mutu_oid *expected,
		       const char *reflog);

/* What a bare repository's guard asks of the references (mutu audit
 * --pre-receive): the branch HEAD names, born or not, into out (256
 * bytes; "refs/heads/main" when HEAD names none); every reference's
 * commit id, appended to known (20 bytes each, as mutu_oid holds them):
 * what the repository holds already; and whether commit descends from
 * ancestor (1), or not (0). */
void mutu_store_head_ref(char out[256], mutu_store *st);
int mutu_store_ref_tips(mutu_buf *known, mutu_store *st);
int mutu_store_descends(mutu_store *st, const mutu_oid *commit, const mutu_oid *ancestor);

/* The tip commit's id (all zero when the branch has no commit). */
int mutu_store_tip(mutu_oid *out, mutu_store *st);

/* Whether a write may start now, as every write checks first: MUTU_ETEMP
 * when a merge, rebase or the like is in progress in the work tree, or
 * when HEAD is detached. Then mutu_store_branch names the branch written
 * to ("refs/heads/main"), owned by st until its next read of the tip. */
int mutu_store_writable(mutu_store *st);
const char *mutu_store_branch(const mutu_store *st);

/* For git's post-merge hook: git runs it with its merge state still on
 * disk, though the merge is committed. A write is then allowed when HEAD
 * is the merge of MERGE_HEAD, and refused as always otherwise. */
void mutu_store_after_merge(mutu_store *st);

/* Text form of an id (41 bytes). */
void mutu_oid_fmt(char out[41], const mutu_oid *id);

/* An id from its 40 hex digits; MUTU_EDATA if it is not one. */
int mutu_oid_parse(mutu_oid *out, const char *hex);

int mutu_oid_equal(const mutu_oid *a, const mutu_oid *b);
int mutu_oid_is_zero(const mutu_oid *id);

/* For tests only: a named point of the write protocol where the process
 * kills itself ("intent", "locked", "published", "files", "index",
 * "unlocked"), to prove that a crash there loses nothing and blocks
 * nothing. NULL: none. */
void mutu_store_crash_at(const char *point);

#endif
