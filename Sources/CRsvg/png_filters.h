// The image data's rows as libpng 1.6.39 filters them for cairo (png_rows.h): cairo's xRGB pixels to R, G, B,
// and each row's filter chosen by libpng's rule (pngwutil.c, png_write_find_filter), 16 bytes at a time.
#pragma once
#include <png.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

// Swift's clang compiles an imported header for size: without this, the filter in the loops below is tested
// per byte instead of each loop being compiled for its one filter.
#define MIGSTAT_PNG_INLINE static inline __attribute__((always_inline))

// cairo's convert_data_to_bytes with libpng's filler dropped: native-endian xRGB pixels to R, G, B. `out` has two
// bytes to spare: whole words are stored and the bytes past a pixel overwritten by the next. With SSE2 four
// pixels B, G, R, x become R, G, B, 0 words, two in a 64-bit half packed into six bytes, each half stored;
// otherwise on a little-endian machine a pixel is byte-swapped and shifted to R, G, B, 0.
static inline void migstat_png_rgb(uint8_t *restrict out, const uint8_t *restrict in, size_t pixels) {
    size_t i = 0;
#ifdef __SSE2__
    __m128i byte = _mm_set1_epi32(0xff), green = _mm_set1_epi32(0xff00);
    __m128i first = _mm_set1_epi64x(0xffffff), second = _mm_set1_epi64x(0xffffff000000);
    for (; i + 4 <= pixels; i += 4) {
        __m128i v = _mm_loadu_si128((const __m128i *)(in + 4 * i));
        __m128i rgb = _mm_or_si128(_mm_or_si128(_mm_and_si128(_mm_srli_epi32(v, 16), byte), _mm_and_si128(v, green)),
                                   _mm_slli_epi32(_mm_and_si128(v, byte), 16));
        __m128i packed = _mm_or_si128(_mm_and_si128(rgb, first), _mm_and_si128(_mm_srli_epi64(rgb, 8), second));
        _mm_storel_epi64((__m128i *)(out + 3 * i), packed);
        _mm_storel_epi64((__m128i *)(out + 3 * i + 6), _mm_srli_si128(packed, 8));
    }
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i < pixels; i++) {
        uint32_t pixel;
        memcpy(&pixel, in + 4 * i, sizeof pixel);
        pixel = __builtin_bswap32(pixel) >> 8;
        memcpy(out + 3 * i, &pixel, sizeof pixel);
    }
#endif
    for (; i < pixels; i++) {
        uint32_t pixel;
        memcpy(&pixel, in + 4 * i, sizeof pixel);
        out[3 * i] = (uint8_t)(pixel >> 16);
        out[3 * i + 1] = (uint8_t)(pixel >> 8);
        out[3 * i + 2] = (uint8_t)pixel;
    }
}

// What libpng 1.6 (pngwutil.c, png_setup_*_row) adds up for a filtered byte v: v < 128 ? v : 256 - v.
MIGSTAT_PNG_INLINE uint8_t migstat_png_cost(uint8_t v) {
    uint8_t negative = (uint8_t)-v;
    return v < negative ? v : negative;
}

MIGSTAT_PNG_INLINE uint8_t migstat_png_paeth(int a, int b, int c) {
    int p = b - c, q = a - c;
    int pa = abs(p), pb = abs(q), pc = abs(p + q);
    return (uint8_t)((pa <= pb && pa <= pc) ? a : (pb <= pc) ? b : c);
}

enum { MIGSTAT_PNG_IDAT = 8192 };   // libpng's zbuffer_size (PNG_ZBUF_SIZE): each IDAT chunk but the last

