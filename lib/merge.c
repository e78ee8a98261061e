#include "merge.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>

static int same(const mutu_value *a, const mutu_value *b)
{
	if (!a || !b)
		return a == b;
	return mutu_value_equal(a, b);
}

static mutu_value *dup_or_null(const mutu_value *v)
{
	return v ? mutu_value_dup(v) : NULL;
}

static int add_conflict(mutu_merge_result *r, const char *field, const mutu_value *kept,
			const mutu_value *lost, mutu_side lost_side)
{
	mutu_merge_conflict *grown, *c;

	grown = reallocarray(r->conflicts, r->nconflicts + 1, sizeof(*grown));
	if (!grown)
		return mutu_error_nomem();
	r->conflicts = grown;
	c = &r->conflicts[r->nconflicts];
	memset(c, 0, sizeof(*c));
	c->lost_side = lost_side;
	if ((field && !(c->field = strdup(field))) || (kept && !(c->kept = mutu_value_dup(kept))) ||
	    (lost && !(c->lost = mutu_value_dup(lost)))) {
		free(c->field);
		mutu_value_free(c->kept);
		mutu_value_free(c->lost);
		return mutu_error_nomem();
	}
	r->nconflicts++;
	return 0;
}

static int in_seq(const mutu_value *seq, const mutu_value *item)
{
	size_t i;

	for (i = 0; seq && seq->type == MUTU_SEQ && i < seq->u.seq.len; i++)
		if (mutu_value_equal(seq->u.seq.items[i], item))
			return 1;
	return 0;
}

/* A set merged: what the first side has that the second did not remove,
 * then what the second added that the first did not remove. The caller
 * puts the winner first, so that both clones list the items in one order.
 * Lists are short (tags): a scan per item is cheaper than sorting them. */
static int merge_set(mutu_value **out, const mutu_value *b, const mutu_value *o, const mutu_value *t)
{
	mutu_value *set = mutu_value_seq();
	size_t i;

	*out = NULL;
	if (!set)
		return MUTU_ENOMEM;
	for (i = 0; o && i < o->u.seq.len; i++) {
		const mutu_value *x = o->u.seq.items[i];

		if ((in_seq(t, x) || !in_seq(b, x)) && mutu_seq_push(set, mutu_value_dup(x)) < 0)
			goto fail;
	}
	for (i = 0; t && i < t->u.seq.len; i++) {
		const mutu_value *x = t->u.seq.items[i];

		if (!in_seq(o, x) && !in_seq(b, x) && mutu_seq_push(set, mutu_value_dup(x)) < 0)
			goto fail;
	}
	if (set->u.seq.len)
		*out = set;
	else
		mutu_value_free(set);
	return 0;
fail:
	mutu_value_free(set);
	return mutu_error_nomem();
}

static int is_list_or_absent(const mutu_value *v)
{
	return !v || v->type == MUTU_SEQ;
}

/* One field: the value it takes (NULL: absent), owned by *out. */
static int merge_field(mutu_value **out, mutu_merge_result *r, const mutu_record_type *t,
		       const char *field, const mutu_value *b, const mutu_value *o,
		       const mutu_value *th, mutu_side winner)
{
	const mutu_value *kept, *lost;

	*out = NULL;
	if (same(o, th) || same(th, b)) {
		*out = dup_or_null(o);
		return o && !*out ? MUTU_ENOMEM : 0;
	}
	if (same(o, b)) {
		*out = dup_or_null(th);
		return th && !*out ? MUTU_ENOMEM : 0;
	}
	/* both sides changed it, differently */
	if (mutu_type_list_field(t, field) && is_list_or_absent(b) && is_list_or_absent(o) &&
	    is_list_or_absent(th))
		return winner == MUTU_SIDE_OURS ? merge_set(out, b, o, th) : merge_set(out, b, th, o);
	if (o && th && o->type == MUTU_STR && th->type == MUTU_STR &&
	    ((t->updated_field && !strcmp(field, t->updated_field)) ||
	     (t->created_field && !strcmp(field, t->created_field)))) {
		/* mutu's own stamps, no member's choice: the later update, the
		 * earlier creation (RFC 3339 UTC stamps sort as text) */
		int later = strcmp(o->u.str, th->u.str) >= 0;

		if (t->created_field && !strcmp(field, t->created_field))
			later = !later;
		*out = mutu_value_dup(later ? o : th);
		return *out ? 0 : MUTU_ENOMEM;
	}
	kept = winner == MUTU_SIDE_OURS ? o : th;
	lost = winner == MUTU_SIDE_OURS ? th : o;
	if (kept && !(*out = mutu_value_dup(kept)))
		return MUTU_ENOMEM;
	return add_conflict(r, field, kept, lost,
			    winner == MUTU_SIDE_OURS ? MUTU_SIDE_THEIRS : MUTU_SIDE_OURS);
}

