"""Tests of the ingestion stage: page splitting, layout repair, encodings and every bad-input path."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.errors import IngestError
from qa.ingest import (
    IngestResult,
    Problem,
    UnreadableFileError,
    extract_authors,
    extract_date,
    load_articles,
    load_squad,
    read_text,
    repair_layout,
    write_jsonl,
)
from qa.types import Article

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEED = REPO.parent / "shared" / "seeds" / "000_fdb8d20d53532580.txt"
CORPUS = REPO / "corpus" / "000_fdb8d20d53532580.jsonl"
BENCHMARK = REPO.parent / "shared" / "benchmarks" / "cmrc2018_trial.json"


@pytest.fixture
def seed_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Article]:
    if not SEED.exists():
        pytest.skip(f"seed page not found at {SEED}")
    monkeypatch.chdir(tmp_path)  # the seed is then outside the working folder: source = bare file name
    return load_articles(SEED).articles


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def _article_with(articles: list[Article], needle: str) -> Article:
    return next(a for a in articles if needle in a.text)


# --- the seed page ---------------------------------------------------------------------------------------


def test_seed_page_splits_into_one_article_per_heading(seed_articles: list[Article]) -> None:
    # The seed has one '#' and five '##' headings (the '###' line is a subtitle): six articles.
    assert [a.id for a in seed_articles] == [f"000_fdb8d20d53532580-{n:02d}" for n in range(1, 7)]
    assert seed_articles[1].title == "二七区工会第五次代表大会举行"
    assert seed_articles[1].subtitle == "扎实履行基本职责,把工会组织建设得更加充满活力、更加坚强有力"
    assert seed_articles[0].subtitle is None
    assert all(a.source == "000_fdb8d20d53532580.txt" for a in seed_articles)
    assert all(not a.text.startswith("#") and "\n#" not in a.text for a in seed_articles)


def test_seed_dates_come_from_the_lead_only(seed_articles: list[Article]) -> None:
    mah = _article_with(seed_articles, "MAH")
    assert mah.date == "--01-12"
    assert [a.date for a in seed_articles] == ["--01-12", None, None, None, None, "--01-12"]


@pytest.mark.parametrize(
    "joined",
    ["签约入驻", "药品安全相关负责人", "全国工商联", "二七区将完整、准确", "凝心铸魂", "美好二七实践中"],
)
def test_seed_layout_breaks_are_joined(seed_articles: list[Article], joined: str) -> None:
    assert any(joined in a.text for a in seed_articles)


def test_seed_keeps_real_paragraphs_and_bylines(seed_articles: list[Article]) -> None:
    mah = seed_articles[0]
    assert mah.text.endswith("作出二七更多贡献。记者 朱翔宇")
    assert mah.text.count("\n") == 4  # five printed paragraphs after three layout breaks were joined
    assert seed_articles[1].text.endswith("更加坚强有力。\n记者 朱翔宇")
    assert seed_articles[-1].text.endswith("提供坚强保障。\n记者 朱翔宇\n通讯员 黎莉")


def test_seed_byline_is_not_merged_into_next_heading() -> None:
    if not SEED.exists():
        pytest.skip(f"seed page not found at {SEED}")
    repaired = repair_layout(SEED.read_text(encoding="utf-8"))
    assert "贡献。记者 朱翔宇\n## 二七区工会第五次代表大会举行\n### 扎实履行" in repaired
    assert "坚强有力。\n记者 朱翔宇\n## 二七区2家企业" in repaired


def test_seed_authors(seed_articles: list[Article]) -> None:
    assert [a.authors for a in seed_articles] == [
        ("朱翔宇",),
        ("朱翔宇",),
        ("朱翔宇", "刘聪"),
        ("朱翔宇",),
        ("朱翔宇",),
        ("朱翔宇", "黎莉"),
    ]


def test_shipped_corpus_equals_fresh_ingestion(seed_articles: list[Article]) -> None:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    assert [Article.from_dict(json.loads(line)) for line in lines] == seed_articles


# --- other page and plain files --------------------------------------------------------------------------


def test_sample_page_with_preamble_parenthesised_byline_and_empty_section() -> None:
    result = load_articles(DATA / "page_sample.md")
    first, second = result.articles
    assert (first.id, first.date, first.authors) == ("page_sample-01", "2024-02-18", ("王晓明", "赵一"))
    assert "120家企业参加,提供" in first.text
    assert "通过 AI assistant 进行" in first.text
    assert "\n一、企业覆盖面广\n参会企业" in first.text
    # the masthead (郑州日报 2024年2月19日 第05版) dates the article that gives no date of its own
    assert (second.id, second.date, second.authors) == ("page_sample-02", "2024-02-19", ("李华",))
    assert "高层建筑火灾的处置流程" in second.text
    assert [(p.line, p.message.split()[0]) for p in result.problems] == [(17, "heading")]


def test_plain_article_title_from_short_first_line() -> None:
    (article,) = load_articles(DATA / "plain_article.txt").articles
    assert (article.id, article.title, article.date, article.authors) == (
        "plain_article",
        "二七区举办迎春书画展",
        "2024-01-20",
        ("张三",),
    )
    assert article.text.startswith("本报讯 2024年1月20日")  # full-width indentation stripped
    assert "新创作品" in article.text


def test_an_english_headline_longer_than_a_chinese_one_is_still_the_title(tmp_path: Path) -> None:
    headline = "Haicheng foreign trade up 7.4 pct in first half; air quality improves"  # 69 characters
    (tmp_path / "wire.txt").write_text(f"{headline}\n\nHAICHENG, July 15 (Wire) -- Trade rose.\n", encoding="utf-8")
    (tmp_path / "long.txt").write_text("这一行没有句末标点但是很长" * 6 + "\n正文。\n", encoding="utf-8")
    wire, long = sorted(load_articles(tmp_path).articles, key=lambda a: a.id != "wire")
    assert (wire.title, wire.date) == (headline, "--07-15")  # the dateline now opens the text
    assert wire.text.startswith("HAICHENG")
    assert long.title == "long"  # 78 Chinese characters are a paragraph, not a headline


def test_a_markdown_title_underlined_is_the_title_and_the_underline_no_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "sesame.md", "驻马店芝麻产量全国第一\n=======\n\n本报讯 芝麻种植面积达到200万亩。\n")
    (article,) = load_articles(path).articles
    assert (article.title, article.text) == ("驻马店芝麻产量全国第一", "本报讯 芝麻种植面积达到200万亩。")


def test_plain_article_with_sentence_first_line_uses_file_stem(tmp_path: Path) -> None:
    path = _write(tmp_path / "note-7.txt", "近日,某区举办活动。\n活动持续两天。\n")
    (article,) = load_articles(path).articles
    assert (article.id, article.title) == ("note-7", "note-7")
    assert article.text == "近日,某区举办活动。\n活动持续两天。"


def test_markdown_front_matter_is_metadata_not_text(tmp_path: Path) -> None:
    _write(tmp_path / "port.md", "---\ntitle: 周口港航线新增至12条\ndate: 2024-02-28\nauthor: 钱程\n---\n\n"
           "本报讯 周口港已开通集装箱航线12条。\n")
    _write(tmp_path / "page.md", "---\ndate: 2024/5/3\nauthors: [李四, 王五]\n---\n\n# 月季博览园入园人数创新高\n\n"
           "五一假期，博览园累计接待游客18.6万人次。\n\n# 另一篇\n\n2024年5月4日，另一件事。记者 赵六\n")
    articles = {a.id: a for a in load_articles(tmp_path).articles}
    port = articles["port"]
    assert (port.title, port.date, port.authors) == ("周口港航线新增至12条", "2024-02-28", ("钱程",))
    assert "title:" not in port.text and port.text.startswith("本报讯")
    first, second = articles["page-01"], articles["page-02"]
    assert (first.title, first.date, first.authors) == ("月季博览园入园人数创新高", "2024-05-03", ("李四", "王五"))
    assert (second.date, second.authors) == ("2024-05-04", ("赵六",))  # the article's own text speaks first


def test_a_front_matter_and_one_heading_make_a_post_named_by_its_file(tmp_path: Path) -> None:
    """A Markdown post repeats its title as a heading: one article, not a page of one (no -01)."""
    _write(tmp_path / "c1.md", "---\ntitle: 桂花街道垃圾分类\ndate: 2025-05-20\n---\n\n# 桂花街道垃圾分类\n\n"
           "5月19日上午，点评会举行。\n")
    _write(tmp_path / "c2.md", "---\ndate: 2025-05-20\n---\n\n# 标题只在这里\n\n正文一句。\n")
    articles = {a.id: a for a in load_articles(tmp_path).articles}
    assert set(articles) == {"c1", "c2"}
    assert (articles["c1"].title, articles["c1"].text) == ("桂花街道垃圾分类", "5月19日上午，点评会举行。")
    assert (articles["c2"].title, articles["c2"].date) == ("标题只在这里", "2025-05-20")


def test_a_post_with_a_lead_keeps_its_subheadings_as_lines_of_one_article(tmp_path: Path) -> None:
    """A front matter's title and text before the first '##': the headings are the post's subheadings, and its
    lead is the article's start, not lines before a page's first article (skipped with a warning)."""
    _write(tmp_path / "games.md", "---\ntitle: 社区运动会闭幕\ndate: 2025-09-07\n---\n\n9月6日，运动会闭\n幕。\n\n"
           "## 比赛项目\n\n共设3个项目：\n\n- 门球\n- 拔河\n\n## 健身设施\n\n今年新建健身点36个。\n")
    result = load_articles(tmp_path)
    (article,) = result.articles
    assert (article.id, article.title, result.problems) == ("games", "社区运动会闭幕", [])
    assert article.text.split("\n") == [
        "9月6日，运动会闭幕。", "比赛项目", "共设3个项目：", "- 门球", "- 拔河", "健身设施", "今年新建健身点36个。",
    ]


def test_a_markdown_article_with_short_subheadings_is_one_article(tmp_path: Path) -> None:
    """A title heading with a lead under it and short ## sections is an article; a page's ## are headlines."""
    _write(tmp_path / "drill.md", "# 全市开展防汛应急演练 1200人参加\n\n7月2日，全市开展防汛演练。\n\n"
           "## 演练内容\n\n共设5个科目。\n\n## 下一步\n\n各区将开展自查。\n")
    _write(tmp_path / "post.md", "---\ntitle: 社区运动会闭幕\n---\n\n# 社区运动会闭幕\n\n9月6日闭幕。\n\n"
           "## 比赛项目\n\n共设8个项目。\n")
    _write(tmp_path / "page.md", "# 会议召开\n\n本报讯 近日，会议召开。\n\n## 展览开幕\n\n本报讯 展览开幕。\n")
    articles = {a.id: a for a in load_articles(tmp_path).articles}
    assert set(articles) == {"drill", "post", "page-01", "page-02"}
    assert articles["drill"].title == "全市开展防汛应急演练 1200人参加"
    assert articles["drill"].text.split("\n") == ["7月2日，全市开展防汛演练。", "演练内容", "共设5个科目。", "下一步",
                                                   "各区将开展自查。"]
    post = articles["post"]
    assert (post.title, post.text) == ("社区运动会闭幕", "9月6日闭幕。\n比赛项目\n共设8个项目。")


