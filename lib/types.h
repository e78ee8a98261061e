/*
 * types — the record-type table: every kind of record mutu keeps is a
 * schema (schema/<name>.json) plus one row here, the way git's command
 * table drives its builtins. The row says where the records live, which
 * fields a member may set and what they default to, the statuses and the
 * transitions allowed between them, the summary fields the derived
 * catalog keeps for filters, the columns a table and a tsv line print,
 * and the names of the actions its commits carry. Offers, needs and
 * members are the first rows; a new type is a schema, a row, and the
 * callbacks its own verbs need, never a copy of another type's code.
 *
 * Nothing here touches the store: paths are computed and checked, so a
 * key is never turned into a path before it is known to be well formed.
 */
#ifndef MUTU_TYPES_H
#define MUTU_TYPES_H

#include "record.h"

#include <stddef.h>

/* Where a type's records live. */
typedef enum {
	MUTU_LAYOUT_FANOUT,  /* <dir>/<first two id characters>/<id>.yaml */
	MUTU_LAYOUT_FLAT,    /* <dir>/<handle>.yaml */
	MUTU_LAYOUT_CHILD,   /* <dir>/<parent id>/<key>.yaml: under the record it is about */
} mutu_layout;

/* What names a record: a random id, or a member's handle. */
typedef enum {
	MUTU_KEY_ID,
	MUTU_KEY_HANDLE,
} mutu_key_kind;

typedef struct mutu_record_type mutu_record_type;

/* A rule that spans records, checked after every merge (checks.h). */
typedef struct mutu_check mutu_check;

/* Who acts and when, for a transition's hook (defined by the actions
 * module, which runs the verbs). */
struct mutu_action_ctx;

/* A field set on every new record: { "kind", "other" }. */
typedef struct {
	const char *field;
	const char *value;
} mutu_default;

/*
 * A change of status a verb makes: close (open -> closed), reopen. The
 * verb's note (--reason) goes to note_field; the fields in clear are
 * removed. check, when not NULL, may refuse the change (the last error
 * set): a transition that needs more than a status check, such as "a
 * vote opens only after the discussion time", is a hook here.
 */
typedef struct {
	const char *verb;
	const char *from;
	const char *to;
	const char *note_field;          /* NULL: the verb takes no note */
	const char *const *clear;        /* NULL-terminated, or NULL */
	int (*check)(const mutu_record_type *t, const mutu_record *rec,
		     const struct mutu_action_ctx *ctx);
} mutu_transition;

/* How a column prints in a table. */
#define MUTU_COL_KEY 1u     /* the id: its shortest unique prefix, at least 8 */
#define MUTU_COL_DATE 2u    /* a time: its date only */
#define MUTU_COL_FLEX 4u    /* cut with "…" when the table is too wide */
#define MUTU_COL_STATUS 8u  /* only when the list mixes statuses */

typedef struct {
	const char *field;
	const char *heading;  /* N_(): translated when printed */
	unsigned flags;
} mutu_column;

/* An order a list may take: text in Unicode's case-folded order, A to Z;
 * times newest first. Ties go to the key, so the order is total. */
typedef struct {
	const char *field;
	int newest_first;
} mutu_sort_key;

struct mutu_record_type {
	const char *name;        /* "offer": its schema, its type field, its actions */
	const char *plural;      /* "offers": for messages */
	const char *about;       /* N_(): what they are, one line */
	const char *dir;         /* "offers" */
	mutu_layout layout;
	mutu_key_kind key;
	const char *key_field;   /* "id", "handle" */
	const char *parent_field;   /* a child type's field naming its parent: "proposal" */
	int findable;            /* a child type keyed by id that `mutu show ID` finds */
	int has_type_field;      /* records carry "type: <name>" */
	const char *owner_field; /* who may change a record: "author", "handle" */
	const char *title_field; /* what a commit summary quotes: "title", "name" */
	const char *created_field;  /* stamped when added: "created", "joined" */
	const char *updated_field;  /* stamped on every change, or NULL */

	/* fields a member gives on add or changes with edit, in order */
	const char *const *settable;
	/* list fields among them (changed with --add-tag and the like) */
	const char *const *list_fields;
	const mutu_default *defaults;   /* { NULL } ends it */

	/* statuses: NULL status_field means the type has none */
	const char *status_field;
	const char *initial_status;
	const char *listed_status;      /* what a list shows by default */
	const mutu_transition *transitions;  /* { NULL } ends it */

	/* what the catalog keeps of each record, to filter and print a list
	 * without reading it: key first */
	const char *const *summary;
	const mutu_column *table;       /* { NULL } ends them */
	const mutu_column *tsv;         /* a stable interface: documented */
	const mutu_column *detail;      /* what `show` prints, a labelled line each */
	const char *body_field;         /* Markdown shown after them, or NULL */
	const mutu_sort_key *sorts;     /* what --sort accepts, the default first */
	const char *const *grep_fields; /* what --grep searches */
	const mutu_check *const *checks;    /* after a merge; NULL-terminated, or NULL */
	/* what a record must hold beyond its schema (an event ends after it
	 * starts): MUTU_EDATA, saying why, or 0; NULL: nothing */
	int (*validate)(const mutu_record *rec);

