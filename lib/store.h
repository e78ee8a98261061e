/*
 * store — the commons on disk, through libgit2.
 *
 * Reads always come from the tip of the branch HEAD names, never from the
 * work tree. A write is one commit holding one or more changed files; see
 * store.c for how it is built and why concurrent writers lose nothing.
 * Works the same on a bare repository.
 */
#ifndef MUTU_STORE_H
#define MUTU_STORE_H

#include <stddef.h>

typedef struct mutu_store mutu_store;

/* A Git object id, opaque outside the store. */
typedef struct {
	unsigned char raw[20];
} mutu_oid;

/* Open the commons containing dir (NULL: the current directory), or the one
 * MUTU_DIR names. MUTU_ENOTFOUND if there is none, or if the repository
 * holds no mutu.yaml. */
int mutu_store_open(mutu_store **out, const char *dir);

/* Create (or reuse, if empty) a repository at dir for a new commons, its
 * branch "main". MUTU_EUSAGE if it already has history. */
int mutu_store_create(mutu_store **out, const char *dir, int bare);

void mutu_store_free(mutu_store *st);

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

/* A blob's bytes, malloc'd and NUL-terminated (*len excludes the NUL). */
int mutu_store_read_blob(char **data, size_t *len, mutu_store *st, const mutu_oid *id);

/* The file at path in the tip, as above; MUTU_ENOTFOUND if absent. */
int mutu_store_read(char **data, size_t *len, mutu_store *st, const char *path);

/* Call cb for every "*.yaml" file of dir in the tip, and of its
 * subdirectories one level down (the fan-out), in path order. name is the
 * file name without ".yaml"; both strings are valid during the call only.
 * A non-zero return from cb stops the walk and is returned. */
typedef int (*mutu_store_walk_cb)(const char *path, const char *name,
				  const mutu_oid *blob, void *payload);
int mutu_store_walk(mutu_store *st, const char *dir, mutu_store_walk_cb cb, void *payload);

/* One file of a commit. */
typedef struct {
	const char *path;      /* relative, '/'-separated, already checked */
	const char *data;      /* new contents; NULL deletes the file */
	size_t len;
	const mutu_oid *base;  /* the blob the change was made from; NULL: the
				  path must not exist yet */
} mutu_change;

/* Write changes as ONE commit on the branch, authored and committed by
 * name <email> at mutu_clock_now(). Either all of it lands or nothing
 * does. MUTU_ETEMP when a change's base no longer matches the tip (another
 * writer changed the record first), when the race is lost for longer than
 * the bounded wait, or when a touched path has uncommitted changes in the
 * work tree or the index. */
int mutu_store_commit(mutu_store *st, const mutu_change *changes, size_t n,
		      const char *name, const char *email, const char *message);

/* Text form of an id (41 bytes). */
void mutu_oid_fmt(char out[41], const mutu_oid *id);

#endif
