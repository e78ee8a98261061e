#include "common.h"

#include "lib/clock.h"
#include "lib/credential.h"
#include "lib/error.h"
#include "lib/rules.h"
#include "lib/schema.h"
#include "lib/sign.h"
#include "lib/utf8.h"

#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

struct common_opts common;
const char *prog = "mutu";

static const char *const formats[] = { "table", "tsv", "json", "yaml", "ids", "ics", NULL };
static const char *directory;   /* -C: applied when parsed, as git does */

static void print_warning(const char *msg)
{
	fprintf(stderr, _("%s: warning: %s\n"), prog, msg);
}

void start(const char *argv0)
{
	const char *slash = strrchr(argv0, '/'), *dir = getenv("MUTU_TEXTDOMAINDIR");

	prog = slash ? slash + 1 : argv0;
	setlocale(LC_ALL, "");
	/* MUTU_TEXTDOMAINDIR: a catalogue not yet installed (the test suite) */
	bindtextdomain(MUTU_TEXTDOMAIN, dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(MUTU_TEXTDOMAIN, "UTF-8");
	textdomain(MUTU_TEXTDOMAIN);
	mutu_warn_handler(print_warning);
	mutu_clock_fix(getenv("MUTU_NOW"), "MUTU_NOW");
	mutu_store_crash_at(getenv("MUTU_TEST_CRASH"));
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
	fprintf(stderr, _("%s: error: %s\n"), prog, one_line(fmt, ap));
	va_end(ap);
	exit(status);
}

void die_error(int code)
{
	fflush(stdout);
	fprintf(stderr, _("%s: error: %s\n"), prog, mutu_error_last());
	exit(mutu_error_exit_code(code));
}

void usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	fprintf(stderr, _("%s: error: %s\n"), prog, one_line(fmt, ap));
	va_end(ap);
	fprintf(stderr, _("usage: %s %s\n"), prog, _(usage));
	exit(2);
}

static const struct opt common_table[] = {
	OPT_STRING('C', "directory", &directory, N_("DIR"), N_("run as if started in DIR")),
	OPT_CHOICE(0, "format", &common.format, N_("FORMAT"), N_("table, tsv, json, yaml or ids (ics: a calendar, where dated records are listed)"), formats),
	OPT_FLAG('q', "quiet", &common.quiet, N_("no progress or chatter")),
	OPT_TABLE_END,
};

/* The choices an option accepts: its list, or its schema field's enum. */
static void choices_of(const struct opt *o, mutu_buf *b, const char *value, int *found)
{
	const mutu_schema *s;
	const mutu_value *e;
	size_t i;

	*found = 0;
	if (o->choices) {
		for (i = 0; o->choices[i]; i++) {
			mutu_buf_printf(b, "%s%s", i ? ", " : "", o->choices[i]);
			if (value && !strcmp(value, o->choices[i]))
				*found = 1;
		}
		return;
	}
	if (mutu_schema_get(&s, o->schema) < 0 || !(e = mutu_schema_enum(s, o->field)))
		return;
	for (i = 0; i < e->u.seq.len; i++) {
		const mutu_value *c = e->u.seq.items[i];

		if (c->type != MUTU_STR)
			continue;
		mutu_buf_printf(b, "%s%s", i ? ", " : "", c->u.str);
		if (value && !strcmp(value, c->u.str))
			*found = 1;
	}
}

/* Print s padded with spaces to width columns (by display width, so that
 * an accented translation lines up as an English one does). */
static void print_padded(const char *s, size_t width)
{
	size_t w = mutu_utf8_width(s);

	fputs(s, stdout);
	for (; w < width; w++)
		putchar(' ');
}

