#include "ballot.h"

#include "buf.h"
#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "id.h"
#include "member.h"
#include "records.h"
#include "schema.h"
#include "types.h"
#include "utf8.h"
#include "yaml.h"

#include <stdlib.h>
#include <string.h>

/* --- from what a member typed --- */

/* Option texts of s, for a message: "A, B, C". */
static void option_list(mutu_buf *b, const char *const *texts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			mutu_buf_puts(b, ", ");
		mutu_buf_puts(b, mutu_utf8_clip(texts[i], 60));
	}
}

/*
 * The index of what a member typed among texts: its exact text first,
 * else its number (1 the first). what says "option" or "grade" in the
 * refusal, which lists them all.
 */
static int resolve(size_t *out, const char *typed, size_t len, const char *const *texts,
		   size_t n, const char *proposal, int grades)
{
	mutu_buf names = MUTU_BUF_INIT;
	char shown[256];
	size_t i, num = 0;
	int err;

	for (i = 0; i < n; i++)
		if (strlen(texts[i]) == len && !memcmp(texts[i], typed, len)) {
			*out = i;
			return 0;
		}
	for (i = 0; i < len && i < 4 && typed[i] >= '0' && typed[i] <= '9'; i++)
		num = num * 10 + (size_t)(typed[i] - '0');
	if (len && i == len && num >= 1 && num <= n) {
		*out = num - 1;
		return 0;
	}
	snprintf(shown, sizeof(shown), "%.*s", (int)(len < 200 ? len : 200), typed);
	option_list(&names, texts, n);
	err = grades ? mutu_error_set(MUTU_EDATA, _("no grade '%s' in the scale of proposal %.8s: %s"),
				      mutu_utf8_clip(shown, 60), proposal, mutu_buf_cstr(&names))
		     : mutu_error_set(MUTU_EDATA, _("no option '%s' in proposal %.8s: the options are %s"),
				      mutu_utf8_clip(shown, 60), proposal, mutu_buf_cstr(&names));
	mutu_buf_free(&names);
	return err;
}

/* The next item of a comma-separated list: [*p, end). */
static int next_item(const char **p, const char **start, size_t *len)
{
	const char *end;

	if (!**p)
		return 0;
	end = *p + strcspn(*p, ",");
	*start = *p;
	*len = (size_t)(end - *p);
	*p = *end ? end + 1 : end;
	return 1;
}

static mutu_value *pair(const char *k1, const char *v1, const char *k2, mutu_value *v2)
{
	mutu_value *m = mutu_value_map();

	if (!m || mutu_map_set_str(m, k1, v1) < 0 || mutu_map_set(m, k2, v2) < 0) {
		mutu_value_free(m);
		return NULL;
	}
	return m;
}

static int refuse_twice(const char *text, const char *verb_sentence)
{
	return mutu_error_set(MUTU_EDATA, verb_sentence, mutu_utf8_clip(text, 60));
}

/* The list made for field goes into rec, unless making it failed. */
static int done(mutu_record *rec, const char *field, mutu_value *list, int err)
{
	if (err < 0) {
		mutu_value_free(list);
		return err;
	}
	return mutu_map_set(rec, field, list);
}

