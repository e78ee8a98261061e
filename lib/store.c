/*
 * How a write becomes a commit, and why none is ever lost.
 *
 * A write never goes through the index to build its tree. Blobs for the
 * new contents are written first; then git_tree_create_updated rebuilds
 * only the trees on the touched paths (the root, "offers", "offers/7q")
 * from the tip's tree, which is what keeps a commit into a commons of 100k
 * fanned-out records in the millisecond range. The commit names the tip
 * as its parent, and the branch is moved with
 * git_reference_create_matching against that same tip: a compare-and-swap
 * under the ref's lock file. If another writer moved the branch in
 * between, the swap fails, nothing was published, and the whole build is
 * redone on the new tip. Every change carries the blob it was made from,
 * so a rebuild on a tip where that record changed stops with MUTU_ETEMP
 * instead of silently undoing the other writer's edit. Writers touching
 * different records always both land.
 *
 * In a non-bare commons the work tree and the index must follow, without
 * touching anything else a member has there. Git's own lock, index.lock,
 * is taken (O_EXCL, as git does) before the swap and held until the new
 * index replaces the old one. While it is held: the touched paths are
 * compared with the tip in the index and in the work tree, and the write
 * is refused if either differs (a hand edit is never overwritten); the
 * branch is swapped; the touched files are written; and their index
 * entries are replaced with fresh stat data so `git status` stays clean.
 * libgit2 writes an index to "<path>.lock" and renames it, so it is given
 * a hard link of the index under a private name; its result is renamed
 * over index.lock and then over index, exactly git's own sequence, and
 * index.lock exists from the first step to the last.
 */
#include "store.h"

#include "clock.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct mutu_store {
	git_repository *repo;
	char *branch;          /* "refs/heads/main"; NULL when HEAD is detached */
	git_oid tip;
	int has_tip;
	git_tree *tip_tree;    /* NULL without a tip */
	char *path;
};

static int libgit2_ready;

static int store_init_library(void)
{
	if (!libgit2_ready) {
		if (git_libgit2_init() < 0)
			return mutu_error_git("libgit2");
		libgit2_ready = 1;
	}
	return 0;
}

/* Resolve HEAD to its branch and that branch to its tip (if any). A
 * detached HEAD can be read from but not written to: branch stays NULL. */
static int load_tip(mutu_store *st)
{
	git_reference *head = NULL;
	git_commit *commit = NULL;
	const char *target;
	int err;

	git_tree_free(st->tip_tree);
	st->tip_tree = NULL;
	st->has_tip = 0;
	free(st->branch);
	st->branch = NULL;
	if (git_reference_lookup(&head, st->repo, "HEAD") < 0)
		return mutu_error_git("HEAD");
	target = git_reference_symbolic_target(head);
	if (target && !(st->branch = strdup(target))) {
		git_reference_free(head);
		return mutu_error_nomem();
	}
	if (target)
		err = git_reference_name_to_id(&st->tip, st->repo, st->branch);
	else
		err = git_reference_name_to_id(&st->tip, st->repo, "HEAD");
	git_reference_free(head);
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return mutu_error_git(st->branch ? st->branch : "HEAD");
	if (git_commit_lookup(&commit, st->repo, &st->tip) < 0 ||
	    git_commit_tree(&st->tip_tree, commit) < 0) {
		git_commit_free(commit);
		return mutu_error_git("tip commit");
	}
	git_commit_free(commit);
	st->has_tip = 1;
	return 0;
}

static int store_new(mutu_store **out, git_repository *repo)
{
	mutu_store *st = calloc(1, sizeof(*st));
	const char *p;
	size_t len;
	int err;

	if (!st) {
		git_repository_free(repo);
		return mutu_error_nomem();
	}
	st->repo = repo;
	p = git_repository_is_bare(repo) ? git_repository_path(repo) : git_repository_workdir(repo);
	if (!(st->path = strdup(p))) {
		mutu_store_free(st);
		return mutu_error_nomem();
	}
	len = strlen(st->path);
	if (len > 1 && st->path[len - 1] == '/')
		st->path[len - 1] = '\0';
	if ((err = load_tip(st)) < 0) {
		mutu_store_free(st);
		return err;
	}
	*out = st;
	return 0;
}

