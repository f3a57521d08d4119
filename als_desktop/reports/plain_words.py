"""Plain words for the patient's and family's copy of the care plan.

Who will do it ("Your dietitian"), what each prompt means for the patient (one sentence per
rule of clinical.rules.RULES, never the rule's code or its severity), friendlier names for
what was measured, and a short explanation of every abbreviation the copy still uses.

The sentences say what will happen, not a clinical threshold: the numbers stay on the team's
copy. They follow on from the person doing it: "Your dietitian" + " will talk with you …".
Pure Python (no reportlab), so they are tested and reviewed as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from als_desktop.clinical.rules_common import shown_date
from als_desktop.domain import vocab

# vocab.DISCIPLINE code -> who, as the patient knows them.
WHO: dict[str, str] = {
    "neurology": "Your neurologist",
    "slp": "Your speech and language therapist",
    "nutrition": "Your dietitian",
    "pulmonary": "Your breathing (respiratory) team",
    "palliative": "Your palliative care team",
    "gastroenterology": "Your stomach and bowel doctor (gastroenterologist)",
    "physiotherapy": "Your physiotherapist",
    "occupational_therapy": "Your occupational therapist",
    "social_work": "Your social worker",
    "psychology": "Your psychologist",
    "nursing": "Your clinic nurse",
}
ANYONE = "Your care team"

_BREATHING_MACHINE = "a machine that helps your breathing through a mask (non-invasive ventilation, NIV)"
_WHEN_READY = "would like to talk with you, when you are ready, about"

# The advance care planning conversations, by vocab.ACP_TOPIC code: one sentence for all those
# still to have (the PAL-ACP card lists them as its values, labelled with vocab.ACP_TOPIC).
PLANNING_RULE = "PAL-ACP"
PLANNING_TOPICS: dict[str, str] = {
    "resuscitation": "your wishes if your heart or breathing were to stop (resuscitation)",
    "ventilatory_support": (
        "your wishes for help with breathing in the future, such as a breathing machine or a tube "
        "in the neck (tracheostomy)"
    ),
    "nutrition_hydration": "your wishes for food and fluids in the future, for example through a feeding tube",
    "place_of_death": "where you would like to be cared for towards the end of life",
}


def planning_topics(values: tuple[tuple[str, str], ...]) -> list[str]:
    """The plain topics of a PAL-ACP card, from its values (labelled with vocab.ACP_TOPIC)."""
    by_label = {vocab.ACP_TOPIC[code]: words for code, words in PLANNING_TOPICS.items()}
    return [by_label[label] for label, _ in values if label in by_label]


# rules.RULES rule_id -> what happens next, following on from WHO (tests check every rule has one).
RULE_SENTENCES: dict[str, str] = {
    "NEU-RILUZOLE-ALT-DUE": (
        "will arrange your next liver blood test. Riluzole, one of your medicines, needs regular "
        "blood tests to check that it is not affecting your liver."
    ),
    "NEU-RILUZOLE-ALT-OVERDUE": (
        "will arrange a liver blood test, which is now later than planned. Riluzole, one of your "
        "medicines, needs regular blood tests to check your liver."
    ),
    "NEU-RILUZOLE-ALT-STOP": (
        "will contact you about your latest liver blood test and what it means for your riluzole treatment."
    ),
    "NEU-EDARAVONE-CYCLE": "will plan your next course of edaravone treatment with you.",
    "NEU-TOFERSEN-DOSE": (
        "will give your next dose of tofersen, the medicine given as an injection into the fluid "
        "around the spine in the lower back."
    ),
    "NEU-TOFERSEN-OVERDUE": "will arrange your next dose of tofersen, which is now later than planned.",
    "NEU-TOFERSEN-SOD1": "will check with you the genetic test result that tofersen treatment depends on.",
    # One card for every NIV criterion (symptoms, breathing tests): the sentence names neither.
    "RESP-NIV-NICE": f"will talk with you about your breathing and about {_BREATHING_MACHINE}.",
    "RESP-NIV-DECLINED": f"has noted your decision about {_BREATHING_MACHINE}.",
    "RESP-TRACHEOSTOMY-DISCUSS": (
        f"{_WHEN_READY} longer-term choices for help with breathing, including breathing support "
        "through a tube in the neck (tracheostomy)."
    ),
    "RESP-COUGH-ASSIST": "will talk with you about a machine that helps you cough and clear your chest (a cough assist machine).",
    "RESP-COUGH-INEFFECTIVE": (
        "will see you soon about your cough, which is too weak to clear your chest well, and about "
        "help to cough, such as chest physiotherapy and a cough assist machine."
    ),
    "RESP-BLOOD-GAS": (
        "will arrange a blood test from an artery (usually at the wrist) to check the oxygen and "
        "carbon dioxide in your blood."
    ),
    "RESP-PACO2-SPECIALIST": (
        "will arrange for you to see a breathing specialist within one week, because a recent blood "
        "test showed a raised level of carbon dioxide in your blood."
    ),
    "RESP-TESTS-DUE": (
        "will repeat your breathing tests, which show how much air you can blow out and how strong your breathing muscles are."
    ),
    "NUT-GASTROSTOMY-10PC": (
        "will talk with you about a feeding tube placed into the stomach (gastrostomy), because you have lost weight."
    ),
    "NUT-WEIGHT-EARLY": (
        "will talk with you about your weight and ways to eat and drink enough, because you have lost some weight."
    ),
    "NUT-BMI-UNDERWEIGHT": (
        "will talk with you about your weight, which is low for your height, and ways to eat and drink enough."
    ),
    "NUT-GASTROSTOMY-DECLINED": "has noted your decision about a feeding tube placed into the stomach (gastrostomy).",
    "NUT-GASTROSTOMY-TIMING": (
        "would like to talk with you about a feeding tube placed into the stomach (gastrostomy). It "
        "is safest to plan this while your breathing is still strong, even if you do not need it yet."
    ),
    "SLP-AAC-PLANNING": (
        "will talk with you about ways to support your communication, including recording your own "
        "voice and favourite phrases now so they can be used later (voice and message banking)."
    ),
    "SLP-AAC-DEVICE": "will assess you for a communication aid, such as a tablet or device that speaks for you.",
    "SLP-SPEAKING-RATE": (
        "will check your speech, because it is slower than the pace at which speech stays easy to understand, and talk with you about ways to support your communication."
    ),
    "PAL-REFERRAL": (
        "would like to meet you. They help with comfort, symptoms and quality of life at every "
        "stage of the illness, not only near the end of life."
    ),
    PLANNING_RULE: f"{_WHEN_READY} your wishes for your care in the future.",
    "PAL-CAREGIVER-SUPPORT": "would like to offer support to your family and the people who look after you.",
    # A decline the patient made, kept in view by the team (team copy only: TEAM_ONLY_RULES).
    "RESP-TRACHEOSTOMY-DISCUSS-DECLINED": "has noted your decision about talking about breathing support through a tube in the neck.",
    "RESP-COUGH-ASSIST-DECLINED": "has noted your decision about a cough assist machine.",
    "NUT-WEIGHT-EARLY-DECLINED": "has noted your decision about nutritional supplement drinks.",
    "SLP-AAC-PLANNING-DECLINED": "has noted your decision about planning ways to support your communication.",
    "SLP-AAC-DEVICE-DECLINED": "has noted your decision about a communication aid.",
    "SLP-SPEAKING-RATE-DECLINED": "has noted your decision about planning ways to support your communication.",
    "PAL-REFERRAL-DECLINED": "has noted your decision about a referral to their team.",
}

# Prompts that inform the team rather than say what happens next: not on the family copy.
# Information for the team, not a step for the family: a declined decision (a fact the team keeps
# in view), the tofersen label check, and the diagnostic delay (a fact of the disease summary,
# a prompt in earlier versions).
TEAM_ONLY_RULES = frozenset({"NEU-DIAGNOSTIC-DELAY", "NEU-TOFERSEN-SOD1", "RESP-NIV-DECLINED",
                             "NUT-GASTROSTOMY-DECLINED"}) | frozenset(
    rule_id for rule_id in RULE_SENTENCES if rule_id.endswith("-DECLINED"))

# A recorded status saying some care is not needed, printed beside a plan whose prompts or team
# actions are about that very care, would contradict the plan ("NIV: Not indicated" beside "the
# team will talk with you about NIV"): the family copy says what the team will do instead.
TALK_ABOUT_IT = "The team will talk with you about it"


@dataclass(frozen=True)
class CareTopic:
    not_needed: frozenset[str]  # the vocabulary labels that say the care is not needed
    rule_ids: frozenset[str]  # prompts (or actions made from them) that plan, start or assess it
    words: tuple[str, ...]  # words that name it in an action the team wrote


CARE_TOPICS: dict[str, CareTopic] = {  # by the lower-case label the team's copy uses
    "niv status": CareTopic(
        frozenset({vocab.NIV_STATUS["not_indicated"]}),
        frozenset({"RESP-NIV-NICE", "RESP-NIV-SYMPTOMS", "RESP-NIV-CMS", "RESP-NIV-BULBAR"}),
        ("NIV", "non-invasive ventilation", "breathing machine", "BiPAP"),
    ),
    "aac status": CareTopic(
        frozenset({vocab.AAC_STATUS["not_needed"]}),
        frozenset({"SLP-AAC-PLANNING", "SLP-AAC-DEVICE", "SLP-SPEAKING-RATE"}),
        ("AAC", "communication aid", "voice banking", "message banking"),
    ),
}


def _names(description: str, words: tuple[str, ...]) -> bool:
    for word in words:
        flags = 0 if word.isupper() else re.IGNORECASE  # "NIV" as a word; phrases in any case
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", description, flags):
            return True
    return False


def agreeing_value(label: str, value: str, planned: list[tuple[str | None, str]]) -> str:
    """`value` of the finding `label`, unless it says the care is not needed while the plan has a
    prompt or action about it; `planned` holds each action's (rule id, description), the
    description only for an action the team wrote (a prompt is known by its rule)."""
    topic = CARE_TOPICS.get(label.strip().lower())
    if topic is None or value not in topic.not_needed:
        return value
    if any(rule_id in topic.rule_ids or _names(description, topic.words) for rule_id, description in planned):
        return TALK_ABOUT_IT
    return value

# What was measured, in the patient's words, by the label the team's copy uses (compared
# without regard to case). A label not here is shown as recorded, and the glossary at the end
# of the copy explains its abbreviations.
PLAIN_LABELS: dict[str, str] = {
    "alsfrs-r total": "Everyday abilities score (ALSFRS-R)",
    "alsfrs-r bulbar": "Speech and swallowing part of the score",
    "alsfrs-r fine motor": "Hands part of the score",
    "alsfrs-r gross motor": "Walking and moving part of the score",
    "alsfrs-r respiratory": "Breathing part of the score",
    "speech intelligibility": "How easily your speech is understood",
    "speaking rate": "Speed of your speech",
    "aac status": "Communication aids (AAC)",
    "voice / message banking": "Voice and message banking (recording your voice)",
    "eat-10 score": "Swallowing questionnaire (EAT-10)",
    "iddsi drinks": "How thick your drinks should be (IDDSI level)",
    "iddsi foods": "How soft your food should be (IDDSI level)",
    "chin-tuck posture": "Chin down when swallowing",
    "other strategies": "Other swallowing tips",
    "weight": "Weight",
    "bmi": "Weight for your height (BMI)",
    "weight change": "Weight change",
    "weight loss": "Weight lost",
    "gastrostomy status": "Feeding tube (gastrostomy)",
    "oral supplements (ons)": "Nutrition drinks",
    "texture advice": "Food texture advice",
    "fvc sitting": "Breathing test sitting up (FVC)",
    "fvc supine": "Breathing test lying down (FVC)",
    "snip": "Breathing muscle strength, sniff test (SNIP)",
    "mip": "Breathing muscle strength, breathing in (MIP)",
    "peak cough flow": "Strength of your cough (peak cough flow)",
    "spo₂ (awake)": "Oxygen level in your blood (SpO₂)",
    "overnight spo₂ ≤ 88 %": "Time with low oxygen overnight (SpO₂ 88 % or less)",
    "co₂": "Carbon dioxide level in your blood",
    "respiratory symptoms": "Breathing symptoms",
    "niv status": "Breathing machine (NIV)",
    "tracheostomy discussed": "Talked about a breathing tube in the neck (tracheostomy)",
    "referred to palliative care": "Referred to the palliative care team",
    "pain": "Pain",
    "spasticity": "Muscle stiffness",
    "mood": "Low mood",
    "sleep": "Sleep problems",
    "secretions": "Saliva and phlegm",
    "caregiver support offered": "Support for your family and carers offered",
    "caregiver support": "Support for your family and carers",
}

def who(discipline: str) -> str:
    return WHO.get(discipline, ANYONE)


def plain_label(label: str) -> str:
    return PLAIN_LABELS.get(label.strip().lower(), label)


# Clinical words inside recorded values and medicine routes, replaced in this order (whole
# words only, so "oral" is not replaced inside "Oral supplements" as a label).
_PLAIN_VALUES: tuple[tuple[str, str], ...] = (
    ("premorbid (usual) weight", "usual weight before the illness"),
    ("premorbid weight", "usual weight before the illness"),
    ("premorbid", "usual weight before the illness"),
    ("% predicted", "% of the expected value"),
    ("against", "compared with"),
    ("Dyspnoea on exertion", "Breathless when active"),
    ("dyspnoea on exertion", "breathless when active"),
    ("Orthopnoea", "Breathless lying flat"),
    ("orthopnoea", "breathless lying flat"),
    ("oral", "by mouth"),
    ("intravenous", "into a vein (intravenous)"),
    ("intrathecal", "injection into the fluid around the spine (intrathecal)"),
    ("subcutaneous", "injection under the skin"),
    ("transdermal", "skin patch"),
    ("sublingual", "under the tongue"),
)


def plain_value(value: str) -> str:
    """A recorded value with the team's words replaced: '11 % against premorbid 70 kg' ->
    '11 % compared with usual weight before the illness 70 kg'; '50 mg, oral' -> '50 mg, by mouth'."""
    for word, plain in _PLAIN_VALUES:
        value = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", plain, value)
    return value


def next_step(discipline: str, rule_id: str | None, description: str) -> str:
    """A prompt's plain sentence ("Your dietitian will …"), or a clinician's action as written."""
    sentence = RULE_SENTENCES.get(rule_id or "")
    if sentence is None:
        return description
    return f"{who(discipline)} {sentence}"


def planning_sentence(topics: list[str]) -> str:
    """Several advance care planning topics as one sentence after WHO."""
    if len(topics) == 1:
        return f"{_WHEN_READY} {topics[0]}."
    return f"{_WHEN_READY}: {'; '.join(topics[:-1])}; and {topics[-1]}."


def when(due_on: date | None, today: date) -> str:
    """When it will happen, without urgency words: the team explains the reason in person."""
    if due_on is None:
        return "We will agree a time with you"
    if due_on <= today:
        return "As soon as it can be arranged"
    return f"By {shown_date(due_on)}"


# Every abbreviation or technical word the family copy may still carry, explained once at the
# end of the copy when it appears in it.
GLOSSARY: dict[str, str] = {
    "ALS": "amyotrophic lateral sclerosis, also called motor neurone disease (MND).",
    "ALSFRS-R": (
        "a score of everyday abilities such as speech, swallowing, using your hands, walking and "
        "breathing. 48 is the highest score."
    ),
    "FVC": (
        "forced vital capacity: how much air you can blow out after a deep breath, shown as a "
        "percentage of what is expected for someone of your age, height and sex (% predicted)."
    ),
    "SNIP": "sniff nasal inspiratory pressure: how strong your breathing muscles are, measured with a quick sniff.",
    "MIP": "maximal inspiratory pressure: how strongly you can breathe in.",
    "SpO₂": "the oxygen level in your blood, measured with a clip on your finger.",
    "PaCO₂": "the level of carbon dioxide in your blood, measured with a blood sample from an artery.",
    "NIV": "non-invasive ventilation: a machine that helps you breathe through a mask, often at night.",
    "BMI": "body mass index: your weight compared with your height.",
    "ALT": "a liver blood test.",
    "IV": "intravenous: into a vein, through a drip.",
    "ULN": "upper limit of normal: the highest result usual for a healthy person.",
    "PEG": "a feeding tube placed into the stomach through the skin, using a camera (endoscope).",
    "RIG": "a feeding tube placed into the stomach through the skin, using X-ray pictures.",
    "AAC": (
        "augmentative and alternative communication: ways to communicate other than speech, such "
        "as a letter board, a tablet or a device that speaks for you."
    ),
    "MI-E": "mechanical insufflation-exsufflation: a cough assist machine.",
    "ΔFRS": "how fast the everyday abilities score has been going down each month.",
    "King's stage": (
        "how many areas of the body are affected (speech and swallowing, arms, legs): stages 1 to "
        "3; stage 4 when a feeding tube or breathing support is needed."
    ),
    "MiToS stage": (
        "a stage from 0 to 4 counting the everyday functions (moving, swallowing, communicating, "
        "breathing) that now need help."
    ),
    "IDDSI": "International Dysphagia Diet Standardisation Initiative: levels for how thick drinks and how soft foods should be.",
    "EAT-10": "a 10-question swallowing questionnaire; a higher score means more difficulty.",
    "MRN": "medical record number: your number in the clinic's records.",
    "kg": "kilograms.",
    "kg/m²": "kilograms per square metre, the unit of BMI.",
    "cmH₂O": "centimetres of water, a unit of pressure.",
    "mmHg": "millimetres of mercury, a unit of pressure.",
    "kPa": "kilopascals, a unit of pressure.",
    "L/min": "litres per minute.",
    "U/L": "units per litre.",
}


def glossary_for(text: str) -> list[tuple[str, str]]:
    """The GLOSSARY entries whose word appears in `text`, in the glossary's order."""
    found = []
    for word, meaning in GLOSSARY.items():
        # A word on its own: "ALS" in "ALS clinic" but not inside "ALSFRS-R" or "DETAILS".
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            found.append((word, meaning))
    return found
