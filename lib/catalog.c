/*
 * The catalog file. Integers are little-endian; in the header a string is
 * a u32 length and its bytes; in a row, a varint length, its bytes and a
 * NUL, so that a row is decoded in place, copying nothing.
 *
 *     "mutu-catalog 3\n"  rows…  header  u32 header length  u64 XXH3
 *
 *     header:  type  signature  dir tree id(20)  u32 chunks
 *              chunks × { name  tree id(20)  u64 offset  u64 length  u32 rows }
 *     row:     u32 length  u8 problem  path  blob id(20)  key  detail
 *              u8 fields  fields × { u8 kind  (string | varint n  n × string) }
 *
 * A chunk is one fan-out directory ("7q"), or for a type whose records
 * live under a parent record (loans/<offer>/<id>.yaml), one parent's
 * directory, and its rows; or, named "",
 * the entries directly in the type's directory (for a fan-out type, only
 * what should not be there; for a flat type such as members, everything).
 * Offsets count from the first row. A record in its place leaves its path
 * out (its key gives it), unless it lives under a parent. The signature names the layout, the summary
 * fields and the CRC of the schema the rows were validated with: a
 * catalog built by another mutu, or for another schema, is rebuilt. The
 * header comes last so that the file is written in one pass, its XXH3
 * checksum (xxHash's, at memory speed) computed as it goes.
 *
 * The file is mapped, never read into the heap. A scan first checks the
 * checksum over the whole mapping; a file that is damaged, foreign or too
 * short is treated as absent. If the type's directory has the tree id the
 * header names, the rows are handed to the visitor straight from the
 * mapping. Otherwise a new file is written to a temporary name and
 * renamed over the old one: a chunk whose tree id did not change is
 * copied from the mapping, the others are rebuilt from their tree,
 * reusing the old row of each blob that did not change. Parsing many
 * records (a first list after a clone) is shared between the processors:
 * worker threads build the chunks' rows ahead of the main thread, which
 * writes them and hands them to the visitor in order.
 */
#include "catalog.h"

#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "records.h"
#include "schema.h"
#include "yaml.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#define MAGIC "mutu-catalog 3\n"
#define MAGIC_LEN (sizeof(MAGIC) - 1)
#define TRAILER_LEN 12           /* u32 header length, u64 checksum */
/* a chunk's entry in the header is at least this long (an empty name):
 * the count a header gives is checked against its length, so that a
 * type with a directory per parent record (a loan's offer) may have as
 * many chunks as it has parents */
#define CHUNK_ENTRY_MIN (4 + 20 + 8 + 8 + 4)
#define MAX_HEADER (256u << 20)
#define MAX_ROW (MUTU_YAML_MAX_DOCUMENT + 65536)
#define MAX_THREADS 8
#define PARALLEL_FROM 16         /* chunks to rebuild before threads pay */
#define AHEAD 64                 /* chunks the workers may build ahead */

struct chunk {
	char name[256];
	mutu_oid tree;
	uint64_t offset, length;
	uint32_t rows;
};

/* The old catalog, mapped, and what its header says. */
struct old {
	const unsigned char *map;
	size_t size;
	const unsigned char *rows;  /* the first row */
	uint64_t rows_len;
	mutu_oid dir_tree;
	struct chunk *chunks;
	size_t nchunks;
};

/* A decoded row: its strings point into the row's bytes, which must
 * outlive it; the arrays are reused from row to row. */
struct decoded {
	const mutu_record_type *t;
	mutu_catalog_row row;
	mutu_summary_field *fields;
	size_t nfields_cap;
	const char **items;
	size_t items_cap;
	size_t *lens;
	size_t lens_cap;
	size_t *starts;       /* where each list field's items start */
	size_t starts_cap;
	char path[64];        /* a record's path, which rows leave out */
};

/* --- encoding --- */

static void put_str(mutu_buf *b, const char *s, size_t len)
{
	mutu_buf_put_le32(b, (uint32_t)len);
	mutu_buf_put(b, s, len);
}

static void put_varint(mutu_buf *b, size_t v)
{
	unsigned char out[10];
	size_t n = 0;

	do {
		out[n++] = (unsigned char)((v & 127) | (v > 127 ? 128 : 0));
		v >>= 7;
	} while (v);
	mutu_buf_put(b, out, n);
}

static void put_vstr(mutu_buf *b, const char *s, size_t len)
{
	put_varint(b, len);
	mutu_buf_put(b, s, len);
	mutu_buf_putc(b, '\0');
}

/* A cursor over bytes at hand, that never reads past end. */
struct cur {
	const unsigned char *p, *end;
	int bad;
};

static const unsigned char *cur_bytes(struct cur *c, size_t n)
{
	const unsigned char *p = c->p;

	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = 1;
		return NULL;
	}
	c->p += n;
	return p;
}

static uint32_t cur32(struct cur *c)
{
	const unsigned char *p = cur_bytes(c, 4);

	return p ? mutu_le32(p) : 0;
}

static uint64_t cur64(struct cur *c)
{
	const unsigned char *p = cur_bytes(c, 8);

	return p ? mutu_le64(p) : 0;
}

static unsigned cur8(struct cur *c)
{
	const unsigned char *p = cur_bytes(c, 1);

	return p ? *p : 0;
}

static const char *cur_str(struct cur *c, size_t *len)
{
	*len = cur32(c);
	return (const char *)cur_bytes(c, *len);
}

