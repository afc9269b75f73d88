#ifndef MIGSTAT_BATCH_TABLE_H
#define MIGSTAT_BATCH_TABLE_H
#include <stdint.h>
#include <sqlite3.h>
#include "migstat_row_kind.h"

/// The rows a statement reads from the virtual table `migstat_rows`: chosen rows of a batch laid out as
/// RowBatch keeps them (per row and column a kind, a value or text offset, and a text length), then the
/// row's version (see UpsertRule), the delivery and the row's source line as the last three columns. Binding sixteen parameters per row costs
/// SQLite more than a quarter of a load; reading the batch in place costs much less.
typedef struct {
    int columns;
    const MigstatRowKind *kinds;
    const int64_t *values;
    const int32_t *lengths;
    const uint8_t *text;
    const int64_t *lines;      /* per batch row */
    const int64_t *versions;   /* per batch row */
    const int32_t *rows;       /* the batch rows to read, in order */
    int count;
    int64_t delivery;
} migstat_batch_rows;

/// Registers the module and creates `temp.<name>` with `columns` + 3 columns reading from `source`, which
/// the caller fills before each statement that reads the table. Returns an SQLite result code.
int migstat_batch_table_create(sqlite3 *db, const char *name, int columns, migstat_batch_rows *source);
#endif
