/* gitindex — git's own index file, read and patched, checked by git. */
#include "unit.h"

#include "lib/gitindex.h"

#include <sys/wait.h>

/* A past time for files, so that no entry is "racily clean". */
#define PAST "@1577836800"

static int setup(void **state)
{
	unit_env();
	*state = unit_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	unit_rmtree(*state);
	return 0;
}

/* Run a shell command in dir; it must succeed. */
static void run(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void run(const char *dir, const char *fmt, ...)
{
	char cmd[8192];
	size_t n;
	va_list ap;
	int st;

	n = (size_t)snprintf(cmd, sizeof(cmd), "cd '%s' && (", dir);
	va_start(ap, fmt);
	n += (size_t)vsnprintf(cmd + n, sizeof(cmd) - n, fmt, ap);
	va_end(ap);
	snprintf(cmd + n, sizeof(cmd) - n, ") >/dev/null 2>&1");
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("'%s' failed (%d)", cmd, st);
}

/* What a shell command in dir prints (malloc'd); it must succeed. */
static char *output(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *output(const char *dir, const char *fmt, ...)
{
	char cmd[8192], *data = NULL;
	size_t n, len = 0, cap = 0, got;
	va_list ap;
	FILE *p;
	int st;

	n = (size_t)snprintf(cmd, sizeof(cmd), "cd '%s' && (", dir);
	va_start(ap, fmt);
	n += (size_t)vsnprintf(cmd + n, sizeof(cmd) - n, fmt, ap);
	va_end(ap);
	snprintf(cmd + n, sizeof(cmd) - n, ") 2>&1");
	p = popen(cmd, "r");
	assert_non_null(p);
	do {
		if (len + 4097 > cap) {
			cap = (len + 4097) * 2;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		got = fread(data + len, 1, cap - len - 1, p);
		len += got;
	} while (got);
	data[len] = '\0';
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("'%s' failed (%d): %s", cmd, st, data);
	return data;
}

static char *path_in(const char *dir, const char *rel)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", dir, rel) > 0);
	return p;
}

static uint32_t index_version(const char *dir)
{
	char *ix = path_in(dir, ".git/index"), *data;
	size_t len;
	uint32_t v;

	data = unit_slurp(ix, &len);
	assert_non_null(data);
	assert_true(len >= 12);
	assert_memory_equal(data, "DIRC", 4);
	v = (uint32_t)(unsigned char)data[4] << 24 | (uint32_t)(unsigned char)data[5] << 16 |
	    (uint32_t)(unsigned char)data[6] << 8 | (unsigned char)data[7];
	free(data);
	free(ix);
	return v;
}

/* A repository with nested directories, committed (so that the index
 * has its cached trees), in index version 2, 3 (an intent-to-add entry
 * makes git write 3) or 4. */
static void make_repo(const char *dir, int version)
{
	run(dir, "git init -q -b main . && git config user.name T && git config user.email t@x.org"
		 " && git config core.fsmonitor false && mkdir -p a/b c d/e/f"
		 " && echo x > a/x.txt && echo y > a/b/y.txt && echo z > c/z.txt"
		 " && echo g > d/e/f/g.txt && echo h > d/h.txt && echo t > top.txt && echo i > i.txt"
		 " && touch -d %s a/x.txt a/b/y.txt c/z.txt d/e/f/g.txt d/h.txt top.txt i.txt"
		 " && git add a c d top.txt && git commit -q -m init", PAST);
	if (version == 3)
		run(dir, "git add -N i.txt");
	if (version == 4)
		run(dir, "git update-index --index-version 4");
	assert_int_equal(index_version(dir), version);
}

/* Write a work-tree file (mtime in the past) and store its blob; the
 * change that records it. */
static mutu_gitindex_change add_file(const char *dir, const char *rel, const char *text)
{
	mutu_gitindex_change c;
	char *p = path_in(dir, rel), *hex;

	memset(&c, 0, sizeof(c));
	run(dir, "mkdir -p \"$(dirname '%s')\" && printf '%%s' '%s' > '%s' && touch -d %s '%s'", rel,
	    text, rel, PAST, rel);
	hex = output(dir, "git hash-object -w '%s'", rel);
	hex[40] = '\0';
	assert_int_equal(git_oid_fromstr((git_oid *)c.id.raw, hex), 0);
	assert_int_equal(lstat(p, &c.sb), 0);
	c.path = rel;
	free(hex);
	free(p);
	return c;
}

static mutu_gitindex_change remove_file(const char *dir, const char *rel)
{
	mutu_gitindex_change c;

	memset(&c, 0, sizeof(c));
	run(dir, "rm -f '%s'", rel);
	c.path = rel;
	c.remove = 1;
	return c;
}

/* Patch dir's index as mutu does: a new file, renamed into place. */
static int patch(const char *dir, const mutu_gitindex_change *changes, size_t n)
{
	char *ix = path_in(dir, ".git/index"), *out = path_in(dir, ".git/index.mutu");
	mutu_gitindex *g;
	int err;

	if ((err = mutu_gitindex_read(&g, ix)) == 0) {
		err = mutu_gitindex_write(g, changes, n, out);
		mutu_gitindex_free(g);
	}
	if (err == 0)
		assert_int_equal(rename(out, ix), 0);
	else
		assert_int_equal(access(out, F_OK), -1);   /* nothing left behind */
	free(ix);
	free(out);
	return err;
}

/* --- the cached trees (TREE extension) --- */

struct cached_tree {
	char path[256];
	long count;
	char id[41];
};

static const unsigned char *tree_node(const unsigned char *p, const unsigned char *end,
				      const char *parent, struct cached_tree *out, size_t *n)
{
	const unsigned char *nul = memchr(p, '\0', (size_t)(end - p));
	struct cached_tree *t = &out[(*n)++];
	long subtrees, i;
	char *q;

	assert_non_null(nul);
	if (!*parent)
		snprintf(t->path, sizeof(t->path), "%.*s", (int)(nul - p), (const char *)p);
	else
		snprintf(t->path, sizeof(t->path), "%s/%.*s", parent, (int)(nul - p), (const char *)p);
	p = nul + 1;
	t->count = strtol((const char *)p, &q, 10);
	subtrees = strtol(q + 1, &q, 10);
	p = (const unsigned char *)q + 1;
	t->id[0] = '\0';
	if (t->count >= 0) {
		git_oid_fmt(t->id, (const git_oid *)p);
		t->id[40] = '\0';
		p += 20;
	}
	for (i = 0; i < subtrees; i++)
		p = tree_node(p, end, t->path, out, n);
	return p;
}

/* The cached trees of dir's index; 0 if it has none. */
static size_t cached_trees(const char *dir, struct cached_tree *out)
{
	char *ix = path_in(dir, ".git/index"), *data, *at;
	size_t len, n = 0, elen;

	data = unit_slurp(ix, &len);
	at = memmem(data + 12, len - 12, "TREE", 4);
	if (at) {
		const unsigned char *p = (const unsigned char *)at + 8;

		elen = (size_t)p[-4] << 24 | (size_t)p[-3] << 16 | (size_t)p[-2] << 8 | p[-1];
		tree_node(p, p + elen, "", out, &n);
	}
	free(data);
	free(ix);
	return n;
}

static const struct cached_tree *tree_at(const struct cached_tree *t, size_t n, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].path, path))
			return &t[i];
	return NULL;
}

