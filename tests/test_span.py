"""Short answers: hand-made sentences of each kind, and the verbatim guarantee of the span."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.question import analyse, question_kind
from qa.span import (
    SpanCandidate,
    aligned_norm,
    covered,
    distance_to_question,
    gap_to_question,
    list_core,
    noun_before_wh,
    scored_spans,
    scored_spans_of,
    short_answer,
    span_candidates,
    with_equivalent,
)
from qa.span import scoring as span_scoring
from qa.span.choices import _most_of_several, _of_the_kind_asked
from qa.span.edits import (
    _balanced,
    _before_holder,
    _before_particle,
    _only_the_year,
    _past_asked,
    _whole_name,
    _with_numeral,
    _with_year,
)
from qa.span_en import english_short_answer


def span_at(sentence: str, text: str, source: str = "test") -> SpanCandidate:
    """The candidate over the first ``text`` in ``sentence``."""
    start = sentence.index(text)
    return SpanCandidate(start, start + len(text), source)


def answer(question: str, sentence: str) -> str | None:
    span = short_answer(analyse(question), sentence)
    return None if span is None else sentence[span.start : span.end]


GROWTH = "2023年全区生产总值完成1856.3亿元，增长5.8%；一般公共预算收入完成98.6亿元，增长7.2%。"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("二七区有几家三甲医院？", "二七区拥有优质的医疗资源，已有9家三甲医院、723家医疗机构。", "9家"),  # number
        # date (a bare "会议于…在北京举行。" is now quoted whole: the whole short sentence edges out the date)
        ("会议于何时举行？", "会议于2024年1月10日在北京举行，来自全国的300多名代表参加。", "2024年1月10日"),
        ("二七区宣传工作会议在哪一天举行？", "1月10日，二七区宣传思想文化工作会议在区行政中心举行。", "1月10日"),
        ("谁宣布解散政府？", "2009年3月17日，马克·拉瓦卢马纳纳宣布解散政府。", "马克·拉瓦卢马纳纳"),  # name
        ("该公司去年营收多少？", "该公司去年营收达到3.5亿元，同比增长12%。", "3.5亿元"),  # magnitude + unit
        # a count written after its noun, or one of a list of counts
        ("新增的企业中有多少家服务业企业？", "全区新增企业90家，其中工业企业23家、服务业企业41家。", "41家"),
        ("新院区设置了多少张床位？", "新院区总投资9.2亿元，设置床位800张、医护人员1200名。", "800张"),
        ("艺文季今年共规划多少场演出？", "今年艺文季共规划演出62场、市集摊位180摊、亲子工作坊24场。", "62场"),
        # the question's words before the wh-word recur twice: the clause that repeats more of them
        ("金水区2023年生产总值增长了多少？", GROWTH, "5.8%"),
        ("金水区一般公共预算收入增长了多少？", GROWTH, "7.2%"),
        # a sum when the question implies one; dates with the part of the year; a time taken; sets
        ("基地要投多少钱？", "最大项目为封装基地，总投资23亿元，计划建设厂房15.2万平方米。", "23亿元"),
        ("二期用地预计什么时候交付？", "园区二期用地1,350亩已完成征收，预计2025年上半年交付使用。", "2025年上半年"),
        ("冠军跑了多长时间？", "肯尼亚选手以2小时09分17秒的成绩夺冠。", "2小时09分17秒"),
        ("展览一共展出了多少件文物？", "展览共展出文物236件（套），其中一级文物11件。", "236件（套）"),
    ],
)
def test_short_answer_of_each_kind(question, sentence, expected):
    assert answer(question, sentence) == expected


@pytest.mark.parametrize(
    ("terms", "expected"),
    [(("三甲医院", "二七区"), "9家"), (("医疗机构", "二七区"), "723家"), (("医养结合机构",), "6个"),
     (("床位", "二七区"), "800张")],
)
def test_an_english_count_is_the_one_followed_by_what_the_question_counts(terms, expected):
    question = replace(analyse("How many of them does Erqi District have?"), terms=terms)
    sentence = "二七区拥有优质的医疗资源，已有9家三甲医院、723家医疗机构、6个医养结合机构，设置床位800张。"
    span = short_answer(question, sentence)
    assert span is not None and sentence[span.start : span.end] == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [("二七区的医疗机构有多少家？", "723家"), ("医养结合机构有几个？", "6个"), ("二七区的三甲医院有几家？", "9家"),
     ("二七区有几家三甲医院？", "9家"), ("二七区床位共有多少张？", "800张")],
)
def test_a_chinese_count_of_what_the_question_names_before_its_wh_word(question, expected):
    """医疗机构有多少家: what is counted stands before the wh-word; the count next to it answers, not the first."""
    sentence = "二七区拥有优质的医疗资源，已有9家三甲医院、723家医疗机构、6个医养结合机构，设置床位800张。"
    assert answer(question, sentence) == expected


@pytest.mark.parametrize(
    ("question", "noun"),
    [("二七区的医疗机构有多少家？", "医疗机构"), ("参会代表一共有多少名？", "参会代表"),
     ("參會人數達到多少？", "参会人数"), ("二七区有多少家？", ""), ("二七区有几家三甲医院？", ""),
     ("会议什么时候举行？", "")],
)
def test_what_a_count_counts_before_its_wh_word(question, noun):
    assert noun_before_wh(analyse(question)) == noun


def test_an_english_count_comes_from_the_clause_that_repeats_most_of_the_question():
    question = replace(analyse("How many companies hold the national 'little giant' title?"),
                       terms=("企业", "公司", "小巨人", "称号", "全国"))
    sentence = ("截至目前，二七区荣获国家“专精特新小巨人”称号企业3家，河南省“专精特新”中小企业21家，"
                "郑州市“专精特新”中小企业52家。")
    span = short_answer(question, sentence)
    assert span is not None and sentence[span.start : span.end] == "3家"


@pytest.mark.parametrize(
    ("span", "items"),
    [("分别通往胡志明、林查班、巴生、雅加达", "胡志明、林查班、巴生、雅加达"),  # a lead of adverbs
     ("建立了以生物药、化学药、体外诊断、中药等为主体的产业体系", "生物药、化学药、体外诊断、中药"),  # 等 closes it
     ("金水源司法所、京广路司法所、大学路司法所荣获命名", "金水源司法所、京广路司法所、大学路司法所"),  # shared ending
     ("虎荣鑫、王泽文、王传胜参加", "虎荣鑫、王泽文、王传胜"),  # a closing verb
     # kept whole: a last item that is a verb-noun or two items joined, a 等 a noun follows (some of them), a
     # 的 (of the last item, or of them all?), a verb of the first item, a title, items with no lead or tail
     ("农民丰收市集、花海马拉松、非遗展演", "农民丰收市集、花海马拉松、非遗展演"),
     ("嘴唇红肿、口舌干燥、腹泻和呕吐", "嘴唇红肿、口舌干燥、腹泻和呕吐"),
     ("通信卫星、气象卫星、导航卫星和载人航天器", "通信卫星、气象卫星、导航卫星和载人航天器"),
     ("蒙古、伊朗、内蒙古、新疆等地", "蒙古、伊朗、内蒙古、新疆等地"),
     ("马来西亚、新加坡的森林", "马来西亚、新加坡的森林"),
     ("感冒发热、疟疾、蛇虫咬伤", "感冒发热、疟疾、蛇虫咬伤"),
     ("《黄河大合唱》、《我的祖国》", "《黄河大合唱》、《我的祖国》"),
     ("北京大学、清华大学、复旦大学", "北京大学、清华大学、复旦大学")],
)
def test_a_list_answer_is_its_items(span, items):
    core = list_core(aligned_norm(span), SpanCandidate(0, len(span), "list"))
    assert span[core.start : core.end] == items


PORT = "今年1至8月，港口累计完成集装箱吞吐量286.5万标准箱，同比增长12.4%；完成货物吞吐量1.12亿吨，同比增长6.8%。"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [("今年前8个月港口的集装箱吞吐量有多少？", PORT, "286.5万"), ("货物吞吐量同比增长了多少？", PORT, "6.8%"),
     ("2024年全县纠纷调解成功率是多少？", "2024年全县成功调解纠纷2980起，纠纷调解成功率95.5%。", "95.5%")],
)
def test_a_chinese_how_much_question_takes_the_amount_unless_it_asks_a_change_or_a_rate(question, sentence, expected):
    assert answer(question, sentence) == expected


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [("五星规范化司法所的命名决定是由哪个部门印发的？",
      "本报讯 近日，江州省司法厅印发决定，命名312个2023年“江州省五星规范化司法所”，临溪区桂花司法所、"
      "翠竹司法所荣获命名。", "江州省司法厅"),
     ("该公司是在哪一批名单中入选的？", "据了解，在此前公布的2023年第一批省级中小企业名单中，该公司入选。",
      "2023年第一批")],
)
def test_which_department_or_batch_is_answered_by_one(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_an_english_how_many_question_takes_a_count_not_the_share_beside_it():
    question = replace(analyse("How many new-energy buses has Jiangzhou added?"), terms=("新", "能源", "汽车"))
    sentence = "今年以来，全市新增新能源公交车1,250辆，新能源公交车占比提升至96.5%。"
    span = short_answer(question, sentence)
    assert span is not None and sentence[span.start : span.end] == "1,250辆"


def test_an_english_who_question_takes_the_name_after_the_title_it_asks_about():
    question = replace(analyse("Who is the Party secretary of Jinshui District?"), terms=("书记", "金水区", "金水"))
    sentence = "区长郭振宇代表区政府作工作报告，区委书记马海涛出席会议。"
    span = short_answer(question, sentence)
    assert span is not None and sentence[span.start : span.end] == "马海涛"


def test_traditional_question_over_simplified_sentence_keeps_the_article_script():
    assert answer("二七區目前有幾間三甲醫院？", "二七区已有9家三甲医院、723家医疗机构。") == "9家"


def test_list_items_are_a_candidate():
    question = analyse("郑州市有哪些签约企业？")
    sentence = "签约企业包括甲公司、乙公司和丙公司。"
    norm = aligned_norm(sentence)
    texts = {sentence[c.start : c.end] for c in span_candidates(sentence, norm, question, covered(norm, question))}
    assert "甲公司、乙公司和丙公司" in texts
    found = answer("郑州市有哪些签约企业？", sentence)
    assert found is None or found in sentence


@pytest.mark.parametrize(
    ("question", "sentence", "formula"),
    [
        ("金水区有几家司法所？", "本报讯 近日,河南省司法厅命名609个司法所。", "本报讯"),
        ("数据中心设在哪栋楼？", "会上,河南省药交天下数据中心揭牌。", "会上"),
        ("名单中有哪些企业？", "据了解,名单中有甲公司。", "据了解"),
    ],
)
def test_news_formulas_are_never_a_short_answer(question, sentence, formula):
    assert formula not in candidate_texts(question, sentence)


def candidate_texts(question: str, sentence: str) -> set[str]:
    q = analyse(question)
    norm = aligned_norm(sentence)
    return {sentence[c.start : c.end] for c in span_candidates(sentence, norm, q, covered(norm, q))}


@pytest.mark.parametrize(
    ("question", "sentence", "wanted"),
    [
        # Traditional measure words and units are matched in the normalised view, quoted in the original.
        ("沒有管理的區域有多少？", "全區有4個鄉鎮以及25個無管理區域。", "25個"),
        ("台北港特定區有多大？", "台北港特定區位於八里一帶，約1138公頃土地。", "約1138公頃"),
        ("該標誌獲得第幾名？", "該標誌被評為第三名。", "第三名"),
        ("這是第幾張專輯？", "這是他們的第20張原創專輯。", "第20張"),
        ("多久換一次球？", "所以規定每9局比賽需換一批新球。", "每9局"),
        ("大屠殺發生於哪一年？", "1349年2月14日，史特拉斯堡發生了大屠殺。", "1349年"),
        # one item of a list, the phrase after a copula, a name next to its title
        ("哪一阶级排倒数第二？", "社会分为酋长、上层阶级、中层阶级及下层阶级。", "中层阶级"),
        ("赢家是哪个政党？", "这次大选的赢家是基民盟", "基民盟"),
        ("在会议上讲话的宣传部长是谁？", "二七区委常委、宣传部长申红涛出席并讲话。", "申红涛"),
        # a magnitude keeps the unit after it; a name that opens a run of new words
        ("营收多少？", "去年营收1.2万亿元。", "1.2万亿元"),
        ("有多少人？", "共有3000多万人参加。", "3000多万人"),
        ("《遊子吟》的作者是誰?", "孟郊任溧陽尉時作有千古名篇《遊子吟》。", "孟郊"),
        # Names and places no punctuation or question word delimits: word runs of the segmenter.
        ("香港輔助警察隊總部位於何處?", "部份香港政府機關在九龍灣設置總部，包括香港輔助警察隊總部。", "九龍灣"),
        ("西雙版納的東南方與哪一個國家比鄰?", "州境北面與普洱市毗鄰，東南與寮國接壤。", "寮國"),
        ("花垣縣為哪一個自治州下轄的一個縣?", "花垣縣是湘西土家族苗族自治州下轄的一個縣。", "湘西土家族苗族自治州"),
        # a list without the verb before it or the tally after it; names quoted one after another
        ("设了哪几个专区？", "招聘会设置了高校毕业生、退役军人和残疾人三个专区。", "高校毕业生、退役军人和残疾人"),
        ("展览分成哪几个单元？", "展览分为“窑火初燃”“青白争辉”“瓷行天下”三个单元。", "“窑火初燃”“青白争辉”“瓷行天下”"),
        ("这件事发生在民国哪一年？", "民國26年上半年，該部集中兵力。", "民國26年"),
        # a comma between digits groups them: the clause and the count run on past it
        ("这种草生长在什么地方？", "它分布于华北各地，生长于海拔300米至1,850米的山坡，常见于路旁。",
         "生长于海拔300米至1,850米的山坡"),
        ("体育场能容纳多少人？", "新体育场可以容纳12,480名观众，于去年落成。", "12,480名观众"),
    ],
)
def test_the_answer_is_among_the_candidates(question, sentence, wanted):
    assert wanted in candidate_texts(question, sentence)


def test_only_the_year_only_when_a_year_is_asked():
    assert "2024年" not in candidate_texts("会议于何时举行？", "会议于2024年1月10日在北京举行。")


@pytest.mark.parametrize(
    ("question", "left", "right"),
    [("区委书记今年多大年纪？", "区委书记今年", "年纪"),
     ("这是该区工会的第几次代表大会？", "这是该区工会", "代表大会")],
)
def test_wh_anchors_of_how_big_and_ordinal_questions(question, left, right):
    q = analyse(question)
    assert (q.left, q.right) == (left, right)


@pytest.mark.parametrize(
    ("question", "kind"),
    [("二七区有几家三甲医院？", "number"), ("会议何时举行？", "date"), ("谁是区长？", "person"),
     ("公司有哪些产品？", "list"), ("接驳线路是哪几条？", "list"), ("首席预报员叫什么名字？", "person"),
     ("这座桥叫什么名字？", "what"), ("为什么要改革？", "reason"), ("Who chaired the meeting?", "person"),
     ("How many hospitals are there?", "number"), ("When was it held?", "date"),
     ("角的几何学定义为哪一个？", "which"), ("好几次报道此事的是哪家报纸？", "which"),
     ("他几乎获得了哪些奖项？", "list"), ("每10平方公里有几十人？", "number"),
     ("Which deputy director briefed reporters?", "person"), ("Which district has the most hospitals?", "which")],
)
def test_question_kind(question, kind):
    assert question_kind(analyse(question).norm) == kind


def test_span_is_verbatim_and_never_the_whole_sentence():
    for question, sentence in [("这部小说的作者是谁？", "这部小说的作者是著名作家鲁迅。"),
                               ("为什么要改革？", "因为旧制度已经无法适应新的形势。")]:
        span = short_answer(analyse(question), sentence)
        if span is not None:
            assert 0 <= span.start < span.end <= len(sentence)
            assert sentence[span.start : span.end].strip() == sentence[span.start : span.end]
            assert (span.start, span.end) != (0, len(sentence.rstrip("。")))


def test_width_and_script_folding_keeps_offsets():
    sentence = "二七區有９家醫院。"
    assert len(aligned_norm(sentence)) == len(sentence)


def test_head_phrase_is_a_candidate():
    """哪一个频道 asks for a phrase ending in 频道: the whole name is a candidate, not just a fragment."""
    question = analyse("中央电视台高清影视频道自2008年起转型为哪一个频道？")
    sentence = "该频道于2008年起转型为中央电视台高清综合频道。"
    norm = aligned_norm(sentence)
    cands = span_candidates(sentence, norm, question, covered(norm, question))
    assert "中央电视台高清综合频道" in {sentence[c.start : c.end] for c in cands}


@pytest.mark.parametrize(
    ("question", "measure"),
    [("二七区有几家三甲医院？", "家"), ("工会代表大会有多少名代表参加？", "名"), ("二七區有幾間三甲醫院？", "间"),
     ("会议何时举行？", ""), ("How many hospitals are there?", "")],
)
def test_measure_word_of_a_count(question, measure):
    assert analyse(question).measure == measure


@pytest.mark.parametrize(
    ("question", "quantity"),
    [("二七区为产业园安排了多少财政预算？", "money"), ("该公司去年的營業額是多少？", "money"),
     ("区委书记今年多大年纪？", "age"), ("他几岁时中了举人？", "age"), ("调解的成功率是多少？", "percent"),
     ("产值相差百分之多少？", "percent"), ("二七区对产业园投资了多少亿元？", "money"), ("门票几元？", "money"),
     ("What was the total investment value of the contracts?", "money"),
     ("How old was the author?", "age"), ("What success rate did the offices achieve?", "percent"),
     # a count, a date, or a money word that is not what is asked for: no implied amount
     ("二七区有几家三甲医院？", ""), ("越南投资发展银行创立的时间是什么时候？", ""),
     ("阿森松島的主要收入來源是什麼?", ""),
     # how much a sum changed: a sum or a share answers it
     ("全区生产总值增长多少？", ""), ("2024年生产总值增长目标是多少？", ""), ("营业收入比上年增加了多少？", ""),
     ("By how much did revenue grow?", ""),
     ("生产总值的增长率是多少？", "percent"),
     ("How many delegates attended the congress?", "")],
)
def test_amount_a_question_implies(question, quantity):
    assert analyse(question).quantity == quantity


def test_a_sentence_states_the_implied_amount_in_either_script():
    from qa.question import states_quantity

    assert states_quantity("money", "耗资5亿日圓。") and states_quantity("money", "It cost $4 million.")
    assert not states_quantity("money", "已有9家三甲医院、723家医疗机构。")
    assert states_quantity("age", "16歲的托爾金搬進宿舍。") and not states_quantity("age", "二七区委书记樊惠林参加。")
    assert states_quantity("percent", "成功率97.5%。") and states_quantity("percent", "僅占西藏總面積的五分之一。")
    assert not states_quantity("percent", "累计调解矛盾纠纷5920起。")
    assert states_quantity("", "任何句子都可以。")


def test_measure_match_needs_a_numeral_before_the_unit():
    from qa.features import has_measure

    question = analyse("工会代表大会有多少名代表参加？")
    assert has_measure(question, "来自全区的190名代表参加会议。")
    assert has_measure(question, "共有三百余名代表。")
    assert not has_measure(question, "大会选举产生了新一届委员会，名单另发。")


@given(st.lists(st.booleans(), max_size=40), st.data())
def test_gap_to_the_question_matches_brute_force(mask, data):
    # empty spans too, also at the very end (a sentence trimmed to nothing)
    start = data.draw(st.integers(0, len(mask)))
    end = data.draw(st.integers(start, len(mask)))
    hits = [i for i, m in enumerate(mask) if m]
    brute = min((min(abs(i - start), abs(i - (end - 1))) for i in hits), default=len(mask))
    assert gap_to_question(mask, start, end) == brute
    assert gap_to_question(mask, start, end, distance_to_question(mask)) == brute


def test_word_runs_never_open_or_close_on_a_function_word_nor_cross_punctuation():
    sentence = "部份香港政府機關在九龍灣設置總部，包括香港輔助警察隊總部。"
    norm = aligned_norm(sentence)
    q = analyse("香港輔助警察隊總部位於何處?")
    runs = [c for c in span_candidates(sentence, norm, q, covered(norm, q)) if c.source == "words"]
    assert runs
    for c in runs:
        text = sentence[c.start : c.end]
        assert text[0] not in "在，" and text[-1] not in "在，", text
        assert "，" not in text


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("Line 7 has how many stations?", "It opened Line 7, adding 26.3 kilometres and 21 stations.", "21 stations"),
        ("How many new electric buses entered service?", "It put 120 new electric buses and 30 trams into service.",
         "120 new electric buses"),
        ("How many trams entered service?", "It put 120 new electric buses and 30 trams into service.", "30 trams"),
        ("How many volunteers joined?", "More than 1,200 volunteers joined the cleanup.", "1,200 volunteers"),
        ("How much did the line cost?", "The project cost 21.4 billion yuan, the company said.", "21.4 billion yuan"),
        ("By what percentage did output grow?", "It made 586,000 vehicles in 2023, up 12.4 percent.", "12.4 percent"),
        ("When did Line 7 open?", "ZHENGZHOU, Dec 28 -- Zhengzhou opened Metro Line 7 on Thursday.", "Dec 28"),
        ("What was the total value of trade?", "Trade rose 7.4 percent to 386.2 billion yuan.", "386.2 billion yuan"),
        # what is counted named in other words: the one plain number
        ("How many TEUs did the port handle?", "It handled 6,215,000 twenty-foot equivalent units, up 5.8 percent.",
         "6,215,000"),
        # a name: the one nearest the question's words, without its title; not a place's or a body's
        ("Who opened the line?", "Mayor He Xiong opened the line on Thursday.", "He Xiong"),
        ("Who is the deputy director of the customs bureau?",
         '"Exports grew fastest," said Wang Lin, deputy director of the Haicheng customs bureau.', "Wang Lin"),
        ("Who chaired the meeting?", "The meeting was held in Zhongmu County on Monday.", None),
        ("Who is the county magistrate?", "Output will grow, said Li Jianping, Party secretary of the county.", None),
        # of two of the kind, the one among the question's words; if none stands out, the sentence stands alone
        ("By how much will the extension cut commutes?", "It will cut commute times by 35 percent and reduce car "
         "trips by about 18%.", "35 percent"),
        ("How many riders a day will it carry?", "It will add 11 stations and is expected to carry about 215,000 "
         "passengers a day.", "215,000"),
        ("How many stations are there?", "Line 7 has 21 stations and Line 8 has 30 stations.", None),
        # numbers that name or time are no count
        ("How many centres are in the group?", "I left at 6:30, said a nurse at No. 1 People's Hospital.", None),
        ("How many routes use the bridge?", "Four routes — Nos. 18, 26 and 103 — use it, the Line 3 too.", None),
        ("Why did the line open late?", "Mayor He Xiong opened the line on Thursday.", None),
    ],
)
def test_an_english_short_answer_is_a_typed_span(question, sentence, expected):
    span = english_short_answer(analyse(question), sentence)
    assert (None if span is None else sentence[span.start : span.end]) == expected


TWO_DISTRICTS = ("其中，松園區全年騎乘量為312萬人次，區內共設有租賃站點186處；"
                 "楓林區全年騎乘量為268萬人次，區內共設有租賃站點152處。")
TWO_YEARS = "教育方面，去年全区新建中小学三所，新增学位4200个，而2023年新增学位为2600个。"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("松園區設有幾處租賃站點？", TWO_DISTRICTS, "186處"),  # the stretch about the district asked
        ("楓林區全年騎乘量是多少人次？", TWO_DISTRICTS, "268萬人次"),
        # a count before any district is the whole's; a district's own follows it in a list
        ("南湖区整治了几处黑臭水体？", "全市共整治黑臭水体15处，其中北塘区4处、南湖区6处、西山区3处。", "6处"),
        ("全市整治了几处黑臭水体？", "全市共整治黑臭水体15处，其中北塘区4处、南湖区6处、西山区3处。", "15处"),
        ("2023年新增学位多少个？", TWO_YEARS, "2600个"),  # the stretch about the year asked
        ("去年新增学位多少个？", TWO_YEARS, "4200个"),
        # a year compared with is no stretch of its own: the growth is 2023's
        ("2023年生产总值增长了多少？", "2023年全区生产总值比2022年增长5.8%。", "5.8%"),
    ],
)
def test_a_count_comes_from_the_stretch_about_the_place_or_year_asked(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_a_relative_year_is_the_year_it_stands_for_in_its_article():
    question = analyse("槐安区2024年新增了多少个学位？")
    for date, expected in (("2025-03-17", "4200个"), ("2024-03-17", "2600个")):  # 去年 is 2024, or 2023
        sentence = TWO_YEARS.replace("2023年", "2023年" if date.startswith("2025") else "2024年")
        span = short_answer(question, sentence, None, date)
        assert sentence[span.start : span.end] == expected


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # the date whose clause goes on to the question's verb, not the report's or the meeting's
        ("马拉松哪天开跑？", "9月4日，记者从马拉松新闻发布会上获悉，本届赛事将于11月16日鸣枪开跑。", "11月16日"),
        ("各街道在什么时间之前完成主体施工？", "副区长在8月29日的推进会上要求，各街道要在11月30日前完成主体施工。",
         "11月30日"),
        # a date put first owns the clause after its comma
        ("他是何时取得学士学位的？", "1970年，他在师范大学取得学士学位，1975年在美国取得硕士学位。", "1970年"),
    ],
)
def test_a_when_question_s_date_is_the_one_its_verb_follows(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_a_date_question_s_year_is_no_stretch():
    """2003年以及哪一年 asks for the other year: the year named in the question marks nothing."""
    sentence = "卡加梅在2003年的总统选举中获胜，并在2010年再次当选。"
    assert answer("卡加梅在2003年以及哪一年的选举中获胜？", sentence) != "2003年"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("哪几个街道先试点？", "并在桂花、翠竹、滨江三个街道试点开展家庭养老床位服务。", "桂花、翠竹、滨江"),
        ("专家去了哪几个镇？", "专家分成6个小组，深入白沙、石桥、柳河、青石四个镇开展活动。", "白沙、石桥、柳河、青石"),
        ("旅游节期间安排了哪些主题活动？", "旅游节期间将陆续举办农民丰收市集、花海马拉松、非遗展演等12项主题活动。",
         "农民丰收市集、花海马拉松、非遗展演"),  # 等 closes some of the twelve
    ],
)
def test_a_tally_after_a_list_says_where_its_names_end(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_a_tally_that_does_not_count_the_items_makes_no_list():
    from qa.span import SpanCandidate, aligned_norm
    from qa.span.candidates import _counted_list

    norm = aligned_norm("并在桂花、翠竹、滨江五个街道试点。")
    assert _counted_list(norm, SpanCandidate(0, norm.index("五"), "list")) is None


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # the part after 其中 when the question names it, the whole when it does not
        ("新增的养老床位里，护理型的有多少张？", "去年新增养老床位620张，其中护理型床位410张。", "410张"),
        ("去年新增了多少张养老床位？", "去年新增养老床位620张，其中护理型床位410张。", "620张"),
        # one part of a list of parts
        ("高级班招了多少新生？", "共招收新生2860人，其中中级班1730人、高级班1130人。", "1130人"),
        ("中级班招了多少新生？", "共招收新生2860人，其中中级班1730人、高级班1130人。", "1730人"),
        ("今年共招了多少新生？", "共招收新生2860人，其中中级班1730人、高级班1130人。", "2860人"),
        # what a thing is called: the quoted name given with it, not a quoted owner (《经济学人》的专栏)
        ("市税务局接下来要开展的专项行动叫什么？", "下一步将持续开展“春雨润苗”专项行动。", "春雨润苗"),
    ],
)
def test_a_part_s_count_and_a_quoted_name(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_a_quoted_owner_is_not_the_name_asked():
    sentence = "时至今日，《经济学人》的金融专栏仍名为“梧桐树专栏”。"
    assert answer("《经济学人》的金融专栏名字是什么？", sentence) != "经济学人"


def test_a_byline_s_names_answer_only_who_reported():
    sentence = "本报讯（记者 吴浩然 通讯员 林小燕）记者从市交通运输局获悉，凤栖河大桥工程已完成施工招标。"
    assert answer("凤栖河大桥是由哪家企业中标施工的？", sentence) not in ("林小燕", "吴浩然")
    assert answer("这篇报道的通讯员是谁？", sentence) == "林小燕"


def test_spans_of_several_sentences_score_as_each_alone():
    """The re-ranker scores its sentences' spans in one call of the model: the same scores and order as one
    sentence at a time, and each sentence kept for the short answer's later look-up."""
    q = analyse("二七区有几家三甲医院？")
    sentences = ["目前二七区有三甲医院9家，二级医院12家。", "二七区位于郑州市西南部。", "全区共有卫生室86个。"]
    together = scored_spans_of(q, sentences + sentences[:1])  # a repeat is scored once
    span_scoring._RANKED.clear()
    alone = [scored_spans_of(q, [s])[0] for s in sentences]
    assert len(together) == 4 and together[3] is together[0]
    for joint, single in zip(together, alone, strict=False):
        assert [(round(score, 9), c) for score, c, _ in joint] == [(round(score, 9), c) for score, c, _ in single]
    assert all(scored_spans(q, s) is r for s, r in zip(sentences, alone, strict=True))
    assert together[0] and sentences[0][together[0][0][1].start : together[0][0][1].end] == "9家"


