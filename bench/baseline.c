/* The reference loader of the registry benchmark: libcsv parses, SQLite inserts every record as text into a
 * plain table with one prepared statement in one transaction. No cleaning, no upsert, no checks.
 *   baseline FILE DB off    journal_mode=OFF, synchronous=OFF (fastest, not crash safe)
 *   baseline FILE DB wal    journal_mode=WAL, synchronous=NORMAL (crash safe)
 *   baseline FILE - parse   parse only, to show what share of the time parsing takes
 * Build: cc -O2 bench/baseline.c -lcsv -lsqlite3 -o baseline */
#include <csv.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 64

struct state {
    sqlite3_stmt *insert;
    char *row;               /* the current record's fields, copied out of libcsv's buffer */
    size_t used, capacity;
    size_t offsets[MAX_FIELDS], lengths[MAX_FIELDS];
    int fields, columns;
    long records;
    int header;
    int failed;
};

static void on_field(void *data, size_t len, void *st_) {
    struct state *st = st_;
    if (st->fields >= MAX_FIELDS) { st->fields++; return; }
    if (st->used + len + 1 > st->capacity) {
        st->capacity = (st->used + len + 1) * 2;
        st->row = realloc(st->row, st->capacity);
    }
    if (len) memcpy(st->row + st->used, data, len);
    st->offsets[st->fields] = st->used;
    st->lengths[st->fields] = len;
    st->used += len + 1;
    st->fields++;
}

static void on_row(int c, void *st_) {
    struct state *st = st_;
    (void)c;
    if (st->header) { st->header = 0; st->columns = st->fields; }
    else if (st->insert && !st->failed) {
        for (int i = 0; i < st->columns; i++) {
            if (i < st->fields) sqlite3_bind_text(st->insert, i + 1, st->row + st->offsets[i], (int)st->lengths[i], SQLITE_STATIC);
            else sqlite3_bind_null(st->insert, i + 1);
        }
        if (sqlite3_step(st->insert) != SQLITE_DONE) st->failed = 1;
        sqlite3_reset(st->insert);
        st->records++;
    } else {
        st->records++;
    }
    st->fields = 0;
    st->used = 0;
}

static int exec(sqlite3 *db, const char *sql) {
    char *err = 0;
    if (sqlite3_exec(db, sql, 0, 0, &err) != SQLITE_OK) { fprintf(stderr, "baseline: %s: %s\n", sql, err); return 1; }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: baseline FILE DB off|wal|parse\n"); return 64; }
    const char *mode = argv[3];
    FILE *in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 1; }
    struct state st = {0};
    st.header = 1;
    st.capacity = 1 << 16;
    st.row = malloc(st.capacity);
    sqlite3 *db = 0;
    struct csv_parser parser;
    csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_space_func(&parser, 0);

    /* The header decides the columns: read the first line through the parser before creating the table. */
    static char buf[1 << 20];
    size_t n;
    int prepared = strcmp(mode, "parse") == 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        size_t done = 0;
        while (done < n) {
            size_t chunk = prepared ? n - done : 1;
            if (csv_parse(&parser, buf + done, chunk, on_field, on_row, &st) != chunk) {
                fprintf(stderr, "baseline: %s\n", csv_strerror(csv_error(&parser)));
                return 1;
            }
            done += chunk;
            if (!prepared && !st.header) {
                if (sqlite3_open(argv[2], &db) != SQLITE_OK) { fprintf(stderr, "baseline: cannot open %s\n", argv[2]); return 1; }
                if (strcmp(mode, "wal") == 0) { if (exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")) return 1; }
                else if (exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")) return 1;
                char create[4096] = "CREATE TABLE registry (", insert[4096] = "INSERT INTO registry VALUES (";
                for (int i = 0; i < st.columns; i++) {
                    char col[32];
                    snprintf(col, sizeof col, "%sc%d TEXT", i ? ", " : "", i + 1);
                    strcat(create, col);
                    strcat(insert, i ? ",?" : "?");
                }
                strcat(create, ")");
                strcat(insert, ")");
                if (exec(db, create) || exec(db, "BEGIN")) return 1;
                if (sqlite3_prepare_v2(db, insert, -1, &st.insert, 0) != SQLITE_OK) { fprintf(stderr, "baseline: %s\n", sqlite3_errmsg(db)); return 1; }
                prepared = 1;
            }
        }
    }
    csv_fini(&parser, on_field, on_row, &st);
    if (st.failed) { fprintf(stderr, "baseline: insert failed: %s\n", sqlite3_errmsg(db)); return 1; }
    if (db) {
        sqlite3_finalize(st.insert);
        if (exec(db, "COMMIT")) return 1;
        sqlite3_close(db);
    }
    csv_free(&parser);
    fclose(in);
    printf("%ld records\n", st.records);
    return 0;
}
