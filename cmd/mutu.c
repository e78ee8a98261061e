/*
 * mutu: the dispatcher. `mutu offer add …` runs `mutu-offer add …`, found
 * beside this program first, then on PATH (git's model). See mutu(1).
 */
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *commands[][2] = {
	{ "init", "create a commons" },
	{ "member", "add, list and show members" },
	{ "offer", "what members put in common" },
	{ "need", "what members ask for" },
	{ NULL, NULL },
};

static void help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: mutu [-C DIR] [--version] [--help] <command> [<args>]\n\ncommands:\n");
	for (i = 0; commands[i][0]; i++)
		fprintf(f, "    %-8s %s\n", commands[i][0], commands[i][1]);
	fprintf(f, "\nSee 'mutu help <command>', mutu(1) and mutu(7).\n");
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
		die(126, "cannot run %s: %s", prog_name, strerror(errno));
unknown:
	die(2, "'%s' is not a mutu command; see 'mutu --help'", name);
}

int main(int argc, char **argv)
{
	int i = 1;

	start(argv[0]);
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--version")) {
			printf("mutu %s\n", MUTU_VERSION);
			return 0;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			help(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "-C") && i + 1 < argc) {
			if (chdir(argv[i + 1]) < 0)
				die(66, "cannot change to '%s': %s", argv[i + 1], strerror(errno));
			i += 2;
			continue;
		}
		fprintf(stderr, "mutu: error: unknown option '%s'\n", argv[i]);
		help(stderr);
		return 2;
	}
	if (i >= argc) {
		help(stderr);
		return 2;
	}
	if (!strcmp(argv[i], "help")) {
		char page[96];

		if (i + 1 >= argc) {
			help(stdout);
			return 0;
		}
		snprintf(page, sizeof(page), "mutu-%.64s", argv[i + 1]);
		execlp("man", "man", page, (char *)NULL);
		die(1, "cannot run man: %s; try 'mutu %s --help'", strerror(errno), argv[i + 1]);
	}
	run(argv[i], argv + i);
	return 2;
}