static inline size_t cur_varint(struct cur *c)
{
	size_t v = 0;
	unsigned shift = 0, byte;

	if (c->p < c->end && *c->p < 128)
		return *c->p++;   /* the usual case: one byte */
	do {
		if (c->bad || c->p >= c->end || shift > 56) {
			c->bad = 1;
			return 0;
		}
		byte = *c->p++;
		v |= (size_t)(byte & 127) << shift;
		shift += 7;
	} while (byte & 128);
	return v;
}

static inline const char *cur_vstr(struct cur *c, size_t *len)
{
	const unsigned char *p;

	*len = cur_varint(c);
	if (c->bad || (size_t)(c->end - c->p) <= *len || c->p[*len] != '\0') {
		c->bad = 1;
		return NULL;
	}
	p = c->p;
	c->p += *len + 1;
	return (const char *)p;
}

static int grow(void **p, size_t *cap, size_t want, size_t size)
{
	void *grown;
	size_t n = *cap ? *cap : 16;

	if (want <= *cap)
		return 0;
	while (n < want)
		n *= 2;
	if (!(grown = realloc(*p, n * size)))
		return mutu_error_nomem();
	*p = grown;
	*cap = n;
	return 0;
}

/* The path of t's record named key, into out (64 bytes): what
 * mutu_type_path says, built without formatting since every row of a
 * list needs it. */
static const char *place_of(char out[64], const mutu_record_type *t, const char *key)
{
	size_t d = strlen(t->dir), k = strlen(key), at;

	if (d + k + 11 > 64 || k < 2)
		return "";
	memcpy(out, t->dir, d);
	at = d;
	out[at++] = '/';
	if (t->layout == MUTU_LAYOUT_FANOUT) {
		memcpy(out + at, key, 2);
		at += 2;
		out[at++] = '/';
	}
	memcpy(out + at, key, k);
	memcpy(out + at + k, ".yaml", 6);
	return out;
}

/* Decode the row at p (len bytes, its length field excluded), in place.
 * -1 if it is malformed. */
static int decode(struct decoded *d, const unsigned char *p, size_t len)
{
	struct cur c = { p, p + len, 0 };
	size_t slen, i, j, nitems = 0, nf, nlists = 0;
	const char *s;

	d->row.problem = (mutu_row_problem)cur8(&c);
	d->row.path = cur_vstr(&c, &slen);
	if ((s = (const char *)cur_bytes(&c, 20)))
		memcpy(d->row.blob.raw, s, 20);
	d->row.key = cur_vstr(&c, &slen);
	d->row.detail = cur_vstr(&c, &slen);
	nf = cur8(&c);
	if (c.bad || d->row.problem > MUTU_ROW_NOT_A_FILE ||
	    grow((void **)&d->fields, &d->nfields_cap, nf + 1, sizeof(*d->fields)) < 0 ||
	    grow((void **)&d->starts, &d->starts_cap, nf + 1, sizeof(*d->starts)) < 0)
		return -1;
	for (i = 0; i < nf && !c.bad; i++) {
		mutu_summary_field *f = &d->fields[i];

		memset(f, 0, sizeof(*f));
		f->kind = (int)cur8(&c);
		if (f->kind == 1) {
			f->str = cur_vstr(&c, &f->len);
		} else if (f->kind == 2) {
			f->nitems = cur_varint(&c);
			d->starts[nlists++] = nitems;
			if (f->nitems > len ||
			    grow((void **)&d->items, &d->items_cap, nitems + f->nitems + 1, sizeof(*d->items)) < 0 ||
			    grow((void **)&d->lens, &d->lens_cap, nitems + f->nitems + 1, sizeof(*d->lens)) < 0)
				return -1;
			for (j = 0; j < f->nitems; j++, nitems++)
				d->items[nitems] = cur_vstr(&c, &d->lens[nitems]);
		} else if (f->kind != 0) {
			return -1;
		}
	}
	if (c.bad || c.p != c.end)
		return -1;
	/* the item arrays may have moved while they grew: point into them now */
	for (i = 0, nlists = 0; i < nf; i++)
		if (d->fields[i].kind == 2) {
			d->fields[i].items = d->items + d->starts[nlists];
			d->fields[i].item_lens = d->lens + d->starts[nlists++];
		}
	if (!*d->row.path && d->t)
		d->row.path = place_of(d->path, d->t, d->row.key);
	d->row.nfields = nf;
	d->row.fields = d->fields;
	return 0;
}

static void decoded_free(struct decoded *d)
{
	free(d->fields);
	free(d->items);
	free(d->lens);
	free(d->starts);
}

/* The row at p within [p, end): its total length (length field included),
 * or 0 if it does not fit. */
static size_t row_size(const unsigned char *p, const unsigned char *end)
{
	uint32_t len;

	if (end - p < 4 || (len = mutu_le32(p)) > MAX_ROW || (size_t)(end - p) - 4 < len)
		return 0;
	return (size_t)len + 4;
}

