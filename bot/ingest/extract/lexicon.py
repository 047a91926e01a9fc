"""Word lists the extractor relies on: speech verbs, titles, organisation words, first names."""

from __future__ import annotations

from pathlib import Path


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that introduce speech, in the inflected forms news prose uses.
SPEECH_VERBS = _words(
    """
    said says say saying told tells telling added adds adding stated states stating
    noted notes noting wrote writes writing explained explains explaining continued continues
    argued argues arguing claimed claims claiming insisted insists insisting warned warns warning
    announced announces announcing declared declares declaring replied replies replying
    responded responds responding answered answers answering asked asks asking remarked remarks
    recalled recalls recalling acknowledged acknowledges admitted admits affirmed affirms
    asserted asserts asserting confirmed confirms contended contends denied denies
    emphasized emphasizes emphasised emphasises stressed stresses stressing observed observes
    suggested suggests mentioned mentions mentioning tweeted tweets tweeting posted
    predicted predicts promised promises vowed vows joked jokes quipped quips exclaimed
    shouted whispered concluded concludes conceded concedes complained complains revealed
    reveals reported reports testified testifies urged urges criticized criticised
    lamented laments boasted mused cautioned cautions countered counters recounted recounts
    elaborated elaborates reiterated reiterates pledged pledges agreed agrees disagreed
    objected described describes describing texted emailed wondered pointed demanded demands
    pleaded scoffed snapped retorted charged alleged maintained opined echoed hinted teased
    thundered yelled screamed cried sighed laughed marveled questioned messaged responded
    chimed interjected proclaimed chanted chanting chant sang singing announced wrote write
    insisted conceded advised yells shouts screams cries whispers sings
    """
)

# Verbs that introduce a title or a label rather than speech ('what he called "a hoax"').
LABEL_CUES = _words(
    """
    called calling dubbed dubbing named titled entitled termed labeled labelled branded
    nicknamed so-called known word phrase term slogan headline hashtag as
    """
)

# Words that make a capitalised word a title or a role ("Secretary", "Sen.").
TITLE_WORDS = _words(
    """
    Cr Cr.
    President President-elect Vice Secretary Minister Prime Deputy Assistant Undersecretary
    Under Senator Sen. Sens. Representative Rep. Reps. Congressman Congresswoman Governor Gov.
    Lieutenant Lt. Mayor General Gen. Col. Colonel Maj. Major Capt. Captain Adm. Admiral
    Sgt. Sergeant Cmdr. Commander Marshal Chancellor Chairman Chairwoman Chair Director Chief
    Justice Judge Attorney Commissioner Ambassador Spokesman Spokeswoman Spokesperson Speaker
    Leader Majority Minority Whip Press Pope King Queen Prince Princess Sheikh Emir Dr. Mr.
    Mrs. Ms. Miss Mx. Prof. Professor Rev. Reverend Sir Dame Lord Lady CEO Coach Officer
    Inspector Premier Former Acting Interim State Defense Defence Treasury Homeland Security
    Foreign Interior Finance Health Energy Justice Commerce Labor Labour Education Agriculture
    Transportation Veterans Affairs Housing General Attorney-General Surgeon Foreign Home
    Economy Trade Culture Environment Intelligence National Democratic Republican GOP Democrat
    Independent Conservative Liberal Senate House Senior Chief-of-staff Staff Strategist
    Adviser Advisor Counselor Counsel Executive Founder Co-founder Manager Editor Correspondent
    Host Anchor Presidential Candidate Nominee Mr Mrs Ms Dr Prof Supreme Court Federal Reserve
    Fed Central Bank Council Of Council-member Councilman Councilwoman Alderman Sheriff Police
    Detective Superintendent Constable Bishop Cardinal Rabbi Imam Ayatollah Crown Grand
    Archbishop Dean Provost Rector Chancellor-elect Governor-elect Mayor-elect Regent Envoy
    Special Representative Del. Amb. Vice-President Vice-Chancellor Ex-president Ex
    Councillor Councilor Councilmember Councilperson Alderwoman Alderperson Assemblyman
    Assemblywoman Assemblymember Legislator Delegate Selectman Selectwoman Supervisor
    Comptroller Controller Treasurer Clerk Auditor Principal Headteacher Headmaster Warden
    Magistrate Brigadier Corporal Lieutenant-General Major-General Lieutenant-Colonel
    Vice-Admiral Rear Admiral Commander-in-chief Trustee Steward Chairperson Deputy-Director
    Director-General Secretary-General Managing Board Member Pastor Chief-Executive
    Premier-elect Senator-elect MP MEP MSP MLA
    Det. Det Insp. Insp Const. Cpl. Pte. Cllr Cllr. Supt Supt. Sgt Lt Col Capt Maj Cmdr Hon.
    Fr. Msgr. Atty. DC DS DI DCI DCS PC PCSO
    Alhaji Alhaja Hajiya Mallam Malam Datuk Dato Datin Tun
    Shri Smt Shrimati Swami Ustaz Sheikha Ald. Ald
    """
)

