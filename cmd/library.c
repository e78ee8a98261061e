#include "library.h"

#include "lib/booking.h"
#include "lib/clock.h"
#include "lib/error.h"
#include "lib/find.h"
#include "lib/id.h"
#include "lib/lending.h"
#include "lib/list.h"
#include "lib/timebank.h"
#include "lib/types.h"
#include "lib/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mutu_record_type *const O = &mutu_type_offer;


/* A line for people on stderr, unless -q. */
__attribute__((format(printf, 1, 2))) static void tell(const char *fmt, ...)
{
	va_list ap;

	if (common.quiet)
		return;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void print_line(const char *s)
{
	mutu_buf b = MUTU_BUF_INIT;

	mutu_buf_printf(&b, "%s\n", s);
	emit(&b);
	mutu_buf_free(&b);
}

/* The offer one argument names, and who acts; or die. */
static mutu_record *open_offer(struct session *s, int nargs, char **argv, const char *usage,
			       mutu_found *found)
{
	mutu_oid blob;

	return record_open(s, O, nargs, argv, usage, &blob, found);
}

/* A verb that takes one offer and no option: open it, act, end. act
 * returns 0 or an error to die of. */
static int one_offer(int argc, char **argv, const char *usage,
		     int (*act)(struct session *s, const mutu_record *offer, const char *id))
{
	const struct opt opts[] = { OPT_TABLE_END };
	mutu_record *offer;
	mutu_found found;
	struct session s;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	offer = open_offer(&s, nargs, argv, usage, &found);
	if ((err = act(&s, offer, found.key)) < 0)
		die_error(err);
	mutu_value_free(offer);
	session_end(&s);
	return 0;
}

/* --- lending --- */

static int cmd_lend(int argc, char **argv)
{
	const char *usage = N_("lend ID --to HANDLE [--until DATE] [--need NEED]");
	const char *to = NULL, *until = NULL, *need = NULL;
	const struct opt opts[] = {
		OPT_STRING(0, "to", &to, N_("HANDLE"), N_("the member who borrows it")),
		OPT_STRING(0, "until", &until, N_("DATE"), N_("due back then (YYYY-MM-DD, RFC 3339 or +DURATION; default: lending.loan_days)")),
		OPT_STRING(0, "need", &need, N_("NEED"), N_("the need this loan answers")),
		OPT_TABLE_END,
	};
	mutu_lend_request req = { 0 };
	mutu_found found, need_found;
	mutu_record *offer, *loan;
	struct session s;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	if (!to)
		usage_error(usage, "%s", _("--to is required: who borrows it?"));
	offer = open_offer(&s, nargs, argv, usage, &found);
	req.borrower = to;
	req.until = until;
	if (need) {
		if ((err = mutu_find(&need_found, s.st, &mutu_type_need, need)) < 0)
			die_error(err);
		req.need = need_found.key;
	}
	if ((err = mutu_lend(&loan, &s.ctx, offer, &req)) < 0)
		die_error(err);
	print_line(mutu_map_text(loan, "id"));
	tell(_("offer %.8s lent to %s, due %s"), found.key, to, mutu_map_text(loan, "due"));
	mutu_value_free(loan);
	mutu_value_free(offer);
	session_end(&s);
	return 0;
}

/* Tell who is first in line for the offer, once it is back. */
static void tell_first(mutu_store *st, const char *offer_id)
{
	mutu_lending l;

	if (mutu_lending_read(&l, st, offer_id) < 0) {
		mutu_error_clear();
		return;
	}
	if (l.nholds)
		tell(_("%s is first in line for offer %.8s"), mutu_map_text(l.holds[0], "member"), offer_id);
	mutu_lending_free(&l);
}


static int give_back(struct session *s, const mutu_record *offer, const char *id)
{
	mutu_record *loan;
	int err;

	if ((err = mutu_lend_return(&loan, &s->ctx, offer)) < 0)
		return err;
	tell(_("offer %.8s is back from %s"), id, mutu_map_text(loan, "borrower"));
	tell_first(s->st, id);
	mutu_value_free(loan);
	return 0;
}

static int cmd_return(int argc, char **argv)
{
	return one_offer(argc, argv, N_("return ID"), give_back);
}

static int get_in_line(struct session *s, const mutu_record *offer, const char *id)
{
	mutu_lending l;
	int err;

	if ((err = mutu_hold(&s->ctx, offer)) < 0)
		return err;
	if (mutu_lending_read(&l, s->st, id) == 0) {
		tell(_("you are in line for offer %.8s: place %zu"), id,
		     mutu_lending_place(&l, s->me.handle));
		mutu_lending_free(&l);
	}
	mutu_error_clear();
	return 0;
}

static int cmd_hold(int argc, char **argv)
{
	return one_offer(argc, argv, N_("hold ID"), get_in_line);
}

static int leave_line(struct session *s, const mutu_record *offer, const char *id)
{
	(void)id;
	return mutu_unhold(&s->ctx, offer);
}

static int cmd_unhold(int argc, char **argv)
{
	return one_offer(argc, argv, N_("unhold ID"), leave_line);
}

static int cmd_renew(int argc, char **argv)
{
	const char *usage = N_("renew ID [--until DATE]");
	const char *until = NULL;
	const struct opt opts[] = {
		OPT_STRING(0, "until", &until, N_("DATE"), N_("the new due date (default: lending.loan_days more)")),
		OPT_TABLE_END,
	};
	mutu_record *offer, *loan;
	mutu_found found;
	struct session s;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	offer = open_offer(&s, nargs, argv, usage, &found);
	if ((err = mutu_lend_renew(&loan, &s.ctx, offer, until)) < 0)
		die_error(err);
	print_line(mutu_map_text(loan, "due"));
	mutu_value_free(loan);
	mutu_value_free(offer);
	session_end(&s);
	return 0;
}



/* What `loans` says after its table: offers back with someone to tell,
 * and lines waiting (only a member's, with --member). */
struct waits {
	mutu_buf *b;
	const char *member;
	size_t told;
};

static int print_wait(const mutu_wait *w, void *payload)
{
	struct waits *x = payload;
	size_t i, place = 0;

	for (i = 0; x->member && i < w->nline; i++)
		if (!strcmp(w->line[i], x->member))
			place = i + 1;
	if (x->member && !place)
		return 0;
	x->told++;
	if (!w->borrower)
		mutu_buf_printf(x->b, _("offer %.8s is back: %s is first in line\n"), w->offer,
				w->line[0]);
	else if (place)
		mutu_buf_printf(x->b, _("offer %.8s is out until %.10s: %s is number %zu in line\n"),
				w->offer, w->due, x->member, place);
	else
		mutu_buf_printf(x->b, _("offer %.8s is out until %.10s: %zu waiting, %s first\n"),
				w->offer, w->due, w->nline, w->line[0]);
	return 0;
}

static int cmd_loans(int argc, char **argv)
{
	const char *usage = N_("loans [--overdue] [--member HANDLE] [--all]");
	const char *member = NULL;
	int overdue = 0, all = 0, nargs, err;
	const struct opt opts[] = {
		OPT_FLAG(0, "overdue", &overdue, N_("only loans past their due date")),
		OPT_STRING('m', "member", &member, N_("HANDLE"), N_("only what this member borrowed or waits for")),
		OPT_FLAG(0, "all", &all, N_("returned loans too")),
		OPT_TABLE_END,
	};
	const mutu_record_type *t = &mutu_type_loan;
	mutu_filter filters[2];
	mutu_query q = { 0 };
	mutu_buf b = MUTU_BUF_INIT;
	mutu_row *rows;
	mutu_store *st;
	time_t now;
	size_t n, i, k, nf = 0, told = 0;
	int due_at = mutu_type_summary_index(t, "due");

	parse_options(argc, argv, opts, usage, &nargs);
	if (nargs)
		usage_error(usage, _("unexpected argument '%s'"), mutu_utf8_clip(argv[0], 40));
	if (member && (err = mutu_handle_check(member)) < 0)
		die_error(err);
	if (!all || overdue)
		filters[nf++] = (mutu_filter){ "status", "out" };
	if (member)
		filters[nf++] = (mutu_filter){ "borrower", member };
	q.filters = filters;
	q.nfilters = nf;
	q.sort = mutu_type_sort(t, "due");
	if ((err = mutu_clock_now(&now)) < 0)
		die_error(err);
	st = open_commons();
	if ((err = mutu_list(&rows, &n, st, t, &q, progress)) < 0)
		die_error(err);
	for (i = k = 0; i < n; i++) {
		time_t due = 0;

		if (overdue && (mutu_clock_parse(&due, rows[i].values[due_at]) < 0 || due >= now)) {
			mutu_error_clear();
			free(rows[i].values);   /* a row is one allocation */
			continue;
		}
		rows[k++] = rows[i];
	}
	record_print_rows(st, t, rows, k, all && !overdue);
	if (output_format() == MUTU_FORMAT_TABLE) {
		struct waits w = { &b, member, 0 };

		if ((err = mutu_lending_waits(st, print_wait, &w)) < 0)
			die_error(err);
		emit(&b);
		told = w.told;
	}
	mutu_rows_free(rows, k);
	mutu_buf_free(&b);
	mutu_store_free(st);
	return k || told ? 0 : 1;
}

/* --- bookings --- */

static int cmd_book(int argc, char **argv)
{
	const char *usage = N_("book ID --from TIME --to TIME [--note TEXT]");
	const char *from = NULL, *to = NULL, *note = NULL;
	const struct opt opts[] = {
		OPT_STRING(0, "from", &from, N_("TIME"), N_("the start (RFC 3339 or +DURATION)")),
		OPT_STRING(0, "to", &to, N_("TIME"), N_("the end (RFC 3339 or +DURATION)")),
		OPT_STRING(0, "note", &note, N_("TEXT"), N_("what for")),
		OPT_TABLE_END,
	};
	mutu_record *offer, *booking;
	mutu_found found;
	struct session s;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	if (!from || !to)
		usage_error(usage, "%s", _("--from and --to are required"));
	offer = open_offer(&s, nargs, argv, usage, &found);
	if ((err = mutu_book(&booking, &s.ctx, offer, from, to, note)) < 0)
		die_error(err);
	print_line(mutu_map_text(booking, "id"));
	mutu_value_free(booking);
	mutu_value_free(offer);
	session_end(&s);
	return 0;
}

static int cmd_unbook(int argc, char **argv)
{
	const char *usage = N_("unbook BOOKING");
	const struct opt opts[] = { OPT_TABLE_END };
	mutu_record *booking;
	mutu_found found;
	struct session s;
	mutu_oid blob;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	booking = record_open(&s, &mutu_type_booking, nargs, argv, usage, &blob, &found);
	if ((err = mutu_unbook(&s.ctx, booking, found.path, &blob)) < 0)
		die_error(err);
	mutu_value_free(booking);
	session_end(&s);
	return 0;
}

/* Every booking of the commons, from the catalog: those not over yet,
 * or all. */
static int all_bookings(int all, time_t now)
{
	const mutu_record_type *t = &mutu_type_booking;
	mutu_query q = { NULL, 0, NULL, mutu_type_sort(t, "from"), 0 };
	int to_at = mutu_type_summary_index(t, "to"), err;
	mutu_store *st = open_commons();
	mutu_row *rows;
	time_t end;
	size_t n, i, k;

	if ((err = mutu_list(&rows, &n, st, t, &q, progress)) < 0)
		die_error(err);
	for (i = k = 0; i < n; i++) {
		if (!all && mutu_clock_parse(&end, rows[i].values[to_at]) == 0 && end <= now) {
			free(rows[i].values);
			continue;
		}
		mutu_error_clear();
		rows[k++] = rows[i];
	}
	record_print_rows(st, t, rows, k, 0);
	mutu_rows_free(rows, k);
	mutu_store_free(st);
	return k ? 0 : 1;
}

static int cmd_bookings(int argc, char **argv)
{
	const char *usage = N_("bookings [ID] [--all]");
	int all = 0, nargs, err;
	const struct opt opts[] = {
		OPT_FLAG(0, "all", &all, N_("past bookings too")),
		OPT_TABLE_END,
	};
	mutu_buf b = MUTU_BUF_INIT;
	mutu_record **recs, *offer;
	mutu_found found;
	mutu_store *st;
	time_t now, end;
	size_t n, i, k;

	parse_options(argc, argv, opts, usage, &nargs);
	if ((err = mutu_clock_now(&now)) < 0)
		die_error(err);
	if (!nargs)
		return all_bookings(all, now);
	st = open_commons();
	offer = record_load(st, O, nargs, argv, usage, NULL, &found);
	if ((err = mutu_bookings_of(&recs, &n, st, found.key)) < 0)
		die_error(err);
	for (i = k = 0; i < n; i++) {
		if (!all && mutu_clock_parse(&end, mutu_map_text(recs[i], "to")) == 0 && end <= now) {
			mutu_value_free(recs[i]);
			continue;
		}
		mutu_error_clear();
		recs[k++] = recs[i];
	}
	record_print_records(&b, &mutu_type_booking, recs, k, output_format());
	emit(&b);
	for (i = 0; i < k; i++)
		mutu_value_free(recs[i]);
	free(recs);
	mutu_buf_free(&b);
	mutu_value_free(offer);
	mutu_store_free(st);
	return k ? 0 : 1;
}

/* --- events --- */

static int take_part(struct session *s, const mutu_record *event, const char *id)
{
	const mutu_value *cap = mutu_map_get(event, "capacity");
	size_t rank;
	int err;

	if ((err = mutu_join(&rank, &s->ctx, event)) < 0)
		return err;
	if (cap && cap->type == MUTU_INT && (long long)rank > cap->u.num)
		tell(_("the event %.8s is full: you wait in line, number %lld"), id,
		     (long long)rank - cap->u.num);
	else
		tell(_("you take part in the event %.8s"), id);
	return 0;
}

static int cmd_join(int argc, char **argv)
{
	return one_offer(argc, argv, N_("join ID"), take_part);
}

static int stay_away(struct session *s, const mutu_record *event, const char *id)
{
	(void)id;
	return mutu_leave(&s->ctx, event);
}

static int cmd_leave(int argc, char **argv)
{
	return one_offer(argc, argv, N_("leave ID"), stay_away);
}


/* --- what list adds --- */

struct lent {
	char offer[16];
	char text[64];
};

static struct lent *lent;
static size_t nlent;

static int lent_order(const void *a, const void *b)
{
	return strcmp(((const struct lent *)a)->offer, ((const struct lent *)b)->offer);
}

static const char *lent_value(const mutu_row *row, void *payload)
{
	struct lent key, *found;

	(void)payload;
	snprintf(key.offer, sizeof(key.offer), "%s", row->key);
	found = bsearch(&key, lent, nlent, sizeof(*lent), lent_order);
	return found ? found->text : "";
}

/* The column an offer list's table adds: to whom each offer is lent and
 * until when; NULL when nothing is out. */
static const struct record_column *offer_lent_column(mutu_store *st)
{
	static const struct record_column column = { N_("LENT TO"), lent_value, NULL };
	const mutu_record_type *t = &mutu_type_loan;
	const mutu_filter out = { "status", "out" };
	mutu_query q = { &out, 1, NULL, NULL, 0 };
	int offer_at = mutu_type_summary_index(t, "offer");
	int borrower_at = mutu_type_summary_index(t, "borrower");
	int due_at = mutu_type_summary_index(t, "due");
	mutu_row *rows;
	size_t n, i;
	int err;

	if ((err = mutu_list(&rows, &n, st, t, &q, NULL)) < 0)
		die_error(err);
	if (!n || !(lent = calloc(n, sizeof(*lent)))) {
		mutu_rows_free(rows, n);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		snprintf(lent[i].offer, sizeof(lent[i].offer), "%s", rows[i].values[offer_at]);
		snprintf(lent[i].text, sizeof(lent[i].text), _("%s until %.10s"),
			 rows[i].values[borrower_at], rows[i].values[due_at]);
	}
	nlent = n;
	qsort(lent, nlent, sizeof(*lent), lent_order);
	mutu_rows_free(rows, n);
	return &column;
}

/* --- what show adds --- */


static void handles(mutu_buf *b, mutu_record *const *recs, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		if (i > from)
			mutu_buf_puts(b, ", ");
		mutu_utf8_escape(b, mutu_map_text(recs[i], "member"), 0);
	}
	mutu_buf_putc(b, '\n');
}

