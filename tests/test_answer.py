"""The answer step end to end with the fake encoder: quotes, short answer, abstention, JSON contract."""

from __future__ import annotations

import json

import pytest

from qa.answer import _byline_first, _byline_line, compose, gather
from qa.index import Index
from qa.normalize import written_in_chinese
from tests.test_index import write_corpus

ARTICLES = [
    {"id": "hosp", "title": "二七区医疗资源丰富", "date": "2024-01-12",
     "text": "二七区作为省会郑州的核心城区，拥有优质的医疗资源。已有9家三甲医院、723家医疗机构。\n记者 朱翔宇"},
    {"id": "union", "title": "二七区工会第五次代表大会举行",
     "text": "1月10日，二七区工会第五次代表大会在区行政中心举行。来自全区各行各业的190名代表参加会议。"},
    {"id": "court", "title": "二七区再添5个五星规范化司法所",
     "text": "金水源司法所、京广路司法所荣获命名。2023年累计调解矛盾纠纷5920起，调解成功率达97.5%。"},
]


@pytest.fixture
def index(tmp_path, fake) -> Index:
    return Index.build([write_corpus(tmp_path / "corpus", ARTICLES)], folder=tmp_path / "idx", model="fake")


def check_verbatim(index: Index, answer) -> None:
    for c in answer.citations:
        assert index.article(c.article_id).text[c.start : c.end] == c.quote
    if answer.short_answer is not None:
        assert answer.short_answer in answer.citations[0].quote
        assert answer.short_answer in index.article(answer.citations[0].article_id).text


@pytest.mark.parametrize(
    ("question", "article", "expected"),
    [("二七区有几家三甲医院？", "hosp", "9家"), ("二七区工会代表大会有多少名代表参加？", "union", "190名"),
     ("二七区2023年累计调解了多少起矛盾纠纷？", "court", "5920起")],
)
def test_answer_leads_with_the_answering_sentence_and_a_short_answer(index, question, article, expected):
    answer = index.ask(question)
    assert answer.answered
    assert answer.citations[0].article_id == article
    assert expected in answer.citations[0].quote
    assert answer.short_answer is None or answer.short_answer in answer.citations[0].quote
    check_verbatim(index, answer)
    assert 0.0 <= answer.confidence <= 1.0


def test_near_miss_is_declined(index):
    """The corpus talks about 2023 mediation; a question about 2022 shares its words but is not answered."""
    answer = index.ask("2022年二七区调解矛盾纠纷的成功率是多少？")
    assert not answer.answered
    assert answer.citations == [] and answer.short_answer is None
    assert 0.0 <= answer.confidence <= 1.0


@pytest.mark.parametrize("question", ["二七区为医疗机构安排了多少财政预算？", "二七區去年醫療機構的營業額是多少？",
                                      "How much money was budgeted for Erqi's medical institutions?"])
def test_a_sum_of_money_is_not_answered_by_a_count(index, question):
    """The hospital sentence shares the question's words and holds numbers, but no amount of money."""
    answer = index.ask(question)
    assert not answer.answered, answer.citations
    assert answer.confidence < 0.1


def test_traditional_question_quotes_simplified_text(index):
    answer = index.ask("二七區有幾間三甲醫院？")
    assert answer.answered
    check_verbatim(index, answer)
    assert "9家三甲医院" in answer.citations[0].quote


def test_no_near_duplicate_sentences_and_at_most_three(index):
    answer = index.ask("二七区有几家三甲医院？")
    quotes = [c.quote for c in answer.citations]
    assert 1 <= len(quotes) <= 3 and len(set(quotes)) == len(quotes)
    assert [c.n for c in answer.citations] == list(range(1, len(quotes) + 1))
    assert all(f"[{c.n}]" in answer.text for c in answer.citations)


def test_json_contract_holds_with_a_short_answer(index):
    d = index.ask("二七区有几家三甲医院？").to_dict()
    assert set(d) == {"question", "answered", "answer", "short_answer", "confidence", "citations", "passages"}
    assert d["short_answer"] is None or isinstance(d["short_answer"], str)
    assert 0.0 <= d["confidence"] <= 1.0
    json.dumps(d, ensure_ascii=False)


def test_no_hits_is_a_plain_not_found(index):
    answer = compose("二七区有几家三甲医院？", [], index)
    assert not answer.answered and answer.citations == [] and answer.confidence == 0.0


