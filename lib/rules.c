#include "rules.h"

#include "error.h"
#include "i18n.h"
#include "records.h"
#include "clock.h"
#include "utf8.h"

#include <string.h>

static const mutu_rules defaults = {
	.membership = MUTU_MEMBERSHIP_OPEN,
	.require_signatures = 0,
	.method = MUTU_METHOD_YES_NO,
	.methods = (1u << MUTU_METHOD_COUNT) - 1,
	.quorum = 50,
	.threshold = 50,
	.discussion = 7 * 86400L,
	.vote = 7 * 86400L,
	.early_close = 0,
	.max_items = 3,
	.loan_days = 14,
	.renewals = 2,
	.min_balance = -10,
	.buffer_minutes = 0,
	.allow_past = 0,
};

static int set_all(mutu_record *map, const char *const *keys, const long *values)
{
	int err = 0;

	for (; *keys && err == 0; keys++, values++)
		err = mutu_map_set(map, *keys, mutu_value_int(*values));
	return err;
}

int mutu_rules_default_record(mutu_record **out)
{
	static const char *const lending_keys[] = { "max_items", "loan_days", "renewals",
						    "min_balance", NULL };
	const long lending_values[] = { defaults.max_items, defaults.loan_days, defaults.renewals,
					defaults.min_balance };
	static const char *const booking_keys[] = { "buffer_minutes", NULL };
	const long booking_values[] = { defaults.buffer_minutes };
	mutu_record *r = mutu_value_map(), *v = mutu_value_map(), *l = mutu_value_map(),
		    *b = mutu_value_map(), *methods = mutu_value_seq();
	int err = MUTU_ENOMEM, m;

	*out = NULL;
	if (!r || !v || !l || !b || !methods)
		goto fail;
	for (m = 0; m < MUTU_METHOD_COUNT; m++)
		if ((err = mutu_seq_push(methods, mutu_value_str(mutu_method_name(m)))) < 0)
			goto fail;
	if ((err = mutu_map_set_str(v, "method", mutu_method_name(defaults.method))) < 0 ||
	    (err = mutu_map_set(v, "methods", methods)) < 0)
		goto fail;
	methods = NULL;
	if ((err = mutu_map_set(v, "quorum", mutu_value_int(defaults.quorum))) < 0 ||
	    (err = mutu_map_set(v, "threshold", mutu_value_int(defaults.threshold))) < 0 ||
	    (err = mutu_map_set_str(v, "discussion", "7d")) < 0 ||
	    (err = mutu_map_set_str(v, "vote", "7d")) < 0 ||
	    (err = mutu_map_set(v, "early_close", mutu_value_bool(defaults.early_close))) < 0 ||
	    (err = set_all(l, lending_keys, lending_values)) < 0 ||
	    (err = set_all(b, booking_keys, booking_values)) < 0 ||
	    (err = mutu_map_set(b, "allow_past", mutu_value_bool(defaults.allow_past))) < 0)
		goto fail;
	if ((err = mutu_map_set(r, "format", mutu_value_int(1))) < 0 ||
	    (err = mutu_map_set_str(r, "membership", "open")) < 0 ||
	    (err = mutu_map_set(r, "require_signatures", mutu_value_bool(0))) < 0)
		goto fail;
	err = mutu_map_set(r, "voting", v);
	v = NULL;
	if (err == 0) {
		err = mutu_map_set(r, "lending", l);
		l = NULL;
	}
	if (err == 0) {
		err = mutu_map_set(r, "booking", b);
		b = NULL;
	}
	if (err < 0)
		goto fail;
	*out = r;
	return 0;
fail:
	mutu_value_free(r);
	mutu_value_free(v);
	mutu_value_free(l);
	mutu_value_free(b);
	mutu_value_free(methods);
	return err;
}

/* An integer of map under key into *out, when there is one. */
static void take_int(long *out, const mutu_value *map, const char *key)
{
	const mutu_value *v = map ? mutu_map_get(map, key) : NULL;

	if (v && v->type == MUTU_INT)
		*out = (long)v->u.num;
}

static int take_duration(long *out, const mutu_value *map, const char *key, const char *name)
{
	const char *text = map ? mutu_map_str(map, key) : NULL;

	if (text && mutu_clock_duration(out, text) < 0)
		return mutu_error_set(MUTU_EDATA, _("%s: voting.%s: malformed duration '%s'"), name,
				      key, mutu_utf8_clip(text, 40));
	return 0;
}

int mutu_rules_from_record(mutu_rules *out, const mutu_record *rec, const char *name)
{
	const mutu_value *voting = mutu_map_get(rec, "voting"), *v;
	const char *s;
	mutu_method m;
	size_t i;
	int err;

	*out = defaults;
	if ((s = mutu_map_str(rec, "membership"))) {
		if (!strcmp(s, "sponsored"))
			out->membership = MUTU_MEMBERSHIP_SPONSORED;
		else if (!strcmp(s, "by-proposal"))
			out->membership = MUTU_MEMBERSHIP_BY_PROPOSAL;
	}
	if ((v = mutu_map_get(rec, "require_signatures")) && v->type == MUTU_BOOL)
		out->require_signatures = v->u.truth;
	if (voting && (s = mutu_map_str(voting, "method")) && mutu_method_parse(&m, s) == 0)
		out->method = m;
	if (voting && (v = mutu_map_get(voting, "methods")) && v->type == MUTU_SEQ) {
		out->methods = 0;
		for (i = 0; i < v->u.seq.len; i++)
			if (v->u.seq.items[i]->type == MUTU_STR &&
			    mutu_method_parse(&m, v->u.seq.items[i]->u.str) == 0)
				out->methods |= 1u << m;
	}
	mutu_error_clear();
	/* the default method is always one a proposal may pick */
	out->methods |= 1u << out->method;
	if (voting) {
		long q = out->quorum, t = out->threshold;

		take_int(&q, voting, "quorum");
		take_int(&t, voting, "threshold");
		out->quorum = (unsigned)q;
		out->threshold = (unsigned)t;
		if ((v = mutu_map_get(voting, "early_close")) && v->type == MUTU_BOOL)
			out->early_close = v->u.truth;
	}
	if ((err = take_duration(&out->discussion, voting, "discussion", name)) < 0 ||
	    (err = take_duration(&out->vote, voting, "vote", name)) < 0)
		return err;
	v = mutu_map_get(rec, "lending");
	take_int(&out->max_items, v, "max_items");
	take_int(&out->loan_days, v, "loan_days");
	take_int(&out->renewals, v, "renewals");
	take_int(&out->min_balance, v, "min_balance");
	v = mutu_map_get(rec, "booking");
	take_int(&out->buffer_minutes, v, "buffer_minutes");
	if (v && (v = mutu_map_get(v, "allow_past")) && v->type == MUTU_BOOL)
		out->allow_past = v->u.truth;
	return 0;
}

int mutu_rules_load(mutu_rules *out, mutu_store *st)
{
	mutu_record *rec;
	int err;

	err = mutu_records_read(&rec, NULL, st, "rules", "rules.yaml", 1);
	if (err == MUTU_ENOTFOUND) {
		mutu_error_clear();
		*out = defaults;
		return 0;
	}
	if (err < 0)
		return err;
	err = mutu_rules_from_record(out, rec, "rules.yaml");
	mutu_value_free(rec);
	return err;
}