/* After an offer `show` prints: its loan, its line, its roll, its
 * bookings to come (a table only: json and yaml print the record alone). */
static void offer_show_more(mutu_buf *b, mutu_store *st, const mutu_found *found,
			    const mutu_record *rec, mutu_format f)
{
	mutu_buf who = MUTU_BUF_INIT;
	mutu_record **bookings;
	mutu_lending l;
	mutu_roll roll;
	time_t now, end;
	size_t i, n, in;

	if (f != MUTU_FORMAT_TABLE)
		return;
	if (mutu_lending_read(&l, st, found->key) == 0) {
		if (l.out >= 0) {
			record_print_label(b, _("Lent to:"));
			mutu_utf8_escape(b, mutu_map_text(l.loans[l.out], "borrower"), 0);
			mutu_buf_printf(b, _(", due %s (loan %.8s)\n"), mutu_map_text(l.loans[l.out], "due"),
					mutu_map_text(l.loans[l.out], "id"));
		}
		if (l.nholds) {
			record_print_label(b, l.out >= 0 ? _("In line:") : _("Back for:"));
			handles(b, l.holds, 0, l.nholds);
		}
		mutu_lending_free(&l);
	}
	mutu_error_clear();
	if (!strcmp(mutu_map_text(rec, "kind"), "event") && mutu_roll_read(&roll, st, rec) == 0) {
		in = roll.capacity && (size_t)roll.capacity < roll.n ? (size_t)roll.capacity : roll.n;
		record_print_label(b, _("Places:"));
		if (roll.capacity)
			mutu_buf_printf(b, _("%zu of %ld taken\n"), in, roll.capacity);
		else
			mutu_buf_printf(b, _("%zu taken, no limit\n"), in);
		if (in) {
			record_print_label(b, _("Going:"));
			handles(b, roll.attendees, 0, in);
		}
		if (roll.n > in) {
			record_print_label(b, _("Waiting:"));
			handles(b, roll.attendees, in, roll.n);
		}
		mutu_roll_free(&roll);
	}
	mutu_error_clear();
	if (mutu_clock_now(&now) == 0 && mutu_bookings_of(&bookings, &n, st, found->key) == 0) {
		int first = 1;

		for (i = 0; i < n; i++) {
			if (mutu_clock_parse(&end, mutu_map_text(bookings[i], "to")) == 0 && end > now) {
				record_print_label(b, first ? _("Booked:") : "");
				mutu_buf_clear(&who);
				mutu_utf8_escape(&who, mutu_map_text(bookings[i], "member"), 0);
				mutu_buf_printf(b, _("%s to %s by %s (%.8s)\n"),
						mutu_map_text(bookings[i], "from"),
						mutu_map_text(bookings[i], "to"), mutu_buf_cstr(&who),
						mutu_map_text(bookings[i], "id"));
				first = 0;
			}
			mutu_value_free(bookings[i]);
		}
		free(bookings);
	}
	mutu_buf_free(&who);
	mutu_error_clear();
}

