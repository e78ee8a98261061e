/*
 * The index file, as Documentation/gitformat-index.txt describes it:
 *
 *     "DIRC" version(4) count(4)  entries…  extensions…  SHA-1(20)
 *
 * An entry is 62 bytes of stat data, object id and flags (64 with v3's
 * extended flags), then its path: NUL-terminated and padded to a multiple
 * of 8 in v2 and v3; in v4 a varint saying how many bytes of the previous
 * path to drop, then the rest of the path NUL-terminated, unpadded.
 *
 * Reading maps the file and decodes every entry's offset, length, stage
 * and full path once (a v4 path is rebuilt from its predecessor). Writing
 * merges the sorted entries with the sorted changes: entries left alone
 * are copied byte for byte (v4 ones re-encoded, since their predecessor
 * may change), then the extensions are filtered, and the SHA-1 of it all
 * is appended.
 */
#include "gitindex.h"

#include "buf.h"
#include "error.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HEADER_SIZE 12
#define HASH_SIZE 20
#define STAT_SIZE 62     /* stat data, object id and flags */
#define FLAG_EXTENDED 0x4000u
#define NAME_MASK 0x0fffu

struct entry {
	size_t off, len;     /* where its bytes are in the file */
	const char *path;    /* into the map (v2, v3) or the arena (v4) */
	size_t path_len;
	unsigned stage;
};

struct mutu_gitindex {
	unsigned char *map;
	size_t size;
	uint32_t version;
	struct entry *entries;
	size_t n;
	char *arena;           /* v4 paths, one after the other */
	size_t ext_off;        /* where the extensions start */
	struct timespec mtime; /* of the file, for racily-clean checks */
};

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int corrupt(const char *path, const char *why)
{
	return mutu_error_set(MUTU_EIO, _("%s: not an index mutu can read (%s); 'git status' rebuilds or reports it"),
			      path, _(why));
}

/* git's varint (varint.c): 7 bits a byte, each continuation adding one. */
static int get_varint(const unsigned char **p, const unsigned char *end, size_t *out)
{
	const unsigned char *q = *p;
	size_t v;
	unsigned char c;

	if (q >= end)
		return -1;
	c = *q++;
	v = c & 127;
	while (c & 128) {
		if (q >= end || v > (SIZE_MAX >> 8))
			return -1;
		v += 1;
		c = *q++;
		v = (v << 7) + (c & 127);
	}
	*p = q;
	*out = v;
	return 0;
}

static size_t put_varint(unsigned char *out, size_t v)
{
	unsigned char tmp[16];
	size_t pos = sizeof(tmp) - 1;

	tmp[pos] = v & 127;
	while (v >>= 7)
		tmp[--pos] = 128 | (--v & 127);
	memcpy(out, tmp + pos, sizeof(tmp) - pos);
	return sizeof(tmp) - pos;
}

