"""Deterministic generator for the FICTIONAL partner workbook in data/raw/demo/partners.

Run: ``python -m tools.demo.partners [--out FILE]`` (default
``data/raw/demo/partners/demo-partners-soest.xlsx`` in the project root).

Why it exists
-------------
The demo must show the *vertellen* half of the monitor next to the figures,
and the partner reader must be exercised on a workbook that looks like what
partners really send. So the workbook is the real template
(pipelines.sources.partner.template) with its example rows removed and filled in the
way a partner would: opgaven by title and sometimes by code in odd case,
wijken by name, by CBS code or left empty for the whole gemeente, indicators
by code or by title.

What it contains
----------------
- Activiteiten: activities of seven partners (Eemkracht, Jongerenwerk
  Eemkracht, Stichting Leergeld Soest-Baarn, SchuldHulpMaatje Soest,
  Steunpunt Mantelzorg Soest, Taalhuis Soest, Buurtsportcoaches Soest) for
  all five opgaven, 2022-2025. Three rows have fewer than 5 deelnemers, so
  the privacy threshold turns them into 'geheim'. Most activities name the
  goal of their opgave they serve (column doel), the way partners do: chosen
  from the list, or typed as the goal's code or its text; a few name none
  (they serve the opgave as a whole).
- Verhalen: evaluaties, inwonersstemmen, casussen and a situatieschets for
  each of the 8 wijken (2025, no opgave).
- Cijfers: aanvragen_leergeld per wijk and for the gemeente, vve_deelname,
  schuldhulp_trajecten and mantelzorgers_steunpunt for the gemeente,
  2022-2025. A few Leergeld counts in Soestdijk 't Hart are below 5. The
  gemeente total is at least the sum of the wijken (some aanvragen cannot be
  placed in a wijk).

ALL CONTENT IS FICTIONAL. The organisations exist in or around Soest, but
the activities, numbers, quotes and cases are invented and must never be
presented as their results or as facts about Soest. The workbook says so on
its first line and carries the keyword 'voorbeelddata', which the reader
uses to mark the load as demo.

Determinism: no randomness and no clock in the content; the document
properties and the zip entries carry fixed dates, so running the script twice
yields byte-identical files. (The template's year range ends at
partner_contract.last_year(), which moves with the calendar year.)
"""

from __future__ import annotations

import argparse
import io
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from monitor.config import Goal, MonitorConfig
from monitor.paths import PROJECT_ROOT
from pipelines.config import load_config
from pipelines.spreadsheet import DEMO_KEYWORD
from pipelines.sources.partner.contract import ACTIVITEITEN, CIJFERS, SHEETS, VERHALEN, goal_label
from pipelines.sources.partner.template import INSTRUCTIONS_SHEET, build_template

DEFAULT_OUT = PROJECT_ROOT / "data" / "raw" / "demo" / "partners" / "demo-partners-soest.xlsx"
BANNER = "VOORBEELDDATA – fictieve partneropgave"
FIXED_DATE = datetime(2025, 11, 1, 9, 0, 0)  # document properties and zip entries: no clock, same bytes every run

WIJKEN = {
    "WK034201": "Boerenstreek",
    "WK034202": "De Eng Soest-midden",
    "WK034203": "Klaarwater",
    "WK034204": "Overhees",
    "WK034205": "Smitsveen",
    "WK034206": "Soestdijk 't Hart",
    "WK034207": "Soesterberg",
    "WK034208": "Soest-Zuid",
}
GEMEENTE = "Soest"

EEMKRACHT = "Eemkracht"
JONGERENWERK = "Jongerenwerk Eemkracht"
LEERGELD = "Stichting Leergeld Soest-Baarn"
SCHULDHULP = "SchuldHulpMaatje Soest"
MANTELZORG = "Steunpunt Mantelzorg Soest"
TAALHUIS = "Taalhuis Soest"
SPORT = "Buurtsportcoaches Soest"
PARTNERS = (EEMKRACHT, JONGERENWERK, LEERGELD, SCHULDHULP, MANTELZORG, TAALHUIS, SPORT)

# --- Activiteiten: (opgave, activiteit, partner, jaar, deelnemers, wijk, omschrijving) -----------------------
# Opgaven mostly by title; some by code in the case a person might type it, to show that both match.

