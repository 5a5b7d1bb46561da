package dev.gatun.examples;

/** The functions of the bundled {@code text} module (modules/text.wat), typed for Java callers. */
public interface TextFunctions {
    int add(int a, int b);

    long fib(long n);

    /** ASCII letters upper-cased by the module; other characters unchanged. */
    String upper(String text);

    /** The bytes in reverse order. */
    byte[] reverse(byte[] bytes);
}
