;; Issue 4's call-overhead module: a trivial export, a loop calling an imported host function, and a little
;; state (a memory with a data segment, a global) so that instantiation has typical work to do.
;; micro.wasm next to this file is `wat2wasm micro.wat -o micro.wasm`; MicroModuleTest checks that the two agree.
(module
  (import "env" "f" (func $host (param i32) (result i32)))
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))
  (data (i32.const 16) "gatun micro benchmark")

  ;; Trivial call: the cost measured is the call itself.
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))

  ;; Host calls: n calls of the host function f, summing f(i) for i in [0, n).
  (func (export "call_host") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $host (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.set $calls (i32.add (global.get $calls) (local.get $n)))
    (local.get $acc))

  ;; A byte of the data segment, to check that an instance was initialised.
  (func (export "data_byte") (param $address i32) (result i32)
    (i32.load8_u (local.get $address))))
