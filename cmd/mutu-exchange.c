/* mutu-exchange: the time bank's exchanges. See mutu-exchange(1). */
#include "common.h"
#include "records.h"

#include "lib/error.h"
#include "lib/find.h"
#include "lib/timebank.h"
#include "lib/types.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mutu_record_type *const X = &mutu_type_exchange;

static int cmd_add(int argc, char **argv)
{
	const char *usage = N_("add --to HANDLE... --hours N [--for TEXT] [--need NEED]");
	const char *hours = NULL, *what = NULL, *need = NULL;
	struct strlist to = { 0 };
	const struct opt opts[] = {
		OPT_LIST(0, "to", &to, N_("HANDLE"), N_("a member you pay (again for several: each is paid N hours)")),
		OPT_STRING(0, "hours", &hours, N_("N"), N_("hours paid to each, such as 2 or 1.5")),
		OPT_STRING(0, "for", &what, N_("TEXT"), N_("what the help was")),
		OPT_STRING(0, "need", &need, N_("NEED"), N_("the need it answered")),
		OPT_TABLE_END,
	};
	mutu_exchange_request req = { 0 };
	mutu_found need_found;
	mutu_buf out = MUTU_BUF_INIT;
	mutu_record *rec;
	struct session s;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	if (nargs)
		usage_error(usage, _("unexpected argument '%s'"), mutu_utf8_clip(argv[0], 40));
	if (!to.len || !hours)
		usage_error(usage, "%s", _("--to and --hours are required"));
	if ((err = mutu_hours_parse(&req.minutes, hours)) < 0)
		die_error(err);
	session_open(&s);
	if (need) {
		if ((err = mutu_find(&need_found, s.st, &mutu_type_need, need)) < 0)
			die_error(err);
		req.need = need_found.key;
	}
	session_act(&s);
	req.payer = s.me.handle;
	req.to = to.items;
	req.n = to.len;
	req.what = what;
	if ((err = mutu_exchange_new(&rec, s.st, &req)) < 0 || (err = mutu_exchange_add(&s.ctx, rec)) < 0)
		die_error(err);
	mutu_buf_printf(&out, "%s\n", mutu_map_str(rec, "id"));
	emit(&out);
	mutu_buf_free(&out);
	mutu_value_free(rec);
	session_end(&s);
	free(to.items);
	return 0;
}

static int cmd_list(int argc, char **argv) { return record_list(X, argc, argv); }
/* What a table says of an exchange beyond its fields: who got how much. */
static void show_paid(mutu_buf *b, mutu_store *st, const mutu_found *found, const mutu_record *rec,
		      mutu_format f)
{
	const mutu_value *moves = mutu_map_get(rec, "movements");
	size_t i;

	(void)st;
	(void)found;
	if (f != MUTU_FORMAT_TABLE || !moves || moves->type != MUTU_SEQ)
		return;
	for (i = 0; i < moves->u.seq.len; i++) {
		const mutu_value *m = moves->u.seq.items[i], *min = mutu_map_get(m, "minutes");
		const char *to = mutu_map_str(m, "to"), *label = i ? "" : _("Paid:");
		char hours[32];

		if (!to || !min || min->type != MUTU_INT)
			continue;
		mutu_hours_format(hours, min->u.num > MUTU_MAX_MINUTES ? MUTU_MAX_MINUTES : (long)min->u.num);
		record_print_label(b, label);
		mutu_utf8_escape(b, to, 0);
		mutu_buf_printf(b, _(" %s h\n"), hours);
	}
}

static int cmd_show(int argc, char **argv) { return record_show_with(X, argc, argv, show_paid); }

int main(int argc, char **argv)
{
	static const struct verb verbs[] = {
		{ "add", cmd_add, NULL, N_("pay members hours for help received (prints its id)") },
		{ "list", cmd_list, NULL, N_("list the exchanges, newest first") },
		{ "show", cmd_show, NULL, N_("show some, by id") },
		{ NULL, NULL, NULL, NULL },
	};

	start(argv[0]);
	return run_verbs(argc, argv, X->about, verbs);
}
