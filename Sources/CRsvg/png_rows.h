// A PNG written row by row with exactly the libpng calls of cairo 1.16's `cairo_surface_write_to_png_stream`
// for an RGB24 surface (cairo-png.c, write_png: its IHDR, white bKGD, no tIME, its pixels as R, G, B; libpng's
// default filters and zlib level), plus the pHYs chunk right after IHDR. Rows can then come from a band of the
// drawing at a time instead of one surface of the whole figure, and the bytes are cairo's.
// libpng reports errors by longjmp, which Swift cannot catch: each call sets its own jump point here.
// libpng's own choice of filter tries all five on every row, a byte at a time (a fifth of a study run's CPU,
// its transform and filler included): from the second row on, each row's filter is chosen here by libpng
// 1.6's rule, 16 bytes at a time, and libpng is told that one filter (`png_set_filter`), so it filters,
// compresses and chunks the same bytes as before. libpng gets R, G, B rows: cairo's user transform and
// filler made the same bytes of xRGB pixels.
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int (*migstat_png_write_t)(void *closure, const uint8_t *bytes, size_t length);

typedef struct MigstatPNG {
    png_structp png;
    png_infop info;
    migstat_png_write_t write;
    void *closure;
    uint8_t *row, *previous;   // this and the last RGB row, libpng's input
    size_t row_bytes;
    int choose;                // 0 where libpng's choice differs: 1 px wide or high (below)
    uint32_t written;
    char message[200];
} MigstatPNG;

static inline void migstat_png_error(png_structp png, png_const_charp message) {
    MigstatPNG *w = (MigstatPNG *)png_get_error_ptr(png);
    if (w->message[0] == 0) {
        strncpy(w->message, message ? message : "libpng error", sizeof w->message - 1);
    }
    png_longjmp(png, 1);
}

static inline void migstat_png_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

static inline void migstat_png_write_data(png_structp png, png_bytep data, size_t length) {
    MigstatPNG *w = (MigstatPNG *)png_get_io_ptr(png);
    if (w->write(w->closure, data, length) != 0) png_error(png, "the PNG's bytes could not be written");
}

static inline void migstat_png_flush(png_structp png) { (void)png; }

// cairo's convert_data_to_bytes with libpng's filler dropped: native-endian xRGB pixels to R, G, B.
static inline void migstat_png_rgb(uint8_t *restrict out, const uint8_t *restrict in, size_t pixels) {
    for (size_t i = 0; i < pixels; i++) {
        uint32_t pixel;
        memcpy(&pixel, in + 4 * i, sizeof pixel);
        out[3 * i] = (uint8_t)(pixel >> 16);
        out[3 * i + 1] = (uint8_t)(pixel >> 8);
        out[3 * i + 2] = (uint8_t)pixel;
    }
}

// What libpng 1.6 (pngwutil.c, png_setup_*_row) adds up for a filtered byte v: v < 128 ? v : 256 - v.
static inline uint8_t migstat_png_cost(uint8_t v) {
    uint8_t negative = (uint8_t)-v;
    return v < negative ? v : negative;
}

static inline uint8_t migstat_png_paeth(int a, int b, int c) {
    int p = b - c, q = a - c;
    int pa = abs(p), pb = abs(q), pc = abs(p + q);
    return (uint8_t)((pa <= pb && pa <= pc) ? a : (pb <= pc) ? b : c);
}

// The sum of a filter's cost over the row's bytes [from, to), from >= 3 (a whole pixel to the left) but for
// None and Up, one byte at a time: what `migstat_png_sum` computes 16 bytes at a time where it can.
static inline uint32_t migstat_png_sum_bytes(int filter, const uint8_t *restrict row, const uint8_t *restrict up,
                                             size_t from, size_t to) {
    uint32_t sum = 0;
    for (size_t i = from; i < to; i++) {
        uint8_t v = row[i];
        switch (filter) {
        case PNG_FILTER_NONE: break;
        case PNG_FILTER_SUB: v -= row[i - 3]; break;
        case PNG_FILTER_UP: v -= up[i]; break;
        case PNG_FILTER_AVG: v -= (uint8_t)((row[i - 3] + up[i]) / 2); break;
        default: v -= migstat_png_paeth(row[i - 3], up[i], up[i - 3]);
        }
        sum += migstat_png_cost(v);
    }
    return sum;
}

#ifdef __SSE2__
#include <emmintrin.h>

static inline __m128i migstat_png_select(__m128i mask, __m128i yes, __m128i no) {
    return _mm_or_si128(_mm_and_si128(mask, yes), _mm_andnot_si128(mask, no));
}

