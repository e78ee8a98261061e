/*
 * govcheck — the governance rules a merge must look at (checks.h):
 *
 *   ballot-window      a ballot that reached the commons outside its
 *                      proposal's vote window, or after its count was
 *                      closed without it (cast on a copy that was
 *                      offline): it does not count, and the voter is told;
 *   rules-during-vote  rules.yaml changed on one copy while a vote
 *                      started on another: the vote keeps the terms it
 *                      started under, and the members are told.
 */
#ifndef MUTU_GOVCHECK_H
#define MUTU_GOVCHECK_H

#include "checks.h"

extern const mutu_check mutu_check_ballot_window;
extern const mutu_check mutu_check_rules_during_vote;

#endif
