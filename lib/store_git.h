/*
 * store_git — the libgit2 repository under a store, for the modules that
 * speak Git themselves (sync, remote): a merge walks history and fetches,
 * which the store's record-sized interface does not cover. Everything
 * else goes through store.h.
 */
#ifndef MUTU_STORE_GIT_H
#define MUTU_STORE_GIT_H

#include "store.h"

#include <git2.h>

/* Owned by st. */
git_repository *mutu_store_repository(mutu_store *st);

/* A mutu_oid is a git_oid of SHA-1: the same twenty bytes. */
static inline const git_oid *mutu_git_oid(const mutu_oid *id)
{
	return (const git_oid *)id->raw;
}

#endif
