"""``.txt``/``.md`` files: a newspaper page of ``#``/``##``-headed articles, or one plain article.

On a page, each ``#``/``##`` heading starts an article and a ``###`` line right after it is the subtitle;
lines before the first heading belong to no article and are reported. A file without such headings is one
article, titled by its first line when that looks like a title. Either way the text is layout-repaired
and its bylines and dateline are read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from typing import Any

from qa.bylines import CLOSERS, ends_with_byline, extract_authors, extract_date
from qa.dates import first_date, iso_date, parse_date
from qa.decoding import read_text
from qa.inputs import Problem, Source, UnreadableFileError
from qa.layout import ends_sentence, repair_layout
from qa.normalize import CJK_CHAR, normalize
from qa.types import Article

_ARTICLE_HEADING = re.compile(r" {0,3}#{1,2}[ \t]+(?P<text>.+?)(?:[ \t]+#+)?[ \t]*")
_SUBTITLE_HEADING = re.compile(r" {0,3}#{3}[ \t]+(?P<text>.+?)(?:[ \t]+#+)?[ \t]*")
# A title line's length: a Chinese headline rarely passes 60 characters, an English one in words often does
# ("Haicheng foreign trade up 7.4 pct in first half; air quality improves" is 69).
_PLAIN_TITLE_MAX = 60
_PLAIN_TITLE_MAX_WORDS = 20
_SETEXT_UNDERLINE = re.compile(r"=+|-+")
_FRONT_MATTER_MAX = 60  # lines: a "---" further down is a rule in the text, not the end of a front matter
_MASTHEAD_LINES, _MASTHEAD_CHARS = 3, 120  # more text than this before the first heading is no masthead
_TOP_HEADING = re.compile(r" {0,3}#[ \t]")
_SUBHEADING_CHARS, _SUBHEADING_WORDS = 10, 5  # a news headline is longer (the seed's shortest: 14 characters)


@dataclass
class _Section:
    title: str
    line: int
    subtitle: str | None = None
    body: list[str] = field(default_factory=list)


def _split_page(lines: list[str], file: Source, problems: list[Problem]) -> tuple[list[_Section], str | None]:
    """One section per ``#``/``##`` heading (a ``###`` right after the heading is its subtitle), and the
    date of the page's masthead, if any."""
    sections: list[_Section] = []
    preamble: list[str] = []
    for number, line in enumerate(lines, 1):
        heading = _ARTICLE_HEADING.fullmatch(line)
        subtitle = _SUBTITLE_HEADING.fullmatch(line)
        if heading:
            sections.append(_Section(heading["text"].strip(), number))
        elif not sections:
            preamble += [line.strip()] if line.strip() else []
        elif subtitle and sections[-1].subtitle is None and not any(s.strip() for s in sections[-1].body):
            sections[-1].subtitle = subtitle["text"].strip()
        else:
            sections[-1].body.append(line)
    page_date = _page_date(preamble)
    if preamble and not page_date:
        problems.append(
            Problem(
                file.shown,
                1,
                f"{len(preamble)} line(s) before the first heading belong to no "
                "article and were skipped; put them under a '## ' heading to keep them",
            )
        )
    return sections, page_date


def _page_date(preamble: list[str]) -> str | None:
    """The date of a page's masthead (郑州日报 2024年1月12日 星期五 第3版), when it gives the year: a few lines
    before the first heading that name a full date are the page's header, not an article."""
    if not preamble or len(preamble) > _MASTHEAD_LINES or sum(map(len, preamble)) > _MASTHEAD_CHARS:
        return None
    found = first_date(" ".join(preamble))
    return found if found and not found.startswith("--") else None


def _dated(article: Article, page_date: str | None) -> Article:
    """An article of a dated page (its masthead or front matter): without a date of its own it has the page's;
    a month and day (--01-10) get the page's year, or the year before when they fall after the page's day
    (12月30日 on a January page). A page dated by month and day alone completes nothing."""
    if page_date is None or (article.date and not article.date.startswith("--")):
        return article
    if article.date is None:
        return replace(article, date=page_date)
    if page_date.startswith("--"):
        return article
    year = int(page_date[:4]) - (article.date[2:] > page_date[5:])
    return replace(article, date=iso_date(year, int(article.date[2:4]), int(article.date[5:7])) or article.date)