def test_a_wire_copy_is_cited_from_its_earliest_article(tmp_path, fake):
    """The same sentence in three articles: the answer quotes the earliest dated one, whichever ranks first."""
    sentence = "二七区已有9家三甲医院、723家医疗机构。"
    articles = [
        {"id": "late", "title": "二七区有几家三甲医院 二七区三甲医院", "date": "2024-01-20", "text": sentence},
        {"id": "early", "title": "医疗资源", "date": "2024-01-12", "text": "郑州消息。" + sentence},
        {"id": "undated", "title": "二七区三甲医院", "text": sentence},
    ]
    index = Index.build([write_corpus(tmp_path / "corpus", articles)], folder=tmp_path / "idx", model="fake")
    answer = index.ask("二七区有几家三甲医院？")
    assert answer.answered
    assert answer.passages[0].article_id != "early", "the test needs a later copy to rank first"
    assert answer.citations[0].article_id == "early"
    assert answer.citations[0].quote == sentence
    check_verbatim(index, answer)


def test_a_sentence_across_a_chunk_edge_is_quoted_whole(tmp_path, fake):
    """Chunks also break at semicolons; a quote is the whole sentence, read from the article."""
    filler = "；".join(f"第{i}项工作稳步推进" for i in range(40))
    text = filler + "；全区共有9家三甲医院。"
    index = Index.build([write_corpus(tmp_path / "corpus", [{"id": "a", "title": "医疗", "text": text}])],
                        folder=tmp_path / "idx", model="fake")
    assert len(index.chunks) > 1
    from qa.answer import passage_sentences

    last = index.chunks[-1]
    sentences = passage_sentences(text, last.start, last.end)
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in sentences)
    # the one long sentence (over MAX_SENTENCE) is cut at its semicolons, so quotes stay readable
    assert all(s.end - s.start <= 200 for s in sentences)
    assert any(text[s.start : s.end] == "全区共有9家三甲医院。" for s in sentences)


def test_local_weights_favour_what_few_sentences_hold():
    from qa.features import local_weights

    weights = local_weights({"黄鳍": 1.0, "体长": 1.0}, [{"黄鳍"}, {"黄鳍"}, {"黄鳍", "体长"}])
    assert weights["体长"] > weights["黄鳍"] > 0


def test_asked_about_sets_the_title_words_aside():
    from qa.features import asked_about, asked_features
    from qa.question import analyse

    weights = {"西奥": 2.0, "庞维": 2.0, "诗集": 1.0, "第一": 1.0}
    subject = frozenset({"西奥", "庞维"})
    opening = asked_about(weights, weights, {"西奥", "庞维", "诗人"}, subject)
    answering = asked_about(weights, weights, {"第一", "诗集", "出版"}, subject)
    assert opening == (0.0, 0.0, pytest.approx(2 / 3)) and answering == (1.0, 1.0, pytest.approx(2 / 3))
    # with no title words in the question, it is the plain overlap
    assert asked_about(weights, weights, {"诗集"}, frozenset())[0] == pytest.approx(1 / 6)
    features = asked_features(analyse("西奥多·庞维勒的第一部诗集叫什么？"), [opening, answering], (1.0, 1.0), 0,
                              False, True)
    assert features["asked_gap"] == -1.0 and features["asked_neighbour"] == 1.0


def test_the_sentence_that_answers_beats_the_one_that_names_the_subject(tmp_path, fake):
    article = {"id": "poet", "title": "西奥多·庞维勒",
               "text": "西奥多·庞维勒，法国诗人、作家，生于穆兰。1842年出版了第一部诗集《人象石柱》，引起批评者的注意。"
                       "他后来移居巴黎。"}
    index = Index.build([write_corpus(tmp_path / "corpus", [article])], folder=tmp_path / "idx", model="fake")
    answer = index.ask("西奥多·庞维勒的第一部诗集叫什么？")
    assert answer.answered and "人象石柱" in answer.citations[0].quote
    check_verbatim(index, answer)


def test_quote_runs_past_the_chunk_edge_to_the_full_stop(tmp_path, fake):
    from qa.answer import passage_sentences

    sentence = "二七区医疗资源丰富；全区共有9家三甲医院。"
    filler = "本区各项工作稳步推进，群众满意度持续提升。" * 13 + "今天天气晴朗，适合出行。"  # 285 characters
    text = filler + sentence
    index = Index.build([write_corpus(tmp_path / "corpus", [{"id": "a", "title": "医疗", "text": text}])],
                        folder=tmp_path / "idx", model="fake")
    start = text.index(sentence)
    edges = {c.start for c in index.chunks}
    assert any(start < e < start + len(sentence) for e in edges), "the test needs the chunk edge inside the sentence"
    second = next(c for c in index.chunks if start < c.start)
    quoted = [text[s.start : s.end] for s in passage_sentences(text, second.start, second.end)]
    assert quoted == [sentence]


