"""One synthetic meeting report and the facts it states (used by generate.py).

A report is assembled the way the dev articles are: page chrome, a dateline and the
convening sentence, who spoke / presided / attended (title chains before names, group
labels before bare names), then speech and 会议强调 paragraphs with numbered directives and
quoted slogans until the target length, then the closing lines. Every person written is
recorded with the posts exactly as written and the roles the verb gives them; people only
mentioned (bylines, someone's 批示) are recorded as optional, as the dev gold does.
"""
from __future__ import annotations

import random
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHRASING = tomllib.loads(Path(__file__).with_name("phrasing.toml").read_text(encoding="utf-8"))
TEXT = PHRASING["text"]
YEARS = range(2015, 2025)
NUMERALS = "零一二三四五六七八九十"
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", "(": "（", ")": "）"})


def _themes() -> tuple[list[str], list[str], dict[str, str]]:
    """Slogan-like labels (quoted in templates), campaign terms, and the unquoted forms that name a theme.

    Unquoted, only numbered formulas (四个意识) and the tracked policy terms count, as in the gold.
    """
    lexicon = ROOT / "ontology" / "lexicon"
    tracked = {x.strip() for x in (lexicon / "themes_tracked.txt").read_text(encoding="utf-8").splitlines()
               if x.strip() and not x.startswith("#")}
    quotable, campaigns, forms = [], [], {}
    for line in (lexicon / "themes.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        label, category = cols[0], cols[1]
        if label in tracked or re.match(r"^[一二两三四五六七八九十]+[个件项大条]", label):
            forms[label] = label
            for variant in filter(None, (cols[2] if len(cols) > 2 else "").split("|")):
                forms[variant] = label
        if category in ("crime_fighting", "grassroots"):
            campaigns.append(cols[2].split("|")[0] if len(cols) > 2 and cols[2] and category == "crime_fighting" else label)
        elif len(label) <= 8:
            quotable.append(label)
    return quotable, campaigns, forms


QUOTABLE, CAMPAIGNS, THEME_FORMS = _themes()


class Fill(dict):
    """Placeholder values for one template: unit words given, the rest drawn when first asked for."""

    def __init__(self, doc: "Doc", **given: str) -> None:
        super().__init__(doc.words, **given)
        self.doc = doc

    def __missing__(self, key: str) -> str:
        rng, doc = self.doc.rng, self.doc
        if key in ("t1", "t2"):
            value = rng.choice(QUOTABLE)
        elif key == "tc":
            value = rng.choice(CAMPAIGNS)
        elif key == "s1":
            value = rng.choice(doc.unit.slogans)
        elif key in ("n1", "n2", "count"):
            value = NUMERALS[rng.randint(3, 10)]
        elif key in ("p1", "p2"):
            value = f"{rng.uniform(3, 40):.2f}"
        elif key in ("k1", "k2"):
            value = str(rng.randint(300, 9000))
        elif key in ("assessment", "context", "title"):
            value = doc.fill(rng.choice(TEXT["report_title" if key == "title" else key]))
        elif key in ("demand", "demand2"):
            value = doc.fill(doc.draw("demand"))
        elif key in ("how", "how2"):
            value = doc.fill(doc.draw("how"))
        elif key in ("r1", "r2", "r3"):
            value = doc.reporter()
        else:
            raise KeyError(key)
        self[key] = value
        return value


class Doc:
    """The document being written: its unit, year, people and their recorded facts."""

    def __init__(self, world, rng: random.Random, unit, year: int) -> None:
        self.world, self.rng, self.unit, self.year = world, rng, unit, year
        self.words = {**unit.words(), "year": str(year), "prev": str(year - 1),
                      "sub": {"p": "市", "c": "县市区", "k": "派出所"}[unit.group]}
        self.persons: dict[str, dict] = {}
        self.optional: list[str] = []
        self.used: dict[str, list[str]] = {}

    def fill(self, template: str, **given: str) -> str:
        return template.format_map(Fill(self, **given))

    def draw(self, pool: str) -> str:
        """A phrase not used yet in this document (directives do not repeat themselves)."""
        left = [x for x in TEXT[pool] if x not in self.used.setdefault(pool, [])] or TEXT[pool]
        choice = self.rng.choice(left)
        self.used[pool].append(choice)
        return choice

    def who(self, seat, pid: int, roles: tuple[str, ...] = (), full: bool | None = None) -> str:
        """The person as written here: title chain + name at the first mention, a shorter form after."""
        name = self.world.person_name[pid]
        entry = self.persons.setdefault(name, {"name": name, "id": pid, "posts": [], "roles": set(), "chain": False})
        entry["roles"].update(roles)
        if full is False:
            return name
        if not entry["chain"] or full:
            entry["chain"] = True
            words = seat.unit.words()
            chain = [item.format_map(words) for item in self.rng.choice(seat.chains)]
            for post in chain:
                if post not in entry["posts"]:
                    entry["posts"].append(post)
            joined = "、".join(chain)
            if len(chain) >= 3 and self.rng.random() < 0.3:
                joined = chain[0] + "," + "、".join(chain[1:])
            return joined + name
        form = self.rng.random()
        if form < 0.5:
            return name
        if form < 0.8:
            return name + "同志"
        return name + seat.short.format_map(seat.unit.words())

    def reporter(self) -> str:
        names = self.world.names
        while True:
            surname = self.rng.choices(names.surnames, cum_weights=names.weights)[0]
            name = surname + "".join(self.rng.choices(names.given, k=self.rng.choice((1, 2, 2))))
            if name not in names.used:
                self.optional.append(name)
                return name


def _pick_unit(world, rng: random.Random):
    weights = [{"p": 3, "c": 2, "k": 1}[u.group] for u in world.units]
    return rng.choices(world.units, weights=weights)[0]


def _seat(world, unit, key: str, year: int, exclude: set[int]):
    for k in (key, "chief", "exec", "commissar", "secretary"):
        found = world.seat(unit, k, year)
        if found and found[1] not in exclude:
            return found
    return None


def _numbered(doc: Doc, count: int) -> str:
    style = doc.rng.choice(("一是要{}。", "一要{};", "一要{}。"))
    items = []
    for i in range(count):
        text = f"{doc.fill('{demand},{how}')}"
        items.append(style.replace("一", NUMERALS[i + 1] if i < 10 else str(i + 1), 1).format(text))
    out = "".join(items)
    return out[:-1] + "。" if out.endswith(";") else out


def compose(world, rng: random.Random) -> tuple[str, dict]:
    """One report (text) and its truth (meeting, persons with posts and roles, optional persons, themes)."""
    unit = _pick_unit(world, rng)
    year = rng.choice(YEARS)
    kinds = [m for m in PHRASING["meetings"] if m["weight"][unit.group] > 0]
    kind = rng.choices(kinds, weights=[m["weight"][unit.group] for m in kinds])[0]
    doc = Doc(world, rng, unit, year)
    day = date(year, rng.choice(kind["months"]), rng.randint(1, 28))
    meeting = doc.fill(rng.choice(kind["name"]))
    capital = next((u for u in world.units if u.parent is unit), unit) if unit.group == "p" else unit
    venue = capital.name

    taken: set[int] = set()
    speaker = _seat(world, unit, kind["speaker"], year, taken)
    taken.add(speaker[1])
    chair = speaker if kind["chair"] == kind["speaker"] else _seat(world, unit, kind["chair"], year, taken)
    taken.add(chair[1])

    # header and opening
    head: list[str] = []
    if rng.random() < 0.3:
        head.append(rng.choice(TEXT["breadcrumb"]))
    if rng.random() < 0.8:
        title = meeting + "召开"
        head.append(rng.choice((title, f"{unit.short}召开{meeting}", f"{doc.fill('{title}')}——{title}")))
    if rng.random() < 0.7:
        pub = day + timedelta(days=rng.choice((0, 0, 1, 2)))
        head.append(doc.fill(rng.choice(TEXT["publine"]), pub=pub.isoformat(), pubcn=f"{pub.year}年{pub.month:02d}月{pub.day:02d}日",
                             hm=f"{rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}", sec=f"{rng.randint(0, 59):02d}",
                             month=str(day.month), day=str(day.day)))
    when = f"{day.month}月{day.day}日" + rng.choice(("", "", "上午", "下午"))
    if rng.random() < 0.2:
        when = f"{year}年" + when
    byline = doc.fill(rng.choice(TEXT["byline"]), month=str(day.month), day=str(day.day)) if rng.random() < 0.4 else ""
    convene = rng.choice(TEXT["convene"])
    place = venue if "{venue}" in convene else None
    body = [byline + doc.fill(convene, date=when, meeting=meeting, venue=venue) + doc.fill(rng.choice(TEXT["purpose"]))]

    # who spoke, presided and attended
    if chair is speaker:
        roles = [f"{doc.who(*chair, ('presided', 'spoke'))}主持会议并讲话。"]
    else:
        lead = doc.who(*speaker, ("spoke",)) + rng.choice(("出席会议并讲话", "出席并讲话", "出席会议并作重要讲话"))
        chairing = rng.choice(("{}主持会议", "{}主持", "会议由{}主持"))
        chairing = chairing.format(doc.who(*chair, ("presided",)))
        roles = [lead + ("," + chairing + "。" if rng.random() < 0.4 else "。" + chairing + "。")]
    own = [s for s in world.seats if s.unit is unit and world.holders[year][s.id] not in taken]
    rng.shuffle(own)
    attending = own[: rng.randint(1, 4)]
    if attending:
        roles.append(",".join(doc.who(s, world.holders[year][s.id], ("attended",)) for s in attending) + "出席会议。")
    taken.update(world.holders[year][s.id] for s in attending)
    superior = None
    if unit.parent is not None and rng.random() < 0.35:
        above = [s for s in world.seats if s.unit is unit.parent and s.key in ("polit", "deputy", "commissar", "exec")]
        if above:
            superior = (seat := rng.choice(above), world.holders[year][seat.id])
            roles.append(f"{doc.who(*superior, ('attended',))}到会指导。")
    grouped = [s for s in own[len(attending):] if world.holders[year][s.id] not in taken][: rng.randint(2, 4)]
    group_line = None
    if len(grouped) >= 2 and rng.random() < 0.6:
        names = "、".join(doc.who(s, world.holders[year][s.id], ("attended",), full=False) for s in grouped)
        group_line = f"{doc.words['label']}{names}{rng.choice(('参加会议', '出席会议'))}。"
    body.append("".join(roles))

    # the body: speeches, numbered directives, what the meeting stressed, until the target length
    blocks = [doc.fill(rng.choice(TEXT["speech"]), who=doc.who(*speaker), who2="他")]
    if rng.random() < 0.7:
        blocks.append(f"{doc.who(*speaker)}强调,{doc.fill('{context}')}。" + _numbered(doc, rng.randint(3, 5)))
    extras = []
    if rng.random() < 0.5:
        reporter = chair if chair is not speaker and chair[0].key == "chief" else world.seat(unit, "chief", year)
        if reporter and reporter[1] != speaker[1]:
            extras.append(doc.fill(rng.choice(TEXT["report"]), who=doc.who(*reporter, ("spoke",))))
    if rng.random() < 0.5:
        reader = world.seat(unit, "polit", year) or world.seat(unit, "commissar", year)
        if reader and reader[1] not in (speaker[1], chair[1]):
            extras.append(doc.fill(rng.choice(TEXT["commend"]), who=doc.who(*reader, ("spoke",))))
    if superior:
        count = rng.randint(3, 4)
        extras.append(doc.fill(rng.choice(TEXT["superior"]), who=doc.who(*superior, ("spoke",)),
                               count=NUMERALS[count], abbr=superior[0].unit.words()["abbr"]) + _numbered(doc, count))
    rng.shuffle(extras)
    blocks += extras
    target = rng.randint(1400, 2300)  # the last block overshoots by up to ~250 characters
    tail = [x for x in (group_line,) if x]
    if rng.random() < 0.3:
        tail.append(_reference(doc, world, unit, year))
    tail.append(doc.fill(rng.choice(TEXT["closing"])))
    size = sum(map(len, head + body + blocks + tail))
    lists = 1 + len(blocks) - len(extras) - 1  # numbered lists so far (a real report has one or two)
    while size < target:
        verb = rng.choice(("强调", "要求", "指出"))
        if rng.random() < 0.65:
            block = doc.fill(rng.choice(TEXT["meeting_says"]))
        elif lists < 2:
            block = f"{doc.who(*speaker)}{verb},要{doc.fill('{demand},{how}')}。" + _numbered(doc, rng.randint(2, 4))
            lists += 1
        else:
            block = doc.fill(rng.choice(TEXT["speech"]), who=doc.who(*speaker), who2="他")
        blocks.insert(rng.randint(1, len(blocks)), block)
        size += len(block)

    comma_full = rng.random() < 0.4
    paragraphs = body + blocks + [x for x in tail if x]
    if comma_full:
        paragraphs = [p.translate(_FULL_WIDTH) for p in paragraphs]
    footer = doc.fill(rng.choice(TEXT["footer"])) if rng.random() < 0.5 else ""
    sep = rng.choice(("\n", "\n\n", "\n\n  "))
    text = "\n".join(head) + ("\n\n" if head else "") + sep.join(paragraphs) + ("\n" + footer if footer else "") + "\n"

    if "习近平" in text:
        doc.optional.append("习近平")
    persons = [{"name": p["name"], "id": p["id"], "posts": p["posts"],
                "roles": sorted(p["roles"] | ({"attended"} if p["roles"] else set()))}
               for p in doc.persons.values() if p["name"] not in doc.optional]
    # the meeting's year written where it dates the meeting (else date null, as in the gold)
    dated = any(str(year) in x for x in [meeting, when, *head]) or f"部署{year}年" in body[0]
    truth = {"unit": unit.code, "year": year, "chars": len(text),
             "meeting": {"name": meeting, "date": day.isoformat() if dated else None, "place": place},
             "persons": persons, "optional_persons": sorted(set(doc.optional)), "themes": _themes_in(text)}
    return text, truth


def _reference(doc: Doc, world, unit, year: int) -> str:
    """Someone's instructions conveyed: a person named who did not attend (optional in the gold)."""
    province = unit.province
    seat, pid = world.seat(province, doc.rng.choice(("chief", "secretary")), year)
    name = world.person_name[pid]
    if name in doc.persons:
        return ""
    doc.optional.append(name)
    chain = "、".join(item.format_map(province.words()) for item in seat.chains[-1])
    words = province.words()
    chain = chain.replace(words["police"], words["lv"] + words["police"], 1) if "公安" in chain and words["lv"] + words["police"] not in chain else chain
    chain = chain.replace(words["party"], words["party"], 1)
    return doc.fill(doc.rng.choice(TEXT["reference"]), who=chain + name)


def _themes_in(text: str) -> list[str]:
    """Quoted slogans, 《》 titles and themes.tsv terms the text names (the dev gold's lenient rule)."""
    found = dict.fromkeys(re.findall(r"“([^”]{2,40})”", text) + re.findall(r"《([^》]{2,60})》", text))
    for form, label in THEME_FORMS.items():
        if form in text:
            found.setdefault(label)
    return list(found)
