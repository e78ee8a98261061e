/*
 * The tool library's checks after a merge (librarycheck.h).
 *
 * A pair of records breaks a rule "because of the merge" when no copy
 * ever held both: a copy that held both (two loans of one drill lent on
 * one laptop, by plain git) answers for them itself, and its own commands
 * would have refused them. So a record counts as *added on a side* when
 * the merge base lacks it, that side's changed paths hold it, and the
 * merged tree holds it as that side wrote it; two records conflict here
 * only when no side added both. Which side is "ours" never enters: the
 * findings depend on the base, the merged tree and the pair of sides
 * taken as a set, so every copy that merges the same histories writes
 * the same conflict records (their ids come from check, path and detail).
 *
 * Cost. The changed paths are sorted, so a check reads only the slice
 * under its own directory (loans/, bookings/, attendees/), grouped by
 * offer with string work alone. Only an offer both sides touched is
 * looked up in the trees: for loans and bookings, only the records the
 * sides added (a pair needs two of them, and the older ones were judged
 * by the copy that held them); for an event, its sign-ups in the merged
 * tree, then in a side's tree if someone past the capacity came from
 * there, each blob parsed once. A sync that brings 100k records about
 * other offers reads none of them.
 *
 * Nothing here trusts a record: its place says which offer and which key
 * it is; one whose own fields say otherwise is no record of that offer
 * (as mutu_records_children lists them); a time that does not parse, a
 * span that ends before it starts, a blob too large or not YAML is
 * skipped. Only the records' own times are used, never the clock; and a
 * detail holds only ids, handles checked as handles, and times written
 * back from their parsed values, so it is always one line of data.
 */
#include "librarycheck.h"

#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "id.h"
#include "record.h"
#include "rules.h"
#include "yaml.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE SIZE_MAX
#define HANDLE_SIZE 64   /* a key: a handle is at most 32 bytes */

/* The rules' booking.buffer_minutes is at most a week (schema/rules.json). */
#define BUFFER_MINUTES_MAX 10080

/* A path under a type's directory that a side changed. */
struct touched {
	const char *path;              /* borrowed from the sides' lists */
	char offer[MUTU_ID_LEN + 1];   /* the directory it is in */
	char key[64];                  /* its file name's */
	unsigned sides;                /* bit s: side s changed it */
};

/* What a check's walk over the offers carries. */
struct walk {
	const mutu_check_ctx *ctx;
	const mutu_check *check;
	const mutu_record_type *t;
	mutu_finding_fn found;
	void *payload;
	long buffer;                   /* seconds; -1 until read */
};

/* --- the records the sides changed, offer by offer --- */

