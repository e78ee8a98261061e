/* mutu-init: create a commons. See mutu-init(1). */
#include "common.h"

#include "lib/commons.h"
#include "lib/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *usage = "[DIR] --name NAME --member HANDLE --email EMAIL [--fullname TEXT] [--bare]";
	const char *name = NULL, *handle = NULL, *email = NULL, *fullname = NULL;
	int bare = 0, nargs, err;
	const struct opt opts[] = {
		{ "name", 'n', OPT_STRING, &name, "NAME", "the commons' name" },
		{ "member", 'm', OPT_STRING, &handle, "HANDLE", "your handle, the first member" },
		{ "email", 'e', OPT_STRING, &email, "EMAIL", "your email" },
		{ "fullname", 0, OPT_STRING, &fullname, "TEXT", "your name as others see it" },
		{ "bare", 0, OPT_FLAG, &bare, NULL, "a commons without a work tree (for a shared remote)" },
		OPT_TABLE_END,
	};
	mutu_store *st;
	char **args;

	start(argv[0]);
	parse_options(argc - 1, argv + 1, opts, usage, &args, &nargs);
	if (nargs > 1)
		usage_error(usage, "one directory at a time");
	if (common.dir && chdir(common.dir) < 0)
		die(66, "cannot change to '%s': %s", common.dir, strerror(errno));
	if (!name || !handle || !email)
		usage_error(usage, "--name, --member and --email are required");
	if ((err = mutu_commons_init(&st, nargs ? args[0] : ".", bare, name, handle, email,
				     fullname)) < 0)
		die_error(err);
	if (!common.quiet)
		printf("Created the commons '%s' in %s\n", name, mutu_store_path(st));
	mutu_store_free(st);
	return 0;
}
