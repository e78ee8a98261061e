/* ballotbox — the ballots of one proposal that count, read from a real
 * commons: which are left out (with a warning naming their path), and the
 * derived cache, whose answers are the same whether it is there, fresh,
 * damaged or made under other terms. */
#include "unit.h"

#include "lib/ballot.h"
#include "lib/ballotbox.h"
#include "lib/buf.h"
#include "lib/member.h"
#include "lib/proposal.h"
#include "lib/records.h"
#include "lib/rules.h"
#include "lib/types.h"
#include "lib/yaml.h"

#include <dirent.h>
#include <xxhash.h>

/* The calendar of a proposal made at UNIT_NOW under the default rules. */
#define T_START "2026-01-09T03:04:05Z"   /* UNIT_NOW + 7d: the vote may start */
#define T_VOTE "2026-01-09T04:00:00Z"    /* members vote */

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* A proposal in vote: its record, id and terms (setup borrows from rec). */
struct vote {
	mutu_record *rec;
	char id[13];
	char dir[64];            /* votes/<id> */
	mutu_vote_setup s;
};

/* The proposal records the test holds, freed by the teardown when a
 * failed assertion leaves them behind. */
static mutu_record *held[16];

static void hold(mutu_record *rec)
{
	size_t i;

	for (i = 0; i < NELEMS(held); i++)
		if (!held[i]) {
			held[i] = rec;
			return;
		}
	fail_msg("more than %zu proposals held", NELEMS(held));
}

static void vote_free(struct vote *v)
{
	size_t i;

	for (i = 0; i < NELEMS(held); i++)
		if (held[i] == v->rec)
			held[i] = NULL;
	mutu_value_free(v->rec);
	v->rec = NULL;
}

static int setup(void **state)
{
	return unit_commons_setup(state, 0);
}

static int teardown(void **state)
{
	size_t i;

	for (i = 0; i < NELEMS(held); i++) {
		mutu_value_free(held[i]);
		held[i] = NULL;
	}
	unit_warnings_stop();
	mutu_clock_fix(UNIT_NOW, "UNIT_NOW");
	unit_commons_free(*state);
	return 0;
}

static void add_member(struct fixture *fx, const char *handle)
{
	mutu_record *rec;
	char email[64];

	assert_ok(mutu_action_new(&rec, &mutu_type_member, UNIT_HANDLE, handle));
	snprintf(email, sizeof(email), "%s@example.org", handle);
	assert_ok(mutu_map_set_str(rec, "name", handle));
	assert_ok(mutu_map_set_str(rec, "email", email));
	unit_add1(fx->st, &unit_alice, &mutu_type_member, rec);
}

/*
 * alice proposes (at UNIT_NOW) and starts the vote (at T_START), through
 * the library, with method and options (NULL-terminated, or NULL); the
 * clock is left at T_VOTE. scale: majority-judgment's, or NULL.
 */
static void start_vote(struct vote *v, struct fixture *fx, const char *method,
		       const char *const *options, const char *const *scale, int status_quo)
{
	mutu_action_ctx ctx = { fx->st, &unit_alice };
	mutu_proposal_spec spec;
	mutu_record *rec;
	mutu_rules rules;
	mutu_oid blob;
	char path[64];

	memset(v, 0, sizeof(*v));
	memset(&spec, 0, sizeof(spec));
	spec.title = "How we get to the market";
	spec.method = method;
	spec.options = options;
	while (options && options[spec.noptions])
		spec.noptions++;
	spec.scale = scale;
	while (scale && scale[spec.nscale])
		spec.nscale++;
	spec.status_quo = status_quo;
	spec.quorum = spec.threshold = -1;
	mutu_clock_fix(UNIT_NOW, "UNIT_NOW");
	if (mutu_proposal_add(&rec, &ctx, &spec) != 0)
		fail_msg("mutu_proposal_add: %s", mutu_error_last());
	snprintf(v->id, sizeof(v->id), "%s", mutu_map_str(rec, "id"));
	mutu_value_free(rec);
	assert_ok(mutu_type_path(path, &mutu_type_proposal, v->id));
	assert_ok(mutu_records_read(&rec, &blob, fx->st, "proposal", path, 1));
	mutu_clock_fix(T_START, "T_START");
	if (mutu_proposal_step(&ctx, rec, &blob, "start", NULL) != 0)
		fail_msg("start: %s", mutu_error_last());
	mutu_value_free(rec);
	mutu_clock_fix(T_VOTE, "T_VOTE");
	assert_ok(mutu_records_read(&v->rec, NULL, fx->st, "proposal", path, 1));
	hold(v->rec);
	assert_string_equal(mutu_map_str(v->rec, "status"), "vote");
	{
		time_t now;

		assert_ok(mutu_clock_now(&now));
		assert_ok(mutu_proposal_vote_open(v->rec, now));
	}
	assert_ok(mutu_rules_load(&rules, fx->st));
	assert_ok(mutu_proposal_setup(&v->s, v->rec, &rules));
	snprintf(v->dir, sizeof(v->dir), "votes/%s", v->id);
}

static const char *const transport[] = { "Bike", "Car", "Bus", NULL };

static void start_approval(struct vote *v, struct fixture *fx)
{
	start_vote(v, fx, "approval", transport, NULL, -1);
	assert_int_equal(v->s.params.method, MUTU_METHOD_APPROVAL);
	assert_int_equal(v->s.params.noptions, 3);
}

/* Terms of the same proposal id, as another proposal record would give
 * them (yaml: its voting fields). */
static void other_terms(struct vote *t, const struct vote *v, const char *yaml)
{
	mutu_rules rules;
	char *text;

	memset(t, 0, sizeof(*t));
	snprintf(t->id, sizeof(t->id), "%s", v->id);
	snprintf(t->dir, sizeof(t->dir), "%s", v->dir);
	/* a whole proposal: setup believes no terms from a record that fails its schema */
	assert_true(asprintf(&text, "id: %s\ntype: proposal\ntitle: Terms\nkind: general\nstatus: vote\n"
				    "author: alice\ncreated: 2026-01-02T03:04:05Z\n"
				    "updated: 2026-01-02T03:04:05Z\n%s", v->id, yaml) > 0);
	if (mutu_yaml_parse(&t->rec, text, strlen(text), "proposal.yaml") != 0)
		fail_msg("proposal: %s", mutu_error_last());
	free(text);
	hold(t->rec);
	{
		mutu_record *def;

		assert_ok(mutu_rules_default_record(&def));
		assert_ok(mutu_rules_from_record(&rules, def, "rules.yaml"));
		mutu_value_free(def);
	}
	assert_ok(mutu_proposal_setup(&t->s, t->rec, &rules));
}

