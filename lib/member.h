/*
 * member — the members of a commons, and who is acting.
 *
 * Members live in members/<handle>.yaml. The acting member is MUTU_MEMBER,
 * else git config mutu.member, else the one member whose email is git
 * config user.email; no match, or two, is MUTU_EPERM naming what was tried.
 */
#ifndef MUTU_MEMBER_H
#define MUTU_MEMBER_H

#include "record.h"
#include "records.h"
#include "store.h"

/* A resolved member: the strings are owned by the struct. */
typedef struct {
	char *handle, *name, *email;
} mutu_member;

void mutu_member_clear(mutu_member *m);

/* "members/<handle>.yaml" into out (64 bytes), after checking handle. */
int mutu_member_path(char out[64], const char *handle);

/* Load a member's record (tolerant read). MUTU_ENOTFOUND if none. */
int mutu_member_load(mutu_record **out, mutu_store *st, const char *handle);

/* Who is acting (see above). */
int mutu_member_whoami(mutu_member *out, mutu_store *st);

/* The member as a commit author. */
mutu_actor mutu_member_actor(const mutu_member *m);

/* Build a new member record (not written). keys and roles may be NULL. */
int mutu_member_new(mutu_record **out, const char *handle, const char *name,
		    const char *email, const mutu_value *keys, const mutu_value *roles);

/* Add a member record, committed by who. MUTU_EUSAGE if the handle is taken. */
int mutu_member_add(mutu_store *st, const mutu_actor *who, mutu_record *rec);

/* Call cb with each member record, in handle order (tolerant reads). */
typedef int (*mutu_member_cb)(mutu_record *rec, void *payload);
int mutu_member_each(mutu_store *st, mutu_member_cb cb, void *payload);

#endif