/* --- needs met --- */

static int cmd_meet(int argc, char **argv)
{
	const char *usage = N_("meet ID --by OFFER [--hours N]");
	const char *by = NULL, *hours = NULL;
	const struct opt opts[] = {
		OPT_STRING(0, "by", &by, N_("OFFER"), N_("the offer that met the need")),
		OPT_STRING(0, "hours", &hours, N_("N"), N_("hours you pay its author (time bank)")),
		OPT_TABLE_END,
	};
	mutu_record *need, *offer, *exchange;
	mutu_found found, offer_found;
	struct session s;
	mutu_oid blob;
	long minutes = 0;
	int nargs, err;

	parse_options(argc, argv, opts, usage, &nargs);
	if (!by)
		usage_error(usage, "%s", _("--by is required: which offer met the need?"));
	if (hours && (err = mutu_hours_parse(&minutes, hours)) < 0)
		die_error(err);
	need = record_open(&s, &mutu_type_need, nargs, argv, usage, &blob, &found);
	if ((err = mutu_find(&offer_found, s.st, O, by)) < 0 ||
	    (err = mutu_find_load(&offer, NULL, s.st, &offer_found, MUTU_FIND_QUIET)) < 0)
		die_error(err);
	if ((err = mutu_need_meet(&exchange, &s.ctx, need, &blob, offer, minutes)) < 0)
		die_error(err);
	print_line(mutu_map_text(exchange, "id"));
	mutu_value_free(exchange);
	mutu_value_free(offer);
	mutu_value_free(need);
	session_end(&s);
	return 0;
}

