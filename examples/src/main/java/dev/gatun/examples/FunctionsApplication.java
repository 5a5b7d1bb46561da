package dev.gatun.examples;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The "functions" service: REST endpoints backed by WebAssembly modules run by Gatun. */
@SpringBootApplication
@EnableConfigurationProperties(CommandProperties.class)
public class FunctionsApplication {
    public static void main(String[] args) {
        SpringApplication.run(FunctionsApplication.class, args);
    }
}
