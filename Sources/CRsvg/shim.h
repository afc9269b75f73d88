// librsvg draws the figures' SVG onto cairo's PDF and image surfaces; zlib deflates the PNG's rows (png_rows.h)
// and its crc32 checksums the pHYs chunk of the tests' reference PNG. librsvg's own header needs glib's include
// paths from pkg-config, whose `-pthread` SwiftPM refuses with a warning on every build; so the few functions
// of librsvg's stable API (2.52 and later) that migstat calls are declared here exactly as rsvg.h and glib
// declare them (gboolean is int, gsize size_t).
#include <stddef.h>
#include <stdint.h>
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <zlib.h>

typedef struct _RsvgHandle RsvgHandle;
typedef struct _RsvgRectangle { double x; double y; double width; double height; } RsvgRectangle;
typedef struct _GError { uint32_t domain; int code; char *message; } GError;

RsvgHandle *rsvg_handle_new_from_data(const uint8_t *data, size_t data_len, GError **error);
int rsvg_handle_get_intrinsic_size_in_pixels(RsvgHandle *handle, double *out_width, double *out_height);
int rsvg_handle_render_document(RsvgHandle *handle, cairo_t *cr, const RsvgRectangle *viewport, GError **error);
void g_object_unref(void *object);
void g_error_free(GError *error);

// pango keeps a font map per thread, with every font and size it has loaded (each figure prints at its own
// scale). librsvg loads libpangocairo, so the symbol is found in the process without linking it here (Debian
// ships no libpangocairo-1.0.so without pango's -dev package). Dropping the map after a figure gives its
// fonts back; the next drawing on that thread makes a new one.
#include <dlfcn.h>
#include <malloc.h>
static inline void migstat_release_thread_fonts(void) {
    void (*set_default)(void *) = (void (*)(void *))dlsym(RTLD_DEFAULT, "pango_cairo_font_map_set_default");
    if (set_default) set_default(NULL);
}
