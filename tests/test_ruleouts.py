"""Rule-outs: sentences that share a question's words but answer something else, and the ones that do answer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.confidence import calibrated
from qa.places import place_unnamed, ranked_names, rival_place
from qa.question import analyse
from qa.ruleouts import (
    RULE_OUTS,
    absent_persons,
    amount_given,
    amounts,
    asked_persons,
    counted_elsewhere,
    counted_words,
    date_vague,
    dated_year_other,
    deputy_for_chief,
    kind_uncounted,
    kind_unnamed,
    name_unknown,
    numeral_value,
    other_counted,
    other_ordinal,
    other_place,
    other_side,
    other_year,
    role_unnamed,
    rule_outs,
    set_aside,
    title_absent,
    uncounted,
    year_unstated,
)


@pytest.mark.parametrize(
    ("check", "question", "sentence", "fires"),
    [
        (deputy_for_chief, "区总工会的主席是谁？", "市总工会党组成员、副主席王建国到会指导。", True),
        (deputy_for_chief, "金水区的区长是谁？", "副区长李卫东出席活动并讲话。", True),
        # only a deputy holds the office asked, whoever else the sentence names first
        (deputy_for_chief, "二七区区长是谁？",
         "二七区委常委、宣传部长申红涛出席并讲话,区政府副区长高留念作传达,区委宣传部常务副部长李锦勇主持。", True),
        # the deputy is what is asked
        (deputy_for_chief, "谁是副主席？", "市总工会副主席王建国到会指导。", False),
        (deputy_for_chief, "区长是谁？", "区长张伟强调，要做好民生工作。", False),
        (deputy_for_chief, "星辰汽车的总经理是谁？", "港务集团副总经理林堃介绍，新开航线5条。", True),
        (deputy_for_chief, "港务集团的副总经理是谁？", "港务集团副总经理林堃介绍，新开航线5条。", False),
        # the sentence gives the deputy the title too
        (deputy_for_chief, "谁当上了总统？", "副总统约翰逊继任总统。", False),
        (deputy_for_chief, "东院区的执行院长由谁担任？", "东院区执行院长由副院长冯海燕兼任。", False),
        (deputy_for_chief, "东院区的院长由谁担任？", "东院区由副院长冯海燕主持工作。", True),
        (title_absent, "城关司法所的所长是谁？", "省司法厅命名了城关司法所、东街司法所。", True),
        # 总经理 is an office of its own
        (title_absent, "地铁集团的总经理是谁？", "施工方项目经理罗永刚介绍，隧道已贯通。", True),
        (title_absent, "地铁集团的总经理是谁？", "地铁集团总经理张立新介绍，隧道已贯通。", False),
        (title_absent, "该公司现任董事长是谁？", "该公司成立于2001年，总部位于上海。", True),
        (title_absent, "城关司法所的所长是谁？", "城关司法所所长刘明介绍了调解工作。", False),
        (title_absent, "市人民检察院的副检察长是谁？", "市人民检察院党组书记、检察长蒋立川出席发布会。", True),
        (title_absent, "市人民检察院的检察长是谁？", "市人民检察院党组书记、检察长蒋立川出席发布会。", False),
        # any office asked, not only the titles the span scorer knows
        (title_absent, "东郊净水厂的厂长是谁？", "新建的东郊净水厂采用深度处理工艺。", True),
        (title_absent, "恒泰置业的法定代表人是谁？", "恒泰置业所称问题属于正常保修范围。", True),
        (title_absent, "恒泰置业的法定代表人是谁？", "恒泰置业法定代表人王强出庭应诉。", False),
        # a teacher is named by what was learnt (受教于此), seldom by the word
        (title_absent, "亚里士多德的老师是谁？", "柏拉图建立了学院，许多名士曾受教于此。", False),
        # Traditional question, Simplified article
        (title_absent, "首任校長是誰？", "首任校长为林文庆。", False),
        # the chief for the deputy asked about
        (title_absent, "二七区委副书记是谁？", "二七区委书记樊惠林出席会议。", True),
        (title_absent, "二七区委副书记是谁？", "区委副书记张明出席会议。", False),
        # no title asked about
        (title_absent, "谁发现了青霉素？", "弗莱明发现了青霉素。", False),
        (amount_given, "609个司法所中，郑州市占了多少个？", "省司法厅命名609个2023年五星规范化司法所。", True),
        (amount_given, "全区有几家三甲医院？", "全区共有医院，三甲医院均在市区。", True),
        (amount_given, "609个司法所中，郑州市占了多少个？", "609个司法所中郑州市有48个。", False),
        (amount_given, "全区有几家三甲医院？", "全区已有9家三甲医院。", False),
        (amount_given, "全区有几家三甲医院？", "全区已有九家三甲医院。", False),
        # what is counted is a unit too
        (amount_given, "总督负责几个省？", "巡抚一般仅负责一省，总督负责相邻数省。", False),
        # a date question
        (amount_given, "该校区是哪一年建成的？", "该校区2019年建成。", False),
        # a duration
        (amount_given, "该工程用了多久？", "该工程历时3年。", False),
        (other_ordinal, "第二批拟认定的省级企业有多少家？", "在第一批省级企业名单中，本区有12家。", True),
        (other_ordinal, "第十二届大会在哪里举行？", "第十三届大会在北京举行。", True),
        (other_ordinal, "第二批拟认定的省级企业有多少家？", "第二批省级企业共86家。", False),
        # 一 and 1 are the same ordinal
        (other_ordinal, "第一届大会在哪里举行？", "第1届大会在上海举行。", False),
        # another kind of thing
        (other_ordinal, "第二次宣布独立时，正值哪场战争？", "当时处于第一次直奉战争前夕。", False),
        # the one asked is named too
        (other_ordinal, "第一批企业有多少家？", "第一批企业共20家，第二批企业共30家。", False),
        (other_place, "二七区共有多少个司法所？", "河南省司法厅命名609个河南省五星规范化司法所。", True),
        (other_place, "二七区共有多少个司法所？", "二七区共有12个司法所。", False),
        # the place asked is in the counted phrase
        (other_place, "二七区共有多少个司法所？", "命名609个二七区司法所。", False),
        # the question names no place
        (other_place, "全区共有多少个司法所？", "命名609个河南省司法所。", False),
        (place_unnamed, "北京有几家三甲医院？", "二七区作为郑州的核心城区，已有9家三甲医院。", True),
        (place_unnamed, "北京有几家三甲医院？", "北京已有9家三甲医院。", False),
        # the sentence names no place at all: its subject may be the place asked about
        (place_unnamed, "北京有几家三甲医院？", "全市已有9家三甲医院。", False),
        # the whole city's figure for one of its towns; the city's own figure for the city
        (place_unnamed, "今年暑假清泉镇接待了多少游客？", "今年暑期，全市乡村旅游共接待游客312.6万人次。", True),
        (place_unnamed, "今年暑假清泉镇接待了多少游客？", "今年暑期，清泉镇接待游客21万人次，居全市第三。", False),
        (place_unnamed, "郑州市有几家三甲医院？", "全市已有39家三甲医院。", False),
        # a district the segmenter takes for a common noun; and a who-question
        (place_unnamed, "金水区有几家三甲医院？", "二七区作为郑州的核心城区，已有9家三甲医院。", True),
        (place_unnamed, "郑州市委书记是谁？", "河南省二七区委书记樊惠林出席。", True),
        (place_unnamed, "郑州市委书记是谁？", "郑州市委书记安伟出席。", False),
        # a district left out while another district is named, though the province is named too
        (place_unnamed, "中原区再添几个河南省五星规范化司法所？", "河南省命名609个，二七区有5个。", True),
        (place_unnamed, "二七区再添几个河南省五星规范化司法所？", "河南省命名609个，二七区有5个。", False),
        (place_unnamed, "中原区再添几个河南省五星规范化司法所？", "河南省共命名609个。", False),
        # the kinds whose sentences leave the place to their article are left alone
        (place_unnamed, "北京哪家医院最大？", "二七区的郑大一附院规模最大。", False),
        # districts the segmenter splits from their rank: 惠济|区, 管城|回族|区
        (place_unnamed, "金水区有几所新建小学？", "惠济区新建的3所中小学正式投入使用。", True),
        (place_unnamed, "二七区检查了多少家单位？", "管城回族区共检查单位1260家。", True),
        (place_unnamed, "惠济区新建了几所中小学？", "惠济区新建的3所中小学正式投入使用。", False),
        (place_unnamed, "管城回族区检查了多少家单位？", "管城回族区共检查单位1260家。", False),
        (place_unnamed, "中原区惠济区检查了多少家单位？", "管城回族区、惠济区共检查单位1260家。", True),
        # a district the segmenter reads as a character and an area (管|城区), asked by its short form
        (place_unnamed, "管城区的医疗机构有多少家？", "二七区已有9家三甲医院、723家医疗机构。", True),
        (place_unnamed, "管城区检查了多少家单位？", "管城回族区共检查单位1260家。", False),
        # an area described, not named (外|城区, 大|景区), is no place of its own
        (place_unnamed, "外城区有多少家医疗机构？", "二七区已有9家三甲医院、723家医疗机构。", False),
        (place_unnamed, "大景区有几个停车场？", "二七区共有停车场12个。", False),
        (date_vague, "二七区工会第五次代表大会在哪一天举行？", "本报讯 近日，二七区工会第五次代表大会举行。", True),
        (date_vague, "二七區工會第五次代表大會在哪一天舉行？", "日前，二七区工会第五次代表大会举行。", True),
        (date_vague, "二七区工会第五次代表大会在哪一天举行？", "近日，1月10日二七区工会代表大会举行。", False),
        (date_vague, "二七区工会第五次代表大会有多少名代表？", "近日，190名代表参加二七区工会第五次代表大会。", False),
        (kind_uncounted, "新增企业中有多少家建筑业企业？", "新增企业90家，其中工业企业23家、服务业企业41家。", True),
        (kind_uncounted, "新增企业中有多少家服务业企业？", "新增企业90家，其中工业企业23家、服务业企业41家。", False),
        # one other kind counted is not a list of kinds; and a question about the whole
        (kind_uncounted, "新增企业中有多少家建筑业企业？", "新增企业90家，其中工业企业23家。", False),
        (kind_uncounted, "全区新增多少家企业？", "新增企业90家，其中工业企业23家、服务业企业41家。", False),
        (other_year, "板橋區去年藝文季的市集攤位有多少攤？", "今年艺文季共规划市集摊位180摊。", True),
        (other_year, "板橋區今年藝文季的市集攤位有多少攤？", "今年艺文季共规划市集摊位180摊。", False),
        (other_year, "去年的市集摊位有多少摊？", "今年市集摊位180摊，比去年增加30摊。", False),
        (other_year, "去年的市集摊位有多少摊？", "艺文季共规划市集摊位180摊。", False),
        # last year named only to compare with: the figure is of the year the report speaks of
        (other_year, "今年新增的规上工业企业有多少家？", "全市新增规模以上工业企业86家，去年同期为71家。", False),
        (other_year, "今年全市公开招了多少名新教师？", "全市公开招聘新教师1286名，比去年的1105名增加181名。", False),
        (other_year, "今年全市公开招了多少名新教师？", "去年全市公开招聘新教师1105名。", True),
        # …unless last year is the one asked: its figure is the one compared with
        (other_year, "去年一季度新设的经营主体有多少户？", "今年一季度新设2.18万户，而去年同期为1.99万户。", False),
        # the other side of a pair: 北延段 is not 南延段, 半程 not 全程, 男子 not 女子
        (other_side, "地铁5号线北延段什么时候开通？", "地铁5号线南延段将于2024年6月28日开通。", True),
        (other_side, "女子半程马拉松冠军是谁？", "女子全程马拉松冠军由阿尔马兹获得。", True),
        (other_side, "男子全程冠军跑了多长时间？", "女子全程马拉松冠军由阿尔马兹获得，成绩为2小时26分05秒。", True),
        (other_side, "地铁5号线南延段什么时候开通？", "地铁5号线南延段将于2024年6月28日开通。", False),
        # a question naming both sides, a word that only shares a character (进入, 出口), a bound (以下)
        (other_side, "南北战争后北方付出了什么？", "南方的经济在战后衰退。", False),
        (other_side, "日产在哪一年开始进入大中华市场？", "1964年，日产进入大中华市场，开始出口至香港。", False),
        (other_side, "只有一成以下的货物从哪里进口？", "九成以上的货物均由此进口。", False),
        (other_side, "该郡北部临近什么地方？", "该郡位于英格兰西南部，北临布里斯托湾。", False),  # 西南部: a compound
        # another year stated, and not the one asked; a decade is no year
        (year_unstated, "2024年人民调解成功率是多少？", "2023年矛盾纠纷化解成功率97.5%。", True),
        (year_unstated, "What was the success rate of mediation in 2024?", "2023年矛盾纠纷化解成功率97.5%。", True),
        (year_unstated, "2023年人民调解成功率是多少？", "2023年矛盾纠纷化解成功率97.5%。", False),
        (year_unstated, "2024年人民调解成功率是多少？", "矛盾纠纷化解成功率97.5%。", False),
        (year_unstated, "1990年代台湾有多少家脚踏车业者？", "台湾脚踏车业者约700家，2014年产值达872.5亿元。", False),
        # a role that only speaks, never named
        (role_unnamed, "市气象台首席预报员叫什么名字？", "市气象台首席预报员介绍，入汛以来降雨偏多。", True),
        (role_unnamed, "市政府新闻发言人是谁？", "市政府新闻发言人表示，将加快建设。", True),
        (role_unnamed, "市气象台首席预报员叫什么名字？", "市气象台首席预报员张明介绍，入汛以来降雨偏多。", False),
        (role_unnamed, "市气象台首席预报员叫什么名字？", "首席预报员介绍说，张明是首席预报员王强的同事。", False),
        # …or only acts: a named role has its name before the verb
        (role_unnamed, "宣布开幕的市人大常委会副主任叫什么？", "局长赵明轩致辞，市人大常委会副主任出席开幕式。", True),
        (role_unnamed, "宣布开幕的市人大常委会副主任叫什么？", "市人大常委会副主任李明出席开幕式并宣布开幕。", False),
        # a count in the asked measure of a thing the sentence never names
        (other_counted, "青禾县今年收获了多少亩水稻？", "全县共收获小麦42.5万亩，总产量18.6万吨。", True),
        (other_counted, "青禾县今年收获了多少亩小麦？", "全县共收获小麦42.5万亩，总产量18.6万吨。", False),
        (other_counted, "在50个缔约国中，有多少个国家不能参与表决？", "只有28个协商国有权表决。", False),
        (set_aside, "除了三甲医院，全区还有多少家二级医院？", "全区已有9家三甲医院、723家医疗机构。", True),
        (set_aside, "除了三甲医院，全区还有多少家二级医院？", "全区另有14家二级医院。", False),
        (set_aside, "除了开局、中局，还有哪一个阶段？", "游戏分三个阶段：开局、中局、残局。", False),
        (kind_unnamed, "辛教授任職於鄭州大學的哪一個學院？", "郑州大学辛教授为大家做专题培训。", True),
        (kind_unnamed, "该国大多数人信奉哪一个宗教？", "该国经济逐渐复苏，人均收入上升。", True),
        (kind_unnamed, "辛教授任职于郑州大学的哪个学院？", "郑州大学马克思主义学院辛教授做专题培训。", False),
        (kind_unnamed, "该国大多数人信奉哪一个宗教？", "该国约八成人口信仰佛教。", False),
        # a kind whose names need not carry it
        (kind_unnamed, "他是哪个朝代的人？", "他生于唐。", False),
        (kind_unnamed, "大會在哪一家酒店舉行？", "大会在郑州市二七区召开。", True),
        (kind_unnamed, "大会在哪一家酒店举行？", "大会在郑州国际饭店酒店召开。", False),
        # in English, over Chinese text only
        (kind_unnamed, "Which university did Du Jianxin graduate from?", "副主席杜建新到会指导。", True),
        (kind_unnamed, "Which university did Du Jianxin graduate from?", "杜建新毕业于郑州大学。", False),
        (kind_unnamed, "Which university did Du Jianxin graduate from?", "Du Jianxin spoke at the meeting.", False),
    ],
)
def test_each_rule_out_fires_only_on_evidence_that_answers_something_else(check, question, sentence, fires):
    assert check(analyse(question), sentence) is fires


@pytest.mark.parametrize(
    ("question", "sentence", "title", "fires"),
    [
        ("第四次代表大会有多少名代表参加？", "来自各行各业的190名代表参加会议。", "区工会第五次代表大会举行", True),
        ("第五次代表大会有多少名代表参加？", "来自各行各业的190名代表参加会议。", "区工会第五次代表大会举行", False),
        # the sentence's own ordinal speaks first: the title names the one asked about, the sentence another
        ("第二批省级企业一共有多少家？", "在第一批省级企业名单中，有4家。", "2家企业入选第二批省级企业", True),
        # in English: an ordinal word or 4th against the Chinese 第N
        ("How many delegates attended the fourth congress?", "190名代表参加会议。", "区工会第五次代表大会举行", True),
        ("How many delegates attended the 5th congress?", "190名代表参加会议。", "区工会第五次代表大会举行", False),
        ("Which firms were in the first batch?", "第二批企业共30家。", "", True),
        ("Which firms were in the first batch?", "第1批企业共20家。", "", False),
        ("When did the court first open?", "第二批企业共30家。", "", False),  # an adverb, not an ordinal
        ("Was the second batch larger than the first?", "第三批企业共30家。", "", False),  # two: left alone
    ],
)
def test_the_title_speaks_for_a_sentence_that_numbers_nothing(question, sentence, title, fires):
    assert other_ordinal(analyse(question), sentence, title) is fires


@pytest.mark.parametrize(
    ("terms", "fires"),
    [(("书记", "郑州"), True), (("书记", "二七区"), False), (("书记",), False)],
)
def test_an_english_question_names_its_place_through_its_chinese_terms(terms, fires):
    question = replace(analyse("Who is the Party secretary of the city?"), terms=terms)
    assert place_unnamed(question, "区委书记樊惠林出席。", "二七区工会第五次代表大会举行") is fires


@pytest.mark.parametrize(
    ("terms", "fires"),
    [(("集装箱吞吐量", "去年"), True), (("集装箱吞吐量", "今年"), False), (("集装箱吞吐量",), False)],
)
def test_an_english_question_asks_its_year_through_its_chinese_terms(terms, fires):
    """last year → 去年: a sentence of this year's throughput does not answer it."""
    question = replace(analyse("What was the port's container throughput in January-August last year?"), terms=terms)
    assert other_year(question, "今年1至8月，澜川港累计完成集装箱吞吐量286.5万标准箱。") is fires