/* A window no ballot of these tests falls outside of: the window itself
 * is tested through the commands (tests/cli/governance.bats). */
static const mutu_vote_window always = { 0, (time_t)1 << 40 };

/* --- ballot files --- */

/* A ballot file's text: voter's, with "field: 'value'" (value NULL: no
 * marks line) and any extra lines. */
static char *ballot_text(const char *proposal, const char *voter, const char *field,
			 const char *value, const char *extra)
{
	char *s;

	assert_true(asprintf(&s, "proposal: %s\nvoter: %s\ncast: '" T_VOTE "'\nupdated: '" T_VOTE
				 "'\n%s%s%s%s%s", proposal, voter, value ? field : "",
			     value ? ": '" : "", value ? value : "", value ? "'\n" : "",
			     extra ? extra : "") > 0);
	return s;
}

static char *path_of(const struct vote *v, const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", v->dir, name) > 0);
	return p;
}

/* Commit the raw file votes/<id>/<name> (text NULL: remove it). */
static void put_file(struct fixture *fx, const struct vote *v, const char *name, const char *text)
{
	char *p = path_of(v, name);

	unit_commit_file(fx->st, p, text);
	free(p);
}

/* voter's ballot, as they would write it, in its place. */
static void put_ballot(struct fixture *fx, const struct vote *v, const char *voter,
		       const char *field, const char *value)
{
	char name[64], *text = ballot_text(v->id, voter, field, value, NULL);

	snprintf(name, sizeof(name), "%s.yaml", voter);
	put_file(fx, v, name, text);
	free(text);
}

/* who casts in through the library. */
static void cast(struct fixture *fx, const struct vote *v, const mutu_actor *who,
		 mutu_ballot_input in)
{
	mutu_action_ctx ctx = { fx->st, who };
	int changed;

	if (mutu_ballot_cast(&ctx, v->rec, &in, &changed) != 0)
		fail_msg("%s cannot vote: %s", who->handle, mutu_error_last());
}

static mutu_ballot_input approve(const char *a)
{
	return (mutu_ballot_input){ NULL, a, NULL, NULL };
}

/* --- what a load gives, as text --- */

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One line per ballot (sorted: the box promises no order), then every
 * warning in the order given. */
