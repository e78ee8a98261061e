#include "proposal.h"

#include "ballot.h"
#include "ballotbox.h"
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const mutu_default_scale[] = {
	"reject", "poor", "fair", "good", "very good", "excellent", NULL,
};

static const char *id_of(const mutu_record *rec)
{
	const char *id = mutu_map_str(rec, "id");

	return id ? id : "?";
}

static const char *status_of(const mutu_record *rec)
{
	const char *s = mutu_map_str(rec, "status");

	return s ? s : "?";
}

/* A proposal's status as a message says it: "it is %s". */
static const char *status_phrase(const mutu_record *rec)
{
	static const char *const phrases[][2] = {
		{ "draft", N_("a draft") },
		{ "discussion", N_("in discussion") },
		{ "vote", N_("being voted on") },
		{ "accepted", N_("accepted") },
		{ "rejected", N_("rejected") },
		{ "no-quorum", N_("closed without quorum") },
		{ "withdrawn", N_("withdrawn") },
	};
	const char *status = status_of(rec);
	size_t i;

	for (i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++)
		if (!strcmp(phrases[i][0], status))
			return _(phrases[i][1]);
	return mutu_utf8_clip(status, 40);
}

static long long int_of(const mutu_record *rec, const char *field, long long none)
{
	const mutu_value *v = mutu_map_get(rec, field);

	return v && v->type == MUTU_INT ? v->u.num : none;
}

static int time_of(time_t *out, const mutu_record *rec, const char *field)
{
	const char *text = mutu_map_str(rec, field);

	if (!text)
		return MUTU_ENOTFOUND;
	return mutu_clock_parse(out, text);
}

static int kind_is(const mutu_record *rec, const char *kind)
{
	const char *k = mutu_map_str(rec, "kind");

	return k && !strcmp(k, kind);
}

static int method_of(mutu_method *out, const mutu_record *rec, const mutu_rules *rules)
{
	const char *m = mutu_map_str(rec, "method");

	if (!m) {
		*out = rules->method;
		return 0;
	}
	return mutu_method_parse(out, m);
}

static int set_strings(mutu_record *rec, const char *field, const char *const *items, size_t n)
{
	mutu_value *list = mutu_value_seq();
	size_t i;

	if (!list)
		return MUTU_ENOMEM;
	for (i = 0; i < n; i++)
		if (mutu_seq_push(list, mutu_value_str(items[i])) < 0) {
			mutu_value_free(list);
			return MUTU_ENOMEM;
		}
	if (!n) {
		mutu_value_free(list);
		mutu_map_remove(rec, field);
		return 0;
	}
	return mutu_map_set(rec, field, list);
}

/* --- the terms of a vote --- */

int mutu_proposal_setup(mutu_vote_setup *out, const mutu_record *rec, const mutu_rules *rules)
{
	const mutu_value *opts = mutu_map_get(rec, "options"), *scale = mutu_map_get(rec, "scale"),
			 *sq = mutu_map_get(rec, "status_quo");
	mutu_tally_params *p = &out->params;
	const mutu_schema *schema;
	char why[512];
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	/* terms from a file anyone may have edited: believed only once the
	 * whole proposal fits its schema (64 options at most, seats 1 to 64,
	 * percents 0 to 100, each option a line) */
	if ((err = mutu_schema_get(&schema, "proposal")) < 0)
		return err;
	if (mutu_schema_validate(schema, rec, NULL) < 0) {
		snprintf(why, sizeof(why), "%s", mutu_error_last());
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s cannot be voted on or counted: %s"),
				      id_of(rec), why);
	}
	if ((err = method_of(&p->method, rec, rules)) < 0)
		return err;
	for (i = 0; opts && opts->type == MUTU_SEQ && i < opts->u.seq.len && i < MUTU_MAX_OPTIONS; i++)
		if (opts->u.seq.items[i]->type == MUTU_STR)
			out->options[p->noptions++] = opts->u.seq.items[i]->u.str;
	p->status_quo = sq && sq->type == MUTU_BOOL && sq->u.truth;
	if (p->status_quo)
		out->options[p->noptions++] = MUTU_STATUS_QUO;
	if (scale && scale->type == MUTU_SEQ) {
		for (i = 0; i < scale->u.seq.len && i < MUTU_MAX_GRADES; i++)
			if (scale->u.seq.items[i]->type == MUTU_STR)
				out->scale[p->nscale++] = scale->u.seq.items[i]->u.str;
	} else if (p->method == MUTU_METHOD_MAJORITY_JUDGMENT) {
		for (i = 0; mutu_default_scale[i]; i++)
			out->scale[p->nscale++] = mutu_default_scale[i];
	}
	p->options = out->options;
	p->scale = out->scale;
	p->seats = (size_t)int_of(rec, "seats", 1);
	p->quorum = (unsigned)int_of(rec, "quorum", rules->quorum);
	p->threshold = (unsigned)int_of(rec, "threshold", rules->threshold);
	return 0;
}

/* Whether the terms fit the rules in force: the method one a proposal
 * may pick, quorum and threshold no lower than the rules'. */
static int check_rules(const mutu_record *rec, const mutu_rules *rules)
{
	long long q = int_of(rec, "quorum", -1), t = int_of(rec, "threshold", -1);
	mutu_method m;
	int err;

	if ((err = method_of(&m, rec, rules)) < 0)
		return err;
	if (!(rules->methods & (1u << m)))
		return mutu_error_set(MUTU_EPERM, _("the rules do not let a proposal be decided by %s"),
				      mutu_method_name(m));
	if (q >= 0 && q < rules->quorum)
		return mutu_error_set(MUTU_EPERM, _("a quorum of %lld%% is below the %u%% the rules ask for"),
				      q, rules->quorum);
	if (t >= 0 && t < rules->threshold)
		return mutu_error_set(MUTU_EPERM, _("a threshold of %lld%% is below the %u%% the rules ask for"),
				      t, rules->threshold);
	return 0;
}

