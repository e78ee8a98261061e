/*
 * mutu: the dispatcher. `mutu offer add …` runs `mutu-offer add …`, found
 * beside this program first, then on PATH (git's model). The common
 * options given before the command (-C DIR, -q, --format FORMAT) apply to
 * it, spelled as every command spells them. See mutu(1).
 */
#include "common.h"

#include "lib/utf8.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *usage = N_("[-C DIR] [-q] [--format FORMAT] <command> [<args>]");

static const char *const commands[][2] = {
	{ "init", N_("create a commons") },
	{ "member", N_("the members: who they are, who joins and who leaves") },
	{ "offer", N_("what members put in common") },
	{ "need", N_("what members ask for") },
	{ "exchange", N_("the time bank: hours paid for help received") },
	{ "calendar", N_("events, bookings and loans due, as one calendar") },
	{ "propose", N_("decisions taken together: proposals, their debate and count") },
	{ "vote", N_("your ballot on a proposal") },
	{ "show", N_("any record, by id") },
	{ "clone", N_("a copy of a commons of your own") },
	{ "sync", N_("meet the others: fetch, merge record by record, push") },
	{ "conflicts", N_("values a merge could not keep side by side") },
	{ "log", N_("the history of the commons, or of one record, as actions") },
	{ "audit", N_("check the whole history against the commons' rules") },
	{ "merge-driver", N_("the record-aware merge, for plain git pull") },
	{ NULL, NULL },
};

static void help(FILE *f)
{
	size_t i;

	fprintf(f, "%s\n\n%s\n", _("usage: mutu [-C DIR] [-q] [--format FORMAT] [--version] [--help] <command> [<args>]"),
		_("commands:"));
	for (i = 0; commands[i][0]; i++)
		fprintf(f, "    %-12s %s\n", commands[i][0], _(commands[i][1]));
	fprintf(f, "\n%s\n", _("See 'mutu help <command>', mutu(1) and mutu(7)."));
}

static void command_names(mutu_buf *b)
{
	size_t i;

	for (i = 0; commands[i][0]; i++)
		mutu_buf_printf(b, "%s%s", i ? ", " : "", commands[i][0]);
}

/* The path of mutu-<name> beside this program, into out, if it is there. */
static int beside_us(char *out, size_t size, const char *prog_name)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return 0;
	self[n] = '\0';
	if (!(slash = strrchr(self, '/')))
		return 0;
	*slash = '\0';
	return (size_t)snprintf(out, size, "%s/%s", self, prog_name) < size && access(out, X_OK) == 0;
}

/* Whether some mutu-<name> can be run: beside us, or on PATH. */
static int known(const char *name, char *prog_name, size_t size)
{
	char path[PATH_MAX + 128], *dirs, *dir, *save = NULL;
	const char *env = getenv("PATH");
	int found = 0;

	if (strlen(name) > 64 || strchr(name, '/') || !*name)
		return 0;
	snprintf(prog_name, size, "mutu-%s", name);
	if (beside_us(path, sizeof(path), prog_name))
		return 1;
	if (!env || !(dirs = strdup(env)))
		return 0;
	for (dir = strtok_r(dirs, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save))
		found = (size_t)snprintf(path, sizeof(path), "%s/%s", *dir ? dir : ".", prog_name) <
				sizeof(path) && access(path, X_OK) == 0;
	free(dirs);
	return found;
}

__attribute__((noreturn)) static void unknown(const char *name)
{
	mutu_buf names = MUTU_BUF_INIT;

	command_names(&names);
	usage_error(usage, _("'%s' is not a mutu command: use one of %s"), mutu_utf8_clip(name, 64),
		    mutu_buf_cstr(&names));
}

/* Exec mutu-<name> from our own directory, else from PATH. */
__attribute__((noreturn)) static void run(const char *name, char **argv)
{
	char path[PATH_MAX + 128], prog_name[96];

	if (!known(name, prog_name, sizeof(prog_name)))
		unknown(name);
	argv[0] = prog_name;
	if (beside_us(path, sizeof(path), prog_name))
		execv(path, argv);
	execvp(prog_name, argv);
	die(126, _("cannot run %s: %s"), prog_name, strerror(errno));
}

/* mutu help COMMAND: its manual page, or, without man(1), its --help. */
__attribute__((noreturn)) static void help_on(const char *name)
{
	char prog_name[96], path[PATH_MAX + 128];

	if (!known(name, prog_name, sizeof(prog_name)))
		unknown(name);
	execlp("man", "man", prog_name, (char *)NULL);
	if (beside_us(path, sizeof(path), prog_name))
		execl(path, prog_name, "--help", (char *)NULL);
	execlp(prog_name, prog_name, "--help", (char *)NULL);
	die(126, _("cannot run %s: %s"), prog_name, strerror(errno));
}

int main(int argc, char **argv)
{
	char **args;
	int i = 1, n = 0;

	start(argv[0]);
	/* room for the command, the options passed on, its arguments */
	if (!(args = calloc((size_t)argc + 4, sizeof(*args))))
		die(71, "%s", _("out of memory"));
	args[n++] = NULL;
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		const char *a = argv[i], *dir = NULL;

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--version")) {
			printf("mutu %s\n", MUTU_VERSION);
			free(args);
			return 0;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			help(stdout);
			free(args);
			return 0;
		}
		if (!strcmp(a, "-C") || !strcmp(a, "--directory")) {
			if (i + 1 >= argc)
				usage_error(usage, _("option '--%s' needs a value (%s)"), "directory", _("DIR"));
			dir = argv[++i];
		} else if (!strncmp(a, "-C", 2)) {
			dir = a + 2;
		} else if (!strncmp(a, "--directory=", 12)) {
			dir = a + 12;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet") || !strncmp(a, "--format=", 9)) {
			args[n++] = argv[i];
		} else if (!strcmp(a, "--format")) {
			if (i + 1 >= argc)
				usage_error(usage, _("option '--%s' needs a value (%s)"), "format", _("FORMAT"));
			args[n++] = argv[i++];
			args[n++] = argv[i];
		} else {
			usage_error(usage, _("unknown option '%s'"), a);
		}
		/* -C applies here, as git's does, and each is relative to the last */
		if (dir && chdir(dir) < 0)
			die(66, _("cannot change to '%s': %s"), dir, strerror(errno));
		i++;
	}
	if (i >= argc) {
		mutu_buf names = MUTU_BUF_INIT;

		command_names(&names);
		usage_error(usage, _("which command? use one of %s"), mutu_buf_cstr(&names));
	}
	if (!strcmp(argv[i], "help")) {
		free(args);
		if (i + 1 >= argc) {
			help(stdout);
			return 0;
		}
		help_on(argv[i + 1]);
	}
	/* mutu-X [-q] [--format F] <its arguments> */
	args[0] = argv[i];
	for (i++; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	run(args[0], args);
}