static int decode_entries(mutu_gitindex *ix, const char *path, uint32_t count)
{
	const unsigned char *p = ix->map + HEADER_SIZE, *end = ix->map + ix->size - HASH_SIZE;
	size_t i, arena_len = 0, prev_len = 0;
	const char *prev = "";

	if (count > (ix->size / STAT_SIZE) + 1)
		return corrupt(path, N_("entry count"));
	if (count && !(ix->entries = calloc(count, sizeof(*ix->entries))))
		return mutu_error_nomem();
	if (ix->version == 4 && !(ix->arena = malloc(ix->size)))
		return mutu_error_nomem();  /* rebuilt paths never outgrow the file */
	for (i = 0; i < count; i++) {
		struct entry *e = &ix->entries[i];
		size_t fixed = STAT_SIZE, name_len;
		unsigned flags;

		if ((size_t)(end - p) < STAT_SIZE + 1)
			return corrupt(path, N_("truncated entry"));
		flags = (unsigned)p[60] << 8 | p[61];
		if (flags & FLAG_EXTENDED) {
			if (ix->version < 3)
				return corrupt(path, N_("extended flags in a version 2 index"));
			fixed += 2;
		}
		e->off = (size_t)(p - ix->map);
		e->stage = (flags >> 12) & 3;
		if (ix->version == 4) {
			const unsigned char *q = p + fixed, *nul;
			size_t drop, suffix;

			if (get_varint(&q, end, &drop) < 0 || drop > prev_len ||
			    !(nul = memchr(q, '\0', (size_t)(end - q))))
				return corrupt(path, N_("bad path"));
			suffix = (size_t)(nul - q);
			name_len = prev_len - drop + suffix;
			if (arena_len + name_len + 1 > ix->size)
				return corrupt(path, N_("bad path"));
			memmove(ix->arena + arena_len, prev, prev_len - drop);
			memcpy(ix->arena + arena_len + prev_len - drop, q, suffix);
			ix->arena[arena_len + name_len] = '\0';
			e->path = ix->arena + arena_len;
			arena_len += name_len + 1;
			e->len = (size_t)(nul + 1 - p);
		} else {
			const unsigned char *nul = memchr(p + fixed, '\0', (size_t)(end - p - fixed));

			if (!nul)
				return corrupt(path, N_("bad path"));
			e->path = (const char *)p + fixed;
			name_len = (size_t)(nul - (p + fixed));
			/* padded with 1 to 8 NULs to a multiple of 8 */
			e->len = (fixed + name_len + 8) & ~(size_t)7;
			if (e->len > (size_t)(end - p))
				return corrupt(path, N_("truncated entry"));
		}
		e->path_len = name_len;
		prev = e->path;
		prev_len = name_len;
		p += e->len;
	}
	ix->n = count;
	ix->ext_off = (size_t)(p - ix->map);
	return 0;
}

int mutu_gitindex_read(mutu_gitindex **out, const char *path)
{
	mutu_gitindex *ix = calloc(1, sizeof(*ix));
	struct stat sb;
	int fd, err;

	*out = NULL;
	if (!ix)
		return mutu_error_nomem();
	ix->version = 2;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT) {
			*out = ix;   /* a fresh repository has no index yet */
			return 0;
		}
		free(ix);
		return mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) < 0) {
		err = mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(errno));
		goto fail;
	}
	ix->mtime = sb.st_mtim;
	ix->size = (size_t)sb.st_size;
	if (ix->size < HEADER_SIZE + HASH_SIZE) {
		err = corrupt(path, N_("too short"));
		goto fail;
	}
	ix->map = mmap(NULL, ix->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (ix->map == MAP_FAILED) {
		ix->map = NULL;
		err = mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(errno));
		goto fail;
	}
	close(fd);
	fd = -1;
	ix->version = get32(ix->map + 4);
	if (memcmp(ix->map, "DIRC", 4) != 0 || ix->version < 2 || ix->version > 4) {
		err = corrupt(path, N_("signature or version"));
		goto fail;
	}
	if ((err = decode_entries(ix, path, get32(ix->map + 8))) < 0)
		goto fail;
	*out = ix;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	mutu_gitindex_free(ix);
	return err;
}

void mutu_gitindex_free(mutu_gitindex *ix)
{
	if (!ix)
		return;
	if (ix->map)
		munmap(ix->map, ix->size);
	free(ix->entries);
	free(ix->arena);
	free(ix);
}

