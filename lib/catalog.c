/*
 * The catalog file, all integers little-endian, strings a u32 length and
 * their bytes:
 *
 *     "mutu-catalog 1\n"  u32 header length  header  rows…  u32 CRC-32
 *
 *     header:  type  signature  dir tree id(20)  u32 chunks
 *              chunks × { name  tree id(20)  u64 offset  u64 length  u32 rows }
 *     row:     u32 length  u8 problem  path  blob id(20)  key  detail
 *              u8 fields  fields × { u8 kind  (string | u32 n  n × string) }
 *
 * A chunk is one fan-out directory ("7q") and its rows, or, named "",
 * the entries directly in the type's directory (for a fan-out type, only
 * what should not be there; for a flat type such as members, everything).
 * Offsets count from the first row. The signature names the layout, the
 * summary fields and the CRC of the schema the rows were validated with:
 * a catalog built by another mutu, or for another schema, is rebuilt.
 *
 * A scan of an unchanged directory streams the rows to the visitor while
 * computing the CRC; only at the end does it know the file was sound, so
 * if it was not, the visitor is told to forget what it got (restart) and
 * the rows come again from a rebuild. A scan of a changed directory
 * checks the old file's CRC first, then writes a new file to a temporary
 * name: chunks whose tree id did not change are copied, the others
 * rebuilt from their tree (reusing the old row of each blob that did not
 * change), and the new file is renamed over the old one.
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
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MAGIC "mutu-catalog 1\n"
#define MAGIC_LEN (sizeof(MAGIC) - 1)
#define MAX_HEADER (4u << 20)
#define MAX_ROW (MUTU_YAML_MAX_DOCUMENT + 65536)
#define MAX_CHUNKS 4096

struct chunk {
	char name[256];
	mutu_oid tree;
	uint64_t offset, length;
	uint32_t rows;
	int kept;             /* for a new file: copied from the old one */
};

/* An open catalog file and what its header says. */
struct old {
	FILE *f;
	long rows_at;         /* file offset of the first row */
	uint64_t rows_len;
	mutu_oid dir_tree;
	struct chunk *chunks;
	size_t nchunks;
};

/* A decoded row and the storage its pointers use. */
struct decoded {
	unsigned char *buf;
	size_t cap;
	mutu_catalog_row row;
	mutu_summary_field *fields;
	size_t nfields_cap;
	const char **items;
	size_t items_cap;
	size_t *lens;
	size_t lens_cap;
	char *strs;           /* NUL-terminated copies of the strings */
	size_t strs_cap;
};

/* --- small encoding helpers --- */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void put_le32(mutu_buf *b, uint32_t v)
{
	unsigned char p[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };

	mutu_buf_put(b, p, 4);
}

static void put_le64(mutu_buf *b, uint64_t v)
{
	put_le32(b, (uint32_t)v);
	put_le32(b, (uint32_t)(v >> 32));
}

static void put_str(mutu_buf *b, const char *s, size_t len)
{
	put_le32(b, (uint32_t)len);
	mutu_buf_put(b, s, len);
}

/* A cursor over bytes already read, that never reads past end. */
struct cur {
	const unsigned char *p, *end;
	int bad;
};

static uint32_t cur32(struct cur *c)
{
	uint32_t v;

	if (c->bad || c->end - c->p < 4) {
		c->bad = 1;
		return 0;
	}
	v = le32(c->p);
	c->p += 4;
	return v;
}

static uint64_t cur64(struct cur *c)
{
	uint64_t v;

	if (c->bad || c->end - c->p < 8) {
		c->bad = 1;
		return 0;
	}
	v = le64(c->p);
	c->p += 8;
	return v;
}

static unsigned cur8(struct cur *c)
{
	if (c->bad || c->p >= c->end) {
		c->bad = 1;
		return 0;
	}
	return *c->p++;
}

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

static const char *cur_str(struct cur *c, size_t *len)
{
	*len = cur32(c);
	return (const char *)cur_bytes(c, *len);
}

