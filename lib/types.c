/*
 * The rows of the record-type table. Field names here must be properties
 * of the type's schema; tests/unit/test_types.c checks every row against
 * its schema, so a typo cannot wait for a user to find it.
 */
#include "types.h"

#include "booking.h"
#include "error.h"
#include "i18n.h"
#include "utf8.h"
#include "id.h"
#include "govcheck.h"
#include "librarycheck.h"
#include "match.h"
#include "proposal.h"
#include "timebank.h"

#include <stdio.h>
#include <string.h>

/* --- offers and needs: one shape, two rows --- */

static const char *const item_settable[] = {
	"title", "kind", "tags", "body", "location", "availability", NULL,
};
static const char *const item_lists[] = { "tags", NULL };
static const mutu_default item_defaults[] = { { "kind", "other" }, { NULL, NULL } };
static const char *const close_clears[] = { "closed_reason", NULL };
static const mutu_transition item_transitions[] = {
	{ "close", "open", "closed", "closed_reason", NULL, NULL },
	{ "reopen", "closed", "open", NULL, close_clears, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
};
static const mutu_column item_table[] = {
	{ "id", N_("ID"), MUTU_COL_KEY },
	{ "kind", N_("KIND"), 0 },
	{ "status", N_("STATUS"), MUTU_COL_STATUS },
	{ "author", N_("AUTHOR"), 0 },
	{ "created", N_("CREATED"), MUTU_COL_DATE },
	{ "title", N_("TITLE"), MUTU_COL_FLEX },
	{ "tags", N_("TAGS"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_column item_tsv[] = {
	{ "id", NULL, 0 }, { "status", NULL, 0 }, { "kind", NULL, 0 }, { "author", NULL, 0 },
	{ "created", NULL, 0 }, { "updated", NULL, 0 }, { "title", NULL, 0 }, { "tags", NULL, 0 },
	{ NULL, NULL, 0 },
};
static const mutu_column item_detail[] = {
	{ "title", N_("Title:"), 0 },
	{ "kind", N_("Kind:"), 0 },
	{ "author", N_("Author:"), 0 },
	{ "created", N_("Created:"), 0 },
	{ "updated", N_("Updated:"), 0 },
	{ "tags", N_("Tags:"), 0 },
	{ "location", N_("Location:"), 0 },
	{ "availability", N_("Availability:"), 0 },
	{ "closed_reason", N_("Closed:"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_sort_key item_sorts[] = {
	{ "created", 1 }, { "updated", 1 }, { "title", 0 }, { NULL, 0 },
};
static const char *const item_grep[] = { "title", "body", NULL };

/* An offer may be an event, with a start, an end and a capacity; and its
 * words, derived, are what matching compares (match.h). */
static const char *const offer_settable[] = {
	"title", "kind", "tags", "body", "location", "availability", "start", "end", "capacity",
	NULL,
};
static const char *const item_derived[] = { "words", NULL };
static const char *const offer_summary[] = {
	"id", "status", "kind", "author", "created", "updated", "title", "tags", "location",
	"start", "end", "words", NULL,
};
static const char *const need_summary[] = {
	"id", "status", "kind", "author", "created", "updated", "title", "tags", "location",
	"words", NULL,
};
static const mutu_column offer_detail[] = {
	{ "title", N_("Title:"), 0 },
	{ "kind", N_("Kind:"), 0 },
	{ "author", N_("Author:"), 0 },
	{ "created", N_("Created:"), 0 },
	{ "updated", N_("Updated:"), 0 },
	{ "tags", N_("Tags:"), 0 },
	{ "location", N_("Location:"), 0 },
	{ "availability", N_("Availability:"), 0 },
	{ "start", N_("Starts:"), 0 },
	{ "end", N_("Ends:"), 0 },
	{ "capacity", N_("Capacity:"), 0 },
	{ "closed_reason", N_("Closed:"), 0 },
	{ NULL, NULL, 0 },
};

#define ITEM_ROW(type_name, type_plural, type_about) \
	.name = type_name, .plural = type_plural, .about = type_about, .dir = type_plural, \
	.layout = MUTU_LAYOUT_FANOUT, .key = MUTU_KEY_ID, .key_field = "id", \
	.has_type_field = 1, .owner_field = "author", .title_field = "title", \
	.created_field = "created", .updated_field = "updated", \
	.list_fields = item_lists, .defaults = item_defaults, \
	.status_field = "status", .initial_status = "open", .listed_status = "open", \
	.transitions = item_transitions, .table = item_table, \
	.tsv = item_tsv, .body_field = "body", .sorts = item_sorts, \
	.grep_fields = item_grep, .derived = item_derived, .derive = mutu_match_derive, \
	.derived_version = MUTU_MATCH_WORDS_VERSION

const mutu_record_type mutu_type_offer = {
	ITEM_ROW("offer", "offers", N_("What members put in common: tools, skills, time, spaces.")),
	.settable = offer_settable, .summary = offer_summary, .detail = offer_detail,
	.validate = mutu_event_check,
};
const mutu_record_type mutu_type_need = {
	ITEM_ROW("need", "needs", N_("What members ask the commons for.")),
	.settable = item_settable, .summary = need_summary, .detail = item_detail,
};

/* --- members --- */

static const char *const member_settable[] = { "name", "email", "keys", NULL };
static const char *const member_lists[] = { "keys", NULL };
static const mutu_default no_defaults[] = { { NULL, NULL } };
static const mutu_transition no_transitions[] = { { NULL, NULL, NULL, NULL, NULL, NULL } };
static const char *const member_summary[] = {
	"handle", "name", "email", "roles", "joined", "status", NULL,
};
static const mutu_column member_table[] = {
	{ "handle", N_("HANDLE"), 0 },
	{ "name", N_("NAME"), MUTU_COL_FLEX },
	{ "email", N_("EMAIL"), 0 },
	{ "roles", N_("ROLES"), 0 },
	{ "joined", N_("JOINED"), MUTU_COL_DATE },
	{ "status", N_("STATUS"), 0 },
	{ NULL, NULL, 0 },
};
/* a stable interface: status comes last, after the columns scripts knew */
static const mutu_column member_tsv[] = {
	{ "handle", NULL, 0 }, { "name", NULL, 0 }, { "email", NULL, 0 }, { "roles", NULL, 0 },
	{ "joined", NULL, 0 }, { "status", NULL, 0 }, { NULL, NULL, 0 },
};
static const mutu_column member_detail[] = {
	{ "name", N_("Name:"), 0 },
	{ "email", N_("Email:"), 0 },
	{ "roles", N_("Roles:"), 0 },
	{ "joined", N_("Joined:"), 0 },
	{ "status", N_("Status:"), 0 },
	{ "left", N_("Left:"), 0 },
	{ "sponsor", N_("Sponsor:"), 0 },
	{ "admitted_by", N_("Admitted by proposal:"), 0 },
	{ "keys", N_("Keys:"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_sort_key member_sorts[] = { { "handle", 0 }, { "joined", 1 }, { NULL, 0 } };
static const char *const member_grep[] = { "handle", "name", NULL };

const mutu_record_type mutu_type_member = {
	.name = "member", .plural = "members", .dir = "members",
	.about = N_("The members of the commons: who acts, under which name."),
	.layout = MUTU_LAYOUT_FLAT, .key = MUTU_KEY_HANDLE, .key_field = "handle",
	.has_type_field = 0, .owner_field = "handle", .title_field = "name",
	.created_field = "joined", .updated_field = NULL,
	.settable = member_settable, .list_fields = member_lists, .defaults = no_defaults,
	.status_field = NULL, .initial_status = NULL, .listed_status = NULL,
	.transitions = no_transitions, .summary = member_summary, .table = member_table,
	.tsv = member_tsv, .detail = member_detail, .body_field = NULL, .sorts = member_sorts,
	.grep_fields = member_grep,
};

/* --- proposals --- */

static const char *const proposal_settable[] = { "title", "body", "tags", NULL };
static const char *const proposal_lists[] = { "tags", NULL };
/* close is not here: where it leads is the tally's to say (proposal.c) */
static const mutu_transition proposal_transitions[] = {
	{ "submit", "draft", "discussion", NULL, NULL, NULL },
	{ "start", "discussion", "vote", NULL, NULL, mutu_proposal_check_start },
	{ "withdraw", "discussion", "withdrawn", "withdrawn_reason", NULL, NULL },
	{ "withdraw", "draft", "withdrawn", "withdrawn_reason", NULL, NULL },
	{ "withdraw", "vote", "withdrawn", "withdrawn_reason", NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
};
static const char *const proposal_summary[] = {
	"id", "status", "kind", "method", "author", "created", "updated", "closes", "title",
	"tags", NULL,
};
static const mutu_column proposal_table[] = {
	{ "id", N_("ID"), MUTU_COL_KEY },
	{ "status", N_("STATUS"), MUTU_COL_STATUS },
	{ "kind", N_("KIND"), 0 },
	{ "method", N_("METHOD"), 0 },
	{ "author", N_("AUTHOR"), 0 },
	{ "closes", N_("CLOSES"), MUTU_COL_DATE },
	{ "title", N_("TITLE"), MUTU_COL_FLEX },
	{ NULL, NULL, 0 },
};
static const mutu_column proposal_tsv[] = {
	{ "id", NULL, 0 }, { "status", NULL, 0 }, { "kind", NULL, 0 }, { "method", NULL, 0 },
	{ "author", NULL, 0 }, { "created", NULL, 0 }, { "updated", NULL, 0 },
	{ "closes", NULL, 0 }, { "title", NULL, 0 }, { "tags", NULL, 0 }, { NULL, NULL, 0 },
};
static const mutu_column proposal_detail[] = {
	{ "title", N_("Title:"), 0 },
	{ "kind", N_("Kind:"), 0 },
	{ "author", N_("Author:"), 0 },
	{ "created", N_("Created:"), 0 },
	{ "updated", N_("Updated:"), 0 },
	{ "tags", N_("Tags:"), 0 },
	{ "method", N_("Method:"), 0 },
	{ "options", N_("Options:"), 0 },
	{ "scale", N_("Scale:"), 0 },
	{ "seats", N_("Seats:"), 0 },
	{ "status_quo", N_("Status quo:"), 0 },
	{ "quorum", N_("Quorum:"), 0 },
	{ "threshold", N_("Threshold:"), 0 },
	{ "discussed", N_("Discussed:"), 0 },
	{ "opened", N_("Vote opened:"), 0 },
	{ "closes", N_("Closes:"), 0 },
	{ "closed", N_("Closed:"), 0 },
	{ "target", N_("Changes:"), 0 },
	{ "member", N_("Member:"), 0 },
	{ "grant", N_("Grants:"), 0 },
	{ "revoke", N_("Revokes:"), 0 },
	{ "name", N_("Name:"), 0 },
	{ "email", N_("Email:"), 0 },
	{ "applied", N_("Applied:"), 0 },
	{ "withdrawn_reason", N_("Withdrawn:"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_sort_key proposal_sorts[] = {
	{ "created", 1 }, { "updated", 1 }, { "closes", 1 }, { "title", 0 }, { NULL, 0 },
};

static const mutu_check *const proposal_checks[] = { &mutu_check_rules_during_vote, NULL };

const mutu_record_type mutu_type_proposal = {
	.name = "proposal", .plural = "proposals", .dir = "proposals",
	.about = N_("Decisions the members take together, and how they vote on them."),
	.layout = MUTU_LAYOUT_FANOUT, .key = MUTU_KEY_ID, .key_field = "id",
	.has_type_field = 1, .owner_field = "author", .title_field = "title",
	.created_field = "created", .updated_field = "updated",
	.settable = proposal_settable, .list_fields = proposal_lists,
	.defaults = no_defaults,
	.status_field = "status", .initial_status = "discussion", .listed_status = NULL,
	.transitions = proposal_transitions, .summary = proposal_summary,
	.table = proposal_table, .tsv = proposal_tsv, .detail = proposal_detail,
	.body_field = "body", .sorts = proposal_sorts, .grep_fields = item_grep,
	.checks = proposal_checks,
};

/* --- records under another one --- */

static const char *const comment_settable[] = { "body", NULL };
static const char *const comment_summary[] = { "id", "author", "created", NULL };
static const mutu_column comment_columns[] = {
	{ "id", N_("ID"), MUTU_COL_KEY },
	{ "author", N_("AUTHOR"), 0 },
	{ "created", N_("CREATED"), MUTU_COL_DATE },
	{ NULL, NULL, 0 },
};
static const mutu_sort_key comment_sorts[] = { { "created", 0 }, { NULL, 0 } };
static const char *const comment_grep[] = { "body", NULL };

const mutu_record_type mutu_type_comment = {
	.name = "comment", .plural = "comments", .dir = "comments",
	.about = N_("What members say about a record."),
	.layout = MUTU_LAYOUT_CHILD, .key = MUTU_KEY_ID, .key_field = "id", .parent_field = "record",
	.has_type_field = 1, .owner_field = "author", .title_field = NULL,
	.created_field = "created", .updated_field = NULL,
	.settable = comment_settable, .list_fields = NULL, .defaults = no_defaults,
	.status_field = NULL, .transitions = no_transitions, .summary = comment_summary,
	.table = comment_columns, .tsv = comment_columns, .detail = comment_columns,
	.body_field = "body", .sorts = comment_sorts, .grep_fields = comment_grep,
};

static const char *const ballot_summary[] = { "voter", "cast", "updated", NULL };
static const mutu_column ballot_columns[] = {
	{ "voter", N_("VOTER"), 0 },
	{ "cast", N_("CAST"), 0 },
	{ "updated", N_("UPDATED"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_sort_key ballot_sorts[] = { { "voter", 0 }, { NULL, 0 } };
static const char *const ballot_grep[] = { "voter", NULL };
static const char *const ballot_settable[] = { "choice", "approve", "rank", "grade", NULL };


static const mutu_check *const ballot_checks[] = { &mutu_check_ballot_window, NULL };

const mutu_record_type mutu_type_ballot = {
	.name = "ballot", .plural = "ballots", .dir = "votes",
	.about = N_("The members' ballots, one file per voter and proposal."),
	.layout = MUTU_LAYOUT_CHILD, .key = MUTU_KEY_HANDLE, .key_field = "voter",
	.parent_field = "proposal",
	.has_type_field = 0, .owner_field = "voter", .title_field = NULL,
	.created_field = "cast", .updated_field = "updated",
	.settable = ballot_settable, .list_fields = NULL, .defaults = no_defaults,
	.status_field = NULL, .transitions = no_transitions, .summary = ballot_summary,
	.table = ballot_columns, .tsv = ballot_columns, .detail = ballot_columns,
	.body_field = NULL, .sorts = ballot_sorts, .grep_fields = ballot_grep,
	.checks = ballot_checks,
};

/* --- what merges could not keep --- */

static const char *const conflict_summary[] = {
	"id", "status", "record_type", "record", "field", "check", "created", NULL,
};
static const mutu_column conflict_table[] = {
	{ "id", N_("ID"), MUTU_COL_KEY },
	{ "status", N_("STATUS"), MUTU_COL_STATUS },
	{ "record_type", N_("TYPE"), 0 },
	{ "record", N_("RECORD"), 0 },
	{ "field", N_("FIELD"), 0 },
	{ "check", N_("CHECK"), 0 },
	{ "created", N_("CREATED"), MUTU_COL_DATE },
	{ NULL, NULL, 0 },
};
static const mutu_column conflict_tsv[] = {
	{ "id", NULL, 0 }, { "status", NULL, 0 }, { "record_type", NULL, 0 }, { "record", NULL, 0 },
	{ "field", NULL, 0 }, { "check", NULL, 0 }, { "created", NULL, 0 }, { NULL, NULL, 0 },
};
static const mutu_column conflict_detail[] = {
	{ "status", N_("Status:"), 0 },
	{ "record_type", N_("Type:"), 0 },
	{ "record", N_("Record:"), 0 },
	{ "path", N_("Path:"), 0 },
	{ "field", N_("Field:"), 0 },
	{ "check", N_("Check:"), 0 },
	{ "detail", N_("Detail:"), 0 },
	{ "kept_by", N_("Kept from:"), 0 },
	{ "kept_commit", N_("Kept commit:"), 0 },
	{ "lost_by", N_("Lost from:"), 0 },
	{ "lost_commit", N_("Lost commit:"), 0 },
	{ "created", N_("Created:"), 0 },
	{ "resolved_by", N_("Resolved by:"), 0 },
	{ "resolved", N_("Resolved:"), 0 },
	{ "resolution", N_("Resolution:"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_sort_key conflict_sorts[] = {
	{ "created", 1 }, { "record", 0 }, { NULL, 0 },
};
static const char *const conflict_grep[] = { "record", "field", "check", "detail", NULL };
/* nothing a member sets by hand: a conflict changes only by resolving it */
static const char *const conflict_settable[] = { NULL };

const mutu_record_type mutu_type_conflict = {
	.name = "conflict", .plural = "conflicts", .dir = "conflicts",
	.about = N_("Values a merge could not keep side by side, until a member resolves them."),
	.layout = MUTU_LAYOUT_FANOUT, .key = MUTU_KEY_ID, .key_field = "id",
	.has_type_field = 1, .owner_field = NULL, .title_field = "record",
	.created_field = "created", .updated_field = NULL,
	.settable = conflict_settable, .list_fields = NULL, .defaults = no_defaults,
	.status_field = "status", .initial_status = "open", .listed_status = "open",
	.transitions = no_transitions, .summary = conflict_summary,
	.table = conflict_table, .tsv = conflict_tsv, .detail = conflict_detail,
	.body_field = NULL, .sorts = conflict_sorts, .grep_fields = conflict_grep,
};

/* what a member never sets by hand: the verbs make the whole record */
static const char *const no_settable[] = { NULL };

/* --- the time bank --- */

static const char *const exchange_derived[] = { "flows", "hours", NULL };
static const char *const exchange_summary[] = {
	"id", "payer", "created", "for", "need", "offer", "flows", "hours", NULL,
};
static const mutu_column exchange_table[] = {
	{ "id", N_("ID"), MUTU_COL_KEY },
	{ "payer", N_("PAYER"), 0 },
	{ "created", N_("CREATED"), MUTU_COL_DATE },
	{ "hours", N_("PAID (HOURS)"), 0 },
	{ "for", N_("FOR"), MUTU_COL_FLEX },
	{ NULL, NULL, 0 },
};
static const mutu_column exchange_tsv[] = {
	{ "id", NULL, 0 }, { "payer", NULL, 0 }, { "created", NULL, 0 }, { "flows", NULL, 0 },
	{ "need", NULL, 0 }, { "offer", NULL, 0 }, { "for", NULL, 0 }, { NULL, NULL, 0 },
};
static const mutu_column exchange_detail[] = {
	{ "payer", N_("Payer:"), 0 },
	{ "created", N_("Created:"), 0 },
	{ "for", N_("For:"), 0 },
	{ "need", N_("Need:"), 0 },
	{ "offer", N_("Offer:"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_sort_key exchange_sorts[] = { { "created", 1 }, { NULL, 0 } };
static const char *const exchange_grep[] = { "for", NULL };

const mutu_record_type mutu_type_exchange = {
	.name = "exchange", .plural = "exchanges", .dir = "exchanges",
	.about = N_("The time bank: hours members pay each other for help received."),
	.layout = MUTU_LAYOUT_FANOUT, .key = MUTU_KEY_ID, .key_field = "id",
	.has_type_field = 1, .owner_field = "payer", .title_field = "for",
	.created_field = "created", .updated_field = NULL,
	.settable = no_settable, .list_fields = NULL, .defaults = no_defaults,
	.status_field = NULL, .transitions = no_transitions, .summary = exchange_summary,
	.table = exchange_table, .tsv = exchange_tsv, .detail = exchange_detail,
	.body_field = NULL, .sorts = exchange_sorts, .grep_fields = exchange_grep,
	.derived = exchange_derived, .derive = mutu_exchange_derive, .derived_version = 2,
};

/* --- the tool library: records under an offer --- */

static const char *const loan_summary[] = {
	"id", "status", "offer", "lender", "borrower", "created", "updated", "due", "returned", "need",
	NULL,
};
static const mutu_column loan_table[] = {
	{ "id", N_("ID"), MUTU_COL_KEY },
	{ "status", N_("STATUS"), MUTU_COL_STATUS },
	{ "offer", N_("OFFER"), 0 },
	{ "borrower", N_("BORROWER"), 0 },
	{ "lender", N_("LENDER"), 0 },
	{ "created", N_("LENT"), MUTU_COL_DATE },
	{ "due", N_("DUE"), MUTU_COL_DATE },
	{ NULL, NULL, 0 },
};
static const mutu_column loan_tsv[] = {
	{ "id", NULL, 0 }, { "status", NULL, 0 }, { "offer", NULL, 0 }, { "borrower", NULL, 0 },
	{ "lender", NULL, 0 }, { "created", NULL, 0 }, { "due", NULL, 0 }, { "returned", NULL, 0 },
	{ NULL, NULL, 0 },
};
static const mutu_column loan_detail[] = {
	{ "offer", N_("Offer:"), 0 },
	{ "lender", N_("Lender:"), 0 },
	{ "borrower", N_("Borrower:"), 0 },
	{ "created", N_("Lent:"), 0 },
	{ "due", N_("Due:"), 0 },
	{ "renewals", N_("Renewals:"), 0 },
	{ "returned", N_("Returned:"), 0 },
	{ "need", N_("Need:"), 0 },
	{ "note", N_("Note:"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_transition loan_transitions[] = {
	{ "return", "out", "returned", NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
};
static const mutu_sort_key loan_sorts[] = { { "due", 0 }, { "created", 1 }, { NULL, 0 } };
static const char *const loan_grep[] = { "borrower", "lender", "note", NULL };
static const char *const loan_settable[] = { "note", NULL };
static const mutu_check *const loan_checks[] = { &mutu_check_lent_twice, NULL };

const mutu_record_type mutu_type_loan = {
	.name = "loan", .plural = "loans", .dir = "loans",
	.about = N_("Offers lent to members, and when they are due back."),
	.layout = MUTU_LAYOUT_CHILD, .key = MUTU_KEY_ID, .key_field = "id", .parent_field = "offer",
	.findable = 1,
	.has_type_field = 1, .owner_field = "lender", .title_field = NULL,
	.created_field = "created", .updated_field = "updated",
	.settable = loan_settable, .list_fields = NULL, .defaults = no_defaults,
	.status_field = "status", .initial_status = "out", .listed_status = "out",
	.transitions = loan_transitions, .summary = loan_summary, .table = loan_table,
	.tsv = loan_tsv, .detail = loan_detail, .body_field = NULL, .sorts = loan_sorts,
	.grep_fields = loan_grep, .checks = loan_checks,
};

static const char *const hold_summary[] = { "member", "offer", "created", NULL };
static const mutu_column hold_columns[] = {
	{ "member", N_("MEMBER"), 0 },
	{ "offer", N_("OFFER"), 0 },
	{ "created", N_("SINCE"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_sort_key hold_sorts[] = { { "created", 0 }, { NULL, 0 } };
static const char *const member_only_grep[] = { "member", NULL };

const mutu_record_type mutu_type_hold = {
	.name = "hold", .plural = "holds", .dir = "holds",
	.about = N_("Members waiting in line for an offer that is lent out."),
	.layout = MUTU_LAYOUT_CHILD, .key = MUTU_KEY_HANDLE, .key_field = "member",
	.parent_field = "offer",
	.has_type_field = 1, .owner_field = "member", .title_field = NULL,
	.created_field = "created", .updated_field = NULL,
	.settable = no_settable, .list_fields = NULL, .defaults = no_defaults,
	.status_field = NULL, .transitions = no_transitions, .summary = hold_summary,
	.table = hold_columns, .tsv = hold_columns, .detail = hold_columns,
	.body_field = NULL, .sorts = hold_sorts, .grep_fields = member_only_grep,
};

static const char *const booking_summary[] = { "id", "offer", "member", "from", "to", "created", NULL };
static const mutu_column booking_table[] = {
	{ "id", N_("ID"), MUTU_COL_KEY },
	{ "offer", N_("OFFER"), 0 },
	{ "member", N_("MEMBER"), 0 },
	{ "from", N_("FROM"), 0 },
	{ "to", N_("TO"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_column booking_tsv[] = {
	{ "id", NULL, 0 }, { "offer", NULL, 0 }, { "member", NULL, 0 }, { "from", NULL, 0 },
	{ "to", NULL, 0 }, { "created", NULL, 0 }, { NULL, NULL, 0 },
};
static const mutu_column booking_detail[] = {
	{ "offer", N_("Offer:"), 0 },
	{ "member", N_("Member:"), 0 },
	{ "from", N_("From:"), 0 },
	{ "to", N_("To:"), 0 },
	{ "note", N_("Note:"), 0 },
	{ "created", N_("Created:"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_sort_key booking_sorts[] = { { "from", 0 }, { NULL, 0 } };
static const char *const booking_settable[] = { "note", NULL };
static const mutu_check *const booking_checks[] = { &mutu_check_booking_overlap, NULL };

const mutu_record_type mutu_type_booking = {
	.name = "booking", .plural = "bookings", .dir = "bookings",
	.about = N_("Members' bookings of spaces and tools."),
	.layout = MUTU_LAYOUT_CHILD, .key = MUTU_KEY_ID, .key_field = "id", .parent_field = "offer",
	.findable = 1,
	.has_type_field = 1, .owner_field = "member", .title_field = NULL,
	.created_field = "created", .updated_field = NULL,
	.settable = booking_settable, .list_fields = NULL, .defaults = no_defaults,
	.status_field = NULL, .transitions = no_transitions, .summary = booking_summary,
	.table = booking_table, .tsv = booking_tsv, .detail = booking_detail,
	.body_field = NULL, .sorts = booking_sorts, .grep_fields = member_only_grep,
	.checks = booking_checks,
};

static const char *const attendee_summary[] = { "member", "offer", "joined", NULL };
static const mutu_column attendee_columns[] = {
	{ "member", N_("MEMBER"), 0 },
	{ "offer", N_("OFFER"), 0 },
	{ "joined", N_("JOINED"), 0 },
	{ NULL, NULL, 0 },
};
static const mutu_sort_key attendee_sorts[] = { { "joined", 0 }, { NULL, 0 } };
static const mutu_check *const attendee_checks[] = { &mutu_check_event_capacity, NULL };

const mutu_record_type mutu_type_attendee = {
	.name = "attendee", .plural = "attendees", .dir = "attendees",
	.about = N_("Members taking part in events, and those waiting for a place."),
	.layout = MUTU_LAYOUT_CHILD, .key = MUTU_KEY_HANDLE, .key_field = "member",
	.parent_field = "offer",
	.has_type_field = 1, .owner_field = "member", .title_field = NULL,
	.created_field = "joined", .updated_field = NULL,
	.settable = no_settable, .list_fields = NULL, .defaults = no_defaults,
	.status_field = NULL, .transitions = no_transitions, .summary = attendee_summary,
	.table = attendee_columns, .tsv = attendee_columns, .detail = attendee_columns,
	.body_field = NULL, .sorts = attendee_sorts, .grep_fields = member_only_grep,
	.checks = attendee_checks,
};

const mutu_record_type *const mutu_types[] = {
	&mutu_type_offer, &mutu_type_need, &mutu_type_member, &mutu_type_proposal,
	&mutu_type_conflict, &mutu_type_exchange, NULL,
};

const mutu_record_type *const mutu_child_types[] = {
	&mutu_type_comment, &mutu_type_ballot, &mutu_type_loan, &mutu_type_hold,
	&mutu_type_booking, &mutu_type_attendee, NULL,
};

int mutu_type_derived(const mutu_record_type *t, const char *field)
{
	size_t i;

	for (i = 0; t->derived && t->derived[i]; i++)
		if (!strcmp(t->derived[i], field))
			return 1;
	return 0;
}

const mutu_record_type *mutu_type_find(const char *name)
{
	size_t i;

	for (i = 0; mutu_types[i]; i++)
		if (!strcmp(mutu_types[i]->name, name))
			return mutu_types[i];
	return NULL;
}

static int in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

const mutu_record_type *mutu_type_at(const char *path, char key[64])
{
	const mutu_record_type *const *lists[2] = { mutu_types, mutu_child_types };
	const char *why;
	size_t l, i;

	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i]; i++)
			if (mutu_type_place(lists[l][i], path, key, &why))
				return lists[l][i];
	key[0] = '\0';
	return NULL;
}

int mutu_type_settable(const mutu_record_type *t, const char *field)
{
	return in_list(t->settable, field);
}

int mutu_type_list_field(const mutu_record_type *t, const char *field)
{
	return in_list(t->list_fields, field);
}

const mutu_transition *mutu_type_transition(const mutu_record_type *t, const char *verb)
{
	return mutu_type_transition_from(t, verb, NULL);
}

const mutu_transition *mutu_type_transition_from(const mutu_record_type *t, const char *verb,
						 const char *status)
{
	const mutu_transition *tr, *first = NULL;

	for (tr = t->transitions; tr && tr->verb; tr++) {
		if (strcmp(tr->verb, verb) != 0)
			continue;
		if (!status || !strcmp(tr->from, status))
			return tr;
		if (!first)
			first = tr;
	}
	return first;
}

const mutu_sort_key *mutu_type_sort(const mutu_record_type *t, const char *field)
{
	const mutu_sort_key *k;

	for (k = t->sorts; k && k->field; k++)
		if (!field || !strcmp(k->field, field))
			return k;
	return NULL;
}

int mutu_type_summary_index(const mutu_record_type *t, const char *field)
{
	int i;

	for (i = 0; t->summary[i]; i++)
		if (!strcmp(t->summary[i], field))
			return i;
	return -1;
}

void mutu_type_action(char out[64], const mutu_record_type *t, const char *verb)
{
	snprintf(out, 64, "%s.%s", t->name, verb);
}

int mutu_type_check_key(const mutu_record_type *t, const char *key)
{
	if (t->key == MUTU_KEY_HANDLE)
		return mutu_handle_check(key);
	if (!mutu_id_valid(key))
		return mutu_error_set(MUTU_EDATA, _("malformed id '%s'"), mutu_utf8_clip(key, 40));
	return 0;
}

int mutu_type_path(char out[64], const mutu_record_type *t, const char *key)
{
	int err;

	if (t->layout == MUTU_LAYOUT_CHILD)
		return mutu_error_set(MUTU_EUSAGE, "%s", "a child record's path needs its parent");
	if ((err = mutu_type_check_key(t, key)) < 0)
		return err;
	if (t->layout == MUTU_LAYOUT_FANOUT)
		snprintf(out, 64, "%s/%.2s/%s.yaml", t->dir, key, key);
	else
		snprintf(out, 64, "%s/%s.yaml", t->dir, key);
	return 0;
}

int mutu_type_child_dir(char out[64], const mutu_record_type *t, const char *parent)
{
	if (!mutu_id_valid(parent))
		return mutu_error_set(MUTU_EDATA, _("malformed id '%s'"), mutu_utf8_clip(parent, 40));
	snprintf(out, 64, "%s/%s", t->dir, parent);
	return 0;
}

int mutu_type_child_path(char out[64], const mutu_record_type *t, const char *parent,
			 const char *key)
{
	int err;

	if ((err = mutu_type_child_dir(out, t, parent)) < 0 ||
	    (err = mutu_type_check_key(t, key)) < 0)
		return err;
	snprintf(out + strlen(out), 64 - strlen(out), "/%s.yaml", key);
	return 0;
}

int mutu_type_place(const mutu_record_type *t, const char *path, char key[64], const char **why)
{
	size_t dlen = strlen(t->dir), len;
	const char *rest, *slash, *name;
	char want[64];

	*why = N_("not a record of this type");
	key[0] = '\0';
	if (strncmp(path, t->dir, dlen) != 0 || path[dlen] != '/')
		return 0;
	rest = path + dlen + 1;
	slash = strrchr(rest, '/');
	name = slash ? slash + 1 : rest;
	len = strlen(name);
	if (len <= 5 || strcmp(name + len - 5, ".yaml") != 0 || len - 5 >= 64) {
		*why = N_("not a record: its name does not end in .yaml");
		return 0;
	}
	memcpy(key, name, len - 5);
	key[len - 5] = '\0';
	if (t->key == MUTU_KEY_ID ? !mutu_id_valid(key) : !mutu_handle_valid(key)) {
		*why = t->key == MUTU_KEY_ID ? N_("not a record: its name is not an id")
					     : N_("not a record: its name is not a handle");
		key[0] = '\0';
		return 0;
	}
	if (t->layout == MUTU_LAYOUT_CHILD) {
		/* <dir>/<parent id>/<key>.yaml: the parent is the one directory between */
		char parent[64];
		size_t plen = slash ? (size_t)(slash - rest) : 0;

		if (!slash || plen >= sizeof(parent)) {
			*why = N_("not under the record it is about");
			key[0] = '\0';
			return 0;
		}
		memcpy(parent, rest, plen);
		parent[plen] = '\0';
		if (mutu_type_child_path(want, t, parent, key) < 0 || strcmp(want, path) != 0) {
			mutu_error_clear();
			*why = N_("not under the record it is about");
			key[0] = '\0';
			return 0;
		}
	} else if (mutu_type_path(want, t, key) < 0 || strcmp(want, path) != 0) {
		*why = t->layout == MUTU_LAYOUT_FANOUT
			? N_("not where its id puts it: records live in the directory named by their id's first two characters")
			: N_("not where its handle puts it");
		return 0;
	}
	*why = NULL;
	return 1;
}
