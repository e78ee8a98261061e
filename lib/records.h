/*
 * records — reading and writing whole records in the commons.
 *
 * Writes are strict: every record is put in canonical shape, checked
 * against its schema and emitted as canonical YAML before anything is
 * committed, and all records of one user action go in ONE commit whose
 * message is readable and parseable:
 *
 *     offer add 7q3k9m2x: Perceuse
 *
 *     Mutu-Action: offer.add
 *     Mutu-Record: offers/7q/7q3k9m2xh4ta.yaml
 *
 * Reads are tolerant: a record that fails its schema (a hand edit, a newer
 * mutu) is still returned, with a warning naming the file.
 */
#ifndef MUTU_RECORDS_H
#define MUTU_RECORDS_H

#include "buf.h"
#include "record.h"
#include "store.h"
#include "types.h"

/* The member a write is made by; strings owned by whoever filled it. */
typedef struct {
	const char *handle;
	const char *name;
	const char *email;
	mutu_sign_fn sign;       /* signs the member's commits; NULL: unsigned */
	void *sign_payload;
} mutu_actor;

/* One record to write. */
typedef struct {
	const char *type;        /* schema name: "offer", "member", ...; NULL: a
				    file that is no record, rec its text (a
				    MUTU_STR), written as is */
	const char *path;
	mutu_record *rec;        /* canonicalized in place; NULL removes the file */
	const mutu_oid *base;    /* blob it was read from; NULL for a new file */
} mutu_write;

/* Validate and commit writes as one commit. summary is the first line of
 * the message (control characters escaped, cut on a character boundary
 * at MUTU_RECORDS_MAX_SUBJECT bytes); action the Mutu-Action trailer
 * ("offer.add"). Paths are listed as Mutu-Record trailers, up to
 * MUTU_RECORDS_MAX_TRAILERS, then a Mutu-Count trailer gives the total.
 * The actor's name and email must be usable as a commit author
 * (mutu_records_check_author). */
#define MUTU_RECORDS_MAX_TRAILERS 100
#define MUTU_RECORDS_MAX_SUBJECT 300
int mutu_records_write(mutu_store *st, const mutu_actor *who, const char *action,
		       const char *summary, mutu_write *writes, size_t n);

/* The same, made only while each guard's directory is unchanged (see
 * mutu_guard): MUTU_ETEMP otherwise. */
int mutu_records_write_guarded(mutu_store *st, const mutu_actor *who, const char *action,
			       const char *summary, mutu_write *writes, size_t n,
			       const mutu_guard *guards, size_t nguards);

/* Whether name and email can become a commit's author, whatever file
 * they came from (named by source in the message): no control, bidi or
 * '<' '>' characters, a name that is not blank, an email with an '@'. */
int mutu_records_check_author(const char *name, const char *email, const char *source);

/* A commit subject from parts: "offer add 7q3k9m2x" and "Perceuse" make
 * "offer add 7q3k9m2x: Perceuse" (title may be NULL), control characters
 * escaped and the whole cut, on a character boundary, to
 * MUTU_RECORDS_MAX_SUBJECT bytes. */
void mutu_records_subject(mutu_buf *out, const char *action_words, const char *title);

/* Check rec against its type's schema, and its row's validate, without
 * writing (name: for messages). */
int mutu_records_check(const char *type, mutu_record *rec, const char *name);

/* Read and parse path at the tip (at most MUTU_YAML_MAX_DOCUMENT bytes).
 * strict: a schema violation is an error; otherwise it is a warning and
 * the record is returned anyway. blob (may be NULL) receives the blob id,
 * to pass as a write's base. */
int mutu_records_read(mutu_record **out, mutu_oid *blob, mutu_store *st,
		      const char *type, const char *path, int strict);

/* Parse a blob already found by a walk; same tolerance as above. */
int mutu_records_parse(mutu_record **out, const char *type, const char *data,
		       size_t len, const char *path, int strict);

/* Every record of the child type t under the record parent (an id) at
 * the tip, in the directory's order, each malloc'd, in a malloc'd array.
 * Reads are tolerant and say so, by path: a record that fails its schema
 * is returned with a warning; an entry that is not where such a record
 * lives, whose key field differs from its file name, or that cannot be
 * read is warned about and left out. No directory: no records. */
int mutu_records_children(mutu_record ***out, size_t *n, mutu_store *st,
			  const mutu_record_type *t, const char *parent);

/* The same, with each record's blob (*blobs, malloc'd, when blobs is not
 * NULL) and the tree of the directory into *dir_tree (*exists 0 when
 * there is none yet): what guards a decision taken on them (mutu_guard). */
int mutu_records_children_at(mutu_record ***out, mutu_oid **blobs, size_t *n, mutu_oid *dir_tree,
			     int *exists, mutu_store *st, const mutu_record_type *t,
			     const char *parent);

/* Canonical YAML of rec (canonicalized in place first). */
int mutu_records_emit(mutu_buf *out, const char *type, mutu_record *rec);

#endif
