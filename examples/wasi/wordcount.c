/* wordcount: a small WASI command for Gatun's examples. Counts lines, words and bytes of the files named on
 * the command line (opened through WASI preopens), greets $GREETING if set, and exits 1 if a file could
 * not be opened. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 2;
    }
    const char *greeting = getenv("GREETING");
    if (greeting != NULL) printf("%s\n", greeting);
    int status = 0;
    for (int i = 1; i < argc; i++) {
        FILE *file = fopen(argv[i], "r");
        if (file == NULL) {
            perror(argv[i]);
            status = 1;
            continue;
        }
        long lines = 0, words = 0, bytes = 0;
        int inWord = 0, c;
        while ((c = fgetc(file)) != EOF) {
            bytes++;
            if (c == '\n') lines++;
            if (isspace(c)) {
                inWord = 0;
            } else if (!inWord) {
                inWord = 1;
                words++;
            }
        }
        fclose(file);
        printf("%7ld %7ld %7ld %s\n", lines, words, bytes, argv[i]);
    }
    return status;
}
