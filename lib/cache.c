/*
 * File format, one record per line, fields separated by tabs:
 *
 *     key blob-hex flags id status kind author created updated title tags
 *
 * Free-text fields are escaped as in tsv output (\t \n \r \\). The first
 * line is "mutu-cache 1"; a file with another first line is ignored.
 *
 * The new file is written lazily: while every walked record matches the
 * old file line for line, nothing is written; at the first difference the
 * old file's matching prefix is copied and the rest is written out, to a
 * temporary file renamed over the old one at the end.
 */
#include "cache.h"

#include "buf.h"
#include "error.h"
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAGIC "mutu-cache 1\n"
#define NFIELDS 11

struct mutu_cache {
	char path[4096], tmp[4200];
	FILE *old;            /* the previous cache, read sequentially, or NULL */
	long old_pos;         /* offset of the current old line's start */
	char *line;           /* the current old line (fields split in place) */
	size_t line_cap;
	char *fields[NFIELDS];
	int have_line;        /* fields hold an old line not yet consumed */
	FILE *out;            /* the new cache, once it differs */
	long same_upto;       /* old bytes equal to the new file so far */
	mutu_buf unescaped;   /* storage for the strings of a hit */
	int diverged;
};

static int mkdirs_for(char *path)
{
	char *slash;

	for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			*slash = '/';
			return -1;
		}
		*slash = '/';
	}
	return 0;
}

/* Read the next old line into fields; 0 at the end or on a bad line. */
static int next_old(mutu_cache *c)
{
	ssize_t n;
	char *p;
	int i;

	c->have_line = 0;
	if (!c->old)
		return 0;
	c->old_pos = ftell(c->old);  /* at the end of file, the file's size */
	if ((n = getline(&c->line, &c->line_cap, c->old)) <= 0 || c->line[n - 1] != '\n')
		goto end;
	c->line[n - 1] = '\0';
	for (i = 0, p = c->line; i < NFIELDS; i++) {
		c->fields[i] = p;
		p = strchr(p, '\t');
		if (i < NFIELDS - 1) {
			if (!p)
				goto end;
			*p++ = '\0';
		}
	}
	if (p)
		goto end;
	c->have_line = 1;
	return 1;
end:
	/* a torn or foreign file: treat the rest as absent */
	fclose(c->old);
	c->old = NULL;
	return 0;
}

int mutu_cache_open(mutu_cache **out, mutu_store *st, const char *dir)
{
	mutu_cache *c = calloc(1, sizeof(*c));
	char magic[sizeof(CACHE_MAGIC)];

	*out = NULL;
	if (!c)
		return mutu_error_nomem();
	snprintf(c->path, sizeof(c->path), "%smutu/cache/%s", mutu_store_git_dir(st), dir);
	snprintf(c->tmp, sizeof(c->tmp), "%s.%ld.tmp", c->path, (long)getpid());
	c->old = fopen(c->path, "r");
	if (c->old && (!fgets(magic, sizeof(magic), c->old) || strcmp(magic, CACHE_MAGIC))) {
		fclose(c->old);
		c->old = NULL;
	}
	next_old(c);
	*out = c;
	return 0;
}

/* The new file starts differing here: copy the old prefix, then go on. */
static void diverge(mutu_cache *c)
{
	FILE *old;
	char chunk[65536];
	long left = c->same_upto;
	size_t n;

	if (c->diverged)
		return;
	c->diverged = 1;
	if (mkdirs_for(c->path) < 0 || !(c->out = fopen(c->tmp, "w")))
		return;
	fputs(CACHE_MAGIC, c->out);
	if (left <= (long)strlen(CACHE_MAGIC) || !(old = fopen(c->path, "r")))
		return;
	fseek(old, (long)strlen(CACHE_MAGIC), SEEK_SET);
	left -= (long)strlen(CACHE_MAGIC);
	while (left > 0 && (n = fread(chunk, 1, left < (long)sizeof(chunk) ? (size_t)left : sizeof(chunk), old)) > 0) {
		fwrite(chunk, 1, n, c->out);
		left -= (long)n;
	}
	fclose(old);
}

static void unescape(mutu_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			mutu_buf_putc(b, *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s);
		} else {
			mutu_buf_putc(b, *s);
		}
	}
	mutu_buf_putc(b, '\0');
}

static void write_line(mutu_cache *c, const char *key, const mutu_oid *blob, const mutu_summary *s)
{
	const char *text[] = { s->id, s->status, s->kind, s->author, s->created, s->updated,
			       s->title, s->tags };
	mutu_buf line = MUTU_BUF_INIT;
	char hex[41];
	size_t i;

	if (!c->out)
		return;
	mutu_oid_fmt(hex, blob);
	mutu_buf_printf(&line, "%s\t%s\t%u", key, hex, s->flags);
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		mutu_buf_putc(&line, '\t');
		mutu_output_tsv_field(&line, text[i] ? text[i] : "");
	}
	mutu_buf_putc(&line, '\n');
	if (!line.failed)
		fwrite(line.ptr, 1, line.len, c->out);
	mutu_buf_free(&line);
}

int mutu_cache_lookup(mutu_cache *c, const char *key, const mutu_oid *blob, mutu_summary *out)
{
	const char **dst[] = { &out->id, &out->status, &out->kind, &out->author, &out->created,
			       &out->updated, &out->title, &out->tags };
	size_t offs[8], i;
	char hex[41];

	/* old entries before key are records that no longer exist */
	while (c->have_line && strcmp(c->fields[0], key) < 0) {
		diverge(c);
		next_old(c);
	}
	if (!c->have_line || strcmp(c->fields[0], key) != 0)
		return 0;
	mutu_oid_fmt(hex, blob);
	if (strcmp(c->fields[1], hex) != 0) {
		next_old(c);     /* changed: the caller parses it and puts it */
		return 0;
	}
	mutu_buf_clear(&c->unescaped);
	for (i = 0; i < 8; i++) {
		offs[i] = c->unescaped.len;
		unescape(&c->unescaped, c->fields[3 + i]);
	}
	if (c->unescaped.failed)
		return 0;
	for (i = 0; i < 8; i++)
		*dst[i] = c->unescaped.ptr + offs[i];
	out->flags = (unsigned)strtoul(c->fields[2], NULL, 10);
	write_line(c, key, blob, out);
	next_old(c);
	/* old_pos is now the end of the line just matched (or of the file) */
	if (!c->diverged)
		c->same_upto = c->old_pos;
	return 1;
}

int mutu_cache_put(mutu_cache *c, const char *key, const mutu_oid *blob, const mutu_summary *s)
{
	diverge(c);
	write_line(c, key, blob, s);
	return 0;
}

void mutu_cache_free(mutu_cache *c)
{
	if (!c)
		return;
	if (c->old)
		fclose(c->old);
	if (c->out) {
		fclose(c->out);
		unlink(c->tmp);
	}
	free(c->line);
	mutu_buf_free(&c->unescaped);
	free(c);
}

void mutu_cache_finish(mutu_cache *c)
{
	if (!c)
		return;
	if (c->have_line)   /* trailing old entries: records that are gone */
		diverge(c);
	if (c->out) {
		int ok = fflush(c->out) == 0 && !ferror(c->out);

		ok = fclose(c->out) == 0 && ok;
		c->out = NULL;
		if (!ok || rename(c->tmp, c->path) < 0)
			unlink(c->tmp);
	}
	mutu_cache_free(c);
}