_BEWEEG = "Wekelijks wandelen met een vrijwilliger, voor ouderen die weinig bewegen of niet alleen op pad durven."
_INSTUIF = "Gratis sport- en spelmiddag op het schoolplein voor kinderen van 6 tot 12 jaar."
_THUISADM = "Een getraind maatje helpt een huishouden één op één om de administratie op orde te krijgen en te houden."
_GELDCAFE = "Inloop in het buurthuis voor vragen over rekeningen, toeslagen en brieven van instanties."
_EETMEE = "Maandelijks samen eten in het buurthuis, voor 65-plussers die vaak alleen eten."
_STRESS = "Vijf bijeenkomsten voor jongeren van 14 tot 18 jaar over stress, slapen en schooldruk."
_STRAAT = "Ambulant jongerenwerk op vaste ontmoetingsplekken: gesprekken, activiteiten en zo nodig doorverwijzen."
_KINDPAKKET = "Contributie, zwemles, muziekles of een fiets voor kinderen uit gezinnen met een laag inkomen."
_VOORLEES = "Vrijwilligers lezen twintig weken lang thuis voor in gezinnen waar weinig Nederlands wordt voorgelezen."
_TAALCAFE = "Wekelijks Nederlands oefenen in de bibliotheek, voor nieuwkomers en anderstalige inwoners."
_MZCAFE = "Lotgenotencontact en informatie voor mantelzorgers, elke maand met een ander thema."
_BUURTKAMER = "Laagdrempelige inloopruimte met koffie, spelletjes en een vrijwilliger voor vragen."