// The prediction of byte i by a filter (its byte value), the pixel left of the first and the row above the
// first zeros (libpng's first row is under its previous row's buffer, zeroed).
MIGSTAT_PNG_INLINE uint8_t migstat_png_predict(int filter, const uint8_t *restrict row, const uint8_t *restrict up, size_t i) {
    uint8_t left = i >= 3 ? row[i - 3] : 0, corner = i >= 3 ? up[i - 3] : 0;
    switch (filter) {
    case PNG_FILTER_VALUE_NONE: return 0;
    case PNG_FILTER_VALUE_SUB: return left;
    case PNG_FILTER_VALUE_UP: return up[i];
    case PNG_FILTER_VALUE_AVG: return (uint8_t)((left + up[i]) / 2);
    default: return migstat_png_paeth(left, up[i], corner);
    }
}

// The row's bytes [from, to) filtered into `out` and the sum of their cost, one byte at a time: what
// `migstat_png_sum` does 16 bytes at a time where it can.
MIGSTAT_PNG_INLINE uint32_t migstat_png_sum_bytes(int filter, const uint8_t *restrict row, const uint8_t *restrict up,
                                                  size_t from, size_t to, uint8_t *restrict out) {
    uint32_t sum = 0;
    for (size_t i = from; i < to; i++) {
        out[i] = (uint8_t)(row[i] - migstat_png_predict(filter, row, up, i));
        sum += migstat_png_cost(out[i]);
    }
    return sum;
}

// Swift's clang compiles an imported header's loops for size: it does not vectorise them (asked to, it masks
// every load), hence SSE2 spelled out (x86-64 always has it); elsewhere the bytes one at a time.
#ifdef __SSE2__
MIGSTAT_PNG_INLINE __m128i migstat_png_select(__m128i mask, __m128i yes, __m128i no) {
    return _mm_or_si128(_mm_and_si128(mask, yes), _mm_andnot_si128(mask, no));
}

// libpng's Paeth predictor of 8 bytes widened to 16 bits: a left, b up, c up-left.
MIGSTAT_PNG_INLINE __m128i migstat_png_paeth8(__m128i a, __m128i b, __m128i c) {
    __m128i zero = _mm_setzero_si128();
    __m128i p = _mm_sub_epi16(b, c), q = _mm_sub_epi16(a, c), r = _mm_add_epi16(p, q);
    __m128i pa = _mm_max_epi16(p, _mm_sub_epi16(zero, p));
    __m128i pb = _mm_max_epi16(q, _mm_sub_epi16(zero, q));
    __m128i pc = _mm_max_epi16(r, _mm_sub_epi16(zero, r));
    __m128i not_a = _mm_or_si128(_mm_cmpgt_epi16(pa, pb), _mm_cmpgt_epi16(pa, pc));
    return migstat_png_select(not_a, migstat_png_select(_mm_cmpgt_epi16(pb, pc), c, b), a);
}

// `migstat_png_predict` of bytes i..<i + 16, i >= 3 but for None and Up.
MIGSTAT_PNG_INLINE __m128i migstat_png_predict16(int filter, const uint8_t *restrict row, const uint8_t *restrict up, size_t i) {
    __m128i zero = _mm_setzero_si128();
    if (filter == PNG_FILTER_VALUE_NONE) return zero;
    if (filter == PNG_FILTER_VALUE_UP) return _mm_loadu_si128((const __m128i *)(up + i));
    __m128i a = _mm_loadu_si128((const __m128i *)(row + i - 3));
    if (filter == PNG_FILTER_VALUE_SUB) return a;
    __m128i b = _mm_loadu_si128((const __m128i *)(up + i));
    // pavgb rounds up; libpng's (a + b) / 2 rounds down where a + b is odd.
    if (filter == PNG_FILTER_VALUE_AVG) return _mm_sub_epi8(_mm_avg_epu8(a, b), _mm_and_si128(_mm_xor_si128(a, b), _mm_set1_epi8(1)));
    __m128i c = _mm_loadu_si128((const __m128i *)(up + i - 3));
    __m128i low = migstat_png_paeth8(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero), _mm_unpacklo_epi8(c, zero));
    __m128i high = migstat_png_paeth8(_mm_unpackhi_epi8(a, zero), _mm_unpackhi_epi8(b, zero), _mm_unpackhi_epi8(c, zero));
    return _mm_packus_epi16(low, high);
}
#endif

