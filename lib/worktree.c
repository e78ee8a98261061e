/*
 * The work tree and the index, for the touched paths only.
 *
 * While index.lock is held: the touched paths are compared with the tip
 * in the index and in the work tree (mutu_worktree_check), the branch is
 * moved by the store, the files are written (each to "<path>.mutu-tmp",
 * then renamed over the path), and the index is rewritten with their new
 * entries by the gitindex module into <gitdir>/mutu/index.new, renamed
 * over <gitdir>/index; only then is index.lock removed. A crash anywhere
 * leaves index.lock marked as mutu's, which the next mutu command takes
 * over and finishes from the store's intent record.
 */
#include "worktree.h"

#include "buf.h"
#include "error.h"
#include "gitindex.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARK "mutu "

struct mutu_worktree {
	char lock[4096];      /* <gitdir>/index.lock, ours while held */
	char index[4096];     /* <gitdir>/index */
	char next[4096];      /* <gitdir>/mutu/index.new */
	char marker[4096];    /* <gitdir>/mutu/index.lock.new */
	const char *workdir;
	int held;
	mutu_gitindex *ix;
};

static int join(char *out, size_t size, const char *a, const char *b)
{
	if ((size_t)snprintf(out, size, "%s%s", a, b) >= size)
		return mutu_error_set(MUTU_EIO, _("path too long: %s%s"), a, b);
	return 0;
}

/* Whether the file at path starts with mutu's mark. */
static int marked(const char *path)
{
	char buf[sizeof(MARK)];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(MARK) - 1);
	close(fd);
	return n == (ssize_t)sizeof(MARK) - 1 && !memcmp(buf, MARK, sizeof(MARK) - 1);
}

int mutu_worktree_stale_lock(git_repository *repo)
{
	char lock[4096];

	return join(lock, sizeof(lock), git_repository_path(repo), "index.lock") == 0 &&
	       marked(lock);
}

static int paths(mutu_worktree *wt, git_repository *repo)
{
	const char *gitdir = git_repository_path(repo);
	int err;

	wt->workdir = git_repository_workdir(repo);
	if ((err = join(wt->lock, sizeof(wt->lock), gitdir, "index.lock")) < 0 ||
	    (err = join(wt->index, sizeof(wt->index), gitdir, "index")) < 0 ||
	    (err = join(wt->next, sizeof(wt->next), gitdir, "mutu/index.new")) < 0 ||
	    (err = join(wt->marker, sizeof(wt->marker), gitdir, "mutu/index.lock.new")) < 0)
		return err;
	return 0;
}

/*
 * index.lock appears with its mark already in it: the mark is written to
 * a file of our own, then hard-linked as index.lock, which, like git's
 * O_EXCL, fails if the lock exists. No instant shows an empty lock.
 */
