/* mutu-clone: a copy of a commons of one's own. See mutu-clone(1). */
#include "common.h"

#include "lib/credential.h"
#include "lib/error.h"
#include "lib/mergedriver.h"
#include "lib/schema.h"
#include "lib/sync.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What git would name the directory: the URL's last part, without .git. */
static char *default_dir(const char *url)
{
	size_t len = strlen(url);
	const char *start;
	char *dir;

	while (len > 1 && url[len - 1] == '/')
		len--;
	if (len > 4 && !strncmp(url + len - 4, ".git", 4))
		len -= 4;
	while (len > 1 && url[len - 1] == '/')
		len--;
	start = url + len;
	while (start > url && start[-1] != '/' && start[-1] != ':')
		start--;
	if (start == url + len || (len - (size_t)(start - url) == 2 && !strncmp(start, "..", 2)) ||
	    (len - (size_t)(start - url) == 1 && *start == '.'))
		return NULL;
	if (!(dir = strndup(start, len - (size_t)(start - url))))
		die_error(mutu_error_nomem());
	return dir;
}

int main(int argc, char **argv)
{
	const char *usage = N_("URL [DIR] [--bare]");
	int bare = 0, nargs, err;
	const struct opt opts[] = {
		OPT_FLAG(0, "bare", &bare, N_("a copy without a work tree (a mirror, a shared remote)")),
		OPT_TABLE_END,
	};
	mutu_clone_opts co = { 0 };
	mutu_member me = { 0 };
	mutu_store *st;
	char *dir;

	start(argv[0]);
	parse_options(argc - 1, argv + 1, opts, usage, &nargs);
	if (nargs < 1 || nargs > 2)
		usage_error(usage, "%s", nargs < 1 ? _("which commons? give its URL") : _("one URL and one directory"));
	if (nargs == 2) {
		if (!(dir = strdup(argv[2])))
			die_error(mutu_error_nomem());
	} else if (!(dir = default_dir(argv[1]))) {
		usage_error(usage, _("cannot name a directory after %s; give one"), mutu_utf8_clip(argv[1], 80));
	}
	co.bare = bare;
	co.credential = user_credential(NULL);
	co.known_hosts = known_hosts_files(&co.nknown_hosts);
	co.progress = transfer_progress;
	err = mutu_clone(argv[1], dir, &co);
	mutu_credential_free(co.credential);
	if (err < 0)
		die_error(err);
	if ((err = mutu_store_open(&st, dir, MUTU_OPEN_NO_SEARCH)) < 0 ||
	    (err = mutu_merge_driver_register(st)) < 0)
		die_error(err);
	refresh_signers(st);   /* git log --show-signature works at once */
	/* the acting member, when the user's email names exactly one */
	if (!bare && mutu_member_whoami(&me, st, NULL) == 0 &&
	    (err = mutu_store_config_set(st, "mutu.member", me.handle)) < 0)
		die_error(err);
	mutu_error_clear();
	if (!common.quiet) {
		printf(_("Cloned the commons into %s\n"), mutu_utf8_clip(dir, 200));
		if (me.handle)
			printf(_("You act as %s (git config mutu.member)\n"), me.handle);
	}
	mutu_member_clear(&me);
	mutu_store_free(st);
	free(dir);
	mutu_schema_cleanup();
	return 0;
}
