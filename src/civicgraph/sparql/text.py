"""SPARQL text: loading ``.rq`` files, reading their headers, telling what a text asks.

Every ``.rq`` file civicgraph reads goes through ``load_query`` (a file) or
``shipped_query`` (one shipped inside a package): the named catalogue, the queries the
library runs itself (``civicgraph.sparql``), the network analysis and the Wikidata
linker. Each file may start with a header of ``# key: value`` comment lines::

    # title: Who opened an event
    # title@kk: Іс-шараны кім ашты
    # title@ru: Кто открыл мероприятие
    # description: Participants whose role at the event is opener or chair.
    # description@kk: Іс-шарада ашушы немесе төрағалық етуші болған қатысушылар.
    # description@ru: Участники, открывшие мероприятие или председательствовавшие на нём.
    # param: event: id? -- Event | the event; every event when left out
    # param@kk: event -- Іс-шара | іс-шара; бос қалдырылса — барлық іс-шаралар
    # param@ru: event -- Мероприятие | мероприятие; если не указано — все мероприятия
    # param: asOf: date = 2025-04-03 -- the day to look at
    # column: opener -- Opened by | the person or group who opened it
    # column@kk: opener -- Ашқан | оны ашқан тұлға немесе топ

A parameter is ``name: type`` with ``?`` when it may be left unbound, ``= default`` for a
default, and ``-- text`` for what it is (types: ``civicgraph.sparql.binding``). A
parameter's or a column's text is ``label | help``: a short label (a form field's, a
table's header) and a sentence; without ``|`` it is the sentence alone, and the label is
the name. The untagged lines are English; ``key@kk``, ``key@ru`` (or ``key@en``) give
the same item in another language, a parameter or column by its name only. A reader in a
language the header lacks gets the English, then the name (``CatalogueQuery.title_in``,
``Parameter.label``, …; ``missing_translations`` lists what a header lacks).

What a text asks (its form, whether it is an update, which SERVICEs it calls) is read by
rdflib's SPARQL 1.1 grammar, not by scanning for keywords; the engine's own parser
(Oxigraph) checks the syntax so that errors point at the line and column it will reject,
and only parses: nothing of a text the grammar refused is ever evaluated (a SERVICE in it
would make the engine call the address it names).
"""

from __future__ import annotations

import difflib
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache, cached_property, lru_cache, partial
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pyoxigraph as ox
from pyparsing import ParseBaseException, ParserElement, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from civicgraph import resources
from civicgraph.errors import QueryError
from civicgraph.languages import LANGUAGES, LocalText, choose_text

PROJECT_CATALOGUE = Path("queries")
"""A project's own catalogue, relative to its folder; it overrides the shipped one."""

_HEADER_LINE = re.compile(r"^#\s*([a-z]+)(?:@([A-Za-z][A-Za-z0-9-]*))?\s*:\s?(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)(?P<optional>\?)?"
    r"(?:\s*=\s*(?P<default>.*?))?(?:\s+--\s+(?P<doc>.*))?\s*$"
)
_COLUMN = re.compile(r"^\??(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\s+--\s+(?P<doc>.*))?\s*$")
_TRANSLATED_ITEM = _COLUMN
"""A parameter in another language is named as a column is: no type, no default."""
HEADER_LANGUAGE = "en"
"""The language of a header's untagged lines."""
_SYNTAX_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.DOTALL)

PARAM_TYPES = ("iri", "id", "string", "text", "lang", "date", "integer")


class QueryForm(StrEnum):
    """The four SPARQL query forms (SPARQL 1.1 Query §16), and an update (SPARQL 1.1 Update)."""

    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"
    UPDATE = "UPDATE"

    @property
    def gives_rdf(self) -> bool:
        return self in {QueryForm.CONSTRUCT, QueryForm.DESCRIBE}


_FORM_OF_RULE = {
    "SelectQuery": QueryForm.SELECT,
    "AskQuery": QueryForm.ASK,
    "ConstructQuery": QueryForm.CONSTRUCT,
    "DescribeQuery": QueryForm.DESCRIBE,
}


class QuerySyntaxError(QueryError):
    """The query text is not SPARQL 1.1; carries the file, line and column."""

    def __init__(
        self, message: str, *, path: Path | str | None, line: int, column: int, hint: str | None
    ) -> None:
        super().__init__(message, path=path, line=line, hint=hint)
        self.column = column

    def __str__(self) -> str:
        where = f"{self.path or '<query>'}:{self.line}:{self.column}: "
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