static void print_table(const struct opt *opts)
{
	const struct opt *o;

	for (o = opts; o && o->kind != OPT_END; o++) {
		char left[96];
		const char *arg = o->arg ? _(o->arg) : "";

		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
				 *arg ? " " : "", arg);
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, *arg ? " " : "", arg);
		fputs("    ", stdout);
		print_padded(left, 28);
		printf(" %s", _(o->help));
		if (o->kind == OPT_LIST)
			printf(" %s", _("(repeatable)"));
		if (o->kind == OPT_CHOICE && strcmp(o->name, "format") != 0) {  /* its help names them */
			mutu_buf b = MUTU_BUF_INIT;
			int found;

			choices_of(o, &b, NULL, &found);
			printf(" (%s)", mutu_buf_cstr(&b));
			mutu_buf_free(&b);
		}
		printf("\n");
	}
}

static void print_help(const struct opt *opts, const char *usage)
{
	printf(_("usage: %s %s\n"), prog, _(usage));
	if (opts && opts->kind != OPT_END) {
		printf("\n%s\n", _("options:"));
		print_table(opts);
	}
	printf("\n%s\n", _("common options:"));
	print_table(common_table);
	fputs("    ", stdout);
	print_padded("-h, --help", 28);
	printf(" %s\n    ", _("show this help"));
	print_padded("    --version", 28);
	printf(" %s\n", _("show the version"));
}

static const struct opt *find_opt(const struct opt *opts, const char *name, size_t len, char c)
{
	const struct opt *tables[] = { opts, common_table };
	size_t t;

	for (t = 0; t < 2; t++) {
		const struct opt *o;

		for (o = tables[t]; o && o->kind != OPT_END; o++)
			if (name ? strlen(o->name) == len && !strncmp(o->name, name, len)
				 : o->short_name == c)
				return o;
	}
	return NULL;
}

static void store_value(const struct opt *o, const char *value, const char *usage)
{
	struct strlist *l;
	const char **grown;
	char *end;
	long n;

	switch (o->kind) {
	case OPT_FLAG:
		*(int *)o->dest = 1;
		break;
	case OPT_STRING:
		*(const char **)o->dest = value;
		if (o->dest == &directory && chdir(value) < 0)
			die(66, _("cannot change to '%s': %s"), value, strerror(errno));
		break;
	case OPT_LIST:
		l = o->dest;
		if (!(grown = reallocarray(l->items, l->len + 1, sizeof(*grown))))
			die(71, "%s", _("out of memory"));
		l->items = grown;
		l->items[l->len++] = value;
		break;
	case OPT_INT:
		errno = 0;
		n = strtol(value, &end, 10);
		if (errno || end == value || *end || n < o->min || n > o->max)
			usage_error(usage, _("--%s takes a whole number from %ld to %ld, not '%s'"),
				    o->name, o->min, o->max, mutu_utf8_clip(value, 40));
		*(long *)o->dest = n;
		break;
	case OPT_CHOICE: {
		mutu_buf b = MUTU_BUF_INIT;
		int found;

		choices_of(o, &b, value, &found);
		if (!found)
			usage_error(usage, _("--%s: '%s' is not one of %s"), o->name, mutu_utf8_clip(value, 40),
				    mutu_buf_cstr(&b));
		mutu_buf_free(&b);
		*(const char **)o->dest = value;
		break;
	}
	default:
		usage_error(usage, "%s", _("bad option table"));
	}
}

/* The option at argv[*i] (an option, not "--"), its value taken too. */
static void take_option(int argc, char **argv, int *i, const struct opt *opts, const char *usage)
{
	const char *a = argv[*i], *value = NULL, *eq;
	const struct opt *o;

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
		if (!(o = find_opt(opts, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2), 0)))
			usage_error(usage, _("unknown option '%s'"), a);
		if (eq) {
			if (o->kind == OPT_FLAG)
				usage_error(usage, _("option '--%s' takes no value"), o->name);
			value = eq + 1;
		}
	} else {
		if (!(o = find_opt(opts, NULL, 0, a[1])))
			usage_error(usage, _("unknown option '%s'"), a);
		if (a[2]) {
			if (o->kind == OPT_FLAG)
				usage_error(usage, _("unknown option '%s'"), a);
			value = a + 2;
		}
	}
	if (o->kind != OPT_FLAG && !value) {
		if (*i + 1 >= argc)
			usage_error(usage, _("option '--%s' needs a value (%s)"), o->name,
				    o->arg ? _(o->arg) : "VALUE");
		value = argv[++*i];
	}
	store_value(o, value, usage);
}

