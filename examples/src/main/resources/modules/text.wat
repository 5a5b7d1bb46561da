;; text: string and bytes functions, plus a little arithmetic, for the example service.
;; ABI of the Gatun starter: a string or byte[] argument is copied into memory from this module's `malloc`
;; and passed as (pointer, length); such a result comes back as one i64, pointer << 32 | length.
;; `malloc` is a bump allocator: the starter's pool resets the instance (memory and globals) after each call.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))

  ;; Returns `size` fresh bytes, growing the memory when needed; 0 when it cannot grow.
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $at i32) (local $end i32) (local $missing i32)
    (local.set $at (global.get $next))
    (local.set $end (i32.add (local.get $at) (local.get $size)))
    (if (i32.lt_u (local.get $end) (local.get $at)) (then (return (i32.const 0))))
    (local.set $missing (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536))))
    (if (i32.gt_s (local.get $missing) (i32.const 0))
      (then
        (if (i32.eq (memory.grow (i32.shr_u (i32.add (local.get $missing) (i32.const 65535)) (i32.const 16)))
                    (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $next (local.get $end))
    (local.get $at))

  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))

  ;; Iterative Fibonacci: fib(0) = 0, fib(1) = 1; wraps around modulo 2^64 past fib(93).
  (func (export "fib") (param $n i64) (result i64)
    (local $previous i64) (local $current i64) (local $next i64)
    (local.set $current (i64.const 1))
    (if (i64.eqz (local.get $n)) (then (return (i64.const 0))))
    (block $done
      (loop $step
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $next (i64.add (local.get $previous) (local.get $current)))
        (local.set $previous (local.get $current))
        (local.set $current (local.get $next))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $step)))
    (local.get $current))

  (func $packed (param $pointer i32) (param $length i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $pointer)) (i64.const 32))
            (i64.extend_i32_u (local.get $length))))

  ;; ASCII letters a-z become A-Z in place; other bytes (incl. UTF-8 multi-byte sequences) stay.
  (func (export "upper") (param $pointer i32) (param $length i32) (result i64)
    (local $at i32) (local $end i32) (local $byte i32)
    (local.set $at (local.get $pointer))
    (local.set $end (i32.add (local.get $pointer) (local.get $length)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $byte (i32.load8_u (local.get $at)))
        (if (i32.and (i32.ge_u (local.get $byte) (i32.const 97)) (i32.le_u (local.get $byte) (i32.const 122)))
          (then (i32.store8 (local.get $at) (i32.sub (local.get $byte) (i32.const 32)))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $next)))
    (call $packed (local.get $pointer) (local.get $length)))

  ;; Reverses the bytes in place.
  (func (export "reverse") (param $pointer i32) (param $length i32) (result i64)
    (local $low i32) (local $high i32) (local $byte i32)
    (local.set $low (local.get $pointer))
    (local.set $high (i32.sub (i32.add (local.get $pointer) (local.get $length)) (i32.const 1)))
    (block $done
      (loop $swap
        (br_if $done (i32.ge_s (local.get $low) (local.get $high)))
        (local.set $byte (i32.load8_u (local.get $low)))
        (i32.store8 (local.get $low) (i32.load8_u (local.get $high)))
        (i32.store8 (local.get $high) (local.get $byte))
        (local.set $low (i32.add (local.get $low) (i32.const 1)))
        (local.set $high (i32.sub (local.get $high) (i32.const 1)))
        (br $swap)))
    (call $packed (local.get $pointer) (local.get $length)))
)
