;; One kernel written twice: the i32 dot product of two 4096-element vectors, repeated `rounds` times
;; (wrapping i32 arithmetic), as scalar code and as SIMD code (i32x4.mul + i32x4.add, four lanes per step).
;; Both must return the same value; `init` fills the vectors first.
(module
  (memory (export "memory") 1)
  ;; a at 0, b at 16384, 4096 i32 each
  (func (export "init") (param $seed i32) (result i32)
    (local $i i32)
    (loop $fill
      (i32.store (i32.shl (local.get $i) (i32.const 2))
        (i32.add (i32.mul (local.get $i) (i32.const 7)) (local.get $seed)))
      (i32.store (i32.add (i32.const 16384) (i32.shl (local.get $i) (i32.const 2)))
        (i32.xor (i32.mul (local.get $i) (i32.const 0x9E3779B1)) (local.get $seed)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 4096))))
    (i32.const 0))
  (func (export "dot_scalar") (param $rounds i32) (result i32)
    (local $acc i32) (local $p i32)
    (block $done
      (loop $round
        (br_if $done (i32.eqz (local.get $rounds)))
        (local.set $p (i32.const 0))
        (loop $step
          (local.set $acc (i32.add (local.get $acc)
            (i32.mul (i32.load (local.get $p)) (i32.load offset=16384 (local.get $p)))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br_if $step (i32.lt_u (local.get $p) (i32.const 16384))))
        (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
        (br $round)))
    (local.get $acc))
  (func (export "dot_simd") (param $rounds i32) (result i32)
    (local $acc v128) (local $p i32)
    (block $done
      (loop $round
        (br_if $done (i32.eqz (local.get $rounds)))
        (local.set $p (i32.const 0))
        (loop $step
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.mul (v128.load (local.get $p)) (v128.load offset=16384 (local.get $p)))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br_if $step (i32.lt_u (local.get $p) (i32.const 16384))))
        (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
        (br $round)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))))
