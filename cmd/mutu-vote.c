/* mutu-vote: a member's ballot on a proposal. See mutu-vote(1). */
#include "common.h"
#include "records.h"

#include "lib/ballot.h"
#include "lib/error.h"
#include "lib/find.h"
#include "lib/member.h"
#include "lib/output.h"
#include "lib/proposal.h"
#include "lib/types.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage_text =
	N_("ID yes|no|abstain|block | ID --approve OPT[,OPT...] | ID --rank OPT[,OPT...] | ID --grade OPT=GRADE[,...] | ID --retract | list ID");

/* What a ballot says, as a member types it: "yes", "A,B", "E,A=C,B",
 * "A=good,B=poor": the one field of the four it holds. */
static const char *ballot_text(const mutu_record *rec)
{
	static const char *const fields[] = { "choice", "approve", "rank", "grade", NULL };
	size_t i;

	for (i = 0; fields[i]; i++)
		if (mutu_map_str(rec, fields[i]))
			return mutu_map_str(rec, fields[i]);
	return "";
}

static const char *field(const mutu_record *rec, const char *name)
{
	const char *s = mutu_map_str(rec, name);

	return s ? s : "";
}

static int list_ballots(mutu_store *st, const char *typed)
{
	static const char *const headers[] = { N_("VOTER"), N_("BALLOT"), N_("CAST"), N_("UPDATED") };
	const char *heads[4];
	mutu_buf out = MUTU_BUF_INIT;
	mutu_format f = output_format();
	mutu_table *table = NULL;
	mutu_record **recs, *prop;
	mutu_found found;
	size_t i, n;
	int err;

	if ((err = mutu_find(&found, st, &mutu_type_proposal, typed)) < 0 ||
	    (err = mutu_find_load(&prop, NULL, st, &found, MUTU_FIND_QUIET)) < 0 ||
	    (err = mutu_ballot_list(&recs, &n, st, found.key)) < 0)
		die_error(err);
	for (i = 0; i < 4; i++)
		heads[i] = _(headers[i]);
	if (f == MUTU_FORMAT_TABLE && (err = mutu_table_new(&table, 4, heads)) < 0)
		die_error(err);
	for (i = 0; i < n; i++) {
		const mutu_record *r = recs[i];
		const char *cells[4];

		cells[0] = field(r, "voter");
		cells[1] = ballot_text(r);
		cells[2] = field(r, "cast");
		cells[3] = field(r, "updated");
		switch (f) {
		case MUTU_FORMAT_TABLE:
			if ((err = mutu_table_add(table, cells)) < 0)
				die_error(err);
			break;
		case MUTU_FORMAT_JSON:
			mutu_output_json(&out, r);
			mutu_buf_putc(&out, '\n');
			break;
		case MUTU_FORMAT_YAML:
			if (i)
				mutu_buf_puts(&out, "---\n");
			if ((err = mutu_records_emit(&out, "ballot", recs[i])) < 0)
				die_error(err);
			break;
		case MUTU_FORMAT_IDS:
			mutu_buf_printf(&out, "%s\n", cells[0]);
			break;
		case MUTU_FORMAT_TSV:
			mutu_output_tsv_field(&out, cells[0]);
			mutu_buf_putc(&out, '\t');
			mutu_output_tsv_field(&out, cells[1]);
			mutu_buf_putc(&out, '\t');
			mutu_output_tsv_field(&out, cells[2]);
			mutu_buf_putc(&out, '\t');
			mutu_output_tsv_field(&out, cells[3]);
			mutu_buf_putc(&out, '\n');
			break;
		}
	}
	if (table) {
		if (n)
			mutu_table_render(&out, table, terminal_width(), 1);
		mutu_table_free(table);
	}
	if ((err = mutu_buf_check(&out)) < 0)
		die_error(err);
	emit(&out);
	for (i = 0; i < n; i++)
		mutu_value_free(recs[i]);
	free(recs);
	mutu_buf_free(&out);
	mutu_value_free(prop);
	return n ? 0 : 1;
}

int main(int argc, char **argv)
{
	mutu_ballot_input in = { 0 };
	int retract = 0, nargs, err, changed;
	const struct opt opts[] = {
		OPT_STRING(0, "approve", &in.approve, N_("OPT,..."), N_("approval: the options you approve")),
		OPT_STRING(0, "rank", &in.rank, N_("OPT,..."), N_("schulze, stv: the options, best first (A=B: a tie, schulze)")),
		OPT_STRING(0, "grade", &in.grade, N_("OPT=GRADE,..."), N_("majority-judgment: a grade for each option")),
		OPT_FLAG(0, "retract", &retract, N_("take your ballot back")),
		OPT_TABLE_END,
	};
	struct session s;
	mutu_store *st;
	mutu_found found;
	mutu_record *prop;
	int status;

	start(argv[0]);
	parse_options(argc - 1, argv + 1, opts, usage_text, &nargs);
	argv++;
	if (nargs >= 1 && !strcmp(argv[0], "help")) {
		char *help[] = { "--help", NULL };

		parse_options(1, help, opts, usage_text, &nargs);
	}
	if (nargs >= 1 && !strcmp(argv[0], "list")) {
		if (in.approve || in.rank || in.grade || retract)
			usage_error(usage_text, "%s", _("list takes no ballot"));
		if (nargs != 2)
			usage_error(usage_text, "%s", _("list which proposal? give its id"));
		st = open_commons();
		status = list_ballots(st, argv[1]);
		mutu_store_free(st);
		return status;
	}
	if (nargs < 1)
		usage_error(usage_text, "%s", _("which proposal? give its id"));
	if (nargs > 2)
		usage_error(usage_text, _("unexpected argument '%s'"), mutu_utf8_clip(argv[2], 40));
	if (nargs == 2)
		in.choice = argv[1];
	if (retract && (in.choice || in.approve || in.rank || in.grade))
		usage_error(usage_text, "%s", _("--retract takes no ballot"));
	if (!retract && !in.choice && !in.approve && !in.rank && !in.grade)
		usage_error(usage_text, "%s", _("give a ballot: yes, no, abstain, block, --approve, --rank or --grade"));
	session_open(&s);
	if ((err = mutu_find(&found, s.st, &mutu_type_proposal, argv[0])) < 0 ||
	    (err = mutu_find_load(&prop, NULL, s.st, &found, MUTU_FIND_QUIET)) < 0)
		die_error(err);
	session_act(&s);
	if ((err = mutu_ballot_cast(&s.ctx, prop, retract ? NULL : &in, &changed)) < 0)
		die_error(err);
	if (!common.quiet)
		printf(retract ? _("Ballot on proposal %.8s retracted\n")
		       : changed ? _("Ballot on proposal %.8s changed\n")
				 : _("Ballot on proposal %.8s cast\n"),
		       found.key);
	mutu_value_free(prop);
	session_end(&s);
	return 0;
}