/* --- reading --- */

/* Every entry git lists, looked up, says what git says (whatever the
 * index's version). */
static void lookups_agree_with_git(const char *dir, int version)
{
	char *ix = path_in(dir, ".git/index"), *list = output(dir, "git ls-files -s"), *line, *save;
	mutu_gitindex *g;
	mutu_gitindex_entry e;
	size_t n = 0;

	(void)version;
	assert_ok(mutu_gitindex_read(&g, ix));
	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned mode, stage;
		char hex[41], path[256], got[41], *file;
		struct stat sb;

		assert_int_equal(sscanf(line, "%o %40s %u\t%255[^\n]", &mode, hex, &stage, path), 4);
		mutu_gitindex_lookup(&e, g, path);
		assert_true(e.present);
		assert_false(e.conflicted);
		assert_int_equal(e.mode, mode);
		git_oid_fmt(got, (const git_oid *)e.id.raw);
		got[40] = '\0';
		assert_string_equal(got, hex);
		file = path_in(dir, path);
		assert_int_equal(lstat(file, &sb), 0);
		if (strcmp(path, "i.txt") != 0) {   /* intent to add: no stat data yet */
			assert_int_equal(e.size, (uint32_t)sb.st_size);
			assert_int_equal(e.mtime_sec, (uint32_t)sb.st_mtim.tv_sec);
			assert_int_equal(e.ino, (uint32_t)sb.st_ino);
		}
		free(file);
		n++;
	}
	assert_true(n >= 6);
	/* what is not there */
	mutu_gitindex_lookup(&e, g, "a");
	assert_false(e.present);
	mutu_gitindex_lookup(&e, g, "a/b");
	assert_false(e.present);
	mutu_gitindex_lookup(&e, g, "a/x.tx");
	assert_false(e.present);
	mutu_gitindex_lookup(&e, g, "zzz");
	assert_false(e.present);
	mutu_gitindex_lookup(&e, g, "");
	assert_false(e.present);
	mutu_gitindex_free(g);
	free(list);
	free(ix);
}