static const struct verb offer_verbs[] = {
	{ "lend", cmd_lend, NULL, N_("lend one to a member (prints the loan's id)") },
	{ "return", cmd_return, NULL, N_("record that a lent one is back") },
	{ "renew", cmd_renew, NULL, N_("extend a loan (prints the new due date)") },
	{ "hold", cmd_hold, NULL, N_("wait in line for one that is lent out") },
	{ "unhold", cmd_unhold, NULL, N_("leave the line") },
	{ "loans", cmd_loans, NULL, N_("what is lent out, to whom, until when") },
	{ "book", cmd_book, NULL, N_("book one for a time (prints the booking's id)") },
	{ "unbook", cmd_unbook, NULL, N_("cancel a booking") },
	{ "bookings", cmd_bookings, NULL, N_("the bookings of one, or of all") },
	{ "join", cmd_join, NULL, N_("take part in an event") },
	{ "leave", cmd_leave, NULL, N_("no longer take part in an event") },
	{ NULL, NULL, NULL, NULL },
};

static const struct verb need_verbs[] = {
	{ "meet", cmd_meet, NULL, N_("record the offer that met one, and close it") },
	{ NULL, NULL, NULL, NULL },
};

const struct item_extras offer_extras = { offer_verbs, offer_show_more, offer_lent_column, 1 };
const struct item_extras need_extras = { need_verbs, NULL, NULL, 0 };