ACTIVITIES: tuple[tuple, ...] = (
    # Gezonde leefstijl
    ("Gezonde leefstijl", "Beweegmaatjes", EEMKRACHT, 2023, 34, "Overhees", _BEWEEG),
    ("Gezonde leefstijl", "Beweegmaatjes", EEMKRACHT, 2024, 41, "Overhees", _BEWEEG),
    ("Gezonde leefstijl", "Beweegmaatjes", EEMKRACHT, 2025, 46, "Overhees", _BEWEEG),
    ("Gezonde leefstijl", "Beweegmaatjes", EEMKRACHT, 2025, 3, "Soestdijk 't Hart",
     "Nieuwe groep, in het najaar gestart; nog klein."),  # below the privacy threshold
    ("leefstijl", "Sportinstuif", SPORT, 2022, 118, "WK034205", _INSTUIF),
    ("leefstijl", "Sportinstuif", SPORT, 2023, 132, "WK034205", _INSTUIF),
    ("Gezonde leefstijl", "Sportinstuif", SPORT, 2024, 147, "Smitsveen", _INSTUIF),
    ("Gezonde leefstijl", "Sportinstuif", SPORT, 2025, 151, "Smitsveen", _INSTUIF),
    ("Gezonde leefstijl", "Ommetje Soesterberg", SPORT, 2024, 27, "Soesterberg",
     "Wandelgroep voor volwassenen in en rond het Park Vliegbasis; start en eindigt bij het dorpshuis."),
    ("Gezonde leefstijl", "Kookclub Jong en Gezond", JONGERENWERK, 2025, 14, "Smitsveen",
     "Jongeren koken samen een gezonde maaltijd met een vast budget en eten die met elkaar op."),
    # Bestaanszekerheid
    ("BESTAANSZEKERHEID", "Thuisadministratie", SCHULDHULP, 2022, 52, None, _THUISADM),
    ("BESTAANSZEKERHEID", "Thuisadministratie", SCHULDHULP, 2023, 61, None, _THUISADM),
    ("Bestaanszekerheid", "Thuisadministratie", SCHULDHULP, 2024, 73, None, _THUISADM),
    ("Bestaanszekerheid", "Thuisadministratie", SCHULDHULP, 2025, 78, None, _THUISADM),
    ("Bestaanszekerheid", "Geldcafé", SCHULDHULP, 2024, 38, "Smitsveen", _GELDCAFE),
    ("Bestaanszekerheid", "Geldcafé", SCHULDHULP, 2025, 44, "Smitsveen", _GELDCAFE),
    ("Bestaanszekerheid", "Energiecoaches", EEMKRACHT, 2023, 96, None,
     "Huisbezoeken met tips en kleine maatregelen (tochtstrips, radiatorfolie) om de energierekening te verlagen."),
    ("bestaanszekerheid", "Vroegsignalering betalingsachterstanden", EEMKRACHT, 2025, 4, "WK034207",
     "Pilot: huisbezoek na een signaal van woningcorporatie of energieleverancier."),  # below the threshold
    # Mentale weerbaarheid
    ("Mentale weerbaarheid", "Eet mee in de wijk", EEMKRACHT, 2023, 22, "De Eng Soest-midden", _EETMEE),
    ("Mentale weerbaarheid", "Eet mee in de wijk", EEMKRACHT, 2024, 29, "De Eng Soest-midden", _EETMEE),
    ("Mentale weerbaarheid", "Eet mee in de wijk", EEMKRACHT, 2025, 31, "WK034202", _EETMEE),
    ("Mentale weerbaarheid", "Praatgroep Stress de baas", JONGERENWERK, 2024, 12, "Klaarwater", _STRESS),
    ("Weerbaarheid", "Praatgroep Stress de baas", JONGERENWERK, 2025, 17, "Klaarwater", _STRESS),
    ("Mentale weerbaarheid", "Jongerenwerk op straat", JONGERENWERK, 2022, 85, None, _STRAAT),
    ("Mentale weerbaarheid", "Jongerenwerk op straat", JONGERENWERK, 2025, 104, None, _STRAAT),
    # Kansengelijkheid
    ("Kansengelijkheid", "Kindpakket sport en cultuur", LEERGELD, 2023, 187, None, _KINDPAKKET),
    ("Kansengelijkheid", "Kindpakket sport en cultuur", LEERGELD, 2024, 214, None, _KINDPAKKET),
    ("Kansengelijkheid", "Kindpakket sport en cultuur", LEERGELD, 2025, 236, None, _KINDPAKKET),
    ("kansengelijkheid", "Huiswerkbegeleiding", JONGERENWERK, 2024, 23, "WK034205",
     "Twee middagen per week in het jongerencentrum, met vrijwilligers die zelf een hbo-opleiding volgen."),
    ("Kansengelijkheid", "VoorleesExpress", TAALHUIS, 2023, 16, "Soesterberg", _VOORLEES),
    ("Kansengelijkheid", "VoorleesExpress", TAALHUIS, 2025, 3, "Boerenstreek", _VOORLEES),  # below the threshold
    # Meedoen en inclusie
    ("Meedoen en inclusie", "Taalcafé", TAALHUIS, 2022, 48, None, _TAALCAFE),
    ("Meedoen en inclusie", "Taalcafé", TAALHUIS, 2023, 57, None, _TAALCAFE),
    ("Meedoen en inclusie", "Taalcafé", TAALHUIS, 2024, 63, None, _TAALCAFE),
    ("Meedoen en inclusie", "Taalcafé", TAALHUIS, 2025, 71, None, _TAALCAFE),
    ("Meedoen", "Mantelzorgcafé", MANTELZORG, 2023, 44, None, _MZCAFE),
    ("Meedoen", "Mantelzorgcafé", MANTELZORG, 2024, 51, None, _MZCAFE),
    ("Meedoen en inclusie", "Jonge mantelzorgers", MANTELZORG, 2025, 19, None,
     "Uitjes en een luisterend oor voor jongeren die thuis meezorgen voor een ouder, broer of zus."),
    ("MEEDOEN EN INCLUSIE", "Regenboogcafé", EEMKRACHT, 2025, 26, None,
     "Maandelijkse ontmoetingsavond voor LHBTIQ+-inwoners en hun naasten."),
    ("Meedoen en inclusie", "Buurtkamer", EEMKRACHT, 2024, 58, "WK034208", _BUURTKAMER),
    ("Meedoen en inclusie", "Buurtkamer", EEMKRACHT, 2025, 64, "Soest-Zuid", _BUURTKAMER),
)

ACTIVITY_FIELDS = ("opgave", "activiteit", "partner", "jaar", "deelnemers", "wijk", "omschrijving")