/* The earliest a vote may close: after the rest of the discussion, then
 * the whole vote time. */
static time_t earliest_close(const mutu_record *rec, const mutu_rules *rules, time_t now)
{
	time_t from = now, discussed;

	if (time_of(&discussed, rec, "discussed") == 0 && discussed + rules->discussion > now)
		from = discussed + rules->discussion;
	else if (time_of(&discussed, rec, "discussed") != 0)
		from = now + rules->discussion;  /* a draft: its discussion is all to come */
	mutu_error_clear();
	return from + rules->vote;
}

static int check_closes(const mutu_record *rec, const mutu_rules *rules, time_t now)
{
	char earliest_text[MUTU_TIME_LEN + 1];
	time_t closes, earliest = earliest_close(rec, rules, now);
	int err;

	err = time_of(&closes, rec, "closes");
	if (err == MUTU_ENOTFOUND) {
		mutu_error_clear();
		return 0;
	}
	if (err < 0)
		return err;
	if (closes < earliest) {
		mutu_clock_format(earliest_text, earliest);
		return mutu_error_set(MUTU_EPERM, _("the vote cannot close before %s, once the discussion and the vote the rules ask for are over"),
				      earliest_text);
	}
	return 0;
}

/* The fields only some kinds carry: kinds, the ones that do, in words. */
static const struct {
	const char *field, *kinds;
	int rules, role, admit;
} kind_fields[] = {
	{ "target", N_("rules"), 1, 0, 0 },
	{ "content", N_("rules"), 1, 0, 0 },
	{ "base", N_("rules"), 1, 0, 0 },
	{ "member", N_("role or admit"), 0, 1, 1 },
	{ "grant", N_("role"), 0, 1, 0 },
	{ "revoke", N_("role"), 0, 1, 0 },
	{ "name", N_("admit"), 0, 0, 1 },
	{ "email", N_("admit"), 0, 0, 1 },
	{ NULL, NULL, 0, 0, 0 },
};

/* What a kind needs, and only that. */
static int check_kind(const mutu_record *rec, mutu_store *st, mutu_method m)
{
	const char *kind = mutu_map_str(rec, "kind"), *member = mutu_map_str(rec, "member");
	const char *grant = mutu_map_str(rec, "grant"), *revoke = mutu_map_str(rec, "revoke");
	mutu_record *mrec = NULL;
	size_t i;
	mutu_found found;
	const mutu_value *roles;
	int err = 0, decides = m == MUTU_METHOD_YES_NO || m == MUTU_METHOD_CONSENT;

	for (i = 0; kind_fields[i].field; i++) {
		int carries = kind && (!strcmp(kind, "rules") ? kind_fields[i].rules
				       : !strcmp(kind, "role") ? kind_fields[i].role
				       : !strcmp(kind, "admit") ? kind_fields[i].admit : 0);

		if (mutu_map_get(rec, kind_fields[i].field) && !carries)
			return mutu_error_set(MUTU_EUSAGE, _("'%s' belongs to a proposal of kind %s, not %s"),
					      kind_fields[i].field, _(kind_fields[i].kinds),
					      kind ? kind : "general");
	}
	if (!kind || !strcmp(kind, "general"))
		return 0;
	if (!decides)
		return mutu_error_set(MUTU_EUSAGE, _("a proposal of kind %s is decided by yes-no or consent, not %s"),
				      kind, mutu_method_name(m));
	if (!strcmp(kind, "rules"))
		return mutu_map_get(rec, "content") && mutu_map_get(rec, "target") ? 0
			: mutu_error_set(MUTU_EUSAGE, "%s", _("a rules proposal carries the proposed file: --rules-file or --commons-file"));
	if (!member)
		return mutu_error_set(MUTU_EUSAGE, _("a proposal of kind %s names a member: --member HANDLE"),
				      kind);
	if (!strcmp(kind, "admit")) {
		if (!mutu_map_get(rec, "name") || !mutu_map_get(rec, "email"))
			return mutu_error_set(MUTU_EUSAGE, "%s", _("a proposal to admit a member gives their --name and --email"));
		/* checked now as a commit author, not only when applied */
		if ((err = mutu_records_check_author(mutu_map_str(rec, "name"), mutu_map_str(rec, "email"),
						     "--name and --email")) < 0)
			return err;
		err = mutu_find(&found, st, &mutu_type_member, member);
		if (err == 0)
			return mutu_error_set(MUTU_EUSAGE, _("%s is a member already"), member);
		mutu_error_clear();
		return err == MUTU_ENOTFOUND ? 0 : err;
	}
	/* role */
	if (!grant == !revoke)
		return mutu_error_set(MUTU_EUSAGE, "%s", _("a role proposal grants or revokes one role: --grant ROLE or --revoke ROLE"));
	if ((err = mutu_find(&found, st, &mutu_type_member, member)) < 0 ||
	    (err = mutu_find_load(&mrec, NULL, st, &found, MUTU_FIND_QUIET)) < 0)
		return err == MUTU_ENOTFOUND ? mutu_error_set(MUTU_ENOTFOUND, _("no member '%s'"), member) : err;
	roles = mutu_map_get(mrec, "roles");
	if (!mutu_member_is_active(mrec))
		err = mutu_error_set(MUTU_EUSAGE, _("%s left the commons: roles are for active members"), member);
	else if (grant && roles && mutu_seq_find_str(roles, grant) >= 0)
		err = mutu_error_set(MUTU_EUSAGE, _("%s has the role %s already"), member, grant);
	else if (revoke && (!roles || mutu_seq_find_str(roles, revoke) < 0))
		err = mutu_error_set(MUTU_EUSAGE, _("%s has no role %s to revoke"), member, revoke);
	mutu_value_free(mrec);
	return err;
}

