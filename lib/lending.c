#include "lending.h"

#include "catalog.h"
#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "id.h"
#include "member.h"
#include "records.h"
#include "rules.h"
#include "timebank.h"
#include "types.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A time a record holds, 0 for none. */
static time_t when(const mutu_record *rec, const char *field)
{
	return mutu_clock_read(mutu_map_str(rec, field));
}

/* Oldest first; ties by key, so that every copy agrees. */
static int earlier(const mutu_record *a, const mutu_record *b, const char *time_field,
		   const char *key_field)
{
	time_t x = when(a, time_field), y = when(b, time_field);

	if (x != y)
		return x < y ? -1 : 1;
	return strcmp(mutu_map_text(a, key_field), mutu_map_text(b, key_field));
}

static int hold_order(const void *a, const void *b)
{
	return earlier(*(mutu_record *const *)a, *(mutu_record *const *)b, "created", "member");
}

/* Whether a loan of l to handle was made at or after since: the hold
 * made at since is served. */
static int served(const mutu_lending *l, const char *handle, time_t since)
{
	size_t i;

	for (i = 0; i < l->nloans; i++)
		if (!strcmp(mutu_map_text(l->loans[i], "borrower"), handle) &&
		    when(l->loans[i], "created") >= since)
			return 1;
	return 0;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether handle is among the active members (sorted). */
static int is_active(char **active, size_t n, const char *handle)
{
	return n && bsearch(&handle, active, n, sizeof(*active), by_string) != NULL;
}

int mutu_lending_read(mutu_lending *out, mutu_store *st, const char *offer_id)
{
	char **active = NULL;
	size_t i, nactive = 0;
	int err;

	memset(out, 0, sizeof(*out));
	out->offer = offer_id;
	out->out = -1;
	if ((err = mutu_records_children_at(&out->loans, &out->loan_blobs, &out->nloans,
					    &out->loans_tree, &out->have_loans, st, &mutu_type_loan,
					    offer_id)) < 0 ||
	    (err = mutu_records_children_at(&out->all_holds, &out->hold_blobs, &out->nall_holds,
					    &out->holds_tree, &out->have_holds, st, &mutu_type_hold,
					    offer_id)) < 0)
		goto fail;
	/* two loans out only after a merge (a conflict records it): the
	 * first made is the one the offer is on */
	for (i = 0; i < out->nloans; i++)
		if (!strcmp(mutu_map_text(out->loans[i], "status"), "out") &&
		    (out->out < 0 ||
		     earlier(out->loans[i], out->loans[out->out], "created", "id") < 0))
			out->out = (long)i;
	if (!(out->holds = calloc(out->nall_holds + 1, sizeof(*out->holds)))) {
		err = mutu_error_nomem();
		goto fail;
	}
	if (out->nall_holds &&
	    (err = mutu_members_active_at(&active, &nactive, st, NULL)) < 0)
		goto fail;
	for (i = 0; i < out->nall_holds; i++) {
		const mutu_record *h = out->all_holds[i];

		/* a member who left waits no more: they hold up no one */
		if (!served(out, mutu_map_text(h, "member"), when(h, "created")) &&
		    is_active(active, nactive, mutu_map_text(h, "member")))
			out->holds[out->nholds++] = out->all_holds[i];
	}
	mutu_members_free(active, nactive);
	active = NULL;
	qsort(out->holds, out->nholds, sizeof(*out->holds), hold_order);
	return 0;
fail:
	mutu_members_free(active, nactive);
	mutu_lending_free(out);
	return err;
}

void mutu_lending_free(mutu_lending *l)
{
	size_t i;

	for (i = 0; i < l->nloans; i++)
		mutu_value_free(l->loans[i]);
	for (i = 0; i < l->nall_holds; i++)
		mutu_value_free(l->all_holds[i]);
	free(l->loans);
	free(l->loan_blobs);
	free(l->holds);
	free(l->all_holds);
	free(l->hold_blobs);
	memset(l, 0, sizeof(*l));
	l->out = -1;
}

size_t mutu_lending_place(const mutu_lending *l, const char *handle)
{
	size_t i;

	for (i = 0; i < l->nholds; i++)
		if (!strcmp(mutu_map_text(l->holds[i], "member"), handle))
			return i + 1;
	return 0;
}

int mutu_lending_due(time_t *out, const char *text, time_t now)
{
	int y, m, d;
	char rest;

	if (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &rest) == 3 && strlen(text) == 10) {
		char full[32];

		/* a date: due by the end of that day */
		snprintf(full, sizeof(full), "%sT23:59:59Z", text);
		if (mutu_clock_parse(out, full) < 0)
			return mutu_error_set(MUTU_EDATA, _("'%s' is not a date"), mutu_utf8_clip(text, 40));
	} else if (mutu_clock_resolve(out, text, now) < 0) {
		return mutu_error_set(MUTU_EDATA, _("'%s' is not a date (YYYY-MM-DD), a time (RFC 3339) or +DURATION"),
				      mutu_utf8_clip(text, 40));
	}
	if (*out <= now)
		return mutu_error_set(MUTU_EDATA, _("the due date %s is not in the future"),
				      mutu_utf8_clip(text, 40));
	return 0;
}