/* check, on a repository git made with an index of each version 2 to 4 */
static void in_every_version(const char *base, void (*check)(const char *dir, int version))
{
	int v;

	for (v = 2; v <= 4; v++) {
		char sub[16], *dir;

		snprintf(sub, sizeof(sub), "v%d", v);
		dir = path_in(base, sub);
		assert_int_equal(mkdir(dir, 0755), 0);
		make_repo(dir, v);
		check(dir, v);
		free(dir);
	}
}

static void an_index_git_wrote_reads_in_every_version(void **state)
{
	in_every_version(*state, lookups_agree_with_git);
}

static void an_absent_index_reads_as_empty_and_can_be_written(void **state)
{
	const char *dir = *state;
	char *ix = path_in(dir, ".git/index"), *out;
	mutu_gitindex *g;
	mutu_gitindex_entry e;
	mutu_gitindex_change c;

	run(dir, "git init -q -b main .");
	assert_int_equal(access(ix, F_OK), -1);
	assert_ok(mutu_gitindex_read(&g, ix));
	mutu_gitindex_lookup(&e, g, "f.txt");
	assert_false(e.present);
	c = add_file(dir, "d/f.txt", "hello\n");
	assert_ok(mutu_gitindex_write(g, &c, 1, ix));
	mutu_gitindex_free(g);
	out = output(dir, "git ls-files -s");
	assert_string_equal(out, "100644 ce013625030ba8dba906f756967f9e9ca394464a 0\td/f.txt\n");
	free(out);
	run(dir, "git fsck --no-dangling");
	out = output(dir, "git diff-files --name-only");
	assert_string_equal(out, "");
	free(out);
	free(ix);
}

/* --- patching --- */

/* Patch the repository at dir as a member's mutu would, and as git's own
 * update-index would into another index file; both must agree. */