def test_a_page_masthead_dates_its_articles(tmp_path: Path) -> None:
    _write(tmp_path / "p3.txt", "郑州日报 2024年1月12日 星期五 第3版\n\n## 会议召开\n\n本报讯 近日，会议召开。\n\n"
           "## 展览开幕\n\n本报讯 1月10日，展览开幕。\n\n## 年终盘点\n\n本报讯 12月30日，盘点完成。\n")
    result = load_articles(tmp_path)
    assert [a.date for a in result.articles] == ["2024-01-12", "2024-01-10", "2023-12-30"]
    assert result.problems == []  # the masthead is read, not skipped with a warning


def test_a_front_matter_date_gives_a_month_and_day_their_year_as_a_masthead_does(tmp_path: Path) -> None:
    _write(tmp_path / "review.md", "---\ndate: 2024-01-12\n---\n\n年终盘点完成\n\n本报讯 12月30日，盘点完成。\n")
    _write(tmp_path / "page.md", "---\ndate: 2024-01-12\n---\n\n# 会议召开\n\n本报讯 近日，会议召开。\n\n"
           "# 展览开幕\n\n本报讯 1月10日，展览开幕。\n\n# 旧闻\n\n本报讯 2023年5月4日，旧事。\n")
    _write(tmp_path / "vague.md", "---\ndate: 1月12日\n---\n\n本报讯 12月30日，盘点完成。\n")
    dates = {a.id: a.date for a in load_articles(tmp_path).articles}
    assert dates == {
        "review": "2023-12-30",  # after the front matter's day: the year before
        "page-01": "2024-01-12", "page-02": "2024-01-10", "page-03": "2023-05-04",  # a full date of its own stays
        "vague": "--12-30",  # a front matter without a year completes nothing
    }


