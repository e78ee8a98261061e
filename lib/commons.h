/*
 * commons — creating a commons: mutu.yaml, rules.yaml (defaults) and the
 * founding member, in one first commit.
 */
#ifndef MUTU_COMMONS_H
#define MUTU_COMMONS_H

#include "record.h"
#include "store.h"

#include <stddef.h>

/* Create the commons at dir (bare or not) and set its git config
 * mutu.member to handle. fullname defaults to handle; keys (a sequence of
 * SSH public key lines, or NULL) are the founder's. rules, when not
 * NULL, is the text of the rules.yaml to start from (named rules_name in
 * messages), checked like every record before anything is created; NULL
 * writes the defaults. The first commit also holds .gitattributes, and
 * a copy with a work tree gets the merge driver (mergedriver.h). On
 * success *out is the open store. Rules that require signatures need a
 * key among keys (MUTU_EUSAGE) and git's signing key (MUTU_EPERM), or the
 * founding commit would break them. */
int mutu_commons_init(mutu_store **out, const char *dir, int bare, const char *name,
		      const char *handle, const char *email, const char *fullname,
		      const mutu_value *keys, const char *rules, size_t rules_len,
		      const char *rules_name);

#endif
