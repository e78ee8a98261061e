/* mutu-init: create a commons. See mutu-init(1). */
#include "common.h"

#include "lib/commons.h"
#include "lib/error.h"
#include "lib/schema.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	const char *usage = N_("[DIR] --name NAME --member HANDLE --email EMAIL [--fullname TEXT] [--key FILE]... [--rules FILE] [--bare]");
	const char *name = NULL, *handle = NULL, *email = NULL, *fullname = NULL, *rules = NULL;
	char *rules_text = NULL;
	size_t rules_len = 0;
	struct strlist key_files = { 0 };
	mutu_value *keys;
	int bare = 0, nargs, err;
	const struct opt opts[] = {
		OPT_STRING('n', "name", &name, N_("NAME"), N_("the commons' name")),
		OPT_STRING('m', "member", &handle, N_("HANDLE"), N_("your handle, the first member")),
		OPT_STRING('e', "email", &email, N_("EMAIL"), N_("your email")),
		OPT_STRING(0, "fullname", &fullname, N_("TEXT"), N_("your name as others see it")),
		OPT_LIST(0, "key", &key_files, N_("FILE"), N_("your SSH public key file (signed commits count with it)")),
		OPT_STRING(0, "rules", &rules, N_("FILE"), N_("start from these rules, not the defaults")),
		OPT_FLAG(0, "bare", &bare, N_("a commons without a work tree (for a shared remote)")),
		OPT_TABLE_END,
	};
	mutu_store *st;

	start(argv[0]);
	parse_options(argc - 1, argv + 1, opts, usage, &nargs);
	if (nargs > 1)
		usage_error(usage, "%s", _("one directory at a time"));
	if (!name || !handle || !email)
		usage_error(usage, "%s", _("--name, --member and --email are required"));
	/* a rules.yaml is small: the schema's limits, and the YAML reader's */
	if (rules)
		rules_text = read_file_or_die(rules, 1 << 20, &rules_len);
	if (!(keys = mutu_value_seq()))
		die_error(MUTU_ENOMEM);
	push_key_files(keys, &key_files);
	if ((err = mutu_commons_init(&st, nargs ? argv[1] : ".", bare, name, handle, email,
				     fullname, keys, rules_text, rules_len, rules)) < 0)
		die_error(err);
	if (!common.quiet)
		printf(_("Created the commons '%s' in %s\n"), name, mutu_store_path(st));
	mutu_store_free(st);
	mutu_value_free(keys);
	free(key_files.items);
	free(rules_text);
	mutu_schema_cleanup();
	return 0;
}
