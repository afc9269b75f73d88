#include <malloc.h>
#include "csupport.h"

void migstat_release_freed_memory(void) {
    malloc_trim(0);
}
