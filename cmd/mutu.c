/*
 * mutu: the dispatcher. `mutu offer add …` runs `mutu-offer add …`, found
 * beside this program first, then on PATH (git's model). The common
 * options given before the command (-C DIR, -q, --format FORMAT) apply to
 * it. See mutu(1).
 */
#include "common.h"

#include "lib/utf8.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const commands[][2] = {
	{ "init", N_("create a commons") },
	{ "member", N_("add, list and show members") },
	{ "offer", N_("what members put in common") },
	{ "need", N_("what members ask for") },
	{ "show", N_("any record, by id") },
	{ NULL, NULL },
};

static void help(FILE *f)
{
	size_t i;

	fprintf(f, "%s\n\n%s\n", _("usage: mutu [-C DIR] [-q] [--format FORMAT] [--version] [--help] <command> [<args>]"),
		_("commands:"));
	for (i = 0; commands[i][0]; i++)
		fprintf(f, "    %-8s %s\n", commands[i][0], _(commands[i][1]));
	fprintf(f, "\n%s\n", _("See 'mutu help <command>', mutu(1) and mutu(7)."));
}

/* Exec mutu-<name> from our own directory, else from PATH. */
static void run(const char *name, char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 128], prog_name[96];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (strlen(name) > 64 || strchr(name, '/'))
		goto unknown;
	snprintf(prog_name, sizeof(prog_name), "mutu-%s", name);
	argv[0] = prog_name;
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/'))) {
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/%s", self, prog_name);
			execv(path, argv);
		}
	}
	execvp(prog_name, argv);
	if (errno != ENOENT)
		die(126, _("cannot run %s: %s"), prog_name, strerror(errno));
unknown:
	die(2, _("'%s' is not a mutu command; see 'mutu --help'"), mutu_utf8_clip(name, 64));
}

int main(int argc, char **argv)
{
	char **args, *page;
	int i = 1, n = 0;

	start(argv[0]);
	/* room for the command, the options passed on, its arguments */
	if (!(args = calloc((size_t)argc + 4, sizeof(*args))))
		die(71, "%s", _("out of memory"));
	args[n++] = NULL;
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];

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
		if (!strcmp(a, "-C") && i + 1 < argc) {
			if (chdir(argv[i + 1]) < 0)
				die(66, _("cannot change to '%s': %s"), argv[i + 1], strerror(errno));
			i += 2;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			args[n++] = argv[i++];
		} else if (!strncmp(a, "--format=", 9)) {
			args[n++] = argv[i++];
		} else if (!strcmp(a, "--format") && i + 1 < argc) {
			args[n++] = argv[i++];
			args[n++] = argv[i++];
		} else {
			usage_error(N_("[-C DIR] [-q] [--format FORMAT] <command> [<args>]"),
				    _("unknown option '%s'"), a);
		}
	}
	if (i >= argc) {
		help(stderr);
		free(args);
		return 2;
	}
	if (!strcmp(argv[i], "help")) {
		free(args);
		if (i + 1 >= argc) {
			help(stdout);
			return 0;
		}
		if (strlen(argv[i + 1]) > 64 || strchr(argv[i + 1], '/'))
			die(2, _("'%s' is not a mutu command; see 'mutu --help'"),
			    mutu_utf8_clip(argv[i + 1], 64));
		if (asprintf(&page, "mutu-%s", argv[i + 1]) < 0)
			die(71, "%s", _("out of memory"));
		execlp("man", "man", page, (char *)NULL);
		die(1, _("cannot run man: %s; try 'mutu %s --help'"), strerror(errno), argv[i + 1]);
	}
	/* mutu-X [-q] [--format F] <its arguments> */
	args[0] = argv[i];
	for (i++; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	run(args[0], args);
	return 2;
}