int mutu_store_open(mutu_store **out, const char *dir)
{
	const char *env = getenv("MUTU_DIR");
	git_repository *repo;
	mutu_oid id;
	char cwd[4096];
	int err;

	*out = NULL;
	if ((err = store_init_library()) < 0)
		return err;
	if (env && *env)
		err = git_repository_open_ext(&repo, env, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	else
		err = git_repository_open_ext(&repo, dir ? dir : ".", 0, NULL);
	if (err == GIT_ENOTFOUND) {
		if (env && *env)
			return mutu_error_set(MUTU_ENOTFOUND, "MUTU_DIR: not a commons: %s", env);
		return mutu_error_set(MUTU_ENOTFOUND, "not a commons (nor any parent directory): %s",
				      dir ? dir : getcwd(cwd, sizeof(cwd)) ? cwd : ".");
	}
	if (err < 0)
		return mutu_error_git("cannot open the commons");
	if ((err = store_new(out, repo)) < 0)
		return err;
	if (mutu_store_lookup(&id, *out, "mutu.yaml") < 0) {
		err = mutu_error_set(MUTU_ENOTFOUND, "%s is a Git repository but not a commons (no mutu.yaml); run mutu init",
				     (*out)->path);
		mutu_store_free(*out);
		*out = NULL;
		return err;
	}
	return 0;
}

int mutu_store_create(mutu_store **out, const char *dir, int bare)
{
	git_repository_init_options opts;
	git_repository *repo;
	int err;

	*out = NULL;
	if ((err = store_init_library()) < 0)
		return err;
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_MKDIR;
	if (bare)
		opts.flags |= GIT_REPOSITORY_INIT_BARE;
	opts.initial_head = "main";
	if (git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0) {
		if (!git_repository_is_empty(repo)) {
			git_repository_free(repo);
			return mutu_error_set(MUTU_EUSAGE, "%s already has history; a commons starts in an empty repository",
					      dir);
		}
	} else if (git_repository_init_ext(&repo, dir, &opts) < 0) {
		return mutu_error_git(dir);
	}
	return store_new(out, repo);
}

void mutu_store_free(mutu_store *st)
{
	if (!st)
		return;
	git_tree_free(st->tip_tree);
	git_repository_free(st->repo);
	free(st->branch);
	free(st->path);
	free(st);
}

int mutu_store_is_bare(const mutu_store *st)
{
	return git_repository_is_bare(st->repo);
}

const char *mutu_store_path(const mutu_store *st)
{
	return st->path;
}

const char *mutu_store_git_dir(const mutu_store *st)
{
	return git_repository_path(st->repo);
}

int mutu_store_config_get(char **out, mutu_store *st, const char *key)
{
	git_config *cfg;
	const char *v;
	int err;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, st->repo) < 0)
		return mutu_error_git("git config");
	err = git_config_get_string(&v, cfg, key);
	if (err == 0 && !(*out = strdup(v)))
		err = mutu_error_nomem();
	else if (err == GIT_ENOTFOUND)
		err = mutu_error_set(MUTU_ENOTFOUND, "git config %s is not set", key);
	else if (err < 0)
		err = mutu_error_git(key);
	git_config_free(cfg);
	return err;
}

int mutu_store_config_set(mutu_store *st, const char *key, const char *value)
{
	git_config *cfg, *local;
	int err = 0;

	if (git_repository_config(&cfg, st->repo) < 0)
		return mutu_error_git("git config");
	if (git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL) < 0 ||
	    git_config_set_string(local, key, value) < 0)
		err = mutu_error_git(key);
	else
		git_config_free(local);
	git_config_free(cfg);
	return err;
}

