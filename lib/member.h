/*
 * member — who is acting.
 *
 * Members are records of the type table (members/<handle>.yaml). The
 * acting member is the handle the command was given (MUTU_MEMBER), else
 * git config mutu.member, else the one member whose email is git config
 * user.email; no match, or two, is MUTU_EPERM naming what was tried. The
 * member's name and email become a commit's author only once checked, at
 * that moment, whatever their file says; a file whose handle differs from
 * its name is no identity.
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

/* Who is acting (see above); handle, when not NULL, is MUTU_MEMBER's. */
int mutu_member_whoami(mutu_member *out, mutu_store *st, const char *handle);

/* The member as a commit author. */
mutu_actor mutu_member_actor(const mutu_member *m);

/* Build a new member record (not written). keys and roles may be NULL. */
int mutu_member_new(mutu_record **out, const char *handle, const char *name,
		    const char *email, const mutu_value *keys, const mutu_value *roles);

#endif
