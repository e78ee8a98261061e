/* store — the commons on disk through libgit2. */
#include "unit.h"

#include "lib/commons.h"
#include "lib/schema.h"
#include "lib/store.h"

#include <git2.h>
#include <sys/wait.h>
#include <time.h>

static int setup(void **state) { return unit_commons_setup(state, 0); }
static int setup_bare(void **state) { return unit_commons_setup(state, 1); }

static int teardown(void **state)
{
	struct fixture *fx = *state;

	unsetenv("MUTU_LOCK_TIMEOUT_MS");
	unsetenv("MUTU_DIR");
	unit_commons_free(fx);
	return 0;
}

static int commit1(mutu_store *st, const char *path, const char *data, const mutu_oid *base)
{
	mutu_change c = { path, data, data ? strlen(data) : 0, base };

	mutu_commit_info info = { .name = UNIT_NAME, .email = UNIT_EMAIL, .message = "test: write\n\nMutu-Action: test\n" };

	return mutu_store_commit(st, &c, 1, &info);
}

static void assert_reads(mutu_store *st, const char *path, const char *want)
{
	char *data = NULL;
	size_t len = 0;

	if (mutu_store_read(&data, &len, st, path, 1 << 20) != 0)
		fail_msg("read %s: %s", path, mutu_error_last());
	assert_int_equal(len, strlen(want));
	assert_string_equal(data, want);
	free(data);
}

static char *wt_path(const struct fixture *fx, const char *rel)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", mutu_store_path(fx->st), rel) > 0);
	return p;
}



static void a_new_commons_holds_its_first_records(void **state)
{
	struct fixture *fx = *state;
	mutu_oid id, zero = { { 0 } };
	char *data;
	size_t len;

	assert_ok(mutu_store_lookup(&id, fx->st, "mutu.yaml"));
	assert_ok(mutu_store_lookup(&id, fx->st, "rules.yaml"));
	assert_ok(mutu_store_lookup(&id, fx->st, "members/alice.yaml"));
	assert_ok(mutu_store_read(&data, &len, fx->st, "rules.yaml", 1 << 20));
	assert_contains(data, "membership: open");
	free(data);
	assert_ok(mutu_store_tip_tree(&id, fx->st));
	assert_memory_not_equal(id.raw, zero.raw, sizeof(id.raw));
	assert_int_equal(unit_linear_history(fx->dir), 1);
	assert_code(mutu_store_lookup(&id, fx->st, "nope.yaml"), MUTU_ENOTFOUND);
	assert_code(mutu_store_read(&data, &len, fx->st, "nope.yaml", 1 << 20), MUTU_ENOTFOUND);
	assert_code(mutu_store_lookup(&id, fx->st, "members"), MUTU_ENOTFOUND); /* a tree */
}

static void a_commit_is_read_back_at_the_tip(void **state)
{
	struct fixture *fx = *state;
	mutu_oid before, after, blob;
	char *data, hex[41];
	size_t len;

	mutu_store_tip_tree(&before, fx->st);
	assert_ok(commit1(fx->st, "notes/a.yaml", "a: 1\n", NULL));
	mutu_store_tip_tree(&after, fx->st);
	assert_memory_not_equal(before.raw, after.raw, sizeof(before.raw));
	assert_reads(fx->st, "notes/a.yaml", "a: 1\n");
	assert_ok(mutu_store_lookup(&blob, fx->st, "notes/a.yaml"));
	assert_ok(mutu_store_read_blob(&data, &len, fx->st, &blob, 1 << 20));
	assert_string_equal(data, "a: 1\n");
	free(data);
	mutu_oid_fmt(hex, &blob);
	assert_string_equal(hex, "a8926a52d8dcba5c4386945476ab6a2ad008afd4"); /* git hash-object */
	assert_int_equal(unit_linear_history(fx->dir), 2);

	/* another handle on the same commons sees it too */
	{
		mutu_store *other;

		assert_ok(mutu_store_open(&other, fx->dir, 0));
		assert_reads(other, "notes/a.yaml", "a: 1\n");
		mutu_store_free(other);
	}
}

