/* mutu-propose: decisions taken together. See mutu-propose(1). */
#include "common.h"
#include "records.h"

#include "lib/ballot.h"
#include "lib/error.h"
#include "lib/find.h"
#include "lib/member.h"
#include "lib/proposal.h"
#include "lib/tally.h"
#include "lib/types.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A proposed rules.yaml or mutu.yaml is a small file. */
#define MAX_PROPOSED_FILE (1 << 20)

static const mutu_record_type *const P = &mutu_type_proposal;

/* The text of --body or --body-file (malloc'd in *owned when read). */
static const char *body_of(const char *body, const char *file, const char *usage, char **owned)
{
	size_t len;

	*owned = NULL;
	if (body && file)
		usage_error(usage, "%s", _("--body and --body-file exclude each other"));
	if (!file)
		return body;
	/* a body holds at most 65536 characters: 4 bytes each at most */
	*owned = read_file_or_die(file, 4 * 65536, &len);
	if (strlen(*owned) != len)
		die(65, _("%s: NUL character in body"), file);
	return *owned;
}

/* "a,b,c" into a list of its items (the strings point into text). */
static void split_commas(struct strlist *out, char *text)
{
	char *p = text, *comma;

	out->items = NULL;
	out->len = 0;
	if (!text)
		return;
	for (;;) {
		const char **grown = reallocarray(out->items, out->len + 1, sizeof(*grown));

		if (!grown)
			die_error(MUTU_ENOMEM);
		out->items = grown;
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		out->items[out->len++] = p;
		if (!comma)
			break;
		p = comma + 1;
	}
}

/* The options add and amend share, into spec. */
struct terms {
	const char *body, *body_file, *method, *scale, *closes, *rules_file, *commons_file;
	struct strlist options, tags;
	long seats, quorum, threshold;
	int status_quo;
	char *scale_copy, *body_owned, *file_owned;
	struct strlist scale_items;
};

#define TERMS_OPTIONS(tm) \
	OPT_STRING('b', "body", &(tm).body, N_("TEXT"), N_("the proposal, in Markdown")), \
	OPT_STRING(0, "body-file", &(tm).body_file, N_("FILE"), N_("the proposal from a file (- for standard input)")), \
	OPT_ENUM('m', "method", &(tm).method, N_("METHOD"), N_("how it is decided"), "proposal", "method"), \
	OPT_LIST('o', "option", &(tm).options, N_("TEXT"), N_("an option to choose among")), \
	OPT_STRING(0, "scale", &(tm).scale, N_("GRADE,..."), N_("majority-judgment grades, worst first")), \
	OPT_INT(0, "seats", &(tm).seats, N_("N"), N_("stv: how many are elected"), 1, MUTU_MAX_OPTIONS), \
	OPT_FLAG(0, "status-quo", &(tm).status_quo, N_("add the option \"status quo\", which the winner must beat")), \
	OPT_STRING(0, "closes", &(tm).closes, N_("TIME"), N_("when the vote closes: RFC 3339, or +7d from now")), \
	OPT_INT(0, "quorum", &(tm).quorum, N_("PCT"), N_("the percent of active members who must vote"), 0, 100), \
	OPT_INT(0, "threshold", &(tm).threshold, N_("PCT"), N_("yes-no: yes must be more than this percent of yes and no"), 0, 100), \
	OPT_STRING(0, "rules-file", &(tm).rules_file, N_("FILE"), N_("rules: the proposed rules.yaml")), \
	OPT_STRING(0, "commons-file", &(tm).commons_file, N_("FILE"), N_("rules: the proposed mutu.yaml (the charter)")), \
	OPT_LIST(0, "tag", &(tm).tags, N_("TAG"), N_("a tag"))

static void terms_init(struct terms *tm)
{
	memset(tm, 0, sizeof(*tm));
	tm->quorum = tm->threshold = -1;
}

