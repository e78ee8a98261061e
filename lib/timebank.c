#include "timebank.h"

#include "actions.h"
#include "catalog.h"
#include "clock.h"
#include "id.h"
#include "records.h"
#include "error.h"
#include "i18n.h"
#include "member.h"
#include "types.h"
#include "utf8.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mutu_exchange_derive(const mutu_record *rec, mutu_value **out)
{
	const mutu_value *moves = mutu_map_get(rec, "movements"), *to, *min;
	mutu_value *map = mutu_value_map(), *flows = mutu_value_seq(), *hours = mutu_value_seq();
	char flow[64], h[32];
	size_t i;
	int err = 0;

	*out = NULL;
	if (!map || !flows || !hours) {
		mutu_value_free(map);
		mutu_value_free(flows);
		mutu_value_free(hours);
		return MUTU_ENOMEM;
	}
	for (i = 0; moves && moves->type == MUTU_SEQ && i < moves->u.seq.len && err == 0; i++) {
		const mutu_value *m = moves->u.seq.items[i];

		if (m->type != MUTU_MAP || !(to = mutu_map_get(m, "to")) || to->type != MUTU_STR ||
		    !(min = mutu_map_get(m, "minutes")) || min->type != MUTU_INT ||
		    strlen(to->u.str) > 32)
			continue;   /* fails its schema: the catalog says so */
		snprintf(flow, sizeof(flow), "%s:%lld", to->u.str, min->u.num);
		err = mutu_seq_push(flows, mutu_value_str(flow));
		mutu_hours_format(h, min->u.num > MUTU_MAX_MINUTES ? MUTU_MAX_MINUTES : (long)min->u.num);
		snprintf(flow, sizeof(flow), "%s %s", to->u.str, h);
		if (err == 0)
			err = mutu_seq_push(hours, mutu_value_str(flow));
	}
	if (err < 0) {
		mutu_value_free(flows);
		mutu_value_free(hours);
		mutu_value_free(map);
		return err;
	}
	/* mutu_map_set takes what it is given, failing or not */
	if ((err = mutu_map_set(map, "flows", flows)) < 0) {
		mutu_value_free(hours);
		mutu_value_free(map);
		return err;
	}
	if ((err = mutu_map_set(map, "hours", hours)) < 0) {
		mutu_value_free(map);
		return err;
	}
	*out = map;
	return 0;
}

int mutu_hours_parse(long *minutes, const char *text)
{
	long whole = 0, frac = 0, scale = 1;
	const char *p = text;
	int digits = 0;

	for (; *p >= '0' && *p <= '9' && digits < 7; p++, digits++)
		whole = whole * 10 + (*p - '0');
	/* a separator needs digits on both sides: "1." and ".5" are typos */
	if ((*p == '.' || *p == ',') && digits && p[1] >= '0' && p[1] <= '9')
		for (p++; *p >= '0' && *p <= '9' && scale < 1000000; p++) {
			frac = frac * 10 + (*p - '0');
			scale *= 10;
		}
	if (!digits || *p || scale == 10 * 1000000L)
		return mutu_error_set(MUTU_EDATA, _("hours must be a positive number, such as 2 or 1.5, not '%s'"),
				      mutu_utf8_clip(text, 40));
	if ((frac * 60) % scale)
		return mutu_error_set(MUTU_EDATA, _("--hours %s is not a whole number of minutes"),
				      mutu_utf8_clip(text, 40));
	*minutes = whole * 60 + frac * 60 / scale;
	if (*minutes <= 0)
		return mutu_error_set(MUTU_EDATA, _("hours must be a positive number, such as 2 or 1.5, not '%s'"),
				      mutu_utf8_clip(text, 40));
	if (*minutes > MUTU_MAX_MINUTES)
		return mutu_error_set(MUTU_EDATA, _("--hours %s: a movement holds at most %ld hours"),
				      mutu_utf8_clip(text, 40), MUTU_MAX_MINUTES / 60);
	return 0;
}

void mutu_hours_format(char out[32], long minutes)
{
	unsigned long m = minutes < 0 ? 0UL - (unsigned long)minutes : (unsigned long)minutes;
	unsigned long hundredths = (m * 100 + 30) / 60;

	snprintf(out, 32, "%s%lu", minutes < 0 && hundredths ? "-" : "", hundredths / 100);
	if (hundredths % 100) {
		size_t len = strlen(out);

		snprintf(out + len, 32 - len, ".%02lu", hundredths % 100);
		if (out[strlen(out) - 1] == '0')
			out[strlen(out) - 1] = '\0';
	}
}

/* --- exchanges --- */


