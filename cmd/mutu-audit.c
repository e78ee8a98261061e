/* mutu-audit: the history replayed, every act checked against the
 * commons' own rules; and the guard of a shared remote (--pre-receive).
 * See mutu-audit(1). */
#include "common.h"

#include "lib/audit.h"
#include "lib/clock.h"
#include "lib/error.h"
#include "lib/output.h"
#include "lib/schema.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A commit dated later than this after the remote's clock is refused by
 * the guard: clocks drift by minutes, not by a day. */
#define FUTURE_SLACK (24 * 60 * 60)

/* A pre-receive line is two ids and a ref name. */
#define PUSH_LINE_MAX 4096

struct printer {
	mutu_format format;
	mutu_buf out;
	int to_stderr;      /* the guard speaks to the pusher, through git */
};

static void put_json(mutu_buf *b, const char *key, const char *value, int last)
{
	mutu_buf_printf(b, "\"%s\":", key);
	mutu_output_json_string(b, value);
	mutu_buf_puts(b, last ? "}\n" : ",");
}

static int on_violation(const mutu_violation *v, void *payload)
{
	struct printer *p = payload;
	char when[MUTU_TIME_LEN + 1];
	mutu_buf *b = &p->out;

	mutu_clock_format(when, v->when);
	if (p->to_stderr)
		return tell_violation(v, NULL);
	switch (p->format) {
	case MUTU_FORMAT_JSON:
		mutu_buf_putc(b, '{');
		put_json(b, "commit", v->commit, 0);
		put_json(b, "time", when, 0);
		put_json(b, "member", v->member, 0);
		put_json(b, "rule", v->rule, 0);
		put_json(b, "path", v->path, 0);
		put_json(b, "detail", v->detail, 1);
		break;
	case MUTU_FORMAT_TSV:
		mutu_output_tsv_field(b, v->commit);
		mutu_buf_putc(b, '\t');
		mutu_output_tsv_field(b, when);
		mutu_buf_putc(b, '\t');
		mutu_output_tsv_field(b, v->member);
		mutu_buf_putc(b, '\t');
		mutu_output_tsv_field(b, v->rule);
		mutu_buf_putc(b, '\t');
		mutu_output_tsv_field(b, v->path);
		mutu_buf_putc(b, '\t');
		mutu_output_tsv_field(b, v->detail);
		mutu_buf_putc(b, '\n');
		break;
	default:
		mutu_buf_printf(b, "%.8s  %.10s  ", v->commit, when);
		mutu_utf8_escape(b, v->member, 0);
		mutu_buf_printf(b, "  %s\n    ", v->rule);
		mutu_utf8_escape(b, v->detail, 0);
		mutu_buf_putc(b, '\n');
		break;
	}
	if (b->len > 65536) {
		if (!common.quiet)
			emit(b);
		mutu_buf_clear(b);
	}
	return 0;
}

/* --- the guard of a shared remote --- */

static int pre_receive(void)
{
	struct printer p = { MUTU_FORMAT_TABLE, MUTU_BUF_INIT, 1 };
	char line[PUSH_LINE_MAX], old_hex[64], new_hex[64], ref[PUSH_LINE_MAX], main_ref[256];
	mutu_buf known = MUTU_BUF_INIT;
	mutu_audit_stats stats;
	mutu_store *st;
	size_t violations = 0;
	time_t now;
	int err;

	if ((err = mutu_clock_now(&now)) < 0 ||
	    (err = mutu_store_open(&st, NULL, MUTU_OPEN_FROM_ENV | MUTU_OPEN_ANY)) < 0)
		die_error(err);
	/* the main branch: the one HEAD names, born or not; and what the
	 * remote holds already, trusted */
	mutu_store_head_ref(main_ref, st);
	if ((err = mutu_store_ref_tips(&known, st)) < 0)
		die_error(err);
	while (read_line_or_die(stdin, _("standard input"), line, sizeof(line))) {
		mutu_oid old_id, new_id;
		mutu_audit_opts o = { 0 };
		int is_main;

		if (sscanf(line, "%63s %63s %4095s", old_hex, new_hex, ref) != 3 ||
		    mutu_oid_parse(&old_id, old_hex) < 0 || mutu_oid_parse(&new_id, new_hex) < 0)
			die(65, _("not a line git gives a pre-receive hook: %s"), mutu_utf8_clip(line, 80));
		is_main = !strcmp(ref, main_ref);
		if (mutu_oid_is_zero(&new_id)) {
			if (is_main) {
				fprintf(stderr, _("mutu: refused: %s may not be deleted\n"), main_ref);
				violations++;
			}
			continue;
		}
		if (is_main && !mutu_oid_is_zero(&old_id) && !mutu_store_descends(st, &new_id, &old_id)) {
			fprintf(stderr, _("mutu: refused: %s may not be rewritten: %.8s does not contain %.8s\n"),
				main_ref, new_hex, old_hex);
			violations++;
			continue;
		}
		o.tip = &new_id;
		o.known = (const mutu_oid *)known.ptr;
		o.nknown = known.len / sizeof(mutu_oid);
		o.not_after = now + FUTURE_SLACK;
		if ((err = mutu_audit(&stats, st, &o, on_violation, &p)) < 0)
			die_error(err);
		violations += stats.violations;
	}
	mutu_buf_free(&p.out);
	mutu_buf_free(&known);
	mutu_store_free(st);
	mutu_schema_cleanup();
	if (violations) {
		fprintf(stderr, P_("mutu: the push is refused: %zu violation of the commons' rules\n",
				   "mutu: the push is refused: %zu violations of the commons' rules\n",
				   violations),
			violations);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *usage = N_("[--since REV] | --pre-receive");
	const char *since = NULL;
	int nargs, err, guard = 0;
	const struct opt opts[] = {
		OPT_STRING(0, "since", &since, N_("REV"), N_("only what came after REV (REV..HEAD)")),
		OPT_FLAG(0, "pre-receive", &guard, N_("as a shared remote's pre-receive hook: refuse a push that breaks the rules")),
		OPT_TABLE_END,
	};
	struct printer p = { .out = MUTU_BUF_INIT };
	mutu_audit_opts o = { 0 };
	mutu_audit_stats stats;
	mutu_store *st;

	start(argv[0]);
	parse_options(argc - 1, argv + 1, opts, usage, &nargs);
	if (nargs)
		usage_error(usage, "%s", _("audit takes no argument"));
	if (guard) {
		if (since)
			usage_error(usage, "%s", _("--pre-receive audits what is pushed: it takes no --since"));
		return pre_receive();
	}
	p.format = output_format();
	if (p.format == MUTU_FORMAT_YAML || p.format == MUTU_FORMAT_IDS)
		usage_error(usage, "%s", _("--format takes table, tsv or json here"));
	st = open_commons();
	o.since = since;
	o.remember = 1;
	err = mutu_audit(&stats, st, &o, on_violation, &p);
	if (!common.quiet)
		emit(&p.out);
	mutu_buf_free(&p.out);
	mutu_store_free(st);
	mutu_schema_cleanup();
	if (err < 0)
		die_error(err);
	if (p.format == MUTU_FORMAT_TABLE && !common.quiet) {
		if (stats.violations)
			fprintf(stderr, P_("mutu: %zu violation in %zu commits checked\n",
					   "mutu: %zu violations in %zu commits checked\n", stats.violations),
				stats.violations, stats.commits);
		else
			fprintf(stderr, P_("mutu: %zu commit checked: no violation\n",
					   "mutu: %zu commits checked: no violation\n", stats.commits),
				stats.commits);
	}
	return stats.violations ? 1 : 0;
}
