"""The prose claim checker: the seeds' own sentences and more, with the verdicts a careful reader gives."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.claims import verdicts

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
    ("Sammanlagt deltog 12 personer: 5 män, 6 kvinnor och 1 person som inte angett kön.", []),
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
    # Numbers that are not claims.
    ("Under 2019 hade centret 6000 besök och under 2020 mer än det dubbla.", []),
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
