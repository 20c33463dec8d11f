"""Reference tables of the name matcher: legal forms, titles, particles, business words.

Every table is data, kept apart from the algorithm that reads it, with its source. Entries are
written as they appear in names (any script, any case, with or without dots); they are
normalised by :mod:`illicitflow.screen.text` exactly like the names they are compared with, so
``"Sp. z o.o."`` here meets ``"SP Z OO"`` in a list.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Legal forms -------------------------------------------------------------------------------
#
# Sources: ISO 20275 Entity Legal Forms code list (GLEIF, version 1.5) for the national forms and
# their jurisdictions; Wikipedia "List of legal entity types by country" for the English
# renderings used in sanctions lists and payment messages; rigour's org_types.yml (OpenSanctions)
# for the CJK and Cyrillic spellings. ``family`` groups forms that a list or a bank may render
# interchangeably (a Russian OOO is written "LLC" or "Ltd" by translators): ``capital`` covers
# private and public companies limited by shares, ``partnership``, ``sole`` (sole trader),
# ``nonprofit``, ``coop``, ``fund``, ``trust``, ``branch``. ``kind`` separates the private
# limited company (``private``) from the joint-stock or public company (``public``) where a
# jurisdiction has both (GmbH and AG): two different kinds in one jurisdiction are two different
# legal persons. ``where`` lists ISO 3166-1 alpha-2 codes; ``*`` marks a generic English form used
# in any country.


@dataclass(frozen=True)
class LegalForm:
    """A legal form: its canonical short form, family, kind and jurisdictions."""

    canonical: str
    family: str
    kind: str  # private, public or "" (not applicable / either)
    where: frozenset[str]  # ISO alpha-2 codes, or {"*"} for a generic form

    @property
    def generic(self) -> bool:
        return "*" in self.where


def _lf(canonical: str, family: str, kind: str, where: str, *spellings: str) -> tuple:
    return (canonical, family, kind, where, spellings)


LEGAL_FORM_TABLE: tuple[tuple, ...] = (
    # generic English forms
    _lf("ltd", "capital", "private", "*", "ltd", "limited", "co ltd", "co., ltd.",
        "company limited", "corp ltd", "ltd co", "limited company", "private limited", "pvt ltd",
        "private limited company",
        "pvt. ltd.", "(pvt) ltd", "(private) limited", "ltd sti", "ltd. şti.", "ltd şti",
        "ကုမ္ပဏီလီမိတက်", "လီမိတက်",  # Burmese: company limited, limited
        "จำกัด", "chamkat", "jamkat", "jamkad"),  # Thai: limited (บริษัท ... จำกัด)
    _lf("llc", "capital", "private", "*", "llc", "l.l.c.", "limited liability company", "llc co",
        "limited liability co"),
    _lf("inc", "capital", "", "*", "inc", "incorporated", "inc."),
    _lf("corp", "capital", "", "*", "corp", "corporation", "corporacion", "corporacao",
        "corporazione"),
    _lf("co", "capital", "", "*", "co", "company", "cos", "ကုမ္ပဏီ",
        "บริษัท", "borisat", "bolisat"),  # Thai: company
    _lf("plc", "capital", "public", "*", "plc", "p.l.c.", "public limited company",
        "public company limited", "มหาชน", "mahachon"),  # Thai: public
    _lf("jsc", "capital", "public", "*", "jsc", "joint stock company", "joint-stock company",
        "ojsc", "open joint stock company", "cjsc", "closed joint stock company", "pjsc",
        "public joint stock company", "jstock co", "joint stock co"),
    _lf("lp", "partnership", "", "*", "lp", "l.p.", "limited partnership"),
    _lf("llp", "partnership", "", "*", "llp", "l.l.p.", "limited liability partnership"),
    _lf("partnership", "partnership", "", "*", "partnership", "general partnership"),
    _lf("fze", "capital", "private", "ae", "fze", "fzco", "fzc", "fz llc", "fz-llc",
        "free zone establishment", "free zone company", "dmcc", "llc fz"),
    _lf("est", "sole", "", "ae,sa,qa,kw,bh,om,jo", "est", "est.", "establishment"),
    _lf("sa", "capital", "public", "fr,be,lu,ch,es,pt,br,ar,cl,co,pe,mx,pa,uy,py,ve,ec,bo,gt,hn,ni,"
        "cr,sv,do,ma,tn,dz,sn,ci,cm,ml,bf,ne,tg,bj,ga,cg,cd,gr,pl,ro,mg", "sa", "s.a.",
        "societe anonyme", "sociedad anonima", "sociedade anonima", "spolka akcyjna"),
    _lf("sa de cv", "capital", "public", "mx", "sa de cv", "s.a. de c.v.", "s. a. de c. v.",
        "sapi de cv", "s de rl de cv", "s. de r.l. de c.v."),
    _lf("sarl", "capital", "private", "fr,be,lu,ch,ma,tn,dz,sn,ci,cm,ml,bf,ne,tg,bj,ga,cg,cd,lb,mg",
        "sarl", "s.a.r.l.", "s.a r.l.", "societe a responsabilite limitee", "sarlu", "eurl"),
    _lf("sas", "capital", "private", "fr,be,lu,sn,ci,cm,ma", "sas", "s.a.s.", "sasu",
        "societe par actions simplifiee"),
    _lf("gie", "partnership", "", "fr,sn,ci,ml,bf,cm,ma", "gie", "g.i.e.",
        "groupement d'interet economique"),
    _lf("sl", "capital", "private", "es", "sl", "s.l.", "sociedad limitada", "slu", "s.l.u."),
    _lf("sac", "capital", "private", "pe", "sac", "s.a.c.", "sociedad anonima cerrada"),
    _lf("ltda", "capital", "private", "br,pt,co,cl,ec,bo,py,uy,ve", "ltda", "ltda.", "limitada",
        "sociedade limitada", "sociedad limitada"),
    _lf("lda", "capital", "private", "pt,ao,mz", "lda", "lda."),
    _lf("gmbh", "capital", "private", "de,at,ch,li", "gmbh", "g.m.b.h.",
        "gesellschaft mit beschrankter haftung", "gesellschaft mit beschraenkter haftung"),
    _lf("ag", "capital", "public", "de,at,ch,li", "ag", "aktiengesellschaft", "akg"),
    _lf("kg", "partnership", "", "de,at,ch", "kg", "kommanditgesellschaft", "gmbh & co kg",
        "gmbh & co. kg", "ohg"),
    _lf("ev", "nonprofit", "", "de,at", "ev", "e.v.", "eingetragener verein"),
    _lf("bv", "capital", "private", "nl,be", "bv", "b.v.", "besloten vennootschap", "bvba",
        "b.v.b.a."),
    _lf("nv", "capital", "public", "nl,be,cw,sr", "nv", "n.v.", "naamloze vennootschap"),
    _lf("cv", "partnership", "", "nl,be,id", "cv", "c.v.", "commanditaire vennootschap"),
    _lf("vof", "partnership", "", "nl", "vof", "v.o.f.", "vennootschap onder firma"),
    _lf("srl", "capital", "private", "it,ro,md,ar,be,cr,do,hn,gt,sv,ni,mx", "srl", "s.r.l.",
        "s.r.l", "s de rl", "s. de r.l.", "societa a responsabilita limitata",
        "societatea cu raspundere limitata", "sociedad de responsabilidad limitada"),
    _lf("spa", "capital", "public", "it", "spa", "s.p.a.", "societa per azioni"),
    _lf("snc", "partnership", "", "it,fr", "snc", "s.n.c.", "societa in nome collettivo",
        "societe en nom collectif"),
    _lf("sas it", "partnership", "", "it", "societa in accomandita semplice"),
    _lf("coop", "coop", "", "*", "coop", "co-op", "cooperative", "societa cooperativa",
        "cooperativa", "scarl", "s.c.a.r.l."),
    _lf("sp zoo", "capital", "private", "pl", "sp. z o.o.", "sp z oo", "sp. z o. o.", "spzoo",
        "spolka z ograniczona odpowiedzialnoscia", "sp. z o.o. sp. k.", "sp. z o.o. s.k.a."),
    _lf("sp k", "partnership", "", "pl", "sp. k.", "sp. j.", "spolka jawna", "spolka komandytowa",
        "s.k.a.", "spolka komandytowo-akcyjna", "sp. p."),
    _lf("sro", "capital", "private", "cz,sk", "sro", "s.r.o.", "spol. s r.o.",
        "spolecnost s rucenim omezenym", "spolocnost s rucenim obmedzenym"),
    _lf("as", "capital", "public", "no,dk,ee,lv,cz,sk,tr", "as", "a.s.", "a/s", "asa",
        "aktieselskab", "aksjeselskap", "akciova spolecnost", "akciju sabiedriba",
        "aktsiaselts", "anonim sirketi", "a.ş."),
    _lf("aps", "capital", "private", "dk", "aps", "anpartsselskab", "ivs"),
    _lf("ab", "capital", "", "se,fi", "ab", "aktiebolag", "aktiebolaget", "publ", "ab (publ)"),
    _lf("oy", "capital", "private", "fi", "oy", "osakeyhtio", "oyj"),
    _lf("ou", "capital", "private", "ee", "ou", "osauhing"),
    _lf("sia", "capital", "private", "lv", "sia", "sabiedriba ar ierobezotu atbildibu"),
    _lf("uab", "capital", "private", "lt", "uab", "uzdaroji akcine bendrove"),
    _lf("ab lt", "capital", "public", "lt", "akcine bendrove"),
    _lf("kft", "capital", "private", "hu", "kft", "kft.", "korlatolt felelossegu tarsasag"),
    _lf("zrt", "capital", "public", "hu", "zrt", "nyrt", "rt", "reszvenytarsasag"),
    _lf("doo", "capital", "private", "si,hr,rs,ba,me,mk", "doo", "d.o.o.", "d. o. o.",
        "druzba z omejeno odgovornostjo", "drustvo s ogranicenom odgovornoscu"),
    _lf("dd", "capital", "public", "si,hr,ba", "dd", "d.d.", "d. d.", "delniska druzba",
        "dionicko drustvo"),
    _lf("ad", "capital", "public", "bg,rs,mk,ba,me", "ad", "a.d."),
    _lf("eood", "capital", "private", "bg", "eood", "ood", "ead"),
    _lf("ooo", "capital", "private", "ru,by,kz,kg,tj,uz,am,az,ge", "ooo", "o.o.o.",
        "obshchestvo s ogranichennoy otvetstvennostyu",
        "obshchestvo s ogranichennoi otvetstvennostiu",
        "общество с ограниченной ответственностью", "ооо", "тоо", "too", "mchj"),
    _lf("ao", "capital", "public", "ru,kz,by", "ao", "oao", "zao", "pao",
        "aktsionernoye obshchestvo",
        "aktsionernoe obshchestvo", "otkrytoye aktsionernoye obshchestvo",
        "zakrytoye aktsionernoye obshchestvo", "publichnoye aktsionernoye obshchestvo",
        "акционерное общество", "ао", "оао", "зао", "пао", "нао"),
    _lf("ano", "nonprofit", "", "ru", "ano", "avtonomnaya nekommercheskaya organizatsiya",
        "автономная некоммерческая организация", "ано", "nko", "нко"),
    _lf("tov", "capital", "private", "ua", "tov", "товариство з обмеженою відповідальністю", "тов",
        "tovarystvo z obmezhenoyu vidpovidalnistyu"),
    _lf("prat", "capital", "public", "ua", "prat", "prat.", "пат", "прат", "chao", "пао"),
    _lf("fop", "sole", "", "ua", "fop", "фоп", "fizychna osoba pidpryiemets"),
    _lf("ip", "sole", "", "ru,by,kz", "ip", "ип", "іп", "individualnyy predprinimatel"),
    _lf("chp", "sole", "", "ru,ua,by,uz", "chp", "чп", "chastnoe predpriyatie"),
    _lf("llc am", "capital", "private", "am", "spy", "ՍՊԸ", "սպը"),
    _lf("llc ge", "capital", "private", "ge", "shps", "შპს"),
    _lf("jsc ge", "capital", "public", "ge", "ss", "სს"),
    _lf("ltd il", "capital", "private", "il", "bm", "בע\"מ", "בעמ"),
    _lf("ltd tr", "capital", "private", "tr", "sti", "ltd sti", "limited sirketi", "şti"),
    _lf("kk", "capital", "public", "jp", "kk", "k.k.", "kabushiki kaisha", "kabushiki gaisha",
        "kabushikigaisha", "kabushikikaisha", "株式会社", "yugen kaisha", "yuugengaisha",
        "有限会社", "godo kaisha", "goudougaisha", "合同会社", "gk"),
    _lf("gmk", "partnership", "", "jp", "gomei kaisha", "合名会社", "goshi kaisha", "合資会社"),
    _lf("co ltd cn", "capital", "private", "cn,hk,tw,mo", "有限公司", "有限责任公司",
        "有限責任公司",
        "you xian gong si", "youxian gongsi"),
    _lf("co ltd cn plc", "capital", "public", "cn,tw,hk", "股份有限公司",
        "gu fen you xian gong si"),
    _lf("jsc kr", "capital", "public", "kr,kp", "주식회사", "jusik hoesa", "jusikhoesa", "(주)"),
    _lf("llc kr", "capital", "private", "kr", "유한회사", "yuhan hoesa"),
    _lf("pt", "capital", "private", "id", "pt", "p.t.", "perseroan terbatas", "pt tbk", "tbk"),
    _lf("sdn bhd", "capital", "private", "my,bn", "sdn bhd", "sdn. bhd.", "sendirian berhad"),
    _lf("bhd", "capital", "public", "my", "bhd", "berhad"),
    _lf("pte ltd", "capital", "private", "sg", "pte ltd", "pte. ltd.", "pte", "private limited sg"),
    _lf("pty ltd", "capital", "private", "au,za", "pty ltd", "pty. ltd.", "pty",
        "proprietary limited", "pty limited", "pty. limited"),
    _lf("nl", "capital", "public", "au", "no liability"),
    _lf("jsc vn", "capital", "", "vn", "cong ty tnhh", "tnhh", "cong ty co phan", "ctcp"),
    _lf("se", "capital", "public", "eu", "se", "societas europaea"),
    _lf("na", "capital", "public", "us", "na", "n.a.", "national association"),
    _lf("trust", "trust", "", "*", "trust"),
    _lf("foundation", "nonprofit", "", "*", "foundation", "fondation", "stiftung", "fundacion",
        "fond"),
    _lf("branch", "branch", "", "*", "branch", "branch office", "representative office", "filial",
        "filiale", "succursale"),
)


# --- Titles and honorifics: dropped from names ------------------------------------------------
# Source: rigour person_name_prefixes (OpenSanctions) and common forms of address; payment-message
# salutations ("Messrs"). Dropping them is safe: no one is listed under "Mr".
TITLES: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "miss", "mister", "dr", "doctor", "prof", "professor", "sir", "dame",
    "lord", "lady", "madam", "madame", "mme", "mlle", "monsieur", "herr", "frau", "senor",
    "senora", "sr", "sra", "dott", "president", "prasident", "praesident",
    "excellency", "hon", "honourable", "honorable", "rev", "reverend", "capt",
    "captain", "gen", "general", "col", "colonel", "maj", "major", "lt", "lieutenant", "adm",
    "admiral", "minister", "mx", "comrade", "tovarishch", "gospodin", "gospozha",
})

# Titles that are also names in some cultures: kept, but weighted down (see WEAK_NAME_WORDS).
# Source: UN and OFAC list practice for Arabic, Persian, Pashto and Urdu names.
RELIGIOUS_TITLES: frozenset[str] = frozenset({
    "shaikh", "sheikh", "sheik", "shaykh", "haji", "hajji", "hadji", "alhaji", "mullah", "mulla",
    "maulana", "mawlana", "maulvi", "mawlawi", "moulavi", "qari", "sayyid", "sayed", "sayyed",
    "syed", "sheikha", "imam", "ayatollah", "hojjatoleslam",
})

# Name particles: articles and filiation words inside names. They carry little identity, and
# their spellings vary (bin/ibn/ben, al/el/ul). Source: ICAO Doc 9303 part 3 (name conventions)
# and the UN consolidated list's transliteration practice.
PARTICLES: frozenset[str] = frozenset({
    "al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "bin", "ibn", "ben", "bint",
    "binti", "bn", "abu", "abou", "umm", "ould", "wuld", "de", "da", "do", "dos", "das", "del",
    "dela", "della", "delle", "dello", "di", "du", "des", "la", "le", "les", "lo", "van", "von",
    "vom", "zu", "der", "den", "ter", "ten", "het", "y", "e", "of", "the", "and", "et", "und",
    "wa", "va", "mac", "mc", "st", "san", "santa", "ou", "kyzy", "uulu", "oglu", "ogly", "qizi",
})

# Spellings of one particle that are interchangeable.
PARTICLE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"bin", "ibn", "ben", "bn", "b"}),
    frozenset({"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an"}),
    frozenset({"abu", "abou"}),
    frozenset({"bint", "binti"}),
    frozenset({"oglu", "ogly", "uulu"}),
    frozenset({"and", "et", "und", "y", "e", "wa", "va"}),
    frozenset({"de", "da", "do", "di", "du", "del", "des", "dos", "das"}),
)

# --- Business vocabulary ----------------------------------------------------------------------
# Words that describe what a firm does or how it is organised, not who it is. They weigh less
# than a firm's proper name, and firms that differ only in them are siblings, not the same firm.
# Source: the section and division titles of ISIC Rev. 4 (UN Statistics Division), reduced to
# their head words, with the common English words of firm names (organisation, family firms)
# and their usual French, Spanish, Portuguese, Italian and German renderings.
BUSINESS_WORDS: frozenset[str] = frozenset({
    # organisation
    "group", "groupe", "grupo", "gruppo", "gruppe", "holding", "holdings", "international",
    "global", "general", "worldwide", "united", "national", "enterprise", "enterprises",
    "company", "corporation", "partners", "associates", "association", "brothers", "sons",
    "fils", "freres", "hermanos", "fratelli", "family", "ventures", "affiliates",
    "industries", "industry", "industrial", "industria", "industrie", "industrias",
    "organisation", "organization", "society", "societe", "sociedad", "societa", "compagnie",
    "compania", "companhia", "plant", "factory", "works", "mills",
    "office", "center", "centre", "institute", "agency", "bureau", "authority", "department",
    "ministry", "committee", "council", "federation", "union", "alliance", "network",
    # trade and finance
    "trading", "trade", "traders", "trader", "commerce", "commercial", "comercio", "commercio",
    "handel", "import", "export", "imports", "exports", "importers", "exporters", "distribution",
    "distributors", "supply", "supplies", "suppliers", "wholesale", "retail", "marketing",
    "sales", "bank", "banking", "banque", "banco", "finance", "financial", "capital",
    "investment", "investments", "invest", "securities", "insurance", "assurance", "credit",
    "leasing", "fund", "funds", "asset", "assets", "management", "advisory", "consulting",
    "consultants", "exchange", "payments", "equity", "property", "properties", "real", "estate",
    "realty", "development", "developers",
    # transport
    "shipping", "ship", "ships", "maritime", "marine", "navigation", "lines", "line", "logistics",
    "transport", "transportes", "trasporti", "transports", "transportation", "freight",
    "forwarding", "cargo", "carriers", "carrier", "tankers", "tanker", "bulk", "container",
    "express", "aviation", "airlines", "airways", "air", "ocean", "port", "terminal",
    # production and services
    "manufacturing", "production", "products", "product", "engineering", "construction",
    "constructions", "construcciones", "costruzioni", "building", "builders", "contractors",
    "energy", "power", "petroleum", "oil", "gas", "petrochemical", "chemicals", "chemical",
    "mining", "minerals", "metals", "metal", "steel", "iron", "materials", "resources",
    "electronics", "electric", "electrical", "machinery", "equipment", "technology",
    "technologies", "systems", "solutions", "services", "service", "software",
    "communications", "telecom", "media", "agro", "agricultural", "agriculture", "foods",
    "food", "textiles", "textile", "garments", "pharmaceuticals", "pharmaceutical", "pharma",
    "medical", "health", "healthcare", "hotels", "hotel", "tourism", "travel", "security",
    "defence", "defense", "research", "science", "scientific", "design",
})

# Abbreviations of business words and their full words. Source: US Postal Service Publication
# 28, appendix C (business-name abbreviations), and common English usage.
ABBREVIATIONS: dict[str, str] = {
    "intl": "international", "bros": "brothers", "mfg": "manufacturing",
    "mfrs": "manufacturers", "svcs": "services", "svc": "service", "mgmt": "management",
    "mgt": "management", "assoc": "associates", "assn": "association", "eng": "engineering",
    "natl": "national", "govt": "government", "dept": "department", "univ": "university",
    "inst": "institute", "hldgs": "holdings", "hldg": "holding", "grp": "group",
    "invt": "investment", "dev": "development", "devt": "development", "tech": "technology",
    "elec": "electric", "chem": "chemical", "pharm": "pharmaceutical", "constr": "construction",
    "ctr": "center", "cntr": "center", "transp": "transport", "shpg": "shipping",
}

# Words of pooled investment vehicles issued in series (private-equity funds, securitisation
# and capital trusts: Blackstone Capital Partners VII / VIII, Mortgage Loan Trust 2004-1 /
# 2004-2). The series of one family share a sponsor and a manager, so for screening a sibling
# series is a lead on the listed one, where a sibling ship or operating company is not.
FUND_WORDS: frozenset[str] = frozenset({"fund", "funds", "trust", "partners", "portfolio",
                                        "series"})

# Words that only introduce a number ("No. 8", "Nr 3", "# 5").
NUMBER_MARKERS: frozenset[str] = frozenset({"no", "nr", "num", "number", "nos"})

# Vessel name prefixes: ship-type abbreviations written before a vessel's name. Sources: rigour's
# obj_name_prefixes (OpenSanctions), the ship prefixes of Lloyd's Register usage and the civilian
# ones of Wikipedia's "Ship prefix" list (T/B tug boat, ATB articulated tug-barge, PSV platform
# supply vessel, ...; ST, steam tug, is left out: it is also Saint).
VESSEL_PREFIXES: frozenset[str] = frozenset({
    "mv", "mt", "ss", "ms", "mfv", "fv", "rv", "my", "sy", "hms", "motor vessel",
    "motor tanker", "tb", "atb", "ahts", "cs", "gts", "hsc", "mf", "msv", "mts", "ns", "osv",
    "psv", "rms", "sts", "sv", "ts", "tss",
})

# Markers of another name written inside a name: "Ocean Pioneer (ex-Cape Diamond)", "X a.k.a. Y".
# Source: rigour's name_split_phrases (OpenSanctions), plus "ex" for former ship names (Lloyd's
# Register usage).
ALIAS_MARKERS: tuple[str, ...] = (
    "a.k.a.", "a.k.a", "a/k/a", "aka", "also known as", "f/k/a", "fka", "formerly known as",
    "formerly", "former", "previously known as", "earlier known as", "n/k/a", "nka",
    "now known as", "presently known as", "d/b/a", "dba", "doing business as", "trading as",
    "ex",
)

# Short forms of common given names (hypocorisms) and the names they stand for. Source: English
# and Russian hypocorisms as used in record linkage (US Census Bureau name files).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "bill": ("william",), "will": ("william",), "billy": ("william",), "bob": ("robert",),
    "rob": ("robert",), "bobby": ("robert",), "dick": ("richard",), "rick": ("richard",),
    "jim": ("james",), "jimmy": ("james",), "mike": ("michael",), "mick": ("michael",),
    "tom": ("thomas",), "tommy": ("thomas",), "ted": ("theodore", "edward"),
    "ed": ("edward",), "eddie": ("edward",), "tony": ("anthony",), "joe": ("joseph",),
    "dave": ("david",), "dan": ("daniel",), "danny": ("daniel",), "chris": ("christopher",),
    "nick": ("nicholas",), "alex": ("alexander", "alexandra"), "sasha": ("alexander",),
    "kate": ("katherine", "catherine"), "kathy": ("katherine",), "liz": ("elizabeth",),
    "beth": ("elizabeth",), "betty": ("elizabeth",), "peggy": ("margaret",),
    "maggie": ("margaret",), "meg": ("margaret",), "sue": ("susan",), "jenny": ("jennifer",),
    "andy": ("andrew",), "steve": ("steven", "stephen"), "sam": ("samuel",),
    "fred": ("frederick",), "charlie": ("charles",), "chuck": ("charles",), "hank": ("henry",),
    "harry": ("henry", "harold"), "jack": ("john",), "johnny": ("john",), "larry": ("lawrence",),
    "pat": ("patrick", "patricia"), "pete": ("peter",), "ray": ("raymond",), "ron": ("ronald",),
    "tim": ("timothy",), "vlad": ("vladimir",), "volodya": ("vladimir",), "misha": ("mikhail",),
    "kolya": ("nikolai",), "dima": ("dmitry",), "seryozha": ("sergei",), "vanya": ("ivan",),
    "zhenya": ("yevgeny",), "yura": ("yuri",), "lyosha": ("alexei",),
}

# Industry words of Chinese and Korean firm names and their English renderings, which the
# English names of the same firms use (沧澜远洋航运 is Canglan Ocean Shipping; 새벽별물류 is
# Saebyeokbyeol Logistics). Chinese words are replaced where they stand (simplified and
# traditional forms); Korean ones at the end of a word. Source: the industry words of the
# firm-name registers (China's enterprise name rules, GB/T 4754 industry headings; Korea's
# commercial register) in their usual English translation.
CJK_BUSINESS_WORDS: dict[str, str] = {
    # Chinese
    "贸易": "trading", "貿易": "trading", "商贸": "trading", "商貿": "trading",
    "航运": "shipping", "航運": "shipping", "船务": "shipping", "船務": "shipping",
    "海运": "shipping", "海運": "shipping", "远洋": "ocean", "遠洋": "ocean",
    "物流": "logistics", "运输": "transport", "運輸": "transport", "机械": "machinery",
    "機械": "machinery", "精密": "precision", "银行": "bank", "銀行": "bank", "集团": "group",
    "集團": "group", "国际": "international", "國際": "international", "实业": "industrial",
    "實業": "industrial", "工业": "industry", "工業": "industry", "科技": "technology",
    "技术": "technology", "技術": "technology", "投资": "investment", "投資": "investment",
    "能源": "energy", "化工": "chemical", "电子": "electronics", "電子": "electronics",
    "矿业": "mining", "礦業": "mining", "石油": "petroleum", "钢铁": "steel", "鋼鐵": "steel",
    "建设": "construction", "建設": "construction", "工程": "engineering",
    "进出口": "import export", "進出口": "import export", "控股": "holdings",
    "发展": "development", "發展": "development",
    "电器": "electric", "電器": "electric", "食品": "food", "纺织": "textiles", "紡織": "textiles",
    "医药": "pharmaceutical", "醫藥": "pharmaceutical",
    # Korean
    "무역": "trading", "물류": "logistics", "해운": "shipping", "운수": "transport",
    "은행": "bank", "그룹": "group", "산업": "industry", "공업": "industry", "기술": "technology",
    "투자": "investment", "개발": "development", "건설": "construction", "기계": "machinery",
    "광업": "mining", "석유": "petroleum", "전자": "electronics", "화학": "chemical",
    "상사": "trading", "국제": "international", "합영": "joint venture", "신용": "credit",
    "상업": "commercial", "보험": "insurance",
}


#: Business words of Chinese (Pinyin), Japanese (Hepburn, long vowels written or not) and Korean
#: (Revised Romanization and McCune-Reischauer) firm names, as the English word a translation
#: of the name uses: Hisanaga Shoji is Hisanaga Trading, Baekhyang Tongsang is Baekhyang
#: Trading, Jiangsu Mingluochen Maoyi is Jiangsu Mingluochen Trading (legal forms such as
#: Youxian Gongsi are in :data:`LEGAL_FORM_TABLE`).
ROMANISED_BUSINESS_WORDS: dict[str, str] = {
    # Chinese
    "maoyi": "trading", "shangmao": "trading", "hangyun": "shipping", "haiyun": "shipping",
    "chuanwu": "shipping", "wuliu": "logistics", "yunshu": "transport", "jixie": "machinery",
    "yinhang": "bank", "jituan": "group", "guoji": "international", "shiye": "industrial",
    "gongye": "industry", "keji": "technology", "touzi": "investment", "nengyuan": "energy",
    "huagong": "chemical", "dianzi": "electronics", "kuangye": "mining", "shiyou": "petroleum",
    "gangtie": "steel", "jianshe": "construction", "gongcheng": "engineering",
    "jinchukou": "import export", "konggu": "holdings", "fazhan": "development",
    "fangzhi": "textiles", "yiyao": "pharmaceutical",
    # Japanese (looked up by the word's Hepburn key too: Syouzi, Kougyou)
    "shoji": "trading", "boeki": "trading", "shokai": "trading", "kaiun": "shipping",
    "kogyo": "industry", "sangyo": "industry", "unyu": "transport", "kensetsu": "construction",
    "denki": "electric", "kagaku": "chemical", "ginko": "bank", "shokuhin": "food",
    # Korean
    "muyeok": "trading", "muyok": "trading", "tongsang": "trading", "sangsa": "trading",
    "haeun": "shipping", "mulryu": "logistics", "mullyu": "logistics", "unsu": "transport",
    "eunhaeng": "bank", "unhaeng": "bank", "saneop": "industry", "sanop": "industry",
    "gongeop": "industry", "kongop": "industry", "gisul": "technology", "kisul": "technology",
    "gaebal": "development", "kaebal": "development", "geonseol": "construction",
    "konsol": "construction", "gigye": "machinery", "kigye": "machinery", "hwahak": "chemical",
    "jeonja": "electronics", "chonja": "electronics", "gukje": "international",
    "kukche": "international", "hapyeong": "joint venture", "habyong": "joint venture",
    "sinyong": "credit", "shinyong": "credit", "sangeop": "commercial", "sangop": "commercial",
    "gwangeop": "mining", "kwangop": "mining", "seogyu": "petroleum", "sogyu": "petroleum",
    "boheom": "insurance", "pohom": "insurance",
    # Arabic and Persian, romanised
    "sharikat": "company", "sharika": "company", "sherkat": "company", "muassasat": "est",
    "muassasa": "est", "moassasat": "est", "tijariya": "trading", "tijariyah": "trading",
    "tijara": "trading", "tejaria": "trading", "handasiya": "engineering",
    "handasiyah": "engineering", "bazargani": "trading", "kashtirani": "shipping",
}

#: Business words of firm names in Arabic, Persian, Hebrew and Greek script, as the English
#: word a translation of the name uses; a name holding them is compared translated too
#: (شرکت کشتیرانی نیلگون خزر is Nilgoon Khazar Shipping Company).
NATIVE_BUSINESS_WORDS: dict[str, str] = {
    # Arabic
    "شركة": "company", "شركه": "company", "مؤسسة": "est", "موسسة": "est", "تجارة": "trading",
    "التجارة": "trading", "للتجارة": "trading", "التجارية": "trading", "تجارية": "trading",
    "الملاحة": "shipping", "للملاحة": "shipping", "الشحن": "shipping", "النقل": "transport",
    "للنقل": "transport", "صناعات": "industries", "الصناعات": "industries",
    "الصناعية": "industrial", "العامة": "general", "للمقاولات": "contracting",
    "مقاولات": "contracting", "الدولية": "international", "مجموعة": "group",
    "القابضة": "holding", "المحدودة": "limited",
    # Persian
    "شرکت": "company", "بازرگانی": "trading", "کشتیرانی": "shipping", "صنایع": "industries",
    "تولیدی": "manufacturing", "گروه": "group",
    # Hebrew
    "תעשיות": "industries", "חברת": "company", "סחר": "trading", "שיווק": "marketing",
    "ספנות": "shipping", "הובלות": "transport", "השקעות": "investments", "מתכת": "metal",
    # Greek (without accents, lower case)
    "ναυτιλιακη": "shipping", "εταιρεια": "company", "εμπορικη": "trading",
    "βιομηχανια": "industry", "μεταφορες": "transport", "κατασκευαστικη": "construction",
}

#: Business words of firm names in Spanish, Portuguese, French, Italian, German, Dutch,
#: romanised Russian and Turkish, as the English word a translation of the name uses (their
#: dictionary translations); a name holding them is compared translated too, so that Banco
#: Central de Venezuela meets Central Bank of Venezuela and Gazprom Neft Torgovaya Kompaniya
#: meets Gazprom Neft Trading Company. Keys are written as
#: :func:`~illicitflow.screen.text.tokenize` writes them.
EUROPEAN_BUSINESS_WORDS: dict[str, str] = {
    # Spanish and Portuguese
    "banco": "bank", "compania": "company", "companias": "companies", "companhia": "company",
    "industria": "industry", "industrias": "industries", "comercial": "commercial",
    "comercializadora": "trading", "comercio": "trade", "internacional": "international",
    "nacional": "national", "grupo": "group", "petroleos": "petroleum", "petroleo": "petroleum",
    "minera": "mining", "minero": "mining", "mineria": "mining", "mineracao": "mining",
    "mineira": "mining", "financiera": "financial", "financiero": "financial",
    "financeira": "financial", "inversiones": "investments", "investimentos": "investments",
    "transportes": "transport", "transporte": "transport", "constructora": "construction",
    "construtora": "construction", "construcciones": "construction", "naviera": "shipping",
    "navegacion": "shipping", "navegacao": "shipping", "servicios": "services",
    "servicos": "services",
    "distribuidora": "distribution", "seguros": "insurance", "aseguradora": "insurance",
    "desarrollo": "development", "desenvolvimento": "development", "tecnologia": "technology",
    "tecnologias": "technologies", "empresa": "enterprise", "empresas": "enterprises",
    "agricola": "agricultural", "pesquera": "fishing", "farmaceutica": "pharmaceutical",
    "quimica": "chemical", "quimicos": "chemicals", "metalurgica": "metallurgical",
    "metalurgicas": "metallurgical", "electrica": "electric", "eletrica": "electric",
    "energia": "energy", "alimentos": "foods", "textil": "textile", "maritima": "maritime",
    "hermanos": "brothers", "irmaos": "brothers", "asociados": "associates",
    "associados": "associates", "unidos": "united", "unidas": "united",
    # French
    "banque": "bank", "compagnie": "company", "industrie": "industry",
    "internationale": "international", "nationale": "national", "groupe": "group",
    "commerciale": "commercial", "financiere": "financial", "assurances": "insurance",
    "petroles": "petroleum", "petrole": "petroleum", "miniere": "mining", "minieres": "mining",
    "developpement": "development", "investissement": "investment",
    "investissements": "investments", "entreprise": "enterprise", "entreprises": "enterprises",
    "agricole": "agricultural", "chimique": "chemical", "metallurgique": "metallurgical",
    "electrique": "electric", "energie": "energy", "alimentaire": "food", "freres": "brothers",
    "associes": "associates", "unis": "united", "generale": "general", "centrale": "central",
    # Italian
    "banca": "bank", "compagnia": "company", "gruppo": "group", "internazionale": "international",
    "nazionale": "national", "finanziaria": "financial", "trasporti": "transport",
    "spedizioni": "forwarding", "navigazione": "shipping",
    "assicurazioni": "insurance", "petroli": "petroleum", "mineraria": "mining",
    "sviluppo": "development", "investimenti": "investments", "impresa": "enterprise",
    "chimica": "chemical", "elettrica": "electric", "alimentari": "foods",
    "marittima": "maritime", "fratelli": "brothers", "associati": "associates", "uniti": "united",
    # German and Dutch
    "handels": "trading", "handel": "trade", "handelsgesellschaft": "trading company",
    "gruppe": "group", "versicherung": "insurance",
    "versicherungen": "insurance", "schifffahrt": "shipping", "reederei": "shipping",
    "maschinenbau": "machinery", "technik": "technology", "entwicklung": "development",
    "chemie": "chemicals", "vereinigte": "united", "allgemeine": "general", "zentral": "central",
    "stahl": "steel", "werke": "works", "werk": "works", "groep": "group",
    "scheepvaart": "shipping", "vervoer": "transport", "verzekeringen": "insurance",
    "internationaal": "international",
    "maatschappij": "company", "ontwikkeling": "development",
    # Russian, romanised
    "kompaniya": "company", "neftyanaya": "oil", "gruppa": "group",
    "promyshlennaya": "industrial", "torgovaya": "trading", "torgovyy": "trading",
    "torgovyi": "trading", "torgovy": "trading", "transportnaya": "transport",
    "stroitelnaya": "construction", "investitsionnaya": "investment", "strakhovaya": "insurance",
    "mezhdunarodnaya": "international", "mezhdunarodnyy": "international",
    "natsionalnyy": "national", "natsionalnaya": "national", "finansovaya": "financial",
    "sudokhodnaya": "shipping", "khimicheskiy": "chemical", "khimicheskaya": "chemical",
    "metallurgicheskiy": "metallurgical", "metallurgicheskaya": "metallurgical",
    "tekhnologii": "technologies", "zavod": "plant",
    # Turkish (the name as written is compared too, so San. and Tic. still meet Sanayi and
    # Ticaret)
    "sanayi": "industry", "ticaret": "trading", "insaat": "construction", "gida": "food",
    "tekstil": "textile", "nakliyat": "transport", "lojistik": "logistics",
    "denizcilik": "shipping", "kardesler": "brothers", "celik": "steel", "kimya": "chemical",
    "enerji": "energy", "madencilik": "mining", "yatirim": "investment", "elektrik": "electric",
    "makina": "machinery", "makine": "machinery", "tarim": "agricultural",
    "otomotiv": "automotive", "ilac": "pharmaceutical", "turizm": "tourism",
    "pazarlama": "marketing", "hizmetleri": "services",
}

#: "Of" and "and" in those languages: in a firm's name one is a translation of another
#: (Banco do Brasil, Bank of Brazil; Sanayi ve Ticaret, Industry and Trading).
FIRM_PARTICLE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"of", "de", "del", "do", "da", "dos", "das", "du", "des", "di", "della", "van",
               "von"}),
    frozenset({"and", "y", "e", "et", "und", "en", "ve", "i"}),
)