@pytest.mark.parametrize("text", [
    "二七区" + "医疗卫生事业发展迅速群众看病更加方便" * 200,  # a page with no punctuation at all
    "Erqi district " + "has many hospitals and clinics for its residents " * 120,  # English without stops
])
def test_text_without_stops_is_quoted_in_readable_pieces(tmp_path, fake, text):
    from qa.answer import MAX_QUOTE, passage_sentences

    index = Index.build([write_corpus(tmp_path / "corpus", [{"id": "a", "title": "", "text": text}])],
                        folder=tmp_path / "idx", model="fake")
    for chunk in index.chunks:
        pieces = passage_sentences(text, chunk.start, chunk.end)
        assert pieces and all(0 < s.end - s.start <= MAX_QUOTE for s in pieces)
        if text.isascii():  # cut between words, never inside one
            assert all(text[s.start - 1].isspace() for s in pieces if s.start > 0)
    answer = index.ask("二七区医疗卫生事业发展怎么样？" if not text.isascii() else "How many hospitals in Erqi?")
    assert all(len(c.quote) <= MAX_QUOTE for c in answer.citations)
    assert all(text[c.start : c.end] == c.quote for c in answer.citations)


ENGLISH = [
    {"id": "library", "title": "City opens new library", "date": "2024-05-02",
     "text": "The city of Springfield opened its new central library on Monday. The building cost $45 million and "
             "holds 300,000 books. Mayor Jane Smith said the library would stay open until 10 p.m. on weekdays. "
             "Construction took three years."},
    {"id": "river", "title": "River cleanup draws volunteers", "date": "2024-06-11",
     "text": "More than 1,200 volunteers joined the annual river cleanup on Saturday. They removed about 8 tonnes "
             "of rubbish from the banks. The event was organised by the Green Rivers Trust, founded in 1998."},
]


@pytest.mark.parametrize(
    ("question", "expected", "short"),
    [("How much did the library cost?", "The building cost $45 million", "$45 million"),
     ("What did the volunteers remove?", "They removed about 8 tonnes", None),  # remove finds removed
     ("How long did construction take?", "Construction took three years.", None),  # take finds took
     ("When was the Green Rivers Trust founded?", "founded in 1998", "1998"),
     ("How many volunteers joined the river cleanup?", "More than 1,200 volunteers joined", "1,200 volunteers")],
)
def test_english_question_over_english_articles_is_matched_by_its_own_words(tmp_path, fake, question, expected,
                                                                             short):
    index = Index.build([write_corpus(tmp_path / "corpus", ENGLISH)], folder=tmp_path / "idx", model="fake")
    answer = index.ask(question)
    assert answer.answered, answer.confidence
    assert expected in answer.citations[0].quote
    assert answer.short_answer == short  # typed spans only: the span ranker knows Chinese sentences only
    check_verbatim(index, answer)


def test_a_lower_case_word_after_a_full_stop_does_not_end_the_quote(tmp_path, fake):
    index = Index.build([write_corpus(tmp_path / "corpus", ENGLISH)], folder=tmp_path / "idx", model="fake")
    quotes = [c.quote for c in index.ask("Until what time does the library stay open on weekdays?").citations]
    assert "Mayor Jane Smith said the library would stay open until 10 p.m. on weekdays." in quotes


def test_a_chinese_question_over_english_articles_is_answered_from_them(tmp_path, fake):
    """Asked again in the English articles' words (ReverseBridge); quoted in English, declined in Chinese."""
    index = Index.build([write_corpus(tmp_path / "corpus", ENGLISH)], folder=tmp_path / "idx", model="fake")
    asked = [("有多少志愿者参加了清理河流活动？", "More than 1,200 volunteers", "1,200 volunteers"),
             ("綠河信託是哪一年成立的？", "founded in 1998", "1998")]
    for question, quote, short in asked:
        answer = index.ask(question)
        assert answer.answered and quote in answer.citations[0].quote, question
        assert answer.short_answer == short
        check_verbatim(index, answer)
    missing = index.ask("博物馆有多少件藏品？")  # nothing of it is in the archive
    assert not missing.answered and missing.text == "语料中没有找到答案。" and missing.citations == []