/* Encode a row (its length first) into b. */
static void encode(mutu_buf *b, const mutu_catalog_row *r, const mutu_record_type *t)
{
	/* a child record's path names its parent, which its key does not */
	int placed = (r->problem == MUTU_ROW_OK || r->problem == MUTU_ROW_INVALID) &&
		     t->layout != MUTU_LAYOUT_CHILD;
	static const mutu_summary_field none;
	size_t start = b->len, i, j;

	mutu_buf_put_le32(b, 0);
	mutu_buf_putc(b, (char)r->problem);
	put_vstr(b, placed ? "" : r->path, placed ? 0 : strlen(r->path));
	mutu_buf_put(b, r->blob.raw, 20);
	put_vstr(b, r->key, strlen(r->key));
	put_vstr(b, r->detail, strlen(r->detail));
	mutu_buf_putc(b, (char)r->nfields);
	for (i = 0; i < r->nfields; i++) {
		const mutu_summary_field *f = r->fields ? &r->fields[i] : &none;

		mutu_buf_putc(b, (char)f->kind);
		if (f->kind == 1) {
			put_vstr(b, f->str, f->len);
		} else if (f->kind == 2) {
			put_varint(b, f->nitems);
			for (j = 0; j < f->nitems; j++)
				put_vstr(b, f->items[j], f->item_lens[j]);
		}
	}
	if (!b->failed) {
		uint32_t len = (uint32_t)(b->len - start - 4);
		unsigned char *p = (unsigned char *)b->ptr + start;

		p[0] = (unsigned char)len;
		p[1] = (unsigned char)(len >> 8);
		p[2] = (unsigned char)(len >> 16);
		p[3] = (unsigned char)(len >> 24);
	}
}

/* --- the file, and what it must have been built for --- */

static int catalog_path(char *out, size_t size, mutu_store *st, const mutu_record_type *t,
			const char *suffix)
{
	if ((size_t)snprintf(out, size, "%smutu/catalog/%s%s", mutu_store_git_dir(st), t->dir,
			     suffix) >= size)
		return mutu_error_set(MUTU_EIO, _("path too long: %s"), mutu_store_git_dir(st));
	return 0;
}

static void signature(mutu_buf *b, const mutu_record_type *t)
{
	const char *schema = mutu_schema_source(t->name);
	size_t i;

	mutu_buf_printf(b, "layout=%d key=%s schema=%08lx summary=", (int)t->layout, t->key_field,
			schema ? crc32(0, (const Bytef *)schema, (uInt)strlen(schema)) : 0ul);
	for (i = 0; t->summary[i]; i++)
		mutu_buf_printf(b, "%s%s", i ? "," : "", t->summary[i]);
	if (t->derive)
		mutu_buf_printf(b, " derived=%d", t->derived_version);
}

static void old_close(struct old *o)
{
	if (o->map)
		munmap((void *)o->map, o->size);
	free(o->chunks);
	memset(o, 0, sizeof(*o));
}

/* Whether the header at [p, end) is one this type, built this way, wrote;
 * o's chunks are filled from it. */
static int read_header(struct old *o, const mutu_record_type *t, const unsigned char *p,
		       const unsigned char *end)
{
	struct cur c = { p, end, 0 };
	mutu_buf want = MUTU_BUF_INIT;
	const char *s;
	size_t slen;
	uint32_t n, i;
	int ok = 0;

	s = cur_str(&c, &slen);
	if (!s || slen != strlen(t->name) || memcmp(s, t->name, slen))
		goto out;
	signature(&want, t);
	s = cur_str(&c, &slen);
	if (!s || want.failed || slen != want.len || memcmp(s, want.ptr, slen))
		goto out;
	if ((s = (const char *)cur_bytes(&c, 20)))
		memcpy(o->dir_tree.raw, s, 20);
	n = cur32(&c);
	if (c.bad || n > (size_t)(c.end - c.p) / CHUNK_ENTRY_MIN ||
	    !(o->chunks = calloc(n ? n : 1, sizeof(*o->chunks))))
		goto out;
	for (i = 0; i < n; i++) {
		struct chunk *k = &o->chunks[i];

		s = cur_str(&c, &slen);
		if (!s || slen >= sizeof(k->name))
			goto out;
		memcpy(k->name, s, slen);
		if ((s = (const char *)cur_bytes(&c, 20)))
			memcpy(k->tree.raw, s, 20);
		k->offset = cur64(&c);
		k->length = cur64(&c);
		k->rows = cur32(&c);
		if (c.bad || k->offset != (i ? o->chunks[i - 1].offset + o->chunks[i - 1].length : 0) ||
		    k->length > o->rows_len || k->offset + k->length > o->rows_len)
			goto out;
	}
	o->nchunks = n;
	ok = !c.bad && c.p == c.end && (n ? o->chunks[n - 1].offset + o->chunks[n - 1].length : 0) ==
					       o->rows_len;
out:
	mutu_buf_free(&want);
	return ok;
}

/* Map the catalog and check it: 1 if it is sound and built for t, else
 * 0 and o empty (absent, damaged, foreign: all the same, rebuilt). */