@pytest.mark.parametrize(
    ("question", "expected"),
    [("这条消息的通讯员是谁？", "黄珊"), ("这条消息的记者是谁？", "周文博"),
     ("专项检查是从哪天到哪天进行的？", "9月1日至9月5日"), ("检查的起止时间是什么？", "9月1日至9月5日"),
     ("专项检查是哪天开始的？", "9月1日")],
)
def test_a_byline_role_and_a_range_of_dates(question, expected):
    sentence = "本报讯（记者 周文博 通讯员 黄珊）9月1日至9月5日，市市场监督管理局联合瑞江区开展专项检查。"
    span = short_answer(analyse(question), sentence)
    assert span is not None and sentence[span.start : span.end] == expected


@pytest.mark.parametrize(("question", "expected"), [("溪洲鄉設了幾處移動式抽水機預佈點？", "７處"),
                                                    ("溪口鄉設了幾處移動式抽水機預佈點？", "９處")])
def test_a_count_after_its_noun_is_taken_from_the_stretch_of_the_place_asked(question, expected):
    sentence = "縣府已完成１２處滯洪池整備；另在溪口鄉設置移動式抽水機預佈點９處，溪洲鄉設置預佈點７處。"
    span = short_answer(analyse(question), sentence)
    assert span is not None and sentence[span.start : span.end] == expected