static char *box_text(const mutu_ballot_box *b, const mutu_vote_setup *s)
{
	mutu_buf out = MUTU_BUF_INIT, line = MUTU_BUF_INIT;
	char **lines = calloc(b->n ? b->n : 1, sizeof(*lines));
	size_t i, j;

	assert_non_null(lines);
	for (i = 0; i < b->n; i++) {
		if (!mutu_method_has_options(s->params.method)) {
			mutu_buf_printf(&line, "choice=%s", mutu_choice_name(b->ballots[i].choice));
		} else {
			assert_non_null(b->ballots[i].marks);
			mutu_buf_puts(&line, "marks=");
			for (j = 0; j < s->params.noptions; j++)
				mutu_buf_printf(&line, "%s%d", j ? "," : "", b->ballots[i].marks[j]);
		}
		assert_int_equal(mutu_buf_check(&line), 0);
		lines[i] = mutu_buf_detach(&line);
	}
	qsort(lines, b->n, sizeof(*lines), by_text);
	mutu_buf_printf(&out, "%zu ballots\n", b->n);
	for (i = 0; i < b->n; i++) {
		mutu_buf_printf(&out, "%s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
	for (i = 0; i < unit_nwarnings; i++)
		mutu_buf_printf(&out, "warning: %s\n", unit_warnings[i]);
	assert_int_equal(mutu_buf_check(&out), 0);
	return mutu_buf_detach(&out);
}

/* Load the box of v (tree NULL: the tip) for the active members (sorted),
 * and describe it; the warnings collected before are forgotten. */
static char *load_at(struct fixture *fx, const mutu_oid *tree, const struct vote *v,
		     char *const *active, size_t nactive)
{
	mutu_ballot_box b;
	char *text;

	unit_warnings_start();
	memset(&b, 0x5a, sizeof(b));
	if (mutu_ballot_box_load(&b, fx->st, tree, v->id, &v->s, active, nactive, &always) != 0)
		fail_msg("mutu_ballot_box_load: %s", mutu_error_last());
	text = box_text(&b, &v->s);
	mutu_ballot_box_free(&b);
	return text;
}

static char *load(struct fixture *fx, const struct vote *v, char *const *active, size_t nactive)
{
	return load_at(fx, NULL, v, active, nactive);
}

static char *cache_file(struct fixture *fx, const struct vote *v)
{
	char *p;

	assert_true(asprintf(&p, "%smutu/ballots/%s", mutu_store_git_dir(fx->st), v->id) > 0);
	return p;
}

static void remove_cache(struct fixture *fx, const struct vote *v)
{
	char *p = cache_file(fx, v);

	unlink(p);
	free(p);
}

/* The box loaded without a cache: what every load must give. */
static char *load_fresh(struct fixture *fx, const mutu_oid *tree, const struct vote *v,
			char *const *active, size_t nactive)
{
	remove_cache(fx, v);
	return load_at(fx, tree, v, active, nactive);
}

/* Load (with whatever cache there is): the text starts with want (the
 * count and every ballot; the warnings may follow); a load with the cache
 * now made, and one without any cache, say exactly the same, warnings
 * included. */
static void assert_load(struct fixture *fx, const mutu_oid *tree, const struct vote *v,
			char *const *active, size_t nactive, const char *want, const char *what)
{
	char *got = load_at(fx, tree, v, active, nactive), *again, *fresh;
	size_t n = strlen(want);
	int warned = n >= 9 && !strcmp(want + n - 9, "warning: ");

	/* want ending in "warning: ": the warnings follow; else there are none */
	if (warned ? strncmp(got, want, n) != 0 : strcmp(got, want) != 0)
		fail_msg("%s: got\n%s\nwant\n%s", what, got, want);
	again = load_at(fx, tree, v, active, nactive);
	unit_assert_same_text(again, got, what);
	fresh = load_fresh(fx, tree, v, active, nactive);
	unit_assert_same_text(fresh, got, what);
	free(fresh);
	free(again);
	free(got);
}

static void put_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *const everyone[] = { "alice", "bob", "carol", "dave", "erin", "frank",
				  "gina", "hugo", "ivan", "judy", "kate" };

/* --- which ballots count --- */

static void a_vote_without_ballots_is_an_empty_box(void **state)
{
	struct fixture *fx = *state;
	mutu_ballot_box b;
	struct vote v;
	char *text;

	start_approval(&v, fx);
	text = load(fx, &v, everyone, NELEMS(everyone));
	unit_assert_same_text(text, "0 ballots\n", "no ballot");
	free(text);
	/* a proposal id that is no id reads nothing */
	memset(&b, 0x5a, sizeof(b));
	assert_code(mutu_ballot_box_load(&b, fx->st, NULL, "../../x", &v.s, everyone,
					 NELEMS(everyone), &always), MUTU_EDATA);
	assert_int_equal(b.n, 0);
	assert_null(b.ballots);
	vote_free(&v);
}

static void the_ballots_that_fit_from_active_members_count(void **state)
{
	struct fixture *fx = *state;
	char **active;
	size_t nactive;
	struct vote v;

	add_member(fx, "bob");
	add_member(fx, "carol");
	start_approval(&v, fx);
	cast(fx, &v, &unit_alice, approve("Bike,Bus"));
	cast(fx, &v, &unit_bob, approve("2"));
	put_ballot(fx, &v, "carol", "approve", "Bus");
	assert_ok(mutu_members_active_at(&active, &nactive, fx->st, NULL));
	assert_int_equal(nactive, 3);
	assert_load(fx, NULL, &v, active, nactive,
		    "3 ballots\n"
		    "marks=0,0,1\n"
		    "marks=0,1,0\n"
		    "marks=1,0,1\n", "three members voted");
	mutu_members_free(active, nactive);
	vote_free(&v);
}

static void a_ballot_by_someone_not_active_is_left_out_with_a_warning(void **state)
{
	struct fixture *fx = *state;
	char *const three[] = { "alice", "bob", "carol" };
	char *const four[] = { "alice", "bob", "carol", "dave" };
	char *const none[] = { NULL };
	char *text, *path;
	struct vote v;

	start_approval(&v, fx);
	put_ballot(fx, &v, "alice", "approve", "Bike");
	put_ballot(fx, &v, "dave", "approve", "Car");
	path = path_of(&v, "dave.yaml");
	text = load(fx, &v, three, NELEMS(three));
	assert_contains(text, "1 ballots\nmarks=1,0,0\n");
	assert_warned_once(path);
	assert_int_equal(unit_nwarnings, 1);
	assert_contains(unit_warnings[0], "dave");
	assert_contains(unit_warnings[0], "active");
	free(text);
	/* the cache holds what ballots say, not who may vote: dave counts once active */
	text = load(fx, &v, four, NELEMS(four));
	unit_assert_same_text(text, "2 ballots\nmarks=0,1,0\nmarks=1,0,0\n", "dave active");
	free(text);
	/* and no one counts without active members */
	text = load(fx, &v, none, 0);
	assert_contains(text, "0 ballots\n");
	assert_warned_once(path);
	assert_int_equal(unit_nwarnings, 2);
	free(text);
	/* and again, warned from the cache as from the tree */
	text = load(fx, &v, three, NELEMS(three));
	assert_warned_once(path);
	free(text);
	free(path);
	vote_free(&v);
}

/* Every kind of entry that is no ballot that counts. */
static void put_bad_entries(struct fixture *fx, const struct vote *v)
{
	static const char *const names[] = {
		"README", "Bob.yaml", "x.yaml", "notes.txt", "bob.yml", "sub/bob.yaml",
		"erin.yaml", "frank.yaml", "gina.yaml", "hugo.yaml", "ivan.yaml",
	};
	char *texts[NELEMS(names)], *paths[NELEMS(names)];
	size_t i;

	texts[0] = strdup("not a ballot\n");
	texts[1] = ballot_text(v->id, "bob", "approve", "Bike", NULL);
	texts[2] = ballot_text(v->id, "x", "approve", "Bike", NULL);
	texts[3] = ballot_text(v->id, "bob", "approve", "Bike", NULL);
	texts[4] = ballot_text(v->id, "bob", "approve", "Bike", NULL);
	texts[5] = ballot_text(v->id, "bob", "approve", "Bike", NULL);
	/* erin's file, bob's ballot */
	texts[6] = ballot_text(v->id, "bob", "approve", "Bike", NULL);
	/* fails its schema: an unknown field; a missing one */
	texts[7] = ballot_text(v->id, "frank", "approve", "Bike", "colour: red\n");
	texts[8] = strdup("proposal: x\nvoter: gina\napprove: Bike\n");
	/* not YAML */
	texts[9] = strdup("approve: [Bike\n");
	/* an option the proposal does not have */
	texts[10] = ballot_text(v->id, "ivan", "approve", "Plane", NULL);
	for (i = 0; i < NELEMS(names); i++)
		paths[i] = path_of(v, names[i]);
	unit_commit_files(fx->st, (const char *const *)paths, (const char *const *)texts,
			  NELEMS(names));
	for (i = 0; i < NELEMS(names); i++) {
		free(texts[i]);
		free(paths[i]);
	}
}

static void what_is_not_a_ballot_is_left_out_with_a_warning_naming_its_path(void **state)
{
	static const char *const warned[] = {
		"README", "Bob.yaml", "x.yaml", "notes.txt", "bob.yml", "sub",
		"erin.yaml", "frank.yaml", "gina.yaml", "hugo.yaml", "ivan.yaml", "kate.yaml",
	};
	struct fixture *fx = *state;
	char *text, *path;
	struct vote v;
	size_t i, round;

	start_approval(&v, fx);
	put_ballot(fx, &v, "alice", "approve", "Bike,Car");
	put_ballot(fx, &v, "bob", "approve", "Bus");
	put_bad_entries(fx, &v);
	path = path_of(&v, "kate.yaml");   /* a symbolic link */
	unit_commit_entry(&fx->st, fx->dir, path, GIT_FILEMODE_LINK, "bob.yaml");
	free(path);
	/* from the tree, then from the cache, then from the tree again */
	for (round = 0; round < 3; round++) {
		if (round == 2)
			remove_cache(fx, &v);
		text = load(fx, &v, everyone, NELEMS(everyone));
		assert_contains(text, "2 ballots\nmarks=0,0,1\nmarks=1,1,0\n");
		for (i = 0; i < NELEMS(warned); i++) {
			char *p = path_of(&v, warned[i]), *with_colon;

			assert_true(asprintf(&with_colon, "%s:", p) > 0);
			assert_warned_once(with_colon);
			free(with_colon);
			free(p);
		}
		if (unit_nwarnings != NELEMS(warned))
			fail_msg("%zu warnings, expected %zu:\n%s", unit_nwarnings, NELEMS(warned), text);
		/* each says why */
		assert_int_equal(unit_warnings_naming("voter"), 1);      /* erin's */
		assert_int_equal(unit_warnings_naming("colour"), 1);     /* frank's */
		assert_int_equal(unit_warnings_naming("Plane"), 1);     /* ivan's */
		free(text);
	}
	vote_free(&v);
}

/*
 * A ballot counts only in its own proposal's directory: one whose
 * proposal field names another (copied there, or a hand edit) is left
 * out with a warning naming its path, as one whose voter differs from
 * its file name is.
 */
static void a_ballot_on_another_proposal_is_left_out_with_a_warning(void **state)
{
	struct fixture *fx = *state;
	struct vote v, w;
	char *text, *path, *other;

	start_approval(&v, fx);
	start_approval(&w, fx);
	assert_string_not_equal(v.id, w.id);
	put_ballot(fx, &v, "alice", "approve", "Bike");
	/* bob's ballot on w, in v's directory */
	other = ballot_text(w.id, "bob", "approve", "Car", NULL);
	put_file(fx, &v, "bob.yaml", other);
	free(other);
	path = path_of(&v, "bob.yaml");
	text = load(fx, &v, everyone, NELEMS(everyone));
	if (unit_warnings_naming(path) != 1 || strncmp(text, "1 ballots\nmarks=1,0,0\n", 22) != 0) {
		static char msg[2048];

		snprintf(msg, sizeof(msg), "bob's ballot on %s, in %s, was not left out:\n%s", w.id,
			 path, text);
		free(text);
		free(path);
		fail_msg("%s", msg);
	}
	free(text);
	free(path);
	/* w has no ballot at all */
	text = load(fx, &w, everyone, NELEMS(everyone));
	unit_assert_same_text(text, "0 ballots\n", "w");
	free(text);
	vote_free(&w);
	vote_free(&v);
}

/* --- the cache --- */

static void a_load_keeps_a_cache_outside_the_history(void **state)
{
	struct fixture *fx = *state;
	char *path, *text, *again, *dir;
	struct vote v;
	struct stat sb;
	git_oid head;
	DIR *d;
	struct dirent *de;

	start_approval(&v, fx);
	put_ballot(fx, &v, "alice", "approve", "Bike");
	put_ballot(fx, &v, "bob", "approve", "Car,Bus");
	put_file(fx, &v, "README", "a note\n");
	unit_head(&head, fx->dir);
	path = cache_file(fx, &v);
	assert_int_equal(stat(path, &sb), -1);
	text = load(fx, &v, everyone, NELEMS(everyone));
	assert_int_equal(stat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_true(sb.st_size > 0);
	/* never committed */
	unit_assert_head_is(fx->dir, &head);
	again = load(fx, &v, everyone, NELEMS(everyone));
	unit_assert_same_text(again, text, "a second load");
	assert_contains(text, "2 ballots\nmarks=0,1,1\nmarks=1,0,0\nwarning: ");
	free(again);
	/* nothing but caches is left in its directory (no temporary file) */
	assert_true(asprintf(&dir, "%smutu/ballots", mutu_store_git_dir(fx->st)) > 0);
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && strcmp(de->d_name, v.id) != 0)
			fail_msg("%s/%s left behind", dir, de->d_name);
	closedir(d);
	free(dir);
	free(text);
	free(path);
	vote_free(&v);
}

/* The results with a cache damaged by damage(), are the first results,
 * and the cache is rebuilt as it was. */
static void a_damaged_cache_is_rebuilt(void **state)
{
	struct fixture *fx = *state;
	char *path, *want, *got, *pristine, *bytes;
	size_t len, i, k;
	struct vote v;

	start_approval(&v, fx);
	put_ballot(fx, &v, "alice", "approve", "Bike");
	put_ballot(fx, &v, "bob", "approve", "Car,Bus");
	put_ballot(fx, &v, "carol", "approve", "Plane");   /* warned about */
	put_ballot(fx, &v, "dave", "approve", "Bus,Bike,Car");
	path = cache_file(fx, &v);
	want = load(fx, &v, everyone, NELEMS(everyone));
	assert_contains(want, "3 ballots\n");
	assert_contains(want, "Plane");
	pristine = unit_slurp(path, &len);
	assert_non_null(pristine);
	assert_true(len > 64);
	bytes = malloc(len + 1);
	assert_non_null(bytes);
	for (k = 0; k < 12; k++) {
		size_t n = len;

		memcpy(bytes, pristine, len);
		switch (k) {
		case 0: bytes[len / 2] ^= 0x01; break;          /* one bit in the middle */
		case 1: bytes[len / 2] ^= 0xff; break;          /* one byte in the middle */
		case 2: bytes[0] ^= 0x20; break;                /* the magic */
		case 3: bytes[len - 1] ^= 0x01; break;          /* the checksum */
		case 4: bytes[len - 9] ^= 0x80; break;          /* the last byte summed */
		case 5: n = len / 2; break;                     /* truncated */
		case 6: n = len - 1; break;
		case 7: n = 0; break;                           /* empty */
		case 8: n = 10; break;
		case 9:                                         /* garbage, as long */
			for (i = 0; i < len; i++)
				bytes[i] = (char)(i * 131 + 7);
			break;
		case 10:                                        /* garbage after the magic */
			for (i = 20; i < len; i++)
				bytes[i] = (char)(i * 37 + 1);
			break;
		case 11:                                        /* one byte more */
			bytes[len] = 'x';
			n = len + 1;
			break;
		}
		put_bytes(path, bytes, n);
		got = load(fx, &v, everyone, NELEMS(everyone));
		if (strcmp(got, want) != 0)
			fail_msg("damage %zu: got\n%s\nwant\n%s", k, got, want);
		free(got);
		/* rebuilt */
		got = unit_slurp(path, &n);
		if (!got || n != len || memcmp(got, pristine, len) != 0)
			fail_msg("damage %zu: the cache was not rebuilt", k);
		free(got);
	}
	/* a directory where the cache goes: every load still answers */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	got = load(fx, &v, everyone, NELEMS(everyone));
	unit_assert_same_text(got, want, "a directory in the cache's place");
	free(got);
	got = load(fx, &v, everyone, NELEMS(everyone));
	unit_assert_same_text(got, want, "a directory in the cache's place, again");
	free(got);
	assert_int_equal(rmdir(path), 0);
	free(bytes);
	free(pristine);
	free(want);
	free(path);
	vote_free(&v);
}

/* A count with no new ballot reads the cache alone: with a ballot's blob
 * gone from the object store, the answer is the same. */
static void a_load_with_nothing_new_reads_the_cache_alone(void **state)
{
	struct fixture *fx = *state;
	char *want, *got, *obj, hex[41], *p;
	struct vote v;
	mutu_oid blob;

	start_approval(&v, fx);
	put_ballot(fx, &v, "alice", "approve", "Bike");
	put_ballot(fx, &v, "bob", "approve", "Car,Bus");
	want = load(fx, &v, everyone, NELEMS(everyone));
	p = path_of(&v, "bob.yaml");
	assert_ok(mutu_store_lookup(&blob, fx->st, p));
	free(p);
	mutu_oid_fmt(hex, &blob);
	assert_true(asprintf(&obj, "%sobjects/%.2s/%s", mutu_store_git_dir(fx->st), hex, hex + 2) > 0);
	assert_int_equal(unlink(obj), 0);
	free(obj);
	/* a fresh handle: nothing of bob's ballot in memory */
	mutu_store_free(fx->st);
	assert_ok(mutu_store_open(&fx->st, fx->dir, 0));
	got = load(fx, &v, everyone, NELEMS(everyone));
	unit_assert_same_text(got, want, "bob's blob gone, the cache sound");
	free(got);
	free(want);
	vote_free(&v);
}

static void a_cache_made_under_other_terms_is_not_believed(void **state)
{
	struct fixture *fx = *state;
	struct vote v, t;
	char *want, *got;

	start_approval(&v, fx);
	put_ballot(fx, &v, "alice", "approve", "Bike");
	put_ballot(fx, &v, "bob", "approve", "Car,Bus");
	put_ballot(fx, &v, "carol", "approve", "Bus");
	want = load(fx, &v, everyone, NELEMS(everyone));
	unit_assert_same_text(want, "3 ballots\nmarks=0,0,1\nmarks=0,1,1\nmarks=1,0,0\n",
			      "approval");

	/* the same options in another order: the marks follow them */
	other_terms(&t, &v, "method: approval\noptions: [Bus, Car, Bike]\n");
	assert_load(fx, NULL, &t, everyone, NELEMS(everyone),
		    "3 ballots\nmarks=0,0,1\nmarks=1,0,0\nmarks=1,1,0\n", "options reordered");
	vote_free(&t);

	/* one option renamed: the ballots naming the old one no longer fit */
	got = load(fx, &v, everyone, NELEMS(everyone));   /* the cache under v's terms again */
	unit_assert_same_text(got, want, "back to v");
	free(got);
	other_terms(&t, &v, "method: approval\noptions: [Bike, Car, Tram]\n");
	got = load(fx, &t, everyone, NELEMS(everyone));
	assert_contains(got, "1 ballots\nmarks=1,0,0\n");
	assert_int_equal(unit_nwarnings, 2);
	assert_int_equal(unit_warnings_naming("Bus"), 2);
	free(got);
	vote_free(&t);

	/* one option more */
	got = load(fx, &v, everyone, NELEMS(everyone));
	free(got);
	other_terms(&t, &v, "method: approval\noptions: [Bike, Car, Bus, Tram]\n");
	assert_load(fx, NULL, &t, everyone, NELEMS(everyone),
		    "3 ballots\nmarks=0,0,1,0\nmarks=0,1,1,0\nmarks=1,0,0,0\n", "an option more");
	vote_free(&t);

	/* another method: approvals are no rankings */
	got = load(fx, &v, everyone, NELEMS(everyone));
	free(got);
	other_terms(&t, &v, "method: schulze\noptions: [Bike, Car, Bus]\n");
	got = load(fx, &t, everyone, NELEMS(everyone));
	assert_contains(got, "0 ballots\n");
	assert_int_equal(unit_nwarnings, 3);
	assert_int_equal(unit_warnings_naming("approve"), 3);
	free(got);
	vote_free(&t);

	/* and back: v's own answer */
	got = load(fx, &v, everyone, NELEMS(everyone));
	unit_assert_same_text(got, want, "v's terms again");
	free(got);
	free(want);
	vote_free(&v);
}

static void a_cache_made_under_another_scale_is_not_believed(void **state)
{
	static const char *const opts[] = { "A", "B", NULL };
	static const char *const scale[] = { "bad", "ok", "great", NULL };
	struct fixture *fx = *state;
	struct vote v, t;
	char *got;

	start_vote(&v, fx, "majority-judgment", opts, scale, -1);
	assert_int_equal(v.s.params.nscale, 3);
	put_ballot(fx, &v, "alice", "grade", "A=great");
	put_ballot(fx, &v, "bob", "grade", "B=ok,A=bad");
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone),
		    "2 ballots\nmarks=0,1\nmarks=2,-1\n", "scale bad, ok, great");
	got = load(fx, &v, everyone, NELEMS(everyone));
	free(got);
	other_terms(&t, &v, "method: majority-judgment\noptions: [A, B]\nscale: [great, ok, bad]\n");
	assert_load(fx, NULL, &t, everyone, NELEMS(everyone),
		    "2 ballots\nmarks=0,-1\nmarks=2,1\n", "scale great, ok, bad");
	vote_free(&t);
	vote_free(&v);
}

