"""Write a realistic benchmark corpus: the seed documents copied N times as new governments.

`python -m tests.bench_corpus N OUT` writes OUT/documents/ and the staff files of content/.
Every copy renames the seeds' governments (市, 区, 县, 新区 and the 街道/镇 named in their
units), their leaders and their file numbers with generated but plausible names, and shifts
the years, so each copy has its own documents, units, leaders and pages while every layout
(numbered paragraphs, the report, text columns, a tab-separated table) stays as written.

Names keep their length, so a layout that lines text up stays lined up. The same N always gives
byte-identical files, and copy k is the same whatever N is (copies are named in order).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pypinyin import lazy_pinyin

from generator.config import Config, load_config
from generator.model import Document
from generator.read.parse import parse_paths, sidecar_path

# Characters that read as place names and are never a level (市, 区, 县, 镇, 州…) or a label.
PLACE_FIRST = (
    "东西南北青临安永长平清宁丰兴宜华金玉龙凤白云太恒德嘉瑞祥福寿昌盛桐柳桂梅杏松柏石高曲"
    "沂汶沭淄潍滨莒蒙峄岱崂胶莘冠茌鄄郓湘阆汾洛涿邢沧衡"
)
PLACE_MIDDLE = "家马石王李杨河大小新古上下前后双三五黄柳官沙郭徐"
PLACE_LAST = (
    "阳山河川江湖泉溪源城宁安平丰林水原岭桥台海峰丘陵泽津浦滩洲岩谷坪亭关门塘沟庄营店堡"
    "集坊屯邑陶乐昌定远成化和康顺"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红建文辉力宁斌波宇浩凯鹏飞鑫俊峰晨"
    "健新海东林春国庆永志学成兴安忠德荣立卫民宏光亮继振鸿宗雪梅兰琳婷晶晓"
)
# Year shifts per copy, in turn: copies spread over the years around the seeds'.
YEAR_SHIFTS = (0, -1, 1, -2, 2, -3)
# A year as written in a document: 2023年, 〔2023〕, 2023-2025年, 2023 年, 2023-02-24.
YEAR = re.compile(r"(?<![\d.])(20[0-4]\d)(?=\s*(?:年|〕|\]|-|－|—|–|~|～|至))")
# The levels a government's name is made of: 烟台市 + 莱山区, or one 西海岸新区.
LEVEL = re.compile(r"(.+?)(自治区|自治州|新区|省|市|州|盟|区|县|旗)")
# A place named in a unit: 初家街道办事处, 王台镇, 泰山经济开发区.
UNIT_PLACE = re.compile(
    r"^(?:[区市县])?([\u4e00-\u9fff]{2,3}?)"
    r"(?:街道办事处$|街道$|镇人民政府$|镇政府$|镇$|乡$|经济开发区|开发区|农高区)"
)
SPACE = "[ \u3000]*"
TEXT_SUFFIXES = (".txt", ".md", ".csv", ".tsv")
MAX_TRIES = 10_000


@dataclass(frozen=True)
class SeedNames:
    """What a copy renames: places (by length), leaders and file-number abbreviations."""

    places: tuple[str, ...]
    leaders: tuple[str, ...]
    abbreviations: tuple[tuple[str, tuple[str, ...]], ...]
    regions: tuple[tuple[str, ...], ...]
    text: str


def region_stems(region: str) -> list[str]:
    """Split a government's name into the place names of its levels: 烟台市莱山区 → 烟台, 莱山."""
    return [stem for stem, _ in LEVEL.findall(region) if len(stem) >= 2]


def seed_names(seeds: list[Path], documents: list[Document], config: Config) -> SeedNames:
    """Collect the names a copy must rename from the parsed seeds."""
    places: set[str] = set()
    leaders: set[str] = set()
    abbreviations: list[tuple[str, tuple[str, ...]]] = []
    regions: list[tuple[str, ...]] = []
    for document in documents:
        stems = region_stems(document.region)
        regions.append(tuple(stems))
        places.update(stems)
        # A long name (青岛西海岸) is also written by its first two characters (青岛).
        places.update(stem[:2] for stem in stems if len(stem) >= 4)
        for task in document.tasks:
            leaders.update(leader.name for leader in task.leaders if len(leader.name) >= 2)
            for unit in task.units:
                match = UNIT_PLACE.match(unit.name)
                if match and not any(p.search(match.group(1)) for p in config.collectives):
                    places.add(match.group(1))
        # A file number opens with the government's initials: 烟莱政办发〔2023〕2号.
        prefix = document.doc_number.split("〔", 1)[0]
        chars = set("".join(stems))
        initials = ""
        for char in prefix:
            if char not in chars:
                break
            initials += char
        if len(initials) >= 2 and initials not in places:
            abbreviations.append((prefix, tuple(stems)))
    text = "".join(path.read_text(encoding="utf-8") for path in seeds)
    return SeedNames(
        tuple(sorted(places, key=lambda s: (-len(s), s))),
        tuple(sorted(leaders, key=lambda s: (-len(s), s))),
        tuple(sorted(set(abbreviations))),
        tuple(regions),
        text,
    )


