/*
 * mutu-merge-driver: the record-aware merge, for plain `git pull`. Git
 * runs it as `mutu merge-driver %O %A %B %P`; the post-merge hook runs
 * `mutu merge-driver --finish`. See mutu-sync(1), "PLAIN GIT".
 */
#include "common.h"

#include "lib/error.h"
#include "lib/mergedriver.h"
#include "lib/mergetree.h"
#include "lib/schema.h"
#include "lib/sign.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A version git handed us; an empty %O is how git says "no ancestor". */
static char *slurp(const char *path, size_t *len, int empty_is_absent)
{
	char *data = read_file_or_die(path, 64u << 20, len);

	if (empty_is_absent && *len == 0) {
		free(data);
		return NULL;
	}
	return data;
}

static int merge_files(char **argv)
{
	size_t lb, lo, lt;
	char *base = slurp(argv[0], &lb, 1), *ours = slurp(argv[1], &lo, 0),
	     *theirs = slurp(argv[2], &lt, 0);
	mutu_buf out = MUTU_BUF_INIT;
	FILE *f;
	int clean = 0, err;

	if ((err = mutu_mergetree_file(&out, &clean, argv[3], base, lb, ours, lo, theirs, lt)) < 0)
		die_error(err);
	/* git reads the result from %A */
	if (!(f = fopen(argv[1], "wb")) || fwrite(out.ptr, 1, out.len, f) != out.len ||
	    fclose(f) != 0)
		die(74, _("cannot write '%s': %s"), argv[1], strerror(errno));
	mutu_buf_free(&out);
	free(base);
	free(ours);
	free(theirs);
	return clean ? 0 : 1;
}

static int finish(void)
{
	mutu_store *st = open_commons();
	mutu_member me = { 0 };
	mutu_signer *signer = NULL;
	size_t added = 0;
	int err, known = mutu_member_whoami(&me, st, getenv("MUTU_MEMBER")) == 0;

	/* who acts is asked only if there is something to write: a plain
	 * commit by someone who is no member passes through silently */
	mutu_error_clear();
	if (known) {
		signer = user_signer(st);
		require_signer(st, signer);
	}
	err = mutu_merge_driver_finish(st, known ? &(mutu_commit_info){
		.name = me.name, .email = me.email,
		.message = "sync: the conflict records of a git merge\n\nMutu-Action: sync.merge\n",
		.sign = signer ? mutu_signer_sign : NULL, .sign_payload = signer } : NULL,
		&added);
	if (err < 0)
		die_error(err);
	if (added && !common.quiet)
		printf(ngettext("mutu: wrote %zu record the merge could not keep side by side; see mutu conflicts\n",
				"mutu: wrote %zu records the merge could not keep side by side; see mutu conflicts\n",
				added),
		       added);
	mutu_member_clear(&me);
	mutu_signer_free(signer);
	mutu_store_free(st);
	return 0;
}

int main(int argc, char **argv)
{
	const char *usage = N_("%O %A %B %P | --finish");
	int do_finish = 0, nargs, status;
	const struct opt opts[] = {
		OPT_FLAG(0, "finish", &do_finish, N_("after a git merge: write what only a whole-tree merge can (the post-merge hook)")),
		OPT_TABLE_END,
	};

	start(argv[0]);
	parse_options(argc - 1, argv + 1, opts, usage, &nargs);
	if (do_finish ? nargs != 0 : nargs != 4)
		usage_error(usage, "%s", _("git gives four arguments: the ancestor, ours and theirs, then the path"));
	status = do_finish ? finish() : merge_files(argv + 1);
	mutu_schema_cleanup();
	return status;
}