/* --- where the file is, and what it must have been built for --- */

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
}

/* Read exactly n bytes, adding them to *crc. */
static int read_exact(FILE *f, void *p, size_t n, uLong *crc)
{
	if (n && fread(p, 1, n, f) != n)
		return -1;
	if (crc)
		*crc = crc32(*crc, p, (uInt)n);
	return 0;
}

static void old_close(struct old *o)
{
	if (o->f)
		fclose(o->f);
	free(o->chunks);
	memset(o, 0, sizeof(*o));
}

/*
 * Open the catalog and read its header; 0 with o->f NULL when there is
 * none usable (absent, foreign, or built for something else). *crc is the
 * CRC of the bytes read so far.
 */
static int old_open(struct old *o, mutu_store *st, const mutu_record_type *t, uLong *crc)
{
	char path[4200], magic[MAGIC_LEN];
	unsigned char lenb[4], *hdr = NULL;
	mutu_buf want = MUTU_BUF_INIT;
	struct cur c;
	uint32_t hlen, n, i;
	const char *s;
	size_t slen;

	memset(o, 0, sizeof(*o));
	*crc = crc32(0, NULL, 0);
	if (catalog_path(path, sizeof(path), st, t, "") < 0 || !(o->f = fopen(path, "rb")))
		return 0;
	if (read_exact(o->f, magic, MAGIC_LEN, crc) < 0 || memcmp(magic, MAGIC, MAGIC_LEN) ||
	    read_exact(o->f, lenb, 4, crc) < 0 || (hlen = le32(lenb)) > MAX_HEADER ||
	    !(hdr = malloc(hlen ? hlen : 1)) || read_exact(o->f, hdr, hlen, crc) < 0)
		goto unusable;
	c = (struct cur){ hdr, hdr + hlen, 0 };
	s = cur_str(&c, &slen);
	if (!s || slen != strlen(t->name) || memcmp(s, t->name, slen))
		goto unusable;
	signature(&want, t);
	s = cur_str(&c, &slen);
	if (!s || want.failed || slen != want.len || memcmp(s, want.ptr, slen))
		goto unusable;
	if ((s = (const char *)cur_bytes(&c, 20)))
		memcpy(o->dir_tree.raw, s, 20);
	n = cur32(&c);
	if (c.bad || n > MAX_CHUNKS || !(o->chunks = calloc(n ? n : 1, sizeof(*o->chunks))))
		goto unusable;
	for (i = 0; i < n; i++) {
		struct chunk *k = &o->chunks[i];

		s = cur_str(&c, &slen);
		if (!s || slen >= sizeof(k->name))
			goto unusable;
		memcpy(k->name, s, slen);
		if ((s = (const char *)cur_bytes(&c, 20)))
			memcpy(k->tree.raw, s, 20);
		k->offset = cur64(&c);
		k->length = cur64(&c);
		k->rows = cur32(&c);
		if (c.bad || (i && k->offset != o->chunks[i - 1].offset + o->chunks[i - 1].length) ||
		    (!i && k->offset != 0))
			goto unusable;
		o->rows_len = k->offset + k->length;
	}
	if (c.bad || c.p != c.end)
		goto unusable;
	o->nchunks = n;
	o->rows_at = (long)(MAGIC_LEN + 4 + hlen);
	free(hdr);
	mutu_buf_free(&want);
	return 0;
unusable:
	free(hdr);
	mutu_buf_free(&want);
	old_close(o);
	return 0;
}

/* --- rows --- */

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

/* Decode the row at p (len bytes, its length field excluded): the
 * strings are copied, so p need not outlive the call. -1 if malformed. */
