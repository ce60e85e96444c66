"""The short answer of an English sentence to an English question: a count, a sum, a share or a date.

The learned span ranker (``qa.span``) reads Chinese sentences only. Over English articles the short answer is
typed and kept to what can be found without a model: for "how many X" the number written with X (21 stations,
586,000 vehicles), or the one plain number; for "how much" or a total value a sum of money ($45 million, 21.4
billion yuan); for a percentage or rate a share (12.4 percent); for "when" or "what year" a date (Dec 28, 2023;
in 1998); for "who" the name nearest the question's words (Wang Lin). Anything else, or more than one candidate
of the kind, gives no short answer: the quoted sentence stands alone.
"""

from __future__ import annotations

import re

from qa.crosslingual import english_stem, english_words
from qa.features import EN_STOP
from qa.question import Question
from qa.span import SpanCandidate

_SCALE = r"(?:\s(?:hundred|thousand|million|billion|trillion))?"
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_COUNT = re.compile(rf"(?<![\w.]){_NUMBER}{_SCALE}\b")  # not the 2.5 of PM2.5
_MONEY = re.compile(rf"[$€£¥]\s?{_NUMBER}{_SCALE}|\b{_NUMBER}{_SCALE}\s(?:yuan|dollars?|euros?|pounds?|rmb|usd)\b",
                    re.IGNORECASE)
_SHARE = re.compile(rf"\b{_NUMBER}\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = re.compile(rf"\b{_MONTH}\s\d{{1,2}}(?:,\s\d{{4}})?\b|\b\d{{1,2}}\s{_MONTH}(?:\s\d{{4}})?\b"
                   rf"|\b{_MONTH}\s\d{{4}}\b|\b(?:1[5-9]|20)\d{{2}}\b")
# Numbers that name or time, not count: No. 1 People's Hospital, bus Nos. 18, 26 and 103, Line 3, at 6:30.
_NOT_COUNT = re.compile(r"\bNos?\.\s?\d+(?:(?:,\s?|,?\s(?:and|or)\s)\d+)*|"
                        r"\b(?:Line|Route|Phase|Terminal|Gate|Exit|Platform)\s\d+\b|\b\d{1,2}:\d{2}\b")
_HOW_MANY = re.compile(r"\bhow many\b(.*)", re.IGNORECASE)
# Where the counted phrase after "how many" ends: an auxiliary, a preposition, an article.
_PHRASE_END = frozenset("are is was were do does did have has had will would can could in on at of for to from by "
                        "with the a an there".split())
_ASKS_MONEY = re.compile(r"\bhow much\b.*\b(?:cost|spend|spent|pay|paid|invest|invested|worth|budget|price)\b|"
                         r"\bhow much (?:money|funding)\b|\bwhat (?:was |is |were |are )?the "
                         r"(?:total |combined |average )?(?:cost|price|budget|investment|value|revenue|turnover|"
                         r"income|spending)\b",
                         re.IGNORECASE)
_ASKS_PERSON = re.compile(r"^\s*who(?:m)?\b", re.IGNORECASE)
# A person's name in English text: two or three capitalised words (Wang Lin, Anna Clarke).
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,3}\b")
_ROLE_REACH = 40  # characters between a name and the role the question asks about
_TITLE_WORD = re.compile(r"(?:Mayor|President|Director|Secretary|Governor|Chairman|Chairwoman|Minister|Premier|Dr|Mr|"
                         r"Mrs|Ms|Professor|Deputy|Vice|Chief|General|Head|Manager|Reporter|Correspondent) ")
# The last word of a place's or a body's name, not a person's (Zhongmu County, Haicheng Port).
_NOT_A_PERSON = frozenset("""county district city province town township village port bureau company group university
    party committee council government street road avenue park zone station hospital school college museum river
    lake mountain bay airport china republic union association office department ministry bank center centre
    corporation daily news agency times post island region area province state states kingdom""".split())
_ASKS_SHARE = re.compile(r"\b(?:what|which) (?:percentage|percent|share|proportion|rate)\b|\bby how much\b|"
                         r"\bhow much did\b.*\b(?:grow|rise|increase|fall|drop|decline)\b", re.IGNORECASE)
_ASKS_DATE = re.compile(r"^\s*when\b|\bwhat (?:year|date|day|month)\b|\bin which year\b", re.IGNORECASE)


def english_short_answer(question: Question, sentence: str) -> SpanCandidate | None:
    """The typed span of ``sentence`` that answers ``question`` (offsets into it), or None."""
    text = question.text
    if _ASKS_SHARE.search(text):
        return _only(_SHARE, sentence, "share", text)
    if _ASKS_MONEY.search(text):
        return _only(_MONEY, sentence, "money", text)
    if _ASKS_DATE.search(text):
        return _only(_DATE, sentence, "date", text)
    counted = _HOW_MANY.search(text)
    if counted:
        phrase = []
        for word, _ in english_words(counted.group(1))[:4]:
            if word in _PHRASE_END or phrase and word.endswith(("ed", "ing")):  # …volunteers joined
                break
            phrase.append(english_stem(word))
        return (_count_of(set(phrase), sentence) or _lone_count(sentence, text)) if phrase else None
    if _ASKS_PERSON.search(text):
        return _name_by(question, sentence)
    return None