/* --- checks every lend makes --- */

static int check_author(const mutu_record *offer, const mutu_actor *who, const char *verb)
{
	const char *author = mutu_map_text(offer, "author");

	if (strcmp(author, who->handle) != 0)
		return mutu_error_set(MUTU_EPERM, _("only %s, the offer's author, can %s offer %.8s; you are %s"),
				      author, verb, mutu_map_text(offer, "id"), who->handle);
	return 0;
}

static int check_lendable(const mutu_record *offer)
{
	if (!strcmp(mutu_map_text(offer, "kind"), "event"))
		return mutu_error_set(MUTU_EDATA, _("offer %.8s is an event: members join it, it is not lent"),
				      mutu_map_text(offer, "id"));
	if (strcmp(mutu_map_text(offer, "status"), "open") != 0)
		return mutu_error_set(MUTU_EDATA, _("offer %.8s is %s"), mutu_map_text(offer, "id"),
				      mutu_map_text(offer, "status"));
	return 0;
}


struct out_count {
	const char *handle;
	int status_at, borrower_at;
	size_t n;
};

static int count_out(const mutu_catalog_row *row, void *payload)
{
	struct out_count *c = payload;
	const mutu_summary_field *s = &row->fields[c->status_at], *b = &row->fields[c->borrower_at];

	if (row->problem != MUTU_ROW_OK && row->problem != MUTU_ROW_INVALID)
		return 0;
	if (s->kind == 1 && !strcmp(s->str, "out") && b->kind == 1 && !strcmp(b->str, c->handle))
		c->n++;
	return 0;
}

static void count_restart(void *payload)
{
	((struct out_count *)payload)->n = 0;
}

int mutu_loans_out_to(size_t *n, mutu_store *st, const char *handle)
{
	struct out_count c = { handle, mutu_type_summary_index(&mutu_type_loan, "status"),
			       mutu_type_summary_index(&mutu_type_loan, "borrower"), 0 };
	mutu_catalog_visitor v = { count_out, count_restart, &c };
	int err;

	*n = 0;
	if ((err = mutu_catalog_scan(st, &mutu_type_loan, &v, NULL)) < 0)
		return err;
	*n = c.n;
	return 0;
}

/* What the rules the members voted say of lending to handle. */
static int check_rules(mutu_store *st, const mutu_rules *r, const char *handle)
{
	mutu_balance b;
	char have[32], floor[32];
	size_t out;
	int err;

	if (r->max_items > 0) {
		if ((err = mutu_loans_out_to(&out, st, handle)) < 0)
			return err;
		if (out >= (size_t)r->max_items)
			return mutu_error_set(MUTU_EPERM, _("the rules (lending.max_items) allow at most %ld out at once; %s has %zu out"),
					      r->max_items, handle, out);
	}
	if ((err = mutu_balance_of(&b, st, handle)) < 0)
		return err;
	if (b.minutes < r->min_balance * 60) {
		mutu_hours_format(have, b.minutes);
		mutu_hours_format(floor, r->min_balance * 60);
		return mutu_error_set(MUTU_EPERM, _("the rules let no one borrow below %s hours in the time bank (lending.min_balance) and %s has %s"),
				      floor, handle, have);
	}
	return 0;
}

