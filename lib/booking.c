#include "booking.h"

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "records.h"
#include "rules.h"
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

static int by(const mutu_record *a, const mutu_record *b, const char *time_field, const char *key)
{
	time_t x = when(a, time_field), y = when(b, time_field);

	return x != y ? (x < y ? -1 : 1) : strcmp(mutu_map_text(a, key), mutu_map_text(b, key));
}

static int booking_order(const void *a, const void *b)
{
	return by(*(mutu_record *const *)a, *(mutu_record *const *)b, "from", "id");
}

static int free_all(mutu_record **recs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mutu_value_free(recs[i]);
	free(recs);
	return 0;
}

int mutu_event_check(const mutu_record *offer)
{
	int event = !strcmp(mutu_map_text(offer, "kind"), "event");
	int has_start = mutu_map_get(offer, "start") != NULL, has_end = mutu_map_get(offer, "end") != NULL;

	if (!event && (has_start || has_end || mutu_map_get(offer, "capacity")))
		return mutu_error_set(MUTU_EDATA, _("only an event has a start, an end and a capacity, not an offer of kind %s"),
				      mutu_map_text(offer, "kind"));
	if (event && (!has_start || !has_end))
		return mutu_error_set(MUTU_EDATA, _("an event needs a start and an end (--start and --end)"));
	if (event && when(offer, "end") <= when(offer, "start"))
		return mutu_error_set(MUTU_EDATA, _("the event ends (%s) before it starts (%s)"),
				      mutu_map_text(offer, "end"), mutu_map_text(offer, "start"));
	return 0;
}

/* --- bookings --- */

int mutu_bookings_of(mutu_record ***out, size_t *n, mutu_store *st, const char *offer_id)
{
	int err;

	if ((err = mutu_records_children(out, n, st, &mutu_type_booking, offer_id)) < 0)
		return err;
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), booking_order);
	return 0;
}

static int check_bookable(const mutu_record *offer)
{
	if (!strcmp(mutu_map_text(offer, "kind"), "event"))
		return mutu_error_set(MUTU_EDATA, _("offer %.8s is an event: members join it, it is not booked"),
				      mutu_map_text(offer, "id"));
	if (strcmp(mutu_map_text(offer, "status"), "open") != 0)
		return mutu_error_set(MUTU_EDATA, _("offer %.8s is %s"), mutu_map_text(offer, "id"),
				      mutu_map_text(offer, "status"));
	return 0;
}