static void patch_and_compare_with_git(const char *dir, int version)
{
	struct cached_tree before[32], after[32];
	size_t nbefore = cached_trees(dir, before), nafter, i;
	mutu_gitindex_change c[5];
	char *mine, *theirs, *tree_mine, *tree_theirs, *status;
	static const char *untouched[] = { "d", "d/e", "d/e/f" };
	static const char *touched[] = { "", "a", "a/b", "c" };

	assert_true(nbefore >= 7);
	/* sorted by path: an insertion in an existing directory, a
	 * replacement, a new directory, a removal */
	c[0] = add_file(dir, "a/b/new.txt", "new\n");
	c[1] = add_file(dir, "a/x.txt", "x changed\n");
	c[2] = add_file(dir, "c/z.txt", "z changed too\n");
	c[3] = add_file(dir, "n/new.txt", "in a new directory\n");
	c[4] = remove_file(dir, "top.txt");
	run(dir, "cp .git/index .git/index.ref && GIT_INDEX_FILE=.git/index.ref git update-index "
		 "--add --remove -- a/b/new.txt a/x.txt c/z.txt n/new.txt top.txt");
	assert_ok(patch(dir, c, 5));

	/* the same entries, stat data and all, in the version it was */
	assert_int_equal(index_version(dir), version);
	mine = output(dir, "git ls-files -s --debug");
	theirs = output(dir, "GIT_INDEX_FILE=.git/index.ref git ls-files -s --debug");
	unit_assert_same_text(mine, theirs, "git ls-files -s --debug");
	free(mine);
	free(theirs);
	mine = output(dir, "git ls-files -s");
	assert_contains(mine, "\ta/b/new.txt\n");
	assert_contains(mine, "\tn/new.txt\n");
	assert_not_contains(mine, "top.txt");
	free(mine);
	/* its checksum and order are what git checks */
	run(dir, "git fsck --no-dangling --no-progress");
	/* the stat data is right: no file looks changed, without a refresh
	 * (git always shows an intent-to-add entry) */
	mine = output(dir, "git diff-files --name-only");
	assert_string_equal(mine, version == 3 ? "i.txt\n" : "");
	free(mine);

	/* the cached trees: kept, and invalidated along the touched paths */
	nafter = cached_trees(dir, after);
	assert_true(nafter > 0);
	for (i = 0; i < sizeof(untouched) / sizeof(untouched[0]); i++) {
		const struct cached_tree *b = tree_at(before, nbefore, untouched[i]);
		const struct cached_tree *a = tree_at(after, nafter, untouched[i]);

		assert_non_null(b);
		if (!a)
			fail_msg("cached tree '%s' was dropped", untouched[i]);
		assert_true(b->count >= 0);
		assert_int_equal(a->count, b->count);
		assert_string_equal(a->id, b->id);
	}
	for (i = 0; i < sizeof(touched) / sizeof(touched[0]); i++) {
		const struct cached_tree *a = tree_at(after, nafter, touched[i]);

		if (a && a->count >= 0)
			fail_msg("cached tree '%s' still claims %ld entries", touched[i], a->count);
	}
	/* so the tree written from it is the right one */
	tree_mine = output(dir, "git write-tree");
	tree_theirs = output(dir, "GIT_INDEX_FILE=.git/index.ref git write-tree");
	assert_string_equal(tree_mine, tree_theirs);
	/* committed, the work tree is clean */
	run(dir, "git update-ref HEAD \"$(git commit-tree %.40s -p HEAD -m patched)\"", tree_mine);
	status = output(dir, "git status --porcelain --untracked-files=no");
	assert_string_equal(status, version == 3 ? " A i.txt\n" : "");
	free(status);
	free(tree_mine);
	free(tree_theirs);
}

static void a_patched_index_is_what_git_update_index_makes_in_every_version(void **state)
{
	in_every_version(*state, patch_and_compare_with_git);
}

static void removing_what_is_absent_and_patching_twice_stay_consistent(void **state)
{
	const char *dir = *state;
	mutu_gitindex_change c[2];
	char *mine;
	int round;

	make_repo(dir, 4);
	for (round = 0; round < 3; round++) {
		c[0] = add_file(dir, "a/b/new.txt", round % 2 ? "one\n" : "two\n");
		c[1] = remove_file(dir, "absent.txt");
		assert_ok(patch(dir, c, 2));
		run(dir, "git fsck --no-dangling --no-progress");
		mine = output(dir, "git ls-files");
		assert_string_equal(mine, "a/b/new.txt\na/b/y.txt\na/x.txt\nc/z.txt\nd/e/f/g.txt\n"
					  "d/h.txt\ntop.txt\n");
		free(mine);
		mine = output(dir, "git diff-files --name-only");
		assert_string_equal(mine, "");
		free(mine);
	}
}

