// What the figures' PDF and PNG depend on besides their SVG and migstat's build: the versions of the drawing
// libraries and the files fontconfig reads (its configuration and every font it lists), for the identity under
// which a previous output's drawings may be kept (RendererIdentity).
#include <fontconfig/fontconfig.h>

// librsvg's run-time version (rsvg-features.h), declared here as shim.h declares the rest of its API.
extern const unsigned int rsvg_major_version, rsvg_minor_version, rsvg_micro_version;

typedef void (*migstat_fontconfig_path_t)(void *closure, int font, const char *path);

/// Calls `each` with every configuration file or directory (font 0) and every font file (font 1) of
/// fontconfig's current configuration. 0 on success, -1 when fontconfig has no configuration.
static inline int migstat_fontconfig_paths(void *closure, migstat_fontconfig_path_t each) {
    FcConfig *config = FcConfigGetCurrent();
    if (config == NULL) return -1;
    FcStrList *files = FcConfigGetConfigFiles(config);
    if (files != NULL) {
        FcChar8 *file;
        while ((file = FcStrListNext(files)) != NULL) each(closure, 0, (const char *)file);
        FcStrListDone(files);
    }
    FcFontSet *fonts = FcConfigGetFonts(config, FcSetSystem);
    for (int i = 0; fonts != NULL && i < fonts->nfont; i++) {
        FcChar8 *file;
        if (FcPatternGetString(fonts->fonts[i], FC_FILE, 0, &file) == FcResultMatch) each(closure, 1, (const char *)file);
    }
    return 0;
}