@pytest.mark.parametrize(("question", "expected"), [
    ("暑期接待游客人次最多的乡镇是哪个？", "石峰镇"), ("暑期接待游客人次最少的乡镇是哪个？", "石门镇"),
    ("哪个镇接待游客38.2万人次？", "石门镇"), ("哪个镇接待游客46.5万人次？", "石峰镇"),
    ("2025年暑期接待游客最多的乡镇是哪个？", "石峰镇")])  # a year asked is no figure of the towns
def test_which_of_several_like_names_has_the_most_or_the_figure_asked(question, expected):
    sentence = "其中，石峰镇接待游客46.5万人次，石门镇接待游客38.2万人次，两镇接待量位居全市乡镇前两位。"
    span = short_answer(analyse(question), sentence)
    assert span is not None and sentence[span.start : span.end] == expected


def test_a_most_the_sentence_states_itself_is_left_to_the_ranker():
    sentence = "石门镇接待游客38.2万人次，石峰镇接待游客46.5万人次，最多的是石峰镇。"
    question = analyse("暑期接待游客人次最多的乡镇是哪个？")
    assert _most_of_several(question, sentence, scored_spans(question, sentence)) is None


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("這次防汛演練包含哪幾個項目？", "演練內容包括緊急撤離、土石流疏散、水上救援、災民收容等４大項目，全程約９０分鐘。",
     "緊急撤離、土石流疏散、水上救援、災民收容"),  # a tally of 4 大项: up to the 等
    ("這次防汛演練總共動員了多少人？", "由縣長主持，消防局、工務處及國軍部隊等１８個單位、共１２０名人員參與，"
     "出動抽水機４２台。", "１２０名"),  # the count, not 共
])
def test_a_tally_of_big_items_and_a_total_without_its_lead(question, sentence, expected):
    span = short_answer(analyse(question), sentence)
    assert span is not None and sentence[span.start : span.end] == expected