static void resolve_undo_records_are_kept(void **state)
{
	const char *dir = *state;
	char *before, *after, *ix = path_in(dir, ".git/index"), *data;
	mutu_gitindex_change c;
	size_t len;

	make_repo(dir, 2);
	run(dir, "git checkout -q -b side && echo side > c/z.txt && git commit -q -am side"
		 " && git checkout -q main && echo main > c/z.txt && git commit -q -am main"
		 " && (git merge -q side || true) && echo both > c/z.txt && git add c/z.txt");
	data = unit_slurp(ix, &len);
	assert_non_null(memmem(data, len, "REUC", 4));
	free(data);
	before = output(dir, "git ls-files --resolve-undo");
	assert_contains(before, "c/z.txt");
	c = add_file(dir, "a/new.txt", "n\n");
	assert_ok(patch(dir, &c, 1));
	after = output(dir, "git ls-files --resolve-undo");
	assert_string_equal(after, before);
	run(dir, "git fsck --no-dangling --no-progress");
	free(before);
	free(after);
	free(ix);
}

static void a_path_in_conflict_is_refused_and_others_keep_their_stages(void **state)
{
	const char *dir = *state;
	char *ix = path_in(dir, ".git/index"), *out = path_in(dir, ".git/index.mutu");
	char *before, *after, *orig, *now;
	mutu_gitindex *g;
	mutu_gitindex_entry e;
	mutu_gitindex_change c[2];
	size_t olen, nlen;

	make_repo(dir, 2);
	run(dir, "git checkout -q -b side && echo side > c/z.txt && git commit -q -am side"
		 " && git checkout -q main && echo main > c/z.txt && git commit -q -am main"
		 " && (git merge -q side || true)");
	before = output(dir, "git ls-files -u");
	assert_contains(before, " 1\tc/z.txt");
	assert_contains(before, " 2\tc/z.txt");
	assert_contains(before, " 3\tc/z.txt");
	orig = unit_slurp(ix, &olen);

	assert_ok(mutu_gitindex_read(&g, ix));
	mutu_gitindex_lookup(&e, g, "c/z.txt");
	assert_true(e.conflicted);
	assert_false(e.present);
	mutu_gitindex_lookup(&e, g, "a/x.txt");
	assert_false(e.conflicted);
	assert_true(e.present);
	c[0] = add_file(dir, "c/z.txt", "mutu version\n");
	assert_code(mutu_gitindex_write(g, c, 1, out), MUTU_ETEMP);
	assert_contains(mutu_error_last(), "c/z.txt");
	assert_int_equal(access(out, F_OK), -1);
	c[0] = add_file(dir, "a/new.txt", "n\n");
	c[1] = add_file(dir, "c/z.txt", "mutu version\n");
	assert_code(mutu_gitindex_write(g, c, 2, out), MUTU_ETEMP);
	assert_int_equal(access(out, F_OK), -1);
	mutu_gitindex_free(g);
	now = unit_slurp(ix, &nlen);
	assert_int_equal(nlen, olen);
	assert_memory_equal(now, orig, olen);
	free(now);

	/* another path: written, the conflict left as it is */
	assert_ok(patch(dir, c, 1));
	after = output(dir, "git ls-files -u");
	assert_string_equal(after, before);
	free(after);
	after = output(dir, "git ls-files -s a/new.txt");
	assert_contains(after, " 0\ta/new.txt\n");
	run(dir, "git fsck --no-dangling --no-progress");
	free(after);
	free(before);
	free(orig);
	free(ix);
	free(out);
}

