#include "csv_untrimmed.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int migstat_csv_no_space(unsigned char c) {
    (void)c;
    return 0;
}

/// The first byte at or after `from` that libcsv's own test calls a space (a space or a tab that is not the
/// delimiter: libcsv tests the delimiter first), or `len`. Sixteen bytes at a time where SSE2 is (x86-64's
/// baseline); byte by byte elsewhere.
static size_t next_blank(const unsigned char *s, size_t from, size_t len, unsigned char delim) {
    size_t i = from;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(delim == ' ' ? '\t' : ' ');
    const __m128i tab = _mm_set1_epi8(delim == '\t' ? ' ' : '\t');
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        int hits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)));
        if (hits) return i + (size_t)__builtin_ctz((unsigned)hits);
    }
#endif
    for (; i < len; i++) {
        if ((s[i] == ' ' || s[i] == '\t') && s[i] != delim) return i;
    }
    return len;
}

static int is_blank(unsigned char c, unsigned char delim) { return (c == ' ' || c == '\t') && c != delim; }

/// A byte beside which a run of spaces is a field's edge, or may be: where libcsv trims or skips.
static int is_edge(unsigned char c, unsigned char delim, unsigned char quote) {
    return c == delim || c == quote || c == '\r' || c == '\n';
}

/// libcsv's state after a quote opened a field (its parser.h is not installed: the values are csv.c's enum).
enum { FIELD_BEGUN = 2 };

size_t migstat_csv_parse_untrimmed(struct csv_parser *p, const void *buffer, size_t len,
                                   void (*cb1)(void *, size_t, void *), void (*cb2)(int, void *), void *data) {
    const unsigned char *s = buffer;
    const unsigned char delim = csv_get_delim(p), quote = csv_get_quote(p);
    size_t parsed = 0;   /* bytes handed to libcsv so far */
    size_t from = 0;
    while (from < len) {
        size_t start = next_blank(s, from, len, delim);
        if (start == len) break;
        size_t end = start + 1;
        while (end < len && is_blank(s[end], delim)) end++;
        from = end;
        int edge = start == 0 || end == len || is_edge(s[start - 1], delim, quote) || is_edge(s[end], delim, quote);
        if (!edge) continue;
        size_t n = csv_parse(p, s + parsed, start - parsed, cb1, cb2, data);
        parsed += n;
        if (parsed < start) return parsed;   /* an error: libcsv stopped there */
        /* Inside a quoted field libcsv never asks (a run of blanks cannot close it): nothing to change. */
        if (p->pstate == FIELD_BEGUN && p->quoted) continue;
        csv_set_space_func(p, migstat_csv_no_space);
        n = csv_parse(p, s + start, end - start, cb1, cb2, data);
        csv_set_space_func(p, NULL);
        parsed += n;
        if (parsed < end) return parsed;
    }
    return parsed + csv_parse(p, s + parsed, len - parsed, cb1, cb2, data);
}
