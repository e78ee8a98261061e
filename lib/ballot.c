#include "ballot.h"

#include "buf.h"
#include "clock.h"
#include "error.h"
#include "find.h"
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
 * The index of what was typed among texts: its exact text first, else,
 * with numbers, its number (1 the first). grades says which of the two
 * the refusal, which lists them all, names.
 */
static int resolve(size_t *out, const char *typed, size_t len, const char *const *texts,
		   size_t n, const char *proposal, int grades, int numbers)
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
	if (numbers && len && i == len && num >= 1 && num <= n) {
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

const char *mutu_ballot_field(mutu_method m)
{
	switch (m) {
	case MUTU_METHOD_APPROVAL:
		return "approve";
	case MUTU_METHOD_MAJORITY_JUDGMENT:
		return "grade";
	case MUTU_METHOD_SCHULZE:
	case MUTU_METHOD_STV:
		return "rank";
	default:
		return "choice";
	}
}

static int refuse_twice(const char *text, const char *sentence)
{
	return mutu_error_set(MUTU_EDATA, sentence, mutu_utf8_clip(text, 60));
}

/*
 * Read a ballot's marks from text, as the method writes them: "A,B"
 * (approve), "E,A=C,B" (rank: best first, "=" ties), "A=good,B=poor"
 * (grade). Options and grades are named by their text, or also by their
 * number when a person typed them (numbers). canonical, when not NULL,
 * gets the marks with every name spelt out: what the ballot file holds.
 * Option and grade texts hold neither ',' nor '=', so this is exact.
 */
static int read_marks(int *marks, const char *text, const mutu_vote_setup *s,
		      const char *proposal, int numbers, mutu_buf *canonical)
{
	const mutu_tally_params *p = &s->params;
	const char *item = text, *end, *eq, *stop;
	size_t opt, grade, i;
	int rank = 0, err = 0;

	for (i = 0; i < p->noptions; i++)
		marks[i] = p->method == MUTU_METHOD_MAJORITY_JUDGMENT ? -1 : 0;
	if (!*text)
		return mutu_error_set(MUTU_EDATA, "%s", _("a ballot names at least one option"));
	for (; err == 0; item = end + 1) {
		end = item + strcspn(item, ",");
		if (end == item)
			return mutu_error_set(MUTU_EDATA, _("an empty option in '%s'"),
					      mutu_utf8_clip(text, 80));
		if (canonical && item != text)
			mutu_buf_putc(canonical, ',');
		rank++;
		switch (p->method) {
		case MUTU_METHOD_APPROVAL:
			if ((err = resolve(&opt, item, (size_t)(end - item), s->options, p->noptions,
					   proposal, 0, numbers)) < 0)
				return err;
			if (marks[opt])
				return refuse_twice(s->options[opt], _("option '%s' is approved twice"));
			marks[opt] = 1;
			if (canonical)
				mutu_buf_puts(canonical, s->options[opt]);
			break;
		case MUTU_METHOD_MAJORITY_JUDGMENT:
			if (!(eq = memchr(item, '=', (size_t)(end - item))))
				return mutu_error_set(MUTU_EDATA, _("a grade follows its option: OPTION=GRADE, not '%s'"),
						      mutu_utf8_clip(text, 80));
			if ((err = resolve(&opt, item, (size_t)(eq - item), s->options, p->noptions,
					   proposal, 0, numbers)) < 0 ||
			    (err = resolve(&grade, eq + 1, (size_t)(end - eq - 1), s->scale, p->nscale,
					   proposal, 1, numbers)) < 0)
				return err;
			if (marks[opt] >= 0)
				return refuse_twice(s->options[opt], _("option '%s' is graded twice"));
			marks[opt] = (int)grade;
			if (canonical)
				mutu_buf_printf(canonical, "%s=%s", s->options[opt], s->scale[grade]);
			break;
		default:
			/* a group of options tied with "=": one rank for them all */
			for (eq = item;; eq = stop + 1) {
				stop = memchr(eq, '=', (size_t)(end - eq));
				if (!stop)
					stop = end;
				if (stop == eq)
					return mutu_error_set(MUTU_EDATA, _("an empty option in '%s'"),
							      mutu_utf8_clip(text, 80));
				if ((err = resolve(&opt, eq, (size_t)(stop - eq), s->options, p->noptions,
						   proposal, 0, numbers)) < 0)
					return err;
				if (marks[opt])
					return refuse_twice(s->options[opt], _("option '%s' is ranked twice"));
				marks[opt] = rank;
				if (canonical)
					mutu_buf_printf(canonical, "%s%s", eq == item ? "" : "=",
							s->options[opt]);
				if (stop == end)
					break;
			}
			break;
		}
		if (!*end)
			break;
	}
	return canonical ? mutu_buf_check(canonical) : 0;
}

int mutu_ballot_make(mutu_record **out, const mutu_vote_setup *s, const char *proposal,
		     const char *voter, const mutu_ballot_input *in)
{
	const mutu_tally_params *p = &s->params;
	int marks[MUTU_MAX_OPTIONS + 1];
	int given = !!in->choice + !!in->approve + !!in->rank + !!in->grade;
	const char *want, *typed;
	mutu_buf canonical = MUTU_BUF_INIT;
	mutu_ballot b;
	mutu_record *rec;
	int err;

	*out = NULL;
	switch (p->method) {
	case MUTU_METHOD_YES_NO:
		want = in->choice ? NULL : _("a yes-no vote takes yes, no or abstain");
		typed = NULL;
		break;
	case MUTU_METHOD_CONSENT:
		want = in->choice ? NULL : _("a consent round takes yes, no, abstain or block");
		typed = NULL;
		break;
	case MUTU_METHOD_APPROVAL:
		want = in->approve ? NULL : _("an approval vote takes --approve OPTION[,OPTION...]");
		typed = in->approve;
		break;
	case MUTU_METHOD_MAJORITY_JUDGMENT:
		want = in->grade ? NULL : _("a majority judgment takes --grade OPTION=GRADE[,...]");
		typed = in->grade;
		break;
	default:
		want = in->rank ? NULL : _("a ranked vote takes --rank OPTION[,OPTION...], best first");
		typed = in->rank;
		break;
	}
	if (want || given != 1)
		return mutu_error_set(MUTU_EUSAGE, "%s", want ? want : _("give one ballot"));
	if (in->choice && mutu_choice_parse(in->choice) < 0)
		return mutu_error_set(MUTU_EDATA, _("'%s' is no ballot: yes, no, abstain or block"),
				      mutu_utf8_clip(in->choice, 40));
	if (typed && (err = read_marks(marks, typed, s, proposal, 1, &canonical)) < 0) {
		mutu_buf_free(&canonical);
		return err;
	}
	if (!(rec = mutu_value_map()))
		err = MUTU_ENOMEM;
	else if ((err = mutu_map_set_str(rec, "proposal", proposal)) == 0 &&
		 (err = mutu_map_set_str(rec, "voter", voter)) == 0)
		err = mutu_map_set_str(rec, mutu_ballot_field(p->method),
				       typed ? mutu_buf_cstr(&canonical) : in->choice);
	mutu_buf_free(&canonical);
	if (err == 0)
		err = mutu_ballot_decode(&b, marks, rec, s);
	if (err < 0) {
		mutu_value_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

/* --- what a ballot record says --- */

int mutu_ballot_decode(mutu_ballot *out, int *marks, const mutu_record *rec,
		       const mutu_vote_setup *s)
{
	const mutu_tally_params *p = &s->params;
	const char *field = mutu_ballot_field(p->method), *text, *other;
	const char *proposal = mutu_map_str(rec, "proposal");
	static const char *const every[] = { "choice", "approve", "rank", "grade", NULL };
	size_t i;
	int c, err;

	memset(out, 0, sizeof(*out));
	/* exactly the field the method reads: a ballot of another kind is no ballot here */
	for (i = 0; every[i]; i++) {
		other = every[i];
		if (mutu_map_get(rec, other) && strcmp(other, field) != 0)
			return mutu_error_set(MUTU_EDATA, _("a %s ballot holds no '%s'"),
					      mutu_method_name(p->method), other);
	}
	if (!mutu_method_has_options(p->method)) {
		if (!(text = mutu_map_str(rec, "choice")) || (c = mutu_choice_parse(text)) < 0)
			return mutu_error_set(MUTU_EDATA, _("a %s ballot holds a choice"),
					      mutu_method_name(p->method));
		out->choice = (mutu_choice)c;
		return mutu_tally_check(p, out);
	}
	if (!(text = mutu_map_str(rec, field)))
		return mutu_error_set(MUTU_EDATA, _("a %s ballot holds '%s'"), mutu_method_name(p->method),
				      field);
	if ((err = read_marks(marks, text, s, proposal ? proposal : "?", 0, NULL)) < 0)
		return err;
	out->marks = marks;
	return mutu_tally_check(p, out);
}

/* --- casting --- */

/* Only an active member votes: whoever the command says is acting. */
static int check_voter(mutu_store *st, const char *handle)
{
	mutu_record *rec = NULL;
	mutu_found f;
	int err, active;

	if ((err = mutu_find(&f, st, &mutu_type_member, handle)) < 0 ||
	    (err = mutu_find_load(&rec, NULL, st, &f, MUTU_FIND_QUIET)) < 0)
		return err == MUTU_ENOTFOUND || err == MUTU_EDATA
			? mutu_error_set(MUTU_EPERM, _("%s is no member: only active members vote"), handle)
			: err;
	active = rec->type == MUTU_MAP && mutu_member_is_active(rec);
	mutu_value_free(rec);
	return active ? 0 : mutu_error_set(MUTU_EPERM, _("%s left the commons: only active members vote"),
					   handle);
}

/* The ballot a member cast before, from its blob, tolerantly: it is
 * replaced whole, only its first cast time is kept. */
static int read_old(mutu_record **out, mutu_store *st, const mutu_oid *blob, const char *path)
{
	char *data;
	size_t len;
	int err;

	*out = NULL;
	if ((err = mutu_store_read_blob(&data, &len, st, blob, MUTU_YAML_MAX_DOCUMENT)) < 0)
		return err;
	err = mutu_yaml_parse(out, data, len, path);
	free(data);
	return err;
}

int mutu_ballot_cast(const mutu_action_ctx *ctx, const mutu_record *proposal,
		     const mutu_ballot_input *in, int *changed)
{
	const char *pid = mutu_map_str(proposal, "id");
	char path[64], dir[64], summary[128], action[64];
	mutu_record *rec = NULL, *old = NULL;
	mutu_vote_setup setup;
	mutu_rules rules;
	mutu_oid base, votes;
	mutu_write w;
	time_t now, first;
	int err, had;

	*changed = 0;
	if (!pid)
		return mutu_error_set(MUTU_EDATA, "%s", _("the proposal has no id"));
	if ((err = mutu_type_child_path(path, &mutu_type_ballot, pid, ctx->who->handle)) < 0 ||
	    (err = mutu_type_child_dir(dir, &mutu_type_ballot, pid)) < 0 ||
	    (err = mutu_store_subdir(&votes, ctx->st, NULL, dir)) < 0)
		return err;
	if ((err = check_voter(ctx->st, ctx->who->handle)) < 0 ||
	    (err = mutu_clock_now(&now)) < 0 || (err = mutu_proposal_vote_open(proposal, now)) < 0 ||
	    (err = mutu_rules_load(&rules, ctx->st)) < 0 ||
	    (err = mutu_proposal_setup(&setup, proposal, &rules)) < 0)
		return err;
	err = mutu_store_lookup(&base, ctx->st, path);
	if (err < 0 && err != MUTU_ENOTFOUND)
		return err;
	had = err == 0;
	mutu_error_clear();
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
	if (had && read_old(&old, ctx->st, &base, path) == 0 && mutu_map_str(old, "cast") &&
	    mutu_clock_parse(&first, mutu_map_str(old, "cast")) == 0 && first <= now)
		err = mutu_action_stamp(rec, "cast", first);
	else
		err = mutu_action_stamp(rec, "cast", now);
	mutu_error_clear();
	mutu_value_free(old);
	if (err == 0)
		err = mutu_action_stamp(rec, "updated", now);
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

int mutu_ballot_list(mutu_record ***out, size_t *n, mutu_store *st, const char *proposal)
{
	return mutu_records_children(out, n, st, &mutu_type_ballot, proposal);
}
