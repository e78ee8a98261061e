#include "common.h"

#include "lib/error.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct common_opts common;
const char *prog = "mutu";

static void print_warning(const char *msg)
{
	fprintf(stderr, "%s: warning: %s\n", prog, msg);
}

void start(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	prog = slash ? slash + 1 : argv0;
	setlocale(LC_ALL, "");
	mutu_warn_handler(print_warning);
}

/* Format through the library's error, which keeps messages to one line. */
static const char *one_line(const char *fmt, va_list ap)
{
	char raw[1024];

	vsnprintf(raw, sizeof(raw), fmt, ap);
	mutu_error_set(MUTU_EUSAGE, "%s", raw);
	return mutu_error_last();
}

void die(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	fprintf(stderr, "%s: error: %s\n", prog, one_line(fmt, ap));
	va_end(ap);
	exit(status);
}

void die_error(int code)
{
	fflush(stdout);
	fprintf(stderr, "%s: error: %s\n", prog, mutu_error_last());
	exit(mutu_error_exit_code(code));
}

void usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: error: %s\n", prog, one_line(fmt, ap));
	va_end(ap);
	fprintf(stderr, "usage: %s %s\n", prog, usage);
	exit(2);
}

static const struct opt common_table[] = {
	{ "directory", 'C', OPT_STRING, &common.dir, "DIR", "run as if started in DIR" },
	{ "format", 0, OPT_STRING, &common.format, "FORMAT", "table, tsv, json, yaml or ids" },
	{ "quiet", 'q', OPT_FLAG, &common.quiet, NULL, "no progress or chatter" },
	OPT_TABLE_END,
};

static void print_help(const struct opt *opts, const char *usage)
{
	const struct opt *tables[] = { opts, common_table };
	size_t t;

	printf("usage: %s %s\n\n", prog, usage);
	for (t = 0; t < 2; t++) {
		const struct opt *o;

		for (o = tables[t]; o && o->kind != OPT_END; o++) {
			char left[64];

			snprintf(left, sizeof(left), "%s%c%s--%s%s%s", o->short_name ? "-" : "",
				 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ",
				 o->name, o->arg ? " " : "", o->arg ? o->arg : "");
			printf("    %-28s %s%s\n", left + (o->short_name ? 0 : 1), o->help,
			       o->kind == OPT_LIST ? " (repeatable)" : "");
		}
	}
	printf("    %-28s %s\n    %-28s %s\n", "-h, --help", "show this help",
	       "--version", "show the version");
}

static const struct opt *find_long(const struct opt *opts, const char *name, size_t len)
{
	const struct opt *tables[] = { opts, common_table };
	size_t t;

	for (t = 0; t < 2; t++) {
		const struct opt *o;

		for (o = tables[t]; o && o->kind != OPT_END; o++)
			if (strlen(o->name) == len && !strncmp(o->name, name, len))
				return o;
	}
	return NULL;
}

static const struct opt *find_short(const struct opt *opts, char c)
{
	const struct opt *tables[] = { opts, common_table };
	size_t t;

	for (t = 0; t < 2; t++) {
		const struct opt *o;

		for (o = tables[t]; o && o->kind != OPT_END; o++)
			if (o->short_name == c)
				return o;
	}
	return NULL;
}

static void store_value(const struct opt *o, const char *value, const char *usage)
{
	struct strlist *l;
	const char **grown;

	switch (o->kind) {
	case OPT_FLAG:
		*(int *)o->dest = 1;
		break;
	case OPT_STRING:
		*(const char **)o->dest = value;
		break;
	case OPT_LIST:
		l = o->dest;
		grown = reallocarray(l->items, l->len + 1, sizeof(*grown));
		if (!grown)
			die(71, "out of memory");
		l->items = grown;
		l->items[l->len++] = value;
		break;
	default:
		usage_error(usage, "bad option table");
	}
}

void parse_options(int argc, char **argv, const struct opt *opts, const char *usage,
		   char ***args, int *nargs)
{
	int i, n = 0, only_args = 0;

	/* positionals are compacted to the front of argv: n <= i always */
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *value = NULL, *eq;
		const struct opt *o;

		if (only_args || a[0] != '-' || !a[1]) {
			argv[n++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help(opts, usage);
			exit(0);
		}
		if (!strcmp(a, "--version")) {
			printf("%s %s\n", prog, MUTU_VERSION);
			exit(0);
		}
		if (a[1] == '-') {
			eq = strchr(a + 2, '=');
			o = find_long(opts, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
			if (!o)
				usage_error(usage, "unknown option '%s'", a);
			if (eq) {
				if (o->kind == OPT_FLAG)
					usage_error(usage, "option '--%s' takes no value", o->name);
				value = eq + 1;
			}
		} else {
			o = find_short(opts, a[1]);
			if (!o)
				usage_error(usage, "unknown option '%s'", a);
			if (a[2]) {
				if (o->kind == OPT_FLAG)
					usage_error(usage, "unknown option '%s'", a);
				value = a + 2;
			}
		}
		if (o->kind != OPT_FLAG && !value) {
			if (i + 1 >= argc)
				usage_error(usage, "option '--%s' needs a value (%s)", o->name,
					    o->arg ? o->arg : "VALUE");
			value = argv[++i];
		}
		store_value(o, value, usage);
	}
	if (common.format) {
		mutu_format f;

		if (mutu_format_parse(&f, common.format) < 0)
			usage_error(usage, "%s", mutu_error_last());
	}
	*args = argv;
	*nargs = n;
}

mutu_store *open_commons(void)
{
	mutu_store *st;
	int err;

	if (common.dir && chdir(common.dir) < 0)
		die(66, "cannot change to '%s': %s", common.dir, strerror(errno));
	if ((err = mutu_store_open(&st, NULL)) < 0)
		die_error(err);
	return st;
}

mutu_format output_format(void)
{
	mutu_format f;

	if (common.format && mutu_format_parse(&f, common.format) == 0)
		return f;
	return isatty(STDOUT_FILENO) ? MUTU_FORMAT_TABLE : MUTU_FORMAT_TSV;
}

size_t terminal_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (cols && atoi(cols) > 0)
		return (size_t)atoi(cols);
	return 80;
}

void emit(const mutu_buf *b)
{
	if (b->failed)
		die(71, "out of memory");
	if (b->len && fwrite(b->ptr, 1, b->len, stdout) != b->len)
		die(74, "cannot write output: %s", strerror(errno));
	if (fflush(stdout) == EOF)
		die(74, "cannot write output: %s", strerror(errno));
}

void progress(const char *what, size_t done, size_t total)
{
	if (common.quiet || !isatty(STDERR_FILENO))
		return;
	if (total)
		fprintf(stderr, "\r%s: %3zu%% (%zu/%zu)%s", what, done * 100 / total, done, total,
			done == total ? ", done.\n" : "");
	else
		fprintf(stderr, "\r%s: %zu", what, done);
}

char *read_file_or_die(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	mutu_buf b = MUTU_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		die(66, "cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		mutu_buf_put(&b, chunk, n);
	if (ferror(f))
		die(74, "cannot read '%s': %s", path, strerror(errno));
	if (f != stdin)
		fclose(f);
	if (b.failed)
		die(71, "out of memory");
	*len = b.len;
	return mutu_buf_detach(&b);
}