void parse_options(int argc, char **argv, const struct opt *opts, const char *usage, int *nargs)
{
	int i, n = 0, only_args = 0;

	/* positionals are compacted to the front of argv: n <= i always */
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (only_args || a[0] != '-' || !a[1]) {
			argv[n++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		take_option(argc, argv, &i, opts, usage);
	}
	*nargs = n;
}

static void verbs_help(FILE *f, const char *about, const struct verb *verbs)
{
	const struct verb *v;

	fprintf(f, _("usage: %s [-C DIR] [-q] [--format FORMAT] <verb> [options]\n"), prog);
	fprintf(f, "\n%s\n\n%s\n", _(about), _("verbs:"));
	for (v = verbs; v->name; v++)
		fprintf(f, "    %-8s %s\n", v->name, _(v->help));
	fprintf(f, "    %-8s %s\n", "help", _("this help, or a verb's: help VERB"));
	fprintf(f, _("\nSee '%s <verb> --help' and %s(1).\n"), prog, prog);
}

/* A verb missing or unknown: say which ones there are. Does not return. */
__attribute__((noreturn)) static void no_such_verb(const char *usage, const char *name, const struct verb *verbs)
{
	mutu_buf names = MUTU_BUF_INIT;
	const struct verb *v;

	for (v = verbs; v->name; v++)
		mutu_buf_printf(&names, "%s%s", v == verbs ? "" : ", ", v->name);
	if (!name)
		usage_error(usage, _("which verb? use one of %s"), mutu_buf_cstr(&names));
	usage_error(usage, _("unknown verb '%s': use one of %s"), mutu_utf8_clip(name, 40),
		    mutu_buf_cstr(&names));
}

static const struct verb *find_verb(const char *usage, const char *name,
				    const struct verb *verbs)
{
	const struct verb *v;

	for (v = verbs; v->name; v++)
		if (!strcmp(v->name, name))
			return v;
	no_such_verb(usage, name, verbs);
	return NULL;
}

int run_verbs(int argc, char **argv, const char *about, const struct verb *verbs)
{
	static const char *usage = N_("<verb> [options]");
	const struct verb *v;
	int i = 1, status;

	start(argv[0]);
	/* the common options may come before the verb, as with git */
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			verbs_help(stdout, about, verbs);
			return 0;
		}
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		take_option(argc, argv, &i, NULL, usage);
	}
	if (i >= argc)
		no_such_verb(usage, NULL, verbs);
	if (!strcmp(argv[i], "help")) {
		char *help_args[] = { "--help", NULL };

		if (i + 1 >= argc || argv[i + 1][0] == '-') {
			verbs_help(stdout, about, verbs);
			return 0;
		}
		return find_verb(usage, argv[i + 1], verbs)->run(1, help_args);
	}
	v = find_verb(usage, argv[i], verbs);
	status = v->run(argc - i - 1, argv + i + 1);
	mutu_schema_cleanup();
	return status;
}

