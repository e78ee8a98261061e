/*
 * common — what every mutu command shares, so that all of them behave
 * alike: a declarative option table and its parser (flags, strings,
 * repeatable strings, whole numbers in a range, choices, including
 * choices read from a schema's enum), subcommands in a table of verbs,
 * the common options (-C, --format, -q, -h/--help, --version) before or
 * after the verb, `help [VERB]`, errors on one line with the documented
 * exit codes, and the environment (MUTU_DIR, MUTU_NOW, MUTU_MEMBER,
 * MUTU_LOCK_TIMEOUT_MS), which only cmd/ reads.
 */
#ifndef MUTU_CMD_COMMON_H
#define MUTU_CMD_COMMON_H

#include "lib/actions.h"
#include "lib/audit.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/member.h"
#include "lib/output.h"
#include "lib/store.h"

#include <stddef.h>
#include <stdio.h>

struct mutu_credential;
struct mutu_signer;

/* The signing key git's configuration names (NULL: none), or die; and the
 * allowed signers file brought in step with members/ (a warning if it
 * cannot be). */
struct mutu_signer *user_signer(mutu_store *st);
void refresh_signers(mutu_store *st);

/* Die (77) when the rules at the tip require signed commits and s, git's
 * signing key, is NULL: the commit would break them. */
void require_signer(mutu_store *st, const struct mutu_signer *s);


enum opt_kind { OPT_FLAG, OPT_STRING, OPT_LIST, OPT_INT, OPT_CHOICE, OPT_END };

struct strlist {
	const char **items;
	size_t len;
};

struct opt {
	const char *name;               /* long name, without "--" */
	char short_name;                /* 0: none */
	enum opt_kind kind;
	void *dest;                     /* int *, const char **, struct strlist *, long * */
	const char *arg;                /* N_(): the value's placeholder in help */
	const char *help;               /* N_(): one line */
	long min, max;                  /* OPT_INT */
	const char *const *choices;     /* OPT_CHOICE: NULL-terminated... */
	const char *schema, *field;     /* ...or the enum of schema's field */
};

#define OPT_FLAG(s, l, d, h) { l, s, OPT_FLAG, d, NULL, h, 0, 0, NULL, NULL, NULL }
#define OPT_STRING(s, l, d, a, h) { l, s, OPT_STRING, d, a, h, 0, 0, NULL, NULL, NULL }
#define OPT_LIST(s, l, d, a, h) { l, s, OPT_LIST, d, a, h, 0, 0, NULL, NULL, NULL }
#define OPT_INT(s, l, d, a, h, lo, hi) { l, s, OPT_INT, d, a, h, lo, hi, NULL, NULL, NULL }
#define OPT_CHOICE(s, l, d, a, h, c) { l, s, OPT_CHOICE, d, a, h, 0, 0, c, NULL, NULL }
#define OPT_ENUM(s, l, d, a, h, sch, f) { l, s, OPT_CHOICE, d, a, h, 0, 0, NULL, sch, f }
#define OPT_TABLE_END { NULL, 0, OPT_END, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }

/* The options every command takes. */
struct common_opts {
	const char *format;   /* --format */
	int quiet;            /* -q */
};
extern struct common_opts common;

/* The program's name ("mutu-offer"), set by start(). */
extern const char *prog;

/* Call first: names the program, sets the locale and the message
 * catalogue, installs the warning printer, reads the environment. */
void start(const char *argv0);

/*
 * Parse argv (after the verb) against opts plus the common options.
 * Positional arguments are compacted to the front of argv: *nargs of
 * them. Prints the help and exits 0 on -h/--help (usage is the verb's
 * synopsis); exits 2 on a bad option or value.
 */
void parse_options(int argc, char **argv, const struct opt *opts, const char *usage, int *nargs);

/* A subcommand. run gets the arguments after the verb. */
struct verb {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;   /* N_(): "add --title TEXT …" */
	const char *help;    /* N_(): one line */
};

/* The main of a command with verbs: common options before the verb, the
 * verb (or `help [VERB]`), and the exit status. about says what the
 * command is for. */
int run_verbs(int argc, char **argv, const char *about, const struct verb *verbs);

/* Print "prog: error: <last error>" and exit with the documented status. */
__attribute__((noreturn)) void die_error(int code);

/* Print "prog: error: <message>" and exit with status. */
__attribute__((noreturn, format(printf, 2, 3))) void die(int status, const char *fmt, ...);

/* Usage error: the message, then the usage line, exit 2. */
__attribute__((noreturn, format(printf, 2, 3))) void usage_error(const char *usage, const char *fmt, ...);

/* An SSH public key file holds one line, at most 16 KiB. */
#define MAX_KEY_FILE 16384

/* The key line of an SSH public key file (malloc'd), or die. */
char *read_key_file(const char *path);

/* Each file's key line pushed onto keys, or die. */
void push_key_files(mutu_value *keys, const struct strlist *files);

/* Open the commons at MUTU_DIR or the current directory (after -C), or die. */
mutu_store *open_commons(void);

/* The acting member, or die. */
void acting_member(mutu_member *out, mutu_store *st);

/* Who acts, on which commons: what every command that writes sets up. */
struct session {
	mutu_store *st;
	mutu_member me;
	mutu_actor who;
	mutu_action_ctx ctx;
	struct mutu_signer *signer;   /* git's signing key, or NULL */
};

/* Open the commons (or die); then, once what was named is found (so that
 * a missing record is said before a missing identity), who acts. */
void session_open(struct session *s);
void session_act(struct session *s);
void session_end(struct session *s);

/* Whether --format ics asks for an iCalendar feed: only the commands
 * that list dated records ask, before output_format(). */
int want_ics(void);

/* The output format: --format, else table on a terminal, tsv on a pipe;
 * a usage error for --format ics (want_ics() is asked first where a
 * calendar can be printed). */
mutu_format output_format(void);

/* Columns of the terminal on stdout, or 0 when stdout is not one. */
size_t terminal_width(void);

/* Write b to stdout (dies on a write error). */
void emit(const mutu_buf *b);

/* A violation the audit found, as the line a pusher or a syncing member
 * reads on stderr: "mutu: <commit> <member> [<rule>] <detail>". A
 * mutu_violation_fn; payload is unused. */
int tell_violation(const mutu_violation *v, void *payload);

/* Progress on stderr, only to a terminal and not with -q. */
void progress(const char *what, size_t done, size_t total);

/* The user's own credentials for fetch and push ($HOME's ssh keys,
 * ssh-agent, the credential helpers of st's configuration, or of the
 * user's when st is NULL), or die. */
struct mutu_credential *user_credential(mutu_store *st);

/* The known_hosts files an ssh host key must be in: ~/.ssh/known_hosts
 * and the system's; *n of them. */
const char *const *known_hosts_files(size_t *n);

/* A transfer's progress on stderr (a mutu_sync_progress_fn): only to a
 * terminal and not with -q. */
void transfer_progress(int sending, size_t done, size_t total, size_t bytes, void *payload);

/* Read a whole file ("-": standard input) of at most max bytes, refusing a
 * larger one (65) before reading past max + 1 bytes; dies on error. */
char *read_file_or_die(const char *path, size_t max, size_t *len);

/* The next line of f (without its newline) into line, at most max bytes:
 * 1, 0 at the end, or die (65) on a longer line. */
int read_line_or_die(FILE *f, const char *name, char *line, size_t max);

#endif
