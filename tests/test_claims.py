"""The prose claim checker: the seeds' own sentences and more, with the verdicts a careful reader gives."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from engine.claims import sentences, verdicts

CORPUS_FILE = Path(__file__).parent / "data" / "claims" / "corpus.tsv"
#: More sentences in the style of real final reports, with the verdicts a careful reviewer
#: gives; its ``current`` column records where the checker still falls short ("-": says
#: nothing), so that a change in what it says is seen, and the measurement stays honest.
PROSE_FILE = Path(__file__).parent / "data" / "claims" / "prose.tsv"
#: Sentences from published Swedish reports (each with its ``source``; rows 271–437 the held-out set of round 1,
#: measured before its classes were learnt from; after them, the sentences round 3 gathered), and variants of
#: them with one number changed; ``current`` as in prose.tsv.
PUBLISHED_FILE = Path(__file__).parent / "data" / "claims" / "published.tsv"

RESAN_USED = Decimal(2064312) / Decimal(2458000)  # 84,0 %

# (sentence, expected verdicts in order: True = holds, False = contradicted; [] = nothing to check)
CASES = [
    # From the seeds: the two real errors …
    ("199 har skrivits ut; 143 män och 76 kvinnor.", [False]),
    ("Av de beviljande medel för projektet blev 97% utnyttjade.", [False]),
    # … and the correct claims, which must stay silent.
    ("Detta ger 76% måluppfyllelse totalt (28/37)⁶", [True]),
    ("Av de 199 individer som skrivits ut ur Framstegets ungdomssatsning har 157 (79%) gått vidare till arbete, "
     "studier eller eget företag.", [True]),
    ("307 personer, varav 125 kvinnor och 182 män", [True]),
    ("Totalt 231 personer (152 män och 79 kvinnor) har registrerats i ungdomssatsningen.", [True]),
    ("Handläggares/vårdgivares upplevda känsla av nöjdhet motsvarar 75 procent då 6 av 8 respondenter satt ett "
     "betyg i form av en 4:a eller 5:a.", [True]),
    ("Av dessa har 11 personer (19 %) gått till arbete/studier och 32 personer (56 %) har registrerats som aktivt "
     "arbetssökande hos Arbetsförmedlingen.", []),  # the base (57) is in the sentence before: not judged
    ("Ur ett jämlikhetsperspektiv kan man se att 29 deltagare varit kvinnor och 28 deltagare varit män.", []),
    ("Antal Lots-ärenden under perioden är 20 varav 10 är gällande män och 10 är gällande kvinnor.", [True]),
    # Beyond the seeds: correct …
    ("Insatsen har haft 48 deltagare, varav 30 kvinnor och 18 män.", [True]),
    ("Sammanlagt deltog 12 personer: 5 män, 6 kvinnor och 1 person som inte angett kön.", [True]),  # was []: 5+6+1 = 12
    ("Av de 40 deltagarna har 13 (32,5 %) gått vidare till arbete.", [True]),
    ("Av 37 avslutade har 28 (75 %) nått målet.", [True]),   # 75,7 % truncated is accepted
    ("Måluppfyllelsen blev 50 % (10/20).", [True]),
    ("Av de 60 som deltog svarade 45 (75%) på enkäten.", [True]),
    ("Totalt 9 av 12 deltagare, dvs. 75 procent, har fått en handlingsplan.", [True]),
    ("Budgeten har utnyttjats till 84 %.", [True]),
    ("Av beviljade medel har 84,0 % utnyttjats.", [True]),
    # … and wrong.
    ("Insatsen har haft 48 deltagare, varav 30 kvinnor och 20 män.", [False]),
    ("Totalt 100 personer (45 kvinnor och 50 män) har skrivits in.", [False]),
    ("Av de 40 deltagarna har 13 (40 %) gått vidare till arbete.", [False]),
    ("Måluppfyllelsen blev 60 % (10/20).", [False]),
    ("Totalt 6 av 12 deltagare, dvs. 75 procent, har fått en handlingsplan.", [False]),
    ("Budgeten har utnyttjats till 95 %.", [False]),
    # The shapes of issue #21, each with a number changed: differences and changes …
    ("Antalet platser ökade från 380 till 500 under året, en ökning med 120 platser.", [True]),
    ("Antalet platser ökade från 380 till 500 under året, en ökning med 130 platser.", [False]),
    ("Antalet platser ökade från 380 till 500 under året, en ökning med 32 %.", [True]),  # 31,6 % of 380
    ("Antalet ärenden minskade från 500 till 380, en ökning med 120.", [False]),  # the wrong direction
    ("Under 2023 skrevs 1 200 deltagare in, 300 färre än året innan (1 500).", [True]),
    ("Under 2023 skrevs 1 200 deltagare in, 200 färre än året innan (1 500).", [False]),
    ("Nöjdhetsindex blev 85, 15 indexpunkter bättre än målet på 70.", [True]),
    ("Nöjdhetsindex blev 85, 10 indexpunkter bättre än målet på 70.", [False]),
    ("Andelen i arbete ökade från 22 % till 31 %, en ökning med 11 procentenheter.", [False]),
    ("Vid starten hade 12 deltagare arbete och vid avslut 20, en ökning med 8 personer.", [True]),
    # … a change with a range, a date or a time between its words and its figures, the change told both ways
    # beside the level it led to, and "färre än" a figure told later in a clause of time (round 4, from heldout3) …
    ("Antalet medlemmar i åldern 15 – 30 år har minskat med 273, från 5 974 till 5 701.", [True]),
    ("Antalet medlemmar i åldern 15 – 30 år har minskat med 373, från 5 974 till 5 701.", [False]),
    ("Avgiften höjs fr.o.m. den 1 juli 2025 med 600 kronor från 1 300 kronor till 1 800 kronor.", [False]),
    ("Antalet ärenden ökade med 59 procent från 162 under 2018 till hela 257 under 2019.", [True]),
    ("Antalet ärenden ökade med 39 procent från 162 under 2018 till hela 257 under 2019.", [False]),
    ("Antalet anmälningar ökade under 2018 med 614 till 7 840 (+8 %).", [True]),
    ("Antalet anmälningar ökade under 2018 med 614 till 7 840 (+18 %).", [False]),
    ("Värdet minskade med 3,7 procent eller 31 miljarder kronor, till 820 miljarder kronor.", [True]),
    ("Värdet minskade med 7,7 procent eller 31 miljarder kronor, till 820 miljarder kronor.", [False]),
    ("I år har 109 personer skrivits ut, vilket är 23 färre än under samma period förra året då 132 skrevs ut.", [True]),
    ("I år har 109 personer skrivits ut, vilket är 33 färre än under samma period förra året då 132 skrevs ut.", [False]),
    # … a share between dashes, a base after a genitive or a possessive …
    ("Där röstade 73 av 330 röstberättigade – 22,1 procent – i valet.", [True]),
    ("Där röstade 73 av 380 röstberättigade – 22,1 procent – i valet.", [False]),
    ("Av kommunens 34 872 röstberättigade har 6 524 deltagit (18,71 %).", [True]),
    ("Av kommunens 34 872 röstberättigade har 6 524 deltagit (28,71 %).", [False]),
    ("Av förbundets 48 deltagare har 30 fått arbete (62,5 %).", [True]),
    ("Av våra 48 deltagare har 30 fått arbete (70 %).", [False]),
    # … a split after "bland" and a time, after an academic year, the share of one part said after it,
    # and an age that is no total …
    ("Bland de 27 deltagarna under maj månad var 24 män och 3 kvinnor.", [True]),
    ("Bland de 27 deltagarna under maj månad var 24 män och 5 kvinnor.", [False]),
    ("Totalt var det 402 200 studenter läsåret 2016/17, av dessa var 213 300 kvinnor och 158 900 män.", [False]),
    ("Av de 253 deltagarna var 57 kvinnor och 196 män, dvs. 77 % var män.", [True, True]),
    ("Av de 253 deltagarna var 57 kvinnor och 196 män, dvs. 67 % var män.", [True, False]),
    ("Insatsen har haft 48 deltagare, varav 30 kvinnor och 18 män, alltså 70 % kvinnor.", [True, False]),
    ("6 av deltagarna var över 65 år, 3 kvinnor och 15 män.", []),  # the 18 are all the deltagare, not the 65
    # … shares by gender named in the definite form, and shares of money sent to different places …
    ("Läsåret 2016/17 utgjorde kvinnorna 64,2 procent och männen 35,8 procent.", [True]),
    ("Läsåret 2016/17 utgjorde kvinnorna 64,2 procent och männen 33,8 procent.", [False]),
    ("70 procent av medlen har gått till kommunerna och 40 procent till regionerna.", [False]),
    ("60 procent av medlen har gått till kommunerna och 30 procent till regionerna.", []),  # the rest may be elsewhere
    ("Av projektmedlen gick 57 % till lön, 30 % till lokaler och 23 % till resor.", [False]),
    ("Av hälsobiståndet kanaliserades 57 % genom UD och 53 % genom Sida.", [False]),
    ("Budgeten ökade med 70 % till 2025 och 40 % till 2026.", []),
    ("Av deltagarna gick 70 % till arbete och 40 % till studier.", []),  # people may do both
    # … lists whose head says what the things are of or for, and names between commas …
    ("Sedan 2000 har sju språk fått status som nationella minoritetsspråk: finska, jiddisch, meänkieli, romani chib "
     "och samiska.", [False]),
    ("Det finns fyra korta filmer om varsitt tema: Identifikation, Förebyggande, Hantering och Uppföljning.", [True]),
    ("Det finns fyra korta filmer om varsitt tema: Identifikation, Förebyggande och Hantering.", [False]),
    ("Förbundet har tre fokusområden för 2024: arbete, hälsa och studier.", [True]),
    ("I tre kommuner har vi arbetat med följande insatser: A, B, C och D.", []),  # the list names the insatser
    ("De fyra kommunerna, Hedemora, Ludvika och Avesta, har samverkat.", [False]),
    ("De tre kommunerna, Hedemora, Ludvika och Avesta, har samverkat.", [True]),
    ("De tre kommunerna, i synnerhet Tierp och Enköping, har samverkat.", []),
    # … thousands grouped by dots, as Swedish print also writes them, "ytterligare" before a part, a label
    # with a shared ending ("om- och tillbyggnation") or a time ("under året") …
    ("Antalet minskade med 273, från 5.974 till 5.701.", [True]),  # once read as 0,273: a false warning
    ("Insatsen har haft 1.048 deltagare, varav 530 kvinnor och 528 män.", [False]),
    ("Av 1.048 deltagare har 524 (50 %) fått arbete.", [True]),
    ("Totalt färdigställdes 5.162 lägenheter i nyproduktion under året och ytterligare 975 lägenheter i om- och "
     "tillbyggnation, totalt 6.137 lägenheter.", [True]),
    ("Totalt färdigställdes 5.162 lägenheter i nyproduktion under året och ytterligare 875 lägenheter i om- och "
     "tillbyggnation, totalt 6.137 lägenheter.", [False]),
    # … a change in a clause of its own, after "medan", "men" or ";", where the whole sentence has more figures …
    ("Antalet sökande minskar till 27 787 (-3 %) medan antalet antagna ökar med 13 procent (13 663 jämfört med "
     "förra årets 12 066).", [True]),
    ("Antalet sökande minskar till 27 787 (-3 %) medan antalet antagna ökar med fem procent (13 663 jämfört med "
     "förra årets 12 066).", [False]),
    ("Kvinnorna ökade från 10 till 15 medan männen ökade med 20 procent.", []),  # the men's figures are not told
    # … a majority said with a dash or "stor majoritet", "nästan alla" beside a share …
    ("Det blev en stor majoritet – 70,5 procent – för förslaget.", [True]),
    ("Det blev en stor majoritet – 10,5 procent – för förslaget.", [False]),
    ("Nästan alla deltagare (95 procent) är nöjda.", [True]),
    ("Nästan alla deltagare (55 procent) är nöjda.", [False]),
    # … "dubbleras" against its "från … till …", a yearly amount over a period said in words …
    ("Finansieringen dubbleras från 60 till 120 miljoner kronor per år.", [True]),
    ("Finansieringen dubbleras från 60 till 150 miljoner kronor per år.", [False]),
    ("Paketet omfattar 525 miljoner kronor per år under en femårsperiod, totalt drygt 2,6 miljarder kronor.", [True]),
    ("Paketet omfattar 525 miljoner kronor per år under en femårsperiod, totalt drygt 3,6 miljarder kronor.", [False]),
    ("Förbundet får 20 miljoner kronor per år i tre år, sammanlagt 60 miljoner kronor.", [True]),
    ("Förbundet får 20 miljoner kronor per år i tre år, sammanlagt 80 miljoner kronor.", [False]),
    # … the share of an approximate count, which carries the count's word ("minst 31 av 135, 23 %") …
    ("Minst 31 av 135 deltagare, 23 %, har fått arbete.", [True]),
    ("Minst 31 av 185 deltagare, 23 %, har fått arbete.", [False]),
    ("Drygt 30 av 60 deltagare (52 %) har fått arbete.", [True]),
    # … a list parted by semicolons, its items long and with an "och" of their own …
    ("Förbundet har tre prioriteringar för 2025: att stärka samverkan mellan kommunerna och regionen kring unga vuxna; "
     "främja arbete och studier; och därtill en bättre uppföljning av insatserna.", [True]),
    ("Förbundet har fem prioriteringar för 2025: att stärka samverkan mellan kommunerna och regionen kring unga vuxna; "
     "främja arbete och studier; och därtill en bättre uppföljning av insatserna.", [False]),
    # … a count as a fraction of another told after it …
    ("I år deltog 41 personer, under hälften jämfört med förra året, då 97 deltog.", [True]),
    ("I år deltog 41 personer, under hälften jämfört med förra året, då 67 deltog.", [False]),
    ("I år deltog 30 personer, en tredjedel jämfört med förra året då 61 deltog.", [False]),
    # … "de N … är" names to the sentence's end …
    ("De fem kommuner som tar emot flest är Stockholm (856), Göteborg (291), Lund (149), Uppsala (146), Linköping (144).",
     [True]),
    ("De sex kommuner som tar emot flest är Stockholm (856), Göteborg (291), Lund (149), Uppsala (146), Linköping (144).",
     [False]),
    ("De fem största kommunerna är Stockholm, Göteborg och Malmö.", [False]),
    ("De två kommunerna är Tierp och Östhammar som samverkar kring unga.", []),  # the list may go on
    # … parts named by age bands, which do not overlap …
    ("Av de 40 deltagarna var 30 yngre än 25 år och 15 25 år eller äldre.", [False]),
    ("Av de 40 deltagarna var 25 under 25 år och 15 i åldern 25–30 år.", [True]),
    ("Av de 40 deltagarna var 30 under 25 år och 15 under 30 år.", []),  # the bands overlap
    ("Av de 40 deltagarna var 20 i åldern 18–24 år och 15 i åldern 25–29 år.", []),  # other ages may be left out
    # … shares of the costs each party bears …
    ("Staten bidrar med 50 % av kostnaderna, regionen bidrar med 35 % och kommunerna svarar tillsammans för 25 % "
     "av kostnaderna.", [False]),
    ("Staten bidrar med 50 % av kostnaderna, regionen bidrar med 25 % och kommunerna svarar tillsammans för 25 % "
     "av kostnaderna.", []),
    ("Kommunen står för 50 % av kostnaderna för lokaler och står för 80 % av kostnaderna för personal.", []),
    # … and where the new shapes must stay silent (round 4, tried against its own rules) …
    ("Förbundet har fem ledamöter i styrelsen från kommunerna: Tierp, Enköping och Östhammar.", []),
    ("Förbundet har fem ledamöter från kommunerna: Tierp, Enköping och Östhammar.", []),  # once a false warning
    ("De tre kommunerna, Tierp och Enköping, samverkar.", []),
    ("70 procent av medlen har gått till kommunerna och 30 procent till regionerna, och 50 procent till lön.", []),
    ("Antalet deltagare ökade med 10 procent till 120 (+10 %).", []),
    # … shares of a goal …
    ("Insatsen hade 44 deltagare av planerade 50 (88 % måluppfyllelse).", [True]),
    ("Insatsen hade 44 deltagare av planerade 50 (78 % måluppfyllelse).", [False]),
    ("Totalt har 3 200 personer nåtts, vilket motsvarar 64 % av målet på 5 000.", [True]),
    ("Totalt har 3 200 personer nåtts, vilket motsvarar 74 % av målet på 5 000.", [False]),
    ("Andelen som gått till arbete var 26 %, vilket är 52 % av målet på 50 %.", [True]),
    ("Andelen som gått till arbete var 26 %, vilket är 62 % av målet på 50 %.", [False]),
    # … a total followed by its parts …
    ("Insatsen har haft 412 deltagare; Tierp 120, Östhammar 190, Älvkarleby 102.", [True]),
    ("Insatsen har haft 412 deltagare; Tierp 120, Östhammar 190, Älvkarleby 112.", [False]),
    ("Totalt deltog 64 personer, antalet män var 30 och antalet kvinnor 34.", [True]),
    ("Totalt deltog 64 personer, antalet män var 30 och antalet kvinnor 36.", [False]),
    ("Under 2022 deltog 30 personer och under 2023 deltog 42 personer, totalt 72.", [True]),
    ("Under 2022 deltog 30 personer och under 2023 deltog 42 personer, totalt 82.", [False]),
    ("Satsningen omfattar totalt 390 miljoner kronor under åren 2024–2026, varav Vetenskapsrådet tilldelas "
     "140 miljoner kronor och Vinnova 250 miljoner kronor.", [True]),
    ("Satsningen omfattar totalt 390 miljoner kronor under åren 2024–2026, varav Vetenskapsrådet tilldelas "
     "190 miljoner kronor och Vinnova 250 miljoner kronor.", [False]),
    # … approximate parts, warned of only beyond what the approximations allow …
    ("Drygt 400 personer har deltagit, varav drygt 150 kvinnor och 300 män.", [False]),
    ("Drygt 400 personer har deltagit, varav drygt 150 kvinnor och 250 män.", []),
    ("Cirka 60 personer har deltagit, varav 24 kvinnor och 25 män.", [False]),
    # … shares that add up …
    ("Av deltagarna gick 29 % till arbete och 12 % till studier, alltså 41 % totalt.", [True]),
    ("Av deltagarna gick 29 % till arbete och 12 % till studier, alltså 45 % totalt.", [False]),
    ("Totalt 21 % har gått till arbete eller studier, där 12 % till arbete och 9 % till studier.", [True]),
    ("Totalt 21 % har gått till arbete eller studier, där 12 % till arbete och 12 % till studier.", [False]),
    ("Av kvinnorna fick 30 % arbete och av männen 25 %, totalt 28 %.", []),  # rates of two groups: no sum
    # … ratios said in words …
    ("Av de 40 deltagarna har 13 personer efter avslutad insats gått vidare till arbete, det vill säga 32,5 %.", [True]),
    ("Av de 40 deltagarna har 13 personer efter avslutad insats gått vidare till arbete, det vill säga 40 %.", [False]),
    ("120 fick enkäten och 95 svarade, en svarsfrekvens på 79 %.", [True]),
    ("120 fick enkäten och 95 svarade, en svarsfrekvens på 85 %.", [False]),
    ("Över hälften, 41 av 70, har fått arbete.", [True]),
    ("Över hälften, 31 av 70, har fått arbete.", [False]),
    ("En av fyra (26 %) menar att fler tågavgångar är viktigast.", [True]),  # a ratio in words is round
    ("Vi nådde 85 % av de 300 unga vi planerade att nå, alltså 255 personer.", [True]),
    ("Vi nådde 85 % av de 300 unga vi planerade att nå, alltså 235 personer.", [False]),
    ("Antalet deltagare var 120, en ökning med 20 personer eller 20 procent jämfört med året innan.", [True]),
    ("Antalet deltagare var 120, en ökning med 20 personer eller 25 procent jämfört med året innan.", [False]),
    ("Förbundet har fyra medlemmar: Region Uppsala, Arbetsförmedlingen, Försäkringskassan och Tierps kommun.", [True]),
    ("Förbundet har fem medlemmar: Region Uppsala, Arbetsförmedlingen, Försäkringskassan och Tierps kommun.", [False]),
    ("Styrgruppen har haft sex möten: i februari, april, juni, september och december.", []),  # when, not what
    # … and lists of counts with shares in brackets, every one against the base.
    ("Av 85 svarande var 40 mycket nöjda (47 %), 25 ganska nöjda (29 %) och 20 missnöjda (24 %).", [True, True, True]),
    ("Av 85 svarande var 40 mycket nöjda (47 %), 25 ganska nöjda (39 %) och 20 missnöjda (24 %).", [True, False, True]),
    ("Bland 85 svarande var 40 mycket nöjda (47 %), 25 ganska nöjda (29 %) och 20 missnöjda (28 %).",
     [True, True, False]),
    # … figures in words of magnitude compared in one unit, pairs told with "resp.", lists that go on …
    ("Antalet besök var 2,3 miljoner under året, en ökning med 120 000 (5 procent) jämfört med 2022.", [True]),
    ("Antalet besök var 2,3 miljoner under året, en ökning med 120 000 (9 procent) jämfört med 2022.", [False]),
    ("Intäkterna var 12,5 mkr, en ökning med 800 tkr (7 procent) jämfört med 2021.", [True]),
    ("Medelåldern bland kvinnorna är 4 år högre än bland männen (43 respektive 47 år).", [True]),
    ("Medelåldern bland kvinnorna är 8 år högre än bland männen (43 respektive 47 år).", [False]),
    ("Totalt 12 miljoner kronor: 5 miljoner kronor beslutas av de nordiska ministrarna, 3 miljoner kronor avsätts av "
     "regeringen och 4 miljoner kronor av Sida.", [True]),
    ("Totalt 12 miljoner kronor: 5 miljoner kronor till A, 3 miljoner kronor till B samt 6 miljoner kronor till C.", [False]),
    ("Förbundet fick 20 miljoner kronor 2023, varav 12 miljoner kronor till insatser och 8 miljoner kronor till "
     "administration, och 25 miljoner kronor 2024.", []),  # a list ends after its "och"; another amount follows
    ("Förbundet har 52 medlemmar, av dessa var 30 kvinnor och 25 män.", [False]),
    ("Ramen på totalt 90 miljoner kronor omfattar 50 miljoner kronor för 2024 och 45 miljoner kronor för 2025.", [False]),
    ("Förvaltningen omfattar 49 bolag; 41 helägda och 8 delägda.", [True]),
    ("Insatsen hade 60 deltagare; 40 sjukskrivna och 35 arbetslösa.", []),  # people may be both
    ("50 miljoner kronor fördelas av regeringen till regionerna i hela landet, varav 20 miljoner kronor till norr och "
     "40 miljoner kronor till söder.", [False]),
    ("Kostnaden blev 500 tkr, 50 tkr (9,1 procent) lägre än budgeterat.", [True]),
    ("Antalet var 120 (se tabell 2), en ökning med 20 personer eller 25 procent.", [False]),
    ("Vid avslut har 22% tagit sig till egen försörjning där 12 % gått till arbete & 16 % till studier.", [False]),
    ("38 % genomströmning, 271 avslut av totalt 705 deltagare under hela året.", [True]),
    ("45 % kvinnor, 30 av de 60 deltagarna har arbete.", []),  # a share of a group, not of the ratio after it
    ("Totalt cirka 130 000 platser, varav cirka 72 000 platser är inom yrkesvux och ca 83 000 är inom yrkeshögskolan.",
     [False]),
    ("Cirka 300 personer deltog, varav cirka 200 deltog i kurs och cirka 150 i praktik.", []),  # may overlap
    ("Cirka 45 deltagare, varav 20 kvinnor och 30 män.", []),
    ("Förbundet fick 1,2 miljoner kronor 2022 och 0,8 miljoner kronor 2023, sammanlagt 3 miljoner kronor.", [False]),
    ("Medel tilldelas; 652 miljoner för år 2025, 768 miljoner för år 2026 och 880 miljoner för år 2027, totalt 2,3 miljarder.",
     [True]),  # 2 300 within the rounding of 2,3 miljarder
    ("Anslaget var 40 miljoner kronor, varav 10 miljoner kronor till A och 20 miljoner kronor till B, totalt 70 miljoner "
     "kronor sedan starten.", []),
    ("Av de 60 deltagare som skrevs in under året, och som fullföljde insatsen, har 30 gått vidare till arbete eller "
     "studier, dvs. 40 procent.", [False]),
    ("Av de 60 deltagare som skrevs in, har 30 gått vidare till arbete, eller 40 procent av kvinnorna.", []),
    ("Av de 32 uppdragen bedöms 26 som färdiga, 8 som påbörjade och 1 som väntar.", [False]),
    ("5 av 12 projekt är klara, 4 pågår och 3 har inte startat.", [True]),
    ("Av de 12 projekten är 8 som rör barn och 7 som rör vuxna.", []),  # a project may concern both
    ("Av de 20 målen är 12 uppfyllda och 5 delvis uppfyllda.", []),  # the rest may be in no state named
    ("Av de 15 kommunerna är 10 klara med planen och 8 klara med rapporten.", []),  # the same state of two things
    ("Regeringen avsätter 200 miljoner kronor för 2024, varav 50 miljoner kronor till forskning, och 300 miljoner kronor "
     "för 2025.", []),  # ", och" begins a clause of its own
    ("Intäkterna var 12 miljoner kronor, 2 miljoner kronor (17 procent) högre än budgeterat.", [False]),
    ("Det finns 300 platser; 200 nya och 150 aktiva.", []),  # may overlap
    ("Det finns 300 platser; 200 ombyggda och 150 nybyggda.", [False]),
    ("Sverige bidrar med 1,2 miljarder kronor, varav 800 miljoner kronor till UNHCR och 440 miljoner kronor till WFP.",
     [True]),  # within the rounding of 1,2 miljarder
    ("Förbundet hade 2,5 mkr, varav 1 200 tkr till lön och 1 500 tkr till övrigt.", [False]),
    ("Personalkostnaderna utgjorde 78 % av budgeten, lokaler 15 % och övrigt 7 %.", [True]),
    # Numbers that are not claims.
    ("Under 2019 hade centret 6000 besök och under 2020 mer än det dubbla.", []),
    ("Av 40 deltagare hade 12 arbete vid avslut, en ökning med 8 jämfört med start.", []),  # 40 is no earlier figure
    ("Av de 60 deltagarna fick 40 arbete medan 25 saknar fortfarande stöd från vården.", []),  # overlapping groups
    ("Bland 120 deltagare hade 40 personer mer än 2 års arbetslöshet.", []),
    ("Antalet deltagare ökade från 20 till 35 på 3 månader.", []),
    ("80% av deltagarna som skrivs ut ska ha en handlingsplan.", []),
    ("Vid avslut av insatsen har 22% tagit sig till egen försörjning.", []),
    ("7 kvinnor har gått till arbete/studier och 4 män.", []),
    ("Insatsen pågick 2018-01-01 – 2021-12-31 i fyra kommuner.", []),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_claim_verdicts(sentence, expected):
    assert [v.ok for v in verdicts(sentence, RESAN_USED)] == expected


def test_there_are_enough_cases():
    assert len(CASES) >= 20 and sum(1 for _, e in CASES if False in e) >= 5


def test_used_share_claims_need_known_figures():
    assert verdicts("Av de beviljade medlen blev 97% utnyttjade.", None) == []


def test_the_explanation_names_the_arithmetic():
    (v,) = verdicts("199 har skrivits ut; 143 män och 76 kvinnor.")
    assert v.quote == "199 har skrivits ut; 143 män och 76 kvinnor"
    assert v.explanation == "143 + 76 = 219, not 199"


def test_ok_explanations_do_not_say_not():
    (v,) = verdicts("Insatsen har haft 48 deltagare, varav 30 kvinnor och 18 män.")
    assert v.ok and v.explanation == "30 + 18 = 48"


def test_approximations_are_judged_in_their_direction():
    used = Decimal("0.840")
    assert [v.ok for v in verdicts("Knappt 85 % av medlen har använts.", used)] == [True]
    assert [v.ok for v in verdicts("Knappt 85 % av medlen har använts.", Decimal("0.862"))] == [False]
    assert [v.ok for v in verdicts("Drygt 80 % av medlen har förbrukats.", used)] == [True]
    assert [v.ok for v in verdicts("Drygt 85 % av medlen har förbrukats.", used)] == [False]
    (v,) = verdicts("Knappt 85 % av medlen har använts.", Decimal("0.862"))
    assert v.explanation == ("knappt 85 %: the economy says 86,2 % of the granted funds were used, "
                             "which is above 85 %")


def test_nearest_base_in_a_varav_chain():
    (v,) = verdicts("200 anvisades, varav 150 skrevs in, varav 60 (40 %) gick till arbete.")
    assert v.ok and "60 av 150" in v.explanation


def test_breakdown_explanation():
    (v,) = verdicts("Totalt 120 deltagare: Tierp 40, Älvkarleby 35 och Östhammar 50.")
    assert not v.ok and v.explanation == "40 + 35 + 50 = 125, not 120"


def test_sentence_splitting_keeps_abbreviations_and_decimals_inside_sentences():
    """Its time is measured in bench/scaling.py (claims-dense prose, linear); here, what it splits."""
    unit = "Av de 40 deltagarna har 13 (32,5 %) gått vidare, t.ex. till arbete. Totalt 9 av 12, dvs. 75 %. "
    assert sum(1 for _ in sentences(unit * 2000)) == 2 * 2000
    assert sum(1 for _ in sentences(unit * 8000)) == 4 * sum(1 for _ in sentences(unit * 2000))


def test_a_long_list_is_not_a_breakdown():
    """Twenty places add up (or not) to their total; forty are a list, read once, and the
    breakdown after it in the same sentence is still judged."""
    places = ", ".join(f"Ort{i} {i}" for i in range(40))
    (v,) = verdicts(f"Totalt 900 deltagare: {places}, och därefter 48 deltagare, varav 30 kvinnor och 20 män.")
    assert not v.ok and v.explanation == "30 + 20 = 50, not 48"
    (v,) = verdicts("Totalt 120 deltagare: " + ", ".join(f"Ort{i} {i}" for i in range(20)) + ".")
    assert not v.ok and v.explanation.endswith("= 190, not 120")


def test_a_long_list_of_shares_is_no_sum():
    """Three shares add up to the one after "alltså … totalt"; forty are a list, read once, not a sum."""
    def sentence(n, total):
        shares = " och ".join(f"{i % 9 + 1} % till grupp{i}" for i in range(n))
        return f"Av deltagarna gick {shares}, alltså {total} % totalt."
    (v,) = verdicts(sentence(3, 6))
    assert v.ok and v.explanation == "1 + 2 + 3 = 6 %"
    (v,) = verdicts(sentence(3, 8))
    assert not v.ok and v.explanation == "1 + 2 + 3 = 6 %, not 8 %"
    assert verdicts(sentence(40, 41)) == []


def test_a_number_is_never_read_from_inside_a_longer_one():
    assert verdicts("1" * 3000 + "0 av 20 (50 %)") == []
    assert verdicts("Av de 20 deltagarna har " + "1" * 3000 + " (50 %) gått vidare.") == []
    (v,) = verdicts("Av de 20 deltagarna har 10 (50 %) gått vidare.")
    assert v.ok


def test_warnings_in_a_long_answer_have_their_own_lines(tmp_path):
    from conftest import run_cli

    lines = [f"Rad {i} utan siffror." for i in range(2000)]
    wrong = {500: "Av de 40 deltagarna har 13 (40 %) gått vidare.", 1999: "48 deltagare, varav 30 kvinnor och 20 män."}
    for i, sentence in wrong.items():
        lines[i] = sentence
    source = tmp_path / "lång.yaml"
    source.write_text("namn: Lång\nförbund: uppsala\ninsatsägare: Tierps kommun\nsyfte: |\n"
                      + "".join(f"  {line}\n\n" for line in lines), encoding="utf-8")
    result = run_cli("check", source)
    reported = [int(line.split(":")[1]) for line in result.err.splitlines() if ": warning: " in line]
    assert reported == [5 + 2 * i for i in wrong]  # the text begins on line 5, one blank line between


# ---------------------------------------------------------------------------- the corpus

def _corpus(path=CORPUS_FILE):
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["sentence"], Decimal(r["used_share"]) if r["used_share"] else None, r["expected"], r["class"])
                for r in csv.DictReader(f, delimiter="\t")]


def _current(path=PROSE_FILE):
    """What the checker says today where it differs from the expected verdicts."""
    with path.open(encoding="utf-8", newline="") as f:
        return {r["sentence"]: ("" if r["current"] == "-" else r["current"])
                for r in csv.DictReader(f, delimiter="\t") if r["current"]}


OLD_CORPUS = _corpus()
PROSE = _corpus(PROSE_FILE)
PUBLISHED = _corpus(PUBLISHED_FILE)
CORPUS = OLD_CORPUS + PROSE + PUBLISHED
CURRENT = {**_current(), **_current(PUBLISHED_FILE)}


def _got(sentence, used):
    return "".join("T" if v.ok else "F" for v in verdicts(sentence, used))


@pytest.mark.parametrize("sentence,used,expected,cls", CORPUS, ids=[f"{c[3]}:{c[0][:40]}" for c in CORPUS])
def test_corpus_verdicts(sentence, used, expected, cls):
    assert _got(sentence, used) == CURRENT.get(sentence, expected)


def test_known_shortfalls_are_not_false_warnings():
    """A recorded shortfall may miss a claim, never warn where the reviewer sees nothing wrong."""
    for sentence, _, expected, _ in PROSE + PUBLISHED:
        if sentence in CURRENT:
            current = CURRENT[sentence]
            assert all(c != "F" or e == "F" for c, e in zip(current, expected)) and \
                current.count("F") <= expected.count("F"), sentence


def test_the_corpus_is_broad_enough():
    classes_with_errors = {c for _, _, e, c in CORPUS if "F" in e}
    assert len(CORPUS) >= 150
    assert sum(1 for _, _, e, _ in CORPUS if "F" in e) >= 50
    assert sum(1 for _, _, e, _ in CORPUS if "F" not in e) >= 0.4 * len(CORPUS)
    assert sum(1 for _, _, e, c in CORPUS if c == "silent" and e == "") >= 30
    assert {"breakdown", "approx", "number_word", "fraction", "link", "varav_chain", "goal",
            "economy"} <= classes_with_errors


def precision_recall(corpus=CORPUS):
    """Warnings (ok=False) against the corpus: a true positive warns where an F is expected."""
    tp = fp = fn = 0
    for sentence, used, expected, _ in corpus:
        got = _got(sentence, used)
        expected_f = "F" in expected
        warned = "F" in got
        if warned and expected_f and any(g == e == "F" for g, e in zip(got, expected)):
            tp += 1
        elif warned:
            fp += 1
        elif expected_f:
            fn += 1
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1), tp, fp, fn


def test_precision_and_recall():
    precision, recall, *_ = precision_recall(OLD_CORPUS)
    assert precision >= 0.95 and recall >= 0.80
    precision, recall, *_ = precision_recall(PROSE)
    assert precision >= PROSE_PRECISION and recall >= PROSE_RECALL
    precision, recall, *_ = precision_recall(PUBLISHED)
    assert precision >= PUBLISHED_PRECISION and recall >= PUBLISHED_RECALL


#: Measured on the prose and the published sentences; raised as the checker improves.
PROSE_PRECISION, PROSE_RECALL = 1.0, 0.98
PUBLISHED_PRECISION, PUBLISHED_RECALL = 1.0, 0.965


def test_a_long_run_of_spaces_is_read_through():
    """Indented or pasted text holds long runs of spaces; its claims are still read (their time,
    once cubic in the run's length: 22 s for 1 000 spaces, is now linear)."""
    (v,) = verdicts("Totalt 48 deltagare," + " " * 3000 + "varav 30 kvinnor och 20 män.")
    assert not v.ok and v.explanation == "30 + 20 = 50, not 48"
    assert verdicts("Totalt 48" + " " * 3000 + "x") == []


#: A second set of published sentences the rules were not written beside (scored once, after
#: round 2 of the rules): its measured figures are the floor, and the next round learns from it.
HELDOUT2 = _corpus(Path(__file__).parent / "data" / "claims" / "heldout2.tsv")


def test_the_second_held_out_set_keeps_its_measured_floor():
    precision, recall, *_ = precision_recall(HELDOUT2)
    assert precision >= 1.0 and recall >= 0.84  # 0.94/0.34 when scored held out; 1.00/0.84 after round 3 learnt from it, 0.85 after round 4


#: A third set, collected by a helper who wrote no rules and scored once after round 3
#: (342 sentences from 161 published documents: precision 0.97, recall 0.36); its figures are
#: the floor, and the next round learns from it.
HELDOUT3 = _corpus(Path(__file__).parent / "data" / "claims" / "heldout3.tsv")


def test_the_third_held_out_set_keeps_its_measured_floor():
    precision, recall, *_ = precision_recall(HELDOUT3)
    assert precision >= 1.0 and recall >= 0.80


#: The fourth held-out set, collected by a helper who wrote no rules and never ran the checker
#: (201 sentences from 100 published documents), scored once after round 4 and the gate:
#: precision 0.97, recall 0.76 (main before round 4: 0.96/0.68). Its figures are the floor.
HELDOUT4 = _corpus(Path(__file__).parent / "data" / "claims" / "heldout4.tsv")


def test_the_fourth_held_out_set_keeps_its_measured_floor():
    precision, recall, *_ = precision_recall(HELDOUT4)
    assert precision >= 0.96 and recall >= 0.75
