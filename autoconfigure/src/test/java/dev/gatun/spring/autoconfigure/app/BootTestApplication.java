package dev.gatun.spring.autoconfigure.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A whole Spring Boot application over the test package: auto-configuration from the imports file. */
@SpringBootApplication
public class BootTestApplication {
}