static int old_open(struct old *o, mutu_store *st, const mutu_record_type *t)
{
	const unsigned char *tail;
	char path[4200];
	struct stat sb;
	uint32_t hlen;
	int fd;

	memset(o, 0, sizeof(*o));
	if (catalog_path(path, sizeof(path), st, t, "") < 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 0;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    (size_t)sb.st_size < MAGIC_LEN + TRAILER_LEN) {
		close(fd);
		return 0;
	}
	o->size = (size_t)sb.st_size;
	o->map = mmap(NULL, o->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (o->map == MAP_FAILED) {
		o->map = NULL;
		return 0;
	}
	tail = o->map + o->size - TRAILER_LEN;
	hlen = mutu_le32(tail);
	if (memcmp(o->map, MAGIC, MAGIC_LEN) || hlen > MAX_HEADER ||
	    hlen > o->size - MAGIC_LEN - TRAILER_LEN ||
	    XXH3_64bits(o->map, o->size - 8) != mutu_le64(tail + 4))
		goto unusable;
	o->rows = o->map + MAGIC_LEN;
	o->rows_len = o->size - MAGIC_LEN - TRAILER_LEN - hlen;
	if (!read_header(o, t, tail - hlen, tail))
		goto unusable;
	return 1;
unusable:
	old_close(o);
	return 0;
}

static const struct chunk *old_chunk(const struct old *o, const char *name, size_t *cursor)
{
	size_t i;

	/* both files list chunks in the same order: look at the cursor first */
	if (*cursor < o->nchunks && !strcmp(o->chunks[*cursor].name, name))
		return &o->chunks[(*cursor)++];
	for (i = 0; i < o->nchunks; i++)
		if (!strcmp(o->chunks[i].name, name)) {
			*cursor = i + 1;
			return &o->chunks[i];
		}
	return NULL;
}

/* --- building rows from the tree --- */

struct builder {
	mutu_store *st;
	const mutu_record_type *t;
	const mutu_schema *schema;
	size_t nsummary;
	size_t parsed;
	const char **items;
	size_t items_cap;
	size_t *lens;
	size_t lens_cap;
};

/* A summary field of rec, or of what its type derives from it (derived). */
static const mutu_value *summary_value(const struct builder *b, const mutu_record *rec,
				       const mutu_value *derived, size_t i)
{
	const char *field = b->t->summary[i];

	return mutu_type_derived(b->t, field) ? (derived ? mutu_map_get(derived, field) : NULL)
					      : mutu_map_get(rec, field);
}

/* The summary of a parsed record: strings point into rec and derived. */
static int summarize(struct builder *b, const mutu_record *rec, const mutu_value *derived,
		     mutu_summary_field *fields)
{
	size_t i, j, n = 0;
	const mutu_value *v;
	int err;

	for (i = 0; i < b->nsummary; i++)
		if ((v = summary_value(b, rec, derived, i)) && v->type == MUTU_SEQ)
			n += v->u.seq.len;
	if ((err = grow((void **)&b->items, &b->items_cap, n + 1, sizeof(*b->items))) < 0 ||
	    (err = grow((void **)&b->lens, &b->lens_cap, n + 1, sizeof(*b->lens))) < 0)
		return err;
	n = 0;
	for (i = 0; i < b->nsummary; i++) {
		mutu_summary_field *f = &fields[i];

		memset(f, 0, sizeof(*f));
		v = summary_value(b, rec, derived, i);
		if (v && v->type == MUTU_STR) {
			f->kind = 1;
			f->str = v->u.str;
			f->len = strlen(v->u.str);
		} else if (v && v->type == MUTU_SEQ) {
			f->kind = 2;
			f->items = b->items + n;
			f->item_lens = b->lens + n;
			for (j = 0; j < v->u.seq.len; j++)
				if (v->u.seq.items[j]->type == MUTU_STR) {
					b->items[n] = v->u.seq.items[j]->u.str;
					b->lens[n++] = strlen(v->u.seq.items[j]->u.str);
					f->nitems++;
				}
		}
	}
	return 0;
}

static const char *not_a_file(mutu_entry_kind kind)
{
	switch (kind) {
	case MUTU_ENTRY_DIR: return N_("a directory where a record should be");
	case MUTU_ENTRY_LINK: return N_("a symbolic link, not a record");
	case MUTU_ENTRY_SUBMODULE: return N_("a submodule, not a record");
	default: return "";
	}
}

/* The row of one entry, encoded into out. */
static int build_row(struct builder *b, mutu_buf *out, const char *path, mutu_entry_kind kind,
		     const mutu_oid *blob)
{
	mutu_summary_field fields[64];
	mutu_catalog_row row = { path, "", *blob, MUTU_ROW_OK, "", 0, NULL };
	mutu_record *rec = NULL;
	mutu_value *derived = NULL;
	const char *why, *have;
	char key[64], *data = NULL;
	size_t len;
	int err = 0, code;

	if (kind != MUTU_ENTRY_FILE) {
		row.problem = MUTU_ROW_NOT_A_FILE;
		row.detail = not_a_file(kind);
		encode(out, &row, b->t);
		return 0;
	}
	if (!mutu_type_place(b->t, path, key, &why)) {
		row.problem = MUTU_ROW_MISPLACED;
		row.detail = why;
		encode(out, &row, b->t);
		return 0;
	}
	row.key = key;
	b->parsed++;
	if (mutu_store_read_blob(&data, &len, b->st, blob, MUTU_YAML_MAX_DOCUMENT) < 0 ||
	    mutu_yaml_parse(&rec, data, len, path) < 0) {
		code = mutu_error_last_code();
		if (code == MUTU_ENOMEM || code == MUTU_EIO) {
			err = code;
			goto out;
		}
		row.problem = MUTU_ROW_UNREADABLE;
		encode(out, &row, b->t);
		goto out;
	}
	have = mutu_map_str(rec, b->t->key_field);
	if (!have || strcmp(have, key) != 0) {
		row.problem = MUTU_ROW_KEY_DIFFERS;
		row.detail = have ? have : "";
	} else if (mutu_schema_validate(b->schema, rec, path) < 0) {
		row.problem = MUTU_ROW_INVALID;
	}
	if (b->t->derive && (err = b->t->derive(rec, &derived)) < 0)
		goto out;
	if ((err = summarize(b, rec, derived, fields)) < 0)
		goto out;
	row.nfields = b->nsummary;
	row.fields = fields;
	encode(out, &row, b->t);
out:
	mutu_error_clear();
	free(data);
	mutu_value_free(derived);
	mutu_value_free(rec);
	return err;
}

/*
 * The rows of one chunk, rebuilt from its tree into out. The old chunk's
 * rows (prev, may be NULL) are walked alongside in path order: an entry
 * holding the same blob at the same path keeps its old row.
 */
struct rescan {
	struct builder *b;
	mutu_buf *out;
	uint32_t rows;
	const char *dir;          /* "offers/7q" or "offers" */
	int loose_only;           /* the "" chunk of a fan-out type: skip directories */
	const unsigned char *prev, *prev_end;
	struct decoded pd;
	size_t prev_len;          /* of the old row at prev; 0: none left */
};

static void next_prev(struct rescan *r)
{
	if (r->prev_len) {
		r->prev += r->prev_len;
		r->prev_len = 0;
	}
	if (r->prev >= r->prev_end)
		return;
	if (!(r->prev_len = row_size(r->prev, r->prev_end)) ||
	    decode(&r->pd, r->prev + 4, r->prev_len - 4) < 0) {
		r->prev_len = 0;
		r->prev = r->prev_end;   /* unreadable: reuse nothing more */
	}
}

static int rescan_entry(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	struct rescan *r = payload;
	char path[1024];
	int cmp = 1;

	if (r->loose_only && kind == MUTU_ENTRY_DIR)
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", r->dir, name) >= sizeof(path))
		memcpy(path + sizeof(path) - 4, "...", 4);
	while (r->prev_len && (cmp = strcmp(r->pd.row.path, path)) < 0)
		next_prev(r);
	r->rows++;
	if (r->prev_len && cmp == 0 && kind == MUTU_ENTRY_FILE &&
	    mutu_oid_equal(&r->pd.row.blob, id) && r->pd.row.problem != MUTU_ROW_NOT_A_FILE) {
		/* the same blob at the same path: its old row holds */
		mutu_buf_put(r->out, r->prev, r->prev_len);
		next_prev(r);
		return 0;
	}
	return build_row(r->b, r->out, path, kind, id);
}

/* Rebuild a chunk's rows (appended to out): its directory is dir, its
 * tree tree, its old self was (may be NULL) in the mapping of old. */
static int rescan_chunk(struct builder *b, mutu_buf *out, uint32_t *rows, const struct old *old,
			const struct chunk *was, const char *dir, const mutu_oid *tree,
			int loose_only)
{
	struct rescan r = { b, out, 0, dir, loose_only, NULL, NULL, { 0 }, 0 };
	int err;

	r.pd.t = b->t;
	if (was) {
		r.prev = old->rows + was->offset;
		r.prev_end = r.prev + was->length;
		next_prev(&r);
	}
	err = mutu_store_list_tree(b->st, tree, rescan_entry, &r);
	decoded_free(&r.pd);
	*rows = r.rows;
	return err < 0 ? err : mutu_buf_check(out);
}

/* --- scanning --- */

struct job {
	const struct chunk *was;
	char dir[600];
	mutu_buf rows;
	uint32_t nrows;
	size_t parsed;
	int err;
	char message[1024];
	int done;
};

struct scan {
	mutu_store *st;
	const mutu_record_type *t;
	const mutu_catalog_visitor *v;
	void (*progress)(const char *what, size_t done, size_t total);
	struct builder b;
	struct old old;
	struct decoded dec;   /* the row handed to the visitor */
	FILE *out;            /* the new file, or NULL when it cannot be written */
	XXH3_state_t *hash;
	uint64_t written;     /* bytes of rows so far */
	size_t parsed;
	struct chunk *chunks; /* of the new file */
	size_t nchunks, cap;

	/* a parallel rebuild: jobs[i] is chunk i's, when it is rebuilt */
	struct job *jobs;
	size_t next_job, consumed;
	int abort;
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

/* Append bytes to the new file (best effort) and its checksum. */
static void write_out(struct scan *s, const void *p, size_t len)
{
	if (!s->out || len == 0)
		return;
	if (fwrite(p, 1, len, s->out) != len) {
		fclose(s->out);
		s->out = NULL;   /* a read-only repository is still listed */
		return;
	}
	XXH3_64bits_update(s->hash, p, len);
}

/* Hand rows (encoded, one after the other) to the new file and the
 * visitor. */
static int emit_rows(struct scan *s, struct chunk *k, const unsigned char *p, size_t len)
{
	const unsigned char *end;
	size_t n;
	int err;

	if (len == 0)
		return 0;   /* an empty chunk: no rows, and maybe no buffer */
	end = p + len;
	write_out(s, p, len);
	s->written += len;
	k->length += len;
	for (; p < end; p += n) {
		if (!(n = row_size(p, end)) || decode(&s->dec, p + 4, n - 4) < 0)
			return mutu_error_set(MUTU_EIO, _("cannot index %s"), s->t->dir);
		k->rows++;
		if ((err = s->v->row(&s->dec.row, s->v->payload)) != 0)
			return err;
	}
	return 0;
}

static struct chunk *add_chunk(struct scan *s, const char *name, const mutu_oid *tree)
{
	struct chunk *k;

	if (grow((void **)&s->chunks, &s->cap, s->nchunks + 1, sizeof(*s->chunks)) < 0)
		return NULL;
	k = &s->chunks[s->nchunks++];
	memset(k, 0, sizeof(*k));
	snprintf(k->name, sizeof(k->name), "%s", name);
	k->tree = *tree;
	return k;
}

/* Each directory in a fan-out type's directory is a chunk; and in a child
 * type's, each parent's. */
static int add_fanout_chunk(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	if (kind != MUTU_ENTRY_DIR)
		return 0;
	return add_chunk(payload, name, id) ? 0 : MUTU_ENOMEM;
}

static void header(mutu_buf *b, const struct scan *s, const mutu_oid *dir_tree)
{
	mutu_buf sig = MUTU_BUF_INIT;
	size_t i;

	put_str(b, s->t->name, strlen(s->t->name));
	signature(&sig, s->t);
	put_str(b, mutu_buf_cstr(&sig), sig.len);
	mutu_buf_free(&sig);
	mutu_buf_put(b, dir_tree->raw, 20);
	mutu_buf_put_le32(b, (uint32_t)s->nchunks);
	for (i = 0; i < s->nchunks; i++) {
		const struct chunk *k = &s->chunks[i];

		put_str(b, k->name, strlen(k->name));
		mutu_buf_put(b, k->tree.raw, 20);
		mutu_buf_put_le64(b, k->offset);
		mutu_buf_put_le64(b, k->length);
		mutu_buf_put_le32(b, k->rows);
	}
}

/* Remove temporary files that killed scans left (their pid is gone). */
static void sweep_temporaries(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	char path[4600];

	while (d && (e = readdir(d))) {
		const char *dot = strstr(e->d_name, ".tmp.");
		long pid;

		if (!dot || (pid = strtol(dot + 5, NULL, 10)) <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) < 0 && errno == ESRCH &&
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) < sizeof(path))
			unlink(path);
	}
	if (d)
		closedir(d);
}

