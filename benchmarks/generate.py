"""Deterministic synthetic news for the archiver benchmarks.

Each article is a function of ``(seed, index)`` alone, so any slice of a corpus can be rebuilt
without the rest, the first K articles of a big corpus are the K-article corpus, and two machines
produce byte-identical files. An article looks like wire copy:

    Headline In Title Case

    By First Last
    Published March 3, 2024 10:15 a.m. ET

    DANBURY, Conn. (AP) — First paragraph ...

    4–10 paragraphs in all, ~3–4 KB, words drawn from a Zipfian vocabulary: about a thousand real
    English words ranked by rough news frequency (``words.txt``, news-topical on purpose so the topic
    tagger has work to do), then a long tail of invented words (8 % of running words) that gives
    every corpus its rare terms. The package's topic lexicon is deliberately not read: the corpus
    must not change when the tagger's vocabulary does.

People come from invented first/last name lists, places from the tagger's own gazetteer
(``archiver.tagging.gazetteer``; a short built-in list when it cannot load), outlets from
``archiver/data/outlets.json`` (else the registry source in ``tools/outlets_src``, else a short
built-in list); those two data files do shape the corpus, so ``corpus_fingerprint`` is
recorded with every benchmark result. Places, people and outlets are themselves Zipfian, so a
few are in many articles and most in few, as in a real archive.

Command line::

    python benchmarks/generate.py --articles 10000 --txt DIR       # DIR/0000/0000000.txt ...
    python benchmarks/generate.py --articles 5000 --jsonl out.jsonl  # or --jsonl - for stdout
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import itertools
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_SEED = 20240601
FILES_PER_DIR = 1000
TAIL_WORDS = 30_000  # invented words after the real ones: the rare end of the vocabulary
ZIPF_S = 1.0
TAIL_MASS = 0.08  # share of running words drawn from the invented tail (names, jargon, typos in real news)
FIRST_DAY = datetime.date(2015, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
MAX_PLACES = 2500
PEOPLE_POOL = 20_000

FIRST_NAMES = """James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Betty Mark
Sandra Donald Margaret Steven Ashley Paul Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin
Carol Brian Amanda George Melissa Timothy Deborah Ronald Stephanie Jason Rebecca Edward Laura Jeffrey
Helen Ryan Sharon Jacob Cynthia Gary Kathleen Nicholas Amy Eric Angela Jonathan Shirley Stephen Anna
Larry Brenda Justin Pamela Scott Emma Brandon Nicole Benjamin Samantha Samuel Katherine Gregory
Christine Alexander Debra Patrick Rachel Frank Carolyn Raymond Janet Jack Maria Dennis Olivia Jerry
Heather Tyler Diane Aaron Julie Jose Joyce Adam Victoria Nathan Ruth Henry Virginia Zachary Lauren
Douglas Kelly Peter Christina Kyle Joan Noah Evelyn Ethan Judith Jeremy Andrea Walter Hannah Christian
Megan Keith Cheryl Roger Jacqueline Terry Martha Austin Madison Sean Teresa Gerald Gloria Carl Sara
Harold Janice Dylan Ann Arthur Kathryn Lawrence Abigail Jordan Sophia Jesse Frances Bryan Jean Billy
Alice Bruce Judy Gabriel Isabella Joe Julia Logan Grace Alan Amber Juan Denise Albert Danielle Willie
Marilyn Elijah Beverly Wayne Charlotte Randy Natalie Vincent Theresa Mason Diana Roy Brittany Ralph
Doris Bobby Kayla Russell Alexis Bradley Lori Philip Marie Eugene Priya Amara Kwame Mei Hiroshi Ingrid
Mateo Lucia Tomasz Aisha Omar Fatima Ravi Ngozi Sven Elena Dmitri Chiara Yusuf Leila Tariq Nadia""".split()

LAST_NAMES = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez
Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz
Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson
Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray
Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins
Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero
Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant
Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez
McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford
Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer
Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson
Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kowalski Okafor Lindqvist Novak Haddad
Takahashi Mensah Petrov Rossi Kaur Abdullah Osei Bianchi Yamamoto Eriksen Dubois Moretti Okonkwo
Varga Ivanova Brennan Whitfield Kettering Ashcombe Thornbury Vantassel Quillan Harrowgate""".split()