static int make_marks(mutu_record *rec, const mutu_vote_setup *s, const char *proposal,
		      const mutu_ballot_input *in, unsigned char *seen)
{
	const mutu_tally_params *p = &s->params;
	const char *q, *item, *eq;
	mutu_value *list = mutu_value_seq();
	size_t len, opt, grade;
	long rank = 0;
	int err = 0;

	if (!list)
		return MUTU_ENOMEM;
	if (in->approve) {
		for (q = in->approve; err == 0 && next_item(&q, &item, &len);) {
			if ((err = resolve(&opt, item, len, s->options, p->noptions, proposal, 0)) < 0)
				break;
			if (seen[opt]++)
				err = refuse_twice(s->options[opt], _("option '%s' is approved twice"));
			else
				err = mutu_seq_push(list, mutu_value_str(s->options[opt]));
		}
		return done(rec, "approve", list, err);
	}
	if (in->rank) {
		for (q = in->rank; err == 0 && next_item(&q, &item, &len);) {
			const char *end = item + len;

			rank++;
			/* A=B: one rank for every option of the group */
			while (err == 0 && item < end) {
				eq = memchr(item, '=', (size_t)(end - item));
				if (!eq)
					eq = end;
				if ((err = resolve(&opt, item, (size_t)(eq - item), s->options,
						   p->noptions, proposal, 0)) < 0)
					break;
				if (seen[opt]++)
					err = refuse_twice(s->options[opt], _("option '%s' is ranked twice"));
				else
					err = mutu_seq_push(list, pair("option", s->options[opt], "rank",
								       mutu_value_int(rank)));
				item = eq < end ? eq + 1 : end;
			}
		}
		return done(rec, "ranks", list, err);
	}
	for (q = in->grade; err == 0 && next_item(&q, &item, &len);) {
		if (!(eq = memchr(item, '=', len))) {
			char shown[256];

			snprintf(shown, sizeof(shown), "%.*s", (int)(len < 200 ? len : 200), item);
			err = mutu_error_set(MUTU_EDATA, _("--grade takes OPTION=GRADE, not '%s'"),
					     mutu_utf8_clip(shown, 60));
			break;
		}
		if ((err = resolve(&opt, item, (size_t)(eq - item), s->options, p->noptions,
				   proposal, 0)) < 0 ||
		    (err = resolve(&grade, eq + 1, len - (size_t)(eq + 1 - item), s->scale,
				   p->nscale, proposal, 1)) < 0)
			break;
		if (seen[opt]++)
			err = refuse_twice(s->options[opt], _("option '%s' is graded twice"));
		else
			err = mutu_seq_push(list, pair("option", s->options[opt], "grade",
						       mutu_value_str(s->scale[grade])));
	}
	return done(rec, "grades", list, err);
}

int mutu_ballot_make(mutu_record **out, const mutu_vote_setup *s, const char *proposal,
		     const char *voter, const mutu_ballot_input *in)
{
	const mutu_tally_params *p = &s->params;
	unsigned char seen[MUTU_MAX_OPTIONS + 1] = { 0 };
	int marks[MUTU_MAX_OPTIONS + 1];
	int given = !!in->choice + !!in->approve + !!in->rank + !!in->grade;
	const char *want;
	mutu_ballot b;
	mutu_record *rec;
	int err, c;

	*out = NULL;
	switch (p->method) {
	case MUTU_METHOD_YES_NO:
		want = in->choice ? NULL : _("a yes-no vote takes yes, no or abstain");
		break;
	case MUTU_METHOD_CONSENT:
		want = in->choice ? NULL : _("a consent round takes yes, no, abstain or block");
		break;
	case MUTU_METHOD_APPROVAL:
		want = in->approve ? NULL : _("an approval vote takes --approve OPTION[,OPTION...]");
		break;
	case MUTU_METHOD_MAJORITY_JUDGMENT:
		want = in->grade ? NULL : _("a majority judgment takes --grade OPTION=GRADE[,...]");
		break;
	default:
		want = in->rank ? NULL : _("a ranked vote takes --rank OPTION[,OPTION...], best first");
		break;
	}
	if (want || given != 1)
		return mutu_error_set(MUTU_EUSAGE, "%s", want ? want : _("give one ballot"));
	if (!(rec = mutu_value_map()))
		return MUTU_ENOMEM;
	if ((err = mutu_map_set_str(rec, "proposal", proposal)) < 0 ||
	    (err = mutu_map_set_str(rec, "voter", voter)) < 0)
		goto fail;
	if (in->choice) {
		if ((c = mutu_choice_parse(in->choice)) < 0) {
			err = mutu_error_set(MUTU_EDATA, _("'%s' is no ballot: yes, no, abstain or block"),
					     mutu_utf8_clip(in->choice, 40));
			goto fail;
		}
		err = mutu_map_set_str(rec, "choice", in->choice);
	} else {
		err = make_marks(rec, s, proposal, in, seen);
	}
	if (err < 0 || (err = mutu_ballot_decode(&b, marks, rec, s)) < 0)
		goto fail;
	*out = rec;
	return 0;
fail:
	mutu_value_free(rec);
	return err;
}