int mutu_exchange_new(mutu_record **out, mutu_store *st, const mutu_exchange_request *req)
{
	mutu_record *rec = NULL;
	mutu_value *moves = NULL, *m;
	size_t i, j;
	int err;

	*out = NULL;
	if (req->n == 0)
		return mutu_error_set(MUTU_EDATA, _("an exchange pays someone: give --to HANDLE"));
	if (req->minutes < 0 || req->minutes > MUTU_MAX_MINUTES)
		return mutu_error_set(MUTU_EDATA, _("hours must be a positive number, such as 2 or 1.5"));
	for (i = 0; i < req->n; i++) {
		if ((err = mutu_handle_check(req->to[i])) < 0)
			return err;
		if (!strcmp(req->to[i], req->payer))
			return mutu_error_set(MUTU_EDATA, _("%s cannot pay themselves: hours come from someone else's help"),
					      req->payer);
		for (j = 0; j < i; j++)
			if (!strcmp(req->to[i], req->to[j]))
				return mutu_error_set(MUTU_EDATA, _("%s is paid twice in one exchange"),
						      req->to[i]);
		if ((err = mutu_member_check_active(st, req->to[i])) < 0)
			return err;
	}
	if ((err = mutu_action_new(&rec, &mutu_type_exchange, req->payer, NULL)) < 0)
		return err;
	if (!(moves = mutu_value_seq())) {
		err = MUTU_ENOMEM;
		goto fail;
	}
	for (i = 0; i < req->n; i++) {
		if (!(m = mutu_value_map()) || (err = mutu_seq_push(moves, m)) < 0) {
			err = MUTU_ENOMEM;
			goto fail;
		}
		if ((err = mutu_map_set_str(m, "to", req->to[i])) < 0 ||
		    (err = mutu_map_set(m, "minutes", mutu_value_int(req->minutes))) < 0)
			goto fail;
	}
	err = mutu_map_set(rec, "movements", moves);
	moves = NULL;
	if (err < 0 || (req->what && (err = mutu_map_set_str(rec, "for", req->what)) < 0) ||
	    (req->need && (err = mutu_map_set_str(rec, "need", req->need)) < 0) ||
	    (req->offer && (err = mutu_map_set_str(rec, "offer", req->offer)) < 0) ||
	    (err = mutu_records_check("exchange", rec, NULL)) < 0)
		goto fail;
	*out = rec;
	return 0;
fail:
	mutu_value_free(moves);
	mutu_value_free(rec);
	return err;
}

int mutu_exchange_add(const struct mutu_action_ctx *ctx, mutu_record *exchange)
{
	return mutu_action_add(ctx, &mutu_type_exchange, &exchange, 1);
}

int mutu_need_meet(mutu_record **exchange, const struct mutu_action_ctx *ctx, mutu_record *need,
		   const mutu_oid *need_blob, const mutu_record *offer, long minutes)
{
	const char *to = mutu_map_str(offer, "author"), *id = mutu_map_str(need, "id");
	const char *offer_id = mutu_map_str(offer, "id");
	mutu_exchange_request req = { ctx->who->handle, &to, 1, minutes,
				      mutu_map_str(need, "title"), id, offer_id };
	mutu_buf words = MUTU_BUF_INIT, summary = MUTU_BUF_INIT;
	char need_path[64], ex_path[64], reason[128];
	mutu_write w[2];
	mutu_record *rec = NULL;
	time_t now;
	int err;

	*exchange = NULL;
	if (!to || !id || !offer_id)
		return mutu_error_set(MUTU_EDATA, _("the need or the offer has no author or id"));
	if ((err = mutu_action_check_owner(&mutu_type_need, need, ctx->who, "meet")) < 0)
		return err;
	if (strcmp(mutu_map_str(need, "status") ? mutu_map_str(need, "status") : "", "open") != 0)
		return mutu_error_set(MUTU_EDATA, _("need %.8s is not open"), id);
	if (!strcmp(to, ctx->who->handle))
		return mutu_error_set(MUTU_EDATA, _("offer %.8s is yours: %s cannot pay themselves"),
				      offer_id, to);
	if ((err = mutu_exchange_new(&rec, ctx->st, &req)) < 0)
		return err;
	snprintf(reason, sizeof(reason), "met by offer %.8s of %s", offer_id, to);
	if ((err = mutu_clock_now(&now)) < 0 || (err = mutu_map_set_str(need, "status", "closed")) < 0 ||
	    (err = mutu_map_set_str(need, "closed_reason", reason)) < 0 ||
	    (err = mutu_action_stamp(need, "updated", now)) < 0 ||
	    (err = mutu_type_path(need_path, &mutu_type_need, id)) < 0 ||
	    (err = mutu_type_path(ex_path, &mutu_type_exchange, mutu_map_str(rec, "id"))) < 0)
		goto out;
	/* one commit: the help recorded and the need closed, or neither */
	w[0] = (mutu_write){ "exchange", ex_path, rec, NULL };
	w[1] = (mutu_write){ "need", need_path, need, need_blob };
	mutu_buf_printf(&words, "need meet %.8s by offer %.8s", id, offer_id);
	mutu_records_subject(&summary, mutu_buf_cstr(&words), mutu_map_str(need, "title"));
	err = mutu_records_write(ctx->st, ctx->who, "need.meet", mutu_buf_cstr(&summary), w, 2);
out:
	mutu_buf_free(&words);
	mutu_buf_free(&summary);
	if (err < 0) {
		mutu_value_free(rec);
		return err;
	}
	*exchange = rec;
	return 0;
}