def test_a_who_question_over_a_run_of_titles_gets_the_name_after_them():
    sentence = "本案审判长、市中级人民法院民事审判第一庭副庭长邵立新表示，发包人须提供充分证据。"
    span = short_answer(analyse("这起纠纷二审的审判长是谁？"), sentence)
    assert span is not None and sentence[span.start : span.end] == "邵立新"


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("会议几点开始？", "会议定于上午9:30开始，全体代表出席。", "9:30"),
    ("节目在什么时间播出？", "该节目于每周日上午11:00至11:30播出，共52集。", "每周日上午11:00至11:30"),
])
def test_a_time_of_day_is_one_span_not_cut_at_its_colon(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_word_runs_do_not_cut_a_time_of_day_at_its_colon():
    q, sentence = analyse("会议几点开始？"), "会议定于上午9:30开始，全体代表出席。"
    norm = aligned_norm(sentence)
    runs = {sentence[c.start : c.end] for c in span_candidates(sentence, norm, q, covered(norm, q))
            if "words" in c.source.split("+")}
    assert "9:30" in runs and not {"9", "上午9", "30开始"} & runs


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("新建泵站的日处理能力是多少吨？", "新建泵站日处理能力为3万至5万吨，预计明年投用。", "3万至5万吨"),
    ("灯会什么时候举办？", "今年灯会于2月10日至2月24日在人民公园举办。", "2月10日至2月24日"),
    # an end asked for, or the other end named in the question: that end alone
    ("新建泵站的日处理能力最多是多少吨？", "新建泵站日处理能力为3万至5万吨，预计明年投用。", "5万吨"),
    ("灯会从2月10日持续到哪一天？", "今年灯会于2月10日至2月24日在人民公园举办。", "2月24日")])