# The goal each activity serves (column doel) and how the partner filled it in: chosen from the template's list
# ("lijst"), or typed as the goal's code ("code") or its text ("tekst"). Not listed: no goal named.
ACTIVITY_GOALS: dict[str, tuple[str, str]] = {
    "Beweegmaatjes": ("volwassenen_vitaal", "lijst"),
    "Sportinstuif": ("kinderen_gezond", "code"),
    "Ommetje Soesterberg": ("volwassenen_vitaal", "tekst"),
    "Thuisadministratie": ("rondkomen_meedoen", "lijst"),
    "Geldcafé": ("rondkomen_meedoen", "code"),
    "Vroegsignalering betalingsachterstanden": ("huisuitzetting_voorkomen", "tekst"),
    "Eet mee in de wijk": ("niet_eenzaam", "lijst"),
    "Praatgroep Stress de baas": ("geen_stress", "code"),
    "Kindpakket sport en cultuur": ("kansrijke_start", "lijst"),
    "VoorleesExpress": ("kansrijke_start", "tekst"),
    "Taalcafé": ("kwetsbaren_doen_mee", "code"),
    "Mantelzorgcafé": ("vrijwilligers_ondersteund", "lijst"),
    "Jonge mantelzorgers": ("vrijwilligers_ondersteund", "code"),
    "Regenboogcafé": ("minderheden_veilig", "tekst"),
    "Buurtkamer": ("verbinding", "lijst"),
}

# --- Verhalen: (opgave, jaar, titel, verhaal, wijk, soort, bron) ---------------------------------------------

SITUATIESCHETSEN: dict[str, str] = {
    "Boerenstreek": (
        "Boerenstreek ligt aan de noordkant van Soest, tegen de Eempolder aan. Het is een rustige wijk met veel "
        "koopwoningen uit de jaren zestig en zeventig en een groeiend aandeel 65-plussers. Bewoners kennen elkaar "
        "vaak al lang en de buurtvereniging is actief. Opvallend is dat oudere alleenstaanden minder in beeld zijn "
        "bij activiteiten, omdat die vooral in het centrum plaatsvinden. Jonge gezinnen vinden moeilijk een "
        "betaalbare woning in de wijk. Het wijkteam wil inzetten op ontmoeting dichtbij huis en op vervoer naar "
        "activiteiten."
    ),
    "De Eng Soest-midden": (
        "De Eng en Soest-midden vormen het hart van Soest, met het winkelgebied, de bibliotheek en veel "
        "voorzieningen op loopafstand. Er wonen relatief veel ouderen, vaak alleen, in appartementen in en rond het "
        "centrum. De korte afstanden helpen: activiteiten als Eet mee in de wijk worden hier goed bezocht. Tegelijk "
        "zien we verborgen eenzaamheid bij inwoners die na het overlijden van hun partner minder buiten komen. "
        "Mantelzorgers uit deze wijk weten het Steunpunt Mantelzorg relatief goed te vinden."
    ),
    "Klaarwater": (
        "Klaarwater is een groene gezinswijk uit de jaren zeventig en tachtig aan de oostkant van Soest. Er wonen "
        "veel gezinnen met kinderen en tieners, in een mix van koop- en huurwoningen. De scholen en sportvelden zijn "
        "de belangrijkste ontmoetingsplekken. Jongerenwerkers spreken hier vooral jongeren die druk ervaren van "
        "school en zich zorgen maken over hun toekomst. Dat een deel van de gezinnen krap bij kas zit, is aan de "
        "buitenkant niet te zien. Ouders vragen om meer plekken waar tieners na schooltijd terechtkunnen."
    ),
    "Overhees": (
        "Overhees is een rustige woonwijk met veel eengezinswoningen en een vrij hoge gemiddelde leeftijd. Veel "
        "inwoners wonen er al tientallen jaren en zijn betrokken bij kerk, sportclub of buurtvereniging. Het aantal "
        "ouderen dat minder mobiel wordt groeit; de wandelgroep Beweegmaatjes is daar mede om gestart. Opvallend is "
        "de grote inzet van vrijwilligers uit de wijk zelf. Zorgen zijn er over ouderen die hun huis niet kunnen "
        "aanpassen en over mantelzorgers die het zwaar hebben."
    ),
    "Smitsveen": (
        "Smitsveen is een van de meest diverse wijken van Soest, met relatief veel sociale huurwoningen en "
        "inwoners met uiteenlopende achtergronden. Er wonen veel kinderen en jongeren; het buurthuis en het "
        "jongerencentrum worden druk bezocht. Geldzorgen komen hier vaker voor dan elders in de gemeente, en het "
        "Geldcafé en de Sportinstuif bereiken juist deze groep. Taal is voor een deel van de ouders een drempel om "
        "hulp te vragen of contact met school te zoeken. Tegelijk is er veel onderling contact en helpen bewoners "
        "elkaar. Het wijkteam ziet kansen in samenwerking met sleutelfiguren uit de verschillende gemeenschappen."
    ),
    "Soestdijk 't Hart": (
        "Soestdijk 't Hart is een groene wijk met oudere villa's, appartementencomplexen en seniorenwoningen. Het "
        "is de wijk met de oudste bevolking van Soest: veel inwoners zijn 75 jaar of ouder en wonen alleen. De "
        "meesten redden zich goed, maar eenzaamheid en afnemende mobiliteit zijn duidelijke aandachtspunten. "
        "Voorzieningen liggen verspreid, waardoor ontmoeting minder vanzelf gaat. In 2025 is hier een kleine "
        "Beweegmaatjes-groep gestart. Vrijwilligers merken dat ouderen steeds vaker hulp nodig hebben bij "
        "digitale zaken, zoals DigiD en internetbankieren."
    ),
    "Soesterberg": (
        "Soesterberg is een eigen dorpskern tussen de bossen, op enige afstand van het centrum van Soest. Op en "
        "rond de voormalige vliegbasis zijn de afgelopen jaren nieuwe woonbuurten gebouwd, waardoor er veel jonge "
        "gezinnen bij zijn gekomen naast de oorspronkelijke dorpsbewoners. Het oude en het nieuwe deel van het "
        "dorp kennen elkaar nog weinig; het dorpshuis is een belangrijke plek om elkaar te ontmoeten. Inwoners "
        "ervaren de afstand tot voorzieningen in Soest, vooral ouderen zonder auto. Signalen over "
        "betalingsachterstanden bij huurders waren de aanleiding voor de pilot vroegsignalering. Bewoners zijn "
        "trots op hun dorp en organiseren veel zelf."
    ),
    "Soest-Zuid": (
        "Soest-Zuid is een gemengde wijk met vooroorlogse woningen, flats uit de jaren zestig en recente "
        "nieuwbouw. Er wonen veel starters en kleine huishoudens, maar ook een groep oudere huurders. De "
        "Buurtkamer is sinds 2024 een vaste ontmoetingsplek en trekt een brede groep bezoekers. Opvallend zijn de "
        "vragen over passend wonen: ouderen die kleiner willen wonen en jongeren die niets kunnen vinden. Verder "
        "zien we een groeiende groep werkende inwoners met een laag inkomen die net buiten de regelingen valt."
    ),
}