/* --- what a ballot record says --- */

static long option_index(const mutu_vote_setup *s, const char *text)
{
	size_t i;

	for (i = 0; text && i < s->params.noptions; i++)
		if (!strcmp(s->options[i], text))
			return (long)i;
	return -1;
}

static long grade_index(const mutu_vote_setup *s, const char *text)
{
	size_t i;

	for (i = 0; text && i < s->params.nscale; i++)
		if (!strcmp(s->scale[i], text))
			return (long)i;
	return -1;
}

/* The option a pair names, or the refusal. */
static int pair_option(long *out, const mutu_value *item, const mutu_vote_setup *s)
{
	const char *text = item->type == MUTU_MAP ? mutu_map_str(item, "option") : NULL;

	if ((*out = option_index(s, text)) < 0)
		return mutu_error_set(MUTU_EDATA, _("no option '%s' in its proposal"),
				      mutu_utf8_clip(text ? text : "?", 60));
	return 0;
}

int mutu_ballot_decode(mutu_ballot *out, int *marks, const mutu_record *rec,
		       const mutu_vote_setup *s)
{
	const mutu_tally_params *p = &s->params;
	const mutu_value *list;
	const char *choice = mutu_map_str(rec, "choice");
	size_t i, n = p->noptions;
	long at, g;
	int c, err;

	memset(out, 0, sizeof(*out));
	if (!mutu_method_has_options(p->method)) {
		if (!choice || (c = mutu_choice_parse(choice)) < 0)
			return mutu_error_set(MUTU_EDATA, "%s", _("a yes-no or consent ballot holds a choice"));
		out->choice = (mutu_choice)c;
		return mutu_tally_check(p, out);
	}
	if (choice)
		return mutu_error_set(MUTU_EDATA, "%s", _("a choice is no ballot for a vote between options"));
	for (i = 0; i < n; i++)
		marks[i] = p->method == MUTU_METHOD_MAJORITY_JUDGMENT ? -1 : 0;
	out->marks = marks;
	switch (p->method) {
	case MUTU_METHOD_APPROVAL:
		if (!(list = mutu_map_get(rec, "approve")) || list->type != MUTU_SEQ)
			return mutu_error_set(MUTU_EDATA, "%s", _("an approval ballot holds approve"));
		for (i = 0; i < list->u.seq.len; i++) {
			const mutu_value *v = list->u.seq.items[i];

			if ((at = option_index(s, v->type == MUTU_STR ? v->u.str : NULL)) < 0)
				return mutu_error_set(MUTU_EDATA, _("no option '%s' in its proposal"),
						      mutu_utf8_clip(v->type == MUTU_STR ? v->u.str : "?", 60));
			if (marks[at])
				return mutu_error_set(MUTU_EDATA, _("option '%s' is approved twice"),
						      mutu_utf8_clip(s->options[at], 60));
			marks[at] = 1;
		}
		break;
	case MUTU_METHOD_MAJORITY_JUDGMENT:
		if (!(list = mutu_map_get(rec, "grades")) || list->type != MUTU_SEQ)
			return mutu_error_set(MUTU_EDATA, "%s", _("a majority judgment ballot holds grades"));
		for (i = 0; i < list->u.seq.len; i++) {
			const mutu_value *v = list->u.seq.items[i];

			if ((err = pair_option(&at, v, s)) < 0)
				return err;
			if ((g = grade_index(s, mutu_map_str(v, "grade"))) < 0)
				return mutu_error_set(MUTU_EDATA, _("grade '%s' is not in the scale"),
						      mutu_utf8_clip(mutu_map_str(v, "grade") ?
								     mutu_map_str(v, "grade") : "?", 60));
			if (marks[at] >= 0)
				return mutu_error_set(MUTU_EDATA, _("option '%s' is graded twice"),
						      mutu_utf8_clip(s->options[at], 60));
			marks[at] = (int)g;
		}
		break;
	default:
		if (!(list = mutu_map_get(rec, "ranks")) || list->type != MUTU_SEQ)
			return mutu_error_set(MUTU_EDATA, "%s", _("a ranked ballot holds ranks"));
		for (i = 0; i < list->u.seq.len; i++) {
			const mutu_value *v = list->u.seq.items[i], *r;

			if ((err = pair_option(&at, v, s)) < 0)
				return err;
			r = mutu_map_get(v, "rank");
			if (!r || r->type != MUTU_INT || r->u.num < 1 || r->u.num > (long long)n)
				return mutu_error_set(MUTU_EDATA, _("option '%s' has no rank between 1 and %zu"),
						      mutu_utf8_clip(s->options[at], 60), n);
			if (marks[at])
				return mutu_error_set(MUTU_EDATA, _("option '%s' is ranked twice"),
						      mutu_utf8_clip(s->options[at], 60));
			marks[at] = (int)r->u.num;
		}
		break;
	}
	return mutu_tally_check(p, out);
}

