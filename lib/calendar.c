#include "calendar.h"

#include "catalog.h"
#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "ical.h"
#include "records.h"
#include "types.h"
#include "yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One entry of the feed, owning its strings. */
struct entry {
	char *uid, *summary, *description, *location;
	char **categories;
	size_t ncategories;
	time_t stamp, start, end;
	int all_day;
	mutu_ical_status status;
};

/* An offer a booking or a loan is about: read once. */
struct offer {
	char id[16];
	char *title, *author;
};

struct mutu_calendar {
	struct entry *e;
	size_t n, cap;
	struct offer *offers;
	size_t noffers, offers_cap;
};

int mutu_calendar_new(mutu_calendar **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return mutu_error_nomem();
	return 0;
}

static void entry_free(struct entry *e)
{
	size_t i;

	free(e->uid);
	free(e->summary);
	free(e->description);
	free(e->location);
	for (i = 0; i < e->ncategories; i++)
		free(e->categories[i]);
	free(e->categories);
}

void mutu_calendar_free(mutu_calendar *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		entry_free(&c->e[i]);
	for (i = 0; i < c->noffers; i++) {
		free(c->offers[i].title);
		free(c->offers[i].author);
	}
	free(c->offers);
	free(c->e);
	free(c);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}


/* A new entry, zeroed, or NULL. */
static struct entry *entry_new(mutu_calendar *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct entry *grown = realloc(c->e, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		c->e = grown;
		c->cap = cap;
	}
	memset(&c->e[c->n], 0, sizeof(c->e[c->n]));
	return &c->e[c->n++];
}

static char *uid_of(const char *id)
{
	size_t len = strlen(id) + sizeof("@mutu");
	char *uid = malloc(len);

	if (uid)
		snprintf(uid, len, "%s@mutu", id);
	return uid;
}

int mutu_calendar_add_event(mutu_calendar *c, const mutu_record *offer)
{
	const char *id = mutu_map_str(offer, "id"), *kind = mutu_map_str(offer, "kind");
	const mutu_value *tags = mutu_map_get(offer, "tags");
	struct entry *e;
	size_t i;

	if (!id || !kind || strcmp(kind, "event") != 0 || !mutu_map_str(offer, "start"))
		return 0;
	/* a time no clock reads (a hand edit: 2026-13-45) is no date to
	 * put the event at */
	if (!mutu_clock_read(mutu_map_str(offer, "start")) ||
	    (mutu_map_str(offer, "end") && !mutu_clock_read(mutu_map_str(offer, "end")))) {
		mutu_warn(_("event %s left out of the calendar: its start or end is no time"), id);
		return 0;
	}
	if (!(e = entry_new(c)))
		return mutu_error_nomem();
	e->uid = uid_of(id);
	e->summary = dup_or_null(mutu_map_str(offer, "title"));
	e->description = dup_or_null(mutu_map_str(offer, "body"));
	e->location = dup_or_null(mutu_map_str(offer, "location"));
	e->stamp = mutu_clock_read(mutu_map_str(offer, "updated"));
	e->start = mutu_clock_read(mutu_map_str(offer, "start"));
	e->end = mutu_clock_read(mutu_map_str(offer, "end"));
	e->status = mutu_map_str(offer, "status") && !strcmp(mutu_map_str(offer, "status"), "closed")
			    ? MUTU_ICAL_STATUS_CANCELLED
			    : MUTU_ICAL_STATUS_CONFIRMED;
	if (tags && tags->type == MUTU_SEQ && tags->u.seq.len &&
	    (e->categories = calloc(tags->u.seq.len, sizeof(*e->categories))))
		for (i = 0; i < tags->u.seq.len; i++)
			if (tags->u.seq.items[i]->type == MUTU_STR &&
			    (e->categories[e->ncategories] = strdup(tags->u.seq.items[i]->u.str)))
				e->ncategories++;
	if (!e->uid)
		return mutu_error_nomem();
	return 0;
}

/* --- from the catalogs --- */

static const char *field(const mutu_record_type *t, const mutu_catalog_row *row, const char *name,
			 char *buf, size_t size)
{
	const mutu_summary_field *f = mutu_catalog_field(t, row, name);

	snprintf(buf, size, "%.*s", f && f->kind == 1 ? (int)f->len : 0,
		 f && f->kind == 1 ? f->str : "");
	return buf;
}