def test_one_end_of_a_range_is_widened_to_the_range(question, sentence, expected):
    assert answer(question, sentence) == expected


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("这是该县第几次举办农民运动会？", "这是该县第12次举办农民运动会，共有3000人参赛。", "第12次"),
    ("该片是导演的第几部作品？", "该片是导演的第5部作品，于去年上映。", "第5部")])
def test_which_in_order_is_answered_with_the_ordinal_as_written(question, sentence, expected):
    assert answer(question, sentence) == expected


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("该寺始建于什么时候？", "该寺始建于天平5年（733年），后毁于战火。", "天平5年（733年）"),
    ("省立图书馆是什么时候落成的？", "省立图书馆于民国二十三年（1934年）落成。", "民国二十三年（1934年）")])
def test_a_date_keeps_the_bracketed_date_that_restates_it(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_a_first_year_of_an_era_keeps_its_bracketed_date_and_a_bracket_of_no_date_is_left():
    sentence = "新城于建安元年（196年）开始修筑，城周（约九里）。"
    era = sentence.index("建安")
    span = with_equivalent(aligned_norm(sentence), SpanCandidate(era, era + 4, "test"))
    assert sentence[span.start : span.end] == "建安元年（196年）"
    wall = sentence.index("城周")
    assert with_equivalent(aligned_norm(sentence), SpanCandidate(wall, wall + 2, "test")).end == wall + 2


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("这批瓷器是哪个朝代烧制的？", "据专家鉴定，这批瓷器由景德镇窑口烧制于明朝，距今已有五百多年。", "明朝"),
    ("货轮当时正驶过哪一个海峡？", "事发时，这艘货轮正由北向南驶过马六甲海峡，船上有船员21人。", "马六甲海峡"),
    ("该法案是由哪一位皇帝颁布的？", "该法案最终由查士丁尼一世在529年颁布，成为后世法典的基础。", "查士丁尼一世"),
    # a name that goes on past the kind's ending stands whole; a kind's own word (大河) is no name
    ("1122年哪位皇帝取消了威尼斯商人的特权？", "1122年，约翰二世·科穆宁取消了威尼斯商人的特权，引发后者的报复。",
     "约翰二世·科穆宁"),
    ("哪一条河在此处汇入长江？", "已颇具大河规模的汉水在此处汇入长江。", "汉水")])
