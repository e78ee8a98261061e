/* mutu-member: the members of a commons. See mutu-member(1). */
#include "common.h"
#include "records.h"

#include "lib/actions.h"
#include "lib/clock.h"
#include "lib/error.h"
#include "lib/find.h"
#include "lib/id.h"
#include "lib/member.h"
#include "lib/rules.h"
#include "lib/timebank.h"
#include "lib/types.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const mutu_record_type *const M = &mutu_type_member;

static int cmd_add(int argc, char **argv)
{
	const char *usage = N_("add HANDLE --name TEXT --email EMAIL [--key PUBKEY-FILE]...");
	const char *name = NULL, *email = NULL;
	struct strlist keys = { 0 };
	const struct opt opts[] = {
		OPT_STRING('n', "name", &name, N_("TEXT"), N_("the member's name")),
		OPT_STRING('e', "email", &email, N_("EMAIL"), N_("the member's email (commits carry it)")),
		OPT_LIST(0, "key", &keys, N_("FILE"), N_("an SSH public key file")),
		OPT_TABLE_END,
	};
	mutu_value *keyv = mutu_value_seq();
	mutu_record *rec;
	mutu_rules rules;
	struct session s;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	if (nargs != 1)
		usage_error(usage, "%s", _("give one HANDLE"));
	if (!name || !email)
		usage_error(usage, "%s", _("--name and --email are required"));
	if ((err = mutu_handle_check(argv[0])) < 0)
		die_error(err);
	if (!keyv)
		die_error(MUTU_ENOMEM);
	push_key_files(keyv, &keys);
	session_open(&s);
	session_act(&s);
	if ((err = mutu_rules_load(&rules, s.st)) < 0)
		die_error(err);
	/* who may welcome a member is the group's rule (rules.yaml membership) */
	if (rules.membership == MUTU_MEMBERSHIP_BY_PROPOSAL)
		die(77, _("the rules admit members by proposal: mutu propose add --kind admit --member %s --name TEXT --email EMAIL"),
		    argv[0]);
	if ((err = mutu_member_new(&rec, argv[0], name, email, keyv->u.seq.len ? keyv : NULL)) < 0 ||
	    (rules.membership == MUTU_MEMBERSHIP_SPONSORED &&
	     (err = mutu_map_set_str(rec, "sponsor", s.me.handle)) < 0) ||
	    (err = mutu_action_add(&s.ctx, M, &rec, 1)) < 0)
		die_error(err);
	if (!common.quiet)
		printf("%s\n", argv[0]);
	mutu_value_free(rec);
	mutu_value_free(keyv);
	session_end(&s);
	free(keys.items);
	return 0;
}

/* Remove from keys the one key what names: a key file, or a fingerprint
 * as ssh-keygen -l prints it. */
static void remove_key(mutu_value *keys, const char *what)
{
	char fp[64], *text = NULL;
	size_t i;

	if (strncmp(what, "SHA256:", 7) != 0)
		text = read_key_file(what);
	for (i = 0; keys && keys->type == MUTU_SEQ && i < keys->u.seq.len; i++) {
		const mutu_value *k = keys->u.seq.items[i];

		if (k->type != MUTU_STR)
			continue;
		if (text ? mutu_key_same(text, k->u.str)
			 : mutu_key_fingerprint(fp, k->u.str) == 0 && !strcmp(fp, what)) {
			mutu_seq_remove(keys, i);
			free(text);
			return;
		}
	}
	mutu_error_clear();
	free(text);
	die(65, _("no key of yours matches %s"), mutu_utf8_clip(what, 80));
}