static int row_ok(const mutu_catalog_row *row)
{
	return row->problem == MUTU_ROW_OK || row->problem == MUTU_ROW_INVALID;
}

/* The events' blobs, gathered by a scan and read after it. */
struct found {
	mutu_oid *blobs;
	char (*paths)[64];
	size_t n, cap;
	const char *member;
};

static int keep(struct found *f, const mutu_catalog_row *row)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		mutu_oid *b = realloc(f->blobs, cap * sizeof(*b));
		char (*p)[64];

		if (!b)
			return mutu_error_nomem();
		f->blobs = b;
		if (!(p = realloc(f->paths, cap * sizeof(*p))))
			return mutu_error_nomem();
		f->paths = p;
		f->cap = cap;
	}
	f->blobs[f->n] = row->blob;
	snprintf(f->paths[f->n++], 64, "%s", row->path);
	return 0;
}

static int event_row(const mutu_catalog_row *row, void *payload)
{
	char kind[16];

	if (!row_ok(row) || strcmp(field(&mutu_type_offer, row, "kind", kind, sizeof(kind)), "event"))
		return 0;
	return keep(payload, row);
}

static void forget(void *payload)
{
	((struct found *)payload)->n = 0;
}

/* Whether member runs or joined the event. */
static int concerns(mutu_store *st, const mutu_record *event, const char *member)
{
	const char *author = mutu_map_str(event, "author"), *id = mutu_map_str(event, "id");
	mutu_oid blob;
	char path[64];

	if (author && !strcmp(author, member))
		return 1;
	if (!id || mutu_type_child_path(path, &mutu_type_attendee, id, member) < 0) {
		mutu_error_clear();
		return 0;
	}
	if (mutu_store_lookup(&blob, st, path) < 0) {
		mutu_error_clear();
		return 0;
	}
	return 1;
}

int mutu_calendar_add_events(mutu_calendar *c, mutu_store *st, const char *member)
{
	struct found f = { NULL, NULL, 0, 0, member };
	mutu_catalog_visitor v = { event_row, forget, &f };
	mutu_record *rec;
	char *data;
	size_t i, len;
	int err;

	err = mutu_catalog_scan(st, &mutu_type_offer, &v, NULL);
	for (i = 0; i < f.n && err == 0; i++) {
		/* the catalog validated it: a record that fails its schema is
		 * still an event its members plan around */
		if (mutu_store_read_blob(&data, &len, st, &f.blobs[i], MUTU_YAML_MAX_DOCUMENT) < 0 ||
		    mutu_yaml_parse(&rec, data, len, f.paths[i]) < 0) {
			err = mutu_error_last_code() == MUTU_ENOMEM ? MUTU_ENOMEM : 0;
			mutu_error_clear();
			continue;
		}
		free(data);
		if (!member || concerns(st, rec, member))
			err = mutu_calendar_add_event(c, rec);
		mutu_value_free(rec);
	}
	free(f.blobs);
	free(f.paths);
	return err;
}

/* The offer named id, read once: NULL if it cannot be. */
static const struct offer *offer_of(mutu_calendar *c, mutu_store *st, const char *id)
{
	mutu_record *rec;
	struct offer *o;
	char path[64];
	size_t i;

	for (i = 0; i < c->noffers; i++)
		if (!strcmp(c->offers[i].id, id))
			return &c->offers[i];
	if (mutu_type_path(path, &mutu_type_offer, id) < 0 ||
	    mutu_records_read(&rec, NULL, st, "offer", path, 0) < 0) {
		mutu_error_clear();
		return NULL;
	}
	if (c->noffers == c->offers_cap) {
		size_t cap = c->offers_cap ? 2 * c->offers_cap : 16;
		struct offer *grown = realloc(c->offers, cap * sizeof(*grown));

		if (!grown) {
			mutu_value_free(rec);
			return NULL;
		}
		c->offers = grown;
		c->offers_cap = cap;
	}
	o = &c->offers[c->noffers++];
	snprintf(o->id, sizeof(o->id), "%s", id);
	o->title = strdup(mutu_map_str(rec, "title") ? mutu_map_str(rec, "title") : "");
	o->author = strdup(mutu_map_str(rec, "author") ? mutu_map_str(rec, "author") : "");
	mutu_value_free(rec);
	if (!o->title || !o->author) {
		free(o->title);
		free(o->author);
		c->noffers--;
		return NULL;
	}
	return o;
}

/* A row of bookings or loans, kept until the scan is over: the offers
 * they are about are read after it. */