/* The options a method needs, and only what it needs. */
static int check_method(const mutu_record *rec, mutu_method m)
{
	const mutu_value *opts = mutu_map_get(rec, "options"), *sq = mutu_map_get(rec, "status_quo");
	size_t n = opts && opts->type == MUTU_SEQ ? opts->u.seq.len : 0;
	int quo = sq && sq->type == MUTU_BOOL && sq->u.truth;

	if (!mutu_method_has_options(m) && n)
		return mutu_error_set(MUTU_EUSAGE, _("a %s vote has no options: members answer with a choice"),
				      mutu_method_name(m));
	if (mutu_method_has_options(m) && !n)
		return mutu_error_set(MUTU_EUSAGE, _("a %s vote needs options: --option TEXT, once each"),
				      mutu_method_name(m));
	if (mutu_map_get(rec, "scale") && m != MUTU_METHOD_MAJORITY_JUDGMENT)
		return mutu_error_set(MUTU_EUSAGE, "%s", _("--scale is for majority-judgment"));
	if (mutu_map_get(rec, "threshold") && m != MUTU_METHOD_YES_NO)
		return mutu_error_set(MUTU_EUSAGE, "%s", _("--threshold is for yes-no"));
	if (mutu_map_get(rec, "seats") && m != MUTU_METHOD_STV)
		return mutu_error_set(MUTU_EUSAGE, "%s", _("--seats is for stv"));
	if (quo && m != MUTU_METHOD_SCHULZE && m != MUTU_METHOD_MAJORITY_JUDGMENT)
		return mutu_error_set(MUTU_EUSAGE, "%s", _("--status-quo is for schulze and majority-judgment"));
	if (quo && mutu_seq_find_str(opts, MUTU_STATUS_QUO) >= 0)
		return mutu_error_set(MUTU_EUSAGE, _("an option may not be called '%s': it is the one --status-quo adds"),
				      MUTU_STATUS_QUO);
	if (n + (size_t)quo > MUTU_MAX_OPTIONS)
		return mutu_error_set(MUTU_EUSAGE, _("at most %d options"), MUTU_MAX_OPTIONS);
	return 0;
}

static int check_terms(const mutu_record *rec, mutu_store *st, const mutu_rules *rules, time_t now)
{
	mutu_method m;
	int err;

	if ((err = method_of(&m, rec, rules)) < 0 || (err = check_method(rec, m)) < 0 ||
	    (err = check_kind(rec, st, m)) < 0 || (err = check_rules(rec, rules)) < 0 ||
	    (err = check_closes(rec, rules, now)) < 0)
		return err;
	return mutu_records_check("proposal", (mutu_record *)rec, NULL);
}

/* The proposed file: its text must already be what it proposes, a
 * valid rules.yaml or mutu.yaml; base is the blob it replaces, so that
 * applying it after the file changed otherwise is refused. */
static int set_content(mutu_record *rec, mutu_store *st, const mutu_proposal_spec *spec)
{
	const char *type = !strcmp(spec->target, "mutu.yaml") ? "commons" : "rules";
	char hex[41] = "";
	mutu_record *parsed = NULL;
	mutu_rules rules;
	mutu_oid base;
	int err;

	if ((err = mutu_yaml_parse(&parsed, spec->content, spec->content_len, spec->content_name)) < 0 ||
	    (err = mutu_records_check(type, parsed, spec->content_name)) < 0 ||
	    (!strcmp(type, "rules") &&
	     (err = mutu_rules_from_record(&rules, parsed, spec->content_name)) < 0)) {
		mutu_value_free(parsed);
		return err;
	}
	mutu_value_free(parsed);
	err = mutu_store_lookup(&base, st, spec->target);
	if (err == 0)
		mutu_oid_fmt(hex, &base);
	else if (err != MUTU_ENOTFOUND)
		return err;
	mutu_error_clear();
	if ((err = mutu_map_set_str(rec, "target", spec->target)) < 0 ||
	    (err = mutu_map_set(rec, "content", mutu_value_strn(spec->content, spec->content_len))) < 0)
		return err;
	return mutu_map_set_str(rec, "base", hex);
}

