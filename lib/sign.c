#include "sign.h"

#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "member.h"
#include "record.h"
#include "run.h"
#include "store_git.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An armored SSH signature is a few hundred bytes. */
#define SIGNATURE_MAX 65536

struct mutu_signer {
	char *program;   /* gpg.ssh.program, else ssh-keygen */
	char *key;       /* a key file, or a literal public key (agent) */
	int literal;
};

void mutu_signer_free(mutu_signer *s)
{
	if (!s)
		return;
	free(s->program);
	free(s->key);
	free(s);
}

static char *config_string(git_config *cfg, const char *name, int path)
{
	git_buf b = { 0 };
	char *s = NULL;

	if ((path ? git_config_get_path(&b, cfg, name) : git_config_get_string_buf(&b, cfg, name)) == 0)
		s = strdup(b.ptr);
	git_buf_dispose(&b);
	git_error_clear();
	return s;
}

int mutu_signer_from_config(mutu_signer **out, mutu_store *st)
{
	git_config *cfg = NULL;
	char *format = NULL, *key = NULL;
	mutu_signer *s = NULL;
	int err = 0;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, mutu_store_repository(st)) < 0)
		return mutu_error_git(_("cannot read the git configuration"));
	format = config_string(cfg, "gpg.format", 0);
	if (!format || strcmp(format, "ssh") != 0)
		goto out;   /* git signs with ssh keys only then; mutu too */
	/* a literal key, "key::…" (or git's older bare "ssh-…"), is read as
	 * it is; anything else is a path, "~/" expanded as git does */
	key = config_string(cfg, "user.signingkey", 0);
	if (!key || !*key)
		goto out;
	if (!(s = calloc(1, sizeof(*s)))) {
		err = mutu_error_nomem();
		goto out;
	}
	if (!strncmp(key, "key::", 5) || !strncmp(key, "ssh-", 4)) {
		s->literal = 1;
		s->key = strdup(key + (key[0] == 'k' ? 5 : 0));
	} else {
		s->key = config_string(cfg, "user.signingkey", 1);
	}
	s->program = config_string(cfg, "gpg.ssh.program", 1);
	if (!s->program)
		s->program = strdup("ssh-keygen");
	if (!s->key || !s->program) {
		err = mutu_error_nomem();
		goto out;
	}
	*out = s;
	s = NULL;
out:
	mutu_signer_free(s);
	free(format);
	free(key);
	git_config_free(cfg);
	return err;
}

int mutu_signer_sign(char **signature, const char *buffer, size_t len, void *payload)
{
	const mutu_signer *s = payload;
	char tmp[] = "/tmp/mutu-signing-key.XXXXXX";
	const char *argv[9];
	mutu_buf sig = MUTU_BUF_INIT;
	size_t n = 0;
	int fd = -1, err;

	*signature = NULL;
	if (s->literal) {
		/* ssh-keygen reads a key from a file: the public half, for the
		 * agent to sign with (-U) */
		size_t klen = strlen(s->key);

		if ((fd = mkstemp(tmp)) < 0 || write(fd, s->key, klen) != (ssize_t)klen ||
		    write(fd, "\n", 1) != 1) {
			err = mutu_error_set(MUTU_EIO, _("cannot write the signing key to %s: %s"), tmp,
					     strerror(errno));
			goto out;
		}
	}
	argv[n++] = s->program;
	argv[n++] = "-Y";
	argv[n++] = "sign";
	argv[n++] = "-n";
	argv[n++] = "git";
	argv[n++] = "-f";
	argv[n++] = s->literal ? tmp : s->key;
	if (s->literal)
		argv[n++] = "-U";
	argv[n] = NULL;
	if ((err = mutu_run(argv, buffer, len, &sig, SIGNATURE_MAX,
			    _("cannot sign the commit with user.signingkey"))) < 0)
		goto out;
	while (sig.len && (sig.ptr[sig.len - 1] == '\n' || sig.ptr[sig.len - 1] == '\r'))
		sig.len--;
	if (!sig.len || strncmp(sig.ptr, "-----BEGIN SSH SIGNATURE-----", 29) != 0) {
		err = mutu_error_set(MUTU_EIO, _("cannot sign the commit: %s gave no SSH signature"),
				     s->program);
		goto out;
	}
	sig.ptr[sig.len] = '\0';
	if ((err = mutu_buf_check(&sig)) == 0) {
		*signature = sig.ptr;
		sig.ptr = NULL;
	}
out:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	mutu_buf_free(&sig);
	return err;
}