mutu_store *open_commons(void)
{
	const char *dir = getenv("MUTU_DIR"), *timeout = getenv("MUTU_LOCK_TIMEOUT_MS");
	mutu_store *st;
	time_t now;
	char *end;
	long ms = 10000;
	int err;

	/* a malformed MUTU_NOW fails every command that acts on a commons,
	 * reads too, not only those that happen to need the time */
	if ((err = mutu_clock_now(&now)) < 0)
		die_error(err);
	if (timeout && *timeout) {
		errno = 0;
		ms = strtol(timeout, &end, 10);
		if (errno || *end || ms < 0)
			die(2, _("MUTU_LOCK_TIMEOUT_MS must be a whole number of milliseconds, not '%s'"),
			    mutu_utf8_clip(timeout, 40));
	}
	if (dir && *dir)
		err = mutu_store_open(&st, dir, MUTU_OPEN_NO_SEARCH);
	else
		err = mutu_store_open(&st, NULL, 0);
	if (err < 0) {
		if (dir && *dir && err == MUTU_ENOTFOUND) {
			char why[512];

			snprintf(why, sizeof(why), "%s", mutu_error_last());
			mutu_error_set(err, "MUTU_DIR: %s", why);
		}
		die_error(err);
	}
	mutu_store_set_lock_timeout(st, ms);
	return st;
}

void acting_member(mutu_member *out, mutu_store *st)
{
	int err;

	if ((err = mutu_member_whoami(out, st, getenv("MUTU_MEMBER"))) < 0)
		die_error(err);
}

void session_open(struct session *s)
{
	memset(s, 0, sizeof(*s));
	s->st = open_commons();
}

void session_act(struct session *s)
{
	acting_member(&s->me, s->st);
	s->who = mutu_member_actor(&s->me);
	s->signer = user_signer(s->st);
	require_signer(s->st, s->signer);
	s->who.sign = s->signer ? mutu_signer_sign : NULL;
	s->who.sign_payload = s->signer;
	s->ctx = (mutu_action_ctx){ s->st, &s->who };
}

void session_end(struct session *s)
{
	/* a member's keys may have changed: git's allowed signers follow */
	if (s->st && s->who.handle)
		refresh_signers(s->st);
	mutu_signer_free(s->signer);
	s->signer = NULL;
	mutu_member_clear(&s->me);
	mutu_store_free(s->st);
	s->st = NULL;
}

int want_ics(void)
{
	return common.format && !strcmp(common.format, "ics");
}

mutu_format output_format(void)
{
	mutu_format f;

	if (want_ics())
		die(2, "%s", _("--format ics prints calendars: mutu offer list --kind event, mutu calendar"));
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
		die(71, "%s", _("out of memory"));
	if (b->len && fwrite(b->ptr, 1, b->len, stdout) != b->len)
		die(74, _("cannot write output: %s"), strerror(errno));
	if (fflush(stdout) == EOF)
		die(74, _("cannot write output: %s"), strerror(errno));
}

void progress(const char *what, size_t done, size_t total)
{
	if (common.quiet || !isatty(STDERR_FILENO))
		return;
	if (total)
		fprintf(stderr, "\r%s: %3zu%% (%zu/%zu)%s", what, done * 100 / total, done, total,
			done == total ? _(", done.\n") : "");
	else
		fprintf(stderr, "\r%s: %zu", what, done);
}

char *read_file_or_die(const char *path, size_t max, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	mutu_buf b = MUTU_BUF_INIT;
	char chunk[65536];
	size_t n, want;

	if (!f)
		die(66, _("cannot open '%s': %s"), path, strerror(errno));
	/* never more than max + 1 bytes: enough to know it is too large */
	while (b.len <= max) {
		want = max + 1 - b.len < sizeof(chunk) ? max + 1 - b.len : sizeof(chunk);
		if ((n = fread(chunk, 1, want, f)) == 0)
			break;
		mutu_buf_put(&b, chunk, n);
	}
	if (ferror(f))
		die(74, _("cannot read '%s': %s"), path, strerror(errno));
	if (f != stdin)
		fclose(f);
	if (b.failed)
		die(71, "%s", _("out of memory"));
	if (b.len > max)
		die(65, _("%s: larger than %zu bytes"), strcmp(path, "-") ? path : _("standard input"),
		    max);
	*len = b.len;
	return mutu_buf_detach(&b);
}