def test_text_before_the_first_heading_that_is_no_masthead_is_reported(tmp_path: Path) -> None:
    _write(tmp_path / "p4.txt", "编者按：本版刊登一组报道。\n\n## 会议召开\n\n本报讯 近日，会议召开。\n")
    result = load_articles(tmp_path)
    assert result.articles[0].date is None
    (problem,) = result.problems
    assert "before the first heading" in problem.message


def test_front_matter_that_is_not_yaml_is_a_warning_and_the_article_kept(tmp_path: Path) -> None:
    _write(tmp_path / "bad.md", "---\ntitle: [unclosed\n---\n\n正文一句。\n")
    result = load_articles(tmp_path)
    (article,) = result.articles
    assert article.text == "正文一句。"
    (problem,) = result.problems
    assert problem.kept and problem.line == 2 and "front matter" in problem.message


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("本报讯 1月12日,会议召开。", "--01-12"),
        ("本报讯 2024年1月12日,会议召开。", "2024-01-12"),
        ("新华社北京2024年3月5日电 会议召开。", "2024-03-05"),
        ("本报讯 近日,2023年1月5日成立的公司。", None),
        ("本报讯 近日,会议召开。\n1月12日,另一件事。", None),
        ("本报讯 13月40日,不是日期。", None),
        # English wire datelines
        ("LONDON, March 3, 2024 — More than 400 volunteers took part.", "2024-03-03"),
        ("NORWICH, 12 January 2024 - The council met.", "2024-01-12"),
        ("BEIJING, Jan. 12 (Xinhua) -- The meeting opened.", "--01-12"),
        ("The council on Tuesday, May 4, 2024 - approved it.", None),
    ],
)
def test_extract_date(text: str, date: str | None) -> None:
    assert extract_date(text) == date


