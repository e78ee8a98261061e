/*
 * member — who is acting.
 *
 * Members are records of the type table (members/<handle>.yaml). The
 * acting member is the handle the command was given (MUTU_MEMBER), else
 * git config mutu.member, else the one member whose email is git config
 * user.email; no match, or two, is MUTU_EPERM naming what was tried. The
 * member's name and email become a commit's author only once checked, at
 * that moment, whatever their file says; a file whose handle differs from
 * its name is no identity, and a member who left acts no more.
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

/* Build a new member record (not written): active, joined now. keys may
 * be NULL. */
int mutu_member_new(mutu_record **out, const char *handle, const char *name,
		    const char *email, const mutu_value *keys);

/* Whether a member record is active: its status is not "left" (a record
 * from before statuses existed has none, and is active). */
int mutu_member_is_active(const mutu_record *rec);

/* Whether handle names an active member at the tip: MUTU_ENOTFOUND if
 * no member has it, MUTU_EDATA (saying so) if they left. What anyone paid
 * or lent to must be. */
int mutu_member_check_active(mutu_store *st, const char *handle);

/* The handles of the active members in a tree (NULL: the tip's, through
 * the catalog), sorted (strcmp), each malloc'd, in a malloc'd array: who
 * may vote, and whom a quorum counts. A file that is no identity (its
 * handle field differs from its name) is left out. */
int mutu_members_active_at(char ***out, size_t *n, mutu_store *st, const mutu_oid *tree);
void mutu_members_free(char **handles, size_t n);

/* Call fn with the handle and record of each member in members/ of the
 * tree id (any tree of the history), read tolerantly: an entry that is no
 * member's, or not one whose handle is its file name, is passed over. A
 * non-zero return from fn stops the walk and is returned. */
typedef int (*mutu_member_fn)(const char *handle, const mutu_record *rec, void *payload);
int mutu_members_each(mutu_store *st, const mutu_oid *tree, mutu_member_fn fn, void *payload);

/* Members by the email their commits carry, as in the tree id: who
 * made a commit, for what a merge and a sync tell. Two members with one
 * email: either may be named. */
typedef struct mutu_member_emails mutu_member_emails;
int mutu_member_emails_read(mutu_member_emails **out, mutu_store *st, const mutu_oid *tree);
/* The handle, or NULL. */
const char *mutu_member_emails_find(const mutu_member_emails *e, const char *email);
void mutu_member_emails_free(mutu_member_emails *e);

/* The fingerprint ssh-keygen -l prints for an OpenSSH public key line
 * ("ssh-ed25519 AAAA… comment"): "SHA256:" and the unpadded base64 of
 * the SHA-256 of the key's blob, into out (64 bytes). MUTU_EDATA if the
 * line holds no key. */
int mutu_key_fingerprint(char out[64], const char *key);

/* Whether two key lines hold the same key (comments aside). */
int mutu_key_same(const char *a, const char *b);

#endif