struct dated {
	char id[16], offer[16], who[40], other[40], from[24], to[24], stamp[24];
};

struct dated_list {
	struct dated *v;
	size_t n, cap;
	const mutu_record_type *t;
};

static int dated_row(const mutu_catalog_row *row, void *payload)
{
	struct dated_list *l = payload;
	const mutu_record_type *t = l->t;
	int loan = t == &mutu_type_loan;
	struct dated *d;
	char status[16];

	if (!row_ok(row) || (loan && strcmp(field(t, row, "status", status, sizeof(status)), "out")))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct dated *grown = realloc(l->v, cap * sizeof(*grown));

		if (!grown)
			return mutu_error_nomem();
		l->v = grown;
		l->cap = cap;
	}
	d = &l->v[l->n++];
	field(t, row, "id", d->id, sizeof(d->id));
	field(t, row, "offer", d->offer, sizeof(d->offer));
	field(t, row, loan ? "borrower" : "member", d->who, sizeof(d->who));
	field(t, row, loan ? "lender" : "member", d->other, sizeof(d->other));
	field(t, row, loan ? "due" : "from", d->from, sizeof(d->from));
	field(t, row, loan ? "due" : "to", d->to, sizeof(d->to));
	field(t, row, loan ? "updated" : "created", d->stamp, sizeof(d->stamp));
	return 0;
}

static void dated_restart(void *payload)
{
	((struct dated_list *)payload)->n = 0;
}

static int add_dated(mutu_calendar *c, mutu_store *st, const mutu_record_type *t,
		     const char *member)
{
	struct dated_list l = { NULL, 0, 0, t };
	mutu_catalog_visitor v = { dated_row, dated_restart, &l };
	int loan = t == &mutu_type_loan;
	size_t i, len;
	int err;

	err = mutu_catalog_scan(st, t, &v, NULL);
	for (i = 0; i < l.n && err == 0; i++) {
		const struct dated *d = &l.v[i];
		const struct offer *o = offer_of(c, st, d->offer);
		const char *title = o ? o->title : d->offer;
		struct entry *e;

		if (member && strcmp(d->who, member) && strcmp(d->other, member) &&
		    !(o && !strcmp(o->author, member)))
			continue;
		if (!(e = entry_new(c))) {
			err = mutu_error_nomem();
			break;
		}
		e->uid = uid_of(d->id);
		len = strlen(title) + strlen(d->who) + 128;
		if ((e->summary = malloc(len)))
			snprintf(e->summary, len, loan ? _("Due back: %s (lent to %s)") : _("Booked: %s (%s)"),
				 title, d->who);
		e->stamp = mutu_clock_read(d->stamp);
		e->start = mutu_clock_read(d->from);
		e->end = loan ? 0 : mutu_clock_read(d->to);
		e->all_day = loan;
		e->status = MUTU_ICAL_STATUS_CONFIRMED;
		if (!e->uid || !e->summary)
			err = mutu_error_nomem();
	}
	free(l.v);
	return err;
}

int mutu_calendar_add_bookings(mutu_calendar *c, mutu_store *st, const char *member)
{
	return add_dated(c, st, &mutu_type_booking, member);
}

int mutu_calendar_add_loans(mutu_calendar *c, mutu_store *st, const char *member)
{
	return add_dated(c, st, &mutu_type_loan, member);
}

/* --- the feed --- */

static int entry_order(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->uid, y->uid);
}

int mutu_calendar_write(mutu_buf *out, mutu_calendar *c, const char *name)
{
	size_t i;
	int err;

	if (c->n)
		qsort(c->e, c->n, sizeof(*c->e), entry_order);
	mutu_ical_begin(out, name);
	for (i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];
		mutu_ical_event ev = {
			.uid = e->uid, .stamp = e->stamp, .start = e->start, .end = e->end,
			.all_day = e->all_day, .summary = e->summary, .description = e->description,
			.location = e->location, .categories = (const char *const *)e->categories,
			.ncategories = e->ncategories, .status = e->status, .sequence = -1,
		};

		/* a record whose dates no calendar can hold is left out, not
		 * the whole feed */
		if ((err = mutu_ical_write_event(out, &ev)) < 0) {
			if (err != MUTU_EDATA)
				return err;
			mutu_warn("%s", mutu_error_last());
			mutu_error_clear();
		}
	}
	mutu_ical_end(out);
	return mutu_buf_check(out);
}
