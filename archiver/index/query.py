"""The search query language: parse what a user types into a small AST, and the search request.

Grammar (informal)::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary+                       words side by side are ANDed ("AND" may be written)
    unary   := ("-" | "NOT") primary | primary
    primary := "(" or_expr ")" | '"phrase"' | field | word ["*"]
    field   := name ":" (word ["*"] | '"phrase"')

Field names: ``person``, ``location`` (alias ``place``), ``outlet``, ``topic``, ``title``, ``org``
(alias ``organization``). An unknown ``name:`` (``10:30``, ``http://x``) is an ordinary word.
Words made only of punctuation (``&``, ``--``) can never match anything, so they are dropped, and a
lone ``-`` is ignored. ``OR``, ``AND`` and ``NOT`` are operators only in upper case.

An empty query parses to ``And(())``, which matches every article. Negative-only queries (``-ice``)
are valid: the index answers them as "every article except".
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from archiver.errors import QuerySyntaxError, UsageError

FIELD_ALIASES = {
    "person": "person",
    "people": "person",
    "location": "location",
    "place": "location",
    "outlet": "outlet",
    "topic": "topic",
    "title": "title",
    "org": "organization",
    "organization": "organization",
}
SORTS = ("relevance", "newest", "oldest")
MIN_PREFIX_CHARS = 3  # the index keeps a 3-character prefix index; "ab*" would merge thousands of terms
MAX_QUERY_CHARS = 2000
MAX_DEPTH = 50


@dataclass(frozen=True)
class Term:
    """One word; ``prefix`` for ``word*``."""

    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must appear next to each other, in order."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Not:
    """Articles that do not match ``node``."""

    node: Query


@dataclass(frozen=True)
class And:
    """Articles matching every node; ``And(())`` matches everything."""

    nodes: tuple[Query, ...]


@dataclass(frozen=True)
class Or:
    """Articles matching at least one node."""

    nodes: tuple[Query, ...]


@dataclass(frozen=True)
class Field:
    """A field filter: ``name`` is a canonical field name, ``value`` as typed (unquoted)."""

    name: str
    value: str
    prefix: bool = False


Query = Term | Phrase | Not | And | Or | Field
MATCH_ALL = And(())


@dataclass(frozen=True)
class SearchRequest:
    """Everything one search asks of the index; the CLI builds it from its options.

    ``person``, ``location``, ``outlet`` and ``topic`` take one value or a tuple of values, all of
    which must match (``--location A --location B``). ``since``/``until`` bound the publication
    date (inclusive days); an undated article never matches them, and ``undated`` asks for
    undated articles only. ``limit`` 0 means every match (``--all``).
    """

    query: str = ""
    person: str | tuple[str, ...] | None = None
    location: str | tuple[str, ...] | None = None
    outlet: str | tuple[str, ...] | None = None
    topic: str | tuple[str, ...] | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    sort: str = "relevance"
    limit: int = 20
    facets: bool = False
    count_only: bool = False
    undated: bool = False


def has_token_chars(text: str) -> bool:
    """Whether ``text`` holds a character the full-text tokenizer keeps (a letter or a digit).

    >>> has_token_chars("&"), has_token_chars("C++")
    (False, True)
    """
    return any(unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "Co" for ch in text)


def parse_query(text: str) -> Query:
    """Parse a search query into an AST.

    Args:
        text: the query as the user typed it.

    Returns:
        The AST; ``And(())`` when the query holds nothing to search for.

    Raises:
        QuerySyntaxError: with a message saying what is wrong and how to fix it.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"the query is too long (over {MAX_QUERY_CHARS} characters)")
    parser = _Parser(_tokenize(_clean(text)))
    node = parser.parse()
    return node if node is not None else MATCH_ALL


