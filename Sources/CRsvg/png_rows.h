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
#include "png_filters.h"

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