static int cmd_edit(int argc, char **argv)
{
	const char *usage = N_("edit HANDLE [--name TEXT] [--email EMAIL] [--key FILE]... [--remove-key FILE|FINGERPRINT]...");
	const char *name = NULL, *email = NULL;
	struct strlist add = { 0 }, rm = { 0 };
	const struct opt opts[] = {
		OPT_STRING('n', "name", &name, N_("TEXT"), N_("your name")),
		OPT_STRING('e', "email", &email, N_("EMAIL"), N_("your email (commits carry it)")),
		OPT_LIST(0, "key", &add, N_("FILE"), N_("add an SSH public key")),
		OPT_LIST(0, "remove-key", &rm, N_("FILE|FINGERPRINT"), N_("remove an SSH public key")),
		OPT_TABLE_END,
	};
	mutu_record *rec, *before;
	mutu_value *keys;
	mutu_found found;
	struct session s;
	mutu_oid blob;
	size_t i;
	int nargs, err = 0;

	parse_options(argc, argv, opts, usage, &nargs);
	/* no option: the whole record in $EDITOR, as for any record */
	if (!name && !email && !add.len && !rm.len)
		return record_edit(M, argc, argv);
	rec = record_open(&s, M, nargs, argv, usage, &blob, &found);
	if ((err = mutu_action_check_owner(M, rec, &s.who, "edit")) < 0)
		die_error(err);
	if (!(before = mutu_value_dup(rec)))
		die_error(MUTU_ENOMEM);
	if ((name && (err = mutu_map_set_str(rec, "name", name)) < 0) ||
	    (email && (err = mutu_map_set_str(rec, "email", email)) < 0))
		die_error(err);
	keys = mutu_map_get(rec, "keys");
	if (keys && keys->type != MUTU_SEQ)
		die(65, _("%s: its keys are not a list; fix the file, then edit again"), found.path);
	if (!keys) {
		if ((err = mutu_map_set(rec, "keys", mutu_value_seq())) < 0)
			die_error(err);
		keys = mutu_map_get(rec, "keys");
	}
	for (i = 0; i < rm.len; i++)
		remove_key(keys, rm.items[i]);
	for (i = 0; i < add.len; i++) {
		char *text = read_key_file(add.items[i]);
		size_t j;

		for (j = 0; j < keys->u.seq.len; j++)
			if (keys->u.seq.items[j]->type == MUTU_STR &&
			    mutu_key_same(text, keys->u.seq.items[j]->u.str))
				die(65, _("%s: you have this key already"), add.items[i]);
		if (mutu_seq_push(keys, mutu_value_str(text)) < 0)
			die_error(MUTU_ENOMEM);
		free(text);
	}
	if (!keys->u.seq.len)
		mutu_map_remove(rec, "keys");
	/* a name and email become commit headers: checked now, as at add */
	if ((err = mutu_records_check_author(mutu_map_str(rec, "name"), mutu_map_str(rec, "email"),
					     "--name and --email")) < 0 ||
	    (err = mutu_records_check(M->name, rec, found.path)) < 0)
		die_error(err);
	if (mutu_value_equal(rec, before)) {
		if (!common.quiet)
			fprintf(stderr, _("%s: nothing changed\n"), prog);
	} else if ((err = mutu_action_save(&s.ctx, M, rec, &blob, "edit")) < 0) {
		die_error(err);
	}
	mutu_value_free(before);
	mutu_value_free(rec);
	session_end(&s);
	free(add.items);
	free(rm.items);
	return 0;
}

static int cmd_leave(int argc, char **argv)
{
	const char *usage = N_("leave HANDLE");
	char when[MUTU_TIME_LEN + 1], **active;
	mutu_record *rec;
	mutu_found found;
	struct session s;
	mutu_oid blob;
	size_t nactive;
	time_t now;
	int nargs, err;

	parse_options(argc, argv, NULL, usage, &nargs);
	rec = record_open(&s, M, nargs, argv, usage, &blob, &found);
	if (strcmp(found.key, s.me.handle) != 0)
		die(77, _("only %s can decide to leave; you are %s"), found.key, s.me.handle);
	if ((err = mutu_members_active_at(&active, &nactive, s.st, NULL)) < 0)
		die_error(err);
	mutu_members_free(active, nactive);
	/* someone must be left to act, or the commons is frozen for good */
	if (nactive <= 1)
		die(77, _("%s is the last active member: a commons needs one to go on"), found.key);
	if ((err = mutu_clock_now(&now)) < 0)
		die_error(err);
	mutu_clock_format(when, now);
	if ((err = mutu_map_set_str(rec, "status", "left")) < 0 ||
	    (err = mutu_map_set_str(rec, "left", when)) < 0 ||
	    (err = mutu_action_save(&s.ctx, M, rec, &blob, "leave")) < 0)
		die_error(err);
	mutu_value_free(rec);
	session_end(&s);
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	return record_list(M, argc, argv);
}

static int cmd_show(int argc, char **argv)
{
	return record_show(M, argc, argv);
}

