"""Write fictional UN-style resolution pairs as PDF and DOCX laid out by LibreOffice.

Each pair (Chinese and English, our own words) is written as flat ODT with a
masthead, italic preambular verbs, automatically numbered operative paragraphs
with (a), (b) sub-paragraphs, real footnotes, a running header with the
symbol and footers with page numbers ("2/3"), the job number, the barcode and
"Please recycle"; `soffice --headless` lays it out and exports PDF and DOCX,
and `pdftotext -layout` gives the text as a PDF extractor leaves it. The gold
paragraphs (kind, number, text) go beside them as JSON.

    python scripts/make_document_fixtures.py [OUTDIR] [--repeat N]

--repeat N repeats the operative part N times (a long document for timing).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "documents"
NOTE = re.compile(r"\[\[(.+?)\]\]")     # "text[[footnote text]]" → a real footnote


@dataclass
class Resolution:
    key: str
    number: str            # "81/240"
    job: str               # "26-23456"
    date_en: str
    date_zh: str
    title: tuple[str, str]
    committee: tuple[str, str]
    agenda: tuple[str, str]
    preamble: list[tuple[str, str, str, str]]      # (en verb, en rest, zh verb, zh rest)
    operative: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)


DPI = Resolution(
    key="dpi", number="81/240", job="26-23456", date_en="4 December 2026", date_zh="2026年12月4日",
    title=("Digital public infrastructure for sustainable development", "数字公共基础设施促进可持续发展"),
    committee=("Second Committee (A/81/452)", "第二委员会的报告(A/81/452)"),
    agenda=("Agenda item 18", "议程项目18"),
    preamble=[
        ("Recalling", " its resolution 70/1 of 25 September 2015, entitled “Transforming our world: the 2030 "
         "Agenda for Sustainable Development”,", "回顾", "其2015年9月25日题为“变革我们的世界：2030年可持续发展议程”"
         "的第70/1号决议，"),
        ("Taking note", " of the report of the Secretary-General on digital public infrastructure,"
         "[[A/81/215.]] which reviews the progress made in 35 countries,", "注意到",
         "秘书长关于数字公共基础设施的报告，[[A/81/215。]]其中审查了35个国家取得的进展，"),
        ("Recognizing", " that open, secure and inclusive digital systems can support the delivery of public "
         "services to people in rural and remote areas, and that multi-stakeholder cooperation is essential "
         "to their design and governance,", "认识到",
         "开放、安全和包容的数字系统可以支持向农村和偏远地区的人们提供公共服务，多利益攸关方合作对这些系统的设计和治理至关重要，"),
        ("Welcoming", " the outcome of the Global Digital Forum held in Nairobi in 2025,[[See A/81/98, annex.]]",
         "欢迎", "2025年在内罗毕举行的全球数字论坛的成果，[[见A/81/98，附件。]]"),
        ("Concerned", " that the digital divide between and within countries continues to widen, and that "
         "women and girls, older persons and persons with disabilities are often the last to be connected,",
         "关切地注意到", "国家之间和国家内部的数字鸿沟继续扩大，妇女和女童、老年人和残疾人往往最后才能接入，"),
    ],
    operative=[
        ("Welcomes the report of the Secretary-General on digital public infrastructure;",
         "欢迎秘书长关于数字公共基础设施的报告；", []),
        ("Encourages Member States to take the following measures, in accordance with their national "
         "priorities:", "鼓励会员国根据本国优先事项采取以下措施：",
         [("Developing open standards for digital identity, payments and data exchange;",
           "制定数字身份、支付和数据交换的开放标准；"),
          ("Investing in capacity-building for public officials, in particular in the least developed "
           "countries;", "投资于公职人员的能力建设，特别是在最不发达国家；"),
          ("Protecting personal data and privacy through clear legal frameworks;",
           "通过明确的法律框架保护个人数据和隐私；")]),
        ("Calls upon the United Nations development system to support countries that request assistance in "
         "the development of their digital public infrastructure, including through South-South and "
         "triangular cooperation;[[See resolution 73/291, annex.]]",
         "吁请联合国发展系统支持请求协助发展本国数字公共基础设施的国家，包括通过南南合作和三方合作提供支持；[[见第73/291号决议，附件。]]",
         []),
        ("Invites the international financial institutions to consider new financing for digital public "
         "infrastructure, bearing in mind that an estimated 2.6 billion people remain offline;",
         "请国际金融机构考虑为数字公共基础设施提供新的资金，同时铭记估计仍有26亿人没有接入互联网；", []),
        ("Stresses the importance of reviewing progress every 2 years at the regional level;",
         "强调必须每2年在区域一级审查进展情况；", []),
        ("Requests the Secretary-General to submit to the General Assembly at its eighty-third session a "
         "report on the implementation of the present resolution.",
         "请秘书长向大会第八十三届会议提交关于本决议执行情况的报告。", []),
    ],
)

WATER = Resolution(
    key="water", number="81/241", job="26-23461", date_en="4 December 2026", date_zh="2026年12月4日",
    title=("Sustainable management of freshwater ecosystems", "可持续管理淡水生态系统"),
    committee=("Second Committee (A/81/453)", "第二委员会的报告(A/81/453)"),
    agenda=("Agenda item 19", "议程项目19"),
    preamble=[
        ("Reaffirming", " its resolution 64/292 of 28 July 2010 on the human right to water and sanitation,",
         "重申", "其2010年7月28日关于享有水和卫生设施的人权的第64/292号决议，"),
        ("Recalling", " the outcome of the United Nations Water Conference held in New York in 2023,"
         "[[See A/CONF.240/2023/3.]]", "回顾", "2023年在纽约举行的联合国水事会议的成果，[[见A/CONF.240/2023/3。]]"),
        ("Noting with concern", " that wetlands have declined by 35 per cent since 1970 and that many rivers no "
         "longer reach the sea in the dry season,", "关切地注意到", "自1970年以来湿地减少了35%，许多河流在旱季不再流入大海，"),
        ("Recognizing", " the role of indigenous peoples and local communities in the stewardship of "
         "freshwater ecosystems,", "认识到", "土著人民和地方社区在管护淡水生态系统方面的作用，"),
        ("Taking note", " of the work of the Intergovernmental Science-Policy Platform on Biodiversity and "
         "Ecosystem Services,[[See IPBES/10/12, para. 12.]]", "注意到",
         "生物多样性和生态系统服务政府间科学政策平台的工作，[[见IPBES/10/12，第12段。]]"),
        ("Mindful", " that transboundary basins are shared by 153 countries and that cooperation on their "
         "management contributes to peace and development,", "铭记", "153个国家共享跨界流域，在流域管理方面开展合作有助于和平与发展，"),
    ],
    operative=[
        ("Calls upon Member States to integrate the protection and restoration of freshwater ecosystems into "
         "their national development plans;", "吁请会员国将保护和恢复淡水生态系统纳入本国发展计划；", []),
        ("Encourages Member States, in cooperation with relevant stakeholders, to:",
         "鼓励会员国与相关利益攸关方合作：",
         [("Establish environmental flows for rivers that are under pressure from abstraction;",
           "为受取水压力影响的河流确定环境流量；"),
          ("Strengthen the monitoring of water quality, including through citizen science;",
           "加强水质监测，包括通过公民科学开展监测；"),
          ("Share data on transboundary basins in a timely and transparent manner;",
           "及时、透明地分享跨界流域数据；"),
          ("Promote nature-based solutions for flood and drought management;",
           "推广以自然为本的洪水和干旱管理解决办法；")]),
        ("Invites the United Nations Environment Programme to continue its work on the freshwater "
         "indicators of the Sustainable Development Goals;[[See resolution 71/313, annex.]]",
         "请联合国环境规划署继续开展关于可持续发展目标淡水指标的工作；[[见第71/313号决议，附件。]]", []),
        ("Emphasizes the need for long-term financing for the restoration of degraded wetlands and "
         "rivers, and invites donors to contribute to the Freshwater Challenge;",
         "强调需要为恢复退化的湿地和河流提供长期资金，并请捐助方为淡水挑战倡议捐款；", []),
        ("Recognizes the importance of gender equality in water governance and encourages the full, equal "
         "and meaningful participation of women in decision-making at all levels;",
         "认识到性别平等在水治理中的重要性，鼓励妇女在各级决策中充分、平等和切实参与；", []),
        ("Encourages the exchange of good practices among river basin organizations, including at the "
         "regional meetings held every 3 years;",
         "鼓励流域组织交流良好做法，包括在每3年举行一次的区域会议上交流；", []),
        ("Decides to convene a high-level meeting on freshwater ecosystems in 2028, within existing "
         "resources;", "决定在现有资源范围内于2028年召开淡水生态系统问题高级别会议；", []),
        ("Requests the Secretary-General to submit to the General Assembly at its eighty-third session a "
         "report on the implementation of the present resolution, including recommendations on the follow-up "
         "to the high-level meeting.",
         "请秘书长向大会第八十三届会议提交关于本决议执行情况的报告，包括关于高级别会议后续行动的建议。", []),
    ],
)

SESSION = ("Eighty-first session", "第八十一届会议")
PLENARY = ("52nd plenary meeting", "第52次全体会议")
ORDINAL = ["", "", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def _review(n: int) -> str:
    """'second', …, 'tenth', then '11th', '12th', '21st': the English of 第n次."""
    if n < len(ORDINAL):
        return ORDINAL[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ── flat ODT ─────────────────────────────────────────────────────────────────
def _inline(text: str) -> str:
    """TEXT with [[…]] turned into real footnotes."""
    out, pos = [], 0
    for m in NOTE.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append('<text:note text:note-class="footnote"><text:note-body>'
                   f'<text:p text:style-name="Footnote"><text:s/>{escape(m.group(1))}</text:p></text:note-body></text:note>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _body(res: Resolution, lang: str, repeat: int) -> str:
    en = lang == "en"
    i = 0 if en else 1
    symbol = f"A/RES/{res.number}"
    p = []

    def para(style: str, content: str) -> None:
        p.append(f'<text:p text:style-name="{style}">{content}</text:p>')

    para("Masthead", f"{'United Nations' if en else '联合国'}<text:tab/>{symbol}")
    para("Masthead", f"{'General Assembly' if en else '大会'}<text:tab/>Distr.: General "
         f"{'8 December 2026' if en else '2026年12月8日'}")
    para("Meta", SESSION[i])
    para("Meta", res.agenda[i])
    para("Centered", f"Resolution adopted by the General Assembly on {res.date_en}" if en
         else f"{res.date_zh}大会决议")
    para("Centered", f"[on the report of the {res.committee[0]}]" if en else f"[根据{res.committee[1]}通过]")
    para("Title", f"{res.number}.<text:tab/>{escape(res.title[i])}")
    para("Body", "The General Assembly," if en else "大会，")
    for v_en, r_en, v_zh, r_zh in res.preamble:
        if en:
            para("Body", f'<text:span text:style-name="Italic">{escape(v_en)}</text:span>{_inline(r_en)}')
        else:
            para("Body", _inline(v_zh + r_zh))
    p.append('<text:list text:style-name="Operative">')
    for cycle in range(repeat):
        for op_en, op_zh, subs in res.operative:
            text = op_en if en else op_zh
            if cycle:          # a long document for timing: the same measures, reviewed again
                text = (f"At its {_review(cycle + 1)} review, " + text[0].lower() + text[1:] if en
                        else f"在第{cycle + 1}次审查时，" + text)
            p.append(f'<text:list-item><text:p text:style-name="Body">{_inline(text)}</text:p>')
            if subs:
                p.append("<text:list>")
                for s_en, s_zh in subs:
                    p.append(f'<text:list-item><text:p text:style-name="Body">{_inline(s_en if en else s_zh)}'
                             "</text:p></text:list-item>")
                p.append("</text:list>")
            p.append("</text:list-item>")
    p.append("</text:list>")
    para("Closing", PLENARY[i])
    para("Closing", res.date_en if en else res.date_zh)
    return "\n".join(p)


def fodt(res: Resolution, lang: str, repeat: int = 1) -> str:
    en = lang == "en"
    symbol = f"A/RES/{res.number}"
    code = "E" if en else "C"
    job = res.job if en else res.job[:-1] + str((int(res.job[-1]) + 1) % 10)
    barcode = "*" + job.replace("-", "") + "*"
    recycle = "Please recycle" if en else "请回收"
    western, asian = "Liberation Serif", "Noto Serif CJK SC"
    lang_attrs = ('fo:language="en" fo:country="US"' if en else
                  'fo:language="en" fo:country="US" style:language-asian="zh" style:country-asian="CN"')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="{western}" svg:font-family="'{western}'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 <style:font-face style:name="{asian}" svg:font-family="'{asian}'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:text-properties style:font-name="{western}" style:font-name-asian="{asian}" fo:font-size="12pt"
   style:font-size-asian="12pt" {lang_attrs}/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:margin-left="1.25cm" fo:text-indent="1.25cm" fo:margin-bottom="0.3cm"
   fo:text-align="justify" fo:line-height="150%"/>
 </style:style>
 <style:style style:name="Masthead" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.1cm"><style:tab-stops>
   <style:tab-stop style:position="16cm" style:type="right"/></style:tab-stops></style:paragraph-properties>
  <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Meta" style:family="paragraph">
  <style:paragraph-properties fo:margin-left="1.25cm"/>
 </style:style>
 <style:style style:name="Centered" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.3cm" fo:margin-bottom="0.3cm"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:paragraph-properties fo:margin-left="1.25cm" fo:margin-bottom="0.4cm"><style:tab-stops>
   <style:tab-stop style:position="1.5cm"/></style:tab-stops></style:paragraph-properties>
  <style:text-properties fo:font-weight="bold" fo:font-size="13pt" style:font-weight-asian="bold"
   style:font-size-asian="13pt"/>
 </style:style>
 <style:style style:name="Closing" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end"/>
 </style:style>
 <style:style style:name="Footnote" style:family="paragraph">
  <style:paragraph-properties fo:margin-left="1.25cm"/>
  <style:text-properties fo:font-size="8.5pt" style:font-size-asian="8.5pt"/>
 </style:style>
 <style:style style:name="Furniture" style:family="paragraph">
  <style:text-properties fo:font-size="8pt" style:font-size-asian="8pt"/>
 </style:style>
 <style:style style:name="FurnitureRight" style:family="paragraph" style:parent-style-name="Furniture">
  <style:paragraph-properties fo:text-align="end"/>
 </style:style>
 <style:style style:name="Italic" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
 <text:list-style style:name="Operative">
  <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix=".">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="3.75cm"
     fo:text-indent="1.25cm" fo:margin-left="1.25cm"/></style:list-level-properties>
  </text:list-level-style-number>
  <text:list-level-style-number text:level="2" style:num-format="a" style:num-prefix="(" style:num-suffix=")">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="3.75cm"
     fo:text-indent="-1.25cm" fo:margin-left="3.75cm"/></style:list-level-properties>
  </text:list-level-style-number>
 </text:list-style>
 <text:notes-configuration text:note-class="footnote" style:num-format="1" text:start-value="0"
  text:footnotes-position="page" text:start-numbering-at="document"/>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
  fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="First_20_Page" style:display-name="First Page" style:page-layout-name="PL"
  style:next-style-name="Standard">
  <style:footer>
   <text:p text:style-name="Furniture">{job} ({code})<text:tab/>040127</text:p>
   <text:p text:style-name="Furniture">{barcode}</text:p>
   <text:p text:style-name="FurnitureRight">{recycle}</text:p>
  </style:footer>
 </style:master-page>
 <style:master-page style:name="Standard" style:page-layout-name="PL">
  <style:header><text:p text:style-name="FurnitureRight">{symbol}</text:p></style:header>
  <style:footer><text:p text:style-name="Furniture"><text:page-number text:select-page="current">2</text:page-number>/<text:page-count>2</text:page-count><text:tab/><text:tab/>{job}</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
<text:p text:style-name="FirstPage"/>
{_body(res, lang, repeat)}
</office:text></office:body>
</office:document>
"""


