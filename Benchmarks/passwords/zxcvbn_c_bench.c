/* Times Debian's C zxcvbn (libzxcvbn0) on each line of a file: prints the median and mean in
   microseconds per password. PHIGuard's benchmark harness; built at benchmark time. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zxcvbn.h>

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s PASSWORDS\n", argv[0]); return 2; }
    FILE *file = fopen(argv[1], "r");
    if (!file) { perror(argv[1]); return 2; }
    static const char *user_inputs[] = { "alice", "hospital", NULL };
    double *timings = malloc(sizeof(double) * 200000);
    size_t count = 0, capacity = 0;
    char *line = NULL;
    double total = 0;
    while (getline(&line, &capacity, file) > 0 && count < 200000) {
        line[strcspn(line, "\r\n")] = 0;
        if (!*line) continue;
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        double entropy = ZxcvbnMatch(line, user_inputs, NULL);
        clock_gettime(CLOCK_MONOTONIC, &end);
        (void)entropy;
        timings[count] = (end.tv_sec - start.tv_sec) * 1e6 + (end.tv_nsec - start.tv_nsec) / 1e3;
        total += timings[count++];
    }
    qsort(timings, count, sizeof(double), compare);
    printf("{\"passwords\":%zu,\"median_us\":%.2f,\"mean_us\":%.2f,\"p99_us\":%.2f}\n", count, timings[count / 2], total / count,
           timings[(size_t)(count * 0.99)]);
    return 0;
}
