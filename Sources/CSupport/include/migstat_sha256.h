#ifndef MIGSTAT_SHA256_H
#define MIGSTAT_SHA256_H
#include <stddef.h>
#include <stdint.h>

/// SHA-256 state: hashing a delivery of hundreds of MB must cost little beside parsing it, so the block
/// function uses the CPU's SHA extensions when it has them (x86 SHA-NI) and portable C otherwise.
typedef struct {
    uint32_t state[8];
    uint8_t buffer[64];
    size_t buffered;
    uint64_t length;
} migstat_sha256_ctx;

void migstat_sha256_init(migstat_sha256_ctx *ctx);
void migstat_sha256_update(migstat_sha256_ctx *ctx, const void *data, size_t length);
/// Writes the 32-byte digest.
void migstat_sha256_final(migstat_sha256_ctx *ctx, uint8_t digest[32]);
/// 1 when the SHA-NI block function is in use (for the benchmark's report).
int migstat_sha256_accelerated(void);
#endif