static int take_lock(mutu_worktree *wt, int take_stale)
{
	char mark[64];
	int fd, len, e;

	len = snprintf(mark, sizeof(mark), MARK "%ld\n", (long)getpid());
	if ((fd = open(wt->marker, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", wt->marker, strerror(errno));
	if (write(fd, mark, (size_t)len) != len) {
		e = errno;
		close(fd);
		return mutu_error_set(MUTU_EIO, "%s: %s", wt->marker, strerror(e));
	}
	close(fd);
	if (link(wt->marker, wt->lock) == 0) {
		unlink(wt->marker);
		wt->held = 1;
		return 0;
	}
	e = errno;
	unlink(wt->marker);
	if (e != EEXIST)
		return mutu_error_set(MUTU_EIO, "%s: %s", wt->lock, strerror(e));
	if (take_stale && marked(wt->lock)) {
		wt->held = 1;   /* its writer is dead: the lock is ours now */
		return 0;
	}
	return MUTU_WORKTREE_BUSY;  /* git holds it: the caller backs off */
}

int mutu_worktree_lock(mutu_worktree **out, git_repository *repo, int take_stale)
{
	mutu_worktree *wt = calloc(1, sizeof(*wt));
	int err;

	*out = NULL;
	if (!wt)
		return mutu_error_nomem();
	if ((err = paths(wt, repo)) < 0 || (err = take_lock(wt, take_stale)) != 0)
		goto fail;
	unlink(wt->next);   /* a leftover of a killed writer: we hold the lock */
	if ((err = mutu_gitindex_read(&wt->ix, wt->index)) < 0)
		goto fail;
	*out = wt;
	return 0;
fail:
	mutu_worktree_unlock(wt);
	return err;
}

void mutu_worktree_unlock(mutu_worktree *wt)
{
	if (!wt)
		return;
	mutu_gitindex_free(wt->ix);
	if (wt->held) {
		unlink(wt->next);
		unlink(wt->lock);
	}
	free(wt);
}

/* A path from a tree, made safe to join to the work tree. */
static int full_path(char *out, size_t size, const mutu_worktree *wt, const char *path)
{
	const char *p;

	if (path[0] == '/' || !strcmp(path, "..") || !strncmp(path, "../", 3) ||
	    strstr(path, "/../") || !strncmp(path, ".git/", 5))
		return mutu_error_set(MUTU_EDATA, _("%s: not a path mutu writes"), path);
	for (p = path; *p; p++)
		if (p[0] == '/' && p[1] == '.' && p[2] == '.' && p[3] == '\0')
			return mutu_error_set(MUTU_EDATA, _("%s: not a path mutu writes"), path);
	return join(out, size, wt->workdir, path);
}

static int same_blob(const mutu_oid *a, const git_oid *b)
{
	return b && !memcmp(a->raw, b->id, GIT_OID_RAWSZ);
}

int mutu_worktree_check(mutu_worktree *wt, const char *path, const git_oid *blob)
{
	mutu_gitindex_entry e;
	struct stat sb;
	char full[4096];
	git_oid disk;
	int err;

	mutu_gitindex_lookup(&e, wt->ix, path);
	if (e.conflicted)
		return mutu_error_set(MUTU_ETEMP, _("%s has merge conflicts in the index; resolve them first"), path);
	if (blob ? !e.present || !same_blob(&e.id, blob) : e.present)
		return mutu_error_set(MUTU_ETEMP, _("%s has staged changes; commit or unstage them first"), path);
	if ((err = full_path(full, sizeof(full), wt, path)) < 0)
		return err;
	if (lstat(full, &sb) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			return mutu_error_set(MUTU_EIO, "%s: %s", full, strerror(errno));
		if (blob)
			return mutu_error_set(MUTU_ETEMP, _("%s was deleted in the work tree; restore it first"), path);
		return 0;
	}
	if (!blob)
		return mutu_error_set(MUTU_ETEMP, _("%s exists in the work tree but is not committed; move it away first"),
				      path);
	if (!S_ISREG(sb.st_mode))
		return mutu_error_set(MUTU_ETEMP, _("%s is not a regular file in the work tree"), path);
	if (mutu_gitindex_stat_clean(wt->ix, &e, &sb))
		return 0;
	if (git_odb_hashfile(&disk, full, GIT_OBJECT_BLOB) < 0)
		return mutu_error_git(full);
	if (!git_oid_equal(&disk, blob))
		return mutu_error_set(MUTU_ETEMP, _("%s has uncommitted changes in the work tree; commit or discard them first"),
				      path);
	return 0;
}

static int make_parents(char *full, size_t root_len)
{
	char *slash;

	for (slash = full + root_len; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		if (mkdir(full, 0777) < 0 && errno != EEXIST) {
			int e = errno;

			*slash = '/';
			return mutu_error_set(MUTU_EIO, "%s: %s", full, strerror(e));
		}
		*slash = '/';
	}
	return 0;
}

static int write_file(const char *full, const char *data, size_t len)
{
	char tmp[4200];
	ssize_t w;
	size_t off = 0;
	int fd, e;

	snprintf(tmp, sizeof(tmp), "%s.mutu-tmp", full);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0666)) < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", tmp, strerror(errno));
	while (off < len) {
		w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			e = errno;
			close(fd);
			unlink(tmp);
			return mutu_error_set(MUTU_EIO, "%s: %s", tmp, strerror(e));
		}
		off += (size_t)w;
	}
	if (close(fd) < 0 || rename(tmp, full) < 0) {
		e = errno;
		unlink(tmp);
		return mutu_error_set(MUTU_EIO, "%s: %s", full, strerror(e));
	}
	return 0;
}

