/*
 * sign — mutu's commits signed the way git signs with SSH keys, so that
 * plain `git verify-commit` and `git log --show-signature` accept them.
 *
 * The key is the one git's own configuration names: gpg.format=ssh and
 * user.signingkey, a private key file, a public key whose private half
 * ssh-agent holds, or a literal "key::ssh-ed25519 AAAA…" (agent). The
 * store builds the commit's bytes; `ssh-keygen -Y sign -n git` (or
 * gpg.ssh.program) signs them; the store attaches the armored signature
 * as the commit's gpgsig header.
 *
 * The allowed signers file git reads to verify (gpg.ssh.allowedSignersFile)
 * is derived from members/: every member's keys under their email, in
 * the namespace git. mutu keeps it in <gitdir>/mutu/allowed_signers and
 * rewrites it when members/ changed. It is a convenience for plain git:
 * which key counted for whom, and when, is the audit's to say, from the
 * members/ of each commit's parent.
 */
#ifndef MUTU_SIGN_H
#define MUTU_SIGN_H

#include "store.h"

#include <stddef.h>

typedef struct mutu_signer mutu_signer;

/* The signer git's configuration of st names, or *out NULL when it names
 * none (gpg.format is not ssh, or no user.signingkey): commits are then
 * unsigned. */
int mutu_signer_from_config(mutu_signer **out, mutu_store *st);

void mutu_signer_free(mutu_signer *s);

/* A mutu_sign_fn (store.h); payload is the mutu_signer. A key that
 * cannot sign is MUTU_EIO naming it: the commit is not made. */
int mutu_signer_sign(char **signature, const char *buffer, size_t len, void *payload);

/* Bring <gitdir>/mutu/allowed_signers in step with members/ at the tip
 * and point gpg.ssh.allowedSignersFile at it (a copy with a work tree or
 * bare alike). Cheap when members/ did not change. */
int mutu_allowed_signers_refresh(mutu_store *st);

#endif