static void terms_to_spec(mutu_proposal_spec *spec, struct terms *tm, const char *usage)
{
	const char *file = tm->rules_file ? tm->rules_file : tm->commons_file;
	size_t len = 0;

	if (tm->rules_file && tm->commons_file)
		usage_error(usage, "%s", _("one file per proposal: --rules-file or --commons-file"));
	spec->body = body_of(tm->body, tm->body_file, usage, &tm->body_owned);
	spec->method = tm->method;
	if (tm->options.len) {
		spec->options = tm->options.items;
		spec->noptions = tm->options.len;
	}
	if (tm->scale) {
		if (!(tm->scale_copy = strdup(tm->scale)))
			die_error(MUTU_ENOMEM);
		split_commas(&tm->scale_items, tm->scale_copy);
		spec->scale = tm->scale_items.items;
		spec->nscale = tm->scale_items.len;
	}
	spec->seats = tm->seats;
	spec->status_quo = tm->status_quo ? 1 : -1;
	spec->closes = tm->closes;
	spec->quorum = (int)tm->quorum;
	spec->threshold = (int)tm->threshold;
	spec->tags = tm->tags.items;
	spec->ntags = tm->tags.len;
	if (file) {
		tm->file_owned = read_file_or_die(file, MAX_PROPOSED_FILE, &len);
		spec->target = tm->rules_file ? "rules.yaml" : "mutu.yaml";
		spec->content = tm->file_owned;
		spec->content_len = len;
		spec->content_name = file;
	}
}

static void terms_free(struct terms *tm)
{
	free(tm->options.items);
	free(tm->tags.items);
	free(tm->scale_items.items);
	free(tm->scale_copy);
	free(tm->body_owned);
	free(tm->file_owned);
}

static int cmd_add(int argc, char **argv)
{
	const char *usage = N_("add --title TEXT [--body TEXT | --body-file FILE|-] [--method METHOD] [--option TEXT]... [--scale GRADE,...] [--seats N] [--status-quo] [--closes TIME] [--quorum PCT] [--threshold PCT] [--kind KIND] [--rules-file FILE | --commons-file FILE] [--member HANDLE --grant ROLE | --revoke ROLE] [--name TEXT --email EMAIL] [--draft]");
	mutu_proposal_spec spec = { 0 };
	struct terms tm;
	const char *title = NULL, *kind = NULL, *member = NULL, *grant = NULL, *revoke = NULL,
		   *name = NULL, *email = NULL;
	int draft = 0, nargs, err;
	struct session s;
	mutu_record *rec;

	terms_init(&tm);
	{
		const struct opt opts[] = {
			OPT_STRING('t', "title", &title, N_("TEXT"), N_("one line saying what is decided")),
			TERMS_OPTIONS(tm),
			OPT_ENUM('k', "kind", &kind, N_("KIND"), N_("what it changes (general by default)"), "proposal", "kind"),
			OPT_STRING(0, "member", &member, N_("HANDLE"), N_("role, admit: the member concerned")),
			OPT_STRING(0, "grant", &grant, N_("ROLE"), N_("role: the role to grant")),
			OPT_STRING(0, "revoke", &revoke, N_("ROLE"), N_("role: the role to revoke")),
			OPT_STRING(0, "name", &name, N_("TEXT"), N_("admit: the new member's name")),
			OPT_STRING(0, "email", &email, N_("EMAIL"), N_("admit: the new member's email")),
			OPT_FLAG(0, "draft", &draft, N_("a draft: discussion starts with submit")),
			OPT_TABLE_END,
		};

		parse_options(argc, argv, opts, usage, &nargs);
	}
	if (nargs)
		usage_error(usage, _("unexpected argument '%s'"), mutu_utf8_clip(argv[0], 40));
	if (!title)
		usage_error(usage, "%s", _("--title is required"));
	if ((tm.rules_file || tm.commons_file) && kind && strcmp(kind, "rules") != 0)
		usage_error(usage, "%s", _("--rules-file and --commons-file make a proposal of kind rules"));
	if (!kind && (tm.rules_file || tm.commons_file))
		kind = "rules";
	if (!kind && (grant || revoke))
		kind = "role";
	terms_to_spec(&spec, &tm, usage);
	spec.title = title;
	spec.kind = kind;
	spec.member = member;
	spec.grant = grant;
	spec.revoke = revoke;
	spec.name = name;
	spec.email = email;
	spec.draft = draft;
	session_open(&s);
	session_act(&s);
	if ((err = mutu_proposal_add(&rec, &s.ctx, &spec)) < 0)
		die_error(err);
	printf("%s\n", mutu_map_str(rec, "id"));
	mutu_value_free(rec);
	session_end(&s);
	terms_free(&tm);
	return 0;
}

