package dev.gatun.spring.autoconfigure.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.gatun.spring.autoconfigure.exception.WasmCallRejectedException;
import dev.gatun.spring.autoconfigure.exception.WasmExecutionException;
import dev.gatun.spring.autoconfigure.exception.WasmFuelExhaustedException;
import dev.gatun.spring.autoconfigure.exception.WasmPoolExhaustedException;
import dev.gatun.spring.autoconfigure.exception.WasmTimeoutException;

/**
 * RFC 9457 problem details for failed Wasm calls: time-out 504, pool exhausted or call rejected (circuit open,
 * bulkhead full) 503, fuel exhausted 422 (the request asked for more work than allowed), guest trap 500 (a bug
 * in the guest). Properties: {@code module}, {@code function}, {@code kind}.
 */
@RestControllerAdvice
public class WasmProblemDetailsHandler {
    static final String TYPE_PREFIX = "urn:gatun:problem:";

    @ExceptionHandler(WasmExecutionException.class)
    public ResponseEntity<ProblemDetail> handle(WasmExecutionException e) {
        HttpStatus status = statusOf(e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create(TYPE_PREFIX + e.kind()));
        problem.setTitle(titleOf(e));
        problem.setProperty("module", e.module());
        problem.setProperty("function", e.function());
        problem.setProperty("kind", e.kind());
        return ResponseEntity.status(status).body(problem);
    }

    static HttpStatus statusOf(WasmExecutionException e) {
        if (e instanceof WasmTimeoutException) return HttpStatus.GATEWAY_TIMEOUT;
        if (e instanceof WasmPoolExhaustedException || e instanceof WasmCallRejectedException) return HttpStatus.SERVICE_UNAVAILABLE;
        if (e instanceof WasmFuelExhaustedException) return HttpStatus.UNPROCESSABLE_CONTENT;
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String titleOf(WasmExecutionException e) {
        if (e instanceof WasmTimeoutException) return "Wasm call timed out";
        if (e instanceof WasmPoolExhaustedException) return "No Wasm instance available";
        if (e instanceof WasmCallRejectedException) return "Wasm call rejected";
        if (e instanceof WasmFuelExhaustedException) return "Wasm call ran out of fuel";
        return "Wasm guest failed";
    }
}