@pytest.mark.parametrize(
    ("places", "fires"),
    [
        ((("金水区", "jinshui区"),), True),  # another district stands in the one asked about
        ((("huiji区",),), True),  # a district the corpus never names
        ((("二七区", "erqi区"),), False),
        ((("郑州市", "郑州", "zhengzhou市"),), False),  # a city written without its rank
        ((), False),
    ],
)
def test_an_english_question_names_its_place_by_pinyin_and_rank(places, fires):
    question = replace(analyse("How many tertiary hospitals does the district have?"), terms=("三甲医院",),
                       places=places)
    assert place_unnamed(question, "二七区作为郑州的核心城区，已有9家三甲医院。") is fires


@pytest.mark.parametrize(
    ("terms", "fires"),
    [(("城市", "教育", "集团"), False),  # "the city": no place of its own
     (("郑州", "教育", "集团"), True)],  # a city the sentence leaves out for another
)
def test_an_english_question_about_the_city_names_no_place(terms, fires):
    question = replace(analyse("How many new education groups were set up this year?"), terms=terms)
    assert place_unnamed(question, "今年二七区新组建教育集团12个。") is fires


@pytest.mark.parametrize(("lead", "fires"), [("9月2日，澄岭市中级人民法院召开新闻发布会。", False), ("", True)])
def test_the_article_s_lead_names_the_place_its_short_forms_stand_for(lead, fires):
    """News names its subject in full once (澄岭市中级人民法院), then short (市中级法院) beside its districts."""
    sentence = "其中，市中级法院受理案件9630件，北滨、柘湖、望川5个基层法院共受理4.907万件。"
    assert place_unnamed(analyse("澄岭市中级法院上半年受理了多少件案件？"), sentence, "通报审判工作", lead) is fires