void mutu_oid_fmt(char out[41], const mutu_oid *id)
{
	git_oid_tostr(out, 41, (const git_oid *)id->raw);
}

int mutu_store_tip_tree(mutu_oid *out, mutu_store *st)
{
	memset(out, 0, sizeof(*out));
	if (st->tip_tree)
		memcpy(out->raw, git_tree_id(st->tip_tree)->id, sizeof(out->raw));
	return 0;
}

/* The blob at path in tree, or MUTU_ENOTFOUND. */
static int tree_lookup(git_oid *out, git_tree *tree, const char *path)
{
	git_tree_entry *e;
	int err = 0;

	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0)
		return mutu_error_set(MUTU_ENOTFOUND, "%s: not found", path);
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		err = mutu_error_set(MUTU_ENOTFOUND, "%s: not a file", path);
	else
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return err;
}

int mutu_store_lookup(mutu_oid *out, mutu_store *st, const char *path)
{
	return tree_lookup((git_oid *)out->raw, st->tip_tree, path);
}

int mutu_store_read_blob(char **data, size_t *len, mutu_store *st, const mutu_oid *id)
{
	git_blob *blob;
	git_object_size_t size;

	if (git_blob_lookup(&blob, st->repo, (const git_oid *)id->raw) < 0)
		return mutu_error_git("cannot read a record");
	size = git_blob_rawsize(blob);
	if (size > SIZE_MAX - 1 || !(*data = malloc((size_t)size + 1))) {
		git_blob_free(blob);
		return mutu_error_nomem();
	}
	memcpy(*data, git_blob_rawcontent(blob), (size_t)size);
	(*data)[size] = '\0';
	*len = (size_t)size;
	git_blob_free(blob);
	return 0;
}

int mutu_store_read(char **data, size_t *len, mutu_store *st, const char *path)
{
	mutu_oid id;
	int err;

	if ((err = mutu_store_lookup(&id, st, path)) < 0)
		return err;
	return mutu_store_read_blob(data, len, st, &id);
}

static int is_yaml_name(const char *name, size_t *stem)
{
	size_t n = strlen(name);

	if (n <= 5 || strcmp(name + n - 5, ".yaml") != 0)
		return 0;
	*stem = n - 5;
	return 1;
}

static int walk_tree(mutu_store *st, const git_tree *tree, const char *dir, int depth,
		     mutu_store_walk_cb cb, void *payload)
{
	char path[512], name[256];
	size_t i, n = git_tree_entrycount(tree), stem;
	int err;

	for (i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *ename = git_tree_entry_name(e);
		git_object_t type = git_tree_entry_type(e);

		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, ename) >= sizeof(path))
			continue;
		if (type == GIT_OBJECT_TREE && depth == 0) {
			git_tree *sub;

			if (git_tree_lookup(&sub, st->repo, git_tree_entry_id(e)) < 0)
				return mutu_error_git(path);
			err = walk_tree(st, sub, path, 1, cb, payload);
			git_tree_free(sub);
			if (err)
				return err;
		} else if (type == GIT_OBJECT_BLOB && is_yaml_name(ename, &stem) &&
			   stem < sizeof(name)) {
			memcpy(name, ename, stem);
			name[stem] = '\0';
			if ((err = cb(path, name, (const mutu_oid *)git_tree_entry_id(e), payload)))
				return err;
		}
	}
	return 0;
}

int mutu_store_walk(mutu_store *st, const char *dir, mutu_store_walk_cb cb, void *payload)
{
	git_tree_entry *e;
	git_tree *tree;
	int err;

	if (!st->tip_tree || git_tree_entry_bypath(&e, st->tip_tree, dir) < 0)
		return 0;
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
		git_tree_entry_free(e);
		return 0;
	}
	err = git_tree_lookup(&tree, st->repo, git_tree_entry_id(e));
	git_tree_entry_free(e);
	if (err < 0)
		return mutu_error_git(dir);
	err = walk_tree(st, tree, dir, 0, cb, payload);
	git_tree_free(tree);
	return err;
}