static void the_count_follows_each_ballot_added_changed_or_removed(void **state)
{
	struct fixture *fx = *state;
	mutu_action_ctx bob = { NULL, &unit_bob };
	struct vote v;
	int changed;

	add_member(fx, "bob");
	start_approval(&v, fx);
	bob.st = fx->st;
	cast(fx, &v, &unit_alice, approve("Bike"));
	cast(fx, &v, &unit_bob, approve("Car"));
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone),
		    "2 ballots\nmarks=0,1,0\nmarks=1,0,0\n", "alice and bob");
	/* added */
	put_ballot(fx, &v, "carol", "approve", "Bus,Car");
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone),
		    "3 ballots\nmarks=0,1,0\nmarks=0,1,1\nmarks=1,0,0\n", "carol added");
	/* changed, through the library */
	assert_ok(mutu_ballot_cast(&bob, v.rec, &(mutu_ballot_input){ NULL, "Bus", NULL, NULL },
				   &changed));
	assert_int_equal(changed, 1);
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone),
		    "3 ballots\nmarks=0,0,1\nmarks=0,1,1\nmarks=1,0,0\n", "bob changed");
	/* changed into one that does not fit, then back */
	put_ballot(fx, &v, "bob", "approve", "Plane");
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone), "2 ballots\nmarks=0,1,1\nmarks=1,0,0\n"
		    "warning: ", "bob's ballot broken");
	assert_warned_once("bob.yaml");
	put_ballot(fx, &v, "bob", "approve", "Bike,Car,Bus");
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone),
		    "3 ballots\nmarks=0,1,1\nmarks=1,0,0\nmarks=1,1,1\n", "bob mended");
	/* removed: retracted through the library, and by hand */
	assert_ok(mutu_ballot_cast(&bob, v.rec, NULL, &changed));
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone),
		    "2 ballots\nmarks=0,1,1\nmarks=1,0,0\n", "bob retracted");
	put_file(fx, &v, "carol.yaml", NULL);
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone), "1 ballots\nmarks=1,0,0\n",
		    "carol's removed");
	put_file(fx, &v, "alice.yaml", NULL);
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone), "0 ballots\n", "none left");
	/* and one again */
	put_ballot(fx, &v, "alice", "approve", "Car");
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone), "1 ballots\nmarks=0,1,0\n",
		    "alice again");
	vote_free(&v);
}