def test_a_taiwan_lead_bracket_names_its_reporters() -> None:
    assert extract_authors("【本報記者王大明∕臺中報導】臺中捷運藍線今日動工。") == ("王大明",)
    assert extract_authors("【記者李小華、陳美玲／高雄報導】高雄環狀輕軌通車。") == ("李小華", "陳美玲")
    assert extract_authors("【新聞】今日天氣晴。") == ()


def test_an_english_byline_names_its_reporters_and_stands_alone(tmp_path: Path) -> None:
    assert extract_authors("Engineers finished the wall.\nBy Anna Clarke and Tom Hill") == ("Anna Clarke", "Tom Hill")
    assert extract_authors("The mayor said by Monday it would open.") == ()
    path = _write(tmp_path / "norwich.md", "# Flood wall completed\n\nBy Anna Clarke\n"
                  "NORWICH, 12 January 2024 - Engineers finished a flood wall.\n")
    (article,) = load_articles(path).articles
    assert (article.date, article.authors) == ("2024-01-12", ("Anna Clarke",))
    assert article.text.startswith("By Anna Clarke\nNORWICH")  # not glued into one paragraph


def test_names_with_rarer_characters_are_read() -> None:
    assert extract_authors("开封推出宋文化研学线路。记者 赵䶮") == ("赵䶮",)  # 䶮: CJK Extension A
    assert extract_authors("正文。记者 朱翔宇 通讯员 𠮷祥") == ("朱翔宇", "𠮷祥")  # 𠮷: Extension B


def test_extract_authors_ignores_roles_as_names() -> None:
    assert extract_authors("正文。\n记者 朱翔宇 通讯员 刘聪") == ("朱翔宇", "刘聪")
    assert extract_authors("记者从会上获悉,活动圆满结束。") == ()


# --- encodings -------------------------------------------------------------------------------------------

_CHINESE = "本报讯 近日,二七区举办工商联主席会议。𠮷野家在郑州开业。"
_TRADITIONAL = "本報訊 近日,二七區舉辦工商聯主席會議,號召大家在新的一年裡更進一步。"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (_CHINESE, "gb18030"),
        (_CHINESE.replace("𠮷", "吉"), "gbk"),
        (_TRADITIONAL, "big5"),
        ("二七区医院很多。", "gbk"),  # short files: charset-normalizer alone read this one as Korean
        ("二七區醫院很多。", "big5"),
        ("こんにちは、東京の皆さん。今日はいい天気ですね。", "shift_jis"),  # not Chinese: still detected
        # Hangul shares GB2312's bytes: read as GB18030 this was clean, meaningless hanzi
        ("서울시는 올해 새로운 공공 도서관 세 곳을 열었다고 밝혔다.", "euc-kr"),
        ("부산 해운대구 주민 3만 명이 축제에 참가했다.", "cp949"),
        ("本报讯 近日 二七区 召开 会议", "gbk"),  # Chinese with a few spaces stays Chinese
        (_CHINESE, "utf-8-sig"),
        (_CHINESE, "utf-16"),
    ],
)
def test_read_text_decodes_chinese_encodings(tmp_path: Path, text: str, encoding: str) -> None:
    path = _write(tmp_path / "a.txt", text + "\r\n", encoding)
    assert read_text(path) == text + "\n"


_LATIN = "The café in Zürich won the best coffee award, said owner José Müller."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (_LATIN, "latin-1"),  # charset-normalizer alone read this as cp775 / mac_latin2
        ("Café Zürich", "latin-1"),
        ("Die Straße in München ist schön, sagte Jürgen Größe.", "latin-1"),
        ("São Paulo, Bogotá y Córdoba: el señor Núñez ganó.", "latin-1"),
        ("“We are delighted,” said the mayor — really. Tickets cost €5…", "cp1252"),
        (_LATIN, "cp1252"),
    ],
)
def test_read_text_decodes_western_european_encodings(tmp_path: Path, text: str, encoding: str) -> None:
    path = _write(tmp_path / "a.txt", text + "\r\n", encoding)
    assert read_text(path) == text + "\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize(
    "text",
    [
        "Volunteers removed about 8 tonnes of rubbish from the shore.",
        _CHINESE,
        _TRADITIONAL,
        "二七区有9家三甲医院。\n一中一\n",  # 一 is U+4E00: NUL bytes that are not ASCII high bytes
    ],
)
def test_read_text_decodes_utf16_and_utf32_without_bom(tmp_path: Path, text: str, encoding: str) -> None:
    path = _write(tmp_path / "a.txt", text + "\r\n", encoding)
    assert read_text(path) == text + "\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["郑州今日降雪。", "臺中捷運藍線今日動工。"])