@dataclass(frozen=True)
class Shape:
    """What a SPARQL text asks, as the parser reads it."""

    form: QueryForm
    services: tuple[str, ...] = ()
    """The SERVICE clauses' endpoints (an IRI, or ``?var`` for a variable one)."""
    dataset: bool = False
    """Whether the text names its own dataset (FROM or FROM NAMED)."""
    projection: tuple[str, ...] | None = None
    """The variables a SELECT names in its projection, in order (an expression's by its
    ``AS``); ``None`` for ``SELECT *`` and the other forms. ``SELECT *`` projects the
    variables in scope (SPARQL 1.1 §18.2.1), which rdflib's algebra miscounts (it adds
    those of FILTER, MINUS and EXISTS, drops a trailing VALUES), and which the engine
    tells only by evaluating the text: so they are not told."""


@dataclass(frozen=True)
class Wording:
    """One header text (a title, a label, a help) in each language it is given in."""

    texts: tuple[tuple[str, str], ...] = ()
    """``(language, text)`` pairs, one per language, in the order of ``LANGUAGES``."""

    @classmethod
    def of(cls, texts: dict[str, str]) -> Wording:
        return cls(tuple((lang, texts[lang]) for lang in LANGUAGES if lang in texts))

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(lang for lang, _ in self.texts)

    def choose(self, lang: str) -> LocalText | None:
        """The text in ``lang``, else in English (the header's own), else in any language."""
        return choose_text(dict(self.texts), lang, written_in=HEADER_LANGUAGE)


@dataclass(frozen=True)
class HeaderItem:
    """A parameter or a result column: its name, and a label and help in each language."""

    name: str
    labels: Wording = field(default=Wording(), kw_only=True)
    """Short: a form field's label, a table's header."""
    helps: Wording = field(default=Wording(), kw_only=True)
    """A sentence: what the item is."""

    def label(self, lang: str) -> LocalText:
        """The label in ``lang``, else English, else the name."""
        return self.labels.choose(lang) or LocalText(self.name, None)

    def help_text(self, lang: str) -> LocalText:
        """The help in ``lang``, else English, else nothing."""
        return self.helps.choose(lang) or LocalText("", None)

    @property
    def description(self) -> str:
        """The English help, as ``docs/queries.md`` shows it."""
        return self.help_text(HEADER_LANGUAGE).text


@dataclass(frozen=True)
class Parameter(HeaderItem):
    """One declared parameter of a query."""

    type: str
    default: str | None = None
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional


@dataclass(frozen=True)
class Column(HeaderItem):
    """One documented result column."""


@dataclass(frozen=True)
class CatalogueQuery:
    """A query file: its header and its text."""

    name: str
    text: str
    path: Path | None = None
    titles: Wording = Wording()
    descriptions: Wording = Wording()
    parameters: tuple[Parameter, ...] = ()
    columns: tuple[Column, ...] = ()

    @property
    def title(self) -> str:
        """The English title (else another language's, else the name)."""
        return self.title_in(HEADER_LANGUAGE).text

    @property
    def description(self) -> str:
        return self.description_in(HEADER_LANGUAGE).text

    def title_in(self, lang: str) -> LocalText:
        """The title in ``lang``, else English, else the query's name."""
        return self.titles.choose(lang) or LocalText(self.name, None)

    def description_in(self, lang: str) -> LocalText:
        return self.descriptions.choose(lang) or LocalText("", None)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def param_label(self, name: str, lang: str) -> LocalText:
        """A parameter's label in ``lang`` (else English, else its name)."""
        parameter = self.parameter(name)
        return parameter.label(lang) if parameter else LocalText(name, None)

    def column_label(self, name: str, lang: str) -> LocalText:
        """A result column's header in ``lang`` (else English, else the variable's name,
        also for a variable the header does not document)."""
        column = self.column(name)
        return column.label(lang) if column else LocalText(name, None)

    def missing_translations(self, languages: Iterable[str] = LANGUAGES) -> tuple[str, ...]:
        """What the header does not give in each of ``languages``: ``title@kk``,
        ``param@ru event (label)``, ``column@kk post (help)``, …"""
        missing: list[str] = []
        for lang in languages:
            missing.extend(
                f"{key}@{lang}"
                for key, wording in (("title", self.titles), ("description", self.descriptions))
                if lang not in wording.languages
            )
            items: list[tuple[str, HeaderItem]] = [("param", p) for p in self.parameters]
            items.extend(("column", c) for c in self.columns)
            for key, item in items:
                missing.extend(
                    f"{key}@{lang} {item.name} ({part})"
                    for part, wording in (("label", item.labels), ("help", item.helps))
                    if lang not in wording.languages
                )
        return tuple(missing)

    @cached_property
    def shape(self) -> Shape:
        """Form and SERVICE calls; parsed on first use, as the grammar is slow to run."""
        return inspect(self.text, path=self.path or self.name)

    @property
    def form(self) -> QueryForm:
        return self.shape.form