# Lower-case nouns that name a role right before a name ("pollster Pat Caddell").
ROLE_NOUNS = _words(
    """
    midwife baker publican coroner retiree pensioner electrician plumber
    quarterback striker goalkeeper midfielder defender pitcher batsman bowler jockey sprinter
    sophomore freshman rookie
    president secretary minister senator governor mayor spokesman spokeswoman spokesperson
    pollster analyst observer strategist adviser advisor official officials aide director chief
    chairman chairwoman leader lawmaker candidate nominee host anchor reporter correspondent
    columnist commentator economist professor researcher scientist lawyer attorney judge
    general commander ambassador envoy diplomat executive founder ceo manager coach player
    striker captain singer actor actress author writer editor publisher president-elect
    activist organizer organiser campaigner operative consultant congressman congresswoman
    representative premier chancellor prosecutor sheriff detective officer investigator
    owner partner economist historian expert doctor surgeon member councillor councilor
    councilman councilwoman councilmember alderman alderwoman steward trustee commissioner
    superintendent principal teacher nurse worker driver farmer student chairperson chair
    treasurer clerk volunteer pastor priest rabbi imam bishop engineer planner architect
    negotiator head deputy veteran resident residents witness neighbour neighbor supervisor
    comptroller auditor legislator assemblyman assemblywoman delegate mp mep regulator
    physician psychologist academic lecturer dean provost headteacher headmaster
    chancellor-elect mayor-elect governor-elect prime vice-president vice spokesmen
    widow widower wife husband mother father daughter son sister brother niece nephew mom dad
    counterpart developer entrepreneur businessman businesswoman banker investor designer
    filmmaker producer musician artist athlete pilot soldier sergeant paramedic firefighter
    pharmacist dentist fisherman miner novelist poet journalist photographer broadcaster
    presenter accountant contractor landlord tenant shopkeeper retailer homeowner parent
    grandmother grandfather aunt uncle cousin friend colleague survivor victim refugee migrant
    voter customer patient constable inspector advocate lobbyist barrister solicitor
    epidemiologist meteorologist forecaster chef co-founder cofounder trader vicar chaplain
    """
)

# Words that qualify a role standing before a name ("former U.N. envoy", "acting chief").
ROLE_MODIFIERS = _words(
    "former then late acting deputy vice chief senior top new outgoing incoming general"
)
# Words that mark a capitalised sequence as an organisation.
ORG_WORDS = _words(
    """
    Market Mall Library Station Stadium Surgery Stores Pool Road Bridge Avenue
    Department Ministry Pentagon Kremlin Agency Administration Office Bureau Commission
    Committee Council Party Campaign Company Corporation Corp. Corp Inc. Inc Ltd Ltd. LLC Group
    Bank Fund Association Institute Foundation University College School Times Post News
    Journal Herald Tribune Press Network Reuters Bloomberg Guardian Telegraph Associated
    Service Services Police Army Navy Force Forces Court Congress Senate Parliament Government
    Cabinet Ministry Union Federation Organization Organisation Alliance Coalition League
    Board Authority Airlines Motors Holdings Partners Capital Club Team Church Center Centre
    Hospital Review Magazine Radio Television TV Broadcasting Media Chronicle Gazette Observer
    Daily Weekly Monthly Politburo Secretariat FC
    Inc Reserve Exchange Commission Securities Laboratory Labs Society Trust Council Caucus
    Transit Railways Railway Rail Airport Port Utilities Energy Industries Systems Institute
    Assembly Legislature Chamber Tribunal Directorate Command Inquiry Letters Proceedings
    Bulletin Quarterly Annals
    """
)