/* The guards of a decision on l: its loans and its line, as read. */
static void guards_of(mutu_guard g[2], char dirs[2][64], const mutu_lending *l)
{
	mutu_type_child_dir(dirs[0], &mutu_type_loan, l->offer);
	mutu_type_child_dir(dirs[1], &mutu_type_hold, l->offer);
	g[0] = (mutu_guard){ dirs[0], l->have_loans ? &l->loans_tree : NULL };
	g[1] = (mutu_guard){ dirs[1], l->have_holds ? &l->holds_tree : NULL };
}

/* Commit one record of t under offer, as the offer's verb, guarded by
 * what l read when l is not NULL. */
static int commit_one(const mutu_action_ctx *ctx, const mutu_record_type *t, const mutu_record *offer,
		      mutu_record *rec, const char *key, const mutu_oid *base, const char *verb,
		      const char *about, const mutu_lending *l)
{
	mutu_guard g[2];
	char dirs[2][64];

	if (l)
		guards_of(g, dirs, l);
	return mutu_action_commit_child(ctx, &mutu_type_offer, offer, t, rec, key, base, verb, about,
					l ? g : NULL, l ? 2 : 0);
}

static int give(mutu_record **out, mutu_record *rec)
{
	if (out)
		*out = rec;
	else
		mutu_value_free(rec);
	return 0;
}

int mutu_lend(mutu_record **loan, const mutu_action_ctx *ctx, const mutu_record *offer,
	      const mutu_lend_request *req)
{
	const char *id = mutu_map_text(offer, "id");
	mutu_record *rec = NULL;
	mutu_lending l;
	mutu_rules r;
	time_t now, due;
	size_t place;
	int err;

	if (loan)
		*loan = NULL;
	if ((err = check_author(offer, ctx->who, "lend")) < 0 || (err = check_lendable(offer)) < 0 ||
	    (err = mutu_handle_check(req->borrower)) < 0)
		return err;
	if (!strcmp(req->borrower, ctx->who->handle))
		return mutu_error_set(MUTU_EDATA, _("offer %.8s is yours: you cannot lend it to yourself"), id);
	if ((err = mutu_member_check_active(ctx->st, req->borrower)) < 0 || (err = mutu_rules_load(&r, ctx->st)) < 0 ||
	    (err = mutu_clock_now(&now)) < 0 || (err = mutu_lending_read(&l, ctx->st, id)) < 0)
		return err;
	if (l.out >= 0) {
		err = mutu_error_set(MUTU_EDATA, _("offer %.8s is already lent to %s until %s"), id,
				     mutu_map_text(l.loans[l.out], "borrower"), mutu_map_text(l.loans[l.out], "due"));
		goto out;
	}
	place = mutu_lending_place(&l, req->borrower);
	if (l.nholds && place != 1) {
		err = mutu_error_set(MUTU_EPERM, _("%s is first in line for offer %.8s: lend it to them, or they leave the line (unhold)"),
				     mutu_map_text(l.holds[0], "member"), id);
		goto out;
	}
	if ((err = check_rules(ctx->st, &r, req->borrower)) < 0)
		goto out;
	due = now + r.loan_days * 86400L;
	if (req->until && (err = mutu_lending_due(&due, req->until, now)) < 0)
		goto out;
	if ((err = mutu_action_new(&rec, &mutu_type_loan, ctx->who->handle, NULL)) < 0 ||
	    (err = mutu_map_set_str(rec, "offer", id)) < 0 ||
	    (err = mutu_map_set_str(rec, "borrower", req->borrower)) < 0 ||
	    (err = mutu_action_stamp(rec, "due", due)) < 0 ||
	    (err = mutu_map_set(rec, "renewals", mutu_value_int(0))) < 0 ||
	    (req->need && (err = mutu_map_set_str(rec, "need", req->need)) < 0))
		goto out;
	{
		char about[64];

		snprintf(about, sizeof(about), "to %s", req->borrower);
		err = commit_one(ctx, &mutu_type_loan, offer, rec, mutu_map_text(rec, "id"), NULL, "lend", about, &l);
	}
out:
	mutu_lending_free(&l);
	if (err < 0) {
		mutu_value_free(rec);
		return err;
	}
	return give(loan, rec);
}

