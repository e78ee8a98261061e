/* mutu-member: the members of a commons. See mutu-member(1). */
#include "common.h"
#include "records.h"

#include "lib/actions.h"
#include "lib/error.h"
#include "lib/id.h"
#include "lib/member.h"
#include "lib/types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An SSH public key file holds one line, at most 16 KiB. */
#define MAX_KEY_FILE 16384

static int cmd_add(int argc, char **argv)
{
	const char *usage = N_("add HANDLE --name TEXT --email EMAIL [--key PUBKEY-FILE]... [--role ROLE]...");
	const char *name = NULL, *email = NULL;
	struct strlist keys = { 0 }, roles = { 0 };
	const struct opt opts[] = {
		OPT_STRING('n', "name", &name, N_("TEXT"), N_("the member's name")),
		OPT_STRING('e', "email", &email, N_("EMAIL"), N_("the member's email (commits carry it)")),
		OPT_LIST(0, "key", &keys, N_("FILE"), N_("an SSH public key file")),
		OPT_LIST(0, "role", &roles, N_("ROLE"), N_("a role")),
		OPT_TABLE_END,
	};
	mutu_value *keyv = mutu_value_seq(), *rolev = mutu_value_seq();
	mutu_action_ctx ctx;
	mutu_record *rec;
	mutu_member me;
	mutu_actor who;
	mutu_store *st;
	size_t i, len;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	if (nargs != 1)
		usage_error(usage, "%s", _("give one HANDLE"));
	if (!name || !email)
		usage_error(usage, "%s", _("--name and --email are required"));
	if ((err = mutu_handle_check(argv[0])) < 0)
		die_error(err);
	if (!keyv || !rolev)
		die_error(MUTU_ENOMEM);
	for (i = 0; i < keys.len; i++) {
		char *text = read_file_or_die(keys.items[i], MAX_KEY_FILE, &len);

		if (strlen(text) != len)
			die(65, _("%s: NUL character in a key file"), keys.items[i]);
		text[strcspn(text, "\r\n")] = '\0';
		if (mutu_seq_push(keyv, mutu_value_str(text)) < 0)
			die_error(MUTU_ENOMEM);
		free(text);
	}
	for (i = 0; i < roles.len; i++)
		if (mutu_seq_push(rolev, mutu_value_str(roles.items[i])) < 0)
			die_error(MUTU_ENOMEM);
	st = open_commons();
	acting_member(&me, st);
	who = mutu_member_actor(&me);
	ctx = (mutu_action_ctx){ st, &who };
	if ((err = mutu_member_new(&rec, argv[0], name, email, keyv, rolev)) < 0 ||
	    (err = mutu_action_add(&ctx, &mutu_type_member, &rec, 1)) < 0)
		die_error(err);
	if (!common.quiet)
		printf("%s\n", argv[0]);
	mutu_value_free(rec);
	mutu_value_free(keyv);
	mutu_value_free(rolev);
	mutu_member_clear(&me);
	mutu_store_free(st);
	free(keys.items);
	free(roles.items);
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	return record_list(&mutu_type_member, argc, argv);
}

static int cmd_show(int argc, char **argv)
{
	return record_show(&mutu_type_member, argc, argv);
}

int main(int argc, char **argv)
{
	static const struct verb verbs[] = {
		{ "add", cmd_add, NULL, N_("welcome a member (HANDLE --name TEXT --email EMAIL)") },
		{ "list", cmd_list, NULL, N_("list the members") },
		{ "show", cmd_show, NULL, N_("show members, by handle") },
		{ NULL, NULL, NULL, NULL },
	};

	return run_verbs(argc, argv, mutu_type_member.about, verbs);
}
