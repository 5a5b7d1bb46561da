package dev.gatun.spring.autoconfigure.app;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The test application: its package holds the @WasmModule interfaces; it provides a host function bean. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class TestApplication {
    @Bean
    Doubler doubler() {
        return new Doubler();
    }
}