static FILE *open_new(struct scan *s, char *tmp, size_t size)
{
	char dir[4200], suffix[64];

	snprintf(dir, sizeof(dir), "%smutu", mutu_store_git_dir(s->st));
	mkdir(dir, 0777);
	snprintf(dir, sizeof(dir), "%smutu/catalog", mutu_store_git_dir(s->st));
	mkdir(dir, 0777);
	sweep_temporaries(dir);
	snprintf(suffix, sizeof(suffix), ".tmp.%ld", (long)getpid());
	if (catalog_path(tmp, size, s->st, s->t, suffix) < 0)
		return NULL;
	return fopen(tmp, "wb");
}

/* The header, its length and the checksum after the rows; the file in
 * place. Best effort: a failure only costs time at the next list. */
static void finish_file(struct scan *s, const char *tmp, const mutu_oid *dir_tree)
{
	mutu_buf tail = MUTU_BUF_INIT;
	char path[4200];
	int ok;

	header(&tail, s, dir_tree);
	mutu_buf_put_le32(&tail, (uint32_t)tail.len);
	if (!tail.failed)
		write_out(s, tail.ptr, tail.len);
	mutu_buf_clear(&tail);
	mutu_buf_put_le64(&tail, XXH3_64bits_digest(s->hash));
	ok = s->out && !tail.failed && fwrite(tail.ptr, 1, tail.len, s->out) == tail.len;
	if (s->out)
		ok = fclose(s->out) == 0 && ok;
	s->out = NULL;
	if (!ok || catalog_path(path, sizeof(path), s->st, s->t, "") < 0 || rename(tmp, path) < 0)
		unlink(tmp);
	mutu_buf_free(&tail);
}