/* One balance as a tsv line or a table row's cells. */
static void balance_cells(char cells[4][32], const mutu_balance *b)
{
	mutu_hours_format(cells[0], b->minutes);
	mutu_hours_format(cells[1], b->received);
	mutu_hours_format(cells[2], b->paid);
	snprintf(cells[3], 32, "%zu", b->exchanges);
}

static int cmd_balance(int argc, char **argv)
{
	const char *usage = N_("balance [HANDLE]");
	const struct opt opts[] = { OPT_TABLE_END };
	const char *headings[] = { N_("HANDLE"), N_("BALANCE"), N_("RECEIVED"), N_("PAID"),
				   N_("EXCHANGES") };
	mutu_buf b = MUTU_BUF_INIT;
	mutu_table *table = NULL;
	mutu_balance *all = NULL, one;
	mutu_format f;
	mutu_found found;
	mutu_store *st;
	char cells[4][32];
	size_t n, i, k;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	if (nargs > 1)
		usage_error(usage, "%s", _("one member at a time, or all of them"));
	f = output_format();
	st = open_commons();
	if (nargs) {
		/* a member the commons knows, even one who never took part */
		if ((err = mutu_find(&found, st, M, argv[0])) < 0 ||
		    (err = mutu_balance_of(&one, st, found.key)) < 0)
			die_error(err);
		all = &one;
		n = 1;
	} else if ((err = mutu_balances(&all, &n, st)) < 0) {
		die_error(err);
	}
	if (f == MUTU_FORMAT_TABLE) {
		const char *t[5];

		for (k = 0; k < 5; k++)
			t[k] = _(headings[k]);
		if ((err = mutu_table_new(&table, 5, t)) < 0)
			die_error(err);
	}
	for (i = 0; i < n; i++) {
		balance_cells(cells, &all[i]);
		switch (f) {
		case MUTU_FORMAT_TABLE: {
			const char *row[5] = { all[i].handle, cells[0], cells[1], cells[2], cells[3] };

			if ((err = mutu_table_add(table, row)) < 0)
				die_error(err);
			break;
		}
		case MUTU_FORMAT_JSON:
			/* a handle is [a-z0-9-]: nothing in it to escape */
			mutu_buf_printf(&b, "{\"handle\":\"%s\",\"balance\":%s,\"received\":%s,\"paid\":%s,\"exchanges\":%s,\"minutes\":%ld}\n",
					all[i].handle, cells[0], cells[1], cells[2], cells[3],
					all[i].minutes);
			break;
		case MUTU_FORMAT_YAML:
			mutu_buf_printf(&b, "%shandle: %s\nbalance: %s\nreceived: %s\npaid: %s\nexchanges: %s\nminutes: %ld\n",
					i ? "---\n" : "", all[i].handle, cells[0], cells[1], cells[2],
					cells[3], all[i].minutes);
			break;
		case MUTU_FORMAT_IDS:
			mutu_buf_printf(&b, "%s\n", all[i].handle);
			break;
		case MUTU_FORMAT_TSV:
			/* the balance in minutes last: exact, where hours are rounded */
			mutu_buf_printf(&b, "%s\t%s\t%s\t%s\t%s\t%ld\n", all[i].handle, cells[0],
					cells[1], cells[2], cells[3], all[i].minutes);
			break;
		}
	}
	if (table) {
		mutu_table_render(&b, table, terminal_width(), (size_t)-1);
		mutu_table_free(table);
	}
	emit(&b);
	mutu_buf_free(&b);
	if (all != &one)
		free(all);
	mutu_store_free(st);
	return n ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct verb verbs[] = {
		{ "add", cmd_add, NULL, N_("welcome a member (HANDLE --name TEXT --email EMAIL)") },
		{ "list", cmd_list, NULL, N_("list the members") },
		{ "show", cmd_show, NULL, N_("show members, by handle") },
		{ "edit", cmd_edit, NULL, N_("change your name, email or keys (roles change by proposal)") },
		{ "leave", cmd_leave, NULL, N_("leave the commons (history keeps you)") },
		{ "balance", cmd_balance, NULL, N_("time-bank balances, derived from the exchanges") },
		{ NULL, NULL, NULL, NULL },
	};

	return run_verbs(argc, argv, M->about, verbs);
}