@pytest.mark.parametrize(
    ("text", "names"),
    [("管城区的医疗机构有多少家？", {"管城区"}), ("枫林区有几座公园？", {"枫林区"}),
     ("南城区新建了几所学校？", {"南城区"}),
     # areas a character describes: size, age, side, whole, this
     ("老城区有几座公园？", set()), ("大景区有几个停车场？", set()), ("外城区有几座公园？", set()),
     ("内城区有几座公园？", set()), ("本市区有几座公园？", set()), ("中心城区有几座公园？", set()),
     ("去年全市新建了几所学校？", set()), ("今年1至8月全市新辟了多少条公交线路？", set()), ("第几区最大？", set())],
)
def test_a_place_name_the_segmenter_splits_from_its_rank(text, names):
    assert ranked_names(text) == names


@pytest.mark.parametrize(("spelled", "fires"), [("管城区", False), ("金水区", True)])
def test_a_district_asked_by_its_short_form_is_named_by_its_full_ethnic_rank(spelled, fires):
    """Guancheng District (管城区) is 管城回族区 in full."""
    question = replace(analyse("How many units did the district inspect?"), places=((spelled, "x区"),))
    assert place_unnamed(question, "管城回族区共检查单位1260家。") is fires


@pytest.mark.parametrize(
    ("question", "title", "fires"),
    [("郑州市委书记是谁？", "二七区工会第五次代表大会举行", True),
     ("二七区委书记是谁？", "二七区工会第五次代表大会举行", False),
     ("郑州市委书记是谁？", "郑州市工会代表大会举行", False)],
)
def test_the_title_names_the_place_of_a_sentence_that_names_none(question, title, fires):
    assert place_unnamed(analyse(question), "区委书记樊惠林出席。", title) is fires


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # a year, and names with numerals
        ("命名609个2023年“省五星规范化司法所”，二七区金水源司法所", {"609"}),
        ("耗资5亿日圆", {"5亿"}),
        ("在当今100个大姓中，有十多个源于信阳", {"100", "10"}),
        # a duration in years is left out with the dates
        ("属第三区，任期为四年", {"3"}),
        ("占五分之一，一半以上", {"5", "1"}),
    ],
)
def test_amounts_leave_out_dates_and_names(text, values):
    assert amounts(text) == values