/* Git's order: by path bytes, a shorter path first, then by stage. */
static int compare_path(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

/* The first entry whose path is not below path. */
static size_t lower_bound(const mutu_gitindex *ix, const char *path, size_t len)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (compare_path(ix->entries[mid].path, ix->entries[mid].path_len, path, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void mutu_gitindex_lookup(mutu_gitindex_entry *out, const mutu_gitindex *ix, const char *path)
{
	size_t len = strlen(path), i;

	memset(out, 0, sizeof(*out));
	for (i = lower_bound(ix, path, len); i < ix->n; i++) {
		const struct entry *e = &ix->entries[i];
		const unsigned char *p = ix->map + e->off;

		if (compare_path(e->path, e->path_len, path, len) != 0)
			break;
		if (e->stage) {
			out->conflicted = 1;
			continue;
		}
		out->present = 1;
		out->mtime_sec = get32(p + 8);
		out->mtime_nsec = get32(p + 12);
		out->ino = get32(p + 20);
		out->mode = get32(p + 24);
		out->size = get32(p + 36);
		memcpy(out->id.raw, p + 40, 20);
	}
}

int mutu_gitindex_stat_clean(const mutu_gitindex *ix, const mutu_gitindex_entry *e,
			     const struct stat *sb)
{
	return e->present && (uint32_t)sb->st_size == e->size &&
	       (uint32_t)sb->st_mtim.tv_sec == e->mtime_sec &&
	       (uint32_t)sb->st_mtim.tv_nsec == e->mtime_nsec && (uint32_t)sb->st_ino == e->ino &&
	       /* racily clean: written in the index's own second, so verify */
	       (time_t)e->mtime_sec < ix->mtime.tv_sec;
}

/* --- writing --- */

struct writer {
	FILE *f;
	/* libcrypto's SHA-1 uses the processor's SHA extensions: the trailer
	 * of a 12 MB index (100k records) costs a few milliseconds, where a
	 * portable one cost half of every write */
	EVP_MD_CTX *sha;
	const mutu_gitindex *ix;
	mutu_buf prev;        /* the last path written (v4 compresses against it) */
	int failed;
};

static void put(struct writer *w, const void *p, size_t n)
{
	if (w->failed)
		return;
	if (n && (fwrite(p, 1, n, w->f) != n || EVP_DigestUpdate(w->sha, p, n) != 1))
		w->failed = 1;
}

/* The path part of an entry: padded (v2, v3) or prefix-compressed (v4). */
static void put_path(struct writer *w, const char *path, size_t len, size_t fixed)
{
	static const unsigned char zeros[8];
	unsigned char v[16];
	size_t common = 0;

	if (w->ix->version == 4) {
		while (common < len && common < w->prev.len && path[common] == w->prev.ptr[common])
			common++;
		put(w, v, put_varint(v, w->prev.len - common));
		put(w, path + common, len - common);
		put(w, zeros, 1);
		mutu_buf_clear(&w->prev);
		mutu_buf_put(&w->prev, path, len);
		return;
	}
	put(w, path, len);
	put(w, zeros, ((fixed + len + 8) & ~(size_t)7) - fixed - len);
}

static void put_old(struct writer *w, const struct entry *e)
{
	const unsigned char *p = w->ix->map + e->off;

	if (w->ix->version != 4) {
		put(w, p, e->len);
		return;
	}
	{
		size_t fixed = (((unsigned)p[60] << 8 | p[61]) & FLAG_EXTENDED) ? STAT_SIZE + 2 : STAT_SIZE;

		put(w, p, fixed);
		put_path(w, e->path, e->path_len, fixed);
	}
}

static void put_new(struct writer *w, const mutu_gitindex_change *c)
{
	unsigned char e[STAT_SIZE];
	size_t len = strlen(c->path);
	const struct stat *sb = &c->sb;

	put32(e, (uint32_t)sb->st_ctim.tv_sec);
	put32(e + 4, (uint32_t)sb->st_ctim.tv_nsec);
	put32(e + 8, (uint32_t)sb->st_mtim.tv_sec);
	put32(e + 12, (uint32_t)sb->st_mtim.tv_nsec);
	put32(e + 16, (uint32_t)sb->st_dev);
	put32(e + 20, (uint32_t)sb->st_ino);
	put32(e + 24, 0100644);
	put32(e + 28, (uint32_t)sb->st_uid);
	put32(e + 32, (uint32_t)sb->st_gid);
	put32(e + 36, (uint32_t)sb->st_size);
	memcpy(e + 40, c->id.raw, 20);
	e[60] = (unsigned char)((len < NAME_MASK ? len : NAME_MASK) >> 8);
	e[61] = (unsigned char)(len < NAME_MASK ? len : NAME_MASK);
	put(w, e, sizeof(e));
	put_path(w, c->path, len, STAT_SIZE);
}

/* The directories holding a changed path ("", "offers", "offers/7q"),
 * sorted and distinct: the cached trees that no longer hold. */
struct dirs {
	char **v;
	size_t n;
};

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int dirs_collect(struct dirs *d, const mutu_gitindex_change *changes, size_t n)
{
	size_t i, k = 0, cap = 0;

	for (i = 0; i < n; i++) {
		const char *s;

		for (s = changes[i].path; (s = strchr(s, '/')); s++)
			cap++;
		cap++;
	}
	if (!(d->v = calloc(cap ? cap : 1, sizeof(*d->v))))
		return mutu_error_nomem();
	for (i = 0; i < n; i++) {
		const char *p = changes[i].path, *s;

		if (!(d->v[k++] = strdup("")))
			return mutu_error_nomem();
		for (s = p; (s = strchr(s, '/')); s++)
			if (!(d->v[k++] = strndup(p, (size_t)(s - p))))
				return mutu_error_nomem();
	}
	qsort(d->v, k, sizeof(*d->v), compare_str);
	d->n = 0;
	for (i = 0; i < k; i++) {
		if (d->n && !strcmp(d->v[d->n - 1], d->v[i])) {
			free(d->v[i]);
			continue;
		}
		d->v[d->n++] = d->v[i];
	}
	return 0;
}

static void dirs_free(struct dirs *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
}

static int dirs_has(const struct dirs *d, const char *dir)
{
	return bsearch(&dir, d->v, d->n, sizeof(*d->v), compare_str) != NULL;
}

/* A decimal number ended by stop; -1 for "-1". */
static int get_count(const unsigned char **p, const unsigned char *end, char stop, long *out)
{
	const unsigned char *q = *p;
	long v = 0;
	int neg = 0;

	if (q < end && *q == '-')
		neg = 1, q++;
	if (q >= end || *q < '0' || *q > '9')
		return -1;
	while (q < end && *q >= '0' && *q <= '9' && v < 1000000000)
		v = v * 10 + (*q++ - '0');
	if (q >= end || *q != stop)
		return -1;
	*p = q + 1;
	*out = neg ? -v : v;
	return 0;
}

/*
 * One node of the cached trees, and its subtrees, copied to out with the
 * nodes on a changed path invalidated (entry count -1, no id), which is
 * what git's cache_tree_invalidate_path does.
 */
static int tree_node(mutu_buf *out, const unsigned char **p, const unsigned char *end,
		     mutu_buf *path, const struct dirs *touched, int depth)
{
	const unsigned char *nul = memchr(*p, '\0', (size_t)(end - *p));
	size_t mark = path->len;
	long count, subtrees, i;
	int err;

	if (!nul || depth > 256)
		return -1;
	if (depth > 0) {
		if (path->len)
			mutu_buf_putc(path, '/');
		mutu_buf_put(path, *p, (size_t)(nul - *p));
	}
	mutu_buf_put(out, *p, (size_t)(nul - *p) + 1);
	*p = nul + 1;
	if (get_count(p, end, ' ', &count) < 0 || get_count(p, end, '\n', &subtrees) < 0 ||
	    subtrees < 0)
		return -1;
	if (count >= 0 && (size_t)(end - *p) < 20)
		return -1;
	if (count >= 0 && !dirs_has(touched, mutu_buf_cstr(path))) {
		mutu_buf_printf(out, "%ld %ld\n", count, subtrees);
		mutu_buf_put(out, *p, 20);
	} else {
		mutu_buf_printf(out, "-1 %ld\n", subtrees);
	}
	if (count >= 0)
		*p += 20;
	for (i = 0; i < subtrees; i++)
		if ((err = tree_node(out, p, end, path, touched, depth + 1)) < 0)
			return err;
	path->len = mark;
	if (path->ptr)
		path->ptr[mark] = '\0';
	return 0;
}

static int put_extensions(struct writer *w, const mutu_gitindex_change *changes, size_t n,
			  const char *name)
{
	const unsigned char *p, *end;
	struct dirs touched = { NULL, 0 };
	int err = 0;

	if (!w->ix->map)
		return 0;   /* a new index has no extensions */
	p = w->ix->map + w->ix->ext_off;
	end = w->ix->map + w->ix->size - HASH_SIZE;
	while (p < end && err == 0) {
		const unsigned char *data = p + 8;
		uint32_t len;

		if ((size_t)(end - p) < 8 || (len = get32(p + 4)) > (size_t)(end - data))
			return corrupt(name, N_("truncated extension"));
		if (!memcmp(p, "TREE", 4)) {
			mutu_buf tree = MUTU_BUF_INIT, path = MUTU_BUF_INIT;
			const unsigned char *q = data;
			unsigned char hdr[8];

			if (!touched.v && (err = dirs_collect(&touched, changes, n)) < 0)
				break;
			if (len && tree_node(&tree, &q, data + len, &path, &touched, 0) < 0)
				err = corrupt(name, N_("bad cached trees"));
			else if ((err = mutu_buf_check(&tree)) == 0) {
				memcpy(hdr, "TREE", 4);
				put32(hdr + 4, (uint32_t)tree.len);
				put(w, hdr, 8);
				put(w, tree.ptr, tree.len);
			}
			mutu_buf_free(&tree);
			mutu_buf_free(&path);
		} else if (!memcmp(p, "REUC", 4)) {
			put(w, p, 8 + (size_t)len);
		} else if (!memcmp(p, "link", 4)) {
			err = mutu_error_set(MUTU_EIO, _("%s is a split index, which mutu cannot update; run 'git update-index --no-split-index'"),
					     name);
		} else if (!memcmp(p, "sdir", 4)) {
			err = mutu_error_set(MUTU_EIO, _("%s is a sparse index, which mutu cannot update; run 'git sparse-checkout disable' or 'git config index.sparse false'"),
					     name);
		} else if (p[0] >= 'a' && p[0] <= 'z') {
			err = mutu_error_set(MUTU_EIO, _("%s needs the index extension '%.4s', which mutu does not know"),
					     name, (const char *)p);
		}
		/* other optional extensions describe the old entries: dropped */
		p = data + len;
	}
	dirs_free(&touched);
	return err;
}

int mutu_gitindex_write(const mutu_gitindex *ix, const mutu_gitindex_change *changes, size_t n,
			const char *out_path)
{
	struct writer w = { .ix = ix, .prev = MUTU_BUF_INIT };
	unsigned char hdr[HEADER_SIZE], hash[HASH_SIZE];
	size_t i = 0, c = 0, count = ix->n;
	char name[4200];
	int err = 0;

	snprintf(name, sizeof(name), "%s", out_path);
	/* the count comes first in the file: work it out before writing */
	for (c = 0; c < n; c++) {
		mutu_gitindex_entry e;

		mutu_gitindex_lookup(&e, ix, changes[c].path);
		if (e.conflicted)
			return mutu_error_set(MUTU_ETEMP, _("%s has merge conflicts in the index; resolve them first"),
					      changes[c].path);
		if (e.present && changes[c].remove)
			count--;
		else if (!e.present && !changes[c].remove)
			count++;
	}
	if (!(w.f = fopen(out_path, "w")))
		return mutu_error_set(MUTU_EIO, "%s: %s", out_path, strerror(errno));
	if (!(w.sha = EVP_MD_CTX_new()) || EVP_DigestInit_ex(w.sha, EVP_sha1(), NULL) != 1)
		w.failed = 1;
	memcpy(hdr, "DIRC", 4);
	put32(hdr + 4, ix->version);
	put32(hdr + 8, (uint32_t)count);
	put(&w, hdr, sizeof(hdr));
	for (c = 0; c <= n; c++) {
		const char *cp = c < n ? changes[c].path : NULL;
		size_t cl = cp ? strlen(cp) : 0;
		int cmp = 1;

		/* entries before the change, or all that remain */
		while (i < ix->n && (!cp || (cmp = compare_path(ix->entries[i].path,
							       ix->entries[i].path_len, cp, cl)) < 0)) {
			put_old(&w, &ix->entries[i]);
			i++;
		}
		if (!cp)
			break;
		if (cmp == 0)
			i++;   /* the stage-0 entry being replaced or removed */
		if (!changes[c].remove)
			put_new(&w, &changes[c]);
	}
	if (!w.failed)
		err = put_extensions(&w, changes, n, name);
	if (err == 0 && (w.failed || EVP_DigestFinal_ex(w.sha, hash, NULL) != 1))
		w.failed = 1;
	if (err == 0 && !w.failed && fwrite(hash, 1, sizeof(hash), w.f) != sizeof(hash))
		w.failed = 1;
	if (fclose(w.f) != 0)
		w.failed = 1;
	EVP_MD_CTX_free(w.sha);
	mutu_buf_free(&w.prev);
	if (err == 0 && w.failed)
		err = mutu_error_set(MUTU_EIO, _("%s: cannot write the index: %s"), out_path,
				     strerror(errno));
	if (err < 0)
		unlink(out_path);
	return err;
}
