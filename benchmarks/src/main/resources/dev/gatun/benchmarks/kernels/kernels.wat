;; JMH compute kernels (issue 3): one loop-heavy, one call-heavy recursive, one memory-heavy function.
;; kernels.wasm next to this file is `wat2wasm kernels.wat -o kernels.wasm`; KernelsTest checks that the two agree.
(module
  (memory (export "memory") 1)

  ;; Loop-heavy: n rounds of integer mixing (xorshift + multiply) with a data-dependent branch.
  (func (export "loop_mix") (param $n i32) (result i32)
    (local $i i32) (local $x i32) (local $acc i32)
    (local.set $x (i32.const 0x9E3779B9))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
        (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
        (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
        (if (i32.and (local.get $x) (i32.const 1))
          (then (local.set $acc (i32.add (local.get $acc) (i32.mul (local.get $x) (i32.const 31)))))
          (else (local.set $acc (i32.sub (local.get $acc) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; Call-heavy: naive recursive Fibonacci (fib(n) calls itself about 2 * fib(n) times).
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; Memory-heavy: `rounds` passes over the 64 KiB page; each pass rewrites every i32 from its neighbour
  ;; (loads and stores) and sums the bytes of every 64th word. Returns the final sum.
  (func (export "memory_mix") (param $rounds i32) (result i32)
    (local $r i32) (local $addr i32) (local $sum i32)
    (block $rounds_done
      (loop $round
        (br_if $rounds_done (i32.ge_u (local.get $r) (local.get $rounds)))
        (local.set $addr (i32.const 4))
        (block $pass_done
          (loop $word
            (br_if $pass_done (i32.ge_u (local.get $addr) (i32.const 65536)))
            (i32.store (local.get $addr)
              (i32.add (i32.load (i32.sub (local.get $addr) (i32.const 4)))
                       (i32.add (local.get $addr) (local.get $r))))
            (if (i32.eqz (i32.and (local.get $addr) (i32.const 255)))
              (then (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $addr))))))
            (local.set $addr (i32.add (local.get $addr) (i32.const 4)))
            (br $word)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $round)))
    (local.get $sum))
)
