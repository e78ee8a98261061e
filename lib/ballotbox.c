/*
 * The ballot cache file. Integers are little-endian.
 *
 *     "mutu-ballots 2\n"  votes tree id(20)  u64 terms  u32 entries  u32 marks
 *     entries × { blob id(20)  u8 name length  name  u8 counted  u8 choice
 *                 i64 updated  marks × i8  (counted == 0: u16 length, why) }
 *     u64 XXH3 of all that comes before
 *
 * An entry is one entry of the votes directory, in the tree's order; its
 * name is the file's name. "terms" is a hash of what decoding depends on
 * (method, options, scale): a cache made under other terms is rebuilt.
 */
#include "ballotbox.h"

#include "ballot.h"
#include "buf.h"
#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "id.h"
#include "records.h"
#include "schema.h"
#include "types.h"
#include "utf8.h"
#include "yaml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#define MAGIC "mutu-ballots 2\n"
#define MAGIC_LEN (sizeof(MAGIC) - 1)
#define MAX_NAME 255
#define MAX_WHY 1024

/* One entry of the votes directory and what it says. */
struct entry {
	mutu_oid blob;
	char name[MAX_NAME + 1];
	int counted;            /* a ballot that fits; else why says what is wrong */
	mutu_choice choice;
	int64_t updated;        /* when it was last cast, as it says */
	signed char *marks;     /* k of them, in the box's marks block */
	char *why;              /* malloc'd, when not counted */
	int parsed;             /* 1 once known (from the cache or parsed) */
	mutu_entry_kind kind;
};

struct box {
	mutu_store *st;
	const char *proposal;
	const mutu_vote_setup *s;
	size_t k;
	struct entry *entries;
	size_t n, cap;
	signed char *marks;     /* n × k */
};

/* What decoding a ballot depends on. */
static uint64_t terms_hash(const mutu_vote_setup *s)
{
	XXH3_state_t *h = XXH3_createState();
	const mutu_tally_params *p = &s->params;
	uint64_t v;
	size_t i;
	int m = (int)p->method;

	if (!h)
		return 0;
	XXH3_64bits_reset(h);
	XXH3_64bits_update(h, &m, sizeof(m));
	for (i = 0; i < p->noptions; i++)
		XXH3_64bits_update(h, s->options[i], strlen(s->options[i]) + 1);
	XXH3_64bits_update(h, "|", 1);
	for (i = 0; i < p->nscale; i++)
		XXH3_64bits_update(h, s->scale[i], strlen(s->scale[i]) + 1);
	v = XXH3_64bits_digest(h);
	XXH3_freeState(h);
	return v;
}

static int cache_path(char *out, size_t size, mutu_store *st, const char *proposal, const char *suffix)
{
	return (size_t)snprintf(out, size, "%smutu/ballots/%s%s", mutu_store_git_dir(st), proposal,
				suffix) < size ? 0 : -1;
}

/* --- the old cache --- */

struct cached {
	unsigned char *data;
	size_t len;
	mutu_oid tree;
	size_t n, k;
	const unsigned char *entries;   /* the first entry */
};

/* Read and check the cache: 1 if it is sound and made under these terms
 * (c filled), else 0 (absent, damaged, foreign: all the same). */
static int cache_read(struct cached *c, mutu_store *st, const char *proposal, uint64_t terms,
		      size_t k)
{
	char path[4200];
	struct stat sb;
	ssize_t got;
	size_t off = 0;
	int fd;

	memset(c, 0, sizeof(*c));
	if (cache_path(path, sizeof(path), st, proposal, "") < 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 0;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size < (off_t)(MAGIC_LEN + 44) ||
	    sb.st_size > (off_t)1 << 30 || !(c->data = malloc((size_t)sb.st_size))) {
		close(fd);
		return 0;
	}
	while (off < (size_t)sb.st_size && (got = read(fd, c->data + off, (size_t)sb.st_size - off)) > 0)
		off += (size_t)got;
	close(fd);
	c->len = off;
	if (off != (size_t)sb.st_size || memcmp(c->data, MAGIC, MAGIC_LEN) ||
	    XXH3_64bits(c->data, c->len - 8) != mutu_le64(c->data + c->len - 8) ||
	    mutu_le64(c->data + MAGIC_LEN + 20) != terms || mutu_le32(c->data + MAGIC_LEN + 32) != k)
		goto unusable;
	memcpy(c->tree.raw, c->data + MAGIC_LEN, 20);
	c->n = mutu_le32(c->data + MAGIC_LEN + 28);
	c->k = k;
	c->entries = c->data + MAGIC_LEN + 36;
	return 1;
unusable:
	free(c->data);
	memset(c, 0, sizeof(*c));
	return 0;
}