/* Only who lent it records a loan's return or renewal. */
static int check_lender(const mutu_record *loan, const mutu_actor *who, const char *verb,
			const mutu_record *offer)
{
	const char *lender = mutu_map_text(loan, "lender");

	if (strcmp(lender, who->handle) != 0)
		return mutu_error_set(MUTU_EPERM, _("only %s, who lent offer %.8s, can %s it; you are %s"),
				      lender, mutu_map_text(offer, "id"), verb, who->handle);
	return 0;
}

/* The loan out of offer, copied, with its blob; MUTU_EDATA if none. */
static int loan_out(mutu_record **rec, mutu_oid *blob, mutu_lending *l, mutu_store *st,
		    const mutu_record *offer)
{
	int err;

	*rec = NULL;
	if ((err = mutu_lending_read(l, st, mutu_map_text(offer, "id"))) < 0)
		return err;
	if (l->out < 0)
		return mutu_error_set(MUTU_EDATA, _("offer %.8s is not lent out"), mutu_map_text(offer, "id"));
	if (!(*rec = mutu_value_dup(l->loans[l->out])))
		return mutu_error_nomem();
	*blob = l->loan_blobs[l->out];
	return 0;
}

int mutu_lend_return(mutu_record **loan, const mutu_action_ctx *ctx, const mutu_record *offer)
{
	mutu_record *rec;
	mutu_lending l;
	mutu_oid blob;
	time_t now;
	int err;

	if (loan)
		*loan = NULL;
	if ((err = loan_out(&rec, &blob, &l, ctx->st, offer)) < 0 ||
	    (err = check_lender(rec, ctx->who, "return", offer)) < 0 ||
	    (err = mutu_clock_now(&now)) < 0 ||
	    (err = mutu_map_set_str(rec, "status", "returned")) < 0 ||
	    (err = mutu_action_stamp(rec, "returned", now)) < 0 ||
	    (err = mutu_action_stamp(rec, "updated", now)) < 0)
		goto out;
	err = commit_one(ctx, &mutu_type_loan, offer, rec, mutu_map_text(rec, "id"), &blob, "return", NULL, NULL);
out:
	mutu_lending_free(&l);
	if (err < 0) {
		mutu_value_free(rec);
		return err;
	}
	return give(loan, rec);
}

int mutu_lend_renew(mutu_record **loan, const mutu_action_ctx *ctx, const mutu_record *offer,
		    const char *until)
{
	mutu_record *rec;
	mutu_lending l;
	mutu_rules r;
	mutu_oid blob;
	const mutu_value *count;
	time_t now, due, was;
	long renewals;
	int err;

	if (loan)
		*loan = NULL;
	if ((err = loan_out(&rec, &blob, &l, ctx->st, offer)) < 0 ||
	    (err = check_lender(rec, ctx->who, "renew", offer)) < 0 ||
	    (err = mutu_rules_load(&r, ctx->st)) < 0 || (err = mutu_clock_now(&now)) < 0)
		goto out;
	count = mutu_map_get(rec, "renewals");
	renewals = count && count->type == MUTU_INT ? (long)count->u.num : 0;
	if (l.nholds) {
		err = mutu_error_set(MUTU_EPERM, _("someone waits for offer %.8s (first in line: %s): a loan is not renewed while someone waits"),
				     mutu_map_text(offer, "id"), mutu_map_text(l.holds[0], "member"));
		goto out;
	}
	if (renewals >= r.renewals) {
		err = mutu_error_set(MUTU_EPERM, _("the rules (lending.renewals) allow at most %ld renewals of a loan; this one has had %ld"),
				     r.renewals, renewals);
		goto out;
	}
	was = when(rec, "due");
	due = (was > now ? was : now) + r.loan_days * 86400L;
	if (until && (err = mutu_lending_due(&due, until, now)) == 0 && due <= was)
		err = mutu_error_set(MUTU_EDATA, _("a renewal extends a loan: %s is not after its due date %s"),
				     mutu_utf8_clip(until, 40), mutu_map_text(rec, "due"));
	if (err < 0 ||
	    (err = mutu_action_stamp(rec, "due", due)) < 0 ||
	    (err = mutu_map_set(rec, "renewals", mutu_value_int(renewals + 1))) < 0 ||
	    (err = mutu_action_stamp(rec, "updated", now)) < 0)
		goto out;
	err = commit_one(ctx, &mutu_type_loan, offer, rec, mutu_map_text(rec, "id"), &blob, "renew", NULL, &l);
out:
	mutu_lending_free(&l);
	if (err < 0) {
		mutu_value_free(rec);
		return err;
	}
	return give(loan, rec);
}