class NameMaker:
    """Hand out new place and person names, never one used before or found in the seeds."""

    def __init__(self, seed_text: str) -> None:
        self.seed_text = seed_text
        self.used: set[str] = set()
        self.sounds: set[str] = set()

    def _fresh(self, make: Callable[[], str], distinct_sound: bool) -> str:
        for _ in range(MAX_TRIES):
            name = make()
            sound = "".join(lazy_pinyin(name))
            if name in self.used or name in self.seed_text:
                continue
            if distinct_sound and sound in self.sounds:
                continue
            self.used.add(name)
            self.sounds.add(sound)
            return name
        raise RuntimeError(f"no fresh name of {len(make())} characters left")

    def place(self, rng: random.Random, length: int, distinct_sound: bool) -> str:
        """Make a place name of length characters: 东阳, 杨家庄, 临河大石湾."""

        def part(size: int) -> str:
            middle = "".join(rng.sample(PLACE_MIDDLE, size - 2))
            return rng.choice(PLACE_FIRST) + middle + rng.choice(PLACE_LAST)

        def make() -> str:
            # A long name is two: a city's (青岛) and a place's (西海岸).
            return part(length) if length <= 3 else part(2) + part(length - 2)

        return self._fresh(make, distinct_sound)

    def person(self, rng: random.Random, length: int) -> str:
        """Make a person's name of length characters: surname and given name."""

        def make() -> str:
            return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(length - 1))

        return self._fresh(make, False)


def copy_names(names: SeedNames, maker: NameMaker, copy: int) -> dict[str, str]:
    """Map every seed name to its new name in copy number copy."""
    rng = random.Random(f"bench-corpus-{copy}")
    region_stems_all = {stem for stems in names.regions for stem in stems}
    mapping: dict[str, str] = {}
    for place in names.places:
        if place in mapping:
            continue
        if len(place) == 2 and any(len(s) >= 4 and s[:2] == place for s in names.places):
            continue  # named with its long form below
        new = maker.place(rng, len(place), place in region_stems_all)
        mapping[place] = new
    for place in names.places:
        if place not in mapping:
            long = next(s for s in names.places if len(s) >= 4 and s[:2] == place)
            mapping[place] = mapping[long][:2]
    for leader in names.leaders:
        mapping[leader] = maker.person(rng, len(leader))
    for prefix, stems in names.abbreviations:
        # Each initial is the character at the same place in the renamed government.
        chars = {old: new for stem in stems for old, new in zip(stem, mapping[stem], strict=True)}
        mapping[prefix] = "".join(chars.get(char, char) for char in prefix)
    return mapping


def rename(text: str, mapping: dict[str, str], leaders: set[str], shift: int) -> str:
    """Rewrite text with the copy's names (longest first, one pass) and shifted years."""
    keys = sorted(mapping, key=lambda key: (-len(key), key))
    # A leader is often written with spaces between the characters (赵 健) to fill a cell.
    pattern = re.compile(
        "|".join(SPACE.join(map(re.escape, k)) if k in leaders else re.escape(k) for k in keys)
    )

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        key = re.sub(SPACE, "", found)
        new = iter(mapping[key])
        # Keep the spaces as written, change only the characters.
        return "".join(char if char in " \u3000" else next(new) for char in found)

    renamed = pattern.sub(replace, text)
    return YEAR.sub(lambda m: str(int(m.group(1)) + shift), renamed)


def write_corpus(content: Path, out: Path, copies: int) -> list[Path]:
    """Write content's seed documents copies times, renamed, into out; return the documents."""
    config = load_config(content)
    seeds = sorted(
        p for p in (content / "documents").iterdir() if p.suffix.lower() in TEXT_SUFFIXES
    )
    documents, errors = parse_paths(seeds, config)
    if errors:
        raise RuntimeError(f"seeds do not parse: {errors}")
    names = seed_names(seeds, documents, config)
    maker = NameMaker(names.text)
    if out.exists():
        shutil.rmtree(out)
    (out / "documents").mkdir(parents=True)
    for staff in sorted(content.iterdir()):
        if staff.is_file():
            shutil.copyfile(staff, out / staff.name)
    written: list[Path] = []
    leaders = set(names.leaders)
    for copy in range(copies):
        mapping = copy_names(names, maker, copy)
        shift = YEAR_SHIFTS[copy % len(YEAR_SHIFTS)]
        for seed, document in zip(seeds, documents, strict=True):
            target = out / "documents" / f"{copy:04d}_{seed.name}"
            text = seed.read_text(encoding="utf-8")
            target.write_text(rename(text, mapping, leaders, shift), encoding="utf-8")
            written.append(target)
            sidecar = sidecar_path(seed)
            if sidecar is not None:
                body = rename(sidecar.read_text(encoding="utf-8"), mapping, leaders, shift)
                new_id = new_document_id(document, mapping, shift)
                body = re.sub(r"(?m)^id:.*$", f"id: {new_id}", body)
                (target.with_suffix(sidecar.suffix)).write_text(body, encoding="utf-8")
    return written


def new_document_id(document: Document, mapping: dict[str, str], shift: int) -> str:
    """An id for a copy's sidecar: the renamed government in pinyin and the shifted year."""
    stems = [mapping.get(stem, stem) for stem in region_stems(document.region)]
    parts = ["".join(lazy_pinyin(stem)) for stem in stems] or ["doc"]
    year = f"-{document.year + shift}" if document.year else ""
    return "-".join(parts) + year


def main(argv: list[str] | None = None) -> int:
    """Write a corpus of N renamed copies of content/documents."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("copies", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--content", type=Path, default=Path("content"))
    args = parser.parse_args(argv)
    written = write_corpus(args.content, args.out, args.copies)
    print(f"{len(written)} documents written to {args.out / 'documents'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