KNOWN_ORGS = _words(
    """
    Pentagon Kremlin Reuters Bloomberg AP AFP Breitbart CNN NBC CBS ABC BBC Fox MSNBC NPR
    Politico Axios FBI CIA NSA NATO UN EU IMF WHO Google Facebook Twitter Apple Microsoft
    Amazon Meta Tesla Boeing Hamas Hezbollah Taliban Interpol Europol Gallup Ipsos YouGov
    Rasmussen Quinnipiac Vatican Congress Parliament Bundestag Duma Knesset Hamas
    """
)

# Capitalised words that start sentences but are not names.
NON_NAME_WORDS = _words(
    """
    The A An But And Or Nor So Yet For In On At By To From With Without Of Off Into Onto Over
    Under After Before During While When Whenever Where Wherever Why How What Which Who Whom
    Whose This That These Those There Here Then Now Today Tomorrow Yesterday Tonight It Its He
    She They We I You His Her Their Our My Your Him Them Us Me As If Although Though Because
    Since Unless Until Once Still Also However Meanwhile Moreover Furthermore Nevertheless
    Instead Indeed Thus Hence Perhaps Maybe Yes No Not Some Many Most Few Several All Both Each
    Every Any Other Another Such One Two Three Four Five Six Seven Eight Nine Ten First Second
    Third Last Next Earlier Later Asked Speaking Addressing According Despite Amid Among Like
    Unlike Even Just Only Already Mr Mrs Ms Dr Read Click Share Watch Photo Video Sign
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec Let Do Does Did Is Are Was Were Will Would Can Could Should Must Has Have Had
    Be Being Been Don't Isn't It's That's There's Here's What's Who's Let's Oh Well Please
    Thank Thanks Dear Hello Hi God Christmas Easter Election Day Americans American Democrats
    Republicans Russians Ukrainians Israelis Palestinians Europeans Chinese Britons
    """
)

MALE_PRONOUNS = _words("he him his himself He Him His Himself")
FEMALE_PRONOUNS = _words("she her hers herself She Her Hers Herself")
SUBJECT_PRONOUNS = _words("he she He She")

# Role nouns that state a gender: a person introduced as "widow Terry Strada" is "she".
MALE_ROLE_NOUNS = _words(
    """
    husband father son brother widower grandfather uncle nephew boyfriend king prince
    chairman congressman spokesman businessman councilman alderman assemblyman congressmen
    actor fisherman
    """
)
FEMALE_ROLE_NOUNS = _words(
    """
    wife mother daughter sister widow grandmother aunt niece girlfriend queen princess
    chairwoman congresswoman spokeswoman businesswoman councilwoman alderwoman assemblywoman
    actress mom
    """
)

MALE_NAMES = _words(
    """
    Aaron Abdul Abraham Adam Adrian Ahmed Alan Albert Alberto Alec Alejandro Alex Alexander
    Alexei Alfred Ali Alistair Allen Alvin Amir Anders Andre Andrea Andreas Andrew Andrzej
    Andy Angelo Anthony Antonio Antony Anwar Arnold Arthur Ashraf Ashton Barack Barry Ben
    Benjamin Benny Bernard Bernie Bert Bill Billy Bob Bobby Boris Brad Bradley Brandon Brendan
    Brett Brian Bruce Bruno Bryan Burt Byron Calvin Cameron Carl Carlos Cedric Chad Charles
    Charlie Chris Christian Christopher Chuck Clarence Claude Clint Cody Colin Connor
    Corey Craig Curtis Dale Dan Daniel Danny Dante Darren Dave David Dean Dennis Derek Devin
    Dick Diego Dmitry Dominic Don Donald Doug Douglas Duncan Dwight Dylan Ed Eddie Edgar Eduardo
    Edward Elijah Elon Emmanuel Enrique Eric Erik Ernest Ethan Eugene Evan Fabio Faisal Felix
    Fernando Francis Francisco Frank Franklin Fred Frederick Gabriel Gareth Gary Gavin Geoffrey
    George Gerald Gerhard Giovanni Glenn Gordon Graham Greg Gregory Guillermo Gustavo Hamid
    Hank Hans Harold Harry Harvey Hassan Hector Henry Herbert Howard Hugh Hugo Hussein Ian Igor
    Isaac Ivan Jack Jacob Jaime Jake James Jamie Jared Jason Javier Jay Jean Jeb Jeff Jeffrey
    Jeremy Jerome Jerry Jesse Jesus Jim Jimmy Joaquin Joe Joel Johan John Johnny Jon Jonathan
    Jorge Jose Joseph Josh Joshua Juan Julian Julio Justin Karl Keith Ken Kenneth Kevin Khalid
    Kim Kirk Klaus Kurt Kyle Lance Larry Lars Lee Leo Leon Leonard Lewis Lindsey Lloyd Louis
    Luca Lucas Luis Luke Malcolm Manuel Marc Marco Marcus Mario Mark Martin Marty Mat Matt
    Matteo Matthew Max Maxim Michael Michel Miguel Mike Mikhail Mitch Mitt Mohamed Mohammad
    Mohammed Muhammad Nathan Neil Nicholas Nick Nicolas Nigel Noah Norman Oleg Oliver Omar
    Oscar Owen Pablo Pat Patrick Paul Pedro Pete Peter Phil Philip Pierre Rafael Ralph Ramon
    Randy Ray Raymond Reince Reza Ricardo Richard Rick Ricky Rob Robert Roberto Rod Roger Roland
    Ron Ronald Ross Roy Rudy Rupert Russell Ryan Sam Samuel Santiago Scott Sean Sebastian
    Sergei Sergey Seth Shane Sherrod Simon Stan Stanley Stefan Stephen Steve Steven Stuart Ted
    Terry Thomas Tim Timothy Todd Tom Tommy Tony Travis Trevor Troy Tyler Ulrich Victor Vijay
    Vince Vincent Viktor Vladimir Volodymyr Walter Warren Wayne Wesley Will William Willie
    Xavier Yuri Zach Zachary Mehmet Recep Narendra Xi Emmanuel Olaf Rishi Keir Justin Benjamin
    Yair Yoav Naftali Jens Antonio Sergio Kamal Mahmoud Bashar Abdullah Salman Recep Jair Luiz
    Javier Gustavo Cyril Muhammadu Bola Uhuru William Ted Rand Marco Chris Reince
    Newt Rudy Mike Tim Corey Paul Mitch Chuck Harry Jared Steve Sean Stephen
    """
)

