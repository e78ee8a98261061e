/*
 * credential — the user's own credentials for fetch and push, found the
 * way git finds them, and never asked for on a terminal.
 *
 * ssh: the user named in the URL, else the local user name; ssh-agent
 * first, then the key files ~/.ssh/id_ed25519, id_ecdsa and id_rsa, one
 * more on each call libgit2 makes after the server refused the last one.
 * A key protected by a passphrase is skipped (there is nobody to type it):
 * the final error says to add it to ssh-agent.
 *
 * HTTP(S): a user and password in the URL are presented by libgit2
 * itself, before it calls back; being called for such a URL means they
 * were refused, and the callback fails at once. Otherwise the user's
 * credential helpers (credential.helper and credential.<url>.helper, with
 * credential.username and credential.useHttpPath, run as git runs them:
 * git's protocol on their stdin and stdout, this process's environment,
 * git found on PATH) are asked in turn, the first that gives a user name
 * and a password winning. mutu_credential_done() then tells every helper
 * "store" or "erase", as git does after a fetch or push that worked or
 * was refused.
 *
 * Each way is tried once: a credential the server refused is not offered
 * again, and the callback then fails with the reason (no loop, whatever
 * libgit2 retries). An interactive prompt is left out on purpose: mutu may
 * run in a pipeline, and a helper (git-credential-libsecret, gh, a script)
 * is where a person types a password.
 *
 * The library reads no environment: the command passes $HOME,
 * $SSH_AUTH_SOCK and the user name in mutu_credential_opts.
 */
#ifndef MUTU_CREDENTIAL_H
#define MUTU_CREDENTIAL_H

#include <git2.h>

typedef struct mutu_credential mutu_credential;
struct mutu_store;

/* What the command knows of the user: lib/ never reads the environment. */
typedef struct {
	const char *home;   /* $HOME: where .ssh/ lives; NULL: no key files */
	const char *agent;  /* $SSH_AUTH_SOCK: ssh-agent's socket, asked first
			     * if it answers; NULL: no agent. libssh2 reads the
			     * variable itself: pass the same value */
	const char *user;   /* the local user name, for ssh URLs without one */
	git_config *config; /* credential.* comes from here (the repository's
			     * configuration includes the global and system
			     * ones); NULL: no helper. Borrowed: it must
			     * outlive the mutu_credential */
} mutu_credential_opts;

/* A new, empty state for one remote; the strings of opts are copied. */
int mutu_credential_new(mutu_credential **out, const mutu_credential_opts *opts);

/* The same for the user of st (NULL: of no repository): credential.*
 * from its configuration, which c then owns; opts->config is ignored. */
int mutu_credential_for_user(mutu_credential **out, struct mutu_store *st,
			     const mutu_credential_opts *opts);

/* Free c (NULL is fine); the password it held is wiped first. */
void mutu_credential_free(mutu_credential *c);

/*
 * The git_credential_acquire_cb for git_remote_callbacks.credentials; payload
 * is the mutu_credential. libgit2 calls it again after each refusal: each
 * call gives the next way (see above). When none is left it returns
 * GIT_EAUTH, and the reason, naming the URL (without its password), is
 * both libgit2's last error and mutu's (MUTU_EPERM), so the fetch or push
 * that called it fails with that message. Other failures (memory) return
 * -1. A helper that cannot be run, fails or answers something other than
 * key=value lines is reported through mutu_warn() and the next one asked.
 */
int mutu_credential_acquire(git_credential **out, const char *url, const char *username_from_url,
			    unsigned int allowed_types, void *payload);

/*
 * After each fetch or push (each is one connection): ok says whether it
 * worked. A user name and password a helper gave are then sent to every
 * helper with "store" if ok, or with "erase" if the server refused them;
 * nothing is sent after any other failure (a network error says nothing
 * about a password), nor for a password the URL held. Then c starts over
 * for the next connection: call this between a fetch and a push, or the
 * push would begin where the fetch's attempts ended.
 */
void mutu_credential_done(mutu_credential *c, int ok);

#endif
