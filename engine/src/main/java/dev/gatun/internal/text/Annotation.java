package dev.gatun.internal.text;

import java.util.List;

/**
 * An annotation {@code (@id ...)}: its id, where it starts, the index of the token that follows it, and the
 * tokens inside it. Most annotations are ignored; the parser checks the ones it knows (@custom, @name,
 * @metadata.code.branch_hint) where they are allowed.
 */
record Annotation(String id, int start, int tokenIndex, List<Token> content) {}