def test_english_text_inside_chinese_articles_makes_no_reverse_bridge(tmp_path, fake):
    """A reference list in English at the end of a Chinese article is no English article: the Chinese
    questions of such an archive are matched exactly as over a Chinese one."""
    references = "Smith, J. (1995). Evaluation and selection of biases in learning. " * 8
    text = "二七区有9家三甲医院。" * 20 + "\n" + references
    index = Index.build([write_corpus(tmp_path / "corpus", [{"id": "a", "title": "医院", "text": text}])],
                        folder=tmp_path / "idx", model="fake")
    assert any(not written_in_chinese(c.text) for c in index.chunks), "the test needs an English chunk"
    assert not index.bridge.reverse


def test_an_english_question_is_answered_from_the_chinese_article_when_the_english_one_lacks_it(tmp_path, fake):
    """Its best passage is English (the dense side and its own words favour English text), but the English
    article does not say; read through the bridge over the Chinese one, it is answered there."""
    hall = "The Erqi District court opened a new hall on Monday for the public. Judges and lawyers attended."
    court = "二七区人民法院院长孙慧敏介绍，一季度全院共受理各类案件5421件，审结4876件。"
    articles = [*ENGLISH, {"id": "hall", "title": "Court opens hall", "text": hall},
                {"id": "fy", "title": "二七区人民法院通报一季度工作", "text": court}]
    index = Index.build([write_corpus(tmp_path / "corpus", articles)], folder=tmp_path / "idx", model="fake")
    question = "Who is the president of the Erqi District court?"
    assert index.search(question, k=5)[0].chunk.article_id == "hall"
    answer = index.ask(question)
    assert answer.answered and answer.citations[0].article_id == "fy" and answer.short_answer == "孙慧敏"


def test_a_question_about_the_reporter_is_answered_from_the_byline(tmp_path, fake):
    text = "二七区共有4家企业入选第一批省级专精特新中小企业名单。企业数量位居全市前列。记者 朱翔宇 通讯员 刘聪"
    articles = [{"id": "sme", "title": "二七区4家企业入选专精特新名单", "text": text}, *ARTICLES[1:]]
    index = Index.build([write_corpus(tmp_path / "corpus", articles)], folder=tmp_path / "idx", model="fake")
    for question, name in [("专精特新那篇稿件的通讯员叫什么名字？", "刘聪"),
                           ("专精特新那篇报道的记者是谁？", "朱翔宇")]:
        answer = index.ask(question)
        assert answer.citations[0].quote == "记者 朱翔宇 通讯员 刘聪"
        assert answer.short_answer == name
        check_verbatim(index, answer)


def test_a_byline_is_not_quoted_beside_an_answer_to_another_question(tmp_path, fake):
    text = ("二七区委主要领导表示,河南省药品MAH转化平台在二七区设立,是全区“换赛道”发展平台经济的一个具体行动,"
            "未来一个时期,二七区将深入谋划“六医”建设,着力打造大健康产业生态体系,构建全健康过程、全生命周期的"
            "大健康服务产业体系,努力为郑州国家中心城市转型发展作出二七更多贡献。记者 朱翔宇")
    articles = [{"id": "mah", "title": "二七区打造大健康产业生态体系", "text": text}, *ARTICLES[1:]]
    index = Index.build([write_corpus(tmp_path / "corpus", articles)], folder=tmp_path / "idx", model="fake")
    for question in ("为什么二七区认为自己发展大健康产业有基础？", "Why is the MAH platform important for Erqi?"):
        answer = index.ask(question)
        assert answer.citations, question
        assert all("朱翔宇" not in c.quote for c in answer.citations), question


def test_corner_brackets_in_a_question_match_curly_quotes_in_the_article(tmp_path, fake):
    text = ("截至目前,二七区荣获国家“专精特新小巨人”称号企业3家,河南省“专精特新”中小企业21家,"
            "郑州市“专精特新”中小企业52家。")
    articles = [{"id": "sme", "title": "二七区专精特新企业", "text": text}, *ARTICLES[1:]]
    index = Index.build([write_corpus(tmp_path / "corpus", articles)], folder=tmp_path / "idx", model="fake")
    for question in ("二七区有多少家河南省“专精特新”中小企业？", "二七區有多少家河南省「專精特新」中小企業？"):
        assert index.ask(question).short_answer == "21家", question


def test_a_bare_byline_never_leads_an_answer_to_another_question(tmp_path, fake):
    index = Index.build([write_corpus(tmp_path / "corpus", ARTICLES)], folder=tmp_path / "idx", model="fake")
    question = "二七区的医疗资源怎么样？"
    evidence = gather(question, index.search(question, k=5), index)
    byline = next(c for c in evidence.candidates if c.text == "记者 朱翔宇")
    byline.score = max(c.score for c in evidence.candidates) + 5.0  # as if the scorer had liked it best
    _byline_first(evidence)
    assert byline.score < min(c.score for c in evidence.candidates if c is not byline)