/* What spec gives, into rec. */
static int take_spec(mutu_record *rec, mutu_store *st, const mutu_proposal_spec *spec, time_t now)
{
	time_t closes;
	size_t i;
	int err = 0;

	if (spec->title)
		err = mutu_map_set_str(rec, "title", spec->title);
	if (err == 0 && spec->body)
		err = *spec->body ? mutu_map_set_str(rec, "body", spec->body)
				  : (mutu_map_remove(rec, "body"), 0);
	for (i = 0; err == 0 && i < spec->ntags; i++)
		err = mutu_action_list_item(rec, &mutu_type_proposal, "tags", spec->tags[i], 1);
	if (err == 0 && spec->method)
		err = mutu_map_set_str(rec, "method", spec->method);
	if (err == 0 && spec->options)
		err = set_strings(rec, "options", spec->options, spec->noptions);
	if (err == 0 && spec->scale)
		err = set_strings(rec, "scale", spec->scale, spec->nscale);
	if (err == 0 && spec->seats > 0)
		err = mutu_map_set(rec, "seats", mutu_value_int(spec->seats));
	if (err == 0 && spec->status_quo >= 0)
		err = spec->status_quo ? mutu_map_set(rec, "status_quo", mutu_value_bool(1))
				       : (mutu_map_remove(rec, "status_quo"), 0);
	if (err == 0 && spec->quorum >= 0)
		err = mutu_map_set(rec, "quorum", mutu_value_int(spec->quorum));
	if (err == 0 && spec->threshold >= 0)
		err = mutu_map_set(rec, "threshold", mutu_value_int(spec->threshold));
	if (err == 0 && spec->closes) {
		if ((err = mutu_clock_resolve(&closes, spec->closes, now)) == 0)
			err = mutu_action_stamp(rec, "closes", closes);
	}
	if (err == 0 && spec->content)
		err = set_content(rec, st, spec);
	if (err == 0 && spec->member)
		err = mutu_map_set_str(rec, "member", spec->member);
	if (err == 0 && spec->grant)
		err = mutu_map_set_str(rec, "grant", spec->grant);
	if (err == 0 && spec->revoke)
		err = mutu_map_set_str(rec, "revoke", spec->revoke);
	if (err == 0 && spec->name)
		err = mutu_map_set_str(rec, "name", spec->name);
	if (err == 0 && spec->email)
		err = mutu_map_set_str(rec, "email", spec->email);
	return err;
}

