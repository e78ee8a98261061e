/*
 * gitinit — libgit2 started once per process, without paying at start-up
 * for what only a network remote needs (see gitinit.c).
 */
#ifndef MUTU_GITINIT_H
#define MUTU_GITINIT_H

/* Initialise libgit2 (idempotent). */
int mutu_git_init(void);

#endif
