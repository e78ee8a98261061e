/* catalog — the derived, disposable index of summaries: every answer is
 * the same with it, without it, or with a damaged one. */
#include "unit.h"

#include "lib/catalog.h"
#include "lib/list.h"
#include "lib/records.h"
#include "lib/schema.h"

#include <xxhash.h>

static int setup(void **state)
{
	return unit_commons_setup(state, 1);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char *dir;

	unit_warnings_stop();
	/* the tests may have left the catalog's directory read-only */
	assert_true(asprintf(&dir, "%smutu", mutu_store_git_dir(fx->st)) > 0);
	chmod(dir, 0755);
	free(dir);
	assert_true(asprintf(&dir, "%smutu/catalog", mutu_store_git_dir(fx->st)) > 0);
	chmod(dir, 0755);
	free(dir);
	unit_commons_free(fx);
	return 0;
}

/* <gitdir>/mutu/catalog/<what> (malloc'd). */
static char *catalog_file(struct fixture *fx, const char *what)
{
	char *p;

	assert_true(asprintf(&p, "%smutu/catalog/%s", mutu_store_git_dir(fx->st), what) > 0);
	return p;
}

static void put_bytes(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *record_text(const char *id, const char *title, const char *kind, const char *tags)
{
	char *s;

	assert_true(asprintf(&s, "id: %s\ntype: offer\ntitle: %s\nkind: %s\nstatus: open\n"
				 "author: alice\ncreated: '2026-01-01T00:00:00Z'\n"
				 "updated: '2026-01-01T00:00:00Z'\n%s%s%s", id, title, kind,
			     tags ? "tags: [" : "", tags ? tags : "", tags ? "]\n" : "") > 0);
	return s;
}

static char *list_all(struct fixture *fx, const mutu_record_type *t)
{
	mutu_query q = { 0 };

	return unit_list_text(fx->st, t, &q);
}

/* --- a small commons with every kind of entry --- */

static const struct {
	const char *path;
	mutu_row_problem problem;
} entries[] = {
	{ "offers/7q/7q3k9m2xh4ta.yaml", MUTU_ROW_OK },
	{ "offers/7q/7q3k9m2xh4tb.yaml", MUTU_ROW_INVALID },
	{ "offers/7q/7q3k9m2xh4tc.yaml", MUTU_ROW_KEY_DIFFERS },
	{ "offers/7q/7q3k9m2xh4td.yaml", MUTU_ROW_UNREADABLE },   /* not YAML */
	{ "offers/7q/7q3k9m2xh4te.yaml", MUTU_ROW_UNREADABLE },   /* over 1 MiB */
	{ "offers/7q/7q3k9m2xh4tf.yaml", MUTU_ROW_NOT_A_FILE },   /* a symbolic link */
	{ "offers/7q/7q3k9m2xh4tg.yaml", MUTU_ROW_NOT_A_FILE },   /* a submodule */
	{ "offers/7q/sub", MUTU_ROW_NOT_A_FILE },                 /* a directory */
	{ "offers/7q/README", MUTU_ROW_MISPLACED },
	{ "offers/7q/7qiiiiiiiiii.yaml", MUTU_ROW_MISPLACED },
	{ "offers/zz/7q3k9m2xh4th.yaml", MUTU_ROW_MISPLACED },
	{ "offers/7q3k9m2xh4tj.yaml", MUTU_ROW_MISPLACED },
	{ "offers/README.md", MUTU_ROW_MISPLACED },
	{ "offers/ab/abcd00000000.yaml", MUTU_ROW_OK },
	{ "offers/ab/abcd00000001.yaml", MUTU_ROW_OK },
	{ "offers/0a/0a0000000000.yaml", MUTU_ROW_OK },
	{ "offers/0b/0b0000000000.yaml", MUTU_ROW_OK },
	{ "offers/1c/1c0000000000.yaml", MUTU_ROW_OK },
	{ "offers/zz/zz0000000000.yaml", MUTU_ROW_OK },
};
#define NENTRIES (sizeof(entries) / sizeof(entries[0]))

static void add_entries(struct fixture *fx)
{
	const char *paths[NENTRIES], *data[NENTRIES];
	char *owned[NENTRIES], *big;
	size_t n = 0, i;

	memset(owned, 0, sizeof(owned));
	big = malloc((1 << 20) + 64);
	assert_non_null(big);
	strcpy(big, "id: 7q3k9m2xh4te\nbody: ");
	memset(big + strlen(big), 'x', 1 << 20);
	big[(1 << 20) + 40] = '\0';
	for (i = 0; i < NENTRIES; i++) {
		const char *p = entries[i].path, *name = strrchr(p, '/') + 1;
		char id[13];

		snprintf(id, sizeof(id), "%.12s", name);
		if (entries[i].problem == MUTU_ROW_NOT_A_FILE && strcmp(name, "sub") != 0)
			continue;   /* made below, with libgit2 */
		if (!strcmp(name, "sub")) {
			paths[n] = "offers/7q/sub/7q3k9m2xh4ta.yaml";
			data[n++] = "id: 7q3k9m2xh4ta\n";
			continue;
		}
		paths[n] = p;
		if (entries[i].problem == MUTU_ROW_INVALID)
			owned[i] = record_text(id, "Fusée", "spaceship", NULL);
		else if (entries[i].problem == MUTU_ROW_KEY_DIFFERS)
			owned[i] = record_text("7q3k9m2xh4tk", "Ailleurs", "tool", NULL);
		else if (!strcmp(name, "7q3k9m2xh4td.yaml"))
			owned[i] = strdup("title: [unclosed\n");
		else if (!strcmp(name, "7q3k9m2xh4te.yaml"))
			owned[i] = strdup(big);
		else if (!strcmp(name, "README") || !strcmp(name, "README.md"))
			owned[i] = strdup("read me\n");
		else
			owned[i] = record_text(id, id[0] == '0' ? "Échelle" : "Perceuse", "tool",
					       !strcmp(id, "7q3k9m2xh4ta") ? "bricolage, outils" : NULL);
		data[n++] = owned[i];
	}
	unit_commit_files(fx->st, paths, data, n);
	unit_commit_entry(&fx->st, fx->dir, "offers/7q/7q3k9m2xh4tf.yaml", GIT_FILEMODE_LINK,
			  "7q3k9m2xh4ta.yaml");
	unit_commit_entry(&fx->st, fx->dir, "offers/7q/7q3k9m2xh4tg.yaml", GIT_FILEMODE_COMMIT, "");
	for (i = 0; i < NENTRIES; i++)
		free(owned[i]);
	free(big);
	/* and a few needs, for a catalog of another type */
	unit_add1(fx->st, &unit_alice, &mutu_type_need,
		  unit_item(&mutu_type_need, "7q3k9m2xh4tz", "alice", "Besoin"));
}

/* --- scanning --- */

struct seen {
	char text[8192];
	size_t rows, stop_after;
	char last_key[64];
	int out_of_order;
	const mutu_record_type *t;
};

static int see_row(const mutu_catalog_row *row, void *payload)
{
	struct seen *s = payload;
	const mutu_summary_field *title = mutu_catalog_field(s->t, row, "title");
	const mutu_summary_field *tags = mutu_catalog_field(s->t, row, "tags");
	size_t len = strlen(s->text), i;

	snprintf(s->text + len, sizeof(s->text) - len, "%s problem=%d key=%s detail=%s title=%d:%.*s tags=%d",
		 row->path, (int)row->problem, row->key, row->detail, title ? title->kind : -1,
		 title && title->kind == 1 ? (int)title->len : 0, title && title->kind == 1 ? title->str : "",
		 tags ? tags->kind : -1);
	for (i = 0; tags && tags->kind == 2 && i < tags->nitems; i++) {
		len = strlen(s->text);
		snprintf(s->text + len, sizeof(s->text) - len, "%s%.*s", i ? "," : ":",
			 (int)tags->item_lens[i], tags->items[i]);
	}
	len = strlen(s->text);
	snprintf(s->text + len, sizeof(s->text) - len, "\n");
	if (row->problem == MUTU_ROW_OK || row->problem == MUTU_ROW_INVALID) {
		/* records come in key order: what a list's prefixes rely on */
		if (strcmp(s->last_key, row->key) >= 0)
			s->out_of_order = 1;
		snprintf(s->last_key, sizeof(s->last_key), "%s", row->key);
	}
	s->rows++;
	return s->stop_after && s->rows == s->stop_after ? 42 : 0;
}

static void forget_rows(void *payload)
{
	struct seen *s = payload;

	s->text[0] = '\0';
	s->rows = 0;
	s->last_key[0] = '\0';
}

static void scan(struct fixture *fx, const mutu_record_type *t, struct seen *s)
{
	mutu_catalog_visitor v = { see_row, forget_rows, s };

	memset(s, 0, sizeof(*s));
	s->t = t;
	if (mutu_catalog_scan(fx->st, t, &v, NULL) != 0)
		fail_msg("scan: %s", mutu_error_last());
}

/* The line of s about path, or fail. */
static const char *line_of(const struct seen *s, const char *path)
{
	char want[256];
	const char *at;

	snprintf(want, sizeof(want), "%s problem=", path);
	at = strstr(s->text, want);
	if (!at || (at != s->text && at[-1] != '\n'))
		fail_msg("%s was not visited:\n%s", path, s->text);
	if (strstr(at + 1, want))
		fail_msg("%s was visited twice:\n%s", path, s->text);
	return at;
}

static void check_scan(const struct seen *s)
{
	size_t i;

	for (i = 0; i < NENTRIES; i++) {
		const char *line = line_of(s, entries[i].path);
		char want[64];

		snprintf(want, sizeof(want), "problem=%d ", (int)entries[i].problem);
		if (strncmp(line + strlen(entries[i].path) + 1, want, strlen(want)) != 0)
			fail_msg("%s: expected %s in %.200s", entries[i].path, want, line);
	}
	assert_int_equal(s->rows, NENTRIES);
	assert_false(s->out_of_order);
	/* what a record holds, and what the rows say of it */
	assert_non_null(strstr(s->text, "offers/7q/7q3k9m2xh4ta.yaml problem=0 key=7q3k9m2xh4ta detail= "
					"title=1:Perceuse tags=2:bricolage,outils\n"));
	assert_non_null(strstr(s->text, "offers/0a/0a0000000000.yaml problem=0 key=0a0000000000 detail= "
					"title=1:Échelle tags=0\n"));
	assert_non_null(strstr(s->text, "offers/7q/7q3k9m2xh4tb.yaml problem=1 key=7q3k9m2xh4tb detail= "
					"title=1:Fusée"));
	/* an id that differs from the file name: the key is the name's, the
	 * detail the id found */
	assert_non_null(strstr(s->text, "offers/7q/7q3k9m2xh4tc.yaml problem=3 key=7q3k9m2xh4tc "
					"detail=7q3k9m2xh4tk "));
	assert_non_null(strstr(s->text, "offers/7q/7q3k9m2xh4td.yaml problem=2 key=7q3k9m2xh4td detail= "));
	assert_non_null(strstr(s->text, "offers/7q/README problem=4 key= "));
}

static void a_scan_visits_every_entry_once_saying_what_is_wrong_with_it(void **state)
{
	struct fixture *fx = *state;
	struct seen *s = calloc(1, sizeof(*s)), *again = calloc(1, sizeof(*again));
	char *cat;

	add_entries(fx);
	scan(fx, &mutu_type_offer, s);       /* no catalog yet: built */
	check_scan(s);
	scan(fx, &mutu_type_offer, again);   /* from the catalog */
	check_scan(again);
	assert_string_equal(again->text, s->text);
	cat = catalog_file(fx, "offers");
	assert_int_equal(unlink(cat), 0);
	scan(fx, &mutu_type_offer, again);
	assert_string_equal(again->text, s->text);
	free(cat);
	/* the needs have their own */
	scan(fx, &mutu_type_need, again);
	assert_int_equal(again->rows, 1);
	assert_non_null(strstr(again->text, "needs/7q/7q3k9m2xh4tz.yaml problem=0 key=7q3k9m2xh4tz "));
	/* a type without records: nothing to visit */
	{
		mutu_store *st = fx->st;
		char *dir = unit_tmpdir();
		struct fixture other = { dir, NULL };

		assert_ok(mutu_commons_init(&other.st, dir, 1, "Other", "alice", UNIT_EMAIL, UNIT_NAME, NULL, NULL, 0, NULL));
		scan(&other, &mutu_type_offer, again);
		assert_int_equal(again->rows, 0);
		mutu_store_free(other.st);
		unit_rmtree(dir);
		fx->st = st;
	}
	/* a member's summary */
	scan(fx, &mutu_type_member, again);
	assert_int_equal(again->rows, 1);
	assert_non_null(strstr(again->text, "members/alice.yaml problem=0 key=alice "));
	free(s);
	free(again);
}

static void a_visitor_stops_the_scan_with_what_it_returns(void **state)
{
	struct fixture *fx = *state;
	struct seen *s = calloc(1, sizeof(*s));
	mutu_catalog_visitor v = { see_row, forget_rows, s };
	int pass;

	add_entries(fx);
	for (pass = 0; pass < 2; pass++) {   /* building the catalog, then reading it */
		memset(s, 0, sizeof(*s));
		s->t = &mutu_type_offer;
		s->stop_after = 3;
		assert_int_equal(mutu_catalog_scan(fx->st, &mutu_type_offer, &v, NULL), 42);
		assert_int_equal(s->rows, 3);
	}
	/* a stopped scan left a catalog that answers in full */
	scan(fx, &mutu_type_offer, s);
	check_scan(s);
	free(s);
}

static void a_field_the_summary_does_not_keep_is_null(void **state)
{
	mutu_catalog_row row;
	mutu_summary_field fields[8];

	(void)state;
	memset(&row, 0, sizeof(row));
	memset(fields, 0, sizeof(fields));
	row.fields = fields;
	row.nfields = 8;
	assert_null(mutu_catalog_field(&mutu_type_offer, &row, "body"));
	assert_null(mutu_catalog_field(&mutu_type_offer, &row, "location"));
	assert_ptr_equal(mutu_catalog_field(&mutu_type_offer, &row, "id"), &fields[0]);
	assert_ptr_equal(mutu_catalog_field(&mutu_type_offer, &row, "tags"),
			 &fields[mutu_type_summary_index(&mutu_type_offer, "tags")]);
	row.nfields = 1;   /* a row with fewer fields than the type keeps */
	assert_null(mutu_catalog_field(&mutu_type_offer, &row, "tags"));
}

/* --- (a) damaged, foreign, absent: the same rows --- */

/* List with the catalog file holding data (len bytes): the rows must be
 * want's, and the catalog is rebuilt to what it was (pristine). */
static void lists_the_same_with(struct fixture *fx, const char *data, size_t len, const char *want,
				const char *pristine, size_t plen, const char *what)
{
	char *cat = catalog_file(fx, "offers"), *got, *now;
	size_t nlen;

	put_bytes(cat, data, len);
	got = list_all(fx, &mutu_type_offer);
	unit_assert_same_text(got, want, what);
	now = unit_slurp(cat, &nlen);
	if (!now || nlen != plen || memcmp(now, pristine, plen) != 0)
		fail_msg("%s: the catalog was not rebuilt", what);
	free(now);
	free(got);
	free(cat);
}

/* The byte positions tried in a catalog of len bytes: every one of the
 * first rows, of the header and of the trailer, and one in 13 between. */
static int sampled(size_t i, size_t len, size_t phase)
{
	return i < 24 || i + 240 >= len || i % 13 == phase;
}

static void fix_checksum(char *data, size_t len)
{
	uint64_t h = XXH3_64bits(data, len - 8);
	size_t i;

	for (i = 0; i < 8; i++)
		data[len - 8 + i] = (char)(h >> (8 * i));
}

static void a_damaged_or_absent_catalog_changes_no_answer(void **state)
{
	struct fixture *fx = *state;
	char *cat = catalog_file(fx, "offers"), *want, *got, *pristine, *damaged, *at;
	size_t len, i;

	add_entries(fx);
	want = list_all(fx, &mutu_type_offer);
	pristine = unit_slurp(cat, &len);
	assert_non_null(pristine);
	assert_true(len > 100);
	got = list_all(fx, &mutu_type_offer);   /* from the catalog */
	unit_assert_same_text(got, want, "from the catalog");
	free(got);

	/* deleted */
	assert_int_equal(unlink(cat), 0);
	got = list_all(fx, &mutu_type_offer);
	unit_assert_same_text(got, want, "deleted");
	free(got);

	damaged = malloc(len);
	assert_non_null(damaged);
	/* truncated: at many lengths */
	for (i = 0; i < len; i++) {
		char what[64];

		if (!sampled(i, len, 0))
			continue;
		snprintf(what, sizeof(what), "truncated to %zu bytes", i);
		lists_the_same_with(fx, pristine, i, want, pristine, len, what);
	}
	/* one byte flipped, anywhere */
	for (i = 0; i < len; i++) {
		char what[64];

		if (!sampled(i, len, 5))
			continue;
		memcpy(damaged, pristine, len);
		damaged[i] ^= (char)(1u << (i % 8));
		snprintf(what, sizeof(what), "byte %zu of %zu flipped", i, len);
		lists_the_same_with(fx, damaged, len, want, pristine, len, what);
	}
	/* a title edited in place */
	memcpy(damaged, pristine, len);
	at = memmem(damaged, len, "Perceuse", 8);
	assert_non_null(at);
	memcpy(at, "Perceusf", 8);
	lists_the_same_with(fx, damaged, len, want, pristine, len, "a title edited");
	/* longer, with bytes after the checksum */
	{
		char *longer = malloc(len + 5);

		memcpy(longer, pristine, len);
		memcpy(longer + len, "junk!", 5);
		lists_the_same_with(fx, longer, len + 5, want, pristine, len, "bytes appended");
		free(longer);
	}
	free(damaged);
	free(want);
	free(pristine);
	free(cat);
}

static void a_catalog_of_another_format_or_type_is_never_believed(void **state)
{
	struct fixture *fx = *state;
	char *cat = catalog_file(fx, "offers"), *needs = catalog_file(fx, "needs");
	char *want, *pristine, *other, *copy, *at;
	size_t len, olen;

	add_entries(fx);
	want = list_all(fx, &mutu_type_offer);
	free(list_all(fx, &mutu_type_need));
	pristine = unit_slurp(cat, &len);
	other = unit_slurp(needs, &olen);
	assert_non_null(other);

	/* the needs' catalog, sound, under the offers' name */
	lists_the_same_with(fx, other, olen, want, pristine, len, "the needs' catalog");
	/* another version of the format, checksum and all */
	copy = malloc(len);
	memcpy(copy, pristine, len);
	assert_int_equal(memcmp(copy, "mutu-catalog ", 13), 0);
	copy[13] = '2';
	fix_checksum(copy, len);
	lists_the_same_with(fx, copy, len, want, pristine, len, "format 2");
	/* built for other summary fields (the signature names them) */
	memcpy(copy, pristine, len);
	at = memmem(copy, len, "summary=", 8);
	assert_non_null(at);
	at[8] ^= 1;
	fix_checksum(copy, len);
	lists_the_same_with(fx, copy, len, want, pristine, len, "other summary fields");
	/* built for another schema */
	memcpy(copy, pristine, len);
	at = memmem(copy, len, "schema=", 7);
	assert_non_null(at);
	at[7] = at[7] == '0' ? '1' : '0';
	fix_checksum(copy, len);
	lists_the_same_with(fx, copy, len, want, pristine, len, "another schema");
	free(copy);
	free(other);

	/* a symbolic link to the needs' catalog, and a directory, in its place */
	assert_int_equal(unlink(cat), 0);
	assert_int_equal(symlink(needs, cat), 0);
	copy = list_all(fx, &mutu_type_offer);
	unit_assert_same_text(copy, want, "a symbolic link");
	free(copy);
	unlink(cat);
	assert_int_equal(mkdir(cat, 0755), 0);
	copy = list_all(fx, &mutu_type_offer);
	unit_assert_same_text(copy, want, "a directory");
	free(copy);
	rmdir(cat);
	free(want);
	free(pristine);
	free(needs);
	free(cat);
}

static void a_catalog_from_another_commons_gives_this_ones_rows(void **state)
{
	struct fixture *fx = *state;
	char *dir = unit_tmpdir(), *cat = catalog_file(fx, "offers"), *theirs, *want, *got, *data;
	mutu_store *other;
	size_t len;

	add_entries(fx);
	want = list_all(fx, &mutu_type_offer);
	/* another commons, with some of the same records and others */
	assert_ok(mutu_commons_init(&other, dir, 1, "Other", "alice", UNIT_EMAIL, UNIT_NAME, NULL, NULL, 0, NULL));
	{
		char *a = record_text("7q3k9m2xh4ta", "Perceuse", "tool", "bricolage, outils");
		char *b = record_text("7q3k9m2xh4tm", "Autre", "tool", NULL);
		char *c = record_text("abcd00000000", "Autre titre", "tool", NULL);
		const char *paths[] = { "offers/7q/7q3k9m2xh4ta.yaml", "offers/7q/7q3k9m2xh4tm.yaml",
					"offers/ab/abcd00000000.yaml" };
		const char *texts[] = { a, b, c };

		unit_commit_files(other, paths, texts, 3);
		free(a);
		free(b);
		free(c);
	}
	{
		mutu_store *mine = fx->st;

		fx->st = other;
		free(list_all(fx, &mutu_type_offer));
		theirs = catalog_file(fx, "offers");
		fx->st = mine;
	}
	data = unit_slurp(theirs, &len);
	assert_non_null(data);
	put_bytes(cat, data, len);
	got = list_all(fx, &mutu_type_offer);
	unit_assert_same_text(got, want, "another commons' catalog");
	free(got);
	free(data);
	free(theirs);
	free(want);
	free(cat);
	mutu_store_free(other);
	unit_rmtree(dir);
}

/* The start of each row of a catalog (rows start after the magic line,
 * each with its u32 little-endian length): the offset of row k. */
static size_t row_offset(const char *data, size_t len, size_t k)
{
	size_t at = strlen("mutu-catalog 3\n"), i;

	for (i = 0; i < k; i++) {
		const unsigned char *p = (const unsigned char *)data + at;

		assert_true(at + 4 <= len);
		at += 4 + ((size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24);
	}
	return at;
}

static void rows_delivered_before_damage_is_found_are_taken_back(void **state)
{
	struct fixture *fx = *state;
	char *cat = catalog_file(fx, "offers"), *want, *pristine, *copy;
	size_t len, k;

	add_entries(fx);
	want = list_all(fx, &mutu_type_offer);
	pristine = unit_slurp(cat, &len);
	assert_int_equal(memcmp(pristine, "mutu-catalog 3\n", 15), 0);
	copy = malloc(len);
	/* a catalog whose checksum holds (another mutu wrote it) but whose
	 * k-th row does not decode: the rows before it were already handed
	 * to the list, which must forget them, warnings and all */
	for (k = 1; k < NENTRIES; k += 3) {
		char what[64];
		size_t at;

		memcpy(copy, pristine, len);
		at = row_offset(copy, len, k);
		copy[at + 4] = 99;   /* no such problem */
		fix_checksum(copy, len);
		snprintf(what, sizeof(what), "row %zu malformed", k);
		lists_the_same_with(fx, copy, len, want, pristine, len, what);
	}
	free(copy);
	free(pristine);
	free(want);
	free(cat);
}

static void a_catalog_with_a_forged_checksum_never_crashes_a_list(void **state)
{
	struct fixture *fx = *state;
	char *cat = catalog_file(fx, "offers"), *pristine, *copy;
	mutu_query q = { 0 };
	size_t len, i;

	add_entries(fx);
	free(list_all(fx, &mutu_type_offer));
	pristine = unit_slurp(cat, &len);
	copy = malloc(len);
	for (i = 0; i + 8 < len; i++) {
		mutu_row *rows;
		size_t n;

		if (!sampled(i, len, 7))
			continue;
		memcpy(copy, pristine, len);
		copy[i] ^= (char)(1u << (i % 8));
		fix_checksum(copy, len);
		put_bytes(cat, copy, len);
		unit_warnings_start();
		if (mutu_list(&rows, &n, fx->st, &mutu_type_offer, &q, NULL) != 0)
			fail_msg("byte %zu: list failed: %s", i, mutu_error_last());
		mutu_rows_free(rows, n);
	}
	free(copy);
	free(pristine);
	free(cat);
}

/* --- (b) incremental updates --- */

/* Delete the loose object holding id, so that nothing can read it. */
static void remove_object(struct fixture *fx, const mutu_oid *id)
{
	char hex[41], *path;

	mutu_oid_fmt(hex, id);
	assert_true(asprintf(&path, "%sobjects/%.2s/%s", mutu_store_git_dir(fx->st), hex, hex + 2) > 0);
	if (unlink(path) != 0)
		fail_msg("%s: %s (not a loose object?)", path, strerror(errno));
	free(path);
	/* a fresh handle: nothing cached */
	mutu_store_free(fx->st);
	assert_ok(mutu_store_open(&fx->st, fx->dir, 0));
}

static void after_a_change_only_its_fan_out_directory_is_read_again(void **state)
{
	struct fixture *fx = *state;
	mutu_record *recs[2];
	mutu_query q = { 0 };
	mutu_oid blob;
	mutu_row *rows;
	char *text, *data, *cat;
	size_t n, len;

	recs[0] = unit_item(&mutu_type_offer, "7q3k9m2xh4ta", "alice", "Perceuse");
	recs[1] = unit_item(&mutu_type_offer, "abcd00000000", "alice", "Scie");
	unit_add(fx->st, &unit_alice, &mutu_type_offer, recs, 2);
	free(list_all(fx, &mutu_type_offer));   /* the catalog, built */

	/* the record in 7q can no longer be read by anyone */
	assert_ok(mutu_store_lookup(&blob, fx->st, "offers/7q/7q3k9m2xh4ta.yaml"));
	remove_object(fx, &blob);
	assert_true(mutu_store_read_blob(&data, &len, fx->st, &blob, 1 << 20) < 0);

	/* a record added elsewhere: the list still shows the one in 7q */
	unit_add1(fx->st, &unit_alice, &mutu_type_offer,
		  unit_item(&mutu_type_offer, "zz0000000000", "alice", "Échelle"));
	text = list_all(fx, &mutu_type_offer);
	assert_contains(text, "offers/7q/7q3k9m2xh4ta.yaml 7q3k9m2xh4ta ");
	assert_contains(text, "title=[Perceuse]");
	assert_contains(text, "offers/zz/zz0000000000.yaml");
	free(text);
	/* and one added beside it: only the changed blob is parsed */
	unit_add1(fx->st, &unit_alice, &mutu_type_offer,
		  unit_item(&mutu_type_offer, "7q00000000aa", "alice", "Marteau"));
	text = list_all(fx, &mutu_type_offer);
	assert_contains(text, "title=[Perceuse]");
	assert_contains(text, "title=[Marteau]");
	free(text);
	/* without the catalog the record really cannot be read */
	cat = catalog_file(fx, "offers");
	assert_int_equal(unlink(cat), 0);
	unit_warnings_start();
	assert_true(mutu_list(&rows, &n, fx->st, &mutu_type_offer, &q, NULL) < 0);
	free(cat);
}

/* A tiny deterministic generator, so that a failure can be replayed. */
static unsigned long long rng_state = 88172645463325252ull;

static unsigned rng(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

struct live {
	char path[64];
};

/* An incremental list must say what a list from nothing says. Keeps the
 * incremental catalog in place for the next step. */
static void compare_with_a_fresh_rebuild(struct fixture *fx, const char *what)
{
	char *cat = catalog_file(fx, "offers"), *inc, *fresh, *saved;
	size_t len;

	inc = list_all(fx, &mutu_type_offer);
	saved = unit_slurp(cat, &len);
	assert_non_null(saved);
	assert_int_equal(unlink(cat), 0);
	fresh = list_all(fx, &mutu_type_offer);
	unit_assert_same_text(inc, fresh, what);
	put_bytes(cat, saved, len);
	free(saved);
	free(inc);
	free(fresh);
	free(cat);
}

static void many_incremental_changes_give_what_a_rebuild_gives(void **state)
{
	struct fixture *fx = *state;
	static const char *dirs[] = { "0a", "0b", "1c", "7q", "ab", "zz" };
	static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
	struct live live[200];
	size_t nlive = 0, step, i;

	compare_with_a_fresh_rebuild(fx, "no offers yet");
	for (step = 0; step < 60; step++) {
		const char *paths[4], *data[4];
		char *owned[4] = { NULL, NULL, NULL, NULL }, pathbuf[4][64], what[64];
		size_t nchanges = 1 + rng(3), c;

		for (c = 0; c < nchanges; c++) {
			unsigned op = nlive ? rng(7) : 0;
			char id[13];

			paths[c] = pathbuf[c];
			if (op <= 1 && nlive < 200) {
				/* a new entry: mostly records, sometimes something else */
				const char *d = dirs[rng(6)];
				unsigned kind = rng(10);

				snprintf(id, sizeof(id), "%s", d);
				for (i = 2; i < 12; i++)
					id[i] = alphabet[rng(32)];
				id[12] = '\0';
				if (kind == 0)
					snprintf(pathbuf[c], 64, "offers/%s/%s.yaml",
						 d[0] == 'z' ? "ab" : "zz", id);
				else if (kind == 1)
					snprintf(pathbuf[c], 64, "offers/%s.yaml", id);
				else
					snprintf(pathbuf[c], 64, "offers/%s/%s.yaml", d, id);
				owned[c] = kind == 2 ? strdup("not: [yaml\n")
					 : record_text(kind == 3 ? "7q3k9m2xh4ta" : id, id,
						       kind == 4 ? "spaceship" : "tool",
						       kind > 5 ? "a, b" : NULL);
				snprintf(live[nlive++].path, 64, "%.63s", pathbuf[c]);
			} else if (op <= 4) {
				/* a changed entry: retitled, or broken */
				i = rng((unsigned)nlive);
				snprintf(pathbuf[c], 64, "%s", live[i].path);
				snprintf(id, sizeof(id), "%.12s", strrchr(live[i].path, '/') + 1);
				owned[c] = record_text(id, step % 2 ? "Retitré" : "Nouveau",
						       op == 4 ? "other" : "time", op == 3 ? "x" : NULL);
			} else {
				/* a removed entry */
				i = rng((unsigned)nlive);
				snprintf(pathbuf[c], 64, "%s", live[i].path);
				live[i] = live[--nlive];
				owned[c] = NULL;
			}
			data[c] = owned[c];
			/* one change per path in a commit */
			for (i = 0; i < c; i++)
				if (!strcmp(paths[i], paths[c])) {
					free(owned[c]);
					if (!data[c])   /* put back what was removed */
						snprintf(live[nlive++].path, 64, "%.63s", paths[c]);
					nchanges = c;
					break;
				}
		}
		unit_commit_files(fx->st, paths, data, nchanges);
		for (c = 0; c < nchanges; c++)
			free(owned[c]);
		snprintf(what, sizeof(what), "after step %zu", step);
		compare_with_a_fresh_rebuild(fx, what);
	}
}

/* --- (c) thousands of records, rebuilt on every core --- */

static size_t indexing_reports;

static void count_indexing(const char *what, size_t done, size_t total)
{
	(void)total;
	assert_non_null(what);
	assert_true(done > 0);
	indexing_reports++;
}

static void thousands_of_records_list_the_same_with_and_without_a_catalog(void **state)
{
	struct fixture *fx = *state;
	static const char *kinds[] = { "tool", "skill", "space", "time" };
	const size_t count = 2500;
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_record **recs;
	mutu_buf in = MUTU_BUF_INIT;
	mutu_query q = { 0 };
	mutu_row *rows;
	char *cat = catalog_file(fx, "offers"), *first, *again, *fresh;
	const char *paths[40], *data[40];
	mutu_buf texts[40];
	size_t n, i, changed = 0;
	char seen[32 * 32];
	FILE *f;

	for (i = 0; i < count; i++)
		mutu_buf_printf(&in, "%stitle: Objet n°%zu%s\nkind: %s\n%s", i ? "---\n" : "", i,
				i % 7 ? "" : " à prêter",
				kinds[i % 4], i % 5 ? "" : "tags: [lot, gros]\n");
	f = fmemopen(in.ptr, in.len, "r");
	assert_ok(mutu_action_import(&recs, &n, &ctx, &mutu_type_offer, f, "bulk.yaml", NULL));
	fclose(f);
	mutu_buf_free(&in);
	assert_int_equal(n, count);

	/* no catalog: every fan-out directory is built, by several threads */
	indexing_reports = 0;
	unit_warnings_start();
	assert_ok(mutu_list(&rows, &n, fx->st, &mutu_type_offer, &q, count_indexing));
	assert_int_equal(n, count);
	mutu_rows_free(rows, n);
	assert_true(indexing_reports > 0);
	assert_int_equal(unlink(cat), 0);
	first = list_all(fx, &mutu_type_offer);
	again = list_all(fx, &mutu_type_offer);   /* from the catalog */
	unit_assert_same_text(again, first, "from the catalog");
	free(again);

	/* forty records changed in forty fan-out directories, in one commit:
	 * an incremental rebuild that is parallel too */
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < count && changed < 40; i++) {
		const char *id = mutu_map_str(recs[i], "id");
		static const char digits[] = "0123456789abcdefghjkmnpqrstvwxyz";
		size_t slot = (size_t)(strchr(digits, id[0]) - digits) * 32 +
			      (size_t)(strchr(digits, id[1]) - digits);
		char *path = malloc(64);

		if (seen[slot]) {
			free(path);
			continue;
		}
		seen[slot] = 1;
		assert_ok(mutu_type_path(path, &mutu_type_offer, id));
		assert_ok(mutu_map_set_str(recs[i], "title", "Changé"));
		if (changed % 3 == 0)
			assert_ok(mutu_map_set_str(recs[i], "status", "closed"));
		texts[changed] = (mutu_buf)MUTU_BUF_INIT;
		assert_ok(mutu_records_emit(&texts[changed], "offer", recs[i]));
		paths[changed] = path;
		data[changed] = mutu_buf_cstr(&texts[changed]);
		changed++;
	}
	assert_int_equal(changed, 40);
	unit_commit_files(fx->st, paths, data, changed);
	again = list_all(fx, &mutu_type_offer);
	assert_int_equal(unlink(cat), 0);
	fresh = list_all(fx, &mutu_type_offer);
	unit_assert_same_text(again, fresh, "after forty changes");
	assert_true(strcmp(again, first) != 0);
	for (i = 0; i < changed; i++) {
		free((char *)paths[i]);
		mutu_buf_free(&texts[i]);
	}
	for (i = 0; i < count; i++)
		mutu_value_free(recs[i]);
	free(recs);
	free(first);
	free(again);
	free(fresh);
	free(cat);
}

/* --- (d) a catalog that cannot be written --- */

static void a_catalog_that_cannot_be_written_does_not_fail_a_list(void **state)
{
	struct fixture *fx = *state;
	char *mutu_dir, *cat_dir, *cat = catalog_file(fx, "offers");
	char *before, *ro, *fresh;

	assert_true(asprintf(&mutu_dir, "%smutu", mutu_store_git_dir(fx->st)) > 0);
	assert_true(asprintf(&cat_dir, "%smutu/catalog", mutu_store_git_dir(fx->st)) > 0);
	add_entries(fx);
	before = list_all(fx, &mutu_type_offer);

	/* a read-only directory, with a catalog now stale */
	assert_int_equal(chmod(cat_dir, 0555), 0);
	assert_int_equal(chmod(mutu_dir, 0555), 0);
	unit_add1(fx->st, &unit_alice, &mutu_type_offer,
		  unit_item(&mutu_type_offer, "1c0000000001", "alice", "Nouveau"));
	ro = list_all(fx, &mutu_type_offer);
	assert_contains(ro, "offers/1c/1c0000000001.yaml");
	free(ro);
	ro = list_all(fx, &mutu_type_offer);
	assert_int_equal(chmod(cat_dir, 0755), 0);
	assert_int_equal(chmod(mutu_dir, 0755), 0);
	assert_int_equal(unlink(cat), 0);
	fresh = list_all(fx, &mutu_type_offer);
	unit_assert_same_text(ro, fresh, "read-only");
	free(ro);
	free(fresh);

	/* a file where the catalog's directory should be (even root cannot
	 * write through that) */
	unit_rmtree(strdup(cat_dir));
	unit_spit(cat_dir, "in the way\n");
	ro = list_all(fx, &mutu_type_offer);
	unit_add1(fx->st, &unit_alice, &mutu_type_offer,
		  unit_item(&mutu_type_offer, "1c0000000002", "alice", "Encore"));
	free(ro);
	ro = list_all(fx, &mutu_type_offer);
	assert_contains(ro, "offers/1c/1c0000000002.yaml");
	assert_int_equal(unlink(cat_dir), 0);
	fresh = list_all(fx, &mutu_type_offer);
	unit_assert_same_text(ro, fresh, "no catalog directory");
	assert_true(strcmp(fresh, before) != 0);
	free(ro);
	free(fresh);
	free(before);
	free(cat);
	free(cat_dir);
	free(mutu_dir);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_scan_visits_every_entry_once_saying_what_is_wrong_with_it),
		T(a_visitor_stops_the_scan_with_what_it_returns),
		cmocka_unit_test(a_field_the_summary_does_not_keep_is_null),
		T(a_damaged_or_absent_catalog_changes_no_answer),
		T(a_catalog_of_another_format_or_type_is_never_believed),
		T(a_catalog_from_another_commons_gives_this_ones_rows),
		T(rows_delivered_before_damage_is_found_are_taken_back),
		T(a_catalog_with_a_forged_checksum_never_crashes_a_list),
		T(after_a_change_only_its_fan_out_directory_is_read_again),
		T(many_incremental_changes_give_what_a_rebuild_gives),
		T(thousands_of_records_list_the_same_with_and_without_a_catalog),
		T(a_catalog_that_cannot_be_written_does_not_fail_a_list),
	};

	unit_env();
	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