int mutu_book(mutu_record **out, const mutu_action_ctx *ctx, const mutu_record *offer,
	      const char *from_text, const char *to_text, const char *note)
{
	const char *id = mutu_map_text(offer, "id");
	mutu_record **have = NULL, *rec = NULL;
	mutu_oid tree;
	mutu_rules r;
	time_t now, from, to;
	size_t n = 0, i;
	char dir[64], about[64];
	mutu_guard g;
	int exists, err;
	long buffer;

	if (out)
		*out = NULL;
	if ((err = check_bookable(offer)) < 0 || (err = mutu_clock_now(&now)) < 0 ||
	    (err = mutu_rules_load(&r, ctx->st)) < 0)
		return err;
	if (mutu_clock_resolve(&from, from_text, now) < 0)
		return mutu_error_set(MUTU_EDATA, _("--from: '%s' is not a time (RFC 3339) or +DURATION"),
				      mutu_utf8_clip(from_text, 40));
	if (mutu_clock_resolve(&to, to_text, now) < 0)
		return mutu_error_set(MUTU_EDATA, _("--to: '%s' is not a time (RFC 3339) or +DURATION"),
				      mutu_utf8_clip(to_text, 40));
	if (to <= from)
		return mutu_error_set(MUTU_EDATA, _("the booking ends (%s) before it starts (%s)"),
				      mutu_utf8_clip(to_text, 40), mutu_utf8_clip(from_text, 40));
	if (from < now && !r.allow_past)
		return mutu_error_set(MUTU_EPERM, _("the booking starts in the past (%s) and the rules do not allow it (booking.allow_past)"),
				      mutu_utf8_clip(from_text, 40));
	if ((err = mutu_records_children_at(&have, NULL, &n, &tree, &exists, ctx->st,
					    &mutu_type_booking, id)) < 0)
		return err;
	buffer = r.buffer_minutes * 60;
	for (i = 0; i < n; i++) {
		time_t f = when(have[i], "from"), t = when(have[i], "to");

		if (from < t + buffer && f < to + buffer) {
			err = buffer ? mutu_error_set(MUTU_EPERM, _("offer %.8s is booked by %s from %s to %s (booking %.8s), and the rules keep %ld minutes between bookings"),
						     id, mutu_map_text(have[i], "member"), mutu_map_text(have[i], "from"),
						     mutu_map_text(have[i], "to"), mutu_map_text(have[i], "id"), r.buffer_minutes)
				     : mutu_error_set(MUTU_EPERM, _("offer %.8s is booked by %s from %s to %s (booking %.8s)"),
						     id, mutu_map_text(have[i], "member"), mutu_map_text(have[i], "from"),
						     mutu_map_text(have[i], "to"), mutu_map_text(have[i], "id"));
			goto out;
		}
	}
	if ((err = mutu_action_new(&rec, &mutu_type_booking, ctx->who->handle, NULL)) < 0 ||
	    (err = mutu_map_set_str(rec, "offer", id)) < 0 ||
	    (err = mutu_action_stamp(rec, "from", from)) < 0 ||
	    (err = mutu_action_stamp(rec, "to", to)) < 0 ||
	    (note && (err = mutu_map_set_str(rec, "note", note)) < 0) ||
	    (err = mutu_type_child_dir(dir, &mutu_type_booking, id)) < 0)
		goto out;
	g = (mutu_guard){ dir, exists ? &tree : NULL };
	snprintf(about, sizeof(about), "%.8s", mutu_map_text(rec, "id"));
	err = mutu_action_commit_child(ctx, &mutu_type_offer, offer, &mutu_type_booking, rec,
				       mutu_map_text(rec, "id"), NULL, "book", about, &g, 1);
out:
	free_all(have, n);
	if (err < 0) {
		mutu_value_free(rec);
		return err;
	}
	if (out)
		*out = rec;
	else
		mutu_value_free(rec);
	return 0;
}

int mutu_unbook(const mutu_action_ctx *ctx, const mutu_record *booking, const char *path,
		const mutu_oid *blob)
{
	mutu_record *offer = NULL;
	char offer_path[64], about[64];
	int err;

	(void)path;
	if ((err = mutu_action_check_owner(&mutu_type_booking, booking, ctx->who, "unbook")) < 0 ||
	    (err = mutu_type_path(offer_path, &mutu_type_offer, mutu_map_text(booking, "offer"))) < 0 ||
	    (err = mutu_records_read(&offer, NULL, ctx->st, "offer", offer_path, 0)) < 0)
		return err;
	snprintf(about, sizeof(about), "%.8s", mutu_map_text(booking, "id"));
	err = mutu_action_commit_child(ctx, &mutu_type_offer, offer, &mutu_type_booking, NULL,
				       mutu_map_text(booking, "id"), blob, "unbook", about, NULL, 0);
	mutu_value_free(offer);
	return err;
}

/* --- events --- */

static int attendee_order(const void *a, const void *b)
{
	return by(*(mutu_record *const *)a, *(mutu_record *const *)b, "joined", "member");
}

/* An attendee and its blob, sorted together. */
struct place {
	mutu_record *rec;
	mutu_oid blob;
};

static int place_order(const void *a, const void *b)
{
	return attendee_order(&((const struct place *)a)->rec, &((const struct place *)b)->rec);
}

int mutu_roll_read(mutu_roll *out, mutu_store *st, const mutu_record *event)
{
	const mutu_value *cap = mutu_map_get(event, "capacity");
	struct place *p;
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	out->capacity = cap && cap->type == MUTU_INT && cap->u.num > 0 ? (long)cap->u.num : 0;
	if ((err = mutu_records_children_at(&out->attendees, &out->blobs, &out->n, &out->tree,
					    &out->have_tree, st, &mutu_type_attendee,
					    mutu_map_text(event, "id"))) < 0 || out->n < 2)
		return err;
	if (!(p = malloc(out->n * sizeof(*p)))) {
		mutu_roll_free(out);
		return mutu_error_nomem();
	}
	for (i = 0; i < out->n; i++)
		p[i] = (struct place){ out->attendees[i], out->blobs[i] };
	qsort(p, out->n, sizeof(*p), place_order);
	for (i = 0; i < out->n; i++) {
		out->attendees[i] = p[i].rec;
		out->blobs[i] = p[i].blob;
	}
	free(p);
	return 0;
}

