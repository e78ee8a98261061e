/*
 * actions — what members do to records, for any row of the type table:
 * make a new record, add one or many in one commit, change the fields a
 * member may set, move a record from one status to another, and save the
 * change as one commit named after the action ("offer.close").
 *
 * The rules until governance roles exist: anyone who is a member may add;
 * only the record's owner (its author; a member, for their own record)
 * changes it (MUTU_EPERM otherwise).
 */
#ifndef MUTU_ACTIONS_H
#define MUTU_ACTIONS_H

#include "record.h"
#include "records.h"
#include "store.h"
#include "types.h"

#include <stdio.h>
#include <time.h>

/* Who acts, where: what a transition's hook may look at. */
struct mutu_action_ctx {
	mutu_store *st;
	const mutu_actor *who;
};
typedef struct mutu_action_ctx mutu_action_ctx;

/* A new record of t: its key (a fresh id, or key for a handle-keyed type),
 * type, defaults, initial status, owner and times. The caller adds the
 * member's fields. */
int mutu_action_new(mutu_record **out, const mutu_record_type *t, const char *actor,
		    const char *key);

/* Set field to when, as a record writes a time (RFC 3339 UTC). */
int mutu_action_stamp(mutu_record *rec, const char *field, time_t when);

/*
 * Set a field a member may set from text: a list field takes a comma-
 * separated list; an empty value empties the field, and an optional empty
 * field is left out when the record is written (a required one is
 * refused then). MUTU_EDATA, naming the settable fields, for any other
 * field.
 */
int mutu_action_set(mutu_record *rec, const mutu_record_type *t, const char *field,
		    const char *value);

/* Add (add != 0) or remove one item of a list field; no-op if already so. */
int mutu_action_list_item(mutu_record *rec, const mutu_record_type *t, const char *field,
			  const char *item, int add);

/* Take the settable fields of edited (a whole record a person changed in
 * an editor) into rec; those left out of edited are removed. MUTU_EDATA,
 * naming name:line:column, if edited changes a field mutu owns or adds
 * one the schema does not know. */
int mutu_action_apply_edit(mutu_record *rec, const mutu_record_type *t, const mutu_record *edited,
			   const char *name);

/* MUTU_EPERM unless who owns rec (verb names the refused action). */
int mutu_action_check_owner(const mutu_record_type *t, const mutu_record *rec,
			    const mutu_actor *who, const char *verb);

/* Apply the transition a verb makes to rec, with its note (may be NULL).
 * 1 (and nothing changed) when rec already has the status it leads to;
 * MUTU_EDATA when rec's status is not where it starts; or what the
 * transition's hook says. */
int mutu_action_transition(mutu_record *rec, const mutu_record_type *t,
			   const mutu_transition *tr, const char *note, const mutu_action_ctx *ctx);

/* Commit n new records of t in one commit (all checked first). */
int mutu_action_add(const mutu_action_ctx *ctx, const mutu_record_type *t, mutu_record **recs,
		    size_t n);

/* Progress of long work: done so far, and the total if known (else 0). */
typedef void (*mutu_progress_fn)(const char *what, size_t done, size_t total);

/* Read YAML documents from f (named name in messages), each holding
 * settable fields only; make them records of t and commit them all in ONE
 * commit, or nothing at all. The records go to *out (caller frees each,
 * then the array). progress may be NULL. */
int mutu_action_import(mutu_record ***out, size_t *n, const mutu_action_ctx *ctx,
		       const mutu_record_type *t, FILE *f, const char *name,
		       mutu_progress_fn progress);

/* Commit a changed record read from base: checks that the actor owns it,
 * stamps its update time, validates, and names the action by verb. */
int mutu_action_save(const mutu_action_ctx *ctx, const mutu_record_type *t, mutu_record *rec,
		     const mutu_oid *base, const char *verb);

/*
 * Commit one record of the child type t under parent (a record of
 * parent_type): a new one when base is NULL, a change of the one read at
 * base, or its removal when rec is NULL. The commit is the parent's
 * action verb ("offer.lend"), its subject "offer lend 7q3k9m2x <about>:
 * <parent's title>" (about may be NULL), and it is made only while the
 * guards hold (mutu_guard; guards may be NULL).
 */
int mutu_action_commit_child(const mutu_action_ctx *ctx, const mutu_record_type *parent_type,
			     const mutu_record *parent, const mutu_record_type *t, mutu_record *rec,
			     const char *key, const mutu_oid *base, const char *verb,
			     const char *about, const mutu_guard *guards, size_t nguards);

#endif