STORIES: tuple[tuple, ...] = (
    # Gezonde leefstijl
    ("Gezonde leefstijl", 2024, "Beweegmaatjes: meer dan alleen wandelen",
     "In 2024 liepen 41 ouderen wekelijks mee met een vrijwilliger. Uit de evaluatie blijkt dat de meeste "
     "deelnemers vaker bewegen dan bij de start, maar vooral het contact waarderen: na de wandeling drinkt de "
     "groep samen koffie. Drie vrijwilligers zijn zelf deelnemer geweest. Aandachtspunt is het vinden van nieuwe "
     "vrijwilligers voor de ochtenden.",
     "Overhees", "evaluatie", "Eemkracht, team ouderen"),
    ("Gezonde leefstijl", 2025, "‘Ik kom weer buiten’",
     "‘Sinds ik met de wandelgroep meeloop, ben ik elke week buiten. Eerst ging het mij om de beweging, nu vooral "
     "om de koffie erna. Als ik een keer niet kom, belt er iemand.’",
     "Overhees", "inwonersstem", "Deelnemer Beweegmaatjes, opgetekend door Eemkracht"),
    ("leefstijl", 2023, "Sportinstuif bereikt kinderen zonder sportclub",
     "Ruim de helft van de kinderen die naar de Sportinstuif komen, is geen lid van een sportvereniging. Ouders "
     "noemen de kosten en de reistijd als reden. Na een proefles bij een club zijn in 2023 achttien kinderen "
     "lid geworden, de meesten met een bijdrage uit het Kindpakket van Stichting Leergeld.",
     "WK034205", "evaluatie", "Buurtsportcoaches Soest"),
    # Bestaanszekerheid
    ("Bestaanszekerheid", 2024, "Van een doos vol brieven naar overzicht",
     "Een alleenstaande ouder met een baan in deeltijd meldde zich via de huisarts. Er lag een doos met "
     "ongeopende post en er waren achterstanden bij de zorgverzekeraar en de energieleverancier. Het maatje "
     "hielp eerst met sorteren en bellen, daarna met een maandbudget en het aanvragen van toeslagen. Na een "
     "half jaar waren de achterstanden in een betalingsregeling ondergebracht en doet de ouder de administratie "
     "grotendeels zelf.",
     None, "casus", "SchuldHulpMaatje Soest"),
    ("BESTAANSZEKERHEID", 2025, "‘Ik durfde de envelop eindelijk open te maken’",
     "‘Ik liep er al maanden mee rond. In het Geldcafé zat iemand die gewoon naast me ging zitten en zei: we "
     "kijken er samen naar. Het viel mee, en waar het niet meeviel, weet ik nu wat ik kan doen.’",
     "Smitsveen", "inwonersstem", "Bezoeker Geldcafé, opgetekend door SchuldHulpMaatje"),
    ("Bestaanszekerheid", 2025, "Pilot vroegsignalering: eerste ervaringen",
     "In de pilot gaat een medewerker op huisbezoek zodra de woningcorporatie of de energieleverancier een "
     "betalingsachterstand meldt. De eerste maanden werden maar enkele huishoudens bereikt, omdat meldingen "
     "laat binnenkwamen. Waar het lukte, kwam er binnen een week een regeling. De partners spreken af om "
     "eerder te melden.",
     "Soesterberg", "evaluatie", "Eemkracht, wijkteam Soesterberg"),
    # Mentale weerbaarheid
    ("Mentale weerbaarheid", 2024, "Praatgroep Stress de baas",
     "Twaalf jongeren deden mee aan de vijf bijeenkomsten. Bijna allemaal zeiden ze na afloop beter te weten "
     "wat ze kunnen doen als de druk oploopt. Het helpt dat de groep op een vertrouwde plek is en dat er geen "
     "cijfers of verplichtingen aan vastzitten. Volgend jaar willen we ook ouders een avond uitnodigen.",
     "Klaarwater", "evaluatie", "Jongerenwerk Eemkracht"),
    ("Weerbaarheid", 2025, "‘Het lucht op dat anderen hetzelfde hebben’",
     "‘Ik dacht dat ik de enige was die ’s nachts lag te malen over school. In de groep bleek iedereen wel iets te "
     "hebben. Dat lucht op.’",
     "Klaarwater", "inwonersstem", "Deelnemer praatgroep, opgetekend door het jongerenwerk"),
    ("Mentale weerbaarheid", 2024, "Weer aan tafel na een verlies",
     "Een inwoner van boven de tachtig kwam na het overlijden van de partner nauwelijks nog buiten. Een buurvrouw "
     "nam contact op met het wijkteam. Na een paar bezoeken ging de inwoner mee naar Eet mee in de wijk en komt "
     "nu elke maand. Via de groep ontstond ook contact met een vrijwilliger die helpt bij boodschappen.",
     "De Eng Soest-midden", "casus", "Eemkracht, wijkteam"),
    # Kansengelijkheid
    ("Kansengelijkheid", 2024, "Zwemdiploma dankzij het Kindpakket",
     "Een gezin met drie kinderen kon de zwemles niet betalen nadat een van de ouders arbeidsongeschikt was "
     "geworden. Via school kwam het gezin bij Stichting Leergeld terecht. Twee kinderen haalden in 2024 hun "
     "zwemdiploma; het oudste kind kon dankzij een tweedehands laptop weer thuis huiswerk maken.",
     None, "casus", "Stichting Leergeld Soest-Baarn"),
    ("kansengelijkheid", 2023, "‘Mijn dochter hoort er nu gewoon bij’",
     "‘Ze wilde al zo lang op hockey, net als haar vriendinnen. Ik schaamde me om het te vragen. Nu staat ze "
     "elke zaterdag op het veld en niemand weet hoe het betaald wordt.’",
     None, "inwonersstem", "Ouder, opgetekend door Stichting Leergeld"),
    ("Kansengelijkheid", 2025, "VoorleesExpress: gezinnen lezen zelf door",
     "In de gezinnen die meededen, lezen ouders na twintig weken vaker zelf voor en gaan ze samen naar de "
     "bibliotheek. Het vinden van vrijwilligers in Soesterberg bleek lastiger dan in Soest; in 2025 is daarom "
     "samengewerkt met de school en het dorpshuis.",
     "Soesterberg", "evaluatie", "Taalhuis Soest"),
    # Meedoen en inclusie
    ("Meedoen en inclusie", 2024, "Taalcafé groeit door",
     "Het Taalcafé trok in 2024 meer bezoekers dan ooit, onder wie veel statushouders en werkende expats. "
     "Vrijwilligers merken dat deelnemers na een paar maanden zelfstandiger gesprekken voeren bij de huisarts en "
     "op school. Er is behoefte aan een tweede avond.",
     None, "evaluatie", "Taalhuis Soest"),
    ("Meedoen en inclusie", 2025, "‘Even niet de zorgende hoeven zijn’",
     "‘Bij het mantelzorgcafé hoef ik niets uit te leggen. Iedereen weet hoe het is om altijd aan te staan. "
     "Ik ga er met meer lucht naar huis.’",
     None, "inwonersstem", "Mantelzorger, opgetekend door het Steunpunt Mantelzorg"),
    ("Meedoen", 2025, "Jonge mantelzorger vindt lotgenoten",
     "Een scholier die thuis meezorgt voor een ouder met een chronische ziekte viel op school op door vermoeidheid. "
     "De mentor verwees naar het Steunpunt. Via de groep Jonge mantelzorgers vond de scholier leeftijdgenoten in "
     "dezelfde situatie en er kwam afstemming met school over huiswerk en toetsen.",
     None, "casus", "Steunpunt Mantelzorg Soest"),
    ("Meedoen en inclusie", 2025, "Buurtkamer Soest-Zuid: een jaar open",
     "Een jaar na de opening komen er wekelijks zo'n zestig verschillende bezoekers. De Buurtkamer blijkt vooral "
     "alleenwonende ouderen en jonge ouders met kleine kinderen te trekken. Een vaste groep bezoekers draait "
     "inmiddels zelf mee als gastvrouw of gastheer.",
     "WK034208", "evaluatie", "Eemkracht, wijkteam Soest-Zuid"),
    ("MEEDOEN EN INCLUSIE", 2025, "‘Hier hoef ik niet uit te leggen wie ik ben’",
     "‘In het dorp waar ik opgroeide, hield ik het voor me. Bij het Regenboogcafé kan ik gewoon mezelf zijn, en "
     "mijn moeder komt inmiddels ook mee.’",
     None, "inwonersstem", "Bezoeker Regenboogcafé, opgetekend door Eemkracht"),
)

