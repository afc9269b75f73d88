// A PNG written row by row with the bytes of cairo 1.16's `cairo_surface_write_to_png_stream` of an RGB24
// surface, plus the pHYs chunk right after IHDR. Rows can then come from a band of the drawing at a time
// instead of one surface of the whole figure. libpng writes the chunks before the image data as cairo has it
// write them (cairo-png.c, write_png: its IHDR, white bKGD, no tIME). The image data is made here as libpng
// 1.6.39 makes it for cairo (pixels as R, G, B; all five filters; zlib's defaults), because libpng's rows cost
// a fifth of a study run's CPU, mostly trying every filter on every row a byte at a time: each row's filter is
// chosen by libpng's rule (pngwutil.c, png_write_find_filter) 16 bytes at a time, and deflated as
// png_compress_IDAT deflates it (the same parameters, one call a row, IDAT chunks of 8 192 bytes).
// libpng reports errors by longjmp, which Swift cannot catch: each call sets its own jump point here.
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

// Swift's clang compiles an imported header for size: without this, the filter in the loops below is tested
// per byte instead of each loop being compiled for its one filter.
#define MIGSTAT_PNG_INLINE static inline __attribute__((always_inline))

typedef int (*migstat_png_write_t)(void *closure, const uint8_t *bytes, size_t length);

typedef struct MigstatPNG {
    png_structp png;
    png_infop info;
    migstat_png_write_t write;
    void *closure;
    uint8_t *row, *previous;   // this and the last row as R, G, B (and two spare bytes)
    uint8_t *best, *trial;     // the row as deflate gets it (filter byte, filtered bytes), another filter's
    uint8_t *idat;             // deflate's output, an IDAT chunk's data when full
    size_t row_bytes, image_size;
    int filters;               // the filters libpng tries (1 << filter byte)
    int idat_written;
    uint32_t height, written;
    z_stream *z;               // on the heap: zlib's state points back to it, and Swift may move this struct
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

// libpng's optimize_cmf (pngwutil.c): the zlib header of the first IDAT names the least window that holds the
// whole image, `size` bytes, when that is at most 16 KiB.
static inline void migstat_png_optimize_cmf(uint8_t *data, size_t size) {
    if (size > 16384) return;
    unsigned int cmf = data[0];
    if ((cmf & 0x0f) != 8 || (cmf & 0xf0) > 0x70) return;
    unsigned int info = cmf >> 4, half_window = 1U << (info + 7);
    if (size > half_window) return;
    do {
        half_window >>= 1;
        --info;
    } while (info > 0 && size <= half_window);
    cmf = (cmf & 0x0f) | (info << 4);
    data[0] = (uint8_t)cmf;
    unsigned int flags = data[1] & 0xe0;
    flags += 0x1f - ((cmf << 8) + flags) % 0x1f;
    data[1] = (uint8_t)flags;
}

// libpng's png_compress_IDAT: `length` bytes into deflate with `flush`, an IDAT chunk each time its buffer fills,
// and at Z_FINISH the rest. Errors go to png_error, which longjmps to the caller's jump point.
static inline void migstat_png_deflate(MigstatPNG *w, const uint8_t *input, size_t length, int flush) {
    w->z->next_in = (Bytef *)input;
    w->z->avail_in = (uInt)length;   // a row is far below deflate's 4 GiB
    for (;;) {
        int status = deflate(w->z, flush);
        if (w->z->avail_out == 0) {
            if (!w->idat_written) migstat_png_optimize_cmf(w->idat, w->image_size);
            png_write_chunk(w->png, (png_const_bytep) "IDAT", w->idat, MIGSTAT_PNG_IDAT);
            w->idat_written = 1;
            w->z->next_out = w->idat;
            w->z->avail_out = MIGSTAT_PNG_IDAT;
            if (status == Z_OK && flush != Z_NO_FLUSH) continue;
        }
        if (status == Z_OK) {
            if (w->z->avail_in > 0) continue;
            if (flush == Z_FINISH) png_error(w->png, "Z_OK on Z_FINISH with output space");
            return;
        }
        if (status != Z_STREAM_END || flush != Z_FINISH) png_error(w->png, w->z->msg ? w->z->msg : "deflate failed");
        size_t rest = MIGSTAT_PNG_IDAT - w->z->avail_out;
        if (!w->idat_written) migstat_png_optimize_cmf(w->idat, w->image_size);
        if (rest > 0) png_write_chunk(w->png, (png_const_bytep) "IDAT", w->idat, rest);
        w->idat_written = 1;
        return;
    }
}

/// Writes the signature, IHDR, pHYs (`pixels_per_metre` both ways) and bKGD, and starts deflate. 0 on success.
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

    w->height = height;
    w->row_bytes = 3 * (size_t)width;
    w->row = malloc(w->row_bytes + 2);   // + 2: migstat_png_rgb's spare bytes
    w->previous = calloc(1, w->row_bytes + 2);
    w->best = malloc(w->row_bytes + 1);
    w->trial = malloc(w->row_bytes + 1);
    w->idat = malloc(MIGSTAT_PNG_IDAT);
    w->z = calloc(1, sizeof *w->z);
    if (!w->row || !w->previous || !w->best || !w->trial || !w->idat || !w->z) png_error(w->png, "no memory for a PNG row");
    // png_write_start_row: all five filters, but no row above a 1-pixel-high image, none left of a 1-pixel-wide.
    w->filters = 0x1f;
    if (height == 1) w->filters &= ~(1 << PNG_FILTER_VALUE_UP | 1 << PNG_FILTER_VALUE_AVG | 1 << PNG_FILTER_VALUE_PAETH);
    if (width == 1) w->filters &= ~(1 << PNG_FILTER_VALUE_SUB | 1 << PNG_FILTER_VALUE_AVG | 1 << PNG_FILTER_VALUE_PAETH);
    // png_image_size and png_deflate_claim: a window no larger than the image needs below 16 KiB; Z_FILTERED
    // unless None is the only filter.
    w->image_size = w->row_bytes < 32768 && height < 32768 ? (w->row_bytes + 1) * height : 0xffffffffU;
    int window_bits = 15;
    if (w->image_size <= 16384) {
        for (unsigned int half_window = 1U << 14; w->image_size + 262 <= half_window; half_window >>= 1) window_bits--;
    }
    int strategy = w->filters == 1 << PNG_FILTER_VALUE_NONE ? Z_DEFAULT_STRATEGY : Z_FILTERED;
    if (deflateInit2(w->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, strategy) != Z_OK) {
        free(w->z);
        w->z = NULL;
        png_error(w->png, "zlib could not start");
    }
    w->z->next_out = w->idat;
    w->z->avail_out = MIGSTAT_PNG_IDAT;
    return 0;
}

