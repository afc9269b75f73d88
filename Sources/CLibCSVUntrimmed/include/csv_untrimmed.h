#ifndef MIGSTAT_CSV_UNTRIMMED_H
#define MIGSTAT_CSV_UNTRIMMED_H
#include <stddef.h>
#include <csv.h>

/// csv_parse as if libcsv's space test answered "not a space" for every byte, so that no field is trimmed.
/// Equal to `csv_set_space_func(p, f)` with an `f` that returns 0, then `csv_parse`: the same callbacks with the
/// same bytes, the same return value and status, the parser left in the same state. It runs faster because libcsv
/// calls its space test for nearly every byte of an unquoted field; here libcsv keeps its own inline test, and is
/// given the "not a space" function only for the runs of spaces or tabs whose answer can change what it does:
/// those at a field's edge, beside a delimiter, a quote, a line end or the end of `s` (the rest sit between two
/// other bytes of a field, where either answer leads to the same state). `p`'s space function must be unset.
size_t migstat_csv_parse_untrimmed(struct csv_parser *p, const void *s, size_t len,
                                   void (*cb1)(void *, size_t, void *), void (*cb2)(int, void *), void *data);

/// The space test that answers "not a space": set it with csv_set_space_func for a parse byte by byte.
int migstat_csv_no_space(unsigned char c);
#endif