def test_which_river_dynasty_or_emperor_is_answered_by_a_name_of_that_kind(question, sentence, expected):
    assert answer(question, sentence) == expected


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("市里为什么要建设口袋公园？", "市里建设口袋公园，是为了方便居民就近休闲健身。", "方便居民就近休闲健身"),  # 为|了
    ("项目为什么一度停工？", "项目曾一度停工，但因资金链断裂未能按期复工。", "因资金链断裂未能按期复工")])  # 但
def test_a_span_does_not_start_with_the_particle_before_it(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_a_span_does_not_end_with_the_particle_after_it():
    assert answer("该厂哪一年开始对外开放参观？", "该厂于1998年时已经对外开放参观，每年接待游客上万人次。") == "1998年"

    def trimmed(question: str, sentence: str, text: str) -> str:
        norm = aligned_norm(sentence)
        start = norm.index(aligned_norm(text))
        span = _before_particle(analyse(question), norm, SpanCandidate(start, start + len(text), "test"))
        return sentence[span.start : span.end]

    sentence = "社民党因政府采取反共措施而拒绝加入，然而谈判仍在继续。"
    assert trimmed("社民党为什么拒绝加入政府？", sentence, "政府采取反共措施而") == "政府采取反共措施"
    assert trimmed("社民党为什么拒绝加入政府？", sentence, "拒绝加入，然而") == "拒绝加入，然而"  # a word's own end
    sentence = "这种材料在低温时会变脆，在收到指令之时停止。"
    assert trimmed("这种材料在什么情况下会变脆？", sentence, "低温时") == "低温时"  # the condition asked
    assert trimmed("设备什么时刻停止？", sentence, "收到指令之时") == "收到指令之时"


@pytest.mark.parametrize(("text", "expected"), [
    ("越南建设银行（", "越南建设银行"), ("DQ）", "DQ"),
    ("西北银行中心（Norwest Center））", "西北银行中心（Norwest Center）"),
    ("西北银行中心（Norwest Center）", "西北银行中心（Norwest Center）"), ("《红楼梦》", "《红楼梦》")])
def test_a_span_does_not_end_on_a_bracket_it_leaves_open_or_never_opened(text, expected):
    sentence = f"据介绍，{text}一直沿用至今。"
    span = _balanced(aligned_norm(sentence), span_at(sentence, text))
    assert sentence[span.start : span.end] == expected


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("会议要求守住哪三条底线？", "会议要求，安全底线、质量底线、廉洁底线必须守牢守住，不能有丝毫松懈。",
     "安全底线、质量底线、廉洁底线"),
    ("镇里打造了哪两个品牌？", "镇里先后打造了“稻香人家”“荷塘月色”两个乡村旅游品牌。", "“稻香人家”“荷塘月色”")])