def _page_articles(lines: list[str], file: Source, problems: list[Problem]) -> list[tuple[Article, int]]:
    found: list[tuple[Article, int]] = []
    sections, page_date = _split_page(lines, file, problems)
    for section in sections:
        text = repair_layout("\n".join(section.body))
        if not text:
            problems.append(
                Problem(file.shown, section.line, f"heading '{section.title}' has no article text; skipped")
            )
            continue
        article_id = f"{file.stem}-{len(found) + 1:02d}"
        article = _dated(_news_article(article_id, section.title, text, file, section.subtitle), page_date)
        found.append((article, section.line))
    return found


def _plain_article(lines: list[str], file: Source, title: str | None = None) -> Article:
    """A file without headings is one article; a short first line without final punctuation is its title
    (unless the front matter gave one)."""
    content = [line for line in lines if line.strip()]
    if not content:
        raise UnreadableFileError(file.shown, "no article text after the front matter")
    first = content[0].strip()
    if title is None and len(content) > 2 and _SETEXT_UNDERLINE.fullmatch(content[1].strip()):
        title, content = first, content[2:]  # a Markdown title underlined with === or ---: the line is markup
    elif title is None and len(content) > 1 and _looks_like_title(first):
        title = re.sub(r"^#+\s*", "", first)
        content = content[1:]
    return _news_article(file.stem, title or file.stem, repair_layout("\n".join(content)), file)


def _looks_like_title(line: str) -> bool:
    return (
        (len(line) <= _PLAIN_TITLE_MAX or (not CJK_CHAR.search(line) and len(line.split()) <= _PLAIN_TITLE_MAX_WORDS))
        and not ends_sentence(line)
        and line.rstrip(CLOSERS)[-1:] not in ("，", ",", "、")
        and not ends_with_byline(line)
        and not line.startswith(("本报讯", "本報訊"))
    )


def _news_article(
    article_id: str, title: str, text: str, file: Source, subtitle: str | None = None
) -> Article:
    return Article(
        id=article_id,
        title=title,
        text=text,
        date=extract_date(text),
        source=file.source,
        authors=extract_authors(text),
        subtitle=subtitle,
    )


def text_file_articles(file: Source, problems: list[Problem]) -> list[tuple[Article, int | None]]:
    """(article, line of its heading) per article of a page, or the file as one plain article (line None).

    A Markdown front matter (``---`` / ``title: …`` / ``date: …`` / ``author: …`` / ``---``) is read as
    metadata, never as text: its title names a plain article, its date and authors stand for every
    article of the file whose own text gives none, and its date gives a month and day alone their year.
    A Markdown post (a front matter and one heading, or a front matter's title and a lead before the headings)
    is one article named by the file, not a page (``_post_title``).
    """
    lines = read_text(file.path).split("\n")
    meta, lines = _front_matter(lines, file, problems)
    headings = [i for i, line in enumerate(lines) if _ARTICLE_HEADING.fullmatch(line)]
    post = _post_title(lines, headings, meta)
    if post is not None:
        found = [(_post(lines, headings, file, *post), None)]
    elif headings:
        found = list(_page_articles(lines, file, problems))
    else:
        found = [(_plain_article(lines, file, meta.get("title")), None)]
    return [(_with_meta(article, meta), line) for article, line in found]


