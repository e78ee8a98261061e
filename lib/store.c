/*
 * How a write becomes a commit, why none is ever lost, and why a writer
 * killed at any instant blocks nothing.
 *
 * Building. A write never goes through the index to build its tree.
 * Blobs for the new contents are written first; then
 * git_tree_create_updated rebuilds only the trees on the touched paths
 * (the root, "offers", "offers/7q") from the tip's tree, which keeps a
 * commit into a commons of 100k fanned-out records in the millisecond
 * range. The commit names the tip as its parent.
 *
 * Publishing. The branch is moved with git_reference_create_matching
 * against that same tip: a compare-and-swap under the ref's lock file. If
 * another writer moved the branch in between, nothing was published, and
 * the whole build is redone on the new tip. Every change carries the blob
 * it was made from, so a rebuild on a tip where that record changed stops
 * with MUTU_ETEMP instead of silently undoing the other writer's edit.
 * Writers touching different records always both land.
 *
 * The last step, and only it, runs under the writers' mutex: a flock on
 * <gitdir>/mutu/lock, which the kernel releases when its holder dies, so
 * it can never be left behind. Under it the writer records its intent
 * (<gitdir>/mutu/intent: the branch, the old tip, the new commit); in a
 * non-bare commons takes git's index.lock, marked as mutu's, and refuses
 * if a touched path differs from the tip in the index or the work tree (a
 * hand edit is never overwritten); moves the branch; writes the touched
 * files and their index entries (worktree.c); releases index.lock; and
 * removes the intent.
 *
 * Crashing. Whoever next takes the mutex and finds an intent knows its
 * writer is dead. It removes the ref lock the writer may have left, looks
 * whether the new commit landed, and if it did brings the index and the
 * work tree of the paths between the old and the new tree to the tip;
 * then it removes the marked index.lock and the intent. Every mutu
 * command does this when it opens the commons, so a person never deletes
 * a lock and `git status` ends clean. What a killed writer published
 * stays published; what it did not is simply absent (its objects, never
 * referenced, are git's to collect).
 */
#include "store.h"
#include "store_git.h"

#include "buf.h"
#include "clock.h"
#include "error.h"
#include "gitinit.h"
#include "i18n.h"
#include "utf8.h"
#include "worktree.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct mutu_store {
	git_repository *repo;
	git_odb *odb;
	char *branch;          /* "refs/heads/main"; NULL when HEAD is detached */
	git_oid tip;
	int has_tip;
	git_tree *tip_tree;    /* NULL without a tip */
	char *path;
	long lock_timeout_ms;
	int after_merge;       /* git's merge is committed, its state not yet gone */
	char own[4096];        /* <gitdir>/mutu/: the mutex, the intent, derived data */
};

static const char *crash_point;

void mutu_store_crash_at(const char *point)
{
	crash_point = point;
}

static void crash(const char *point)
{
	if (crash_point && !strcmp(crash_point, point))
		kill(getpid(), SIGKILL);
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
		return mutu_error_git(_("tip commit"));
	}
	git_commit_free(commit);
	st->has_tip = 1;
	return 0;
}

static int recover(mutu_store *st);
static int mutex_try(mutu_store *st, int *fd);
static void mutex_release(int fd);

static int exists(const char *dir, const char *name)
{
	char path[4200];
	struct stat sb;

	snprintf(path, sizeof(path), "%s%s", dir, name);
	return lstat(path, &sb) == 0;
}

/* Finish a write a killed process left, if there is one and no living
 * writer is at work. A read must not fail for it: trouble is a warning. */
static void recover_at_open(mutu_store *st)
{
	int fd = -1;

	if (!exists(st->own, "intent") &&
	    (git_repository_is_bare(st->repo) || !mutu_worktree_stale_lock(st->repo)))
		return;
	if (mutex_try(st, &fd) != 0)
		return;  /* a writer is at work: it will see to it */
	/* busy (git holds index.lock): the next command will */
	if (recover(st) < 0)
		mutu_warn("%s", mutu_error_last());
	mutex_release(fd);
	mutu_error_clear();
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
	st->lock_timeout_ms = 10000;
	p = git_repository_is_bare(repo) ? git_repository_path(repo) : git_repository_workdir(repo);
	if (!(st->path = strdup(p))) {
		mutu_store_free(st);
		return mutu_error_nomem();
	}
	len = strlen(st->path);
	if (len > 1 && st->path[len - 1] == '/')
		st->path[len - 1] = '\0';
	if ((size_t)snprintf(st->own, sizeof(st->own), "%smutu/", git_repository_path(repo)) >=
	    sizeof(st->own)) {
		mutu_store_free(st);
		return mutu_error_set(MUTU_EIO, _("path too long: %s"), git_repository_path(repo));
	}
	if (git_repository_odb(&st->odb, repo) < 0) {
		err = mutu_error_git(_("object database"));
		mutu_store_free(st);
		return err;
	}
	if ((err = load_tip(st)) < 0) {
		mutu_store_free(st);
		return err;
	}
	*out = st;
	return 0;
}

