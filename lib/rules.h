/*
 * rules — the commons' governance settings (rules.yaml), with the
 * defaults mutu(7) documents for every key left out, so that a commons
 * made by an older mutu reads the same as one made today.
 *
 * rules.yaml changes only by applying an accepted proposal (see
 * proposal.h); this module only reads it and checks a proposed one.
 */
#ifndef MUTU_RULES_H
#define MUTU_RULES_H

#include "record.h"
#include "store.h"
#include "tally.h"

typedef enum {
	MUTU_MEMBERSHIP_OPEN,         /* any member adds a member */
	MUTU_MEMBERSHIP_SPONSORED,    /* any member, who vouches: the record says who */
	MUTU_MEMBERSHIP_BY_PROPOSAL,  /* only an accepted proposal admits a member */
} mutu_membership;

typedef struct {
	mutu_membership membership;
	int require_signatures;
	/* voting */
	mutu_method method;           /* a proposal's method unless it picks one */
	unsigned methods;             /* the methods a proposal may pick: bit (1u << method) */
	unsigned quorum;              /* the least a proposal may ask for, in % */
	unsigned threshold;
	long discussion;              /* least time from discussion to vote, in seconds */
	long vote;                    /* least time a vote stays open, in seconds */
	int early_close;              /* a vote every active member took part in may close early */
	/* lending and booking (the tool library's) */
	long max_items, loan_days, renewals, min_balance, buffer_minutes;
	int allow_past;               /* a booking may start before now */
} mutu_rules;

/* The rules.yaml mutu init writes: every default, spelt out. */
int mutu_rules_default_record(mutu_record **out);

/* The settings of a rules.yaml record already checked against its schema
 * (named name in messages), defaults for what it leaves out. */
int mutu_rules_from_record(mutu_rules *out, const mutu_record *rec, const char *name);

/* The rules at the tip. A missing rules.yaml is the defaults; one that
 * fails its schema is MUTU_EDATA: governance never runs on rules it
 * cannot read. */
int mutu_rules_load(mutu_rules *out, mutu_store *st);

#endif