static int cmd_amend(int argc, char **argv)
{
	const char *usage = N_("amend ID [--title TEXT] [--body TEXT | --body-file FILE|-] [--method METHOD] [--option TEXT]... [--scale GRADE,...] [--seats N] [--status-quo] [--closes TIME] [--quorum PCT] [--threshold PCT] [--rules-file FILE | --commons-file FILE]");
	mutu_proposal_spec spec = { 0 };
	const char *title = NULL;
	struct terms tm;
	struct session s;
	mutu_found found;
	mutu_record *rec;
	mutu_oid blob;
	int nargs, err;

	terms_init(&tm);
	{
		const struct opt opts[] = {
			OPT_STRING('t', "title", &title, N_("TEXT"), N_("one line saying what is decided")),
			TERMS_OPTIONS(tm),
			OPT_TABLE_END,
		};

		parse_options(argc, argv, opts, usage, &nargs);
	}
	terms_to_spec(&spec, &tm, usage);
	spec.title = title;
	rec = record_open(&s, P, nargs, argv, usage, &blob, &found);
	if ((err = mutu_proposal_amend(&s.ctx, rec, &blob, &spec)) < 0)
		die_error(err);
	mutu_value_free(rec);
	session_end(&s);
	terms_free(&tm);
	return 0;
}

/* submit, start, withdraw: the author's steps. */
static int step(const char *verb, int argc, char **argv)
{
	char usage[128];
	const char *note = NULL;
	struct opt opts[2] = { OPT_TABLE_END, OPT_TABLE_END };
	struct session s;
	mutu_found found;
	mutu_record *rec;
	mutu_oid blob;
	int nargs, err;

	if (!strcmp(verb, "withdraw")) {
		opts[0] = (struct opt)OPT_STRING('r', "reason", &note, N_("TEXT"), N_("why"));
		snprintf(usage, sizeof(usage), _("%s ID [--reason TEXT]"), verb);
	} else {
		snprintf(usage, sizeof(usage), _("%s ID"), verb);
	}
	parse_options(argc, argv, opts, usage, &nargs);
	rec = record_open(&s, P, nargs, argv, usage, &blob, &found);
	if ((err = mutu_proposal_step(&s.ctx, rec, &blob, verb, note)) < 0)
		die_error(err);
	if (!common.quiet && !strcmp(verb, "start"))
		printf(_("The vote on proposal %.8s is open until %s\n"), found.key,
		       mutu_map_str(rec, "closes"));
	mutu_value_free(rec);
	session_end(&s);
	return 0;
}

static int cmd_submit(int argc, char **argv) { return step("submit", argc, argv); }
static int cmd_start(int argc, char **argv) { return step("start", argc, argv); }
static int cmd_withdraw(int argc, char **argv) { return step("withdraw", argc, argv); }

static int cmd_list(int argc, char **argv)
{
	return record_list(P, argc, argv);
}

static const char *field_or(const mutu_record *rec, const char *field)
{
	const char *s = mutu_map_str(rec, field);

	return s ? s : "?";
}

/* The comments on a proposal, oldest first, for a person. */
static void print_comments(mutu_buf *b, mutu_store *st, const char *id)
{
	mutu_buf who = MUTU_BUF_INIT, when = MUTU_BUF_INIT;
	mutu_record **recs;
	size_t i, n;
	int err;

	if ((err = mutu_proposal_comments(&recs, &n, st, id)) < 0)
		die_error(err);
	if (n)
		mutu_buf_printf(b, "\n%s\n", _("Comments:"));
	for (i = 0; i < n; i++) {
		mutu_buf_puts(b, "\n");
		mutu_buf_clear(&who);
		mutu_buf_clear(&when);
		mutu_utf8_escape(&who, field_or(recs[i], "author"), 0);
		mutu_utf8_escape(&when, field_or(recs[i], "created"), 0);
		/* TRANSLATORS: a comment's heading: its author, then when */
		mutu_buf_printf(b, _("%s, %s:\n"), mutu_buf_cstr(&who), mutu_buf_cstr(&when));
		if (mutu_map_str(recs[i], "body"))
			record_print_body(b, mutu_map_str(recs[i], "body"));
		mutu_value_free(recs[i]);
	}
	free(recs);
	mutu_buf_free(&who);
	mutu_buf_free(&when);
}

