/** Gatun's public API. */
package dev.gatun;