def _first_page_style() -> str:
    return ('<style:style style:name="FirstPage" style:family="paragraph" style:master-page-name="First_20_Page"/>')


def gold(res: Resolution, lang: str, repeat: int = 1) -> list[dict]:
    """The paragraphs a reader must find: kind, number, clean text, notes."""
    en = lang == "en"
    i = 0 if en else 1
    out: list[dict] = []
    note = 0

    def add(kind: str, number: str | None, text: str) -> None:
        nonlocal note
        notes = []
        for _ in NOTE.finditer(text):
            note += 1
            notes.append(str(note))
        out.append({"kind": kind, "number": number, "text": NOTE.sub("", text), "notes": notes,
                    "footnotes": [m.group(1) for m in NOTE.finditer(text)]})

    add("meta", None, SESSION[i])
    add("meta", None, res.agenda[i])
    add("meta", None, f"Resolution adopted by the General Assembly on {res.date_en}" if en
        else f"{res.date_zh}大会决议")
    add("meta", None, f"[on the report of the {res.committee[0]}]" if en else f"[根据{res.committee[1]}通过]")
    # the reader closes up the space between Chinese and other characters
    add("title", None, f"{res.number}. {res.title[i]}" if en else f"{res.number}.{res.title[i]}")
    add("preamble", None, "The General Assembly," if en else "大会，")
    for v_en, r_en, v_zh, r_zh in res.preamble:
        add("preamble", None, v_en + r_en if en else v_zh + r_zh)
    n = 0
    for cycle in range(repeat):
        for op_en, op_zh, subs in res.operative:
            n += 1
            text = op_en if en else op_zh
            if cycle:
                text = (f"At its {_review(cycle + 1)} review, " + text[0].lower() + text[1:] if en
                        else f"在第{cycle + 1}次审查时，" + text)
            add("operative", str(n), text)
            for k, (s_en, s_zh) in enumerate(subs):
                add("subparagraph", f"({'abcdefgh'[k]})", s_en if en else s_zh)
    add("closing", None, PLENARY[i])
    add("closing", None, res.date_en if en else res.date_zh)
    # footnotes follow the paragraphs that cite them; the list keeps them apart for comparison
    notes = [{"kind": "footnote", "number": str(k), "text": t}
             for k, t in enumerate((t for p in out for t in p.pop("footnotes")), start=1)]
    return out + notes


