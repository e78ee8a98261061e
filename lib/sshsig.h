/*
 * sshsig — checking an SSH signature in process: the armored
 * "-----BEGIN SSH SIGNATURE-----" block that `ssh-keygen -Y sign` writes
 * and git keeps in a commit's gpgsig header (OpenSSH's PROTOCOL.sshsig).
 *
 * An audit checks every signed commit of a history; a process per
 * commit would cost seconds per thousand commits, so the signature is
 * checked here with libcrypto: ssh-ed25519, ecdsa-sha2-nistp256/384/521
 * and ssh-rsa (signed rsa-sha2-256 or rsa-sha2-512; plain ssh-rsa SHA-1
 * signatures are refused, as OpenSSH refuses them), hashed sha256 or
 * sha512. Security-key types (sk-*) are not checked here: MUTU_ENOMATCH
 * says so, and the caller may ask ssh-keygen.
 *
 * Input is hostile: every length is checked against what is left before
 * it is used, and the armored text is bounded (64 KiB).
 */
#ifndef MUTU_SSHSIG_H
#define MUTU_SSHSIG_H

#include <stddef.h>

/*
 * Check that sig (the armored text, sig_len bytes, trailing newline
 * optional) signs msg (msg_len bytes) in namespace ns (not NULL; "git"
 * for commits; the signature's namespace must be exactly this).
 *
 * 0: the signature is good; *signer, when signer is not NULL, gets the
 * signing public key as an OpenSSH key line without comment
 * ("ssh-ed25519 AAAA…", malloc'd), to be compared with the keys a member
 * has (member.h mutu_key_same). On any failure *signer is NULL.
 *
 * MUTU_EDATA (the last error saying why, one line): not an SSH
 * signature, malformed, another namespace, a key and signature algorithm
 * that disagree, or a signature that does not verify.
 * MUTU_ENOMATCH: a key type this module does not check (sk-*, unknown).
 * MUTU_ENOMEM.
 */
int mutu_sshsig_verify(char **signer, const char *sig, size_t sig_len, const char *ns,
		       const void *msg, size_t msg_len);

#endif