@pytest.mark.parametrize(("numeral", "value"), [("12", "12"), ("一", "1"), ("两", "2"), ("十", "10"),
                                                ("十二", "12"), ("三十", "30"), ("九十九", "99"), ("百", "百")])
def test_numeral_value(numeral, value):
    assert numeral_value(numeral) == value


@pytest.mark.parametrize(
    ("question", "unmapped", "fires"),
    [
        ("How many beds do the six care homes provide?", ("beds",), True),
        # hospital has a Chinese term
        ("How many hospital beds are there?", ("beds",), False),
        # every word found a term
        ("How many beds do the six care homes provide?", (), False),
        # nothing counted before the verb
        ("How much did the project cost?", ("project",), False),
        ("Who runs the six care homes?", ("runs",), False),
    ],
)
def test_an_english_count_of_something_the_archive_never_names(question, unmapped, fires):
    assert uncounted(analyse(question), unmapped) is fires


@pytest.mark.parametrize(
    ("question", "unmapped", "fires"),
    [
        ("What is the capital of France?", ("capital", "france"), True),
        ("What is the capital of France?", ("capital",), False),
        # a known word of the name speaks for it (党 for Party)
        ("Who is the Communist Party secretary of Erqi District?", ("communist",), False),
        # not capitalised: not a name
        ("What is the capital of france?", ("capital", "france"), False),
        # the first word is capitalised anyway
        ("Hospitals in Erqi: how many?", ("hospitals",), False),
    ],
)
def test_an_english_question_naming_something_the_archive_never_names(question, unmapped, fires):
    assert name_unknown(analyse(question), unmapped) is fires


