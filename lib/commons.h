/*
 * commons — creating a commons: mutu.yaml, rules.yaml (defaults) and the
 * founding member, in one first commit.
 */
#ifndef MUTU_COMMONS_H
#define MUTU_COMMONS_H

#include "store.h"

/* Create the commons at dir (bare or not) and set its git config
 * mutu.member to handle. fullname defaults to handle. On success *out is
 * the open store. */
int mutu_commons_init(mutu_store **out, const char *dir, int bare, const char *name,
		      const char *handle, const char *email, const char *fullname);

#endif
