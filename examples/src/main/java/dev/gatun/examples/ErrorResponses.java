package dev.gatun.examples;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns failures of WASI command runs and bad requests into RFC 9457 problem responses (the starter maps the
 * failures of calls through typed beans itself).
 */
@RestControllerAdvice
public class ErrorResponses {

    @ExceptionHandler(FunctionTimeoutException.class)
    public ProblemDetail timeout(FunctionTimeoutException e) {
        return problem(HttpStatus.GATEWAY_TIMEOUT, "Function timed out", e.getMessage());
    }

    @ExceptionHandler(CircuitOpenException.class)
    public ResponseEntity<ProblemDetail> circuitOpen(CircuitOpenException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Circuit breaker open", e.getMessage()));
    }

    @ExceptionHandler(CommandTrapException.class)
    public ProblemDetail trap(CommandTrapException e) {
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "WebAssembly trap", e.getMessage());
    }

    @ExceptionHandler(UnknownFunctionException.class)
    public ProblemDetail unknown(UnknownFunctionException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown module or function", e.getMessage());
    }

    @ExceptionHandler(BadArgumentException.class)
    public ProblemDetail badArgument(BadArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Bad argument", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