@pytest.mark.parametrize(
    ("question", "persons"),
    [("张伟主持了哪个会议？", ["张伟"]), ("李錦勇主持了哪個會議？", ["李锦勇"]),  # Traditional: normalised
     ("樱桃沟司法所这次获得了什么荣誉？", []),  # the segmenter's dictionary tags 荣誉 as a name
     ("莱昂德罗·内托曾效力过哪些球队？", []),  # …and 曾效力
     ("刘德华为几名招商大使颁发了聘书？", []),  # a name in the dictionary: an article may say it otherwise
     ("韦斯·昂塞尔德在场上的位置是什么？", []),  # a foreign name, spelled many ways
     ("How many delegates did Zhang Wei meet?", [])],  # English names are name_unknown's
)
def test_the_people_a_question_names(question, persons):
    assert asked_persons(analyse(question)) == persons


MEETING = "二七区委常委、宣传部长申红涛出席并讲话，区委宣传部常务副部长李锦勇主持。"


@pytest.mark.parametrize(
    ("question", "title", "text", "absent"),
    [("张伟主持了哪个会议？", "二七区宣传思想文化工作会议举行", MEETING, ["张伟"]),
     ("李锦勇主持了哪个会议？", "二七区宣传思想文化工作会议举行", MEETING, []),
     ("李錦勇主持了哪個會議？", "二七区宣传思想文化工作会议举行", MEETING, []),  # Traditional over Simplified
     ("申红涛在会上做了什么？", "申红涛出席会议", "会议强调，要聚焦理论武装。", []),  # named in the title only
     ("杨昊现效力于哪支球队？", "转会", "杨昊效力于上海申花。", []),  # the segmenter's 杨昊现 is 杨昊
     ("张伟主持了哪个会议？", "", "", [])],  # no article at hand: nothing is known to be missing
)
def test_a_person_the_article_never_names(question, title, text, absent):
    assert absent_persons(analyse(question), title, text) == absent
    fired = rule_outs(analyse(question), text, title=title, text=text)["person_absent"]
    assert fired == float(bool(absent))


