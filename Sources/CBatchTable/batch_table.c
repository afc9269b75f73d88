#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "batch_table.h"

typedef struct { sqlite3_vtab base; migstat_batch_rows *source; } batch_vtab;
typedef struct { sqlite3_vtab_cursor base; int at; } batch_cursor;

static int batch_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err) {
    (void)err;
    int columns = argc > 3 ? atoi(argv[3]) : 0;
    if (columns <= 0 || columns > 1000) return SQLITE_ERROR;
    /* "CREATE TABLE x(c0,c1,...,version,delivery,line)" */
    size_t size = 64 + (size_t)columns * 8;
    char *sql = sqlite3_malloc64(size);
    if (!sql) return SQLITE_NOMEM;
    size_t used = (size_t)snprintf(sql, size, "CREATE TABLE x(");
    for (int i = 0; i < columns; i++) used += (size_t)snprintf(sql + used, size - used, "c%d,", i);
    snprintf(sql + used, size - used, "version,delivery,line)");
    int rc = sqlite3_declare_vtab(db, sql);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) return rc;
    batch_vtab *table = sqlite3_malloc(sizeof *table);
    if (!table) return SQLITE_NOMEM;
    memset(table, 0, sizeof *table);
    table->source = aux;
    *out = &table->base;
    return SQLITE_OK;
}

static int batch_disconnect(sqlite3_vtab *table) { sqlite3_free(table); return SQLITE_OK; }

static int batch_best_index(sqlite3_vtab *table, sqlite3_index_info *info) {
    (void)table;
    info->estimatedCost = 1000;
    info->estimatedRows = 1000;
    return SQLITE_OK;
}

static int batch_open(sqlite3_vtab *table, sqlite3_vtab_cursor **out) {
    (void)table;
    batch_cursor *cursor = sqlite3_malloc(sizeof *cursor);
    if (!cursor) return SQLITE_NOMEM;
    memset(cursor, 0, sizeof *cursor);
    *out = &cursor->base;
    return SQLITE_OK;
}

static int batch_close(sqlite3_vtab_cursor *cursor) { sqlite3_free(cursor); return SQLITE_OK; }

static int batch_filter(sqlite3_vtab_cursor *cursor, int plan, const char *planText, int argc, sqlite3_value **argv) {
    (void)plan; (void)planText; (void)argc; (void)argv;
    ((batch_cursor *)cursor)->at = 0;
    return SQLITE_OK;
}

static int batch_next(sqlite3_vtab_cursor *cursor) { ((batch_cursor *)cursor)->at++; return SQLITE_OK; }

static int batch_eof(sqlite3_vtab_cursor *cursor) {
    batch_cursor *c = (batch_cursor *)cursor;
    return c->at >= ((batch_vtab *)c->base.pVtab)->source->count;
}

static int batch_column(sqlite3_vtab_cursor *cursor, sqlite3_context *context, int column) {
    batch_cursor *c = (batch_cursor *)cursor;
    const migstat_batch_rows *s = ((batch_vtab *)c->base.pVtab)->source;
    int row = s->rows[c->at];
    if (column == s->columns) { sqlite3_result_int64(context, s->versions[row]); return SQLITE_OK; }
    if (column == s->columns + 1) { sqlite3_result_int64(context, s->delivery); return SQLITE_OK; }
    if (column == s->columns + 2) { sqlite3_result_int64(context, s->lines[row]); return SQLITE_OK; }
    size_t slot = (size_t)row * (size_t)s->columns + (size_t)column;
    switch (s->kinds[slot]) {
    case MigstatRowKindInteger: sqlite3_result_int64(context, s->values[slot]); break;
    case MigstatRowKindReal: { double d; memcpy(&d, &s->values[slot], sizeof d); sqlite3_result_double(context, d); break; }
    case MigstatRowKindText: sqlite3_result_text(context, (const char *)s->text + s->values[slot], s->lengths[slot], SQLITE_STATIC); break;
    case MigstatRowKindNull: sqlite3_result_null(context); break;
    }
    return SQLITE_OK;
}

static int batch_rowid(sqlite3_vtab_cursor *cursor, sqlite3_int64 *rowid) {
    *rowid = ((batch_cursor *)cursor)->at;
    return SQLITE_OK;
}

static sqlite3_module batch_module = {
    .iVersion = 0,
    .xCreate = batch_connect, .xConnect = batch_connect,
    .xBestIndex = batch_best_index,
    .xDisconnect = batch_disconnect, .xDestroy = batch_disconnect,
    .xOpen = batch_open, .xClose = batch_close,
    .xFilter = batch_filter, .xNext = batch_next, .xEof = batch_eof,
    .xColumn = batch_column, .xRowid = batch_rowid,
};

int migstat_batch_table_create(sqlite3 *db, const char *name, int columns, migstat_batch_rows *source) {
    /* One module per connection, whose rows come from this source. */
    int rc = sqlite3_create_module_v2(db, "migstat_rows", &batch_module, source, NULL);
    if (rc != SQLITE_OK) return rc;
    char *sql = sqlite3_mprintf("CREATE VIRTUAL TABLE IF NOT EXISTS temp.\"%w\" USING migstat_rows(%d)", name, columns);
    if (!sql) return SQLITE_NOMEM;
    rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_free(sql);
    return rc;
}