static int decode(struct decoded *d, const unsigned char *p, size_t len)
{
	struct cur c = { p, p + len, 0 };
	size_t slen, i, j, nitems = 0, strs = 0, nf;
	const char *s;
	char *out;

	/* the strings are copied NUL-terminated: they cannot outgrow the row */
	if (grow((void **)&d->strs, &d->strs_cap, len + 1, 1) < 0)
		return MUTU_ENOMEM;
	out = d->strs;
#define TAKE(dst) \
	do { \
		s = cur_str(&c, &slen); \
		if (!s || strs + slen + 1 > len + 1) \
			return -1; \
		memcpy(out + strs, s, slen); \
		out[strs + slen] = '\0'; \
		(dst) = out + strs; \
		strs += slen + 1; \
	} while (0)
	d->row.problem = (mutu_row_problem)cur8(&c);
	TAKE(d->row.path);
	if ((s = (const char *)cur_bytes(&c, 20)))
		memcpy(d->row.blob.raw, s, 20);
	TAKE(d->row.key);
	TAKE(d->row.detail);
	nf = cur8(&c);
	if (c.bad || d->row.problem > MUTU_ROW_NOT_A_FILE ||
	    grow((void **)&d->fields, &d->nfields_cap, nf + 1, sizeof(*d->fields)) < 0)
		return -1;
	/* first, how many list items: their arrays must not move once filled */
	{
		struct cur probe = c;

		for (i = 0; i < nf; i++) {
			unsigned kind = cur8(&probe);
			size_t k;

			if (kind == 1) {
				cur_str(&probe, &slen);
			} else if (kind == 2) {
				if ((k = cur32(&probe)) > len)
					return -1;
				nitems += k;
				for (j = 0; j < k && !probe.bad; j++)
					cur_str(&probe, &slen);
			} else if (kind != 0) {
				return -1;
			}
		}
		if (probe.bad)
			return -1;
	}
	if (grow((void **)&d->items, &d->items_cap, nitems + 1, sizeof(*d->items)) < 0 ||
	    grow((void **)&d->lens, &d->lens_cap, nitems + 1, sizeof(*d->lens)) < 0)
		return MUTU_ENOMEM;
	nitems = 0;
	for (i = 0; i < nf; i++) {
		mutu_summary_field *f = &d->fields[i];

		memset(f, 0, sizeof(*f));
		f->kind = (int)cur8(&c);
		if (f->kind == 1) {
			TAKE(f->str);
			f->len = slen;
		} else if (f->kind == 2) {
			f->nitems = cur32(&c);
			f->items = d->items + nitems;
			f->item_lens = d->lens + nitems;
			for (j = 0; j < f->nitems; j++) {
				TAKE(d->items[nitems]);
				d->lens[nitems++] = slen;
			}
		}
	}
#undef TAKE
	if (c.bad || c.p != c.end)
		return -1;
	d->row.nfields = nf;
	d->row.fields = d->fields;
	return 0;
}

static void decoded_free(struct decoded *d)
{
	free(d->buf);
	free(d->fields);
	free(d->items);
	free(d->lens);
	free(d->strs);
}

/* Read the next row of f and decode it: 1, or -1 (malformed). Its raw
 * bytes, length field first, are d->buf[0 .. *raw_len). */
static int read_row(FILE *f, struct decoded *d, uLong *crc, size_t *raw_len)
{
	unsigned char lenb[4];
	uint32_t len;
	int err;

	if (read_exact(f, lenb, 4, crc) < 0 || (len = le32(lenb)) > MAX_ROW)
		return -1;
	if ((err = grow((void **)&d->buf, &d->cap, (size_t)len + 4, 1)) < 0)
		return err;
	memcpy(d->buf, lenb, 4);
	if (read_exact(f, d->buf + 4, len, crc) < 0)
		return -1;
	*raw_len = (size_t)len + 4;
	return decode(d, d->buf + 4, len) < 0 ? -1 : 1;
}