ROLES = [
    "Mayor",
    "Gov.",
    "Sen.",
    "Rep.",
    "Police Chief",
    "Superintendent",
    "Council President",
    "Commissioner",
    "Judge",
    "Dr.",
    "Professor",
    "Fire Chief",
    "State Treasurer",
    "Sheriff",
]
ROLE_WORDS = [
    "spokesperson",
    "director",
    "resident",
    "business owner",
    "teacher",
    "analyst",
    "organizer",
    "chief executive",
    "attorney",
    "board member",
    "economist",
    "nurse",
    "coach",
    "volunteer",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
AP_STATES = {
    "Alabama": "Ala.",
    "Arizona": "Ariz.",
    "Arkansas": "Ark.",
    "California": "Calif.",
    "Colorado": "Colo.",
    "Connecticut": "Conn.",
    "Delaware": "Del.",
    "Florida": "Fla.",
    "Georgia": "Ga.",
    "Illinois": "Ill.",
    "Indiana": "Ind.",
    "Kansas": "Kan.",
    "Kentucky": "Ky.",
    "Louisiana": "La.",
    "Maryland": "Md.",
    "Massachusetts": "Mass.",
    "Michigan": "Mich.",
    "Minnesota": "Minn.",
    "Mississippi": "Miss.",
    "Missouri": "Mo.",
    "Montana": "Mont.",
    "Nebraska": "Neb.",
    "Nevada": "Nev.",
    "New Hampshire": "N.H.",
    "New Jersey": "N.J.",
    "New Mexico": "N.M.",
    "New York": "N.Y.",
    "North Carolina": "N.C.",
    "North Dakota": "N.D.",
    "Oklahoma": "Okla.",
    "Oregon": "Ore.",
    "Pennsylvania": "Pa.",
    "Rhode Island": "R.I.",
    "South Carolina": "S.C.",
    "South Dakota": "S.D.",
    "Tennessee": "Tenn.",
    "Vermont": "Vt.",
    "Virginia": "Va.",
    "Washington": "Wash.",
    "West Virginia": "W.Va.",
    "Wisconsin": "Wis.",
    "Wyoming": "Wyo.",
}
# (name, admin1 or country name, country code): used when the gazetteer cannot load.
FALLBACK_PLACES = [
    ("New York", "New York", "US"),
    ("Los Angeles", "California", "US"),
    ("Chicago", "Illinois", "US"),
    ("Houston", "Texas", "US"),
    ("Phoenix", "Arizona", "US"),
    ("Philadelphia", "Pennsylvania", "US"),
    ("Hartford", "Connecticut", "US"),
    ("Danbury", "Connecticut", "US"),
    ("Boston", "Massachusetts", "US"),
    ("Denver", "Colorado", "US"),
    ("Seattle", "Washington", "US"),
    ("Atlanta", "Georgia", "US"),
    ("Miami", "Florida", "US"),
    ("Portland", "Oregon", "US"),
    ("Albany", "New York", "US"),
    ("London", "United Kingdom", "GB"),
    ("Paris", "France", "FR"),
    ("Berlin", "Germany", "DE"),
    ("Nairobi", "Kenya", "KE"),
    ("Tokyo", "Japan", "JP"),
    ("Sydney", "Australia", "AU"),
    ("Toronto", "Canada", "CA"),
    ("Mumbai", "India", "IN"),
    ("Lagos", "Nigeria", "NG"),
    ("Madrid", "Spain", "ES"),
    ("Rome", "Italy", "IT"),
    ("Cairo", "Egypt", "EG"),
    ("Lima", "Peru", "PE"),
]
FALLBACK_OUTLETS = [
    ("Associated Press", "apnews.com"),
    ("Reuters", "reuters.com"),
    ("NBC Connecticut", "nbcconnecticut.com"),
    ("The Hartford Courant", "courant.com"),
    ("The New York Times", "nytimes.com"),
    ("BBC News", "bbc.co.uk"),
    ("The Guardian", "theguardian.com"),
    ("Chicago Tribune", "chicagotribune.com"),
]
WIRE_TAGS = {
    "Associated Press": "AP",
    "Reuters": "Reuters",
    "Agence France-Presse": "AFP",
    "United Press International": "UPI",
    "Bloomberg News": "Bloomberg",
}
SYLLABLES = (
    "ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko ku la le li lo lu ma me mi mo mu na ne "
    "ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za zo "
    "bran cor dal fen gor hal kin lor mar nel per quin ros sel tor vel wen yar zen"
).split()
ENDINGS = ("", "", "s", "ed", "ing", "er", "ly", "ion", "al", "ist", "ary", "ent")


@dataclass(frozen=True)
class Place:
    name: str
    region: str  # US state or country name
    country: str


@dataclass(frozen=True)
class Synthetic:
    """One generated article and the facts it was built from (for checks and queries)."""

    index: int
    text: str
    title: str
    outlet: str
    published: datetime.date
    people: tuple[str, ...]
    places: tuple[str, ...]


def _zipf_cum(n: int, s: float = ZIPF_S) -> list[float]:
    return list(itertools.accumulate(1.0 / (r**s) for r in range(1, n + 1)))


def _vocabulary_cum(n_real: int, n_tail: int) -> list[float]:
    """Cumulative weights: 1/rank over the whole list, the tail scaled to ``TAIL_MASS`` in all."""
    weights = [1.0 / (r**ZIPF_S) for r in range(1, n_real + n_tail + 1)]
    head, tail = sum(weights[:n_real]), sum(weights[n_real:])
    scale = (TAIL_MASS / (1 - TAIL_MASS)) * head / tail if tail else 0.0
    return list(itertools.accumulate(w * (scale if r >= n_real else 1.0) for r, w in enumerate(weights)))


def _real_words() -> list[str]:
    words = []
    for line in (HERE / "words.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words += line.split()
    seen, out = set(), []
    for w in words:
        w = w.strip()
        if w and " " not in w and w.isascii() and w.lower() not in seen:
            seen.add(w.lower())
            out.append(w)
    return out


def invented_words(n: int, seed: int) -> list[str]:
    """``n`` distinct pronounceable non-words (deterministic)."""
    rng = random.Random(f"tail:{seed}")
    out, seen = [], set()
    while len(out) < n:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + rng.choice(ENDINGS)
        if w not in seen and len(w) >= 5:
            seen.add(w)
            out.append(w)
    return out


def load_places(limit: int = MAX_PLACES) -> tuple[list[Place], str]:
    """Cities from the tagger's gazetteer, most populous first, and where they came from."""
    try:
        from archiver.tagging import gazetteer

        data = gazetteer._data()  # the benchmark reads rows directly: there is no public listing
        countries: dict[str, str] = {}
        cities = []
        for row in range(data.n_rows):
            gid, name, kind, cc, admin1, code, _lat, _lon, pop = data.row(row).split("\t")
            if kind == "P" and cc:
                countries.setdefault(cc, name)
            elif kind == "c" and pop and name.isascii() and "," not in name:
                if cc == "US":
                    admin1 = admin1 or gazetteer.US_POSTAL.get(code, "")
                cities.append((int(pop), name, admin1, cc))
        cities.sort(key=lambda c: (-c[0], c[1]))
        places, seen = [], set()
        for _pop, name, admin1, cc in cities:
            region = admin1 if cc == "US" else countries.get(cc, "")
            if (
                not region
                or (name, region) in seen
                or (
                    cc == "US"
                    and region not in AP_STATES
                    and region not in ("Texas", "Ohio", "Utah", "Iowa", "Idaho", "Maine", "Alaska", "Hawaii")
                )
            ):
                continue
            seen.add((name, region))
            places.append(Place(name, region, cc))
            if len(places) >= limit:
                break
        if len(places) >= 50:
            return places, "archiver.tagging.gazetteer"
    except Exception:  # noqa: BLE001 - any failure of the gazetteer: fall back, say so
        pass
    return [Place(*p) for p in FALLBACK_PLACES], "built-in list"


def load_outlets() -> tuple[list[tuple[str, str]], str]:
    """(name, domain) of news outlets, and where they came from."""
    path = ROOT / "archiver" / "data" / "outlets.json"
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data.get("outlets", data) if isinstance(data, dict) else data
            if isinstance(rows, dict):
                rows = [{"name": k, **(v if isinstance(v, dict) else {})} for k, v in rows.items()]
            out = []
            for r in rows:
                if isinstance(r, dict) and isinstance(r.get("name"), str):
                    domains = r.get("domains") or [r.get("domain") or ""]
                    out.append((r["name"], domains[0] if isinstance(domains, list) and domains else ""))
            if len(out) >= 10:
                return out, "archiver/data/outlets.json"
        except (OSError, ValueError, AttributeError, TypeError):
            pass
    src = ROOT / "tools" / "outlets_src" / "outlets.txt"
    if src.exists():
        out = []
        for line in src.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                cols = line.split("|")
                if len(cols) >= 4 and cols[0].strip():
                    out.append((cols[0].strip(), (cols[3].split() or [""])[0]))
        if len(out) >= 10:
            return out, "tools/outlets_src/outlets.txt"
    return list(FALLBACK_OUTLETS), "built-in list"


class Corpus:
    """A deterministic, random-access synthetic news corpus."""

    def __init__(self, seed: int = DEFAULT_SEED, tail_words: int = TAIL_WORDS):
        self.seed = seed
        real = _real_words()
        self.vocabulary = real + invented_words(tail_words, seed)
        self.n_real = len(real)
        self._word_cum = _vocabulary_cum(len(real), tail_words)

    @cached_property
    def _places(self) -> tuple[list[Place], str, list[float]]:
        places, origin = load_places()
        # Shuffle the population order a little so the top place is not always the world's biggest.
        random.Random(f"places:{self.seed}").shuffle(places)
        return places, origin, _zipf_cum(len(places))

    @cached_property
    def _outlets(self) -> tuple[list[tuple[str, str]], str, list[float]]:
        outlets, origin = load_outlets()
        return outlets, origin, _zipf_cum(len(outlets), 0.8)

    @cached_property
    def _people(self) -> tuple[list[str], list[float]]:
        rng = random.Random(f"people:{self.seed}")
        pool, seen = [], set()
        while len(pool) < PEOPLE_POOL:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name not in seen:
                seen.add(name)
                pool.append(name)
        return pool, _zipf_cum(len(pool))

    def sources(self) -> dict[str, str]:
        """Where places and outlets came from."""
        return {"places": self._places[1], "outlets": self._outlets[1]}

    # -- picking ---------------------------------------------------------------------------------
    @staticmethod
    def _pick(rng: random.Random, items: list, cum: list[float]):
        return items[bisect.bisect_left(cum, rng.random() * cum[-1])]

    def words(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.vocabulary, cum_weights=self._word_cum, k=k)

    def top_place(self) -> Place:
        """The most frequent place of the corpus (rank 1 of its Zipf law)."""
        return self._places[0][0]

    def top_person(self) -> str:
        return self._people[0][0]

    def rare_word(self) -> str:
        """An invented word deep in the tail: in roughly 0.2 % of the articles."""
        return self.vocabulary[self.n_real + len(self.vocabulary) // 2]

    # -- one article -----------------------------------------------------------------------------
    def article(self, index: int) -> Synthetic:
        """Article number ``index`` (a pure function of the seed and the index)."""
        rng = random.Random(f"{self.seed}:{index}")
        places, _, place_cum = self._places
        outlets, _, outlet_cum = self._outlets
        pool, people_cum = self._people
        outlet, _domain = self._pick(rng, outlets, outlet_cum)
        home = self._pick(rng, places, place_cum)
        others = [self._pick(rng, places, place_cum) for _ in range(rng.randint(1, 3))]
        people = list(dict.fromkeys(self._pick(rng, pool, people_cum) for _ in range(rng.randint(2, 4))))
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        roles = {p: rng.choice(ROLES) for p in people}

        title_words = [w for w in self.words(rng, 12) if len(w) > 3][: rng.randint(3, 6)]
        title = " ".join([home.name, *(w.capitalize() for w in title_words)])
        byline = f"By {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        hour, minute = rng.randint(1, 12), rng.randrange(60)
        published = (
            f"Published {MONTHS[day.month - 1]} {day.day}, {day.year} "
            f"{hour}:{minute:02d} {'a.m.' if rng.random() < 0.5 else 'p.m.'} ET"
        )
        region = AP_STATES.get(home.region, home.region) if home.country == "US" else home.region
        wire = WIRE_TAGS.get(outlet)
        dateline = f"{home.name.upper()}, {region}" + (f" ({wire})" if wire else "") + " —"

        paragraphs = []
        for _ in range(rng.randint(4, 10)):
            sentences = [
                self._sentence(rng, people, roles, home, others, day) for _ in range(rng.randint(3, 5))
            ]
            paragraphs.append(" ".join(sentences))
        paragraphs[0] = f"{dateline} {paragraphs[0]}"
        if rng.random() < 0.5:
            paragraphs.append(f"Copyright {day.year} {outlet}. All rights reserved.")
        text = "\n\n".join([title, f"{byline}\n{published}", *paragraphs]) + "\n"
        return Synthetic(
            index,
            text,
            title,
            outlet,
            day,
            tuple(people),
            tuple(dict.fromkeys(p.name for p in [home, *others])),
        )

    def _filler(self, rng: random.Random, lo: int, hi: int) -> str:
        return " ".join(self.words(rng, rng.randint(lo, hi)))

    def _sentence(self, rng, people, roles, home: Place, others: list[Place], day: datetime.date) -> str:
        person = rng.choice(people)
        surname = person.rsplit(" ", 1)[1]
        place = rng.choice([home, home, *others])
        kind = rng.randrange(8)
        if kind == 0:
            s = f"{roles[person]} {person} of {place.name} said the {self._filler(rng, 6, 14)}"
        elif kind == 1:
            s = f'"{self._filler(rng, 8, 16).capitalize()}," {surname} said {rng.choice(DAYS)}'
        elif kind == 2:
            s = (
                f"Members of the city council in {place.name} voted to {self._filler(rng, 5, 12)} "
                f"after {self._filler(rng, 3, 8)}"
            )
        elif kind == 3:
            role = rng.choice(ROLE_WORDS)
            s = (
                f"{person}, {'an' if role[0] in 'aeiou' else 'a'} {role} in {place.name}, {place.region}, "
                f"told reporters that {self._filler(rng, 6, 14)}"
            )
        elif kind == 4:
            s = (
                f"The {place.name} police department said on {AP_MONTHS[day.month - 1]} {day.day} that "
                f"{self._filler(rng, 6, 14)}"
            )
        else:
            s = self._filler(rng, 12, 28).capitalize()
        return s + "."

    # -- many articles ---------------------------------------------------------------------------
    def articles(self, n: int, start: int = 0) -> Iterator[Synthetic]:
        for i in range(start, start + n):
            yield self.article(i)

    def items(self, n: int, start: int = 0) -> Iterator:
        """``archiver.inputs.reader.InputItem`` objects, for in-process ingest without files."""
        from archiver.inputs.reader import Given, InputItem

        for art in self.articles(n, start):
            yield InputItem(
                source=f"synthetic:{art.index}", kind="path", data=art.text.encode("utf-8"), given=Given()
            )

    def write_txt(self, directory: Path, n: int, start: int = 0) -> int:
        """Write ``DIR/NNNN/NNNNNNN.txt`` (1,000 a folder; name order = index order); return bytes."""
        total = 0
        for art in self.articles(n, start):
            path = txt_path(directory, art.index)
            if art.index % FILES_PER_DIR == 0 or not path.parent.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
            data = art.text.encode("utf-8")
            path.write_bytes(data)
            total += len(data)
        return total

    def write_jsonl(self, stream, n: int, start: int = 0) -> int:
        """Write one ``{"id", "text"}`` line per article to a text stream; return lines."""
        for art in self.articles(n, start):
            stream.write(
                json.dumps({"id": f"bench-{art.index}", "text": art.text}, ensure_ascii=False) + "\n"
            )
        return n


def corpus_fingerprint(corpus: Corpus, n: int = 20) -> str:
    """A short hash of the first ``n`` articles: equal fingerprints, identical corpora."""
    import hashlib

    h = hashlib.sha256()
    for art in corpus.articles(n):
        h.update(art.text.encode("utf-8"))
    return h.hexdigest()[:16]


def txt_path(directory: Path, index: int) -> Path:
    return Path(directory) / f"{index // FILES_PER_DIR:04d}" / f"{index:07d}.txt"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate deterministic synthetic news articles.")
    ap.add_argument("--articles", "-n", type=int, required=True, help="How many articles.")
    ap.add_argument("--start", type=int, default=0, help="Index of the first article.")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    out = ap.add_mutually_exclusive_group(required=True)
    out.add_argument("--txt", type=Path, help="Write one .txt file per article under this directory.")
    out.add_argument("--jsonl", help="Write JSON Lines to this file (- for stdout).")
    args = ap.parse_args(argv)
    corpus = Corpus(args.seed)
    if args.txt:
        size = corpus.write_txt(args.txt, args.articles, args.start)
        print(f"{args.articles} articles, {size:,} bytes, in {args.txt}", file=sys.stderr)
    elif args.jsonl == "-":
        corpus.write_jsonl(sys.stdout, args.articles, args.start)
    else:
        with open(args.jsonl, "w", encoding="utf-8") as f:
            corpus.write_jsonl(f, args.articles, args.start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
