/*
 * add-inproc COMMONS N: the library's own cost of adding one record, in
 * process, N times, printing the median in milliseconds; and with
 * "--init-only", the cost of git_libgit2_init alone (the per-process
 * floor every command pays; mutu defers the CA bundle Debian's libgit2
 * would parse there, see lib/gitinit.c). Together they separate mutu's work from process start-up.
 */
#include "lib/error.h"
#include "lib/actions.h"
#include "lib/gitinit.h"
#include "lib/types.h"
#include "lib/member.h"
#include "lib/schema.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double ms_since(const struct timespec *s)
{
	struct timespec e;

	clock_gettime(CLOCK_MONOTONIC, &e);
	return (double)(e.tv_sec - s->tv_sec) * 1e3 + (double)(e.tv_nsec - s->tv_nsec) / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct timespec s;
	mutu_store *st;
	mutu_member me;
	mutu_actor who;
	mutu_action_ctx ctx;
	mutu_record *rec;
	double *t;
	int i, n;

	if (argc == 2 && !strcmp(argv[1], "--init-only")) {
		clock_gettime(CLOCK_MONOTONIC, &s);
		mutu_git_init();
		printf("%.2f\n", ms_since(&s));
		return 0;
	}
	if (argc != 3 || (n = atoi(argv[2])) <= 0)
		return fprintf(stderr, "usage: add-inproc COMMONS N | --init-only\n"), 2;
	if (mutu_store_open(&st, argv[1], 0) < 0 || mutu_member_whoami(&me, st, getenv("MUTU_MEMBER")) < 0)
		return fprintf(stderr, "add-inproc: %s\n", mutu_error_last()), 1;
	who = mutu_member_actor(&me);
	ctx = (mutu_action_ctx){ st, &who };
	t = calloc((size_t)n, sizeof(*t));
	for (i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &s);
		if (mutu_action_new(&rec, &mutu_type_offer, me.handle, NULL) < 0 ||
		    mutu_map_set_str(rec, "title", "In-process bench record") < 0 ||
		    mutu_action_add(&ctx, &mutu_type_offer, &rec, 1) < 0)
			return fprintf(stderr, "add-inproc: %s\n", mutu_error_last()), 1;
		t[i] = ms_since(&s);
		mutu_value_free(rec);
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%.2f\n", t[n / 2]);
	free(t);
	mutu_member_clear(&me);
	mutu_store_free(st);
	mutu_schema_cleanup();
	return 0;
}