/* --- casting --- */

int mutu_ballot_cast(const mutu_action_ctx *ctx, const mutu_record *proposal,
		     const mutu_ballot_input *in, int *changed)
{
	const char *pid = mutu_map_str(proposal, "id");
	char path[64], when[MUTU_TIME_LEN + 1], summary[128], action[64];
	mutu_record *rec = NULL, *old = NULL;
	mutu_vote_setup setup;
	mutu_rules rules;
	mutu_oid base;
	mutu_write w;
	time_t now;
	int err, had;

	*changed = 0;
	if (!pid)
		return mutu_error_set(MUTU_EDATA, "%s", _("the proposal has no id"));
	if ((err = mutu_type_child_path(path, &mutu_type_ballot, pid, ctx->who->handle)) < 0)
		return err;
	if ((err = mutu_clock_now(&now)) < 0 || (err = mutu_proposal_vote_open(proposal, now)) < 0 ||
	    (err = mutu_rules_load(&rules, ctx->st)) < 0 ||
	    (err = mutu_proposal_setup(&setup, proposal, &rules)) < 0)
		return err;
	err = mutu_store_lookup(&base, ctx->st, path);
	if (err < 0 && err != MUTU_ENOTFOUND)
		return err;
	had = err == 0;
	mutu_error_clear();
	mutu_clock_format(when, now);
	if (!in) {
		if (!had)
			return mutu_error_set(MUTU_ENOMATCH, _("you have no ballot on proposal %.8s"), pid);
		w = (mutu_write){ "ballot", path, NULL, &base };
		snprintf(summary, sizeof(summary), "vote retract %.8s", pid);
		mutu_type_action(action, &mutu_type_ballot, "retract");
		*changed = 1;
		return mutu_records_write(ctx->st, ctx->who, action, summary, &w, 1);
	}
	if ((err = mutu_ballot_make(&rec, &setup, pid, ctx->who->handle, in)) < 0)
		return err;
	/* a changed ballot keeps when it was first cast; a file someone
	 * broke by hand is replaced whole */
	if (had && mutu_records_read(&old, NULL, ctx->st, "ballot", path, 0) == 0 &&
	    mutu_map_str(old, "cast"))
		err = mutu_map_set_str(rec, "cast", mutu_map_str(old, "cast"));
	else
		err = mutu_map_set_str(rec, "cast", when);
	mutu_error_clear();
	mutu_value_free(old);
	if (err == 0)
		err = mutu_map_set_str(rec, "updated", when);
	if (err == 0) {
		w = (mutu_write){ "ballot", path, rec, had ? &base : NULL };
		snprintf(summary, sizeof(summary), "vote %s %.8s", had ? "change" : "cast", pid);
		mutu_type_action(action, &mutu_type_ballot, had ? "change" : "cast");
		err = mutu_records_write(ctx->st, ctx->who, action, summary, &w, 1);
	}
	mutu_value_free(rec);
	*changed = had;
	return err;
}