static void report(struct scan *s)
{
	if (s->progress && s->parsed >= 1000)
		s->progress(_("Indexing records"), s->parsed, 0);
}

/* --- workers: chunks rebuilt ahead of the main thread --- */

struct worker {
	struct scan *s;
	pthread_t thread;
	int started;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct scan *s = w->s;
	struct builder b = s->b;
	mutu_store *st = NULL;
	size_t i;
	int err;

	b.items = NULL;
	b.lens = NULL;
	b.items_cap = b.lens_cap = 0;
	err = mutu_store_open_again(&st, s->st);
	for (;;) {
		struct job *j;

		pthread_mutex_lock(&s->lock);
		while (!s->abort && s->next_job < s->nchunks && s->next_job >= s->consumed + AHEAD)
			pthread_cond_wait(&s->changed, &s->lock);
		while (!s->abort && s->next_job < s->nchunks && !s->jobs[s->next_job].dir[0])
			s->next_job++;   /* chunks the main thread copies or scans itself */
		if (s->abort || s->next_job >= s->nchunks) {
			pthread_mutex_unlock(&s->lock);
			break;
		}
		i = s->next_job++;
		pthread_mutex_unlock(&s->lock);
		j = &s->jobs[i];
		b.st = st;
		b.parsed = 0;
		if (err == 0)
			j->err = rescan_chunk(&b, &j->rows, &j->nrows, &s->old, j->was, j->dir,
					      &s->chunks[i].tree, 0);
		else
			j->err = err;
		if (j->err < 0)
			snprintf(j->message, sizeof(j->message), "%s", mutu_error_last());
		j->parsed = b.parsed;
		pthread_mutex_lock(&s->lock);
		j->done = 1;
		pthread_cond_broadcast(&s->changed);
		pthread_mutex_unlock(&s->lock);
	}
	free(b.items);
	free(b.lens);
	mutu_store_free(st);
	mutu_schema_thread_done();
	return NULL;
}