static void a_commit_carries_author_time_and_message(void **state)
{
	struct fixture *fx = *state;
	git_repository *repo;
	git_commit *c;
	git_oid head;

	mutu_clock_fix("2026-11-25T10:56:00+01:00", "test");
	assert_ok(commit1(fx->st, "notes/a.yaml", "a: 1\n", NULL));
	unit_head(&head, fx->dir);
	assert_int_equal(git_repository_open_ext(&repo, fx->dir, 0, NULL), 0);
	assert_int_equal(git_commit_lookup(&c, repo, &head), 0);
	assert_string_equal(git_commit_author(c)->name, UNIT_NAME);
	assert_string_equal(git_commit_author(c)->email, UNIT_EMAIL);
	assert_string_equal(git_commit_committer(c)->email, UNIT_EMAIL);
	assert_int_equal(git_commit_time(c), 1795600560);
	assert_int_equal(git_commit_author(c)->when.time, 1795600560);
	assert_string_equal(git_commit_message(c), "test: write\n\nMutu-Action: test\n");
	git_commit_free(c);
	git_repository_free(repo);
}

static void several_changes_are_one_commit(void **state)
{
	struct fixture *fx = *state;
	mutu_change c[3] = {
		{ "x/1.yaml", "one\n", 4, NULL },
		{ "x/2.yaml", "two\n", 4, NULL },
		{ "y/z/3.yaml", "three\n", 6, NULL },
	};

	assert_ok(mutu_store_commit(fx->st, c, 3, &(mutu_commit_info){ .name = UNIT_NAME, .email = UNIT_EMAIL, .message = "three" }));
	assert_int_equal(unit_linear_history(fx->dir), 2);
	assert_reads(fx->st, "x/1.yaml", "one\n");
	assert_reads(fx->st, "x/2.yaml", "two\n");
	assert_reads(fx->st, "y/z/3.yaml", "three\n");
}

static void a_change_on_a_stale_base_is_refused(void **state)
{
	struct fixture *fx = *state;
	mutu_oid v1, v2, tip;

	assert_ok(commit1(fx->st, "notes/a.yaml", "v1\n", NULL));
	assert_ok(mutu_store_lookup(&v1, fx->st, "notes/a.yaml"));
	assert_ok(commit1(fx->st, "notes/a.yaml", "v2\n", &v1));
	assert_ok(mutu_store_lookup(&v2, fx->st, "notes/a.yaml"));
	mutu_store_tip_tree(&tip, fx->st);

	/* another writer's edit was made from v1: it must not undo v2 */
	assert_code(commit1(fx->st, "notes/a.yaml", "v3 from v1\n", &v1), MUTU_ETEMP);
	assert_contains(mutu_error_last(), "notes/a.yaml");
	assert_reads(fx->st, "notes/a.yaml", "v2\n");
	/* creating a file that exists is the same race */
	assert_code(commit1(fx->st, "notes/a.yaml", "new\n", NULL), MUTU_ETEMP);
	/* deleting from a stale base too */
	assert_code(commit1(fx->st, "notes/a.yaml", NULL, &v1), MUTU_ETEMP);
	{
		mutu_oid now;

		mutu_store_tip_tree(&now, fx->st);
		assert_memory_equal(now.raw, tip.raw, sizeof(tip.raw));
	}
	assert_int_equal(unit_linear_history(fx->dir), 3);
	/* from the right base it works */
	assert_ok(commit1(fx->st, "notes/a.yaml", "v3\n", &v2));
	assert_reads(fx->st, "notes/a.yaml", "v3\n");
}