int read_line_or_die(FILE *f, const char *name, char *line, size_t max)
{
	size_t n = 0;
	int c;

	while ((c = getc(f)) != EOF && c != '\n') {
		if (n + 1 >= max)
			die(65, _("%s: a line longer than %zu bytes"), name, max - 1);
		line[n++] = (char)c;
	}
	if (ferror(f))
		die(74, _("cannot read '%s': %s"), name, strerror(errno));
	line[n] = '\0';
	return c != EOF || n > 0;
}

mutu_credential *user_credential(mutu_store *st)
{
	mutu_credential_opts o = { getenv("HOME"), getenv("SSH_AUTH_SOCK"), NULL, NULL };
	struct passwd *pw = getpwuid(getuid());
	mutu_credential *c;
	int err;

	o.user = getenv("USER");
	if ((!o.user || !*o.user) && pw)
		o.user = pw->pw_name;
	if (o.agent && !*o.agent)
		o.agent = NULL;
	if ((err = mutu_credential_for_user(&c, st, &o)) < 0)
		die_error(err);
	return c;
}

void transfer_progress(int sending, size_t done, size_t total, size_t bytes, void *payload)
{
	static int finished[2];

	(void)bytes;
	(void)payload;
	/* libgit2 reports the last step more than once: say "done" once */
	if (total && done == total) {
		if (finished[!!sending])
			return;
		finished[!!sending] = 1;
	} else {
		finished[!!sending] = 0;
	}
	progress(sending ? _("Sending objects") : _("Receiving objects"), done, total);
}

const char *const *known_hosts_files(size_t *n)
{
	static char user[4096];
	static const char *files[2] = { user, "/etc/ssh/ssh_known_hosts" };
	const char *home = getenv("HOME");

	if (home && *home) {
		snprintf(user, sizeof(user), "%s/.ssh/known_hosts", home);
		*n = 2;
		return files;
	}
	*n = 1;
	return files + 1;
}

mutu_signer *user_signer(mutu_store *st)
{
	mutu_signer *s;
	int err;

	if ((err = mutu_signer_from_config(&s, st)) < 0)
		die_error(err);
	return s;
}

void require_signer(mutu_store *st, const mutu_signer *s)
{
	mutu_rules rules;

	if (s)
		return;
	/* rules that cannot be read are every write's to report, not this one's */
	if (mutu_rules_load(&rules, st) < 0) {
		mutu_error_clear();
		return;
	}
	if (rules.require_signatures)
		die(77, "%s", _("the rules require signed commits, and git's configuration names no signing key (gpg.format ssh, user.signingkey)"));
}

/* The key line of an SSH public key file (malloc'd). */
char *read_key_file(const char *path)
{
	size_t len;
	char *text = read_file_or_die(path, MAX_KEY_FILE, &len);

	if (strlen(text) != len) {
		free(text);   /* nothing else holds it: a leak checker would say so */
		die(65, _("%s: NUL character in a key file"), path);
	}
	text[strcspn(text, "\r\n")] = '\0';
	return text;
}

void push_key_files(mutu_value *keys, const struct strlist *files)
{
	size_t i;

	for (i = 0; i < files->len; i++) {
		char *text = read_key_file(files->items[i]);

		if (mutu_seq_push(keys, mutu_value_str(text)) < 0)
			die_error(MUTU_ENOMEM);
		free(text);
	}
}

void refresh_signers(mutu_store *st)
{
	/* a convenience for plain git, never a reason to fail what was done */
	if (mutu_allowed_signers_refresh(st) < 0) {
		mutu_warn("%s", mutu_error_last());
		mutu_error_clear();
	}
}

int tell_violation(const mutu_violation *v, void *payload)
{
	mutu_buf line = MUTU_BUF_INIT;

	(void)payload;
	mutu_buf_printf(&line, "mutu: %.8s ", v->commit);
	mutu_utf8_escape(&line, v->member, 0);
	mutu_buf_printf(&line, " [%s] ", v->rule);
	mutu_utf8_escape(&line, v->detail, 0);
	fprintf(stderr, "%s\n", mutu_buf_cstr(&line));
	mutu_buf_free(&line);
	return 0;
}