int mutu_proposal_add(mutu_record **out, const mutu_action_ctx *ctx, const mutu_proposal_spec *spec)
{
	mutu_record *rec;
	mutu_rules rules;
	time_t now;
	int err;

	*out = NULL;
	if ((err = mutu_clock_now(&now)) < 0 || (err = mutu_rules_load(&rules, ctx->st)) < 0 ||
	    (err = mutu_action_new(&rec, &mutu_type_proposal, ctx->who->handle, NULL)) < 0)
		return err;
	err = mutu_map_set_str(rec, "kind", spec->kind ? spec->kind : "general");
	if (err == 0)
		err = spec->draft ? mutu_map_set_str(rec, "status", "draft")
				  : mutu_map_set_str(rec, "discussed", mutu_map_str(rec, "created"));
	if (err == 0 && !spec->method)
		err = mutu_map_set_str(rec, "method", mutu_method_name(rules.method));
	if (err == 0)
		err = take_spec(rec, ctx->st, spec, now);
	if (err == 0)
		err = check_terms(rec, ctx->st, &rules, now);
	if (err == 0)
		err = mutu_action_add(ctx, &mutu_type_proposal, &rec, 1);
	if (err < 0) {
		mutu_value_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

/* --- changes --- */

/* One commit: the proposal changed by verb (anyone's, for the steps
 * every member may take), with the other files it changes. */
static int commit(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob,
		  const char *verb, mutu_write *extra, size_t nextra)
{
	mutu_buf words = MUTU_BUF_INIT, summary = MUTU_BUF_INIT;
	mutu_write w[4];
	char path[64], action[64];
	time_t now;
	size_t i;
	int err;

	if ((err = mutu_type_path(path, &mutu_type_proposal, id_of(rec))) < 0 ||
	    (err = mutu_clock_now(&now)) < 0 || (err = mutu_action_stamp(rec, "updated", now)) < 0)
		return err;
	for (i = 0; i < nextra && i < 3; i++)
		w[i] = extra[i];
	w[i++] = (mutu_write){ "proposal", path, rec, blob };
	mutu_buf_printf(&words, "proposal %s %.8s", verb, id_of(rec));
	mutu_records_subject(&summary, mutu_buf_cstr(&words), mutu_map_str(rec, "title"));
	mutu_type_action(action, &mutu_type_proposal, verb);
	err = mutu_buf_check(&summary);
	if (err == 0)
		err = mutu_records_write(ctx->st, ctx->who, action, mutu_buf_cstr(&summary), w, i);
	mutu_buf_free(&words);
	mutu_buf_free(&summary);
	return err;
}

/* An illegal step, said whole: the step, the proposal, what it is. */
static int refuse_status(const mutu_record *rec, const char *verb)
{
	const char *fmt = !strcmp(verb, "amend")
		? _("cannot amend proposal %.8s: it is %s; a proposal is amended while a draft or in discussion")
		: !strcmp(verb, "submit") ? _("cannot submit proposal %.8s: it is %s; only a draft is submitted")
		: !strcmp(verb, "start") ? _("cannot open the vote on proposal %.8s: it is %s; a vote starts from the discussion")
		: !strcmp(verb, "withdraw") ? _("cannot withdraw proposal %.8s: it is %s; a proposal is withdrawn while a draft, in discussion or being voted on")
		: !strcmp(verb, "close") ? _("cannot close the vote on proposal %.8s: it is %s; only a vote being held is closed")
		: _("cannot comment on proposal %.8s: it is %s; members comment while a proposal is discussed or voted on");

	return mutu_error_set(MUTU_EDATA, fmt, id_of(rec), status_phrase(rec));
}

int mutu_proposal_amend(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob,
			const mutu_proposal_spec *spec)
{
	const char *status = status_of(rec);
	mutu_rules rules;
	time_t now;
	int err;

	if ((err = mutu_action_check_owner(&mutu_type_proposal, rec, ctx->who, "amend")) < 0)
		return err;
	if (strcmp(status, "draft") != 0 && strcmp(status, "discussion") != 0)
		return refuse_status(rec, "amend");
	if (spec->kind && !kind_is(rec, spec->kind))
		return mutu_error_set(MUTU_EUSAGE, "%s", _("a proposal keeps its kind: withdraw it and propose again"));
	if ((err = mutu_clock_now(&now)) < 0 || (err = mutu_rules_load(&rules, ctx->st)) < 0 ||
	    (err = take_spec(rec, ctx->st, spec, now)) < 0 ||
	    (err = check_terms(rec, ctx->st, &rules, now)) < 0)
		return err;
	return commit(ctx, rec, blob, "amend", NULL, 0);
}

int mutu_proposal_check_start(const mutu_record_type *t, const mutu_record *rec,
			      const struct mutu_action_ctx *ctx)
{
	char when[MUTU_TIME_LEN + 1];
	time_t now, discussed, closes;
	mutu_rules rules;
	int err;

	(void)t;
	if ((err = mutu_clock_now(&now)) < 0 || (err = mutu_rules_load(&rules, ctx->st)) < 0)
		return err;
	if (time_of(&discussed, rec, "discussed") < 0)
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s has no valid discussion time"), id_of(rec));
	if (now < discussed + rules.discussion) {
		mutu_clock_format(when, discussed + rules.discussion);
		return mutu_error_set(MUTU_EPERM, _("the vote on proposal %.8s may start at %s, once the discussion the rules ask for is over"),
				      id_of(rec), when);
	}
	if ((err = check_rules(rec, &rules)) < 0)
		return err;
	if (time_of(&closes, rec, "closes") == 0 && closes < now + rules.vote) {
		mutu_clock_format(when, now + rules.vote);
		return mutu_error_set(MUTU_EPERM, _("proposal %.8s closes too soon: a vote started now stays open until %s at least; amend --closes"),
				      id_of(rec), when);
	}
	mutu_error_clear();
	return 0;
}

/* The terms a vote runs under, copied into it when it starts. */
static int freeze(mutu_record *rec, mutu_store *st, time_t now)
{
	mutu_rules rules;
	mutu_method m;
	int err;

	if ((err = mutu_rules_load(&rules, st)) < 0 || (err = method_of(&m, rec, &rules)) < 0)
		return err;
	if ((err = mutu_map_set_str(rec, "method", mutu_method_name(m))) < 0 ||
	    (err = mutu_action_stamp(rec, "opened", now)) < 0)
		return err;
	if (!mutu_map_get(rec, "quorum") &&
	    (err = mutu_map_set(rec, "quorum", mutu_value_int(rules.quorum))) < 0)
		return err;
	/* every term a count reads is frozen, so that a replay never reads
	 * the rules in force at its own time */
	if (!mutu_map_get(rec, "threshold") &&
	    (err = mutu_map_set(rec, "threshold", mutu_value_int(rules.threshold))) < 0)
		return err;
	if (m == MUTU_METHOD_MAJORITY_JUDGMENT && !mutu_map_get(rec, "scale") &&
	    (err = set_strings(rec, "scale", mutu_default_scale, 6)) < 0)
		return err;
	if (m == MUTU_METHOD_STV && !mutu_map_get(rec, "seats") &&
	    (err = mutu_map_set(rec, "seats", mutu_value_int(1))) < 0)
		return err;
	if (!mutu_map_get(rec, "closes") && (err = mutu_action_stamp(rec, "closes", now + rules.vote)) < 0)
		return err;
	return mutu_map_set(rec, "early_close", mutu_value_bool(rules.early_close));
}

int mutu_proposal_step(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob,
		       const char *verb, const char *note)
{
	const mutu_transition *tr =
		mutu_type_transition_from(&mutu_type_proposal, verb, status_of(rec));
	time_t now;
	int err;

	if (!tr)
		return mutu_error_set(MUTU_EUSAGE, _("no such step: %s"), verb);
	if ((err = mutu_action_check_owner(&mutu_type_proposal, rec, ctx->who, verb)) < 0)
		return err;
	if (strcmp(status_of(rec), tr->from) != 0)
		return refuse_status(rec, verb);
	if ((err = mutu_action_transition(rec, &mutu_type_proposal, tr, note, ctx)) < 0 ||
	    (err = mutu_clock_now(&now)) < 0)
		return err;
	if (!strcmp(verb, "submit"))
		err = mutu_action_stamp(rec, "discussed", now);
	else if (!strcmp(verb, "start"))
		err = freeze(rec, ctx->st, now);
	if (err < 0)
		return err;
	return commit(ctx, rec, blob, verb, NULL, 0);
}

int mutu_proposal_vote_open(const mutu_record *rec, time_t now)
{
	char when[MUTU_TIME_LEN + 1];
	time_t opened, closes;

	if (strcmp(status_of(rec), "vote") != 0)
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s is %s: there is no vote open on it"),
				      id_of(rec), status_phrase(rec));
	if (time_of(&opened, rec, "opened") < 0 || time_of(&closes, rec, "closes") < 0)
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s has no valid vote times"), id_of(rec));
	if (now < opened) {
		mutu_clock_format(when, opened);
		return mutu_error_set(MUTU_EPERM, _("the vote on proposal %.8s opens at %s"), id_of(rec), when);
	}
	if (now >= closes) {
		mutu_clock_format(when, closes);
		return mutu_error_set(MUTU_EPERM, _("the vote on proposal %.8s closed at %s"), id_of(rec), when);
	}
	return 0;
}

/* --- counting --- */

int mutu_proposal_count(mutu_count *out, mutu_store *st, const mutu_record *rec)
{
	const char *status = status_of(rec);
	const mutu_value *tally = mutu_map_get(rec, "tally");
	const char *tree = tally ? mutu_map_str(tally, "tree") : NULL;
	mutu_ballot_box box;
	mutu_vote_window window;
	mutu_rules rules;
	char why[512], **active = NULL;
	size_t nactive = 0;
	int err;

	memset(out, 0, sizeof(*out));
	out->final = strcmp(status, "vote") != 0;
	if (out->final && !tree)
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s is %s: it has no vote to count"),
				      id_of(rec), status_phrase(rec));
	if (out->final) {
		/* replayed from the tree recorded when the vote closed */
		if (mutu_oid_parse(&out->tree, tree) < 0)
			return mutu_error_set(MUTU_EDATA, _("proposal %.8s: its tally names no valid tree"),
					      id_of(rec));
	} else if ((err = mutu_store_tip_tree(&out->tree, st)) < 0) {
		return err;
	}
	if (time_of(&window.from, rec, "opened") < 0 || time_of(&window.until, rec, "closes") < 0)
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s has no valid vote times"), id_of(rec));
	if ((err = mutu_rules_load(&rules, st)) < 0 ||
	    (err = mutu_proposal_setup(&out->setup, rec, &rules)) < 0 ||
	    (err = mutu_members_active_at(&active, &nactive, st, out->final ? &out->tree : NULL)) < 0)
		return err;
	out->setup.params.eligible = nactive;
	err = mutu_ballot_box_load(&box, st, out->final ? &out->tree : NULL, id_of(rec), &out->setup,
				   active, nactive, &window);
	mutu_members_free(active, nactive);
	if (err < 0)
		return err;
	err = mutu_tally(&out->result, &out->setup.params, box.ballots, box.n);
	mutu_ballot_box_free(&box);
	if (err == MUTU_EUSAGE) {
		/* terms the method cannot count by came from the file, not a person */
		snprintf(why, sizeof(why), "%s", mutu_error_last());
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s cannot be counted: %s"), id_of(rec), why);
	}
	return err;
}

