;; A small spec-style script: what `gatun wast examples/wast` runs.
;; Gatun decodes or parses each module, validates it, compiles it to JVM bytecode and runs the assertions.

(module $adder
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello"))

(assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 5))

;; The same function, as bytes.
(module binary
  "\00asm" "\01\00\00\00"
  "\01\07\01\60\02\7f\7f\01\7f"        ;; type section: (i32 i32) -> i32
  "\03\02\01\00"                        ;; function section: one function of type 0
  "\07\07\01\03add\00\00"               ;; export "add" = function 0
  "\0a\09\01\07\00\20\00\20\01\6a\0b")  ;; code: local.get 0, local.get 1, i32.add, end

(assert_return (invoke "add" (i32.const -1) (i32.const 1)) (i32.const 0))
(assert_trap (module (func $boom unreachable) (start $boom)) "unreachable")

;; Well-formed but ill-typed: the function must return an i32.
(assert_invalid
  (module (func (result i32) (i64.const 1)))
  "type mismatch")

;; Not even well-formed.
(assert_malformed (module binary "\00asm" "\01\00\00") "unexpected end")
(assert_malformed (module quote "(func (i32.frobnicate))") "unknown operator")