def test_who_reported_an_article_is_answered_from_its_byline(tmp_path, fake):
    index = Index.build([write_corpus(tmp_path / "corpus", ARTICLES)], folder=tmp_path / "idx", model="fake")
    for question in ("Who reported the story on Erqi's tertiary hospitals?", "Who covered the Erqi hospitals story?"):
        assert index.ask(question).citations[0].quote == "记者 朱翔宇", question


@pytest.mark.parametrize(("line", "bare"), [("记者 朱翔宇", True), ("By Anna Clarke and Tom Hill", True),
                                           ("By Monday the library had 300 visitors.", False),
                                           ("记者从区政府获悉,全区共有9家三甲医院。", False)])
def test_a_bare_byline_in_either_language_is_told_from_a_sentence(line, bare):
    assert _byline_line(line) is bare


@pytest.mark.parametrize(("question", "asks"), [
    ("这条消息的记者是谁？", True), ("Who was the reporter of the story?", True), ("Which reporter wrote it?", True),
    ("哪位副局长向记者介绍了供暖情况？", False), ("Which deputy director briefed reporters on it?", False),
    ("Who told reporters about the plan?", False)])
def test_reporters_someone_spoke_to_are_no_question_about_the_byline(question, asks):
    from qa.bylines import ASKS_BYLINE
    from qa.question import analyse

    assert bool(ASKS_BYLINE.search(analyse(question).norm)) == asks


def test_an_english_question_over_a_mixed_archive_is_matched_by_its_own_words(tmp_path, fake):
    """Chinese passages among the hits do not send an English question through the Chinese bridge."""
    chinese = [{"id": f"zh{i}", "title": "二七区志愿者活动", "text": "二七区志愿者清理了河岸垃圾，共计八吨。" * 6}
               for i in range(4)]
    index = Index.build([write_corpus(tmp_path / "corpus", [ENGLISH[1], *chinese])], folder=tmp_path / "idx",
                        model="fake")
    answer = index.ask("What did the volunteers remove?")
    assert sum(h.article_id != "river" for h in answer.passages) >= 3, "the test needs Chinese hits"
    assert answer.answered, answer.confidence
    assert "They removed about 8 tonnes" in answer.citations[0].quote
    assert all(c.article_id == "river" for c in answer.citations)
    check_verbatim(index, answer)


def test_english_questions_have_the_english_cut_over_english_articles_too():
    """No training question is English over English; the cut tuned on English questions stands for them."""
    from qa.answer import Evidence
    from qa.confidence import decline_threshold, threshold
    from qa.question import analyse

    english = Evidence(analyse("Who is the president of France?"), "en", {}, [], cross=False)
    assert decline_threshold(english) == threshold("en")
    chinese = Evidence(analyse("二七区有几家三甲医院？"), "zh", {}, [])
    assert decline_threshold(chinese) == threshold("zh")


def _candidate(article: str, text: str, prob: float, overlap: float):
    from qa.answer import Candidate
    from qa.chunking import Span
    from qa.types import Chunk, Hit

    chunk = Chunk(0, article, 0, len(text), text)
    return Candidate(Hit(1, chunk, 1.0, 1.0, 1.0), Span(0, len(text)), text, tokens=set(text), overlap=overlap,
                     score=prob, prob=prob)


def test_a_follower_from_another_article_must_share_the_questions_terms():
    from qa.answer import Evidence, choose
    from qa.question import analyse

    best = _candidate("a", "二七区已有9家三甲医院。", 0.5, 0.8)
    same_article = _candidate("a", "全区医疗资源丰富。", 0.2, 0.0)
    on_subject = _candidate("b", "郑州市二七区三甲医院名单公布。", 0.2, 0.6)
    off_subject = _candidate("c", "今天天气晴朗，适合出行。", 0.3, 0.0)
    evidence = Evidence(analyse("二七区有几家三甲医院？"), "zh", {}, [best, same_article, on_subject, off_subject])
    chosen = choose(evidence)
    assert chosen[0] is best and off_subject not in chosen
    assert same_article in chosen and on_subject in chosen