def test_which_several_is_answered_with_the_whole_list_not_one_item(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_a_list_is_cut_to_its_items_length_only_between_words_that_lead_in_or_go_on():
    def core(sentence: str, text: str) -> str:
        span = list_core(aligned_norm(sentence), span_at(sentence, text, "list"))
        return sentence[span.start : span.end]

    sentence = "会议强调，领导权、管理权、话语权必须牢牢掌握在手中。"
    assert core(sentence, "领导权、管理权、话语权必须牢牢掌握在手中") == "领导权、管理权、话语权"
    sentence = "代表团先后访问了东京、大阪、名古屋和札幌。"  # a name longer than the middle item; a list that goes on
    assert core(sentence, "东京、大阪、名古屋和札幌") == "东京、大阪、名古屋和札幌"


@pytest.mark.parametrize(("sentence", "text", "expected"), [
    # the segmenter tags 谋划 a noun: the dropped lead still holds a verb (深入)
    ("该县将深入谋划医学、医疗、医药、医美、医养等“五医”建设。", "深入谋划医学、医疗、医药、医美、医养",
     "医学、医疗、医药、医美、医养"),
    ("全区将深入谋划防洪水、排涝水、治污水、保供水、抓节水等“五水”建设。",
     "深入谋划防洪水、排涝水、治污水、保供水、抓节水", "防洪水、排涝水、治污水、保供水、抓节水")])
def test_a_list_lead_is_dropped_when_any_of_its_words_leads_in(sentence, text, expected):
    span = list_core(aligned_norm(sentence), span_at(sentence, text, "list"))
    assert sentence[span.start : span.end] == expected


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("王建国在市文旅局担任什么职务？", "市文旅局党组书记、局长王建国出席会议并讲话。", "党组书记、局长"),
    ("李红梅在县妇联担任什么职务？", "县妇联党组成员、副主席李红梅主持会议。", "党组成员、副主席")])
def test_a_post_is_answered_without_the_holder_named_after_it(question, sentence, expected):
    assert answer(question, sentence) == expected


def test_a_holder_who_is_one_of_several_names_does_not_cut_the_span():
    sentence = "县领导张立军、王海波、刘国强参加会议。"
    span = SpanCandidate(0, sentence.index("参加"), "test")
    assert _before_holder(analyse("刘国强在县里担任什么职务？"), aligned_norm(sentence), span) == span


def test_a_span_that_starts_with_a_measure_keeps_the_numeral_before_it():
    sentence = "会议传达学习了市委十三届六次全会暨市委经济工作会议精神。"
    start = sentence.index("届六次")
    span = _with_numeral(aligned_norm(sentence), SpanCandidate(start, sentence.index("精神"), "test"))
    assert sentence[span.start : span.end] == "十三届六次全会暨市委经济工作会议"
    start = sentence.index("会议精神")  # no numeral before: as it was
    assert _with_numeral(aligned_norm(sentence), SpanCandidate(start, start + 2, "test")) == SpanCandidate(
        start, start + 2, "test")


def test_which_batch_is_not_answered_from_inside_a_word():
    question = analyse("该企业入选的是哪一批名单？")
    sentence = "工信部公布了2024年度第三批专精特新企业名单。"

    ranked = [(3.0, span_at(sentence, "工信部"), {}), (2.0, span_at(sentence, "度第三批"), {}),
              (1.0, span_at(sentence, "2024年度第三批"), {})]
    best = _of_the_kind_asked(question, sentence, ranked)
    assert best is not None and sentence[best.start : best.end] == "2024年度第三批"


