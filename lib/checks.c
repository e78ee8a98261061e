/* checks — the registry is the type table: each row lists its own. */
#include "checks.h"

#include <string.h>

int mutu_checks_run(const mutu_check_ctx *ctx, mutu_finding_fn found, void *payload)
{
	const mutu_record_type *const *lists[2] = { mutu_types, mutu_child_types };
	const mutu_check *const *c;
	size_t l, i;
	int err;

	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i]; i++)
			for (c = lists[l][i]->checks; c && *c; c++)
				if ((err = (*c)->run(ctx, found, payload)) < 0)
					return err;
	return 0;
}

const mutu_check *mutu_check_find(const char *name)
{
	const mutu_record_type *const *lists[2] = { mutu_types, mutu_child_types };
	const mutu_check *const *c;
	size_t l, i;

	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i]; i++)
			for (c = lists[l][i]->checks; c && *c; c++)
				if (!strcmp((*c)->name, name))
					return *c;
	return NULL;
}

int mutu_check_side_has(const mutu_check_side *side, const char *path)
{
	size_t lo = 0, hi = side->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(side->paths[mid], path);

		if (cmp == 0)
			return 1;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