void mutu_count_free(mutu_count *c)
{
	mutu_tally_result_free(&c->result);
}

static int push_options(mutu_value *map, const char *field, const mutu_vote_setup *s,
			const size_t *which, size_t n)
{
	mutu_value *list;
	size_t i;

	if (!n)
		return 0;
	if (!(list = mutu_value_seq()))
		return MUTU_ENOMEM;
	for (i = 0; i < n; i++)
		if (mutu_seq_push(list, mutu_value_str(s->options[which[i]])) < 0) {
			mutu_value_free(list);
			return MUTU_ENOMEM;
		}
	return mutu_map_set(map, field, list);
}

/* What closing records: the outcome, the counts, the tree. */
static int record_count(mutu_record *rec, const mutu_count *c)
{
	const mutu_tally_result *r = &c->result;
	const mutu_vote_setup *s = &c->setup;
	mutu_value *t = mutu_value_map();
	char hex[41];
	int err, yes_no = !mutu_method_has_options(s->params.method);

	if (!t)
		return MUTU_ENOMEM;
	mutu_oid_fmt(hex, &c->tree);
	if ((err = mutu_map_set_str(t, "tree", hex)) < 0 ||
	    (err = mutu_map_set_str(t, "outcome", mutu_outcome_name(r->outcome))) < 0 ||
	    (err = mutu_map_set(t, "eligible", mutu_value_int((long long)s->params.eligible))) < 0 ||
	    (err = mutu_map_set(t, "ballots", mutu_value_int((long long)r->ballots))) < 0 ||
	    (err = mutu_map_set(t, "quorum_met", mutu_value_bool(r->quorum_met))) < 0)
		goto fail;
	if (yes_no &&
	    ((err = mutu_map_set(t, "yes", mutu_value_int((long long)r->yes))) < 0 ||
	     (err = mutu_map_set(t, "no", mutu_value_int((long long)r->no))) < 0 ||
	     (err = mutu_map_set(t, "abstain", mutu_value_int((long long)r->abstain))) < 0 ||
	     (s->params.method == MUTU_METHOD_CONSENT &&
	      (err = mutu_map_set(t, "block", mutu_value_int((long long)r->block))) < 0)))
		goto fail;
	if (r->winner >= 0 && (err = mutu_map_set_str(t, "winner", s->options[r->winner])) < 0)
		goto fail;
	if (s->params.method == MUTU_METHOD_STV)
		err = push_options(t, "winners", s, r->winners, r->nwinners);
	else
		err = push_options(t, "ranking", s, r->ranking, r->nranking);
	if (err < 0)
		goto fail;
	return mutu_map_set(rec, "tally", t);
fail:
	mutu_value_free(t);
	return err;
}

int mutu_proposal_check_tally(mutu_store *st, const mutu_record *rec)
{
	const mutu_value *recorded = mutu_map_get(rec, "tally");
	const char *said = recorded ? mutu_map_str(recorded, "outcome") : NULL;
	mutu_value *scratch;
	mutu_count c;
	int err;

	if ((err = mutu_proposal_count(&c, st, rec)) < 0)
		return err;
	if (!(scratch = mutu_value_map())) {
		mutu_count_free(&c);
		return MUTU_ENOMEM;
	}
	if ((err = record_count(scratch, &c)) == 0 &&
	    !mutu_value_equal(mutu_map_get(scratch, "tally"), recorded)) {
		const char *got = mutu_outcome_name(c.result.outcome);

		err = said && !strcmp(said, got)
		      ? mutu_error_set(MUTU_EDATA, _("proposal %.8s records counts that its ballots, counted again, do not give"),
				       id_of(rec))
		      : mutu_error_set(MUTU_EDATA, _("proposal %.8s records %s, but its ballots, counted again, give %s"),
				       id_of(rec), said ? said : "?", got);
	}
	mutu_value_free(scratch);
	mutu_count_free(&c);
	return err;
}