/* The hold file of handle among l's, or -1. */
static long hold_file(const mutu_lending *l, const char *handle)
{
	size_t i;

	for (i = 0; i < l->nall_holds; i++)
		if (!strcmp(mutu_map_text(l->all_holds[i], "member"), handle))
			return (long)i;
	return -1;
}

int mutu_hold(const mutu_action_ctx *ctx, const mutu_record *offer)
{
	const char *id = mutu_map_text(offer, "id"), *me = ctx->who->handle;
	mutu_record *rec = NULL;
	mutu_lending l;
	size_t place, i;
	long file;
	int err;

	if ((err = check_lendable(offer)) < 0)
		return err;
	if (!strcmp(mutu_map_text(offer, "author"), me))
		return mutu_error_set(MUTU_EDATA, _("offer %.8s is yours: there is no line to wait in"), id);
	if ((err = mutu_lending_read(&l, ctx->st, id)) < 0)
		return err;
	/* a line forms behind a loan, and stays while the first in line has
	 * not collected what came back */
	if (l.out < 0 && !l.nholds) {
		err = mutu_error_set(MUTU_EDATA, _("offer %.8s is not lent out: ask %s to lend it to you"),
				     id, mutu_map_text(offer, "author"));
		goto out;
	}
	if (l.out >= 0 && !strcmp(mutu_map_text(l.loans[l.out], "borrower"), me)) {
		err = mutu_error_set(MUTU_EDATA, _("offer %.8s is lent to you already"), id);
		goto out;
	}
	if ((place = mutu_lending_place(&l, me))) {
		err = mutu_error_set(MUTU_EDATA, _("you are already in line for offer %.8s (place %zu)"), id,
				     place);
		goto out;
	}
	/* a hold already served is made again: the member waits anew */
	file = hold_file(&l, me);
	if ((err = mutu_action_new(&rec, &mutu_type_hold, me, me)) < 0 ||
	    (err = mutu_map_set_str(rec, "offer", id)) < 0)
		goto out;
	/* a hold is served by a loan made at or after it: one made in the
	 * second of an earlier loan to its member is dated a second later,
	 * so that it waits */
	for (i = 0; i < l.nloans; i++)
		if (!strcmp(mutu_map_text(l.loans[i], "borrower"), me) &&
		    when(l.loans[i], "created") >= when(rec, "created") &&
		    (err = mutu_action_stamp(rec, "created", when(l.loans[i], "created") + 1)) < 0)
			goto out;
	err = commit_one(ctx, &mutu_type_hold, offer, rec, me, file >= 0 ? &l.hold_blobs[file] : NULL,
			 "hold", NULL, &l);
out:
	mutu_value_free(rec);
	mutu_lending_free(&l);
	return err;
}

int mutu_unhold(const mutu_action_ctx *ctx, const mutu_record *offer)
{
	const char *id = mutu_map_text(offer, "id"), *me = ctx->who->handle;
	mutu_lending l;
	long file;
	int err;

	if ((err = mutu_lending_read(&l, ctx->st, id)) < 0)
		return err;
	if (!mutu_lending_place(&l, me) || (file = hold_file(&l, me)) < 0)
		err = mutu_error_set(MUTU_EDATA, _("you are not in line for offer %.8s"), id);
	else
		err = commit_one(ctx, &mutu_type_hold, offer, NULL, me, &l.hold_blobs[file], "unhold",
				 NULL, NULL);
	mutu_lending_free(&l);
	return err;
}

/* --- every line of the commons, from the catalogs --- */

struct seen {
	char offer[16], who[40], due[24];
	time_t created;
	int out;
};

struct seen_list {
	struct seen *v;
	size_t n, cap;
	int offer_at, who_at, created_at, status_at, due_at;   /* -1: not kept */
};

static void copy_field(char *out, size_t size, const mutu_summary_field *f)
{
	snprintf(out, size, "%.*s", f && f->kind == 1 ? (int)f->len : 0, f && f->kind == 1 ? f->str : "");
}

