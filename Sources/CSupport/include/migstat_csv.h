#ifndef MIGSTAT_CSV_H
#define MIGSTAT_CSV_H
/// libcsv's space test, answering "not a space" for every byte so that no field is trimmed. libcsv calls it
/// for nearly every byte it reads, so it is plain C rather than a Swift closure.
int migstat_csv_no_space(unsigned char c);
#endif