/* --- the allowed signers file --- */

struct signers {
	mutu_store *st;
	mutu_buf text;
};

/* One line per key of one member: "email namespaces="git" key". */
static int member_keys(const char *handle, const mutu_record *rec, void *payload)
{
	struct signers *s = payload;
	const char *email = mutu_map_str(rec, "email");
	const mutu_value *keys = mutu_map_get(rec, "keys");
	size_t i;

	(void)handle;
	/* only what cannot break the file's lines: the schema's own shapes */
	if (!email || strpbrk(email, " \t\r\n\"") || !keys || keys->type != MUTU_SEQ)
		return 0;
	for (i = 0; i < keys->u.seq.len; i++) {
		const mutu_value *k = keys->u.seq.items[i];

		if (k->type == MUTU_STR && !strpbrk(k->u.str, "\r\n") &&
		    (!strncmp(k->u.str, "ssh-", 4) || !strncmp(k->u.str, "ecdsa-", 6) ||
		     !strncmp(k->u.str, "sk-", 3)))
			mutu_buf_printf(&s->text, "%s namespaces=\"git\" %s\n", email, k->u.str);
	}
	return 0;
}

static int write_file(const char *path, const char *data, size_t len)
{
	char tmp[4200];
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0)
		return mutu_error_set(MUTU_EIO, "%s: %s", tmp, strerror(errno));
	if ((len && write(fd, data, len) != (ssize_t)len) || close(fd) < 0 || rename(tmp, path) < 0) {
		int e = errno;

		unlink(tmp);
		return mutu_error_set(MUTU_EIO, "%s: %s", path, strerror(e));
	}
	return 0;
}

int mutu_allowed_signers_refresh(mutu_store *st)
{
	struct signers s = { st, MUTU_BUF_INIT };
	char own[4096], path[4200], stamp_path[4300], hex[41], have[64] = "";
	char *configured = NULL;
	mutu_oid dir, tip;
	FILE *f;
	int err, found;

	snprintf(own, sizeof(own), "%smutu", mutu_store_git_dir(st));
	if (mkdir(own, 0777) < 0 && errno != EEXIST)
		return mutu_error_set(MUTU_EIO, "%s: %s", own, strerror(errno));
	snprintf(path, sizeof(path), "%s/allowed_signers", own);
	snprintf(stamp_path, sizeof(stamp_path), "%s.tree", path);
	err = mutu_store_dir(&dir, st, "members");
	if (err < 0 && err != MUTU_ENOTFOUND)
		return err;
	found = err == 0;
	mutu_error_clear();
	if (found)
		mutu_oid_fmt(hex, &dir);
	else
		strcpy(hex, "none");
	/* what the file was made from: nothing to do when members/ is the same */
	if ((f = fopen(stamp_path, "re"))) {
		if (!fgets(have, sizeof(have), f))
			have[0] = '\0';
		fclose(f);
	}
	if (mutu_store_config_get(&configured, st, "gpg.ssh.allowedSignersFile") < 0)
		mutu_error_clear();
	if (!strncmp(have, hex, 40) && configured && !strcmp(configured, path)) {
		free(configured);
		return 0;
	}
	if (found && ((err = mutu_store_tip_tree(&tip, st)) < 0 ||
		      (err = mutu_members_each(st, &tip, member_keys, &s)) < 0))
		goto out;
	if ((err = mutu_buf_check(&s.text)) < 0 || (err = write_file(path, s.text.ptr ? s.text.ptr : "", s.text.len)) < 0 ||
	    (err = write_file(stamp_path, hex, strlen(hex))) < 0)
		goto out;
	if (!configured || strcmp(configured, path) != 0)
		err = mutu_store_config_set(st, "gpg.ssh.allowedSignersFile", path);
out:
	free(configured);
	mutu_buf_free(&s.text);
	return err;
}
