#!/usr/bin/env bash
# sign.sh: Authenticode-sign Windows files (exe, msi) in place with osslsigncode.
#
#   SIGN_CERT=cert.pem SIGN_KEY=key.pem [SIGN_TIMESTAMP_URL=URL] sign.sh FILE...
#
# SIGN_CERT is the code-signing certificate with its chain (PEM or DER), or a
# PKCS#12 file (.p12, .pfx) holding certificate and key, with SIGN_KEY unset.
# A key's passphrase, if it has one, is read from the file SIGN_PASS_FILE (never
# given on the command line, where other users' `ps` would see it).
# SIGN_TIMESTAMP_URL is an RFC 3161 time-stamping service; with one, signatures
# stay valid after the certificate expires. The digest is SHA-256.
set -euo pipefail

: "${SIGN_CERT:?sign.sh: set SIGN_CERT (and SIGN_KEY) to sign}"
if [[ ! -f $SIGN_CERT ]]; then
	echo "sign.sh: SIGN_CERT: no file $SIGN_CERT" >&2
	exit 1
fi
args=(-h sha256 -n otptray -i https://github.com/otptray/otptray)
case $SIGN_CERT in
*.p12 | *.pfx)
	args+=(-pkcs12 "$SIGN_CERT")
	;;
*)
	: "${SIGN_KEY:?sign.sh: set SIGN_KEY to the private key of the certificate}"
	args+=(-certs "$SIGN_CERT" -key "$SIGN_KEY")
	;;
esac
if [[ -n ${SIGN_PASS_FILE:-} ]]; then
	args+=(-readpass "$SIGN_PASS_FILE")
fi
if [[ -n ${SIGN_TIMESTAMP_URL:-} ]]; then
	args+=(-ts "$SIGN_TIMESTAMP_URL")
fi

for f in "$@"; do
	rm -f "$f.signed"
	osslsigncode sign "${args[@]}" -in "$f" -out "$f.signed" >/dev/null
	mv "$f.signed" "$f"
	echo "signed $f"
done
