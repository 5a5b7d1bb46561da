package dev.gatun.internal.text;

import dev.gatun.internal.model.ValType;
import dev.gatun.internal.text.Token.Kind;
import dev.gatun.internal.text.WastCommand.Action;
import dev.gatun.internal.text.WastCommand.ModuleSource;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses a {@code .wast} script into commands. Module texts are kept as source, parsed later by WatParser. */
public final class WastParser {
    private final TokenCursor in;

    private static final Set<String> MODULE_FIELDS = Set.of("type", "rec", "import", "func", "table", "memory",
            "global", "tag", "export", "start", "elem", "data");

    private WastParser(String script) {
        this.in = new TokenCursor(script);
    }

    public static List<WastCommand> parse(String script) {
        return new WastParser(script).commands();
    }

    private List<WastCommand> commands() {
        List<WastCommand> out = new ArrayList<>();
        if (in.peek().is(Kind.LPAREN) && MODULE_FIELDS.contains(in.peek(1).text())) {
            // an inline module: the whole script is the fields of one anonymous module
            out.add(new WastCommand.Module(in.line(in.peek()), null, false, new ModuleSource.Text(in.src)));
            return out;
        }
        while (!in.atEof()) {
            out.add(command());
        }
        return out;
    }

    private WastCommand command() {
        Token open = in.peek();
        int line = in.line(open);
        if (!open.is(Kind.LPAREN)) throw in.unexpected(open, "'(' starting a command");
        Token head = in.peek(1);
        if (!head.is(Kind.KEYWORD)) throw in.unexpected(head, "a command");
        switch (head.text()) {
            case "module" -> {
                return moduleCommand(line);
            }
            case "register" -> {
                in.next();
                in.next();
                String as = in.expectName();
                String module = in.acceptId();
                in.expectRParen();
                return new WastCommand.Register(line, as, module);
            }
            case "invoke", "get" -> {
                return new WastCommand.ActionCommand(line, action());
            }
            default -> { }
        }
        in.next();
        in.next();
        WastCommand result = switch (head.text()) {
            case "assert_return" -> {
                Action action = action();
                List<WastValue> expected = new ArrayList<>();
                while (!in.peek().is(Kind.RPAREN)) expected.add(value(true));
                yield new WastCommand.AssertReturn(line, action, expected);
            }
            case "assert_trap" -> {
                if (in.atParenKeyword("module")) {
                    ModuleSource m = moduleSource();
                    yield new WastCommand.AssertModuleTrap(line, m, in.expectName());
                }
                Action action = action();
                yield new WastCommand.AssertTrap(line, action, in.expectName());
            }
            case "assert_exhaustion" -> {
                Action action = action();
                yield new WastCommand.AssertExhaustion(line, action, in.expectName());
            }
            case "assert_exception" -> new WastCommand.AssertException(line, action());
            case "assert_invalid", "assert_invalid_custom" -> {
                ModuleSource m = moduleSource();
                yield new WastCommand.AssertInvalid(line, m, in.expectName(), head.text().endsWith("_custom"));
            }
            case "assert_malformed", "assert_malformed_custom" -> {
                ModuleSource m = moduleSource();
                yield new WastCommand.AssertMalformed(line, m, in.expectName(), head.text().endsWith("_custom"));
            }
            case "assert_unlinkable" -> {
                ModuleSource m = moduleSource();
                yield new WastCommand.AssertUnlinkable(line, m, in.expectName());
            }
            default -> throw in.error(head, "not supported: wast command '" + head.text() + "'");
        };
        in.expectRParen();
        return result;
    }

    /** {@code (module ...)} at top level: a definition, an instance, or a plain module. */
    private WastCommand moduleCommand(int line) {
        int save = in.pos;
        in.next();
        in.next();
        if (in.acceptKeyword("instance")) {
            String instance = in.acceptId();
            String module = in.acceptId();
            in.expectRParen();
            return new WastCommand.Instance(line, instance, module);
        }
        boolean definition = in.acceptKeyword("definition");
        String name = in.acceptId();
        in.pos = save;
        return new WastCommand.Module(line, name, definition, moduleSource());
    }

    /** A module inside a command: {@code (module $id? [definition] (binary|quote) string* | field*)}. */
    private ModuleSource moduleSource() {
        int openIndex = in.pos;
        Token open = in.peek();
        in.expectLParen();
        in.expectKeyword("module");
        in.acceptKeyword("definition");
        in.acceptId();
        if (in.acceptKeyword("binary")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (in.peek().is(Kind.STRING)) bytes.writeBytes(in.expectStringBytes());
            in.expectRParen();
            return new ModuleSource.Binary(bytes.toByteArray());
        }
        if (in.acceptKeyword("quote")) {
            StringBuilder text = new StringBuilder();
            while (in.peek().is(Kind.STRING)) {
                text.append(QuotedText.decode(in.expectStringBytes()));
            }
            in.expectRParen();
            return new ModuleSource.Quote(text.toString());
        }
        in.pos = openIndex;
        in.skipSexpr();
        Token close = in.tokens.get(in.pos - 1);
        return new ModuleSource.Text(in.src.substring(open.start(), close.end()));
    }