def build(res: Resolution, outdir: Path, repeat: int = 1, name: str | None = None) -> list[Path]:
    """Write NAME_C / NAME_E as .fodt, .pdf, .docx, .txt (pdftotext -layout) and .gold.json in OUTDIR."""
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftotext"):
        sys.exit("make_document_fixtures: needs soffice (libreoffice-writer-nogui) and pdftotext (poppler-utils)")
    name = name or res.key
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang, code in (("zh", "C"), ("en", "E")):
            stem = f"{name}_{code}"
            src = Path(tmp) / f"{stem}.fodt"
            src.write_text(fodt(res, lang, repeat).replace("<office:automatic-styles>",
                           "<office:automatic-styles>" + _first_page_style()), encoding="utf-8")
            for target in ("pdf", "docx:MS Word 2007 XML"):
                subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                                "--convert-to", target, "--outdir", str(outdir), str(src)],
                               check=True, capture_output=True)
            subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(outdir / f"{stem}.pdf"),
                            str(outdir / f"{stem}.txt")], check=True)
            (outdir / f"{stem}.gold.json").write_text(
                json.dumps(gold(res, lang, repeat), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written += [outdir / f"{stem}.{ext}" for ext in ("pdf", "docx", "txt", "gold.json")]
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=OUT)
    parser.add_argument("--repeat", type=int, default=1, help="repeat the operative part N times")
    args = parser.parse_args()
    # the water resolution reviews its measures twice: a pair of several pages
    for res, repeat in ((DPI, args.repeat), (WATER, 2 * args.repeat)):
        name = res.key if args.repeat == 1 else f"{res.key}_x{args.repeat}"
        for path in build(res, args.outdir, repeat, name):
            print(path, path.stat().st_size)


if __name__ == "__main__":
    main()
