#include "trailers.h"

#include "error.h"
#include "gitinit.h"
#include "i18n.h"
#include "id.h"
#include "utf8.h"

#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* More than this many Mutu-Record trailers is not what mutu writes
 * (records.h bounds them at 100): a message beyond it is refused. */
#define MAX_LISTED 1000

int mutu_trailers_valid_action(const char *s)
{
	const char *dot = strchr(s, '.');
	size_t i, n = strlen(s);

	if (!dot || dot == s || !dot[1] || n >= 64)
		return 0;
	for (i = 0; i < n; i++)
		if (s + i != dot && !(s[i] >= 'a' && s[i] <= 'z') && !(s[i] == '-' && s + i > dot))
			return 0;
	return 1;
}

/* A path as mutu writes one: relative, '/'-separated, no empty, "." or
 * ".." part, printable and safe. */
static int valid_path(const char *p)
{
	const char *part = p;
	size_t n = strlen(p);

	if (!n || n > 255 || p[0] == '/' || !mutu_utf8_valid(p, n) || mutu_utf8_has_unsafe(p, 0) ||
	    strchr(p, '\\'))
		return 0;
	for (;;) {
		const char *slash = strchr(part, '/');
		size_t len = slash ? (size_t)(slash - part) : strlen(part);

		if (!len || (len == 1 && part[0] == '.') || (len == 2 && !strncmp(part, "..", 2)))
			return 0;
		if (!slash)
			return 1;
		part = slash + 1;
	}
}

void mutu_trailers_format(mutu_buf *out, const mutu_trailers *t)
{
	size_t i;

	if (t->action[0])
		mutu_buf_printf(out, "Mutu-Action: %s\n", t->action);
	for (i = 0; i < t->nrecords; i++)
		mutu_buf_printf(out, "Mutu-Record: %s\n", t->records[i]);
	if (t->count > t->nrecords)
		mutu_buf_printf(out, "Mutu-Count: %zu\n", t->count);
	for (i = 0; i < t->nconflicts; i++)
		mutu_buf_printf(out, "Mutu-Conflict: %s\n", t->conflicts[i]);
}

static int push(char ***list, size_t *n, const char *value)
{
	char **grown;

	if (*n >= MAX_LISTED)
		return mutu_error_set(MUTU_EDATA, _("the message lists more than %d files"), MAX_LISTED);
	if (!(grown = reallocarray(*list, *n + 1, sizeof(*grown))) || !(grown[*n] = strdup(value))) {
		if (grown)
			*list = grown;
		return mutu_error_nomem();
	}
	*list = grown;
	(*n)++;
	return 0;
}

static int bad(const char *key, const char *value)
{
	return mutu_error_set(MUTU_EDATA, _("the commit's %s trailer is not one mutu writes: '%s'"), key,
			      mutu_utf8_clip(value, 80));
}

int mutu_trailers_parse(mutu_trailers *out, const char *message)
{
	git_message_trailer_array arr = { 0 };
	int err = 0, had_count = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	if ((err = mutu_git_init()) < 0)
		return err;
	if (git_message_trailers(&arr, message) < 0) {
		git_error_clear();
		return mutu_error_set(MUTU_EDATA, "%s", _("the commit's message cannot be read for trailers"));
	}
	for (i = 0; i < arr.count && err == 0; i++) {
		const char *k = arr.trailers[i].key, *v = arr.trailers[i].value;

		if (strncasecmp(k, "Mutu-", 5) != 0)
			continue;   /* another tool's: not ours to judge */
		if (!strcasecmp(k, "Mutu-Action")) {
			if (out->action[0] || !mutu_trailers_valid_action(v))
				err = bad(k, v);
			else
				memcpy(out->action, v, strlen(v) + 1);
		} else if (!strcasecmp(k, "Mutu-Record")) {
			err = valid_path(v) ? push(&out->records, &out->nrecords, v) : bad(k, v);
		} else if (!strcasecmp(k, "Mutu-Count")) {
			char *end;
			unsigned long long n;

			errno = 0;
			n = strtoull(v, &end, 10);
			if (had_count || !*v || *end || errno || v[0] == '0' || n > 100000000ULL)
				err = bad(k, v);
			else
				out->count = (size_t)n, had_count = 1;
		} else if (!strcasecmp(k, "Mutu-Conflict")) {
			err = mutu_id_valid(v) ? push(&out->conflicts, &out->nconflicts, v) : bad(k, v);
		} else {
			err = mutu_error_set(MUTU_EDATA, _("the commit has a trailer mutu does not know: %s"),
					     mutu_utf8_clip(k, 40));
		}
	}
	git_message_trailer_array_free(&arr);
	if (err == 0 && had_count && out->count <= out->nrecords)
		err = mutu_error_set(MUTU_EDATA, "%s", _("the commit's Mutu-Count is not more than the files it lists"));
	if (err == 0 && !had_count)
		out->count = out->nrecords;
	return err;
}

void mutu_trailers_free(mutu_trailers *t)
{
	size_t i;

	for (i = 0; i < t->nrecords; i++)
		free(t->records[i]);
	free(t->records);
	for (i = 0; i < t->nconflicts; i++)
		free(t->conflicts[i]);
	free(t->conflicts);
	memset(t, 0, sizeof(*t));
}