int mutu_proposal_close(mutu_count *out, const mutu_action_ctx *ctx, mutu_record *rec,
			const mutu_oid *blob)
{
	char when[MUTU_TIME_LEN + 1];
	mutu_count local, *c = out ? out : &local;
	const mutu_value *early;
	time_t now, closes;
	const char *state;
	int err, early_close;

	memset(c, 0, sizeof(*c));
	if (strcmp(status_of(rec), "vote") != 0)
		return refuse_status(rec, "close");
	if ((err = mutu_clock_now(&now)) < 0)
		return err;
	if (time_of(&closes, rec, "closes") < 0)
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s has no valid vote times"), id_of(rec));
	/* counted in place: a count points into itself, and is never copied */
	if ((err = mutu_proposal_count(c, ctx->st, rec)) < 0)
		goto fail;
	early = mutu_map_get(rec, "early_close");
	early_close = early && early->type == MUTU_BOOL && early->u.truth;
	if (now < closes && !(early_close && c->result.ballots == c->setup.params.eligible)) {
		mutu_clock_format(when, closes);
		err = mutu_error_set(MUTU_EPERM, early_close
				     ? _("the vote on proposal %.8s closes at %s, or once every active member has voted")
				     : _("the vote on proposal %.8s closes at %s"),
				     id_of(rec), when);
		goto fail;
	}
	state = c->result.outcome == MUTU_OUTCOME_ACCEPTED ? "accepted"
		: c->result.outcome == MUTU_OUTCOME_NO_QUORUM ? "no-quorum" : "rejected";
	if ((err = mutu_map_set_str(rec, "status", state)) < 0 || (err = mutu_action_stamp(rec, "closed", now)) < 0 ||
	    (err = record_count(rec, c)) < 0 || (err = commit(ctx, rec, blob, "close", NULL, 0)) < 0)
		goto fail;
	if (!out)
		mutu_count_free(&local);
	return 0;
fail:
	mutu_count_free(c);
	return err;
}

/* --- applying --- */

static int apply_rules(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob)
{
	const char *target = mutu_map_str(rec, "target"), *content = mutu_map_str(rec, "content");
	const char *base = mutu_map_str(rec, "base");
	const char *type = target && !strcmp(target, "mutu.yaml") ? "commons" : "rules";
	char hex[41] = "";
	mutu_record *parsed = NULL;
	mutu_rules rules;
	mutu_oid now_blob;
	mutu_write w;
	int err;

	if (!target || !content)
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s carries no file to apply"), id_of(rec));
	err = mutu_store_lookup(&now_blob, ctx->st, target);
	if (err == 0)
		mutu_oid_fmt(hex, &now_blob);
	else if (err != MUTU_ENOTFOUND)
		return err;
	mutu_error_clear();
	if (!base || strcmp(base, hex) != 0)
		return mutu_error_set(MUTU_EDATA, _("%s changed since proposal %.8s was made: it would undo that change; propose again from the file in force"),
				      target, id_of(rec));
	if ((err = mutu_yaml_parse(&parsed, content, strlen(content), target)) < 0 ||
	    (err = mutu_records_check(type, parsed, target)) < 0 ||
	    (!strcmp(type, "rules") && (err = mutu_rules_from_record(&rules, parsed, target)) < 0)) {
		mutu_value_free(parsed);
		return err;
	}
	w = (mutu_write){ type, target, parsed, *hex ? &now_blob : NULL };
	err = commit(ctx, rec, blob, "apply", &w, 1);
	mutu_value_free(parsed);
	return err;
}

static int apply_member(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob)
{
	const char *handle = mutu_map_str(rec, "member"), *grant = mutu_map_str(rec, "grant"),
		   *revoke = mutu_map_str(rec, "revoke");
	mutu_record *member = NULL;
	mutu_value *roles;
	mutu_oid mblob;
	mutu_write w;
	char path[64];
	long at;
	int err, admit = kind_is(rec, "admit");

	if (!handle || (err = mutu_type_path(path, &mutu_type_member, handle)) < 0)
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s names no valid member"), id_of(rec));
	if (admit) {
		if (mutu_store_lookup(&mblob, ctx->st, path) == 0)
			return mutu_error_set(MUTU_EUSAGE, _("%s is a member already"), handle);
		mutu_error_clear();
		if ((err = mutu_member_new(&member, handle, mutu_map_str(rec, "name"),
					   mutu_map_str(rec, "email"), NULL)) < 0 ||
		    (err = mutu_map_set_str(member, "admitted_by", id_of(rec))) < 0)
			goto out;
		w = (mutu_write){ "member", path, member, NULL };
	} else {
		if ((err = mutu_records_read(&member, &mblob, ctx->st, "member", path, 1)) < 0)
			return err;
		if (!mutu_member_is_active(member)) {
			err = mutu_error_set(MUTU_EUSAGE, _("%s left the commons: roles are for active members"),
					     handle);
			goto out;
		}
		if (!(roles = mutu_map_get(member, "roles"))) {
			if ((err = mutu_map_set(member, "roles", mutu_value_seq())) < 0)
				goto out;
			roles = mutu_map_get(member, "roles");
		}
		at = mutu_seq_find_str(roles, grant ? grant : revoke ? revoke : "");
		if (grant && at < 0)
			err = mutu_seq_push(roles, mutu_value_str(grant));
		else if (revoke && at >= 0)
			mutu_seq_remove(roles, (size_t)at);
		if (err == 0 && roles->u.seq.len == 0)
			mutu_map_remove(member, "roles");
		if (err < 0)
			goto out;
		w = (mutu_write){ "member", path, member, &mblob };
	}
	err = commit(ctx, rec, blob, "apply", &w, 1);
out:
	mutu_value_free(member);
	return err;
}