def test_english_quotes_are_spaced_and_chinese_ones_run_on():
    from qa.answer import _joined
    from qa.types import Citation

    def cite(n: int, quote: str) -> Citation:
        return Citation(n, "a", "t", None, "", 0, len(quote), quote)

    english = _joined([cite(1, "They removed 8 tonnes."), cite(2, "About 200 came.")])
    assert english == "They removed 8 tonnes.[1] About 200 came.[2]"
    chinese = _joined([cite(1, "已有9家三甲医院。"), cite(2, "共有723家医疗机构。")])
    assert chinese == "已有9家三甲医院。[1]共有723家医疗机构。[2]"


def test_an_english_count_question_over_chinese_articles(index):
    """The count of what is asked (9家, not 723家), and none for a district the archive does not cover."""
    answer = index.ask("How many tertiary grade-A hospitals does Erqi District have?")
    assert answer.answered and answer.short_answer == "9家"
    check_verbatim(index, answer)
    for other in ("Jinshui District", "Huiji District"):
        answer = index.ask(f"How many tertiary grade-A hospitals does {other} have?")
        assert not answer.answered and answer.citations == [], other


def test_a_sum_asked_in_its_unit_is_not_answered_by_a_count_of_something_else(index):
    answer = index.ask("二七区对医疗机构投资了多少亿元？")
    assert not answer.answered and answer.short_answer is None


def test_how_much_a_sum_grew_is_answered_by_a_share(tmp_path, fake):
    text = "1月5日，二七区召开经济工作会议。会议指出，2023年全区生产总值增长6.5%，增速居全市前列。"
    articles = [{"id": "gdp", "title": "二七区召开经济工作会议", "text": text}, *ARTICLES[1:]]
    index = Index.build([write_corpus(tmp_path / "corpus", articles)], folder=tmp_path / "idx", model="fake")
    answer = index.ask("二七区生产总值增长多少？")
    assert answer.answered and answer.short_answer == "6.5%"


def test_a_number_in_an_english_question_is_found_in_an_english_article(tmp_path, fake):
    """Only numbers are literal over English: the word pair "7has" of "Line 7 has" is not one."""
    metro = {"id": "metro", "title": "City opens new metro line",
             "text": "The city opened Metro Line 7 on Thursday, adding 21 stations to its network. "
                     "The project cost 21.4 billion yuan."}
    index = Index.build([write_corpus(tmp_path / "corpus", [metro, *ENGLISH])], folder=tmp_path / "idx",
                        model="fake")
    answer = index.ask("Metro Line 7 has how many stations?")
    assert answer.answered and "21 stations" in answer.citations[0].quote
    assert not index.ask("Metro Line 8 has how many stations?").answered


def test_english_words_of_english_articles_are_not_literals_an_english_question_over_chinese_lacks(tmp_path, fake):
    """In an archive with English articles too, "city" is a corpus word; a Chinese sentence need not hold it."""
    index = Index.build([write_corpus(tmp_path / "corpus", ARTICLES + ENGLISH)], folder=tmp_path / "idx", model="fake")
    answer = index.ask("How many tertiary grade-A hospitals does the city's Erqi District have?")
    assert answer.answered and answer.short_answer == "9家"


@pytest.mark.parametrize(
    ("question", "leads"),
    [("男子全程冠军跑了多长时间？", "男子"),  # the best sentence is of the women's race: the men's leads
     ("女子全程冠军跑了多长时间？", "女子"),  # the best sentence is the one asked about: it stays
     ("男子半程冠军跑了多长时间？", "女子")],  # no sentence of the men's half: the best stays (and is ruled out)
)
def test_a_sentence_about_the_other_side_gives_way_to_one_about_the_side_asked(question, leads):
    from qa.answer import Evidence, _uncontradicted_first
    from qa.question import analyse

    women = _candidate("a", "女子全程马拉松冠军由阿尔马兹获得，成绩为2小时26分05秒。", 2.0, 0.8)
    men = _candidate("a", "在男子全程马拉松比赛中，基普罗蒂奇以2小时09分17秒的成绩夺冠。", 1.5, 0.7)
    other = _candidate("a", "本届赛事设全程马拉松、半程马拉松和健康跑三个项目。", 1.0, 0.5)
    evidence = Evidence(analyse(question), "zh", dict.fromkeys(question[:-1], 1.0), [women, men, other])
    _uncontradicted_first(evidence)
    assert leads in max(evidence.candidates, key=lambda c: c.score).text[:8]