static void warnings_are_repeated_on_every_load(void **state)
{
	struct fixture *fx = *state;
	char *const active[] = { "alice", "bob", "ivan" };
	char *first, *got, *path;
	struct vote v;
	size_t i;

	start_approval(&v, fx);
	put_ballot(fx, &v, "alice", "approve", "Bike");
	put_ballot(fx, &v, "bob", "approve", "Plane");
	put_ballot(fx, &v, "zoe", "approve", "Car");   /* not active */
	put_file(fx, &v, "README", "x\n");
	first = load(fx, &v, active, NELEMS(active));
	assert_int_equal(unit_nwarnings, 3);
	for (i = 0; i < 4; i++) {
		if (i == 2) {   /* a damaged cache */
			path = cache_file(fx, &v);
			put_bytes(path, "mutu-ballots 1\n", 15);
			free(path);
		}
		got = load(fx, &v, active, NELEMS(active));
		unit_assert_same_text(got, first, "the same load again");
		assert_int_equal(unit_nwarnings, 3);
		free(got);
	}
	free(first);
	vote_free(&v);
}

/* --- other trees --- */

static void a_load_at_an_older_tree_gives_that_trees_ballots(void **state)
{
	struct fixture *fx = *state;
	mutu_oid tree0, tree1, tree2;
	struct vote v;

	start_approval(&v, fx);
	assert_ok(mutu_store_tip_tree(&tree0, fx->st));
	put_ballot(fx, &v, "alice", "approve", "Bike");
	put_ballot(fx, &v, "bob", "approve", "Car");
	put_file(fx, &v, "README", "x\n");
	assert_ok(mutu_store_tip_tree(&tree1, fx->st));
	put_ballot(fx, &v, "carol", "approve", "Bus");
	put_ballot(fx, &v, "bob", "approve", "Bike,Car");
	put_file(fx, &v, "README", NULL);
	assert_ok(mutu_store_tip_tree(&tree2, fx->st));
	put_ballot(fx, &v, "dave", "approve", "Car");   /* after tree2 */

	assert_load(fx, &tree0, &v, everyone, NELEMS(everyone), "0 ballots\n", "tree0");
	assert_load(fx, &tree1, &v, everyone, NELEMS(everyone),
		    "2 ballots\nmarks=0,1,0\nmarks=1,0,0\n"
		    "warning: ", "tree1");
	assert_load(fx, &tree2, &v, everyone, NELEMS(everyone),
		    "3 ballots\nmarks=0,0,1\nmarks=1,0,0\nmarks=1,1,0\n", "tree2");
	assert_load(fx, NULL, &v, everyone, NELEMS(everyone),
		    "4 ballots\nmarks=0,0,1\nmarks=0,1,0\nmarks=1,0,0\nmarks=1,1,0\n", "the tip");
	/* one after another, each with the other's cache in place */
	{
		char *a = load_at(fx, &tree1, &v, everyone, NELEMS(everyone));
		char *b = load_at(fx, &tree2, &v, everyone, NELEMS(everyone));
		char *c = load_at(fx, &tree1, &v, everyone, NELEMS(everyone));

		assert_contains(a, "2 ballots\n");
		assert_contains(b, "3 ballots\n");
		unit_assert_same_text(c, a, "tree1 after tree2");
		free(a);
		free(b);
		free(c);
	}
	vote_free(&v);
}