def test_every_rule_out_all_but_rules_the_evidence_out():
    features = rule_outs(analyse("城关司法所的所长是谁？"), "城关司法所所长刘明介绍了调解工作。")
    assert set(features) == set(RULE_OUTS) and not any(features.values())
    base = {"coverage": 0.9, "missing_literal": 0.0, "missing_quantity": 0.0, **features}
    for name in RULE_OUTS:
        assert calibrated(base | {name: 1.0}) == pytest.approx(calibrated(base) * 0.05)


def test_a_byline_answers_a_reporter_question_without_the_title():
    question = analyse("这篇报道的记者是谁？")
    assert rule_outs(question, "张三 王五", byline=False)["title_absent"] == 1.0
    assert rule_outs(question, "张三 王五", byline=True)["title_absent"] == 0.0


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("区总工会召开第五次代表大会。市总工会党组成员、副主席王建国到会指导。大会选举产生了新一届委员会。",
         "区总工会新一届的主席是谁？"),
        ("省司法厅命名609个2023年五星规范化司法所。城关司法所、东街司法所获命名。",
         "609个五星规范化司法所中，本市占了多少个？"),
        ("省司法厅命名609个五星规范化司法所。城关司法所、东街司法所获命名。", "城关司法所的所长是谁？"),
        ("在此前公布的第一批省级专精特新企业名单中，本区有12家企业入选。",
         "第二批拟认定的省级专精特新企业中本区有多少家？"),
        ("全区医疗资源丰富，已有9家三甲医院、723家医疗机构。", "除了三甲医院，全区还有多少家二级甲等医院？"),
        ("河南省司法厅印发决定，命名609个河南省五星规范化司法所。", "二七区目前总共设有多少个司法所？"),
        ("在随后举办的培训班上，郑州大学辛世俊教授为大家做专题培训，并在培训结束后答疑解惑。",
         "辛世俊教授任職於鄭州大學的哪一個學院？"),
        ("二七区作为郑州的核心城区，已有9家三甲医院、723家医疗机构。", "北京有几家三甲医院？"),
        ("全区已有9家三甲医院、723家医疗机构、6个医养结合机构。",
         "How many beds do the six integrated medical and elderly-care institutions provide?"),
    ],
)
def test_ruled_out_evidence_is_declined(tmp_path, fake, text, question):
    from qa.index import Index
    from tests.test_index import write_corpus

    index = Index.build([write_corpus(tmp_path / "corpus", [{"id": "a", "title": "简讯", "text": text}])],
                        folder=None, model="fake")
    answer = index.ask(question)
    assert not answer.answered and answer.confidence < 0.1


