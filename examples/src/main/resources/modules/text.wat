;; text: string and bytes functions over linear memory, plus a little arithmetic.
;; The host writes its input at input_buffer() (at most buffer_capacity() bytes), calls a function with
;; the length, and reads the result back from the same buffer (the functions work in place).
(module
  (memory (export "memory") 1)
  (global $buffer i32 (i32.const 1024))
  (global $capacity i32 (i32.const 64512))

  (func (export "input_buffer") (result i32) (global.get $buffer))
  (func (export "buffer_capacity") (result i32) (global.get $capacity))

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

  ;; ASCII letters a-z become A-Z in place; other bytes (incl. UTF-8 multi-byte sequences) stay.
  (func (export "upper") (param $length i32) (result i32)
    (local $at i32) (local $end i32) (local $byte i32) (local $changed i32)
    (local.set $at (global.get $buffer))
    (local.set $end (i32.add (global.get $buffer) (local.get $length)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $byte (i32.load8_u (local.get $at)))
        (if (i32.and (i32.ge_u (local.get $byte) (i32.const 97)) (i32.le_u (local.get $byte) (i32.const 122)))
          (then
            (i32.store8 (local.get $at) (i32.sub (local.get $byte) (i32.const 32)))
            (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $next)))
    (local.get $changed))

  ;; Reverses the bytes in place.
  (func (export "reverse") (param $length i32)
    (local $low i32) (local $high i32) (local $byte i32)
    (local.set $low (global.get $buffer))
    (local.set $high (i32.sub (i32.add (global.get $buffer) (local.get $length)) (i32.const 1)))
    (block $done
      (loop $swap
        (br_if $done (i32.ge_s (local.get $low) (local.get $high)))
        (local.set $byte (i32.load8_u (local.get $low)))
        (i32.store8 (local.get $low) (i32.load8_u (local.get $high)))
        (i32.store8 (local.get $high) (local.get $byte))
        (local.set $low (i32.add (local.get $low) (i32.const 1)))
        (local.set $high (i32.sub (local.get $high) (i32.const 1)))
        (br $swap))))
)
