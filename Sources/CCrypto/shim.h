/* OpenSSL's libcrypto, for SHA-256 only (EVP digests pick the CPU's SHA extensions themselves). Debian's
 * libssl-dev; no pkg-config lookup, so the build stays quiet where it is missing. */
#include <openssl/evp.h>
