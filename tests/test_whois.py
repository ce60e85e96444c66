"""Who is someone named: the title the archive gives them is the short answer, never another name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.index import Index
from qa.question import analyse
from qa.whois import subjects, title_of
from tests.test_index import write_corpus


@pytest.mark.parametrize(
    ("question", "names"),
    [("樊惠林是谁？", ["樊惠林"]), ("谁是高留念？", ["高留念"]), ("申红涛担任什么职务？", ["申红涛"]),
     ("樊惠林是誰？", ["樊惠林"]), ("Who is 樊惠林?", ["樊惠林"]), ("伊恩·法兰明是谁？", ["伊恩·法兰明"]),
     # a title, or a phrase, asks for the person holding it, not what they are
     ("二七区委书记是谁？", []), ("克伦贝格尔的妻子是谁？", []), ("占士·邦的创造者是谁？", []),
     ("魔岩唱片创立人是谁？", []),
     ("樊惠林在会上提出了什么？", []), ("Who is the mayor?", [])],
)
def test_a_who_is_question_names_its_subject(question, names):
    assert list(subjects(analyse(question))) == names


def test_an_english_question_names_its_subject_through_the_bridge():
    question = replace(analyse("Who is Fan Huilin?"), terms=("樊惠林", "二七区"))
    assert subjects(question) == ("樊惠林",)
    # a title asks for its holder, even when a place's term starts like a surname (金水区)
    for asked in ("Who is the Party secretary of Jinshui District?", "Who is Party secretary of Jinshui District?"):
        assert subjects(replace(analyse(asked), terms=("书记", "金水区", "金水"))) == (), asked


@pytest.mark.parametrize(
    ("sentence", "title"),
    [("二七区委书记樊惠林,区领导虎荣鑫、王泽文参加。", "二七区委书记"),
     ("二七区委常委、宣传部长樊惠林出席并讲话。", "二七区委常委、宣传部长"),  # the offices listed before it
     ("樊惠林,二七区委书记,出席会议。", "二七区委书记"),
     ("培训班上,郑州大学樊惠林教授为大家做专题培训。", "郑州大学樊惠林教授"),
     ("记者 樊惠林", "记者"),
     ("樊惠林提出,要赓续工人阶级政治本色。", None),  # named, but given no title
     ("区领导虎荣鑫、樊惠林参加。", None)],
)
def test_the_title_given_to_the_person_asked_about(sentence, title):
    span = title_of(analyse("樊惠林是谁？"), sentence)
    assert (sentence[span.start : span.end] if span else None) == title


ARTICLES = [
    {"id": "union", "title": "二七区工会第五次代表大会举行",
     "text": "二七区工会第五次代表大会举行。樊惠林提出,要赓续工人阶级政治本色。二七区委书记樊惠林,"
             "区领导虎荣鑫、王传胜参加。"},
    {"id": "court", "title": "二七区再添5个五星规范化司法所",
     "text": "金水源司法所、京广路司法所荣获命名。2023年累计调解矛盾纠纷5920起。"},
]


@pytest.mark.parametrize("question", ["樊惠林是谁？", "Who is 樊惠林?"])
def test_who_someone_is_is_answered_with_their_title_not_another_name(tmp_path, fake, question):
    index = Index.build([write_corpus(tmp_path / "corpus", ARTICLES)], folder=tmp_path / "idx", model="fake")
    answer = index.ask(question)
    assert answer.citations[0].quote == "二七区委书记樊惠林,区领导虎荣鑫、王传胜参加。"
    assert answer.short_answer == "二七区委书记"
