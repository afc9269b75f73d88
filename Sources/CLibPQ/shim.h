/* libpq, PostgreSQL's reference client library (Debian libpq-dev: /usr/include/postgresql). */
#include <libpq-fe.h>
