/*
 * common — what every mutu command shares: a declarative option table and
 * its parser (same -h/--help, unknown-option and "--" behaviour
 * everywhere), the common options (-C, --format, -q, --version), error
 * reporting with the documented exit codes, and terminal facts.
 */
#ifndef MUTU_CMD_COMMON_H
#define MUTU_CMD_COMMON_H

#include "lib/buf.h"
#include "lib/output.h"
#include "lib/store.h"

#include <stddef.h>

enum opt_kind { OPT_FLAG, OPT_STRING, OPT_LIST, OPT_END };

struct strlist {
	const char **items;
	size_t len;
};

struct opt {
	const char *name;     /* long name, without "--" */
	char short_name;      /* 0: none */
	enum opt_kind kind;
	void *dest;           /* int *, const char **, struct strlist * */
	const char *arg;      /* placeholder in help: "TEXT" */
	const char *help;
};

#define OPT_TABLE_END { NULL, 0, OPT_END, NULL, NULL, NULL }

/* The options every command takes; parse_options adds them to any table. */
struct common_opts {
	const char *dir;      /* -C */
	const char *format;   /* --format */
	int quiet;            /* -q */
};
extern struct common_opts common;

/* The program's name ("mutu-offer"), set by start(). */
extern const char *prog;

/* Call first: names the program, sets the locale, installs the warning
 * printer. */
void start(const char *argv0);

/* Parse argv (after the verb) against opts plus the common options.
 * Positional arguments go to args/nargs (in order; args is argv itself,
 * compacted in place). Prints usage and exits
 * 0 on --help, 2 on a bad option; prints the version on --version. */
void parse_options(int argc, char **argv, const struct opt *opts, const char *usage,
		   char ***args, int *nargs);

/* Print "prog: error: <last error>" and exit with the documented status. */
__attribute__((noreturn)) void die_error(int code);

/* Print "prog: error: <message>" and exit with status. */
__attribute__((noreturn, format(printf, 2, 3))) void die(int status, const char *fmt, ...);

/* Usage error: the message, then the usage line, exit 2. */
__attribute__((noreturn, format(printf, 2, 3))) void usage_error(const char *usage, const char *fmt, ...);

/* Open the commons at -C / MUTU_DIR / the current directory, or die. */
mutu_store *open_commons(void);

/* The output format: --format, else table on a terminal, tsv on a pipe. */
mutu_format output_format(void);

/* Columns of the terminal on stdout, or 0 when stdout is not one. */
size_t terminal_width(void);

/* Write b to stdout (dies on a write error). */
void emit(const mutu_buf *b);

/* Progress on stderr, only to a terminal and not with -q. */
void progress(const char *what, size_t done, size_t total);

/* Read a whole file ("-": standard input); dies on error. */
char *read_file_or_die(const char *path, size_t *len);

#endif
