/* greet: a WASI command for the example service. Reads a name from stdin (at most 200 bytes, trailing
 * whitespace dropped), prints a greeting and the name's length on stdout and a log line on stderr.
 * An empty name is an error: exit status 2. */
#include <stdio.h>
#include <string.h>

int main(void) {
    char name[201];
    size_t length = fread(name, 1, sizeof name - 1, stdin);
    while (length > 0 && (name[length - 1] == '\n' || name[length - 1] == ' ' || name[length - 1] == '\r'))
        length--;
    name[length] = '\0';
    if (length == 0) {
        fprintf(stderr, "greet: no name on stdin\n");
        return 2;
    }
    printf("Hello, %s! Your name has %zu bytes.\n", name, strlen(name));
    fprintf(stderr, "greet: greeted %zu-byte name\n", length);
    return 0;
}