/// `rows` rows of an RGB24 cairo image, `stride` bytes apart. 0 on success.
static inline int migstat_png_rows(MigstatPNG *w, const uint8_t *data, int stride, int rows) {
    if (setjmp(png_jmpbuf(w->png))) return -1;
    for (int r = 0; r < rows; r++) {
        if (w->written == w->height) png_error(w->png, "more rows than the image has");
        migstat_png_rgb(w->row, data + (size_t)r * (size_t)stride, w->row_bytes / 3);
        migstat_png_filter(w->row, w->previous, w->row_bytes, w->filters, &w->best, &w->trial);
        migstat_png_deflate(w, w->best, w->row_bytes + 1, Z_NO_FLUSH);
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
    if (w->written != w->height) png_error(w->png, "fewer rows than the image has");
    migstat_png_deflate(w, NULL, 0, Z_FINISH);
    png_write_chunk(w->png, (png_const_bytep) "IEND", NULL, 0);
    return 0;
}

static inline void migstat_png_free(MigstatPNG *w) {
    if (w->png) png_destroy_write_struct(&w->png, w->info ? &w->info : NULL);
    w->png = NULL;
    w->info = NULL;
    if (w->z) deflateEnd(w->z);
    free(w->z);
    free(w->row);
    free(w->previous);
    free(w->best);
    free(w->trial);
    free(w->idat);
    w->z = NULL;
    w->row = w->previous = w->best = w->trial = w->idat = NULL;
}