	/* summary fields a record does not hold as such but that are
	 * computed from it (an item's words, for matching): NULL-terminated,
	 * or NULL. derive sets *out to a map holding them (strings or lists
	 * of strings); derived_version names how they are computed, so that a
	 * catalog built another way is rebuilt. */
	const char *const *derived;
	int (*derive)(const mutu_record *rec, mutu_value **out);
	int derived_version;
};

extern const mutu_record_type mutu_type_offer;
extern const mutu_record_type mutu_type_need;
extern const mutu_record_type mutu_type_member;
extern const mutu_record_type mutu_type_proposal;
/* Records under a parent record, reached through it: a comment on any
 * record (comments/<record>/<id>.yaml), a member's ballot on a proposal
 * (votes/<proposal>/<handle>.yaml: one file per voter, so voters never
 * conflict). */
extern const mutu_record_type mutu_type_comment;
extern const mutu_record_type mutu_type_ballot;
/* What a merge could not keep side by side (conflicts/<2>/<id>.yaml). */
extern const mutu_record_type mutu_type_conflict;
/* The time bank: hours a member pays others (exchanges/<2>/<id>.yaml). */
extern const mutu_record_type mutu_type_exchange;
/* The tool library's records under an offer, so that members acting on
 * one offer offline never edit the same file: a loan
 * (loans/<offer>/<id>.yaml), a member in line for it
 * (holds/<offer>/<handle>.yaml), a booking (bookings/<offer>/<id>.yaml),
 * a member taking part in an event (attendees/<offer>/<handle>.yaml). */
extern const mutu_record_type mutu_type_loan;
extern const mutu_record_type mutu_type_hold;
extern const mutu_record_type mutu_type_booking;
extern const mutu_record_type mutu_type_attendee;

/* Every row of a record that stands alone (the ones find, list and the
 * catalog walk), NULL-terminated. */
extern const mutu_record_type *const mutu_types[];

/* Every row of a record under a parent, NULL-terminated. */
extern const mutu_record_type *const mutu_child_types[];

/* The row named name, or NULL. */
const mutu_record_type *mutu_type_find(const char *name);

/* Whether key is well formed for t (an id, a handle); MUTU_EDATA, naming
 * it, if not. */
int mutu_type_check_key(const mutu_record_type *t, const char *key);

/* The path of t's record named key, into out (64 bytes), after checking
 * key. Not for MUTU_LAYOUT_CHILD (MUTU_EUSAGE): see below. */
int mutu_type_path(char out[64], const mutu_record_type *t, const char *key);

/* The path of a child record of t named key under the record parent (an
 * id), into out (64 bytes), after checking both; and the directory of
 * parent's children, without a trailing slash. */
int mutu_type_child_path(char out[64], const mutu_record_type *t, const char *parent,
			 const char *key);
int mutu_type_child_dir(char out[64], const mutu_record_type *t, const char *parent);

/*
 * Whether path (under t->dir; for a child type, under its parent's
 * directory there) is where a record of t lives, and if so its key (into
 * key, 64 bytes). When it is not, *why says, as a sentence to
 * translate, what is wrong with the place ("not in its fan-out
 * directory", …) and the function returns 0.
 */
int mutu_type_place(const mutu_record_type *t, const char *path, char key[64], const char **why);

/* The type of the record that lives at path, whichever it is (a record
 * standing alone or under a parent), and its key (into key, 64 bytes);
 * NULL when path is no record's place. */
const mutu_record_type *mutu_type_at(const char *path, char key[64]);

/* Whether field is one t derives rather than reads (t->derived). */
int mutu_type_derived(const mutu_record_type *t, const char *field);

/* Whether field is one a member may set on t (settable), or a list one. */
int mutu_type_settable(const mutu_record_type *t, const char *field);
int mutu_type_list_field(const mutu_record_type *t, const char *field);

/* The transition of t a verb makes, or NULL. A verb may start from more
 * than one status (a row each): status, when not NULL, picks the row that
 * starts there, if any (else the verb's first row, whose refusal then
 * names the status it needs). */
const mutu_transition *mutu_type_transition(const mutu_record_type *t, const char *verb);
const mutu_transition *mutu_type_transition_from(const mutu_record_type *t, const char *verb,
						 const char *status);

/* The order named field (NULL: the default one), or NULL. */
const mutu_sort_key *mutu_type_sort(const mutu_record_type *t, const char *field);

/* The index of field in t's summary, or -1. */
int mutu_type_summary_index(const mutu_record_type *t, const char *field);

/* The action a commit carries: "<name>.<verb>" into out (64 bytes). */
void mutu_type_action(char out[64], const mutu_record_type *t, const char *verb);

#endif