/*
 * A tree id that names no tree in the history (an object gone, an id from
 * another repository) is an error, never "no one voted": a final count at
 * a tree it cannot read must not record zero ballots.
 */
static void a_load_at_a_tree_that_is_not_there_fails(void **state)
{
	struct fixture *fx = *state;
	mutu_ballot_box b;
	mutu_oid missing;
	struct vote v;

	start_approval(&v, fx);
	put_ballot(fx, &v, "alice", "approve", "Bike");
	assert_ok(mutu_oid_parse(&missing, "0123456789abcdef0123456789abcdef01234567"));
	memset(&b, 0, sizeof(b));
	mutu_error_clear();
	if (mutu_ballot_box_load(&b, fx->st, &missing, v.id, &v.s, everyone, NELEMS(everyone), &always) == 0)
		fail_msg("a load at a missing tree gave %zu ballots and no error", b.n);
	assert_int_equal(b.n, 0);
	mutu_ballot_box_free(&b);
	vote_free(&v);
}

/* --- every method, and many ballots --- */

static void every_method_reads_the_same_from_the_tree_and_from_the_cache(void **state)
{
	static const char *const abc[] = { "A", "B", "C", NULL };
	struct fixture *fx = *state;
	struct vote sc, st, mj;

	start_vote(&sc, fx, "schulze", abc, NULL, 1);
	start_vote(&st, fx, "stv", abc, NULL, -1);
	start_vote(&mj, fx, "majority-judgment", abc, NULL, 1);
	assert_int_equal(sc.s.params.noptions, 4);   /* with the status quo */
	assert_int_equal(mj.s.params.nscale, 6);     /* the default scale */

	put_ballot(fx, &sc, "alice", "rank", "A=B,status quo");
	put_ballot(fx, &sc, "bob", "rank", "status quo,C=A=B");
	put_ballot(fx, &sc, "carol", "rank", "C");
	put_ballot(fx, &st, "alice", "rank", "C,A,B");
	put_ballot(fx, &st, "bob", "rank", "B=A");          /* no ties in stv */
	put_ballot(fx, &st, "carol", "rank", "B");
	put_ballot(fx, &mj, "alice", "grade", "A=excellent,status quo=reject");
	put_ballot(fx, &mj, "bob", "grade", "C=poor");
	put_ballot(fx, &mj, "carol", "grade", "B=very good,A=good,C=fair");
	put_ballot(fx, &mj, "dave", "grade", "A=superb");

	assert_load(fx, NULL, &sc, everyone, NELEMS(everyone),
		    "3 ballots\nmarks=0,0,1,0\nmarks=1,1,0,2\nmarks=2,2,2,1\n", "schulze");
	assert_load(fx, NULL, &st, everyone, NELEMS(everyone),
		    "2 ballots\nmarks=0,1,0\nmarks=2,3,1\nwarning: ", "stv");
	assert_warned_once("bob.yaml");
	assert_load(fx, NULL, &mj, everyone, NELEMS(everyone),
		    "3 ballots\nmarks=-1,-1,1,-1\nmarks=3,4,2,-1\nmarks=5,-1,-1,0\nwarning: ",
		    "majority-judgment");
	assert_warned_once("dave.yaml");
	/* each proposal its own cache: loading the others left each one right */
	assert_load(fx, NULL, &sc, everyone, NELEMS(everyone),
		    "3 ballots\nmarks=0,0,1,0\nmarks=1,1,0,2\nmarks=2,2,2,1\n", "schulze again");
	vote_free(&sc);
	vote_free(&st);
	vote_free(&mj);
}