static void a_stale_change_among_several_commits_nothing(void **state)
{
	struct fixture *fx = *state;
	mutu_oid v1, v2;
	mutu_change c[2] = {
		{ "notes/new.yaml", "new\n", 4, NULL },
		{ "notes/a.yaml", "edit\n", 5, &v1 },
	};
	mutu_oid id;

	assert_ok(commit1(fx->st, "notes/a.yaml", "v1\n", NULL));
	assert_ok(mutu_store_lookup(&v1, fx->st, "notes/a.yaml"));
	assert_ok(commit1(fx->st, "notes/a.yaml", "v2\n", &v1));
	assert_ok(mutu_store_lookup(&v2, fx->st, "notes/a.yaml"));
	assert_code(mutu_store_commit(fx->st, c, 2, &(mutu_commit_info){ .name = UNIT_NAME, .email = UNIT_EMAIL, .message = "two" }), MUTU_ETEMP);
	assert_code(mutu_store_lookup(&id, fx->st, "notes/new.yaml"), MUTU_ENOTFOUND);
	assert_reads(fx->st, "notes/a.yaml", "v2\n");
	{
		char *p = wt_path(fx, "notes/new.yaml");

		assert_int_equal(access(p, F_OK), -1);
		free(p);
	}
}

static void a_deletion_removes_the_file_everywhere(void **state)
{
	struct fixture *fx = *state;
	mutu_oid v1, id;
	char *p = wt_path(fx, "notes/a.yaml");
	git_repository *repo;
	git_index *idx;

	assert_ok(commit1(fx->st, "notes/a.yaml", "v1\n", NULL));
	assert_ok(mutu_store_lookup(&v1, fx->st, "notes/a.yaml"));
	assert_int_equal(access(p, F_OK), 0);
	assert_ok(commit1(fx->st, "notes/a.yaml", NULL, &v1));
	assert_code(mutu_store_lookup(&id, fx->st, "notes/a.yaml"), MUTU_ENOTFOUND);
	assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(git_repository_open(&repo, fx->dir), 0);
	assert_int_equal(git_repository_index(&idx, repo), 0);
	assert_null(git_index_get_bypath(idx, "notes/a.yaml", 0));
	git_index_free(idx);
	git_repository_free(repo);
	free(p);
}

static void two_processes_committing_concurrently_lose_nothing(void **state)
{
	struct fixture *fx = *state;
	enum { PER = 20 };
	pid_t pids[2];
	int w, status, count[2] = { 0, 0 };
	mutu_store *st;
	char path[64];
	int i;

	mutu_store_free(fx->st);
	fx->st = NULL;
	for (w = 0; w < 2; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0) {
			mutu_store *mine;
			char data[64];

			if (mutu_store_open(&mine, fx->dir, 0) != 0)
				_exit(10);
			for (i = 0; i < PER; i++) {
				snprintf(path, sizeof(path), "w%d/r%02d.yaml", w, i);
				snprintf(data, sizeof(data), "writer: %d\nn: %d\n", w, i);
				if (commit1(mine, path, data, NULL) != 0) {
					fprintf(stderr, "writer %d: %s\n", w, mutu_error_last());
					_exit(11);
				}
			}
			mutu_store_free(mine);
			_exit(0);
		}
	}
	for (w = 0; w < 2; w++) {
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_ok(mutu_store_open(&st, fx->dir, 0));
	fx->st = st;
	for (w = 0; w < 2; w++)
		for (i = 0; i < PER; i++) {
			char want[64];

			snprintf(path, sizeof(path), "w%d/r%02d.yaml", w, i);
			snprintf(want, sizeof(want), "writer: %d\nn: %d\n", w, i);
			assert_reads(st, path, want);
			count[w]++;
		}
	assert_int_equal(count[0] + count[1], 2 * PER);
	assert_int_equal(unit_linear_history(fx->dir), 1 + 2 * PER);
	/* the work tree and the index followed */
	{
		git_repository *repo;
		git_status_options opts;
		git_status_list *list;

		assert_int_equal(git_repository_open(&repo, fx->dir), 0);
		git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
		opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
		assert_int_equal(git_status_list_new(&list, repo, &opts), 0);
		if (git_status_list_entrycount(list) != 0)
			fail_msg("git status is not clean: %zu entries, first %s",
				 git_status_list_entrycount(list),
				 git_status_byindex(list, 0)->index_to_workdir
					 ? git_status_byindex(list, 0)->index_to_workdir->new_file.path
					 : git_status_byindex(list, 0)->head_to_index->new_file.path);
		git_status_list_free(list);
		git_repository_free(repo);
	}
}