int mutu_store_open(mutu_store **out, const char *dir, unsigned flags)
{
	git_repository *repo;
	mutu_oid id;
	char cwd[4096];
	int err;

	*out = NULL;
	if ((err = mutu_git_init()) < 0)
		return err;
	if (flags & MUTU_OPEN_FROM_ENV)
		err = git_repository_open_ext(&repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	else
		err = git_repository_open_ext(&repo, dir ? dir : ".",
					      (flags & MUTU_OPEN_NO_SEARCH) ? GIT_REPOSITORY_OPEN_NO_SEARCH : 0,
					      NULL);
	if (err == GIT_ENOTFOUND) {
		if (flags & MUTU_OPEN_NO_SEARCH)
			return mutu_error_set(MUTU_ENOTFOUND, _("not a commons: %s"), dir ? dir : ".");
		return mutu_error_set(MUTU_ENOTFOUND, _("not a commons (nor any parent directory): %s"),
				      dir ? dir : getcwd(cwd, sizeof(cwd)) ? cwd : ".");
	}
	if (err < 0)
		return mutu_error_git(_("cannot open the commons"));
	if ((err = store_new(out, repo)) < 0)
		return err;
	if (mutu_store_lookup(&id, *out, "mutu.yaml") < 0) {
		if (flags & MUTU_OPEN_ANY) {
			mutu_error_clear();
			return 0;
		}
		err = mutu_error_set(MUTU_ENOTFOUND, _("%s is a Git repository but not a commons (no mutu.yaml); run mutu init"),
				     (*out)->path);
		mutu_store_free(*out);
		*out = NULL;
		return err;
	}
	recover_at_open(*out);
	/* the write may have moved the branch: read from where it is now */
	if ((err = load_tip(*out)) < 0) {
		mutu_store_free(*out);
		*out = NULL;
	}
	return err;
}

int mutu_store_open_again(mutu_store **out, const mutu_store *st)
{
	git_repository *repo;

	*out = NULL;
	if (git_repository_open_ext(&repo, git_repository_path(st->repo), GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0)
		return mutu_error_git(_("cannot open the commons"));
	return store_new(out, repo);
}

static int count_ref(const char *name, void *payload)
{
	(void)name;
	++*(size_t *)payload;
	return 1;   /* one is enough */
}

/* Whether the repository holds any reference at all. */
static int has_refs(git_repository *repo)
{
	size_t n = 0;

	git_reference_foreach_name(repo, count_ref, &n);
	git_error_clear();
	return n > 0;
}

int mutu_store_create(mutu_store **out, const char *dir, int bare)
{
	git_repository_init_options opts;
	git_repository *repo;
	int err;

	*out = NULL;
	if ((err = mutu_git_init()) < 0)
		return err;
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_MKDIR;
	if (bare)
		opts.flags |= GIT_REPOSITORY_INIT_BARE;
	opts.initial_head = "main";
	if (git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0) {
		/* not git_repository_is_empty: it also asks that HEAD name the
		 * default branch, and `git init -b main` is as empty as can be */
		if (git_repository_head_unborn(repo) != 1 || has_refs(repo)) {
			git_repository_free(repo);
			return mutu_error_set(MUTU_EUSAGE, _("%s already has history; a commons starts in an empty repository"),
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
	git_odb_free(st->odb);
	git_repository_free(st->repo);
	free(st->branch);
	free(st->path);
	free(st);
}

void mutu_store_set_lock_timeout(mutu_store *st, long ms)
{
	st->lock_timeout_ms = ms < 0 ? 0 : ms;
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
		return mutu_error_git(_("git config"));
	err = git_config_get_string(&v, cfg, key);
	if (err == 0 && !(*out = strdup(v)))
		err = mutu_error_nomem();
	else if (err == GIT_ENOTFOUND)
		err = mutu_error_set(MUTU_ENOTFOUND, _("git config %s is not set"), key);
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
		return mutu_error_git(_("git config"));
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

int mutu_oid_parse(mutu_oid *out, const char *hex)
{
	if (strlen(hex) != 40 || git_oid_fromstr((git_oid *)out->raw, hex) < 0)
		return mutu_error_set(MUTU_EDATA, _("'%s' is not an object id"), mutu_utf8_clip(hex, 48));
	return 0;
}

int mutu_oid_equal(const mutu_oid *a, const mutu_oid *b)
{
	return memcmp(a->raw, b->raw, sizeof(a->raw)) == 0;
}

int mutu_oid_is_zero(const mutu_oid *id)
{
	static const mutu_oid zero;

	return mutu_oid_equal(id, &zero);
}

/* --- reading --- */

int mutu_store_tip_tree(mutu_oid *out, mutu_store *st)
{
	memset(out, 0, sizeof(*out));
	if (st->tip_tree)
		memcpy(out->raw, git_tree_id(st->tip_tree)->id, sizeof(out->raw));
	return 0;
}

/* The entry at path in tree, of the type wanted, or MUTU_ENOTFOUND. */
static int tree_lookup(git_oid *out, git_tree *tree, const char *path, git_object_t want)
{
	git_tree_entry *e;
	int err = 0;

	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0)
		return mutu_error_set(MUTU_ENOTFOUND, _("%s: not found"), path);
	if (git_tree_entry_type(e) != want)
		err = mutu_error_set(MUTU_ENOTFOUND, want == GIT_OBJECT_BLOB ? _("%s: not a file")
									  : _("%s: not a directory"),
				     path);
	else
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return err;
}

int mutu_store_lookup(mutu_oid *out, mutu_store *st, const char *path)
{
	return tree_lookup((git_oid *)out->raw, st->tip_tree, path, GIT_OBJECT_BLOB);
}

int mutu_store_dir(mutu_oid *out, mutu_store *st, const char *path)
{
	if (!*path) {
		if (!st->tip_tree)
			return mutu_error_set(MUTU_ENOTFOUND, _("the commons has no commit yet"));
		memcpy(out->raw, git_tree_id(st->tip_tree)->id, sizeof(out->raw));
		return 0;
	}
	return tree_lookup((git_oid *)out->raw, st->tip_tree, path, GIT_OBJECT_TREE);
}

int mutu_store_lookup_in(mutu_oid *out, mutu_store *st, const mutu_oid *tree, const char *path,
			 int dir)
{
	git_tree *t;
	int err;

	char hex[41];

	/* a tree that is not there is damage, not an empty directory */
	if (git_tree_lookup(&t, st->repo, (const git_oid *)tree->raw) < 0) {
		mutu_oid_fmt(hex, tree);
		return mutu_error_set(MUTU_EDATA, _("tree %s is not in the commons' history"), hex);
	}
	err = tree_lookup((git_oid *)out->raw, t, path, dir ? GIT_OBJECT_TREE : GIT_OBJECT_BLOB);
	git_tree_free(t);
	return err;
}

int mutu_store_subdir(mutu_oid *out, mutu_store *st, const mutu_oid *tree, const char *path)
{
	git_tree *t = NULL;
	git_tree_entry *e;
	int err;

	if (tree && git_tree_lookup(&t, st->repo, (const git_oid *)tree->raw) < 0) {
		char hex[41];

		mutu_oid_fmt(hex, tree);
		return mutu_error_set(MUTU_EDATA, _("tree %s is not in the commons' history"), hex);
	}
	if (!(tree ? t : st->tip_tree) || git_tree_entry_bypath(&e, tree ? t : st->tip_tree, path) < 0) {
		git_tree_free(t);
		return 0;
	}
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		git_oid_cpy((git_oid *)out->raw, git_tree_entry_id(e));
		err = 1;
	} else {
		err = mutu_error_set(MUTU_EDATA, _("%s: not a directory"), path);
	}
	git_tree_entry_free(e);
	git_tree_free(t);
	return err;
}

int mutu_store_read_blob(char **data, size_t *len, mutu_store *st, const mutu_oid *id,
			 size_t max)
{
	git_odb_object *obj;
	git_object_t type;
	size_t size;
	char hex[41];

	*data = NULL;
	*len = 0;
	/* the size first, from the header: a huge blob is never inflated */
	if (git_odb_read_header(&size, &type, st->odb, (const git_oid *)id->raw) < 0)
		return mutu_error_git(_("cannot read a record"));
	mutu_oid_fmt(hex, id);
	if (type != GIT_OBJECT_BLOB)
		return mutu_error_set(MUTU_EDATA, _("object %.12s is not a file"), hex);
	if (size > max)
		return mutu_error_set(MUTU_EDATA, _("%zu bytes, more than the %zu a record may hold"),
				      size, max);
	if (git_odb_read(&obj, st->odb, (const git_oid *)id->raw) < 0)
		return mutu_error_git(_("cannot read a record"));
	size = git_odb_object_size(obj);
	if (size > max || !(*data = malloc(size + 1))) {
		git_odb_object_free(obj);
		return size > max ? mutu_error_set(MUTU_EDATA, _("%zu bytes, more than the %zu a record may hold"),
						   size, max)
				  : mutu_error_nomem();
	}
	memcpy(*data, git_odb_object_data(obj), size);
	(*data)[size] = '\0';
	*len = size;
	git_odb_object_free(obj);
	return 0;
}

int mutu_store_read(char **data, size_t *len, mutu_store *st, const char *path, size_t max)
{
	mutu_oid id;
	int err;

	*data = NULL;
	if ((err = mutu_store_lookup(&id, st, path)) < 0)
		return err;
	if ((err = mutu_store_read_blob(data, len, st, &id, max)) < 0 &&
	    mutu_error_last_code() == MUTU_EDATA) {
		char why[512];

		snprintf(why, sizeof(why), "%s", mutu_error_last());
		return mutu_error_set(err, "%s: %s", path, why);
	}
	return err;
}

int mutu_store_list_tree(mutu_store *st, const mutu_oid *id, mutu_store_entry_cb cb,
			 void *payload)
{
	git_tree *tree;
	size_t i, n;
	int err = 0;

	if (git_tree_lookup(&tree, st->repo, (const git_oid *)id->raw) < 0)
		return mutu_error_git(_("cannot read a directory"));
	n = git_tree_entrycount(tree);
	for (i = 0; i < n && err == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		mutu_entry_kind kind;

		switch (git_tree_entry_filemode(e)) {
		case GIT_FILEMODE_TREE: kind = MUTU_ENTRY_DIR; break;
		case GIT_FILEMODE_LINK: kind = MUTU_ENTRY_LINK; break;
		case GIT_FILEMODE_COMMIT: kind = MUTU_ENTRY_SUBMODULE; break;
		default: kind = MUTU_ENTRY_FILE; break;
		}
		err = cb(git_tree_entry_name(e), kind, (const mutu_oid *)git_tree_entry_id(e), payload);
	}
	git_tree_free(tree);
	return err;
}

/* --- the writers' mutex and the intent record --- */

static int own_path(char *out, size_t size, const mutu_store *st, const char *name)
{
	if ((size_t)snprintf(out, size, "%s%s", st->own, name) >= size)
		return mutu_error_set(MUTU_EIO, _("path too long: %s%s"), st->own, name);
	return 0;
}

/* 0 and *fd holding the mutex; 1 if another process holds it. */
static int mutex_try(mutu_store *st, int *fd)
{
	char path[4200];
	int err;

	*fd = -1;
	if ((err = own_path(path, sizeof(path), st, "lock")) < 0)
		return err;
	if (mkdir(st->own, 0777) < 0 && errno != EEXIST)
		return mutu_error_set(MUTU_EIO, "%s: %s", st->own, strerror(errno));
	if ((*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	err = errno;
	close(*fd);
	*fd = -1;
	if (err == EWOULDBLOCK)
		return 1;
	return mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(err));
}

static void mutex_release(int fd)
{
	if (fd >= 0)
		close(fd);  /* closing releases the flock */
}

struct intent {
	char branch[256];
	git_oid old, new;
	int has_old;
	struct timespec when;
};

static int write_intent(mutu_store *st, const git_oid *old, const git_oid *new)
{
	char path[4200], tmp[4200], text[512], hold[GIT_OID_HEXSZ + 1], hnew[GIT_OID_HEXSZ + 1];
	int fd, len, err;

	if ((err = own_path(path, sizeof(path), st, "intent")) < 0 ||
	    (err = own_path(tmp, sizeof(tmp), st, "intent.new")) < 0)
		return err;
	if (old)
		git_oid_tostr(hold, sizeof(hold), old);
	else
		memset(hold, '0', GIT_OID_HEXSZ), hold[GIT_OID_HEXSZ] = '\0';
	git_oid_tostr(hnew, sizeof(hnew), new);
	len = snprintf(text, sizeof(text), "mutu-intent 1\nbranch %s\nold %s\nnew %s\n", st->branch,
		       hold, hnew);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", tmp, strerror(errno));
	if (write(fd, text, (size_t)len) != len || close(fd) < 0 || rename(tmp, path) < 0) {
		int e = errno;

		unlink(tmp);
		return mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(e));
	}
	return 0;
}

static void remove_intent(mutu_store *st)
{
	char path[4200];

	if (own_path(path, sizeof(path), st, "intent") == 0)
		unlink(path);
}

/* 1 and *out filled if a well-formed intent is there; 0 if none (or a
 * malformed one, which is removed: it cannot be acted on). */
static int read_intent(mutu_store *st, struct intent *out)
{
	char path[4200], text[512], old[GIT_OID_HEXSZ + 1], new[GIT_OID_HEXSZ + 1];
	struct stat sb;
	ssize_t n;
	int fd;

	if (own_path(path, sizeof(path), st, "intent") < 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 0;
	n = read(fd, text, sizeof(text) - 1);
	if (fstat(fd, &sb) == 0)
		out->when = sb.st_mtim;
	close(fd);
	if (n > 0) {
		text[n] = '\0';
		if (sscanf(text, "mutu-intent 1\nbranch %255s\nold %40s\nnew %40s\n", out->branch, old,
			   new) == 3 &&
		    !strncmp(out->branch, "refs/heads/", 11) && !strstr(out->branch, "..") &&
		    git_oid_fromstr(&out->new, new) == 0 && git_oid_fromstr(&out->old, old) == 0) {
			out->has_old = !git_oid_is_zero(&out->old);
			return 1;
		}
	}
	unlink(path);
	return 0;
}

/* A lock on the branch that the dead writer left: its content is the new
 * commit, or it is empty and was made after the intent. */
static void remove_dead_ref_lock(mutu_store *st, const struct intent *in)
{
	char path[4200], text[64], hex[GIT_OID_HEXSZ + 1];
	struct stat sb;
	ssize_t n = 0;
	int fd;

	snprintf(path, sizeof(path), "%s%s.lock", git_repository_path(st->repo), in->branch);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return;
	n = read(fd, text, sizeof(text) - 1);
	if (fstat(fd, &sb) < 0)
		n = -1;
	close(fd);
	if (n < 0)
		return;
	text[n] = '\0';
	git_oid_tostr(hex, sizeof(hex), &in->new);
	if ((n == 0 && (sb.st_mtim.tv_sec > in->when.tv_sec ||
			(sb.st_mtim.tv_sec == in->when.tv_sec && sb.st_mtim.tv_nsec >= in->when.tv_nsec))) ||
	    !strncmp(text, hex, GIT_OID_HEXSZ))
		unlink(path);
}

static int tree_of_commit(git_tree **out, git_repository *repo, const git_oid *id)
{
	git_commit *c;
	int err;

	*out = NULL;
	if (git_commit_lookup(&c, repo, id) < 0)
		return mutu_error_git(_("interrupted write"));
	err = git_commit_tree(out, c) < 0 ? mutu_error_git(_("interrupted write")) : 0;
	git_commit_free(c);
	return err;
}

/* With the mutex held: finish what a dead writer left (see the top).
 * MUTU_WORKTREE_BUSY when git holds index.lock: not now. */
static int recover(mutu_store *st)
{
	git_tree *old = NULL, *new = NULL, *tip = NULL, *empty = NULL;
	git_treebuilder *tb = NULL;
	mutu_worktree *wt = NULL;
	struct intent in;
	git_oid now, empty_id;
	int landed = 0, err = 0, fixed = 0, bare = git_repository_is_bare(st->repo);

	if (!read_intent(st, &in)) {
		/* no intent: a marked index.lock can only be a dead writer's */
		if (!bare && mutu_worktree_stale_lock(st->repo) &&
		    (err = mutu_worktree_lock(&wt, st->repo, 1)) == 0)
			mutu_worktree_unlock(wt);
		return err < 0 ? err : 0;
	}
	remove_dead_ref_lock(st, &in);
	if (git_reference_name_to_id(&now, st->repo, in.branch) == 0)
		landed = git_oid_equal(&now, &in.new) ||
			 git_graph_descendant_of(st->repo, &now, &in.new) == 1;
	if (!bare) {
		if ((err = mutu_worktree_lock(&wt, st->repo, 1)) != 0)
			return err;   /* busy: git holds index.lock, later */
		if (in.has_old)
			err = tree_of_commit(&old, st->repo, &in.old);
		else if (git_treebuilder_new(&tb, st->repo, NULL) < 0 ||
			 git_treebuilder_write(&empty_id, tb) < 0 ||
			 git_tree_lookup(&empty, st->repo, &empty_id) < 0)
			err = mutu_error_git(_("empty tree"));
		if (err == 0)
			err = tree_of_commit(&new, st->repo, &in.new);
		if (err == 0 && landed)
			err = tree_of_commit(&tip, st->repo, &now);
		if (err == 0 && (err = mutu_worktree_recover(wt, st->repo, old ? old : empty, new,
							      tip)) > 0) {
			fixed = err;
			err = 0;
		}
		mutu_worktree_unlock(wt);
	}
	if (err == 0) {
		remove_intent(st);
		if (fixed)
			mutu_warn(_("finished a write that an interrupted mutu command left (commit %.12s)"),
				  git_oid_tostr_s(&in.new));
	}
	git_tree_free(old);
	git_tree_free(new);
	git_tree_free(tip);
	git_tree_free(empty);
	git_treebuilder_free(tb);
	return err;
}

/* --- writing --- */

struct pending {
	const mutu_change *change;
	git_oid blob;
};

/* Fail unless every change still applies to the tip (see the top), and
 * every guarded directory is still what it was. */
static int check_bases(mutu_store *st, const struct pending *p, size_t n,
		       const mutu_commit_info *info)
{
	git_oid cur;
	size_t i;
	int found;

	for (i = 0; i < info->nguards; i++) {
		const mutu_guard *g = &info->guards[i];

		found = tree_lookup(&cur, st->tip_tree, g->dir, GIT_OBJECT_TREE) == 0;
		if (found != (g->tree != NULL) ||
		    (found && !git_oid_equal(&cur, (const git_oid *)g->tree->raw)))
			return mutu_error_set(MUTU_ETEMP, _("%s was changed by another writer meanwhile; run the command again"),
					      g->dir);
	}

	for (i = 0; i < n; i++) {
		const mutu_change *c = p[i].change;

		found = tree_lookup(&cur, st->tip_tree, c->path, GIT_OBJECT_BLOB) == 0;
		if (!c->base && found)
			return mutu_error_set(MUTU_ETEMP, _("%s already exists"), c->path);
		if (c->base && (!found || !git_oid_equal(&cur, (const git_oid *)c->base->raw)))
			return mutu_error_set(MUTU_ETEMP, _("%s was changed by another writer meanwhile; run the command again"),
					      c->path);
	}
	mutu_error_clear();
	return 0;
}

/* The commit of tree with parents, by info, signed when info says so. */
static int make_commit(git_oid *out, mutu_store *st, const git_tree *tree,
		       const git_commit **parents, size_t np, const mutu_commit_info *info,
		       time_t when)
{
	git_signature *author = NULL, *committer = NULL;
	git_buf buffer = { 0 };
	char *signature = NULL;
	int err = 0;

	if (git_signature_new(&author, info->name, info->email, when, 0) < 0)
		return mutu_error_git(_("author"));
	if (info->committer_name &&
	    git_signature_new(&committer, info->committer_name, info->committer_email, when, 0) < 0) {
		err = mutu_error_git(_("committer"));
		goto out;
	}
	if (!info->sign) {
		if (git_commit_create(out, st->repo, NULL, author, committer ? committer : author,
				      NULL, info->message, tree, np, parents) < 0)
			err = mutu_error_git(_("cannot create the commit"));
		goto out;
	}
	if (git_commit_create_buffer(&buffer, st->repo, author, committer ? committer : author,
				     NULL, info->message, tree, np, parents) < 0) {
		err = mutu_error_git(_("cannot create the commit"));
		goto out;
	}
	if ((err = info->sign(&signature, buffer.ptr, buffer.size, info->sign_payload)) < 0)
		goto out;
	if (git_commit_create_with_signature(out, st->repo, buffer.ptr, signature, "gpgsig") < 0)
		err = mutu_error_git(_("cannot create the commit"));
out:
	free(signature);
	git_buf_dispose(&buffer);
	git_signature_free(committer);
	git_signature_free(author);
	return err;
}

static int empty_tree(git_tree **out, git_repository *repo)
{
	git_treebuilder *tb = NULL;
	git_oid id;
	int err = 0;

	if (git_treebuilder_new(&tb, repo, NULL) < 0 || git_treebuilder_write(&id, tb) < 0 ||
	    git_tree_lookup(out, repo, &id) < 0)
		err = mutu_error_git(_("empty tree"));
	git_treebuilder_free(tb);
	return err;
}

static int build_commit(git_oid *out, mutu_store *st, const struct pending *p, size_t n,
			const mutu_commit_info *info, time_t when)
{
	git_tree_update *updates;
	git_tree *base = st->tip_tree, *tree = NULL;
	git_commit *parent = NULL;
	git_oid tree_id;
	size_t i;
	int err = 0;

	if (!(updates = calloc(n ? n : 1, sizeof(*updates))))
		return mutu_error_nomem();
	/* git_tree_create_updated needs a baseline: without a tip, the empty tree */
	if (!base && (err = empty_tree(&base, st->repo)) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		updates[i].action = p[i].change->data ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
		updates[i].id = p[i].blob;
		updates[i].filemode = GIT_FILEMODE_BLOB;
		updates[i].path = p[i].change->path;
	}
	if (git_tree_create_updated(&tree_id, st->repo, base, n, updates) < 0 ||
	    git_tree_lookup(&tree, st->repo, &tree_id) < 0) {
		err = mutu_error_git(_("cannot build the tree"));
		goto out;
	}
	if (st->has_tip && git_commit_lookup(&parent, st->repo, &st->tip) < 0) {
		err = mutu_error_git(_("tip commit"));
		goto out;
	}
	err = make_commit(out, st, tree, (const git_commit **)&parent, parent ? 1 : 0, info, when);
out:
	git_commit_free(parent);
	git_tree_free(tree);
	if (base != st->tip_tree)
		git_tree_free(base);
	free(updates);
	return err;
}

/* Wait a little, longer each time; false once the bounded wait is over. */
static int back_off(const mutu_store *st, unsigned attempt, const struct timespec *start)
{
	struct timespec now, nap;
	unsigned short r = 0;
	long elapsed_ms, ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed_ms = (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
	if (elapsed_ms >= st->lock_timeout_ms)
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

/* Whether HEAD is already the merge of MERGE_HEAD: git runs post-merge
 * hooks before it removes its merge state. */
static int merge_committed(mutu_store *st)
{
	git_commit *head = NULL;
	git_oid merging;
	int yes = 0;

	if (git_reference_name_to_id(&merging, st->repo, "MERGE_HEAD") == 0 &&
	    git_revparse_single((git_object **)&head, st->repo, "HEAD^{commit}") == 0 &&
	    git_commit_parentcount(head) == 2)
		yes = git_oid_equal(git_commit_parent_id(head, 1), &merging);
	git_commit_free(head);
	git_error_clear();
	return yes;
}

static int refuse_busy_repository(mutu_store *st)
{
	int state;

	if (git_repository_is_bare(st->repo))
		return 0;
	state = git_repository_state(st->repo);
	if (state == GIT_REPOSITORY_STATE_MERGE && st->after_merge && merge_committed(st))
		return 0;
	if (state != GIT_REPOSITORY_STATE_NONE)
		return mutu_error_set(MUTU_ETEMP, _("a merge, rebase or similar is in progress; finish it first"));
	return 0;
}

/* What publish() asks of its caller: try again after backing off. */
enum { PUBLISHED = 0, RETRY_MOVED = 1, RETRY_BUSY = 2 };

/* With the mutex held: move the branch from parent to commit, and bring
 * the work tree and the index along (see the top). */
static int publish(mutu_store *st, const mutu_worktree_file *files, size_t n,
		   const git_oid *commit, const git_oid *parent, const char *reflog)
{
	int bare = git_repository_is_bare(st->repo), err;
	mutu_worktree *wt = NULL;
	git_reference *ref = NULL;
	git_oid cur;
	size_t i;

	if ((err = recover(st)) != 0)
		return err == MUTU_WORKTREE_BUSY ? RETRY_BUSY : err;
	err = git_reference_name_to_id(&cur, st->repo, st->branch);
	if (err < 0 && err != GIT_ENOTFOUND)
		return mutu_error_git(st->branch);
	if (err == GIT_ENOTFOUND ? parent != NULL : !parent || !git_oid_equal(&cur, parent))
		return RETRY_MOVED;
	if ((err = write_intent(st, parent, commit)) < 0)
		return err;
	crash("intent");
	if (!bare) {
		if ((err = mutu_worktree_lock(&wt, st->repo, 0)) == MUTU_WORKTREE_BUSY)
			err = RETRY_BUSY;
		if (err != 0)
			goto undo;
		for (i = 0; i < n; i++) {
			git_oid at;
			int in_tip = tree_lookup(&at, st->tip_tree, files[i].path, GIT_OBJECT_BLOB) == 0;

			if ((err = mutu_worktree_check(wt, files[i].path, in_tip ? &at : NULL)) < 0)
				goto undo;
		}
		mutu_error_clear();
		crash("locked");
	}
	err = git_reference_create_matching(&ref, st->repo, st->branch, commit, parent != NULL, parent,
					    reflog);
	git_reference_free(ref);
	if (err == GIT_EMODIFIED || err == GIT_EEXISTS || err == GIT_ELOCKED) {
		err = RETRY_MOVED;   /* a writer outside mutu moved it */
		goto undo;
	}
	if (err < 0) {
		err = mutu_error_git(st->branch);
		goto undo;
	}
	crash("published");
	if (!bare) {
		err = mutu_worktree_apply(wt, files, n, crash);
		mutu_worktree_unlock(wt);
		if (err < 0) {
			char hex[GIT_OID_HEXSZ + 1], why[512];

			git_oid_tostr(hex, sizeof(hex), commit);
			snprintf(why, sizeof(why), "%s", mutu_error_last());
			return mutu_error_set(err, _("committed %.12s, but the work tree lags behind (%s); the next mutu command brings it in step"),
					      hex, why);
		}
		crash("unlocked");
	}
	remove_intent(st);
	return PUBLISHED;
undo:
	mutu_worktree_unlock(wt);
	remove_intent(st);
	return err;
}

/*
 * Publish commit over parent under the mutex, backing off while another
 * writer or git holds it: 0, RETRY_MOVED when the branch moved (the
 * caller rebuilds), or < 0.
 */
static int publish_waiting(mutu_store *st, const mutu_worktree_file *files, size_t n,
			   const git_oid *commit, const git_oid *parent, const char *reflog)
{
	struct timespec start;
	unsigned attempt;
	int err, fd;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (attempt = 0;; attempt++) {
		if ((err = mutex_try(st, &fd)) < 0)
			return err;
		if (err == 0) {
			err = publish(st, files, n, commit, parent, reflog);
			mutex_release(fd);
		} else {
			err = RETRY_BUSY;  /* another mutu is publishing */
		}
		if (err != RETRY_BUSY)
			return err;
		if (!back_off(st, attempt, &start))
			return git_repository_is_bare(st->repo)
				       ? mutu_error_set(MUTU_ETEMP, _("%s kept moving under concurrent writers; try again"),
							st->branch)
				       : mutu_error_set(MUTU_ETEMP, _("%sindex.lock exists: another Git process seems to be running; if not, remove it"),
							git_repository_path(st->repo));
	}
}

static int start_write(mutu_store *st)
{
	int err;

	if ((err = refuse_busy_repository(st)) < 0 || (err = load_tip(st)) < 0)
		return err;
	if (!st->branch)
		return mutu_error_set(MUTU_ETEMP, _("HEAD is detached; check out a branch first"));
	return 0;
}

int mutu_store_writable(mutu_store *st)
{
	return start_write(st);
}

const char *mutu_store_branch(const mutu_store *st)
{
	return st->branch;
}

int mutu_store_commit(mutu_store *st, const mutu_change *changes, size_t n,
		      const mutu_commit_info *info)
{
	struct pending *p;
	mutu_worktree_file *files;
	struct timespec start;
	char reflog[256];
	git_oid commit, parent;
	time_t now;
	unsigned attempt = 0;
	size_t i;
	int err;

	if ((err = mutu_clock_now(&now)) < 0 || (err = refuse_busy_repository(st)) < 0)
		return err;
	p = calloc(n ? n : 1, sizeof(*p));
	files = calloc(n ? n : 1, sizeof(*files));
	if (!p || !files) {
		err = mutu_error_nomem();
		goto out;
	}
	for (i = 0; i < n; i++) {
		p[i].change = &changes[i];
		if (changes[i].data &&
		    git_blob_create_from_buffer(&p[i].blob, st->repo, changes[i].data, changes[i].len) < 0) {
			err = mutu_error_git(_("cannot store a record"));
			goto out;
		}
		files[i] = (mutu_worktree_file){ changes[i].path, changes[i].data, changes[i].len,
						 p[i].blob };
	}
	snprintf(reflog, sizeof(reflog), "mutu: %.*s", (int)strcspn(info->message, "\n"),
		 info->message);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;; attempt++) {
		if ((err = start_write(st)) < 0)
			goto out;
		parent = st->tip;
		if ((err = check_bases(st, p, n, info)) < 0 ||
		    (err = build_commit(&commit, st, p, n, info, now)) < 0)
			goto out;
		mutu_error_clear();
		err = publish_waiting(st, files, n, &commit, st->has_tip ? &parent : NULL, reflog);
		if (err <= 0)
			break;
		if (!back_off(st, attempt, &start)) {
			err = mutu_error_set(MUTU_ETEMP, _("%s kept moving under concurrent writers; try again"),
					     st->branch);
			goto out;
		}
	}
	if (err == 0)
		err = load_tip(st);
out:
	free(files);
	free(p);
	return err;
}

int mutu_store_build(mutu_oid *commit, mutu_store *st, const mutu_oid *tree,
		     const mutu_oid *parents, size_t nparents, const mutu_commit_info *info)
{
	const git_commit **pc;
	git_tree *t = NULL;
	time_t now;
	size_t i;
	int err;

	if ((err = mutu_clock_now(&now)) < 0)
		return err;
	if (!(pc = calloc(nparents ? nparents : 1, sizeof(*pc))))
		return mutu_error_nomem();
	if (git_tree_lookup(&t, st->repo, mutu_git_oid(tree)) < 0) {
		err = mutu_error_git(_("cannot build the tree"));
		goto out;
	}
	for (i = 0; i < nparents; i++)
		if (git_commit_lookup((git_commit **)&pc[i], st->repo, mutu_git_oid(&parents[i])) < 0) {
			err = mutu_error_git(_("tip commit"));
			goto out;
		}
	err = make_commit((git_oid *)commit->raw, st, t, pc, nparents, info, now);
out:
	for (i = 0; i < nparents; i++)
		git_commit_free((git_commit *)pc[i]);
	free(pc);
	git_tree_free(t);
	return err;
}

/* What the work tree needs to go from tree a to tree b: every file whose
 * blob differs, with its new contents (data NULL: it goes). */
struct tree_steps {
	mutu_worktree_file *files;
	char **datas;
	size_t n, alloc;
	git_repository *repo;
};

static int add_step(const git_diff_delta *d, float progress, void *payload)
{
	struct tree_steps *ts = payload;
	mutu_worktree_file *f;
	git_blob *blob = NULL;
	char *path, *data = NULL;
	size_t len = 0;

	(void)progress;
	if (ts->n == ts->alloc) {
		size_t alloc = ts->alloc ? ts->alloc * 2 : 64;
		void *a = realloc(ts->files, alloc * sizeof(*ts->files));

		if (!a)
			return mutu_error_nomem();
		ts->files = a;
		if (!(a = realloc(ts->datas, alloc * 2 * sizeof(*ts->datas))))
			return mutu_error_nomem();
		ts->datas = a;
		ts->alloc = alloc;
	}
	if (!(path = strdup(d->new_file.path)))
		return mutu_error_nomem();
	f = &ts->files[ts->n];
	*f = (mutu_worktree_file){ path, NULL, 0, { { 0 } } };
	ts->datas[2 * ts->n] = path;
	ts->datas[2 * ts->n + 1] = NULL;
	ts->n++;
	if (d->status == GIT_DELTA_DELETED)
		return 0;
	if (git_blob_lookup(&blob, ts->repo, &d->new_file.id) < 0)
		return mutu_error_git(path);
	len = (size_t)git_blob_rawsize(blob);
	if (!(data = malloc(len + 1))) {
		git_blob_free(blob);
		return mutu_error_nomem();
	}
	memcpy(data, git_blob_rawcontent(blob), len);
	data[len] = '\0';
	git_blob_free(blob);
	ts->datas[2 * ts->n - 1] = data;
	f->data = data;
	f->len = len;
	f->blob = d->new_file.id;
	return 0;
}

static void tree_steps_free(struct tree_steps *ts)
{
	size_t i;

	for (i = 0; i < 2 * ts->n; i++)
		free(ts->datas[i]);
	free(ts->datas);
	free(ts->files);
}

static int tree_steps(struct tree_steps *ts, mutu_store *st, git_tree *from, const git_oid *to)
{
	git_diff_options opts;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	int err = 0;

	memset(ts, 0, sizeof(*ts));
	ts->repo = st->repo;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
	if (git_commit_lookup(&c, st->repo, to) < 0 || git_commit_tree(&tree, c) < 0 ||
	    git_diff_tree_to_tree(&diff, st->repo, from, tree, &opts) < 0)
		err = mutu_error_git(_("cannot compare the trees"));
	else
		err = git_diff_foreach(diff, add_step, NULL, NULL, NULL, ts);
	if (err > 0)
		err = 0;
	git_diff_free(diff);
	git_tree_free(tree);
	git_commit_free(c);
	return err;
}

int mutu_store_publish(mutu_store *st, const mutu_oid *commit, const mutu_oid *expected,
		       const char *reflog)
{
	struct tree_steps ts;
	int err;

	if ((err = start_write(st)) < 0)
		return err;
	if (expected ? !st->has_tip || !git_oid_equal(&st->tip, mutu_git_oid(expected))
		     : st->has_tip)
		return MUTU_STORE_MOVED;
	if ((err = tree_steps(&ts, st, st->tip_tree, mutu_git_oid(commit))) == 0) {
		err = publish_waiting(st, ts.files, ts.n, mutu_git_oid(commit),
				      expected ? mutu_git_oid(expected) : NULL, reflog);
		if (err == RETRY_MOVED)
			err = MUTU_STORE_MOVED;
	}
	tree_steps_free(&ts);
	if (err == 0)
		err = load_tip(st);
	return err;
}

void mutu_store_after_merge(mutu_store *st)
{
	st->after_merge = 1;
}

int mutu_store_tip(mutu_oid *out, mutu_store *st)
{
	int err;

	if ((err = load_tip(st)) < 0)
		return err;
	if (st->has_tip)
		memcpy(out->raw, st->tip.id, sizeof(out->raw));
	else
		memset(out, 0, sizeof(*out));
	return 0;
}

git_repository *mutu_store_repository(mutu_store *st)
{
	return st->repo;
}

/* --- the references, for a bare repository's guard --- */

void mutu_store_head_ref(char out[256], mutu_store *st)
{
	git_reference *head = NULL;

	if (git_reference_lookup(&head, st->repo, "HEAD") == 0 && git_reference_symbolic_target(head))
		snprintf(out, 256, "%s", git_reference_symbolic_target(head));
	else
		snprintf(out, 256, "refs/heads/main");
	git_reference_free(head);
	git_error_clear();
}

static int collect_tip(git_reference *ref, void *payload)
{
	mutu_buf *known = payload;
	git_reference *resolved = NULL;

	if (git_reference_resolve(&resolved, ref) == 0 && git_reference_target(resolved))
		mutu_buf_put(known, git_reference_target(resolved)->id, GIT_OID_RAWSZ);
	git_error_clear();
	git_reference_free(resolved);
	git_reference_free(ref);
	return 0;
}

int mutu_store_ref_tips(mutu_buf *known, mutu_store *st)
{
	if (git_reference_foreach(st->repo, collect_tip, known) < 0)
		return mutu_error_git(_("cannot read the references"));
	return mutu_buf_check(known);
}

int mutu_store_descends(mutu_store *st, const mutu_oid *commit, const mutu_oid *ancestor)
{
	int r;

	if (mutu_oid_equal(commit, ancestor))
		return 1;
	r = git_graph_descendant_of(st->repo, mutu_git_oid(commit), mutu_git_oid(ancestor));
	git_error_clear();
	return r == 1;
}