FEMALE_NAMES = _words(
    """
    Abigail Ada Adriana Agnes Aisha Alexandra Alexis Alice Alicia Alison Allison Amanda Amber
    Amy Ana Andrea Angela Angelina Angie Anita Ann Anna Anne Annette Annie Antonia April Ashley
    Audrey Barbara Beatrice Becky Belinda Beth Betsy Betty Beverly Bonnie Brenda Bridget
    Britney Brooke Camila Candice Carla Carly Carmen Carol Caroline Carolyn Catherine Cathy
    Cecilia Celia Charlotte Chelsea Cheryl Christina Christine Cindy Claire Clara Claudia Colleen
    Connie Cynthia Daisy Dana Danielle Daphne Dawn Debbie Deborah Debra Denise Diana Diane Donna
    Doris Dorothy Eileen Elaine Eleanor Elena Elisabeth Elise Eliza Elizabeth Ella Ellen Elsa
    Emily Emma Erica Erin Esther Eva Evelyn Faith Fatima Fiona Florence Frances Gabriela
    Gabrielle Gail Gina Gloria Grace Greta Gretchen Hannah Harriet Hayley Heather Heidi Helen
    Helena Hillary Holly Hope Ilhan Ingrid Irene Iris Isabel Isabella Ivanka Jackie Jacqueline
    Jacinda Jane Janet Janice Jasmine Jean Jeanne Jen Jennifer Jenny Jessica Jill Jo Joan Joanna
    Jocelyn Jodi Josephine Joy Joyce Judith Judy Julia Julie Juliet June Karen Kamala Kate
    Katherine Kathleen Kathryn Kathy Katie Katrin Kay Kayleigh Kellyanne Kelly Kelsey Kim
    Kimberly Kirsten Kristen Kristin Krysten Laura Lauren Leah Leslie Liliana Lily Linda Lindsay
    Lisa Liz Lizzie Lori Lorraine Louise Lucia Lucy Lydia Lynn Madeleine Madison Maggie Mallory
    Marcia Margaret Margarethe Maria Marian Marie Marilyn Marina Marine Marion Marjorie Martha
    Mary Maureen Maxine Megan Melania Melanie Melissa Meryl Mia Michelle Mika Mildred Miranda
    Mitzi Molly Monica Nadia Nancy Naomi Natalia Natalie Nicola Nicole Nikki Nina Nora Olga
    Olivia Pam Pamela Patricia Patty Paula Pauline Peggy Penny Phyllis Priscilla Rachel Rebecca
    Regina Renee Rita Roberta Robin Rosa Rose Rosemary Ruth Sabrina Sally Samantha Sandra Sara
    Sarah Sharon Sheila Shirley Silvia Simone Sofia Sonia Sophia Sophie Stacey Stella Stephanie
    Susan Susanne Suzanne Sylvia Tamara Tammy Tanya Teresa Theresa Tiffany Tina Tracy Tulsi
    Ursula Valerie Vanessa Vera Veronica Victoria Viola Virginia Wendy Whitney Yolanda Yulia
    Zoe Angela Theresa Giorgia Marine Jacinda Nicola Liz Ursula Kristalina Christine Janet
    Nikki Elise Kirstjen Sanna Mette Kaja Annalena Hope Huma Donna Debbie Kellyanne Katrina
    """
)