@pytest.mark.parametrize(
    ("question", "sentence", "rival"),
    [  # the article is about 高雄市, the sentence about 台中市
     ("高雄市今年要新設幾處巷弄長照站？", "此外，台中市政府日前也公布類似計畫，今年新設巷弄長照站38處。", "高雄市"),
     # a place named only to place another: 与南湖区相邻的北湖区 is about 北湖区
     ("南湖区今年要改造多少个老旧小区？", "与南湖区相邻的北湖区今年计划改造老旧小区38个。", "南湖区"),
     # the title names the place of a sentence that names none of its rank
     ("高雄市今年要新設幾處巷弄長照站？", "今年將新設巷弄長照站45處。", ""),
     # a place named without its rank is named (成纪 for 成纪县), and a rival does not count against it
     ("成纪县是传说中古代谁出生的地方？", "成纪是传说为古代伏曦出生的地方，位于今天水市秦安县。", ""),
     # a district the segmenter splits (松|园区) rivals one asked when it opens the clause
     ("枫林区投入运营的公共自行车有多少辆？", "林俊宏表示，松园区目前投入运营的车辆约3,400辆。", "枫林区"),
     ("枫林区投入运营的公共自行车有多少辆？", "松园区有车3,400辆，枫林区有车2,800辆。", ""),
     # an area is no district: 晋中地区 does not rival 榆次区
     ("哪一年时于晋中地区设立了榆次专区？", "1949年9月，设立榆次区行政督察专员公署。", "")],
)
def test_a_sentence_about_a_rival_district_is_not_saved_by_the_title(question, sentence, rival):
    title = {"高": "高雄市擴增長照據點", "南": "南湖区启动老旧小区改造", "哪": "晋中地区", "成": "成纪县",
             "枫": "嘉滨市公共自行车"}[question[0]]
    assert rival_place(analyse(question), sentence, title) == rival
    assert place_unnamed(analyse(question), sentence, title) is bool(rival)