def test_a_sentence_naming_the_year_asked_but_not_the_thing_does_not_take_the_lead():
    from qa.answer import Evidence, _uncontradicted_first
    from qa.question import analyse

    this_year = _candidate("a", "今年艺文季共规划演出62场、市集摊位180摊。", 2.0, 0.9)
    last_year = _candidate("a", "去年艺文季吸引12.8万人次。", 1.5, 0.4)
    question = "去年艺文季的市集摊位有多少摊？"
    evidence = Evidence(analyse(question), "zh", dict.fromkeys(question[:-1], 1.0), [this_year, last_year])
    _uncontradicted_first(evidence)
    assert max(evidence.candidates, key=lambda c: c.score) is this_year


@pytest.mark.parametrize(("question", "leads"), [("市水务局的局长叫什么名字？", "局长郭"),
                                                 ("市水务局的副局长叫什么名字？", "副局长")])
def test_a_sentence_naming_a_deputy_gives_way_to_one_naming_the_chief_asked(question, leads):
    from qa.answer import Evidence, _chief_first
    from qa.question import analyse

    deputy = _candidate("a", "市水务局副局长马晓婷说。", 2.0, 0.8)
    chief = _candidate("a", "市水务局局长郭振华介绍，工程于2023年4月开工建设。", 1.5, 0.7)
    evidence = Evidence(analyse(question), "zh", dict.fromkeys(["市水务局"], 1.0), [deputy, chief])
    _chief_first(evidence)
    assert leads in max(evidence.candidates, key=lambda c: c.score).text[:8]


@pytest.mark.parametrize(
    ("literal", "sentence", "date", "there"),
    [("3", "今年三等小麦收购价格为每斤1.22元。", None, True),  # grade-3: 三等
     ("12", "全区新开十二条线路。", None, True),
     ("3", "今年小麦收购价格为每斤1.22元。", None, False),
     ("2024", "今年全区计划改造老旧小区46个。", "2024-03-07", True),  # 今年 of an article of 2024
     ("2024", "去年全区改造老旧小区40个。", "2024-03-07", False),
     ("2024", "今年全区计划改造老旧小区46个。", "--03-07", False)],
)
def test_a_number_of_the_question_written_another_way_is_not_missing(literal, sentence, date, there):
    from qa.confidence import _written_otherwise
    from qa.normalize import lexical_tokens

    best = _candidate("a", sentence, 1.0, 1.0)
    best.date = date
    assert _written_otherwise(literal, best, set(lexical_tokens(sentence))) is there


def test_a_question_about_someone_the_archive_never_names_is_declined(tmp_path, fake):
    meeting = {"id": "meet", "title": "二七区宣传思想文化工作会议举行", "date": "2024-01-12",
               "text": "1月12日，二七区宣传思想文化工作会议举行。区委常委、宣传部长申红涛出席并讲话，"
                       "区委宣传部常务副部长李锦勇主持。"}
    index = Index.build([write_corpus(tmp_path / "corpus", [*ARTICLES, meeting])], folder=tmp_path / "idx",
                        model="fake")
    named = index.ask("李锦勇主持了哪个会议？")
    assert named.answered and named.citations[0].article_id == "meet"
    other = index.ask("张伟主持了哪个会议？")  # the same sentence would answer, but of 李锦勇
    assert not other.answered and other.confidence < named.confidence * 0.1


def test_a_sentence_about_another_city_does_not_follow_the_answer():
    from qa.answer import Evidence, choose
    from qa.question import analyse

    best = _candidate("b2", "高雄市政府社會局表示，今年將新設巷弄長照站45處。", 0.5, 0.8)
    budget = _candidate("b2", "今年市府編列長照相關預算共38.6億元。", 0.3, 0.5)
    other_city = _candidate("b2", "此外，台中市政府也公布類似計畫，今年新設巷弄長照站38處。", 0.4, 0.7)
    for c in (best, budget, other_city):
        c.title = "高雄市擴增長照據點"
    evidence = Evidence(analyse("高雄市今年要新設幾處巷弄長照站？"), "zh", {}, [best, budget, other_city])
    chosen = choose(evidence)
    assert chosen[0] is best and budget in chosen and other_city not in chosen


def test_a_sentence_far_behind_the_best_is_reranked_without_cutting_its_spans():
    from qa.answer import RERANK_GAP, Evidence, rerank
    from qa.learned import linear, weights
    from qa.question import analyse
    from qa.span import scoring

    best = _candidate("a", "二七区已有9家三甲医院。", 0.0, 0.8)
    close = _candidate("a", "全区共有723家医疗机构。", -1.0, 0.4)
    far = _candidate("b", "今天天气晴朗，适合出行。", -RERANK_GAP - 0.5, 0.0)
    evidence = Evidence(analyse("二七区有几家三甲医院？"), "zh", {}, [best, close, far])
    scoring._RANKED.clear()
    rerank(evidence)
    cut = {sentence for _, sentence, _ in scoring._RANKED}
    assert cut == {best.text, close.text}  # the far one's spans were never cut
    assert far.score == pytest.approx(linear(weights("rerank"), {"stage1": -RERANK_GAP - 0.5}))
    assert close.score != pytest.approx(linear(weights("rerank"), {"stage1": -1.0}))  # its spans weighed in