/* The cached entry at *p into e (marks into marks); the cursor moves
 * past it. 0 when the file does not hold a whole entry there, or one
 * whose ballot does not fit the terms s. */
static int cached_entry(struct entry *e, signed char *marks, const unsigned char **p,
			const unsigned char *end, const mutu_vote_setup *s)
{
	const unsigned char *q = *p;
	size_t k = s->params.noptions, len, i;
	int wide[MUTU_MAX_OPTIONS + 1];
	mutu_ballot ballot;

	if (end - q < 21)
		return 0;
	memcpy(e->blob.raw, q, 20);
	len = q[20];
	q += 21;
	if ((size_t)(end - q) < len + 2 + k)
		return 0;
	memcpy(e->name, q, len);
	e->name[len] = '\0';
	q += len;
	e->counted = q[0];
	e->choice = (mutu_choice)q[1];
	q += 2;
	if ((size_t)(end - q) < 8 + k)
		return 0;
	e->updated = (int64_t)mutu_le64(q);
	q += 8;
	if (k)
		memcpy(marks, q, k);
	q += k;
	if (e->counted) {
		/* believed only once it fits, as a ballot just parsed would */
		for (i = 0; i < k; i++)
			wide[i] = marks[i];
		ballot.choice = e->choice;
		ballot.marks = k ? wide : NULL;
		if (e->choice > MUTU_CHOICE_BLOCK || mutu_tally_check(&s->params, &ballot) < 0) {
			mutu_error_clear();
			return 0;
		}
	} else {
		if (end - q < 2)
			return 0;
		len = (size_t)q[0] | (size_t)q[1] << 8;
		q += 2;
		if ((size_t)(end - q) < len || !(e->why = strndup((const char *)q, len)))
			return 0;
		q += len;
	}
	e->parsed = 1;
	*p = q;
	return 1;
}

/* --- the votes directory --- */

/* Point each entry at its own marks (the block moved as it grew). */
static void place_marks(struct box *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		b->entries[i].marks = b->k ? b->marks + i * b->k : NULL;
}

static int grow(struct box *b)
{
	size_t cap = b->cap ? 2 * b->cap : 256;
	struct entry *e = reallocarray(b->entries, cap, sizeof(*e));
	signed char *m;

	if (!e)
		return mutu_error_nomem();
	b->entries = e;
	if (b->k) {
		if (!(m = reallocarray(b->marks, cap, b->k)))
			return mutu_error_nomem();
		b->marks = m;
	}
	b->cap = cap;
	place_marks(b);
	return 0;
}