    private Action action() {
        in.expectLParen();
        String kind = in.expectKeyword();
        String module = in.acceptId();
        String name = in.expectName();
        Action action;
        if (kind.equals("invoke")) {
            List<WastValue> args = new ArrayList<>();
            while (!in.peek().is(Kind.RPAREN)) args.add(value(false));
            action = new Action.Invoke(module, name, args);
        } else if (kind.equals("get")) {
            action = new Action.Get(module, name);
        } else {
            throw in.error("not supported: action '" + kind + "'");
        }
        in.expectRParen();
        return action;
    }

    /** A constant argument or (with {@code pattern}) an expected result. */
    private WastValue value(boolean pattern) {
        in.expectLParen();
        Token head = in.next();
        if (!head.is(Kind.KEYWORD)) throw in.unexpected(head, "a value");
        String op = head.text();
        WastValue v = switch (op) {
            case "i32.const" -> new WastValue.Num(ValType.I32, intLiteral(32) & 0xFFFFFFFFL);
            case "i64.const" -> new WastValue.Num(ValType.I64, intLiteral(64));
            case "f32.const", "f64.const" -> floatValue(op.startsWith("f32"), pattern);
            case "v128.const" -> v128Value(pattern);
            case "ref.null" -> {
                if (in.peek().is(Kind.RPAREN)) yield new WastValue.RefNull(null);
                yield new WastValue.RefNull(abstractHeapType(in.next()));
            }
            case "ref.extern" -> new WastValue.RefExtern(optionalNat());
            case "ref.host" -> new WastValue.RefHost(optionalNat());
            case "either" -> {
                // alternatives are plain values: no nested either, so no recursion on hostile nesting
                List<WastValue> alternatives = new ArrayList<>();
                while (!in.peek().is(Kind.RPAREN)) {
                    if (in.atParenKeyword("either")) throw in.error("nested 'either' is not supported");
                    alternatives.add(value(pattern));
                }
                yield new WastValue.Either(alternatives);
            }
            default -> {
                if (op.startsWith("ref.") && pattern) {
                    String immediate = in.peek().is(Kind.RPAREN) ? null : in.next().text();
                    yield new WastValue.RefPattern(op.substring(4), immediate);
                }
                throw in.error(head, "unexpected value '" + op + "'");
            }
        };
        in.expectRParen();
        return v;
    }

    private Long optionalNat() {
        if (in.peek().is(Kind.RPAREN)) return null;
        Token t = in.next();
        TextNumbers.IntResult r = TextNumbers.parseUnsigned(t.text(), 64);
        if (!t.is(Kind.NUMBER) || !r.wellFormed()) throw in.unexpected(t, "a natural number");
        if (!r.inRange()) throw in.error(t, "constant out of range");
        return r.value();
    }

    private int abstractHeapType(Token t) {
        int ht = TypeSyntax.abstractHeapType(t.is(Kind.KEYWORD) ? t.text() : "");
        if (ht == 0) throw in.unexpected(t, "a heap type");
        return ht;
    }

    private long intLiteral(int bits) {
        Token t = in.next();
        TextNumbers.IntResult r = TextNumbers.parseIntN(t.text(), bits);
        if (!r.wellFormed() || !t.is(Kind.NUMBER)) throw in.unexpected(t, "an i" + bits + " literal");
        if (!r.inRange()) throw in.error(t, "constant out of range");
        return r.value();
    }

    private long floatBits(Token t, boolean f32) {
        TextNumbers.FloatResult r = TextNumbers.parseFloat(t.text(), f32);
        if (!r.wellFormed() || !(t.is(Kind.NUMBER) || t.is(Kind.KEYWORD))) {
            throw in.unexpected(t, "an f" + (f32 ? 32 : 64) + " literal");
        }
        if (!r.inRange()) throw in.error(t, "constant out of range");
        return r.bits();
    }

    private static boolean isNanPattern(Token t) {
        return t.isKeyword("nan:canonical") || t.isKeyword("nan:arithmetic");
    }

    private WastValue floatValue(boolean f32, boolean pattern) {
        Token t = in.next();
        ValType type = f32 ? ValType.F32 : ValType.F64;
        if (pattern && isNanPattern(t)) return new WastValue.NanPattern(type, t.text().equals("nan:canonical"));
        return new WastValue.Num(type, floatBits(t, f32));
    }

    /** A v128 constant; a result with NaN patterns in float lanes becomes a per-lane pattern. */
    private WastValue v128Value(boolean pattern) {
        Token shapeToken = in.next();
        String shape = shapeToken.text();
        int lanes = V128Literal.laneCount(shape);
        if (lanes == 0) throw in.unexpected(shapeToken, "a v128 shape");
        boolean hasNanPattern = false;
        for (int i = 0; i < lanes; i++) hasNanPattern |= isNanPattern(in.peek(i));
        if (!(pattern && shape.startsWith("f") && hasNanPattern)) {
            long[] halves = V128Literal.parseLanes(in, shape);
            return new WastValue.V128(halves[0], halves[1]);
        }
        boolean f32 = shape.equals("f32x4");
        List<WastValue> laneValues = new ArrayList<>();
        for (int i = 0; i < lanes; i++) laneValues.add(floatValue(f32, true));
        return new WastValue.V128Pattern(shape, laneValues);
    }
}
