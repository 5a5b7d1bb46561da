package dev.gatun.examples;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST endpoints over the bundled modules' typed beans. */
@RestController
@RequestMapping("/api")
public class FunctionsController {
    private final TextFunctions text;
    private final Greeter greeter;
    private final Runaway runaway;

    public FunctionsController(TextFunctions text, Greeter greeter, Runaway runaway) {
        this.text = text;
        this.greeter = greeter;
        this.runaway = runaway;
    }

    @GetMapping("/add")
    public Map<String, Object> add(@RequestParam("a") int a, @RequestParam("b") int b) {
        return Map.of("a", a, "b", b, "sum", text.add(a, b));
    }

    @GetMapping("/fib/{n}")
    public Map<String, Object> fib(@PathVariable("n") long n) {
        if (n < 0) throw new BadArgumentException("fib needs n >= 0, got " + n);
        return Map.of("n", n, "fib", text.fib(n));
    }

    @PostMapping(path = "/upper", consumes = MediaType.TEXT_PLAIN_VALUE, produces = "text/plain;charset=UTF-8")
    public String upper(@RequestBody String body) {
        return text.upper(body);
    }

    @PostMapping(path = "/reverse", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE,
            produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public byte[] reverse(@RequestBody byte[] body) {
        return text.reverse(body);
    }

    /** Runs the C/WASI module; its stdout is the answer, its stderr went to the service log. */
    @PostMapping(path = "/greet", consumes = MediaType.TEXT_PLAIN_VALUE)
    public CommandRunner.CommandResult greet(@RequestBody(required = false) String name) {
        return greeter.greet(name == null ? "" : name);
    }

    /** Never succeeds: 504 (time limit) while the breaker is closed, 503 once it opened. */
    @PostMapping("/runaway")
    public Map<String, Object> runaway() {
        runaway.spin();
        throw new IllegalStateException("runaway.spin returned, which it never should");
    }
}