static size_t first_at_or_after(const mutu_check_side *side, const char *prefix)
{
	size_t lo = 0, hi = side->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(side->paths[mid], prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *next_under(const mutu_check_side *side, size_t i, const char *prefix,
			      size_t len)
{
	return i < side->n && strncmp(side->paths[i], prefix, len) == 0 ? side->paths[i] : NULL;
}

static int push_touched(struct touched **v, size_t *n, size_t *alloc, const mutu_record_type *t,
			const char *path, unsigned sides)
{
	struct touched *e;
	const char *why;
	char key[64];

	if (!mutu_type_place(t, path, key, &why))
		return 0;
	if (*n == *alloc) {
		size_t grown = *alloc ? *alloc * 2 : 16;

		if (!(e = reallocarray(*v, grown, sizeof(*e))))
			return mutu_error_nomem();
		*v = e;
		*alloc = grown;
	}
	e = &(*v)[(*n)++];
	e->path = path;
	/* <dir>/<offer>/<key>.yaml, the offer an id: mutu_type_place said so */
	memcpy(e->offer, path + strlen(t->dir) + 1, MUTU_ID_LEN);
	e->offer[MUTU_ID_LEN] = '\0';
	snprintf(e->key, sizeof(e->key), "%s", key);
	e->sides = sides;
	return 0;
}

/* Every place of a record of t that either side changed, each once, in
 * path order (so an offer's are together), with the sides that did. */
static int touched_collect(struct touched **out, size_t *n, const mutu_check_ctx *ctx,
			   const mutu_record_type *t)
{
	char prefix[64];
	size_t len, i[2], s, alloc = 0;
	int err = 0;

	*out = NULL;
	*n = 0;
	len = (size_t)snprintf(prefix, sizeof(prefix), "%s/", t->dir);
	for (s = 0; s < 2; s++)
		i[s] = ctx->sides[s].n ? first_at_or_after(&ctx->sides[s], prefix) : 0;
	while (err == 0) {
		const char *p0 = next_under(&ctx->sides[0], i[0], prefix, len);
		const char *p1 = next_under(&ctx->sides[1], i[1], prefix, len);
		int cmp;

		if (!p0 && !p1)
			break;
		cmp = !p0 ? 1 : !p1 ? -1 : strcmp(p0, p1);
		err = push_touched(out, n, &alloc, t, cmp <= 0 ? p0 : p1,
				   cmp < 0 ? 1u : cmp > 0 ? 2u : 3u);
		if (cmp <= 0)
			i[0]++;
		if (cmp >= 0)
			i[1]++;
	}
	if (err < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return err;
}

/* Call each for every offer some side touched records of t under. */
static int walk_offers(struct walk *w,
		       int (*each)(struct walk *w, const struct touched *run, size_t len))
{
	struct touched *v;
	size_t n, a, b;
	int err;

	if ((err = touched_collect(&v, &n, w->ctx, w->t)) < 0)
		return err;
	for (a = 0; a < n && err == 0; a = b) {
		for (b = a + 1; b < n && !strcmp(v[b].offer, v[a].offer); b++)
			;
		err = each(w, v + a, b - a);
	}
	free(v);
	return err;
}

static unsigned sides_of(const struct touched *run, size_t len)
{
	unsigned sides = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sides |= run[i].sides;
	return sides;
}

/* --- reading what is there --- */

/* Which sides added the record at e->path as the merged tree holds it
 * (its blob into *blob): 0 when the merged tree lacks it or the base had
 * it already. */
static unsigned added_by(mutu_oid *blob, const mutu_check_ctx *ctx, const struct touched *e)
{
	unsigned sides = 0, s;
	mutu_oid x;

	if (mutu_store_lookup_in(blob, ctx->st, ctx->merged, e->path, 0) == 0 &&
	    mutu_store_lookup_in(&x, ctx->st, ctx->base, e->path, 0) != 0)
		for (s = 0; s < 2; s++)
			if ((e->sides & (1u << s)) &&
			    mutu_store_lookup_in(&x, ctx->st, ctx->sides[s].tree, e->path, 0) == 0 &&
			    mutu_oid_equal(&x, blob))
				sides |= 1u << s;
	mutu_error_clear();
	return sides;
}

/* The mapping a blob holds, or *out NULL when it holds none (too large,
 * not YAML, not a mapping): a check skips what it cannot read. Only
 * running out of memory is an error. */
static int read_map(mutu_record **out, mutu_store *st, const mutu_oid *blob, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int err;

	*out = NULL;
	if ((err = mutu_store_read_blob(&data, &len, st, blob, MUTU_YAML_MAX_DOCUMENT)) == 0)
		err = mutu_yaml_parse(out, data, len, path);
	free(data);
	if (err == 0 && (*out)->type != MUTU_MAP) {
		mutu_value_free(*out);
		*out = NULL;
	}
	if (err == MUTU_ENOMEM)
		return err;
	mutu_error_clear();
	return 0;
}

/* Whether rec is what its place says: its key, and the offer whose
 * directory holds it (a record copied under another offer is not its). */
static int in_place(const mutu_record *rec, const mutu_record_type *t, const char *offer,
		    const char *key)
{
	const char *k = mutu_map_str(rec, t->key_field), *p = mutu_map_str(rec, t->parent_field);

	return k && p && !strcmp(k, key) && !strcmp(p, offer);
}

static int time_in(time_t *out, const mutu_record *rec, const char *field)
{
	const char *text = mutu_map_str(rec, field);

	if (!text || mutu_clock_parse(out, text) < 0) {
		mutu_error_clear();
		return 0;
	}
	return 1;
}

/* A member a record names, for a detail: the handle, or "?" when it is
 * none (it could be anything). */
static void handle_in(char out[HANDLE_SIZE], const mutu_record *rec, const char *field)
{
	const char *h = mutu_map_str(rec, field);

	snprintf(out, HANDLE_SIZE, "%s", h && mutu_handle_valid(h) ? h : "?");
}

/* The capacity of offer in tree; -1 when it has none that can be read:
 * no limit. */
static int capacity_in(long long *out, const mutu_check_ctx *ctx, const mutu_oid *tree,
		       const char *offer)
{
	const mutu_value *v;
	mutu_record *rec = NULL;
	mutu_oid blob;
	char path[64];
	int err;

	*out = -1;
	if (mutu_type_path(path, &mutu_type_offer, offer) < 0 ||
	    mutu_store_lookup_in(&blob, ctx->st, tree, path, 0) < 0) {
		mutu_error_clear();
		return 0;
	}
	if ((err = read_map(&rec, ctx->st, &blob, path)) < 0)
		return err;
	if (rec && (v = mutu_map_get(rec, "capacity")) && v->type == MUTU_INT && v->u.num >= 1)
		*out = v->u.num;
	mutu_value_free(rec);
	return 0;
}

static int report(const struct walk *w, const struct touched *e, const char *detail, time_t when)
{
	return w->found(&(mutu_finding){ w->check->name, w->t, e->path, e->key, detail, when },
			w->payload);
}

/* --- loans and bookings the sides added --- */

/* A loan out, or a booking, that a side added, as the merged tree holds it. */
struct added {
	const struct touched *e;
	unsigned sides;
	time_t created, from, to;      /* from, to: a booking's span */
	char who[HANDLE_SIZE];         /* the borrower; the member who booked */
};

static int take_loan(struct added *x, const mutu_record *rec)
{
	const char *status = mutu_map_str(rec, "status");

	if (!status || strcmp(status, "out") != 0 || !time_in(&x->created, rec, "created"))
		return 0;
	handle_in(x->who, rec, "borrower");
	return 1;
}

static int take_booking(struct added *x, const mutu_record *rec)
{
	if (!time_in(&x->created, rec, "created") || !time_in(&x->from, rec, "from") ||
	    !time_in(&x->to, rec, "to") || x->to <= x->from)
		return 0;
	handle_in(x->who, rec, "member");
	return 1;
}

/* The records of one offer (run) that the sides added and take accepts. */
static int read_added(struct added **out, size_t *n, const struct walk *w,
		      const struct touched *run, size_t len,
		      int (*take)(struct added *x, const mutu_record *rec))
{
	struct added *v;
	size_t i;
	int err = 0;

	*out = NULL;
	*n = 0;
	if (!(v = calloc(len, sizeof(*v))))
		return mutu_error_nomem();
	for (i = 0; i < len && err == 0; i++) {
		struct added *x = &v[*n];
		mutu_record *rec = NULL;
		mutu_oid blob;

		memset(x, 0, sizeof(*x));
		x->e = &run[i];
		if (!(x->sides = added_by(&blob, w->ctx, &run[i])))
			continue;
		if ((err = read_map(&rec, w->ctx->st, &blob, run[i].path)) == 0 && rec &&
		    in_place(rec, w->t, run[i].offer, run[i].key) && take(x, rec))
			(*n)++;
		mutu_value_free(rec);
	}
	if (err < 0) {
		free(v);
		*n = 0;
		return err;
	}
	*out = v;
	return 0;
}

/* Which of two came first: created, then key (unique under one offer). */
static int by_created(const void *a, const void *b)
{
	const struct added *x = a, *y = b;

	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	return strcmp(x->e->key, y->e->key);
}

static int by_from(const void *a, const void *b)
{
	const struct added *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return by_created(a, b);
}

/* --- lent-twice --- */

static int lent_twice_offer(struct walk *w, const struct touched *run, size_t len)
{
	struct added *v;
	size_t n, i, first[3] = { NONE, NONE, NONE };
	char detail[512];
	int err;

	if (sides_of(run, len) != 3u)
		return 0;   /* one side alone: it saw all it lent */
	if ((err = read_added(&v, &n, w, run, len, take_loan)) < 0)
		return err;
	qsort(v, n, sizeof(*v), by_created);
	/* a loan is later than the first loan out that the other side
	 * alone added; a loan both sides hold saw every other */
	for (i = 0; i < n && err == 0; i++) {
		unsigned s = v[i].sides;
		size_t earlier = s == 1u ? first[2] : s == 2u ? first[1] : NONE;

		if (s != 3u && first[s] == NONE)
			first[s] = i;
		if (earlier == NONE)
			continue;
		snprintf(detail, sizeof(detail), "offer %s: lent to %s (loan %s) and to %s (loan %s)",
			 run[0].offer, v[earlier].who, v[earlier].e->key, v[i].who, v[i].e->key);
		err = report(w, v[i].e, detail, v[i].created);
	}
	free(v);
	return err;
}

static int lent_twice(const mutu_check_ctx *ctx, mutu_finding_fn found, void *payload)
{
	struct walk w = { ctx, &mutu_check_lent_twice, &mutu_type_loan, found, payload, -1 };

	return walk_offers(&w, lent_twice_offer);
}

const mutu_check mutu_check_lent_twice = {
	"lent-twice",
	N_("This loan was made on one copy while another copy lent the same offer out: it cannot be out twice at once, so the later loan cannot stand as it is."),
	lent_twice,
};

/* --- booking-overlap --- */

/* The gap rules.yaml keeps between two bookings, in seconds: from the
 * merged tree, whichever copy changed it; 0 when it cannot be read. */
static int buffer_seconds(long *out, const mutu_check_ctx *ctx)
{
	mutu_record *rec = NULL;
	mutu_rules rules;
	mutu_oid blob;
	int err;

	*out = 0;
	if (mutu_store_lookup_in(&blob, ctx->st, ctx->merged, "rules.yaml", 0) < 0) {
		mutu_error_clear();
		return 0;
	}
	if ((err = read_map(&rec, ctx->st, &blob, "rules.yaml")) < 0)
		return err;
	if (rec && mutu_rules_from_record(&rules, rec, "rules.yaml") == 0 &&
	    rules.buffer_minutes > 0)
		*out = (rules.buffer_minutes < BUFFER_MINUTES_MAX ? rules.buffer_minutes
								 : BUFFER_MINUTES_MAX) * 60;
	mutu_error_clear();
	mutu_value_free(rec);
	return 0;
}

static int overlap_report(const struct walk *w, const struct touched *run,
			  const struct added *earlier, const struct added *later)
{
	char t[4][MUTU_TIME_LEN + 1], detail[512];

	mutu_clock_format(t[0], earlier->from);
	mutu_clock_format(t[1], earlier->to);
	mutu_clock_format(t[2], later->from);
	mutu_clock_format(t[3], later->to);
	snprintf(detail, sizeof(detail),
		 "offer %s: booking %s by %s from %s to %s and booking %s by %s from %s to %s; buffer %ld minutes",
		 run[0].offer, earlier->e->key, earlier->who, t[0], t[1], later->e->key, later->who,
		 t[2], t[3], w->buffer / 60);
	return report(w, later->e, detail, later->created);
}

static int booking_overlap_offer(struct walk *w, const struct touched *run, size_t len)
{
	struct added *v = NULL;
	size_t n, i, j, *partner = NULL;
	int err;

	if (sides_of(run, len) != 3u)
		return 0;
	if (w->buffer < 0 && (err = buffer_seconds(&w->buffer, w->ctx)) < 0)
		return err;
	if ((err = read_added(&v, &n, w, run, len, take_booking)) < 0)
		return err;
	if (n < 2)
		goto out;
	if (!(partner = malloc(n * sizeof(*partner)))) {
		err = mutu_error_nomem();
		goto out;
	}
	for (i = 0; i < n; i++)
		partner[i] = NONE;
	/* by start: what starts before i ends (and its buffer) comes closer
	 * than the buffer, as it cannot end before i starts */
	qsort(v, n, sizeof(*v), by_from);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n && v[j].from < v[i].to + w->buffer; j++) {
			size_t later, earlier;

			if (v[i].sides & v[j].sides)
				continue;   /* one copy held both: its own doing */
			later = by_created(&v[i], &v[j]) > 0 ? i : j;
			earlier = later == i ? j : i;
			/* the later one of each pair; against the first it met */
			if (partner[later] == NONE || by_created(&v[earlier], &v[partner[later]]) < 0)
				partner[later] = earlier;
		}
	for (i = 0; i < n && err == 0; i++)
		if (partner[i] != NONE)
			err = overlap_report(w, run, &v[partner[i]], &v[i]);
out:
	free(partner);
	free(v);
	return err;
}

static int booking_overlap(const mutu_check_ctx *ctx, mutu_finding_fn found, void *payload)
{
	struct walk w = { ctx, &mutu_check_booking_overlap, &mutu_type_booking, found, payload, -1 };

	return walk_offers(&w, booking_overlap_offer);
}

const mutu_check mutu_check_booking_overlap = {
	"booking-overlap",
	N_("This booking was made on one copy while another copy booked the same offer for a time that overlaps it, or leaves less than the rules' buffer between them: the later booking cannot stand as it is."),
	booking_overlap,
};

/* --- event-capacity --- */

/* A member signed up to an event, as one tree holds it. */
struct signup {
	mutu_oid blob;
	time_t joined;
	char handle[HANDLE_SIZE];
};

/* An event's sign-ups in one tree: in line (joined, then handle), and by
 * handle to find one. */
struct line {
	struct signup *v;
	size_t n, alloc;
	struct signup **by_handle;
};

struct line_reader {
	struct line *line;
	const struct line *known;     /* parsed already: a blob found there is not read again */
	mutu_store *st;
	const char *offer;
	const char *dir;
};

static int in_line(const void *a, const void *b)
{
	const struct signup *x = a, *y = b;

	if (x->joined != y->joined)
		return x->joined < y->joined ? -1 : 1;
	return strcmp(x->handle, y->handle);
}

static int by_handle(const void *a, const void *b)
{
	return strcmp((*(const struct signup *const *)a)->handle,
		      (*(const struct signup *const *)b)->handle);
}

/* The sign-up of handle, or NULL. */
static const struct signup *line_find(const struct line *l, const char *handle)
{
	size_t lo = 0, hi = l->by_handle ? l->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(l->by_handle[mid]->handle, handle);

		if (cmp == 0)
			return l->by_handle[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int signup_entry(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	struct line_reader *r = payload;
	struct line *l = r->line;
	const struct signup *known;
	struct signup *x;
	mutu_record *rec = NULL;
	char path[128], key[64];
	const char *why;
	int err;

	if (kind != MUTU_ENTRY_FILE ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", r->dir, name) >= sizeof(path) ||
	    !mutu_type_place(&mutu_type_attendee, path, key, &why))
		return 0;
	if (l->n == l->alloc) {
		size_t grown = l->alloc ? l->alloc * 2 : 16;

		if (!(x = reallocarray(l->v, grown, sizeof(*x))))
			return mutu_error_nomem();
		l->v = x;
		l->alloc = grown;
	}
	x = &l->v[l->n];
	x->blob = *id;
	snprintf(x->handle, sizeof(x->handle), "%s", key);
	if (r->known && (known = line_find(r->known, key)) && mutu_oid_equal(&known->blob, id)) {
		x->joined = known->joined;
		l->n++;
		return 0;
	}
	if ((err = read_map(&rec, r->st, id, path)) < 0)
		return err;
	if (rec && in_place(rec, &mutu_type_attendee, r->offer, key) &&
	    time_in(&x->joined, rec, "joined"))
		l->n++;
	mutu_value_free(rec);
	return 0;
}

/* The sign-ups of offer in tree, in line. */
static int line_read(struct line *l, const mutu_check_ctx *ctx, const mutu_oid *tree,
		     const char *offer, const struct line *known)
{
	struct line_reader r = { l, known, ctx->st, offer, NULL };
	char dir[64];
	mutu_oid sub;
	size_t i;
	int err;

	memset(l, 0, sizeof(*l));
	if (mutu_type_child_dir(dir, &mutu_type_attendee, offer) < 0 ||
	    (err = mutu_store_subdir(&sub, ctx->st, tree, dir)) <= 0) {
		mutu_error_clear();
		return 0;   /* nobody signed up there; or damage, which is no one */
	}
	r.dir = dir;
	if ((err = mutu_store_list_tree(ctx->st, &sub, signup_entry, &r)) == MUTU_ENOMEM)
		return err;
	mutu_error_clear();
	if (l->n == 0)
		return 0;
	qsort(l->v, l->n, sizeof(*l->v), in_line);
	if (!(l->by_handle = calloc(l->n, sizeof(*l->by_handle))))
		return mutu_error_nomem();
	for (i = 0; i < l->n; i++)
		l->by_handle[i] = &l->v[i];
	qsort(l->by_handle, l->n, sizeof(*l->by_handle), by_handle);
	return 0;
}

static void line_free(struct line *l)
{
	free(l->v);
	free(l->by_handle);
	memset(l, 0, sizeof(*l));
}

/* The touched entry of run at path, or NULL (run is in path order). */
static const struct touched *run_find(const struct touched *run, size_t len, const char *path)
{
	size_t lo = 0, hi = len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(run[mid].path, path);

		if (cmp == 0)
			return &run[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Whether handle, added on side s, had a place in line on that side's tree
 * (whose capacity and sign-ups are read the first time they are asked for). */
static int within_on_side(struct line side[2], long long cap[2], int seen[2],
			  const mutu_check_ctx *ctx, const struct line *merged, const char *offer,
			  unsigned s, const char *handle, int *err)
{
	const struct signup *x;

	if (!seen[s]) {
		seen[s] = 1;
		if ((*err = capacity_in(&cap[s], ctx, ctx->sides[s].tree, offer)) < 0 ||
		    (*err = line_read(&side[s], ctx, ctx->sides[s].tree, offer, merged)) < 0)
			return 0;
	}
	if (!(x = line_find(&side[s], handle)))
		return 0;
	return cap[s] < 0 || (long long)(x - side[s].v) < cap[s];
}

static int capacity_offer(struct walk *w, const struct touched *run, size_t len)
{
	const mutu_check_ctx *ctx = w->ctx;
	struct line merged, side[2];
	long long cap, side_cap[2] = { -1, -1 };
	int seen[2] = { 0, 0 }, err;
	unsigned touched = sides_of(run, len), from = 0, s;
	char offer_path[64], path[128], joined[MUTU_TIME_LEN + 1], detail[512];
	size_t r;

	memset(side, 0, sizeof(side));
	if (mutu_type_path(offer_path, &mutu_type_offer, run[0].offer) < 0) {
		mutu_error_clear();
		return 0;
	}
	/* a side's sign-ups can be pushed past the capacity only by what the
	 * other side did to the same event: its sign-ups, its capacity */
	for (s = 0; s < 2; s++)
		if ((touched & (1u << s)) && ((touched & (1u << !s)) ||
					      mutu_check_side_has(&ctx->sides[!s], offer_path)))
			from |= 1u << s;
	if (!from)
		return 0;
	if ((err = capacity_in(&cap, ctx, ctx->merged, run[0].offer)) < 0 || cap < 0)
		return err;
	if ((err = line_read(&merged, ctx, ctx->merged, run[0].offer, NULL)) < 0 ||
	    (unsigned long long)cap >= merged.n)
		goto out;
	/* those waiting now, in line, each once */
	for (r = (size_t)cap; r < merged.n && err == 0; r++) {
		const struct signup *x = &merged.v[r];
		const struct touched *e;
		unsigned added = 0;
		mutu_oid blob;
		int within = 0;

		snprintf(path, sizeof(path), "%s/%s/%s.yaml", mutu_type_attendee.dir, run[0].offer,
			 x->handle);
		if (!(e = run_find(run, len, path)) || !(added = added_by(&blob, ctx, e) & from))
			continue;
		for (s = 0; s < 2 && !within && err == 0; s++)
			if (added & (1u << s))
				within = within_on_side(side, side_cap, seen, ctx, &merged,
							run[0].offer, s, x->handle, &err);
		if (!within || err < 0)
			continue;
		mutu_clock_format(joined, x->joined);
		snprintf(detail, sizeof(detail),
			 "offer %s: capacity %lld; %s joined %s, now number %zu in line", run[0].offer,
			 cap, x->handle, joined, r - (size_t)cap + 1);
		err = report(w, e, detail, x->joined);
	}
out:
	line_free(&merged);
	line_free(&side[0]);
	line_free(&side[1]);
	return err;
}

static int event_capacity(const mutu_check_ctx *ctx, mutu_finding_fn found, void *payload)
{
	struct walk w = { ctx, &mutu_check_event_capacity, &mutu_type_attendee, found, payload, -1 };

	return walk_offers(&w, capacity_offer);
}

const mutu_check mutu_check_event_capacity = {
	"event-capacity",
	N_("This member joined the event on one copy, within its capacity there; with the sign-ups made on another copy it is full, and they now wait in line for a place."),
	event_capacity,
};