@pytest.mark.parametrize(
    ("question", "terms", "sentence", "fires"),
    [("Who is the district head of Erqi District?", ("区长", "二七区"), "区政府副区长高留念作传达。", True),
     ("Who is the district head of Erqi District?", ("区长", "二七区"), "区长郭振宇、副区长高留念出席。", False),
     ("Who is the deputy district head?", ("副区长", "区长"), "区政府副区长高留念作传达。", False),
     # over English text: every director of the sentence is a deputy one
     ("Who is the director of the transport bureau?", (), "Wang Jianguo, deputy director of the bureau, said.", True),
     ("Who is the director of the transport bureau?", (), "Vice Director Wang Jianguo said.", True),
     ("Who is the director of the transport bureau?", (), "Wang Jianguo, director of the bureau, said.", False),
     ("Who is the deputy director of the bureau?", (), "Wang Jianguo, deputy director of the bureau, said.", False)],
)
def test_an_english_question_about_a_chief_is_not_answered_by_a_deputy(question, terms, sentence, fires):
    assert deputy_for_chief(replace(analyse(question), terms=terms), sentence) is fires


@pytest.mark.parametrize(
    ("sentence", "date", "fires"),
    [("民生方面，金水区去年新增学位3600个。", "2024-01-18", True),  # 去年 is 2023
     ("今年全区计划新增学位4600个。", "2024-01-18", False),  # 今年 is 2024
     ("2024年全区计划新增学位4600个，去年新增3600个。", "2024-01-18", False),  # the year is written
     ("民生方面，金水区去年新增学位3600个。", "--01-18", False),  # no year to count from
     ("全区计划新增学位4600个。", "2024-01-18", False)],  # no relative year
)
def test_a_relative_year_counted_from_the_articles_date(sentence, date, fires):
    assert dated_year_other(analyse("金水区2024年计划新增学位多少个？"), sentence, date) is fires


def test_a_year_asked_is_stated_by_last_year_in_an_article_of_the_next():
    from qa.ruleouts import year_unstated

    question, sentence = analyse("2024年新增了多少个学位？"), "去年新增学位4200个，而2023年新增学位为2600个。"
    assert not year_unstated(question, sentence, "2025-03-17")  # 去年 is 2024
    assert year_unstated(question, sentence, "2026-03-17") and year_unstated(question, sentence)


def test_a_year_in_the_articles_title_is_the_year_of_what_it_reports():
    from qa.ruleouts import year_unstated

    question = analyse("What was the winning time in the men's full marathon at the 2025 Qingzhang Marathon?")
    sentence = "基普罗蒂奇以2小时09分37秒获得男子全程冠军，打破了2023年创造的赛会纪录。"
    assert not year_unstated(question, sentence, "--11-02", "2025青漳马拉松鸣枪开跑")
    assert year_unstated(question, sentence, "--11-02", "2024青漳马拉松鸣枪开跑")
    assert year_unstated(question, sentence, "--11-02")


def test_an_english_count_of_a_thing_the_sentence_never_names():
    question = replace(analyse("How many waterlogging-prone spots were found in Chengdong District?"),
                       counted=("易涝",))
    assert counted_elsewhere(question, "城东区已储备防汛沙袋12,000条、抽水泵46台。")
    assert not counted_elsewhere(question, "城东区排查出易涝点23处。")
    assert not counted_elsewhere(replace(question, counted=()), "城东区已储备防汛沙袋12,000条。")
    assert counted_words("How many waterlogging-prone spots were found?") == ["waterlogging", "prone", "spots"]