def test_short_utf16_of_hanzi_alone_is_read(tmp_path: Path, text: str, encoding: str) -> None:
    """No ASCII, no line break: no NUL byte gives the encoding away, and no Chinese encoding fits."""
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text


# --- bad input -------------------------------------------------------------------------------------------


# NUL bytes that are not UTF-16/32 text: refused as before the BOM-less UTF-16/32 reading existed.
_NUL_BINARY = r"binary file \(NUL bytes\), not text; remove it from the input"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", _NUL_BINARY),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\xc8\x08\x06\x00\x00\x00", _NUL_BINARY),
        (random.Random(7).randbytes(4096) + b"\x00\x00", _NUL_BINARY),  # even length: a UTF-16 candidate
        (random.Random(8).randbytes(301) + b"\x00", _NUL_BINARY),
        (b"\x00\x01\x02\x03" * 64, _NUL_BINARY),  # clean as UTF-16-LE (Ā and a combining mark), not text
        # broken UTF-8 fits no archive encoding; charset-normalizer alone made it Cyrillic (cp1125)
        ("正文。".encode() + b"\xff\xfe\xfa", "not valid UTF-8 .* no other text encoding fits"),
        (bytes(range(1, 32)) * 20, "binary"),
        (b"", "empty"),
        (b" \n\t\n", "empty"),
    ],
)
def test_read_text_rejects_binary_and_empty_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=reason) as info:
        read_text(path)
    assert isinstance(info.value, UnreadableFileError)
    assert "bad.txt" in str(info.value)


def test_one_undecodable_file_is_reported_and_the_others_are_ingested(tmp_path: Path) -> None:
    _write(tmp_path / "a_good.txt", "好标题\n正文第一句。")
    (tmp_path / "b_bad.txt").write_bytes("正文。".encode() + b"\xff\xfe\xfa" + "更多正文。".encode())
    (tmp_path / "c_binary.md").write_bytes(b"\x00\x01\x02binary")
    _write(tmp_path / "d_good.md", "另一篇\n正文第二句。")
    result = load_articles(tmp_path)
    assert [a.id for a in result.articles] == ["a_good", "d_good"]
    assert [Path(p.path).name for p in result.problems] == ["b_bad.txt", "c_binary.md"]
    assert "not valid UTF-8" in result.problems[0].message and "offset" in result.problems[0].message


def test_a_file_name_that_is_not_utf8_is_a_problem_named_printably(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "good.txt", "正文第一句。")
    with open(bytes(tmp_path) + b"/in/\xd6\xd0\xce\xc4.txt", "wb") as f:  # GBK for 中文.txt
        f.write("正文。".encode())
    result = load_articles(tmp_path / "in")
    assert [a.id for a in result.articles] == ["good"]
    [problem] = result.problems
    assert str(problem).startswith(f"{tmp_path.as_posix()}/in/\\xd6\\xd0\\xce\\xc4.txt: file name is not valid UTF-8")
    str(problem).encode("utf-8")  # printable: no lone surrogates


def test_malformed_jsonl_line_is_reported_with_its_number(tmp_path: Path) -> None:
    rows = [
        json.dumps({"id": "a", "title": "A", "text": "甲。", "authors": "张三"}, ensure_ascii=False),
        "",
        '{"id": "b", "text": ',
        json.dumps({"id": "c", "title": "C", "text": "丙。", "source": "orig.txt"}, ensure_ascii=False),
        json.dumps({"title": "no id or text"}),
    ]
    path = _write(tmp_path / "x.jsonl", "\n".join(rows) + "\n")
    result = load_articles(path)
    assert [a.id for a in result.articles] == ["a", "c"]
    assert result.articles[0].authors == ("张三",)
    assert result.articles[0].source == "x.jsonl"
    assert result.articles[1].source == "orig.txt"
    assert [(p.line, p.message.split(" ")[0]) for p in result.problems] == [(3, "not"), (5, "missing")]
    assert "'id' and 'text'" in result.problems[1].message
    assert str(result.problems[0]).startswith(f"{path.as_posix()}:3: not valid JSON")


_JSONL_DATES = [  # (date as given, ISO date kept); None: not a date, dropped and reported
    ("2024/5/11", "2024-05-11"),
    ("May 11, 2024", "2024-05-11"),
    ("2024年5月11日", "2024-05-11"),
    ("2024-13-45", None),
    ("yesterday", None),
    ("2024-05-11T08:30:00+08:00", "2024-05-11"),
    ("", None),  # empty: no date, nothing to report
    ("5月11日", "--05-11"),
    ("--01-12", "--01-12"),
]


