;; runaway: a function that never returns, to show the service's time limit and circuit breaker.
(module
  (func (export "spin")
    (loop $forever (br $forever))))