void mutu_roll_free(mutu_roll *r)
{
	free_all(r->attendees, r->n);
	free(r->blobs);
	memset(r, 0, sizeof(*r));
}

size_t mutu_roll_rank(const mutu_roll *r, const char *handle)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(mutu_map_text(r->attendees[i], "member"), handle))
			return i + 1;
	return 0;
}

static int check_joinable(const mutu_record *event, time_t now)
{
	const char *id = mutu_map_text(event, "id");

	if (strcmp(mutu_map_text(event, "kind"), "event") != 0)
		return mutu_error_set(MUTU_EDATA, _("offer %.8s is not an event (its kind is %s)"), id,
				      mutu_map_text(event, "kind"));
	if (strcmp(mutu_map_text(event, "status"), "open") != 0)
		return mutu_error_set(MUTU_EDATA, _("offer %.8s is %s"), id, mutu_map_text(event, "status"));
	if (mutu_map_get(event, "end") && when(event, "end") <= now)
		return mutu_error_set(MUTU_EDATA, _("the event %.8s is over (it ended %s)"), id,
				      mutu_map_text(event, "end"));
	return 0;
}

int mutu_join(size_t *rank, const mutu_action_ctx *ctx, const mutu_record *event)
{
	const char *me = ctx->who->handle;
	mutu_record *rec = NULL;
	mutu_roll roll;
	time_t now;
	char dir[64];
	mutu_guard g;
	int err;

	if (rank)
		*rank = 0;
	if ((err = mutu_clock_now(&now)) < 0 || (err = check_joinable(event, now)) < 0 ||
	    (err = mutu_roll_read(&roll, ctx->st, event)) < 0)
		return err;
	if (mutu_roll_rank(&roll, me)) {
		err = mutu_error_set(MUTU_EDATA, _("you have already joined the event %.8s"),
				     mutu_map_text(event, "id"));
		goto out;
	}
	if ((err = mutu_action_new(&rec, &mutu_type_attendee, me, me)) < 0 ||
	    (err = mutu_map_set_str(rec, "offer", mutu_map_text(event, "id"))) < 0 ||
	    (err = mutu_type_child_dir(dir, &mutu_type_attendee, mutu_map_text(event, "id"))) < 0)
		goto out;
	g = (mutu_guard){ dir, roll.have_tree ? &roll.tree : NULL };
	err = mutu_action_commit_child(ctx, &mutu_type_offer, event, &mutu_type_attendee, rec, me,
				       NULL, "join", NULL, &g, 1);
	if (err == 0 && rank) {
		size_t i;

		/* after everyone who joined before, or at the same second with
		 * a handle that sorts first */
		for (*rank = 1, i = 0; i < roll.n; i++)
			*rank += attendee_order(&roll.attendees[i], &rec) < 0;
	}
out:
	mutu_value_free(rec);
	mutu_roll_free(&roll);
	return err;
}

int mutu_leave(const mutu_action_ctx *ctx, const mutu_record *event)
{
	mutu_roll roll;
	size_t rank;
	int err;

	if ((err = mutu_roll_read(&roll, ctx->st, event)) < 0)
		return err;
	if (!(rank = mutu_roll_rank(&roll, ctx->who->handle)))
		err = mutu_error_set(MUTU_EDATA, _("you have not joined the event %.8s"),
				     mutu_map_text(event, "id"));
	else
		err = mutu_action_commit_child(ctx, &mutu_type_offer, event, &mutu_type_attendee, NULL,
					       ctx->who->handle, &roll.blobs[rank - 1], "leave", NULL,
					       NULL, 0);
	mutu_roll_free(&roll);
	return err;
}