/* Every field of the three, in the winner's order, then the other
 * side's, then base's: the same order whichever clone merges. */
static int merge_fields(mutu_merge_result *r, const mutu_record_type *t, const mutu_record *base,
			const mutu_record *ours, const mutu_record *theirs, mutu_side winner)
{
	const mutu_record *all[3] = { winner == MUTU_SIDE_OURS ? ours : theirs,
				      winner == MUTU_SIDE_OURS ? theirs : ours, base };
	mutu_value *v;
	size_t s, i, j;
	int err, seen;

	if (!(r->merged = mutu_value_map()))
		return MUTU_ENOMEM;
	for (s = 0; s < 3; s++) {
		for (i = 0; all[s] && i < all[s]->u.map.len; i++) {
			const char *field = all[s]->u.map.fields[i].key;

			/* done already when an earlier side has it */
			for (j = 0, seen = 0; j < s && !seen; j++)
				seen = all[j] && mutu_map_get(all[j], field) != NULL;
			if (seen)
				continue;
			if ((err = merge_field(&v, r, t, field, base ? mutu_map_get(base, field) : NULL,
					       mutu_map_get(ours, field), mutu_map_get(theirs, field),
					       winner)) < 0)
				return err;
			if (v && (err = mutu_map_append(r->merged, field, v)) < 0)
				return err;
		}
	}
	return 0;
}

int mutu_merge_record(mutu_merge_result *out, const mutu_record_type *t, const mutu_record *base,
		      const mutu_record *ours, const mutu_record *theirs, mutu_side winner)
{
	static const mutu_value empty = { .type = MUTU_MAP };
	const mutu_record *kept;
	int err = 0;

	memset(out, 0, sizeof(*out));
	if ((base && base->type != MUTU_MAP) || (ours && ours->type != MUTU_MAP) ||
	    (theirs && theirs->type != MUTU_MAP))
		return mutu_error_set(MUTU_EDATA, "%s", "a record to merge is not a mapping");
	if (!ours && !theirs)
		return 0;
	if (!base && (!ours || !theirs || same(ours, theirs))) {
		/* new on one side, or the same on both */
		out->merged = mutu_value_dup(ours ? ours : theirs);
		return out->merged ? 0 : MUTU_ENOMEM;
	}
	if (!base && t->key == MUTU_KEY_ID) {
		/* two records born apart under one id: both must live; the
		 * winner keeps the id */
		out->collision = 1;
		out->merged = mutu_value_dup(winner == MUTU_SIDE_OURS ? ours : theirs);
		return out->merged ? 0 : MUTU_ENOMEM;
	}
	if (base && (!ours || !theirs)) {
		kept = ours ? ours : theirs;
		if (same(kept, base))
			return 0;  /* removed on one side, untouched on the other */
		/* an edit wins over a removal, and the removal is said */
		if (!(out->merged = mutu_value_dup(kept)))
			return MUTU_ENOMEM;
		return add_conflict(out, NULL, kept, NULL, ours ? MUTU_SIDE_THEIRS : MUTU_SIDE_OURS);
	}
	err = merge_fields(out, t, base ? base : &empty, ours, theirs, winner);
	if (err < 0)
		mutu_merge_result_free(out);
	return err;
}

void mutu_merge_result_free(mutu_merge_result *r)
{
	size_t i;

	mutu_value_free(r->merged);
	for (i = 0; i < r->nconflicts; i++) {
		free(r->conflicts[i].field);
		mutu_value_free(r->conflicts[i].kept);
		mutu_value_free(r->conflicts[i].lost);
	}
	free(r->conflicts);
	memset(r, 0, sizeof(*r));
}