/*
 * A yes-no or consent vote's ballots have no marks: read from the cache
 * they are the same as from the tree (and no null pointer reaches memcpy,
 * which the sanitizers would report).
 */
static void a_choice_vote_reads_the_same_from_the_tree_and_from_the_cache(void **state)
{
	struct fixture *fx = *state;
	struct vote yn, co;

	start_vote(&yn, fx, "yes-no", NULL, NULL, -1);
	start_vote(&co, fx, "consent", NULL, NULL, -1);
	assert_int_equal(yn.s.params.noptions, 0);
	put_ballot(fx, &yn, "alice", "choice", "yes");
	put_ballot(fx, &yn, "bob", "choice", "no");
	put_ballot(fx, &yn, "carol", "choice", "abstain");
	put_ballot(fx, &yn, "dave", "choice", "block");    /* consent's */
	put_ballot(fx, &co, "alice", "choice", "block");
	put_ballot(fx, &co, "bob", "choice", "yes");
	put_ballot(fx, &co, "carol", "approve", "A");      /* no options here */
	assert_load(fx, NULL, &yn, everyone, NELEMS(everyone),
		    "3 ballots\nchoice=abstain\nchoice=no\nchoice=yes\nwarning: ", "yes-no");
	assert_warned_once("dave.yaml");
	assert_load(fx, NULL, &co, everyone, NELEMS(everyone),
		    "2 ballots\nchoice=block\nchoice=yes\nwarning: ", "consent");
	assert_warned_once("carol.yaml");
	assert_load(fx, NULL, &yn, everyone, NELEMS(everyone),
		    "3 ballots\nchoice=abstain\nchoice=no\nchoice=yes\nwarning: ", "yes-no again");
	vote_free(&yn);
	vote_free(&co);
}

#define MANY 700