# -- loading ------------------------------------------------------------------------------


def load_query(source: Path | Traversable, *, name: str | None = None) -> CatalogueQuery:
    """Read one ``.rq`` file (on disk or shipped in a package) and its header."""
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise QueryError(f"cannot read the query: {reason}", path=str(source)) from error
    path = source if isinstance(source, Path) else None
    return parse_query(text, name=name or Path(source.name).stem, path=path)


@cache
def shipped_query(package: str, name: str, *, folder: str = "") -> CatalogueQuery:
    """``[folder/]<name>.rq`` shipped inside ``package`` (``civicgraph.sparql``, the analysis…)."""
    where = files(package)
    if folder:
        where = where / folder
    return load_query(where / f"{name}.rq", name=name)


def load_sparql(name: str) -> str:
    """The text of one of the queries the library runs itself (``civicgraph/sparql/*.rq``)."""
    return shipped_query("civicgraph.sparql", name).text


class _Item:
    """A parameter or column while its header is read: how to make it once its texts are
    known, its texts by language, and the line that gave each language (to name both
    lines of a repeat)."""

    __slots__ = ("helps", "labels", "lines", "make", "name")

    def __init__(self, name: str, make: Callable[..., Parameter | Column]) -> None:
        self.name = name
        self.make = make
        self.labels: dict[str, str] = {}
        self.helps: dict[str, str] = {}
        self.lines: dict[str, int] = {}

    def give(self, key: str, lang: str, doc: str, *, path: Path | None, line: int) -> None:
        if lang in self.lines:
            raise QueryError(
                f"{key}@{lang} {self.name} is given twice (lines {self.lines[lang]} and {line})",
                path=path,
                line=line,
                hint="keep one line per language",
            )
        self.lines[lang] = line
        label, bar, help_text = doc.partition("|")
        if not bar:
            label, help_text = "", label
        if label := label.strip():
            self.labels[lang] = label
        if help_text := help_text.strip():
            self.helps[lang] = help_text

    def finished(self) -> Parameter | Column:
        return self.make(labels=Wording.of(self.labels), helps=Wording.of(self.helps))


