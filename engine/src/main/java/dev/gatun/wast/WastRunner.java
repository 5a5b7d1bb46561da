package dev.gatun.wast;

/** Runs {@code .wast} scripts and counts results per command kind. */
public final class WastRunner {
}