/* Wait for job i; 0, or its error (set as the last error here). */
static int wait_job(struct scan *s, size_t i)
{
	struct job *j = &s->jobs[i];

	pthread_mutex_lock(&s->lock);
	while (!j->done)
		pthread_cond_wait(&s->changed, &s->lock);
	pthread_mutex_unlock(&s->lock);
	if (j->err < 0)
		return mutu_error_set(j->err, "%s", j->message);
	return 0;
}

static void consumed(struct scan *s, size_t i)
{
	pthread_mutex_lock(&s->lock);
	s->consumed = i + 1;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
}

static int processors(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* Write a new catalog of the directory (dir_tree), reusing what the old
 * one (if any) still says; rows go to the visitor, in order, as they are
 * written. */
static int rebuild(struct scan *s, const mutu_oid *dir_tree, int have_dir)
{
	static const mutu_oid zero;
	struct worker workers[MAX_THREADS];
	mutu_buf rows = MUTU_BUF_INIT;
	char tmp[4200];
	size_t i, cursor = 0, todo = 0;
	int err = 0, nworkers = 0, w;

	memset(workers, 0, sizeof(workers));
	/* the entries directly in the directory first, then each fan-out one */
	if (have_dir && !add_chunk(s, "", dir_tree))
		return MUTU_ENOMEM;
	if (have_dir && s->t->layout != MUTU_LAYOUT_FLAT &&
	    (err = mutu_store_list_tree(s->st, dir_tree, add_fanout_chunk, s)) < 0)
		return err;
	if (!(s->jobs = calloc(s->nchunks + 1, sizeof(*s->jobs))))
		return mutu_error_nomem();
	for (i = 0; i < s->nchunks; i++) {
		struct job *j = &s->jobs[i];
		const struct chunk *was = old_chunk(&s->old, s->chunks[i].name, &cursor);

		j->was = was;
		j->rows = (mutu_buf)MUTU_BUF_INIT;
		/* a job for each fan-out directory to rebuild; "" is the main's */
		if (*s->chunks[i].name && !(was && mutu_oid_equal(&was->tree, &s->chunks[i].tree)) &&
		    (size_t)snprintf(j->dir, sizeof(j->dir), "%s/%s", s->t->dir, s->chunks[i].name) <
			    sizeof(j->dir))
			todo++;
		else
			j->dir[0] = '\0';
	}
	if ((s->out = open_new(s, tmp, sizeof(tmp))) && (!(s->hash = XXH3_createState()) ||
							XXH3_64bits_reset(s->hash) == XXH_ERROR)) {
		fclose(s->out);
		s->out = NULL;
		unlink(tmp);
	}
	write_out(s, MAGIC, MAGIC_LEN);
	if (todo >= PARALLEL_FROM && processors() > 1) {
		/* workers never change what they share: patterns compiled now */
		mutu_schema_prepare_threads(s->b.schema);
		pthread_mutex_init(&s->lock, NULL);
		pthread_cond_init(&s->changed, NULL);
		for (w = 0; w < processors(); w++) {
			workers[w].s = s;
			if (pthread_create(&workers[w].thread, NULL, work, &workers[w]) == 0)
				workers[w].started = ++nworkers;
		}
	}
	for (i = 0; i < s->nchunks && err == 0; i++) {
		struct chunk *k = &s->chunks[i];
		struct job *j = &s->jobs[i];

		k->offset = s->written;
		if (!*k->name) {
			mutu_buf_clear(&rows);
			err = rescan_chunk(&s->b, &rows, &k->rows, &s->old, j->was, s->t->dir, dir_tree,
					   s->t->layout != MUTU_LAYOUT_FLAT);
			k->rows = 0;
			if (err == 0)
				err = emit_rows(s, k, (const unsigned char *)rows.ptr, rows.len);
		} else if (!j->dir[0]) {
			/* unchanged: its old rows, straight from the mapping */
			err = j->was ? emit_rows(s, k, s->old.rows + j->was->offset, j->was->length)
				     : 0;
		} else if (nworkers) {
			if ((err = wait_job(s, i)) == 0)
				err = emit_rows(s, k, (const unsigned char *)j->rows.ptr, j->rows.len);
			s->parsed += j->parsed;
			mutu_buf_free(&j->rows);
			consumed(s, i);
		} else {
			mutu_buf_clear(&rows);
			s->b.parsed = 0;
			err = rescan_chunk(&s->b, &rows, &k->rows, &s->old, j->was, j->dir, &k->tree, 0);
			k->rows = 0;
			s->parsed += s->b.parsed;
			if (err == 0)
				err = emit_rows(s, k, (const unsigned char *)rows.ptr, rows.len);
		}
		if (s->parsed && i % 16 == 0)
			report(s);
	}
	if (nworkers) {
		pthread_mutex_lock(&s->lock);
		s->abort = 1;
		pthread_cond_broadcast(&s->changed);
		pthread_mutex_unlock(&s->lock);
		for (w = 0; w < MAX_THREADS; w++)
			if (workers[w].started)
				pthread_join(workers[w].thread, NULL);
		pthread_mutex_destroy(&s->lock);
		pthread_cond_destroy(&s->changed);
	}
	for (i = 0; i < s->nchunks; i++)
		mutu_buf_free(&s->jobs[i].rows);
	mutu_buf_free(&rows);
	if (s->out && err == 0)
		finish_file(s, tmp, have_dir ? dir_tree : &zero);
	if (s->out) {
		fclose(s->out);
		s->out = NULL;
		unlink(tmp);
	}
	return err;
}

/* The rows of a sound catalog whose directory did not change. */
static int stream_old(struct scan *s)
{
	const unsigned char *p = s->old.rows, *end = p + s->old.rows_len;
	size_t n;
	int err;

	for (; p < end; p += n) {
		if (!(n = row_size(p, end)) || decode(&s->dec, p + 4, n - 4) < 0)
			return 1;   /* checksummed yet malformed: another mutu's, rebuilt */
		if ((err = s->v->row(&s->dec.row, s->v->payload)) != 0)
			return err;
	}
	return 0;
}

int mutu_catalog_scan(mutu_store *st, const mutu_record_type *t, const mutu_catalog_visitor *v,
		      void (*progress)(const char *what, size_t done, size_t total))
{
	struct scan s = { .st = st, .t = t, .v = v, .progress = progress };
	mutu_oid dir_tree = { { 0 } };
	int have_dir, err;

	s.b = (struct builder){ .st = st, .t = t };
	while (t->summary[s.b.nsummary])
		s.b.nsummary++;
	if (s.b.nsummary > 64)
		return mutu_error_set(MUTU_EIO, _("a record type keeps at most 64 summary fields"));
	if ((err = mutu_schema_get(&s.b.schema, t->name)) < 0)
		return err;
	s.dec.t = t;
	have_dir = mutu_store_dir(&dir_tree, st, t->dir) == 0;
	mutu_error_clear();
	if (old_open(&s.old, st, t) && mutu_oid_equal(&s.old.dir_tree, &dir_tree)) {
		/* the usual case: nothing changed, the file alone answers */
		if ((err = stream_old(&s)) <= 0)
			goto out;
		if (v->restart)
			v->restart(v->payload);
		old_close(&s.old);
	}
	err = rebuild(&s, &dir_tree, have_dir);
	if (progress && s.parsed >= 1000)
		progress(_("Indexing records"), s.parsed, s.parsed);
out:
	old_close(&s.old);
	decoded_free(&s.dec);
	free(s.chunks);
	free(s.jobs);
	free(s.b.items);
	free(s.b.lens);
	if (s.hash)
		XXH3_freeState(s.hash);
	return err;
}

const mutu_summary_field *mutu_catalog_field(const mutu_record_type *t, const mutu_catalog_row *row,
					     const char *field)
{
	int i = mutu_type_summary_index(t, field);

	return i < 0 || (size_t)i >= row->nfields ? NULL : &row->fields[i];
}

/* --- what a scan could not list --- */

int mutu_catalog_problems_add(mutu_catalog_problems *ps, const mutu_catalog_row *r)
{
	mutu_catalog_problem *p;

	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 8;

		if (!(p = reallocarray(ps->v, cap, sizeof(*p))))
			return mutu_error_nomem();
		ps->v = p;
		ps->cap = cap;
	}
	p = &ps->v[ps->n];
	p->what = r->problem;
	p->blob = r->blob;
	p->path = strdup(r->path);
	p->detail = strdup(r->detail);
	if (!p->path || !p->detail) {
		free(p->path);
		free(p->detail);
		return mutu_error_nomem();
	}
	ps->n++;
	return 0;
}