/* --- writing --- */

struct pending {
	const mutu_change *change;
	git_oid blob;
};

/* Fail unless every change still applies to the tip (see the header). */
static int check_bases(mutu_store *st, const struct pending *p, size_t n)
{
	git_oid cur;
	size_t i;
	int found;

	for (i = 0; i < n; i++) {
		const mutu_change *c = p[i].change;

		found = tree_lookup(&cur, st->tip_tree, c->path) == 0;
		if (!c->base && found)
			return mutu_error_set(MUTU_ETEMP, "%s already exists", c->path);
		if (c->base && (!found || !git_oid_equal(&cur, (const git_oid *)c->base->raw)))
			return mutu_error_set(MUTU_ETEMP, "%s was changed by another writer meanwhile; run the command again",
					      c->path);
	}
	mutu_error_clear();
	return 0;
}

static int build_commit(git_oid *out, mutu_store *st, const struct pending *p, size_t n,
			const git_signature *sig, const char *message)
{
	git_tree_update *updates;
	git_treebuilder *tb = NULL;
	git_tree *base = st->tip_tree, *tree = NULL;
	git_commit *parent = NULL;
	git_oid tree_id, empty;
	size_t i;
	int err = 0;

	if (!(updates = calloc(n ? n : 1, sizeof(*updates))))
		return mutu_error_nomem();
	if (!base) {
		/* git_tree_create_updated needs a baseline: start from the empty tree */
		if (git_treebuilder_new(&tb, st->repo, NULL) < 0 ||
		    git_treebuilder_write(&empty, tb) < 0 ||
		    git_tree_lookup(&base, st->repo, &empty) < 0) {
			err = mutu_error_git("empty tree");
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		updates[i].action = p[i].change->data ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
		updates[i].id = p[i].blob;
		updates[i].filemode = GIT_FILEMODE_BLOB;
		updates[i].path = p[i].change->path;
	}
	if (git_tree_create_updated(&tree_id, st->repo, base, n, updates) < 0 ||
	    git_tree_lookup(&tree, st->repo, &tree_id) < 0) {
		err = mutu_error_git("cannot build the tree");
		goto out;
	}
	if (st->has_tip && git_commit_lookup(&parent, st->repo, &st->tip) < 0) {
		err = mutu_error_git("tip commit");
		goto out;
	}
	if (git_commit_create(out, st->repo, NULL, sig, sig, NULL, message, tree,
			      parent ? 1 : 0, (const git_commit **)&parent) < 0)
		err = mutu_error_git("cannot create the commit");
out:
	git_commit_free(parent);
	git_tree_free(tree);
	if (base != st->tip_tree)
		git_tree_free(base);
	git_treebuilder_free(tb);
	free(updates);
	return err;
}

/* --- the work tree and the index (non-bare only) --- */

struct worktree {
	char lock[4096];     /* <gitdir>/index.lock, held while lock_fd >= 0 */
	char index[4096];    /* <gitdir>/index */
	char next[4096];     /* <gitdir>/mutu-index: libgit2 writes here */
	int lock_fd;
	git_index *idx;
};

static int path_join(char *out, size_t size, const char *a, const char *b)
{
	if ((size_t)snprintf(out, size, "%s%s", a, b) >= size)
		return mutu_error_set(MUTU_EIO, "path too long: %s%s", a, b);
	return 0;
}

static void worktree_unlock(struct worktree *wt)
{
	git_index_free(wt->idx);
	wt->idx = NULL;
	if (wt->lock_fd >= 0) {
		close(wt->lock_fd);
		unlink(wt->lock);
		unlink(wt->next);
		wt->lock_fd = -1;
	}
}

/* Take index.lock, then read the index through a private hard link. */
static int worktree_lock(struct worktree *wt, mutu_store *st)
{
	const char *gitdir = git_repository_path(st->repo);
	int err;

	if ((err = path_join(wt->lock, sizeof(wt->lock), gitdir, "index.lock")) < 0 ||
	    (err = path_join(wt->index, sizeof(wt->index), gitdir, "index")) < 0 ||
	    (err = path_join(wt->next, sizeof(wt->next), gitdir, "mutu-index")) < 0)
		return err;
	wt->lock_fd = open(wt->lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (wt->lock_fd < 0) {
		if (errno == EEXIST)
			return MUTU_ETEMP;  /* the caller backs off and retries */
		return mutu_error_set(MUTU_EIO, "%s: %s", wt->lock, strerror(errno));
	}
	/* a leftover from a crash is ours to remove: we hold the lock */
	unlink(wt->next);
	if (link(wt->index, wt->next) < 0 && errno != ENOENT) {
		err = mutu_error_set(MUTU_EIO, "%s: %s", wt->next, strerror(errno));
		goto fail;
	}
	if (git_index_open(&wt->idx, wt->next) < 0) {
		err = mutu_error_git("cannot read the index");
		goto fail;
	}
	return 0;
fail:
	worktree_unlock(wt);
	return err;
}

static int same_stat(const git_index_entry *e, const struct stat *sb, time_t index_mtime)
{
	return (uint32_t)sb->st_size == e->file_size &&
	       sb->st_mtim.tv_sec == e->mtime.seconds &&
	       (uint32_t)sb->st_mtim.tv_nsec == e->mtime.nanoseconds &&
	       (uint32_t)sb->st_ino == e->ino &&
	       /* racily clean: written in the index's own second, so verify */
	       e->mtime.seconds < index_mtime;
}

/* Refuse if a touched path differs from the tip in the index or on disk. */
static int worktree_check(struct worktree *wt, mutu_store *st, const struct pending *p, size_t n)
{
	const char *workdir = git_repository_workdir(st->repo);
	struct stat sb, isb;
	char full[4096];
	git_oid tip_blob, disk;
	size_t i;
	int in_tip, err;

	if (stat(wt->index, &isb) < 0)
		isb.st_mtime = 0;
	for (i = 0; i < n; i++) {
		const char *path = p[i].change->path;
		const git_index_entry *e = git_index_get_bypath(wt->idx, path, 0);

		in_tip = tree_lookup(&tip_blob, st->tip_tree, path) == 0;
		mutu_error_clear();
		if (git_index_get_bypath(wt->idx, path, 1) || git_index_get_bypath(wt->idx, path, 2))
			return mutu_error_set(MUTU_ETEMP, "%s has merge conflicts in the index; resolve them first", path);
		if (in_tip ? !e || !git_oid_equal(&e->id, &tip_blob) : e != NULL)
			return mutu_error_set(MUTU_ETEMP, "%s has staged changes; commit or unstage them first", path);
		if ((err = path_join(full, sizeof(full), workdir, path)) < 0)
			return err;
		if (lstat(full, &sb) < 0) {
			if (errno != ENOENT && errno != ENOTDIR)
				return mutu_error_set(MUTU_EIO, "%s: %s", full, strerror(errno));
			if (in_tip)
				return mutu_error_set(MUTU_ETEMP, "%s was deleted in the work tree; restore it first", path);
			continue;
		}
		if (!in_tip)
			return mutu_error_set(MUTU_ETEMP, "%s exists in the work tree but is not committed; move it away first",
					      path);
		if (!S_ISREG(sb.st_mode))
			return mutu_error_set(MUTU_ETEMP, "%s is not a regular file in the work tree", path);
		if (e && same_stat(e, &sb, isb.st_mtime))
			continue;
		if (git_odb_hashfile(&disk, full, GIT_OBJECT_BLOB) < 0)
			return mutu_error_git(full);
		if (!git_oid_equal(&disk, &tip_blob))
			return mutu_error_set(MUTU_ETEMP, "%s has uncommitted changes in the work tree; commit or discard them first",
					      path);
	}
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
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.mutu-tmp", full);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", tmp, strerror(errno));
	while (off < len) {
		w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			int e = errno;

			close(fd);
			unlink(tmp);
			return mutu_error_set(MUTU_EIO, "%s: %s", tmp, strerror(e));
		}
		off += (size_t)w;
	}
	if (close(fd) < 0 || rename(tmp, full) < 0) {
		int e = errno;

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

/* After the swap: write the touched files, then the index, then unlock. */
static int worktree_apply(struct worktree *wt, mutu_store *st, const struct pending *p, size_t n)
{
	const char *workdir = git_repository_workdir(st->repo);
	size_t root_len = strlen(workdir), i;
	char full[4096];
	struct stat sb;
	int err;

	for (i = 0; i < n; i++) {
		const mutu_change *c = p[i].change;
		git_index_entry e;

		if ((err = path_join(full, sizeof(full), workdir, c->path)) < 0)
			return err;
		if (!c->data) {
			if (unlink(full) < 0 && errno != ENOENT)
				return mutu_error_set(MUTU_EIO, "%s: %s", full, strerror(errno));
			prune_parents(full, root_len);
			git_index_remove(wt->idx, c->path, 0);
			continue;
		}
		if ((err = make_parents(full, root_len)) < 0 ||
		    (err = write_file(full, c->data, c->len)) < 0)
			return err;
		if (lstat(full, &sb) < 0)
			return mutu_error_set(MUTU_EIO, "%s: %s", full, strerror(errno));
		memset(&e, 0, sizeof(e));
		e.ctime.seconds = (int32_t)sb.st_ctim.tv_sec;
		e.ctime.nanoseconds = (uint32_t)sb.st_ctim.tv_nsec;
		e.mtime.seconds = (int32_t)sb.st_mtim.tv_sec;
		e.mtime.nanoseconds = (uint32_t)sb.st_mtim.tv_nsec;
		e.dev = (uint32_t)sb.st_dev;
		e.ino = (uint32_t)sb.st_ino;
		e.mode = GIT_FILEMODE_BLOB;
		e.uid = sb.st_uid;
		e.gid = sb.st_gid;
		e.file_size = (uint32_t)sb.st_size;
		e.id = p[i].blob;
		e.path = c->path;
		if (git_index_add(wt->idx, &e) < 0)
			return mutu_error_git("cannot update the index");
	}
	/* libgit2 writes mutu-index.lock and renames it to mutu-index ... */
	if (git_index_write(wt->idx) < 0)
		return mutu_error_git("cannot write the index");
	/* ... which then takes index.lock's place, and index.lock index's. */
	if (rename(wt->next, wt->lock) < 0 || rename(wt->lock, wt->index) < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", wt->index, strerror(errno));
	close(wt->lock_fd);
	wt->lock_fd = -1;
	return 0;
}

/* Wait a little, longer each time; false once the bounded wait is over. */
static int back_off(unsigned attempt, const struct timespec *start)
{
	const char *limit = getenv("MUTU_LOCK_TIMEOUT_MS");
	long budget_ms = limit && *limit ? atol(limit) : 10000;
	struct timespec now, nap;
	unsigned short r = 0;
	long elapsed_ms, ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed_ms = (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
	if (elapsed_ms >= budget_ms)
		return 0;
	/* random, so that writers who collided do not collide again */
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) < 0)
		r = (unsigned short)now.tv_nsec;
	ms = 1 + r % (attempt < 7 ? 1L << attempt : 128);
	nap.tv_sec = 0;
	nap.tv_nsec = ms * 1000000;
	nanosleep(&nap, NULL);
	return 1;
}

static int refuse_busy_repository(mutu_store *st)
{
	int state;

	if (git_repository_is_bare(st->repo))
		return 0;
	state = git_repository_state(st->repo);
	if (state != GIT_REPOSITORY_STATE_NONE)
		return mutu_error_set(MUTU_ETEMP, "a merge, rebase or similar is in progress; finish it first");
	return 0;
}

int mutu_store_commit(mutu_store *st, const mutu_change *changes, size_t n,
		      const char *name, const char *email, const char *message)
{
	struct worktree wt = { .lock_fd = -1 };
	struct pending *p;
	git_signature *sig = NULL;
	git_reference *ref = NULL;
	struct timespec start;
	char reflog[256];
	git_oid commit;
	time_t now;
	unsigned attempt = 0;
	size_t i;
	int bare = git_repository_is_bare(st->repo), err;

	if ((err = mutu_clock_now(&now)) < 0)
		return err;
	if ((err = refuse_busy_repository(st)) < 0)
		return err;
	if (!(p = calloc(n ? n : 1, sizeof(*p))))
		return mutu_error_nomem();
	for (i = 0; i < n; i++) {
		p[i].change = &changes[i];
		if (changes[i].data &&
		    git_blob_create_from_buffer(&p[i].blob, st->repo, changes[i].data, changes[i].len) < 0) {
			err = mutu_error_git("cannot store a record");
			goto out;
		}
	}
	if (git_signature_new(&sig, name, email, now, 0) < 0) {
		err = mutu_error_git("author");
		goto out;
	}
	snprintf(reflog, sizeof(reflog), "mutu: %.*s", (int)strcspn(message, "\n"), message);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;; attempt++) {
		if ((err = load_tip(st)) < 0)
			goto out;
		if (!st->branch) {
			err = mutu_error_set(MUTU_ETEMP, "HEAD is detached; check out a branch first");
			goto out;
		}
		if ((err = check_bases(st, p, n)) < 0 ||
		    (err = build_commit(&commit, st, p, n, sig, message)) < 0)
			goto out;
		if (!bare) {
			err = worktree_lock(&wt, st);
			if (err == MUTU_ETEMP) {
				if (back_off(attempt, &start))
					continue;
				err = mutu_error_set(MUTU_ETEMP, "%s exists: another Git process seems to be running; if not, remove it",
						     wt.lock);
			}
			if (err < 0)
				goto out;
			if ((err = worktree_check(&wt, st, p, n)) < 0)
				goto out;
		}
		err = git_reference_create_matching(&ref, st->repo, st->branch, &commit,
						    st->has_tip, st->has_tip ? &st->tip : NULL, reflog);
		if (err == 0)
			break;
		worktree_unlock(&wt);
		if (err != GIT_EMODIFIED && err != GIT_EEXISTS && err != GIT_ELOCKED) {
			err = mutu_error_git(st->branch);
			goto out;
		}
		/* another writer moved the branch first: rebuild on its tip */
		if (!back_off(attempt, &start)) {
			err = mutu_error_set(MUTU_ETEMP, "%s kept moving under concurrent writers; try again",
					     st->branch);
			goto out;
		}
	}
	git_reference_free(ref);
	if (!bare && (err = worktree_apply(&wt, st, p, n)) < 0) {
		char hex[GIT_OID_HEXSZ + 1], why[512];

		git_oid_tostr(hex, sizeof(hex), &commit);
		snprintf(why, sizeof(why), "%s", mutu_error_last());
		err = mutu_error_set(err, "committed %.12s, but the work tree lags behind (%s); 'git status' shows what to restore",
				     hex, why);
	}
	if (err == 0)
		err = load_tip(st);
out:
	worktree_unlock(&wt);
	git_signature_free(sig);
	free(p);
	return err;
}