# --- Cijfers ------------------------------------------------------------------------------------------------

YEARS = (2022, 2023, 2024, 2025)
# Toegekende aanvragen per wijk; Soestdijk 't Hart has the fewest children and stays below 5 in some years.
LEERGELD_PER_WIJK: dict[str, tuple[int, ...]] = {
    "Boerenstreek": (14, 16, 15, 18),
    "De Eng Soest-midden": (31, 33, 38, 41),
    "Klaarwater": (29, 32, 36, 37),
    "Overhees": (9, 11, 12, 13),
    "Smitsveen": (78, 86, 94, 101),
    "Soestdijk 't Hart": (3, 4, 6, 4),
    "Soesterberg": (57, 63, 72, 79),
    "Soest-Zuid": (33, 37, 40, 43),
}
# Some aanvragen cannot be placed in a wijk (e.g. a family that moved), so the total exceeds the sum.
LEERGELD_UNPLACED = (8, 7, 5, 5)
VVE_DEELNAME = (84, 86, 89, 91)
SCHULDHULP_TRAJECTEN = (52, 61, 73, 78)
MANTELZORGERS_STEUNPUNT = (612, 668, 731, 784)
# Partners type wijken both ways: these by CBS code, the rest by name.
WIJK_BY_CODE = {"Overhees", "Soest-Zuid"}