void mutu_catalog_problems_clear(mutu_catalog_problems *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].path);
		free(ps->v[i].detail);
	}
	free(ps->v);
	ps->v = NULL;
	ps->n = ps->cap = 0;
}

static void warn_about(mutu_store *st, const mutu_record_type *t, const mutu_catalog_problem *p)
{
	mutu_record *rec = NULL;
	char *data = NULL;
	size_t len;

	switch (p->what) {
	case MUTU_ROW_INVALID:
	case MUTU_ROW_UNREADABLE:
		if (mutu_store_read_blob(&data, &len, st, &p->blob, MUTU_YAML_MAX_DOCUMENT) < 0) {
			char why[512];

			snprintf(why, sizeof(why), "%s", mutu_error_last());
			mutu_warn(_("%s: %s; not listed"), p->path, why);
		} else if (mutu_records_parse(&rec, t->name, data, len, p->path, 1) < 0) {
			if (p->what == MUTU_ROW_INVALID)
				mutu_warn(_("%s (listed anyway)"), mutu_error_last());
			else
				mutu_warn(_("%s; not listed"), mutu_error_last());
		}
		break;
	case MUTU_ROW_KEY_DIFFERS:
		mutu_warn(_("%s: its %s field says '%s', not what its file name says; not listed"),
			  p->path, t->key_field, p->detail);
		break;
	case MUTU_ROW_MISPLACED:
	case MUTU_ROW_NOT_A_FILE:
		mutu_warn(_("%s: %s; not listed"), p->path, _(p->detail));
		break;
	case MUTU_ROW_OK:
		break;
	}
	free(data);
	mutu_value_free(rec);
	mutu_error_clear();
}

void mutu_catalog_problems_warn(const mutu_catalog_problems *ps, mutu_store *st,
				const mutu_record_type *t)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		warn_about(st, t, &ps->v[i]);
}