def _post_title(lines: list[str], headings: list[int], meta: dict[str, Any]) -> tuple[str, int | None] | None:
    """A Markdown post's title and the line of the heading that gives or repeats it, or None for a page.

    A page's ``#``/``##`` headings start articles; a post's are subheadings of one article. A post has a front
    matter and one heading (its title repeated); or a front matter's title and then a lead (text before the first
    heading that is no masthead) or that title repeated as the first heading; or one ``#`` heading, first, with
    text under it, and only ``##`` subheadings after, short and shorter than it (比赛项目与成绩). Otherwise headings
    start articles: the seed page has one ``#`` and five ``##`` articles, titled as news is (二七区工会第五次代表
    大会举行).
    """
    if not headings:
        return None
    first = _ARTICLE_HEADING.fullmatch(lines[headings[0]])["text"].strip()
    if meta and len(headings) == 1:
        return meta.get("title") or first, headings[0]
    lead = [line.strip() for line in lines[: headings[0]] if line.strip()]
    if meta.get("title") and lead and _page_date(lead) is None:
        return meta["title"], None
    if meta.get("title") and normalize(first) == normalize(meta["title"]):  # the title repeated, then its parts
        return meta["title"], headings[0]
    if len(headings) < 2:
        return None
    tops = [i for i in headings if _TOP_HEADING.match(lines[i])]
    under = any(line.strip() for line in lines[headings[0] + 1 : headings[1]])
    subheads = [_ARTICLE_HEADING.fullmatch(lines[i])["text"].strip() for i in headings[1:]]
    if (tops == headings[:1] and not lead and under and all(map(_is_subheading, subheads))
            and len(first) > max(map(len, subheads))):  # (a page of short headlines: 会议召开, 展览开幕)
        return first, headings[0]
    return None


def _is_subheading(text: str) -> bool:
    """A section's heading inside an article (比赛项目与成绩, What happens next), not a news headline (二七区工会第五次
    代表大会举行): a few words, no sentence's punctuation."""
    short = len(text) <= _SUBHEADING_CHARS if CJK_CHAR.search(text) else len(text.split()) <= _SUBHEADING_WORDS
    return short and not re.search(r"[，,。；;：:！？!?]", text)


def _post(lines: list[str], headings: list[int], file: Source, title: str, title_line: int | None) -> Article:
    """The whole file as one article: the title's heading dropped, each subheading a line of its own
    (``比赛项目与成绩``) and each section's layout repaired on its own."""
    blocks, start = [], 0
    for i in [*headings, len(lines)]:
        blocks.append(repair_layout("\n".join(lines[start:i])))
        if i < len(lines) and i != title_line:
            blocks.append(_ARTICLE_HEADING.fullmatch(lines[i])["text"].strip())
        start = i + 1
    text = "\n".join(block for block in blocks if block)
    if not text:
        raise UnreadableFileError(file.shown, "no article text after the front matter")
    return _news_article(file.stem, title, text, file)


def _front_matter(lines: list[str], file: Source, problems: list[Problem]) -> tuple[dict[str, Any], list[str]]:
    """The YAML front matter's title, date (ISO 8601) and authors, and the lines after it."""
    if not lines or lines[0].strip() != "---":
        return {}, lines
    end = next((i for i, line in enumerate(lines[1:_FRONT_MATTER_MAX], 1) if line.strip() in ("---", "...")), None)
    if end is None:
        return {}, lines
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = where.line + 2 if where is not None else 1
        problems.append(Problem(file.shown, line, "front matter is not valid YAML; its title, date and authors "
                                "were not read", kept=True))
        return {}, _blanked(lines, end)
    data = data if isinstance(data, dict) else {}
    meta: dict[str, Any] = {}
    if isinstance(data.get("title"), str | int | float) and str(data["title"]).strip():
        meta["title"] = str(data["title"]).strip()
    raw_date = data.get("date")
    if raw_date is not None:
        meta["date"] = parse_date(str(raw_date)) if not isinstance(raw_date, datetime.date) \
            else raw_date.strftime("%Y-%m-%d")
    authors = data.get("authors", data.get("author"))
    if isinstance(authors, str):
        authors = re.split(r"[,，、;；]\s*|\s+and\s+", authors)
    if isinstance(authors, list):
        meta["authors"] = tuple(str(a).strip() for a in authors if str(a).strip())
    return meta, _blanked(lines, end)


def _blanked(lines: list[str], end: int) -> list[str]:
    """The lines with the front matter (up to line ``end``) blanked, so later lines keep their numbers."""
    return [""] * (end + 1) + lines[end + 1 :]


def _with_meta(article: Article, meta: dict[str, Any]) -> Article:
    """The front matter's date and authors for an article whose text names none; its date completes a month
    and day as a masthead does (``_dated``)."""
    return replace(_dated(article, meta.get("date")), authors=article.authors or meta.get("authors", ()))