def asks_typed(question: Question) -> bool:
    """Does the question ask for a span of a kind ``english_short_answer`` finds (a share, a sum, a date, a count,
    a person)? Over English articles, a sentence holding none of that kind does not answer it."""
    text = question.text
    counted = _HOW_MANY.search(text)
    return any(p.search(text) for p in (_ASKS_SHARE, _ASKS_MONEY, _ASKS_DATE, _ASKS_PERSON)) or bool(
        counted and english_words(counted.group(1)))


def _lone_count(sentence: str, question: str = "") -> SpanCandidate | None:
    """The sentence's one number that is no share, sum or date (6,215,000 of "handled 6,215,000 twenty-foot
    equivalent units (TEUs) of containers, up 5.8 percent"), when what is counted is named in other words; of
    several, the one among the question's words (see :func:`_placed`)."""
    taken = [(m.start(), m.end()) for p in (_SHARE, _MONEY, _DATE, _NOT_COUNT) for m in p.finditer(sentence)]
    found = [m for m in _COUNT.finditer(sentence) if not any(a < m.end() and m.start() < b for a, b in taken)]
    best = _placed(found, sentence, question)
    return SpanCandidate(best.start(), best.end(), "count") if best else None


def _name_by(question: Question, sentence: str) -> SpanCandidate | None:
    """For a who-question, the name nearest the words of the question the sentence holds (Wang Lin of
    "said Wang Lin, deputy director of the Haicheng customs bureau" for Who is the deputy director…).
    Names the question itself gives are not the answer."""
    said = english_words(question.text)
    asked = {english_stem(w) for w, _ in said}
    # the role asked about (deputy director, chaired): the question's own words, not its names or its wh-word
    role = {english_stem(w) for w, capital in said[1:] if not capital and w not in _PHRASE_END}
    spots = [m.start() for m in re.finditer(r"[A-Za-z]+", sentence) if english_stem(m.group().lower()) in role]
    if not role <= {english_stem(w.lower()) for w in re.findall(r"[A-Za-z]+", sentence)}:
        return None  # the sentence does not say all of the role (county, but no magistrate)
    names = [m for m in _NAME.finditer(sentence)
             if not all(english_stem(w.lower()) in asked for w in re.split(r"[ -]", m.group()))
             and re.split(r"[ -]", m.group())[-1].lower() not in _NOT_A_PERSON]
    near = [m for m in names if spots and min(abs(m.start() - s) for s in spots) <= _ROLE_REACH]
    if not near:
        return None  # the role asked about is not said of anyone named: Li Jianping is no county magistrate
    best = min(near, key=lambda m: min(abs(m.start() - s) for s in spots))
    start = best.start()
    while (title := _TITLE_WORD.match(sentence, start, best.end())) and title.end() < best.end():
        start = title.end()  # Mayor He Xiong: the name is He Xiong
    return SpanCandidate(start, best.end(), "name")


def _only(pattern: re.Pattern[str], sentence: str, source: str, question: str = "") -> SpanCandidate | None:
    """The sentence's one match of the kind, or of several the one among the question's words."""
    best = _placed(list(pattern.finditer(sentence)), sentence, question)
    return SpanCandidate(best.start(), best.end(), source) if best else None


def _placed(found: list[re.Match[str]], sentence: str, question: str) -> re.Match[str] | None:
    """The one match, or of several the one whose stretch of the sentence (halfway to the match before it and to
    the one after) holds most of the question's content words, when one holds more than the others: 35 percent
    of "cut average commute times … by 35 percent and reduce car trips … by about 18%" for By how much … shorten
    commutes."""
    if len(found) <= 1 or not question:
        return found[0] if found else None
    asked = {english_stem(w) for w, _ in english_words(question) if w not in EN_STOP}
    held = []
    for i, m in enumerate(found):  # each match's stretch runs halfway to its neighbours
        start = (found[i - 1].end() + m.start()) // 2 if i else 0
        end = (m.end() + found[i + 1].start()) // 2 if i + 1 < len(found) else len(sentence)
        held.append(len(asked & {english_stem(w) for w, _ in english_words(sentence[start:end])}))
    best = max(held)
    return found[held.index(best)] if best and held.count(best) == 1 else None


_WORDS_AFTER = re.compile(r"(?:\s[A-Za-z][A-Za-z-]*){1,3}")


def _count_of(stems: set[str], sentence: str) -> SpanCandidate | None:
    """The one number followed at once by words of the counted phrase: the number and those words (120 new
    electric buses for How many new electric buses…; 21 stations, not 26.3 kilometres)."""
    found = []
    for m in _COUNT.finditer(sentence):
        run = _WORDS_AFTER.match(sentence, m.end())
        end = m.end()
        for w in re.finditer(r"[A-Za-z][A-Za-z-]*", run.group() if run else ""):
            if english_stem(w.group().lower()) not in stems:
                break
            end = m.end() + w.end()
        if end > m.end():
            found.append(SpanCandidate(m.start(), end, "count"))
    return found[0] if len(found) == 1 else None