static void a_bare_commons_works(void **state)
{
	struct fixture *fx = *state;
	mutu_store *other;
	mutu_oid v1;

	assert_true(mutu_store_is_bare(fx->st));
	assert_ok(commit1(fx->st, "notes/a.yaml", "v1\n", NULL));
	assert_ok(mutu_store_lookup(&v1, fx->st, "notes/a.yaml"));
	assert_ok(commit1(fx->st, "notes/a.yaml", "v2\n", &v1));
	assert_code(commit1(fx->st, "notes/a.yaml", "v3\n", &v1), MUTU_ETEMP);
	assert_reads(fx->st, "notes/a.yaml", "v2\n");
	assert_ok(mutu_store_open(&other, fx->dir, 0));
	assert_true(mutu_store_is_bare(other));
	assert_reads(other, "notes/a.yaml", "v2\n");
	mutu_store_free(other);
	assert_int_equal(unit_linear_history(fx->dir), 3);
	{
		char *idx;

		assert_true(asprintf(&idx, "%s/index", fx->dir) > 0);
		assert_int_equal(access(idx, F_OK), -1); /* no index was made up */
		free(idx);
	}
}

static void the_index_and_work_tree_follow_a_commit(void **state)
{
	struct fixture *fx = *state;
	git_repository *repo;
	git_index *idx;
	const git_index_entry *e;
	unsigned int flags = 99;
	mutu_oid blob;
	char *p = wt_path(fx, "notes/b.yaml"), *data;
	size_t len;

	assert_false(mutu_store_is_bare(fx->st));
	assert_ok(commit1(fx->st, "notes/b.yaml", "b: bytes\n", NULL));
	assert_ok(mutu_store_lookup(&blob, fx->st, "notes/b.yaml"));
	data = unit_slurp(p, &len);
	assert_non_null(data);
	assert_string_equal(data, "b: bytes\n");
	free(data);
	assert_int_equal(git_repository_open(&repo, fx->dir), 0);
	assert_int_equal(git_repository_index(&idx, repo), 0);
	e = git_index_get_bypath(idx, "notes/b.yaml", 0);
	assert_non_null(e);
	assert_memory_equal(e->id.id, blob.raw, sizeof(blob.raw));
	assert_int_equal(e->file_size, 9);
	/* git status is clean for it, and for the files of the first commit */
	assert_int_equal(git_status_file(&flags, repo, "notes/b.yaml"), 0);
	assert_int_equal(flags, GIT_STATUS_CURRENT);
	assert_int_equal(git_status_file(&flags, repo, "mutu.yaml"), 0);
	assert_int_equal(flags, GIT_STATUS_CURRENT);
	git_index_free(idx);
	git_repository_free(repo);
	free(p);
	{
		char *lock;

		assert_true(asprintf(&lock, "%sindex.lock", mutu_store_git_dir(fx->st)) > 0);
		assert_int_equal(access(lock, F_OK), -1); /* the lock is gone */
		free(lock);
	}
}

