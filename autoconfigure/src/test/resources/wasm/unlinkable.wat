(module
  (import "env" "missing" (func (param i32)))
  (func (export "run")))