static int take_entry(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	struct box *b = payload;
	struct entry *e;
	int err;

	if (b->n == b->cap && (err = grow(b)) < 0)
		return err;
	e = &b->entries[b->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->blob = *id;
	e->kind = kind;
	return 0;
}

/* Take what the cache says of each entry whose blob it knows: both list
 * the directory in the tree's order, so one pass matches them. */
static void reuse(struct box *b, const struct cached *c)
{
	const unsigned char *p = c->entries, *end = c->data + c->len - 8;
	signed char scratch[MUTU_MAX_OPTIONS + 1];
	struct entry old;
	size_t i = 0, j;
	int cmp;

	for (j = 0; j < c->n && i < b->n; j++) {
		memset(&old, 0, sizeof(old));
		if (!cached_entry(&old, scratch, &p, end, b->s))
			return;
		while (i < b->n && (cmp = strcmp(b->entries[i].name, old.name)) < 0)
			i++;
		if (i < b->n && cmp == 0 && mutu_oid_equal(&b->entries[i].blob, &old.blob) &&
		    b->entries[i].kind == MUTU_ENTRY_FILE) {
			struct entry *e = &b->entries[i];

			e->counted = old.counted;
			e->choice = old.choice;
			e->updated = old.updated;
			e->why = old.why;
			old.why = NULL;
			if (b->k)
				memcpy(e->marks, scratch, b->k);
			e->parsed = 1;
		}
		free(old.why);
	}
}

static void refuse(struct entry *e, const char *why)
{
	e->counted = 0;
	e->why = strdup(why);
	e->parsed = 1;
}

/* What one entry says: parsed from its blob, checked whole. */
static void parse_entry(struct box *b, struct entry *e)
{
	char path[64], key[64];
	int marks[MUTU_MAX_OPTIONS + 1];
	size_t len = strlen(e->name), i;
	mutu_record *rec = NULL;
	const char *voter, *about;
	mutu_ballot ballot;
	time_t when = 0;
	char *data;
	int err;

	if (e->kind != MUTU_ENTRY_FILE) {
		refuse(e, _("not a file"));
		return;
	}
	if (len <= 5 || len - 5 >= sizeof(key) || strcmp(e->name + len - 5, ".yaml") != 0) {
		refuse(e, _("its name is not a handle"));
		return;
	}
	memcpy(key, e->name, len - 5);
	key[len - 5] = '\0';
	if (!mutu_handle_valid(key) || mutu_type_child_path(path, &mutu_type_ballot, b->proposal, key) < 0) {
		mutu_error_clear();
		refuse(e, _("its name is not a handle"));
		return;
	}
	if ((err = mutu_store_read_blob(&data, &len, b->st, &e->blob, MUTU_YAML_MAX_DOCUMENT)) == 0) {
		err = mutu_records_parse(&rec, "ballot", data, len, path, 1);
		free(data);
	}
	if (err == 0) {
		voter = mutu_map_str(rec, "voter");
		about = mutu_map_str(rec, "proposal");
		if (!voter || strcmp(voter, key) != 0)
			err = mutu_error_set(MUTU_EDATA, _("its voter field says '%s', not what its file name says"),
					     mutu_utf8_clip(voter ? voter : "", 40));
		else if (!about || strcmp(about, b->proposal) != 0)
			err = mutu_error_set(MUTU_EDATA, _("it is a ballot on proposal %s, not on the one whose directory holds it"),
					     mutu_utf8_clip(about ? about : "", 40));
	}
	if (err == 0 && mutu_clock_parse(&when, mutu_map_str(rec, "updated")) < 0)
		err = mutu_error_set(MUTU_EDATA, "%s", _("it says no valid time it was cast"));
	if (err == 0)
		err = mutu_ballot_decode(&ballot, marks, rec, b->s);
	mutu_value_free(rec);
	if (err < 0) {
		refuse(e, mutu_error_last());
		mutu_error_clear();
		return;
	}
	e->counted = 1;
	e->choice = ballot.choice;
	e->updated = (int64_t)when;
	for (i = 0; i < b->k; i++)
		e->marks[i] = (signed char)marks[i];
	e->parsed = 1;
}

/* Parse every entry the cache did not know. One thread: libgit2 reads
 * the objects of a pack under one lock, and two threads reading ballots
 * from one pack were measured slower than one (180 ms against 120 ms
 * for 10,000 ballots). */
static int parse_all(struct box *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct entry *e = &b->entries[i];

		if (!e->parsed)
			parse_entry(b, e);
		if (!e->counted && !e->why)
			return mutu_error_nomem();
	}
	return 0;
}

/* Write the cache for the directory tree (best effort: a failure only
 * costs time at the next count). */
static void cache_write(struct box *b, const mutu_oid *tree, uint64_t terms)
{
	mutu_buf out = MUTU_BUF_INIT;
	char dir[4200], path[4200], tmp[4200], suffix[64];
	size_t i, len;
	FILE *f;
	int ok;

	mutu_buf_put(&out, MAGIC, MAGIC_LEN);
	mutu_buf_put(&out, tree->raw, 20);
	mutu_buf_put_le64(&out, terms);
	mutu_buf_put_le32(&out, (uint32_t)b->n);
	mutu_buf_put_le32(&out, (uint32_t)b->k);
	for (i = 0; i < b->n; i++) {
		const struct entry *e = &b->entries[i];

		len = strlen(e->name);
		mutu_buf_put(&out, e->blob.raw, 20);
		mutu_buf_putc(&out, (char)len);
		mutu_buf_put(&out, e->name, len);
		mutu_buf_putc(&out, (char)e->counted);
		mutu_buf_putc(&out, (char)e->choice);
		mutu_buf_put_le64(&out, (uint64_t)e->updated);
		if (b->k)
			mutu_buf_put(&out, e->marks, b->k);
		if (!e->counted) {
			len = strlen(e->why) < MAX_WHY ? strlen(e->why) : MAX_WHY;
			mutu_buf_putc(&out, (char)(len & 0xff));
			mutu_buf_putc(&out, (char)(len >> 8));
			mutu_buf_put(&out, e->why, len);
		}
	}
	mutu_buf_put_le64(&out, XXH3_64bits(out.ptr, out.len));
	snprintf(dir, sizeof(dir), "%smutu", mutu_store_git_dir(b->st));
	mkdir(dir, 0777);
	snprintf(dir, sizeof(dir), "%smutu/ballots", mutu_store_git_dir(b->st));
	mkdir(dir, 0777);
	snprintf(suffix, sizeof(suffix), ".tmp.%ld", (long)getpid());
	if (out.failed || cache_path(path, sizeof(path), b->st, b->proposal, "") < 0 ||
	    cache_path(tmp, sizeof(tmp), b->st, b->proposal, suffix) < 0 || !(f = fopen(tmp, "wb"))) {
		mutu_buf_free(&out);
		return;
	}
	ok = fwrite(out.ptr, 1, out.len, f) == out.len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) < 0)
		unlink(tmp);
	mutu_buf_free(&out);
}