/* What closing recorded, as it says it, checked: a hand-edited tally
 * prints nothing raw and no number it does not hold. */
static void print_recorded(mutu_buf *b, const mutu_value *t)
{
	const mutu_value *ballots = mutu_map_get(t, "ballots"), *eligible = mutu_map_get(t, "eligible");
	int o = mutu_outcome_parse(mutu_map_str(t, "outcome"));

	mutu_buf_putc(b, '\n');
	mutu_buf_printf(b, "%s\n", o < 0 ? _("Outcome: not recorded") : mutu_outcome_sentence(o));
	if (ballots && ballots->type == MUTU_INT && eligible && eligible->type == MUTU_INT)
		mutu_buf_printf(b, P_("Ballots: %lld of %lld active member\n",
				      "Ballots: %lld of %lld active members\n",
				      (unsigned long)eligible->u.num),
				ballots->u.num, eligible->u.num);
}

/* After a proposal, for a person: how many voted while the vote is open
 * (never how), or what closing recorded; then the comments. */
static void show_more(mutu_buf *b, mutu_store *st, const mutu_found *found, const mutu_record *rec,
		      mutu_format f)
{
	const char *status = mutu_map_str(rec, "status");
	mutu_count c;

	if (f != MUTU_FORMAT_TABLE)
		return;
	if (status && !strcmp(status, "vote")) {
		if (mutu_proposal_count(&c, st, rec) == 0) {
			mutu_buf_putc(b, '\n');
			mutu_buf_printf(b, P_("Ballots: %zu of %zu active member\n",
					      "Ballots: %zu of %zu active members\n",
					      c.setup.params.eligible),
					c.result.ballots, c.setup.params.eligible);
			mutu_count_free(&c);
		} else {
			/* the record is shown; what cannot be counted is said */
			mutu_warn("%s", mutu_error_last());
			mutu_error_clear();
		}
	} else if (mutu_map_get(rec, "tally")) {
		print_recorded(b, mutu_map_get(rec, "tally"));
	}
	print_comments(b, st, found->key);
}

static int cmd_show(int argc, char **argv)
{
	return record_show_with(P, argc, argv, show_more);
}

static int cmd_comment(int argc, char **argv)
{
	const char *usage = N_("comment ID --body TEXT | --body-file FILE|-");
	const char *body = NULL, *body_file = NULL;
	char *owned;
	const struct opt opts[] = {
		OPT_STRING('b', "body", &body, N_("TEXT"), N_("the comment, in Markdown")),
		OPT_STRING(0, "body-file", &body_file, N_("FILE"), N_("the comment from a file (- for standard input)")),
		OPT_TABLE_END,
	};
	struct session s;
	mutu_found found;
	mutu_record *rec, *c;
	mutu_oid blob;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	body = body_of(body, body_file, usage, &owned);
	if (!body)
		usage_error(usage, "%s", _("--body or --body-file is required"));
	rec = record_open(&s, P, nargs, argv, usage, &blob, &found);
	if ((err = mutu_proposal_comment(&c, &s.ctx, rec, body)) < 0)
		die_error(err);
	printf("%s\n", mutu_map_str(c, "id"));
	mutu_value_free(c);
	mutu_value_free(rec);
	free(owned);
	session_end(&s);
	return 0;
}

/* A count, as CLI.md's JSON for tools, or sentences for people. */
static void print_count(const char *id, int final, const mutu_count *c)
{
	mutu_buf b = MUTU_BUF_INIT;
	int err;

	if (output_format() == MUTU_FORMAT_JSON) {
		err = mutu_tally_json(&b, id, final, &c->setup.params, &c->result);
		mutu_buf_putc(&b, '\n');
	} else {
		err = mutu_tally_text(&b, &c->setup.params, &c->result);
	}
	if (err < 0 || (err = mutu_buf_check(&b)) < 0)
		die_error(err);
	emit(&b);
	mutu_buf_free(&b);
}

