package dev.gatun.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import dev.gatun.spring.autoconfigure.app.Calc;
import dev.gatun.spring.autoconfigure.app.TestApplication;
import dev.gatun.spring.autoconfigure.function.WasmFunctionFactoryBean;

/** AOT processing of an application with Wasm modules and interfaces: code generated, proxies and resources hinted. */
class AotProcessingTest {

    @Test
    void aotProcessingRegistersProxiesAndResources() {
        GenericApplicationContext context = new GenericApplicationContext();
        MockEnvironment environment = new MockEnvironment();
        for (String property : WasmFunctionsTest.MODULES) {
            int eq = property.indexOf('=');
            environment.setProperty(property.substring(0, eq), property.substring(eq + 1));
        }
        context.setEnvironment(environment);
        org.springframework.context.annotation.AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
        context.registerBean(TestApplication.class);
        context.registerBean(GatunAutoConfiguration.class);

        InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
        DefaultGenerationContext generation = new DefaultGenerationContext(new ClassNameGenerator(ClassName.get("com.example", "App")), files);
        ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
        generation.writeGeneratedContent();

        assertThat(initializer).isNotNull();
        RuntimeHints hints = generation.getRuntimeHints();
        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Calc.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("wasm/calc.wat")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(WasmFunctionFactoryBean.class)).accepts(hints);
        // the interface beans and per-module beans are written as code (class + constructor / factory arguments)
        String generated = String.join("\n", files.getGeneratedFiles(org.springframework.aot.generate.GeneratedFiles.Kind.SOURCE).values()
                .stream().map(source -> {
                    try (var in = source.getInputStream()) {
                        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList());
        assertThat(generated).contains("WasmFunctionFactoryBean", "Calc.class", "calcPool", "calcModule");
    }
}