static int by_handle(const void *key, const void *member)
{
	return strcmp(key, *(char *const *)member);
}

/* The entries that count become the box's ballots; the others are
 * warned about, in the directory's order. */
static int fill(mutu_ballot_box *out, struct box *b, const char *dir, char *const *active,
		size_t nactive, const mutu_vote_window *w)
{
	size_t i, j, k = b->k;
	char key[MAX_NAME + 1];

	if (!(out->ballots = calloc(b->n ? b->n : 1, sizeof(*out->ballots))) ||
	    (k && !(out->marks = calloc(b->n ? b->n * k : 1, sizeof(*out->marks)))))
		return mutu_error_nomem();
	for (i = 0; i < b->n; i++) {
		const struct entry *e = &b->entries[i];
		mutu_ballot *ballot;

		if (!e->counted) {
			mutu_warn(_("%s/%s: not counted: %s"), dir, e->name, e->why);
			continue;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(strlen(e->name) - 5), e->name);
		if (!bsearch(key, active, nactive, sizeof(*active), by_handle)) {
			mutu_warn(_("%s/%s: not counted: %s is not an active member"), dir, e->name, key);
			continue;
		}
		/* the time a ballot says it was cast: outside the vote, no ballot (the
		 * commit's own time is for an audit to weigh) */
		if (e->updated < w->from || e->updated >= w->until) {
			char when[MUTU_TIME_LEN + 1];

			mutu_clock_format(when, (time_t)e->updated);
			mutu_warn(_("%s/%s: not counted: cast at %s, outside the vote"), dir, e->name, when);
			continue;
		}
		ballot = &out->ballots[out->n];
		ballot->choice = e->choice;
		ballot->marks = k ? out->marks + out->n * k : NULL;
		for (j = 0; j < k; j++)
			ballot->marks[j] = e->marks[j];
		out->n++;
	}
	return 0;
}

int mutu_ballot_box_load(mutu_ballot_box *out, mutu_store *st, const mutu_oid *tree,
			 const char *proposal, const mutu_vote_setup *s,
			 char *const *active, size_t nactive, const mutu_vote_window *window)
{
	struct box b = { 0 };
	struct cached c;
	uint64_t terms = terms_hash(s);
	char dir[64];
	mutu_oid votes;
	size_t i;
	int err, have;

	memset(out, 0, sizeof(*out));
	if ((err = mutu_type_child_dir(dir, &mutu_type_ballot, proposal)) < 0)
		return err;
	if ((err = mutu_store_subdir(&votes, st, tree, dir)) <= 0)
		return err;  /* no ballot yet, or damage */
	err = 0;
	b.st = st;
	b.proposal = proposal;
	b.s = s;
	b.k = s->params.noptions;
	have = cache_read(&c, st, proposal, terms, b.k);
	if (have && mutu_oid_equal(&c.tree, &votes)) {
		/* nothing changed since the last count: the cache alone */
		const unsigned char *p = c.entries, *end = c.data + c.len - 8;

		for (i = 0; i < c.n && err == 0; i++) {
			if (b.n == b.cap && (err = grow(&b)) < 0)
				break;
			memset(&b.entries[b.n], 0, sizeof(b.entries[b.n]));
			b.entries[b.n].marks = b.k ? b.marks + b.n * b.k : NULL;
			if (!cached_entry(&b.entries[b.n], b.entries[b.n].marks, &p, end, s))
				break;
			b.n++;
		}
		if (err == 0 && i < c.n) {
			/* a sound checksum over a bad layout: start again from the tree */
			for (i = 0; i < b.n; i++)
				free(b.entries[i].why);
			b.n = 0;
			have = 0;
		}
	} else {
		have = have ? 2 : 0;
	}
	if (err == 0 && have != 1) {
		err = mutu_store_list_tree(st, &votes, take_entry, &b);
		if (err == 0) {
			place_marks(&b);
			if (have == 2)
				reuse(&b, &c);
			if ((err = parse_all(&b)) == 0)
				cache_write(&b, &votes, terms);
		}
	}
	if (err == 0) {
		place_marks(&b);
		err = fill(out, &b, dir, active, nactive, window);
	}
	free(c.data);
	for (i = 0; i < b.n; i++)
		free(b.entries[i].why);
	free(b.entries);
	free(b.marks);
	if (err < 0)
		mutu_ballot_box_free(out);
	return err;
}

void mutu_ballot_box_free(mutu_ballot_box *b)
{
	free(b->ballots);
	free(b->marks);
	memset(b, 0, sizeof(*b));
}
