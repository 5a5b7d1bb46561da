/** Running {@code .wast} spec scripts and reporting their results. */
package dev.gatun.wast;