/* Encode a row (its length first) into b. */
static void encode(mutu_buf *b, const mutu_catalog_row *r)
{
	size_t start = b->len, i, j;
	static const mutu_summary_field none;

	put_le32(b, 0);
	mutu_buf_putc(b, (char)r->problem);
	put_str(b, r->path, strlen(r->path));
	mutu_buf_put(b, r->blob.raw, 20);
	put_str(b, r->key, strlen(r->key));
	put_str(b, r->detail, strlen(r->detail));
	mutu_buf_putc(b, (char)r->nfields);
	for (i = 0; i < r->nfields; i++) {
		const mutu_summary_field *f = r->fields ? &r->fields[i] : &none;

		mutu_buf_putc(b, (char)f->kind);
		if (f->kind == 1)
			put_str(b, f->str, f->len);
		else if (f->kind == 2) {
			put_le32(b, (uint32_t)f->nitems);
			for (j = 0; j < f->nitems; j++)
				put_str(b, f->items[j], f->item_lens[j]);
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

/* --- building rows from the tree --- */

struct builder {
	mutu_store *st;
	const mutu_record_type *t;
	const mutu_schema *schema;
	size_t nsummary;
	void (*progress)(const char *what, size_t done, size_t total);
	size_t parsed;
};

/* The summary of a parsed record: strings point into rec. */
static int summarize(struct builder *b, const mutu_record *rec, mutu_summary_field *fields,
		     const char ***items, size_t **lens)
{
	size_t i, j, n = 0, items_cap = 0, lens_cap = 0;
	const mutu_value *v;
	int err;

	for (i = 0; i < b->nsummary; i++)
		if ((v = mutu_map_get(rec, b->t->summary[i])) && v->type == MUTU_SEQ)
			n += v->u.seq.len;
	if ((err = grow((void **)items, &items_cap, n + 1, sizeof(**items))) < 0 ||
	    (err = grow((void **)lens, &lens_cap, n + 1, sizeof(**lens))) < 0)
		return err;
	n = 0;
	for (i = 0; i < b->nsummary; i++) {
		mutu_summary_field *f = &fields[i];

		memset(f, 0, sizeof(*f));
		v = mutu_map_get(rec, b->t->summary[i]);
		if (v && v->type == MUTU_STR) {
			f->kind = 1;
			f->str = v->u.str;
			f->len = strlen(v->u.str);
		} else if (v && v->type == MUTU_SEQ) {
			f->kind = 2;
			f->items = *items + n;
			f->item_lens = *lens + n;
			for (j = 0; j < v->u.seq.len; j++)
				if (v->u.seq.items[j]->type == MUTU_STR) {
					(*items)[n] = v->u.seq.items[j]->u.str;
					(*lens)[n++] = strlen(v->u.seq.items[j]->u.str);
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
	const char **items = NULL;
	size_t *lens = NULL, len;
	mutu_catalog_row row = { path, "", *blob, MUTU_ROW_OK, "", 0, NULL };
	mutu_record *rec = NULL;
	char key[64];
	const char *why, *have;
	char *data = NULL;
	int err = 0;

	if (kind != MUTU_ENTRY_FILE) {
		row.problem = MUTU_ROW_NOT_A_FILE;
		row.detail = not_a_file(kind);
		encode(out, &row);
		return 0;
	}
	if (!mutu_type_place(b->t, path, key, &why)) {
		row.problem = MUTU_ROW_MISPLACED;
		row.detail = why;
		encode(out, &row);
		return 0;
	}
	row.key = key;
	if (++b->parsed % 1000 == 0 && b->progress)
		b->progress(_("Indexing records"), b->parsed, 0);
	if (mutu_store_read_blob(&data, &len, b->st, blob, MUTU_YAML_MAX_DOCUMENT) < 0 ||
	    mutu_yaml_parse(&rec, data, len, path) < 0) {
		if (mutu_error_last_code() == MUTU_ENOMEM || mutu_error_last_code() == MUTU_EIO) {
			err = mutu_error_last_code();
			goto out;
		}
		row.problem = MUTU_ROW_UNREADABLE;
		encode(out, &row);
		goto out;
	}
	have = mutu_map_str(rec, b->t->key_field);
	if (!have || strcmp(have, key) != 0) {
		row.problem = MUTU_ROW_KEY_DIFFERS;
		row.detail = have ? have : "";
	} else if (mutu_schema_validate(b->schema, rec, path) < 0) {
		row.problem = MUTU_ROW_INVALID;
	}
	mutu_error_clear();
	if ((err = summarize(b, rec, fields, &items, &lens)) < 0)
		goto out;
	row.nfields = b->nsummary;
	row.fields = fields;
	encode(out, &row);
out:
	free(items);
	free(lens);
	free(data);
	mutu_value_free(rec);
	return err;
}

/* --- scanning --- */

struct scan {
	mutu_store *st;
	const mutu_record_type *t;
	const mutu_catalog_visitor *v;
	struct builder b;
	struct old old;
	struct decoded d;     /* rows read from the old file */
	struct decoded dec;   /* the row handed to the visitor */
	FILE *out;            /* the new file, or NULL when it cannot be written */
	uLong crc;            /* of the rows written */
	uint64_t written;
	struct chunk *chunks; /* of the new file */
	size_t nchunks, cap;
	mutu_buf row;         /* one row being encoded */
	size_t front_len;     /* room kept for the header */
	int stop;             /* the visitor's non-zero return */
};

/* Hand an encoded row (length first) to the new file and the visitor. */
static int emit(struct scan *s, const unsigned char *raw, size_t len, struct chunk *k)
{
	int err;

	if (s->out) {
		if (fwrite(raw, 1, len, s->out) != len) {
			fclose(s->out);
			s->out = NULL;  /* best effort: the list goes on */
		}
		s->crc = crc32(s->crc, raw, (uInt)len);
	}
	s->written += len;
	k->length += len;
	k->rows++;
	if ((err = decode(&s->dec, raw + 4, len - 4)) < 0)
		return err == MUTU_ENOMEM ? err : mutu_error_set(MUTU_EIO, _("cannot index %s"), s->t->dir);
	if ((err = s->v->row(&s->dec.row, s->v->payload)) != 0)
		s->stop = 1;
	return err;
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

static const struct chunk *old_chunk(const struct old *o, const char *name)
{
	size_t i;

	for (i = 0; o->f && i < o->nchunks; i++)
		if (!strcmp(o->chunks[i].name, name))
			return &o->chunks[i];
	return NULL;
}

/* Copy an unchanged chunk's rows from the old file; COPY_FAILED if it
 * cannot be read after all (its CRC was checked: an I/O error). */
#define COPY_FAILED 2

static int copy_chunk(struct scan *s, const struct chunk *from, struct chunk *to)
{
	uint32_t i;
	size_t raw;
	int err;

	if (fseek(s->old.f, s->old.rows_at + (long)from->offset, SEEK_SET) < 0)
		return COPY_FAILED;
	for (i = 0; i < from->rows; i++) {
		if (read_row(s->old.f, &s->d, NULL, &raw) != 1)
			return COPY_FAILED;
		if ((err = emit(s, s->d.buf, raw, to)) != 0)
			return err;
	}
	return 0;
}

/* The entries of one chunk's tree, with the old chunk's rows to reuse. */
struct rescan {
	struct scan *s;
	struct chunk *k;
	const char *dir;          /* "offers/7q" or "offers" */
	int loose_only;           /* the "" chunk of a fan-out type: skip directories */
	const struct chunk *prev; /* the same chunk in the old file, or NULL */
	uint32_t prev_left;
	int have_prev;            /* an old row is read and waiting */
	struct decoded pd;
	size_t prev_raw;
	int err;
};

static int next_prev(struct rescan *r)
{
	if (!r->prev || r->prev_left == 0) {
		r->have_prev = 0;
		return 0;
	}
	r->prev_left--;
	r->have_prev = read_row(r->s->old.f, &r->pd, NULL, &r->prev_raw) == 1;
	if (!r->have_prev)
		r->prev_left = 0;
	return 0;
}

static int rescan_entry(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	struct rescan *r = payload;
	struct scan *s = r->s;
	char path[1024];
	int cmp = 1, err;

	if (r->loose_only && kind == MUTU_ENTRY_DIR)
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", r->dir, name) >= sizeof(path))
		snprintf(path + sizeof(path) - 4, 4, "...");
	while (r->have_prev && (cmp = strcmp(r->pd.row.path, path)) < 0)
		next_prev(r);
	if (r->have_prev && cmp == 0 && kind == MUTU_ENTRY_FILE &&
	    mutu_oid_equal(&r->pd.row.blob, id) && r->pd.row.problem != MUTU_ROW_NOT_A_FILE) {
		/* the same blob at the same path: its old row holds */
		err = emit(s, r->pd.buf, r->prev_raw, r->k);
		next_prev(r);
		return err;
	}
	mutu_buf_clear(&s->row);
	if ((err = build_row(&s->b, &s->row, path, kind, id)) < 0)
		return err;
	if ((err = mutu_buf_check(&s->row)) < 0)
		return err;
	return emit(s, (const unsigned char *)s->row.ptr, s->row.len, r->k);
}

static int rescan_chunk(struct scan *s, struct chunk *k, const char *dir, const mutu_oid *tree,
			int loose_only)
{
	struct rescan r = { s, k, dir, loose_only, old_chunk(&s->old, k->name), 0, 0,
			    { 0 }, 0, 0 };
	int err;

	if (r.prev) {
		if (fseek(s->old.f, s->old.rows_at + (long)r.prev->offset, SEEK_SET) < 0)
			r.prev = NULL;
		else
			r.prev_left = r.prev->rows;
		next_prev(&r);
	}
	err = mutu_store_list_tree(s->st, tree, rescan_entry, &r);
	decoded_free(&r.pd);
	return err;
}

struct top {
	struct scan *s;
	int err;
};

/* Each directory entry of a fan-out type's directory is a chunk. */
static int add_fanout_chunk(const char *name, mutu_entry_kind kind, const mutu_oid *id, void *payload)
{
	struct top *t = payload;

	if (kind != MUTU_ENTRY_DIR)
		return 0;
	return add_chunk(t->s, name, id) ? 0 : MUTU_ENOMEM;
}

/* The new file's header, into b. */
static void header(mutu_buf *b, const struct scan *s, const mutu_oid *dir_tree)
{
	mutu_buf sig = MUTU_BUF_INIT;
	size_t i;

	put_str(b, s->t->name, strlen(s->t->name));
	signature(&sig, s->t);
	put_str(b, mutu_buf_cstr(&sig), sig.len);
	mutu_buf_free(&sig);
	mutu_buf_put(b, dir_tree->raw, 20);
	put_le32(b, (uint32_t)s->nchunks);
	for (i = 0; i < s->nchunks; i++) {
		const struct chunk *k = &s->chunks[i];

		put_str(b, k->name, strlen(k->name));
		mutu_buf_put(b, k->tree.raw, 20);
		put_le64(b, k->offset);
		put_le64(b, k->length);
		put_le32(b, k->rows);
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

static FILE *open_new(mutu_store *st, const mutu_record_type *t, char *tmp, size_t size)
{
	char dir[4200], suffix[64];

	snprintf(dir, sizeof(dir), "%smutu", mutu_store_git_dir(st));
	mkdir(dir, 0777);
	snprintf(dir, sizeof(dir), "%smutu/catalog", mutu_store_git_dir(st));
	mkdir(dir, 0777);
	sweep_temporaries(dir);
	snprintf(suffix, sizeof(suffix), ".tmp.%ld", (long)getpid());
	if (catalog_path(tmp, size, st, t, suffix) < 0)
		return NULL;
	return fopen(tmp, "wb");
}

/* Stream the rows of a catalog whose directory did not change. 1 if the
 * file proved sound, 0 if not (the visitor was told to restart). */
static int stream_old(struct scan *s, uLong crc)
{
	unsigned char tail[4];
	uint64_t done = 0;
	size_t raw;
	int err;

	while (done < s->old.rows_len) {
		if (read_row(s->old.f, &s->d, &crc, &raw) != 1)
			goto damaged;
		done += raw;
		if ((err = s->v->row(&s->d.row, s->v->payload)) != 0) {
			s->stop = 1;
			return err;
		}
	}
	if (done != s->old.rows_len || read_exact(s->old.f, tail, 4, NULL) < 0 ||
	    le32(tail) != (uint32_t)crc || fgetc(s->old.f) != EOF)
		goto damaged;
	return 1;
damaged:
	if (s->v->restart)
		s->v->restart(s->v->payload);
	return 0;
}

/* Whether the whole old file is sound (before reusing parts of it). */
static int old_sound(struct old *o, uLong crc)
{
	unsigned char chunk[65536], tail[4];
	uint64_t left = o->rows_len;
	size_t n;

	while (left > 0) {
		n = left < sizeof(chunk) ? (size_t)left : sizeof(chunk);
		if (read_exact(o->f, chunk, n, &crc) < 0)
			return 0;
		left -= n;
	}
	return read_exact(o->f, tail, 4, NULL) == 0 && le32(tail) == (uint32_t)crc &&
	       fgetc(o->f) == EOF;
}

/* The magic, the header's length and the header: the file's first bytes. */
static void front(mutu_buf *b, const struct scan *s, const mutu_oid *dir_tree)
{
	mutu_buf h = MUTU_BUF_INIT;

	header(&h, s, dir_tree);
	mutu_buf_put(b, MAGIC, MAGIC_LEN);
	put_le32(b, (uint32_t)h.len);
	mutu_buf_put(b, h.ptr, h.len);
	mutu_buf_free(&h);
}

/* Put the real header where room was kept for it, the CRC at the end,
 * and the file in place. Best effort: a failure only costs time later. */
static void finish_file(struct scan *s, const char *tmp, const mutu_oid *dir_tree)
{
	mutu_buf f = MUTU_BUF_INIT;
	unsigned char tail[4];
	char path[4200];
	uint32_t crc;
	int ok;

	front(&f, s, dir_tree);
	crc = (uint32_t)crc32_combine(crc32(0, (const Bytef *)f.ptr, (uInt)f.len), s->crc,
				      (z_off_t)s->written);
	tail[0] = (unsigned char)crc;
	tail[1] = (unsigned char)(crc >> 8);
	tail[2] = (unsigned char)(crc >> 16);
	tail[3] = (unsigned char)(crc >> 24);
	ok = !f.failed && f.len == s->front_len && fwrite(tail, 1, 4, s->out) == 4 &&
	     fseek(s->out, 0, SEEK_SET) == 0 && fwrite(f.ptr, 1, f.len, s->out) == f.len;
	ok = fclose(s->out) == 0 && ok;
	s->out = NULL;
	if (!ok || catalog_path(path, sizeof(path), s->st, s->t, "") < 0 || rename(tmp, path) < 0)
		unlink(tmp);
	mutu_buf_free(&f);
}

/* The chunk of the old file named name, looked for from a cursor: both
 * files list chunks in the same order. */
static const struct chunk *old_chunk_at(const struct old *o, const char *name, size_t *cursor)
{
	const struct chunk *k;

	if (*cursor < o->nchunks && !strcmp(o->chunks[*cursor].name, name))
		return &o->chunks[(*cursor)++];
	if ((k = old_chunk(o, name)))
		*cursor = (size_t)(k - o->chunks) + 1;
	return k;
}

/* Write a new catalog of the directory (dir_tree), reusing what the old
 * one (if any) still says; rows go to the visitor as they are written. */
static int rebuild(struct scan *s, const mutu_oid *dir_tree, int have_dir)
{
	static const mutu_oid zero;
	mutu_buf room = MUTU_BUF_INIT;
	struct top top = { s, 0 };
	char tmp[4200], sub[600];
	size_t i, cursor = 0;
	int err = 0;

	s->nchunks = 0;
	s->written = 0;
	s->crc = crc32(0, NULL, 0);
	/* the entries directly in the directory first, then each fan-out one */
	if (have_dir && !add_chunk(s, "", dir_tree))
		return MUTU_ENOMEM;
	if (have_dir && s->t->layout == MUTU_LAYOUT_FANOUT &&
	    (err = mutu_store_list_tree(s->st, dir_tree, add_fanout_chunk, &top)) < 0)
		return err;
	/* the header's size is known now; its numbers come at the end */
	front(&room, s, have_dir ? dir_tree : &zero);
	s->front_len = room.len;
	if ((s->out = open_new(s->st, s->t, tmp, sizeof(tmp))) &&
	    (room.failed || fwrite(room.ptr, 1, room.len, s->out) != room.len)) {
		fclose(s->out);
		s->out = NULL;
		unlink(tmp);
	}
	mutu_buf_free(&room);
	for (i = 0; i < s->nchunks && err == 0; i++) {
		struct chunk *k = &s->chunks[i];
		const struct chunk *was = old_chunk_at(&s->old, k->name, &cursor);

		k->offset = s->written;
		if (!*k->name)
			err = rescan_chunk(s, k, s->t->dir, dir_tree,
					   s->t->layout == MUTU_LAYOUT_FANOUT);
		else if (was && mutu_oid_equal(&was->tree, &k->tree))
			err = copy_chunk(s, was, k);
		else if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", s->t->dir, k->name) < sizeof(sub))
			err = rescan_chunk(s, k, sub, &k->tree, 0);
	}
	if (s->out && err == 0)
		finish_file(s, tmp, have_dir ? dir_tree : &zero);
	if (s->out) {
		fclose(s->out);
		s->out = NULL;
		unlink(tmp);
	}
	return err;
}

int mutu_catalog_scan(mutu_store *st, const mutu_record_type *t, const mutu_catalog_visitor *v,
		      void (*progress)(const char *what, size_t done, size_t total))
{
	struct scan s = { .st = st, .t = t, .v = v, .row = MUTU_BUF_INIT };
	mutu_oid dir_tree = { { 0 } };
	uLong crc;
	int have_dir, err;

	s.b = (struct builder){ st, t, NULL, 0, progress, 0 };
	while (t->summary[s.b.nsummary])
		s.b.nsummary++;
	if (s.b.nsummary > 64)
		return mutu_error_set(MUTU_EIO, _("a record type keeps at most 64 summary fields"));
	if ((err = mutu_schema_get(&s.b.schema, t->name)) < 0)
		return err;
	have_dir = mutu_store_dir(&dir_tree, st, t->dir) == 0;
	mutu_error_clear();
	old_open(&s.old, st, t, &crc);
	if (s.old.f && mutu_oid_equal(&s.old.dir_tree, &dir_tree)) {
		/* the usual case: nothing changed, the file alone answers */
		if ((err = stream_old(&s, crc)) != 0)
			goto out;      /* 1: sound; else the visitor stopped */
		old_close(&s.old);     /* damaged: rebuilt from the tree */
	} else if (s.old.f && !old_sound(&s.old, crc)) {
		old_close(&s.old);
	}
	err = rebuild(&s, &dir_tree, have_dir);
	if (err == COPY_FAILED) {
		/* the old file went bad under us after rows were handed out */
		if (v->restart)
			v->restart(v->payload);
		old_close(&s.old);
		err = rebuild(&s, &dir_tree, have_dir);
	}
out:
	if (err == 1)
		err = 0;
	old_close(&s.old);
	decoded_free(&s.d);
	decoded_free(&s.dec);
	free(s.chunks);
	mutu_buf_free(&s.row);
	if (progress && s.b.parsed >= 1000)
		progress(_("Indexing records"), s.b.parsed, s.b.parsed);
	return err;
}

const mutu_summary_field *mutu_catalog_field(const mutu_record_type *t, const mutu_catalog_row *row,
					     const char *field)
{
	int i = mutu_type_summary_index(t, field);

	return i < 0 || (size_t)i >= row->nfields ? NULL : &row->fields[i];
}
