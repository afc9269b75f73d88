#ifndef MIGSTAT_ROW_KIND_H
#define MIGSTAT_ROW_KIND_H
#include <stdint.h>

/// What one value of a batch row holds: the single definition of a batch's kinds, read by Swift (RowBatch,
/// imported as `enum MigstatRowKind: UInt8 { case null, integer, real, text }`) and by C (batch_table.c).
/// A closed enum of one byte, so that Swift imports it as a plain enum laid out as these bytes.
typedef enum __attribute__((enum_extensibility(closed))) MigstatRowKind : uint8_t {
    MigstatRowKindNull = 0,
    MigstatRowKindInteger = 1,   /* the value is an int64 */
    MigstatRowKindReal = 2,      /* the value holds a double's bits */
    MigstatRowKindText = 3,      /* the value is an offset into the batch's text, with a length */
} MigstatRowKind;
#endif
