#include "mergedriver.h"

#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "mergetree.h"
#include "store_git.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char hook[] =
	"#!/bin/sh\n"
	"# mutu: after a plain git merge, the conflict records a file-by-file\n"
	"# merge cannot write (see mutu-sync(1), \"PLAIN GIT\").\n"
	"command -v mutu >/dev/null 2>&1 || exit 0\n"
	"exec mutu merge-driver --finish\n";

/* post-merge after a merge git committed; post-commit after one a person
 * settled by hand and committed */
static const char *const hooks[] = { "post-merge", "post-commit" };

/* Append line to the file at path unless it holds it already. */
static int ensure_line(const char *path, const char *line, mode_t mode)
{
	char have[65536];
	ssize_t n = 0;
	int fd;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode)) < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(errno));
	n = read(fd, have, sizeof(have) - 1);
	have[n > 0 ? n : 0] = '\0';
	if (n >= 0 && !strstr(have, line)) {
		size_t len = strlen(line);

		if ((n > 0 && have[n - 1] != '\n' && write(fd, "\n", 1) != 1) ||
		    write(fd, line, len) != (ssize_t)len) {
			close(fd);
			return mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(errno));
		}
	}
	close(fd);
	return 0;
}

int mutu_merge_driver_register(mutu_store *st)
{
	git_repository *repo = mutu_store_repository(st);
	const char *gitdir = git_repository_path(repo);
	char path[4200], dir[4200];
	size_t i;
	int fd, err;

	if (git_repository_is_bare(repo))
		return 0;
	if ((err = mutu_store_config_set(st, "merge.mutu.name",
					 "mutu: records merged field by field")) < 0 ||
	    (err = mutu_store_config_set(st, "merge.mutu.driver", "mutu merge-driver %O %A %B %P")) < 0)
		return err;
	snprintf(dir, sizeof(dir), "%sinfo", gitdir);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return mutu_error_set(MUTU_EIO, "%s: %s", dir, strerror(errno));
	snprintf(path, sizeof(path), "%sinfo/attributes", gitdir);
	if ((err = ensure_line(path, MUTU_GITATTRIBUTES, 0666)) < 0)
		return err;
	snprintf(dir, sizeof(dir), "%shooks", gitdir);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return mutu_error_set(MUTU_EIO, "%s: %s", dir, strerror(errno));
	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++) {
		snprintf(path, sizeof(path), "%shooks/%s", gitdir, hooks[i]);
		/* a hook of the member's own stays theirs: O_EXCL */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0777);
		if (fd < 0) {
			if (errno == EEXIST)
				continue;
			return mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(errno));
		}
		if (write(fd, hook, sizeof(hook) - 1) != (ssize_t)(sizeof(hook) - 1)) {
			err = mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(errno));
			close(fd);
			unlink(path);
			return err;
		}
		close(fd);
	}
	return 0;
}

struct additions {
	mutu_change *changes;
	char **owned;
	size_t n;
	git_repository *repo;
};

static int added(const git_diff_delta *d, float progress, void *payload)
{
	struct additions *a = payload;
	git_blob *blob = NULL;
	mutu_change *c;
	char **o;
	char *path, *data;
	size_t len;

	(void)progress;
	if (d->status != GIT_DELTA_ADDED)
		return 0;   /* only what the file merges could not make */
	if (!(c = reallocarray(a->changes, a->n + 1, sizeof(*c))))
		return mutu_error_nomem();
	a->changes = c;
	if (!(o = reallocarray(a->owned, 2 * (a->n + 1), sizeof(*o))))
		return mutu_error_nomem();
	a->owned = o;
	if (git_blob_lookup(&blob, a->repo, &d->new_file.id) < 0)
		return mutu_error_git(d->new_file.path);
	len = (size_t)git_blob_rawsize(blob);
	path = strdup(d->new_file.path);
	data = malloc(len + 1);
	if (!path || !data) {
		free(path);
		free(data);
		git_blob_free(blob);
		return mutu_error_nomem();
	}
	memcpy(data, git_blob_rawcontent(blob), len);
	data[len] = '\0';
	git_blob_free(blob);
	a->owned[2 * a->n] = path;
	a->owned[2 * a->n + 1] = data;
	a->changes[a->n++] = (mutu_change){ path, data, len, NULL };
	return 0;
}

int mutu_merge_driver_finish(mutu_store *st, const mutu_commit_info *info, size_t *count)
{
	git_repository *repo = mutu_store_repository(st);
	struct additions a = { NULL, NULL, 0, repo };
	git_commit *head = NULL;
	git_tree *now = NULL, *want = NULL;
	git_diff *diff = NULL;
	mutu_oid tip, parents[2];
	mutu_merged m = { 0 };
	size_t i;
	int err = 0;

	*count = 0;
	mutu_store_after_merge(st);
	if ((err = mutu_store_tip(&tip, st)) < 0)
		return err;
	if (git_commit_lookup(&head, repo, mutu_git_oid(&tip)) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_commit_parentcount(head) != 2)
		goto out;
	memcpy(parents[0].raw, git_commit_parent_id(head, 0)->id, sizeof(parents[0].raw));
	memcpy(parents[1].raw, git_commit_parent_id(head, 1)->id, sizeof(parents[1].raw));
	if ((err = mutu_mergetree(&m, st, &parents[0], &parents[1], MUTU_MERGETREE_SETTLED)) < 0)
		goto out;
	if (git_commit_tree(&now, head) < 0 || git_tree_lookup(&want, repo, mutu_git_oid(&m.tree)) < 0 ||
	    git_diff_tree_to_tree(&diff, repo, now, want, NULL) < 0) {
		err = mutu_error_git(_("cannot compare the trees"));
		goto out;
	}
	if ((err = git_diff_foreach(diff, added, NULL, NULL, NULL, &a)) < 0)
		goto out;
	if (a.n && !info)
		err = mutu_error_set(MUTU_EPERM, ngettext("the merge left %zu record to write (conflicts), and it needs an author: set mutu.member, then run mutu merge-driver --finish",
							  "the merge left %zu records to write (conflicts), and they need an author: set mutu.member, then run mutu merge-driver --finish",
							  a.n),
				     a.n);
	else if (a.n && (err = mutu_store_commit(st, a.changes, a.n, info)) == 0)
		*count = a.n;
out:
	for (i = 0; i < 2 * a.n; i++)
		free(a.owned[i]);
	free(a.owned);
	free(a.changes);
	git_diff_free(diff);
	git_tree_free(now);
	git_tree_free(want);
	git_commit_free(head);
	mutu_merged_free(&m);
	return err;
}
