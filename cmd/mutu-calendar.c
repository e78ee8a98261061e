/* mutu-calendar: one calendar of the commons. See mutu-calendar(1). */
#include "common.h"

#include "lib/calendar.h"
#include "lib/error.h"
#include "lib/find.h"
#include "lib/id.h"
#include "lib/records.h"
#include "lib/types.h"
#include "lib/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *usage = N_("[--member HANDLE] [--format ics]");
	const char *member = NULL;
	const struct opt opts[] = {
		OPT_STRING('m', "member", &member, N_("HANDLE"), N_("only what concerns this member")),
		OPT_TABLE_END,
	};
	mutu_buf b = MUTU_BUF_INIT;
	mutu_calendar *cal;
	mutu_record *commons = NULL;
	mutu_found found;
	mutu_store *st;
	int nargs, err;

	start(argv[0]);
	parse_options(argc - 1, argv + 1, opts, usage, &nargs);
	if (nargs)
		usage_error(usage, _("unexpected argument '%s'"), mutu_utf8_clip(argv[1], 40));
	/* a calendar has one format, whatever else was asked */
	if (common.format && !want_ics())
		usage_error(usage, _("a calendar is printed as ics, not %s"), common.format);
	if (member && (err = mutu_handle_check(member)) < 0)
		die_error(err);
	st = open_commons();
	if (member && (err = mutu_find(&found, st, &mutu_type_member, member)) < 0)
		die_error(err);
	if (mutu_records_read(&commons, NULL, st, "commons", "mutu.yaml", 0) < 0)
		mutu_error_clear();   /* a feed without a name is still a feed */
	if ((err = mutu_calendar_new(&cal)) < 0 ||
	    (err = mutu_calendar_add_events(cal, st, member)) < 0 ||
	    (err = mutu_calendar_add_bookings(cal, st, member)) < 0 ||
	    (err = mutu_calendar_add_loans(cal, st, member)) < 0 ||
	    (err = mutu_calendar_write(&b, cal, commons ? mutu_map_str(commons, "name") : NULL)) < 0)
		die_error(err);
	emit(&b);
	mutu_buf_free(&b);
	mutu_calendar_free(cal);
	mutu_value_free(commons);
	mutu_store_free(st);
	return 0;
}