static void a_hand_edit_is_never_overwritten(void **state)
{
	struct fixture *fx = *state;
	char *c = wt_path(fx, "notes/c.yaml"), *d = wt_path(fx, "notes/d.yaml"), *data;
	mutu_oid v1, tip, now;
	git_oid head1, head2;

	assert_ok(commit1(fx->st, "notes/c.yaml", "c: 1\n", NULL));
	assert_ok(mutu_store_lookup(&v1, fx->st, "notes/c.yaml"));
	mutu_store_tip_tree(&tip, fx->st);
	unit_head(&head1, fx->dir);
	unit_spit(c, "c: hand edit, same size?\n");

	assert_code(commit1(fx->st, "notes/c.yaml", "c: 2\n", &v1), MUTU_ETEMP);
	assert_contains(mutu_error_last(), "notes/c.yaml");
	data = unit_slurp(c, NULL);
	assert_string_equal(data, "c: hand edit, same size?\n");
	free(data);
	unit_head(&head2, fx->dir);
	assert_true(git_oid_equal(&head1, &head2));
	mutu_store_tip_tree(&now, fx->st);
	assert_memory_equal(now.raw, tip.raw, sizeof(tip.raw));

	/* a commit touching another path goes through and leaves it alone */
	assert_ok(commit1(fx->st, "notes/d.yaml", "d: 1\n", NULL));
	data = unit_slurp(c, NULL);
	assert_string_equal(data, "c: hand edit, same size?\n");
	free(data);
	data = unit_slurp(d, NULL);
	assert_string_equal(data, "d: 1\n");
	free(data);
	assert_reads(fx->st, "notes/c.yaml", "c: 1\n");
	free(c);
	free(d);
}

static void a_same_size_hand_edit_within_the_second_is_seen(void **state)
{
	struct fixture *fx = *state;
	char *c = wt_path(fx, "notes/c.yaml"), *data;
	mutu_oid v1;

	assert_ok(commit1(fx->st, "notes/c.yaml", "c: 1\n", NULL));
	assert_ok(mutu_store_lookup(&v1, fx->st, "notes/c.yaml"));
	unit_spit(c, "c: 9\n"); /* same size, same second: only the bytes tell */
	assert_code(commit1(fx->st, "notes/c.yaml", "c: 2\n", &v1), MUTU_ETEMP);
	data = unit_slurp(c, NULL);
	assert_string_equal(data, "c: 9\n");
	free(data);
	free(c);
}

static void a_file_deleted_by_hand_is_not_resurrected(void **state)
{
	struct fixture *fx = *state;
	char *c = wt_path(fx, "notes/c.yaml");
	mutu_oid v1;

	assert_ok(commit1(fx->st, "notes/c.yaml", "c: 1\n", NULL));
	assert_ok(mutu_store_lookup(&v1, fx->st, "notes/c.yaml"));
	assert_int_equal(unlink(c), 0);
	assert_code(commit1(fx->st, "notes/c.yaml", "c: 2\n", &v1), MUTU_ETEMP);
	assert_int_equal(access(c, F_OK), -1);
	assert_reads(fx->st, "notes/c.yaml", "c: 1\n");
	free(c);
}

static void an_untracked_file_in_the_way_is_not_overwritten(void **state)
{
	struct fixture *fx = *state;
	char *e = wt_path(fx, "notes/e.yaml"), *data;
	mutu_oid id;

	assert_ok(commit1(fx->st, "notes/other.yaml", "x\n", NULL));
	unit_spit(e, "mine, not committed\n");
	assert_code(commit1(fx->st, "notes/e.yaml", "e: 1\n", NULL), MUTU_ETEMP);
	data = unit_slurp(e, NULL);
	assert_string_equal(data, "mine, not committed\n");
	free(data);
	assert_code(mutu_store_lookup(&id, fx->st, "notes/e.yaml"), MUTU_ENOTFOUND);
	free(e);
}

static void a_staged_change_is_not_overwritten(void **state)
{
	struct fixture *fx = *state;
	char *c = wt_path(fx, "notes/c.yaml");
	git_repository *repo;
	git_index *idx;
	mutu_oid v1;

	assert_ok(commit1(fx->st, "notes/c.yaml", "c: 1\n", NULL));
	assert_ok(mutu_store_lookup(&v1, fx->st, "notes/c.yaml"));
	unit_spit(c, "c: staged\n");
	assert_int_equal(git_repository_open(&repo, fx->dir), 0);
	assert_int_equal(git_repository_index(&idx, repo), 0);
	assert_int_equal(git_index_add_bypath(idx, "notes/c.yaml"), 0);
	assert_int_equal(git_index_write(idx), 0);
	git_index_free(idx);
	git_repository_free(repo);
	assert_code(commit1(fx->st, "notes/c.yaml", "c: 2\n", &v1), MUTU_ETEMP);
	assert_reads(fx->st, "notes/c.yaml", "c: 1\n");
	free(c);
}