/* Many ballots, many entries in the cache. */
static void many_ballots_count_the_same_parsed_or_cached(void **state)
{
	static const char *const marks[] = { "Bike", "Car", "Bus", "Bike,Car", "Bus,Bike",
					     "Car,Bus,Bike" };
	struct fixture *fx = *state;
	char **paths = calloc(MANY, sizeof(*paths)), **texts = calloc(MANY, sizeof(*texts));
	char **active = calloc(MANY, sizeof(*active));
	size_t nactive = 0, i, j, approvals[3] = { 0 }, unfit = 0, inactive = 0, counted = 0;
	char *first, *again, *fresh, handle[16];
	mutu_ballot_box b;
	struct vote v;
	int pass;

	assert_non_null(paths);
	assert_non_null(texts);
	assert_non_null(active);
	start_approval(&v, fx);
	for (i = 0; i < MANY; i++) {
		const char *m = i % 50 == 7 ? "Plane" : marks[i % NELEMS(marks)];
		int is_active = i % 3 != 2, fits = i % 50 != 7;

		snprintf(handle, sizeof(handle), "v%04zu", i);
		assert_true(asprintf(&paths[i], "%s/%s.yaml", v.dir, handle) > 0);
		texts[i] = ballot_text(v.id, handle, "approve", m, NULL);
		if (is_active)
			active[nactive++] = strdup(handle);
		unfit += !fits;
		inactive += fits && !is_active;
		if (!fits || !is_active)
			continue;
		counted++;
		approvals[0] += strstr(m, "Bike") != NULL;
		approvals[1] += strstr(m, "Car") != NULL;
		approvals[2] += strstr(m, "Bus") != NULL;
	}
	unit_commit_files(fx->st, (const char *const *)paths, (const char *const *)texts, MANY);
	/* parsed (on several threads), cached, parsed again */
	for (pass = 0; pass < 3; pass++) {
		size_t got[3] = { 0 };

		if (pass == 2)
			remove_cache(fx, &v);
		unit_warnings_start();
		assert_ok(mutu_ballot_box_load(&b, fx->st, NULL, v.id, &v.s, active, nactive, &always));
		assert_int_equal(b.n, counted);
		for (i = 0; i < b.n; i++)
			for (j = 0; j < 3; j++)
				got[j] += (size_t)b.ballots[i].marks[j];
		assert_int_equal(got[0], approvals[0]);
		assert_int_equal(got[1], approvals[1]);
		assert_int_equal(got[2], approvals[2]);
		/* each ballot that does not fit, and each voter not active, once */
		assert_int_equal(unit_warnings_naming("Plane"), unfit);
		assert_int_equal(unit_warnings_naming("not an active member"), inactive);
		assert_int_equal(unit_nwarnings, unfit + inactive);
		mutu_ballot_box_free(&b);
	}
	first = load(fx, &v, active, nactive);
	again = load(fx, &v, active, nactive);
	fresh = load_fresh(fx, NULL, &v, active, nactive);
	unit_assert_same_text(again, first, "cached");
	unit_assert_same_text(fresh, first, "fresh");
	free(first);
	free(again);
	free(fresh);
	for (i = 0; i < MANY; i++) {
		free(paths[i]);
		free(texts[i]);
	}
	for (i = 0; i < nactive; i++)
		free(active[i]);
	free(paths);
	free(texts);
	free(active);
	vote_free(&v);
}

/*
 * A cache is checksummed, but a checksum only proves the file is whole:
 * a cache whose ballots do not fit the proposal (written by a buggy or
 * hostile program, with a sound checksum) is not believed either. This
 * test writes such a file after the layout lib/ballotbox.c documents;
 * should that layout change, it says so rather than pass.
 */
static void a_forged_cache_whose_ballots_do_not_fit_is_not_believed(void **state)
{
	struct fixture *fx = *state;
	const size_t magic = 15, head = magic + 36;
	/* blob, name length, name, counted, choice, updated (8 bytes), marks */
	const size_t alice_marks = head + 20 + 1 + strlen("alice.yaml") + 2 + 8;
	char *path, *want, *got, *pristine, *forged;
	size_t len, n, k;
	struct vote v;
	uint64_t sum;

	start_approval(&v, fx);
	put_ballot(fx, &v, "alice", "approve", "Bike");
	put_ballot(fx, &v, "bob", "approve", "Car");
	want = load(fx, &v, everyone, NELEMS(everyone));
	unit_assert_same_text(want, "2 ballots\nmarks=0,1,0\nmarks=1,0,0\n", "approval");
	path = cache_file(fx, &v);
	pristine = unit_slurp(path, &len);
	assert_non_null(pristine);
	if (len < alice_marks + 3 || memcmp(pristine, "mutu-ballots 2\n", magic) != 0 ||
	    memcmp(pristine + head + 21, "alice.yaml", 10) != 0 ||
	    pristine[head + 20] != 10 || pristine[alice_marks - 10] != 1 ||
	    memcmp(pristine + alice_marks, "\1\0\0", 3) != 0)
		fail_msg("the cache's layout is not the one lib/ballotbox.c documents");
	forged = malloc(len);
	assert_non_null(forged);
	for (k = 0; k < 3; k++) {
		memcpy(forged, pristine, len);
		switch (k) {
		case 0: forged[alice_marks] = 5; break;                  /* a mark is 0 or 1 */
		case 1: forged[alice_marks] = 0; break;                  /* approves nothing */
		case 2: forged[alice_marks + 1] = (char)-1; break;
		}
		sum = XXH3_64bits(forged, len - 8);
		for (n = 0; n < 8; n++)
			forged[len - 8 + n] = (char)(sum >> (8 * n) & 0xff);
		put_bytes(path, forged, len);
		got = load(fx, &v, everyone, NELEMS(everyone));
		if (strcmp(got, want) != 0) {
			static char msg[1024];

			snprintf(msg, sizeof(msg), "forgery %zu believed:\n%s", k, got);
			free(got);
			free(forged);
			free(pristine);
			free(want);
			free(path);
			fail_msg("%s", msg);
		}
		free(got);
		got = unit_slurp(path, &n);
		if (!got || n != len || memcmp(got, pristine, len) != 0)
			fail_msg("forgery %zu: the cache was not rebuilt", k);
		free(got);
	}
	free(forged);
	free(pristine);
	free(want);
	free(path);
	vote_free(&v);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_vote_without_ballots_is_an_empty_box),
		T(the_ballots_that_fit_from_active_members_count),
		T(a_ballot_by_someone_not_active_is_left_out_with_a_warning),
		T(what_is_not_a_ballot_is_left_out_with_a_warning_naming_its_path),
		T(a_ballot_on_another_proposal_is_left_out_with_a_warning),
		T(a_load_keeps_a_cache_outside_the_history),
		T(a_damaged_cache_is_rebuilt),
		T(a_load_with_nothing_new_reads_the_cache_alone),
		T(a_cache_made_under_other_terms_is_not_believed),
		T(a_cache_made_under_another_scale_is_not_believed),
		T(the_count_follows_each_ballot_added_changed_or_removed),
		T(warnings_are_repeated_on_every_load),
		T(a_load_at_an_older_tree_gives_that_trees_ballots),
		T(a_load_at_a_tree_that_is_not_there_fails),
		T(every_method_reads_the_same_from_the_tree_and_from_the_cache),
		T(many_ballots_count_the_same_parsed_or_cached),
		T(a_forged_cache_whose_ballots_do_not_fit_is_not_believed),
		T(a_choice_vote_reads_the_same_from_the_tree_and_from_the_cache),
	};

	unit_env();
	return cmocka_run_group_tests(tests, NULL, unit_group_cleanup);
}
