// A PNG written row by row with exactly the libpng calls of cairo 1.16's `cairo_surface_write_to_png_stream`
// for an RGB24 surface (cairo-png.c, write_png: its IHDR, white bKGD, no tIME, its row conversion and filler;
// libpng's default filters and zlib level), plus the pHYs chunk right after IHDR. Rows can then come from a
// band of the drawing at a time instead of one surface of the whole figure, and the bytes are cairo's.
// libpng reports errors by longjmp, which Swift cannot catch: each call sets its own jump point here.
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

typedef int (*migstat_png_write_t)(void *closure, const uint8_t *bytes, size_t length);

typedef struct MigstatPNG {
    png_structp png;
    png_infop info;
    migstat_png_write_t write;
    void *closure;
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

// cairo's convert_data_to_bytes: a native-endian xRGB pixel to R, G, B and a filler byte libpng drops.
static inline void migstat_png_rgb24(png_structp png, png_row_infop row, png_bytep data) {
    (void)png;
    for (size_t i = 0; i < row->rowbytes; i += 4) {
        uint8_t *b = &data[i];
        uint32_t pixel;
        memcpy(&pixel, b, sizeof pixel);
        b[0] = (pixel & 0xff0000) >> 16;
        b[1] = (pixel & 0x00ff00) >> 8;
        b[2] = (pixel & 0x0000ff);
        b[3] = 0;
    }
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
    png_set_write_user_transform_fn(w->png, migstat_png_rgb24);
    png_set_filler(w->png, 0, PNG_FILLER_AFTER);
    return 0;
}

/// `rows` rows of an RGB24 cairo image, `stride` bytes apart. 0 on success.
static inline int migstat_png_rows(MigstatPNG *w, const uint8_t *data, int stride, int rows) {
    if (setjmp(png_jmpbuf(w->png))) return -1;
    for (int r = 0; r < rows; r++) png_write_row(w->png, data + (size_t)r * (size_t)stride);
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
}