static void other_staged_changes_survive_a_commit(void **state)
{
	struct fixture *fx = *state;
	char *s = wt_path(fx, "staged.txt");
	git_repository *repo;
	git_index *idx;
	unsigned int flags = 0;

	unit_spit(s, "staged by the member\n");
	assert_int_equal(git_repository_open(&repo, fx->dir), 0);
	assert_int_equal(git_repository_index(&idx, repo), 0);
	assert_int_equal(git_index_add_bypath(idx, "staged.txt"), 0);
	assert_int_equal(git_index_write(idx), 0);
	git_index_free(idx);
	assert_ok(commit1(fx->st, "notes/a.yaml", "a\n", NULL));
	assert_int_equal(git_status_file(&flags, repo, "staged.txt"), 0);
	assert_int_equal(flags, GIT_STATUS_INDEX_NEW);
	assert_int_equal(git_status_file(&flags, repo, "notes/a.yaml"), 0);
	assert_int_equal(flags, GIT_STATUS_CURRENT);
	git_repository_free(repo);
	free(s);
}

static void a_held_index_lock_makes_the_commit_wait_then_fail(void **state)
{
	struct fixture *fx = *state;
	char *lock;
	git_oid head1, head2;
	struct timespec t0, t1;
	long ms;
	mutu_oid id;

	assert_true(asprintf(&lock, "%sindex.lock", mutu_store_git_dir(fx->st)) > 0);
	unit_spit(lock, "");
	unit_head(&head1, fx->dir);
	mutu_store_set_lock_timeout(fx->st, 200);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_code(commit1(fx->st, "notes/a.yaml", "a\n", NULL), MUTU_ETEMP);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms >= 200);
	assert_true(ms < 5000);
	assert_contains(mutu_error_last(), "index.lock");
	unit_head(&head2, fx->dir);
	assert_true(git_oid_equal(&head1, &head2));
	assert_code(mutu_store_lookup(&id, fx->st, "notes/a.yaml"), MUTU_ENOTFOUND);
	/* someone else's lock is theirs: it is still there */
	assert_int_equal(access(lock, F_OK), 0);
	{
		char *p = wt_path(fx, "notes/a.yaml");

		assert_int_equal(access(p, F_OK), -1);
		free(p);
	}
	/* once it is released, the same commit goes through */
	assert_int_equal(unlink(lock), 0);
	assert_ok(commit1(fx->st, "notes/a.yaml", "a\n", NULL));
	free(lock);
}

static void a_detached_head_is_refused(void **state)
{
	struct fixture *fx = *state;
	git_repository *repo;
	git_oid head;

	unit_head(&head, fx->dir);
	assert_int_equal(git_repository_open(&repo, fx->dir), 0);
	assert_int_equal(git_repository_set_head_detached(repo, &head), 0);
	git_repository_free(repo);
	assert_true(commit1(fx->st, "notes/a.yaml", "a\n", NULL) < 0);
	assert_contains(mutu_error_last(), "detached");
}

static void open_refuses_what_is_not_a_commons(void **state)
{
	char *plain = unit_tmpdir(), *repo_dir = unit_tmpdir();
	git_repository *repo;
	mutu_store *st = (mutu_store *)0x1;

	(void)state;
	unit_env();
	assert_code(mutu_store_open(&st, plain, 0), MUTU_ENOTFOUND);
	assert_null(st);
	assert_int_equal(git_repository_init(&repo, repo_dir, 0), 0);
	git_repository_free(repo);
	assert_code(mutu_store_open(&st, repo_dir, 0), MUTU_ENOTFOUND);
	assert_contains(mutu_error_last(), "mutu.yaml");
	assert_null(st);
	/* no search upwards: the directory given is the commons, or nothing */
	assert_code(mutu_store_open(&st, plain, MUTU_OPEN_NO_SEARCH), MUTU_ENOTFOUND);
	assert_contains(mutu_error_last(), plain);
	unit_rmtree(plain);
	unit_rmtree(repo_dir);
}

