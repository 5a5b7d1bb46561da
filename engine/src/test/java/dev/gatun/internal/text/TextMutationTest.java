package dev.gatun.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.WasmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Corrupted module texts only ever fail with the engine's own exceptions (no crashes, no hangs). */
class TextMutationTest {

    private static final String SAMPLE = """
            (module $m
              (type $t (func (param i32) (result i32)))
              (rec (type $s (sub (struct (field $x (mut i32))))) (type $a (array (ref null $s))))
              (import "env" "f" (func $imp (type $t)))
              (memory $mem 1 2) (table $tab 2 funcref) (global $g (mut i64) (i64.const 0)) (tag $e (param i32))
              (func $f (export "f") (param $p i32) (result i32) (local $l i64)
                (block $b (result i32)
                  (if (result i32) (local.get $p)
                    (then (br $b (i32.load offset=4 align=4 (i32.const 0))))
                    (else (call_indirect $tab (type $t) (i32.const 1) (i32.const 0)))))
                (try_table (catch $e 0) (throw $e (i32.const 2))) drop
                i32.const 1 br_table 0 0
                (struct.get $s $x (struct.new $s (i32.const 3))) drop
                (v128.const i32x4 1 2 3 4) (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) drop
                (select (result i32) (i32.const 1) (i32.const 2) (i32.const 3)))
              (elem (i32.const 0) $f) (elem $p funcref (ref.func $f)) (data (i32.const 0) "abc\\01")
              (start $imp))
            """;

    @Test
    void corruptedTextsFailCleanly() {
        assertThat(WatParser.parseModule(SAMPLE).bodies()).hasSize(1);
        List<Token> tokens = Lexer.tokenize(SAMPLE);
        Random random = new Random(42);
        List<String> crashes = new ArrayList<>();
        for (int round = 0; round < 3000; round++) {
            String mutated = mutate(SAMPLE, tokens, random);
            try {
                WatParser.parseModule(mutated);
            } catch (WasmException expected) {
                // malformed (or a text-level invalidity): fine
            } catch (RuntimeException | StackOverflowError e) {
                crashes.add(e + " for: " + mutated);
            }
        }
        assertThat(crashes).isEmpty();
    }

    /** Deletes, duplicates or swaps a token, or swaps in a token from elsewhere. */
    private static String mutate(String src, List<Token> tokens, Random random) {
        Token a = tokens.get(random.nextInt(tokens.size() - 1));
        Token b = tokens.get(random.nextInt(tokens.size() - 1));
        String at = src.substring(a.start(), a.end());
        String other = src.substring(b.start(), b.end());
        return switch (random.nextInt(3)) {
            case 0 -> src.substring(0, a.start()) + src.substring(a.end());
            case 1 -> src.substring(0, a.start()) + at + " " + src.substring(a.start());
            default -> src.substring(0, a.start()) + other + src.substring(a.end());
        };
    }
}