/* Remove the directories a deletion emptied, up to the work tree. */
static void prune_parents(char *full, size_t root_len)
{
	char *slash;

	while ((slash = strrchr(full + root_len, '/'))) {
		*slash = '\0';
		if (rmdir(full) < 0)
			break;
	}
}

/* Put one file in place and describe its index entry. */
static int place(mutu_worktree *wt, const mutu_worktree_file *f, mutu_gitindex_change *c)
{
	size_t root = strlen(wt->workdir);
	char full[4096];
	int err;

	memset(c, 0, sizeof(*c));
	c->path = f->path;
	memcpy(c->id.raw, f->blob.id, sizeof(c->id.raw));
	if ((err = full_path(full, sizeof(full), wt, f->path)) < 0)
		return err;
	if (!f->data) {
		if (unlink(full) < 0 && errno != ENOENT)
			return mutu_error_set(MUTU_EIO, "%s: %s", full, strerror(errno));
		prune_parents(full, root);
		c->remove = 1;
		return 0;
	}
	if ((err = make_parents(full, root)) < 0 || (err = write_file(full, f->data, f->len)) < 0)
		return err;
	if (lstat(full, &c->sb) < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", full, strerror(errno));
	return 0;
}

static int compare_changes(const void *a, const void *b)
{
	return strcmp(((const mutu_gitindex_change *)a)->path, ((const mutu_gitindex_change *)b)->path);
}

/* Write the index with changes, put it in place, release the lock. */
static int commit_index(mutu_worktree *wt, mutu_gitindex_change *changes, size_t n)
{
	int err;

	if (n > 1)
		qsort(changes, n, sizeof(*changes), compare_changes);
	if ((err = mutu_gitindex_write(wt->ix, changes, n, wt->next)) < 0)
		return err;
	if (rename(wt->next, wt->index) < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", wt->index, strerror(errno));
	return 0;
}

int mutu_worktree_apply(mutu_worktree *wt, const mutu_worktree_file *files, size_t n,
			void (*crash)(const char *point))
{
	mutu_gitindex_change *changes = calloc(n ? n : 1, sizeof(*changes));
	size_t i;
	int err = 0;

	if (!changes)
		return mutu_error_nomem();
	for (i = 0; i < n && err == 0; i++) {
		err = place(wt, &files[i], &changes[i]);
		if (crash && i == n / 2)
			crash("files");
	}
	if (err == 0) {
		if (crash)
			crash("index");
		err = commit_index(wt, changes, n);
	}
	free(changes);
	return err;
}

/* --- finishing a killed writer's work --- */

struct recovery {
	mutu_worktree *wt;
	git_tree *old, *new, *tip;
	git_repository *repo;
	mutu_gitindex_change *changes;
	size_t n, cap;
	int err;
};

/* The blob at path in tree; 0 if absent. */
static int blob_at(git_oid *out, git_tree *tree, const char *path)
{
	git_tree_entry *e;
	int found = 0;

	if (tree && git_tree_entry_bypath(&e, tree, path) == 0) {
		if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			git_oid_cpy(out, git_tree_entry_id(e));
			found = 1;
		}
		git_tree_entry_free(e);
	}
	return found;
}

static int same(int has_a, const git_oid *a, int has_b, const git_oid *b)
{
	return has_a == has_b && (!has_a || git_oid_equal(a, b));
}

static int recover_path(struct recovery *r, const char *path)
{
	git_oid old, new, tip, disk;
	int has_old = blob_at(&old, r->old, path), has_new = blob_at(&new, r->new, path);
	int has_tip = blob_at(&tip, r->tip, path), has_disk = 0, ours;
	mutu_gitindex_entry e;
	mutu_gitindex_change *c;
	struct stat sb;
	char full[4096], tmp[4200];
	int err;

	if ((err = full_path(full, sizeof(full), r->wt, path)) < 0)
		return err;
	snprintf(tmp, sizeof(tmp), "%s.mutu-tmp", full);
	unlink(tmp);
	if (!r->tip)
		return 0;   /* nothing landed: nothing to bring in step */
	if (lstat(full, &sb) == 0 && S_ISREG(sb.st_mode)) {
		if (git_odb_hashfile(&disk, full, GIT_OBJECT_BLOB) < 0)
			return mutu_error_git(full);
		has_disk = 1;
	} else if (lstat(full, &sb) == 0) {
		mutu_warn(_("%s: not a regular file; left as it is after an interrupted write"), path);
		return 0;
	}
	/* the work tree: what the writer found or wrote is brought to the tip */
	ours = same(has_disk, &disk, has_old, &old) || same(has_disk, &disk, has_new, &new);
	if (!same(has_disk, &disk, has_tip, &tip)) {
		mutu_worktree_file f = { path, NULL, 0, { { 0 } } };
		git_blob *blob = NULL;

		if (!ours) {
			mutu_warn(_("%s: changed in the work tree since an interrupted write; left as it is"), path);
			return 0;
		}
		if (has_tip) {
			if (git_blob_lookup(&blob, r->repo, &tip) < 0)
				return mutu_error_git(path);
			f.data = git_blob_rawcontent(blob);
			f.len = (size_t)git_blob_rawsize(blob);
			f.blob = tip;
		}
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 16;
			mutu_gitindex_change *grown = reallocarray(r->changes, cap, sizeof(*grown));

			if (!grown) {
				git_blob_free(blob);
				return mutu_error_nomem();
			}
			r->changes = grown;
			r->cap = cap;
		}
		err = place(r->wt, &f, &r->changes[r->n]);
		git_blob_free(blob);
		if (err < 0)
			return err;
		/* the diff owns path: keep a copy for the index */
		if (!(r->changes[r->n].path = strdup(path)))
			return mutu_error_nomem();
		r->n++;
		return 0;
	}
	/* the file is right: is its index entry? */
	mutu_gitindex_lookup(&e, r->wt->ix, path);
	if (e.conflicted || (e.present && same_blob(&e.id, has_tip ? &tip : NULL)) ||
	    (!e.present && !has_tip))
		return 0;
	if (!(e.present ? (has_old && same_blob(&e.id, &old)) || (has_new && same_blob(&e.id, &new))
			: !has_old || !has_new)) {
		mutu_warn(_("%s: staged since an interrupted write; left as it is"), path);
		return 0;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		mutu_gitindex_change *grown = reallocarray(r->changes, cap, sizeof(*grown));

		if (!grown)
			return mutu_error_nomem();
		r->changes = grown;
		r->cap = cap;
	}
	c = &r->changes[r->n++];
	memset(c, 0, sizeof(*c));
	c->path = strdup(path);
	c->remove = !has_tip;
	if (has_tip) {
		memcpy(c->id.raw, tip.id, sizeof(c->id.raw));
		if (lstat(full, &c->sb) < 0)
			return mutu_error_set(MUTU_EIO, "%s: %s", full, strerror(errno));
	}
	return c->path ? 0 : mutu_error_nomem();
}

static int each_delta(const git_diff_delta *d, float progress, void *payload)
{
	struct recovery *r = payload;

	(void)progress;
	if (r->err == 0)
		r->err = recover_path(r, d->new_file.path);
	return r->err < 0 ? GIT_EUSER : 0;
}

int mutu_worktree_recover(mutu_worktree *wt, git_repository *repo, git_tree *old,
			  git_tree *new, git_tree *tip)
{
	struct recovery r = { wt, old, new, tip, repo, NULL, 0, 0, 0 };
	git_diff *diff = NULL;
	size_t i;
	int err;

	if (git_diff_tree_to_tree(&diff, repo, old, new, NULL) < 0)
		return mutu_error_git(_("interrupted write"));
	err = git_diff_foreach(diff, each_delta, NULL, NULL, NULL, &r);
	git_diff_free(diff);
	if (r.err < 0)
		err = r.err;
	else if (err < 0)
		err = mutu_error_git(_("interrupted write"));
	if (err == 0 && r.n)
		err = commit_index(wt, r.changes, r.n);
	for (i = 0; i < r.n; i++)
		free((char *)r.changes[i].path);
	free(r.changes);
	return err < 0 ? err : (int)(r.n < 1000000 ? r.n : 1000000);
}