static void open_finds_the_commons_from_a_subdirectory_or_exactly_there(void **state)
{
	struct fixture *fx = *state;
	mutu_store *st;
	char *sub;

	assert_ok(commit1(fx->st, "deep/er/x.yaml", "x\n", NULL));
	sub = wt_path(fx, "deep/er");
	assert_ok(mutu_store_open(&st, sub, 0));
	assert_reads(st, "deep/er/x.yaml", "x\n");
	mutu_store_free(st);
	assert_code(mutu_store_open(&st, sub, MUTU_OPEN_NO_SEARCH), MUTU_ENOTFOUND);
	assert_ok(mutu_store_open(&st, fx->dir, MUTU_OPEN_NO_SEARCH));
	assert_reads(st, "deep/er/x.yaml", "x\n");
	mutu_store_free(st);
	/* the library reads no environment: MUTU_DIR is the command's */
	setenv("MUTU_DIR", "/nonexistent", 1);
	assert_ok(mutu_store_open(&st, sub, 0));
	mutu_store_free(st);
	unsetenv("MUTU_DIR");
	free(sub);
}

static void create_refuses_a_repository_with_history(void **state)
{
	struct fixture *fx = *state;
	mutu_store *st = (mutu_store *)0x1;

	assert_code(mutu_store_create(&st, fx->dir, 0), MUTU_EUSAGE);
	assert_null(st);
}

static void config_is_read_and_written(void **state)
{
	struct fixture *fx = *state;
	char *v = NULL;

	assert_ok(mutu_store_config_get(&v, fx->st, "mutu.member"));
	assert_string_equal(v, UNIT_HANDLE);
	free(v);
	assert_ok(mutu_store_config_set(fx->st, "mutu.test", "valeur é"));
	assert_ok(mutu_store_config_get(&v, fx->st, "mutu.test"));
	assert_string_equal(v, "valeur é");
	free(v);
	assert_code(mutu_store_config_get(&v, fx->st, "mutu.unset"), MUTU_ENOTFOUND);
	assert_null(v);
}

struct visit {
	char names[16][64];
	mutu_entry_kind kinds[16];
	size_t n;
	int stop_after;
};

static int record_entry(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	struct visit *v = payload;

	(void)id;
	assert_true(v->n < 16);
	snprintf(v->names[v->n], sizeof(v->names[0]), "%s", name);
	v->kinds[v->n] = kind;
	v->n++;
	return v->stop_after && (int)v->n == v->stop_after ? 7 : 0;
}

static void a_directory_lists_its_entries_in_git_order_with_their_kinds(void **state)
{
	struct fixture *fx = *state;
	mutu_change c[] = {
		{ "offers/cd/cdxx.yaml", "1\n", 2, NULL },
		{ "offers/ab/abce.yaml", "2\n", 2, NULL },
		{ "offers/top.yaml", "3\n", 2, NULL },
		{ "offers/a0/a0aa.yaml", "7\n", 2, NULL },
	};
	static const char *names[] = { "a0", "cd", "top.yaml" };
	struct visit v = { .n = 0 };
	mutu_oid dir, blob;
	size_t i;

	assert_ok(mutu_store_commit(fx->st, c, sizeof(c) / sizeof(c[0]), &(mutu_commit_info){ .name = UNIT_NAME, .email = UNIT_EMAIL, .message = "list" }));
	assert_ok(mutu_store_dir(&dir, fx->st, "offers"));
	assert_ok(mutu_store_list_tree(fx->st, &dir, record_entry, &v));
	assert_int_equal(v.n, 4);
	assert_string_equal(v.names[0], "a0");
	assert_string_equal(v.names[1], "ab");
	for (i = 0; i < 3; i++)
		assert_string_equal(v.names[i == 0 ? 0 : i + 1], names[i]);
	assert_int_equal(v.kinds[0], MUTU_ENTRY_DIR);
	assert_int_equal(v.kinds[3], MUTU_ENTRY_FILE);
	memset(&v, 0, sizeof(v));
	v.stop_after = 2;
	assert_int_equal(mutu_store_list_tree(fx->st, &dir, record_entry, &v), 7);
	assert_int_equal(v.n, 2);
	/* a file is not a directory, nor a missing path */
	assert_code(mutu_store_dir(&dir, fx->st, "offers/top.yaml"), MUTU_ENOTFOUND);
	assert_code(mutu_store_dir(&dir, fx->st, "proposals"), MUTU_ENOTFOUND);
	assert_code(mutu_store_lookup(&blob, fx->st, "offers/ab"), MUTU_ENOTFOUND);
	assert_ok(mutu_store_dir(&dir, fx->st, ""));
}