static void a_split_index_is_refused_naming_the_command_that_undoes_it(void **state)
{
	const char *dir = *state;
	char *ix = path_in(dir, ".git/index"), *out = path_in(dir, ".git/index.mutu");
	mutu_gitindex_change c;
	mutu_gitindex *g;

	make_repo(dir, 2);
	run(dir, "git update-index --split-index && echo more > more.txt && git add more.txt");
	c = add_file(dir, "a/new.txt", "n\n");
	assert_ok(mutu_gitindex_read(&g, ix));
	assert_true(mutu_gitindex_write(g, &c, 1, out) < 0);
	assert_contains(mutu_error_last(), "git update-index --no-split-index");
	assert_int_equal(access(out, F_OK), -1);
	mutu_gitindex_free(g);
	/* git still reads what it wrote */
	run(dir, "git ls-files --error-unmatch more.txt");
	free(ix);
	free(out);
}

static void optional_extensions_are_dropped_and_unknown_required_ones_refused(void **state)
{
	const char *dir = *state;
	char *ix = path_in(dir, ".git/index"), *out = path_in(dir, ".git/index.mutu");
	char *data, *crafted, *list;
	mutu_gitindex_change c;
	mutu_gitindex *g;
	size_t len;

	make_repo(dir, 2);
	run(dir, "git update-index --untracked-cache && git status --porcelain"
		 " && git -c index.recordEndOfIndexEntries=true -c index.recordOffsetTable=true"
		 " -c index.threads=2 update-index --force-write --untracked-cache");
	data = unit_slurp(ix, &len);
	assert_non_null(memmem(data, len, "UNTR", 4));
	assert_non_null(memmem(data, len, "EOIE", 4));
	free(data);
	c = add_file(dir, "a/new.txt", "n\n");
	assert_ok(patch(dir, &c, 1));
	data = unit_slurp(ix, &len);
	assert_null(memmem(data, len, "UNTR", 4));
	assert_null(memmem(data, len, "EOIE", 4));
	assert_null(memmem(data, len, "IEOT", 4));
	assert_non_null(memmem(data, len, "TREE", 4));
	run(dir, "git fsck --no-dangling --no-progress && git ls-files --error-unmatch a/new.txt");
	list = output(dir, "git diff-files --name-only");
	assert_string_equal(list, "");
	free(list);

	/* an extension a reader must understand, and mutu does not */
	crafted = malloc(len + 8);
	memcpy(crafted, data, len - 20);
	memcpy(crafted + len - 20, "abcd\0\0\0\0", 8);
	memcpy(crafted + len - 12, data + len - 20, 20);
	{
		FILE *f = fopen(ix, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(crafted, 1, len + 8, f), len + 8);
		fclose(f);
	}
	assert_ok(mutu_gitindex_read(&g, ix));
	assert_true(mutu_gitindex_write(g, &c, 1, out) < 0);
	assert_contains(mutu_error_last(), "abcd");
	assert_int_equal(access(out, F_OK), -1);
	mutu_gitindex_free(g);
	free(crafted);
	free(data);
	free(ix);
	free(out);
}

/* --- stat data --- */