def test_a_list_starts_after_the_words_the_question_repeats_before_its_first_item():
    sentence = "大会通过了区妇联第五届执行委员会工作报告、财务工作报告、经费审查工作报告的决议。"
    text = "区妇联第五届执行委员会工作报告、财务工作报告、经费审查工作报告"
    question = analyse("大会通过了区妇联第五届执行委员会哪几份报告的决议？")
    span = _past_asked(question, aligned_norm(sentence), span_at(sentence, text, "list"))
    assert sentence[span.start : span.end] == "工作报告、财务工作报告、经费审查工作报告"
    sentence = "会议选举产生了新一届委员会、经费审查委员会、常务委员会。"  # what ends the item stays
    text = "新一届委员会、经费审查委员会、常务委员会"
    question = analyse("会议选举产生了哪些委员会？")
    span = _past_asked(question, aligned_norm(sentence), span_at(sentence, text, "list"))
    assert sentence[span.start : span.end] == text
    sentence = "安宁区实验小学、第二小学和安宁区第一中学已投入使用。"  # a place the items themselves begin with
    text = "安宁区实验小学、第二小学和安宁区第一中学"
    question = analyse("安宁区投入使用的学校是哪些？")
    span = _past_asked(question, aligned_norm(sentence), span_at(sentence, text, "list"))
    assert sentence[span.start : span.end] == text


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("新开的接驳线路具体是哪几条？",
     "新开通的接驳线路共6条，分别为K11路、K12路、K15路、K18路、K20路和K22路，均于今日起运营。",
     "K11路、K12路、K15路、K18路、K20路和K22路"),
    # a list the sentence does not name them with (或译…) leaves the whole sentence standing
    ("该剧院的戏剧分为哪几种？", "该剧院的戏剧分为三种，分别是音乐剧（Broadway），外音乐剧（Off Broadway），外外音乐剧"
     "（Off Off Broadway，或译「第三戏剧」、「先锋派戏剧」）。", None)])
def test_which_few_takes_the_list_the_sentence_names_them_with_over_the_sentence(question, sentence, expected):
    assert answer(question, sentence) == expected


_HOLTZ = "1994年，汤玛斯·霍尔兹（Thomas R. Holtz）提出了这个名称。"
_VASILY = "最后一位王公瓦西里·谢苗诺维奇死后，此地被并入莫斯科。"


@pytest.mark.parametrize(("question", "sentence", "text", "expected"), [
    ("谁提出了这个名称？", _HOLTZ, "汤玛斯·霍尔", "汤玛斯·霍尔兹"),
    ("最后一位王公是谁？", _VASILY, "瓦西里·谢苗诺", "瓦西里·谢苗诺维奇"),
    ("最后一位王公是谁？", _VASILY, "瓦西里·谢苗诺维奇", "瓦西里·谢苗诺维奇"),
    ("这个名称是哪一年提出的？", _HOLTZ, "汤玛斯·霍尔", "汤玛斯·霍尔")])  # not a who-question: as it was
def test_who_is_answered_with_a_transliterated_name_to_its_end(question, sentence, text, expected):
    span = _whole_name(analyse(question), aligned_norm(sentence), span_at(sentence, text))
    assert sentence[span.start : span.end] == expected


@pytest.mark.parametrize(("question", "sentence", "text", "expected"), [
    ("农民军是何时起义的？", "正德五年（1510年）十月，农民军在霸州起义。", "十月", "正德五年（1510年）十月"),
    ("农民军是何时起义的？", "2023年9月，农民军在霸州起义。", "9月", "2023年9月"),
    ("农民军是2023年什么时候起义的？", "2023年9月，农民军在霸州起义。", "9月", "9月"),  # the year the question gives
    ("农民军是何时起义的？", "2023年9月，农民军在霸州起义。", "起义", "起义")])
def test_when_a_month_keeps_the_year_written_before_it(question, sentence, text, expected):
    span = _with_year(analyse(question), aligned_norm(sentence), span_at(sentence, text))
    assert sentence[span.start : span.end] == expected


@pytest.mark.parametrize(("question", "sentence", "text", "expected"), [
    ("汕头在民国几年时被日军攻陷？", "民国28年6月21日，汕头被日军攻陷。", "民国28年6月21日", "民国28年"),
    ("慈禧太后出生於西元幾年？", "慈禧太后於1835年11月29日出生。", "1835年11月29日", "1835年"),
    ("通惠河在哪一年完工？", "至元三十年七月，通惠河完工。", "至元三十年七月", "至元三十年"),
    ("他哪一年移居台北？", "1961年秋，他移居台北。", "1961年秋", "1961年"),
    ("他何时移居台北？", "1961年秋，他移居台北。", "1961年秋", "1961年秋"),  # when: the whole date
    ("日产在哪一年代结束生产？", "日产在1980年代结束生产。", "1980年代", "1980年代"),  # a decade is asked
    ("他哪一年移居台北？", "同年12月，他移居台北。", "同年12月", "同年12月"),  # no year is written
    ("他哪一年当选？", "他在1998年至2003年间两次当选。", "1998年至2003年", "1998年至2003年")])
def test_which_year_is_answered_by_the_year_of_a_longer_date(question, sentence, text, expected):
    span = _only_the_year(analyse(question), aligned_norm(sentence), span_at(sentence, text))
    assert sentence[span.start : span.end] == expected


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("马德兴集资诈骗案的审判长是谁？", "该案审判长、西湖区人民法院刑事审判庭副庭长叶春华在宣判后表示。", "叶春华"),
    ("该项目的负责人是谁？", "项目负责人、市水务局副局长马晓婷介绍，工程进展顺利。", "马晓婷"),
    ("二七区区长是谁？", "二七区区长郭振宇出席。", "郭振宇")])
def test_who_holds_an_office_is_the_name_closing_the_run_of_offices_it_opens(question, sentence, expected):
    span = short_answer(analyse(question), sentence)
    assert span is not None and sentence[span.start : span.end] == expected


def test_the_holder_is_looked_for_only_after_the_office_asked():
    from qa.span import scored_spans
    from qa.span.choices import _holder_of_asked_title

    question = analyse("该案的审判长是谁？")
    sentence = "副庭长叶春华表示，该案审判长由他人担任。"  # a name before the office: not its holder
    assert _holder_of_asked_title(question, sentence, scored_spans(question, sentence)) is None