static void a_blob_larger_than_asked_is_refused_before_it_is_read(void **state)
{
	struct fixture *fx = *state;
	char *big = malloc(3 << 20), *data = NULL;
	mutu_change c = { "notes/big.yaml", big, 3 << 20, NULL };
	mutu_oid blob;
	size_t len;

	assert_non_null(big);
	memset(big, 'x', 3 << 20);
	assert_ok(mutu_store_commit(fx->st, &c, 1, &(mutu_commit_info){ .name = UNIT_NAME, .email = UNIT_EMAIL, .message = "big" }));
	free(big);
	assert_ok(mutu_store_lookup(&blob, fx->st, "notes/big.yaml"));
	assert_code(mutu_store_read_blob(&data, &len, fx->st, &blob, 1 << 20), MUTU_EDATA);
	assert_null(data);
	assert_contains(mutu_error_last(), "3145728 bytes");
	assert_code(mutu_store_read(&data, &len, fx->st, "notes/big.yaml", 1 << 20), MUTU_EDATA);
	assert_contains(mutu_error_last(), "notes/big.yaml");
	assert_ok(mutu_store_read_blob(&data, &len, fx->st, &blob, 4 << 20));
	assert_int_equal(len, 3 << 20);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_new_commons_holds_its_first_records, setup, teardown),
		cmocka_unit_test_setup_teardown(a_commit_is_read_back_at_the_tip, setup, teardown),
		cmocka_unit_test_setup_teardown(a_commit_carries_author_time_and_message, setup, teardown),
		cmocka_unit_test_setup_teardown(several_changes_are_one_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(a_change_on_a_stale_base_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(a_stale_change_among_several_commits_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(a_deletion_removes_the_file_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(two_processes_committing_concurrently_lose_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(a_bare_commons_works, setup_bare, teardown),
		cmocka_unit_test_setup_teardown(the_index_and_work_tree_follow_a_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(a_hand_edit_is_never_overwritten, setup, teardown),
		cmocka_unit_test_setup_teardown(a_same_size_hand_edit_within_the_second_is_seen, setup, teardown),
		cmocka_unit_test_setup_teardown(a_file_deleted_by_hand_is_not_resurrected, setup, teardown),
		cmocka_unit_test_setup_teardown(an_untracked_file_in_the_way_is_not_overwritten, setup, teardown),
		cmocka_unit_test_setup_teardown(a_staged_change_is_not_overwritten, setup, teardown),
		cmocka_unit_test_setup_teardown(other_staged_changes_survive_a_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(a_held_index_lock_makes_the_commit_wait_then_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(a_detached_head_is_refused, setup, teardown),
		cmocka_unit_test(open_refuses_what_is_not_a_commons),
		cmocka_unit_test_setup_teardown(open_finds_the_commons_from_a_subdirectory_or_exactly_there, setup, teardown),
		cmocka_unit_test_setup_teardown(create_refuses_a_repository_with_history, setup, teardown),
		cmocka_unit_test_setup_teardown(config_is_read_and_written, setup, teardown),
		cmocka_unit_test_setup_teardown(a_directory_lists_its_entries_in_git_order_with_their_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(a_blob_larger_than_asked_is_refused_before_it_is_read, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