def test_the_sentences_past_the_reranked_few_follow_them_in_their_first_order():
    """Re-scored, the best few may all fall (a cross-lingual question's spans score low); the rest, left on
    the first score's scale, would pass them."""
    from qa.answer import RERANK, Evidence, rerank
    from qa.question import analyse

    top = [_candidate("a", f"第{i}句说了{i}家医院。", 7.0 - 0.1 * i, 0.1) for i in range(RERANK)]
    rest = [_candidate("a", "假期酒店入住率达到82.6%。", 6.2, 0.0), _candidate("a", "其余一句。", 6.0, 0.0)]
    evidence = Evidence(analyse("How many tourist visits were there?"), "en", {}, [*top, *rest], cross=True)
    rerank(evidence)
    assert max(c.score for c in rest) < min(c.score for c in top)
    assert rest[0].score > rest[1].score
    assert rest[0].score - rest[1].score == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("question", "sentence", "coverage", "unsupported"),
    [
        # the role's place is named, but nobody is said to hold it
        ("Who is the district chief of Nanzhu district?",
         "The bridge links Luyu district's port area with the Nanzhu district waterfront.", 0.56, True),
        ("Who is the deputy director of the customs bureau?",
         '"Exports grew fastest," said Wang Lin, deputy director of the Haicheng customs bureau.', 0.9, False),
        ("When was the medical group launched?", "The group's hospitals share 38 kinds of test results.", 0.5, True),
        ("How many riders a day will it carry?", "It is expected to carry about 215,000 passengers a day.", 0.58,
         False),
        # a fifth of the question's weight or less is no answer, whatever it holds
        ("How many riders a day will it carry?", "It is expected to carry about 215,000 passengers a day.", 0.1, True),
        ("Why did the line open late?", "The line opened in May.", 0.5, False),  # no kind of span asked for
    ],
)
def test_an_english_sentence_must_share_the_question_and_hold_the_kind_asked(question, sentence, coverage,
                                                                            unsupported):
    from qa.confidence import unsupported_english
    from qa.question import analyse

    assert unsupported_english(analyse(question), sentence, coverage) == unsupported


def test_an_english_question_about_one_kind_of_bureau_is_not_answered_by_another_s():
    from types import SimpleNamespace

    from qa.confidence import body_unnamed
    from qa.crosslingual import Bridge
    from qa.normalize import lexical_tokens
    from qa.question import analyse

    index = SimpleNamespace(bridge=Bridge.build(lexical_tokens("市民政局局长郑晓岚 县林业局 市场监督管理局局长")))
    asked = analyse("Who is the director of the Zhexi County forestry bureau?")
    assert body_unnamed(asked, set(lexical_tokens("市民政局局长郑晓岚介绍")), index)
    assert not body_unnamed(asked, set(lexical_tokens("县林业局局长吴明介绍")), index)
    market = analyse("Who heads the market regulation bureau?")
    assert not body_unnamed(market, set(lexical_tokens("市场监督管理局局长屠乐安介绍")), index)
    assert not body_unnamed(analyse("How many cases did the forestry bureau handle?"), set(), index)  # who only


@pytest.mark.parametrize(
    ("question", "sentence", "fires"),
    [
        ("第二届电商直播节哪天举办？", "副县长表示，县里将举办第二届电商直播节，具体时间另行公布。", True),
        ("白鹭山自然教育中心什么时候建成开放？", "保护区还计划建设一座自然教育中心，目前正在开展前期设计。", True),
        ("第二届电商直播节哪天举办？", "第二届电商直播节将于10月18日举办。", False),
        ("汉语大约在哪个朝代传入越南？", "大约从东汉开始，汉字开始有系统地传入越南。", False),  # an era is a time
        ("地空联合作战在何时就已出现？", "地空联合作战在一次世界大战时就已出现。", False),
        ("直播节举办了几场？", "县里将举办第二届电商直播节。", False),  # when-questions only
    ],
)
def test_a_when_question_whose_short_answer_is_no_time_is_ruled_out(question, sentence, fires):
    from qa.confidence import no_time_answer
    from qa.question import analyse

    assert no_time_answer(analyse(question), sentence, {}, None) is fires