// The bytes [from, to) filtered into `out` and the sum of their cost, from >= 3 but for None and Up.
MIGSTAT_PNG_INLINE uint32_t migstat_png_sum(int filter, const uint8_t *restrict row, const uint8_t *restrict up,
                                            size_t from, size_t to, uint8_t *restrict out) {
    size_t i = from;
    uint32_t sum = 0;
#ifdef __SSE2__
    __m128i zero = _mm_setzero_si128(), total = zero;
    for (; i + 16 <= to; i += 16) {
        __m128i v = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(row + i)), migstat_png_predict16(filter, row, up, i));
        _mm_storeu_si128((__m128i *)(out + i), v);
        total = _mm_add_epi64(total, _mm_sad_epu8(_mm_min_epu8(v, _mm_sub_epi8(zero, v)), zero));
    }
    sum = (uint32_t)(_mm_cvtsi128_si32(total) + _mm_cvtsi128_si32(_mm_unpackhi_epi64(total, total)));
#endif
    return sum + migstat_png_sum_bytes(filter, row, up, i, to, out);
}

// The row filtered into `filtered` (its filter byte first) and its sum, stopped a block after the sum reaches
// `least`: then the whole sum is not below it.
MIGSTAT_PNG_INLINE uint32_t migstat_png_trial(int filter, const uint8_t *restrict row, const uint8_t *restrict up, size_t n,
                                              uint32_t least, uint8_t *restrict filtered) {
    filtered[0] = (uint8_t)filter;
    uint32_t sum = migstat_png_sum_bytes(filter, row, up, 0, 3 < n ? 3 : n, filtered + 1);
    for (size_t from = 3; from < n && sum < least; from += 512) {
        sum += migstat_png_sum(filter, row, up, from, from + 512 < n ? from + 512 : n, filtered + 1);
    }
    return sum;
}

// A filter tried against the least sum so far: if below, its row becomes the best and the best's buffer the next
// trial's (libpng's try_row and tst_row).
MIGSTAT_PNG_INLINE void migstat_png_try(int filter, const uint8_t *restrict row, const uint8_t *restrict up, size_t n,
                                        uint32_t *least, uint8_t **best, uint8_t **trial) {
    uint32_t sum = migstat_png_trial(filter, row, up, n, *least, *trial);
    if (sum >= *least) return;
    *least = sum;
    uint8_t *swap = *best;
    *best = *trial;
    *trial = swap;
}

/// The RGB row of `n` bytes (3 a pixel) filtered into `*best`, its filter byte first, as libpng 1.6.39's
/// png_write_find_filter filters it under the previous row `up`, among `filters` (1 << filter byte, None always
/// among them): by the least sum over None, Sub, Up, Average, Paeth in that order, a later one only if strictly
/// less (so none after a sum of 0). libpng stops a sum once it exceeds the least so far; so does this, in
/// blocks: neither changes the choice. 32 bits hold 128 × cairo's widest row. `*trial` is the other buffer.
static inline void migstat_png_filter(const uint8_t *restrict row, const uint8_t *restrict up, size_t n, int filters,
                                      uint8_t **best, uint8_t **trial) {
    uint32_t least = migstat_png_trial(PNG_FILTER_VALUE_NONE, row, up, n, UINT32_MAX, *best);
    if (filters & 1 << PNG_FILTER_VALUE_SUB) migstat_png_try(PNG_FILTER_VALUE_SUB, row, up, n, &least, best, trial);
    if (filters & 1 << PNG_FILTER_VALUE_UP) migstat_png_try(PNG_FILTER_VALUE_UP, row, up, n, &least, best, trial);
    if (filters & 1 << PNG_FILTER_VALUE_AVG) migstat_png_try(PNG_FILTER_VALUE_AVG, row, up, n, &least, best, trial);
    if (filters & 1 << PNG_FILTER_VALUE_PAETH) migstat_png_try(PNG_FILTER_VALUE_PAETH, row, up, n, &least, best, trial);
}