def _code_of(wijk_name: str) -> str:
    return next(code for code, name in WIJKEN.items() if name == wijk_name)


def figure_rows(config: MonitorConfig) -> list[tuple]:
    """(indicator, wijk, jaar, waarde): indicators by code in even years and by title in odd ones."""
    titles = {i.code: i.title for i in config.indicators}

    def named(code: str, year: int) -> str:
        return code if year % 2 == 0 else titles[code]

    rows = []
    for position, year in enumerate(YEARS):
        placed = 0
        for wijk, counts in LEERGELD_PER_WIJK.items():
            where = _code_of(wijk) if wijk in WIJK_BY_CODE else wijk
            rows.append((named("aanvragen_leergeld", year), where, year, counts[position]))
            placed += counts[position]
        rows.append((named("aanvragen_leergeld", year), GEMEENTE, year, placed + LEERGELD_UNPLACED[position]))
    for code, values in (("vve_deelname", VVE_DEELNAME), ("schuldhulp_trajecten", SCHULDHULP_TRAJECTEN),
                         ("mantelzorgers_steunpunt", MANTELZORGERS_STEUNPUNT)):
        rows += [(named(code, year), GEMEENTE, year, value) for year, value in zip(YEARS, values)]
    return rows


def _typed_goal(goal: Goal, way: str) -> str:
    return {"lijst": goal_label(goal), "code": goal.code, "tekst": goal.text}[way]