int mutu_proposal_apply(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob)
{
	mutu_count c;
	time_t now;
	int err, accepted;

	if (strcmp(status_of(rec), "accepted") != 0)
		return mutu_error_set(MUTU_EDATA, _("cannot apply proposal %.8s: it is %s, not accepted"),
				      id_of(rec), status_phrase(rec));
	if (mutu_map_get(rec, "applied"))
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s was applied on %.10s already"), id_of(rec),
				      mutu_map_str(rec, "applied") ? mutu_map_str(rec, "applied") : "?");
	if (kind_is(rec, "general") || !mutu_map_get(rec, "kind"))
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s is of kind general: members carry it out, there is nothing for mutu to apply"),
				      id_of(rec));
	/* "accepted" is a word anyone can write with plain git: the count is
	 * replayed from the tree the close recorded before anything changes */
	if ((err = mutu_proposal_count(&c, ctx->st, rec)) < 0)
		return err;
	accepted = c.result.outcome == MUTU_OUTCOME_ACCEPTED;
	mutu_count_free(&c);
	if (!accepted)
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s says it is accepted, but its ballots, counted again, do not accept it: it is not applied"),
				      id_of(rec));
	if ((err = mutu_clock_now(&now)) < 0 || (err = mutu_action_stamp(rec, "applied", now)) < 0)
		return err;
	return kind_is(rec, "rules") ? apply_rules(ctx, rec, blob) : apply_member(ctx, rec, blob);
}

int mutu_proposal_evaluate(const mutu_action_ctx *ctx, mutu_record *rec, const mutu_oid *blob,
			   const char *result, const char *note)
{
	mutu_value *list, *e;
	time_t now;
	int err;

	if (strcmp(status_of(rec), "accepted") != 0)
		return mutu_error_set(MUTU_EDATA, _("cannot evaluate proposal %.8s: it is %s; only an accepted proposal has an aim to meet"),
				      id_of(rec), status_phrase(rec));
	if (strcmp(result, "met") && strcmp(result, "partly") && strcmp(result, "not-met"))
		return mutu_error_set(MUTU_EUSAGE, _("'%s' is no result: met, partly or not-met"),
				      mutu_utf8_clip(result, 40));
	if ((err = mutu_clock_now(&now)) < 0)
		return err;
	list = mutu_map_get(rec, "evaluations");
	if (list && list->type != MUTU_SEQ)
		return mutu_error_set(MUTU_EDATA, _("proposal %.8s: its evaluations are not a list"),
				      id_of(rec));
	if (!list) {
		if ((err = mutu_map_set(rec, "evaluations", mutu_value_seq())) < 0)
			return err;
		list = mutu_map_get(rec, "evaluations");
	}
	if (!(e = mutu_value_map()))
		return MUTU_ENOMEM;
	if ((err = mutu_map_set_str(e, "by", ctx->who->handle)) < 0 || (err = mutu_action_stamp(e, "at", now)) < 0 ||
	    (err = mutu_map_set_str(e, "result", result)) < 0 ||
	    (note && *note && (err = mutu_map_set_str(e, "note", note)) < 0)) {
		mutu_value_free(e);
		return err;
	}
	if ((err = mutu_seq_push(list, e)) < 0)
		return err;
	return commit(ctx, rec, blob, "evaluate", NULL, 0);
}

int mutu_proposal_comment(mutu_record **out, const mutu_action_ctx *ctx, const mutu_record *rec,
			  const char *body)
{
	const char *status = status_of(rec);
	char path[64], action[64];
	mutu_buf summary = MUTU_BUF_INIT;
	mutu_record *c;
	mutu_write w;
	int err;

	*out = NULL;
	if (strcmp(status, "discussion") != 0 && strcmp(status, "vote") != 0)
		return refuse_status(rec, "comment");
	if (!body || !*body)
		return mutu_error_set(MUTU_EUSAGE, "%s", _("a comment needs a body"));
	if ((err = mutu_action_new(&c, &mutu_type_comment, ctx->who->handle, NULL)) < 0)
		return err;
	if ((err = mutu_map_set_str(c, "record", id_of(rec))) < 0 ||
	    (err = mutu_map_set_str(c, "body", body)) < 0 ||
	    (err = mutu_type_child_path(path, &mutu_type_comment, id_of(rec), mutu_map_str(c, "id"))) < 0)
		goto out;
	w = (mutu_write){ "comment", path, c, NULL };
	mutu_buf_printf(&summary, "comment add %.8s on proposal %.8s", mutu_map_str(c, "id"), id_of(rec));
	mutu_type_action(action, &mutu_type_comment, "add");
	if ((err = mutu_buf_check(&summary)) == 0)
		err = mutu_records_write(ctx->st, ctx->who, action, mutu_buf_cstr(&summary), &w, 1);
out:
	mutu_buf_free(&summary);
	if (err < 0) {
		mutu_value_free(c);
		return err;
	}
	*out = c;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const mutu_record *x = *(mutu_record *const *)a, *y = *(mutu_record *const *)b;
	const char *tx = mutu_map_str(x, "created"), *ty = mutu_map_str(y, "created");
	int d = strcmp(tx ? tx : "", ty ? ty : "");

	return d ? d : strcmp(id_of(x), id_of(y));
}

int mutu_proposal_comments(mutu_record ***out, size_t *n, mutu_store *st, const char *id)
{
	int err;

	if ((err = mutu_records_children(out, n, st, &mutu_type_comment, id)) < 0)
		return err;
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), by_time);
	return 0;
}