static const mutu_summary_field *field_at(const mutu_catalog_row *row, int i)
{
	return i < 0 || (size_t)i >= row->nfields ? NULL : &row->fields[i];
}

static int keep_seen(const mutu_catalog_row *row, void *payload)
{
	struct seen_list *l = payload;
	char created[32], status[16];
	struct seen *e;

	if (row->problem != MUTU_ROW_OK && row->problem != MUTU_ROW_INVALID)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct seen *grown = realloc(l->v, cap * sizeof(*grown));

		if (!grown)
			return mutu_error_nomem();
		l->v = grown;
		l->cap = cap;
	}
	e = &l->v[l->n];
	memset(e, 0, sizeof(*e));
	copy_field(e->offer, sizeof(e->offer), field_at(row, l->offer_at));
	copy_field(e->who, sizeof(e->who), field_at(row, l->who_at));
	copy_field(e->due, sizeof(e->due), field_at(row, l->due_at));
	copy_field(created, sizeof(created), field_at(row, l->created_at));
	copy_field(status, sizeof(status), field_at(row, l->status_at));
	if (mutu_clock_parse(&e->created, created) < 0)
		e->created = 0;
	mutu_error_clear();
	e->out = !strcmp(status, "out");
	if (*e->offer && *e->who)
		l->n++;
	return 0;
}

static void forget_seen(void *payload)
{
	((struct seen_list *)payload)->n = 0;
}

static int seen_order(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = strcmp(x->offer, y->offer);

	if (c)
		return c;
	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	return strcmp(x->who, y->who);
}

static int scan_seen(struct seen_list *l, mutu_store *st, const mutu_record_type *t,
		     const char *who_field)
{
	mutu_catalog_visitor v = { keep_seen, forget_seen, l };
	int err;

	l->offer_at = mutu_type_summary_index(t, "offer");
	l->who_at = mutu_type_summary_index(t, who_field);
	l->created_at = mutu_type_summary_index(t, "created");
	l->status_at = mutu_type_summary_index(t, "status");
	l->due_at = mutu_type_summary_index(t, "due");
	if ((err = mutu_catalog_scan(st, t, &v, NULL)) < 0)
		return err;
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), seen_order);
	return 0;
}

int mutu_lending_waits(mutu_store *st, int (*fn)(const mutu_wait *w, void *payload), void *payload)
{
	struct seen_list loans = { 0 }, holds = { 0 };
	const char **line = NULL;
	char **active = NULL;
	size_t i = 0, j = 0, k, nactive = 0;
	int err;

	if ((err = scan_seen(&loans, st, &mutu_type_loan, "borrower")) < 0 ||
	    (err = scan_seen(&holds, st, &mutu_type_hold, "member")) < 0 ||
	    (holds.n && (err = mutu_members_active_at(&active, &nactive, st, NULL)) < 0))
		goto out;
	if (!(line = calloc(holds.n + 1, sizeof(*line)))) {
		err = mutu_error_nomem();
		goto out;
	}
	/* holds and loans are both sorted by offer: walk them side by side */
	while (i < holds.n && err == 0) {
		const char *offer = holds.v[i].offer;
		const struct seen *out = NULL;
		size_t first_loan, n = 0, h;
		mutu_wait w;

		while (j < loans.n && strcmp(loans.v[j].offer, offer) < 0)
			j++;
		first_loan = j;
		for (; j < loans.n && !strcmp(loans.v[j].offer, offer); j++)
			if (loans.v[j].out && !out)
				out = &loans.v[j];
		for (h = i; h < holds.n && !strcmp(holds.v[h].offer, offer); h++) {
			int served = 0;

			for (k = first_loan; k < j && !served; k++)
				served = !strcmp(loans.v[k].who, holds.v[h].who) &&
					 loans.v[k].created >= holds.v[h].created;
			if (!served && is_active(active, nactive, holds.v[h].who))
				line[n++] = holds.v[h].who;
		}
		i = h;
		if (!n)
			continue;
		w = (mutu_wait){ offer, out ? out->who : NULL, out ? out->due : NULL, line, n };
		err = fn(&w, payload);
	}
out:
	mutu_members_free(active, nactive);
	free(line);
	free(loans.v);
	free(holds.v);
	return err;
}
