;; Imports a host function the application provides as a @WasmHostFunction bean.
(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (func (export "quadruple") (param i32) (result i32) (call $twice (call $twice (local.get 0)))))