// libpng's Paeth predictor of 8 bytes widened to 16 bits: a left, b up, c up-left.
static inline __m128i migstat_png_paeth8(__m128i a, __m128i b, __m128i c) {
    __m128i zero = _mm_setzero_si128();
    __m128i p = _mm_sub_epi16(b, c), q = _mm_sub_epi16(a, c), r = _mm_add_epi16(p, q);
    __m128i pa = _mm_max_epi16(p, _mm_sub_epi16(zero, p));
    __m128i pb = _mm_max_epi16(q, _mm_sub_epi16(zero, q));
    __m128i pc = _mm_max_epi16(r, _mm_sub_epi16(zero, r));
    __m128i not_a = _mm_or_si128(_mm_cmpgt_epi16(pa, pb), _mm_cmpgt_epi16(pa, pc));
    return migstat_png_select(not_a, migstat_png_select(_mm_cmpgt_epi16(pb, pc), c, b), a);
}
#endif

// Swift's clang compiles an imported header's loops for size: it does not vectorise them (asked to, it masks
// every load), hence SSE2 spelled out (x86-64 always has it); elsewhere the bytes one at a time.
static inline uint32_t migstat_png_sum(int filter, const uint8_t *restrict row, const uint8_t *restrict up,
                                       size_t from, size_t to) {
    size_t i = from;
    uint32_t sum = 0;
#ifdef __SSE2__
    __m128i zero = _mm_setzero_si128(), one = _mm_set1_epi8(1), total = zero;
    for (; i + 16 <= to; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(row + i)), prediction = zero;
        if (filter == PNG_FILTER_UP) prediction = _mm_loadu_si128((const __m128i *)(up + i));
        if (filter == PNG_FILTER_SUB) prediction = _mm_loadu_si128((const __m128i *)(row + i - 3));
        if (filter == PNG_FILTER_AVG) {
            __m128i a = _mm_loadu_si128((const __m128i *)(row + i - 3)), b = _mm_loadu_si128((const __m128i *)(up + i));
            // pavgb rounds up; libpng's (a + b) / 2 rounds down where a + b is odd.
            prediction = _mm_sub_epi8(_mm_avg_epu8(a, b), _mm_and_si128(_mm_xor_si128(a, b), one));
        }
        if (filter == PNG_FILTER_PAETH) {
            __m128i a = _mm_loadu_si128((const __m128i *)(row + i - 3)), b = _mm_loadu_si128((const __m128i *)(up + i));
            __m128i c = _mm_loadu_si128((const __m128i *)(up + i - 3));
            __m128i low = migstat_png_paeth8(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero), _mm_unpacklo_epi8(c, zero));
            __m128i high = migstat_png_paeth8(_mm_unpackhi_epi8(a, zero), _mm_unpackhi_epi8(b, zero), _mm_unpackhi_epi8(c, zero));
            prediction = _mm_packus_epi16(low, high);
        }
        __m128i v = _mm_sub_epi8(x, prediction);
        total = _mm_add_epi64(total, _mm_sad_epu8(_mm_min_epu8(v, _mm_sub_epi8(zero, v)), zero));
    }
    sum = (uint32_t)(_mm_cvtsi128_si32(total) + _mm_cvtsi128_si32(_mm_unpackhi_epi64(total, total)));
#endif
    return sum + migstat_png_sum_bytes(filter, row, up, i, to);
}

// A filter's sum over the row after its first pixel's (`head`), stopped a block after it reaches `least`: then
// the whole sum is not below it either.
static inline uint32_t migstat_png_trial(int filter, const uint8_t *restrict row, const uint8_t *restrict up, size_t n,
                                         uint32_t head, uint32_t least) {
    uint32_t sum = head;
    for (size_t from = 3; from < n && sum < least; from += 512) sum += migstat_png_sum(filter, row, up, from, from + 512 < n ? from + 512 : n);
    return sum;
}