def parse_query(text: str, *, name: str, path: Path | None = None) -> CatalogueQuery:
    """Read the header of a query text; the query body is kept as it is."""
    fields: dict[str, dict[str, str]] = {"title": {}, "description": {}}
    items: dict[str, dict[str, _Item]] = {"param": {}, "column": {}}
    translations: list[tuple[str, str, str, str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header is the leading block of comments
        match = _HEADER_LINE.match(stripped)
        if match is None:
            continue
        key, tag, value = match.groups()
        value = value.strip()
        if key not in fields and key not in items:
            continue
        lang = (
            HEADER_LANGUAGE if tag is None else _header_language(key, tag, path=path, line=number)
        )
        if key in fields:
            # a description may run over several header lines
            texts = fields[key]
            texts[lang] = f"{texts[lang]} {value}" if lang in texts else value
            continue
        item = _TRANSLATED_ITEM.match(value) if tag is not None else None
        if tag is not None:
            if item is None:
                raise QueryError(
                    f"bad {key}@{tag} line {value!r}",
                    path=path,
                    line=number,
                    hint="write name -- label | help",
                )
            item_name, doc = item.groups()
            translations.append((key, item_name, lang, doc or "", number))
            continue
        declared, doc = _parse_declaration(key, value, path=path, line=number)
        known = items[key].get(declared.name)
        if known is not None:
            raise QueryError(
                f"{key} {declared.name} is declared twice (lines {known.lines[HEADER_LANGUAGE]} "
                f"and {number})",
                path=path,
                line=number,
                hint=f"give another language with {key}@kk, {key}@ru",
            )
        items[key][declared.name] = declared
        declared.give(key, HEADER_LANGUAGE, doc, path=path, line=number)
    for key, item_name, lang, doc, number in translations:
        if item_name not in items[key]:
            raise QueryError(
                f"{key}@{lang} names {item_name!r}, which no '# {key}:' line declares",
                path=path,
                line=number,
                hint=f"declare it in English first: # {_DECLARATION_FORMS[key]}",
            )
        items[key][item_name].give(key, lang, doc, path=path, line=number)
    parameters = [i.finished() for i in items["param"].values()]
    columns = [i.finished() for i in items["column"].values()]
    return CatalogueQuery(
        name=name,
        text=text,
        path=path,
        titles=Wording.of(fields["title"]),
        descriptions=Wording.of(fields["description"]),
        parameters=tuple(p for p in parameters if isinstance(p, Parameter)),
        columns=tuple(c for c in columns if isinstance(c, Column)),
    )


_DECLARATION_FORMS = {
    "param": "param: name: type[?] [= default] [-- label | help]",
    "column": "column: name [-- label | help]",
}


def _header_language(key: str, tag: str, *, path: Path | None, line: int) -> str:
    """The language of a tagged header line, one of ``LANGUAGES``."""
    lang = tag.lower()
    if lang not in LANGUAGES:
        raise QueryError(
            f"{key}@{tag}: headers are read in {', '.join(LANGUAGES)} only",
            path=path,
            line=line,
            hint=f"write {' or '.join(f'{key}@{code}' for code in LANGUAGES)}",
        )
    return lang


def _parse_declaration(key: str, value: str, *, path: Path | None, line: int) -> tuple[_Item, str]:
    """A ``# param:`` or ``# column:`` line: the item as declared, and its English text."""
    if key == "column":
        column = _COLUMN.match(value)
        if column is None:
            raise QueryError(
                f"bad column line {value!r}",
                path=path,
                line=line,
                hint=f"write {_DECLARATION_FORMS[key]}",
            )
        name = column.group("name")
        return _Item(name, partial(Column, name)), column.group("doc") or ""
    match = _PARAM.match(value)
    if match is None or match.group("type") not in PARAM_TYPES:
        raise QueryError(
            f"bad parameter line {value!r}",
            path=path,
            line=line,
            hint=f"write name: type[?] [= default] [-- label | help]; types: {', '.join(PARAM_TYPES)}",
        )
    name, default = match.group("name"), match.group("default")
    make = partial(
        Parameter,
        name,
        match.group("type"),
        default.strip() if default else None,
        bool(match.group("optional")),
    )
    return _Item(name, make), match.group("doc") or ""


def catalogue_folder(folder: Path | None = None) -> Path:
    """The catalogue to use: ``folder``, else the project's ``queries/``, else the shipped one."""
    if folder is not None:
        return folder
    return PROJECT_CATALOGUE if PROJECT_CATALOGUE.is_dir() else resources.catalogue_dir()


def load_catalogue(folder: Path | None = None) -> list[CatalogueQuery]:
    """Every ``.rq`` file of the catalogue, sorted by name."""
    folder = catalogue_folder(folder)
    if not folder.is_dir():
        raise QueryError("no query catalogue here", path=folder, hint="give --queries FOLDER")
    return [load_query(path) for path in sorted(folder.glob("*.rq"))]


def find_query(name: str, folder: Path | None = None) -> CatalogueQuery:
    """A catalogue query by name, or a ``.rq`` file by path; unknown names get suggestions."""
    if name.endswith(".rq"):
        path = Path(name)
        if not path.is_file():
            raise QueryError(
                "no such query file",
                path=path,
                hint="give an existing .rq file, or a name 'civicgraph queries' lists",
            )
        return load_query(path)
    folder = catalogue_folder(folder)
    path = folder / f"{name}.rq"
    if path.is_file():
        return load_query(path)
    known = sorted(p.stem for p in folder.glob("*.rq")) if folder.is_dir() else []
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.7)
    hint = (
        "did you mean " + " or ".join(close) + "?"
        if close
        else "'civicgraph queries' lists the catalogue"
    )
    raise QueryError(f"unknown query {name!r}", path=folder, hint=hint)


# -- what a text asks ---------------------------------------------------------------------


def _services(tree: object) -> list[str]:
    """The endpoint of every ``ServiceGraphPattern`` in an rdflib parse tree, in order."""
    found: list[str] = []
    if isinstance(tree, CompValue):
        if tree.name == "ServiceGraphPattern":
            term = tree.get("term")
            found.append(f"?{term}" if isinstance(term, Variable) else str(term))
        for value in tree.values():
            found.extend(_services(value))
    elif isinstance(tree, list | tuple | ParseResults):
        for value in tree:
            found.extend(_services(value))
    return found


def _projection(query: CompValue) -> tuple[str, ...] | None:
    """The variables a SELECT's parse tree names in its projection; ``None`` for ``*``."""
    if query.name != "SelectQuery" or "projection" not in query:
        return None
    # rdflib's CompValue.get answers the key itself for a missing key: test with ``in``
    return tuple(str(v["var"] if "var" in v else v["evar"]) for v in query["projection"])


_GRAMMAR = threading.Lock()
"""rdflib's SPARQL grammar (pyparsing) breaks when two threads parse at once, and stays
broken for every later parse: one parse at a time (``civicgraph serve`` runs threads)."""


_REMEMBERED_TEXT = 16 * 1024
"""Longest text whose shape is remembered: the catalogue's texts, parsed again each time
the catalogue is read, are a few KB; a visitor's text of megabytes is read once and
forgotten, so that 512 distinct ones cannot hold gigabytes in a worker."""


@dataclass(frozen=True)
class _Unreadable:
    """Where the grammar stopped, without the exception: a remembered exception keeps its
    traceback's frames, and with them whatever the callers held (store iterators, released
    later on another thread, which pyoxigraph refuses)."""

    message: str
    line: int
    column: int


def _inspect(text: str) -> Shape | _Unreadable:
    return _inspect_remembered(text) if len(text) <= _REMEMBERED_TEXT else _read_shape(text)


@lru_cache(maxsize=512)
def _inspect_remembered(text: str) -> Shape | _Unreadable:
    return _read_shape(text)


_CODEPOINT_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
"""SPARQL 1.1 §19.2's escapes, which rdflib decodes everywhere before it reads a text and
the engine only inside strings and IRIs: where one is, the two may read the text apart."""


def _read_shape(text: str) -> Shape | _Unreadable:
    with _GRAMMAR:
        try:
            shape = _parse_shape(text)
            if isinstance(shape, Shape) and _CODEPOINT_ESCAPE.search(text):
                shape = _as_the_engine_reads(text, shape)
            return shape
        except ValueError as error:  # rdflib's decoding: a code point beyond Unicode
            return _Unreadable(f"{error} (a \\u or \\U escape)", 1, 1)
        finally:
            # pyparsing's packrat cache, once any library turns it on (matplotlib does), keeps
            # the parse's exceptions until the next parse, and with their tracebacks every
            # caller's frame: store iterators then die later on another thread
            ParserElement.reset_cache()


def _as_the_engine_reads(text: str, shape: Shape) -> Shape | _Unreadable:
    """``shape`` with the SERVICEs the engine would see too. The escapes are made plain
    letters, so the grammar splits the text into the tokens the engine splits it into (an
    escaped quote inside a string no longer ends it for one reader and not the other); a
    text that reads differently then is refused rather than guessed."""
    engine_view = _parse_shape(_CODEPOINT_ESCAPE.sub(lambda m: "_" + m.group()[1:], text))
    if not isinstance(engine_view, Shape) or engine_view.form is not shape.form:
        return _Unreadable(
            "a \\u or \\U escape outside a string or an IRI changes how the query reads; "
            "write the character itself",
            1,
            1,
        )
    services = tuple(dict.fromkeys((*shape.services, *engine_view.services)))
    return replace(shape, services=services)


def _parse_shape(text: str) -> Shape | _Unreadable:
    try:
        tree = parseQuery(text)
    except ParseBaseException as query_error:
        try:
            update = parseUpdate(text)
        except ParseBaseException:
            return _Unreadable(query_error.msg, query_error.lineno, query_error.col)
        return Shape(QueryForm.UPDATE, tuple(_services(update)))
    return Shape(
        _FORM_OF_RULE[tree[1].name],
        tuple(_services(tree)),
        dataset="datasetClause" in tree[1],
        projection=_projection(tree[1]),
    )


def inspect(text: str, *, path: Path | str | None = None) -> Shape:
    """The form of a SPARQL text (an update too) and the SERVICEs it calls.

    A text neither grammar reads raises ``QuerySyntaxError`` with its line and column.
    """
    if not re.sub(r"#[^\n]*", "", text).strip():
        # the update grammar reads nothing as an empty update: "this is an update" would
        # mislead whoever sent an empty file
        raise QueryError(
            "the query is empty", path=path, hint="write a SELECT, ASK, CONSTRUCT or DESCRIBE query"
        )
    shape = _inspect(text)
    if isinstance(shape, Shape):
        return shape
    check_syntax(text, path=path)  # the engine's message, when the engine refuses it too
    raise QuerySyntaxError(
        f"SPARQL syntax error: {' '.join(shape.message.split())}",
        path=path,
        line=shape.line,
        column=shape.column,
        hint="see https://www.w3.org/TR/sparql11-query/#grammar",
    )


def detect_form(text: str) -> QueryForm:
    """SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE, as the SPARQL grammar reads the text."""
    return inspect(text).form


def check_syntax(text: str, *, path: Path | str | None = None) -> None:
    """Parse a query with the engine's parser so that its errors point into the text.

    Parse only: pyoxigraph has no parser of its own to call, and ``Store.query`` runs what
    it parses, SERVICE calls included, before it returns. So the engine is asked to bind a
    variable named at random, which no text can name: it refuses that after parsing and
    before evaluating anything (pyoxigraph 0.5: "does not contains variable … in its
    SELECT projection", for every form). A text it parses is left for the caller to refuse.
    """
    unnamed = ox.Variable(f"unnamed{secrets.token_hex(16)}")
    try:
        ox.Store().query(text, substitutions={unnamed: ox.Literal("")})
    except SyntaxError as error:
        raise syntax_error(error, path=path) from error
    except (RuntimeError, ValueError, OSError):
        return  # parsed; the binding refused before anything ran
    # the engine bound it and evaluated: never expected, and it must not pass unnoticed
    raise QueryError("the engine evaluated a query it was only asked to parse", path=path)


def syntax_error(error: SyntaxError, *, path: Path | str | None) -> QueryError:
    """Oxigraph's syntax error as one line naming the file, line and column."""
    # the engine lists the expected tokens over several lines: an error is one line
    message = " ".join(str(error).split())
    match = _SYNTAX_POSITION.search(message)
    if match is None:
        return QueryError(f"SPARQL syntax error: {message}", path=path)
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    return QuerySyntaxError(
        f"SPARQL syntax error: {detail}",
        path=path or "<query>",
        line=line,
        column=column,
        hint="see https://www.w3.org/TR/sparql11-query/#grammar",
    )


def refuse_unrunnable(query: CatalogueQuery, *, embedded: bool) -> Shape:
    """The query's shape, or a refusal for an update, or a SERVICE on the embedded store."""
    shape = query.shape
    where = query.path or query.name
    if shape.form is QueryForm.UPDATE:
        raise QueryError(
            "this is a SPARQL update; civicgraph query only reads, updates are not run",
            path=where,
            hint="change the records and run 'civicgraph build' instead",
        )
    if embedded and shape.services:
        raise QueryError(
            f"SERVICE {shape.services[0]} is not run on the embedded store "
            "(a remote service could hang the query)",
            path=where,
            hint="run the query on that endpoint with --endpoint URL, without SERVICE",
        )
    return shape


__all__ = [
    "HEADER_LANGUAGE",
    "PARAM_TYPES",
    "PROJECT_CATALOGUE",
    "CatalogueQuery",
    "Column",
    "HeaderItem",
    "Parameter",
    "QueryForm",
    "QuerySyntaxError",
    "Shape",
    "Wording",
    "catalogue_folder",
    "check_syntax",
    "detect_form",
    "find_query",
    "inspect",
    "load_catalogue",
    "load_query",
    "load_sparql",
    "parse_query",
    "refuse_unrunnable",
    "shipped_query",
    "syntax_error",
]