static void stat_clean_needs_the_same_size_time_and_inode_from_before_the_index(void **state)
{
	const char *dir = *state;
	char *ix = path_in(dir, ".git/index"), *f = path_in(dir, "c/z.txt");
	char *fut = path_in(dir, "future.txt");
	mutu_gitindex *g;
	mutu_gitindex_entry e;
	struct stat sb, changed;

	make_repo(dir, 2);
	run(dir, "echo f > future.txt && touch -d '@%lld' future.txt && git add future.txt",
	    (long long)time(NULL) + 100000);
	assert_ok(mutu_gitindex_read(&g, ix));
	mutu_gitindex_lookup(&e, g, "c/z.txt");
	assert_int_equal(lstat(f, &sb), 0);
	assert_true(mutu_gitindex_stat_clean(g, &e, &sb));
	changed = sb;
	changed.st_size++;
	assert_false(mutu_gitindex_stat_clean(g, &e, &changed));
	changed = sb;
	changed.st_mtim.tv_sec++;
	assert_false(mutu_gitindex_stat_clean(g, &e, &changed));
	changed = sb;
	changed.st_mtim.tv_nsec = (changed.st_mtim.tv_nsec + 1) % 1000000000;
	assert_false(mutu_gitindex_stat_clean(g, &e, &changed));
	changed = sb;
	changed.st_ino++;
	assert_false(mutu_gitindex_stat_clean(g, &e, &changed));
	/* a path the index does not hold is never clean */
	mutu_gitindex_lookup(&e, g, "nope.txt");
	assert_false(mutu_gitindex_stat_clean(g, &e, &sb));
	/* modified in (or after) the second the index was written: racy */
	mutu_gitindex_lookup(&e, g, "future.txt");
	assert_true(e.present);
	assert_int_equal(lstat(fut, &sb), 0);
	assert_int_equal(e.mtime_sec, (uint32_t)sb.st_mtim.tv_sec);
	assert_int_equal(e.size, (uint32_t)sb.st_size);
	assert_false(mutu_gitindex_stat_clean(g, &e, &sb));
	mutu_gitindex_free(g);
	free(ix);
	free(f);
	free(fut);
}

/* --- damaged indexes --- */

static int read_file_as_index(const char *path, const char *data, size_t len, mutu_gitindex **g)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	*g = (mutu_gitindex *)0x1;
	return mutu_gitindex_read(g, path);
}

static void a_truncated_index_never_becomes_a_different_one(void **state)
{
	const char *dir = *state;
	char *ix = path_in(dir, ".git/index"), *bad = path_in(dir, "bad.index");
	char *out = path_in(dir, "out.index"), *data, *want;
	mutu_gitindex_change c;
	size_t len, cut, accepted = 0;
	int v;

	for (v = 2; v <= 4; v += 2) {
		char sub[16], *repo;

		snprintf(sub, sizeof(sub), "v%d", v);
		repo = path_in(dir, sub);
		assert_int_equal(mkdir(repo, 0755), 0);
		make_repo(repo, v);
		free(ix);
		ix = path_in(repo, ".git/index");
		data = unit_slurp(ix, &len);
		want = output(repo, "git ls-files -s");
		c = add_file(repo, "zz.txt", "z\n");
		for (cut = 0; cut < len; cut++) {
			mutu_gitindex *g;

			if (read_file_as_index(bad, data, cut, &g) != 0) {
				assert_null(g);
				assert_contains(mutu_error_last(), bad);
				continue;
			}
			if (mutu_gitindex_write(g, &c, 1, out) == 0) {
				/* accepted: then nothing but extensions was lost */
				char *got = output(repo, "GIT_INDEX_FILE='%s' git ls-files -s | grep -v zz.txt",
						   out);

				unit_assert_same_text(got, want, "a truncated index");
				free(got);
				accepted++;
			}
			mutu_gitindex_free(g);
		}
		free(data);
		free(want);
		free(repo);
	}
	assert_true(accepted < 10);
	free(ix);
	free(bad);
	free(out);
}