@pytest.mark.parametrize("limit", [None, "400"])  # read whole, or streamed line by line (over the size cap)
def test_jsonl_dates_are_read_into_iso_and_unreadable_ones_dropped_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str | None
) -> None:
    if limit:
        monkeypatch.setenv("QA_MAX_ARTICLE_BYTES", limit)
    rows = [{"id": f"d{n}", "title": "日期", "text": f"正文{n}。", "date": d} for n, (d, _) in enumerate(_JSONL_DATES)]
    path = _write(tmp_path / "d.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    result = load_articles(path)
    assert [(a.id, a.text, a.date) for a in result.articles] == [
        (f"d{n}", f"正文{n}。", iso) for n, (_, iso) in enumerate(_JSONL_DATES)
    ]
    (problem,) = result.problems
    assert (problem.path, problem.line) == (path.as_posix(), None)
    assert problem.message.startswith("the date of 2 articles (line 4 '2024-13-45', line 5 'yesterday'): ")
    assert "articles are kept without a date; write dates as YYYY-MM-DD" in problem.message


def test_many_unreadable_jsonl_dates_are_one_short_warning(tmp_path: Path) -> None:
    rows = [{"id": n, "text": "正文。", "date": "x" * 100 if n == 0 else f"day {n}"} for n in range(8)]
    path = _write(tmp_path / "d.jsonl", "\n".join(json.dumps(r) for r in rows))
    result = load_articles(path)
    assert len(result.articles) == 8 and all(a.date is None for a in result.articles)
    (problem,) = result.problems
    assert f"line 1 '{'x' * 39}…', line 2 'day 1'" in problem.message
    assert "line 5 'day 4' and 3 more): " in problem.message and "day 5" not in problem.message


def test_valid_jsonl_dates_raise_no_warning(tmp_path: Path) -> None:
    row = {"id": "a", "text": "正文。", "date": "2024-05-11"}
    result = load_articles(_write(tmp_path / "a.jsonl", json.dumps(row) + "\n"))
    assert result.articles[0].date == "2024-05-11" and result.problems == []


def test_squad_paragraph_without_context_is_reported_and_the_rest_kept(tmp_path: Path) -> None:
    squad = {
        "data": [
            {"title": "T", "paragraphs": [{"id": "P1", "context": " 上下文 ", "qas": []}, {"qas": []}]},
            {"title": "U"},
            {"title": "V", "paragraphs": [{"context": "第二段", "qas": []}]},
        ]
    }
    path = _write(tmp_path / "s.json", json.dumps(squad, ensure_ascii=False))
    result = load_articles(path)
    assert [(a.id, a.title, a.text) for a in result.articles] == [
        ("P1", "T", " 上下文 "),
        ("s-2-0", "V", "第二段"),
    ]
    messages = [p.message for p in result.problems]
    assert messages[0].startswith("data[0].paragraphs[1]: missing 'context'")
    assert messages[1].startswith("data[1]: missing 'paragraphs'")


def test_json_that_is_not_squad_is_a_problem(tmp_path: Path) -> None:
    _write(tmp_path / "a.json", '{"articles": []}')
    _write(tmp_path / "b.json", '{"data": [')
    _write(tmp_path / "c.txt", "正文。")
    result = load_articles(tmp_path)
    assert [a.id for a in result.articles] == ["c"]
    assert "no top-level 'data'" in result.problems[0].message
    assert result.problems[1].line == 1 and "not valid JSON" in result.problems[1].message


def test_missing_path_raises_naming_it(tmp_path: Path) -> None:
    _write(tmp_path / "ok.txt", "正文。")
    missing = tmp_path / "nope"
    with pytest.raises(IngestError, match="nope: no such file or folder"):
        load_articles([tmp_path / "ok.txt", missing])


def test_empty_folder_raises(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub" / "notes.pdf", "not supported")
    with pytest.raises(IngestError, match=r"no articles found in .*no \.txt, \.md"):
        load_articles(tmp_path)


def test_folder_of_only_bad_files_raises_with_the_first_problem(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    with pytest.raises(IngestError, match=r"1 problem\(s\), first: .*a\.txt: file is empty"):
        load_articles(tmp_path)


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    _write(tmp_path / "b" / "z.txt", "正文Z。")
    _write(tmp_path / "a.txt", "正文A。")
    _write(tmp_path / "b" / "c.md", "正文C。")
    _write(tmp_path / ".hidden.txt", "隐藏。")
    _write(tmp_path / ".git" / "x.txt", "隐藏。")
    _write(tmp_path / "b" / "skip.csv", "a,b")
    result = load_articles(tmp_path)
    assert [a.id for a in result.articles] == ["a", "c", "z"]
    assert result.problems == []
    assert [Path(o) for o in result.origins] == [
        tmp_path / "a.txt",
        tmp_path / "b" / "c.md",
        tmp_path / "b" / "z.txt",
    ]


def test_ids_from_the_same_file_name_in_two_folders_are_both_kept(tmp_path: Path) -> None:
    _write(tmp_path / "one" / "story.txt", "第一篇。")
    _write(tmp_path / "two" / "story.md", "第二篇。")
    result = load_articles([tmp_path / "one", tmp_path / "two", tmp_path / "one"])
    assert [(a.id, a.text) for a in result.articles] == [("story", "第一篇。"), ("two/story", "第二篇。")]
    assert not result.problems and result.named_by_file == {"story", "two/story"}


def test_duplicate_ids_given_in_the_data_keep_the_first_and_report_the_rest(tmp_path: Path) -> None:
    line = '{{"id": "x", "title": "t", "text": "{}"}}\n'
    _write(tmp_path / "one" / "a.jsonl", line.format("第一篇。"))
    _write(tmp_path / "two" / "a.jsonl", line.format("第二篇。"))
    result = load_articles([tmp_path / "one", tmp_path / "two"])
    assert [a.text for a in result.articles] == ["第一篇。"]
    (problem,) = result.problems
    assert problem.path.endswith("two/a.jsonl") and "duplicate article id 'x'" in problem.message


def test_problem_str() -> None:
    assert str(Problem("a/b.jsonl", 3, "bad")) == "a/b.jsonl:3: bad"
    assert str(Problem("a/b.txt", None, "bad")) == "a/b.txt: bad"


# --- layout repair ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        ("企业签\n\n约入驻。", "企业签约入驻。"),
        ("河南省市场监督管理局药品安全\n\n相关负责人表示,", "河南省市场监督管理局药品安全相关负责人表示,"),
        ("学习了全\n\n国工商联《通报》。", "学习了全国工商联《通报》。"),
        ("二七区将完\n\n整、准确", "二七区将完整、准确"),
        ("凝\n\n心铸魂;", "凝心铸魂;"),
        ("实施“双轮驱动”\n\n产业发展。", "实施“双轮驱动”产业发展。"),
        ("a hard-wrapped\nEnglish line", "a hard-wrapped English line"),
        ("第一段。\n\n第二段。", "第一段。\n第二段。"),
        ("他说:“好。”\n\n随后", "他说:“好。”\n随后"),
        ("会议要求:\n\n- 一项\n- 二项", "会议要求:\n- 一项\n- 二项"),
        ("贡献。记者 朱翔宇\n\n## 下一篇", "贡献。记者 朱翔宇\n## 下一篇"),
        ("贡献。记者 朱翔宇\n\n近日,另一件事。", "贡献。记者 朱翔宇\n近日,另一件事。"),
        ("正文没有句号\n\n记者 朱翔宇  \n通讯员 黎莉", "正文没有句号\n记者 朱翔宇\n通讯员 黎莉"),
        ("# 标题\n\n正文。", "# 标题\n正文。"),
        ("一、总体要求\n\n要坚持。", "一、总体要求\n要坚持。"),
        ("标题行\n\n本报讯 近日,", "标题行\n本报讯 近日,"),
        # a date on its own line (under a title) starts no paragraph
        ("2025年6月12日\n\n6月11日上午，演练举行。", "2025年6月12日\n6月11日上午，演练举行。"),
        ("2025年6月12日 星期四\n演练举行。", "2025年6月12日 星期四\n演练举行。"),
        ("June 3, 2025\nConstruction began.", "June 3, 2025\nConstruction began."),
        # a number broken across lines in Chinese text is one number; in English, two
        ("全市GDP达到1.3\n5万亿元，同比增长6.\n2%。", "全市GDP达到1.35万亿元，同比增长6.2%。"),
        ("the city had 12\n3 new parks", "the city had 12 3 new parks"),
        # a word hyphenated at the line end is one word, hyphen kept (only whitespace ever changes)
        ("a turning point for the environ-\nment", "a turning point for the environ-ment"),
        ("the event was well-\nKnown", "the event was well- Known"),
    ],
)
def test_repair_layout_examples(broken: str, repaired: str) -> None:
    assert repair_layout(broken) == repaired


_PIECES = st.sampled_from(
    ["签", "约入驻", "。", ",", "，", ";", "”", "“", ")", "记者 朱翔宇", "通讯员", " 刘聪", "## 标题", "# "]
    + ["###", "一、", "- ", "1.", "本报讯", "AI", "word", "42", "【", "】", " ", "  ", "\u3000", "\t", "\n"]
    + ["\n\n", "\r\n", "\r"]
)
_LAYOUT_TEXT = st.one_of(st.lists(_PIECES, max_size=40).map("".join), st.text(max_size=200))


@settings(max_examples=300, deadline=None)
@given(_LAYOUT_TEXT)
def test_repair_layout_is_idempotent(text: str) -> None:
    once = repair_layout(text)
    assert repair_layout(once) == once


@settings(max_examples=300, deadline=None)
@given(_LAYOUT_TEXT)
def test_repair_layout_only_changes_whitespace(text: str) -> None:
    assert "".join(repair_layout(text).split()) == "".join(text.split())


# --- writing and benchmarks ------------------------------------------------------------------------------


def test_write_jsonl_round_trips_and_leaves_no_temp_file(tmp_path: Path) -> None:
    articles = [
        Article("a", "标题", "正文。", "--01-12", "x.txt", None, ("朱翔宇",), "副题"),
        Article("b", "", "b", source="s"),
    ]
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "c.jsonl"
    write_jsonl(articles, target)
    write_jsonl(articles, target)  # replacing an existing file works too
    raw = target.read_text(encoding="utf-8")
    assert "朱翔宇" in raw and raw.count("\n") == 2
    assert load_articles(target).articles == articles
    assert sorted(p.name for p in target.parent.iterdir()) == ["c.jsonl"]


def test_write_jsonl_creates_no_folders_and_names_the_path_not_its_temp_file(tmp_path: Path, monkeypatch) -> None:
    articles = [Article("a", "", "正文。")]
    with pytest.raises(IngestError, match="new/c.jsonl: .*new does not exist"):
        write_jsonl(articles, tmp_path / "new" / "c.jsonl")
    assert not (tmp_path / "new").exists()
    with pytest.raises(IngestError, match="one of the input files"):
        write_jsonl(articles, tmp_path / "in.jsonl", inputs=[tmp_path / "." / "in.jsonl"])

    def replace(src: str, dst: object) -> None:
        raise IsADirectoryError(21, "Is a directory", src)

    monkeypatch.setattr("os.replace", replace)
    with pytest.raises(IsADirectoryError) as exc:
        write_jsonl(articles, tmp_path / "c.jsonl")
    assert exc.value.filename == str(tmp_path / "c.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_load_squad_returns_questions_linked_to_paragraphs(tmp_path: Path) -> None:
    squad = {
        "data": [
            {
                "title": "T",
                "paragraphs": [
                    {
                        "context": "光荣和ω-force合作开发。",
                        "qas": [
                            {
                                "id": "Q1",
                                "question": "谁开发的？",
                                "answers": [{"text": "光荣", "answer_start": 0}],
                            },
                            {"id": "Q2", "answers": []},
                        ],
                    }
                ],
            }
        ]
    }
    problems: list[Problem] = []
    articles, questions = load_squad(_write(tmp_path / "b.json", json.dumps(squad)), problems)
    assert [a.id for a in articles] == ["b-0-0"]
    assert [(q.id, q.question, q.answers, q.article_id) for q in questions] == [
        ("Q1", "谁开发的？", ["光荣"], "b-0-0")
    ]
    assert [p.message for p in problems] == ["data[0].paragraphs[0].qas[1]: missing 'question'; question skipped"]


def test_load_squad_skips_questions_whose_answers_are_missing_or_malformed(tmp_path: Path) -> None:
    qas = [{"id": "none", "question": "谁？"}, {"id": "str", "question": "谁？", "answers": "光荣"},
           {"id": "notext", "question": "谁？", "answers": [{"answer_start": 0}]},
           {"id": "empty", "question": "谁？", "answers": []},
           {"id": "impossible", "question": "谁？", "is_impossible": True, "plausible_answers": [{"text": "光荣"}]}]
    squad = {"data": [{"paragraphs": [{"context": "光荣和ω-force合作开发。", "qas": qas}]}]}
    problems: list[Problem] = []
    _, questions = load_squad(_write(tmp_path / "b.json", json.dumps(squad)), problems)
    assert [(q.id, q.answers) for q in questions] == [("empty", []), ("impossible", [])]  # unanswerable
    assert [p.message for p in problems] == [
        "data[0].paragraphs[0].qas[0]: missing 'answers'; question skipped",
        "data[0].paragraphs[0].qas[1]: 'answers' must be a list of {\"text\": …} objects; question skipped",
        "data[0].paragraphs[0].qas[2]: no answer has a 'text'; question skipped",
    ]


def test_load_squad_on_the_cmrc_trial_benchmark() -> None:
    if not BENCHMARK.exists():
        pytest.skip(f"benchmark not found at {BENCHMARK}")
    articles, questions = load_squad(BENCHMARK)
    assert len(articles) == 256 and len(questions) == 1002
    by_id = {a.id: a for a in articles}
    raw = json.loads(BENCHMARK.read_text(encoding="utf-8"))
    first = raw["data"][0]["paragraphs"][0]["qas"][0]
    answer = first["answers"][0]
    context = by_id[questions[0].article_id].text
    assert context[answer["answer_start"] :].startswith(answer["text"])


def test_ingest_result_defaults_are_independent() -> None:
    first, second = IngestResult(), IngestResult()
    first.problems.append(Problem("a", None, "b"))
    assert second.problems == []