static int cmd_tally(int argc, char **argv)
{
	const char *usage = N_("tally ID");
	mutu_found found;
	mutu_record *rec;
	mutu_store *st;
	mutu_oid blob;
	mutu_count c;
	int nargs, err;

	parse_options(argc, argv, NULL, usage, &nargs);
	st = open_commons();
	rec = record_load(st, P, nargs, argv, usage, &blob, &found);
	if ((err = mutu_proposal_count(&c, st, rec)) < 0)
		die_error(err);
	print_count(found.key, c.final, &c);
	mutu_count_free(&c);
	mutu_value_free(rec);
	mutu_store_free(st);
	return 0;
}

static int cmd_close(int argc, char **argv)
{
	const char *usage = N_("close ID");
	struct session s;
	mutu_found found;
	mutu_record *rec;
	mutu_oid blob;
	mutu_count c;
	int nargs, err;

	parse_options(argc, argv, NULL, usage, &nargs);
	rec = record_open(&s, P, nargs, argv, usage, &blob, &found);
	if ((err = mutu_proposal_close(&c, &s.ctx, rec, &blob)) < 0)
		die_error(err);
	if (!common.quiet)
		print_count(found.key, 1, &c);
	mutu_count_free(&c);
	mutu_value_free(rec);
	session_end(&s);
	return 0;
}

static int cmd_apply(int argc, char **argv)
{
	const char *usage = N_("apply ID");
	struct session s;
	mutu_found found;
	mutu_record *rec;
	mutu_oid blob;
	int nargs, err;

	parse_options(argc, argv, NULL, usage, &nargs);
	rec = record_open(&s, P, nargs, argv, usage, &blob, &found);
	if ((err = mutu_proposal_apply(&s.ctx, rec, &blob)) < 0)
		die_error(err);
	mutu_value_free(rec);
	session_end(&s);
	return 0;
}

static int cmd_evaluate(int argc, char **argv)
{
	static const char *const results[] = { "met", "partly", "not-met", NULL };
	const char *usage = N_("evaluate ID --result met|partly|not-met [--note TEXT]");
	const char *result = NULL, *note = NULL;
	const struct opt opts[] = {
		OPT_CHOICE('r', "result", &result, N_("RESULT"), N_("did it reach its aim"), results),
		OPT_STRING(0, "note", &note, N_("TEXT"), N_("one line on why")),
		OPT_TABLE_END,
	};
	struct session s;
	mutu_found found;
	mutu_record *rec;
	mutu_oid blob;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	if (!result)
		usage_error(usage, "%s", _("--result is required"));
	rec = record_open(&s, P, nargs, argv, usage, &blob, &found);
	if ((err = mutu_proposal_evaluate(&s.ctx, rec, &blob, result, note)) < 0)
		die_error(err);
	mutu_value_free(rec);
	session_end(&s);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct verb verbs[] = {
		{ "add", cmd_add, NULL, N_("propose a decision (prints its id)") },
		{ "list", cmd_list, NULL, N_("list the proposals, newest first") },
		{ "show", cmd_show, NULL, N_("show proposals, their comments and how many voted") },
		{ "comment", cmd_comment, NULL, N_("say something on a proposal in discussion or vote") },
		{ "amend", cmd_amend, NULL, N_("change your proposal while it is discussed") },
		{ "submit", cmd_submit, NULL, N_("open a draft to discussion") },
		{ "start", cmd_start, NULL, N_("open the vote, once the discussion time has passed") },
		{ "tally", cmd_tally, NULL, N_("count the ballots (never writes)") },
		{ "close", cmd_close, NULL, N_("end the vote and record the outcome") },
		{ "withdraw", cmd_withdraw, NULL, N_("withdraw your proposal") },
		{ "apply", cmd_apply, NULL, N_("carry out an accepted rules, role or admit proposal") },
		{ "evaluate", cmd_evaluate, NULL, N_("say whether an accepted proposal reached its aim") },
		{ NULL, NULL, NULL, NULL },
	};

	return run_verbs(argc, argv, P->about, verbs);
}