static void garbage_is_refused_without_crashing(void **state)
{
	const char *dir = *state;
	char *bad = path_in(dir, "bad.index"), buf[512];
	unsigned long long s = 0x9e3779b97f4a7c15ull;
	mutu_gitindex *g;
	size_t i, n;

	/* nothing, short, random */
	assert_code(read_file_as_index(bad, "", 0, &g), MUTU_EIO);
	assert_null(g);
	for (n = 1; n < 300; n += 7) {
		for (i = 0; i < n; i++) {
			s ^= s << 13, s ^= s >> 7, s ^= s << 17;
			buf[i] = (char)s;
		}
		assert_true(read_file_as_index(bad, buf, n, &g) < 0);
	}
	/* a header that lies */
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "DIRC\0\0\0\5\0\0\0\0", 12);   /* version 5 */
	assert_true(read_file_as_index(bad, buf, 40, &g) < 0);
	memcpy(buf, "DIRC\0\0\0\1\0\0\0\0", 12);   /* version 1 */
	assert_true(read_file_as_index(bad, buf, 40, &g) < 0);
	memcpy(buf, "DIRC\0\0\0\2\377\377\377\377", 12);   /* four billion entries */
	assert_true(read_file_as_index(bad, buf, 200, &g) < 0);
	memcpy(buf, "DIRC\0\0\0\2\0\0\0\1", 12);   /* one entry whose path never ends */
	memset(buf + 12, 'a', sizeof(buf) - 12);
	buf[12 + 60] = 0x0f;
	buf[12 + 61] = 0xff;
	assert_true(read_file_as_index(bad, buf, sizeof(buf), &g) < 0);
	memset(buf + 12, 0, sizeof(buf) - 12);
	buf[12 + 60] = 0x40;   /* extended flags, in version 2 */
	buf[12 + 62] = 'a';
	assert_true(read_file_as_index(bad, buf, 200, &g) < 0);
	memcpy(buf, "DIRC\0\0\0\4\0\0\0\2", 12);   /* v4: a path dropping more than it had */
	memset(buf + 12, 0, sizeof(buf) - 12);
	buf[12 + 62] = 0;
	memcpy(buf + 12 + 63, "ab\0", 3);
	buf[12 + 66 + 62] = 5;
	memcpy(buf + 12 + 66 + 63, "c\0", 2);
	assert_true(read_file_as_index(bad, buf, 12 + 66 + 65 + 20, &g) < 0);
	buf[12 + 66 + 62] = (char)0xff;   /* a varint that never ends */
	memset(buf + 12 + 66 + 63, 0xff, 100);
	assert_true(read_file_as_index(bad, buf, 12 + 66 + 63 + 100 + 20, &g) < 0);
	free(bad);
}

static void damaged_cached_trees_are_refused_when_writing(void **state)
{
	const char *dir = *state;
	char *ix = path_in(dir, ".git/index"), *out = path_in(dir, ".git/index.mutu"), *data, *at;
	mutu_gitindex_change c;
	mutu_gitindex *g;
	size_t len;

	make_repo(dir, 2);
	c = add_file(dir, "a/new.txt", "n\n");
	data = unit_slurp(ix, &len);
	at = memmem(data + 12, len - 12, "TREE", 4);
	assert_non_null(at);
	/* the root's entry count is no number */
	at[8 + 1] = 'x';
	assert_ok(read_file_as_index(ix, data, len, &g));
	assert_true(mutu_gitindex_write(g, &c, 1, out) < 0);
	assert_int_equal(access(out, F_OK), -1);
	mutu_gitindex_free(g);
	/* an extension longer than the file */
	at[8 + 1] = ' ';
	at[4] = 0x7f;
	assert_ok(read_file_as_index(ix, data, len, &g));
	assert_true(mutu_gitindex_write(g, &c, 1, out) < 0);
	assert_int_equal(access(out, F_OK), -1);
	mutu_gitindex_free(g);
	free(data);
	free(ix);
	free(out);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(an_index_git_wrote_reads_in_every_version),
		T(an_absent_index_reads_as_empty_and_can_be_written),
		T(a_patched_index_is_what_git_update_index_makes_in_every_version),
		T(removing_what_is_absent_and_patching_twice_stay_consistent),
		T(resolve_undo_records_are_kept),
		T(a_path_in_conflict_is_refused_and_others_keep_their_stages),
		T(a_split_index_is_refused_naming_the_command_that_undoes_it),
		T(optional_extensions_are_dropped_and_unknown_required_ones_refused),
		T(stat_clean_needs_the_same_size_time_and_inode_from_before_the_index),
		T(a_truncated_index_never_becomes_a_different_one),
		T(garbage_is_refused_without_crashing),
		T(damaged_cached_trees_are_refused_when_writing),
	};

	/* git must not find the user's configuration either */
	setenv("HOME", "/nonexistent", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_DATE", "@1577836800 +0000", 1);
	setenv("GIT_COMMITTER_DATE", "@1577836800 +0000", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