/// The filter libpng 1.6.39's png_write_find_filter picks for an RGB row of `n` bytes (3 a pixel) under the
/// previous row: the least sum over None, Sub, Up, Average, Paeth in that order, a later one only if strictly
/// less (so none after a sum of 0). libpng stops a sum once it exceeds the least so far; so does this, in
/// blocks: neither changes the choice. 32 bits hold 128 × cairo's widest row. Its first row is under zeros.
static inline int migstat_png_filter(const uint8_t *restrict row, const uint8_t *restrict up, size_t n) {
    uint32_t sub = 0, average = 0, paeth = 0;
    for (size_t i = 0; i < 3 && i < n; i++) {
        sub += migstat_png_cost(row[i]);
        average += migstat_png_cost((uint8_t)(row[i] - up[i] / 2));
        paeth += migstat_png_cost((uint8_t)(row[i] - up[i]));
    }
    int best = PNG_FILTER_NONE;
    uint32_t least = migstat_png_sum(PNG_FILTER_NONE, row, up, 0, n), sum;
    if ((sum = migstat_png_trial(PNG_FILTER_SUB, row, up, n, sub, least)) < least) { least = sum; best = PNG_FILTER_SUB; }
    if ((sum = migstat_png_sum(PNG_FILTER_UP, row, up, 0, 3 < n ? 3 : n)) < least &&
        (sum = migstat_png_trial(PNG_FILTER_UP, row, up, n, sum, least)) < least) { least = sum; best = PNG_FILTER_UP; }
    if ((sum = migstat_png_trial(PNG_FILTER_AVG, row, up, n, average, least)) < least) { least = sum; best = PNG_FILTER_AVG; }
    if ((sum = migstat_png_trial(PNG_FILTER_PAETH, row, up, n, paeth, least)) < least) { best = PNG_FILTER_PAETH; }
    return best;
}

/// Writes the signature, IHDR, pHYs (`pixels_per_metre` both ways) and bKGD. 0 on success.
static inline int migstat_png_begin(MigstatPNG *w, uint32_t width, uint32_t height, uint32_t pixels_per_metre,
                                    migstat_png_write_t write, void *closure) {
    memset(w, 0, sizeof *w);
    w->write = write;
    w->closure = closure;
    w->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, w, migstat_png_error, migstat_png_warning);
    if (w->png == NULL) { strcpy(w->message, "libpng could not start a PNG"); return -1; }
    w->info = png_create_info_struct(w->png);
    if (w->info == NULL) { strcpy(w->message, "libpng could not start a PNG"); return -1; }
    if (setjmp(png_jmpbuf(w->png))) return -1;
    png_set_write_fn(w->png, w, migstat_png_write_data, migstat_png_flush);
    png_set_IHDR(w->png, w->info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_color_16 white;
    memset(&white, 0, sizeof white);
    white.gray = 0xff;
    white.red = white.blue = white.green = white.gray;
    png_set_bKGD(w->png, w->info, &white);
    png_write_info_before_PLTE(w->png, w->info);
    uint8_t phys[9];
    for (int i = 0; i < 4; i++) {
        phys[i] = phys[4 + i] = (uint8_t)(pixels_per_metre >> (24 - 8 * i));
    }
    phys[8] = PNG_RESOLUTION_METER;
    png_write_chunk(w->png, (png_const_bytep) "pHYs", phys, sizeof phys);
    png_write_info(w->png, w->info);
    w->row_bytes = 3 * (size_t)width;
    w->row = malloc(w->row_bytes);
    w->previous = calloc(1, w->row_bytes);
    if (w->row == NULL || w->previous == NULL) { strcpy(w->message, "no memory for a PNG row"); return -1; }
    // libpng narrows its filters for a 1-pixel-wide or -high image: there it chooses itself.
    w->choose = width > 1 && height > 1;
    return 0;
}

/// `rows` rows of an RGB24 cairo image, `stride` bytes apart. 0 on success.
static inline int migstat_png_rows(MigstatPNG *w, const uint8_t *data, int stride, int rows) {
    if (setjmp(png_jmpbuf(w->png))) return -1;
    for (int r = 0; r < rows; r++) {
        migstat_png_rgb(w->row, data + (size_t)r * (size_t)stride, w->row_bytes / 3);
        // The first row stays with all five filters: libpng allocates the previous row it needs then.
        if (w->choose && w->written > 0) png_set_filter(w->png, PNG_FILTER_TYPE_BASE, migstat_png_filter(w->row, w->previous, w->row_bytes));
        png_write_row(w->png, w->row);
        uint8_t *last = w->previous;
        w->previous = w->row;
        w->row = last;
        w->written++;
    }
    return 0;
}

/// The last IDAT and IEND. 0 on success.
static inline int migstat_png_end(MigstatPNG *w) {
    if (setjmp(png_jmpbuf(w->png))) return -1;
    png_write_end(w->png, w->info);
    return 0;
}

static inline void migstat_png_free(MigstatPNG *w) {
    if (w->png) png_destroy_write_struct(&w->png, w->info ? &w->info : NULL);
    w->png = NULL;
    w->info = NULL;
    free(w->row);
    free(w->previous);
    w->row = w->previous = NULL;
}