def _clean(text: str) -> str:
    """Text SQLite can take: FTS5 reads MATCH as a C string (a NUL would cut it short), and lone
    surrogates (undecodable bytes in argv) cannot be encoded as UTF-8."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


def request_query(req: SearchRequest) -> Query:
    """The AST a request stands for: its query ANDed with its ``--person`` etc. options.

    Raises:
        QuerySyntaxError: if the query or an option value cannot be parsed.
    """
    nodes: list[Query] = []
    parsed = parse_query(req.query or "")
    if parsed != MATCH_ALL:
        nodes.append(parsed)
    for name in ("person", "location", "outlet", "topic"):
        values = getattr(req, name)
        if values is None:
            continue
        for value in (values,) if isinstance(values, str) else values:
            nodes.append(_option_field(name, value))
    if req.sort not in SORTS:
        raise UsageError(f"unknown sort {req.sort!r}: use one of {', '.join(SORTS)}")
    if req.limit < 0:
        raise UsageError("--limit cannot be negative")
    if req.since and req.until and req.since > req.until:
        raise UsageError(f"--since {req.since} is after --until {req.until}")
    if req.undated and (req.since or req.until):
        raise UsageError("--undated finds articles without a publication date: drop --since/--until")
    return _make_and(nodes) or MATCH_ALL


def _option_field(name: str, value: str) -> Field:
    """The filter node of one ``--person``/``--location``/``--outlet``/``--topic`` value."""
    value = _clean(value).strip()
    if not value:
        raise QuerySyntaxError(f"--{name} needs a value")
    prefix = value.endswith("*")
    value = value.rstrip("*").strip()
    if not has_token_chars(value):
        raise QuerySyntaxError(f"--{name} needs a value with letters or digits")
    return Field(name, value, prefix)


# --- tokens -------------------------------------------------------------------------------------

# Token kinds: WORD (text), PHRASE (text), FIELD ((name, raw value or None)), OR, AND, NOT, MINUS,
# LPAREN, RPAREN.  A MINUS only appears glued to what it negates.


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str = ""
    field: str = ""
    phrase: bool = False


_BREAK = set(' \t\r\n\f\v"()')


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "(":
            tokens.append(_Token("LPAREN"))
            i += 1
            continue
        if ch == ")":
            tokens.append(_Token("RPAREN"))
            i += 1
            continue
        if ch == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "-":
            tokens.append(_Token("MINUS"))
            i += 1
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError('unbalanced quote: a "phrase" needs a closing "')
            tokens.append(_Token("PHRASE", text[i + 1 : end]))
            i = end + 1
            continue
        j = i
        while j < n and text[j] not in _BREAK and not text[j].isspace():
            j += 1
        word = text[i:j]
        i = j
        if word in ("OR", "AND", "NOT"):
            tokens.append(_Token(word))
            continue
        name, colon, rest = word.partition(":")
        field = FIELD_ALIASES.get(name.lower()) if colon else None
        if field is None:
            tokens.append(_Token("WORD", word))
            continue
        if rest:
            tokens.append(_Token("FIELD", rest, field=field))
        elif i < n and text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError(f'unbalanced quote after {name}: (write {name}:"two words")')
            tokens.append(_Token("FIELD", text[i + 1 : end], field=field, phrase=True))
            i = end + 1
        else:
            raise QuerySyntaxError(f'field {name}: needs a value, as in {name}:word or {name}:"two words"')
    return tokens


# --- parser -------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> Query | None:
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:
            # Only an unmatched ")" can stop or_expr before the end.
            raise QuerySyntaxError("unbalanced parenthesis: a ')' has no matching '('")
        return node

    def or_expr(self) -> Query | None:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.pos += 1
            parts.append(self.and_expr())
        if len(parts) > 1 and any(p is _EMPTY for p in parts):
            raise QuerySyntaxError("OR needs a term on both sides, as in: danbury OR waterbury")
        # An alternative made only of punctuation ("a OR &") can never match: it drops out.
        kept = [p for p in parts if p is not None and p is not _EMPTY]
        if not kept:
            return None
        if len(kept) == 1:
            return kept[0]
        flat: list[Query] = []
        for p in kept:
            flat.extend(p.nodes if isinstance(p, Or) else (p,))
        return Or(tuple(flat))

    def and_expr(self) -> Query | None | object:
        """The ANDed run of terms; ``_EMPTY`` when there is no term at all (for OR's message)."""
        nodes: list[Query] = []
        seen = False
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RPAREN"):
            if tok.kind == "AND":
                self.pos += 1
                nxt = self.peek()
                if not seen or nxt is None or nxt.kind in ("OR", "RPAREN", "AND"):
                    raise QuerySyntaxError("AND needs a term on both sides, as in: ice AND danbury")
                continue
            seen = True
            node = self.unary()
            if node is not None:
                nodes.append(node)
        if not seen:
            return _EMPTY
        return _make_and(nodes)

    def unary(self) -> Query | None:
        tok = self.peek()
        assert tok is not None
        if tok.kind in ("MINUS", "NOT"):
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("OR", "AND", "NOT", "MINUS", "RPAREN"):
                what = "-" if tok.kind == "MINUS" else "NOT"
                raise QuerySyntaxError(
                    f"{what} needs a term after it, as in: ice {what}{'' if what == '-' else ' '}boston"
                )
            node = self.primary()
            if node is None:
                return None
            if isinstance(node, Not):
                return node.node
            return Not(node)
        return self.primary()

    def primary(self) -> Query | None:
        tok = self.peek()
        assert tok is not None
        self.pos += 1
        if tok.kind == "LPAREN":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QuerySyntaxError("the query nests parentheses too deeply")
            nxt = self.peek()
            if nxt is not None and nxt.kind == "RPAREN":
                raise QuerySyntaxError("empty parentheses: put terms between ( and )")
            node = self.or_expr()
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise QuerySyntaxError("unbalanced parenthesis: a '(' has no matching ')'")
            self.pos += 1
            self.depth -= 1
            return node
        if tok.kind == "PHRASE":
            return _phrase(tok.text)
        if tok.kind == "FIELD":
            return _field(tok)
        if tok.kind == "WORD":
            return _word(tok.text)
        raise QuerySyntaxError(f"{tok.kind} is in the wrong place")  # pragma: no cover


_EMPTY = object()


def _make_and(nodes: list[Query]) -> Query | None:
    flat: list[Query] = []
    for node in nodes:
        flat.extend(node.nodes if isinstance(node, And) else (node,))
    if not flat:
        return None
    if len(flat) == 1:
        return flat[0]
    return And(tuple(flat))


def _word(text: str) -> Query | None:
    prefix = text.endswith("*")
    word = text.rstrip("*")
    if not has_token_chars(word):
        return None
    if prefix and sum(1 for ch in word if has_token_chars(ch)) < MIN_PREFIX_CHARS:
        raise QuerySyntaxError(
            f"prefix {text} is too short: give at least {MIN_PREFIX_CHARS} letters before *"
        )
    return Term(word, prefix)


def _phrase(text: str) -> Query | None:
    words = tuple(w for w in text.split() if has_token_chars(w))
    if not words:
        return None
    if len(words) == 1:
        return Term(words[0])
    return Phrase(words)


def _field(tok: _Token) -> Query:
    raw = tok.text
    prefix = not tok.phrase and raw.endswith("*")
    value = " ".join(raw.rstrip("*").split()) if prefix else " ".join(raw.split())
    if not has_token_chars(value):
        raise QuerySyntaxError(f"field {tok.field}: needs a value with letters or digits")
    if prefix and sum(1 for ch in value if has_token_chars(ch)) < MIN_PREFIX_CHARS:
        raise QuerySyntaxError(
            f"prefix {raw} is too short: give at least {MIN_PREFIX_CHARS} letters before *"
        )
    return Field(tok.field, value, prefix)