/* --- reading them back --- */

struct walk {
	mutu_store *st;
	const char *dir;         /* votes/<proposal> */
	const char *proposal;
	int (*each)(struct walk *w, const char *path, const char *key, const mutu_oid *blob,
		    mutu_entry_kind kind);
	void *payload;
};

static int walk_entry(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	struct walk *w = payload;
	char path[512], key[64];
	const char *why;
	int placed;

	snprintf(path, sizeof(path), "%s/%s", w->dir, name);
	placed = kind == MUTU_ENTRY_FILE && strlen(path) < 64;
	if (placed) {
		char expect[64];
		size_t len = strlen(name);

		placed = len > 5 && len - 5 < sizeof(key) && !strcmp(name + len - 5, ".yaml");
		if (placed) {
			memcpy(key, name, len - 5);
			key[len - 5] = '\0';
			placed = mutu_handle_valid(key) &&
				 mutu_type_child_path(expect, &mutu_type_ballot, w->proposal, key) == 0 &&
				 !strcmp(expect, path);
		}
	}
	if (!placed) {
		why = kind != MUTU_ENTRY_FILE ? _("not a file") : _("its name is not a handle");
		mutu_warn(_("%s: not counted: %s"), path, why);
		mutu_error_clear();
		return 0;
	}
	return w->each(w, path, key, id, kind);
}

static int walk_ballots(struct walk *w, mutu_store *st, const mutu_oid *tree, const char *proposal)
{
	char dir[64];
	mutu_oid root, at;
	int err;

	if ((err = mutu_type_child_dir(dir, &mutu_type_ballot, proposal)) < 0)
		return err;
	if (tree) {
		root = *tree;
		err = mutu_store_lookup_in(&at, st, &root, dir, 1);
	} else {
		err = mutu_store_dir(&at, st, dir);
	}
	if (err == MUTU_ENOTFOUND) {
		mutu_error_clear();
		return 0;  /* no ballot yet */
	}
	if (err < 0)
		return err;
	w->st = st;
	w->dir = dir;
	w->proposal = proposal;
	return mutu_store_list_tree(st, &at, walk_entry, w);
}

static int read_ballot(mutu_record **out, mutu_store *st, const char *path, const char *key,
		       const mutu_oid *blob)
{
	char *data;
	size_t len;
	int err;
	const char *voter;

	*out = NULL;
	if ((err = mutu_store_read_blob(&data, &len, st, blob, MUTU_YAML_MAX_DOCUMENT)) < 0)
		return err;
	err = mutu_records_parse(out, "ballot", data, len, path, 1);
	free(data);
	if (err < 0)
		return err;
	voter = mutu_map_str(*out, "voter");
	if (!voter || strcmp(voter, key) != 0) {
		mutu_value_free(*out);
		*out = NULL;
		return mutu_error_set(MUTU_EDATA, _("its voter field says '%s', not what its file name says"),
				      mutu_utf8_clip(voter ? voter : "", 40));
	}
	return 0;
}

struct boxing {
	mutu_ballot_box *box;
	size_t cap;
	const mutu_vote_setup *s;
	char *const *active;
	size_t nactive;
	const char *proposal;
};

static int by_handle(const void *key, const void *member)
{
	return strcmp(key, *(char *const *)member);
}

