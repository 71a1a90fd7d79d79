"""Word lists for attribution extraction, from general English grammar (not mined from data).

Cue verbs follow the usual classes of reporting verbs: speech acts (say, warn, deny),
writing and publishing (write, tweet, report), cognition and attitude (believe, fear,
want, admire), evidence (show, find), evaluation of others (criticize, praise, rate,
call for) and the writer's hedges (seem, appear).

Besides the cue verbs: the tables of their forms, the grammar words that the rules test
tokens against (determiners, prepositions, time words, the marks that end a clause), with
the unions the hot loops use, and the words of speaker names (titles, honorifics, name
particles). The modules import these by name, so the hot loops look each up as one global.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Verbs whose irregular forms cannot be derived by rule: lemma -> (3sg, past, participle, -ing).
_IRREGULAR = {
    "say": ("says", "said", "said", "saying"),
    "tell": ("tells", "told", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "think": ("thinks", "thought", "thought", "thinking"),
    "find": ("finds", "found", "found", "finding"),
    "know": ("knows", "knew", "known", "knowing"),
    "feel": ("feels", "felt", "felt", "feeling"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "show": ("shows", "showed", "shown", "showing"),
    "foresee": ("foresees", "foresaw", "foreseen", "foreseeing"),
    "learn": ("learns", "learned", "learnt", "learning"),
    "understand": ("understands", "understood", "understood", "understanding"),
    "seek": ("seeks", "sought", "sought", "seeking"),
    "forbid": ("forbids", "forbade", "forbidden", "forbidding"),
    "put": ("puts", "put", "put", "putting"),
    "lay": ("lays", "laid", "laid", "laying"),
    "go": ("goes", "went", "gone", "going"),
    "read": ("reads", "read", "read", "reading"),
    "shoot": ("shoots", "shot", "shot", "shooting"),
    "hit": ("hits", "hit", "hit", "hitting"),
    "see": ("sees", "saw", "seen", "seeing"),
    "make": ("makes", "made", "made", "making"),
    "give": ("gives", "gave", "given", "giving"),
    "take": ("takes", "took", "taken", "taking"),
    "come": ("comes", "came", "come", "coming"),
}

# Verbs that double their final consonant (admit -> admitted).
_DOUBLING = frozenset({"admit", "submit", "regret", "plan", "quip", "rebut", "slam", "refer",
                       "prefer", "snap", "sob", "deadpan", "grin", "shrug", "brag"})

# Communication: the subject utters or publishes the content.
SPEECH_VERBS = tuple(dict.fromkeys((
    "say tell declare announce claim assert insist argue contend maintain explain add "
    "note remark comment observe mention report write tweet testify reply respond answer "
    "retort counter ask question wonder warn caution threaten promise pledge vow predict "
    "forecast estimate acknowledge admit concede confirm deny reject dismiss accuse charge "
    "allege blame criticize criticise condemn denounce slam blast attack praise hail welcome "
    "applaud thank urge demand request propose suggest recommend advise agree disagree stress "
    "emphasize emphasise underline underscore reiterate repeat recall reveal disclose indicate "
    "signal hint imply complain lament boast brag joke quip conclude describe label dub brand cite "
    "quote echo recount speculate theorize surmise reason inform notify assure remind concur "
    "affirm reaffirm proclaim pronounce divulge insinuate shout yell scream chant sing cry "
    "whisper mutter murmur exclaim instruct decree command forbid invite encourage implore "
    "beg plead appeal pressure mock ridicule scold rebuke reprimand berate lambaste castigate "
    "chastise assail decry deride disparage rip hammer fault defend justify endorse oppose "
    "support champion tout laud commend congratulate apologize object protest dispute contest "
    "challenge refute rebut summarize characterize depict portray liken compare call continue "
    "discuss decide offer outline publish reference refer learn "
    "rate grade rank deem term express voice approve credit taunt downplay chide advocate "
    "promote highlight exhort opine bemoan clarify posit submit"
).split()))

# Verbs of the manner of speaking, and "read" of a text: cues only where they frame a
# quotation ('“...,” she snapped', 'he shot back: “...”', 'a sign that read “Stop”'), as
# elsewhere they tell of other acts ("continued to rise", "the door snapped shut", "read
# the book"). The phrasal ones are in PHRASAL_CUES.
QUOTE_FRAMING_VERBS = frozenset((
    "continue read beam snap gush bark boom thunder muse scoff sniff fume rant marvel crow "
    "tease laugh sigh groan grumble chuckle cheer holler howl roar growl hiss sob stammer "
    "blurt cackle deadpan interject gloat vent shoot fire hit chime pipe cut go react rage "
    "grin smile smirk shrug wince gasp bellow enthuse rave seethe bristle sneer jeer weep "
    "moan wail drawl jibe snarl snort splutter sputter stutter giggle fret exult remember "
    "riff chortle huff query"
).split())
# Of them, the verbs of speaking in a manner that also take a clause ("interjected that the
# court could ...", "fumed that", "marvelled that"), as verbs of speech do.
MANNER_CLAUSE_VERBS = frozenset((
    "interject muse marvel fume grumble gloat scoff rant enthuse fret blurt crow sneer "
    "seethe vent bristle"
).split())

# Cognition, attitude and intention: the subject holds the content.
MENTAL_VERBS = (
    "believe think feel hope fear worry expect doubt suspect assume guess want wish plan "
    "intend seek refuse decline consider regard view know understand realize recognize "
    "imagine suppose reckon figure trust anticipate foresee prefer favor favour dread regret "
    "resent accept admire respect aim"
).split()

# Perception that states a view only with an object and an "as" predicate ("voters see
# him as a uniter"); elsewhere it tells what was seen ("saw the crowd").
AS_VIEW_VERBS = frozenset({"see"})

# Evidence: a document, poll or study carries the content.
EVIDENCE_VERBS = (
    "show find reveal suggest indicate conclude confirm demonstrate document detail "
    "estimate project predict"
).split()

# Raising verbs by which the writer hedges a whole clause ("Turnout seems low", "It appears
# that ..."): the clause is the content and nobody in it is the source.
EVIDENTIAL_VERBS = ("seem", "appear")

# Verbs by which the subject puts a proposition into words (speaks, writes, publishes), the
# statements a digest reports, with the heads of phrasal cues of speech ("as X put it",
# "pointed out", "spoke out"). Left out of SPEECH_VERBS: thought and stance without
# utterance (wonder, reason, agree, support, oppose, defend, decide, offer, learn).
STATEMENT_VERBS = frozenset((
    "submit say tell declare announce claim assert insist argue contend maintain explain add "
    "note remark comment observe mention report write tweet post testify state reply respond "
    "answer retort counter ask question warn caution threaten promise pledge vow predict "
    "forecast acknowledge admit concede confirm deny reject dismiss accuse charge allege "
    "blame criticize criticise condemn denounce slam blast attack praise hail welcome "
    "applaud thank urge demand request propose suggest recommend advise stress emphasize "
    "emphasise underline underscore reiterate repeat recall reveal disclose indicate signal "
    "hint imply complain lament boast brag joke quip conclude describe label dub brand cite "
    "quote echo recount speculate inform notify assure remind affirm reaffirm proclaim "
    "pronounce divulge insinuate shout yell scream chant exclaim whisper mutter murmur "
    "instruct decree command forbid implore beg plead appeal mock ridicule scold rebuke "
    "reprimand berate lambaste castigate chastise assail decry deride disparage rip hammer "
    "fault refute rebut dispute contest object protest apologize congratulate commend laud "
    "tout summarize characterize depict portray liken compare call continue discuss outline "
    "publish estimate put point speak talk lash rail weigh spell exhort opine bemoan "
    "elaborate clarify posit"
).split()) | QUOTE_FRAMING_VERBS

# Nouns of a cue that name an utterance ("in a statement", "in an interview").
STATEMENT_NOUNS = frozenset((
    "statement statements interview remarks comments speech testimony briefing tweet post "
    "letter announcement release communique communiqué message email op-ed column"
).split())

# Sources that carry evidence rather than speak: "the poll suggests" is a finding.
DATA_NOUNS = frozenset((
    "poll polls survey surveys study studies analysis data figures estimates projections "
    "records audit assessment research numbers results footage video videos replay replays "
    "images photos photographs evidence tally count"
).split())

# Participles by which a document names who published it after it ("a survey released
# by X", "polls compiled by Y", "a report prepared by Z").
PUBLISHED_PARTICIPLES = frozenset({"issued", "released", "published", "conducted",
                                   "commissioned", "compiled", "carried", "prepared",
                                   "produced"})
# Cue verbs by which a speaker publishes a document of their own ("posted a statement").
PUBLISHING_LEMMAS = frozenset({"post", "publish", "write", "tweet", "send"})

# Cue verbs that also come before their source: "..., said the minister".
INVERTING_VERBS = frozenset(("say add tell write ask warn explain note continue insist argue "
                             "recall reply respond observe remark declare announce claim "
                             "counter quip joke complain state conclude admit concede "
                             "acknowledge suggest predict report tweet").split()) | (
    QUOTE_FRAMING_VERBS)

# Cue verbs whose content is a noun phrase ("attacked Machado in a tweet"), so the
# content ends where an adjunct or a new clause starts.
OBJECT_VERBS = frozenset((
    "attack criticize criticise condemn denounce slam blast praise hail welcome applaud "
    "thank urge exhort demand request propose recommend cite quote echo describe label dub brand "
    "call liken compare support oppose endorse back champion tout laud commend defend "
    "justify mock ridicule scold rebuke berate lambaste castigate chastise assail decry "
    "deride disparage accuse blame reject dismiss mention discuss outline publish "
    "offer seek decline refuse favor favour characterize depict portray summarize "
    "reference challenge dispute protest question"
).split())

# Cue verbs that are as often verbs of acts: they report only a clause or a quotation, as
# with a noun-phrase object they do something else ("added three goals", "added to his
# lead", "maintained her lead", "submitted his resignation", "observing the talks").
CLAUSE_CUES = frozenset({"add", "claim", "declare", "maintain", "submit", "observe", "make",
                         "give"})  # ("made clear progress", "gave evidence of harm")

# Cue verbs whose listener comes before the content ("told reporters that ..."); verbs like
# "urge" are left out, as their object is part of the content ("urged Congress to act").
LISTENER_VERBS = frozenset({"tell", "inform", "notify", "assure", "remind"})
# Cue verbs whose object is whom they address ("warned him", "briefed MPs"), so their
# passive's subject is the hearer, never what was said ("He had been warned by police
# twice"); not "tell", whose object may be the words ("the story was told by the Post").
HEARER_VERBS = LISTENER_VERBS - {"tell"} | {"warn", "caution", "advise", "brief"}
# Passives with an agent whose subject is no content: the hearer ("was warned by police")
# or what was come upon ("The teen was found by a search team").
NO_CONTENT_PASSIVES = HEARER_VERBS | {"find", "discover"}

# Particles that belong to a cue ("called for", "pointed out").
PHRASAL_CUES = (
    "call for", "call on", "call upon", "point out", "point to", "lash out at", "speak out",
    "spell out", "weigh in", "push for", "push back", "warn against", "warn of",
    "argue for", "argue against", "complain about", "speak of", "speak about", "speak on",
    "talk about", "talk of", "write about", "lay out", "go after",
    "reflect on", "comment on", "comment upon", "remark on", "remark upon", "insist on",
    "rail against", "put it", "rule out",
)
# Verbs of acts that make a cue only in a phrase ("made it clear that", "gave evidence
# that"): their forms are no cue words alone (", making it the largest", "given").
LIGHT_CUES = ("make clear", "make it clear", "give evidence", "take issue with",
              "come out against", "touch on", "open up about", "allude to", "take aim at",
              "double down on", "sound off on")
# Phrasal verbs of speaking that are cues only where they frame a quotation ('he shot
# back: “...”'), as elsewhere they tell of acts ("went on to win", "cut in line").
QUOTE_FRAMING_PHRASES = ("shoot back", "fire back", "hit back", "chime in", "pipe up",
                         "cut in", "go on")

# Cue lemmas that are just as often nouns ("the plan", "campaign spokesman"): their base
# and -s forms count as cues only when a complement follows.
NOUN_LIKE_CUES = frozenset((
    "plan support question comment report call attack charge claim demand estimate "
    "document project signal pressure answer reply appeal counter repeat echo quote joke "
    "hint promise pledge vow request reason figure guess hope fear doubt wish view trust "
    "favor favour label brand protest challenge contest dispute object welcome praise blast "
    "slam hammer rip chant cry shout yell scream sing whisper murmur mutter tweet invite "
    "command decree caution show find worry offer reference rate grade rank term voice respect "
    "aim credit advocate highlight fault champion remark"
).split())

# Nouns that name a statement or its carrier ("in a statement", "a report by").
DOCUMENT_NOUNS = frozenset((
    "statement report document communique communiqué letter memo memorandum release "
    "announcement poll polls survey surveys study studies analysis review filing complaint "
    "lawsuit ruling opinion order transcript interview tweet tweets post email emails "
    "editorial column article story footage video data figures estimate estimates "
    "projections record records testimony investigation audit assessment paper tally "
    "message speech remarks comments reaction response reply answer verdict briefing readout "
    "submission submissions affidavit findings update newsletter bulletin presentation"
).split())

# Nouns for what someone says or thinks, not the document that carries it ("the reaction
# of X", "Watts' message was simple", but "Hoff's letter makes the case").
SAYING_NOUNS = NOUN_LIKE_CUES | frozenset(
    "message remarks comments reaction response reply verdict words advice warning "
    "assessment conclusion explanation description position stance argument point pitch plea "
    "retort reasoning".split())

# Lower-case head nouns that can be the source of a statement.
SOURCE_NOUNS = frozenset((
    "spokesman spokeswoman spokesperson spokespeople official officials source sources "
    "aide aides adviser advisers advisor advisors minister ministry ministries diplomat "
    "diplomats ambassador envoy chief head leader leaders president secretary chairman "
    "chairwoman chair director officer officers analyst analysts expert experts observer "
    "observers critic critics supporter supporters opponent opponents lawmaker lawmakers "
    "legislator legislators senator senators governor governors mayor judge judges court "
    "justices lawyer lawyers attorney attorneys prosecutor prosecutors investigators "
    "police authorities government administration agency department office committee "
    "council commission campaign party alliance bloc union embassy kremlin military army "
    "navy company firm giant bank group organization organisation coalition association "
    "researchers scientists economists voters residents people person man woman members "
    "member representative representatives delegates delegation negotiator negotiators "
    "staff staffers team employees workers activists protesters candidate candidates "
    "nominee nominees challenger rival rivals president ceo founder commander commanders "
    "general generals spokespersons side parties country countries nation nations state "
    "states republicans democrats conservatives liberals pollster pollsters reporter "
    "reporters journalist journalists correspondent columnist editor editors author "
    "authors writer host anchor narrator announcer economist historian professor "
    "forecaster meteorologist strategist strategists operative operatives insiders insider "
    "witness witnesses "
    "allies ally partners partner colleagues friends family neighbors residents citizens "
    "friend neighbor neighbour colleague classmate teammate roommate coworker relative "
    "cousin brother sister wife husband son daughter mother father parent uncle aunt niece "
    "nephew grandmother grandfather widow "
    "americans counterpart counterparts proponents advocate advocates activist campaigner "
    "campaigners backers donors governments "
    "regulators watchdog watchdogs inspectors monitors speaker panel board network management "
    "manager managers "
    "authority institute bureau district "
    "newspaper paper magazine outlet agency channel station broadcaster daily website blog media "
    "percent majority plurality half third quarter respondents someone somebody anyone "
    "anybody everyone everybody nobody"
).split()) | DOCUMENT_NOUNS

# Verbs of aspect that take the cue's gerund: "Smith kept saying", "began calling"; those
# of an act not done or ended ("avoided condemning", "stopped reporting") too.
AVOIDING_VERBS = frozenset(
    "avoid avoids avoided avoiding stop stops stopped stopping resist resists resisted "
    "resisting".split())
ASPECT_VERBS = frozenset(
    "keep keeps kept keeping begin begins began begun start starts started continue "
    "continues continued".split()) | AVOIDING_VERBS

# Endings that make a place or a name an adjective ("Auckland-based", "Saudi-led").
PLACE_ADJECTIVES = ("-based", "-born", "-led", "-backed", "-owned", "-funded", "-run", "-listed",
                    "-headquartered")
# Titles and role words that describe a person rather than name them.
ROLE_WORDS = frozenset((
    "president vice prime minister foreign defense defence deputy secretary general "
    "state chief head leader opposition spokesman spokeswoman spokesperson ambassador envoy "
    "senator sen sen. sens sens. rep rep. reps reps. representative congressman congresswoman "
    "governor gov "
    "gov. mayor judge magistrate justice attorney chairman chairwoman chair director officer "
    "commander high for and of the affairs security policy national nation's foreign "
    "former acting senior top assistant associate executive press official minister's "
    "diplomat lawyer adviser advisor aide analyst expert professor dr dr. mr mr. mrs "
    "mrs. ms ms. sir dame lord lady king queen prince princess pope cardinal bishop "
    "candidate nominee democratic republican democrat rival ceo founder co-founder chancellor "
    "premier commissioner representative counsel coordinator negotiator "
    "lieutenant lt lt. colonel col col. major gen gen. admiral adm adm. sergeant "
    "sgt sgt. captain capt capt. economist strategist pollster host anchor editor "
    "correspondent columnist reporter author writer federal then-rival "
    "kaumātua kaumatua kuia "  # te reo Māori: an elder, a woman elder
    "taoiseach tánaiste tanaiste "  # Irish: prime minister, deputy prime minister
    "then former-president first lady speaker leader majority minority whip "
    "undersecretary under-secretary permanent special interior finance treasury "
    "justice trade economy economic energy health education labor labour manpower transport "
    "agriculture culture homeland intelligence military armed forces army navy "
    "force staff joint chiefs union european commission council ministry mp treasurer "
    "councillor councilor councilman councilwoman councilmember alderman assemblyman assemblywoman "
    "attorney-general solicitor-general auditor-general director-general inspector-general "
    "governor-general surgeon-general auditor comptroller detective inspector "
    "superintendent constable sheriff rabbi imam reverend rev rev. pastor co-leader co-chair "
    "co-chairman co-chairwoman vice-president vice-chancellor pm secretary-general "
    "coach skipper rookie veteran "
    "cpl cpl. corporal det det. insp insp. supt supt. const const. pte pte. "
    "pvt pvt. cmdr cmdr. cllr cllr. coun coun. pc td mla mpp msp mep atty atty. hon hon. "
    "engr engr. eng. ing. brig brig."  # "Eng. Mariam Al Suwaidi", "Brig Khalid Al Mazrouei",
    # "Ing. Abena Serwaa Dankwa" (Ghana's engineer)
).split())
# Titles that a field follows with "of" ("head of planning", "director of communications").
# Prepositions that round the number after them ("about 300 homes", "over half"), and
# phrases that do ("at least four", "as many as 300"): a quantity, no adjunct.
ROUNDING_PREPOSITIONS = frozenset({"about", "around", "over", "under"})
ROUNDING_PHRASES = (("at", "least"), ("at", "most"), ("as", "many"), ("as", "much"), ("as", "few"))
# Not "secretary" or "minister": "secretary of state" is one title.
FIELD_HEADS = frozenset({"head", "director", "chief", "professor", "president", "manager",
                         "officer", "dean", "editor"})
# Endings of nouns for one who does something ("manager", "lecturer", "economist"): a
# title's head, where "gala" or "convention" before a name is none.
AGENTIVE = ("er", "or", "ist", "ian", "ant", "ent")
# Endings of nouns for a person, by sex or kin: "midwife", "fisherman", "chairperson".
PERSON_ENDINGS = ("man", "woman", "wife", "person")
# An age as a noun ("the 29-year-old", "72-year-old Joan Pike"): a person, like a title.
AGE = re.compile(r"\d+-year-old")
# Heads of titles with no agentive ending ("design lead", "team head", "party boss").
TITLE_HEADS = frozenset({"lead", "head", "chief", "boss"})

# Final words that make a name an organisation rather than a person.
ORG_WORDS = frozenset((
    "ministry ministries kremlin department office committee council commission "
    "campaign party alliance union embassy government administration agency bureau "
    "service services court house senate congress parliament assembly duma military "
    "army navy company corporation corp inc ltd plc llc bank group organization organisation "
    "coalition association institute institutes center centre centers centres foundation "
    "university school "
    "times post journal news tribune herald network agency press review magazine "
    "nato un eu imf fbi cia pentagon who opec osce tass xinhua reuters ap afp cnn "
    "bbc fox nbc abc cbs msnbc politifact police force forces states nations kingdom "
    "republic federation board fund program programme council cabinet secretariat "
    "tribunal mission delegation command chamber society academy church museum "
    "authority directorate division district forum trust systems league hospital palace "
    "municipality municipalities prefecture legislature unit "
    "collective collaborative "  # "the Rural Practitioners' Collective ... the collective said"
    "consortium confederation syndicate partnership laboratory inspectorate "
    "motors airlines airways holdings industries technologies pharmaceuticals logistics "
    "telecom energy mining insurance enterprises ventures water trading securities works "
    # trade names: "Harlan Motors", "Thames Water", "Meridian Crude Trading", "Cascade
    # Plating Works"
    "ltd ltd. limited llc plc "  # a company's legal form: "Kowhai Plains Irrigation Ltd"
    "labour labor "  # a party's name: "Labour announced", "Scottish Labour"
    "ora hauora"  # te reo Māori: "Kāinga Ora", "Te Whatu Ora", "Manatū Hauora"
).split())

# Adjective or possessive of a country -> the country, so "Russian" and "Russia's" match.
DEMONYMS = {
    "russian": "russia", "american": "us", "u.s.": "us", "us": "us", "united states": "us",
    "america": "us", "ukrainian": "ukraine", "chinese": "china", "british": "uk",
    "u.k.": "uk", "britain": "uk", "french": "france", "german": "germany",
    "italian": "italy", "spanish": "spain", "polish": "poland", "japanese": "japan",
    "korean": "korea", "iranian": "iran", "iraqi": "iraq", "syrian": "syria",
    "turkish": "turkey", "israeli": "israel", "indian": "india", "canadian": "canada",
    "mexican": "mexico", "european": "europe", "belarusian": "belarus",
    "georgian": "georgia", "latvian": "latvia", "lithuanian": "lithuania",
    "estonian": "estonia", "finnish": "finland", "swedish": "sweden",
    "norwegian": "norway", "danish": "denmark", "dutch": "netherlands",
    "belgian": "belgium", "austrian": "austria", "swiss": "switzerland",
    "hungarian": "hungary", "czech": "czechia", "slovak": "slovakia",
    "romanian": "romania", "bulgarian": "bulgaria", "greek": "greece",
    "serbian": "serbia", "croatian": "croatia", "australian": "australia",
    "pakistani": "pakistan", "afghan": "afghanistan", "saudi": "saudi arabia",
    "egyptian": "egypt", "brazilian": "brazil", "venezuelan": "venezuela",
    "cuban": "cuba", "palestinian": "palestine", "lebanese": "lebanon",
    "kazakh": "kazakhstan", "moldovan": "moldova", "armenian": "armenia",
    "azerbaijani": "azerbaijan", "soviet": "ussr", "irish": "ireland", "scottish": "scotland",
    "welsh": "wales", "english": "england", "kiwi": "new zealand", "nz": "new zealand",
    "new zealand": "new zealand", "fijian": "fiji", "samoan": "samoa", "tongan": "tonga",
    "indonesian": "indonesia", "malaysian": "malaysia", "singaporean": "singapore",
    "filipino": "philippines",
    "thai": "thailand", "vietnamese": "vietnam", "taiwanese": "taiwan", "nigerian": "nigeria",
    "kenyan": "kenya", "ethiopian": "ethiopia", "portuguese": "portugal",
    "argentine": "argentina", "chilean": "chile", "colombian": "colombia",
    "peruvian": "peru", "south african": "south africa",
    # nouns for one person of a nation ("the Swede said")
    "swede": "sweden", "dane": "denmark", "finn": "finland", "briton": "uk", "brit": "uk",
    "scot": "scotland", "spaniard": "spain", "frenchman": "france", "frenchwoman": "france",
    "dutchman": "netherlands", "englishman": "england", "irishman": "ireland",
    "welshman": "wales", "scotsman": "scotland", "turk": "turkey", "serb": "serbia",
    "croat": "croatia",
}
# The demonyms that also name one person of a nation ("the Swede", "the Czech", "the
# Kenyan"), not a people ("the Chinese", "the British").
NATIONALS = frozenset(w for w in DEMONYMS if w.endswith(("an", "i")) or w in {
    "swede", "dane", "finn", "briton", "brit", "scot", "spaniard", "frenchman", "frenchwoman",
    "dutchman", "englishman", "irishman", "welshman", "scotsman", "turk", "serb", "croat",
    "czech", "greek", "thai", "afghan", "kazakh", "kiwi", "filipino", "argentine"})

# Titles that introduce a person's name ("Foreign Minister Sergey Lavrov", "Mr. Obama").
PERSON_TITLES = frozenset((
    "President", "Minister", "Secretary", "Ambassador", "Chancellor", "Senator", "Sen.",
    "Rep.", "Representative", "Gov.", "Governor", "Mayor", "Judge", "Justice", "General",
    "Gen.", "Spokesman", "Spokeswoman", "spokesman", "spokeswoman", "spokesperson", "Chief",
    "chief", "Director", "director", "Chairman", "Chairwoman", "chairman", "Commissioner",
    "Premier", "Dr.", "Mr.", "Mrs.", "Ms.", "Envoy", "envoy", "Prof.", "Professor", "King",
    "Queen", "Prince", "Pope", "secretary", "minister", "ambassador", "president",
    "Deputy", "Adviser", "adviser", "aide", "official", "Lt.", "Col.", "Captain", "Capt.",
    "Councillor", "Detective", "Det.", "Inspector", "Sergeant", "Sgt.", "Superintendent",
    "Constable", "Sir", "Dame", "Coun.", "Cllr", "Cllr.",
))

# Capitals that stand for their governments ("Moscow rejects ..."): places, not people.
PLACES = frozenset((
    "moscow washington beijing brussels kyiv kiev london paris berlin tehran jerusalem "
    "ankara tokyo seoul pyongyang damascus baghdad kabul minsk warsaw geneva vienna rome "
    "madrid ottawa canberra delhi islamabad riyadh cairo west east europe america africa "
    "asia russia ukraine china iran israel germany france britain nato eu"
).split()) | frozenset(DEMONYMS.values())

# Capitals that stand for their states as speakers ("Moscow said", "Washington warned"),
# by the state's name, so that "Moscow" and "Russia" are one speaker in a digest. Not
# cities that stand for a body or a venue ("Brussels", "Geneva") or a contested one.
CAPITAL_STATES = {
    "moscow": "Russia", "washington": "United States", "beijing": "China", "kyiv": "Ukraine",
    "kiev": "Ukraine", "london": "Britain", "paris": "France", "berlin": "Germany",
    "tehran": "Iran", "ankara": "Turkey", "tokyo": "Japan", "seoul": "South Korea",
    "pyongyang": "North Korea", "damascus": "Syria", "baghdad": "Iraq", "kabul": "Afghanistan",
    "minsk": "Belarus", "warsaw": "Poland", "rome": "Italy", "madrid": "Spain",
    "ottawa": "Canada", "canberra": "Australia", "delhi": "India", "islamabad": "Pakistan",
    "riyadh": "Saudi Arabia", "cairo": "Egypt",
}

PERSON_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you"})
THING_PRONOUNS = frozenset({"it", "they"})
SUBJECT_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS
# Units and counts of a span of time ("two days after", "a month later").
SPAN_UNITS = frozenset({"minute", "hour", "day", "week", "month", "year"})
NUMBER_WORDS = frozenset("two three four five six seven eight nine ten dozen dozens half "
                         "hundreds thousands millions".split())
# Quantities that can be a subject alone or before "of" ("Some seek ...", "Many of the
# speakers have ...").
QUANTITIES = frozenset({"some", "many", "most", "several", "few", "both", "all", "one",
                        "another", "each"})
# "who" contracted with its auxiliary ("leaders who’d rather back Cruz").
WHO_CONTRACTIONS = frozenset(f"who{mark}{aux}" for mark in "’'" for aux in ("d", "s", "ve", "ll"))
# Words that pick one person out of a group ("One woman at the centre", "Another resident").
PICKING_WORDS = frozenset({"one", "another"})
# Signs of a currency that open an amount of money ("$9.20", "€38m").
CURRENCY_SIGNS = frozenset("$€£¥₹₦")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"}) | WHO_CONTRACTIONS
ARTICLES = frozenset({"the", "a", "an"})
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "myself", "ourselves",
                        "yourself", "yourselves"})

# Abbreviations whose final period does not end a sentence ("Sta. Lucia", "Mt. Apo").
ABBREVIATIONS = frozenset((
    "mr mrs ms dr sen rep gov gen col lt sgt capt adm maj st jr sr no vs etc inc corp "
    "co ltd dept univ prof rev gov jan feb mar apr jun jul aug sep sept oct nov dec "
    "cpl det insp supt const pte pvt cmdr atty hon engr eng ing brig coun sta sto mt rs "
    "u.s u.n u.k e.u d.c a.m p.m u.s.a"
).split())
# Marks before an abbreviation's letters that leave it one ("(St. Vital)", "“Mr.").
WORD_OPENERS = "([{“‘\"'"


# Heads of phrasal cues that are no cues alone ("shot", "fired", "hit", "went").
PHRASAL_ONLY = frozenset({"shoot", "fire", "hit", "chime", "pipe", "cut", "go"})

# Verbs whose base and -s forms are mostly nouns, adverbs or adjectives ("the state", "back
# home", "the most elaborate"): their past and -ing forms are cues, their -s forms only
# where a verb of speech must stand (PRONOUN_SUBJECT_FORMS).
PAST_ONLY_VERBS = ("state", "back", "post", "rule", "order", "elaborate")
# The -s forms of those that tell of speech (not of support, posting or ordering), cues
# only where a verb must stand: after "it", "he", "she" or "who" ("It states that"), or
# beside a quotation ('“...,” the ad states'). "swing states" and "the United States"
# are no cues, and elsewhere these forms are nouns: not in CUE_LEMMAS, where a cue's
# form ends the subject of another ("insiders across the four states ... said").
PRONOUN_SUBJECT_FORMS = frozenset({"states", "elaborates"})
# The plural's form of "states", a cue only after "they" or documents or laws ("The papers
# state that", "The rules state"); elsewhere a noun, and no reporting form.
PLURAL_SUBJECT_FORMS = frozenset({"state"})
# What "states" something as a written text does, besides a pronoun: a document, or a law
# and its parts ("The ordinance states that", "Section 12 of the Act states"), or a plan.
STATING_NOUNS = DOCUMENT_NOUNS | frozenset((
    "ordinance act law bill constitution section clause rule regulation guideline policy "
    "code agreement contract treaty charter motion budget plan proposal notice guidance "
    "petition manifesto affidavit indictment judgment judgement warrant permit licence "
    "license bylaw strategy directive decision determination schedule minutes application "
    "website").split())


def regular_past(word: str) -> bool:
    """A past form by its regular ending ("searched", "needed"; not "red" or "bed")."""
    return len(word) > 4 and word.endswith("ed")


def verb_forms(lemma: str) -> tuple[str, ...]:
    """Inflected forms of a regular or listed irregular verb (base, 3sg, past, -ing)."""
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    if lemma.endswith("e"):
        stem = lemma[:-1]
        return lemma, lemma + "s", stem + "ed", (lemma if lemma.endswith("ee") else stem) + "ing"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        stem = lemma[:-1]
        return lemma, stem + "ies", stem + "ied", lemma + "ing"
    if lemma in _DOUBLING:
        return lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else lemma + "s"
    if lemma[-1:] == "l" and lemma[-2:-1] in "aeiou" and lemma[-3:-2] not in "aeiou":
        # British spelling doubles the "l" in the past ("signalled", "labelled"); not its
        # "-lling", as often a noun's ("a Rs4.2 billion signalling contract")
        return lemma, third, lemma + "ed", lemma + "ing", lemma + "led"
    return lemma, third, lemma + "ed", lemma + "ing"


def form_table(lemmas: Iterable[str]) -> dict[str, str]:
    """Map every inflected form of each lemma back to the lemma."""
    return {form: lemma for lemma in lemmas for form in verb_forms(lemma)}


def cue_table() -> dict[str, str]:
    """Every cue word form -> its lemma."""
    table = form_table([*SPEECH_VERBS, *MENTAL_VERBS, *EVIDENCE_VERBS, *EVIDENTIAL_VERBS,
                        *AS_VIEW_VERBS,
                        *(v for v in QUOTE_FRAMING_VERBS if v not in PHRASAL_ONLY)])
    table.update((form, lemma) for lemma in PAST_ONLY_VERBS for form in verb_forms(lemma)[2:])
    return table


# ---------------------------------------------------------------- grammar

# Every cue form -> its lemma, and the forms of the first words of phrasal cues.
CUE_LEMMAS = cue_table()
_ALL_PHRASES = (*PHRASAL_CUES, *QUOTE_FRAMING_PHRASES, *LIGHT_CUES)
PHRASAL_HEADS = form_table(p.split()[0] for p in _ALL_PHRASES)
PHRASAL = frozenset(tuple(p.split()) for p in _ALL_PHRASES)
LIGHT_HEADS = form_table(p.split()[0] for p in LIGHT_CUES)
FRAMING_PHRASAL = frozenset(tuple(p.split()) for p in QUOTE_FRAMING_PHRASES)
# Forms of verbs of speech that open their sentence before their source ('Said Poynter,
# “...”', "Added Jones:", "Wrote Smith in a memo:").
FRONTED_CUES = frozenset(
    form for lemma in ("say", "add", "write", "ask", "explain", "note", "continue", "recall",
                       "insist", "quip") for form in verb_forms(lemma)[1:3])
# Of those, the replies, which report a "that" clause too ("fired back that ...").
REPLY_PHRASAL = frozenset({("shoot", "back"), ("fire", "back"), ("hit", "back"),
                           ("chime", "in")})
CUE_WORDS = frozenset([*CUE_LEMMAS, *PHRASAL_HEADS.keys() - LIGHT_HEADS.keys(), "according"])
# Token forms that can open a cue: a sentence's last word still carries its stop ("said.").
CUE_FORMS = frozenset(form for word in CUE_WORDS | PRONOUN_SUBJECT_FORMS
                      for form in (word, f"{word}."))
# Token forms whose cue the grammar checks: those, "state" after a plural document, and
# the verbs of a light phrase ("made it clear").
CANDIDATE_FORMS = CUE_FORMS | PLURAL_SUBJECT_FORMS | LIGHT_HEADS.keys()
# Cue lemmas of utterances, which stay statements inside another's content.
SPEECH_LEMMAS = STATEMENT_VERBS | {"according to"}
# Forms of cues that are as often nouns ("plan", "claims", "reports").
NOUN_FORMS = frozenset(
    form for lemma in NOUN_LIKE_CUES for form in (lemma, f"{lemma}s", f"{lemma}es")
    if CUE_LEMMAS.get(form) == lemma)
# Cue forms whose subject is their source (not "seems", "appeared": the writer's hedges).
REPORTING_FORMS = frozenset(f for f in CUE_FORMS if CUE_LEMMAS.get(f.rstrip("."))
                            not in EVIDENTIAL_VERBS)
PRONOUNS = SUBJECT_PRONOUNS | RELATIVE_PRONOUNS
OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you", "it"})
QUOTES = frozenset({"“", "”", "\"", "'", "‘", "’", "''"})
# Negated auxiliaries are one token ("haven't"); ca-n't and wo-n't as in "can't", "won't".
NEGATED_BE = frozenset(f"{stem}{mark}t" for stem in ("isn", "aren", "wasn", "weren")
                       for mark in "'’")
NEGATED_MODALS = frozenset(f"{stem}{mark}t" for stem in ("won", "wouldn", "can", "couldn",
                                                         "shouldn", "mustn") for mark in "'’")
NEGATED = NEGATED_BE | NEGATED_MODALS | frozenset(
    f"{stem}{mark}t" for stem in ("hasn", "haven", "hadn", "doesn", "don", "didn") for mark in "'’")
NEGATIONS = NEGATED | {"not", "never", "n't"}
# A verb contracted after a pronoun, a word of its own ("I" "'ve" "said").
CONTRACTED_VERBS = frozenset(f"{mark}{verb}" for mark in "'’" for verb in ("ve", "d", "ll",
                                                                             "re", "m", "s"))
AUXILIARIES = NEGATED | CONTRACTED_VERBS | frozenset((
    "has have had is are was were be been being will would could should can may might must "
    "shall did does do also not never n't already still just then later again repeatedly "
    "previously recently publicly privately once reportedly apparently allegedly further "
    "even only often long initially first earlier twice thrice sometimes always now"
).split())
DETERMINERS = frozenset((
    "the a an its his her their our your my this these those another other some many "
    "several two three four five six seven eight nine ten dozens hundreds thousands most "
    "all both few one each every any no more"
).split())
NP_LINKS = frozenset({"of", "for", "at", "and", "to", "from", "in", "on"})
CONJUNCTIONS = frozenset({"but", "and", "while", "although", "though", "whereas", "yet"})
FUNCTION_WORDS = DETERMINERS | NP_LINKS | {"the"}
BE = NEGATED_BE | frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "’s",
                             "'s"})
FINITE_AUX = BE | NEGATED | frozenset({"has", "have", "had", "will", "would", "can", "could",
                                       "does", "did", "should", "may", "might", "must"})
# Where a noun-phrase content ends: a new clause or an adverbial of time or cause
# ("attacked Machado during the debate", "denounced it after the vote"; also "as" or "so"
# before a subject: "shouted profanities as she ran").
OBJECT_STOPS = frozenset((
    "but although though whereas during since amid while when because following until despite"
).split())
PARTICIPLES = frozenset({"written", "spoken", "known", "shown", "seen", "sworn", "foreseen",
                         "forbidden", "learnt", "born", "brought", "grown"})
PREPOSITIONS = frozenset((
    "in on at during after before while with from by via through when as since amid over "
    "about following under without ahead upon outside"
).split())
# Words that open an indirect question after a cue ("asked why ...", "wondered whether").
QUESTION_WORDS = frozenset({"why", "how", "whether", "if", "what", "who", "when", "where",
                            "which"})
# Clause words with which a sentence goes on after an attribution in its middle ("It was a
# reminder, she said, that ...", "Prices will rise, he said, because ...").
RESUMING_WORDS = frozenset({"that", "so", "because"})
# Adverbs and prepositions that open a sentence's adverbial, not its subject ("Now, after
# ...", "Not far away, ...", "Outside the campaign, ...", "Unlike Trump, ...").
OPENING_ADVERBS = frozenset("now just not instead outside inside beyond like unlike".split())
# Words that open an introductory phrase, not reported content ("In an interview, ...").
INTRO_WORDS = PREPOSITIONS | frozenset((
    "if because although though according meanwhile however speaking asked pressed "
    "earlier later also but and so yet still like unlike for until despite throughout within"
).split())
# Prepositions that never open a clause ("since" and "after" can: "since Clinton cited").
PURE_PREPOSITIONS = frozenset((
    "in on at during with from by via through amid over about under without upon near "
    "across against toward towards behind beside between"
).split())
# Prepositions of where a group or a subject is ("Farmers around Ingham", "Parents at
# Hillcrest School"): also "around" and "outside", which round numbers or qualify elsewhere.
PLACING_PREPOSITIONS = PURE_PREPOSITIONS | {"around", "outside"}
CLAUSE_WORDS = frozenset((
    "and but or so because although though while if when where as since that which who "
    "whom whose what whether than then also however meanwhile instead still yet according "
    "there here this it in on at after before during for with from by to"
).split())
DAYS = frozenset((
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight"
).split())
TIME_WORDS = DAYS | frozenset((
    "earlier later again also recently previously repeatedly last this next week month "
    "year weekend night morning afternoon evening on early late publicly privately once then "
    "afterwards afterward subsequently quarter season term decade"
).split())
MONTHS = frozenset((
    "january february march april may june july august september october november december "
    "jan. feb. mar. apr. jun. jul. aug. sept. sep. oct. nov. dec. "
    "jan feb mar apr jun jul aug sept sep oct nov dec"
).split())
# Nouns that end a time phrase between a subject and its verb ("Sanders on Tuesday said").
TIME_NOUNS = DAYS | MONTHS | frozenset(
    "week weekend month year morning afternoon evening night".split())
TIME_PHRASE_LEADS = frozenset("on in this last next early late earlier later that".split())
SUBORDINATORS = frozenset({"as", "when", "while", "because", "since", "before", "after", "if",
                           "until", "though", "although"})
TIME_LEADS = frozenset({"on", "last", "this", "next", "early", "late"})
ADJECTIVE_SUFFIXES = ("al", "ic", "ive", "ous", "ian", "ese", "ish", "ern", "ary", "ior",
                      "ant", "ent", "ful", "less", "ible", "able")
MODIFIERS = frozenset((
    "top senior former new other local state federal chief deputy acting foreign "
    "defense key leading prominent many some few several most first second white "
    "black young old longtime veteran unnamed anonymous independent outside "
    "conservative liberal progressive nonpartisan bipartisan operating managing "
    "upper lower inner outer"
).split())  # "chief operating officer", "managing editor"; a region's part ("upper South East")
NOT_SURNAMES = frozenset(w.capitalize() for w in ROLE_WORDS | PLACES)
# Documents that state content ("In a statement, ..."): not events such as an interview.
CONTENT_DOCUMENTS = frozenset((
    "poll polls survey surveys study report statement letter memo memorandum filing complaint "
    "lawsuit ruling analysis tweet post op-ed editorial communique communiqué release"
).split())
# Words that open a modifier after a noun ("experts on", "a study that", "data from") or
# go on with a coordinated one ("experts on Korea and nuclear arms").
POSTMODIFIER_OPENERS = WHO_CONTRACTIONS | frozenset((
    "of on from in at for with by about among over under near across who which that whose "
    "and or"
).split())
# Verbs whose subject also does what the infinitive after them says ("went on to say",
# "has to explain", "continues to insist"); other regular ones are known by their -ed
# ("appeared to suggest").
CONTROL_VERBS = frozenset((
    "went go goes going began begin begins came come comes seem seems appear appears try tries "
    "have has had need needs got continue continues continued"
).split())
# Passive cues that raise their clause's subject ("is expected to", "is said to"): what
# they report is the whole clause, and nobody in it is the source.
RAISING_LEMMAS = frozenset((
    "say report allege expect believe think know understand consider estimate project predict"
).split())
# Words after which an -ing form is a gerund of the clause's subject, not a noun's
# modifier ("after announcing", "time spent responding").
ADVERBIAL_LINKS = PREPOSITIONS | frozenset({"of", "for", "to", "from", "without", "despite",
                                            "besides", "than"})
GERUND_PREPOSITIONS = frozenset({"by", "for", "after", "before", "from", "while", "without",
                                 "despite"})
# Adverb particles of phrasal verbs before their object ("put out a statement").
PARTICLES = frozenset({"out", "up", "back", "off", "down", "forth"})
# Irregular past forms of common verbs, a closed class: after a name they are its verb
# ("Jane Smith paid tribute"), no noun it modifies ("Kremlin spokesman"). Forms that are
# as often nouns ("hit", "set", "cut", "put") are left out.
IRREGULAR_PASTS = frozenset((
    "paid took gave made went came led won lost held met left sent spent kept got ran saw "
    "brought bought built fought sought struck stood began became chose drove fell grew "
    "knew rose sat sold threw broke caught drew taught understood withdrew wore flew hung "
    "laid meant rode rang shook stole stuck swore swept swung tore woke forgave overtook "
    "undertook oversaw overcame froze dug fled clung spun sprang slid stung"
).split())
# Unions of the word lists above that the hot loops test against.
NOT_NOUNS = PREPOSITIONS | CUE_WORDS | IRREGULAR_PASTS
# Nouns that end like adverbs ("her reply", "the rally").
LY_NOUNS = frozenset((
    "family rally ally bully anomaly assembly monopoly tally reply supply orderly").split())
NP_WORDS = DETERMINERS | SOURCE_NOUNS | ROLE_WORDS | MODIFIERS | {"-"}
# Endings of a possessive, singular or plural ("Trump's", "the Clintons’").
POSSESSIVE_ENDINGS = ("’s", "'s", "s’", "s'")
# Possessive determiners of a third person ("his claim", "its report").
POSSESSIVE_DETERMINERS = frozenset({"his", "her", "its", "their"})
NP_SUFFIXES = (*ADJECTIVE_SUFFIXES, "’s", "'s", "s’", "s'")  # "supporters' group"
CLAUSE_OR_CUE_WORDS = CLAUSE_WORDS | CUE_WORDS
# Lower-case words before an object that are no verb ("in a statement", "and the letter").
NOT_VERBS = CLAUSE_WORDS | PREPOSITIONS | DETERMINERS | NP_LINKS | CONJUNCTIONS
ADJUNCT_WORDS = PREPOSITIONS | TIME_WORDS
NOUN_OPENERS = DETERMINERS | PRONOUNS | OBJECT_PRONOUNS
# Words that open a phrase before the source that is never its content: "In a
# statement, ...", "According to X, ...", "Asked whether he would apologise, Seymour
# said no" (the question put to the source).
INTRO_OPENERS = PREPOSITIONS | {"according", "asked", "pressed"}
COMMA_OR_QUOTE = QUOTES | {","}
PHRASE_ENDS = frozenset({",", "—", "–", "--", "-"})
APPOSITION_MARKS = frozenset({",", "—", "–", "-"})
DASH_TOKENS = APPOSITION_MARKS - {","}  # dashes as tokens: "--" is two "-"
QUOTE_INTROS = QUOTES | {":", ","}
RELATIVE_OBJECTS = RELATIVE_PRONOUNS | {"what"}
# Relative words whose clause can have its gap in a cue's content ("what she called ...").
GAP_RELATIVES = frozenset({"what", "which", "whom", "who"})
CLAUSE_MARKS = QUOTES | {",", ";", ":", "—", "--"}
MEDIUM_PREPOSITIONS = frozenset({"in", "on", "during", "at"})
# Gatherings where something was said or done ("at a rally", "at a news conference").
EVENT_NOUNS = frozenset(
    "rally conference hall event debate hearing meeting forum fundraiser briefing summit "
    "convention luncheon dinner breakfast gathering ceremony session".split())
FLOATING_QUANTIFIERS = frozenset({"all", "both", "each"})
MODAL_WORDS = NEGATED_MODALS | frozenset("will would can could may might must shall should"
                                         .split())
# Auxiliaries and adverbs between a chained cue and its link ("and has since said"); not
# modals ("but would add": a predicate of the content).
CHAIN_SKIPS = AUXILIARIES - MODAL_WORDS
CHAIN_WORDS = frozenset({"and", "but", "yet"})
# Marks that chain a cue to the main clause rather than to the last verb (", adding", "but said").
MAIN_CHAIN_MARKS = frozenset({",", "but"})
DOUBLE_QUOTES = frozenset({"“", "”", "\"", "''"})
# A word, as contents are counted, compared and fingerprinted.
WORD = re.compile(r"\w+")


# ---------------------------------------------------------------- names

# Words before a name that are no part of it ("the Kremlin", "its general secretary").
NAME_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this",
                              "that"})
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame",
                        "shri", "smt", "smt.", "shrimati",  # India's "Shri", "Smt."
                        "datuk", "datin", "dato", "dato'", "seri", "tun",  # Malaysia's
                        "madam", "hon", "hon."})  # "Hon Simbarashe Katsande": an MP
# Words that tie a description to the body it speaks for ("spokesman for the Kremlin").
AFFILIATION_WORDS = frozenset({"for", "of", "at", "from"})
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
NAME_PARTICLES = frozenset({"de", "da", "van", "von", "der", "bin", "al", "el", "la", "le", "di",
                            "ki", "te",  # Māori: "Ngāti Raukawa ki te Tonga"
                            "ó", "ní", "nic", "mac", "uí"})  # Irish: "Seán Ó Riordáin"
# Letters of Latin names beyond ASCII, for the name patterns' character classes: "Siobhán",
# "Ó Riordáin", "Łukasz", "Şükrü" are capitalised words as "Sean" is.
CAPITALS = "A-ZÀ-ÖØ-Þ" + "".join(chr(c) for c in range(0x100, 0x180) if chr(c).isupper())
SMALLS = "a-zß-öø-ÿ" + "".join(chr(c) for c in range(0x100, 0x180) if chr(c).islower())
# Titles that are also common surnames: after a name word, the name goes on ("Chris
# Bishop", "John Major", "Stephen King", "Howard Dean").
SURNAME_TITLES = frozenset({"bishop", "king", "major", "dean", "marshal", "cardinal"})
# Lower-case words that are no title before a name: function words and cues ("supporters
# of Trump", "as Trump", "said Trump"), but a cue that is as often a person's noun ("tenant
# advocate Sarah Jones").
NOT_TITLES = (CLAUSE_OR_CUE_WORDS - {"advocate"}) | FUNCTION_WORDS | AUXILIARIES | (
    PREPOSITIONS) | PRONOUNS
# Prepositions that open a phrase after a person's name ("Ganguly of Human Rights Watch",
# "Sanders on Wednesday", "Graham at a rally").
PHRASE_PREPOSITIONS = frozenset({"of", "from", "at", "for", "on", "in", "during"})
# Capitalised words that head a mention: titles, and organisation words of five letters
# or more (shorter ones are names' ends: "Fox", "Post"), but for four that head bodies'
# names of more words ("World Bank", "Bank of Canada"), as do a company's legal forms
# ("Westpac Banking Corp.").
SHORT_ORG_HEADS = frozenset({"Bank", "Fund", "Army", "Navy", "Corp.", "Corp", "Inc.", "Inc",
                             "Ltd.", "Ltd"})
# Words that head the name of a body, or of a law, only when capitalised: "the Innocence
# Project", "the Equal Justice Initiative", "the Kiambu County Finance Act", "Tasman
# Agribusiness Research", "Capital Economics", "Fletcher Building" (no person); "people
# involved in the lobbying project" are no body, nor "Greenberg's research", nor "residents
# of the building".
PROPER_ORG_HEADS = frozenset({"Project", "Initiative", "Act", "Research", "Economics",
                              "Analytics", "Consulting", "Building", "Construction"})
MENTION_HEADS = PERSON_TITLES | frozenset(
    w.capitalize() for w in ORG_WORDS if len(w) > 4) | SHORT_ORG_HEADS | PROPER_ORG_HEADS
# The organisation words above that are acronyms ("NATO", "TASS"), in capitals as a text
# names the body: a description of its kind can stand for it (ACRONYM_KINDS).
ORG_ACRONYMS = tuple(w.upper() for w in (
    "nato un eu imf fbi cia opec osce tass ap afp cnn bbc nbc abc cbs msnbc").split())
SPOKESPERSONS = frozenset({"spokesman", "spokeswoman", "spokesperson"})
# One person who speaks for a body: "a spokeswoman for the mayor's office" is a person.
BODY_VOICES = SPOKESPERSONS | {"official", "representative"}
# Who speaks for a person ("Bishop's office", "her spokesman").
SPEAKS_FOR = SPOKESPERSONS | {"office"}
LOWER_CASE_TITLES = (*sorted(SPOKESPERSONS), "secretary")
# Last words of a person's description ("the Russian diplomat"), which refers to the last
# person when no entity shares its words.
PERSON_HEADS = ROLE_WORDS | {"diplomat", "official", "envoy", "lawmaker", "legislator", "member",
                             "international",  # a player capped: "the Ghana international"
                             "boss", "manager", "owner", "player", "striker", "midfielder",
                             "defender", "goalkeeper", "winger", "forward", "quarterback",
                             "pitcher", "batter", "bowler", "batsman"}
# Occupations, which a writer gives the person just quoted in place of the name ("...,"
# said Denise Hartigan, president of the union. The veteran character actress said ...").
OCCUPATIONS = frozenset((
    "actor actress singer artist novelist musician filmmaker producer comedian entrepreneur "
    "businessman businesswoman banker investor farmer engineer architect activist campaigner "
    "doctor nurse teacher scientist researcher surgeon dentist pharmacist paramedic "
    "firefighter pilot accountant builder plumber electrician mechanic carpenter labourer "
    "chef baker butcher grower winemaker vet landlord driver owner worker organiser organizer "
    "trader shopkeeper cleaner fisherman agent orderly"
).split())
# Nouns that sum up a clause in the writer's words, set off after what was said ("...,
# a claim AFP could not verify", "..., a move that could ...").
SUMMING_NOUNS = frozenset((
    "claim claims charge allegation assertion accusation move step shift sign indication "
    "signal reversal departure setback blow rebuke admission point argument position plan "
    "proposal idea notion contention view stance"
).split())

# Offices a person holds, each of a kind no holder of another kind is: "the mayor" is not
# the "Defence lawyer" named just before, though "the lawyer" may be the attorney.
OFFICE_KINDS = {
    **dict.fromkeys(("lawyer", "attorney", "counsel", "barrister", "solicitor"), "lawyer"),
    **dict.fromkeys(sorted(SPOKESPERSONS), "spokesperson"),
    **dict.fromkeys(("representative", "congressman", "congresswoman"), "representative"),
    **{word: word for word in (
        "mayor judge prosecutor senator governor ambassador detective inspector economist "
        "professor coach councillor sheriff surgeon nurse teacher principal meteorologist "
        "minister premier president manager captain director pastor secretary-general "
        "chancellor commissioner chairman chairwoman"
    ).split()},
}
# Nouns for someone by their tie to another, who is someone else: "the mother of Sam
# Jones", "a lawyer for the council" speak for themselves, not for whom they are tied to.
RELATION_NOUNS = frozenset((
    "family mother father wife husband son daughter brother sister parents partner friend "
    "friends neighbour neighbor neighbours neighbors lawyer lawyers attorney attorneys "
    "relatives relative cousin uncle aunt grandmother grandfather widow widower fiancee "
    "fiancée girlfriend boyfriend colleague colleagues"
).split())
# Nouns for anyone, by sex, age or kin, that no name is spelt as: capitalised at the start
# of a headline or sentence they describe ("Man denies murder", "Teen says ...").
GENERIC_PERSONS = frozenset(
    "man woman boy girl teen teenager mother father wife husband daughter widow".split())
# Singular nouns for the members of the public a story quotes unnamed ("another resident,
# who asked not to be identified, told ..."): a person, whom a pronoun after may stand for.
LAY_PERSONS = frozenset((
    "resident voter worker employee protester citizen delegate staffer donor backer "
    "student teacher doctor nurse patient victim survivor owner driver farmer trader "
    "shopper customer fan volunteer bystander eyewitness villager passenger parent "
    "vendor seller hawker stallholder shopkeeper retiree pensioner tenant"
).split())
# Words of a person's title or description that tell their gender: 1 for "he", -1 for
# "she" ("Mrs.", "spokeswoman", "his wife").
GENDER_WORDS = {**dict.fromkeys((
    "mr mr. sir spokesman congressman businessman assemblyman husband father son brother "
    "king prince man boy grandfather uncle nephew widower lord duke"
).split(), 1), **dict.fromkeys((
    "mrs mrs. ms ms. miss madam spokeswoman chairwoman congresswoman businesswoman "
    "assemblywoman wife mother daughter sister queen princess woman girl grandmother aunt "
    "niece widow lady dame duchess actress"
).split(), -1)}
# Abbreviated titles, spelt out so that "Sen. Rubio" and "the senator" share a word.
TITLE_ABBREVIATIONS = {
    "sen.": "senator", "rep.": "representative", "gov.": "governor", "gen.": "general",
    "lt.": "lieutenant", "col.": "colonel", "sgt.": "sergeant", "capt.": "captain",
    "adm.": "admiral", "maj.": "major", "amb.": "ambassador", "atty.": "attorney",
    "sec.": "secretary", "pres.": "president", "prof.": "professor", "supt.": "superintendent",
    "cpl.": "corporal", "det.": "detective", "insp.": "inspector", "const.": "constable",
    "pte.": "private", "pvt.": "private", "cmdr.": "commander", "coun.": "councillor",
    "cllr": "councillor", "cllr.": "councillor",
}
# Adverbs that open a sentence before its subject ("Now, Mr. Obama ...").
# Adverbs set off by commas inside a clause ("Shoigu, meanwhile, urged", "At day's end,
# however, Clinton said").
ASIDE_ADVERBS = frozenset({"however", "meanwhile", "though", "too"})
SENTENCE_ADVERBS = frozenset((
    "now instead indeed thus therefore again first finally yet still here there together "
    "ultimately essentially similarly likewise otherwise nonetheless nevertheless moreover "
    "furthermore"
).split())
# Pronouns that stand for one person, with their gender as in GENDER_WORDS.
PERSON_PRONOUN_GENDER = {"he": 1, "him": 1, "his": 1, "she": -1, "her": -1}
# Heads of descriptions that name a body, not a person ("the state", "the newspaper").
# Kinds of business a name may follow ("apparel retailer Harbourline Group", "the miner"):
# each says the name is a company's.
BUSINESS_KINDS = frozenset((
    "company firm retailer airline carrier lender insurer miner supplier manufacturer operator "
    "conglomerate startup processor exporter importer distributor wholesaler refiner shipper "
    "utility brokerage giant"
).split())
BODY_NOUNS = ORG_WORDS | frozenset((
    "state company firm group network newspaper paper magazine outlet channel station daily "
    "website blog country nation team panel board side organisation organization watchdog "
    "broadcaster publication tabloid crowd audience club franchise co-operative cooperative "
    "airline insurer retailer lender carrier supermarket presidency palace secretariat "
    "regulator utility brokerage giant"
).split())
# Kinds of body that a name and a description both say ("the Foreign Ministry", "the
# ministry"): a description of one kind stands for no body named as another.
BODY_KINDS = frozenset((
    "ministry department police army military court party campaign committee commission "
    "council parliament senate congress embassy union bank church university school government"
).split())
# Kinds of body an acronym names ("NATO ... the alliance", "TASS ... the agency"): the
# description stands for the one such body its text has just named.
ACRONYM_KINDS = frozenset((
    "alliance bloc organisation organization agency bureau network broadcaster channel "
    "union fund bank group coalition commission council body watchdog"
).split())
# Words that qualify a title before it ("Russia's Deputy Foreign Minister").
TITLE_MODIFIERS = frozenset({"of", "for", "and", "the", "its", "his", "her", "general", "deputy",
                             "foreign", "former", "press"})

# The okina, the glottal stop that opens many Tongan, Samoan and Hawaiian names ("'Ana
# Kaufusi"), as papers print it: itself, or an opening or straight apostrophe.
GLOTTAL_STOPS = frozenset("ʻ‘'")
# "D-Mich.", "R-Texas", "I-Vt.", "D-Salt Lake City"
PARTY_TAG = re.compile(r"[DRI]-[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}$")
# A dateline with a colon that opens the story's first paragraph, in the style of Gulf and
# South Asian papers ("Dubai: Retailers ...", "New Delhi: The government ...").
DATELINE_COLON = re.compile(r"(?:[A-Z][a-z]+(?: [A-Z][a-z]+)?|[A-Z]{2,}):[ \t]+(?=[A-Z])")
# (one word in capitals: "PUNE:"; two are as often a transcript's speaker: "JOEL BENENSON:")
# A dateline before a dash: a place in capitals (or two: "LONDON/DUBAI"), or any place with
# a news agency, then its state or country, date and agency ("MANCHESTER, N.H. -",
# "WASHINGTON, Dec. 8 (UPI) —", "New York (AFP) –", "Marsabit (Kenya) (AFP) -").
DATELINE_DASH = re.compile(r"""
    (?:[A-Z][A-Z.'/\-]+(?:\ [A-Z][A-Z.'/\-]+){0,3}
       (?:,\ [A-Z][\w.]*(?:\ [A-Z][\w.]*)?)?(?:,\ [A-Z][a-z]{2,8}\.?\ \d{1,2})?
       (?:\ \([A-Za-z]+\))?
     | [A-Z][\w.'\-]*(?:\ [A-Z][\w.'\-]*){0,3}(?:,\ [A-Z][\w.]*)?(?:\ \([A-Z][a-z]+\))?
       (?:,\ [A-Z][a-z]{2,8}\.?\ \d{1,2})?\ \([A-Za-z]+\)
     | \([A-Z][A-Za-z]+\))  # the agency alone: "(Bloomberg) -- Tasman Hydro Ltd. said"
    \s*(?:[—–―]|--?)\s+(?=\S)
""", re.X)