/* --- balances --- */

/* One side of one movement: the scan appends them all, then sorts them by
 * handle and adds each member's up, so a commons of many members costs
 * n log n, never members × movements. */
struct entry {
	char handle[33];
	long minutes;      /* + received, - paid */
	int payer;         /* 1: the payer, 2: the payer again (a second movement) */
};

struct ledger {
	struct entry *e;
	size_t n, cap;
	int payer_at, flows_at;
};

static int push(struct ledger *l, const char *handle, size_t len, long minutes, int payer)
{
	if (len == 0 || len > 32)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct entry *grown = realloc(l->e, cap * sizeof(*grown));

		if (!grown)
			return mutu_error_nomem();
		l->e = grown;
		l->cap = cap;
	}
	memcpy(l->e[l->n].handle, handle, len);
	l->e[l->n].handle[len] = '\0';
	l->e[l->n].minutes = minutes;
	l->e[l->n++].payer = payer;
	return 0;
}

static int add_row(const mutu_catalog_row *row, void *payload)
{
	struct ledger *l = payload;
	const mutu_summary_field *payer = &row->fields[l->payer_at];
	const mutu_summary_field *flows = &row->fields[l->flows_at];
	size_t i;
	int err = 0;

	/* an exchange that fails its schema still moved what it says (the
	 * audit names it); one that cannot be read moved nothing */
	if ((row->problem != MUTU_ROW_OK && row->problem != MUTU_ROW_INVALID) || payer->kind != 1 ||
	    flows->kind != 2)
		return 0;
	for (i = 0; i < flows->nitems && err == 0; i++) {
		const char *flow = flows->items[i], *colon = strrchr(flow, ':');
		char *end;
		long m;

		if (!colon)
			continue;
		m = strtol(colon + 1, &end, 10);
		if (*end || m < 0 || m > MUTU_MAX_MINUTES)
			continue;
		if ((err = push(l, payer->str, payer->len, -m, i == 0 ? 1 : 2)) == 0)
			err = push(l, flow, (size_t)(colon - flow), m, 0);
	}
	return err;
}

static void restart(void *payload)
{
	((struct ledger *)payload)->n = 0;
}

static int by_handle(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->handle, ((const struct entry *)b)->handle);
}

int mutu_balances(mutu_balance **out, size_t *n, mutu_store *st)
{
	const mutu_record_type *t = &mutu_type_exchange;
	struct ledger l = { NULL, 0, 0, mutu_type_summary_index(t, "payer"),
			    mutu_type_summary_index(t, "flows") };
	mutu_catalog_visitor v = { add_row, restart, &l };
	mutu_balance *b = NULL;
	size_t i, k = 0;
	int err;

	*out = NULL;
	*n = 0;
	if ((err = mutu_catalog_scan(st, t, &v, NULL)) < 0)
		goto out;
	if (l.n)
		qsort(l.e, l.n, sizeof(*l.e), by_handle);
	if (!(b = calloc(l.n ? l.n : 1, sizeof(*b)))) {
		err = mutu_error_nomem();
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		const struct entry *e = &l.e[i];

		if (!k || strcmp(b[k - 1].handle, e->handle) != 0)
			memcpy(b[k++].handle, e->handle, sizeof(e->handle));
		b[k - 1].minutes += e->minutes;
		if (e->payer)
			b[k - 1].paid -= e->minutes;
		else
			b[k - 1].received += e->minutes;
		if (e->payer != 2)
			b[k - 1].exchanges++;
	}
	*out = b;
	*n = k;
	b = NULL;
out:
	free(b);
	free(l.e);
	return err;
}

int mutu_balance_of(mutu_balance *out, mutu_store *st, const char *handle)
{
	mutu_balance *all;
	size_t n, i;
	int err;

	memset(out, 0, sizeof(*out));
	snprintf(out->handle, sizeof(out->handle), "%s", handle);
	if ((err = mutu_balances(&all, &n, st)) < 0)
		return err;
	for (i = 0; i < n; i++)
		if (!strcmp(all[i].handle, handle))
			*out = all[i];
	free(all);
	return 0;
}