def activity_rows(config: MonitorConfig) -> list[dict]:
    """The activities by column name, each with the goal it serves as its partner typed it (or none)."""
    goals = config.goals_by_code
    rows = []
    for values in ACTIVITIES:
        row = dict(zip(ACTIVITY_FIELDS, values))
        if row["activiteit"] in ACTIVITY_GOALS:
            code, way = ACTIVITY_GOALS[row["activiteit"]]
            row["doel"] = _typed_goal(goals[code], way)
        rows.append(row)
    return rows


def story_rows() -> list[tuple]:
    sketches = [
        (None, 2025, f"Situatieschets {wijk}", text, wijk, "situatieschets", f"Eemkracht, wijkteam {wijk}")
        for wijk, text in SITUATIESCHETSEN.items()
    ]
    return [*STORIES, *sketches]


# --- the workbook -----------------------------------------------------------------------------------------

def build(config: MonitorConfig) -> Workbook:
    """The template for Soest, example rows replaced by the demo rows and marked as voorbeelddata."""
    workbook = build_template(config, list(WIJKEN.values()))
    rows = {ACTIVITEITEN.name: activity_rows(config), VERHALEN.name: _named(VERHALEN, story_rows()),
            CIJFERS.name: _named(CIJFERS, figure_rows(config))}
    for contract in SHEETS:
        _fill(workbook[contract.name], contract, rows[contract.name])
    _mark_as_demo(workbook)
    return workbook


def _named(contract, rows: list[tuple]) -> list[dict]:
    """Rows written in the contract's column order, by column name."""
    return [dict(zip((column.name for column in contract.columns), row)) for row in rows]


def _fill(sheet, contract, rows: list[dict]) -> None:
    """Each row under the template's headers by name, so a column added to the template needs no change here."""
    sheet.delete_rows(2)  # the example row: the reader refuses a workbook that still has it
    wrapped = [n for n, c in enumerate(contract.columns, start=1) if c.name in ("omschrijving", "verhaal")]
    for row in rows:
        sheet.append([row.get(column.name) for column in contract.columns])
        for column in wrapped:
            sheet.cell(sheet.max_row, column).alignment = Alignment(wrap_text=True, vertical="top")


def _mark_as_demo(workbook: Workbook) -> None:
    sheet = workbook[INSTRUCTIONS_SHEET]
    sheet.insert_rows(1)
    sheet["A1"] = BANNER
    sheet["A1"].font = Font(bold=True, size=14, color="C00000")
    sheet["B1"] = ("Dit bestand hoort bij de demo van de monitor. Alle activiteiten, aantallen, verhalen en citaten "
                   "zijn verzonnen; ze gaan niet over echte inwoners en zijn niet de resultaten van de genoemde "
                   "organisaties.")
    sheet["B1"].alignment = Alignment(wrap_text=True, vertical="top")
    properties = workbook.properties
    properties.keywords = DEMO_KEYWORD
    properties.title = f"{BANNER} – {properties.title}"
    properties.created = properties.modified = FIXED_DATE


def save_deterministic(workbook: Workbook, path: Path) -> Path:
    """Save with fixed dates, so regenerating gives the same bytes (no churn in version control).

    Workbook.save stamps the current time into the document properties and
    into every zip entry, hence the writer is called directly and the zip is
    rewritten with a fixed timestamp.
    """
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(entry.filename))
    return path


def generate(out: Path = DEFAULT_OUT, config: MonitorConfig | None = None) -> Path:
    return save_deterministic(build(config or load_config()), Path(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"uitvoerbestand (standaard: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    print(generate(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
