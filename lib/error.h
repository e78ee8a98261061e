/*
 * error — how failures travel back to the commands.
 *
 * Every libmutu function that can fail returns 0 or a negative MUTU_E*
 * code and, at the point of failure, records one human message in a
 * thread-local last error (libgit2's model). Library code never prints and
 * never exits: the command prints mutu_error_last() once and exits with
 * mutu_error_exit_code().
 */
#ifndef MUTU_ERROR_H
#define MUTU_ERROR_H

enum mutu_code {
	MUTU_OK = 0,
	MUTU_ENOMATCH = -1,   /* a negative answer: a filter matched nothing (exit 1) */
	MUTU_EUSAGE = -2,     /* bad usage, ambiguous id prefix (exit 2) */
	MUTU_EDATA = -3,      /* malformed YAML, schema violation, bad id or handle (exit 65) */
	MUTU_ENOTFOUND = -4,  /* no such record, member or commons (exit 66) */
	MUTU_ETEMP = -5,      /* retry later: lock busy, race lost too often, hand edit in the way (exit 75) */
	MUTU_EPERM = -6,      /* unknown acting member, not the record's author (exit 77) */
	MUTU_EIO = -7,        /* the system or Git failed under us (exit 74) */
	MUTU_ENOMEM = -8,     /* out of memory (exit 71) */
};

/* Record the last error: code plus a printf-style message, kept to one
 * line of valid UTF-8 (control characters and stray bytes escaped).
 * An argument may be mutu_error_last() itself. Returns code. */
int mutu_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record a Git failure: "what: libgit2's own message". Returns MUTU_EIO. */
int mutu_error_git(const char *what);

/* Record an out-of-memory failure. Returns MUTU_ENOMEM. */
int mutu_error_nomem(void);

/* The last message recorded on this thread, never NULL ("" if none). */
const char *mutu_error_last(void);

/* The code that went with it (MUTU_OK if none). */
int mutu_error_last_code(void);

/* Forget the last error. */
void mutu_error_clear(void);

/* The process exit status documented for a MUTU_E* code. */
int mutu_error_exit_code(int code);



/*
 * Warnings: tolerant reads (a record that fails its schema is still listed
 * and shown) report through a handler the command installs; the library
 * itself never prints. Without a handler, warnings are dropped.
 */
typedef void (*mutu_warn_fn)(const char *message);
void mutu_warn_handler(mutu_warn_fn fn);
void mutu_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