static int box_one(struct walk *w, const char *path, const char *key, const mutu_oid *blob,
		   mutu_entry_kind kind)
{
	struct boxing *bx = w->payload;
	mutu_ballot_box *box = bx->box;
	size_t k = bx->s->params.noptions;
	mutu_record *rec;
	int err;

	(void)kind;
	if (!bsearch(key, bx->active, bx->nactive, sizeof(*bx->active), by_handle)) {
		mutu_warn(_("%s: not counted: %s is not an active member"), path, key);
		return 0;
	}
	if (box->n == bx->cap) {
		size_t cap = bx->cap ? 2 * bx->cap : 256;
		mutu_ballot *b = reallocarray(box->ballots, cap, sizeof(*b));
		int *m;

		if (!b)
			return mutu_error_nomem();
		box->ballots = b;
		if (k && !(m = reallocarray(box->marks, cap * k, sizeof(*m))))
			return mutu_error_nomem();
		if (k)
			box->marks = m;
		bx->cap = cap;
	}
	if ((err = read_ballot(&rec, w->st, path, key, blob)) == 0) {
		err = mutu_ballot_decode(&box->ballots[box->n], k ? box->marks + box->n * k : NULL,
					 rec, bx->s);
		mutu_value_free(rec);
	}
	if (err == MUTU_ENOMEM)
		return err;
	if (err < 0) {
		char why[512];

		snprintf(why, sizeof(why), "%s", mutu_error_last());
		mutu_warn(_("%s: not counted: %s"), path, why);
		mutu_error_clear();
		return 0;
	}
	box->n++;
	return 0;
}

int mutu_ballot_box_load(mutu_ballot_box *out, mutu_store *st, const mutu_oid *tree,
			 const char *proposal, const mutu_vote_setup *s,
			 char *const *active, size_t nactive)
{
	struct boxing bx = { out, 0, s, active, nactive, proposal };
	struct walk w = { 0 };
	size_t i, k = s->params.noptions;
	int err;

	memset(out, 0, sizeof(*out));
	w.each = box_one;
	w.payload = &bx;
	if ((err = walk_ballots(&w, st, tree, proposal)) < 0) {
		mutu_ballot_box_free(out);
		return err;
	}
	/* the marks moved as they grew: point each ballot at its own */
	for (i = 0; k && i < out->n; i++)
		out->ballots[i].marks = out->marks + i * k;
	return 0;
}

void mutu_ballot_box_free(mutu_ballot_box *b)
{
	free(b->ballots);
	free(b->marks);
	memset(b, 0, sizeof(*b));
}

struct listing {
	mutu_record **recs;
	size_t n, cap;
};

static int list_one(struct walk *w, const char *path, const char *key, const mutu_oid *blob,
		    mutu_entry_kind kind)
{
	struct listing *l = w->payload;
	mutu_record *rec = NULL;
	char *data;
	size_t len;
	int err;

	(void)kind;
	(void)key;
	if ((err = mutu_store_read_blob(&data, &len, w->st, blob, MUTU_YAML_MAX_DOCUMENT)) == 0) {
		err = mutu_records_parse(&rec, "ballot", data, len, path, 0);
		free(data);
	}
	if (err == MUTU_ENOMEM)
		return err;
	if (err < 0) {
		char why[512];

		snprintf(why, sizeof(why), "%s", mutu_error_last());
		mutu_warn("%s: %s", path, why);
		mutu_error_clear();
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		mutu_record **grown = reallocarray(l->recs, cap, sizeof(*grown));

		if (!grown) {
			mutu_value_free(rec);
			return mutu_error_nomem();
		}
		l->recs = grown;
		l->cap = cap;
	}
	l->recs[l->n++] = rec;
	return 0;
}

int mutu_ballot_list(mutu_record ***out, size_t *n, mutu_store *st, const char *proposal)
{
	struct listing l = { 0 };
	struct walk w = { 0 };
	size_t i;
	int err;

	*out = NULL;
	*n = 0;
	w.each = list_one;
	w.payload = &l;
	if ((err = walk_ballots(&w, st, NULL, proposal)) < 0) {
		for (i = 0; i < l.n; i++)
			mutu_value_free(l.recs[i]);
		free(l.recs);
		return err;
	}
	*out = l.recs;
	*n = l.n;
	return 0;
}