def _name_lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Read ``data/first_names.tsv``: (male names, female names, names that are no words).

    Each line is a given name, the gender it is mostly given to (m or f) and "name", or "word"
    for a name that is also a common word or place ("Hope", "Austin"): that one gives a
    gender to a person already found, but never makes a capitalised word a first name.
    """
    male: set[str] = set()
    female: set[str] = set()
    plain: set[str] = set()
    path = Path(__file__).with_name("data") / "first_names.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, gender, use = line.split("\t")
        (male if gender == "m" else female).add(name)
        if use == "name":
            plain.add(name)
    return frozenset(male), frozenset(female), frozenset(plain)


_LEXICON_MALE, _LEXICON_FEMALE, _LEXICON_PLAIN = _name_lexicon()
_HAND_NAMES = MALE_NAMES | FEMALE_NAMES
MALE_NAMES = MALE_NAMES | _LEXICON_MALE
FEMALE_NAMES = FEMALE_NAMES | _LEXICON_FEMALE
FIRST_NAMES = _HAND_NAMES | _LEXICON_PLAIN

# Multi-word organisations that contain no organisation word.
KNOWN_ORG_PHRASES = frozenset({"White House", "Downing Street", "Wall Street", "Capitol Hill"})

# Honorifics give a gender but are not a role.
# Past tenses that do not end in "-ed", for "<Name> kept ..." as a sentence's subject and verb.
IRREGULAR_PAST = (
    "kept|said|told|made|took|gave|went|came|saw|held|put|set|left|felt|thought|knew|got|stood"
    "|spoke|wrote|met|led|ran|won|lost|sent|spent|paid|built|brought|sought|found|meant|did"
    "|began|became|chose|drew|fought|hit|laid|rose|fell|struck|threw|wore|cut|shut|sat"
    "|grew|drove|flew|swam|sang|ate|slept|spoke"
)
HONORIFICS = {"Mr.": "m", "Mr": "m", "Mrs.": "f", "Mrs": "f", "Ms.": "f", "Ms": "f", "Miss": "f"}

# Countries and country-like speakers ("Russia said") are organisations, never he or she.
COUNTRIES = _words(
    """
    Afghanistan Albania Algeria Argentina Armenia Australia Austria Azerbaijan Bahrain
    Bangladesh Belarus Belgium Bolivia Bosnia Brazil Britain Bulgaria Cambodia Cameroon Canada
    Chile China Colombia Congo Croatia Cuba Cyprus Czechia Denmark Ecuador Egypt England
    Eritrea Estonia Ethiopia Finland France Georgia Germany Ghana Greece Guatemala Haiti
    Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Japan Jordan
    Kazakhstan Kenya Korea Kosovo Kuwait Latvia Lebanon Libya Lithuania Luxembourg Malaysia
    Mali Mexico Moldova Mongolia Montenegro Morocco Myanmar Nepal Netherlands Nicaragua Niger
    Nigeria Norway Oman Pakistan Palestine Panama Paraguay Peru Philippines Poland Portugal
    Qatar Romania Russia Rwanda Scotland Senegal Serbia Singapore Slovakia Slovenia Somalia
    Spain Sudan Sweden Switzerland Syria Taiwan Tanzania Thailand Tunisia Turkey Uganda Ukraine
    Uruguay Uzbekistan Venezuela Vietnam Wales Yemen Zambia Zimbabwe America Europe Africa Asia
    Moscow Kyiv Kiev Beijing Washington Tehran London Paris Berlin Tokyo Seoul Pyongyang Brussels
    """
)

# Month and weekday names, lower-case, in calendar order.
MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july")
MONTHS += ("august", "september", "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
